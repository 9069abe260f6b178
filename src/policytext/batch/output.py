"""Collecting results: the row tables (written as they come, read back from CSV), the
:class:`Tables` mapping, the :class:`Sink` that builds the corpus-level tables, and atomic
table writes."""

from __future__ import annotations

import codecs
import contextlib
import csv
import math
import os
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._text_safety import csv_frame, csv_rows, uncsv_frame
from ..corpus import DOCVAR_COLUMNS
from ..errors import MissingDependencyError, PolicyTextError
from ..lexicon import Lexicon
from . import extractors as registry
from .extractors import DOCUMENT_DTYPES, ROW_TABLES, schema_cached
from .folder import STATE_DIR, temporary_name, unlink_quietly
from .results import encode_result, first_seen_triples

if TYPE_CHECKING:
    from .options import AnalyzeOptions
    from .results import DocResult


def require_parquet() -> None:
    """Raise :class:`MissingDependencyError` when no Parquet engine is installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        try:
            import fastparquet  # noqa: F401
        except ImportError:
            raise MissingDependencyError("--format parquet", "parquet", "pyarrow") from None


class _RowTable:
    """Rows of one table: appended to a temporary CSV (in ``out``, or in its subfolder
    ``folder``), or kept in memory when there is no output folder."""

    def __init__(self, name: str, schema: Mapping[str, Any], out: Path | None,
                 folder: str | None = None) -> None:
        self.name, self.schema = name, dict(schema)
        self.columns = list(self.schema)
        self.rows: list[tuple] | None = None if out is not None else []
        self.tmp: Path | None = None
        #: the temporary file relative to ``out`` ("/"-separated), as the resume state names it
        self.rel = ""
        self.size = 0  # bytes written so far
        self._fh: Any = None
        if out is not None:
            # unique, not only per process: the resume state may point at the rows tables of
            # an interrupted run of an earlier process with the same id
            self.rel = (f"{folder + '/' if folder else ''}"
                        f"{temporary_name(f'{name}.csv', os.urandom(4).hex())}")
            self.tmp = out.joinpath(*self.rel.split("/"))
            self._fh = open(self.tmp, "xb")  # UTF-8 bytes, mostly made by the workers
            self.write_text(codecs.BOM_UTF8)  # (see _write_frame)
            self.add([tuple(self.columns)])

    def write_text(self, text: bytes) -> int:
        """Append CSV text made by :func:`encode_result` (UTF-8 bytes); its offset in the file."""
        assert self._fh is not None
        offset = self.size
        self._fh.write(text)
        self.size += len(text)
        return offset

    def add(self, rows: Iterable[tuple]) -> None:
        if self._fh is not None:
            import io

            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(csv_rows(rows))
            self.write_text(buf.getvalue().encode("utf-8"))
        else:
            self.rows.extend(rows)  # type: ignore[union-attr]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def frame(self):
        import pandas as pd

        if self.rows is not None:
            df = _astype(pd.DataFrame(self.rows, columns=self.columns), self.schema)
            # missing text as None, as in a table read back from its file (not NaN)
            for c in [c for c, t in df.dtypes.items() if pd.api.types.is_object_dtype(t)]:
                if df[c].isna().any():
                    df[c] = df[c].astype(object).where(df[c].notna(), None)
            return df
        assert self.tmp is not None
        return _read_csv(self.tmp, self.schema)


def _astype(df, schema: Mapping[str, Any]):
    try:
        return df.astype(dict(schema))
    except (TypeError, ValueError):
        return df


def _read_csv(path: Path, schema: Mapping[str, Any]):

    chunks = list(read_csv_chunks(path, schema, chunksize=None))
    return chunks[0] if chunks else empty_frame(_csv_dtypes(schema))


def empty_frame(dtypes: Mapping[str, Any]):
    """An empty DataFrame with the columns and dtypes ``dtypes``."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _csv_dtypes(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {c: (object if str(t) in ("object", "str", "string") else t) for c, t in schema.items()}


def read_csv_chunks(path: Path, schema: Mapping[str, Any], *, chunksize: int | None) -> Iterator[Any]:
    """A table written by the batch, read back with its dtypes (empty text → None): whole
    (``chunksize`` None: one frame) or ``chunksize`` rows at a time; nothing for an empty
    file."""
    import pandas as pd

    dtypes = _csv_dtypes(schema)
    obj = [c for c, t in dtypes.items() if t is object]
    try:
        reader = pd.read_csv(path, dtype={**{c: object for c in obj}}, keep_default_na=False,
                             na_values={c: [""] for c in dtypes if c not in obj},
                             chunksize=chunksize, encoding="utf-8-sig")
        for df in [reader] if chunksize is None else reader:
            for c in obj:
                if c in df.columns:
                    df[c] = df[c].where(df[c] != "", None)
            df = uncsv_frame(df)
            yield _astype(df, {c: t for c, t in dtypes.items() if t is not object})
    except pd.errors.EmptyDataError:
        return


class Tables(Mapping):
    """Table name → DataFrame; tables written to disk are read back on first access.

    Attributes
    ----------
    status_counts
        Inputs per status: ``{"ok": n, "error": n, "skipped": n}``.
    problems
        ``(status, path, reason)`` of each input not ``ok``, in input order (what the
        ``documents`` table says of them, without reading it).
    reused
        With ``resume=True``: inputs whose results were taken from the earlier run (unchanged
        files); the others were analysed.
    other_options
        With ``resume=True``: results in the earlier run's state made with other options (a
        lexicon, engine or extractor list of their own), which could not be reused.
    """

    def __init__(self) -> None:
        self.status_counts: dict[str, int] = {}
        self.reused = 0
        self.other_options = 0
        self.problems: list[tuple[str, str, str]] = []
        self._frames: dict[str, Any] = {}
        self._loaders: dict[str, Callable[[], Any]] = {}
        self._order: list[str] = []

    def _set(self, name: str, value: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        if callable(value) and not hasattr(value, "columns"):
            self._loaders[name] = value
        else:
            self._frames[name] = value

    def __getitem__(self, name: str):
        if name in self._frames:
            return self._frames[name]
        if name in self._loaders:
            self._frames[name] = self._loaders.pop(name)()
            return self._frames[name]
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"Tables({self._order})"


class Sink:
    """Consumes DocResults in input order; keeps aggregates; builds the tables."""

    def __init__(self, options: AnalyzeOptions, *, out: Path | None, fmt: str) -> None:
        from ..extract.aggregate import FirstSeenAccumulator, TokenMatrix, TrendAccumulator

        self.options, self.out, self.fmt = options, out, fmt
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        # one row per input, appended to the output as it comes (no memory per document)
        self.documents = _RowTable("documents", DOCUMENT_DTYPES, out)
        self._document_rows: list[tuple] = []  # rows not yet written (written in batches)
        self.status_counts: Counter[str] = Counter()
        self.problems: list[tuple[str, str, str]] = []  # (status, path, reason), not ok
        # every table written row by row, committed (renamed into place) together
        self.tables: dict[str, _RowTable] = {"documents": self.documents}
        if out is not None:  # the rows tables are made in the state folder: see State
            (out / STATE_DIR).mkdir(exist_ok=True)
        for name in ROW_TABLES:
            if name in options.extractors and (name == "terms" or registry.extractor(name) is not None):
                self.tables[name] = _RowTable(name, schema_cached(name), out, folder=STATE_DIR)
        # with an output folder the token counts go to files there once they pass 8 MB (see
        # TokenMatrix): a run's memory then does not grow with its documents' counts
        self._spill_dir = out / temporary_name("tokens") if out is not None else None
        self.tokens = TokenMatrix(self._spill_dir) if "tokens" in options.extractors else None
        # document → its region and speaker docvars: a document's themes leave out its own
        # name and its speaker's (a governor's name on the report's head line)
        self.unit_names: dict[str, tuple[str, ...]] = {}
        self._name_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        # the year of each row of the token matrix (NaN: none), and the distinct years of all
        # documents: not a mapping document → year, which would hold objects per document
        self.row_years = array("d")
        self.years: set[int] = set()
        self.trends = TrendAccumulator()
        self.first_seen = FirstSeenAccumulator() if "slogans" in self.tables else None
        self._tmp_files: list[Path] = []

    def add(self, r: DocResult) -> dict[str, tuple[str, int, int, int]]:
        """Take one result; with an output folder, where its rows went: table →
        ``(file relative to out, offset, length, crc32)`` (see :class:`State`)."""
        refs: dict[str, tuple[str, int, int, int]] = {}
        get = r.docvars.get
        self._document_rows.append((r.doc_id, r.path, r.status, r.error or None,
                                    *map(get, DOCVAR_COLUMNS), get("n_chars"), get("notes")))
        if len(self._document_rows) >= 512:
            self._flush_documents()
        self.status_counts[r.status] += 1
        if r.status != "ok":
            self.problems.append((r.status, r.path, r.error))
            return refs
        if self.out is not None and r.encoded is None:
            encode_result(r)  # the executors encode every result for an output folder; not a caller's
        for name, t in self.tables.items():  # (documents: no rows in a result, skipped)
            if r.encoded is not None:
                text = r.encoded.get(name)
                if text:
                    refs[name] = (t.rel, t.write_text(text), len(text), zlib.crc32(text))
                continue
            rows = r.tables.get(name)
            if rows:
                t.add(rows)
        year = r.docvars.get("year")
        if year is not None:
            year = int(year)
            self.years.add(year)
        if self.tokens is not None:
            names = tuple(v for v in (r.docvars.get("region"), r.docvars.get("speaker"))
                          if isinstance(v, str) and v)
            if names:  # one shared tuple per region and speaker
                self.unit_names[r.doc_id] = self._name_tuples.setdefault(names, names)
            rows = len(self.tokens)
            if r.token_ids is not None:
                self.tokens.add_ids(r.doc_id, *r.token_ids)
            elif r.token_counts:
                self.tokens.add(r.doc_id, r.token_counts)
            if len(self.tokens) > rows:
                self.row_years.append(math.nan if year is None else year)
        term_counts = r.tables.get("_term_counts")
        if term_counts is None:
            term_counts = [(t[1], t[3]) for t in r.tables.get("terms") or ()]
        self.trends.add(year, r.docvars.get("n_chars") or 0, term_counts)
        if self.first_seen is not None and year is not None:
            summary = r.tables.get("_first_seen_doc")
            if summary is None:  # not encoded by a worker (no output folder): the slogan rows
                from ..extract.aggregate import first_seen_summary

                summary = first_seen_summary(first_seen_triples(r.tables.get("slogans") or []))
            self.first_seen.add_document(r.doc_id, year, summary)
        return refs

    def finish(self) -> Tables:

        from ..extract.aggregate import (
            FirstSeenAccumulator,
            TokenMatrix,
            TrendAccumulator,
            keyness_by_year_from_counts,
        )

        tables = Tables()
        tables.status_counts = {s: self.status_counts.get(s, 0) for s in ("ok", "error", "skipped")}
        tables.problems = list(self.problems)
        self._flush_documents()
        for name, t in self.tables.items():
            t.close()
            tables._set(name, t.frame if self.out is not None else t.frame())
        if self.tokens is not None:
            tables._set("themes", self._themes())
        tables._set("trends", _guarded("trends", lambda: self.trends.frame("year"),
                                       lambda: TrendAccumulator().frame("year")))
        if self.tokens is not None and len(self.years) >= 2:
            def keyness():
                lexicon = Lexicon.builtin()
                for p in self.options.lexicon_paths:
                    lexicon = lexicon.merge(Lexicon.from_tsv(p))
                return keyness_by_year_from_counts(self.tokens, self.row_years,
                                                   top_n=self.options.keyness_top_n, lexicon=lexicon)

            tables._set("keyness", _guarded("keyness", keyness,
                                            lambda: keyness_by_year_from_counts(TokenMatrix(), {})))
        if self.first_seen is not None:
            tables._set("first_seen", _guarded("first_seen", self.first_seen.frame,
                                               lambda: FirstSeenAccumulator().frame()))
        return tables

    def _flush_documents(self) -> None:
        if self._document_rows:
            self.documents.add(self._document_rows)
            self._document_rows = []

    def _themes(self):
        """The themes table, or (writing CSV to an output folder) its loader: then it is
        written block by block as :func:`iter_themes_from_counts` makes it, and the table of a
        corpus of millions of documents (``top_n`` rows each) is never held in memory."""
        from ..extract.aggregate import THEME_DTYPES, iter_themes_from_counts, themes_from_counts

        top_n = self.options.top_n
        if self.out is None or self.fmt != "csv":
            return _guarded("themes", lambda: themes_from_counts(self.tokens, top_n, idf="auto",
                                                                 unit_names=self.unit_names),
                            _empty_themes)
        table = _RowTable("themes", THEME_DTYPES, self.out)
        try:
            for block in iter_themes_from_counts(self.tokens, top_n, idf="auto",
                                                 unit_names=self.unit_names):
                table.write_text(csv_frame(block).to_csv(index=False, header=False,
                                             lineterminator="\n").encode("utf-8"))
        except Exception as exc:
            table.close()
            unlink_quietly(table.tmp)
            _warn_empty("themes", exc)
            return _empty_themes()
        table.close()
        self.tables["themes"] = table  # committed (renamed into place) with the row tables
        return table.frame

    def commit(self, tables: Tables) -> dict[str, str]:
        """Write every table to a temporary file, then rename them all into place. Returns
        where the occurrence rows the resume state points at moved: old file → new file,
        relative to ``out`` (the table itself; with ``--format parquet``, a CSV copy kept in
        the state folder)."""
        assert self.out is not None
        pending: list[tuple[Path, Path]] = []
        moved: dict[str, str] = {}
        try:
            for name in tables:
                target = self.out / f"{name}.{self.fmt}"
                t = self.tables.get(name)
                if t is not None and self.fmt == "csv":
                    pending.append((t.tmp, target))  # type: ignore[arg-type]
                    moved[t.rel] = target.name
                    continue
                tmp = self.out / temporary_name(f"{name}.{self.fmt}", "w")
                _write_frame(tables[name], tmp, self.fmt)
                pending.append((tmp, target))
                if t is not None and name in ROW_TABLES:
                    moved[t.rel] = f"{STATE_DIR}/{name}.rows.csv"
                    pending.append((t.tmp, self.out / STATE_DIR / f"{name}.rows.csv"))  # type: ignore[arg-type]
            for tmp, target in pending:
                os.replace(tmp, target)
        except BaseException:
            for tmp, _ in pending:
                if not self._referenced(tmp):
                    unlink_quietly(tmp)
            raise
        # lazily loaded tables now read the renamed files
        for name, t in self.tables.items():
            if self.fmt == "csv":
                t.tmp = self.out / f"{name}.csv"
            elif name not in ROW_TABLES:
                unlink_quietly(t.tmp)
        self._drop_spill()
        return moved

    def _referenced(self, tmp: Path | None) -> bool:
        """Whether ``tmp`` is a temporary rows table, which the resume state points at."""
        return any(t.tmp == tmp for name, t in self.tables.items() if name in ROW_TABLES)

    def abort(self) -> None:
        """Close and remove the temporary tables, except the rows tables in the state folder:
        the state lines of the documents done point at their rows there (``--resume`` reuses
        them; the next complete run removes them)."""
        for t in self.tables.values():
            with contextlib.suppress(OSError):  # a full disk: the close's flush fails too
                t.close()
            if not self._referenced(t.tmp):
                unlink_quietly(t.tmp)
        self._drop_spill()

    def _drop_spill(self) -> None:
        if self.tokens is not None:
            self.tokens.close()
        if self._spill_dir is not None and self._spill_dir.exists():
            import shutil

            shutil.rmtree(self._spill_dir, ignore_errors=True)


def _guarded(name: str, make: Callable[[], Any], empty: Callable[[], Any]):
    """A corpus-level table, or (if building it fails) the empty table with its columns and a
    warning: the per-document tables are complete and must still be written."""
    try:
        return make()
    except Exception as exc:
        _warn_empty(name, exc)
        return empty()


def _warn_empty(name: str, exc: Exception) -> None:
    print(f"policytext: warning: the {name} table could not be built and is left empty "
          f"({type(exc).__name__}: {exc}); please report it", file=sys.stderr)


def _empty_themes():
    from ..extract.aggregate import THEME_DTYPES

    return empty_frame(THEME_DTYPES)


def _write_frame(df, path: Path, fmt: str) -> None:
    """Write one table. CSV is UTF-8 with a byte-order mark, which Excel needs to read it as
    UTF-8 (without it, Excel on a Chinese system reads GBK: mojibake), and its text cells
    are neutralised against formula injection (:func:`~policytext._text_safety.csv_cell`)."""
    if fmt == "csv":
        csv_frame(df).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    else:
        df.to_parquet(path, index=False)


def write_tables(tables: Mapping[str, Any], out: str | Path, *, fmt: str = "csv") -> list[Path]:
    """Write each table atomically (temp file + rename) as ``<name>.csv`` or ``.parquet``."""
    if fmt not in ("csv", "parquet"):
        raise PolicyTextError(f"unknown format {fmt!r}; valid formats are ['csv', 'parquet']")
    if fmt == "parquet":
        require_parquet()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        target = out / f"{name}.{fmt}"
        tmp = out / temporary_name(f"{name}.{fmt}")
        try:
            _write_frame(df, tmp, fmt)
            os.replace(tmp, target)
        except BaseException:
            unlink_quietly(tmp)
            raise
        written.append(target)
    return written
