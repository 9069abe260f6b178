"""Throughput of outline extraction over a corpus folder (default: ../shared/corpus).

Usage::

    .venv/bin/python benchmarks/bench_outline.py [CORPUS_DIR] [--repeat N]

Texts are decoded before timing (UTF-8, falling back to GB18030); the figure is UTF-8 megabytes
(10**6 bytes) of text per second through :func:`policytext.extract.outline.iter_outline` on one
core. A second line times the 200,000-marker worst cases used in the tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policytext.extract.outline import iter_outline  # noqa: E402


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    root = Path(args.corpus)
    if not root.is_dir():
        print(f"corpus folder {root} not found; nothing to benchmark", file=sys.stderr)
        return 1
    texts = [_decode(p.read_bytes()) for p in sorted(root.rglob("*")) if p.suffix in (".txt", ".md")]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    n_chars = sum(len(t) for t in texts)
    best = float("inf")
    n_nodes = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_nodes = sum(1 for t in texts for _ in iter_outline(t))
        best = min(best, time.perf_counter() - t0)
    print(
        f"outline: {len(texts)} files, {n_chars / 1e6:.1f} M chars, {n_bytes / 1e6:.1f} MB, "
        f"{n_nodes} nodes in {best:.2f} s -> {n_bytes / 1e6 / best:.1f} MB/s "
        f"({n_chars / 1e6 / best:.1f} M chars/s)"
    )
    worst = {"一、×200k": "一、" * 200_000, "（×200k": "（" * 200_000,
             "。一、×100k": "。一、" * 100_000, "\\n一、×100k": "\n一、" * 100_000,
             "。（一）x×100k": "。（一）x" * 100_000, "一是×200k": "一是" * 200_000}
    parts = []
    for name, text in worst.items():
        t0 = time.perf_counter()
        for _ in iter_outline(text):
            pass
        parts.append(f"{name} {time.perf_counter() - t0:.2f}s")
    print("worst cases: " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
