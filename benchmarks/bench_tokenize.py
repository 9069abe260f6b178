#!/usr/bin/env python
"""Tokenizer start-up time and throughput: policytext's engines against bare jieba.

Usage::

    python benchmarks/bench_tokenize.py [--corpus DIR] [--mb 5] [--repeat 5]

Start-up: a fresh subprocess builds the tokenizer (import + dictionary + lexicon) and reports
the seconds. Throughput: tokens per second and MB/s on the same text (the first ``--mb`` MB of
the corpus), medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xinwenlianbo"

STARTUP = {
    "bare jieba": "import jieba,logging;jieba.setLogLevel(logging.WARNING);t=jieba.Tokenizer();t.initialize()",
    "policytext jieba": "from policytext.tokenize import Tokenizer;Tokenizer(engine='jieba').warm_up()",
    "policytext rjieba": "from policytext.tokenize import Tokenizer;Tokenizer(engine='rjieba').warm_up()",
}


def startup(code: str, repeat: int) -> float:
    wrapper = f"import time;t0=time.perf_counter();{code};print(time.perf_counter()-t0)"
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True,
                             env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import jieba

    from policytext.tokenize import Tokenizer

    jieba.setLogLevel(logging.WARNING)
    texts, total = [], 0
    for p in sorted(args.corpus.iterdir()):
        if p.suffix not in (".txt", ".md"):
            continue
        t = p.read_text(encoding="utf-8", errors="replace")
        texts.append(t)
        total += len(t.encode("utf-8"))
        if total >= args.mb * 1e6:
            break
    mb = total / 1e6
    print(f"text: {mb:.2f} MB ({len(texts)} files of {args.corpus.name}); medians of {args.repeat} runs\n")
    print("| engine | start-up s | tokens/s | MB/s | × bare jieba |")
    print("|---|---:|---:|---:|---:|")
    bare = jieba.Tokenizer()
    bare.initialize()
    engines = {
        "bare jieba (`jieba.Tokenizer().lcut`)": bare.lcut,
        "policytext jieba": Tokenizer(engine="jieba").warm_up().tokenize,
        "policytext rjieba": Tokenizer(engine="rjieba").warm_up().tokenize,
    }
    starts = dict(zip(engines, (startup(c, args.repeat) for c in STARTUP.values())))
    base = None
    for name, fn in engines.items():
        times, n = [], 0
        for _ in range(args.repeat if "rjieba" in name else max(1, args.repeat // 2)):
            t0 = time.perf_counter()
            n = sum(len(fn(t)) for t in texts)
            times.append(time.perf_counter() - t0)
        sec = statistics.median(times)
        base = base or sec
        print(f"| {name} | {starts[name]:.2f} | {n / sec:,.0f} | {mb / sec:.2f} | {base / sec:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
