"""The slogan occurrence table of a document or corpus (:func:`slogans`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import chain, repeat
from operator import add
from typing import TYPE_CHECKING, Any

from ...chars import SENTENCE_SPLIT
from ...corpus import Document, as_documents
from .._frames import typed_frame
from .columns import SLOGAN_COLUMNS
from .labels import KINDS
from .matches import KIND_FIELD, ROW_END, ROW_START, doc_matches
from .numeric import KNOWN_SET
from .quoted import learn_quoted_numeric

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...lexicon import Lexicon


def slogan_rows(
    doc: Document | str,
    lexicon: Lexicon | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    learned: Iterable[str] | None = None,
) -> list[tuple]:
    """The rows :func:`slogans` gives for one document, as plain tuples in
    :data:`SLOGAN_COLUMNS` order (``str``, ``bool`` and ``int`` values; no pandas).

    Parameters
    ----------
    doc
        A :class:`~policytext.corpus.Document`, or a string (then doc_id ``"doc"``, as
        :func:`~policytext.corpus.as_documents` names it).
    lexicon
        As for :func:`slogans` (default: the built-in lexicon, matcher compiled once).
    kinds
        As for :func:`slogans`.
    learned
        Numeric formulations to count wherever they occur; None (default): those this
        document puts in quotes, which is what ``slogans(doc)`` does.

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> slogan_rows("增强“四个意识”", Lexicon.empty())[0][:8]
    ('doc', '四个意识', '四个意识', 'numeric', 'formulation', True, True, 'formulation')
    """
    kinds = _check_kinds(kinds)
    if not isinstance(doc, Document):
        (doc,) = as_documents(doc)
    lex_matcher, lexicon_terms = _lexicon_parts(lexicon)
    return _rows(doc, lex_matcher, lexicon_terms, None if learned is None else tuple(learned), kinds)


def _check_kinds(kinds: Iterable[str]) -> frozenset[str]:
    kinds = tuple(kinds)
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        raise ValueError(f"unknown kind(s) {bad}; valid kinds are {list(KINDS)}")
    return frozenset(kinds)


def _rows(
    doc: Document,
    lex_matcher: Any,
    lexicon_terms: Mapping[str, Any] | None,
    learned: tuple[str, ...] | None,
    kinds: frozenset[str],
) -> list[tuple]:
    text = doc.text
    if not text:
        return []
    rows = doc_matches(text, doc.doc_id, lex_matcher, lexicon_terms, learned)
    if len(kinds) != len(KINDS):
        rows = [r for r in rows if r[KIND_FIELD] in kinds]
    if not rows:
        return []
    # each row plus its sentence, concatenated at C level (zip makes the 1-tuples)
    return list(map(add, rows, zip(_sentences(text, rows))))


# Characters that end a sentence (as SENTENCE_END), and closing quote marks that stay with
# the sentence they close (see _sentences).
_SENTENCE_END_CHARS = SENTENCE_SPLIT + "\n"
_CLOSING_MARKS = "”’」"


@lru_cache(maxsize=1)
def _sentence_end_table() -> Any:
    """A 256-entry table: the sentence-end character with each low byte, or 0xFFFFFFFF.

    ``table[c & 0xFF] == c`` tests code points ``c`` for the sentence ends in three vector
    operations, and the table stays in cache (a table over all code points is 1 MB, which the
    lexicon scan before this evicts).
    """
    import numpy as np

    table = np.full(256, 0xFFFFFFFF, dtype=np.uint32)
    for c in map(ord, _SENTENCE_END_CHARS):
        assert table[c & 0xFF] == 0xFFFFFFFF, "two sentence ends share a low byte"
        table[c & 0xFF] = c
    return table


def _sentences(text: str, rows: list[tuple]) -> Iterator[str]:
    """The sentence holding each row (``text`` from the sentence end before its start to the
    first one at or after its end, a closing quote mark included, stripped).

    Vectorised over the text and the rows: sentence ends are found on the code points (a regex
    scan made a match object per end: 4x slower), rows are placed among them with one
    searchsorted each way, and each run of rows in the same sentence cuts it once.
    """
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(text)
    table = _sentence_end_table()
    is_end = table[points & 0xFF] == points
    # sentence ends, with -1 and n standing for the text's edges
    bounds = np.concatenate(([-1], np.flatnonzero(is_end), [n]))
    starts = np.fromiter(map(ROW_START, rows), dtype=np.int64, count=len(rows))
    ends = np.fromiter(map(ROW_END, rows), dtype=np.int64, count=len(rows))
    # from after the last end before the start, to the first end at or after the end
    first = bounds[bounds.searchsorted(starts, "left") - 1] + 1
    last = np.minimum(bounds[bounds.searchsorted(ends, "left")] + 1, n)
    # rows are in text order, so rows of one sentence mostly come together: cut each run once
    new = np.empty(len(rows), dtype=bool)
    new[0] = True
    np.not_equal(first[1:], first[:-1], out=new[1:])
    new[1:] |= last[1:] != last[:-1]
    heads = np.flatnonzero(new)
    cut = []
    for a, b in zip(first[heads].tolist(), last[heads].tolist()):
        if b < n and text[b] in _CLOSING_MARKS:
            b += 1  # a quote’s closing mark sits after the sentence end: keep it
        cut.append(text[a:b].strip())
    return chain.from_iterable(map(repeat, cut, np.diff(heads, append=len(rows)).tolist()))


def slogans(
    doc_or_corpus: Any,
    lexicon: Lexicon | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    learn_quoted: bool = True,
) -> pd.DataFrame:
    """Every slogan occurrence: lexicon terms, numeric formulations and quoted phrases.

    Parameters
    ----------
    doc_or_corpus
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        iterable of documents.
    lexicon
        Terms to find (default: the built-in lexicon). Pass ``Lexicon.empty()`` for the numeric
        and quoted sources only.
    kinds
        Which sources to report (``lexicon``, ``numeric``, ``quoted``). Overlaps are resolved
        with all sources before filtering, so a count never depends on this choice.
    learn_quoted
        Also count, everywhere in the input, numeric formulations that some document puts in
        quotes (a document quotes “四水四定” once, then writes 四水四定).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, ordered by document then ``start`` (same columns when empty):

        ========= ======= ===========================================================
        doc_id    object  document identifier
        term      object  canonical form (quotes/whitespace dropped, 二个 → 两个)
        surface   object  the text as written: ``text[start:end]``
        kind      object  ``lexicon`` | ``numeric`` | ``quoted`` (a span is one row; the
                          lexicon wins over the numeric pattern)
        category  object  lexicon category; ``formulation`` for numeric; ``other`` for
                          quoted phrases that are not terms
        numeric   bool    a numeric formulation (数字提法), whichever source found it
        quoted    bool    the span is the whole content of a “…” pair
        label     object  ``formulation`` (formulation, policy, ideology and campaign
                          terms; numeric formulations) | ``name`` (institutions, meetings,
                          names of things) | ``quotation`` (a quoted clause) |
                          ``metaphor`` (a dictionary noun in quotes, “防火墙”) |
                          ``phrase`` (another short quoted phrase: coinage, term of art,
                          short quotation) | ``other`` (document types; quoted digits,
                          single characters, ordinary verbs: “4567”, “稳”, “清零”)
        start     int64   offset in the document text (inside the quote marks)
        end       int64   end offset
        sentence  object  the sentence holding the occurrence
        ========= ======= ===========================================================

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> df = slogans("增强“四个意识”，做到两个\\n维护，用两个月", Lexicon.empty())
    >>> df[["term", "kind", "quoted"]].values.tolist()
    [['四个意识', 'numeric', True], ['两个维护', 'numeric', False]]
    """
    kinds = _check_kinds(kinds)
    docs = as_documents(doc_or_corpus)
    lex_matcher, lexicon_terms = _lexicon_parts(lexicon)
    if not learn_quoted:
        learned: tuple[str, ...] | None = ()
    elif len(docs) == 1:
        learned = None  # learnt from the document's own quotes, in the same pass
    else:
        learned = learn_quoted_numeric(docs, KNOWN_SET)
    out: list[tuple] = []
    for doc in docs:
        out.extend(_rows(doc, lex_matcher, lexicon_terms, learned, kinds))
    return typed_frame(out, SLOGAN_COLUMNS)


def _lexicon_parts(lexicon: Lexicon | None) -> tuple[Any, Mapping[str, Any] | None]:
    from ..terms import matcher_for

    if lexicon is None:
        from ...lexicon import Lexicon

        lexicon = Lexicon.builtin()
    if not len(lexicon):
        return None, None
    return matcher_for(lexicon), lexicon.terms
