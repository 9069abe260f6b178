"""Numbers as the reports write them: 5%左右, ６．５％, 1 0 ％, 百分之八至九, 一千二百万人以上.

:data:`FIGURE_RE` finds a figure (an optional qualifier written before it, a number or range,
a unit, a qualifier after it); :class:`Number` reads one match.
"""

from __future__ import annotations

import re

from ...numerals import CHINESE_DIGITS, parse_numeral

__all__ = ["FIGURE_RE", "Number", "has_number", "parse_number"]

_FW = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")
_D = "[0-9０-９]"
# digits, with the stray spaces of some 1990s copies (1 0 ．0 6 ‰)
_ARABIC = rf"{_D}(?:[ \u3000]?{_D})*(?:[ \u3000]?[.．][ \u3000]?{_D}(?:[ \u3000]?{_D})*)?"
_CN = "[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?"
_RANGE = "(?:—|－|-|–|～|~|至|到)"
_UNIT = ("(?:个百分点|万亿立方米|万亿斤|亿斤|万亿元|亿元|亿美元|万吨|亿吨|亿公斤|万人次|万人|万户|万套|"
         "万个|万|%|％|‰)")
_QUAL = "(?:左右|以上|以内|以下|上下|之内)"
_PRE = "(?:不低于|不超过|不高于|低于|高于|超过|突破)"
#: A figure: qualifier before, number or range, unit, qualifier after.
FIGURE_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?:"
    rf"百分之(?P<p1>{_CN})(?:{_RANGE}(?:百分之)?(?P<p2>{_CN}))?"
    rf"|(?P<a1>{_ARABIC})[ \u3000]?(?P<u1>%|％)?(?:[ \u3000]?{_RANGE}[ \u3000]?(?P<a2>{_ARABIC}))?"
    rf"[ \u3000]?(?P<u2>{_UNIT})?"
    rf"|(?P<c1>{_CN})(?P<u3>{_UNIT})"
    rf")(?:[ \u3000]?(?P<qual>{_QUAL}))?"
)
# qualifiers written before the number, as the four documented ones
_PRE_QUAL = {"低于": "以下", "不高于": "以内", "不超过": "以内", "超过": "以上", "高于": "以上",
             "不低于": "以上", "突破": "以上"}
_QUAL_NORM = {"之内": "以内", "上下": "左右"}
def parse_number(s: str) -> float:
    """The value of a number as the reports write it.

    >>> parse_number("７．５"), parse_number("1 0"), parse_number("七点五"), parse_number("一千二百")
    (7.5, 10.0, 7.5, 1200.0)
    """
    s = s.translate(_FW).replace(" ", "").replace("\u3000", "")
    if s and s[0].isdigit():
        return float(s)
    whole, _, frac = s.partition("点")
    value = float(parse_numeral(whole)) if whole else 0.0
    if frac:
        value += float("0." + "".join(str(CHINESE_DIGITS[c]) for c in frac))
    return value



class Number:
    """One figure match of :data:`FIGURE_RE`: value, value_high (None), unit (％ folded to
    %; 百分之 → %), qualifier (左右/以上/以内/以下 or empty) and span."""

    __slots__ = ("end", "qual", "start", "unit", "value", "value_high")

    def __init__(self, m: re.Match) -> None:
        self.start, self.end = m.start(), m.end()
        if m.group("p1"):
            self.value = parse_number(m.group("p1"))
            self.value_high = parse_number(m.group("p2")) if m.group("p2") else None
            self.unit = "%"
        elif m.group("a1"):
            self.value = parse_number(m.group("a1"))
            self.value_high = parse_number(m.group("a2")) if m.group("a2") else None
            unit = m.group("u2") or m.group("u1") or ""
            self.unit = unit.translate(_FW)
        else:
            self.value = parse_number(m.group("c1"))
            self.value_high = None
            self.unit = m.group("u3").translate(_FW)
        qual = m.group("qual") or ""
        pre = m.group("pre")
        self.qual = _QUAL_NORM.get(qual, qual) or (_PRE_QUAL[pre] if pre else "")



_DIGIT = re.compile(r"[0-9０-９]|百分之")


def has_number(text: str) -> bool:
    """Whether ``text`` holds a digit or 百分之 (a cheap test before reading figures)."""
    return _DIGIT.search(text) is not None
