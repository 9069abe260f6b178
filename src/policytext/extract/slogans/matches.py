"""Every slogan occurrence in one text as rows: lexicon, numeric and quoted matches merged."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import repeat
from operator import add, itemgetter
from typing import Any

from ..._identity_cache import IdentityCache
from ..terms import squeeze
from .labels import label_of_category, label_of_phrase
from .numeric import (
    ANY_NUMERAL,
    CLAUSE_PUNCT,
    COMMON_WORDS,
    DIGITS,
    HAS_NUMERAL,
    KNOWN_SET,
    NUMERALS,
    QUANTITY_RE,
    canonical,
    is_numeric,
    numeric_spans,
)
from .quoted import learnable, quoted_spans

_NON_NUMERIC_CATEGORIES = frozenset({"organ", "meeting", "doctype"})


@lru_cache(maxsize=1 << 16)
def _lexicon_numeric(term: str, category: str) -> bool:
    """Whether a lexicon term is a numeric formulation: by its shape, whatever its category.

    Known numeric formulations and terms that pass :func:`is_numeric_formulation` count (三改一拆
    is a ``campaign``, 两山论 an ``ideology``), except organs, meetings and document types
    (四川省委, 八届九中全会); a curated ``formulation`` that opens with a numeral counts too
    (七种能力, 一五计划) unless the numeral makes a quantity or a common word (一把手, 三年行动).
    """
    if term in KNOWN_SET:
        return True
    if category in _NON_NUMERIC_CATEGORIES:
        return False
    if is_numeric(term):
        return True
    t = term[1:] if term[:1] in "新老" else term
    return (
        category == "formulation"
        and bool(HAS_NUMERAL.match(t))
        and not t.startswith(COMMON_WORDS)
        and not QUANTITY_RE.search(t)
    )


# Row layout while a document is processed: the SLOGAN_COLUMNS order without the sentence, so a
# finished row is one tuple concatenation away (see _rows). Rows are tuples; the few whose
# flags change are replaced (_replaced).
_DOC, _TERM, _SURF, KIND_FIELD, _CAT, _NUM, _QUOT, _LAB, _S, _E = range(10)
ROW_START = itemgetter(_S)
ROW_END = itemgetter(_E)
_SPAN = itemgetter(_S, _E)

# Per pattern of a TermMatcher (its value index), the row fields after the document id, for
# the last few matchers seen: filled lazily, so a large lexicon costs nothing for terms a
# corpus never uses.
_LEX_PREFIXES: IdentityCache[tuple[list, set[int]]] = IdentityCache(8)


def _lexicon_prefixes(
    values: list[tuple[str, str]], idx: tuple[int, ...], squeezed: str, starts: tuple[int, ...],
    ends: tuple[int, ...],
) -> list:
    """``(term, surface, "lexicon", category, numeric, False, "formulation")`` per value index
    of a TermMatcher (whose values are per surface), filled for the indexes ``idx`` of hits at
    ``squeezed[starts[k]:ends[k]]``; the surface is the pattern, as written without breaks."""
    prefixes, filled = (_LEX_PREFIXES.get(values)
                        or _LEX_PREFIXES.put(values, ([None] * len(values), set())))
    new = set(idx).difference(filled)  # empty once a corpus has been going for a while
    if new:
        for k, i in enumerate(idx):
            if i in new:
                new.discard(i)
                term, category = values[i]
                surface = squeezed[starts[k] : ends[k]]
                prefixes[i] = (term, surface, "lexicon", category,
                               _lexicon_numeric(term, category), False,
                               label_of_category(category))
                filled.add(i)
    return prefixes


def _lexicon_rows(
    doc_id: str,
    text: str,
    squeezed: str,
    hits: list[tuple[int, int, int]],
    values: list[tuple[str, str]],
    kept_starts: list[int] | None,
    shifts: list[int] | None,
) -> tuple[list[tuple], Sequence[int], Sequence[int]]:
    """Rows of a TermMatcher's ``(value index, start, end)`` hits on ``squeezed``, and their
    starts and ends in ``text``.

    No Python loop per hit (a document has one every ~60 characters): offsets are mapped back
    with numpy, and a row is the document id, the fields cached per pattern and its span,
    concatenated by C-level maps; only a match with a break inside gets its own surface.
    """
    idx, sq_starts, sq_ends = zip(*hits)
    prefixes = _lexicon_prefixes(values, idx, squeezed, sq_starts, sq_ends)
    wider: list[int] = []
    if shifts is None:
        starts, ends = sq_starts, sq_ends
    else:
        import numpy as np

        # back to ``text`` offsets as to_original does, for all hits at once: the shift of
        # a kept character is that of the last run starting at or before it, and an end maps
        # as its last character does
        runs = np.array(kept_starts)
        run_shift = np.array([0, *shifts])
        s = np.fromiter(sq_starts, dtype=np.int64, count=len(hits))
        e = np.fromiter(sq_ends, dtype=np.int64, count=len(hits))
        o_s = s + run_shift[runs.searchsorted(s, "right")]
        o_e = e + run_shift[runs.searchsorted(e - 1, "right")]
        # a match longer in ``text`` than in ``squeezed`` has a break inside
        wider = np.flatnonzero(o_e - o_s != e - s).tolist()
        starts, ends = o_s.tolist(), o_e.tolist()
    rows = list(
        map(add, map(add, repeat((doc_id,)), map(prefixes.__getitem__, idx)), zip(starts, ends))
    )
    for k in wider:  # the surface as written, break included
        rows[k] = _replaced(rows[k], _SURF, text[starts[k] : ends[k]])
    return rows, starts, ends


def _replaced(row: tuple, field: int, value: Any) -> tuple:
    """``row`` with one field changed."""
    return (*row[:field], value, *row[field + 1 :])


def doc_matches(
    text: str,
    doc_id: str,
    lex_matcher: Any,
    lexicon_terms: Mapping[str, Any] | None,
    learned: tuple[str, ...] | None,
) -> list[tuple]:
    """Every occurrence in one text as rows (``_DOC`` … ``_E``: :data:`SLOGAN_COLUMNS` without
    the sentence), ordered by (start, end). ``learned`` None: learn from this text's own quotes
    (as :func:`slogans` does for a single document)."""
    scan = getattr(lex_matcher, "scan", None)
    if scan is not None:  # the matcher's scan, shared with the term counts of the same text
        squeezed, kept_starts, shifts, lex_hits = scan(text)
    else:
        squeezed, kept_starts, shifts = squeeze(text)
        lex_hits = None
    has_quotes = "“" in text or "「" in text
    quoted = list(quoted_spans(text)) if has_quotes else []
    # canonical form of each quoted phrase, made once for learning and for step 3
    quoted_terms = [canonical(text[s:e]) for s, e in quoted]
    if learned is None:
        learned = tuple(sorted({t for t in quoted_terms if learnable(t, KNOWN_SET)}))
    # 1. lexicon terms: leftmost-longest, disjoint, in text order
    lex: list[tuple] = []
    lex_s: Sequence[int] = []  # their spans, which stay readable when a row is removed (None)
    lex_e: Sequence[int] = []
    if lex_matcher is not None:
        auto = getattr(lex_matcher, "_automaton", None)
        values = getattr(lex_matcher, "_values", None)
        if values is None:  # pragma: no cover - another matcher type: its own matching
            for m in lex_matcher.finditer(text):
                lex.append(
                    (doc_id, m.term, m.surface, "lexicon", m.category,
                     _lexicon_numeric(m.term, m.category), False, label_of_category(m.category),
                     m.start, m.end)
                )
            lex_s, lex_e = [r[_S] for r in lex], [r[_E] for r in lex]
        elif auto is not None:  # (None: a lexicon without surfaces)
            # A TermMatcher squeezes ``text`` exactly as squeeze does: run its automaton on
            # the squeezed text made above instead of squeezing and mapping a second time.
            hits = lex_hits if lex_hits is not None else auto.find_matches_as_indexes(squeezed)
            if hits:
                lex, lex_s, lex_e = _lexicon_rows(
                    doc_id, text, squeezed, hits, values, kept_starts, shifts
                )
    # 2. numeric formulations: disjoint among themselves, in text order, so only lexicon rows
    # can overlap one (a lexicon row removed by an earlier one lies before it)
    rows: list[tuple] = []
    nested: list[tuple] = []
    removed = False
    numeric = (
        numeric_spans(text, squeezed, kept_starts, shifts, learned)
        if ANY_NUMERAL.search(squeezed)
        else ()
    )
    n_lex = len(lex)
    p = 0
    for ms, me, surface, term in numeric:
        while p < n_lex and lex_e[p] <= ms:
            p += 1
        q = p
        while q < n_lex and lex_s[q] < me:
            q += 1
        new = (doc_id, term, surface, "numeric", "formulation", True, False, "formulation", ms, me)
        if q == p:
            rows.append(new)
            continue
        if all(ms <= lex_s[k] and lex_e[k] <= me and lex_e[k] - lex_s[k] < me - ms
               for k in range(p, q)):
            # 四大全球倡议 is one numeric formulation, not the lexicon's 四大 plus text
            lex[p:q] = [None] * (q - p)
            removed = True
            rows.append(new)
            continue
        if q - p != 1:
            continue  # straddles lexicon matches: the lexicon's segmentation wins
        host = lex[p]
        if not (lex_s[p] <= ms and me <= lex_e[p]):
            continue
        if (lex_s[p], lex_e[p]) == (ms, me) or host[_TERM] == term:
            # the same occurrence (a lexicon variant may be longer: 五位一体总体布局 → 五位一体)
            lex[p] = _replaced(host, _NUM, True)
            continue
        # a numeric core inside a longer lexicon term (五项原则 in 和平共处五项原则, 五位一体 in
        # 五位一体总体布局): the core is the numeric formulation, reported as its own row, and
        # the lexicon row stays for the longer term without the numeric flag
        lex[p] = _replaced(host, _NUM, False)
        nested.append(new)
    if removed:
        lex = [r for r in lex if r is not None]
    if rows or nested:
        rows = sorted(lex + rows + nested, key=_SPAN)  # spans are distinct
    else:
        rows = lex
    if not quoted:
        return rows
    # 3. quoted phrases: mark the occurrence that fills a quote pair, else add a quoted row.
    # Quote spans are disjoint and in text order, so rows added here never lie inside a later
    # quote; rows are looked up by start (bisect on the sorted rows: no index of every row).
    n_rows = len(rows)
    added: list[tuple] = []
    deleted = False
    for (s, e), term in zip(quoted, quoted_terms):
        j = bisect_left(rows, s, key=ROW_START)
        frame = _FRAME_BEFORE.search(text, max(0, s - 5), s)
        if frame is not None:
            framed = canonical(frame.group(1) + term)
            if is_numeric(framed) and not CLAUSE_PUNCT.search(term):
                # 五个“必须统筹好”: the numeral frame belongs to the formulation
                fs = frame.start(1)
                close = e + 1 if text[e : e + 1] in _CLOSING_QUOTES else e
                i0 = bisect_left(rows, fs, key=ROW_START)
                while i0 < n_rows and rows[i0][_S] < close:
                    if rows[i0][KIND_FIELD] is not None:
                        rows[i0] = _replaced(rows[i0], KIND_FIELD, None)
                        deleted = True
                    i0 += 1
                added.append((doc_id, framed, text[fs:close], "numeric", "formulation", True,
                              True, "formulation", fs, close))
                continue
        k = _filling(rows, j, s, e)
        if k >= 0:
            rows[k] = _replaced(rows[k], _QUOT, True)
            continue
        if is_numeric(term):
            inner = []
            while j < n_rows and rows[j][_S] < e:
                r = rows[j]
                if r[KIND_FIELD] is not None and r[_E] <= e:
                    inner.append(j)
                j += 1
            if not any(rows[k][KIND_FIELD] == "lexicon" for k in inner):
                for k in inner:  # “两不愁三保障” is one formulation, not two
                    rows[k] = _replaced(rows[k], KIND_FIELD, None)
                    deleted = True
                added.append(
                    (doc_id, term, text[s:e], "numeric", "formulation", True, True, "formulation",
                     s, e)
                )
                continue
        label = label_of_phrase(term, lexicon_terms, text[e + 1 : e + 4])
        added.append((doc_id, term, text[s:e], "quoted", "other", False, True, label, s, e))
    if deleted:
        rows = [r for r in rows if r[KIND_FIELD] is not None]
    if added:
        rows = sorted(rows + added, key=_SPAN)
    return rows


# a numeral + classifier just before an opening mark: 五个“必须统筹好”, 两个“毫不动摇”
_FRAME_BEFORE = re.compile(rf"(?<![第{NUMERALS}{DIGITS}])((?!一[个项])[一二两三四五六七八九十]{{1,3}}"
                           r"[个项大种条类位张点字])[“「]$")
_CLOSING_QUOTES = "”」"


def _filling(rows: list[tuple], j: int, s: int, e: int) -> int:
    """Index of the (not deleted) row spanning exactly ``(s, e)``, looking from ``j`` (the
    first row starting at ``s`` or later), or -1."""
    while j < len(rows) and rows[j][_S] == s:
        r = rows[j]
        if r[_E] == e and r[KIND_FIELD] is not None:
            return j
        j += 1
    return -1
