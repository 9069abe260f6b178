"""Print a random sample of the non-kept rows of compare() on real consecutive documents, for
judging by hand (the judged sample is in ``docs/compare.md``).

Usage::

    .venv/bin/python benchmarks/sample_compare.py [--n 20] [--seed 1]

Pairs: the work reports 2024 → 2025 (``data/gov_work_reports``) and the 19th → 20th party
congress reports (``../shared/corpus/congress_reports/19_14.txt``, ``20_15.txt``; skipped when
absent). From each pair, ``--n`` rows drawn at random among the section, paragraph and
sentence rows whose change is not ``kept``. Beside a removed (added) row, the most similar
sentence of the other text is printed with its Indel similarity, so a reader can see whether
the sentence really left (arrived) or was missed as changed or moved.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))


def _closest(text: str, pool: list[str]) -> tuple[float, str]:
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    hit = process.extractOne(text, pool, scorer=Indel.normalized_similarity)
    return (hit[1], hit[0]) if hit else (0.0, "")


def main(argv: list[str] | None = None) -> int:
    from policytext.extract.compare import compare
    from policytext.segment import sentences

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    pairs = [(ROOT / "data" / "gov_work_reports" / "2024.txt", ROOT / "data" / "gov_work_reports" / "2025.txt")]
    congress = SHARED / "corpus" / "congress_reports"
    if congress.is_dir():
        pairs.append((congress / "19_14.txt", congress / "20_15.txt"))
    rng = random.Random(args.seed)
    for old, new in pairs:
        c = compare(old, new)
        t = c.table
        pool = t[t.level.isin(["section", "paragraph", "sentence"]) & (t.change != "kept")]
        print(f"## {old.name} → {new.name}: {len(pool)} non-kept rows "
              f"({', '.join(f'{k} {v}' for k, v in pool.level.value_counts().items())})\n")
        old_s = [s.text for s in sentences(c.old.text)]
        new_s = [s.text for s in sentences(c.new.text)]
        for k, i in enumerate(sorted(rng.sample(range(len(pool)), min(args.n, len(pool))))):
            r = pool.iloc[i]
            print(f"{k + 1}. [{r.level} {r.change}] sim={r.similarity:.2f}")
            print(f"   old: {str(r.old_text)[:160]}")
            print(f"   new: {str(r.new_text)[:160]}")
            if r.level == "sentence" and r.change == "removed":
                sim, best = _closest(r.old_text, new_s)
                print(f"   closest in new ({sim:.2f}): {best[:160]}")
            if r.level == "sentence" and r.change == "added":
                sim, best = _closest(r.new_text, old_s)
                print(f"   closest in old ({sim:.2f}): {best[:160]}")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
