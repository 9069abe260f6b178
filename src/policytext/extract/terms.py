"""Counting lexicon terms on characters, independent of segmentation.

Matching is leftmost-longest and non-overlapping (全面从严治党 is not also counted as 从严治党),
done by a compiled Aho–Corasick automaton (ahocorasick-rs, ``MatchKind.LeftmostLongest``), so a
3,000-term lexicon runs at tens of MB/s (see BENCHMARKS.md).
Terms are found across the line breaks and spaces that PDF text and scraped pages put inside
them (``两个\\n维护``); the reported span is the text as written, breaks included. A full-width
plus sign matches the ASCII one (人工智能＋ is 人工智能+).

A match that cuts a longer word is not counted: 农业部 in 中拉农业部长论坛 (部长), 交通部 in
交通部门, 四川省委 in 四川省委员会. Counting stays on characters; only where a word of the
segmenter's dictionary or of the lexicon crosses a match's edge is the most probable
segmentation of the few characters around it computed (:func:`.dictionary.best_split_cuts`),
and the match is dropped when that segmentation has no boundary at its edge. The matched term
weighs :data:`TERM_WEIGHT` there (its dictionary count when higher), so 座谈会上, 全会上, 双控制度
keep their terms. Only dictionary words cut a match: where two lexicon terms overlap (机构改革 and
改革方案 in 机构改革方案) leftmost-longest matching has already chosen, and letting the other term
cut the chosen one would count neither. A term that opens a document number (国办 of
国办发〔2020〕20号) is not counted either: the code cites the issuer, it does not mention it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from .._identity_cache import IdentityCache
from ..chars import matching_form
from ..corpus import Document, as_documents
from ..lexicon import Lexicon
from .dictionary import best_split_cuts

__all__ = [
    "TERM_WEIGHT", "TermMatch", "TermMatcher", "count_terms", "iter_term_matches", "squeeze",
    "to_original",
]

# Whitespace runs may sit inside a term (PDF wraps, spaced titles). A run holding two line
# breaks is a paragraph boundary and is kept, so no match bridges it.
_WS_RUN = re.compile(r"[ \t\r\n\u3000\u00a0\u2002\u2003]+")
_HAS_WS = re.compile(r"[\s\u3000\u00a0]")
_FIRST = itemgetter(0)

TERM_COLUMNS = ("doc_id", "term", "category", "count", "per_10k")

#: Count a lexicon term weighs in the boundary check (see the module docstring): the count of a
#: fairly common dictionary word, so a term loses only to a clearly likelier split.
TERM_WEIGHT = 1000
#: Dictionary words rarer than this never veto a match (they rarely win a split, and leaving
#: them out keeps the per-pattern tables small).
_MIN_CROSSING_FREQ = 200
#: Characters on each side of a match that the boundary check segments.
_CONTEXT = 3
#: Boundary verdicts a matcher remembers (then it starts afresh).
_VERDICTS = 1 << 16
_PLUS = "\uff0b"  # full-width plus, folded to "+" for matching


@dataclass(frozen=True)
class TermMatch:
    """One lexicon occurrence: ``text[start:end] == surface`` (as written, breaks included)."""

    start: int
    end: int
    surface: str
    term: str
    category: str


#: Texts whose scan a :class:`TermMatcher` remembers: at least the batch runner's chunk (64).
RECENT_SCANS = 64


class TermMatcher:
    """A compiled lexicon: build once, match many texts.

    Picklable (the automaton is rebuilt from the lexicon after unpickling).
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._build(lexicon)

    def _build(self, lexicon: Lexicon) -> None:
        import ahocorasick_rs

        surfaces: list[str] = []
        values: list[tuple[str, str]] = []
        seen: set[str] = set()
        for term in lexicon:
            for surface in term.surfaces:
                if surface and surface not in seen:
                    seen.add(surface)
                    surfaces.append(surface)
                    values.append((term.term, term.category))
        self._values = values
        self._surfaces = surfaces
        self._edge: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self._word_freq: dict[str, int] | None = None
        # (context, offset of the match in it) -> whether the match cuts a word: contexts
        # repeat (座谈会上), and the segmentation is the slow part of the check
        self._verdicts: dict[tuple[str, int, int], bool] = {}
        # scans of the last few texts (see scan()); threads may share a matcher (Dask's worker
        # threads share the worker's, a program may share the built-in one)
        self._recent: IdentityCache[tuple] = IdentityCache(RECENT_SCANS)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if surfaces
            else None
        )

    def __getstate__(self) -> dict:
        return {"lexicon": self.lexicon}

    def scan(self, text: str) -> tuple[str, list[int] | None, list[int] | None, list[tuple[int, int, int]]]:
        """``(squeezed, kept_starts, shifts, hits)``: ``text`` without intra-term whitespace
        (see :func:`squeeze`) and the automaton's ``(value index, start, end)`` matches in
        squeezed coordinates.

        The last :data:`RECENT_SCANS` texts scanned are remembered (by identity), so the term
        counts and the slogans extractor of the batch runner share one scan of each document
        even though the runner does one stage for a whole chunk of documents before the next.
        """
        result = self._recent.get(text)
        if result is not None:
            return result
        squeezed, kept_starts, shifts = squeeze(text)
        hits = []
        if self._automaton is not None:
            folded = squeezed.replace(_PLUS, "+") if _PLUS in squeezed else squeezed
            folded = matching_form(folded)  # 社會主義 counts as 社会主义
            hits = self._automaton.find_matches_as_indexes(folded)
            if hits:
                hits = self._whole_words(folded, hits)
            if hits and ("〔" in folded or "[" in folded or "【" in folded):
                hits = _outside_document_numbers(folded, hits)
        return self._recent.put(text, (squeezed, kept_starts, shifts, hits))

    def _freqs(self) -> dict[str, int]:
        """The dictionary's word counts (the words that may cut a match)."""
        if self._word_freq is None:
            self._word_freq = _known_words()
        return self._word_freq

    def _edge_chars(self, i: int) -> tuple[frozenset[str], frozenset[str]]:
        """Characters after / before pattern ``i`` with which a known word crosses its edge."""
        edge = self._edge.get(i)
        if edge is None:
            surface = self._surfaces[i]
            after, before = _dictionary_edges()
            nxt: set[str] = set()
            prv: set[str] = set()
            for k in range(1, min(len(surface), _CONTEXT) + 1):
                nxt.update(after.get(surface[-k:], ()))
                prv.update(before.get(surface[:k], ()))
            edge = self._edge[i] = (frozenset(nxt), frozenset(prv))
        return edge

    def _whole_words(self, text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """``hits`` without the matches that cut a longer word (see the module docstring)."""
        freqs = self._freqs()
        if not freqs:
            return hits
        n = len(text)
        edge = self._edge
        verdicts = self._verdicts
        drop = []
        for k, (i, s, e) in enumerate(hits):
            sides = edge.get(i)
            nxt, prv = sides if sides is not None else self._edge_chars(i)
            at_end = e < n and text[e] in nxt
            at_start = s > 0 and text[s - 1] in prv
            if not (at_end or at_start):
                continue
            a, b = max(0, s - _CONTEXT), min(n, e + _CONTEXT)
            lo, hi = s, e
            key = (text[a:b], lo - a, hi - a)
            cut = verdicts.get(key)
            if cut is None:
                own = max(freqs.get(self._surfaces[i], 0), TERM_WEIGHT)
                cut = best_split_cuts(key[0], lo - a, hi - a, own, freqs)
                if len(verdicts) >= _VERDICTS:
                    verdicts.clear()
                verdicts[key] = cut
            if cut:
                drop.append(k)
        if not drop:
            return hits
        gone = set(drop)
        return [h for k, h in enumerate(hits) if k not in gone]

    def forget(self) -> None:
        """Drop the remembered scans (their texts and matches)."""
        self._recent.clear()

    def __setstate__(self, state: dict) -> None:
        self.lexicon = state["lexicon"]
        self._build(self.lexicon)

    def _spans(self, text: str) -> list[tuple[int, int, int]]:
        """(value index, start, end) in ``text`` coordinates."""
        if not text or self._automaton is None:
            return []
        _squeezed, kept_starts, shifts, found = self.scan(text)
        if shifts is None:
            return found
        return [
            (i, to_original(s, kept_starts, shifts), to_original(e - 1, kept_starts, shifts) + 1)
            for i, s, e in found
        ]

    def finditer(self, text: str) -> Iterator[TermMatch]:
        """Leftmost-longest, non-overlapping matches in ``text``."""
        values = self._values
        for i, start, end in self._spans(text):
            term, category = values[i]
            yield TermMatch(start, end, text[start:end], term, category)

    def count(self, text: str) -> Counter[str]:
        """Occurrences per canonical term."""
        counts: Counter[str] = Counter()
        for (term, _category), k in self.count_with_category(text).items():
            counts[term] += k
        return counts

    def count_with_category(self, text: str) -> Counter[tuple[str, str]]:
        """Occurrences per (canonical term, category), without building match objects."""
        if not text or self._automaton is None:
            return Counter()
        by_index = Counter(map(_FIRST, self.scan(text)[3]))
        out: Counter[tuple[str, str]] = Counter()
        for i, k in by_index.items():
            out[self._values[i]] += k
        return out


#: what follows an issuer's abbreviation in a document number: 国办发〔2020〕20号,
#: 工信部联装〔2017〕155号, 国发[2015]28号
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,3}[〔\[【][0-9]{4}[〕\]】]")


def _outside_document_numbers(text: str, hits: list[tuple[int, int, int]]
                              ) -> list[tuple[int, int, int]]:
    """``hits`` without the matches that open a document number (国办 of 国办发〔2020〕20号): a
    citation names the issuer in a code, beside the full title it cites, and is no mention."""
    return [h for h in hits if not _DOCUMENT_NUMBER.match(text, h[2], h[2] + 10)]


@lru_cache(maxsize=1)
def _known_words() -> dict[str, int]:
    """The words a match may not cut: the segmenter dictionary's, with their counts (the same
    for every lexicon, so a term's count does not depend on which other terms a lexicon
    holds); empty without the dictionary."""
    from .dictionary import word_frequencies

    return dict(word_frequencies() or {})


@lru_cache(maxsize=1)
def _dictionary_edges() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """For the known words (see :func:`_known_words`): prefix (1–3 characters) → characters
    that follow it in some word, and suffix → characters that precede it."""
    return _edges(w for w, f in _known_words().items() if f >= _MIN_CROSSING_FREQ)


def _edges(words: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for w in words:
        for k in range(1, min(len(w) - 1, _CONTEXT) + 1):
            after.setdefault(w[:k], set()).add(w[k])
            before.setdefault(w[-k:], set()).add(w[-k - 1])
    return after, before



def squeeze(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Remove intra-term whitespace; return the squeezed text and a map back to ``text``.

    ``kept_starts[i]`` is the squeezed offset from which ``shifts[i]`` removed characters lie
    before; original = squeezed + shift.
    """
    if not _HAS_WS.search(text):
        return text, None, None
    pieces: list[str] = []
    kept_starts, shifts = [0], [0]
    pos, squeezed_len, removed = 0, 0, 0
    for m in _WS_RUN.finditer(text):
        s, e = m.span()
        if e - s > 1 and text.count("\n", s, e) > 1:
            continue  # a blank line: a barrier no term crosses
        pieces.append(text[pos:s])
        squeezed_len += s - pos
        removed += e - s
        kept_starts.append(squeezed_len)
        shifts.append(removed)
        pos = e
    if len(shifts) == 1:
        return text, None, None
    pieces.append(text[pos:])
    return "".join(pieces), kept_starts, shifts


def to_original(i: int, kept_starts: list[int] | None, shifts: list[int] | None) -> int:
    """Offset in the original text of the squeezed offset ``i`` (a kept character)."""
    if shifts is None:
        return i
    return i + shifts[bisect_right(kept_starts, i) - 1]


@lru_cache(maxsize=1)
def _builtin_matcher() -> TermMatcher:
    return TermMatcher(Lexicon.builtin())


# Matchers of the last few Lexicon objects seen (Lexicons are frozen, so one compiled automaton
# per object is always right). Callers such as slogans() or term_frequency() pass the same
# Lexicon for every document; without this each call recompiled ~3,000 terms (~30 ms).
_RECENT: IdentityCache[TermMatcher] = IdentityCache(8)


def matcher_for(lexicon: Lexicon | TermMatcher | None) -> TermMatcher:
    """A matcher for ``lexicon`` (None: the built-in lexicon), compiled once per Lexicon object."""
    if isinstance(lexicon, TermMatcher):
        return lexicon
    if lexicon is None or lexicon is Lexicon.builtin():
        return _builtin_matcher()
    return _RECENT.get(lexicon) or _RECENT.put(lexicon, TermMatcher(lexicon))


def iter_term_matches(text: str, lexicon: Lexicon | TermMatcher | None = None) -> Iterator[TermMatch]:
    """Lexicon occurrences in one string (see :class:`TermMatch`)."""
    return matcher_for(lexicon).finditer(text)


def count_terms(doc_or_corpus, lexicon: Lexicon | TermMatcher | None = None):
    """Count lexicon terms per document.

    Parameters
    ----------
    doc_or_corpus
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        iterable of documents.
    lexicon
        Terms to count (default: the built-in lexicon), or a prepared :class:`TermMatcher`.

    Returns
    -------
    pandas.DataFrame
        One row per (document, term) with count > 0, ordered by document then count desc:

        ========= ======= =====================================================
        doc_id    object  document identifier
        term      object  canonical term (variants are counted under it)
        category  object  lexicon category
        count     int64   occurrences (leftmost-longest, non-overlapping)
        per_10k   float64 occurrences per 10,000 characters of the document
        ========= ======= =====================================================
    """

    matcher = matcher_for(lexicon)
    rows = []
    for doc in as_documents(doc_or_corpus):
        rows.extend(term_rows(doc, matcher))
    return terms_frame(rows)


def term_rows(doc: Document, matcher: TermMatcher) -> list[tuple]:
    """Rows of :func:`count_terms` for one document (used by the batch runner)."""
    counts = matcher.count_with_category(doc.text)
    n = max(len(doc.text), 1)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return [(doc.doc_id, t, c, k, k * 10_000 / n) for (t, c), k in ordered]


def terms_frame(rows: list[tuple]):
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(TERM_COLUMNS))
    return df.astype({"doc_id": object, "term": object, "category": object, "count": "int64", "per_10k": "float64"})
