#!/usr/bin/env python
"""Compare ``policytext analyze`` of the working tree with an earlier revision: same tables? how
much faster?

Usage::

    python benchmarks/ab_analyze.py --base REV [--corpus DIR] [--mb 10] [--rounds 5]
                                    [--workers 1] [--check DIR ...]

The revision is checked out into a temporary ``git worktree`` (removed at the end); both trees
run with this interpreter and the working tree's installed dependencies, each in a fresh
process (``PYTHONPATH=<tree>/src python -m policytext analyze … --no-report``).

* ``--check DIR``: analyse each folder with both trees and compare every output file byte for
  byte (the resume state aside). Exit code 1 when any differs.
* Timing: the first ``--mb`` MB of the corpus (files sorted by name), base and new alternately
  (the order flips every round, the host is noisy), ``--rounds`` rounds; prints each round's
  ratio new/base and their median. Start-up is included, so a ratio understates a change at the
  margin.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xinwenlianbo"


def _run(src: Path, folder: Path, out: Path, workers: str) -> float:
    """Seconds ``analyze`` took; raises RuntimeError (with its stderr) when it wrote no tables."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "policytext", "analyze", str(folder), "--out", str(out),
                           "--workers", workers, "--no-report", "--no-progress"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1) or not (out / "documents.csv").is_file():
        raise RuntimeError(f"analyze with {src} failed (exit code {proc.returncode}):\n"
                           f"{proc.stderr[-2000:]}")
    rows = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    if not any(",ok," in r for r in rows):  # a timing of nothing analysed is no timing
        raise RuntimeError(f"analyze with {src} analysed no document of {folder}")
    return seconds


def _differences(a: Path, b: Path) -> list[str]:
    names = sorted({p.name for p in a.iterdir() if not p.name.startswith(".")}
                   | {p.name for p in b.iterdir() if not p.name.startswith(".")})
    return [n for n in names if not ((a / n).is_file() and (b / n).is_file()
                                     and filecmp.cmp(a / n, b / n, shallow=False))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="git revision to compare with (e.g. HEAD~3)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--rounds", type=int, default=5, help="timing rounds (0: no timing)")
    ap.add_argument("--workers", default="1")
    ap.add_argument("--check", type=Path, nargs="*", default=[], help="folders whose tables must be identical")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="policytext-ab-"))
    base_tree = tmp / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base_tree), args.base],
                   check=True)
    try:
        return _compare(args, tmp, base_tree)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def _compare(args: argparse.Namespace, tmp: Path, base_tree: Path) -> int:
    """The identity checks, then the timing; 1 when a checked folder's tables differ."""
    status = 0
    trees = {"base": base_tree / "src", "new": ROOT / "src"}
    for folder in args.check:
        outs = {k: tmp / f"check-{k}-{folder.name}" for k in trees}
        for k, src in trees.items():
            _run(src, folder, outs[k], args.workers)
        diff = _differences(outs["base"], outs["new"])
        print(f"{folder}: {'identical' if not diff else 'DIFFERENT: ' + ', '.join(diff)}")
        status |= bool(diff)
    if args.rounds:
        if not args.corpus.is_dir():
            print(f"timing skipped: {args.corpus} not found")
            return status
        sample = tmp / "sample"
        sample.mkdir()
        total = 0
        for p in sorted(args.corpus.iterdir()):
            if p.suffix in (".txt", ".md"):
                # copied, not linked: analyze skips links that leave the input folder
                shutil.copyfile(p, sample / p.name)
                total += p.stat().st_size
                if total >= args.mb * 1e6:
                    break
        ratios, times = [], {"base": [], "new": []}
        for r in range(args.rounds):
            order = ("base", "new") if r % 2 == 0 else ("new", "base")
            got = {}
            for k in order:
                out = tmp / f"time-{k}"
                got[k] = _run(trees[k], sample, out, args.workers)
                shutil.rmtree(out, ignore_errors=True)
                times[k].append(got[k])
            ratios.append(got["new"] / got["base"])
            print(f"round {r + 1}: base {got['base']:.2f} s, new {got['new']:.2f} s, "
                  f"new/base {ratios[-1]:.3f}", flush=True)
        print(f"{total / 1e6:.2f} MB, --workers {args.workers}: median base "
              f"{statistics.median(times['base']):.2f} s, new {statistics.median(times['new']):.2f} s; "
              f"median of round ratios new/base {statistics.median(ratios):.3f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
