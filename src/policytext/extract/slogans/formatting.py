"""Rendering a slogans table for the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._frames import format_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def format_slogans(df: pd.DataFrame, fmt: str = "jsonl") -> str:
    """Render a :func:`slogans` DataFrame as JSON Lines or CSV (for the command line).

    Each row carries ``doc`` (the ``doc`` column if present, else ``doc_id``) first, then
    ``term``, ``surface``, ``kind``, ``category``, ``quoted``, ``start``, ``end`` and the other
    columns of the DataFrame. CSV cells are neutralised against formula injection
    (:func:`~policytext.extract._frames.format_rows`).
    """
    return format_rows(df, fmt, lead=("doc", "term", "surface", "kind", "category", "quoted",
                                      "start", "end"))
