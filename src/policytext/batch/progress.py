"""The progress line on standard error."""

from __future__ import annotations

import sys
import time

from .._text_safety import terminal_safe


class Progress:
    """One line on standard error: documents analysed, share, speed, time left, the last one.
    Redrawn at most ten times a second (a run can finish a thousand documents a second)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.t0 = self._shown = time.perf_counter()

    def update(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._shown < 0.1 and self.done < self.total:
            return
        self._shown = now
        rate = self.done / max(now - self.t0, 1e-9)
        left = _duration((self.total - self.done) / rate)
        sys.stderr.write(f"\r[{self.done}/{self.total} {self.done / self.total:4.0%}] "
                         f"{rate:.1f} docs/s, {left} left  {terminal_safe(label[:40]):<40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _duration(seconds: float) -> str:
    """``1h02m``, ``3m05s`` or ``12s``."""
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"
