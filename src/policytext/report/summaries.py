"""Summaries of the occurrence tables, from one frame or from chunks, and the corpus shape
they imply (which sections a report has)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Lexicon categories left out of the formulations sections: institutions, meetings and
#: document types (省委, 国务院, 政府工作报告) are named everywhere and formulate nothing.
NOT_FORMULATIONS = ("organ", "meeting", "doctype")
_SENTENCE_MARKS = frozenset("，。！？；：,.!?;")


def is_formulation(term: Any) -> bool:
    """Whether a quoted or extracted item reads as a formulation (提法) rather than a quoted
    sentence or a quoted character (惠“边”, 强“边”): 2 to 16 characters, with no sentence
    punctuation."""
    text = str(term)
    return 2 <= len(text) <= 16 and not _SENTENCE_MARKS.intersection(text)


TERM_SUMMARY_COLUMNS = ("term", "count", "n_docs", "category", "per_10k")
#: Columns of :func:`slogan_summary` (those of the input it has).
SLOGAN_SUMMARY_COLUMNS = ("term", "count", "n_docs", "kind", "category", "sentence", "quoted")


def _summary(
    frames: pd.DataFrame | Iterable[pd.DataFrame],
    sums: Mapping[str, str],
    firsts: Sequence[str],
    means: Mapping[str, str],
) -> pd.DataFrame:
    """Per term, over a table given whole or in chunks (in table order, each document's rows
    together): ``sums`` (output column → ``"size"`` for the rows, or the column summed),
    ``n_docs`` (distinct documents), the first non-null value of each of ``firsts``, and the
    mean of each of ``means`` (output column → column). Terms in order of first appearance,
    as ``groupby(sort=False)`` of the whole table gives them."""
    import pandas as pd

    partials = []
    open_doc: Any = None  # the document the last chunk ended in, and its terms so far
    open_terms: set[str] = set()
    overlap: dict[str, int] = {}  # (term, document) pairs counted in two chunks
    for chunk in [frames] if isinstance(frames, pd.DataFrame) else frames:
        if chunk.empty:
            continue
        g = chunk.groupby("term", sort=False)
        part = pd.DataFrame({"n_rows": g.size()})
        for column in dict.fromkeys(c for c in (*sums.values(), *means.values()) if c != "size"):
            if column in chunk:
                part[f"sum:{column}"] = g[column].sum()
                part[f"n:{column}"] = g[column].count()  # a mean skips missing values
        for column in firsts:
            if column in chunk:
                part[column] = g[column].first()
        if "doc_id" in chunk:
            part["n_docs"] = g["doc_id"].nunique()
            docs = chunk["doc_id"]
            here = set(chunk.loc[docs == open_doc, "term"]) if docs.iloc[0] == open_doc else set()
            for term in open_terms & here:
                overlap[term] = overlap.get(term, 0) + 1
            last = docs.iloc[-1]
            if last == open_doc:
                open_terms |= here
            else:
                open_doc, open_terms = last, set(chunk.loc[docs == last, "term"])
        partials.append(part)
    columns = ["term", *sums, "n_docs", *firsts, *means]
    if not partials:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    both = pd.concat(partials)
    g = both.groupby(level=0, sort=False)
    out = pd.DataFrame(index=g.size().index)
    n_rows = g["n_rows"].sum()
    for name, column in sums.items():
        if column == "size":
            out[name] = n_rows
        elif f"sum:{column}" in both:
            out[name] = g[f"sum:{column}"].sum()
    if "n_docs" in both:
        out["n_docs"] = g["n_docs"].sum() - pd.Series(overlap, dtype="int64").reindex(
            out.index, fill_value=0)
    for column in firsts:
        if column in both:
            out[column] = g[column].first()
    for name, column in means.items():
        if f"sum:{column}" in both:
            out[name] = g[f"sum:{column}"].sum() / g[f"n:{column}"].sum()
    out.index.name = "term"
    return out.reset_index()[[c for c in columns if c in out.columns or c == "term"]]


def term_summary(terms: pd.DataFrame | Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The terms section's table from the ``terms`` table (whole, or in chunks in table order):
    per term its ``count`` (sum), ``n_docs``, ``category`` (first) and ``per_10k``: the mean,
    over the ``n_docs`` documents that have the term, of each document's rate (the sum of its
    rows' rates). The mean over a whole corpus of ``n`` documents, those without the term
    counted as 0, is ``per_10k * n_docs / n`` (:func:`corpus_rate`). In order of first
    appearance."""
    out = _summary(terms, {"count": "count", "per_10k": "per_10k"}, ["category"], {})
    if "per_10k" in out:  # the rates' sum, per document that has the term
        out["per_10k"] = out["per_10k"] / out["n_docs"]
    return out[[c for c in TERM_SUMMARY_COLUMNS if c in out]]


def corpus_rate(summary: pd.DataFrame, n_documents: int) -> pd.Series:
    """``per_10k`` of a :func:`term_summary` averaged over all ``n_documents`` of the corpus,
    the documents without the term counted as 0 (a term in 3 of 31 documents is not shown at
    the rate it has where it occurs)."""
    return summary["per_10k"] * summary["n_docs"] / n_documents


@dataclass
class DocumentSummary:
    """What the report shows of the ``documents`` table, made by :func:`document_summary`
    from the table whole or in chunks (so a corpus of millions of inputs is never read back
    whole).

    Attributes
    ----------
    n
        Rows (inputs).
    status_counts
        Inputs per ``status`` value (``ok``, ``error``, ``skipped``).
    years
        ``ok`` documents per year (years as ``int``, in order of first appearance).
    n_chars
        Characters of the ``ok`` documents, or None without an ``n_chars`` column.
    genres
        ``ok`` documents per genre, as ``value_counts()`` orders them (None without a
        ``genre`` column or with no genre).
    head
        The first rows of the table (``head`` of :func:`document_summary`).
    failed
        Every row whose status is not ``ok``.
    titles
        ``doc_id`` → title of the documents asked for (all, for a table given whole).
    ok_order
        ``doc_id`` → position among the ``ok`` documents, of the documents asked for (None
        without a ``doc_id`` column).
    has_status
        Whether the table has a ``status`` column.
    """

    n: int
    status_counts: dict[str, int]
    years: dict[int, int]
    n_chars: int | None
    genres: pd.Series | None
    head: pd.DataFrame
    failed: pd.DataFrame
    titles: dict[Any, str]
    ok_order: dict[Any, int] | None
    has_status: bool


def document_summary(
    documents: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    head: int = 30,
    doc_ids: Iterable[Any] | None = None,
) -> DocumentSummary:
    """:class:`DocumentSummary` of the ``documents`` table, given whole or in chunks (in table
    order): what :func:`write_report` shows of it, with the titles and ``ok`` positions of
    ``doc_ids`` only (None: of every document)."""
    import pandas as pd

    wanted = None if doc_ids is None else set(doc_ids)
    n, n_ok_before, n_chars = 0, 0, None
    status_counts: dict[str, int] = {}
    years: dict[int, int] = {}
    genres: dict[str, int] = {}
    heads: list[pd.DataFrame] = []
    failed: list[pd.DataFrame] = []
    titles: dict[Any, str] = {}
    ok_order: dict[Any, int] = {}
    has_status = has_genre = False
    columns: list[str] = []
    for chunk in [documents] if isinstance(documents, pd.DataFrame) else documents:
        if not columns:
            columns = list(chunk.columns)
        if n < head:
            heads.append(chunk.head(head - n))
        n += len(chunk)
        has_status = "status" in chunk
        if has_status:
            status = chunk["status"].astype(str)
            for value, count in status.value_counts(sort=False).items():
                status_counts[value] = status_counts.get(value, 0) + int(count)
            ok = chunk[status == "ok"]
            failed.append(chunk[status != "ok"])
        else:
            ok = chunk
        if "year" in ok:
            for y in ok["year"].dropna().astype(int):
                years[y] = years.get(y, 0) + 1
        if "n_chars" in ok:
            n_chars = (n_chars or 0) + int(ok["n_chars"].fillna(0).sum())
        if "genre" in ok:
            has_genre = has_genre or bool(ok["genre"].notna().any())
            for g in ok["genre"].dropna().astype(str):
                genres[g] = genres.get(g, 0) + 1
        if "doc_id" in chunk:
            ids = ok["doc_id"].tolist()
            for k, d in enumerate(ids):
                if wanted is None or d in wanted:
                    ok_order.setdefault(d, n_ok_before + k)
            n_ok_before += len(ids)
            if "title" in chunk:
                for d, t in zip(chunk["doc_id"], chunk["title"], strict=True):
                    if isinstance(t, str) and t and (wanted is None or d in wanted):
                        titles[d] = t
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    genre_counts = None
    if has_genre:  # value_counts' order: by count, from the counts in order of first appearance
        genre_counts = pd.Series(list(genres.values()), index=list(genres), dtype="int64"
                                 ).sort_values(ascending=False, kind="stable")
    return DocumentSummary(
        n=n, status_counts=status_counts, years=years, n_chars=n_chars, genres=genre_counts,
        head=pd.concat(heads, ignore_index=True) if heads else empty,
        failed=pd.concat(failed, ignore_index=True) if failed else empty,
        titles=titles, ok_order=ok_order if "doc_id" in columns else None,
        has_status=has_status)


def slogan_summary(slogans: pd.DataFrame | Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The slogans section's table from the ``slogans`` table (whole, or in chunks in table
    order): per formulation its ``count`` (rows), ``n_docs``, first ``kind``, ``category`` and
    ``sentence``, and ``quoted`` (the share of quoted rows); in order of first appearance."""
    return _summary(slogans, {"count": "size"}, ["kind", "category", "sentence"],
                    {"quoted": "quoted"})


#: Documents up to which the report compares documents one by one (a cross-section).
MAX_COMPARED_DOCS = 100


def per_document(
    frames: pd.DataFrame | Iterable[pd.DataFrame], *, max_docs: int = MAX_COMPARED_DOCS
) -> pd.DataFrame | None:
    """Occurrences per document and term of a ``terms`` table (summing ``count``) or a
    ``slogans`` table (counting rows), given whole or in chunks: columns ``doc_id``, ``term``,
    ``category``, ``kind`` and ``per_10k`` (when the input has them), ``count``. None when the
    table holds more than ``max_docs`` documents (the report compares documents one by one only
    for fewer)."""
    import pandas as pd

    parts: list[pd.DataFrame] = []
    docs: set[Any] = set()
    for chunk in [frames] if isinstance(frames, pd.DataFrame) else frames:
        if chunk.empty or "doc_id" not in chunk:
            continue
        docs.update(chunk["doc_id"].unique())
        if len(docs) > max_docs:
            return None
        keys = ["doc_id", "term"]
        g = chunk.groupby(keys, sort=False)
        part = (g["count"].sum() if "count" in chunk else g.size()).rename("count").to_frame()
        if "per_10k" in chunk:  # a document's rate of a term is the sum of its rows' rates
            part["per_10k"] = g["per_10k"].sum()
        for column in ("category", "kind"):
            if column in chunk:
                part[column] = g[column].first()
        parts.append(part.reset_index())
    if not parts:
        return None
    both = pd.concat(parts, ignore_index=True)
    agg = {
        "count": "sum",
        **({"per_10k": "sum"} if "per_10k" in both else {}),
        **{c: "first" for c in ("category", "kind") if c in both},
    }
    return both.groupby(["doc_id", "term"], sort=False, as_index=False).agg(agg)


def occurrence_summaries(name: str, chunks: Iterable[pd.DataFrame]) -> dict[str, Any]:
    """What the report takes of a ``terms`` or ``slogans`` table read in chunks, in one pass:
    ``{name}_summary`` (:func:`term_summary` / :func:`slogan_summary`) and ``{name}_by_doc``
    (:func:`per_document`, None for a corpus of more than :data:`MAX_COMPARED_DOCS`
    documents)."""
    kept: list[pd.DataFrame] = []
    too_many = False
    seen: set[Any] = set()

    def tee() -> Iterable[pd.DataFrame]:
        nonlocal too_many
        for chunk in chunks:
            if not too_many and "doc_id" in chunk:
                seen.update(chunk["doc_id"].unique())
                too_many = len(seen) > MAX_COMPARED_DOCS
                kept.append(per_document(chunk) if not too_many else None)
            yield chunk

    if name == "terms":
        out: dict[str, Any] = {"term_summary": term_summary(tee())}
    else:
        out = {"slogan_summary": slogan_summary(tee())}
    frames = [k for k in kept if k is not None]
    out[f"{name}_by_doc"] = None if too_many or not frames else per_document(frames)
    return out


def corpus_shape(docs: DocumentSummary | None, tables: Mapping[str, Any] | None = None) -> str:
    """What the report is given: ``"series"`` (documents of three years or more: trends over
    time), ``"cross-section"`` (several documents of one or two years, or of unknown years:
    documents compared with each other) or ``"single"`` (one document)."""
    tables = tables or {}
    if docs is not None:
        n_docs = docs.status_counts.get("ok", 0) if docs.has_status else docs.n
        n_years = len(docs.years)
    else:
        n_docs, n_years = 0, 0
        for name in ("terms", "themes", "outline", "slogans"):
            frame = tables.get(name)
            if frame is not None and "doc_id" in frame:
                n_docs = max(n_docs, frame["doc_id"].nunique())
        trends = tables.get("trends")
        if trends is not None and "year" in trends:
            n_years = trends["year"].nunique()
        if n_docs == 0 and n_years:
            n_docs = 2  # only yearly tables: at least as many documents as years
    if n_docs <= 1:
        return "single"
    return "series" if n_years >= 3 else "cross-section"
