"""Build the CJK font subset shipped in ``src/policytext/resources/fonts/``.

The package ships a subset of Noto Sans CJK SC (SIL Open Font License 1.1) so that charts show
Chinese glyphs on a machine without any CJK font.  This script is run by a maintainer, at build
time, never at install or run time.  See ``data/fonts/README.md`` for the full story.

Usage::

    apt-get install -y fonts-noto-cjk unicode-data     # Debian/Ubuntu, build machine only
    python data/fonts/build_font.py                   # writes the .otf next to OFL.txt
    python data/fonts/build_font.py --source NotoSansCJKsc-Regular.otf --tgh-levels 1 2

Character set (see ``charset()``):

* every character of GB 2312 (6,763 hanzi + 682 symbols: punctuation, ①–⑳, ⑴–⒇, ⒈–⒛,
  Ⅰ–Ⅻ, Greek, Cyrillic, kana, pinyin letters, box drawing);
* Big5 level 1 (5,401 common traditional characters, from Python's big5 codec);
* 通用规范汉字表 (2013) levels given by ``--tgh-levels`` (default all three: 8,105
  characters; level 1 = 3,500 common ones), read from the Unihan ``kTGH`` field;
* ASCII, Latin-1, General Punctuation, CJK Symbols and Punctuation (U+3000–303F),
  full-width forms (U+FF01–FF65, U+FFE0–FFE6), enclosed numerals ①–⑳ and ㈠–㈩ / ㊀–㊉,
  letterlike symbols (℃ № ™), arrows, and a few characters from names of office holders
  that are outside GB 2312 (镕, 堃, 喆, 祎, 玥, 珺, 昇, 赟).
"""

from __future__ import annotations

import argparse
import bz2
import glob
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT_DIR = REPO / "src" / "policytext" / "resources" / "fonts"
OUT_NAME = "PolicytextSansSC-Regular.otf"
FAMILY = "Policytext Sans SC"
POSTSCRIPT = "PolicytextSansSC-Regular"

DEFAULT_SOURCES = [
    # Debian/Ubuntu fonts-noto-cjk: a collection, face "Noto Sans CJK SC" is picked by name.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
]
UNIHAN_GLOBS = [
    "/usr/share/unicode/Unihan_OtherMappings.txt*",  # Debian unicode-data
    "/usr/share/unicode/Unihan*.zip",
]

EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x203B),  # ‰ ′ ″ ※
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
    (0x2160, 0x216B),  # Ⅰ–Ⅻ
    (0x2170, 0x217B),  # ⅰ–ⅻ
    (0x2190, 0x2199),  # arrows
    (0x2460, 0x249B),  # ①–⑳ ⑴–⒇ ⒈–⒛
    (0x25A0, 0x25CF),  # ■ □ ▲ △ ◆ ◇ ○ ◎ ●
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3220, 0x3243),  # ㈠–㈩ and parenthesised ideographs
    (0x3280, 0x32B0),  # ㊀–㊉ and circled ideographs
    (0xFE10, 0xFE19),  # vertical forms of punctuation
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF65),  # full-width ASCII and half-width CJK punctuation
    (0xFFE0, 0xFFE6),  # ￠ ￡ ￢ ￣ ￤ ￥ ￦
]
EXTRA_CHARS = "镕堃喆祎玥珺昇赟"


def gb2312_chars() -> set[str]:
    """Every character encodable in GB 2312 (rows 0xA1–0xF7, cells 0xA1–0xFE)."""
    out: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def big5_common_chars() -> set[str]:
    """Big5 level 1 (常用字, 0xA440–0xC67E): the 5,401 traditional characters of everyday text.

    Older documents (the 1954–1957 work reports) and Taiwan/Hong Kong sources are written in
    them; without them a chart of such a corpus draws boxes.
    """
    out: set[str] = set()
    for hi in range(0xA4, 0xC7):
        for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            if (hi, lo) > (0xC6, 0x7E):
                break
            try:
                out.add(bytes([hi, lo]).decode("big5"))
            except UnicodeDecodeError:
                continue
    return out


def _unihan_lines() -> list[str]:
    import zipfile

    for pattern in UNIHAN_GLOBS:
        for path in sorted(glob.glob(pattern)):
            if path.endswith(".bz2"):
                return bz2.open(path, "rt", encoding="utf-8").read().splitlines()
            if path.endswith(".zip"):
                with zipfile.ZipFile(path) as zf:
                    name = next(n for n in zf.namelist() if "OtherMappings" in n)
                    return zf.read(name).decode("utf-8").splitlines()
            return Path(path).read_text(encoding="utf-8").splitlines()
    raise SystemExit(
        "Unihan data not found (needs the kTGH field, Unicode >= 13): "
        "apt-get install unicode-data, or pass --unihan FILE"
    )


def tgh_chars(levels: set[int], unihan: str | None = None) -> set[str]:
    """Characters of 通用规范汉字表 (2013) in the given levels (1: 1–3500, 2: 3501–6500, 3: rest)."""
    lines = Path(unihan).read_text(encoding="utf-8").splitlines() if unihan else _unihan_lines()
    out: set[str] = set()
    for line in lines:
        m = re.match(r"U\+([0-9A-F]+)\tkTGH\t(.*)", line)
        if not m:
            continue
        for value in m.group(2).split():
            year, _, index = value.partition(":")
            if year != "2013":
                continue
            n = int(index)
            level = 1 if n <= 3500 else 2 if n <= 6500 else 3
            if level in levels:
                out.add(chr(int(m.group(1), 16)))
    if not out:
        raise SystemExit("no kTGH entries found in the Unihan data")
    return out


def charset(levels: set[int], unihan: str | None = None) -> set[str]:
    chars = gb2312_chars() | tgh_chars(levels, unihan) | big5_common_chars() | set(EXTRA_CHARS)
    for lo, hi in EXTRA_RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    return chars


def load_source(path: str):
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        for font in TTCollection(path).fonts:
            if font["name"].getDebugName(1) == "Noto Sans CJK SC":
                return font
        raise SystemExit(f"{path}: no face named 'Noto Sans CJK SC' in this collection")
    return TTFont(path)


def rename(font) -> None:
    """Give the subset its own name: it must not be mistaken for the full Noto Sans CJK SC."""
    name = font["name"]
    source_version = name.getDebugName(5) or "unknown"
    name.names = [n for n in name.names if n.nameID in (0, 7, 13, 14)]
    fields = {
        1: FAMILY,
        2: "Regular",
        3: f"{POSTSCRIPT};subset of Noto Sans CJK SC {source_version.split(';')[0]}",
        4: FAMILY,
        5: source_version.split(";")[0] + "; policytext subset",
        6: POSTSCRIPT,
        10: "Subset of Noto Sans CJK SC (SIL OFL 1.1) built for the policytext package.",
    }
    for nid, text in fields.items():
        name.setName(text, nid, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", FAMILY), ("FamilyName", FAMILY)):
            if hasattr(top, key):
                setattr(top, key, value)


def build(source: str, out: Path, levels: set[int], unihan: str | None) -> tuple[int, int]:
    from fontTools import subset

    font = load_source(source)
    chars = charset(levels, unihan)
    cmap = font.getBestCmap()
    missing = sorted(c for c in chars if ord(c) not in cmap)
    unicodes = sorted(ord(c) for c in chars if ord(c) in cmap)

    options = subset.Options()
    options.layout_features = []  # matplotlib does no OpenType shaping
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.hinting = False  # matplotlib renders with FreeType's autohinter by default
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 10, 13, 14]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.recalc_bounds = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    if missing:
        print(
            f"{len(missing)} requested characters are not in the source font:",
            "".join(missing[:80]),
            file=sys.stderr,
        )
    return len(unicodes), out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="Noto Sans CJK SC .otf, or a .ttc that contains it")
    parser.add_argument("--unihan", help="Unihan_OtherMappings.txt (for the kTGH field)")
    parser.add_argument(
        "--tgh-levels",
        type=int,
        nargs="*",
        default=[1, 2, 3],
        help="通用规范汉字表 levels to include (default: 1 2 3)",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / OUT_NAME)
    parser.add_argument(
        "--charset-out",
        type=Path,
        default=HERE / "charset.txt",
        help="write the covered characters here (one line, sorted)",
    )
    args = parser.parse_args(argv)

    source = args.source or next((p for p in DEFAULT_SOURCES if Path(p).exists()), None)
    if source is None:
        parser.error("no source font found: apt-get install fonts-noto-cjk, or pass --source")
    n, size = build(source, args.out, set(args.tgh_levels), args.unihan)
    from fontTools.ttLib import TTFont

    covered = sorted(chr(c) for c in TTFont(args.out).getBestCmap() if c >= 0x20)
    args.charset_out.write_text("".join(covered) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({size:,} bytes, {n:,} characters) from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
