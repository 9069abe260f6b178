#!/usr/bin/env python
"""Where ``analyze`` spends its time: each per-document stage alone, in one process.

Usage::

    python benchmarks/bench_stages.py [--corpus DIR] [--mb 5] [--repeat 3] [--floor] [--profile]

Reads the first ``--mb`` MB of the corpus once, then times every stage the batch runs on each
document (medians of ``--repeat`` passes): reading + decoding + cleaning, lexicon term counting,
tokens (segmentation + the themes token filter), each extractor, the whole per-document step,
and the corpus-level tables. ``--profile`` prints the top functions of one ``analyze`` run under
cProfile.

``--floor`` also times, on the same text, the compiled calls that any Python implementation of
these outputs must make (reading and decoding the files, rjieba's ``cut``, counting its tokens,
one Aho-Corasick scan of the lexicon, the ``csv`` writer over the rows the run writes) and bare
``jieba.Tokenizer().lcut``. Their sum is a floor for ``analyze --workers 1`` that no amount of
Python-level work can get under, so it bounds the ratio to bare jieba that one worker can reach.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xinwenlianbo"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--floor", action="store_true",
                    help="also time the compiled calls alone, and bare jieba, on the same text")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from policytext.batch import AnalyzeOptions, Sink, Worker, analyze_document, encode_result
    from policytext.extract.terms import term_rows
    from policytext.io import read

    paths, total = [], 0
    for p in sorted(args.corpus.iterdir()):
        if p.suffix in (".txt", ".md"):
            paths.append(p)
            total += p.stat().st_size
            if total >= args.mb * 1e6:
                break
    mb = total / 1e6
    worker = Worker(AnalyzeOptions()).warm_up()

    def timed(fn) -> float:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    docs = [read(p, doc_id=p.name) for p in paths]
    stages = {
        "read + decode + clean (io, clean, metadata)": lambda: [read(p) for p in paths],
        "  the same as the batch reads (keep_source=False)": lambda: [read(p, keep_source=False) for p in paths],
        "terms (extract/terms)": lambda: [term_rows(d, worker.matcher) for d in docs],
        "tokenize only (rjieba)": lambda: [worker.tokenizer.tokenize(d.text) for d in docs],
        "tokens = tokenize + PolicyAnalyzer filter (themes)": lambda: [Counter(worker.analyzer(d.text)) for d in docs],
    }
    for name, fn in worker.extractors.items():
        rows = getattr(worker, "row_extractors", {}).get(name)
        if rows is not None:  # what the batch runs: plain tuples, no DataFrame
            stages[f"{name} rows (extract/{name})"] = lambda rows=rows: [rows(d, worker) for d in docs]
        else:
            stages[f"{name} (extract/{name})"] = lambda fn=fn: [fn(d, worker) for d in docs]
    stages["whole per-document step (analyze_document)"] = lambda: [analyze_document(d, worker) for d in docs]

    results = [analyze_document(d, worker) for d in docs]

    def encode():
        import copy

        for r in results:
            encode_result(copy.copy(r))

    stages["encode rows for output (batch.encode_result)"] = encode

    import copy

    encoded = [copy.copy(r) for r in results]
    for r in encoded:
        encode_result(r)

    def collect():  # the collecting process: results arrive encoded by the workers
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            sink = Sink(AnalyzeOptions(), out=Path(tmp), fmt="csv")
            for r in encoded:
                sink.add(r)
            tables = sink.finish()
            sink.commit(tables)

    stages["collect + corpus tables + write (batch.Sink)"] = collect
    print(f"{mb:.2f} MB, {len(docs)} files of {args.corpus.name}; medians of {args.repeat} passes\n")
    print("| stage | s per MB | MB/s |")
    print("|---|---:|---:|")
    seconds = {}
    for name, fn in stages.items():
        seconds[name] = sec = timed(fn)
        print(f"| {name} | {sec / mb:.3f} | {mb / sec:.2f} |", flush=True)
    if args.floor:
        _print_floor(paths, docs, results, worker, timed, mb, seconds)
    if args.profile:
        import cProfile
        import pstats
        import tempfile

        from policytext.batch import analyze

        with tempfile.TemporaryDirectory() as tmp:
            prof = cProfile.Profile()
            prof.enable()
            analyze([str(p) for p in paths], tmp, report=False)
            prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


def _print_floor(paths, docs, results, worker, timed, mb: float, seconds: dict[str, float]) -> None:
    """Time the compiled calls alone and bare jieba; print the floor they set (see ``--floor``)."""
    import csv
    import io

    import jieba

    texts = [d.text for d in docs]
    engine = worker.tokenizer._engine
    if worker.tokenizer.engine != "rjieba":
        print("\n--floor needs rjieba (pip install \"policytext[fast]\"); skipped")
        return
    hmm = worker.tokenizer.hmm
    cut = [engine.cut(t, hmm) for t in texts]
    automaton = worker.matcher._automaton
    tables: dict[str, list[tuple]] = {}
    for r in results:
        for name, rows in r.tables.items():
            tables.setdefault(name, []).extend(rows)

    def write_rows() -> None:
        for rows in tables.values():
            csv.writer(io.StringIO()).writerows(rows)

    bare = jieba.Tokenizer()
    bare.initialize()
    floor = {
        "read bytes + decode UTF-8": lambda: [p.read_bytes().decode("utf-8") for p in paths],
        "rjieba cut": lambda: [engine.cut(t, hmm) for t in texts],
        "Counter over its tokens": lambda: [Counter(c) for c in cut],
        "one Aho-Corasick scan of the lexicon": lambda: [automaton.find_matches_as_indexes(t) for t in texts],
        "csv writer over the rows written": write_rows,
    }
    print("\nThe compiled calls alone (a floor for any Python implementation of the same output):\n")
    print("| call | s per MB |")
    print("|---|---:|")
    total = 0.0
    for name, fn in floor.items():
        sec = timed(fn)
        total += sec
        print(f"| {name} | {sec / mb:.3f} |", flush=True)
    jieba_sec = timed(lambda: [bare.lcut(t) for t in texts])
    run = sum(seconds[k] for k in seconds if k.startswith(("whole", "encode", "collect")))
    print(f"| **sum: the floor** | **{total / mb:.3f}** |")
    print(f"\nbare jieba.Tokenizer().lcut: {jieba_sec / mb:.3f} s per MB ({mb / jieba_sec:.2f} MB/s)")
    print(f"- the floor alone is {jieba_sec / total:.2f}× bare jieba: the most one worker could reach")
    print(f"- 5× bare jieba leaves {(jieba_sec / 5 - total) / mb:.3f} s per MB for everything that is "
          f"not a compiled call; the per-document step, encoding and collecting take "
          f"{run / mb:.3f} s per MB here, {(run - total) / mb:.3f} of it beyond the floor")


if __name__ == "__main__":
    sys.exit(main())
