#!/usr/bin/env python
"""Draw a random sample of 排比 runs for judging precision by hand.

Usage::

    python benchmarks/sample_parallelism.py [--n 50] [--seed 7]

Documents: every plenum communiqué and NPC resolution of ``../shared/corpus`` plus 80 People's
Daily 1963 articles (``random.Random(20261128)``) — genres the first precision sample (work
reports, congress reports, People's Daily 1990) did not use. Each document is cleaned with
``Document.from_text``; every run of ``iter_parallelism`` is a candidate; ``--n`` of them are
drawn with ``random.Random(seed)`` and printed with their members, one per line, for a person
to judge (docs/parallelism_precision.md records the verdicts).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} not found: this script needs ../shared beside the repository", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from policytext.corpus import Document
    from policytext.extract.parallelism import iter_parallelism

    files = sorted((CORPUS / "plenum_communiques").glob("*")) + sorted((CORPUS / "npc_resolutions").glob("*"))
    files += random.Random(20261128).sample(sorted((CORPUS / "peoples_daily" / "year1963").glob("*")), 80)
    runs = []
    for f in files:
        text = Document.from_text(f.read_text(encoding="utf-8", errors="replace")).text
        runs.extend((f.name, r) for r in iter_parallelism(text))
    print(f"{len(files)} files, {len(runs)} runs; {args.n} drawn with seed {args.seed}", file=sys.stderr)
    for k, (name, r) in enumerate(random.Random(args.seed).sample(runs, args.n)):
        print(k, name[:30], r.get("kind"), "|", " / ".join(r.get("members") or []))
    return 0


if __name__ == "__main__":
    sys.exit(main())
