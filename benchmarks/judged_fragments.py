"""Fragment and administrative rates of the judged themes rows (docs/themes_judged_sample.tsv).

Two counts of fragments: the readers' verdict (a piece of a longer word or name, including a
real word the document uses only inside one longer name), and the narrow one — a row the
readers judged a fragment that is neither a lexicon term nor a word of the segmenter's
dictionary.

Usage::

    PYTHONPATH=src python benchmarks/judged_fragments.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SAMPLE = ROOT / "docs" / "themes_judged_sample.tsv"


def main() -> int:
    from policytext.extract.dictionary import word_frequencies
    from policytext.lexicon import Lexicon

    words = word_frequencies()
    terms = Lexicon.builtin().surface_map()
    lines = (line for line in SAMPLE.open(encoding="utf-8") if not line.startswith("#"))
    rows = list(csv.DictReader(lines, delimiter="\t"))
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        kind = "31 provincial reports of 2026" if row["set"] == "reports2026" else "cross-sections"
        groups.setdefault((row["version"], kind), []).append(row)
    print("| version | rows | n | fragment | narrow fragment | admin |")
    print("|---|---|---:|---:|---:|---:|")
    for (version, kind), group in sorted(groups.items()):
        n = len(group)
        verdicts = Counter(r["verdict"] for r in group)
        narrow = [r["term"] for r in group if r["verdict"] == "fragment"
                  and r["term"] not in words and r["term"] not in terms]
        print(f"| {version} | {kind} | {n} | {verdicts['fragment'] / n:.1%} | "
              f"{len(narrow) / n:.1%} ({' '.join(narrow)}) | {verdicts['admin'] / n:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
