"""Keyword in context (KWIC): every occurrence of a string, lexicon term or regex.

Matching works on the document text itself, so ``text[start:end] == match`` always holds and
the offsets can be traced back to the source file (``Document.source_offset``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..corpus import as_documents
from ..lexicon import Lexicon

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["KWIC_COLUMNS", "format_kwic", "kwic"]

KWIC_COLUMNS = ("doc_id", "left", "match", "right", "start", "end", "line")

# Inside a term, PDF text and scraped pages may hold a line break or spaces (两个\n维护).
_GAP = r"[ \t\u3000\u00a0]*\n?[ \t\u3000\u00a0]*"


def _literal_pattern(surface: str, bridge: bool) -> str:
    if not bridge or len(surface) < 2:
        return re.escape(surface)
    return _GAP.join(re.escape(ch) for ch in surface)


def _compile(term: str | Iterable[str], regex: bool, lexicon: Lexicon | None,
             bridge_breaks: bool) -> re.Pattern[str]:
    if regex:
        if not isinstance(term, str):
            raise TypeError("with regex=True, term must be one pattern string")
        try:
            return re.compile(term)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {term!r}: {exc}") from None
    terms = [term] if isinstance(term, str) else list(term)
    if not terms or any(not isinstance(t, str) or not t for t in terms):
        raise ValueError(f"kwic needs non-empty search strings, got {term!r}")
    surfaces: list[str] = []
    for t in terms:
        surfaces.append(t)
        entry = lexicon.get(t) if lexicon is not None else None
        if entry is not None:
            surfaces.extend(entry.variants)
    surfaces = sorted(set(surfaces), key=lambda s: (-len(s), s))  # longest first
    return re.compile("|".join(_literal_pattern(s, bridge_breaks) for s in surfaces))


def kwic(
    corpus: Any,
    term: str | Iterable[str],
    window: int = 20,
    regex: bool = False,
    *,
    lexicon: Lexicon | None = None,
    variants: bool = True,
    bridge_breaks: bool = True,
) -> pd.DataFrame:
    """Concordance lines for ``term`` in every document.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    term
        A string (any string, not only lexicon terms), several strings, or with ``regex=True``
        a regular expression.
    window
        Characters of context on each side.
    regex
        Treat ``term`` as a regular expression (Python :mod:`re` syntax).
    lexicon
        Where variants are looked up (default: the built-in lexicon). A lexicon term also
        matches its variants (two forms of 两个维护, for example) unless ``variants=False``.
    variants
        Also match the lexicon variants of ``term``.
    bridge_breaks
        For plain strings, also match across spaces and a single line break inside the
        string (``两个\\n维护``), as PDF text and hard-wrapped pages have them.

    Returns
    -------
    pandas.DataFrame
        One row per match, in document order. Columns (same when empty):

        ======= ======= =========================================================
        doc_id  object  document identifier
        left    object  up to ``window`` characters before the match
        match   object  the matched text (``text[start:end] == match``)
        right   object  up to ``window`` characters after the match
        start   int64   offset of the match in the document text
        end     int64   end offset (exclusive)
        line    int64   line of the match in the document's own file (1-based;
                        lines of the cleaned text when the source was not kept)
        ======= ======= =========================================================

    Examples
    --------
    >>> from policytext.extract.kwic import kwic
    >>> df = kwic("坚决做到两个维护。", "两个维护", window=2, variants=False)
    >>> df[["left", "match", "right", "start", "end"]].values.tolist()
    [['做到', '两个维护', '。', 4, 8]]
    """
    import pandas as pd

    if window < 0:
        raise ValueError(f"window must be >= 0, not {window}")
    lex = None
    if variants and not regex:
        if lexicon is not None:
            lex = lexicon
        else:
            try:
                lex = Lexicon.builtin()
            except (FileNotFoundError, OSError):  # pragma: no cover - package data missing
                lex = None
    pattern = _compile(term, regex, lex, bridge_breaks)
    rows = []
    for doc in as_documents(corpus):
        text = doc.text
        line_of = None
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if s == e:  # empty regex matches carry no information
                continue
            line_of = line_of or doc.line_finder()
            rows.append((doc.doc_id, text[max(0, s - window):s], text[s:e],
                         text[e:e + window], s, e, line_of(s)))
    df = pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return df.astype({"doc_id": object, "left": object, "match": object, "right": object,
                      "start": "int64", "end": "int64", "line": "int64"})


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def format_kwic(df: pd.DataFrame, *, show_doc: bool = True, width: int | None = None) -> str:
    """Aligned concordance lines (what ``policytext kwic`` prints).

    Left contexts are right-aligned on display width (CJK characters count double), so the
    matches line up in a terminal; whitespace inside contexts is shown as one space.

    Parameters
    ----------
    df
        A frame from :func:`kwic`.
    show_doc
        Prefix each line with ``doc_id:line`` (``doc_id:start`` for a frame without lines),
        as ``grep -n`` and ``policytext check`` do.
    width
        Display width of the left column (default: the widest left context).

    Returns
    -------
    str
        One line per row, joined by newlines (empty string for an empty frame).
    """
    if df is None or len(df) == 0:
        return ""
    lefts = [_flat(x) for x in df["left"]]
    matches = [_flat(x) for x in df["match"]]
    rights = [_flat(x) for x in df["right"]]
    w = width if width is not None else max(_width(x) for x in lefts)
    where = df["line"] if "line" in df else df["start"]
    prefixes = [f"{d}:{s}" for d, s in zip(df["doc_id"], where)] if show_doc else None
    pw = max(len(p) for p in prefixes) if prefixes else 0
    lines = []
    for i, (left, match, right) in enumerate(zip(lefts, matches, rights)):
        pad = " " * max(0, w - _width(left))
        head = f"{prefixes[i]:<{pw}}  " if prefixes else ""
        lines.append(f"{head}{pad}{left} 【{match}】 {right}".rstrip())
    return "\n".join(lines)
