"""Checks a writer wants: announced counts (我讲三点意见) and numbering problems (一、二、四、).

Both run on the outline (:mod:`policytext.extract.outline`), so they see exactly the headings
and enumeration items it finds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..corpus import Corpus, Document, as_documents
from ._frames import records_frame
from .outline import _CANDIDATE, _classify, iter_outline, parse_numeral, render_marker

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ANNOUNCED_COLUMNS",
    "NUMBERING_COLUMNS",
    "Findings",
    "announced_counts",
    "check",
    "format_findings",
    "numbering_problems",
]

#: Columns of :func:`announced_counts` and their dtypes.
ANNOUNCED_COLUMNS: dict[str, str] = {
    "doc_id": "object", "text": "object", "announced": "Int64", "found": "int64",
    "start": "int64", "end": "int64", "line": "int64", "scope": "object", "ok": "bool",
}
#: Columns of :func:`numbering_problems` and their dtypes.
NUMBERING_COLUMNS: dict[str, str] = {
    "doc_id": "object", "problem": "object", "marker": "object", "expected": "object",
    "found": "object", "start": "int64", "end": "int64", "line": "int64", "message": "object",
}

_NUM = r"[一二三四五六七八九十两]{1,3}|[0-9０-９]{1,2}|几"
# verb/lead-in … number … unit … (object) followed by a colon, full stop or line end
_ANNOUNCE = re.compile(
    r"(?:我们|我|重点|着重|主要|需要|要|再)?(?:讲|谈|提|说|强调|做好|抓好|把握|突出|注意|明确|做到|落实|以下|如下|下列|主要有|包括|集中在|分为)"
    r"[^。！？；\n，：:]{0,8}?"
    rf"(?P<n>{_NUM})(?:个|项|件|条|点)?"
    r"(?P<u>方面|点|项|件事|条|个问题|个重点|大任务|项任务|项工作)"
    r"(?P<o>[^。！？；\n，：:“”]{0,6}?)"
    r"(?=\s*[：:。\n]|$)"
)
_NEWLINE = re.compile(r"\n")
_WINDOW = 600  # the enumeration must start within this many characters of the announcement
_SCAN_WINDOW = 4000  # fallback scan for inline enumerations


class Findings(NamedTuple):
    """What :func:`check` returns: two tables."""

    announced: pd.DataFrame
    numbering: pd.DataFrame


def _line_numbers(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE.finditer(text)]


def _line(nl: list[int], pos: int) -> int:
    return bisect_right(nl, pos - 1) + 1


def _describe(node: Any, nodes: list[Any]) -> str:
    what = "headings" if node.kind == "heading" else "items"
    if node.parent_id is None:
        return f"top-level {what}"
    parent = nodes[node.parent_id]
    return f"{node.style} {what} under {parent.marker}{parent.title[:12]}"


def _doc_announced(doc: Document) -> list[dict[str, Any]]:
    text = doc.text
    nodes = list(iter_outline(text))
    starts = [n.start for n in nodes]
    nl = _line_numbers(text)
    rows = []
    for m in _ANNOUNCE.finditer(text):
        raw = m.group("n")
        announced = None if raw == "几" else parse_numeral(raw)
        if announced is not None and not 2 <= announced <= 30:
            continue
        i = bisect_right(starts, m.end() - 1)
        found, scope = 0, "none found"
        if i < len(nodes) and nodes[i].start - m.end() <= _WINDOW:
            first = nodes[i]
            sibs = [first]
            for n in nodes[i + 1:]:
                if n.depth < first.depth:
                    break
                if n.parent_id == first.parent_id and n.style == first.style:
                    if n.ordinal <= sibs[-1].ordinal:
                        break
                    sibs.append(n)
            found, scope = len(sibs), _describe(first, nodes)
        else:
            found, scope = _inline_count(text, m.end())
        rows.append({
            "doc_id": doc.doc_id, "text": m.group(0), "announced": announced, "found": found,
            "start": m.start(), "end": m.end(), "line": _line(nl, m.start()), "scope": scope,
            "ok": (found >= 2) if announced is None else (found == announced),
        })
    return rows


def _inline_count(text: str, pos: int) -> tuple[int, str]:
    """Count an inline enumeration (：一、…；二、… or （一）…；（二）…) after ``pos``."""
    m = _CANDIDATE.search(text, pos, min(len(text), pos + 40))
    if not m:
        return 0, "none found"
    c = _classify(m)
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
        for 几点), ``found`` (int64), ``start``/``end`` (int64, span of ``text``), ``line``
        (int64, 1-based), ``scope`` (object, e.g. ``top-level headings``), ``ok`` (bool; for
        几点: at least two found).

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
    nl = _line_numbers(text)
    rows: list[dict[str, Any]] = []

    def add(problem: str, n: Any, expected: str, message: str) -> None:
        rows.append({
            "doc_id": doc.doc_id, "problem": problem, "marker": n.marker, "expected": expected,
            "found": n.marker, "start": n.start, "end": n.start + len(n.marker),
            "line": _line(nl, n.start), "message": message,
        })

    groups: dict[tuple[int | None, str], list[Any]] = {}
    for n in nodes:
        groups.setdefault((n.parent_id, n.style), []).append(n)
    for (_, style), members in groups.items():
        if style == "首先":
            continue
        prev = None
        for n in members:
            if prev is None:
                if n.ordinal != 1 and n.kind == "heading":
                    exp = render_marker(style, 1)
                    add("gap", n, exp, f"numbering starts at {n.marker}; expected {exp}")
            elif n.ordinal == 1 and n.kind == "item":
                pass  # a new run of items
            elif n.ordinal == prev.ordinal:
                exp = render_marker(style, prev.ordinal + 1)
                add("repeat", n, exp, f"{n.marker} repeats the previous number; expected {exp}")
            elif n.ordinal > prev.ordinal + 1:
                exp = render_marker(style, prev.ordinal + 1)
                add("gap", n, exp, f"{n.marker} follows {prev.marker}; {exp} is missing")
            elif n.ordinal < prev.ordinal:
                exp = render_marker(style, prev.ordinal + 1)
                add("out-of-order", n, exp, f"{n.marker} comes after {prev.marker}; expected {exp}")
            prev = n
    # a heading style used at two depths
    depths: dict[str, Counter[int]] = {}
    for n in nodes:
        if n.kind == "heading":
            depths.setdefault(n.style, Counter())[n.depth] += 1
    for style, counter in depths.items():
        if len(counter) < 2:
            continue
        usual = counter.most_common(1)[0][0]
        for n in nodes:
            if n.kind == "heading" and n.style == style and n.depth != usual:
                rows.append({
                    "doc_id": doc.doc_id, "problem": "style-depth", "marker": n.marker,
                    "expected": f"depth {usual}", "found": f"depth {n.depth}", "start": n.start,
                    "end": n.start + len(n.marker), "line": _line(nl, n.start),
                    "message": f"{style} is used at depth {n.depth} here but at depth {usual} "
                               f"elsewhere",
                })
    rows.sort(key=lambda r: r["start"])
    return rows


def numbering_problems(docs: str | Document | Corpus | Iterable[Document]) -> pd.DataFrame:
    """Gaps, repeats and out-of-order numbers among siblings, and styles used at two depths.

    Parameters
    ----------
    docs
        A string, Document, Corpus or iterable of Documents.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (object), ``problem`` (object: ``gap``, ``repeat``, ``out-of-order``,
        ``style-depth``), ``marker`` (object, as written), ``expected`` (object, e.g. ``三、``
        or ``depth 2``), ``found`` (object), ``start``/``end`` (int64, the marker's span),
        ``line`` (int64, 1-based), ``message`` (object).

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


def format_findings(findings: Findings, *, show_ok: bool = False) -> str:
    """Human-readable findings, one per line: ``doc:line: message``.

    Parameters
    ----------
    findings
        What :func:`check` returned (a ``doc`` column, the path as given, is used when present).
    show_ok
        Also list announced counts that match.
    """
    import pandas as pd

    lines: list[tuple[str, int, str]] = []
    ann, num = findings
    for r in ann.to_dict("records"):
        if r["ok"] and not show_ok:
            continue
        doc = r.get("doc", r["doc_id"])
        n = "?" if pd.isna(r["announced"]) else int(r["announced"])
        status = "ok" if r["ok"] else "MISMATCH"
        lines.append((str(doc), int(r["line"]),
                      f"announced {n} ({r['text']}), found {r['found']} {r['scope']} — {status}"))
    for r in num.to_dict("records"):
        doc = r.get("doc", r["doc_id"])
        lines.append((str(doc), int(r["line"]), f"{r['problem']}: {r['message']}"))
    lines.sort(key=lambda x: (x[0], x[1]))
    return "".join(f"{d}:{ln}: {msg}\n" for d, ln, msg in lines)
