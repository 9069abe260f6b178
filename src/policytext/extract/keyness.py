"""Keyness: which words characterise one part of a corpus against another.

Tokens are lexicon-aware (a multi-character party term is one token, so 供给侧结构性改革 is
compared as a whole) and filtered as for themes (stopwords, numbers, function words). For each
token the 2×2 table (token vs. other tokens, target vs. reference) gives Dunning's
log-likelihood G², Pearson's χ², Hardie's log ratio and the p-value of G² (χ² with 1 df).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_documents
from ..lexicon import Lexicon

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..tokenize import Tokenizer
    from .themes import PolicyAnalyzer

__all__ = ["KEYNESS_COLUMNS", "keyness", "keyness_from_counts", "select_documents"]

KEYNESS_COLUMNS = ("term", "count_target", "count_reference", "g2", "chi2", "log_ratio",
                   "p_value", "direction", "category")

Selector = Callable[[Document], bool] | Mapping[str, Any] | Iterable[str]


def _matches(value: Any, wanted: Any) -> bool:
    if callable(wanted):
        return bool(wanted(value))
    if isinstance(wanted, (str, bytes)) or not isinstance(wanted, Iterable):
        return value == wanted
    return value in set(wanted) if not isinstance(wanted, range) else value in wanted


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
    if isinstance(selector, str):
        ids = {selector}
    else:
        ids = {str(x) for x in selector}
    return lambda doc: doc.doc_id in ids


def select_documents(corpus: Any, selector: Selector) -> list[Document]:
    """Documents chosen by a predicate, a docvar query or a list of doc_ids.

    A query maps docvar names to a value, a collection (``range(2013, 2023)``, a list, a set)
    or a predicate on the value: ``{"year": range(2013, 2023), "genre": "政府工作报告"}``.
    Documents lacking a queried docvar are not selected.
    """
    pred = _predicate(selector)
    return [d for d in as_documents(corpus) if pred(d)]


def _xlogx_ratio(o: float, e: float) -> float:
    return o * math.log(o / e) if o > 0 and e > 0 else 0.0


def _stats(a: int, b: int, n1: int, n2: int) -> tuple[float, float, float, float]:
    """(g2, chi2, log_ratio, p_value) for a token seen a times in n1 and b times in n2."""
    n = n1 + n2
    c, d = n1 - a, n2 - b
    k = a + b
    e1, e2 = n1 * k / n, n2 * k / n
    e3, e4 = n1 * (n - k) / n, n2 * (n - k) / n
    g2 = 2.0 * (_xlogx_ratio(a, e1) + _xlogx_ratio(b, e2) + _xlogx_ratio(c, e3)
                + _xlogx_ratio(d, e4))
    # G² >= 0 in exact arithmetic; rounding makes it slightly negative when the observed
    # counts equal the expected ones (math.sqrt below would raise): clamp at 0
    g2 = max(g2, 0.0)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    chi2 = n * (a * d - b * c) ** 2 / denom if denom else 0.0
    log_ratio = math.log2(((a + 0.5) / n1) / ((b + 0.5) / n2)) if n1 and n2 else 0.0
    p = math.erfc(math.sqrt(g2 / 2.0))  # survival function of chi-squared with 1 df
    return g2, chi2, log_ratio, p


def keyness(
    corpus: Any,
    target: Selector,
    reference: Selector | None = None,
    *,
    min_count: int = 3,
    terms_only: bool = False,
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
        ``{"year": range(2013, 2023)}``, or a list of doc_ids.
    reference
        The comparison documents, chosen the same way; default: every document not in
        ``target``. A document in both is counted only in the target.
    min_count
        Tokens with fewer occurrences in target and reference together are left out.
    terms_only
        Keep only lexicon terms in the result (the statistics still use every token). Over
        decades of reports the top of a G² list is dominated by frequent ordinary words
        whose use shifted (创新, 推动, 提升); this shows the formulations (提法).
    analyzer
        Token filter (default :class:`~policytext.extract.themes.PolicyAnalyzer`; pass one
        with ``nested=True`` to count 四个全面 inside 四个全面战略布局 too).
    tokenizer
        Tokenizer for the default analyzer (default: built-in lexicon).

    Returns
    -------
    pandas.DataFrame
        Sorted by signed G² (tokens over-used in the target first, those over-used in the
        reference last). Columns (same when empty):

        =============== ======= ===========================================================
        term            object  token (canonical form of lexicon terms)
        count_target    int64   occurrences in the target documents
        count_reference int64   occurrences in the reference documents
        g2              float64 log-likelihood G² (always >= 0)
        chi2            float64 Pearson χ² of the same 2×2 table
        log_ratio       float64 log2 of the ratio of relative frequencies (0.5 added to
                                both counts, so tokens absent on one side stay finite)
        p_value         float64 P(χ²₁ >= G²)
        direction       object  ``"target"`` or ``"reference"``: where the token is
                                relatively more frequent
        category        object  lexicon category of the token, None if not a lexicon term
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
    tgt_ids = {d.doc_id for d in tgt}
    if reference is None:
        ref = [d for d in docs if d.doc_id not in tgt_ids]
    else:
        pred_r = _predicate(reference)
        ref = [d for d in docs if d.doc_id not in tgt_ids and pred_r(d)]
    if analyzer is None:
        analyzer = PolicyAnalyzer(tokenizer)
    ct: Counter[str] = Counter()
    cr: Counter[str] = Counter()
    for d in tgt:
        ct.update(analyzer(d.text))
    for d in ref:
        cr.update(analyzer(d.text))
    return keyness_from_counts(ct, cr, min_count=min_count, terms_only=terms_only,
                               lexicon=getattr(getattr(analyzer, "tokenizer", None), "lexicon",
                                               None))


def keyness_from_counts(
    target_counts: Mapping[str, int],
    reference_counts: Mapping[str, int],
    *,
    min_count: int = 3,
    terms_only: bool = False,
    lexicon: Lexicon | None = None,
) -> pd.DataFrame:
    """:func:`keyness` from token counts already made (e.g. by a batch run).

    Parameters
    ----------
    target_counts, reference_counts
        Token → occurrences in the target and reference documents.
    min_count, terms_only
        As for :func:`keyness`.
    lexicon
        Gives the ``category`` column (default: the built-in lexicon).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`keyness`.
    """
    import pandas as pd

    if lexicon is None:
        lexicon = Lexicon.builtin()
    n1, n2 = sum(target_counts.values()), sum(reference_counts.values())
    rows = []
    if n1 and n2:
        for term in target_counts.keys() | reference_counts.keys():
            a, b = target_counts.get(term, 0), reference_counts.get(term, 0)
            if a + b < min_count:
                continue
            entry = lexicon.get(term)
            if terms_only and entry is None:
                continue
            g2, chi2, lr, p = _stats(a, b, n1, n2)
            direction = "target" if a / n1 >= b / n2 else "reference"
            rows.append((term, a, b, g2, chi2, lr, p, direction,
                         entry.category if entry is not None else None))
    rows.sort(key=lambda r: (-(r[3] if r[7] == "target" else -r[3]), r[0]))
    df = pd.DataFrame(rows, columns=list(KEYNESS_COLUMNS))
    return df.astype({"term": object, "count_target": "int64", "count_reference": "int64",
                      "g2": "float64", "chi2": "float64", "log_ratio": "float64",
                      "p_value": "float64", "direction": object, "category": object})
