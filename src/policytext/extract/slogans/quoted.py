"""Quoted phrases: spans inside “…” and the numeric formulations a corpus learns from them."""

from __future__ import annotations

from collections.abc import Iterator

from ...corpus import Document
from .numeric import BLANK_LINE, QUOTE_LOOSE, QUOTE_LOOSE_CURLY, canonical, is_numeric


def quoted_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans inside top-level “…” (and 「…」) quote pairs: the matches of ``_QUOTE``."""
    loose = QUOTE_LOOSE if "「" in text else QUOTE_LOOSE_CURLY
    pos = 0
    while True:
        m = loose.search(text, pos)
        if m is None:
            return
        s, e = m.span(m.lastindex)
        if text.find("\n", s, e) >= 0 and BLANK_LINE.search(text, s, e):
            # _QUOTE fails here (and matched nowhere before): it tries the next character
            pos = m.start() + 1
            continue
        pos = m.end()
        # trim whitespace just inside the marks
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def learn_quoted_numeric(docs: list[Document], known: frozenset[str]) -> tuple[str, ...]:
    """Numeric formulations a corpus puts in quotes, to be counted unquoted as well."""
    learned: set[str] = set()
    for doc in docs:
        text = doc.text
        if "“" not in text and "「" not in text:
            continue
        _learn_from(text, list(quoted_spans(text)), known, learned)
    return tuple(sorted(learned))


def _learn_from(
    text: str, spans: list[tuple[int, int]], known: frozenset[str], learned: set[str]
) -> None:
    for s, e in spans:
        term = canonical(text[s:e])
        if learnable(term, known):
            learned.add(term)


def learnable(term: str, known: frozenset[str]) -> bool:
    """Whether a quoted phrase (canonical form) is a numeric formulation to learn."""
    return term not in known and is_numeric(term) and "、" not in term[-1:]
