"""Metadata (docvars) found in a document's opening lines or its file name.

Title, date, year, genre and speaker. Each field may be None; the rules prefer saying nothing
to guessing wrong: a salutation (各位代表：) is not a title, a number in the body is not a date.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

__all__ = ["GENRES", "extract_metadata", "genre_of", "parse_date"]

#: Genre keywords, matched at the end of the title (longest first).
GENRES = (
    "工作报告", "讲话", "报告", "公报", "决议", "意见", "通知", "方案", "办法", "条例", "决定",
    "规划", "章程", "纲要", "规定", "细则", "通报", "批复", "致辞", "贺词", "演讲", "发言",
    "讲稿", "公告", "通告", "函", "纪要", "建议", "说明", "宪法", "法",
)
_GENRE_OF = {"工作报告": "报告", "贺词": "致辞", "讲稿": "讲话", "演讲": "讲话"}

_FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "〇○零Ｏ一二三四五六七八九"
_DIGIT = r"[0-9０-９]"
_SP = r"[ \u3000]?"

# 1990年3月20日, １９９０年３月２０日, 1 9 9 0 年 3 月, 一九七〇年一月十三日
_DATE_ARABIC = re.compile(
    rf"((?:{_DIGIT}{_SP}){{3}}{_DIGIT}){_SP}年{_SP}(?:((?:{_DIGIT}{_SP})?{_DIGIT}){_SP}月"
    rf"(?:{_SP}((?:{_DIGIT}{_SP})?{_DIGIT}){_SP}日)?)?"
)
_DATE_CHINESE = re.compile(
    rf"([{_CN_NUM}]{{4}})年(?:([一二三四五六七八九十]{{1,3}})月(?:([一二三四五六七八九十]{{1,3}})日)?)?"
)
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")

_SALUTATION = re.compile(r"^(各位代表|同志们|代表们|各位委员|女士们|先生们|朋友们|亲爱的|尊敬的)")
_DATE_LINE = re.compile(r"^(?:[—－\-─―]{1,3}|[（(])")
_SPEAKER_TITLE = re.compile(
    r"(?:国务院总理|国务院副总理|中共中央总书记|总书记|国家主席|主席|总理|委员长|书记|副书记|省长|市长|县长|区长|部长|主任|同志)"
    r"[ \u3000]*([\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3})$"
)
_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){1,3}$")
_SECTION_WORDS = frozenset({"总纲", "目录", "附则", "前言", "序言", "正文", "引言", "结语", "附件", "总则", "分则", "说明"})
_DATE_ONLY = re.compile(r"^[（(]?[0-9０-９〇○零一二三四五六七八九十 \u3000]{4,}年[0-9０-９一二三四五六七八九十 \u3000]{1,3}月(?:[0-9０-９一二三四五六七八九十 \u3000]{1,3}日)?[）)]?$")
_NOT_NAMES = frozenset({*GENRES, "摘要", "全文", "节选", "草案", "修订", "实录", "文字实录", "讲话稿", "决议", "报告", "公报", "定稿", "初稿", "终稿", "修改稿"})
_OUTLINE_START = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[章节条部])")
_PLAIN_NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
_TITLE_STOP = re.compile(r"[。！？；]")


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of the first date in ``text``; missing parts are None."""
    m = _DATE_ARABIC.search(text)
    if m:
        year = int(_digits(m.group(1)))
        month = int(_digits(m.group(2))) if m.group(2) else None
        day = int(_digits(m.group(3))) if m.group(3) else None
        if _plausible(year, month, day):
            return year, month, day
    m = _DATE_CHINESE.search(text)
    if m:
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        month = _cn_small(m.group(2)) if m.group(2) else None
        day = _cn_small(m.group(3)) if m.group(3) else None
        if _plausible(year, month, day):
            return year, month, day
    return None, None, None


def genre_of(title: str | None) -> str | None:
    """Genre from the end of a title (讲话, 报告, 公报, 意见, 通知…), or None."""
    if not title:
        return None
    core = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip()).rstrip("》”\"' \u3000")
    core = re.sub(r"[（(].*$", "", core) if not core else core
    for g in GENRES:
        if core.endswith(g):
            return _GENRE_OF.get(g, g)
    # 在…会议上的讲话 often precedes a qualifier: "讲话（摘要）", "讲话提纲"
    for g in ("讲话", "报告", "公报", "决议", "意见", "通知", "方案", "办法"):
        if g in core[-8:]:
            return g
    return None


def extract_metadata(text: str, *, path: str | None = None, max_lines: int = 12) -> dict[str, Any]:
    """Title, date (ISO or None), year, genre and speaker from the opening lines and file name.

    Parameters
    ----------
    text
        Cleaned document text.
    path
        The file name is a fallback for the year (``2020.txt``, ``20240315.md``,
        ``1990政府工作报告_李鹏.txt``) and the speaker (``…_李鹏``).
    """
    lines = [ln.strip(" \t\u3000") for ln in text.split("\n")[:80]]
    head = [_MARKDOWN_HEADING.sub("", ln) for ln in lines if ln][:max_lines]
    title = _find_title(head)
    year = month = day = None
    # Full dates come from date lines (——1990年3月20日在…, （2017年10月18日）), lines holding only
    # a date, or the first sentence (全会于一九七〇年八月二十三日开幕); the title may give a year.
    # Other lines are never read for dates: "一、１９５５年国家决算" is a heading, not a date.
    date_lines = [ln for ln in head if _DATE_LINE.match(ln) or _DATE_ONLY.match(ln)]
    first_sentence = _first_sentence(head, title)
    for line in [*date_lines, *([first_sentence] if first_sentence else [])]:
        y, mth, d = parse_date(line)
        if y and mth and d:
            year, month, day = y, mth, d
            break
    if title:
        title_year = parse_date(title)[0]
        if title_year and year is None:
            year = title_year
    stem = PurePath(path).stem if path else ""
    if year is None and stem:
        m = _FILENAME_DATE.search(stem)
        if m:
            year = int(m.group(1))
            if m.group(2):
                month, day = int(m.group(2)), int(m.group(3))
    speaker = _find_speaker(head)
    if speaker is None and "_" in stem:
        speaker = next(
            (part for part in stem.split("_")[1:]
             if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", part) and part not in _NOT_NAMES),
            None,
        )
    subtitle_genre = next((genre_of(ln) for ln in head[:6] if _DATE_LINE.match(ln) and genre_of(ln)), None)
    genre = genre_of(title) or subtitle_genre or (genre_of(re.sub(r"^\d+|_.*$", "", stem)) if stem else None)
    date = f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None
    return {"title": title, "date": date, "year": year, "genre": genre, "speaker": speaker}


def _find_title(head: list[str]) -> str | None:
    for line in head[:4]:
        if _SALUTATION.match(line) or _DATE_LINE.match(line):
            return None  # a salutation or date line before any title: there is none
        if len(line) > 60 or line.endswith("。") or _TITLE_STOP.search(line):
            return None
        if len(line) > 30 and ("，" in line or "," in line):
            return None
        if line[-1] in "的了和与及并或在对把将为向从于是":  # a sentence cut by a wiki-link break
            return None
        if _SPACED_NAME.match(line) or _SPEAKER_TITLE.search(line):
            continue
        if re.fullmatch(r"[\d\-/\s.:年月日]+", line) or _DATE_ONLY.match(line):
            continue
        if _OUTLINE_START.match(line):
            return None
        return line
    return None


def _first_sentence(head: list[str], title: str | None) -> str | None:
    """The opening sentence of the body (after the title and date/speaker lines)."""
    for line in head[:5]:
        if line == title or _DATE_LINE.match(line) or _DATE_ONLY.match(line) or _SALUTATION.match(line):
            continue
        if len(line) < 15:
            continue
        return re.split(r"[。！？]", line, maxsplit=1)[0][:150]
    return None


def _find_speaker(head: list[str]) -> str | None:
    for i, line in enumerate(head):
        compact = line.strip()
        m = _SPEAKER_TITLE.search(compact)
        if m and len(compact) <= 16:
            return re.sub(r"[ \u3000]", "", m.group(1))
        if _SPACED_NAME.match(compact) and re.sub(r"[ \u3000]", "", compact) not in _SECTION_WORDS:
            return re.sub(r"[ \u3000]", "", compact)
        # a title word alone on its line, the name on the next (国务院总理\n李　强)
        if re.fullmatch(r"(国务院总理|总理|总书记|国家主席)", compact) and i + 1 < len(head):
            nxt = re.sub(r"[ \u3000]", "", head[i + 1])
            if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", nxt):
                return nxt
    return None


def _digits(s: str) -> str:
    return re.sub(r"[ \u3000]", "", s).translate(_FW_DIGITS)


def _cn_small(s: str) -> int | None:
    """一 … 三十一 → int."""
    vals = [_CN_DIGITS.get(c) for c in s]
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + (vals[1] or 0)
    if len(s) >= 2 and s[1] == "十":
        return (vals[0] or 0) * 10 + (vals[2] if len(s) == 3 and vals[2] is not None else 0)
    return vals[0] if len(s) == 1 else None


def _plausible(year: int, month: int | None, day: int | None) -> bool:
    if not 1900 <= year <= 2100:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31
