#!/usr/bin/env python
"""Throughput of ``policytext analyze`` against bare jieba segmentation, at the margin.

Usage::

    python benchmarks/bench_analyze.py [--corpus DIR] [--repeat 3] [--sizes 10,20]
                                       [--workers 1,2] [--memory 10,50,100]

For each size S (MB) the first files of the corpus (sorted by name) adding up to S MB are copied
into a folder (copied: analyze skips links that leave the input folder, and a file met twice). Each measurement is a fresh subprocess timed from outside (start-up included):

* ``jieba``: read each file and run ``jieba.Tokenizer().lcut`` on it (nothing else);
* ``analyze wN``: ``policytext analyze DIR --out TMP --workers N --no-report``;
* ``analyze+report``: the same with the report (charts, HTML) for the fixed-cost figure.

Throughput at the margin = (S2 - S1) MB / (t(S2) - t(S1)), which cancels start-up; fixed cost =
t(S1) - S1 / margin throughput; for the report also, without extrapolating its own margin, the
time it adds at S1 (median over rounds) plus the fixed cost of ``analyze w1``. Medians of
``--repeat`` runs (the machine is noisy), and the
median over rounds of each round's ratio of margins (runs of one round are close in time). With
``--memory``, peak RSS (ru_maxrss of the child) of ``analyze --workers 1`` over corpora of the
given sizes, without and with the report; sizes above the corpus repeat its files under new
names (same vocabulary).
``--memory-docs N1,N2,…``: the same for N documents of the People's Daily articles
(``--docs-corpus``, repeated in one more folder per round), and the growth per document between the
counts: with the vocabulary fixed, what a run keeps for each document.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xinwenlianbo"
DOCS_CORPUS = ROOT.parent / "shared" / "corpus" / "peoples_daily"
PY = sys.executable

JIEBA_SCRIPT = r"""
import sys, time, logging
import jieba
jieba.setLogLevel(logging.WARNING)
t = jieba.Tokenizer()
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    path = line.rstrip("\n")
    n += len(t.lcut(open(path, encoding="utf-8", errors="replace").read()))
print(n)
"""


def subset(files: list[Path], mb: float, folder: Path) -> tuple[Path, int]:
    """Link files (repeating the corpus under new names if needed) until ``mb`` MB."""
    folder.mkdir(parents=True, exist_ok=True)
    total, i, target = 0, 0, int(mb * 1_000_000)
    while total < target:
        src = files[i % len(files)]
        rnd = i // len(files)
        name = src.name if rnd == 0 else f"r{rnd}_{src.name}"
        shutil.copyfile(src, folder / name)
        total += src.stat().st_size
        i += 1
    return folder, total


def run(cmd: list[str], env=None) -> tuple[float, int]:
    """(wall seconds, peak RSS in kB of the child and its descendants)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: some inputs failed (listed below), the run is complete
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if proc.returncode == 1:
        failed = [ln for ln in proc.stderr.splitlines() if ln.startswith("  error:")]
        print("    " + "\n    ".join(failed[:5]), file=sys.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(after, before)


def rss_of(cmd: list[str], env=None) -> int:
    """Peak RSS (kB) of one command, measured by a fresh wrapper process."""
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,"
            "stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", code, *cmd], check=True, capture_output=True, text=True, env=env)
    return int(out.stdout.strip())


def memory_per_document(args, tmp: Path, env, cli: list[str]) -> int:
    """Peak RSS of ``analyze --workers 1 --no-report`` over N documents, for each N."""
    files = sorted(p for p in args.docs_corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    counts = [int(x) for x in args.memory_docs.split(",")]
    print(f"{len(files)} distinct files of {args.docs_corpus}, repeated (a folder per round)")
    print("\n| documents | MB | peak RSS MB (analyze --workers 1 --no-report) |")
    print("|---:|---:|---:|")
    peaks = []
    for n in counts:
        folder = tmp / f"docs{n}"
        folder.mkdir()
        nbytes = 0
        for i in range(n):
            src = files[i % len(files)]
            sub = folder / f"r{i // len(files)}"  # a folder per round: names as they are
            sub.mkdir(exist_ok=True)
            shutil.copyfile(src, sub / src.name)
            nbytes += src.stat().st_size
        kb = rss_of([*cli, str(folder), "--out", str(tmp / f"out-docs{n}"), "--no-report"], env=env)
        peaks.append(kb)
        print(f"| {n:,} | {nbytes / 1e6:.0f} | {kb / 1024:.0f} |", flush=True)
    for (n1, k1), (n2, k2) in zip(zip(counts, peaks), zip(counts[1:], peaks[1:])):
        print(f"- {n1:,} → {n2:,} documents: {(k2 - k1) * 1024 / (n2 - n1):,.0f} bytes per document")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="10,20", help="two sizes in MB (margin between them)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--memory", default="", help="sizes in MB for the peak-memory series")
    ap.add_argument("--memory-docs", default="", help="document counts for a peak-memory series")
    ap.add_argument("--docs-corpus", type=Path, default=DOCS_CORPUS)
    ap.add_argument("--no-report-run", action="store_true", help="skip the analyze+report run")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} not found", file=sys.stderr)
        return 2
    files = sorted(p for p in args.corpus.iterdir() if p.is_file() and p.suffix in (".txt", ".md"))
    s1, s2 = (float(x) for x in args.sizes.split(","))
    workers = [int(w) for w in args.workers.split(",") if w]
    tmp = Path(tempfile.mkdtemp(prefix="bench-analyze-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cli = [PY, "-m", "policytext", "analyze"]
    try:
        if args.memory_docs:
            return memory_per_document(args, tmp, env, cli)
        sets = {}
        for s in (s1, s2):
            folder, nbytes = subset(files, s, tmp / f"in{s:g}")
            listing = tmp / f"list{s:g}.txt"
            listing.write_text("\n".join(str(p) for p in sorted(folder.iterdir())) + "\n", encoding="utf-8")
            sets[s] = (folder, nbytes, listing)
        results: dict[str, dict[float, list[float]]] = {}

        def measure(label: str, s: float, cmd: list[str]) -> None:
            wall, _ = run(cmd, env=env)
            results.setdefault(label, {}).setdefault(s, []).append(wall)
            print(f"  {label:<16} {s:>5g} MB  {wall:7.2f} s", file=sys.stderr, flush=True)

        for r in range(args.repeat):
            print(f"round {r + 1}/{args.repeat}", file=sys.stderr)
            for s in (s1, s2):
                folder, nbytes, listing = sets[s]
                measure("jieba", s, [PY, "-c", JIEBA_SCRIPT, str(listing)])
                for w in workers:
                    out = tmp / f"out-w{w}-{s:g}"
                    shutil.rmtree(out, ignore_errors=True)
                    measure(f"analyze w{w}", s, [*cli, str(folder), "--out", str(out),
                                                   "--workers", str(w), "--no-report"])
                if not args.no_report_run:
                    out = tmp / f"out-rep-{s:g}"
                    shutil.rmtree(out, ignore_errors=True)
                    measure("analyze+report", s, [*cli, str(folder), "--out", str(out), "--workers", "1"])

        mb1, mb2 = sets[s1][1] / 1e6, sets[s2][1] / 1e6
        print(f"\nsizes: {mb1:.2f} MB and {mb2:.2f} MB of {args.corpus.name}; medians of {args.repeat} runs\n")
        print("| run | t(S1) s | t(S2) s | margin MB/s | fixed cost s |")
        print("|---|---:|---:|---:|---:|")
        margin: dict[str, float] = {}
        for label, by in results.items():
            t1, t2 = statistics.median(by[s1]), statistics.median(by[s2])
            rate = (mb2 - mb1) / (t2 - t1) if t2 > t1 else float("inf")
            margin[label] = rate
            fixed = t1 - mb1 / rate if rate != float("inf") else t1
            print(f"| {label} | {t1:.2f} | {t2:.2f} | {rate:.2f} | {fixed:.2f} |")
        print()
        if "jieba" in margin:
            for w in workers:
                lab = f"analyze w{w}"
                if lab in margin:
                    print(f"- {lab} / bare jieba at the margin: {margin[lab] / margin['jieba']:.2f}×")
        if "analyze w1" in margin and "analyze w2" in margin:
            print(f"- analyze w2 / analyze w1 at the margin: {margin['analyze w2'] / margin['analyze w1']:.2f}×")
        if "analyze w1" in results and "analyze+report" in results:
            # The fixed cost above extrapolates with each run's own margin, which a noisy round
            # moves by seconds. Without extrapolating the report: what it adds at S1 in the same
            # round, plus the fixed cost of the run without it.
            extra = statistics.median(
                a - b for a, b in zip(results["analyze+report"][s1], results["analyze w1"][s1]))
            w1_fixed = statistics.median(results["analyze w1"][s1]) - mb1 / margin["analyze w1"]
            print(f"- the report adds {extra:.2f} s at {mb1:.0f} MB (median of rounds); fixed cost "
                  f"counted as that plus analyze w1's: {extra + w1_fixed:.2f} s")

        # The host's speed drifts by tens of percent over minutes, so the medians of t(S1) and
        # t(S2) can come from different phases. Each round's runs are minutes apart at most:
        # the ratio of margins within a round compares like with like; report their median.
        def round_margin(label: str, r: int) -> float:
            t1, t2 = results[label][s1][r], results[label][s2][r]
            return (mb2 - mb1) / (t2 - t1) if t2 > t1 else float("inf")

        pairs = [(f"analyze w{w}", "jieba") for w in workers] + [("analyze w2", "analyze w1")]
        print("\nper round (margins of the same round):\n")
        for num, den in pairs:
            if num in results and den in results:
                ratios = [round_margin(num, r) / round_margin(den, r) for r in range(args.repeat)]
                shown = ", ".join(f"{x:.2f}" for x in ratios)
                print(f"- {num} / {den}: median {statistics.median(ratios):.2f}× (rounds: {shown})")

        if args.memory:
            print("\n| corpus MB | peak RSS MB, analyze --workers 1 --no-report | with the report |")
            print("|---:|---:|---:|")
            for s in (float(x) for x in args.memory.split(",")):
                folder, nbytes = subset(files, s, tmp / f"mem{s:g}")
                out = tmp / f"out-mem-{s:g}"
                kb = rss_of([*cli, str(folder), "--out", str(out), "--no-report"], env=env)
                shutil.rmtree(out, ignore_errors=True)
                kb_report = rss_of([*cli, str(folder), "--out", str(out)], env=env)
                print(f"| {nbytes / 1e6:.0f} | {kb / 1024:.0f} | {kb_report / 1024:.0f} |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
