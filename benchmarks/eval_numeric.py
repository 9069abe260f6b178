"""Accuracy of numeric-formulation (数字提法) detection on a hand-annotated held-out sample.

Usage::

    .venv/bin/python benchmarks/eval_numeric.py [--half A|B|AB] [--errors]

``benchmarks/numeric_heldout.json`` lists, for 66 documents of ``../shared/corpus`` drawn at
random (see ``docs/numeric_accuracy.md``), every numeric formulation occurrence judged by hand:
path, ``start``/``end`` in the decoded source file (before cleaning), canonical ``term`` and a
context of at most 20 characters. The documents themselves are not shipped; without
``../shared/corpus`` the script prints ``skipped`` and exits 0.

Each half is run as one corpus through :func:`policytext.extract.slogans.slogans` with the
built-in lexicon (so ``learn_quoted`` sees the whole half), keeping rows with ``numeric`` true.
Reported spans are mapped back to source offsets with :meth:`Document.source_offset`.

- **recall**: gold occurrences overlapped by a reported occurrence (one-to-one, in text order);
- **precision**: reported occurrences that overlap a gold occurrence (one-to-one);
- **exact counts**: over every (document, term) pair in the gold or the output, the share whose
  count in the output equals the gold count (terms compared after :func:`canonical_form`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "numeric_heldout.json"


def _predict(entries: list[dict]) -> dict[str, list[tuple[int, int, str]]]:
    from policytext.corpus import Corpus, Document
    from policytext.extract.slogans import slogans

    docs = []
    for e in entries:
        raw = (SHARED / "corpus" / e["path"]).read_text(encoding="utf-8")
        docs.append(Document.from_text(raw, doc_id=e["path"]))
    by_id = {d.doc_id: d for d in docs}
    df = slogans(Corpus(docs))
    df = df[df["numeric"]]
    out: dict[str, list[tuple[int, int, str]]] = {e["path"]: [] for e in entries}
    for r in df.itertuples():
        d = by_id[r.doc_id]
        s, e = d.source_offset(r.start), d.source_offset(r.end - 1) + 1
        out[r.doc_id].append((s, e, r.term))
    return out


def _match(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]):
    """One-to-one overlap matching; returns matched gold and pred indices."""
    used: set[int] = set()
    mg: set[int] = set()
    for i, (gs, ge, _) in enumerate(gold):
        for j, (ps, pe, _) in enumerate(pred):
            if j not in used and ps < ge and gs < pe:
                used.add(j)
                mg.add(i)
                break
    return mg, used


def evaluate(entries: list[dict], *, errors: bool = False) -> dict[str, float]:
    from policytext.extract.slogans import canonical_form

    pred = _predict(entries)
    n_gold = n_pred = tp_gold = tp_pred = 0
    pairs_ok = pairs = 0
    for e in entries:
        gold = sorted((o["start"], o["end"], canonical_form(o["term"])) for o in e["occurrences"])
        p = sorted(pred[e["path"]])
        mg, mp = _match(gold, p)
        n_gold += len(gold)
        n_pred += len(p)
        tp_gold += len(mg)
        tp_pred += len(mp)
        gc = Counter(t for _, _, t in gold)
        pc = Counter(canonical_form(t) for _, _, t in p)
        for t in set(gc) | set(pc):
            pairs += 1
            pairs_ok += gc[t] == pc[t]
            if errors and gc[t] != pc[t]:
                print(f"  count  {e['path'][-24:]:>24}  {t}: gold {gc[t]} got {pc[t]}")
        if errors:
            for i, g in enumerate(gold):
                if i not in mg:
                    print(f"  miss   {e['path'][-24:]:>24}  {g[2]} @{g[0]}")
            for j, q in enumerate(p):
                if j not in mp:
                    print(f"  false  {e['path'][-24:]:>24}  {q[2]} @{q[0]}")
    return {
        "docs": len(entries),
        "gold": n_gold,
        "reported": n_pred,
        "recall": tp_gold / n_gold if n_gold else 1.0,
        "precision": tp_pred / n_pred if n_pred else 1.0,
        "exact_counts": pairs_ok / pairs if pairs else 1.0,
        "pairs": pairs,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", default="AB", choices=["A", "B", "AB"])
    ap.add_argument("--errors", action="store_true", help="list misses, false hits, bad counts")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus").is_dir():
        print("skipped: ../shared/corpus not found (the held-out documents are not shipped)")
        return 0
    data = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    for half in args.half:
        entries = [e for e in data if e["half"] == half]
        r = evaluate(entries, errors=args.errors)
        print(
            f"half {half}: {r['docs']} docs, gold {r['gold']}, reported {r['reported']}, "
            f"recall {r['recall']:.3f}, precision {r['precision']:.3f}, "
            f"exact counts {r['exact_counts']:.3f} ({r['pairs']} doc×term pairs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
