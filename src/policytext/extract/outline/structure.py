"""Outline structure: nesting of accepted markers into nodes, parts, appendices and 目录 (table of
contents)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from ...chars import PUNCTUATION, char_class
from .candidates import (
    COLON,
    GLUE_IN_TITLE,
    LEAD_WS,
    MAX_TITLE,
    MD_HEADING,
    MD_HEADING_AT0,
    SCAN,
    SENT_END,
    TITLE_STRIP,
    WS_NL,
    WS_NL_SET,
    Candidate,
    Lines,
    accept_headings,
    find_candidates,
    glued,
    hard_wrapped,
    item_runs,
    paragraph_end,
    recover_first,
    skip_ws,
    start_of,
    title_spans,
)
from .markers import CANDIDATE, CNX, DIG, STYLE_RANK, WS

# a line that opens a block of its own after the body: an appendix (附件2：…), a glossary
# (名词解释), an annex (附录, 附：…). It closes every open section; the block's own outline
# starts again at the top.
_NUM_TAG = rf"[{WS}]*[{CNX}{DIG}]{{0,3}}[{WS}]*"
_BLOCK = (rf"附件{_NUM_TAG}(?:[：:][^\n]{{0,60}})?|附录{_NUM_TAG}(?:[：:][^\n]{{0,60}})?"
          r"|附[：:][^\n]{0,60}|名词解释[：:]?|注释[：:]?")
# a table of contents: a 目录 line and the short lines after it (their markers are no nodes)
_TOC = rf"目[{WS}]*录"
TOC_ENTRY = 50  # a table-of-contents line is at most this long
# an address to the audience opening a line (各位代表！…): where no heading follows it, or where
# the next heading restarts a numbering already used (a report in unmarked parts), it starts a
# new part and closes every open section
_ADDRESS = r"(?:各位代表|各位委员|代表们|同志们|同志们、朋友们)[！!]"
# the three kinds of line, looked for from each line break (a literal first character keeps the
# scan fast)
_PART_LINE = re.compile(
    rf"\n[{WS}]*(?:(?:(?P<block>{_BLOCK})|(?P<toc>{_TOC}))[{WS}]*(?=\n|\Z)"
    rf"|(?P<address>{_ADDRESS}))"
)


def _part_lines(text: str) -> dict[str, list[int]]:
    """Line starts of appendix/glossary lines (``block``), 目录 lines (``toc``) and lines that
    open with an address (``address``), ascending."""
    out: dict[str, list[int]] = {"block": [], "toc": [], "address": []}
    for m in _PART_LINE.finditer("\n" + text):  # (the leading "\n" finds a first line too)
        out[m.lastgroup].append(m.start())  # m.start() in "\n"+text is the line start in text
    return out


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


def analyse(text: str) -> list[OutlineNode]:
    first = CANDIDATE.match(text, LEAD_WS.match(text).end())
    scan = list(SCAN.finditer(text))
    if first is None and not scan:  # no marker anywhere: nothing else to compute
        return []
    lines = Lines(text)
    wrapped, width = hard_wrapped(text)
    cands = find_candidates(text, lines, wrapped, width, first, scan)
    found = _part_lines(text)
    if found["toc"]:
        cands = _drop_toc(text, cands, found["toc"])
    heads, items, seconds = accept_headings(cands)
    # glued first subheadings (title end unknown otherwise)
    extra: list[Candidate] = []
    n_text = len(text)
    glue_in_title = GLUE_IN_TITLE.match
    for h in heads:
        ts = h.mend
        if ts < n_text and text[ts] in WS:  # (blanks never run past the line end)
            ts = skip_ws(text, ts, n_text, WS)
        m = glue_in_title(text, ts, ts + MAX_TITLE)
        if m is not None:
            g = glued(text, seconds, m.end(), h.style)
            if g is not None:
                extra.append(g)
    if extra:
        cands = sorted(cands + extra, key=start_of)
        heads = [c for c in cands if c.accepted and c.kind == "heading"]
    extra = recover_first(text, heads)
    if extra:
        cands = sorted(cands + extra, key=start_of)
        heads = [c for c in cands if c.accepted and c.kind == "heading"]
    # Markdown heading lines are section boundaries: no run continues across one
    md: list[int] = []
    if "#" in text:
        # the line starts (the "\n" is at most three spaces before the "#")
        md = [text.rfind("\n", 0, m.start()) + 1 for m in MD_HEADING.finditer(text)]
        if MD_HEADING_AT0.match(text):
            md.insert(0, 0)
    parts = _part_boundaries(found, heads, text)
    if parts:
        md = sorted(set(md + parts))
    head_starts = [h.start for h in heads]
    items = item_runs(text, items, sorted(head_starts + md) if md else head_starts)
    accepted = sorted(heads + items, key=start_of)
    # de-duplicate overlapping markers (e.g. 第一， inside a heading marker)
    nodes_c: list[Candidate] = []
    for c in accepted:
        if nodes_c and c.start < nodes_c[-1].mend:
            continue
        nodes_c.append(c)
    if md:  # a Markdown heading that carries a marker (``## 一、…``) is a node, not a boundary
        on_md = {c.md_line for c in nodes_c}
        md = [p for p in md if p not in on_md]
    return _build(text, lines, nodes_c, wrapped, width, md)


def _drop_toc(text: str, cands: list[Candidate], toc_lines: list[int]) -> list[Candidate]:
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
            line = text[pos:le].strip(WS)
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
    return _part_boundaries(_part_lines(text), heads, text)


def _part_boundaries(found: dict[str, list[int]], heads: Iterable[Any], text: str = ""
                     ) -> list[int]:
    out = list(found["block"])
    heads = list(heads)
    if text and heads:
        out += _titled_restarts(text, heads)
    address = found["address"]
    if address:
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


#: A line this long at most, without punctuation, before a restart of the top numbering is the
#: title of a new part (揭榜任务书 over 一、任务介绍…, a form attached after an application guide).
_PART_TITLE = 20
_PUNCTUATION = re.compile(char_class(PUNCTUATION))


def _titled_restarts(text: str, heads: list[Any]) -> list[int]:
    """Line starts of the titles of new parts: a short line without punctuation right before a
    heading that restarts, at 1, the style of the document's first heading after that style
    reached 2. Without it, the restarted run nests under the last heading of the first one
    (一、 under 二、), a higher style under itself."""
    top = heads[0].style
    reached = False
    out = []
    for h in heads:
        if h.style != top:
            continue
        if h.ordinal >= 2:
            reached = True
        elif h.ordinal == 1 and reached:
            end = text.rfind("\n", 0, h.start)
            if end <= 0:
                continue
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip(WS)
            if line and len(line) <= _PART_TITLE and not _PUNCTUATION.search(line) \
                    and not CANDIDATE.match(line):
                out.append(start)
    return out


def _build(
    text: str, lines: Lines, cs: list[Candidate], wrapped: bool, width: int,
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
    titles = title_spans(text, cs, lines, line_ends, wrapped, width)
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
            fam, rank = STYLE_RANK[c.style]
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
                          and (stack[-1] != stack[same[-1]] or _ends_with(text, cs, i - 1, COLON)))
                         or (stack[-1] == i - 1 and _ends_with(text, cs, i - 1, COLON)))
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
                        tf, tr = STYLE_RANK[cs[stack[-1]].style]
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
                    tf, tr = STYLE_RANK[cs[stack[-1]].style]
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
    ws_nl = WS_NL_SET
    for i, (c, end, (ts, te, known)) in enumerate(zip(cs, ends, titles)):
        start = c.start
        if c.kind == "item":  # an item ends with its paragraph
            para_end = (paragraph_end(text, lines, start, wrapped) if wrapped
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
        title = text[ts:te].strip(TITLE_STRIP)
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
    return "".join(ch for ch in s[:12] if ch not in TITLE_STRIP)


def _common_prefix(a: str, b: str) -> int:
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k


def _ends_with(text: str, cs: list[Candidate], j: int, chars: str) -> bool:
    """Whether the text of node ``j`` (up to the next node) ends with one of ``chars``."""
    stop = cs[j + 1].start if j + 1 < len(cs) else len(text)
    k = stop
    while k > cs[j].mend and stop - k < 40 and text[k - 1] in WS_NL:
        k -= 1
    return k > cs[j].mend and text[k - 1] in chars


def _outer_continues(
    text: str, cs: list[Candidate], titles: list[tuple[int, int, bool]], i: int, inner: int,
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
    colon = COLON
    if (_ends_with(text, cs, i, colon) and _ends_with(text, cs, outer, colon)
            and not _ends_with(text, cs, inner, colon)
            and not _ends_with(text, cs, first_inner, colon)):
        return True
    return (first_inner != inner and _ends_with(text, cs, first_inner, "；;")
            and _ends_with(text, cs, inner, SENT_END))
