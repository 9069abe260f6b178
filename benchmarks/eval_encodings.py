"""How often :func:`policytext.io.decode_bytes` gets the encoding of a short passage right.

Passages of 8–120 characters are cut at random from the government work reports (converted
to traditional characters with OpenCC for Big5), and passages of 4–30 characters from the 1954
report, written in traditional characters (``big5-1954``), encoded in Big5, GB18030, UTF-16 (both byte orders, no byte-order mark) and UTF-8, and
decoded back. Prints the share decoded exactly, per encoding, and a few failures.

Usage::

    PYTHONPATH=src python benchmarks/eval_encodings.py [N_PER_ENCODING] [SEED]
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path


def passages(n: int, seed: int) -> list[str]:
    shared = Path(os.environ.get("POLICYTEXT_SHARED", "../shared")) / "corpus" / "gov_work_reports" / "ropensci"
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        t = rng.choice(texts)
        size = rng.choice((8, 12, 20, 30, 50, 80, 120))
        i = rng.randrange(max(1, len(t) - size))
        piece = t[i : i + size].strip()
        if len(piece) >= 6:
            out.append(piece)
    return out


def original_traditional(n: int, seed: int) -> list[str]:
    """Short passages (4–30 characters) of the 1954 report, written in traditional characters."""
    path = Path(os.environ.get("POLICYTEXT_SHARED", "../shared")) / "corpus" / "gov_work_reports" / "wikisource" / "1954.txt"
    text = path.read_text(encoding="utf-8")
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        size = rng.choice((4, 6, 8, 10, 15, 20, 30))
        i = rng.randrange(len(text) - size)
        piece = text[i : i + size].strip()
        if len(piece) >= 3 and _can(piece, "big5"):
            out.append(piece)
    return out


def main(n: int, seed: int) -> None:
    from opencc import OpenCC

    from policytext.errors import DocumentReadError
    from policytext.io import decode_bytes

    simplified = passages(n, seed)
    traditional = [OpenCC("s2t").convert(p) for p in simplified]
    cases = {
        "big5": [(p, p.encode("big5")) for p in traditional if _can(p, "big5")],
        "big5-1954": [(p, p.encode("big5")) for p in original_traditional(n, seed)],
        "gb18030": [(p, p.encode("gb18030")) for p in simplified],
        "utf-16-le": [(p, p.encode("utf-16-le")) for p in simplified],
        "utf-16-be": [(p, p.encode("utf-16-be")) for p in simplified],
        "utf-8": [(p, p.encode("utf-8")) for p in simplified],
    }
    for codec, pairs in cases.items():
        wrong = []
        for text, data in pairs:
            try:
                got = decode_bytes(data)
            except DocumentReadError as exc:
                got = f"<{type(exc).__name__}>"
            if got != text.replace("\r\n", "\n"):
                wrong.append((text, got))
        ok = len(pairs) - len(wrong)
        print(f"{codec:10s} {ok}/{len(pairs)} decoded exactly ({ok / max(len(pairs), 1):.1%})")
        for text, got in wrong[:3]:
            print(f"    {text[:20]!r} -> {got[:20]!r}")


def _can(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
