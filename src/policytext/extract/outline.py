"""Document outline: numbered headings (序号) and inline enumerations (一是…二是…).

A heading is a marker in one of the styles Chinese official documents use — 第X部分/编/章/节/条,
一、 （一） ㈠ 1. 1、 （1） ① — at the start of a line or, when a scrape lost the paragraph
break, at the start of a sentence (``…我讲几点意见。一、关于…``). An item is an inline
enumeration — 一是…二是…, 第一，…第二，…, 一要…二要…, 其一…其二…, 首先…其次…最后 — at the
start of a sentence and part of a run (一是 without 二是 is no enumeration).

Nesting follows the order in which marker styles appear: a style already open closes the deeper
ones; a new style nests under the current one, except that within the numbered-list family
(一、 › （一） › 1. › （1） › ①) and the 第X family (部分/编 › 章 › 节 › 条) a conventionally
higher style never nests under a lower one. Items nest under the heading whose body they sit in.

Some lines stand outside the numbered outline and close every open section: an appendix,
annex or glossary line (附件2：…, 附录, 名词解释), after which the block's own outline starts at
the top again, and an address (各位代表！…) after which no heading follows or a numbering
restarts (the next part of a report in unmarked parts). The lines of a table of contents (目录)
are no nodes.

Everything runs on compiled regexes plus work proportional to the number of candidate markers,
so extraction is linear in the text length (no per-character Python loops).
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import pairwise, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus, Document, as_documents
from ..numerals import int_to_chinese, parse_numeral
from ._frames import typed_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "MARKER",
    "OUTLINE_COLUMNS",
    "Outline",
    "OutlineNode",
    "classify_marker",
    "format_outline",
    "iter_outline",
    "outline",
    "outline_rows",
    "parse_numeral",
    "part_boundaries",
    "render_marker",
]

#: Columns of :func:`outline` and their dtypes.
OUTLINE_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "node_id": "int64",
    "parent_id": "Int64",
    "depth": "int64",
    "kind": "object",
    "marker": "object",
    "style": "object",
    "ordinal": "int64",
    "title": "object",
    "title_end_known": "bool",
    "start": "int64",
    "end": "int64",
}

# --- numerals -------------------------------------------------------------------------------------
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
_PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴..⒇
_DOT_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}  # ⒈..⒛
_PAREN_IDEO = {chr(0x3220 + i): i + 1 for i in range(10)}  # ㈠..㈩


# --- styles ---------------------------------------------------------------------------------------
# style -> (family, rank); lower rank = higher in the conventional hierarchy.
_STYLE_RANK: dict[str, tuple[str, int]] = {
    "第X部分": ("di", 0), "第X编": ("di", 0), "第X章": ("di", 1), "第X节": ("di", 2),
    "第X条": ("di", 3),
    "一、": ("list", 0), "（一）": ("list", 1), "㈠": ("list", 1), "1.": ("list", 2),
    "1、": ("list", 2), "（1）": ("list", 3), "①": ("list", 4),
    "一是": ("item", 0), "一要": ("item", 0), "其一": ("item", 0), "第一，": ("item", 0),
    "首先": ("item", 0),
}
HEADING_STYLES = tuple(s for s, (f, _) in _STYLE_RANK.items() if f != "item")
ITEM_STYLES = tuple(s for s, (f, _) in _STYLE_RANK.items() if f == "item")


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
    raise ValueError(f"unknown style {style!r}; valid: {', '.join(_STYLE_RANK)}")


# --- patterns -------------------------------------------------------------------------------------
_WS = " \t\u3000\u2002\u2003\u00a0\u2009"
_WS_TUPLE = tuple(_WS)
_CN = "一二三四五六七八九十"
_CNX = "一二三四五六七八九十百零〇○"
_DIG = "0-9０-９"
# markers that may open a heading or an item; the boundary before them is checked in Python
_ALTS = (
    rf"(?P<di>第(?P<di_n>[{_CNX}]{{1,6}}|[{_DIG}]{{1,3}})(?P<di_u>部分|编|章|节|条)"
    r"(?!(?:规定|所|的|中|之|和|与|及|或|至|到|、|，|,))"
    r")"
    rf"|(?P<dix>第(?P<dix_n>[{_CN}]{{1,3}})[，,、：:])"
    rf"|(?P<cn>(?P<cn_n>[{_CN}]{{1,3}})(?P<cn_p>、|[.．](?![{_DIG}]))"
    rf"(?![{_CN}]{{1,3}}(?:、|[.．]|季|产业|线|级|类|批|期|届|号|等|月份|年级)))"
    rf"|(?P<pcn>[（(](?P<pcn_n>[{_CN}]{{1,3}})[）)])"
    rf"|(?P<ar>(?P<ar_n>[{_DIG}]{{1,2}})(?P<ar_p>[.．](?![{_DIG}%％])|、(?![{_DIG}])))"
    rf"|(?P<ard>(?P<ard_n>[{_DIG}]{{1,2}})[.．](?=[{_DIG}])(?![{_DIG}]+[%％‰倍]))"
    rf"|(?P<par>[（(](?P<par_n>[{_DIG}]{{1,2}})[）)])"
    r"|(?P<circ>[\u2460-\u2473])|(?P<pdig>[\u2474-\u2487])|(?P<ddig>[\u2488-\u249b])"
    r"|(?P<pideo>[\u3220-\u3229])"
    rf"|(?P<shi>(?P<shi_n>[{_CN}]{{1,2}})是(?![否非]|不是))"
    rf"|(?P<yao>(?P<yao_n>[{_CN}]{{1,2}})要(?![素点求件务领义害闻职员犯案紧道]))"
    rf"|(?P<qi>其(?P<qi_n>[{_CN}]{{1,2}})(?:[，,、：:]|(?=是)))"
    r"|(?P<seq>首先|其次|再次|最后)"
)
# a marker at one spot (used at the start of the text and for glued markers)
_CANDIDATE = re.compile(_ALTS)
#: A heading or item marker of any style at one spot (``MARKER.match(text, pos)``); pass the
#: match to :func:`classify_marker`.
MARKER = _CANDIDATE
# the scan: a boundary character, optional indentation, a marker. Starting with a character
# class lets the regex engine skip quickly to boundaries (sentence/clause ends, line breaks).
_BOUNDARY = "\n。！？!?；;：:，,”’」』）)#"
_FIRST = rf"第{_CN}（(0-9０-９\u2460-\u249b\u3220-\u3229其首最再"
_SCAN = re.compile(rf"[{_BOUNDARY}][{_WS}]{{0,40}}(?=[{_FIRST}])(?:{_ALTS})")
_LEAD_WS = re.compile(rf"[{_WS}]*")
# characters that end a sentence (a heading may follow directly)
_SENT_END = "。！？!?"
_COLON = "：:"
_CLAUSE = "；;，,"
_CLOSERS = "”’」』）)"
_TERMINAL = set(_SENT_END + _COLON + "；;" + _CLOSERS + "…—")
_TITLE_END_CHARS = "。！？!?；;"
_TITLE_END = re.compile(rf"[{_TITLE_END_CHARS}]")
_NEWLINE = re.compile(r"\n")
_GUESS_ABOUT = re.compile(r"关于.{1,30}?(?:工作|问题|情况|建设|任务|意见|要求|方面)")
_GUESS_CLAUSE = re.compile(r"[，,：:]")
# a deeper first marker glued to the end of a heading's title (``三、…任务（一）继续…``)
_GLUE = r"[（(](?:一|1|１)[）)]|[㈠①⑴]|(?<![0-9０-９])[1１][.．、](?![0-9０-９])"
_GLUE_LEAD = "（(㈠①⑴1１"  # the characters a _GLUE match starts with
# _GLUE inside a title that starts where the match starts: two characters in at least, before
# the title's end (a _TITLE_END character or the line break); m.end() is where the _GLUE match
# starts. One pass over the title: runs that cannot start a match are skipped whole.
_GLUE_IN_TITLE = re.compile(
    rf"[^{_TITLE_END_CHARS}\n]{{2}}"
    rf"(?:[^{_TITLE_END_CHARS}\n{_GLUE_LEAD}]++|(?!{_GLUE})[{_GLUE_LEAD}])*+(?={_GLUE})"
)
_TITLE_STRIP = "".join(_WS) + "\n，,、：:；;。！？!?"
_WS_NL = _WS + "\n"
_WS_NL_SET = frozenset(_WS_NL)
_TITLE_LEAD = _WS + "：:，,、.．"  # skipped between a marker and its title
_TITLE_TAIL = _WS + "”’」』"  # skipped after a title's final punctuation
_PARA_END_WRAPPED = re.compile(r"[。！？!?”」』…]\s*\n")
# an ordinal-1 list marker anywhere (a run's missing first member, glued to the text before it)
_FIRST_MARK = re.compile(
    rf"(?<![{_CNX}])一[、.．]|[（(][一1１][）)]|[㈠①⑴⒈]|(?<![0-9０-９.．])[1１][.．、]"
)
# characters that make a word with a following 一 (统一、 唯一、 之一、 划一、)
_WORD_ONE = set("统唯万第同之专单划归合均逐纯始如其任")
# a Markdown ATX heading line (新闻联播 transcripts: ``## 详细新闻``, ``### 标题``)
# (found from its first "#", preceded by a line break and up to three spaces: "#" is much rarer
# than a line break, and a literal first character keeps the scan fast)
_MD_HEADING = re.compile(r"#(?:(?<=\n#)|(?<=\n #)|(?<=\n  #)|(?<=\n   #))#{0,5}(?=[ \t\n]|\Z)")
_MD_HEADING_AT0 = re.compile(r" {0,3}#{1,6}(?=[ \t\n]|\Z)")

# a line that opens a block of its own after the body: an appendix (附件2：…), a glossary
# (名词解释), an annex (附录, 附：…). It closes every open section; the block's own outline
# starts again at the top.
_NUM_TAG = rf"[{_WS}]*[{_CNX}{_DIG}]{{0,3}}[{_WS}]*"
_BLOCK = (rf"附件{_NUM_TAG}(?:[：:][^\n]{{0,60}})?|附录{_NUM_TAG}(?:[：:][^\n]{{0,60}})?"
          r"|附[：:][^\n]{0,60}|名词解释[：:]?|注释[：:]?")
# a table of contents: a 目录 line and the short lines after it (their markers are no nodes)
_TOC = rf"目[{_WS}]*录"
TOC_ENTRY = 50  # a table-of-contents line is at most this long
# an address to the audience opening a line (各位代表！…): where no heading follows it, or where
# the next heading restarts a numbering already used (a report in unmarked parts), it starts a
# new part and closes every open section
_ADDRESS = r"(?:各位代表|各位委员|代表们|同志们|同志们、朋友们)[！!]"
# the three kinds of line, looked for from each line break (a literal first character keeps the
# scan fast)
_PART_LINE = re.compile(
    rf"\n[{_WS}]*(?:(?:(?P<block>{_BLOCK})|(?P<toc>{_TOC}))[{_WS}]*(?=\n|\Z)"
    rf"|(?P<address>{_ADDRESS}))"
)


def _part_lines(text: str) -> dict[str, list[int]]:
    """Line starts of appendix/glossary lines (``block``), 目录 lines (``toc``) and lines that
    open with an address (``address``), ascending."""
    out: dict[str, list[int]] = {"block": [], "toc": [], "address": []}
    for m in _PART_LINE.finditer("\n" + text):  # (the leading "\n" finds a first line too)
        out[m.lastgroup].append(m.start())  # m.start() in "\n"+text is the line start in text
    return out


_NEAR = 512  # _Lines searches this far for a line break before bisecting
_MIN_LONG = 15  # a line this long (without trailing blanks) counts for _hard_wrapped
MAX_TITLE = 300  # a title never runs further than this without punctuation
LONG_TITLE = 60  # a line-initial first sentence longer than this, with body after it, is suspect
MIDLINE_TITLE = 40  # same for a heading found mid-line (lost paragraph break)
MAX_ITEM_GAP = 3000  # characters between consecutive items of a run
# a speech's 第一，…第二，… parts, each opening a line, may lie this far apart
MAX_PART_GAP = 30000


@dataclass(frozen=True)
class OutlineNode:
    """One heading or enumeration item.

    Attributes
    ----------
    node_id
        Position in document order, from 0.
    parent_id
        ``node_id`` of the enclosing node, or None at the top.
    depth
        1 for top-level nodes.
    kind
        ``"heading"`` or ``"item"``.
    marker
        The marker as written (``"（一）"``, ``"一是"``, ``"第十条"``).
    style
        Marker style, width-insensitive: 第X部分 第X编 第X章 第X节 第X条 一、 （一） ㈠ 1. 1、
        （1） ① (headings), 一是 一要 其一 第一， 首先 (items).
    ordinal
        The number the marker stands for (首先/其次/再次/最后 count 1, 2, 3…).
    title
        The heading's title or the item's first sentence, without the final punctuation.
    title_end_known
        False where the title's end had to be guessed (a heading whose paragraph break was lost).
    start, end
        The node's whole section, from the marker to the end of its body.
    title_start, title_end
        Span of :attr:`title`.
    """

    node_id: int
    parent_id: int | None
    depth: int
    kind: str
    marker: str
    style: str
    ordinal: int
    title: str
    title_end_known: bool
    start: int
    end: int
    title_start: int
    title_end: int


# _build fills an OutlineNode's __dict__ directly (no __init__) with exactly these fields
_NODE_FIELDS = ("node_id", "parent_id", "depth", "kind", "marker", "style", "ordinal", "title",
                "title_end_known", "start", "end", "title_start", "title_end")
if tuple(f.name for f in fields(OutlineNode)) != _NODE_FIELDS:  # pragma: no cover
    raise ImportError("OutlineNode's fields changed: update _NODE_FIELDS and _build")


@dataclass(slots=True)
class _Cand:
    start: int
    mend: int  # end of the marker
    style: str
    ordinal: int
    ctx: str  # line | wrap | sent | colon | semi | clause | glue
    kind: str
    accepted: bool = False
    run_next: int = -1  # items: start of the next member of the run (-1 for the last)
    run_last: int = -1  # items: start of the last member of the run
    md_line: int = -1  # start of its line when it sits on a Markdown heading line (``## 一、``)
    needs_run: bool = False  # ``3．10种…``: a marker only where it continues a 1. 2. … list


_start_of = attrgetter("start")  # sort key of candidates


class _Lines:
    """Line boundaries of a text.

    A look-up searches for the nearest line break with ``str.find``/``rfind`` within
    :data:`_NEAR` characters of the position (lines are short and outline nodes few, so this
    beats listing every line break of every text); beyond that it bisects the offsets of all line
    breaks, listed on first need, so a look-up never costs more than O(_NEAR + log n).
    """

    __slots__ = ("_nl", "n", "text")

    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self._nl: list[int] | None = None

    @property
    def nl(self) -> list[int]:
        """Offsets of all line breaks, ascending."""
        if self._nl is None:
            self._nl = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self._nl

    def line_start(self, pos: int) -> int:
        lo = pos - _NEAR
        i = self.text.rfind("\n", max(lo, 0), pos)
        if i >= 0 or lo <= 0:
            return i + 1
        nl = self.nl
        i = bisect_left(nl, pos)
        return nl[i - 1] + 1 if i > 0 else 0

    def line_end(self, pos: int) -> int:
        hi = pos + _NEAR
        i = self.text.find("\n", pos, hi)
        if i >= 0:
            return i
        if hi >= self.n:
            return self.n
        nl = self.nl
        i = bisect_left(nl, pos)
        return nl[i] if i < len(nl) else self.n

    def line_ends(self, positions: list[int]) -> list[int]:
        """:meth:`line_end` of each of ``positions`` (ascending)."""
        out: list[int] = []
        end = -1
        for pos in positions:
            if pos > end:  # else pos lies on the line of the one before (no break in between)
                end = self.line_end(pos)
            out.append(end)
        return out


def _hard_wrapped(text: str) -> tuple[bool, int]:
    """Whether most long lines end mid-sentence (PDF hard wraps) and the typical wrap width.

    Looks at the lines whose length without trailing blanks is at least 15 (at most ~2000 of
    them, evenly sampled): wrapped when there are at least 8 and half of them or more end in
    something other than sentence-final punctuation; the width is the median length of those.
    """
    parts = text.split("\n")
    if len(parts) < 11:  # fewer than 10 line breaks
        return False, 0
    step = max(1, len(parts) // 2000)  # sample at most ~2000 lines
    sample = parts[::step] if step > 1 else parts
    # Raw lengths first: trailing blanks only shorten a line. Lines that end in a blank are
    # "open" here, so when no open line ends in one, no long line has trailing blanks and the
    # raw lines are the stripped ones (the usual case: cleaned text).
    longs = [s for s in sample if len(s) >= _MIN_LONG]
    opens = [s for s in longs if s[-1] not in _TERMINAL]
    if any(s[-1] in _WS for s in opens):
        longs = [s for s in map(str.rstrip, longs, repeat(_WS)) if len(s) >= _MIN_LONG]
        opens = [s for s in longs if s[-1] not in _TERMINAL]
    if len(longs) < 8 or len(opens) < 0.5 * len(longs):
        return False, 0
    widths = sorted(map(len, opens))
    return True, widths[len(widths) // 2]


def _classify(m: re.Match[str]) -> tuple[str, int, str] | None:
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
    return _classify(m)


def _context(text: str, pos: int, lines: _Lines, wrapped: bool, width: int) -> str:
    """How the marker at ``pos`` is introduced: line, wrap, sent, colon, semi, clause or inner."""
    j = pos
    while j > 0 and text[j - 1] in _WS:
        j -= 1
        if pos - j > 40:  # pathological runs of spaces
            break
    if j == 0:
        return "line"
    prev = text[j - 1]
    if prev == "#":  # a Markdown heading line (``## 一、总体要求``) starts a line
        k = j - 1
        while k > 0 and text[k - 1] == "#" and j - k < 6:
            k -= 1
        ls = lines.line_start(k)
        return "line" if k - ls <= 3 and not text[ls:k].strip(" ") else "inner"
    if prev == "\n":
        # a line start: is it a real paragraph or a hard-wrapped continuation?
        k = j - 1
        ls = lines.line_start(k)
        seg = text[ls:k].rstrip(_WS_NL)
        if not seg:
            return "line"
        last = seg[-1]
        if last in "，,、":
            return "wrap"
        if last in _TERMINAL:
            return "line"
        if wrapped and len(seg.lstrip(_WS)) >= 0.8 * width and not _CANDIDATE.match(
            seg.lstrip(_WS)
        ):
            return "wrap"
        return "line"
    if prev in _SENT_END:
        return "sent"
    if prev in _CLOSERS and j >= 2 and text[j - 2] in _SENT_END:
        return "sent"
    if prev in _COLON:
        return "colon"
    if prev in "；;":
        return "semi"
    if prev in _CLAUSE:
        return "clause"
    return "inner"


# the last character of a line that makes a marker on the next one line-initial whatever the
# layout (an empty line counts as "\n"), and those that may not (a comma: a wrapped clause; a
# blank: look further back)
_LINE_AFTER = frozenset(_TERMINAL | {"\n"})
_WRAP_AFTER = frozenset("，,、" + _WS)
# the context a boundary character gives the marker after it, where the character alone decides
# (later entries win: ； is in _CLAUSE but _context tests for "semi" first)
_CTX_OF_PREV = {
    **dict.fromkeys(_CLAUSE, "clause"), **dict.fromkeys("；;", "semi"),
    **dict.fromkeys(_COLON, "colon"), **dict.fromkeys(_SENT_END, "sent"),
}
# marker text -> (style, ordinal, kind, is 第X) or None; a marker's text alone decides its
# alternative of _ALTS (no two alternatives match the same text), so its class is cached
_CLASS_CACHE: dict[str, tuple[str, int, str, bool] | None] = {}
_CLASS_CACHE_MAX = 20_000  # cleared when full (hostile input with endless distinct numerals)


def _classify_cached(m: re.Match[str], marker: str) -> tuple[str, int, str, bool] | None:
    """:func:`_classify` of a marker match plus whether its style is a 第X one, memoised by the
    marker's text (a few dozen distinct markers cover a corpus)."""
    try:
        return _CLASS_CACHE[marker]
    except KeyError:
        pass
    c = _classify(m)
    r = None if c is None else (*c, c[0].startswith("第X"))
    if len(_CLASS_CACHE) >= _CLASS_CACHE_MAX:
        _CLASS_CACHE.clear()
    _CLASS_CACHE[marker] = r
    return r


def _candidates(
    text: str, lines: _Lines, wrapped: bool, width: int, first: re.Match[str] | None,
    scan: list[re.Match[str]],
) -> list[_Cand]:
    """Candidate markers with their context (``inner`` ones dropped).

    Parameters
    ----------
    first
        The marker at the start of the text (after indentation), if any.
    scan
        The matches of ``_SCAN`` over the text.
    """
    out: list[_Cand] = []
    if first is not None:
        c = _classify(first)
        if c is not None:
            style, ordinal, kind = c
            mstart = first.start(first.lastgroup)
            ctx = _context(text, mstart, lines, wrapped, width)
            if ctx != "inner" and not (
                style.startswith("第X") and ctx != "line"
                and not text.startswith(_WS_TUPLE, first.end())
            ) and first.lastgroup != "ard":
                out.append(_Cand(mstart, first.end(), style, ordinal, ctx, kind))
    ctx_of_prev = _CTX_OF_PREV
    for m in scan:
        mstart, mend = m.span(m.lastgroup)  # the marker (its group ends the match)
        c = _classify_cached(m, text[mstart:mend])
        if c is None:
            continue
        style, ordinal, kind, is_di = c
        # A _SCAN match is boundary character, blanks (no boundary character is a blank), marker:
        # the context follows from the boundary character at m.start() — what _context finds
        # walking back — so only line starts and Markdown headings need more work.
        b = m.start()
        prev = text[b]
        ctx = ctx_of_prev.get(prev)
        md_line = -1
        if ctx is None:
            if prev == "\n":  # a line start; after a line ending in 。 or an empty one (usual)
                last = text[b - 1] if b else "\n"
                if last in _LINE_AFTER or (last not in _WRAP_AFTER and not wrapped):
                    ctx = "line"
                else:
                    ctx = _line_context(text, b, lines, wrapped, width)
            elif prev in _CLOSERS:
                ctx = "sent" if b >= 1 and text[b - 1] in _SENT_END else "inner"
            else:  # "#"
                ctx = _context(text, mstart, lines, wrapped, width)
                if ctx == "line":  # on a Markdown heading line: note where that line starts
                    md_line = lines.line_start(b)
            if ctx == "inner":
                continue
        if is_di and ctx != "line" and not text.startswith(_WS_TUPLE, mend):
            continue  # 第三条规定… in running text; mid-line articles are followed by a space
        if m.lastgroup == "ard":  # 14.2025年…: a decimal unless a line-initial list continues
            if ctx != "line":
                continue
            out.append(_Cand(mstart, mend, style, ordinal, ctx, kind, needs_run=True))
            continue
        out.append(_Cand(mstart, mend, style, ordinal, ctx, kind, md_line=md_line))
    return out


def _line_context(text: str, k: int, lines: _Lines, wrapped: bool, width: int) -> str:
    """:func:`_context` of a marker after the newline at ``k`` (and blanks): ``line`` or
    ``wrap``, from the last character of the line before."""
    if k == 0 or text[k - 1] == "\n":  # first or after an empty line
        return "line"
    last = text[k - 1]
    if last in _WS:  # trailing blanks: the general case
        return _context(text, k + 1, lines, wrapped, width)
    if last in "，,、":
        return "wrap"
    if last in _TERMINAL or not wrapped:
        return "line"
    seg = text[lines.line_start(k):k].lstrip(_WS)
    if len(seg) >= 0.8 * width and not _CANDIDATE.match(seg):
        return "wrap"
    return "line"


def _accept_headings(
    cands: list[_Cand],
) -> tuple[list[_Cand], list[_Cand], dict[str, list[_Cand]]]:
    """Decide which heading candidates are headings (context + sibling support).

    Returns
    -------
    heads
        The accepted headings.
    items
        The item candidates.
    seconds
        Per style, the ordinal-2 heading candidates at a line or sentence start (for
        :func:`_glued`).
    """
    items: list[_Cand] = []
    seconds: dict[str, list[_Cand]] = {}
    sentence_level: list[_Cand] = []
    last_line: dict[str, int] = {}  # style -> ordinal of the last line-initial heading
    for c in cands:
        if c.kind == "item":
            items.append(c)
            continue
        ctx = c.ctx
        if c.needs_run:
            # ``8.6个重大科技专项``: the number is a marker when 7. was the last one of its style
            c.accepted = last_line.get(c.style) == c.ordinal - 1
            if c.accepted:
                last_line[c.style] = c.ordinal
            continue
        if ctx == "line":
            c.accepted = True
            last_line[c.style] = c.ordinal
        elif ctx == "sent" or ctx == "colon":
            sentence_level.append(c)
        else:
            continue
        if c.ordinal == 2 and ctx != "colon":
            seconds.setdefault(c.style, []).append(c)
    if not sentence_level:  # only line-initial headings: all accepted
        return [c for c in cands if c.accepted], items, seconds
    # per style and ordinal: the first start, and the last start not after a colon (O(1)
    # look-ups keep this linear when thousands of markers repeat the same ordinal)
    first: dict[tuple[str, int], int] = {}
    last_free: dict[tuple[str, int], int] = {}
    for c in cands:
        if c.kind == "heading" and c.ctx in ("line", "sent", "colon"):
            key = (c.style, c.ordinal)
            first.setdefault(key, c.start)
            if c.ctx != "colon":
                last_free[key] = c.start
    for c in sentence_level:
        nxt = last_free.get((c.style, c.ordinal + 1), -1) > c.start
        if c.ctx == "sent":
            c.accepted = nxt or first.get((c.style, c.ordinal - 1), c.start) < c.start
        else:  # colon: a sentence-level list must continue after a full stop or a line break
            c.accepted = nxt
    return [c for c in cands if c.accepted and c.kind == "heading"], items, seconds


def _gap_ok(a: _Cand, c: _Cand) -> bool:
    """Whether ``c`` is close enough to ``a`` to continue its run."""
    gap = c.start - a.start
    if gap <= MAX_ITEM_GAP:
        return True
    # the parts of a speech (第一，… 第二，…), each opening a paragraph, are long
    return gap <= MAX_PART_GAP and c.style == "第一，" and a.ctx == c.ctx == "line"


def _item_runs(text: str, cands: list[_Cand], heading_starts: list[int]) -> list[_Cand]:
    """Keep the item candidates that form runs (1, 2, … within one heading's body).

    ``cands`` may hold other candidates too: only items are looked at. A run that restarts at 1
    inside the paragraph of a member of a run of the same style (``七是…办好10件实事。一是…
    十是…``) is a run of its own, and the outer run resumes after it (``八是``).
    """
    runs: list[list[_Cand]] = []
    current: dict[str, list[_Cand]] = {}
    outer: dict[str, list[_Cand]] = {}  # per style: a run suspended by a run inside its member

    def close(style: str) -> None:
        run = current.pop(style, None)
        if run and len(run) >= 2:
            runs.append(run)

    def crosses(a: _Cand, c: _Cand) -> bool:
        return bisect_right(heading_starts, a.start) != bisect_right(heading_starts, c.start)

    for c in cands:
        if c.kind != "item":
            continue
        run = current.get(c.style)
        out = outer.get(c.style)
        if out is not None:
            last_seen = run[-1] if run else out[-1]
            if crosses(out[-1], c) or not _gap_ok(last_seen, c):
                del outer[c.style]  # the suspended run ends where it was suspended
                if len(out) >= 2:
                    runs.append(out)
            elif c.ordinal == out[-1].ordinal + 1 and (
                c.ctx == "line" or run is None
                or not run[-1].ordinal < c.ordinal <= run[-1].ordinal + 2
            ):
                # the outer run resumes (``八是`` after ``七是…一是…十是``)
                close(c.style)
                del outer[c.style]
                out.append(c)
                current[c.style] = out
                continue
        if run is not None:
            last = run[-1]
            if crosses(last, c) or not _gap_ok(last, c):
                close(c.style)
                run = None
        if (c.ordinal == 1 and run is not None and c.style != "首先" and c.ctx != "line"
                and c.style not in outer and "\n" not in text[run[-1].start:c.start]):
            # a list inside the paragraph of the current member: suspend the run
            outer[c.style] = current.pop(c.style)
            current[c.style] = [c]
            continue
        if c.style == "首先":
            if c.ordinal == 1:
                close(c.style)
                current[c.style] = [c]
            elif run is None:
                continue
            elif c.ordinal == 2 and run[-1].ordinal == 1:
                run.append(c)
            elif c.ordinal == 3 and run[-1].ordinal >= 2:
                c.ordinal = run[-1].ordinal + 1
                run.append(c)
            elif c.ordinal == 99 and run[-1].ordinal >= 2:
                c.ordinal = run[-1].ordinal + 1
                run.append(c)
                close(c.style)
            continue
        if c.ordinal == 1:
            close(c.style)
            current[c.style] = [c]
        elif run is not None and run[-1].ordinal < c.ordinal <= run[-1].ordinal + 2:
            run.append(c)
        elif run is None and c.ordinal == 2:
            # 首先…。二是…三是…: a run whose first member is written 首先 and the rest in
            # another style (common in speeches); it continues a lone 首先 in the same body
            lone = current.get("首先")
            if lone is not None and len(lone) == 1 and lone[0].ordinal == 1:
                f = lone[0]
                if not crosses(f, c) and c.start - f.start <= MAX_ITEM_GAP:
                    del current["首先"]
                    current[c.style] = [f, c]
    for style in list(current):
        close(style)
    runs.extend(run for run in outer.values() if len(run) >= 2)
    kept = []
    for run in runs:
        # an enumeration inside one sentence (…的重点，首先是A，其次是B) is no outline: the run
        # must start a sentence, a line or a colon-introduced list, or continue after a
        # semicolon or a full stop (…强调，一是…；二是…)
        if run[0].ctx == "clause" and all(c.ctx == "clause" for c in run[1:]):
            continue
        for a, b in pairwise(run):
            a.run_next = b.start
        for c in run:
            c.run_last = run[-1].start
            c.accepted = True
        kept.extend(run)
    kept.sort(key=_start_of)
    return kept


def _skip_ws(text: str, pos: int, limit: int, chars: str) -> int:
    while pos < limit and text[pos] in chars:
        pos += 1
    return pos


def _guess_title(text: str, ts: int, limit: int) -> int:
    """Where an unterminated title probably ends."""
    m = _GUESS_ABOUT.match(text, ts, min(limit, ts + 40))
    if m:
        return m.end()
    m = _GUESS_CLAUSE.search(text, ts, min(limit, ts + MIDLINE_TITLE))
    if m and m.start() - ts >= 4:
        return m.start()
    return min(limit, ts + 20)


def _title_spans(
    text: str, cs: list[_Cand], lines: _Lines, line_ends: list[int], wrapped: bool, width: int
) -> list[tuple[int, int, bool]]:
    """Title span and whether its end is known, for each accepted candidate.

    Parameters
    ----------
    cs
        The accepted candidates, in document order (each title stops at the next one).
    line_ends
        ``lines.line_end(c.start)`` for each candidate.
    """
    out: list[tuple[int, int, bool]] = []
    n_text = len(text)
    search = _TITLE_END.search
    next_starts = [c.start for c in cs[1:]]
    next_starts.append(n_text)
    for c, le, next_start in zip(cs, line_ends, next_starts):
        if wrapped:  # a hard-wrapped line continues on the next one
            seg = text[lines.line_start(c.start):le].rstrip(_WS)
            if seg and seg[-1] not in _TERMINAL and len(seg) >= 0.8 * width:
                le = _paragraph_end(text, lines, c.start, wrapped)
        if next_start < le:
            le = next_start
        ts = c.mend
        if ts < le and text[ts] in _TITLE_LEAD:
            ts = _skip_ws(text, ts, le, _TITLE_LEAD)
        limit = min(le, ts + MAX_TITLE)
        m = search(text, ts, limit)
        if ts == le < next_start:  # marker alone on its line
            nts = _skip_ws(text, le, next_start, _WS_NL)
            nle = min(lines.line_end(nts), next_start)
            # The title is the first sentence of the next line, for headings as for items: a
            # bare （一） introduces the paragraph that follows (1978 communiqué, 1986 report).
            if nts < nle:
                ts, le = nts, nle
                limit = min(le, ts + MAX_TITLE)
                m = search(text, ts, limit)
        if c.kind == "item":
            out.append((ts, m.start(), True) if m else (ts, limit, limit == le))
            continue
        if m:
            te = m.start()
            rest = m.end()
            if rest < le and text[rest] in _TITLE_TAIL:
                rest = _skip_ws(text, rest, le, _TITLE_TAIL)
            body_follows = rest < le
        elif limit == le:
            te, body_follows = le, False
        else:
            out.append((ts, _guess_title(text, ts, limit), False))
            continue
        if c.style == "第X条":
            known = True
        elif c.ctx == "inner":  # glued to the text before it: the break after the title is lost
            known = False
        elif c.ctx == "line":
            known = not (te - ts > LONG_TITLE and (body_follows or m is None))
        else:
            known = te - ts <= MIDLINE_TITLE
        out.append((ts, te, True) if known else (ts, _guess_title(text, ts, te), False))
    return out


def _glued(text: str, seconds: dict[str, list[_Cand]], pos: int, style: str) -> _Cand | None:
    """A deeper first marker glued to the end of a title (``三、…任务（一）继续…``) at ``pos``
    (where :data:`_GLUE_IN_TITLE` found it in the title of a heading of ``style``).

    ``seconds`` maps a style to its ordinal-2 candidates at a line or sentence start.
    """
    mm = _CANDIDATE.match(text, pos)
    if not mm:
        return None
    c = _classify(mm)
    if c is None or c[0] == style or c[2] != "heading":
        return None
    # the run must continue: ordinal 2 of the same style at a line or sentence start further on
    later = seconds.get(c[0], [])
    i = bisect_right(later, mm.start(), key=_start_of)
    if i < len(later):
        later[i].accepted = True
        return _Cand(mm.start(), mm.end(), c[0], c[1], "glue", "heading", accepted=True)
    return None


def _recover_first(text: str, heads: list[_Cand]) -> list[_Cand]:
    """First members of heading runs lost because they are glued to the text before them.

    ``…并请全国政协委员提出意见一、2011年工作回顾…（一）…二、…三、``: a run 二、 三、 of
    accepted headings with no 一、 before it. The 一、 is searched between the previous heading
    that is not nested in it and the first heading that is (the run is the evidence; a false
    friend such as 统一、 or 一、二季度 is still refused).
    """
    by_style: dict[str, list[int]] = {}
    for k, h in enumerate(heads):
        if _STYLE_RANK[h.style][0] == "list":
            by_style.setdefault(h.style, []).append(k)
    out: list[_Cand] = []
    for style, ks in by_style.items():
        fam, rank = _STYLE_RANK[style]
        for a, b in pairwise(ks):
            if heads[a].ordinal != 2 or heads[b].ordinal != 3:
                continue
            # walk back over headings of deeper styles of the family (the children of the
            # missing first member)
            j = a - 1
            while j >= 0:
                f2, r2 = _STYLE_RANK[heads[j].style]
                if f2 != fam or r2 <= rank:
                    break
                j -= 1
            if j >= 0 and heads[j].style == style and heads[j].ordinal == 1:
                continue
            lo = heads[j].mend if j >= 0 else 0
            hi = heads[j + 1].start
            found = None
            for m in _FIRST_MARK.finditer(text, lo, hi):
                p = m.start()
                if p > 0 and text[p - 1] in _WORD_ONE and text[p] == "一":
                    continue
                mm = _CANDIDATE.match(text, p)
                c = _classify(mm) if mm else None
                if c is None or c[0] != style or c[1] != 1 or mm.end() >= hi:
                    continue
                if text[mm.end()] in _TITLE_STRIP:
                    continue
                found = _Cand(p, mm.end(), style, 1, "inner", "heading", accepted=True)
            if found is not None:
                out.append(found)
    return out


def _analyse(text: str) -> list[OutlineNode]:
    first = _CANDIDATE.match(text, _LEAD_WS.match(text).end())
    scan = list(_SCAN.finditer(text))
    if first is None and not scan:  # no marker anywhere: nothing else to compute
        return []
    lines = _Lines(text)
    wrapped, width = _hard_wrapped(text)
    cands = _candidates(text, lines, wrapped, width, first, scan)
    found = _part_lines(text)
    if found["toc"]:
        cands = _drop_toc(text, cands, found["toc"])
    heads, items, seconds = _accept_headings(cands)
    # glued first subheadings (title end unknown otherwise)
    extra: list[_Cand] = []
    n_text = len(text)
    glue_in_title = _GLUE_IN_TITLE.match
    for h in heads:
        ts = h.mend
        if ts < n_text and text[ts] in _WS:  # (blanks never run past the line end)
            ts = _skip_ws(text, ts, n_text, _WS)
        m = glue_in_title(text, ts, ts + MAX_TITLE)
        if m is not None:
            g = _glued(text, seconds, m.end(), h.style)
            if g is not None:
                extra.append(g)
    if extra:
        cands = sorted(cands + extra, key=_start_of)
        heads = [c for c in cands if c.accepted and c.kind == "heading"]
    extra = _recover_first(text, heads)
    if extra:
        cands = sorted(cands + extra, key=_start_of)
        heads = [c for c in cands if c.accepted and c.kind == "heading"]
    # Markdown heading lines are section boundaries: no run continues across one
    md: list[int] = []
    if "#" in text:
        # the line starts (the "\n" is at most three spaces before the "#")
        md = [text.rfind("\n", 0, m.start()) + 1 for m in _MD_HEADING.finditer(text)]
        if _MD_HEADING_AT0.match(text):
            md.insert(0, 0)
    parts = _part_boundaries(found, heads)
    if parts:
        md = sorted(set(md + parts))
    head_starts = [h.start for h in heads]
    items = _item_runs(text, items, sorted(head_starts + md) if md else head_starts)
    accepted = sorted(heads + items, key=_start_of)
    # de-duplicate overlapping markers (e.g. 第一， inside a heading marker)
    nodes_c: list[_Cand] = []
    for c in accepted:
        if nodes_c and c.start < nodes_c[-1].mend:
            continue
        nodes_c.append(c)
    if md:  # a Markdown heading that carries a marker (``## 一、…``) is a node, not a boundary
        on_md = {c.md_line for c in nodes_c}
        md = [p for p in md if p not in on_md]
    return _build(text, lines, nodes_c, wrapped, width, md)


def _drop_toc(text: str, cands: list[_Cand], toc_lines: list[int]) -> list[_Cand]:
    """``cands`` without the markers inside a table of contents (目录 and the short lines after
    it, up to the first long line, sentence or repeat of its first entry: the body)."""
    blocks: list[tuple[int, int]] = []
    for ls in toc_lines:
        pos = text.find("\n", ls) + 1 or len(text)
        first = None
        end = pos
        n = len(text)
        while pos < n:
            le = text.find("\n", pos)
            le = n if le < 0 else le
            line = text[pos:le].strip(_WS)
            if line:
                if len(line) > TOC_ENTRY or line[-1] in "。；;" or line == first:
                    break
                if first is None:
                    first = line
                end = le
            pos = le + 1
        if first is not None:
            blocks.append((ls, end))
    if not blocks:
        return cands
    return [c for c in cands if not any(a <= c.start < b for a, b in blocks)]


def part_boundaries(text: str, heads: Iterable[Any]) -> list[int]:
    """Offsets of the line starts where a new part of a document begins, outside the numbered
    outline: an appendix, glossary or annex line (附件1：…, 名词解释), and a line opening with an
    address (各位代表！…) after which no heading follows or the next heading restarts a
    numbering.

    ``heads`` are the document's headings in order (anything with ``start``, ``style`` and
    ``ordinal``). Every open section ends at such an offset.
    """
    return _part_boundaries(_part_lines(text), heads)


def _part_boundaries(found: dict[str, list[int]], heads: Iterable[Any]) -> list[int]:
    out = list(found["block"])
    address = found["address"]
    if address:
        heads = list(heads)
        starts = [h.start for h in heads]
        first_ge2: dict[str, int] = {}  # style -> index of its first heading numbered 2 or more
        for k, h in enumerate(heads):
            if h.ordinal >= 2:
                first_ge2.setdefault(h.style, k)
        for ls in address:
            k = bisect_right(starts, ls)
            if k == 0:
                continue  # an opening address, before the outline
            if k == len(heads):
                out.append(ls)
                continue
            nxt = heads[k]
            if nxt.ordinal == 1 and first_ge2.get(nxt.style, k) < k:
                out.append(ls)
    return sorted(out)


def _build(
    text: str, lines: _Lines, cs: list[_Cand], wrapped: bool, width: int,
    md: list[int] | None = None,
) -> list[OutlineNode]:
    md = md or []
    n = len(cs)
    parents: list[int | None] = [None] * n
    depths = [0] * n
    line_ends = lines.line_ends([c.start for c in cs])
    # resumes[i]: the next heading of the same style continues heading i's run (（二） … （三）)
    resumes = [False] * n
    last_of_style: dict[str, int] = {}
    for i, c in enumerate(cs):
        if c.kind == "heading":
            j = last_of_style.get(c.style)
            if j is not None:
                resumes[j] = cs[j].ordinal + 1 == c.ordinal
            last_of_style[c.style] = i
    # titles first: the choice between two open runs of one style looks at them
    titles = _title_spans(text, cs, lines, line_ends, wrapped, width)
    run_first = list(range(n))  # the first member of the run a heading belongs to
    stack: list[int] = []  # indices into cs
    mdi, n_md = 0, len(md)
    for i, c in enumerate(cs):
        if mdi < n_md and md[mdi] < c.start:  # a Markdown heading closes every open node
            while mdi < n_md and md[mdi] < c.start:
                mdi += 1
            stack.clear()
        if c.kind == "heading":
            while stack and cs[stack[-1]].kind == "item":
                stack.pop()
            fam, rank = _STYLE_RANK[c.style]
            same = [k for k, j in enumerate(stack) if cs[j].style == c.style] if stack else None
            if same:
                follows = [k for k in same if cs[stack[k]].ordinal + 1 == c.ordinal]
                if follows:  # the next number of an open run (the deepest such run) …
                    k = follows[-1]
                    # … unless it continues the enclosing run of the same style instead:
                    # 七、…下列规定： 一、…七、 八、 (an article after its restarted sub-list)
                    if len(follows) >= 2 and _outer_continues(
                        text, cs, titles, i, stack[k], stack[follows[-2]], run_first[stack[k]]
                    ):
                        k = follows[-2]
                    run_first[i] = run_first[stack[k]]
                    del stack[k:]
                elif (
                    c.ordinal == 1 and fam == "list" and len(same) < 3
                    and ((cs[stack[same[-1]]].ordinal >= 2
                          and (stack[-1] != stack[same[-1]] or _ends_with(text, cs, i - 1, _COLON)))
                         or (stack[-1] == i - 1 and _ends_with(text, cs, i - 1, _COLON)))
                ):
                    # (a restart right after a member of its own run, with no list announced,
                    # is a new run beside it: the next part of a report in unmarked parts)
                    # a list style restarting at 1 after a run, or right after a heading that
                    # announces a list (一、…下列工作： 一、…), opens a deeper run under the
                    # current node (at most three levels of one style, which keeps this
                    # linear) — but not under a conventionally lower style that opened inside
                    # the same-style node: 二、 （一）（二）（三） 一、… puts 一、 beside the
                    # （X） list, under 二、 (unless that list resumes after it)
                    base = stack[same[-1]]
                    while stack[-1] != base:
                        tf, tr = _STYLE_RANK[cs[stack[-1]].style]
                        if tf == fam and tr > rank and not resumes[stack[-1]]:
                            stack.pop()
                        else:
                            break
                else:
                    del stack[same[-1]:]
            else:
                # a conventionally higher style does not nest under a lower one (（二） then
                # 一、), unless the lower run resumes after it: （一）（二） 一、…十、 （三）
                # puts 一、…十、 inside （二）
                while stack:
                    tf, tr = _STYLE_RANK[cs[stack[-1]].style]
                    if tf == fam and tr >= rank and not resumes[stack[-1]]:
                        stack.pop()
                    else:
                        break
        else:  # items sit under the heading whose body they sit in …
            while stack and cs[stack[-1]].kind == "item":
                t = cs[stack[-1]]
                # … or under an item of another run when the whole run lies between that
                # item and the next one of its run (第三，… 一是…；二是… 第四，)
                if t.run_last != c.run_last and t.start < c.start and c.run_last < t.run_next:
                    break
                stack.pop()
        parents[i] = stack[-1] if stack else None
        stack.append(i)
        depths[i] = len(stack)
    end_text = len(text.rstrip())
    ends = [end_text] * n
    open_: list[int] = []
    for i in range(n):
        while open_ and depths[open_[-1]] >= depths[i]:
            ends[open_.pop()] = cs[i].start
        open_.append(i)
    out: list[OutlineNode] = []
    new, set_dict = object.__new__, object.__setattr__
    ws_nl = _WS_NL_SET
    for i, (c, end, (ts, te, known)) in enumerate(zip(cs, ends, titles)):
        start = c.start
        if c.kind == "item":  # an item ends with its paragraph
            para_end = (_paragraph_end(text, lines, start, wrapped) if wrapped
                        else line_ends[i])
            if para_end < end:
                end = para_end
        if md:
            k = bisect_right(md, start)
            if k < n_md and md[k] < end:
                end = md[k]
        # trim trailing whitespace of the section
        while end > start and text[end - 1] in ws_nl:
            end -= 1
        title = text[ts:te].strip(_TITLE_STRIP)
        if wrapped:
            title = title.replace("\n", "")
        mend = c.mend
        # OutlineNode(...) without its frozen-dataclass __init__ (one object.__setattr__ per
        # field, the most expensive step here): the same instance, filled in one go.
        # _NODE_FIELDS (checked at import) keeps this in step with the class.
        node = new(OutlineNode)
        set_dict(node, "__dict__", {
            "node_id": i, "parent_id": parents[i], "depth": depths[i], "kind": c.kind,
            "marker": text[start:mend], "style": c.style, "ordinal": c.ordinal, "title": title,
            "title_end_known": known, "start": start, "end": end if end > mend else mend,
            "title_start": ts, "title_end": te,
        })
        out.append(node)
    return out


def _norm_title(s: str) -> str:
    return "".join(ch for ch in s[:12] if ch not in _TITLE_STRIP)


def _common_prefix(a: str, b: str) -> int:
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k


def _ends_with(text: str, cs: list[_Cand], j: int, chars: str) -> bool:
    """Whether the text of node ``j`` (up to the next node) ends with one of ``chars``."""
    stop = cs[j + 1].start if j + 1 < len(cs) else len(text)
    k = stop
    while k > cs[j].mend and stop - k < 40 and text[k - 1] in _WS_NL:
        k -= 1
    return k > cs[j].mend and text[k - 1] in chars


def _outer_continues(
    text: str, cs: list[_Cand], titles: list[tuple[int, int, bool]], i: int, inner: int,
    outer: int, first_inner: int,
) -> bool:
    """Node ``i`` could continue an inner run (last member ``inner``) or the run of ``outer``
    that encloses it (same style, ``outer`` is an ancestor of ``inner``). Ordinals cannot tell;
    three signals point to the outer run:

    - its title opens like ``outer``'s and unlike the inner members'
      (``七、会计人员必须…： 一、…七、按月… 八、会计人员必须…``);
    - it introduces a list (ends with a colon) like ``outer``, and no inner member does;
    - the inner list is closed by the usual punctuation of an enumeration: members end with a
      semicolon, the last one with a full stop.
    """
    def title(j: int) -> str:
        ts, te, _ = titles[j]
        return _norm_title(text[ts:te])

    t, to, ti, tf = title(i), title(outer), title(inner), title(first_inner)
    p_outer = _common_prefix(t, to)
    if p_outer >= 2 and p_outer > max(_common_prefix(t, ti), _common_prefix(t, tf)):
        return True
    colon = _COLON
    if (_ends_with(text, cs, i, colon) and _ends_with(text, cs, outer, colon)
            and not _ends_with(text, cs, inner, colon)
            and not _ends_with(text, cs, first_inner, colon)):
        return True
    return (first_inner != inner and _ends_with(text, cs, first_inner, "；;")
            and _ends_with(text, cs, inner, _SENT_END))


def _paragraph_end(text: str, lines: _Lines, pos: int, wrapped: bool) -> int:
    if not wrapped:
        return lines.line_end(pos)
    m = _PARA_END_WRAPPED.search(text, pos, min(len(text), pos + 5000))
    return m.end() - 1 if m else lines.line_end(pos)


# --- public API -----------------------------------------------------------------------------------
def iter_outline(text: str) -> Iterator[OutlineNode]:
    """Yield the outline nodes of one text, in document order.

    Parameters
    ----------
    text
        The (cleaned) text.

    Yields
    ------
    OutlineNode
        Headings and items; ``text[node.start:node.end]`` is the node's section.

    Examples
    --------
    >>> [(n.marker, n.depth, n.title) for n in iter_outline("一、总体要求\\n（一）坚持党的领导。\\n二、主要任务")]
    [('一、', 1, '总体要求'), ('（一）', 2, '坚持党的领导'), ('二、', 1, '主要任务')]
    """
    if not isinstance(text, str):
        raise TypeError(f"iter_outline expects a str, got {type(text).__name__}")
    yield from _analyse(text)


def outline_rows(
    doc: Document | str, *, kinds: Iterable[str] = ("heading", "item")
) -> list[tuple]:
    """The rows :func:`outline` gives for one document, as plain tuples in
    :data:`OUTLINE_COLUMNS` order (``parent_id`` None at the top; no pandas).

    >>> [r[1:4] + r[8:] for r in outline_rows("一、总体要求\\n（一）坚持党的领导。")]
    [(0, None, 1, '总体要求', True, 0, 17), (1, 0, 2, '坚持党的领导', True, 7, 17)]
    """
    keep = _check_kinds(kinds)
    if not isinstance(doc, Document):
        (doc,) = as_documents(doc)
    return _rows(doc, keep)


def _check_kinds(kinds: Iterable[str]) -> set[str]:
    kinds = set(kinds)
    bad = kinds - {"heading", "item"}
    if bad:
        raise ValueError(f"unknown kinds {sorted(bad)}; valid: 'heading', 'item'")
    return kinds


def _rows(doc: Document, kinds: set[str]) -> list[tuple]:
    doc_id = doc.doc_id
    both = len(kinds) == 2
    return [
        (doc_id, n.node_id, n.parent_id, n.depth, n.kind, n.marker, n.style, n.ordinal, n.title,
         n.title_end_known, n.start, n.end)
        for n in _analyse(doc.text)
        if both or n.kind in kinds
    ]


def outline(
    docs: str | Document | Corpus | Iterable[Document], *, kinds: Iterable[str] = ("heading", "item")
) -> pd.DataFrame:
    """The outline of each document: headings and enumeration items.

    Parameters
    ----------
    docs
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        an iterable of documents.
    kinds
        Which nodes to keep: ``"heading"``, ``"item"`` or both (default).

    Returns
    -------
    pandas.DataFrame
        One row per node, in document order, with columns (dtypes stay the same when empty):

        ========================  ========  ====================================================
        doc_id                    object    the document's id
        node_id                   int64     0, 1, … within the document (all nodes, whatever
                                            ``kinds`` keeps)
        parent_id                 Int64     node_id of the enclosing node, <NA> at the top
        depth                     int64     1 for top-level nodes
        kind                      object    ``heading`` or ``item``
        marker                    object    the marker as written (``（一）``, ``一是``)
        style                     object    ``第X部分``/``第X编``/``第X章``/``第X节``/``第X条``,
                                            ``一、`` ``（一）`` ``㈠`` ``1.`` ``1、`` ``（1）``
                                            ``①``; items ``一是`` ``一要`` ``其一`` ``第一，``
                                            ``首先``
        ordinal                   int64     the number the marker stands for
        title                     object    the title (or the item's first sentence)
        title_end_known           bool      False where the title's end was guessed
        start                     int64     offset of the marker
        end                       int64     end of the node's section (``text[start:end]`` is
                                            the marker, title and body, sub-nodes included)
        ========================  ========  ====================================================

    Examples
    --------
    >>> df = outline("下面，我讲两点意见。一、关于学习。要学深悟透。二、关于落实。")
    >>> df[["marker", "depth", "title", "title_end_known"]].values.tolist()
    [['一、', 1, '关于学习', True], ['二、', 1, '关于落实', True]]
    """
    keep = _check_kinds(kinds)
    return typed_frame([r for d in as_documents(docs) for r in _rows(d, keep)], OUTLINE_COLUMNS)


class Outline:
    """An outline with the texts it came from: tree views, sections and Markdown export.

    Parameters
    ----------
    docs
        Anything :func:`outline` accepts.

    Attributes
    ----------
    frame : pandas.DataFrame
        The :func:`outline` table.

    Examples
    --------
    >>> o = Outline("一、总体要求\\n要坚持稳中求进。\\n二、主要任务\\n（一）扩大内需。")
    >>> print(o.tree())
    一、总体要求
    二、主要任务
      （一）扩大内需
    <BLANKLINE>
    >>> o.section(1)
    '二、主要任务\\n（一）扩大内需。'
    """

    def __init__(self, docs: str | Document | Corpus | Iterable[Document]):
        self.documents = as_documents(docs)
        self.frame = outline(self.documents)
        self._texts = {d.doc_id: d.text for d in self.documents}

    def __len__(self) -> int:
        return len(self.frame)

    def _doc(self, doc_id: str | None) -> str:
        if doc_id is None:
            if len(self._texts) != 1:
                raise ValueError(
                    f"this outline covers {len(self._texts)} documents; pass doc_id "
                    f"(one of {list(self._texts)[:5]}…)"
                )
            return next(iter(self._texts))
        if doc_id not in self._texts:
            raise KeyError(f"doc_id {doc_id!r} not in outline; valid: {list(self._texts)[:10]}")
        return doc_id

    def _row(self, node_id: int, doc_id: str | None) -> Any:
        did = self._doc(doc_id)
        sel = self.frame[(self.frame["doc_id"] == did) & (self.frame["node_id"] == node_id)]
        if sel.empty:
            raise KeyError(f"no node {node_id} in document {did!r}")
        return sel.iloc[0]

    def section(self, node_id: int, doc_id: str | None = None) -> str:
        """The whole section of a node (marker, title, body and sub-nodes)."""
        row = self._row(node_id, doc_id)
        return self._texts[row["doc_id"]][int(row["start"]):int(row["end"])]

    def sections(self, *, kind: str | None = "heading", depth: int | None = None) -> Corpus:
        """Every section as a :class:`~policytext.corpus.Corpus`, so any extractor runs per section.

        Document ids are ``"<doc_id>#<node_id>"``; each carries docvars ``parent_doc``,
        ``node_id``, ``marker``, ``title``, ``depth`` and ``offset`` (section start in the
        parent document).

        Examples
        --------
        >>> o = Outline("一、发展\\n推动高质量发展。\\n二、安全\\n统筹发展和安全。")
        >>> [d.meta["title"] for d in o.sections() if "高质量发展" in d.text]
        ['发展']
        """
        df = self.frame
        if kind is not None:
            df = df[df["kind"] == kind]
        if depth is not None:
            df = df[df["depth"] == depth]
        docs = []
        for r in df.itertuples(index=False):
            text = self._texts[r.doc_id][r.start:r.end]
            docs.append(Document(
                text=text, doc_id=f"{r.doc_id}#{r.node_id}",
                meta={"parent_doc": r.doc_id, "node_id": int(r.node_id), "marker": r.marker,
                      "title": r.title, "depth": int(r.depth), "offset": int(r.start)},
            ))
        return Corpus(docs)

    def tree(self, doc_id: str | None = None) -> str:
        """An indented text tree (two spaces per level)."""
        df = self.frame if doc_id is None else self.frame[self.frame["doc_id"] == doc_id]
        multi = df["doc_id"].nunique() > 1
        out, last = [], None
        for r in df.itertuples(index=False):
            if multi and r.doc_id != last:
                out.append(f"# {r.doc_id}")
                last = r.doc_id
            guess = "" if r.title_end_known else "…"
            out.append("  " * (r.depth - 1) + f"{r.marker}{r.title}{guess}")
        return "\n".join(out) + ("\n" if out else "")

    def to_markdown(self, doc_id: str | None = None) -> str:
        """Markdown: headings as ``#``-levels, items as list entries."""
        return format_outline(
            self.frame if doc_id is None else self.frame[self.frame["doc_id"] == doc_id], "md"
        )

    def __repr__(self) -> str:
        return f"Outline(n_docs={len(self._texts)}, n_nodes={len(self.frame)})\n" + self.tree()

    def _repr_html_(self) -> str:
        parts = ["<div class='policytext-outline'>"]
        last = None
        for r in self.frame.itertuples(index=False):
            if r.doc_id != last and len(self._texts) > 1:
                parts.append(f"<h4>{html.escape(str(r.doc_id))}</h4>")
                last = r.doc_id
            style = "font-weight:bold" if r.kind == "heading" else "color:#555"
            guess = "" if r.title_end_known else " <span title='title end guessed'>…</span>"
            parts.append(
                f"<div style='margin-left:{1.5 * (r.depth - 1)}em;{style}'>"
                f"{html.escape(r.marker)}{html.escape(r.title)}{guess}"
                f" <small style='color:#999'>[{r.start}:{r.end}]</small></div>"
            )
        if len(self.frame) == 0:
            parts.append("<i>no headings or items found</i>")
        parts.append("</div>")
        return "".join(parts)


_JSONL_FIELDS = ("marker", "ordinal", "depth", "kind", "title", "start", "end")


def format_outline(df: pd.DataFrame, fmt: str) -> str:
    """Render an :func:`outline` table for the command line.

    Parameters
    ----------
    df
        The outline table; a ``doc`` column (the path as the user gave it) is used for the
        ``doc`` field when present, else ``doc_id``.
    fmt
        ``json`` (one array), ``jsonl`` (one object per line with ``doc``, ``marker``,
        ``ordinal``, ``depth``, ``kind``, ``title``, ``start``, ``end``), ``md`` (Markdown) or
        ``tree`` (indented text).

    Returns
    -------
    str
        The rendering, ending with a newline unless empty.
    """
    fmts = ("json", "jsonl", "md", "tree")
    if fmt not in fmts:
        raise ValueError(f"unknown outline format {fmt!r}; valid: {', '.join(fmts)}")
    doc_col = "doc" if "doc" in df.columns else "doc_id"
    records = []
    for r in df.to_dict("records"):
        rec = {"doc": r[doc_col]}
        for f in _JSONL_FIELDS:
            v = r[f]
            rec[f] = int(v) if f in ("ordinal", "depth", "start", "end") else v
        if "title_end_known" in r:
            rec["title_end_known"] = bool(r["title_end_known"])
        records.append(rec)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    multi = len({r["doc"] for r in records}) > 1
    out: list[str] = []
    last = None
    for r in records:
        if multi and r["doc"] != last:
            out.append(f"# {r['doc']}" if fmt == "md" else f"== {r['doc']}")
            last = r["doc"]
        guess = "" if r.get("title_end_known", True) else "…"
        if fmt == "tree":
            out.append("  " * (r["depth"] - 1) + f"{r['marker']}{r['title']}{guess}")
        elif r["kind"] == "heading":
            level = min(6, r["depth"] + (1 if multi else 0))
            out.append(f"{'#' * level} {r['marker']}{r['title']}{guess}")
        else:
            out.append("  " * max(0, r["depth"] - 2) + f"- {r['marker']}{r['title']}{guess}")
    return "\n".join(out) + ("\n" if out else "")
