"""``report.html`` of a batch run, from the tables read back so that memory does not grow
with the corpus."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .extractors import DOCUMENT_DTYPES, schema_cached
from .folder import temporary_name, unlink_quietly
from .output import empty_frame, read_csv_chunks

#: the tables report.html shows (trends, keyness and first_seen are read whole; documents
#: and the per-document tables are summarised or cut from their files, see _report_inputs)
_REPORT_TABLES = ("documents", "trends", "terms", "first_seen", "themes", "slogans", "keyness",
                  "outline", "targets")


#: rows read at a time when the report summarises a table from its file
_REPORT_CHUNK_ROWS = 200_000


#: documents shown in the report's per-document sections (write_report's default)
_REPORT_MAX_DOCS = 100


#: rows shown per table of the report (write_report's default)
_REPORT_MAX_ROWS = 30


def _report_inputs(tables: Mapping[str, Any], out: Path, fmt: str) -> tuple[dict[str, Any], dict[str, int]]:
    """What :func:`~policytext.report.write_report` needs, read so that memory does not grow
    with the corpus: the ``terms`` and ``slogans`` tables summed up per term
    (``term_summary``, ``slogan_summary``) and the first documents' rows of ``themes`` and
    ``outline`` with their document counts, and ``documents`` summed up for the overview
    (``document_summary``, with the titles of the documents those sections show), each made
    from its CSV file a chunk at a time. (The slogans table alone is larger than the corpus:
    174 MB for 100 MB of 新闻联播; documents has a row per input, of millions.) Tables not
    written as CSV are passed whole."""
    from ..extract.aggregate import THEME_DTYPES
    from ..report import occurrence_summaries

    inputs: dict[str, Any] = {}
    doc_counts: dict[str, int] = {}
    for name in tables:
        if name not in _REPORT_TABLES:
            continue
        path = out / f"{name}.csv"
        if (fmt != "csv" or name not in ("documents", "terms", "slogans", "themes", "outline",
                                         "targets")
                or not path.is_file()):
            inputs[name] = tables[name]
            continue
        if name == "documents":
            continue  # summed up below, for the documents the other sections show
        schema = schema_cached(name) if name != "themes" else THEME_DTYPES
        if name == "targets":  # a few rows a document, read whole for the series over years
            inputs[name] = next(iter(read_csv_chunks(path, schema, chunksize=None)),
                                empty_frame(schema))
            continue
        chunks = read_csv_chunks(path, schema, chunksize=_REPORT_CHUNK_ROWS)
        if name in ("terms", "slogans"):
            inputs.update(occurrence_summaries(name, chunks))
        else:
            inputs[name], doc_counts[name] = _first_documents(chunks, _REPORT_MAX_DOCS, schema)
    path = out / "documents.csv"
    if "documents" in tables and "documents" not in inputs and path.is_file():
        from ..report import document_summary

        shown = {d for name in ("themes", "outline") if name in inputs
                 for d in inputs[name]["doc_id"]}
        inputs["document_summary"] = document_summary(
            read_csv_chunks(path, DOCUMENT_DTYPES, chunksize=_REPORT_CHUNK_ROWS),
            head=max(_REPORT_MAX_ROWS, _REPORT_MAX_DOCS), doc_ids=shown)
    return inputs, doc_counts


def _first_documents(chunks: Iterable[Any], n: int, schema: Mapping[str, Any]) -> tuple[Any, int]:
    """The rows of the first ``n`` documents of a per-document table read in chunks (each
    document's rows together), and the number of documents in the whole table."""
    import pandas as pd

    first: list[Any] = []
    kept = []
    n_docs, last = 0, None
    for chunk in chunks:
        if chunk.empty:
            continue
        docs = chunk["doc_id"]
        starts = docs.ne(docs.shift())
        starts.iloc[0] = docs.iloc[0] != last
        n_docs += int(starts.sum())
        last = docs.iloc[-1]
        if len(first) < n:
            first.extend(docs[starts].tolist()[: n - len(first)])
        rows = chunk[docs.isin(first)]
        if len(rows):
            kept.append(rows)
    return (pd.concat(kept) if kept else empty_frame(schema)), n_docs


def write_report_files(tables: Mapping[str, Any], out: Path, fmt: str = "csv") -> list[str]:
    """Write ``report.html`` and ``charts/*.png``; return the files written, relative to
    ``out`` (none when the report fails: its error is printed, the tables stay)."""
    import shutil

    try:
        from ..report import write_report
    except ImportError:
        return []
    target = out / "report.html"
    tmp = out / temporary_name("report.html")
    # the charts are made in a folder of their own, then moved into charts/: so the run
    # knows which it wrote, and an earlier run's charts are never mixed with half of these
    charts_tmp = out / temporary_name("charts")
    written = []
    try:
        inputs, doc_counts = _report_inputs(tables, out, fmt)
        write_report(inputs, tmp, charts_dir=charts_tmp, max_docs=_REPORT_MAX_DOCS,
                     max_rows=_REPORT_MAX_ROWS, doc_counts=doc_counts)
        charts = sorted(p for p in charts_tmp.glob("*.png")) if charts_tmp.is_dir() else []
        if charts:
            (out / "charts").mkdir(exist_ok=True)
        for p in charts:
            os.replace(p, out / "charts" / p.name)
            written.append(f"charts/{p.name}")
        os.replace(tmp, target)
        written.append(target.name)
    except Exception as exc:  # the tables are written; a report failure must not lose them
        print(f"policytext: report.html not written ({type(exc).__name__}: {exc})", file=sys.stderr)
        unlink_quietly(tmp)
    finally:
        shutil.rmtree(charts_tmp, ignore_errors=True)
    return written
