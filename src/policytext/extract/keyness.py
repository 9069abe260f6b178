"""Keyness: which words characterise one part of a corpus against another.

Tokens are lexicon-aware (a multi-character party term is one token, so 供给侧结构性改革 is
compared as a whole) and filtered as for themes (stopwords, numbers, function words). For each
token the 2×2 table (token vs. other tokens, target vs. reference) gives Dunning's
log-likelihood G², Pearson's χ², Hardie's log ratio and the p-value of G² (χ² with 1 df).

The table is ranked, by default, the way Hardie (2014) recommends: G² decides whether a
difference is significant, the log ratio (an effect size) decides how key the token is. G² alone
mixes the two and ranks frequent words whose share moved a little above rarer words that are
new; see ``docs/keyness.md`` for the measurements behind the default.

Every statistic is a function of the two counts, so tokens with the same counts tie exactly.
Ties are broken by dispersion in the target: the number of target documents the token occurs
in (the ``target_docs`` column), more first — a term used in eight reports is more
characteristic of the period than one used as often in a single report (Gries 2008; Egbert &
Biber 2019 make dispersion the keyness measure itself, here it only breaks ties) — and only
then by term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_documents, require_docvar
from ..errors import InputError
from ..lexicon import Lexicon
from .measures import keyness_measures

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..tokenize import Tokenizer
    from .themes import PolicyAnalyzer

__all__ = ["KEYNESS_COLUMNS", "KEYNESS_SORTS", "keyness", "keyness_from_counts", "select_documents"]

KEYNESS_COLUMNS = ("term", "count_target", "count_reference", "g2", "chi2", "log_ratio",
                   "p_value", "direction", "category", "target_docs")

#: Ranking orders accepted by ``sort=``.
KEYNESS_SORTS = ("log_ratio", "g2")

Selector = Callable[[Document], bool] | Mapping[str, Any] | Iterable[str]


def _same(value: Any, wanted: Any) -> bool:
    """Equality that does not let ``"2024"`` (a docvar read from a CSV) miss ``2024``."""
    if value == wanted:
        return True
    if isinstance(value, str) != isinstance(wanted, str):
        return str(value).strip() == str(wanted).strip()
    return False


def _matches(value: Any, wanted: Any) -> bool:
    if callable(wanted):
        return bool(wanted(value))
    if isinstance(wanted, (str, bytes)) or not isinstance(wanted, Iterable):
        return _same(value, wanted)
    if isinstance(wanted, range):
        return value in wanted or (isinstance(value, str) and value.strip().lstrip("-").isdigit()
                                   and int(value) in wanted)
    return any(_same(value, w) for w in wanted)


def _predicate(selector: Selector) -> Callable[[Document], bool]:
    if callable(selector) and not isinstance(selector, Mapping):
        return selector  # type: ignore[return-value]
    if isinstance(selector, Mapping):
        query = dict(selector)

        def by_docvars(doc: Document) -> bool:
            for k, wanted in query.items():
                value = doc.doc_id if k == "doc_id" else doc.meta.get(k)
                if value is None or not _matches(value, wanted):
                    return False
            return True

        return by_docvars
    if isinstance(selector, str) or not isinstance(selector, Iterable):
        ids = {str(selector)}  # a scalar means a one-element list of doc_ids
    else:
        ids = {str(x) for x in selector}
    return lambda doc: doc.doc_id in ids


def _check_selection(docs: list[Document], chosen: list[Document], selector: Selector,
                     argument: str) -> None:
    """An empty side is a mistake in the selector: say what the corpus holds instead."""
    if isinstance(selector, Mapping):
        for key in selector:
            if key != "doc_id":
                require_docvar(docs, key, argument=f"{argument} key")
    if chosen or not docs:
        return
    if isinstance(selector, Mapping):
        present = "; ".join(
            f"{k} values present: "
            + ", ".join(map(str, sorted({str(d.doc_id if k == "doc_id" else d.meta.get(k))
                                          for d in docs})[:12]))
            for k in selector)
    elif callable(selector):
        present = "the predicate returned False for every document"
    else:
        present = "doc_ids present: " + ", ".join(d.doc_id for d in docs[:12])
    raise InputError(f"{argument} {selector!r} selects no document ({present}); a docvar "
                     "query looks like {'year': 2024} or {'year': range(2013, 2023)}")


def select_documents(corpus: Any, selector: Selector) -> list[Document]:
    """Documents chosen by a predicate, a docvar query or a list of doc_ids.

    A query maps docvar names to a value, a collection (``range(2013, 2023)``, a list, a set)
    or a predicate on the value: ``{"year": range(2013, 2023), "genre": "政府工作报告"}``.
    Documents lacking a queried docvar are not selected.
    """
    pred = _predicate(selector)
    return [d for d in as_documents(corpus) if pred(d)]


def keyness(
    corpus: Any,
    target: Selector,
    reference: Selector | None = None,
    *,
    min_count: int = 3,
    terms_only: bool = False,
    sort: str = "log_ratio",
    max_p: float | None = 0.01,
    bonferroni: bool = False,
    analyzer: PolicyAnalyzer | None = None,
    tokenizer: Tokenizer | None = None,
) -> pd.DataFrame:
    """Keywords of ``target`` against ``reference`` (Dunning's G², χ², log ratio).

    Parameters
    ----------
    corpus
        A Corpus or iterable of Documents.
    target
        The documents studied: a predicate ``Document -> bool``, a docvar query such as
        ``{"year": range(2013, 2023)}`` (a scalar value is a one-element list; ``"2024"``
        matches ``2024``), or a list of doc_ids (a single doc_id is a one-element list).
    reference
        The comparison documents, chosen the same way; default: every document not in
        ``target``. A document in both is counted only in the target.
    min_count
        Tokens with fewer occurrences in target and reference together are left out.
    terms_only
        Keep only lexicon terms in the result (the statistics still use every token). Over
        decades of reports the top of a G² list is dominated by frequent ordinary words
        whose use shifted (创新, 推动, 提升); this shows the formulations (提法).
    sort
        ``"log_ratio"`` (default): significance filter, then effect size (Hardie 2014). Tokens
        whose G² is significant at ``max_p`` come first, by log ratio; then the tokens with no
        significant difference (still by log ratio), so the middle of the table holds the
        tokens used alike on both sides and the rows over-used in the reference end it, most
        negative log ratio last. No row is dropped. ``"g2"``: by signed G² (target side by G²
        descending, then the reference side by G² ascending), the former default.
    max_p
        Significance level of the G² filter for ``sort="log_ratio"`` (default 0.01, G² >=
        6.63); None ranks every token by log ratio alone. Ignored by ``sort="g2"``.
    bonferroni
        Divide ``max_p`` by the number of tokens compared (those meeting ``min_count``,
        before ``terms_only``) — a family-wise level. Off by default: the number of tokens
        compared depends on how the counts were made (a batch run passes only the candidate
        tokens of each year), so a corrected level would differ between the two paths.
    analyzer
        Token filter (default :class:`~policytext.extract.themes.PolicyAnalyzer`; pass one
        with ``nested=True`` to count 四个全面 inside 四个全面战略布局 too).
    tokenizer
        Tokenizer for the default analyzer (default: built-in lexicon).

    Raises
    ------
    policytext.errors.InputError
        When ``target`` or ``reference`` selects no document, when the target takes every
        document and no reference is left, or when a query names a docvar the documents do
        not have; the message lists what the corpus holds.

    Returns
    -------
    pandas.DataFrame
        Sorted as ``sort`` says: tokens over-used in the target first, those over-used in the
        reference last. Rows equal on the sort key (tokens with the same counts have the same
        statistics) by ``target_docs`` descending, then by term. Columns (same when empty):

        =============== ======= ===========================================================
        term            object  token (canonical form of lexicon terms)
        count_target    int64   occurrences in the target documents
        count_reference int64   occurrences in the reference documents
        g2              float64 log-likelihood G² (always >= 0)
        chi2            float64 Pearson χ² of the same 2×2 table
        log_ratio       float64 Hardie's log ratio: log2 of the ratio of relative
                                frequencies, 0.5 added to both counts (the zero-frequency
                                correction, so tokens absent on one side stay finite); +1
                                means twice as frequent in the target
        p_value         float64 P(χ²₁ >= G²)
        direction       object  ``"target"`` or ``"reference"``: where the token is
                                relatively more frequent
        category        object  lexicon category of the token, None if not a lexicon term
        target_docs     Int64   number of target documents the token occurs in (its
                                dispersion in the target; breaks ties)
        =============== ======= ===========================================================

    Examples
    --------
    >>> from policytext.corpus import Corpus
    >>> c = Corpus.from_texts(["推进乡村振兴。" * 5, "发展农业生产。" * 5],
    ...                       doc_ids=["new", "old"], clean=False)
    >>> keyness(c, ["new"], min_count=1).iloc[0]["term"]
    '乡村振兴'
    """

    from .themes import PolicyAnalyzer

    docs = as_documents(corpus)
    pred_t = _predicate(target)
    tgt = [d for d in docs if pred_t(d)]
    _check_selection(docs, tgt, target, "target")
    tgt_ids = {d.doc_id for d in tgt}
    if reference is None:
        ref = [d for d in docs if d.doc_id not in tgt_ids]
        if not ref and docs:
            raise InputError(f"target {target!r} selects every document ({len(docs)}): "
                             "nothing is left to compare against; narrow the target or "
                             "pass reference=")
    else:
        pred_r = _predicate(reference)
        ref = [d for d in docs if d.doc_id not in tgt_ids and pred_r(d)]
        _check_selection([d for d in docs if d.doc_id not in tgt_ids], ref, reference,
                         "reference")
    if analyzer is None:
        analyzer = PolicyAnalyzer(tokenizer)
    ct: Counter[str] = Counter()
    cr: Counter[str] = Counter()
    dt: Counter[str] = Counter()  # target documents each token occurs in
    for d in tgt:
        tokens = analyzer(d.text)
        ct.update(tokens)
        dt.update(set(tokens))
    for d in ref:
        cr.update(analyzer(d.text))
    return keyness_from_counts(ct, cr, min_count=min_count, terms_only=terms_only, sort=sort,
                               max_p=max_p, bonferroni=bonferroni,
                               lexicon=getattr(getattr(analyzer, "tokenizer", None), "lexicon",
                                               None),
                               target_docs=dt)


def keyness_from_counts(
    target_counts: Mapping[str, int],
    reference_counts: Mapping[str, int],
    *,
    min_count: int = 3,
    terms_only: bool = False,
    sort: str = "log_ratio",
    max_p: float | None = 0.01,
    bonferroni: bool = False,
    lexicon: Lexicon | None = None,
    target_docs: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """:func:`keyness` from token counts already made (e.g. by a batch run).

    Parameters
    ----------
    target_counts, reference_counts
        Token → occurrences in the target and reference documents.
    min_count, terms_only, sort, max_p, bonferroni
        As for :func:`keyness`.
    lexicon
        Gives the ``category`` column (default: the built-in lexicon).
    target_docs
        Token → number of target documents it occurs in (a token missing counts 0). Fills the
        ``target_docs`` column and breaks ties as in :func:`keyness`. None (default): counts
        without documents; the column is ``<NA>`` and ties are ordered by term alone.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`keyness`, in its order.
    """
    import numpy as np
    import pandas as pd

    if sort not in KEYNESS_SORTS:
        raise ValueError(f"sort must be one of {', '.join(map(repr, KEYNESS_SORTS))}, "
                         f"not {sort!r}")
    if max_p is not None and not 0.0 <= max_p <= 1.0:
        raise ValueError(f"max_p must be between 0 and 1 or None, not {max_p!r}")
    if lexicon is None:
        lexicon = Lexicon.builtin()
    n1, n2 = sum(target_counts.values()), sum(reference_counts.values())
    dtypes = {"term": object, "count_target": "int64", "count_reference": "int64",
              "g2": "float64", "chi2": "float64", "log_ratio": "float64", "p_value": "float64",
              "direction": object, "category": object, "target_docs": "Int64"}
    if not (n1 and n2):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    # Vectorised over the vocabulary (a batch run compares tens of thousands of tokens per
    # year); _stats is the same arithmetic for one token.
    terms = list(target_counts.keys() | reference_counts.keys())
    a = np.fromiter(map(target_counts.get, terms, repeat(0)), dtype=np.int64, count=len(terms))
    b = np.fromiter(map(reference_counts.get, terms, repeat(0)), dtype=np.int64, count=len(terms))
    keep = (a + b) >= min_count
    compared = int(keep.sum())
    entries = [lexicon.get(t) for t, k in zip(terms, keep.tolist()) if k]
    terms = [t for t, k in zip(terms, keep.tolist()) if k]
    a, b = a[keep], b[keep]
    if terms_only:
        is_term = np.fromiter((e is not None for e in entries), dtype=bool, count=len(entries))
        terms = [t for t, k in zip(terms, is_term.tolist()) if k]
        entries = [e for e in entries if e is not None]
        a, b = a[is_term], b[is_term]
    g2, chi2, lr, p = keyness_measures(a, b, n1, n2)
    target_side = (a / n1) >= (b / n2)
    docs = (None if target_docs is None
            else np.fromiter(map(target_docs.get, terms, repeat(0)), dtype=np.int64, count=len(terms)))
    # tie-breaker: more target documents first (at the reference end too: a token used in more
    # target documents is less characteristic of the reference, so it ends higher)
    spread = -docs if docs is not None else np.zeros(len(terms), dtype=np.int64)
    term_rank = np.empty(len(terms), dtype=np.int64)
    term_rank[np.asarray(sorted(range(len(terms)), key=terms.__getitem__), dtype=np.int64)] = (
        np.arange(len(terms), dtype=np.int64))
    if sort == "g2":
        order = np.lexsort((term_rank, spread, -np.where(target_side, g2, -g2)))
    else:
        level = max_p if max_p is not None else 1.0
        if bonferroni and compared:
            level /= compared
        # 0: significantly over-used in the target, 1: target-leaning but not significant,
        # 2: reference-leaning, not significant, 3: significantly over-used in the reference —
        # so the table reads from most target-key to most reference-key
        significant = p <= level
        block = np.where(target_side, np.where(significant, 0, 1), np.where(significant, 3, 2))
        order = np.lexsort((term_rank, spread, -lr, block))
    idx = order.tolist()
    df = pd.DataFrame({
        "term": [terms[i] for i in idx],
        "count_target": a[order],
        "count_reference": b[order],
        "g2": g2[order],
        "chi2": chi2[order],
        "log_ratio": lr[order],
        "p_value": p[order],
        "direction": np.where(target_side[order], "target", "reference").astype(object),
        "category": [entries[i].category if entries[i] is not None else None for i in idx],
        "target_docs": pd.array(docs[order] if docs is not None else [None] * len(idx), dtype="Int64"),
    })
    return df.astype(dtypes)

