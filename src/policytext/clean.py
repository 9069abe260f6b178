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
from dataclasses import dataclass

from .corpus import Removal

__all__ = ["CleanOptions", "CleanResult", "clean_text"]


@dataclass(frozen=True)
class CleanOptions:
    """What :func:`clean_text` does. Every step is on by default except ``to_simplified``.

    Attributes
    ----------
    html
        Drop HTML tags, scripts and styles left in the text; decode entities (&nbsp;).
    watermarks
        Drop resale/watermark lines (仅供学习 禁止外传, 订阅, 会员群, QQ群…) at the head and
        tail of the document, and unmistakable ones anywhere.
    footers
        Drop site footers: the Wikisource licence block, 来源：/责任编辑： lines, invisible
        characters (zero-width spaces, BOMs).
    join_lines
        Join lines broken inside a sentence: wiki-link breaks (``根据《\\n著作权法\\n》``) and
        PDF hard wraps (lines of the same width), never real paragraphs or headings.
    whitespace
        Strip indentation and trailing spaces on each line, collapse runs of blank lines.
    to_simplified
        Convert traditional to simplified characters (needs ``policytext[opencc]``).
    """

    html: bool = True
    watermarks: bool = True
    footers: bool = True
    join_lines: bool = True
    whitespace: bool = True
    to_simplified: bool = False


@dataclass(frozen=True)
class CleanResult:
    """Output of :func:`clean_text`."""

    text: str
    removals: tuple[Removal, ...]
    offset_map: tuple[tuple[int, ...], tuple[int, ...]]


# --- patterns -----------------------------------------------------------------------------------
_TAG = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,500})?/?>",
    re.S | re.I,
)
_BLOCK_TAGS = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote)\b", re.I)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});")

_WATERMARK = re.compile(
    r"仅供学习|禁止外传|请勿外传|严禁外传|内部资料|会员|订阅|QQ群|qq群|[Qq]{2}|微信群|公众号|倒卖"
    r"|扫码|扫一扫|加微信|微信号|关注我们|免费领取|资料群|淘宝|转载请|版权所有|侵权必究|盗版"
)
_STRONG_WATERMARK = re.compile(
    r"仅供学习.{0,6}(禁止|请勿|严禁)外传|会员群|QQ群|qq群|打击倒卖|举报倒卖|订阅立享|关注公众号|微信公众号[:：]"
)
_TITLE_LIKE = re.compile(r"(讲话|报告|意见|通知|方案|办法|公报|决定|决议|条例|规划|章程|纲要|致辞|发言)$")
_FOOTER_LINE = re.compile(
    r"^[ \t\u3000]*[（(\[【]?(?:来源|责任编辑|责编|编辑|校对|审核|审校|监制|本文来源|文章来源|原标题|供稿)"
    r"[:：][^\n]{0,60}$",
    re.M,
)
_WIKISOURCE = re.compile(r"本作品(?:是|在|来自|属于)|Public domain")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]+")

_OPENERS = "《“（「『‘【〔(["
_CLOSERS = "，、。；：）》”」』’】〕！？%),;:"
_TERMINAL = "。！？；：…”’」』）)】!?;:"
_MARKER_START = re.compile(
    r"^[ \t\u3000]*(?:第[一二三四五六七八九十百零〇0-9０-９]+[部分章节条编]|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[.．、]|[①-⑳㈠-㈩]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])"
)


class _Editor:
    """Accumulates one pass of edits and composes the running cleaned → source map."""

    def __init__(self, text: str, cmap: tuple[list[int], list[int]]) -> None:
        self.text = text
        self.cmap = cmap
        self.edits: list[tuple[int, int, str, str]] = []

    def add(self, start: int, end: int, replacement: str, kind: str) -> None:
        if start < end or replacement:
            self.edits.append((start, end, replacement, kind))

    def to_source(self, offset: int) -> int:
        cur, src = self.cmap
        i = bisect_right(cur, offset) - 1
        return src[i] + (offset - cur[i])

    def apply(self, source: str, removals: list[Removal]) -> tuple[str, tuple[list[int], list[int]]]:
        if not self.edits:
            return self.text, self.cmap
        edits = sorted(self.edits)
        merged: list[tuple[int, int, str, str]] = []
        for e in edits:  # drop overlaps (first wins): passes may propose nested edits
            if merged and e[0] < merged[-1][1]:
                continue
            merged.append(e)
        out: list[str] = []
        segments: list[tuple[int, int, int]] = []  # (new_start, old_start, length)
        pos = new_len = 0
        text = self.text
        for start, end, repl, kind in merged:
            if start > pos:
                out.append(text[pos:start])
                segments.append((new_len, pos, start - pos))
                new_len += start - pos
            if repl:
                out.append(repl)
                segments.append((new_len, start, 0))
                new_len += len(repl)
            s_src, e_src = self.to_source(start), self.to_source(end)
            removals.append(Removal(kind, s_src, e_src, source[s_src:e_src], repl))
            pos = end
        if pos < len(text) or not segments:
            out.append(text[pos:])
            segments.append((new_len, pos, len(text) - pos))
        cur_old, src_old = self.cmap
        new_cur: list[int] = []
        new_src: list[int] = []
        for new_start, old_start, length in segments:
            new_cur.append(new_start)
            new_src.append(self.to_source(old_start))
            i = bisect_right(cur_old, old_start)
            while i < len(cur_old) and cur_old[i] < old_start + length:
                new_cur.append(new_start + cur_old[i] - old_start)
                new_src.append(src_old[i])
                i += 1
        return "".join(out), (new_cur, new_src)


def clean_text(text: str, options: CleanOptions | None = None) -> CleanResult:
    """Clean ``text`` and record what changed.

    Parameters
    ----------
    text
        Decoded text with ``\\n`` line ends.
    options
        Which steps to run (default: all but ``to_simplified``).

    Returns
    -------
    CleanResult
        ``text`` (cleaned), ``removals`` (in source coordinates) and the offset map used by
        :meth:`Document.source_offset`.
    """
    options = options or CleanOptions()
    source = text
    cmap: tuple[list[int], list[int]] = ([0], [0])
    removals: list[Removal] = []
    passes = []
    if options.html:
        passes.append(_html_pass)
    if options.footers:
        passes.append(_footer_pass)
    if options.watermarks:
        passes.append(_watermark_pass)
    if options.join_lines:
        passes.append(_join_pass)
    if options.whitespace:
        passes.append(_whitespace_pass)
    for run_pass in passes:
        editor = _Editor(text, cmap)
        run_pass(editor)
        text, cmap = editor.apply(source, removals)
    if options.to_simplified:
        text = _to_simplified(text)
    return CleanResult(text, tuple(sorted(removals, key=lambda r: r.start)), (tuple(cmap[0]), tuple(cmap[1])))


# --- passes -------------------------------------------------------------------------------------
def _html_pass(ed: _Editor) -> None:
    text = ed.text
    if "<" in text:
        for m in _TAG.finditer(text):
            repl = "\n" if _BLOCK_TAGS.match(m.group(0)) else ""
            ed.add(m.start(), m.end(), repl, "html")
    if "&" in text:
        for m in _ENTITY.finditer(text):
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0):
                ed.add(m.start(), m.end(), " " if decoded == "\xa0" else decoded, "html")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _line_end_with_newline(text: str, end: int) -> int:
    return end + 1 if end < len(text) and text[end] == "\n" else end


def _watermark_pass(ed: _Editor) -> None:
    text = ed.text
    spans = _lines(text)
    nonempty = [i for i, (s, e) in enumerate(spans) if text[s:e].strip()]
    removed: set[int] = set()

    def is_mark(i: int) -> bool:
        line = text[spans[i][0] : spans[i][1]].strip()
        return len(line) <= 60 and bool(_WATERMARK.search(line))

    # Head block: everything up to the last watermark line among the first 15 non-empty lines,
    # when the block is made of short lines (a resale site's banner), keeping title-like lines.
    head = nonempty[:15]
    marks = [i for i in head if is_mark(i)]
    if marks:
        last = marks[-1]
        block = [i for i in head if i <= last]
        if all(len(text[spans[i][0] : spans[i][1]].strip()) <= 60 for i in block):
            removed.update(
                i for i in block
                if is_mark(i) or not _TITLE_LIKE.search(text[spans[i][0] : spans[i][1]].strip())
            )
    tail = nonempty[-10:]
    marks = [i for i in tail if is_mark(i)]
    if marks:
        first = marks[0]
        block = [i for i in tail if i >= first]
        if all(len(text[spans[i][0] : spans[i][1]].strip()) <= 60 for i in block):
            removed.update(block)
    for i in nonempty:
        s, e = spans[i]
        if e - s <= 80 and _STRONG_WATERMARK.search(text[s:e]):
            removed.add(i)
    for i in sorted(removed):
        s, e = spans[i]
        ed.add(s, _line_end_with_newline(text, e), "", "watermark")


def _footer_pass(ed: _Editor) -> None:
    text = ed.text
    for m in _INVISIBLE.finditer(text):
        ed.add(m.start(), m.end(), "", "invisible")
    # Wikisource appends a licence block after the document; it starts with 本作品… and mentions
    # the public domain. Only the last few thousand characters are searched.
    tail_start = max(0, len(text) - 4000)
    m = _WIKISOURCE.search(text, tail_start)
    if m is not None and ("公有领域" in text[m.start() :] or "Public domain" in text[m.start() :]):
        line_start = text.rfind("\n", 0, m.start()) + 1
        ed.add(line_start, len(text), "", "footer")
        text_end = line_start
    else:
        text_end = len(text)
    for m in _FOOTER_LINE.finditer(text, 0, text_end):
        ed.add(m.start(), _line_end_with_newline(text, m.end()), "", "footer")


def _join_pass(ed: _Editor) -> None:
    text = ed.text
    spans = _lines(text)
    stripped = [text[s:e].strip(" \t\u3000") for s, e in spans]
    width = _wrap_width(stripped)
    for i in range(len(spans) - 1):
        cur, nxt = stripped[i], stripped[i + 1]
        if not cur or not nxt:
            continue
        bracket_break = cur[-1] in _OPENERS or nxt[0] in _CLOSERS
        # a lone character on its own line is a fragment of the line before (政府工作报\n告)
        orphan = len(nxt) == 1 and "\u4e00" <= nxt <= "\u9fff" and cur[-1] not in _TERMINAL
        wrapped = (
            width is not None
            and width - 3 <= len(cur) <= width + 2
            and cur[-1] not in _TERMINAL
            and not _MARKER_START.match(nxt)
        )
        if bracket_break or wrapped or orphan:
            # remove the newline and the indentation around it
            s = spans[i][0] + len(text[spans[i][0] : spans[i][1]].rstrip(" \t\u3000"))
            e = spans[i + 1][0] + (len(text[spans[i + 1][0] : spans[i + 1][1]]) - len(text[spans[i + 1][0] : spans[i + 1][1]].lstrip(" \t\u3000")))
            ed.add(s, e, "", "linebreak")


def _wrap_width(lines: list[str]) -> int | None:
    """The line width of hard-wrapped text (PDF), or None when lines are real paragraphs."""
    lengths = [len(x) for x in lines if len(x) >= 8]
    if len(lengths) < 12:
        return None
    from collections import Counter

    counts = Counter(lengths)
    width, _ = max(counts.items(), key=lambda kv: (sum(counts.get(kv[0] + d, 0) for d in (-1, 0, 1)), kv[0]))
    near = sum(counts.get(width + d, 0) for d in range(-3, 3))
    if width < 12 or near / len(lengths) < 0.4:
        return None
    return width


_TRAILING_WS = re.compile(r"[ \t\u3000\u00a0]+$", re.M)
_LEADING_WS = re.compile(r"^[ \t\u3000\u00a0\u2002\u2003]+", re.M)
_BLANK_RUNS = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*){2,}")


def _whitespace_pass(ed: _Editor) -> None:
    text = ed.text
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    if lead:
        ed.add(0, lead, "", "whitespace")
    if trail < len(text) and trail >= lead:
        ed.add(trail, len(text), "", "whitespace")
    # inside the body only, so these never overlap the edits at both ends
    for pattern, repl in ((_LEADING_WS, ""), (_TRAILING_WS, ""), (_BLANK_RUNS, "\n\n")):
        for m in pattern.finditer(text, lead, trail):
            if m.end() > m.start():
                ed.add(m.start(), m.end(), repl, "whitespace")


def _to_simplified(text: str) -> str:
    try:
        from opencc import OpenCC
    except ImportError:
        from .errors import MissingDependencyError

        raise MissingDependencyError("traditional→simplified conversion", "opencc", "opencc-python-reimplemented") from None
    return OpenCC("t2s").convert(text)
