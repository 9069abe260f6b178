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

__all__ = ["records_frame", "typed_frame"]


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
