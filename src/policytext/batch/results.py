"""One document's results (:class:`DocResult`) and their encodings: the resume-state JSON with
packed token counts, plain-value rows of a DataFrame, and the CSV text a worker pre-encodes."""

from __future__ import annotations

import csv
import json
import math
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._text_safety import csv_rows
from ..io import printable_name
from .extractors import schema_cached


@dataclass
class DocResult:
    """Everything one document contributes to the output tables (plain values, picklable).

    ``tables`` maps a table name (``terms``, ``slogans``, ``quotes``, ``outline``) to rows: tuples
    in the table's column order.
    """

    index: int
    doc_id: str
    path: str
    status: str
    error: str = ""
    docvars: dict[str, Any] = field(default_factory=dict)
    token_counts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, list[tuple]] = field(default_factory=dict)
    seconds: float = 0.0
    size: int | None = None
    mtime_ns: int | None = None
    #: :func:`file_digest` of the file's bytes when its analysis began (what ``resume``
    #: compares, besides size and mtime: two folders unpacked from archives of the same
    #: layout have the same paths, sizes and mtimes, not the same contents)
    digest: str | None = None
    #: set by workers writing to an output folder: CSV text of each occurrence table (UTF-8)
    #: and the resume-state JSON, made in the worker so the collecting process only writes bytes
    encoded: dict[str, bytes] | None = None
    state_body: str | bytes | None = None
    #: token counts as ids in the vocabulary of the worker that made them (see
    #: Worker.local_ids and TokenMatrix.add_ids): ``(vocabulary key, ids known before this
    #: document, tokens new to the worker, ids, counts)``, ids and counts as int32 bytes
    token_ids: tuple[str, int, list[str], bytes, bytes] | None = None

    def __post_init__(self) -> None:
        # the path is written to the tables and the state as UTF-8: a name with undecodable
        # bytes would fail there, after the work (the task keeps the path to open)
        if not self.path.isascii():
            self.path = printable_name(self.path)

    @property
    def terms(self) -> list[tuple]:
        return self.tables.get("terms", [])

    def to_json(self) -> str:
        """The resume-state JSON: everything but the occurrence tables' rows, which the state
        finds in the tables written to the output (see :class:`State`); of an encoded result
        (see :func:`encode_result`), only the rows the collecting process aggregates."""
        d = {"doc_id": self.doc_id, "path": self.path, "status": self.status, "error": self.error,
             "docvars": self.docvars, "token_counts": _pack_counts(self.token_counts),
             "tables": self.tables}
        return json.dumps(d, ensure_ascii=False, default=_json_default, separators=(",", ":"))

    @classmethod
    def from_json(cls, index: int, text: str) -> DocResult:
        d = json.loads(text)
        tables = {k: (v[0], [tuple(x) for x in v[1]]) if k == "_first_seen_doc"
                  else [tuple(x) for x in v] for k, v in d["tables"].items()}
        return cls(index, d["doc_id"], d["path"], d["status"], d["error"], d["docvars"],
                   _unpack_counts(d["token_counts"]), tables)


_TOKEN_SEP = "\x1f"  # ASCII unit separator: never inside a counted token (not CJK, not a word)


def _pack_counts(counts: Mapping[str, int]) -> Any:
    """Token counts for the state JSON: the tokens joined in one string and the counts as
    base64 bytes — one byte a count when all are below 256 (``[tokens, counts, "B"]``, the
    common case: most of a state is its token counts), else int32 — which JSON-encodes in half
    the time of a dict of a thousand keys; the plain dict when a token contains the
    separator."""
    tokens = _TOKEN_SEP.join(counts)
    if tokens.count(_TOKEN_SEP) != max(len(counts) - 1, 0):
        return dict(counts)
    from base64 import b64encode

    values = array("i", counts.values())
    if not values or (0 <= min(values) and max(values) < 256):
        return [tokens, b64encode(array("B", values).tobytes()).decode("ascii"), "B"]
    return [tokens, b64encode(values.tobytes()).decode("ascii")]


def _unpack_counts(packed: Any) -> dict[str, int]:
    if isinstance(packed, dict):
        return packed
    from base64 import b64decode

    tokens, counts, *kind = packed
    values = array("B" if kind == ["B"] else "i", b64decode(counts))
    return dict(zip(tokens.split(_TOKEN_SEP) if tokens else [], values))


def _json_default(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    if v is None or _isna(v):
        return None
    return str(v)


def _isna(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        import pandas as pd

        return v is pd.NA or v is pd.NaT
    except ImportError:  # pragma: no cover
        return False


def plain(v: Any) -> Any:
    """``v`` as a plain Python value (None for missing: NaN, ``pd.NA``, ``NaT``)."""
    if v is None:
        return None
    if isinstance(v, (str, int, bool)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if _isna(v):
        return None
    return v.item() if hasattr(v, "item") else v


def encode_result(result: DocResult) -> None:
    """Pre-encode a result for an output folder (in the worker): CSV text per occurrence table,
    the resume-state JSON (without that text); keep only the rows the collecting process
    aggregates."""
    import io

    encoded = {}
    for name, rows in result.tables.items():
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(csv_rows(rows))
        encoded[name] = buf.getvalue()
    slogans = result.tables.get("slogans")
    # what Sink.add aggregates: (term, count) for the trends, not the whole term rows
    kept = {"_term_counts": [(t[1], t[3]) for t in result.tables.get("terms", [])]}
    if slogans is not None:
        from ..extract.aggregate import first_seen_summary

        kept["_first_seen_doc"] = first_seen_summary(first_seen_triples(slogans))
    result.tables = kept
    # UTF-8 bytes from here on: a worker process's result is pickled as is (bytes pickle as a
    # copy, str is re-encoded and decoded), and the collecting process writes them unchanged
    result.state_body = result.to_json().encode("utf-8")
    result.encoded = {name: text.encode("utf-8") for name, text in encoded.items()}
    if result.token_ids is not None:
        result.token_counts = {}  # in the state body; the collecting process uses the ids


_SLOGAN_FIELDS = ("term", "category", "kind", "label")


def first_seen_triples(rows: list[tuple]) -> list[tuple]:
    """:func:`~policytext.extract.aggregate.first_seen_rows` of slogan rows (tuples in the
    slogans table's column order)."""
    from ..extract.aggregate import first_seen_rows

    cols = list(schema_cached("slogans"))
    try:
        it, ic, ik, il = (cols.index(c) for c in _SLOGAN_FIELDS)
    except ValueError:
        return first_seen_rows(dict(zip(cols, r)) for r in rows)
    return [(r[it], r[ic], r[ik]) for r in rows
            if r[il] == "formulation" and r[ik] in ("lexicon", "numeric")]


def frame_rows(frame, cols: list[str]) -> list[tuple]:
    """Rows of ``frame`` (columns ``cols``) as tuples of plain Python values (None for
    missing), converted column by column."""
    if list(frame.columns) != cols:
        frame = frame.reindex(columns=cols)
    if not len(frame):
        return []
    columns = []
    for c in cols:
        s = frame[c]
        values = s.tolist()
        kind = getattr(s.dtype, "kind", "O")
        if kind in "biu" and not hasattr(s.dtype, "na_value"):
            pass  # numpy bool / int: tolist gives Python bool / int
        elif kind == "O" and set(map(type, values)) <= _PLAIN_TYPES:
            pass
        else:
            values = [plain(v) for v in values]
        columns.append(values)
    return list(zip(*columns))


_PLAIN_TYPES = {str, type(None)}
