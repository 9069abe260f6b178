"""Serialising a :func:`~policytext.extract.themes.themes` frame for the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

def format_themes(
    df: pd.DataFrame,
    fmt: Literal["jsonl", "csv"] = "jsonl",
    *,
    doc: Mapping[Any, str] | None = None,
) -> str:
    """Serialise a :func:`themes` frame for the command line.

    Parameters
    ----------
    df
        A frame from :func:`themes`.
    fmt
        ``"jsonl"``: one JSON object per row with ``doc``, ``term``, ``score``, ``rank``
        (and ``count``); ``"csv"``: the same columns with a header.
    doc
        Map from the frame's key (``doc_id`` or group) to the label written as ``doc``
        (the CLI passes the path as given); default: the key itself.

    Returns
    -------
    str
        The serialised rows, newline-terminated (empty string for an empty frame in JSONL,
        the header alone in CSV).
    """
    import pandas as pd

    from .._frames import format_rows

    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"fmt must be 'jsonl' or 'csv', not {fmt!r}")
    key = df.columns[0] if len(df.columns) else "doc_id"
    keys = [k.item() if hasattr(k, "item") else k for k in df[key]] if len(df) else []
    rows = pd.DataFrame({
        "doc": [doc.get(k, str(k)) if doc is not None else k for k in keys],
        "term": list(df["term"]) if len(df) else [],
        "score": [round(float(v), 6) for v in df["score"]] if len(df) else [],
        "rank": [int(v) for v in df["rank"]] if len(df) else [],
        "count": [int(v) for v in df["count"]] if len(df) and "count" in df else [None] * len(df),
    })
    return format_rows(rows, fmt, lead=())
