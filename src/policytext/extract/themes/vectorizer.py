"""The scikit-learn vectorizer of themes (:class:`PolicyVectorizer`).

This module imports scikit-learn (1.2-1.8 s), so the themes package loads it only when
``PolicyVectorizer`` or :func:`~policytext.extract.themes.topics` is used: the batch workers,
which need only the analyzer, never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

from sklearn.base import BaseEstimator, TransformerMixin

from ...corpus import Document
from .analyzer import PolicyAnalyzer
from .idf import load_idf

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse

    from ...tokenize import Tokenizer


def _texts(raw_documents: Any) -> list[str]:
    if isinstance(raw_documents, (str, Document)):
        raise TypeError("expected an iterable of str or Document, not a single "
                        f"{type(raw_documents).__name__}; wrap it in a list")
    return [d.text if isinstance(d, Document) else str(d) for d in raw_documents]


class PolicyVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF (or count) vectorizer on lexicon-aware, filtered tokens.

    A scikit-learn transformer: parameters are only stored by ``__init__``; ``fit`` learns
    ``vocabulary_`` and ``idf_``; ``transform`` returns a ``scipy.sparse.csr_matrix``. It
    accepts strings or :class:`~policytext.corpus.Document` objects and pickles (the tokenizer
    engine is rebuilt after unpickling).

    Parameters
    ----------
    tokenizer
        A :class:`~policytext.tokenize.Tokenizer` (default: built-in lexicon).
    analyzer
        A callable text → tokens (default: :class:`PolicyAnalyzer` on ``tokenizer``).
    use_idf
        Multiply counts by IDF.
    idf
        ``"corpus"`` (learned in ``fit``, smoothed like scikit-learn) or ``"builtin"``
        (the shipped table; ``fit`` only learns the vocabulary).
    sublinear_tf
        Replace ``tf`` by ``1 + ln(tf)``.
    norm
        ``"l2"``, ``"l1"`` or ``None``.
    min_df, max_df, max_features
        As in :class:`sklearn.feature_extraction.text.CountVectorizer`.
    binary
        Count presence instead of occurrences.
    dtype
        Dtype of the matrix.

    Attributes
    ----------
    vocabulary_ : dict
        Token → column index.
    idf_ : numpy.ndarray
        IDF per column (ones when ``use_idf=False``).
    analyzer_ : callable
        The analyzer used.

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> from policytext.tokenize import Tokenizer
    >>> from policytext.extract.themes import PolicyVectorizer
    >>> vec = PolicyVectorizer(tokenizer=Tokenizer(Lexicon.from_terms(["三高四新"])))
    >>> X = vec.fit_transform(["实施三高四新战略", "推进乡村振兴"])
    >>> X.shape[0], "三高四新" in vec.get_feature_names_out()
    (2, True)
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        analyzer: Callable[[str], list[str]] | None = None,
        use_idf: bool = True,
        idf: Literal["corpus", "builtin"] = "corpus",
        sublinear_tf: bool = False,
        norm: Literal["l2", "l1"] | None = "l2",
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        binary: bool = False,
        dtype: Any = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.analyzer = analyzer
        self.use_idf = use_idf
        self.idf = idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.binary = binary
        self.dtype = dtype

    def _analyzer(self) -> Callable[[str], list[str]]:
        if self.analyzer is not None:
            return self.analyzer
        return PolicyAnalyzer(self.tokenizer)

    def _counter(self):
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            analyzer=self.analyzer_, min_df=self.min_df, max_df=self.max_df,
            max_features=self.max_features, binary=self.binary, dtype=self.dtype or np.float64,
        )

    def fit(self, raw_documents: Iterable[str | Document], y: Any = None) -> Any:
        """Learn the vocabulary (and IDF) from ``raw_documents``."""
        self._fit(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str | Document], y: Any = None
                      ) -> scipy.sparse.csr_matrix:
        """Learn the vocabulary and IDF, return the document-term matrix."""
        counts = self._fit(raw_documents)
        return self._weight(counts)

    def _fit(self, raw_documents: Any):
        import numpy as np

        if self.idf not in ("corpus", "builtin"):
            raise ValueError(f"idf must be 'corpus' or 'builtin', not {self.idf!r}")
        if self.norm not in ("l2", "l1", None):
            raise ValueError(f"norm must be 'l2', 'l1' or None, not {self.norm!r}")
        texts = _texts(raw_documents)
        self.analyzer_ = self._analyzer()
        cv = self._counter()
        counts = cv.fit_transform(texts).tocsr()
        self.vocabulary_ = dict(cv.vocabulary_)
        self._features = np.asarray(cv.get_feature_names_out(), dtype=object)
        n_docs = counts.shape[0]
        if not self.use_idf:
            self.idf_ = np.ones(len(self.vocabulary_))
        elif self.idf == "builtin":
            table = load_idf()
            self.idf_ = np.array([table[t] for t in self._features], dtype=np.float64)
        else:
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            self.idf_ = np.log((1 + n_docs) / (1 + df)) + 1.0
        return counts

    def _weight(self, counts):
        import numpy as np
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        X = counts.astype(self.dtype or np.float64, copy=True).tocsr()
        if self.sublinear_tf:
            np.log(X.data, out=X.data)
            X.data += 1.0
        if self.use_idf:
            X = X @ sp.diags(self.idf_)
        X = sp.csr_matrix(X)
        if self.norm is not None:
            X = normalize(X, norm=self.norm, copy=False)
        return X

    def transform(self, raw_documents: Iterable[str | Document]) -> scipy.sparse.csr_matrix:
        """Document-term matrix of ``raw_documents`` on the fitted vocabulary."""
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        cv = CountVectorizer(analyzer=self.analyzer_, vocabulary=self.vocabulary_,
                             binary=self.binary, dtype=self.dtype or float)
        return self._weight(cv.transform(_texts(raw_documents)).tocsr())

    def get_feature_names_out(self, input_features: Any = None):
        """Tokens, in column order (a numpy object array)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        return self._features.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
