"""Building the extractors' DataFrames with fixed dtypes.

Columns are built one by one from the rows: a ``DataFrame.astype`` over a dozen columns cost
more than the extraction itself on short documents, and pandas 3 would otherwise infer a
``str`` dtype where the documented schemas say ``object``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["format_rows", "plain_value", "records_frame", "typed_frame"]


def typed_frame(rows: Sequence[tuple], columns: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` (tuples in column order) with the dtypes of ``columns``.

    The schema is the same when ``rows`` is empty.
    """
    import numpy as np
    import pandas as pd

    names = list(columns)
    cols = list(zip(*rows)) if rows else [()] * len(names)
    data: dict[str, Any] = {}
    for name, values in zip(names, cols):
        dtype = columns[name]
        if dtype in ("object", "str"):
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            data[name] = pd.Series(arr, dtype=object, copy=False)
        elif dtype in ("int64", "float64", "bool"):
            data[name] = np.asarray(values, dtype=dtype)
        else:  # nullable extension dtypes such as Int64
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, columns=names, copy=False)


def records_frame(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> pd.DataFrame:
    """:func:`typed_frame` for rows given as dicts (missing keys become None)."""
    return typed_frame([tuple(r.get(c) for c in columns) for r in rows], columns)


def plain_value(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN / NA / NaT as None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, (list, tuple, dict, str, bool, int)):
        return value
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def format_rows(df: pd.DataFrame, fmt: str, *, lead: Sequence[str] = ("doc",)) -> str:
    """Serialise an extractor's rows for the command line: JSON Lines or CSV.

    The columns named in ``lead`` that the frame has come first, then the others. A ``doc``
    column is made from ``doc_id`` when the frame has none. CSV text cells that a spreadsheet
    would run as a formula get a leading ``'`` (:func:`policytext._text_safety.csv_frame`), so
    every ``--format csv`` output is safe to open in Excel.

    Returns
    -------
    str
        Newline-terminated rows (JSONL: empty for an empty frame; CSV: the header alone).
    """
    import io
    import json

    from .._text_safety import csv_frame

    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown format {fmt!r}; valid formats are ['jsonl', 'csv']")
    out = df
    if "doc" in lead and "doc" not in out.columns:
        out = out.assign(doc=out["doc_id"] if "doc_id" in out.columns else "")
    first = [c for c in lead if c in out.columns]
    out = out[first + [c for c in out.columns if c not in first]]
    if fmt == "csv":
        buf = io.StringIO()
        csv_frame(out).to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()
    return "".join(
        json.dumps({k: plain_value(v) for k, v in rec.items()}, ensure_ascii=False) + "\n"
        for rec in out.to_dict(orient="records")
    )
