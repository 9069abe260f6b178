"""Time themes() on the government work reports (one core).

Usage: ``PYTHONPATH=src python benchmarks/bench_themes.py [FOLDER]`` — FOLDER defaults to the
bundled sample corpus ``data/gov_work_reports`` (57 reports 1954–2025, ≈1.2 M characters).
Prints reading time, the first (cold: builds the tokenizer, loads lexicon and IDF table) and a
warm run of ``themes(corpus, top=20)`` with corpus IDF and with the built-in table, and
``keyness`` 2013–2022 vs 1978–2012.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from policytext.corpus import Corpus
    from policytext.extract.keyness import keyness
    from policytext.extract.themes import PolicyAnalyzer, themes
    from policytext.tokenize import Tokenizer

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "gov_work_reports"
    t0 = time.perf_counter()
    corpus = Corpus.from_dir(folder, pattern="*.txt")
    n_chars = sum(d.n_chars for d in corpus)
    print(f"read {len(corpus)} documents, {n_chars:,} characters in "
          f"{time.perf_counter() - t0:.2f} s ({folder})")
    tokenizer = Tokenizer()
    print(f"engine: {tokenizer.engine}")
    t0 = time.perf_counter()
    themes(corpus, top=20, tokenizer=tokenizer)
    print(f"themes, idf=corpus, cold (tokenizer build + lexicon + IDF load): "
          f"{time.perf_counter() - t0:.2f} s")
    analyzer = PolicyAnalyzer(tokenizer)
    for idf in ("corpus", "builtin"):
        t0 = time.perf_counter()
        df = themes(corpus, top=20, idf=idf, analyzer=PolicyAnalyzer(tokenizer))
        dt = time.perf_counter() - t0
        print(f"themes, idf={idf}: {dt:.2f} s  ({n_chars / dt / 1e6:.2f} M chars/s, "
              f"{len(df)} rows)")
    t0 = time.perf_counter()
    keyness(corpus, {"year": range(2013, 2023)}, {"year": range(1978, 2013)}, analyzer=analyzer)
    print(f"keyness 2013-2022 vs 1978-2012: {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
