"""Document text made safe for where it goes: a spreadsheet cell, a terminal, a chart label.

Documents are untrusted: a file name, a heading or a sentence may be ``=HYPERLINK(…)``, carry
terminal escape sequences, or hold ``$…$``, which matplotlib renders as mathematics. Every
writer of such text uses the functions here, so the rule is the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["FORMULA_PREFIX", "csv_cell", "csv_frame", "csv_rows",
           "one_line", "terminal_safe", "uncsv_cell", "uncsv_frame"]

#: what a spreadsheet reads as the start of a formula (OWASP "CSV injection": = + - @, and
#: tab and carriage return, which some spreadsheets strip before looking), and the mark
#: itself, so that a cell which really starts with it survives the round trip
_FORMULA_START = frozenset("=+-@\t\r'")
#: put before a text cell that a spreadsheet would read as a formula: shown as text, and
#: removed again when policytext reads its own tables back (:func:`uncsv_cell`)
FORMULA_PREFIX = "'"


def csv_cell(value: Any) -> Any:
    """``value`` as written to a CSV cell: text starting with ``= + - @``, a tab, a carriage
    return or ``'`` gets ``'`` in front (numbers and missing values are left alone)."""
    if type(value) is str and value[:1] in _FORMULA_START:
        return FORMULA_PREFIX + value
    return value


def uncsv_cell(value: Any) -> Any:
    """The inverse of :func:`csv_cell`, for a text cell read back from a table policytext
    wrote."""
    if type(value) is str and value[:1] == FORMULA_PREFIX and value[1:2] in _FORMULA_START:
        return value[1:]
    return value


def csv_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Rows (tuples) with every text cell passed through :func:`csv_cell`."""
    start = _FORMULA_START
    for row in rows:
        for v in row:
            if type(v) is str and v[:1] in start:
                yield tuple(map(csv_cell, row))
                break
        else:
            yield row


def csv_frame(df):
    """A DataFrame with its text columns passed through :func:`csv_cell` (a copy when any cell
    changes; numeric columns untouched)."""
    return _map_text_columns(df, csv_cell, _FORMULA_START)


def uncsv_frame(df):
    """A DataFrame read back from a CSV written with :func:`csv_frame`, its text restored."""
    return _map_text_columns(df, uncsv_cell, FORMULA_PREFIX)


def _map_text_columns(df, fn, starts):
    import pandas as pd

    out = None
    for c in df.columns:
        s = df[c]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        if not any(type(v) is str and v[:1] in starts for v in s.tolist()):
            continue
        if out is None:
            out = df.copy()
        out[c] = pd.Series([fn(v) for v in s.tolist()], index=s.index, dtype=s.dtype)
    return df if out is None else out


# C0 controls but tab and newline, DEL, C1 controls (CSI is \x9b), and the bidirectional
# overrides and isolates that make a terminal show text in another order than it is
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with the characters that drive a terminal (ESC, CSI, OSC, other C0/C1
    controls, carriage return, bidirectional overrides) shown as escapes (``\\x1b``), so a
    document cannot move the cursor, retitle the window or hide text when printed."""
    if not _UNSAFE_FOR_TERMINAL.search(text):
        return text
    return _UNSAFE_FOR_TERMINAL.sub(_escape, text)


def one_line(text: str) -> str:
    """:func:`terminal_safe`, with newlines and tabs escaped too: for a file name inside a
    one-line message, where a name holding a newline would forge a line of its own."""
    return terminal_safe(text).replace("\n", "\\n").replace("\t", "\\t")


def _escape(m: re.Match) -> str:
    # (``\u`` above ASCII: the escape JSON uses, so JSON Lines shown on a terminal stay valid)
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"

