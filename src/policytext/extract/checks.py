"""Checks a writer wants: announced counts (我讲三点意见) and numbering problems (一、二、四、).

Both run on the outline (:mod:`policytext.extract.outline`), so they see exactly the headings
and enumeration items it finds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..corpus import Corpus, Document, as_documents
from ._frames import records_frame
from .outline import MARKER, classify_marker, iter_outline, parse_numeral, render_marker

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ANNOUNCED_COLUMNS",
    "FINDING_FIELDS",
    "NUMBERING_COLUMNS",
    "Findings",
    "announced_counts",
    "check",
    "finding_records",
    "format_findings",
    "marker_in_text",
    "numbering_problems",
]

#: Columns of :func:`announced_counts` and their dtypes.
ANNOUNCED_COLUMNS: dict[str, str] = {
    "doc_id": "object", "text": "object", "announced": "Int64", "found": "int64",
    "start": "int64", "end": "int64", "line": "int64", "scope": "object", "ok": "bool",
    "sure": "bool",
}
#: Columns of :func:`numbering_problems` and their dtypes.
NUMBERING_COLUMNS: dict[str, str] = {
    "doc_id": "object", "problem": "object", "marker": "object", "expected": "object",
    "found": "object", "start": "int64", "end": "int64", "line": "int64", "message": "object",
}

_NUM = r"[一二三四五六七八九十两]{1,3}|[0-9０-９]{1,2}|几"
# an announcement: a verb that announces a list (讲 谈 提出 抓好 …, 以下/如下/下列), a number and a
# unit that counts parts of a text (点 方面 项工作 …), ending the clause (：。 or line end).
# Verbs are whole words (提 alone would read 提高…两项补贴标准 as announcing two items).
_ANNOUNCE = re.compile(
    r"(?:我们|我|重点|着重|主要|需要|要|再)?"
    r"(?:讲|谈|提出|强调|做好|抓好|抓了|把握|突出|注意|明确|做到|以下|如下|下列|主要有|包括|分为)"
    r"[^。！？；\n，：:“”0-9０-９一二三四五六七八九十两几]{0,6}?"
    rf"(?P<n>{_NUM})"
    r"(?P<u>点意见|点体会|点要求|点|个方面|方面|项工作|项任务|大任务|件事|个问题|条意见|条)"
    r"(?P<o>[^。！？；\n，：:“”0-9０-９]{0,6}?)"
    r"(?=[\s　]*[：:。\n]|$)"
)
_BETWEEN = " \t\u3000\n：:。，,"  # what may stand between an announcement and its list
_WINDOW = 300  # the enumeration must start within this many characters of the announcement
_SCAN_WINDOW = 4000  # fallback scan for inline enumerations
_FIND_WINDOW = 20000  # how far a marker said to be missing is looked for in the text


class Findings(NamedTuple):
    """What :func:`check` returns: two tables."""

    announced: pd.DataFrame
    numbering: pd.DataFrame


def _describe(node: Any, nodes: list[Any]) -> str:
    what = "headings" if node.kind == "heading" else "items"
    if node.parent_id is None:
        return f"top-level {what}"
    parent = nodes[node.parent_id]
    return f"{node.style} {what} under {parent.marker}{parent.title[:12]}"


def marker_in_text(text: str, style: str, ordinal: int, lo: int, hi: int) -> bool:
    """Whether a marker of ``style`` and ``ordinal`` stands anywhere in ``text[lo:hi]`` not
    glued to a word before it (``（三）`` and ``(三)`` alike; 统一、 or 第（三）项 do not count).

    A finding that says a number is missing is only sure when this is False: the outline may
    have passed over a marker a reader sees.
    """
    want = render_marker(style, ordinal)
    if style in ("1.", "1、", "（1）"):
        pats = [str(ordinal), str(ordinal).translate(_TO_FW)]
    elif style == "首先":
        pats = [want]
    else:
        pats = [want, want.replace("（", "(").replace("）", ")")]
    bare = style in ("1.", "1、")
    for pat in dict.fromkeys(pats):
        i = text.find(pat, lo, hi)
        while i >= 0:
            k = i + len(pat)
            if bare and (i == 0 or text[i - 1] == "\n") and k < len(text) and not (
                    text[k].isdigit()):
                return True  # a number opening a line, its dot lost (``6【…】``)
            m = MARKER.match(text, i)
            c = classify_marker(m) if m else None
            if c is not None and c[0] == style and c[1] == ordinal:
                j = i
                while j > 0 and text[j - 1] in " \t\u3000":
                    j -= 1
                # after a line or sentence end, or any other non-word character (scraped
                # text may keep a line break as a stray symbol: ``…产品。“二、申请…``)
                if j == 0 or not text[j - 1].isalnum():
                    return True
            i = text.find(pat, i + 1, hi)
    return False


_TO_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def _siblings(nodes: list[Any], i: int) -> list[Any]:
    first = nodes[i]
    sibs = [first]
    for n in nodes[i + 1:]:
        if n.depth < first.depth:
            break
        if n.parent_id == first.parent_id and n.style == first.style:
            if n.ordinal <= sibs[-1].ordinal:
                break
            sibs.append(n)
    return sibs


def _doc_announced(doc: Document) -> list[dict[str, Any]]:
    text = doc.text
    matches = list(_ANNOUNCE.finditer(text))
    if not matches:
        return []
    nodes = list(iter_outline(text))
    starts = [n.start for n in nodes]
    line_of = doc.line_finder()
    rows = []
    for m in matches:
        raw = m.group("n")
        announced = None if raw == "几" else parse_numeral(raw)
        if announced is not None and not 2 <= announced <= 30:
            continue
        i = bisect_right(starts, m.end() - 1)
        sure = False
        if i < len(nodes) and nodes[i].start - m.end() <= _WINDOW:
            first = nodes[i]
            sibs = _siblings(nodes, i)
            found, scope = len(sibs), _describe(first, nodes)
            # sure: the enumeration starts at 1 right after the announcement (nothing but
            # punctuation between them), and a shortfall is not a marker the outline passed over
            right_after = not text[m.end():first.start].strip(_BETWEEN)
            sure = announced is not None and right_after and first.ordinal == 1 and found >= 2 and (
                found > announced or not marker_in_text(
                    text, first.style, found + 1, sibs[-1].start,
                    min(len(text), sibs[-1].start + _FIND_WINDOW)))
        else:
            found, scope = _inline_count(text, m.end())
        rows.append({
            "doc_id": doc.doc_id, "text": m.group(0), "announced": announced, "found": found,
            "start": m.start(), "end": m.end(), "line": line_of(m.start()), "scope": scope,
            "ok": (found >= 2) if announced is None else (found == announced), "sure": sure,
        })
    return rows


def _inline_count(text: str, pos: int) -> tuple[int, str]:
    """Count an inline enumeration (：一、…；二、… or （一）…；（二）…) after ``pos``."""
    m = MARKER.search(text, pos, min(len(text), pos + 40))
    if not m:
        return 0, "none found"
    c = classify_marker(m)
    if c is None or c[1] != 1:
        return 0, "none found"
    style, count, at = c[0], 1, m.end()
    limit = min(len(text), pos + _SCAN_WINDOW)
    while True:
        want = render_marker(style, count + 1)
        j = text.find(want, at, limit)
        if j < 0:
            break
        count, at = count + 1, j + len(want)
    return count, f"inline {style} enumeration"


def announced_counts(docs: str | Document | Corpus | Iterable[Document]) -> pd.DataFrame:
    """Announced counts (我讲三点意见, 重点做好9个方面工作, 以下几点) against what follows.

    The count found is the number of consecutive siblings (same parent, same marker style)
    starting with the first outline node after the announcement; when no node follows closely,
    an inline enumeration (：一、…；二、…) is counted instead.

    Parameters
    ----------
    docs
        A string, Document, Corpus or iterable of Documents.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (object), ``text`` (object, the announcement), ``announced`` (Int64, <NA>
        for 几点), ``found`` (int64), ``start``/``end`` (int64, span of ``text`` in the
        cleaned text), ``line`` (int64, 1-based line of the document's own text), ``scope``
        (object, e.g. ``top-level headings``), ``ok`` (bool; for 几点: at least two found),
        ``sure`` (bool: the comparison can be trusted — the enumeration starts at 1 right
        after the announcement, with nothing but punctuation between, and a member said to be
        missing is nowhere in the text; only sure mismatches are printed by
        :func:`format_findings`).

    Examples
    --------
    >>> announced_counts("下面，我讲三点意见：\\n一、甲\\n二、乙\\n")[["announced", "found", "ok"]].values.tolist()
    [[3, 2, False]]
    """
    rows = [r for d in as_documents(docs) for r in _doc_announced(d)]
    return records_frame(rows, ANNOUNCED_COLUMNS)


def _doc_numbering(doc: Document) -> list[dict[str, Any]]:
    text = doc.text
    nodes = list(iter_outline(text))
    if not nodes:
        return []
    line_of = doc.line_finder()
    rows: list[dict[str, Any]] = []

    def add(problem: str, n: Any, expected: str, message: str) -> None:
        rows.append({
            "doc_id": doc.doc_id, "problem": problem, "marker": n.marker, "expected": expected,
            "found": n.marker, "start": n.start, "end": n.start + len(n.marker),
            "line": line_of(n.start), "message": message,
        })

    def missing(style: str, ordinal: int, lo: int, hi: int) -> bool:
        return not marker_in_text(text, style, ordinal, lo, hi)

    # per style, the ordinals already used: articles (第X条) and measures (1.–N.) are often
    # numbered straight through the chapters or sections that hold them
    seen: dict[str, set[int]] = {}
    groups: dict[tuple[int | None, str], list[Any]] = {}
    first_of: dict[int, tuple[set[int], Any]] = {}
    for n in nodes:
        key = (n.parent_id, n.style)
        if key not in groups:
            first_of[n.node_id] = (set(seen.get(n.style, ())), n)
        groups.setdefault(key, []).append(n)
        seen.setdefault(n.style, set()).add(n.ordinal)
    for (parent_id, style), members in groups.items():
        if style == "首先":
            continue
        parent = nodes[parent_id] if parent_id is not None else None
        prev = None
        for n in members:
            if prev is None:
                before, _ = first_of[n.node_id]
                # a run that does not start at 1: sure only inside a heading's section (a
                # document may be an excerpt), not continuing the numbering before it, and
                # with no earlier number of the run in the section
                if (n.ordinal != 1 and n.kind == "heading" and parent is not None
                        and parent.kind == "heading" and n.ordinal - 1 not in before
                        and all(missing(style, k, parent.start, n.start)
                                for k in range(1, n.ordinal))):
                    exp = render_marker(style, 1)
                    add("gap", n, exp, f"numbering starts at {n.marker}; expected {exp}")
            elif n.ordinal == 1:
                pass  # a new run (a list that restarts under the same parent)
            elif n.ordinal == prev.ordinal:
                if n.kind == "heading" and n.title[:4] != prev.title[:4]:
                    exp = render_marker(style, prev.ordinal + 1)
                    add("repeat", n, exp, f"{n.marker} repeats the previous number; expected {exp}")
            elif n.ordinal > prev.ordinal + 1:
                if all(missing(style, k, prev.start + 1, n.start)
                       for k in range(prev.ordinal + 1, n.ordinal)):
                    exp = render_marker(style, prev.ordinal + 1)
                    add("gap", n, exp, f"{n.marker} follows {prev.marker}; {exp} is missing")
            elif n.ordinal < prev.ordinal and n.kind == "heading":  # 三、 after 四、
                exp = render_marker(style, prev.ordinal + 1)
                add("out-of-order", n, exp, f"{n.marker} comes after {prev.marker}; expected {exp}")
            prev = n
    rows.sort(key=lambda r: r["start"])
    return rows


def numbering_problems(docs: str | Document | Corpus | Iterable[Document]) -> pd.DataFrame:
    """Gaps, repeats and out-of-order numbers among sibling headings and items.

    Only what the checker is sure of is listed (a checker that flags correct documents is worse
    than none): a number said to be missing is looked for in the text first; numbering that
    continues across chapters or sections (第一章 第一条–第三条, 第二章 第四条; measures 1.–N.
    straight through 一、 sections) is no gap; a list that restarts at 1 is a new list; a run
    that does not start at 1 is reported only inside a heading's section.

    Parameters
    ----------
    docs
        A string, Document, Corpus or iterable of Documents.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (object), ``problem`` (object: ``gap``, ``repeat``, ``out-of-order``),
        ``marker`` (object, as written), ``expected`` (object, e.g. ``三、``), ``found``
        (object), ``start``/``end`` (int64, the marker's span in the cleaned text), ``line``
        (int64, 1-based line of the document's own text), ``message`` (object).

    Examples
    --------
    >>> numbering_problems("一、甲\\n二、乙\\n四、丁\\n")[["problem", "expected", "found"]].values.tolist()
    [['gap', '三、', '四、']]
    """
    rows = [r for d in as_documents(docs) for r in _doc_numbering(d)]
    return records_frame(rows, NUMBERING_COLUMNS)


def check(docs: str | Document | Corpus | Iterable[Document]) -> Findings:
    """Run both checks; returns ``Findings(announced, numbering)``."""
    docs = as_documents(docs)
    return Findings(announced_counts(docs), numbering_problems(docs))


#: The fields of a ``--format jsonl`` finding, one JSON object a line.
FINDING_FIELDS = ("path", "line", "kind", "message")


def finding_records(findings: Findings, *, show_ok: bool = False) -> list[dict[str, Any]]:
    """The findings a reader should look at, sorted by path and line.

    Each record has :data:`FINDING_FIELDS`: ``path`` (the ``doc`` column when present, else
    ``doc_id``), ``line`` (1-based, in the document's own text), ``kind`` (``count`` for an
    announced count that does not match; ``gap``, ``repeat``, ``out-of-order``; ``count-ok``
    with ``show_ok``) and ``message``. Announced counts the checker is not sure of (no
    enumeration right after the announcement, or a shortfall that may be a marker the outline
    passed over) are left out.
    """
    import pandas as pd

    out: list[dict[str, Any]] = []
    ann, num = findings
    for r in ann.to_dict("records"):
        if r["ok"]:
            if not show_ok:
                continue
            kind = "count-ok"
        elif r["sure"]:
            kind = "count"
        else:
            continue
        n = "?" if pd.isna(r["announced"]) else int(r["announced"])
        out.append({"path": str(r.get("doc", r["doc_id"])), "line": int(r["line"]), "kind": kind,
                    "message": f"announced {n} ({r['text']}), found {r['found']} {r['scope']}"})
    for r in num.to_dict("records"):
        out.append({"path": str(r.get("doc", r["doc_id"])), "line": int(r["line"]),
                    "kind": r["problem"], "message": r["message"]})
    out.sort(key=lambda x: (x["path"], x["line"]))
    return out


def format_findings(findings: Findings, *, show_ok: bool = False, fmt: str = "text") -> str:
    """Findings for a reader: ``PATH:LINE: KIND: message`` lines, or JSON lines.

    Parameters
    ----------
    findings
        What :func:`check` returned (a ``doc`` column, the path as given, is used when present).
    show_ok
        Also list announced counts that match (kind ``count-ok``).
    fmt
        ``text`` or ``jsonl`` (one object a line with the fields of :data:`FINDING_FIELDS`).

    See :func:`finding_records` for what is listed.
    """
    import json

    if fmt not in ("text", "jsonl"):
        raise ValueError(f"unknown findings format {fmt!r}; valid: text, jsonl")
    recs = finding_records(findings, show_ok=show_ok)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return "".join(f"{r['path']}:{r['line']}: {r['kind']}: {r['message']}\n" for r in recs)
