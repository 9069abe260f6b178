"""Findings of ``policytext check`` to judge by hand: on the corpus as it is, and on copies of
corpus documents with one numbering slip put in.

Usage::

    .venv/bin/python benchmarks/sample_checks.py corpus          # findings on ../shared/corpus
    .venv/bin/python benchmarks/sample_checks.py slips [--n 12]   # slips put into N docs a genre

``corpus`` prints, per genre, how many documents have at least one finding, then every finding.
``slips`` draws documents with at least three sibling headings (seeded), and in each puts one
slip at a heading drawn at random (ordinal 2 or more, not the last of its run):

- ``drop``: the heading's marker is deleted (``（三）加快…`` -> ``加快…``): a number is missing;
- ``repeat``: the marker is replaced by the one before it (``（三）`` -> ``（二）``);

and, in N documents with an announced count that matches, the count is raised by one
(``我讲三点意见`` -> ``我讲四点意见``).

Then it prints every finding on the changed text, each with the slip and the lines around the
finding, for a reader to judge. Line numbers are those of the changed text. Documents are not
shipped; without ``../shared/corpus`` the script prints ``skipped``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))

GENRES = {
    "work_report": ["gov_work_reports", "gov_work_reports/wikisource", "gov_work_reports/ropensci"],
    "speech": ["seed"],
    "congress_report": ["congress_reports"],
    "communique": ["plenum_communiques"],
    "npc_resolution": ["npc_resolutions"],
    "constitution": ["party_constitution"],
    "policy_doc": ["policy_docs/central", "policy_docs/shandong"],
    "peoples_daily": ["peoples_daily/year1963", "peoples_daily/year1990"],
    "xinwenlianbo": ["xinwenlianbo"],
}
SEED = 20261207


def _files(genre: str) -> list[Path]:
    out: list[Path] = []
    for sub in GENRES[genre]:
        out.extend(sorted(p for p in (SHARED / "corpus" / sub).glob("*")
                          if p.suffix in (".txt", ".md")))
    return out


def corpus() -> None:
    from policytext.extract.checks import check, finding_records
    from policytext.io import read

    for genre in GENRES:
        files = _files(genre)
        recs = []
        with_finding = 0
        for f in files:
            r = finding_records(check(read(f, doc_id=str(f.relative_to(SHARED / "corpus")))))
            with_finding += bool(r)
            recs.extend(r)
        print(f"{genre}: {len(files)} documents, {with_finding} with a finding "
              f"({with_finding / max(1, len(files)):.1%}), {len(recs)} findings")
        for r in recs:
            print(f"  {r['path']}:{r['line']}: {r['kind']}: {r['message']}")


def slips(n: int) -> None:
    from policytext.corpus import Document
    from policytext.extract.checks import check, finding_records
    from policytext.extract.outline import iter_outline, render_marker
    from policytext.io import read

    rng = random.Random(SEED)
    k = 0
    for genre in GENRES:
        files = _files(genre)
        rng.shuffle(files)
        done = 0
        for f in files:
            if done >= n:
                break
            text = read(f).text
            nodes = [x for x in iter_outline(text) if x.kind == "heading"]
            # headings with a previous and a next sibling of the same run
            cands = []
            for a in nodes:
                sib = [b for b in nodes if b.parent_id == a.parent_id and b.style == a.style]
                i = sib.index(a)
                if 0 < i < len(sib) - 1 and sib[i - 1].ordinal == a.ordinal - 1 \
                        and sib[i + 1].ordinal == a.ordinal + 1:
                    cands.append((a, sib[i - 1]))
            if not cands:
                continue
            node, prev = rng.choice(cands)
            mode = rng.choice(["drop", "repeat"])
            new = "" if mode == "drop" else prev.marker
            changed = text[:node.start] + new + text[node.start + len(node.marker):]
            line = changed.count("\n", 0, node.start) + 1
            doc = Document.from_text(changed, doc_id=str(f.relative_to(SHARED / "corpus")))
            recs = finding_records(check(doc))
            done += 1
            k += 1
            lines = changed.split("\n")
            print(f"=== [{k}] {genre} {doc.doc_id}: {mode} {node.marker} "
                  f"({render_marker(node.style, node.ordinal)}) at line {line}")
            for r in recs:
                ln = r["line"]
                ctx = " ⏎ ".join(x.strip()[:40] for x in lines[max(0, ln - 2):ln])
                print(f"  FINDING {r['path']}:{ln}: {r['kind']}: {r['message']}")
                print(f"          | {ctx}")
            if not recs:
                print("  (no finding)")


def count_slips(n: int) -> None:
    """Announced counts that match (and that the checker is sure of), changed by one."""
    from policytext.corpus import Document
    from policytext.extract.checks import announced_counts, check, finding_records
    from policytext.extract.outline import render_marker
    from policytext.io import read

    rng = random.Random(SEED + 1)
    files = [f for g in ("work_report", "speech", "policy_doc", "peoples_daily", "congress_report")
             for f in _files(g)]
    rng.shuffle(files)
    done = 0
    for f in files:
        if done >= n:
            break
        text = read(f).text
        df = announced_counts(text)
        df = df[df["ok"] & df["sure"]]
        if df.empty:
            continue
        r = df.iloc[int(rng.randrange(len(df)))]
        a = int(r["announced"])
        span = text[int(r["start"]):int(r["end"])]
        cn = render_marker("一、", a)[:-1]
        old = next((x for x in (cn, "两" if a == 2 else cn, str(a)) if x in span), str(a))
        new = str(a + 1) if old.isdigit() else render_marker("一、", a + 1)[:-1]
        changed = text[:int(r["start"])] + span.replace(old, new, 1) + text[int(r["end"]):]
        doc = Document.from_text(changed, doc_id=str(f.relative_to(SHARED / "corpus")))
        line = changed.count("\n", 0, int(r["start"])) + 1
        done += 1
        print(f"=== [count {done}] {doc.doc_id}: {span} -> {span.replace(old, new, 1)} "
              f"at line {line}")
        recs = finding_records(check(doc))
        for x in recs:
            print(f"  FINDING {x['path']}:{x['line']}: {x['kind']}: {x['message']}")
        if not recs:
            print("  (no finding)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("corpus", "slips"))
    ap.add_argument("--n", type=int, default=12, help="documents a genre (slips)")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus").is_dir():
        print("skipped: ../shared/corpus not found")
        return 0
    if args.what == "corpus":
        corpus()
    else:
        slips(args.n)
        count_slips(args.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
