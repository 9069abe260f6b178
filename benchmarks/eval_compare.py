"""Accuracy of compare() and reuse() on synthetic edits of real documents, beside a difflib baseline.

Usage::

    .venv/bin/python benchmarks/eval_compare.py [--tune] [--docs N] [--targets N] [--seed S]

Without ``--tune`` the documents come from ``../shared/corpus`` folders the thresholds were
*not* chosen on: congress reports, plenum communiqués, policy documents and People's Daily
1990. ``--tune`` runs the same on the bundled work reports (``data/gov_work_reports``), the
set the thresholds of :mod:`policytext.extract.align` were chosen on. Without
``../shared/corpus`` the held-out run prints ``skipped`` and exits 0.

**compare.** Each document (cleaned, cut into paragraphs and sentences by
:mod:`policytext.segment`) gets, at random places that do not overlap: 2 sentences removed,
2 added (from a document of another folder), 3 changed by one word (a 2-character span
replaced), 2 changed by a number (not a list marker such as 4.; a word when the document has
none), 1 sentence moved
to a paragraph at least 5 paragraphs away, 1 paragraph moved at least 5 paragraphs away,
1 paragraph removed and 1 added. Old and new texts are both rebuilt from the pieces, so every
sentence's span is known on both sides.

- *edit recall*: an edit is found when every sentence it touches has a sentence row with the
  right ``change`` (a moved paragraph: all its sentences ``moved``);
- *precision*: non-kept sentence rows whose span is a sentence an edit touched (on the row's
  side); *strict*: the row's ``change`` is also the edit's;
- *paragraph recall*: paragraph edits found as one paragraph row with the right change.

**reuse.** About a hundred candidate sources (policy documents, congress reports, plenum
communiqués, NPC resolutions). Each target copies 40–80 % of the paragraphs of one source
(a third also a run of paragraphs of a second source), replaces 国家→省, 全国→全省,
国务院→省政府, 各地区→各市, drops a clause from one sentence in six, inserts 我省/结合本地实际
into one in six and adds local sentences and paragraphs (People's Daily 1963 text, which no
source holds). Every character of a target is labelled with the source it came from, or local.

- *recall*: copied characters (whitespace not counted) that a passage covers and attributes to
  the right source; *precision*: characters passages cover that were copied from the source
  they name; *best source*: targets whose ``best_source`` is the main source.

The **difflib baseline** is the hand-written script this replaces: compare = SequenceMatcher
over the two lists of sentences (a ``replace`` block pairs sentences as changed, the rest
removed/added; no moves); reuse = the source with the best ``quick_ratio`` on the text, then
each target sentence copied when ``difflib.get_close_matches`` finds a source sentence with
ratio ≥ 0.6.
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

WORDS = ["推进", "加强", "完善", "深化", "健全", "提升", "扎实", "全面", "统筹", "落实",
         "优化", "强化", "巩固", "拓展", "持续", "稳步", "大力", "积极", "有序", "切实"]
LOCAL_PHRASES = ["我省", "结合本地实际", "全省各地", "按照省委部署"]
SUBSTITUTIONS = [("国务院", "省政府"), ("全国", "全省"), ("国家", "省"), ("各地区", "各市")]
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WS = re.compile(r"\s+")
_CLOSED = re.compile(r"[。！？!?；;][”’」』）)]*$")


def _closed(p) -> bool:
    """Every sentence ends with its punctuation: a sentence put in or next to it stays apart."""
    return all(_CLOSED.search(s.text if isinstance(s, Sent) else s) for s in p)


# ------------------------------------------------------------------------------------------
# documents
# ------------------------------------------------------------------------------------------
def _read(path: Path):
    from policytext.io import read

    return read(path)


def _structure(text: str) -> list[list[str]]:
    from policytext.segment import paragraphs, sentences

    return [[s.text for s in sentences(p.text)] for p in paragraphs(text)]


def held_out_paths(rng: random.Random, n: int) -> list[Path]:
    groups = [sorted((CORPUS / "congress_reports").glob("*.txt")),
              sorted((CORPUS / "plenum_communiques").glob("*.txt")),
              sorted((CORPUS / "policy_docs" / "central").glob("*.txt"))
              + sorted((CORPUS / "policy_docs" / "shandong").glob("*.txt")),
              sorted((CORPUS / "peoples_daily" / "year1990").glob("*.md"))]
    out: list[Path] = []
    per = max(1, n // len(groups))
    for g in groups:
        good = [p for p in g if p.stat().st_size > 6000]
        out += rng.sample(good, min(per, len(good)))
    return out


def tune_paths(rng: random.Random, n: int) -> list[Path]:
    paths = sorted((ROOT / "data" / "gov_work_reports").glob("*.txt"))
    return rng.sample(paths, min(n, len(paths)))


# ------------------------------------------------------------------------------------------
# compare: synthetic edits
# ------------------------------------------------------------------------------------------
@dataclass
class Sent:
    text: str
    origin: int | None  # id of the old sentence it comes from (None: added)
    sid: int = -1


@dataclass
class Edit:
    kind: str  # removed added changed moved
    level: str  # sentence paragraph
    old_ids: list[int] = field(default_factory=list)  # old sentence ids touched
    new_ids: list[int] = field(default_factory=list)  # new sentence ids touched


def _change_word(s: str, rng: random.Random, number: bool) -> str | None:
    if number:
        # not a list marker (4. → 8. is renumbering, which compare reports as kept)
        ms = [m for m in _DIGITS.finditer(s) if not (m.start() == 0 and s[m.end():m.end() + 1] in ".、．")]
        if ms:
            m = rng.choice(ms)
            val = m.group()
            new = str(int(float(val)) + rng.randint(1, 9)) if "." not in val else f"{float(val) + 0.5:.1f}"
            return s[:m.start()] + new + s[m.end():]
    spots = [i for i in range(2, len(s) - 3) if re.fullmatch(r"[\u4e00-\u9fff]{2}", s[i:i + 2])]
    if not spots:
        return None
    i = rng.choice(spots)
    word = rng.choice([w for w in WORDS if w != s[i:i + 2]])
    return s[:i] + word + s[i + 2:]


def make_pair(paras: list[list[str]], donor: list[list[str]], rng: random.Random):
    """(old paragraphs, new paragraphs of Sent, edits) for one document."""
    old = [[Sent(t, None) for t in p] for p in paras]
    sid = 0
    for p in old:
        for s in p:
            s.sid = s.origin = sid
            sid += 1
    new = [[Sent(s.text, s.sid) for s in p] for p in old]
    edits: list[Edit] = []
    busy_p: set[int] = set()
    donor_sents = [s for p in donor for s in p if 12 <= len(s) <= 120 and _closed([s])]
    donor_paras = [p for p in donor if len(p) >= 2 and sum(map(len, p)) < 600 and _closed(p)]

    def free_para(min_sents: int = 1) -> int | None:
        cands = [i for i, p in enumerate(new) if i not in busy_p and len(p) >= min_sents
                 and all(s.origin is not None for s in p) and _closed(p)]
        return rng.choice(cands) if cands else None

    # paragraph edits first (they take whole paragraphs)
    p = free_para(1)
    if p is not None:  # moved paragraph
        targets = [q for q in range(len(new)) if abs(q - p) >= 5 and q not in busy_p]
        if targets:
            q = rng.choice(targets)
            para = new.pop(p)
            busy_p = {x - (x > p) for x in busy_p}
            q = q - (q > p)
            new.insert(q, para)
            busy_p = {x + (x >= q) for x in busy_p} | {q, q + 1, max(q - 1, 0)}
            edits.append(Edit("moved", "paragraph", [s.origin for s in para]))
    p = free_para(1)
    if p is not None:  # removed paragraph
        para = new.pop(p)
        busy_p = {x - (x > p) for x in busy_p} | {p, max(p - 1, 0)}
        edits.append(Edit("removed", "paragraph", [s.origin for s in para]))
    if donor_paras:  # added paragraph
        q = rng.randrange(len(new) + 1)
        para = [Sent(t, None) for t in rng.choice(donor_paras)]
        new.insert(q, para)
        busy_p = {x + (x >= q) for x in busy_p} | {q, q + 1, max(q - 1, 0)}
        edits.append(Edit("added", "paragraph", new_ids=[id(s) for s in para]))
    # sentence edits, one per paragraph at most
    plan = ["removed"] * 2 + ["added"] * 2 + ["word"] * 3 + ["number"] * 2 + ["moved"]
    rng.shuffle(plan)
    for op in plan:
        p = free_para(2 if op in ("removed", "moved") else 1)
        if p is None:
            break
        para = new[p]
        if op == "removed":
            k = rng.randrange(len(para))
            s = para.pop(k)
            edits.append(Edit("removed", "sentence", [s.origin]))
            busy_p.add(p)
        elif op == "added" and donor_sents:
            k = rng.randrange(len(para) + 1)
            s = Sent(rng.choice(donor_sents), None)
            para.insert(k, s)
            edits.append(Edit("added", "sentence", new_ids=[id(s)]))
            busy_p.add(p)
        elif op in ("word", "number"):
            ks = [k for k, s in enumerate(para) if len(s.text) >= 12]
            if not ks:
                continue
            k = rng.choice(ks)
            changed = _change_word(para[k].text, rng, op == "number")
            if changed is None:
                continue
            para[k] = Sent(changed, para[k].origin)
            edits.append(Edit("changed", "sentence", [para[k].origin], [id(para[k])]))
            busy_p.add(p)
        elif op == "moved":
            targets = [q for q in range(len(new)) if abs(q - p) >= 5 and q not in busy_p
                       and _closed(new[q])]
            if not targets:
                continue
            k = rng.randrange(len(para))
            s = para.pop(k)
            q = rng.choice(targets)
            new[q].insert(rng.randrange(len(new[q]) + 1), s)
            edits.append(Edit("moved", "sentence", [s.origin]))
            busy_p |= {p, q}
    new = [p for p in new if p]
    return old, new, edits


def _render(paras: list[list[Sent]]) -> tuple[str, dict[int, tuple[int, int]], list[tuple[int, int, list[Sent]]]]:
    """Text, span of each Sent (by id()), and paragraph spans."""
    parts, spans, pspans = [], {}, []
    pos = 0
    for i, p in enumerate(paras):
        if i:
            parts.append("\n")
            pos += 1
        ps = pos
        for s in p:
            spans[id(s)] = (pos, pos + len(s.text))
            parts.append(s.text)
            pos += len(s.text)
        pspans.append((ps, pos, p))
    return "".join(parts), spans, pspans


def _truth(old, new, edits):
    old_text, old_spans, old_p = _render(old)
    new_text, new_spans, new_p = _render(new)
    old_by_origin = {s.origin: id(s) for p in old for s in p}
    new_by_origin = {s.origin: id(s) for p in new for s in p if s.origin is not None}
    expected = []  # (edit, [(side, span, change)])
    touched_old: dict[tuple[int, int], str] = {}
    touched_new: dict[tuple[int, int], str] = {}
    for e in edits:
        need = []
        for o in e.old_ids:
            os_ = old_spans[old_by_origin[o]]
            ns = new_spans.get(new_by_origin.get(o, -1))
            need.append((os_, ns if e.kind in ("moved", "changed") else None, e.kind))
            touched_old[os_] = e.kind
            if ns and e.kind in ("moved", "changed"):
                touched_new[ns] = e.kind
        for n in e.new_ids:
            if e.kind == "added":
                ns = new_spans[n]
                need.append((None, ns, "added"))
                touched_new[ns] = "added"
        expected.append((e, need))
    return old_text, new_text, old_p, new_p, expected, touched_old, touched_new


def _sentence_rows_policytext(old_text: str, new_text: str):
    import pandas as pd

    from policytext.extract.compare import compare

    c = compare(old_text, new_text, levels=("sentence", "paragraph"))
    t = c.table
    rows = []
    for r in t.itertuples(index=False):
        os_ = None if pd.isna(r.old_start) else (int(r.old_start), int(r.old_end))
        ns = None if pd.isna(r.new_start) else (int(r.new_start), int(r.new_end))
        rows.append((r.level, r.change, os_, ns))
    return rows


def _sentence_rows_difflib(old_text: str, new_text: str):
    from policytext.segment import sentences

    a, b = sentences(old_text), sentences(new_text)
    ak = [_WS.sub("", s.text) for s in a]
    bk = [_WS.sub("", s.text) for s in b]
    rows = []
    sm = difflib.SequenceMatcher(None, ak, bk, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            n = min(i2 - i1, j2 - j1)
            for k in range(n):
                rows.append(("sentence", "changed", (a[i1 + k].start, a[i1 + k].end),
                             (b[j1 + k].start, b[j1 + k].end)))
            i1, j1 = i1 + n, j1 + n
        for i in range(i1, i2):
            rows.append(("sentence", "removed", (a[i].start, a[i].end), None))
        for j in range(j1, j2):
            rows.append(("sentence", "added", None, (b[j].start, b[j].end)))
    return rows


def score_compare(cases, method) -> dict[str, float]:
    found = total = 0
    found_nm = total_nm = 0
    p_found = p_total = 0
    real = strict = nonkept = 0
    for old_text, new_text, _old_p, _new_p, expected, touched_old, touched_new in cases:
        rows = method(old_text, new_text)
        sent = {}
        for level, change, os_, ns in rows:
            if level != "sentence":
                continue
            if os_ is not None:
                sent[("o", os_)] = change
            if ns is not None:
                sent[("n", ns)] = change
            if change != "kept":
                nonkept += 1
                kinds = [touched_old.get(os_) if os_ else None, touched_new.get(ns) if ns else None]
                kinds = [k for k in kinds if k]
                if kinds:
                    real += 1
                    strict += change in kinds
        paras = {(level, change, os_, ns) for level, change, os_, ns in rows if level == "paragraph"}
        for e, need in expected:
            ok = all((os_ is None or sent.get(("o", os_)) == ch) and (ns is None or sent.get(("n", ns)) == ch)
                     for os_, ns, ch in need)
            total += 1
            found += ok
            if e.kind != "moved":
                total_nm += 1
                found_nm += ok
            if e.level == "paragraph" and paras:
                p_total += 1
                p_found += _paragraph_found(e, need, paras)
    out = {"edits": total, "recall": found / total, "recall_no_moves": found_nm / total_nm,
           "nonkept_rows": nonkept, "precision": real / nonkept if nonkept else 1.0,
           "precision_strict": strict / nonkept if nonkept else 1.0}
    if p_total:
        out["paragraph_recall"] = p_found / p_total
    return out


def _paragraph_found(e, need, paras) -> bool:
    olds = [os_ for os_, _, _ in need if os_]
    news = [ns for _, ns, _ in need if ns]
    for _level, change, os_, ns in paras:
        if change != e.kind:
            continue
        if olds and (os_ is None or not (os_[0] <= olds[0][0] and olds[-1][1] <= os_[1])):
            continue
        if news and (ns is None or not (ns[0] <= min(n[0] for n in news) and max(n[1] for n in news) <= ns[1])):
            continue
        return True
    return False


def build_compare_cases(paths: list[Path], donors: list[Path], rng: random.Random):
    cases = []
    for path in paths:
        paras = _structure(_read(path).text)
        if len(paras) < 12 or sum(map(len, paras)) < 30:
            continue
        donor = _structure(_read(rng.choice(donors)).text)
        old, new, edits = make_pair(paras, donor, rng)
        cases.append(_truth(old, new, edits))
    return cases


# ------------------------------------------------------------------------------------------
# reuse
# ------------------------------------------------------------------------------------------
def _edit_sentence(s: str, rng: random.Random) -> list[tuple[str, bool]]:
    """Pieces of an edited copied sentence: (text, copied?)."""
    for a, b in SUBSTITUTIONS:
        s = s.replace(a, b)
    clauses = re.findall(r"[^，；：。！？]+[，；：。！？]*", s)
    if len(clauses) >= 3 and rng.random() < 1 / 6:
        del clauses[rng.randrange(1, len(clauses) - 1)]
    pieces = [(c, True) for c in clauses]
    if rng.random() < 1 / 6 and pieces:
        k = rng.randrange(len(pieces))
        text = pieces[k][0]
        cut = rng.randrange(0, max(1, min(len(text) - 1, 6)))
        phrase = rng.choice(LOCAL_PHRASES)
        pieces[k:k + 1] = [(text[:cut], True), (phrase, False), (text[cut:], True)]
    return [(t, c) for t, c in pieces if t]


def build_reuse_cases(rng: random.Random, n_targets: int):
    from policytext.corpus import Document

    src_paths = (sorted((CORPUS / "policy_docs" / "central").glob("*.txt"))
                 + sorted((CORPUS / "congress_reports").glob("*.txt"))
                 + [p for p in sorted((CORPUS / "plenum_communiques").glob("*.txt")) if p.name != "1970.txt"]
                 + sorted((CORPUS / "npc_resolutions").glob("*.txt")))
    sources = [_read(p) for p in src_paths]
    sources = [Document(d.text, doc_id=p.relative_to(CORPUS).as_posix()) for d, p in zip(sources, src_paths)]
    local_paths = sorted((CORPUS / "peoples_daily" / "year1963").glob("*.md"))
    local_sents = []
    for p in rng.sample(local_paths, 60):
        local_sents += [s for para in _structure(_read(p).text) for s in para if 15 <= len(s) <= 80]
    rich = [d for d in sources if len(d.text) > 5000 and "plenum" not in d.doc_id]
    targets, truths = [], []
    for k in range(n_targets):
        main = rng.choice(rich)
        plan = [(main, 0.4 + 0.4 * rng.random())]
        if k % 3 == 0:
            plan.append((rng.choice([d for d in rich if d is not main]), 0.15))
        pieces: list[tuple[str, str | None]] = [("关于贯彻落实的实施意见\n", None)]
        for src, share in plan:
            paras = _structure(src.text)
            keep = sorted(rng.sample(range(len(paras)), max(3, int(len(paras) * share))))
            if src is not main:
                start = rng.randrange(max(1, len(paras) - len(keep)))
                keep = list(range(start, min(len(paras), start + max(3, len(keep)))))
            for i in keep:
                text_parts = []
                for s in paras[i]:
                    text_parts += [(t, src.doc_id if c else None) for t, c in _edit_sentence(s, rng)]
                    if rng.random() < 0.08:
                        text_parts.append((rng.choice(local_sents), None))
                pieces += [*text_parts, ("\n", None)]
                if rng.random() < 0.1:
                    pieces += [(rng.choice(local_sents) + rng.choice(local_sents), None), ("\n", None)]
        text = "".join(t for t, _ in pieces)
        labels: list[str | None] = []
        for t, lab in pieces:
            labels += [lab] * len(t)
        targets.append(Document(text, doc_id=f"target{k + 1}"))
        truths.append((main.doc_id, labels))
    return sources, targets, truths


def score_reuse(targets, truths, passages: dict[str, list[tuple[int, int, str]]],
                best: dict[str, str | None]) -> dict[str, float]:
    tp = truth_n = pred_n = 0
    right_best = 0
    for doc, (main, labels) in zip(targets, truths):
        pred: list[str | None] = [None] * len(doc.text)
        for s, e, src in passages.get(doc.doc_id, []):
            for i in range(s, e):
                pred[i] = src
        for ch, lab, p in zip(doc.text, labels, pred):
            if ch.isspace():
                continue
            truth_n += lab is not None
            pred_n += p is not None
            tp += lab is not None and p == lab
        right_best += best.get(doc.doc_id) == main
    return {"targets": len(targets), "recall": tp / truth_n, "precision": tp / pred_n if pred_n else 1.0,
            "best_source": right_best / len(targets)}


def run_reuse_policytext(sources, targets):
    from policytext.extract.reuse import reuse

    r = reuse(targets, sources)
    passages: dict[str, list[tuple[int, int, str]]] = {}
    for row in r.table.itertuples(index=False):
        passages.setdefault(row.doc_id, []).append((row.start, row.end, row.source_doc_id))
    best = dict(zip(r.summary["doc_id"], r.summary["best_source"]))
    return passages, best


def run_reuse_difflib(sources, targets):
    from policytext.segment import sentences

    src_sents = {d.doc_id: sentences(d.text) for d in sources}
    passages: dict[str, list[tuple[int, int, str]]] = {}
    best: dict[str, str | None] = {}
    for t in targets:
        scores = [(difflib.SequenceMatcher(None, t.text, d.text, autojunk=False).quick_ratio(), d.doc_id)
                  for d in sources]
        src = max(scores)[1]
        best[t.doc_id] = src
        choices = [s.text for s in src_sents[src]]
        for s in sentences(t.text):
            if difflib.get_close_matches(s.text, choices, n=1, cutoff=0.6):
                passages.setdefault(t.doc_id, []).append((s.start, s.end, src))
    return passages, best


# ------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tune", action="store_true", help="the bundled work reports (tuning set)")
    ap.add_argument("--docs", type=int, default=40, help="documents for compare")
    ap.add_argument("--targets", type=int, default=30, help="targets for reuse")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--only", choices=["compare", "reuse"])
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    rng = random.Random(args.seed)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not present")
        return 0
    if args.only != "reuse":
        paths = tune_paths(rng, args.docs) if args.tune else held_out_paths(rng, args.docs)
        donors = sorted((CORPUS / "peoples_daily" / "year1963").glob("*.md"))
        donors = [p for p in donors if p.stat().st_size > 3000]
        cases = build_compare_cases(paths, donors, rng)
        t = time.perf_counter()
        ours = score_compare(cases, _sentence_rows_policytext)
        print(f"compare ({'tuning set' if args.tune else 'held out'}, {len(cases)} documents): "
              f"policytext {_fmt(ours)} [{time.perf_counter() - t:.1f} s]")
        if not args.no_baseline:
            base = score_compare(cases, _sentence_rows_difflib)
            print(f"compare: difflib baseline {_fmt(base)}")
    if args.only != "compare" and not args.tune:
        sources, targets, truths = build_reuse_cases(rng, args.targets)
        t = time.perf_counter()
        passages, best = run_reuse_policytext(sources, targets)
        ours = score_reuse(targets, truths, passages, best)
        print(f"reuse ({len(targets)} targets, {len(sources)} sources): policytext {_fmt(ours)} "
              f"[{time.perf_counter() - t:.1f} s]")
        if not args.no_baseline:
            passages, best = run_reuse_difflib(sources, targets)
            print(f"reuse: difflib baseline {_fmt(score_reuse(targets, truths, passages, best))}")
    return 0


def _fmt(d: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in d.items())


if __name__ == "__main__":
    raise SystemExit(main())
