"""The TF-IDF scorer of themes: :func:`themes` and the argument checks and term weighting it
shares with :func:`~policytext.extract.aggregate.themes_from_counts`."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from ..stats import By, group_documents
from .analyzer import PolicyAnalyzer
from .idf import IdfTable
from .rules import THEME_KINDS, own_names

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...tokenize import Tokenizer

THEME_COLUMNS = ("term", "score", "rank", "count")


def resolve_top(top: int, top_n: int | None) -> int:
    """``top``, or the deprecated ``top_n`` when given (with a :class:`DeprecationWarning`)."""
    if top_n is not None:
        import warnings

        warnings.warn("top_n is deprecated; use top", DeprecationWarning, stacklevel=3)
        top = top_n
    return top


def check_theme_arguments(top: int, tf: str, kinds: Iterable[str] | None) -> None:
    """Raise :class:`ValueError` for a wrong ``top``, ``tf`` or ``kinds``."""
    if top < 1:
        raise ValueError(f"top must be >= 1, not {top}")
    if tf not in ("sublinear", "raw", "relative"):
        raise ValueError(f"tf must be 'sublinear', 'raw' or 'relative', not {tf!r}")
    if kinds is not None:
        if isinstance(kinds, str):
            raise ValueError(f"kinds must be a list of kinds such as ['place'], not {kinds!r}")
        bad = sorted(set(kinds) - set(THEME_KINDS))
        if bad or not set(kinds):
            raise ValueError(f"unknown kind(s) {bad}; valid kinds are {list(THEME_KINDS)}")


def tf_weight(count: int, scheme: str, total: int) -> float:
    if scheme == "sublinear":
        return 1.0 + math.log(count)
    if scheme == "raw":
        return float(count)
    return count / total if total else 0.0


def themes(
    corpus: Any,
    top: int = 20,
    *,
    by: By = None,
    idf: Literal["auto", "corpus", "builtin"] | Mapping[str, float] | IdfTable = "auto",
    analyzer: PolicyAnalyzer | None = None,
    tokenizer: Tokenizer | None = None,
    tf: Literal["sublinear", "raw", "relative"] = "sublinear",
    min_count: int = 1,
    prior_weight: float = 10.0,
    kinds: Iterable[str] | None = None,
    top_n: int | None = None,
) -> pd.DataFrame:
    """TF-IDF keywords per document or per group of documents.

    Each document is counted by ``analyzer`` (:meth:`PolicyAnalyzer.counts`) and the counts
    are scored by :func:`~policytext.extract.aggregate.themes_from_counts`, the scorer the
    batch runner uses on the counts it accumulates: one implementation, two front-ends.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    top
        Keywords per document/group.
    by
        ``None`` (per document), a docvar (``"year"``, ``"region"``, ``"genre"``…) or a
        function ``Document -> key``; the documents of a group are pooled into one unit (to
        compare provinces, give each document a ``region`` docvar and pass ``by="region"``).
        A unit does not list its own name among its themes: its key when that is a Chinese
        name, or the ``region`` its documents share (海南, 海南省, 海南省委 for a file named
        ``海南省2024年政府工作报告.txt``; 海南自由贸易港 stays), nor the ``speaker`` they share
        (the governor named on a report's head line).
    idf
        ``"corpus"``: document frequencies over the units analysed, shrunk toward the shipped
        table by ``prior_weight`` pseudo-documents: ``idf = -ln((df + m·p) / (n + m))`` where
        ``p = exp(-builtin_idf)``. A word in every unit (发展 in every work report) gets an IDF
        near 0 instead of scikit-learn's floor of 1, and in a corpus of three reports on one
        province its free-trade port still outranks 发展. ``"builtin"``: the shipped
        political-domain table (:func:`load_idf`), right for one document; ``"auto"``
        (default): corpus when there are at least 3 units, builtin otherwise. A mapping
        term → idf (or an :class:`IdfTable`) also works.
    analyzer
        Token filter (default :class:`PolicyAnalyzer` on ``tokenizer``: lexicon terms and
        quoted names kept whole, the multi-word names a document repeats counted (冰雪经济);
        stopwords, numbers, administrative self-reference, a report's glossary and pieces of
        phrases left out).
    tokenizer
        Tokenizer for the default analyzer (default: built-in lexicon).
    tf
        Term-frequency weighting: ``"sublinear"`` (``1 + ln count``, default — keeps a word
        repeated 200 times from drowning the distinctive ones), ``"raw"`` or ``"relative"``.
    min_count
        Ignore tokens seen fewer times in a unit.
    prior_weight
        Strength of the built-in table in ``idf="corpus"``, in documents (0: corpus only,
        ``ln((n+1)/(df+1))``).
    kinds
        Which tokens to rank: ``["place"]`` (place names), ``["term"]`` (programmes,
        formulations and other topics) or None (both, default); see :func:`token_kind`.
        Scores are the same whatever the choice: only the ranking skips the other kind.
    top_n
        Deprecated name of ``top``.

    Returns
    -------
    pandas.DataFrame
        ``top`` rows per unit, by unit then rank. Columns (same when empty):

        ======== ======= ===============================================================
        <key>    object  ``doc_id``; with ``by``: the docvar name, or ``group``
        term     object  token (canonical form of lexicon terms)
        score    float64 tf × idf, divided by the L2 norm of the unit's whole vector
        rank     int64   1 = strongest
        count    int64   occurrences of the token in the unit
        ======== ======= ===============================================================
    """
    from ..aggregate import TokenMatrix, themes_from_counts

    top = resolve_top(top, top_n)
    check_theme_arguments(top, tf, kinds)
    key_name, groups = group_documents(corpus, by)
    if analyzer is None:
        analyzer = PolicyAnalyzer(tokenizer)
    matrix = TokenMatrix()
    unit_of: dict[Hashable, Hashable] | None = None if by is None else {}
    unit_names: dict[Hashable, tuple[str, ...]] = {}
    for key, docs in groups:
        # the unit's own name, also when keyed by a file name, and its speaker's (a
        # governor's name on the head line of a provincial report)
        names = tuple(value for field in ("region", "speaker")
                      if len(values := {doc.meta.get(field) for doc in docs}) == 1
                      and isinstance(value := values.pop(), str) and value)
        if names:
            unit_names[key] = names
        # a unit keyed by a Chinese name (海南) does not count phrases built on it (美丽海南)
        own = own_names(key)[:1]
        for doc in docs:
            counts = analyzer.counts(doc, own_names=own) if own else analyzer.counts(doc)
            if unit_of is None:
                matrix.add(key, counts)
            else:
                row = len(matrix)  # rows are documents; their unit is the group's key
                matrix.add(row, counts)
                unit_of[row] = key
    return themes_from_counts(matrix, top, idf=idf, tf=tf, prior_weight=prior_weight,
                              key_name=key_name, groups=unit_of, min_count=min_count,
                              kinds=kinds, unit_names=unit_names)
