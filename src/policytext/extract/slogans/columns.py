"""Column names and dtypes of the slogan tables."""

from __future__ import annotations

#: Columns of :func:`slogans` with their dtypes.
SLOGAN_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "surface": "object",
    "kind": "object",
    "category": "object",
    "numeric": "bool",
    "quoted": "bool",
    "label": "object",
    "start": "int64",
    "end": "int64",
    "sentence": "object",
}
#: Columns of :func:`slogan_counts`.
COUNT_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "kind": "object",
    "category": "object",
    "count": "int64",
}
#: Columns of :func:`expansions`.
EXPANSION_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "members_found": "object",
    "n_found": "int64",
    "n_members": "int64",
    "start": "int64",
    "end": "int64",
}
#: Columns of :func:`first_seen`.
FIRST_SEEN_COLUMNS: dict[str, str] = {
    "term": "object",
    "category": "object",
    "first_year": "Int64",
    "last_year": "Int64",
    "n_years": "int64",
    "n_docs": "int64",
    "count": "int64",
    "first_doc": "object",
    "last_doc": "object",
}
