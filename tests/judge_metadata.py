"""Score the metadata rules against the judged sample (docs/metadata_accuracy.md).

Run from the repository root::

    PYTHONPATH=src python tests/judge_metadata.py [--corpus ../shared/corpus] [--rows]

It reads every document of ``tests/cases/metadata_judged.json`` from the shared corpus and
every constructed head of ``tests/cases/metadata_constructed.json``, compares title, date,
speaker and region with the judged truth and prints the accuracy per field (and, with
``--rows``, a Markdown table of every document). ``tests/test_metadata.py`` asserts the same
figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from case_files import load_cases

FIELDS = ("title", "date", "speaker", "region")


def judged_rows(corpus: Path) -> list[dict]:
    """One row per judged document: ``group``, ``doc``, then ``<field>`` and ``<field>_truth``."""
    import policytext as pt
    from policytext.metadata import extract_metadata

    rows = []
    for case in load_cases("metadata_judged.json"):
        doc = pt.read(corpus / case["path"])
        held = case.get("held_out")
        row = {"group": case["path"].split("/")[0] + (f" (held out, {held})" if held else ""),
               "doc": case["path"], "note": case.get("note", "")}
        for f in FIELDS:
            row[f], row[f + "_truth"] = doc.meta.get(f), case["expected"][f]
        rows.append(row)
    for case in load_cases("metadata_constructed.json"):
        meta = extract_metadata(case["head"], path=case["filename"])
        row = {"group": "constructed", "doc": case["filename"], "note": ""}
        for f in FIELDS:
            if f in case["expected"]:
                row[f], row[f + "_truth"] = meta.get(f), case["expected"][f]
        rows.append(row)
    return rows


def accuracy(rows: list[dict], field: str, *, stated_only: bool = False) -> tuple[int, int]:
    """(right, judged) for ``field``; ``stated_only`` counts only documents whose text states it."""
    judged = [r for r in rows if field + "_truth" in r
              and (not stated_only or r[field + "_truth"] is not None)]
    return sum(r[field] == r[field + "_truth"] for r in judged), len(judged)


def dump_corpus(corpus: Path) -> dict[str, dict]:
    """title, date, year, genre and speaker of every .txt/.md document under ``corpus``."""
    import policytext as pt

    out = {}
    for p in sorted(corpus.rglob("*")):
        if p.is_file() and p.suffix in (".txt", ".md") and p.name != "README.md":
            try:
                d = pt.read(p, keep_source=False)
            except pt.DocumentReadError:
                continue
            out[p.relative_to(corpus).as_posix()] = {
                k: d.meta.get(k) for k in ("title", "date", "year", "genre", "speaker")}
    return out


def compare(old_path: Path, new_path: Path) -> None:
    """Print, per top folder, field and kind (added/removed/changed), how many values differ."""
    from collections import Counter

    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    counts: Counter = Counter()
    for doc, fields in old.items():
        for f, before in fields.items():
            after = new.get(doc, {}).get(f)
            if before != after:
                kind = "removed" if after is None else "added" if before is None else "changed"
                counts[(doc.split("/")[0], f, kind)] += 1
    print(f"{len(old)} documents")
    for (group, f, kind), n in sorted(counts.items()):
        print(f"{group}\t{f}\t{kind}\t{n}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("POLICYTEXT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--corpus", type=Path, default=default / "corpus")
    parser.add_argument("--rows", action="store_true", help="print every judged document")
    parser.add_argument("--dump", type=Path, metavar="JSON",
                        help="write title/date/year/genre/speaker of every corpus document and stop")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"),
                        help="count the fields that differ between two --dump files and stop")
    args = parser.parse_args(argv)
    if args.dump:
        args.dump.write_text(json.dumps(dump_corpus(args.corpus), ensure_ascii=False), encoding="utf-8")
        return 0
    if args.compare:
        compare(*args.compare)
        return 0
    rows = judged_rows(args.corpus)
    groups = sorted({r["group"] for r in rows})
    print(f"{len(rows)} documents: " + ", ".join(f"{g} {sum(r['group'] == g for r in rows)}" for g in groups))
    print("\n| field | right / judged | accuracy | where the text states it |\n|---|---|---|---|")
    for f in FIELDS:
        ok, n = accuracy(rows, f)
        ok_s, n_s = accuracy(rows, f, stated_only=True)
        print(f"| {f} | {ok} / {n} | {ok / n:.3f} | {ok_s} / {n_s} |")
    for which in ("first", "second", "speeches"):
        held = [r for r in rows if r["group"].endswith(f"(held out, {which})")]
        if held:
            print(f"\n{which} held-out draw only ({len(held)} documents):\n\n"
                  "| field | right / judged | accuracy |\n|---|---|---|")
            for f in FIELDS:
                ok, n = accuracy(held, f)
                print(f"| {f} | {ok} / {n} | {ok / n:.3f} |")
    if args.rows:
        print("\nEach cell: the extracted value, ✓ when it equals the judged truth; otherwise "
              "`extracted` → truth (— is None).\n")
        print("| # | document | title | date | speaker | region |\n|---|---|---|---|---|---|")
        for i, r in enumerate(rows, 1):
            cells = []
            for f in FIELDS:
                if f + "_truth" not in r:
                    cells.append("")
                    continue
                got, truth = r[f] or "—", r[f + "_truth"] or "—"
                cells.append(f"{got} ✓" if r[f] == r[f + "_truth"] else f"`{got}` → {truth}")
            doc = r["doc"] if len(r["doc"]) <= 48 else r["doc"][:46] + "…"
            print(f"| {i} | {doc} | " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
