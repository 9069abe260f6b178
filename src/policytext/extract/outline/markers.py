"""Outline markers (序号): the marker styles, the :data:`MARKER` pattern and its classification."""

from __future__ import annotations

import re

from ...chars import HORIZONTAL_SPACE
from ...numerals import int_to_chinese, parse_numeral

# --- numerals -------------------------------------------------------------------------------------
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
_PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴..⒇
_DOT_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}  # ⒈..⒛
_PAREN_IDEO = {chr(0x3220 + i): i + 1 for i in range(10)}  # ㈠..㈩


# --- styles ---------------------------------------------------------------------------------------
# style -> (family, rank); lower rank = higher in the conventional hierarchy.
STYLE_RANK: dict[str, tuple[str, int]] = {
    "第X部分": ("di", 0), "第X编": ("di", 0), "第X章": ("di", 1), "第X节": ("di", 2),
    "第X条": ("di", 3),
    "一、": ("list", 0), "（一）": ("list", 1), "㈠": ("list", 1), "1.": ("list", 2),
    "1、": ("list", 2), "（1）": ("list", 3), "①": ("list", 4),
    "一是": ("item", 0), "一要": ("item", 0), "其一": ("item", 0), "第一，": ("item", 0),
    "首先": ("item", 0),
}
HEADING_STYLES = tuple(s for s, (f, _) in STYLE_RANK.items() if f != "item")
ITEM_STYLES = tuple(s for s, (f, _) in STYLE_RANK.items() if f == "item")


def render_marker(style: str, ordinal: int) -> str:
    """The marker a style writes for an ordinal (``render_marker("（一）", 3) == "（三）"``)."""
    cn = int_to_chinese(ordinal) if 0 <= ordinal < 1000 else str(ordinal)
    if style.startswith("第X"):
        return f"第{cn}{style[2:]}"
    table = {
        "一、": f"{cn}、", "（一）": f"（{cn}）", "1.": f"{ordinal}.", "1、": f"{ordinal}、",
        "（1）": f"（{ordinal}）", "一是": f"{cn}是", "一要": f"{cn}要", "其一": f"其{cn}",
        "第一，": f"第{cn}，",
    }
    if style in table:
        return table[style]
    if style == "①":
        return chr(0x2460 + ordinal - 1) if 1 <= ordinal <= 20 else f"({ordinal})"
    if style == "㈠":
        return chr(0x3220 + ordinal - 1) if 1 <= ordinal <= 10 else f"（{cn}）"
    if style == "首先":
        return {1: "首先", 2: "其次", 3: "再次"}.get(ordinal, "最后")
    raise ValueError(f"unknown style {style!r}; valid: {', '.join(STYLE_RANK)}")


# --- patterns -------------------------------------------------------------------------------------
WS = HORIZONTAL_SPACE
WS_TUPLE = tuple(WS)
CN = "一二三四五六七八九十"
CNX = "一二三四五六七八九十百零〇○"
DIG = "0-9０-９"
# markers that may open a heading or an item; the boundary before them is checked in Python
ALTS = (
    rf"(?P<di>第(?P<di_n>[{CNX}]{{1,6}}|[{DIG}]{{1,3}})(?P<di_u>部分|编|章|节|条)"
    r"(?!(?:规定|所|的|中|之|和|与|及|或|至|到|、|，|,))"
    r")"
    rf"|(?P<dix>第(?P<dix_n>[{CN}]{{1,3}})[，,、：:])"
    rf"|(?P<cn>(?P<cn_n>[{CN}]{{1,3}})(?P<cn_p>、|[.．](?![{DIG}]))"
    rf"(?![{CN}]{{1,3}}(?:、|[.．]|季|产业|线|级|类|批|期|届|号|等|月份|年级)))"
    rf"|(?P<pcn>[（(](?P<pcn_n>[{CN}]{{1,3}})[）)])"
    rf"|(?P<ar>(?P<ar_n>[{DIG}]{{1,2}})(?P<ar_p>[.．](?![{DIG}%％])|、(?![{DIG}])))"
    rf"|(?P<ard>(?P<ard_n>[{DIG}]{{1,2}})[.．](?=[{DIG}])(?![{DIG}]+[%％‰倍]))"
    rf"|(?P<par>[（(](?P<par_n>[{DIG}]{{1,2}})[）)])"
    r"|(?P<circ>[\u2460-\u2473])|(?P<pdig>[\u2474-\u2487])|(?P<ddig>[\u2488-\u249b])"
    r"|(?P<pideo>[\u3220-\u3229])"
    rf"|(?P<shi>(?P<shi_n>[{CN}]{{1,2}})是(?![否非]|不是))"
    rf"|(?P<yao>(?P<yao_n>[{CN}]{{1,2}})要(?![素点求件务领义害闻职员犯案紧道]))"
    rf"|(?P<qi>其(?P<qi_n>[{CN}]{{1,2}})(?:[，,、：:]|(?=是)))"
    r"|(?P<seq>首先|其次|再次|最后)"
)
# a marker at one spot (used at the start of the text and for glued markers)
CANDIDATE = re.compile(ALTS)
#: A heading or item marker of any style at one spot (``MARKER.match(text, pos)``); pass the
#: match to :func:`classify_marker`.
MARKER = CANDIDATE


def classify(m: re.Match[str]) -> tuple[str, int, str] | None:
    g = m.lastgroup
    if g == "di":
        unit = m.group("di_u")
        return f"第X{unit}", parse_numeral(m.group("di_n")), "heading"
    if g == "dix":
        return "第一，", parse_numeral(m.group("dix_n")), "item"
    if g == "cn":
        return "一、", parse_numeral(m.group("cn_n")), "heading"
    if g == "pcn":
        return "（一）", parse_numeral(m.group("pcn_n")), "heading"
    if g == "ar":
        style = "1、" if m.group("ar_p") == "、" else "1."
        n = parse_numeral(m.group("ar_n"))
        return (style, n, "heading") if n > 0 else None
    if g == "ard":  # 3．10种… : a marker only at a line start inside a running 1. 2. … list
        n = parse_numeral(m.group("ard_n"))
        return ("1.", n, "heading") if n > 0 else None
    if g == "par":
        n = parse_numeral(m.group("par_n"))
        return ("（1）", n, "heading") if n > 0 else None
    if g == "circ":
        return "①", _CIRCLED[m.group("circ")], "heading"
    if g == "pdig":
        return "（1）", _PAREN_DIGIT[m.group("pdig")], "heading"
    if g == "ddig":
        return "1.", _DOT_DIGIT[m.group("ddig")], "heading"
    if g == "pideo":
        return "㈠", _PAREN_IDEO[m.group("pideo")], "heading"
    if g == "shi":
        return "一是", parse_numeral(m.group("shi_n")), "item"
    if g == "yao":
        return "一要", parse_numeral(m.group("yao_n")), "item"
    if g == "qi":
        return "其一", parse_numeral(m.group("qi_n")), "item"
    if g == "seq":
        return "首先", {"首先": 1, "其次": 2, "再次": 3, "最后": 99}[m.group("seq")], "item"
    return None  # pragma: no cover


def classify_marker(m: re.Match[str]) -> tuple[str, int, str] | None:
    """``(style, ordinal, kind)`` of a :data:`MARKER` match, or None for no marker.

    >>> classify_marker(MARKER.match("（三）扩大内需"))
    ('（一）', 3, 'heading')
    """
    return classify(m)


# marker text -> (style, ordinal, kind, is 第X) or None; a marker's text alone decides its
# alternative of ALTS (no two alternatives match the same text), so its class is cached
_CLASS_CACHE: dict[str, tuple[str, int, str, bool] | None] = {}
_CLASS_CACHE_MAX = 20_000  # cleared when full (hostile input with endless distinct numerals)


def classify_cached(m: re.Match[str], marker: str) -> tuple[str, int, str, bool] | None:
    """:func:`classify` of a marker match plus whether its style is a 第X one, memoised by the
    marker's text (a few dozen distinct markers cover a corpus)."""
    try:
        return _CLASS_CACHE[marker]
    except KeyError:
        pass
    c = classify(m)
    r = None if c is None else (*c, c[0].startswith("第X"))
    if len(_CLASS_CACHE) >= _CLASS_CACHE_MAX:
        _CLASS_CACHE.clear()
    _CLASS_CACHE[marker] = r
    return r
