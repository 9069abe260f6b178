"""Batch analysis: the same per-document function mapped over files, in-process, in worker
processes, or on a Dask cluster, then corpus-level tables built from per-document results.

Documents are streamed: a worker reads, cleans and analyses a chunk of files (about 1 MB, stage
by stage, so each stage's working set stays in the CPU caches) and returns compact rows and
token counts, never the token lists. The main process consumes results in input order (so every
table is the same whatever the worker count or scheduler), appends the occurrence tables
(terms, slogans, quotes, outline) to temporary files as it goes, and keeps only aggregates — a
sparse document × token matrix, term counts per year, first appearances — so memory grows with
the vocabulary, not with the corpus.

Every input is accounted for in ``documents`` with status ``ok``, ``error`` or ``skipped`` and a
reason a person understands; a bad file (or a bug an odd file triggers in an extractor) never
stops the batch. Tables are written atomically (temporary file + rename): an interrupted run
leaves the previous complete tables, never a half-written one.

``resume=True`` reuses the per-document results of earlier runs in the same output folder for
files whose relative path, size, modification time and content (a BLAKE2b hash of the bytes)
are unchanged (and analysed with the same options and lexicon); corpus-level tables are always recomputed. Per-document results are kept
in ``<out>/.policytext-state/results.jsonl``, appended as documents finish, so a run that was
interrupted can be resumed too (it loses at most the chunk that was in progress).

Modules, one job each: :mod:`.options` (what is computed), :mod:`.extractors` (the extractor
registry and table schemas), :mod:`.results` (one document's results and their encodings),
:mod:`.worker` (the per-document work in a process), :mod:`.plan` (the input plan),
:mod:`.executors` (in-process, pool and Dask execution), :mod:`.state` (the ``resume`` state),
:mod:`.folder` (the output folder's names, checks and clean-up), :mod:`.output` (row tables,
:class:`Tables`, the sink, table writes), :mod:`.reporting` (``report.html``),
:mod:`.progress` and :mod:`.run` (:func:`analyze`).
"""

from __future__ import annotations

# the names other modules, tests and benchmarks use from ``policytext.batch`` ("X as X": a re-export)
from .executors import CRASHED_REASON as CRASHED_REASON
from .extractors import DOCUMENT_COLUMNS as DOCUMENT_COLUMNS
from .extractors import DOCUMENT_DTYPES as DOCUMENT_DTYPES
from .extractors import EXTRACTORS as EXTRACTORS
from .extractors import ROW_TABLES as ROW_TABLES
from .folder import STATE_DIR as STATE_DIR
from .folder import check_output_apart, prepare_output_folder
from .options import AnalyzeOptions
from .output import Sink as Sink
from .output import Tables, write_tables
from .plan import Plan as Plan
from .results import DocResult
from .results import encode_result as encode_result
from .results import frame_rows as frame_rows
from .run import WORKERS_PER_CORE as WORKERS_PER_CORE
from .run import analyze
from .state import Prev as Prev
from .worker import Worker as Worker
from .worker import analyze_document, exit_with_parent, quiet_reader_warnings, tune_gc_for_batch
from .worker import file_digest as file_digest

__all__ = ["AnalyzeOptions", "DocResult", "Tables", "analyze", "analyze_document",
           "check_output_apart", "exit_with_parent", "prepare_output_folder",
           "quiet_reader_warnings", "tune_gc_for_batch", "write_tables"]
