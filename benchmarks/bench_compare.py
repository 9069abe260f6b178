"""Speed of compare() on two long reports and of reuse() on 50 targets against 200 sources.

Usage::

    .venv/bin/python benchmarks/bench_compare.py [--repeat N]

- **compare**: the 19th and 20th party congress reports of ``../shared/corpus`` cut to their
  first 30,000 characters each (without the shared folder: the bundled 2023+2024 and
  2024+2025 work reports, cut the same way). Documents are read before timing; the first call
  (which also builds the formulation lexicon's matcher) and the median of ``--repeat`` calls
  are printed.
- **reuse**: 200 sources (policy documents, congress reports, communiqués, NPC resolutions,
  work reports and People's Daily 1990 articles to make up the number) and 50 targets built
  from them as in ``eval_compare.py`` (light edits, dropped clauses, local phrases and
  sentences). Needs ``../shared/corpus``. One call, documents read beforehand. Both print wall-clock and CPU time: on a shared
  machine the first is the one users feel, the second the one that does not depend on the load.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
LENGTH = 30_000


def _pair():
    from policytext.corpus import Document
    from policytext.io import read

    congress = CORPUS / "congress_reports"
    if (congress / "19_14.txt").exists():
        a, b = read(congress / "19_14.txt").text, read(congress / "20_15.txt").text
        label = "congress reports 19 vs 20"
    else:
        r = ROOT / "data" / "gov_work_reports"
        a = read(r / "2023.txt").text + "\n" + read(r / "2024.txt").text
        b = read(r / "2024.txt").text + "\n" + read(r / "2025.txt").text
        label = "work reports 2023+2024 vs 2024+2025"
    return Document(a[:LENGTH], doc_id="old"), Document(b[:LENGTH], doc_id="new"), label


def bench_compare(repeat: int) -> None:
    from policytext.extract.compare import compare

    old, new, label = _pair()
    t, cpu = time.perf_counter(), time.process_time()
    c = compare(old, new)
    first, first_cpu = time.perf_counter() - t, time.process_time() - cpu
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        compare(old, new)
        times.append(time.perf_counter() - t)
    print(f"compare {label}, {len(old.text):,} + {len(new.text):,} characters: first call "
          f"{first:.2f} s (CPU {first_cpu:.2f} s; imports pandas, scipy, rapidfuzz and builds the "
          f"lexicon matcher), then median {statistics.median(times):.2f} s over {repeat} "
          f"({len(c.table)} rows)")


def bench_reuse() -> None:
    import eval_compare as ev

    from policytext.corpus import Document
    from policytext.extract.reuse import reuse

    rng = random.Random(11)
    sources, targets, _ = ev.build_reuse_cases(rng, 50)
    extra = sorted((CORPUS / "gov_work_reports" / "wikisource").glob("*.txt"))
    extra += sorted((CORPUS / "peoples_daily" / "year1990").glob("*.md"))
    for p in extra:
        if len(sources) >= 200:
            break
        doc = ev._read(p)
        if len(doc.text) > 1500:
            sources.append(Document(doc.text, doc_id=p.relative_to(CORPUS).as_posix()))
    n_chars = sum(len(d.text) for d in sources)
    t, cpu = time.perf_counter(), time.process_time()
    r = reuse(targets, sources)
    took, took_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"reuse {len(targets)} targets ({sum(len(d.text) for d in targets):,} characters) against "
          f"{len(sources)} sources ({n_chars:,} characters): {took:.1f} s wall-clock, "
          f"CPU {took_cpu:.1f} s ({len(r.table)} passages)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    bench_compare(args.repeat)
    if CORPUS.is_dir():
        bench_reuse()
    else:
        print(f"reuse: skipped ({CORPUS} not present)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
