#!/usr/bin/env python
"""Run every ``benchmarks/bench_*.py`` with its default arguments (``make bench``).

Each script prints Markdown tables; copy them into BENCHMARKS.md with the date and the machine's
load (the figures are only comparable on an otherwise idle machine).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n## {script.name}\n", flush=True)
        if subprocess.run([sys.executable, str(script)]).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
