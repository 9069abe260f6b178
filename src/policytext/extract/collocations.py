"""Co-occurrence of terms within sentences: collocation scores and a co-occurrence matrix.

Two ways to choose what co-occurs:

- ``terms`` given (strings or a Lexicon): terms are found on characters, leftmost-longest, as
  in :func:`~policytext.extract.terms.count_terms` — independent of segmentation;
- ``terms=None``: every filtered, lexicon-aware token (as for themes) seen ``min_count`` times.

A pair is counted once per sentence that holds both. Scores use sentences as the sample:
``pmi = log2(P(a,b) / (P(a) P(b)))`` and ``llr`` is Dunning's G² of the 2×2 sentence table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from ..corpus import as_documents
from ..lexicon import Lexicon, Term
from ..segment import sentences
from .measures import g2

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..tokenize import Tokenizer
    from .themes import PolicyAnalyzer

__all__ = ["COLLOCATION_COLUMNS", "collocations", "cooccurrence_matrix", "iter_sentences"]

COLLOCATION_COLUMNS = ("term_a", "term_b", "count", "count_a", "count_b", "pmi", "llr")

def iter_sentences(text: str) -> Iterator[str]:
    """Sentences of ``text`` (split after 。！？；, closing quotes kept, and at line breaks;
    see :func:`policytext.segment.sentences`)."""
    return (s.text for s in sentences(text))


def _sentence_sets(corpus: Any, terms: Iterable[str | Term] | Lexicon | None,
                   analyzer: PolicyAnalyzer | None, tokenizer: Tokenizer | None,
                   lexicon: Lexicon | None) -> list[frozenset[str]]:
    docs = as_documents(corpus)
    out: list[frozenset[str]] = []
    if terms is not None:
        from .stats import _resolve_lexicon
        from .terms import matcher_for

        lex, _ = _resolve_lexicon(terms, lexicon)
        matcher = matcher_for(lex)
        for doc in docs:
            for sent in iter_sentences(doc.text):
                out.append(frozenset(m.term for m in matcher.finditer(sent)))
        return out
    if analyzer is None:
        from .themes import PolicyAnalyzer

        analyzer = PolicyAnalyzer(tokenizer)
    for doc in docs:
        for sent in iter_sentences(doc.text):
            out.append(frozenset(analyzer(sent)))
    return out


def collocations(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon | None = None,
    *,
    method: Literal["pmi", "llr"] = "llr",
    min_count: int = 3,
    top_n: int | None = None,
    lexicon: Lexicon | None = None,
    analyzer: PolicyAnalyzer | None = None,
    tokenizer: Tokenizer | None = None,
) -> pd.DataFrame:
    """Pairs of terms that share sentences more often than chance.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    terms
        Terms to pair (found on characters); ``None`` pairs filtered tokens.
    method
        Sort key: ``"llr"`` (Dunning's G², default — reliable for rare events) or ``"pmi"``
        (favours rare, exclusive pairs; raise ``min_count`` with it).
    min_count
        Minimum sentences holding the pair (and, for ``terms=None``, holding each token).
    top_n
        Keep only the best ``top_n`` pairs.
    lexicon
        Where categories and variants of ``terms`` are looked up (default: built-in).
    analyzer, tokenizer
        Token filter for ``terms=None`` (default
        :class:`~policytext.extract.themes.PolicyAnalyzer`).

    Returns
    -------
    pandas.DataFrame
        Sorted by ``method`` descending. ``term_a < term_b`` in each row. Columns (same when
        empty):

        ======== ======= ====================================================
        term_a   object  first term of the pair
        term_b   object  second term
        count    int64   sentences holding both
        count_a  int64   sentences holding ``term_a``
        count_b  int64   sentences holding ``term_b``
        pmi      float64 pointwise mutual information, log2, over sentences
        llr      float64 log-likelihood ratio G² of the 2×2 sentence table
        ======== ======= ====================================================
    """
    import pandas as pd

    if method not in ("pmi", "llr"):
        raise ValueError(f"method must be 'pmi' or 'llr', not {method!r}")
    sets = _sentence_sets(corpus, terms, analyzer, tokenizer, lexicon)
    n = len(sets)
    single: Counter[str] = Counter()
    for s in sets:
        single.update(s)
    if terms is None:
        keep = {t for t, c in single.items() if c >= min_count}
        sets = [frozenset(x for x in s if x in keep) for s in sets]
    pairs: Counter[tuple[str, str]] = Counter()
    for s in sets:
        if len(s) > 1:
            pairs.update(combinations(sorted(s), 2))
    import numpy as np

    kept = [(a, b, k) for (a, b), k in pairs.items() if k >= min_count]
    k11 = np.array([k for _, _, k in kept], dtype=np.float64)
    ca = np.array([single[a] for a, _, _ in kept], dtype=np.float64)
    cb = np.array([single[b] for _, b, _ in kept], dtype=np.float64)
    llr = g2(k11, ca - k11, cb - k11, n - ca - cb + k11) if kept else []
    rows = [(a, b, k, single[a], single[b], math.log2(k * n / (single[a] * single[b])), float(g))
            for (a, b, k), g in zip(kept, llr)]
    key = 5 if method == "pmi" else 6
    rows.sort(key=lambda r: (-r[key], -r[2], r[0], r[1]))
    if top_n is not None:
        rows = rows[:top_n]
    df = pd.DataFrame(rows, columns=list(COLLOCATION_COLUMNS))
    return df.astype({"term_a": object, "term_b": object, "count": "int64", "count_a": "int64",
                      "count_b": "int64", "pmi": "float64", "llr": "float64"})


def cooccurrence_matrix(
    corpus: Any,
    terms: Iterable[str | Term] | Lexicon | None = None,
    *,
    top_n: int = 30,
    lexicon: Lexicon | None = None,
    analyzer: PolicyAnalyzer | None = None,
    tokenizer: Tokenizer | None = None,
) -> pd.DataFrame:
    """Square matrix of sentence co-occurrence counts.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    terms
        The rows/columns, in this order (found on characters; terms never seen stay, with
        zeros). ``None``: the ``top_n`` tokens in most sentences.
    top_n
        Size of the matrix when ``terms`` is None.
    lexicon, analyzer, tokenizer
        As for :func:`collocations`.

    Returns
    -------
    pandas.DataFrame
        int64 counts; index and columns are the terms (index name ``term``). Cell ``[a, b]``
        is the number of sentences holding both; the diagonal is the number of sentences
        holding the term. Empty (0 × 0) when there is nothing to show.
    """
    import numpy as np
    import pandas as pd

    sets = _sentence_sets(corpus, terms, analyzer, tokenizer, lexicon)
    single: Counter[str] = Counter()
    for s in sets:
        single.update(s)
    if terms is not None:
        from .stats import _resolve_lexicon

        _, names = _resolve_lexicon(terms, lexicon)
        names = list(dict.fromkeys(names or []))
    else:
        names = [t for t, _ in sorted(single.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]]
    index = {t: i for i, t in enumerate(names)}
    mat = np.zeros((len(names), len(names)), dtype=np.int64)
    for s in sets:
        idx = sorted(index[t] for t in s if t in index)
        for i in idx:
            mat[i, i] += 1
        for i, j in combinations(idx, 2):
            mat[i, j] += 1
            mat[j, i] += 1
    df = pd.DataFrame(mat, index=pd.Index(names, name="term", dtype=object),
                      columns=pd.Index(names, dtype=object))
    return df
