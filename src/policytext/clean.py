"""Cleaning: boilerplate and watermark removal, line joining, whitespace normalisation.

Every change is recorded (:class:`~policytext.corpus.Removal`, in source coordinates) and each
kind can be switched off through :class:`CleanOptions`. There is no NFKC normalisation: it
would turn ㈠ into (一) and ① into 1, both outline markers (序号). Offsets that later
extractors report refer to the cleaned text; :meth:`Document.source_offset` maps them back.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, repeat, takewhile
from operator import add, itemgetter, lt, sub

from .chars import PUNCTUATION, char_class
from .document import Removal

__all__ = ["DOUBT_SHARE", "EMPTIED_NOTE", "EMPTIED_SHARE", "CleanOptions", "CleanResult", "clean_text",
           "is_watermark_line", "page_chrome", "without_page_chrome"]


@dataclass(frozen=True)
class CleanOptions:
    """What :func:`clean_text` does. Every step is on by default except ``to_simplified``.

    Attributes
    ----------
    html
        Drop HTML tags, scripts and styles left in the text; decode entities (&nbsp;).
    watermarks
        Drop resale watermark banners (仅供学习 禁止外传, 会员群, QQ群…): blocks of short lines
        that are mostly watermark at the head and tail of the document, and lines holding a
        resale phrase anywhere (see ``docs/cleaning.md`` for the rules).
    footers
        Drop site footers: the Wikisource licence block, 来源：/责任编辑： lines, a news site's
        toolbar at the head or tail (下载 打印 收藏 【字号：加大 还原 减小】), a printed
        document's page numbers on lines of their own (— 8 —, 第8页; kind ``page_number``),
        invisible characters (zero-width spaces, BOMs).
    join_lines
        Join lines broken inside a sentence: wiki-link breaks (``根据《\\n著作权法\\n》``) and
        PDF hard wraps (lines of the same width), never real paragraphs or headings.
    photo_credits
        Drop photo credits inside the text (新华社记者 鞠鹏/摄, （本报记者 吕相友摄）), kind
        ``photo_credit``: they split sentences and enumerations (一是…六是) of captioned pages.
    whitespace
        Strip indentation and trailing spaces on each line, collapse runs of blank lines.
    to_simplified
        Convert traditional to simplified characters (needs ``policytext[opencc]``).
    """

    html: bool = True
    watermarks: bool = True
    footers: bool = True
    join_lines: bool = True
    photo_credits: bool = True
    whitespace: bool = True
    to_simplified: bool = False


@dataclass(frozen=True)
class CleanResult:
    """Output of :func:`clean_text`.

    Attributes
    ----------
    text
        The cleaned text.
    removals
        What changed, in source coordinates (empty with ``keep_source=False``).
    offset_map
        Cleaned → source breakpoints; None when cleaned with ``keep_source=False``.
    notes
        Doubts about the cleaning, as sentences a person reads: set when watermark, footer and
        photo-credit removals took more than :data:`DOUBT_SHARE` of the text. Recorded with
        ``keep_source=False`` too.
    emptied
        True when those removals left (almost) nothing of a text that had some (under
        :data:`EMPTIED_SHARE` of its characters): the file is only a watermark, or cleaning
        was wrong. :func:`policytext.read` refuses such a file rather than return it as read.
    """

    text: str
    removals: tuple[Removal, ...]
    offset_map: tuple[tuple[int, ...], tuple[int, ...]] | None
    notes: tuple[str, ...] = ()
    emptied: bool = False


# --- patterns -----------------------------------------------------------------------------------
# HTML left in text (新闻联播 transcripts hold <p>, <strong>, <br>). Every pattern is linear: a
# tag's attributes are bounded, and a script, style or comment is found by an opener then a
# forward search for its closer that is given up for good once it fails (an unclosed <script>
# or <!-- is not scanned to the end again for each later opener).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>]{0,500})?/?>")
_HIDDEN_OPENER = re.compile(r"<(script|style)\b[^<>]{0,500}>|<!--", re.I)
_HIDDEN_CLOSER = {"script": re.compile(r"</script\s{0,20}>", re.I), "style": re.compile(r"</style\s{0,20}>", re.I)}
_BLOCK_TAGS = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote)\b", re.I)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")

# Watermarks. A resale site's banner is a block of short lines made mostly of resale vocabulary
# (仅供学习 禁止外传 / 更多资料加QQ群 / 会员专享); the same words also occur in real sentences
# (各会员单位, 打击倒卖车票, 订阅制, 版权所有者), so a word only counts in a line that is mostly
# watermark (see is_watermark_line) and a block is removed only when shaped like a banner.
#: words one of which a watermark line contains
_WATERMARK_TRIGGER = re.compile(
    r"仅供学习|禁止外传|请勿外传|严禁外传|会员|订阅|QQ|qq群|微信群|公众号|倒卖|扫码|扫一扫|加微信|微信号"
    r"|关注我们|免费领取|资料群|淘宝|转载请|版权所有|侵权必究|盗版"
)
#: resale vocabulary: the share of a line's Chinese characters these cover decides whether the
#: line is mostly watermark (each alternative is a literal: the scan is linear)
_WATERMARK_VOCAB = re.compile(
    r"仅供学习|仅供参考|禁止外传|请勿外传|严禁外传|会员|订阅|立享|专享|权益|资料|材料|免费|赠送|领取|获取"
    r"|更多|下载|分享|加群|群|微信|公众号|关注|倒卖|打击|举报|扫码|扫一扫|淘宝|店铺|转载|版权所有|侵权必究|盗版"
)
#: phrases only a resale banner uses: a mostly-watermark line holding one is removed anywhere
_STRONG_WATERMARK = re.compile(
    r"仅供学习.{0,6}(?:禁止|请勿|严禁)外传|会员群|QQ群|qq群|订阅立享|会员专享|倒卖会员|倒卖资料|资料群"
    r"|加QQ|加qq|更多资料"
)
_STRONG_LITERALS = ("外传", "会员", "QQ", "qq", "订阅", "倒卖", "资料群", "更多资料")
_TITLE_LIKE = re.compile(r"(讲话|报告|意见|通知|方案|办法|公报|决定|决议|条例|规划|章程|纲要|致辞|发言)$")
#: a date line (2024年1月5日, ——2021年4月28日): part of a signature, never a banner
_DATE_LINE = re.compile(r"[0-9０-９〇○一二三四五六七八九十]{2,4}年[0-9０-９一二三四五六七八九十]{1,2}月")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: photo credits inside the text (新华社记者 鞠鹏/摄, （本报记者 吕相友摄）, 新华社记者　张　萍摄): an
#: agency's reporter, who may write for its app or media centre (贵州日报天眼新闻记者, 本报全媒体
#: 记者), or a bare 记者 and a space, a name of up to three parts, then 摄 that is not part of a
#: word (拍摄, 摄影, 摄像, 摄制, 摄下 stay)
_PHOTO_CREDIT = re.compile(
    r"[（(]?(?:(?:(?:新华社|本报|人民日报|中新社|新华网|[\u4e00-\u9fff]{2,4}日报)[\u4e00-\u9fff]{0,6}?"
    r"(?:特派|特约)?记者|新华社发)"
    r"[ \t\u3000]{0,12}|记者[ \t\u3000]{1,12})"
    r"(?:[\u4e00-\u9fff·]{1,4}(?:[ \u3000、，,]{1,4}[\u4e00-\u9fff·]{1,4}){0,2})?[ \u3000]{0,4}/?[ \u3000]{0,4}"
    r"(?<![拍抓航偷所自])摄(?![影像制下])(?:[ \u3000]{0,4}[（(]传真照片[）)])?[）)]?"
)
#: how far before its 摄 a photo credit can start (the longest the pattern allows), and end after
_PHOTO_CREDIT_REACH = 80
_PHOTO_CREDIT_AFTER = 16
#: Share of a document's text (non-space characters) that watermark and footer removals may
#: take before cleaning records a doubt in :attr:`CleanResult.notes`.
DOUBT_SHARE = 0.2
#: Share of a document's text below which what is left counts as (almost) nothing.
EMPTIED_SHARE = 0.1
#: How the note of an emptied document (:attr:`CleanResult.emptied`) starts.
EMPTIED_NOTE = "cleaning removed almost all of the text"
_FOOTER_LINE = re.compile(
    r"^[ \t\u3000]*[（(\[【]?(?:来源|责任编辑|责编|编辑|校对|审核|审校|监制|本文来源|文章来源|原标题|供稿)"
    r"[:：][^\n]{0,60}$",
    re.M,
)
#: What every _FOOTER_LINE match contains: a keyword then a colon (the longer keywords end in
#: 来源 or 编辑). One pattern per colon, the colon first: a literal the regex engine skips to,
#: where ``^`` or a set of first characters is tried at every position.
_FOOTER_KEYS = tuple(
    re.compile(f"{colon}(?:(?<=(?:来源|责编|编辑|校对|审核|审校|监制|供稿){colon})|(?<=原标题{colon}))")
    for colon in ":："
)
_WIKISOURCE = re.compile(r"本作品(?:是|在|来自|属于)|Public domain")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")

_PUNCTUATION = re.compile(char_class(PUNCTUATION))
_OPENERS = "《“（「『‘【〔(["
_CLOSERS = "，、。；：）》”」』’】〕！？%),;:"
_TERMINAL = "。！？；：…”’」』）)】!?;:"
_MARKER_START = re.compile(
    r"^[ \t\u3000]*(?:第[一二三四五六七八九十百零〇0-9０-９]+[部分章节条编]|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[.．、]|[①-⑳㈠-㈩]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])"
)


_START = itemgetter(1)  # Removal.start


class _Editor:
    """Accumulates one pass of edits and composes the running cleaned → source map."""

    def __init__(self, text: str, cmap: tuple[list[int], list[int]]) -> None:
        self.text = text
        self.cmap = cmap
        self.edits: list[tuple[int, int, str, str]] = []
        #: non-space characters of real text the pass removes as boilerplate (for the doubt check)
        self.doubtful = 0

    def add(self, start: int, end: int, replacement: str, kind: str) -> None:
        if start < end or replacement:
            self.edits.append((start, end, replacement, kind))

    def apply(self, source: str, removals: list[Removal] | None) -> tuple[str, tuple[list[int], list[int]]]:
        """Apply the edits (overlaps dropped, first wins).

        Parameters
        ----------
        source
            The source text, for the removed characters.
        removals
            Extended with one :class:`Removal` per edit, in source coordinates. None: record
            nothing and leave the map as it is (only the new text is wanted).

        Returns
        -------
        tuple
            The new text and the new cleaned → source map ``(cleaned offsets, source offsets)``.
        """
        if not self.edits:
            return self.text, self.cmap
        edits = sorted(self.edits)
        starts, ends, repls, kinds = zip(*edits)
        # Sorted by start, and no edit ends before it starts: when each edit starts at or after
        # the end of the one before, the ends never decrease, so no edit overlaps any earlier one.
        if any(map(lt, starts[1:], ends)):
            merged = []  # drop overlaps (first wins): passes may propose nested edits
            for e in edits:
                if merged and e[0] < merged[-1][1]:
                    continue
                merged.append(e)
            starts, ends, repls, kinds = zip(*merged)
        text = self.text
        n = len(starts)
        prev_ends = (0, *ends[:-1])
        tail_from = ends[-1]
        # A long document gets thousands of edits (every <p> of a web page), so the per-edit work
        # is kept to C-level maps, zips and slice assignments (and numpy, below).
        # The new text: gap_0, repl_0, gap_1, repl_1, …, tail.
        out = [text[tail_from:]] * (2 * n + 1)
        out[0:-1:2] = map(text.__getitem__, map(slice, prev_ends, starts))
        out[1:-1:2] = repls
        if removals is None:
            return "".join(out), self.cmap
        cur_old, src_old = self.cmap
        if len(cur_old) == 1:
            # The old map is a shift (every document's first pass with edits): plain lists beat
            # numpy's per-call overhead.
            src_s, src_e, cmap = self._compose_shift(starts, ends, repls, prev_ends, src_old[0] - cur_old[0])
        else:
            src_s, src_e, cmap = self._compose(starts, ends, repls, prev_ends)
        # tuple.__new__ builds the named tuples without the Python-level Removal.__new__
        removals.extend(map(tuple.__new__, repeat(Removal), zip(
            kinds, src_s, src_e, map(source.__getitem__, map(slice, src_s, src_e)), repls)))
        return "".join(out), cmap

    def _compose_shift(self, starts, ends, repls, prev_ends, shift):
        """:meth:`_compose` for an old map of one breakpoint (source = cleaned + ``shift``)."""
        # (no old breakpoint can fall inside a segment, so the new map is the segment starts)
        n = len(starts)
        tail_from = ends[-1]
        # segments of the new text (gap_0, repl_0, gap_1, repl_1, …, tail): their length in the
        # new text and their start in the old text
        new_len = [len(self.text) - tail_from] * (2 * n + 1)
        new_len[0:-1:2] = map(sub, starts, prev_ends)
        new_len[1:-1:2] = map(len, repls)
        old_start = [tail_from] * (2 * n + 1)
        old_start[0:-1:2] = prev_ends
        old_start[1:-1:2] = starts
        keep = new_len  # (compress keeps the segments of non-zero length)
        if not any(new_len[:-1]):
            keep = [*new_len[:-1], 1]  # an empty result still has one segment
        new_cur = list(compress(accumulate(new_len, initial=0), keep))
        new_src = list(compress(old_start, keep))
        if shift:
            starts, ends, new_src = (list(map(add, v, repeat(shift))) for v in (starts, ends, new_src))
        return starts, ends, (new_cur, new_src)

    def _compose(self, starts_l, ends_l, repls, prev_l):
        """Compose the old cleaned → source map (several breakpoints) with the edits, in numpy.

        Parameters
        ----------
        starts_l, ends_l, repls
            The sorted, non-overlapping edits, as columns (offsets in ``self.text``).
        prev_l
            The end of the edit before each one (0 for the first).

        Returns
        -------
        tuple
            The edits' starts and ends in the source (lists), and the new map
            ``(cleaned offsets, source offsets)``.
        """
        import numpy as np

        cur_old = np.array(self.cmap[0], dtype=np.int64)
        src_old = np.array(self.cmap[1], dtype=np.int64)

        def to_source(offsets):
            idx = np.searchsorted(cur_old, offsets, side="right") - 1
            return src_old[idx] + (offsets - cur_old[idx])

        starts, ends = np.array(starts_l, dtype=np.int64), np.array(ends_l, dtype=np.int64)
        n = len(starts)
        prev_ends = np.array(prev_l, dtype=np.int64)
        tail_from = int(ends[-1])
        # segments of the new text, in order gap_0, repl_0, gap_1, repl_1, …, tail: their start
        # in the new text, their start in the old text, their length in the old text
        gap_len = starts - prev_ends
        repl_len = np.fromiter(map(len, repls), dtype=np.int64, count=n)
        tail_len = len(self.text) - tail_from
        new_len = np.empty(2 * n + 1, dtype=np.int64)
        new_len[0:-1:2], new_len[1:-1:2], new_len[-1] = gap_len, repl_len, tail_len
        old_start = np.empty(2 * n + 1, dtype=np.int64)
        old_start[0:-1:2], old_start[1:-1:2], old_start[-1] = prev_ends, starts, tail_from
        old_len = np.zeros(2 * n + 1, dtype=np.int64)
        old_len[0:-1:2], old_len[-1] = gap_len, tail_len
        keep = new_len > 0
        if not keep[:-1].any():
            keep[-1] = True  # an empty result still has one segment
        new_start = (np.cumsum(new_len) - new_len)[keep]
        so, sl = old_start[keep], old_len[keep]
        # one lookup in the old map for the segment starts and the edits' starts and ends
        k = len(so)
        src = to_source(np.concatenate((so, starts, ends)))
        # the new map: each segment start, plus the old breakpoints that fall inside a segment
        inner = cur_old[1:]
        j = np.searchsorted(so, inner, side="right") - 1
        j0 = np.maximum(j, 0)
        ok = (j >= 0) & (inner > so[j0]) & (inner < (so + sl)[j0])
        new_cur = np.concatenate([new_start, new_start[j[ok]] + inner[ok] - so[j[ok]]])
        new_src = np.concatenate([src[:k], src_old[1:][ok]])
        order = np.argsort(new_cur, kind="stable")
        edges = src[k:].tolist()
        return edges[:n], edges[n:], (new_cur[order].tolist(), new_src[order].tolist())


def clean_text(text: str, options: CleanOptions | None = None, *, keep_source: bool = True) -> CleanResult:
    """Clean ``text`` and record what changed.

    Parameters
    ----------
    text
        Decoded text with ``\\n`` line ends.
    options
        Which steps to run (default: all but ``to_simplified``).
    keep_source
        Record the removals and the offset map. ``False`` gives the same text faster (a scraped
        page has an edit per tag, each otherwise recorded; reading 新闻联播 takes half the
        time, ``benchmarks/bench_stages.py``), with no removals and ``offset_map`` None: what a
        batch that only reads the cleaned text wants.

    Returns
    -------
    CleanResult
        ``text`` (cleaned), ``removals`` (in source coordinates) and the offset map used by
        :meth:`Document.source_offset`.
    """
    options = options or CleanOptions()
    source = text
    cmap: tuple[list[int], list[int]] = ([0], [0])
    removals: list[Removal] | None = [] if keep_source else None
    passes = []
    if options.html:
        passes.append(_html_pass)
    if options.footers:
        passes.append(_footer_pass)
    if options.watermarks:
        passes.append(_watermark_pass)
    if options.photo_credits:
        passes.append(_photo_credit_pass)
    if options.join_lines:
        passes.append(_join_pass)
    if options.whitespace:
        passes.append(_whitespace_pass)
    doubtful, base = 0, None
    for run_pass in passes:
        if base is None and run_pass is not _html_pass:
            base = text  # the text once markup is gone: what boilerplate is a share of
        editor = _Editor(text, cmap)
        run_pass(editor)
        doubtful += editor.doubtful
        text, cmap = editor.apply(source, removals)
    notes, emptied = _doubts(doubtful, base or "", text) if doubtful else ((), False)
    if options.to_simplified:
        text = _to_simplified(text)
    if removals is None:
        return CleanResult(text, (), None, notes, emptied)
    return CleanResult(text, tuple(sorted(removals, key=_START)), (tuple(cmap[0]), tuple(cmap[1])),
                       notes, emptied)


def _visible(text: str) -> int:
    """Characters of ``text`` that are not white space."""
    return len(text) - sum(map(text.count, (" ", "\n", "\t", "\u3000", "\xa0")))


def _doubts(doubtful: int, base_text: str, left_text: str) -> tuple[tuple[str, ...], bool]:
    """The notes and the ``emptied`` flag of :class:`CleanResult`."""
    base, left = _visible(base_text), _visible(left_text)
    if not base or doubtful <= DOUBT_SHARE * base:
        return (), False
    emptied = base >= 20 and left < EMPTIED_SHARE * base
    what = EMPTIED_NOTE if emptied else f"cleaning removed {doubtful / base:.0%} of the text"
    note = (f"{what} as watermark, footer or photo credit "
            f"({doubtful:,} of {base:,} characters, {left:,} left): check that it was boilerplate "
            "(read the file with clean=False to see it whole)")
    return (note,), emptied


# --- passes -------------------------------------------------------------------------------------
def _html_pass(ed: _Editor) -> None:
    text = ed.text
    if "<" in text:  # tags are never empty: no need for ed.add's check
        hidden = _hidden_blocks(text)
        for s, e in hidden:
            ed.edits.append((s, e, "", "html"))
        tags = list(_TAG.finditer(text))
        if hidden:  # tags inside a script, style or comment go with it
            starts = [s for s, _ in hidden]
            tags = [m for m in tags if not _inside(hidden, starts, m.start())]
        # a page repeats a handful of distinct tags (<p>, </p>, <strong>): test each one once,
        # and keep the per-tag work in C-level maps
        names = list(map(re.Match.group, tags))
        repl = {name: "\n" if _BLOCK_TAGS.match(name) else "" for name in set(names)}
        ed.edits.extend(zip(map(re.Match.start, tags), map(re.Match.end, tags),
                            map(repl.__getitem__, names), repeat("html")))
    if "&" in text:
        for m in _ENTITY.finditer(text):
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0):
                ed.add(m.start(), m.end(), " " if decoded == "\xa0" else decoded, "html")


def _hidden_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each closed script, style and comment of ``text``, in order, in one
    forward scan. An opener without a closer is left alone (as text, the tag itself removed
    by _TAG): what follows it may be the document."""
    blocks: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    pos = 0
    while True:
        m = _HIDDEN_OPENER.search(text, pos)
        if m is None:
            return blocks
        kind = (m.group(1) or "--").lower()
        if kind in unclosed:
            pos = m.end()
            continue
        if kind == "--":
            end = text.find("-->", m.end())
            end = -1 if end < 0 else end + 3
        else:
            closer = _HIDDEN_CLOSER[kind].search(text, m.end())
            end = -1 if closer is None else closer.end()
        if end < 0:
            unclosed.add(kind)  # no later opener of this kind can find a closer either
            pos = m.end()
            continue
        blocks.append((m.start(), end))
        pos = end


def _inside(blocks: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the sorted, disjoint ``blocks`` (``starts``: theirs)."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < blocks[i][1]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _line_end_with_newline(text: str, end: int) -> int:
    return end + 1 if end < len(text) and text[end] == "\n" else end


def _nonempty_lines(text: str, n: int, *, from_end: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the first (or last) ``n`` non-blank lines, without splitting the rest."""
    spans: list[tuple[int, int]] = []
    if from_end:
        end = len(text)
        while end >= 0 and len(spans) < n:
            start = text.rfind("\n", 0, end) + 1
            if text[start:end].strip():
                spans.append((start, end))
            if start == 0:
                break
            end = start - 1
        spans.reverse()
    else:
        start = 0
        while start <= len(text) and len(spans) < n:
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if text[start:end].strip():
                spans.append((start, end))
            start = end + 1
    return spans


def is_watermark_line(line: str) -> bool:
    """Whether ``line`` is mostly resale watermark (仅供学习 禁止外传, 会员专享, 更多资料加QQ群).

    The line must hold a watermark word, be short, not be an outline item (五、严厉打击倒卖文物),
    an addressee (各会员单位：), a date or a sentence ending in 。, and resale vocabulary must
    cover at least half of its Chinese characters: a sentence of the document that mentions
    会员 or 订阅 is mostly other words.

    Examples
    --------
    >>> is_watermark_line("更多资料加QQ群：123456")
    True
    >>> is_watermark_line("各会员单位：")
    False
    >>> is_watermark_line("二、严厉打击倒卖车票等违法犯罪行为。")
    False
    """
    line = line.strip(" \t\u3000\xa0")
    if not line or len(line) > 60 or _WATERMARK_TRIGGER.search(line) is None:
        return False
    strong = _STRONG_WATERMARK.search(line) is not None
    if _MARKER_START.match(line) or _DATE_LINE.search(line):
        return False
    if not strong and (line[-1] in "。：:" or line.startswith("各")):
        return False
    cjk = len(_CJK.findall(line))
    if cjk == 0:
        return strong  # QQ群：123456 (an e-mail address alone, x@qq.com, is not a watermark)
    covered = sum(len(_CJK.findall(m.group())) for m in _WATERMARK_VOCAB.finditer(line))
    return 2 * covered >= cjk


def _banner(text: str, spans: list[tuple[int, int]], marks: list[bool]) -> list[tuple[int, int]]:
    """The lines of ``spans`` (ordered from the document's edge inwards) that form a banner.

    The banner runs from the edge to the innermost watermark line such that the lines so far
    are all short, none is a title (…的讲话) or a date, the edge line is a watermark and at least
    half of the lines are: a resale banner, not a document that mentions its members.
    Title-like lines inside it are kept.
    """
    best = 0
    n_marks = 0
    for i, (span, mark) in enumerate(zip(spans, marks)):
        line = text[span[0] : span[1]].strip()
        if i == 0 and not mark:
            return []
        if len(line) > 60 or (not mark and (_TITLE_LIKE.search(line) or _DATE_LINE.search(line)
                                             or _MARKER_START.match(line))):
            break
        n_marks += mark
        if mark and 2 * n_marks >= i + 1:
            best = i + 1
    return spans[:best]


def _watermark_pass(ed: _Editor) -> None:
    text = ed.text
    removed: set[tuple[int, int]] = set()
    # Head banner: among the first 15 non-empty lines; tail banner: among the last 10 lines
    # after the head banner (a short document's head and tail must not overlap).
    head = _nonempty_lines(text, 15)
    # (one scan of the region for a watermark word before judging its lines one by one)
    if head and _WATERMARK_TRIGGER.search(text, head[0][0], head[-1][1]) is not None:
        marks = [is_watermark_line(text[s:e]) for s, e in head]
        if any(marks):
            removed.update(_banner(text, head, marks))
    tail = [sp for sp in _nonempty_lines(text, 10, from_end=True) if sp not in removed
            and (not removed or sp[0] > max(removed)[1])]
    if tail and _WATERMARK_TRIGGER.search(text, tail[0][0], tail[-1][1]) is not None:
        marks = [is_watermark_line(text[s:e]) for s, e in tail]
        if any(marks):
            removed.update(_banner(text, tail[::-1], marks[::-1]))
    # unmistakable watermark lines anywhere: a resale phrase in a line that is mostly watermark
    # (eight scans for literals every resale phrase contains are cheaper than a regex scan)
    if any(map(text.__contains__, _STRONG_LITERALS)) and _STRONG_WATERMARK.search(text) is not None:
        e = -1
        for m in _STRONG_WATERMARK.finditer(text):
            if m.start() <= e:
                continue  # the line was judged already (each line's ends are found once)
            s = text.rfind("\n", 0, m.start()) + 1
            e = text.find("\n", m.end())
            e = len(text) if e < 0 else e
            if (s, e) not in removed and is_watermark_line(text[s:e]):
                removed.add((s, e))
    for s, e in sorted(removed):
        ed.add(s, _line_end_with_newline(text, e), "", "watermark")
        ed.doubtful += _visible(text[s:e])


def _photo_credit_pass(ed: _Editor) -> None:
    text = ed.text
    for m in _photo_credits(text):
        # with the space before it (widened here: a leading [ ]* in the pattern would be tried
        # at every space of a long run)
        start = m.start()
        while start > 0 and text[start - 1] in " \t\u3000":
            start -= 1
        ed.add(start, m.end(), "", "photo_credit")
        ed.doubtful += _visible(m.group())


def _photo_credits(text: str) -> Iterator[re.Match]:
    """The matches of _PHOTO_CREDIT in ``text``, searched only just before each 摄 (a credit
    is a few dozen characters at most): most pages say 拍摄 somewhere, and a search of the
    whole text tries the pattern at every character."""
    pos = 0
    i = text.find("摄")
    while i >= 0:
        m = _PHOTO_CREDIT.search(text, max(pos, i - _PHOTO_CREDIT_REACH), i + _PHOTO_CREDIT_AFTER)
        if m is not None and m.end() > i:
            yield m
            pos = m.end()
        i = text.find("摄", max(i + 1, pos))


# the controls and labels of a web page copied with its text (下载 打印 全屏 收藏 【字号：加大 还原
# 减小】, 来源：…, 时间：2026-02-09, 阅读量：, a timestamp 2026-02-03 09:02:33), one to a line; a
# bare date (1963-01-08) is a newspaper's publication line and stays
_PAGE_CHROME = re.compile(
    r"[【\[]?(?:下载|打印|全屏|收藏|加大|还原|减小|默认|分享|分享到|分享到微信|字[号体]|[大中小]|"
    r"打印本页|关闭窗口|返回顶部|扫一扫.{0,16}|"
    r"(?:来源|稿源|时间|发布时间|发表时间|发布日期|作者|编辑|责任编辑|浏览次数|阅读量|点击数|字号|字体|分享)"
    r"[:：].{0,30}|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?|"
    r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日[ \u3000]*\d{1,2}[时:]\d{2}分?)?[:：]?[】\]]?|[×>»›|]"
)
# a breadcrumb trail: 您的位置：⏎首页⏎>⏎云南要闻 (the labels after 首页, each after a >)
_BREADCRUMB_START = re.compile(r"(?:您的位置|当前位置|所在位置)[:：]?(?:首页)?|首页")
_LABELLED = re.compile(r"[:：][^ \u3000】\]]")
#: Non-blank lines at each end of a text searched for a page's controls by cleaning.
_CHROME_REACH = 15


def _is_chrome_line(bare: str) -> bool:
    """A line of a page's controls or labels: one (打印, 【字号：) or several set apart by
    spaces (下载 打印 全屏 收藏 【字号： 加大 还原 减小 】)."""
    return bool(_PAGE_CHROME.fullmatch(bare)) or (
        " " in bare and all(_PAGE_CHROME.fullmatch(part) for part in bare.split()))


def page_chrome(lines: list[str]) -> list[bool]:
    """For each of ``lines``, whether it is a control, label or breadcrumb of a copied web page.

    A report saved from a government or newspaper site often opens with the page's own words,
    one to a line (下载, 打印, 【字号：, 加大, 】, 您的位置：首页 > 云南要闻, 来源：解放日报,
    时间：2026-02-09) or all on one: they are neither its title nor its text.

    >>> page_chrome(["下载", "打印", "【字号：", "加大", "】", "2026年上海市政府工作报告"])
    [True, True, True, True, True, False]
    """
    out: list[bool] = []
    crumb = False  # inside a breadcrumb: the line after a > is a label
    after_arrow = False
    label = ""
    for line in lines:
        bare = line.strip(" \t\u3000")
        if _BREADCRUMB_START.fullmatch(bare):
            crumb, after_arrow = True, True
            out.append(True)
            continue
        if crumb:
            if bare in (">", "›", "»", "/"):
                after_arrow = True
                out.append(True)
                continue
            if (after_arrow or bare == label) and bare and len(bare) <= 12:
                after_arrow, label = False, bare  # a label, or the page's heading repeating it
                out.append(True)
                continue
            crumb = False
        out.append(bool(bare) and _is_chrome_line(bare))
    return out


def without_page_chrome(lines: list[str]) -> list[str]:
    """``lines`` without the controls, labels and breadcrumb of a copied web page
    (:func:`page_chrome`). Blank lines are kept.

    >>> without_page_chrome(["下载", "打印", "【字号：", "加大", "】", "2026年上海市政府工作报告"])
    ['2026年上海市政府工作报告']
    >>> without_page_chrome(["您的位置:", "首页", ">", "云南要闻", "2026年政府工作报告"])
    ['2026年政府工作报告']
    """
    return [line for line, chrome in zip(lines, page_chrome(lines), strict=True) if not chrome]


def _page_chrome_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the page's controls that open or close ``text``: the run of
    :func:`page_chrome` lines its first (last) non-blank lines make, when it holds two
    controls or more (a lone 下载 or 大 shows no web page). A label with its value (来源：新华网,
    时间：2026-02-09) ends the run: the footer lines are the footer rule's."""
    for from_end in (False, True):
        spans = _nonempty_lines(text, _CHROME_REACH, from_end=from_end)
        if from_end:
            spans.reverse()
        lines = [text[s:e] for s, e in spans]
        flags = [chrome and not _LABELLED.search(line)
                 for chrome, line in zip(page_chrome(lines), lines, strict=True)]
        run = [span for _, span in takewhile(itemgetter(0), zip(flags, spans, strict=True))]
        if sum(len(text[s:e].split()) for s, e in run) >= 2:
            yield min(s for s, _ in run), max(e for _, e in run)


#: a printed document's page number on a line of its own: — 8 —, - 8 -, －8－ (the 公文 standard
#: sets them between dashes), 第 8 页, 第8页 共30页
_PAGE_NUMBER_LINE = re.compile(
    r"(?m)^[ \t\u3000]*(?:[—－–-]{1,2}[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*[—－–-]{1,2}"
    r"|第[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*页(?:[ \t\u3000]*共[ \t\u3000]*[0-9]{1,4}[ \t\u3000]*页)?)"
    r"[ \t\u3000]*(?:\n|$)"
)


def _footer_pass(ed: _Editor) -> None:
    text = ed.text
    # page numbers of a printed document cut the sentence they fall in (取药通知提醒等智 / — 8 —
    # / 能服务): gone, the line joining that follows mends the sentence
    if "页" in text or "—" in text or "-" in text or "－" in text:
        for m in _PAGE_NUMBER_LINE.finditer(text):
            ed.add(m.start(), m.end(), "", "page_number")
    for start, end in _page_chrome_spans(text):
        ed.add(start, _line_end_with_newline(text, end), "", "footer")
        ed.doubtful += _visible(text[start:end])
    if any(ch in text for ch in _INVISIBLE_CHARS):  # five C-level scans beat one regex scan
        for m in _INVISIBLE.finditer(text):
            ed.add(m.start(), m.end(), "", "invisible")
    # Wikisource appends a licence block after the document; it starts with 本作品… and mentions
    # the public domain. Only the last few thousand characters are searched.
    tail_start = max(0, len(text) - 4000)
    # (str.find of the two literals is cheaper than the regex scan that usually finds nothing)
    if text.find("本作品", tail_start) >= 0 or text.find("Public domain", tail_start) >= 0:
        m = _WIKISOURCE.search(text, tail_start)
    else:
        m = None
    if m is not None and ("公有领域" in text[m.start() :] or "Public domain" in text[m.start() :]):
        line_start = text.rfind("\n", 0, m.start()) + 1
        ed.add(line_start, len(text), "", "footer")
        text_end = line_start
    else:
        text_end = len(text)
    # A footer line is a whole line (before text_end) that starts with a keyword and a colon:
    # find the lines that contain one (cheap scans, see _FOOTER_KEYS) and match _FOOTER_LINE at
    # their start only. Same matches, in the same order, as _FOOTER_LINE.finditer.
    line_starts = {text.rfind("\n", 0, k.start()) + 1
                   for key in _FOOTER_KEYS for k in key.finditer(text, 0, text_end)}
    for line_start in sorted(line_starts):
        m = _FOOTER_LINE.match(text, line_start, text_end)
        if m is not None:
            ed.add(m.start(), _line_end_with_newline(text, m.end()), "", "footer")
            ed.doubtful += _visible(m.group())


_H = "[ \\t\\u3000]*"  # horizontal whitespace around a line break
# Line breaks to join, found by regex instead of a loop over every line: after an opening
# bracket or quote (根据《⏎著作权法), before closing punctuation (⏎》的实施), and before a lone
# character that is a fragment of the line before (政府工作报⏎告).
_AFTER_OPENER = re.compile(rf"[{re.escape(_OPENERS)}]({_H}\n{_H})(?=\S)")  # (see _breaks_after_openers)
_BEFORE_CLOSER = re.compile(rf"\n{_H}(?=[{re.escape(_CLOSERS)}])")
# (a lone numeral is a section heading, 三 on a line of its own in a newspaper article, not a fragment)
_BEFORE_ORPHAN = re.compile(rf"\n{_H}(?=(?![一二三四五六七八九十〇零])[\u4e00-\u9fff]{_H}(?:\n|$))")
# _AFTER_OPENER's left side, matched in the reversed text where the break comes first: a literal
# the regex engine skips to (a set of first characters is tried at every character)
_AFTER_OPENER_REVERSED = re.compile(rf"\n({_H})[{re.escape(_OPENERS)}]")
_H_RUN = re.compile(_H)


def _breaks_after_openers(text: str) -> set[tuple[int, int]]:
    """``{m.span(1) for m in _AFTER_OPENER.finditer(text)}``, found with a faster scan.

    Each match holds one line break, with an opener then only horizontal space before it, and
    only horizontal space then a non-space after it; the span runs from that space to that space.
    """
    last = len(text) - 1
    spans = set()
    for m in _AFTER_OPENER_REVERSED.finditer(text[::-1]):
        newline = last - m.start()
        end = _H_RUN.match(text, newline + 1).end()
        if end < len(text) and not text[end].isspace():  # (?=\S): \S is "not str.isspace"
            spans.add((newline - len(m.group(1)), end))
    return spans


def _break_before(text: str, m: re.Match, not_after: str) -> tuple[int, int] | None:
    """The break matched at a newline, widened left over horizontal space, when the character
    before it is not whitespace and not in ``not_after``."""
    start = m.start()
    while start > 0 and text[start - 1] in " \t\u3000":
        start -= 1
    if start == 0 or text[start - 1].isspace() or text[start - 1] in not_after:
        return None
    return start, m.end()


def _join_pass(ed: _Editor) -> None:
    text = ed.text
    # a line that opens with an outline marker after a line ending in a sentence and an opener
    # is a heading: exported 公文 leave stray quotes at line ends (…终端产品。“ over
    # 二、申请进网许可…), and joining would hide the heading inside the line before. After a
    # comma the quote is real and goes on (有两条，“⏎第一条，反对…, a wiki-link break).
    breaks = {(s, e) for s, e in _breaks_after_openers(text)
              if not (s >= 2 and text[s - 2] in "。；;！？!?"
                      and _MARKER_START.match(text[e:e + 16]))}
    for pattern, not_after in ((_BEFORE_CLOSER, ""), (_BEFORE_ORPHAN, _TERMINAL)):
        for m in pattern.finditer(text):
            span = _break_before(text, m, not_after)
            if span:
                breaks.add(span)
    lines = text.split("\n")
    stripped = list(map(str.strip, lines, repeat(" \t\u3000")))
    width = _wrap_width(stripped)
    if width is not None:  # hard-wrapped (PDF) text: join lines of the full width
        # A line without punctuation next to another one is an item of a list (a 主送 list of
        # units, one per line), not a piece of a wrapped sentence: prose has a comma every few
        # characters. Such lines are not joined.
        plain = [bool(line) and _PUNCTUATION.search(line) is None for line in stripped]
        pos = 0
        for i in range(len(lines) - 1):
            cur, nxt = stripped[i], stripped[i + 1]
            line_end = pos + len(lines[i])
            listed = plain[i] and not _MARKER_START.match(cur) and (
                plain[i + 1] or (i > 0 and plain[i - 1] and not _MARKER_START.match(stripped[i - 1])))
            if (
                cur and nxt and width - 3 <= len(cur) <= width + 2 and not listed
                and cur[-1] not in _TERMINAL and not _MARKER_START.match(nxt)
            ):
                s = pos + len(lines[i].rstrip(" \t\u3000"))
                e = line_end + 1 + (len(lines[i + 1]) - len(lines[i + 1].lstrip(" \t\u3000")))
                breaks.add((s, e))
            pos = line_end + 1
    for s, e in sorted(breaks):
        ed.add(s, e, "", "linebreak")


def _wrap_width(lines: list[str]) -> int | None:
    """The line width of hard-wrapped text (PDF), or None when lines are real paragraphs."""
    lengths = [n for n in map(len, lines) if n >= 8]
    if len(lengths) < 12:
        return None
    from collections import Counter

    counts = Counter(lengths)
    # Shortcut for real paragraphs, whose widths spread out: ``near`` below sums the counts of
    # six widths, so when the six largest counts add up to under 40% of the lines (in integers:
    # 5·top6 < 2·n, far enough from 0.4 for the float test too), ``near / n < 0.4`` holds
    # whatever the width, and the search for it (a Python call per distinct width) is skipped.
    if 5 * sum(sorted(counts.values())[-6:]) < 2 * len(lengths):
        return None
    width, _ = max(counts.items(), key=lambda kv: (sum(counts.get(kv[0] + d, 0) for d in (-1, 0, 1)), kv[0]))
    near = sum(counts.get(width + d, 0) for d in range(-3, 3))
    if width < 12 or near / len(lengths) < 0.4:
        return None
    return width


# trailing spaces, matched in the reversed text where a run follows its line break: a literal
# first character lets the regex engine skip ahead ([ \t\u3000\u00a0]+$ is tried at every space)
_TRAILING_WS_REVERSED = re.compile("\n([ \t\u3000\u00a0]+)")
# indentation: the group after a line break (the text at ``lead`` is never whitespace); a
# literal first character lets the regex engine skip ahead instead of trying every position
_LEADING_WS = re.compile(r"\n([ \t\u3000\u00a0\u2002\u2003]+)")
_BLANK_RUNS = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*){2,}")


def _whitespace_pass(ed: _Editor) -> None:
    text = ed.text
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    if lead:
        ed.add(0, lead, "", "whitespace")
    if trail < len(text) and trail >= lead:
        ed.add(trail, len(text), "", "whitespace")
    # inside the body only, so these never overlap the edits at both ends; matches are never
    # empty, so no need for ed.add's check
    # (a document has hundreds of these: the tuples are built by C-level maps, not a Python loop)
    edits = ed.edits
    leading = list(_LEADING_WS.finditer(text, lead, trail))
    edits.extend(zip(map(re.Match.start, leading, repeat(1)), map(re.Match.end, leading, repeat(1)),
                     repeat(""), repeat("whitespace")))
    # Trailing spaces are the maximal runs of spaces before a "\n" in the body (the body ends in
    # a non-space): in the reversed body, the maximal runs after a "\n"; position i there is
    # trail - 1 - i here. (Edits are sorted by apply, so their order here does not matter.)
    trailing = list(_TRAILING_WS_REVERSED.finditer(text[lead:trail][::-1]))
    edits.extend(zip(map(sub, repeat(trail), map(re.Match.end, trailing, repeat(1))),
                     map(sub, repeat(trail), map(re.Match.start, trailing, repeat(1))),
                     repeat(""), repeat("whitespace")))
    blank = list(_BLANK_RUNS.finditer(text, lead, trail))
    edits.extend(zip(map(re.Match.start, blank), map(re.Match.end, blank), repeat("\n\n"), repeat("whitespace")))


def _to_simplified(text: str) -> str:
    try:
        from opencc import OpenCC
    except ImportError:
        from .errors import MissingDependencyError

        raise MissingDependencyError("traditional→simplified conversion", "opencc", "opencc-python-reimplemented") from None
    return OpenCC("t2s").convert(text)
