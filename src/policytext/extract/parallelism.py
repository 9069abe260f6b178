"""排比 (parallelism): runs of three or more clauses that share a frame.

Three frames are recognised among consecutive clauses of one paragraph (clauses are split at
，、；。！？： and at 和 after a closing quote):

- ``head`` — a shared beginning of two or more characters: 坚持…，坚持…，坚持…
- ``tail`` — a shared ending of two or more characters (one for short members such as
  政治性、时代性、原则性): 把自己摆进去、职责摆进去、工作摆进去
- ``pattern`` — members of equal length sharing characters at the same inner positions:
  思想上受洗礼、灵魂上受震撼、行为上立规范 (frame ``…上…``)

and ``headings``: three or more sibling headings of the outline whose titles share a head.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus, Document, as_documents
from ._frames import records_frame
from .outline import iter_outline

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DENSITY_COLUMNS",
    "PARALLELISM_COLUMNS",
    "iter_parallelism",
    "parallelism",
    "parallelism_density",
]

#: Columns of :func:`parallelism` and their dtypes.
PARALLELISM_COLUMNS: dict[str, str] = {
    "doc_id": "object", "start": "int64", "end": "int64", "n_members": "int64",
    "members": "object", "frame": "object", "kind": "object",
}
#: Columns of :func:`parallelism_density` and their dtypes.
DENSITY_COLUMNS: dict[str, str] = {
    "doc_id": "object", "n_runs": "int64", "n_chars": "int64", "per_10k": "float64",
}

_PARA = re.compile(r"[^\n]+")
_CLAUSE = re.compile(r"(?<=[”’])和|[^，、；。！？：,;!?:\n]+?(?=[，、；。！？：,;!?:\n]|(?<=[”’])和|$)")
_QUOTES = "“”‘’\"'《》"
MIN_MEMBERS = 3
MAX_MEMBER = 40
# a frame made only of numbers and units (十次/二十次/三十次, 23%/15%) is no 排比
_NUMERIC_FRAME = re.compile(r"[…0-9０-９.．%％〇零一二三四五六七八九十百千万亿次倍元个年]*")


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _clauses(para: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _CLAUSE.finditer(para):
        s = m.group()
        if s == "和":
            continue
        stripped = s.strip(" \u3000")
        if not stripped:
            continue
        lead = len(s) - len(s.lstrip(" \u3000"))
        st = offset + m.start() + lead
        out.append((st, st + len(stripped), stripped))
    return out


def _run_head(cl: list[tuple[int, int, str]], i: int) -> tuple[int, int]:
    """Longest run from ``i`` sharing a head of >= 2 characters; (end index, head length)."""
    head = len(cl[i][2])
    j = i + 1
    while j < len(cl):
        h = min(head, _common_prefix(cl[i][2], cl[j][2]))
        if h < 2 or h >= len(cl[j][2]):
            break
        head, j = h, j + 1
    return j, head


def _run_tail(cl: list[tuple[int, int, str]], i: int) -> tuple[int, int]:
    tail = len(cl[i][2])
    j = i + 1
    while j < len(cl):
        t = min(tail, _common_suffix(cl[i][2], cl[j][2]))
        short = max(len(cl[i][2]), len(cl[j][2])) <= 4
        if t < (1 if short else 2) or t >= len(cl[j][2]) or t >= len(cl[i][2]):
            break
        tail, j = t, j + 1
    return j, tail


def _run_pattern(cl: list[tuple[int, int, str]], i: int) -> tuple[int, set[int]]:
    a = cl[i][2]
    n = len(a)
    if n < 4 or n > 24:
        return i + 1, set()
    pos = set(range(1, n))
    j = i + 1
    while j < len(cl):
        b = cl[j][2]
        if len(b) != n:
            break
        p = {k for k in pos if a[k] == b[k]}
        # the shared characters must not be the whole member (repetition) or quotes only
        if not p or len(p) > n - 3 or p == {n - 1}:
            break
        if all(a[k] in _QUOTES for k in p) and (len(p) < 2 or a[0] in _QUOTES):
            break  # “甲”、“乙”、“丙”: a list of quoted terms, not a frame
        pos, j = p, j + 1
    return j, pos


def _frame_pattern(a: str, pos: set[int]) -> str:
    out, prev = [], -1
    for k in sorted(pos):
        if k != prev + 1:
            out.append("…")
        out.append(a[k])
        prev = k
    if prev != len(a) - 1:
        out.append("…")
    return "".join(out)


def _best_run(cl: list[tuple[int, int, str]], i: int) -> tuple[int, str, str, int] | None:
    """Best run starting at clause ``i``: (n_members, kind, frame, trimmed lead-in length).

    The first clause may carry a lead-in (要坚持把自己摆进去、职责摆进去…): variants of it cut
    to the next member's length (±1) are tried too.
    """
    first = cl[i]
    nxt = len(cl[i + 1][2])
    variants = [0]
    for L in (nxt, nxt + 1, nxt - 1):
        cut = len(first[2]) - L
        if 0 < cut and L >= 2 and cut not in variants:
            variants.append(cut)
    best: tuple[tuple[int, int, int], str, str, int] | None = None
    for cut in variants:
        trial = [(first[0] + cut, first[1], first[2][cut:]), *cl[i + 1:i + 12]]
        jh, h = _run_head(trial, 0)
        jt, t = _run_tail(trial, 0)
        jp, p = _run_pattern(trial, 0)
        a = trial[0][2]
        options = [(jh, 3, "head", a[:h] + "…"), (jt, 2, "tail", "…" + a[len(a) - t:])]
        if p:
            options.append((jp, 1, "pattern", _frame_pattern(a, p)))
        for n, pri, kind, frame in options:
            key = (n, pri, -abs(len(a) - nxt))
            if n >= MIN_MEMBERS and (best is None or key > best[0]):
                best = (key, kind, frame, cut)
    if best is None:
        return None
    return best[0][0], best[1], best[2], best[3]


def iter_parallelism(text: str) -> list[dict[str, Any]]:
    """Parallel runs in one text: dicts with start, end, n_members, members, frame, kind."""
    runs: list[dict[str, Any]] = []
    for pm in _PARA.finditer(text):
        cl = _clauses(pm.group(), pm.start())
        i = 0
        while i < len(cl) - (MIN_MEMBERS - 1):
            found = _best_run(cl, i) if len(cl[i + 1][2]) <= MAX_MEMBER else None
            if found is not None:
                n, kind, frame, cut = found
                members = [(cl[i][0] + cut, cl[i][1], cl[i][2][cut:]), *cl[i + 1:i + n]]
                if all(len(m[2]) <= MAX_MEMBER for m in members) and not (
                    kind != "headings" and _NUMERIC_FRAME.fullmatch(frame)
                ):
                    runs.append({
                        "start": members[0][0], "end": members[-1][1], "n_members": n,
                        "members": tuple(m[2] for m in members), "frame": frame, "kind": kind,
                    })
                    i += n
                    continue
            i += 1
    runs.extend(_heading_runs(text))
    runs.sort(key=lambda r: r["start"])
    return runs


def _heading_runs(text: str) -> list[dict[str, Any]]:
    nodes = [n for n in iter_outline(text) if n.kind == "heading"]
    groups: dict[tuple[Any, str], list[Any]] = {}
    for n in nodes:
        groups.setdefault((n.parent_id, n.style), []).append(n)
    out = []
    for sibs in groups.values():
        i = 0
        while i < len(sibs):
            j, head = i + 1, len(sibs[i].title)
            while j < len(sibs):
                h = min(head, _common_prefix(sibs[i].title, sibs[j].title))
                if h < 2:
                    break
                head, j = h, j + 1
            if j - i >= MIN_MEMBERS:
                group = sibs[i:j]
                out.append({
                    "start": group[0].title_start, "end": group[-1].title_end,
                    "n_members": len(group), "members": tuple(g.title for g in group),
                    "frame": group[0].title[:head] + "…", "kind": "headings",
                })
                i = j
            else:
                i += 1
    return out


def parallelism(docs: str | Document | Corpus | Iterable[Document]) -> pd.DataFrame:
    """排比 runs: three or more clauses (or sibling headings) sharing a frame.

    Parameters
    ----------
    docs
        A string, Document, Corpus or iterable of Documents.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (object), ``start``/``end`` (int64, from the first member's start to the
        last member's end), ``n_members`` (int64), ``members`` (object: tuple of str),
        ``frame`` (object: ``坚持…``, ``…摆进去``, ``…上…``), ``kind`` (object: ``head``,
        ``tail``, ``pattern``, ``headings``).

    Examples
    --------
    >>> parallelism("要管好自己、管好家人、管好身边人。")[["n_members", "frame", "kind"]].values.tolist()
    [[3, '管好…', 'head']]
    """
    rows = [{"doc_id": d.doc_id, **r} for d in as_documents(docs) for r in iter_parallelism(d.text)]
    return records_frame(rows, PARALLELISM_COLUMNS)


def parallelism_density(docs: str | Document | Corpus | Iterable[Document]) -> pd.DataFrame:
    """Runs per document and per 10,000 characters.

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (object), ``n_runs`` (int64), ``n_chars`` (int64), ``per_10k`` (float64).
    """
    rows = []
    for d in as_documents(docs):
        n = len(iter_parallelism(d.text))
        rows.append({"doc_id": d.doc_id, "n_runs": n, "n_chars": len(d.text),
                     "per_10k": (n * 10_000 / len(d.text)) if d.text else 0.0})
    return records_frame(rows, DENSITY_COLUMNS)
