"""Corpus access shared by build_lexicon.py (not part of the package).

Text is compared with all whitespace removed (the Wikisource copies break lines inside
wiki links, the party constitution PDF text wraps every ~30 characters, even inside
slogans), and every match is mapped back to a 1-based line number of the raw file. A file in
traditional characters (the 1954 work report) is compared through its simplified form, one
character for one (policytext.chars.to_simplified_chars), as the package's term counts are.
"""
from __future__ import annotations

import bisect
import os
import re
from functools import cache
from pathlib import Path

from policytext.chars import matching_form

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def corpus_root() -> Path:
    env = os.environ.get("POLICYTEXT_SHARED_CORPUS")
    if env:
        return Path(env)
    for cand in (REPO.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if cand.is_dir():
            return cand
    raise SystemExit("shared corpus not found; set POLICYTEXT_SHARED_CORPUS")


_WS = re.compile(r"\s+")
# Quotation marks are dropped too: “十四五”规划 attests 十四五规划, “两学一做”学习教育 attests
# 两学一做学习教育. Terms never contain these characters.
_QUOTES = frozenset("“”‘’\"'「」『』")
# Wikisource licence footer appended to every file of gov_work_reports/wikisource.
_FOOTER = re.compile(r"本作品是中华人民共和国的|本作品在全世界都属于公有领域|Public domain")


class Text:
    """A file's text with whitespace removed, plus a map back to raw line numbers."""

    __slots__ = ("_line_starts", "flat", "rel")

    def __init__(self, rel: str, raw: str) -> None:
        self.rel = rel
        m = _FOOTER.search(raw)
        if m and rel.startswith("gov_work_reports/wikisource/"):
            raw = raw[: m.start()]
        chars: list[str] = []
        line_starts: list[int] = [0]  # flat offset at which raw line i+1 starts
        n = 0
        for line in raw.split("\n"):
            for ch in line:
                if not ch.isspace() and ch not in _QUOTES:
                    chars.append(ch)
                    n += 1
            line_starts.append(n)
        self.flat = "".join(chars)
        self.flat = matching_form(self.flat)  # 社會主義 attests 社会主义; offsets unchanged
        self._line_starts = line_starts[:-1]

    @property
    def n_lines(self) -> int:
        return len(self._line_starts)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def offset_of_line(self, line: int) -> int:
        return self._line_starts[line - 1]

    def find(self, s: str, start: int = 0) -> int:
        return self.flat.find(s, start)


@cache
def load(rel: str) -> Text:
    p = corpus_root() / rel
    raw = p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    return Text(rel, raw)


def gov_report_files() -> list[tuple[int, str]]:
    """(year, rel path) of the 政府工作报告 set used for first_year, 1954-2025."""
    root = corpus_root()
    out: dict[int, str] = {}
    for p in sorted((root / "gov_work_reports" / "wikisource").glob("*.txt")):
        if p.stem.isdigit():
            out[int(p.stem)] = f"gov_work_reports/wikisource/{p.name}"
    for p in sorted((root / "gov_work_reports" / "ropensci").glob("*.txt")):
        y = int(p.name[:4])
        if y in (1989, 1990, 1991, 1996) and y not in out:
            out[y] = f"gov_work_reports/ropensci/{p.name}"
    t2020 = root / "gov_work_reports" / "2020政府工作报告_文字实录.txt"
    if t2020.exists():
        out.setdefault(2020, "gov_work_reports/2020政府工作报告_文字实录.txt")
    return sorted(out.items())


def official_files() -> list[str]:
    """Public-domain official documents, in citation-preference order."""
    root = corpus_root()
    rels: list[str] = []
    for sub in ("party_constitution", "congress_reports", "plenum_communiques", "npc_resolutions"):
        rels += [str(p.relative_to(root)) for p in sorted((root / sub).glob("*.txt"))]
    return rels


def media_files() -> list[str]:
    """新闻联播, 人民日报 and the seed speech (copyrighted: cite file:line only, never copy text)."""
    root = corpus_root()
    rels = [str(p.relative_to(root)) for p in sorted((root / "xinwenlianbo").glob("*.md"))]
    rels += [str(p.relative_to(root)) for p in sorted((root / "peoples_daily").rglob("*.md"))]
    rels += [str(p.relative_to(root)) for p in sorted((root / "seed").glob("*"))]
    return rels


def grep(s: str, rels: list[str], limit: int = 5) -> list[str]:
    s = "".join(ch for ch in _WS.sub("", s) if ch not in _QUOTES)
    hits = []
    for rel in rels:
        t = load(rel)
        i = t.find(s)
        if i >= 0:
            hits.append(f"{rel}:{t.line_of(i)}")
            if len(hits) >= limit:
                break
    return hits


if __name__ == "__main__":  # quick look-up: python _corpus.py TERM...
    import sys

    files = [r for _, r in gov_report_files()] + official_files()
    for term in sys.argv[1:]:
        print(term, grep(term, files, limit=8))
