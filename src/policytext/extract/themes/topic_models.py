"""Topic models over a corpus (:func:`topics`): NMF on TF-IDF or LDA on counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from ..stats import By, group_documents

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...tokenize import Tokenizer

def topics(
    corpus: Any,
    n_topics: int = 10,
    *,
    method: Literal["nmf", "lda"] = "nmf",
    top_n: int = 10,
    by: By = None,
    max_features: int | None = 5000,
    min_df: float | int = 2,
    max_df: float | int = 0.95,
    tokenizer: Tokenizer | None = None,
    analyzer: Callable[[str], list[str]] | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topic model over a corpus: NMF on TF-IDF (default) or LDA on counts.

    Parameters
    ----------
    corpus
        A Corpus or iterable of Documents (each document or group is one unit).
    n_topics
        Number of topics (at most the number of units).
    method
        ``"nmf"`` (scikit-learn NMF, nndsvda init; stable and good on long documents) or
        ``"lda"`` (LatentDirichletAllocation on raw counts).
    top_n
        Terms listed per topic.
    by
        Pool documents into units by docvar or function (as in :func:`themes`).
    max_features, min_df, max_df
        Vocabulary limits, as in scikit-learn (``min_df`` falls back to 1 for tiny corpora).
    tokenizer, analyzer
        As for :class:`PolicyVectorizer`.
    random_state
        Seed, for reproducible topics.

    Returns
    -------
    tuple of pandas.DataFrame
        ``topic_terms`` — columns ``topic`` (int64), ``term`` (object), ``weight`` (float64),
        ``rank`` (int64, 1 = strongest), ``top_n`` rows per topic;
        ``doc_topics`` — columns ``<key>`` (object: ``doc_id`` or the ``by`` name),
        ``topic`` (int64), ``weight`` (float64; each unit's weights sum to 1), one row per
        unit and topic.
    """
    import numpy as np
    import pandas as pd

    if method not in ("nmf", "lda"):
        raise ValueError(f"method must be 'nmf' or 'lda', not {method!r}")
    key_name, groups = group_documents(corpus, by)
    empty_terms = pd.DataFrame({"topic": pd.Series(dtype="int64"),
                                "term": pd.Series(dtype=object),
                                "weight": pd.Series(dtype="float64"),
                                "rank": pd.Series(dtype="int64")})
    empty_docs = pd.DataFrame({key_name: pd.Series(dtype=object),
                               "topic": pd.Series(dtype="int64"),
                               "weight": pd.Series(dtype="float64")})
    if not groups:
        return empty_terms, empty_docs
    texts = ["\n".join(d.text for d in docs) for _, docs in groups]
    keys = [k for k, _ in groups]
    n_units = len(texts)
    if min_df > 1 and isinstance(min_df, int) and n_units < 2 * min_df:
        min_df = 1
    if max_df < 1.0 and isinstance(max_df, float) and n_units < 5:
        max_df = 1.0
    from .vectorizer import PolicyVectorizer

    vec = PolicyVectorizer(
        tokenizer=tokenizer, analyzer=analyzer, use_idf=method == "nmf",
        norm="l2" if method == "nmf" else None, sublinear_tf=method == "nmf",
        min_df=min_df, max_df=max_df, max_features=max_features,
    )
    X = vec.fit_transform(texts)
    if X.shape[1] == 0:
        return empty_terms, empty_docs
    k = max(1, min(n_topics, n_units, X.shape[1]))
    if method == "nmf":
        from sklearn.decomposition import NMF

        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(n_components=k, random_state=random_state,
                                          learning_method="batch")
    W = model.fit_transform(X)
    H = model.components_
    features = vec.get_feature_names_out()
    trows = []
    for t in range(k):
        order = np.argsort(-H[t])[:top_n]
        for r, j in enumerate(order, start=1):
            trows.append((t, features[j], float(H[t, j]), r))
    sums = W.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    Wn = W / sums
    drows = [(keys[i], t, float(Wn[i, t])) for i in range(n_units) for t in range(k)]
    topic_terms = pd.DataFrame(trows, columns=["topic", "term", "weight", "rank"]).astype(
        {"topic": "int64", "term": object, "weight": "float64", "rank": "int64"})
    doc_topics = pd.DataFrame(drows, columns=[key_name, "topic", "weight"]).astype(
        {key_name: object, "topic": "int64", "weight": "float64"})
    return topic_terms, doc_topics
