"""Term frequencies, trends and "discourse temperature".

Counting is done on characters by :func:`policytext.extract.terms.count_terms` (leftmost-longest,
non-overlapping), so every figure here is independent of word segmentation. Documents can be
grouped by any docvar (``year``, ``genre``, ``speaker`` …) or by a function ``Document → key``;
terms can be pooled into lexicon categories or any grouping of your own.

The temperature scale (沸/烫/热/暖/温/冷) is documented in ``docs/temperature.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..corpus import Document, as_documents, require_docvar
from ..lexicon import Lexicon, Term

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "TEMPERATURE_SCALE",
    "Tier",
    "first_last_seen",
    "group_documents",
    "temperature",
    "term_frequency",
    "trends",
    "trends_from_counts",
]

By = str | Callable[[Document], Hashable] | None

FREQ_COLUMNS = ("term", "category", "count", "n_docs", "docs_with_term", "n_chars", "per_10k",
                "doc_share")
TREND_COLUMNS = ("term", "count", "n_docs", "docs_with_term", "doc_share", "per_10k", "tier",
                 "tier_level")
SEEN_COLUMNS = ("term", "first_seen", "last_seen", "n_seen", "n_groups", "count")


# ---------------------------------------------------------------------------------------------
# grouping
# ---------------------------------------------------------------------------------------------
def _key_name(by: By) -> str:
    if by is None:
        return "doc_id"
    if isinstance(by, str):
        return by
    if callable(by):
        return "group"
    raise TypeError(f"by must be None, a docvar name or a function Document -> key, not {by!r}")


def _doc_key(doc: Document, by: By) -> Any:
    if by is None or by == "doc_id":
        return doc.doc_id
    if isinstance(by, str):
        if by == "n_chars":
            return doc.n_chars
        if by == "path":
            return doc.path
        return doc.meta.get(by)
    return by(doc)


def group_documents(
    corpus: Any, by: By = None
) -> tuple[str, list[tuple[Hashable, list[Document]]]]:
    """Split documents into groups.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    by
        ``None`` (one group per document, keyed by ``doc_id``), a docvar name (``"year"``,
        ``"genre"``, ``"speaker"``, any extra docvar), or a function ``Document -> key``.
        Documents whose key is ``None`` are left out.

    Raises
    ------
    policytext.errors.InputError
        When ``by`` names no docvar of the documents (the message lists the valid ones) or
        no document has a value for it.

    Returns
    -------
    tuple
        ``(key_column_name, [(key, [documents…]), …])``; groups are sorted by key when the
        keys are sortable, otherwise kept in order of first appearance.
    """
    name = _key_name(by)
    docs = as_documents(corpus)
    if isinstance(by, str):
        require_docvar(docs, by)
    groups: dict[Hashable, list[Document]] = {}
    for doc in docs:
        key = _doc_key(doc, by)
        if key is None:
            continue
        try:
            if key != key:  # NaN / pd.NA from a DataFrame docvar
                continue
        except (TypeError, ValueError):
            continue
        groups.setdefault(key, []).append(doc)
    items = list(groups.items())
    if by is not None:
        try:
            items.sort(key=lambda kv: kv[0])
        except TypeError:
            pass
    return name, items


# ---------------------------------------------------------------------------------------------
# term frequency
# ---------------------------------------------------------------------------------------------
def _resolve_lexicon(terms: Iterable[str | Term] | Lexicon | None, lexicon: Lexicon | None
                     ) -> tuple[Lexicon, list[str] | None]:
    """The lexicon to count with, and the explicit term list (None = whole lexicon)."""
    if isinstance(terms, Lexicon):
        return terms, [t.term for t in terms]
    if terms is None:
        return (lexicon if lexicon is not None else Lexicon.builtin()), None
    if isinstance(terms, str):
        terms = [terms]
    terms = list(terms)
    if lexicon is None:
        try:
            lexicon = Lexicon.builtin()
        except (FileNotFoundError, OSError):  # pragma: no cover - package data missing
            lexicon = Lexicon.empty()
    entries: list[Term] = []
    for t in terms:
        if isinstance(t, Term):
            entries.append(t)
        else:
            known = lexicon.get(t)
            # keep category and variants of known terms; unknown strings count as "other"
            entries.append(known if known is not None else Term(str(t), "other"))
    lex = Lexicon.from_terms(entries)
    return lex, [e.term for e in entries]


def _counting_lexicon(terms: Iterable[str | Term] | Lexicon | None, asked: Lexicon,
                      explicit: list[str] | None, lexicon: Lexicon | None) -> Lexicon:
    """The lexicon that terms asked for by name are matched with: the whole lexicon (given or
    built-in) and the asked terms it lacks. Matching is leftmost-longest, so a term inside a
    longer lexicon term counts as the longer one (信息化 in 工业和信息化部) whichever terms
    are asked for, as in ``analyze``; a Lexicon passed as ``terms`` is matched on its own."""
    if explicit is None or isinstance(terms, Lexicon):
        return asked
    try:
        base = lexicon if lexicon is not None else Lexicon.builtin()
    except (FileNotFoundError, OSError):  # pragma: no cover - package data missing
        return asked
    missing = [t for t in asked if base.get(t.term) != t]
    if not missing:
        return base
    return Lexicon.from_terms([*(t for t in base if asked.get(t.term) is None), *asked])


def _category_fn(categories: Callable[[str], Any] | Mapping[str, Any] | None
                 ) -> Callable[[str, str], Any] | None:
    if categories is None:
        return None
    if isinstance(categories, Mapping):
        return lambda term, cat: categories.get(term)
    return lambda term, cat: categories(term)


def term_frequency(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon | None = None,
    *,
    by: By = None,
    lexicon: Lexicon | None = None,
    by_category: bool = False,
    categories: Callable[[str], Any] | Mapping[str, Any] | None = None,
    normalize: Literal["chars", "terms"] = "chars",
    zeros: bool | None = None,
) -> pd.DataFrame:
    """Counts of terms per document or per group of documents.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    terms
        Terms to count: a list of strings (lexicon terms keep their category and variants,
        other strings get category ``other``) or a :class:`~policytext.lexicon.Lexicon`.
        ``None`` counts every term of ``lexicon``. A list is matched together with the whole
        ``lexicon``, leftmost-longest, as ``analyze`` counts: a term inside a longer lexicon
        term counts as the longer one (信息化 in 工业和信息化部), so a term's count does not
        depend on the other terms listed. To count a string wherever it occurs, pass
        ``Lexicon.from_terms([...])``: a Lexicon is matched on its own.
    by
        ``None`` (per document), a docvar name (``"year"``, ``"genre"``, ``"speaker"`` …) or a
        function ``Document -> key``. Documents whose key is None are left out.
    lexicon
        Lexicon used when ``terms`` is None or to look up categories (default: built-in).
    by_category
        Pool the terms of each category: the ``term`` column then holds the category and
        ``docs_with_term`` counts documents mentioning any term of it.
    categories
        Regroup terms before pooling: a mapping or function ``term -> category`` (terms mapped
        to None are dropped). Implies ``by_category``.
    normalize
        Denominator of ``per_10k``: ``"chars"`` (per 10,000 characters, default) or ``"terms"``
        (per 10,000 counted term occurrences of the group — a term's share of the vocabulary).
    zeros
        Emit rows with ``count == 0`` (default: True when ``terms`` is given, so trends have
        no holes; False for a whole lexicon).

    Returns
    -------
    pandas.DataFrame
        Sorted by group, then count descending. Columns and dtypes (the same when empty):

        ================ ======= ==============================================================
        <key>            object  ``doc_id`` when ``by`` is None, the docvar name when it is a
                                 string, ``group`` for a function
        term             object  canonical term (or category when pooling)
        category         object  lexicon category (equal to ``term`` when pooling)
        count            int64   occurrences in the group
        n_docs           int64   documents in the group
        docs_with_term   int64   documents of the group with ``count > 0``
        n_chars          int64   characters in the group
        per_10k          float64 occurrences per 10,000 characters (see ``normalize``)
        doc_share        float64 ``docs_with_term / n_docs``
        ================ ======= ==============================================================

    Examples
    --------
    >>> from policytext.corpus import Document
    >>> doc = Document("坚持高质量发展，推动高质量发展。", doc_id="a")
    >>> df = term_frequency(doc, ["高质量发展"])
    >>> df[["doc_id", "term", "count", "doc_share"]].to_dict("records")
    [{'doc_id': 'a', 'term': '高质量发展', 'count': 2, 'doc_share': 1.0}]
    """
    import pandas as pd

    from .terms import matcher_for

    if normalize not in ("chars", "terms"):
        raise ValueError(f"normalize must be 'chars' or 'terms', not {normalize!r}")
    lex, explicit = _resolve_lexicon(terms, lexicon)
    if zeros is None:
        zeros = explicit is not None
    key_name, groups = group_documents(corpus, by)
    matcher = matcher_for(_counting_lexicon(terms, lex, explicit, lexicon))
    only = None if explicit is None else frozenset(explicit)
    regroup = _category_fn(categories)
    pool = by_category or regroup is not None

    universe: list[tuple[str, str]] = []  # (term, category) rows to emit with zeros
    if zeros:
        seen: dict[tuple[str, str], None] = {}
        for t in (lex[x] for x in explicit) if explicit is not None else lex:
            cat = regroup(t.term, t.category) if regroup else t.category
            if cat is None:
                continue
            seen[(cat, cat) if pool else (t.term, cat)] = None
        universe = list(seen)

    rows: list[tuple] = []
    for key, docs in groups:
        counts: dict[tuple[str, str], int] = {}
        doc_hits: dict[tuple[str, str], int] = {}
        n_chars = 0
        for doc in docs:
            n_chars += len(doc.text)
            for k, v in _match_counts(doc.text, matcher, regroup, pool, only).items():
                counts[k] = counts.get(k, 0) + v
                doc_hits[k] = doc_hits.get(k, 0) + 1
        keys = list(dict.fromkeys([*universe, *counts])) if zeros else list(counts)
        denom = n_chars if normalize == "chars" else sum(counts.values())
        n_docs = len(docs)
        for k in sorted(keys, key=lambda k: (-counts.get(k, 0), k[0])):
            c = counts.get(k, 0)
            d = doc_hits.get(k, 0)
            rows.append((key, k[0], k[1], c, n_docs, d, n_chars,
                         c * 10_000 / denom if denom else 0.0, d / n_docs if n_docs else 0.0))
    columns = [key_name, *FREQ_COLUMNS]
    df = pd.DataFrame(rows, columns=columns)
    return df.astype(table_dtypes(key_name, FREQ_COLUMNS))


def _match_counts(text: str, matcher: Any, regroup: Callable[[str, str], Any] | None = None,
                  pool: bool = False, only: frozenset[str] | None = None
                  ) -> dict[tuple[str, str], int]:
    """Occurrences in one text, keyed ``(term, category)`` (``(category, category)`` when
    pooling); terms that ``regroup`` maps to None, and terms not in ``only`` when it is
    given, are left out."""
    local: dict[tuple[str, str], int] = {}
    for m in matcher.finditer(text):
        if only is not None and m.term not in only:
            continue
        cat = regroup(m.term, m.category) if regroup else m.category
        if cat is None:
            continue
        k = (cat, cat) if pool else (m.term, cat)
        local[k] = local.get(k, 0) + 1
    return local


_DTYPES = {
    "term": object, "category": object, "count": "int64", "n_docs": "int64",
    "docs_with_term": "int64", "n_chars": "int64", "per_10k": "float64", "doc_share": "float64",
    "tier": object, "tier_level": "int64", "first_seen": object, "last_seen": object,
    "n_seen": "int64", "n_groups": "int64",
}


def table_dtypes(key_name: str | None, columns: Sequence[str]) -> dict[str, Any]:
    out = {c: _DTYPES[c] for c in columns}
    if key_name is not None:
        out = {key_name: object, **out}
    return out


# ---------------------------------------------------------------------------------------------
# temperature
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tier:
    """One step of the temperature scale.

    A group reaches the tier when ``doc_share >= min_doc_share`` **and**
    ``per_10k >= min_per_10k`` (and ``count >= 1`` for every tier but the last).
    """

    level: int
    label: str
    english: str
    min_doc_share: float
    min_per_10k: float


#: The six-tier scale, hottest first (rationale and calibration in ``docs/temperature.md``).
TEMPERATURE_SCALE: tuple[Tier, ...] = (
    Tier(5, "沸", "boiling", 0.80, 5.0),
    Tier(4, "烫", "scalding", 0.60, 2.0),
    Tier(3, "热", "hot", 0.40, 1.0),
    Tier(2, "暖", "warm", 0.20, 0.3),
    Tier(1, "温", "tepid", 0.0, 0.0),
    Tier(0, "冷", "cold", 0.0, 0.0),
)


def tier_of(count: int, doc_share: float, per_10k: float,
          scale: Sequence[Tier] = TEMPERATURE_SCALE) -> Tier:
    for tier in scale[:-1]:
        if count >= 1 and doc_share >= tier.min_doc_share and per_10k >= tier.min_per_10k:
            return tier
    return scale[-1]


def trends(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon,
    *,
    by: By = "year",
    lexicon: Lexicon | None = None,
    scale: Sequence[Tier] = TEMPERATURE_SCALE,
) -> pd.DataFrame:
    """Per period (default: year) and term: mentions, document share, density and tier.

    Every term gets a row for every period present in the corpus (zeros included), so a line
    chart has no holes.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    terms
        Terms to follow (strings or a Lexicon; see :func:`term_frequency`: strings are matched
        with the whole lexicon, as ``analyze`` counts them for ``trends.csv``).
    by
        Docvar or function giving the period (documents without one are left out).
    lexicon
        Where categories and variants of the terms are looked up (default: built-in).
    scale
        Temperature tiers, hottest first, the last being "not mentioned" (default
        :data:`TEMPERATURE_SCALE`).

    Returns
    -------
    pandas.DataFrame
        Sorted by period, then term order as given. Columns (same when empty):

        ================ ======= =============================================================
        <by>             object  the period (``year`` by default; ``group`` for a function)
        term             object  canonical term
        count            int64   occurrences in the period
        n_docs           int64   documents in the period
        docs_with_term   int64   documents mentioning the term
        doc_share        float64 ``docs_with_term / n_docs``
        per_10k          float64 occurrences per 10,000 characters of the period
        tier             object  temperature label (沸 烫 热 暖 温 冷)
        tier_level       int64   5 (沸) … 0 (冷)
        ================ ======= =============================================================
    """
    from .aggregate import TrendAccumulator
    from .terms import matcher_for

    lex, explicit = _resolve_lexicon(terms, lexicon)
    # a term listed twice takes the place of its last mention
    order = {t: i for i, t in enumerate(explicit or sorted(t.term for t in lex))}
    key_name, groups = group_documents(corpus, by)
    matcher = matcher_for(_counting_lexicon(terms, lex, explicit, lexicon))
    only = None if explicit is None else frozenset(explicit)
    # the intermediate the batch runner keeps: per document its period, characters and counts
    acc = TrendAccumulator()
    for key, docs in groups:
        for doc in docs:
            per_term: dict[str, int] = {}
            for (term, _cat), c in _match_counts(doc.text, matcher, only=only).items():
                per_term[term] = per_term.get(term, 0) + c
            acc.add(key, len(doc.text), per_term.items())
    df = acc.frame(key_name, terms=sorted(order, key=order.__getitem__), scale=scale)
    if explicit is None and len(df):  # every lexicon term: most mentioned first in each period
        rank = {k: i for i, k in enumerate(dict.fromkeys(df[key_name]))}
        df = (df.assign(_g=df[key_name].map(rank))
              .sort_values(["_g", "count"], ascending=[True, False], kind="stable")
              .drop(columns="_g").reset_index(drop=True))
    return df


def trends_from_counts(
    n_docs: Mapping[Hashable, int],
    n_chars: Mapping[Hashable, int],
    count: Mapping[tuple[Hashable, str], int],
    docs: Mapping[tuple[Hashable, str], int],
    terms: Sequence[str],
    *,
    key_name: str = "year",
    scale: Sequence[Tier] = TEMPERATURE_SCALE,
) -> pd.DataFrame:
    """The :func:`trends` table from counts per period.

    :func:`trends` (from documents) and
    :class:`~policytext.extract.aggregate.TrendAccumulator` (the batch runner's per-document
    counts) both end here, so their tables agree by construction.

    Parameters
    ----------
    n_docs, n_chars
        Per period: documents and characters.
    count, docs
        Per ``(period, term)``: occurrences and documents mentioning the term (missing: 0).
    terms
        Terms to report, in row order; each gets a row for every period (zeros included).
    key_name
        Name of the period column.
    scale
        Temperature tiers, hottest first (default :data:`TEMPERATURE_SCALE`).

    Returns
    -------
    pandas.DataFrame
        The columns and dtypes of :func:`trends`; periods sorted when their keys are sortable,
        otherwise in order of first appearance in ``n_docs``.
    """
    import pandas as pd

    keys = list(n_docs)
    try:
        keys.sort()
    except TypeError:
        pass
    rows = []
    for key in keys:
        nd, nc = n_docs[key], n_chars.get(key, 0)
        for term in terms:
            c = count.get((key, term), 0)
            d = docs.get((key, term), 0)
            share = d / nd if nd else 0.0
            per = c * 10_000 / nc if nc else 0.0
            tier = tier_of(c, share, per, scale)
            rows.append((key, term, c, nd, d, share, per, tier.label, tier.level))
    df = pd.DataFrame(rows, columns=[key_name, *TREND_COLUMNS])
    return df.astype(table_dtypes(key_name, TREND_COLUMNS))


def temperature(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon,
    *,
    by: By = "year",
    lexicon: Lexicon | None = None,
    scale: Sequence[Tier] = TEMPERATURE_SCALE,
    wide: bool = False,
) -> pd.DataFrame:
    """Discourse temperature of terms per period.

    The same figures as :func:`trends`; with ``wide=True`` a table of tier labels, one row per
    term and one column per period (what a "thermometer" chart or a newsroom table shows).

    Parameters
    ----------
    corpus, terms, by, lexicon, scale
        As for :func:`trends`.
    wide
        Return the term × period table of labels instead of the long frame.

    Returns
    -------
    pandas.DataFrame
        Long form: the columns of :func:`trends`. Wide form: index ``term`` (object), one
        ``object`` column per period holding the tier label.
    """
    df = trends(corpus, terms, by=by, lexicon=lexicon, scale=scale)
    if not wide:
        return df
    key_name = _key_name(by)
    order = list(dict.fromkeys(df["term"]))
    out = df.pivot(index="term", columns=key_name, values="tier").reindex(order)
    out.columns.name = key_name
    return out


def first_last_seen(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon | None = None,
    *,
    by: By = "year",
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """First and last period (default: year) in which each term occurs.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    terms
        Terms to look for (default: every term of ``lexicon`` that occurs).
    by
        Docvar or function giving the period.
    lexicon
        Lexicon for categories, variants and the default term list (default: built-in).

    Returns
    -------
    pandas.DataFrame
        One row per term, sorted by ``first_seen`` then term; terms never seen have
        ``first_seen``/``last_seen`` None. Columns (same when empty):

        ========== ======= ===========================================================
        term       object  canonical term
        first_seen object  first period with ``count > 0`` (None if never)
        last_seen  object  last period with ``count > 0`` (None if never)
        n_seen     int64   periods with ``count > 0``
        n_groups   int64   periods in the corpus
        count      int64   total occurrences
        ========== ======= ===========================================================
    """
    import pandas as pd

    freq = term_frequency(corpus, terms, by=by, lexicon=lexicon, zeros=terms is not None)
    key_name = _key_name(by)
    n_groups = len(group_documents(corpus, by)[1])
    rows = []
    for term, sub in freq.groupby("term", sort=False):
        hit = sub[sub["count"] > 0]
        keys = list(hit[key_name])
        rows.append((term, keys[0] if keys else None, keys[-1] if keys else None, len(keys),
                     n_groups, int(sub["count"].sum())))
    rows.sort(key=lambda r: (r[1] is None, _sortable(r[1]), r[0]))
    dtypes = table_dtypes(None, SEEN_COLUMNS)
    cols = list(zip(*rows)) if rows else [()] * len(SEEN_COLUMNS)
    return pd.DataFrame({c: pd.Series(list(v), dtype=dtypes[c])
                         for c, v in zip(SEEN_COLUMNS, cols)})


def _sortable(value: Any) -> Any:
    return 0 if value is None else value
