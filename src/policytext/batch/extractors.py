"""The per-document extractors the batch runs and the schemas of the tables they fill.

:func:`extractor` is looked up as ``extractors.extractor`` by its callers, so one replacement
(a test simulating an extractor bug) reaches every caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..corpus import DOCVAR_COLUMNS, Document

if TYPE_CHECKING:
    from .worker import Worker


DOCUMENT_COLUMNS = ("doc_id", "path", "status", "error", *DOCVAR_COLUMNS, "n_chars", "notes")


DOCUMENT_DTYPES = {"doc_id": object, "path": object, "status": object, "error": object,
                   "title": object, "date": object, "year": "Int64", "genre": object,
                   "speaker": object, "region": object, "doubts": object, "n_chars": "Int64",
                   "notes": object}


#: Per-document extractors and the table each fills.
EXTRACTORS = ("terms", "tokens", "slogans", "quotes", "outline", "targets")


ROW_TABLES = ("terms", "slogans", "quotes", "outline", "targets")


#: Columns the row-level extractors (:func:`_row_extractor`) produce, in order.
ROW_COLUMNS = {
    "outline": ("doc_id", "node_id", "parent_id", "depth", "kind", "marker", "style", "ordinal",
                "title", "title_end_known", "start", "end"),
    "quotes": ("doc_id", "speaker", "verb", "quote", "start", "end"),
    "slogans": ("doc_id", "term", "surface", "kind", "category", "numeric", "quoted", "label",
                "start", "end", "sentence"),
    "targets": ("doc_id", "indicator", "canonical", "value", "value_high", "unit", "qualifier",
                "kind", "year", "start", "end", "sentence"),
}


def _row_extractor(name: str) -> Callable[[Document, Worker], list[tuple]] | None:
    """Rows of one extractor's table straight from its row-level iterator (no DataFrame), in
    the order of ``ROW_COLUMNS[name]``, or None when the module has none."""
    try:
        if name == "slogans":
            from ..extract.slogans import slogan_rows  # plain tuples in SLOGAN_COLUMNS order

            return lambda doc, worker: slogan_rows(
                doc, lexicon=worker.lexicon if worker.options.lexicon_paths else None)
        if name == "outline":
            from ..extract.outline import iter_outline

            return lambda doc, worker: [
                (doc.doc_id, n.node_id, n.parent_id, n.depth, n.kind, n.marker, n.style,
                 n.ordinal, n.title, n.title_end_known, n.start, n.end)
                for n in iter_outline(doc.text)]
        if name == "quotes":
            from ..extract.quotes import iter_quotes

            return lambda doc, worker: [(doc.doc_id, q.speaker, q.verb, q.quote, q.start, q.end)
                                for q in iter_quotes(doc.text)]
        if name == "targets":
            from ..extract.targets import target_rows  # plain tuples in TARGET_COLUMNS order

            return lambda doc, worker: target_rows(doc)
    except ImportError:
        return None
    return None


def extractor(name: str) -> Callable | None:
    """The table-returning extractor ``name`` as ``fn(doc, worker)`` (with its row-level
    version as ``fn.rows``, or None), or None when its module cannot be imported."""
    try:
        if name == "slogans":
            from ..extract.slogans import slogans

            # lexicon=None uses the built-in lexicon's matcher, compiled once per process;
            # passing a Lexicon makes slogans() compile a matcher on every call
            fn = lambda doc, worker: slogans(  # noqa: E731
                doc, lexicon=worker.lexicon if worker.options.lexicon_paths else None)
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "quotes":
            from ..extract.quotes import quotes

            fn = lambda doc, worker: quotes(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "outline":
            from ..extract.outline import outline

            fn = lambda doc, worker: outline(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "targets":
            from ..extract.targets import targets

            fn = lambda doc, worker: targets(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
    except ImportError:
        return None
    return None


def _schema(name: str) -> dict[str, Any]:
    """Column → dtype of a per-document table (what the extractor returns for no input)."""
    if name == "terms":
        from ..extract.terms import TERM_COLUMNS

        return dict(zip(TERM_COLUMNS, (object, object, object, "int64", "float64")))
    if name == "slogans":  # declared: running the extractor would load its dictionaries
        from pandas.api.types import pandas_dtype

        from ..extract.slogans import SLOGAN_COLUMNS

        return {c: pandas_dtype(t) for c, t in SLOGAN_COLUMNS.items()}
    fn = extractor(name)
    if fn is None:
        return {}
    empty = fn(Document(text="", doc_id="-"), None)
    return {c: empty[c].dtype for c in empty.columns}


_SCHEMAS: dict[str, dict[str, Any]] = {}


def schema_cached(name: str) -> dict[str, Any]:
    """The schema of a per-document table, made once per process."""
    if name not in _SCHEMAS:
        _SCHEMAS[name] = _schema(name)
    return _SCHEMAS[name]
