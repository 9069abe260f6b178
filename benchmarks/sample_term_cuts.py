"""A random sample of the lexicon matches the boundary check drops (a match that cuts a longer
word), for judging by hand, and how many matches it drops.

Reads ``$POLICYTEXT_SHARED/corpus`` (default ``../shared/corpus``) in place: the last 15
government work reports, 30 新闻联播 transcripts of 2025 and 300 人民日报 articles of 1990.
Prints ``term<TAB>context`` lines (five characters either side).

Usage::

    PYTHONPATH=src python benchmarks/sample_term_cuts.py --n 40 --seed 5
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    corpus = Path(os.environ.get("POLICYTEXT_SHARED") or ROOT.parent / "shared") / "corpus"
    if not corpus.is_dir():
        print(f"skipped: {corpus} not found")
        return 0
    from policytext.extract.terms import matcher_for, squeeze

    files = (sorted(corpus.glob("gov_work_reports/wikisource/*.txt"))[-15:]
             + sorted(corpus.glob("xinwenlianbo/2025*.md"))[:30]
             + sorted(corpus.glob("peoples_daily/year1990/*.md"))[:300])
    matcher = matcher_for(None)
    n_matches, dropped = 0, []
    for path in files:
        squeezed = squeeze(path.read_text(encoding="utf-8"))[0]
        raw = matcher._automaton.find_matches_as_indexes(squeezed)
        kept = set(matcher.scan(squeezed)[3])
        n_matches += len(raw)
        for i, s, e in raw:
            if (i, s, e) not in kept:
                context = squeezed[max(0, s - 5) : e + 5].replace("\n", " ")
                dropped.append((matcher._values[i][0], context))
    print(f"# {n_matches} matches, {len(dropped)} dropped ({len(dropped) / max(n_matches, 1):.2%})")
    for term, context in random.Random(args.seed).sample(dropped, min(args.n, len(dropped))):
        print(f"{term}\t{context}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
