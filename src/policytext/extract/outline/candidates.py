"""Candidate markers in a text: line and sentence context, heading acceptance, item runs
and title spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise, repeat
from operator import attrgetter

from ... import chars
from ...chars import (
    CLOSING_QUOTES,
    PUNCTUATION,
    SEMICOLON,
    SENTENCE_END,
    SENTENCE_SPLIT,
    char_class,
)
from .markers import ALTS, CANDIDATE, CN, CNX, STYLE_RANK, WS, WS_TUPLE, classify, classify_cached

# the scan: a boundary character, optional indentation, a marker. Starting with a character
# class lets the regex engine skip quickly to boundaries (sentence/clause ends, line breaks).
_BOUNDARY = "\n。！？!?；;：:，,”’」』）)#"
_FIRST = rf"第{CN}（(0-9０-９\u2460-\u249b\u3220-\u3229其首最再"
SCAN = re.compile(rf"[{_BOUNDARY}][{WS}]{{0,40}}(?=[{_FIRST}])(?:{ALTS})")
LEAD_WS = re.compile(rf"[{WS}]*")
# characters that end a sentence (a heading may follow directly)
SENT_END = SENTENCE_END
COLON = chars.COLON
_CLAUSE = "；;，,"
_CLOSERS = CLOSING_QUOTES
_TERMINAL = set(SENT_END + COLON + SEMICOLON + _CLOSERS + "…—")
_TITLE_END_CHARS = SENTENCE_SPLIT
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
GLUE_IN_TITLE = re.compile(
    rf"[^{_TITLE_END_CHARS}\n]{{2}}"
    rf"(?:[^{_TITLE_END_CHARS}\n{_GLUE_LEAD}]++|(?!{_GLUE})[{_GLUE_LEAD}])*+(?={_GLUE})"
)
TITLE_STRIP = "".join(WS) + "\n，,、：:；;。！？!?"
WS_NL = WS + "\n"
WS_NL_SET = frozenset(WS_NL)
_TITLE_LEAD = WS + "：:，,、.．"  # skipped between a marker and its title
_TITLE_TAIL = WS + "”’」』"  # skipped after a title's final punctuation
_PARA_END_WRAPPED = re.compile(r"[。！？!?”」』…]\s*\n")
# an ordinal-1 list marker anywhere (a run's missing first member, glued to the text before it)
_FIRST_MARK = re.compile(
    rf"(?<![{CNX}])一[、.．]|[（(][一1１][）)]|[㈠①⑴⒈]|(?<![0-9０-９.．])[1１][.．、]"
)
# characters that make a word with a following 一 (统一、 唯一、 之一、 划一、)
_WORD_ONE = set("统唯万第同之专单划归合均逐纯始如其任")
# a Markdown ATX heading line (新闻联播 transcripts: ``## 详细新闻``, ``### 标题``)
# (found from its first "#", preceded by a line break and up to three spaces: "#" is much rarer
# than a line break, and a literal first character keeps the scan fast)
MD_HEADING = re.compile(r"#(?:(?<=\n#)|(?<=\n #)|(?<=\n  #)|(?<=\n   #))#{0,5}(?=[ \t\n]|\Z)")
MD_HEADING_AT0 = re.compile(r" {0,3}#{1,6}(?=[ \t\n]|\Z)")
_NEAR = 512  # Lines searches this far for a line break before bisecting
_MIN_LONG = 15  # a line this long (without trailing blanks) counts for hard_wrapped
_PROSE_MARK = re.compile(char_class(PUNCTUATION))
MAX_TITLE = 300  # a title never runs further than this without punctuation
LONG_TITLE = 60  # a line-initial first sentence longer than this, with body after it, is suspect
MIDLINE_TITLE = 40  # same for a heading found mid-line (lost paragraph break)
MAX_ITEM_GAP = 3000  # characters between consecutive items of a run
# a speech's 第一，…第二，… parts, each opening a line, may lie this far apart
MAX_PART_GAP = 30000


@dataclass(slots=True)
class Candidate:
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


start_of = attrgetter("start")  # sort key of candidates


class Lines:
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


def hard_wrapped(text: str) -> tuple[bool, int]:
    """Whether most long lines end mid-sentence (PDF hard wraps) and the typical wrap width.

    Looks at the lines whose length without trailing blanks is at least 15 and that hold some
    punctuation (at most ~2000 of them, evenly sampled; a line without any is a table row):
    wrapped when there are at least 8 and half of them or more end in something other than
    sentence-final punctuation; the width is the median length of those.
    """
    parts = text.split("\n")
    if len(parts) < 11:  # fewer than 10 line breaks
        return False, 0
    step = max(1, len(parts) // 2000)  # sample at most ~2000 lines
    sample = parts[::step] if step > 1 else parts
    # Raw lengths first: trailing blanks only shorten a line. Lines that end in a blank are
    # "open" here, so when no open line ends in one, no long line has trailing blanks and the
    # raw lines are the stripped ones (the usual case: cleaned text).
    # A long line without any punctuation is a row of a table or list (an appendix of standard
    # names, GB/T … 工业通信网络), not wrapped prose, which has a comma every few characters:
    # it does not vote, or a long appendix table makes the whole document a wrapped PDF and
    # the body's headings after such lines read as continuations.
    longs = [s for s in sample if len(s) >= _MIN_LONG and _PROSE_MARK.search(s)]
    opens = [s for s in longs if s[-1] not in _TERMINAL]
    if any(s[-1] in WS for s in opens):
        longs = [s for s in map(str.rstrip, longs, repeat(WS)) if len(s) >= _MIN_LONG]
        opens = [s for s in longs if s[-1] not in _TERMINAL]
    if len(longs) < 8 or len(opens) < 0.5 * len(longs):
        return False, 0
    widths = sorted(map(len, opens))
    return True, widths[len(widths) // 2]


def _context(text: str, pos: int, lines: Lines, wrapped: bool, width: int) -> str:
    """How the marker at ``pos`` is introduced: line, wrap, sent, colon, semi, clause or inner."""
    j = pos
    while j > 0 and text[j - 1] in WS:
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
        seg = text[ls:k].rstrip(WS_NL)
        if not seg:
            return "line"
        last = seg[-1]
        if last in "，,、":
            return "wrap"
        if last in _TERMINAL:
            return "line"
        if wrapped and len(seg.lstrip(WS)) >= 0.8 * width and not CANDIDATE.match(
            seg.lstrip(WS)
        ):
            return "wrap"
        return "line"
    if prev in SENT_END:
        return "sent"
    if prev in _CLOSERS and j >= 2 and text[j - 2] in SENT_END:
        return "sent"
    if prev in COLON:
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
_WRAP_AFTER = frozenset("，,、" + WS)
# the context a boundary character gives the marker after it, where the character alone decides
# (later entries win: ； is in _CLAUSE but _context tests for "semi" first)
_CTX_OF_PREV = {
    **dict.fromkeys(_CLAUSE, "clause"), **dict.fromkeys("；;", "semi"),
    **dict.fromkeys(COLON, "colon"), **dict.fromkeys(SENT_END, "sent"),
}


def find_candidates(
    text: str, lines: Lines, wrapped: bool, width: int, first: re.Match[str] | None,
    scan: list[re.Match[str]],
) -> list[Candidate]:
    """Candidate markers with their context (``inner`` ones dropped).

    Parameters
    ----------
    first
        The marker at the start of the text (after indentation), if any.
    scan
        The matches of ``SCAN`` over the text.
    """
    out: list[Candidate] = []
    if first is not None:
        c = classify(first)
        if c is not None:
            style, ordinal, kind = c
            mstart = first.start(first.lastgroup)
            ctx = _context(text, mstart, lines, wrapped, width)
            if ctx != "inner" and not (
                style.startswith("第X") and ctx != "line"
                and not text.startswith(WS_TUPLE, first.end())
            ) and first.lastgroup != "ard":
                out.append(Candidate(mstart, first.end(), style, ordinal, ctx, kind))
    ctx_of_prev = _CTX_OF_PREV
    for m in scan:
        mstart, mend = m.span(m.lastgroup)  # the marker (its group ends the match)
        c = classify_cached(m, text[mstart:mend])
        if c is None:
            continue
        style, ordinal, kind, is_di = c
        # A SCAN match is boundary character, blanks (no boundary character is a blank), marker:
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
                ctx = "sent" if b >= 1 and text[b - 1] in SENT_END else "inner"
            else:  # "#"
                ctx = _context(text, mstart, lines, wrapped, width)
                if ctx == "line":  # on a Markdown heading line: note where that line starts
                    md_line = lines.line_start(b)
            if ctx == "inner":
                continue
        if is_di and ctx != "line" and not text.startswith(WS_TUPLE, mend):
            continue  # 第三条规定… in running text; mid-line articles are followed by a space
        if m.lastgroup == "ard":  # 14.2025年…: a decimal unless a line-initial list continues
            if ctx != "line":
                continue
            out.append(Candidate(mstart, mend, style, ordinal, ctx, kind, needs_run=True))
            continue
        out.append(Candidate(mstart, mend, style, ordinal, ctx, kind, md_line=md_line))
    return out


def _line_context(text: str, k: int, lines: Lines, wrapped: bool, width: int) -> str:
    """:func:`_context` of a marker after the newline at ``k`` (and blanks): ``line`` or
    ``wrap``, from the last character of the line before."""
    if k == 0 or text[k - 1] == "\n":  # first or after an empty line
        return "line"
    last = text[k - 1]
    if last in WS:  # trailing blanks: the general case
        return _context(text, k + 1, lines, wrapped, width)
    if last in "，,、":
        return "wrap"
    if last in _TERMINAL or not wrapped:
        return "line"
    seg = text[lines.line_start(k):k].lstrip(WS)
    if len(seg) >= 0.8 * width and not CANDIDATE.match(seg):
        return "wrap"
    return "line"


def accept_headings(
    cands: list[Candidate],
) -> tuple[list[Candidate], list[Candidate], dict[str, list[Candidate]]]:
    """Decide which heading candidates are headings (context + sibling support).

    Returns
    -------
    heads
        The accepted headings.
    items
        The item candidates.
    seconds
        Per style, the ordinal-2 heading candidates at a line or sentence start (for
        :func:`glued`).
    """
    items: list[Candidate] = []
    seconds: dict[str, list[Candidate]] = {}
    sentence_level: list[Candidate] = []
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


def _gap_ok(a: Candidate, c: Candidate) -> bool:
    """Whether ``c`` is close enough to ``a`` to continue its run."""
    gap = c.start - a.start
    if gap <= MAX_ITEM_GAP:
        return True
    # the parts of a speech (第一，… 第二，…), each opening a paragraph, are long
    return gap <= MAX_PART_GAP and c.style == "第一，" and a.ctx == c.ctx == "line"


def item_runs(text: str, cands: list[Candidate], heading_starts: list[int]) -> list[Candidate]:
    """Keep the item candidates that form runs (1, 2, … within one heading's body).

    ``cands`` may hold other candidates too: only items are looked at. A run that restarts at 1
    inside the paragraph of a member of a run of the same style (``七是…办好10件实事。一是…
    十是…``) is a run of its own, and the outer run resumes after it (``八是``).
    """
    runs: list[list[Candidate]] = []
    current: dict[str, list[Candidate]] = {}
    outer: dict[str, list[Candidate]] = {}  # per style: a run suspended by a run inside its member

    def close(style: str) -> None:
        run = current.pop(style, None)
        if run and len(run) >= 2:
            runs.append(run)

    def crosses(a: Candidate, c: Candidate) -> bool:
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
    kept.sort(key=start_of)
    return kept


def skip_ws(text: str, pos: int, limit: int, chars: str) -> int:
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


def title_spans(
    text: str, cs: list[Candidate], lines: Lines, line_ends: list[int], wrapped: bool, width: int
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
            seg = text[lines.line_start(c.start):le].rstrip(WS)
            if seg and seg[-1] not in _TERMINAL and len(seg) >= 0.8 * width:
                le = paragraph_end(text, lines, c.start, wrapped)
        if next_start < le:
            le = next_start
        ts = c.mend
        if ts < le and text[ts] in _TITLE_LEAD:
            ts = skip_ws(text, ts, le, _TITLE_LEAD)
        limit = min(le, ts + MAX_TITLE)
        m = search(text, ts, limit)
        if ts == le < next_start:  # marker alone on its line
            nts = skip_ws(text, le, next_start, WS_NL)
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
                rest = skip_ws(text, rest, le, _TITLE_TAIL)
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


def glued(text: str, seconds: dict[str, list[Candidate]], pos: int, style: str) -> Candidate | None:
    """A deeper first marker glued to the end of a title (``三、…任务（一）继续…``) at ``pos``
    (where :data:`GLUE_IN_TITLE` found it in the title of a heading of ``style``).

    ``seconds`` maps a style to its ordinal-2 candidates at a line or sentence start.
    """
    mm = CANDIDATE.match(text, pos)
    if not mm:
        return None
    c = classify(mm)
    if c is None or c[0] == style or c[2] != "heading":
        return None
    # the run must continue: ordinal 2 of the same style at a line or sentence start further on
    later = seconds.get(c[0], [])
    i = bisect_right(later, mm.start(), key=start_of)
    if i < len(later):
        later[i].accepted = True
        return Candidate(mm.start(), mm.end(), c[0], c[1], "glue", "heading", accepted=True)
    return None


def recover_first(text: str, heads: list[Candidate]) -> list[Candidate]:
    """First members of heading runs lost because they are glued to the text before them.

    ``…并请全国政协委员提出意见一、2011年工作回顾…（一）…二、…三、``: a run 二、 三、 of
    accepted headings with no 一、 before it. The 一、 is searched between the previous heading
    that is not nested in it and the first heading that is (the run is the evidence; a false
    friend such as 统一、 or 一、二季度 is still refused).
    """
    by_style: dict[str, list[int]] = {}
    for k, h in enumerate(heads):
        if STYLE_RANK[h.style][0] == "list":
            by_style.setdefault(h.style, []).append(k)
    out: list[Candidate] = []
    for style, ks in by_style.items():
        fam, rank = STYLE_RANK[style]
        for a, b in pairwise(ks):
            if heads[a].ordinal != 2 or heads[b].ordinal != 3:
                continue
            # walk back over headings of deeper styles of the family (the children of the
            # missing first member)
            j = a - 1
            while j >= 0:
                f2, r2 = STYLE_RANK[heads[j].style]
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
                mm = CANDIDATE.match(text, p)
                c = classify(mm) if mm else None
                if c is None or c[0] != style or c[1] != 1 or mm.end() >= hi:
                    continue
                if text[mm.end()] in TITLE_STRIP:
                    continue
                found = Candidate(p, mm.end(), style, 1, "inner", "heading", accepted=True)
            if found is not None:
                out.append(found)
    return out


def paragraph_end(text: str, lines: Lines, pos: int, wrapped: bool) -> int:
    if not wrapped:
        return lines.line_end(pos)
    m = _PARA_END_WRAPPED.search(text, pos, min(len(text), pos + 5000))
    return m.end() - 1 if m else lines.line_end(pos)
