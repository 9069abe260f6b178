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
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import json
import math
import os
import re
import sys
import time
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._strings import StringList
from ._text_safety import csv_frame, csv_rows, terminal_safe, uncsv_frame
from .corpus import DOCVAR_COLUMNS, Document, unique_id
from .errors import DocumentReadError, MissingDependencyError, OutputFolderError, PolicyTextError
from .io import OUTPUT_FOLDER_MARK, printable_name
from .lexicon import Lexicon

__all__ = ["AnalyzeOptions", "DocResult", "Tables", "analyze", "analyze_document",
           "check_output_apart", "exit_with_parent", "prepare_output_folder",
           "quiet_reader_warnings", "tune_gc_for_batch", "write_tables"]

DOCUMENT_COLUMNS = ("doc_id", "path", "status", "error", *DOCVAR_COLUMNS, "n_chars", "notes")
DOCUMENT_DTYPES = {"doc_id": object, "path": object, "status": object, "error": object,
                   "title": object, "date": object, "year": "Int64", "genre": object,
                   "speaker": object, "region": object, "doubts": object, "n_chars": "Int64",
                   "notes": object}

#: Per-document extractors and the table each fills.
EXTRACTORS = ("terms", "tokens", "slogans", "quotes", "outline", "targets")
_ROW_TABLES = ("terms", "slogans", "quotes", "outline", "targets")

STATE_DIR = OUTPUT_FOLDER_MARK  # (the input walk skips folders that hold one)
_STATE_FILE = "results.jsonl"
_STATE_VERSION = 4  # 2: compact term counts, punctuated terms kept whole; 3: packed token
# counts; 4: occurrence rows referenced in the tables (see _State), not copied into the state


@dataclass(frozen=True)
class AnalyzeOptions:
    """What the per-document work computes (picklable; shipped to workers once).

    Attributes
    ----------
    lexicon_paths
        Extra TSV lexicons merged into the built-in one.
    engine
        Tokenizer engine (``auto``, ``jieba``, ``rjieba``).
    extractors
        Per-document extractors to run: any of ``terms``, ``tokens``, ``slogans``, ``quotes``,
        ``outline``.
    max_bytes
        Files larger than this are reported as errors instead of read.
    pos_filter
        Drop function words by part of speech before counting tokens (as
        :class:`~policytext.extract.themes.PolicyAnalyzer` does by default). Off by default in
        batch runs: tagging costs 2–3× the segmentation, and the stopword, function-word and
        noise filters already remove most of what it would.
    top_n
        Keywords per document in ``themes``.
    keyness_top_n
        Keywords per year in ``keyness``.
    step_timeout
        Seconds one step (reading, terms, tokens, one extractor) may take on one document
        before the document is recorded as an error; a pathological file (a 10 MB line, 200,000
        markers) then cannot hold up the batch. Enforced with ``SIGALRM`` where tasks run on a
        process's main thread (in-process and ``--workers N`` on POSIX); ``None`` disables it.
    """

    lexicon_paths: tuple[str, ...] = ()
    engine: str = "auto"
    extractors: tuple[str, ...] = EXTRACTORS
    max_bytes: int = 200_000_000
    pos_filter: bool = False
    top_n: int = 20
    keyness_top_n: int = 50
    step_timeout: float | None = 60.0

    def __post_init__(self) -> None:
        bad = sorted(set(self.extractors) - set(EXTRACTORS))
        if bad:
            raise PolicyTextError(f"unknown extractor(s) {bad}; valid extractors are {list(EXTRACTORS)}")

    def fingerprint(self) -> str:
        """A hash of everything that changes per-document results: options, package version,
        built-in and user lexicons, stopwords (used to decide what ``resume`` may reuse)."""
        from importlib import resources

        from . import __version__

        h = hashlib.sha256()
        h.update(repr((_STATE_VERSION, __version__, self.engine, tuple(self.extractors),
                       self.max_bytes, self.pos_filter)).encode())
        for name in ("lexicon.tsv", "stopwords.txt"):
            try:
                h.update(resources.files("policytext.resources").joinpath(name).read_bytes())
            except (FileNotFoundError, OSError):
                h.update(b"-")
        for p in self.lexicon_paths:
            try:
                h.update(Path(p).read_bytes())
            except OSError:
                h.update(str(p).encode())
        return h.hexdigest()[:16]


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
    #: _Worker.local_ids and TokenMatrix.add_ids): ``(vocabulary key, ids known before this
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
        finds in the tables written to the output (see :class:`_State`); of an encoded result
        (see :func:`_encode`), only the rows the collecting process aggregates."""
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


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (str, int, bool)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if _isna(v):
        return None
    return v.item() if hasattr(v, "item") else v


# --- per-document work -------------------------------------------------------------------------
class _StageError(Exception):
    def __init__(self, stage: str, exc: BaseException) -> None:
        self.stage, self.exc = stage, exc
        super().__init__(f"{stage}: {type(exc).__name__}: {exc}")


class _StepTimeout(BaseException):
    """Raised by SIGALRM inside a step (a BaseException, so extractors' ``except Exception``
    cannot swallow it)."""


class _Deadline:
    """``with _Deadline(seconds):`` raises :class:`_StepTimeout` in the block after ``seconds``
    (a no-op off the main thread or where SIGALRM does not exist)."""

    def __init__(self, seconds: float | None) -> None:
        import signal
        import threading

        self.seconds = seconds
        self.active = bool(seconds) and hasattr(signal, "setitimer") and (
            threading.current_thread() is threading.main_thread())
        self._old: Any = None

    @staticmethod
    def _raise(signum, frame):
        raise _StepTimeout

    def __enter__(self) -> _Deadline:
        if self.active:
            import signal

            self._old = signal.signal(signal.SIGALRM, self._raise)
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds))  # type: ignore[arg-type]
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old if self._old is not None else signal.SIG_DFL)


class _Worker:
    """Per-process state: lexicon, matcher, tokenizer and extractors built once, reused for
    every file (the pool initialiser builds one per worker process)."""

    def __init__(self, options: AnalyzeOptions) -> None:
        from .extract.terms import matcher_for
        from .tokenize import Tokenizer

        lexicon = Lexicon.builtin()
        for p in options.lexicon_paths:
            lexicon = lexicon.merge(Lexicon.from_tsv(p))
        self.options = options
        self.lexicon = lexicon
        # the matcher slogans() uses for the same lexicon: the two share one scan per document
        self.matcher = matcher_for(lexicon)
        self.tokenizer = Tokenizer(lexicon, engine=options.engine)
        self.analyzer = _make_analyzer(self.tokenizer, options.pos_filter)
        #: set by the process pool and the in-process runner, whose results reach the
        #: collecting process in the order this worker made them (not on Dask)
        self.local_ids: Callable[[Mapping[str, int]], tuple] | None = None
        self.extractors = {name: fn for name in ("slogans", "quotes", "outline", "targets")
                           if name in options.extractors and (fn := _extractor(name)) is not None}
        self.schemas = {name: _schema_cached(name) for name in _ROW_TABLES if name in options.extractors
                        and (name == "terms" or name in self.extractors)}
        #: row-level versions of the extractors (tuples in the table's column order, no
        #: DataFrame) where the extractor module has one and its columns are the expected ones
        self.row_extractors = {
            name: rows for name, fn in self.extractors.items()
            if (rows := getattr(fn, "rows", None)) is not None
            and tuple(self.schemas[name]) == _ROW_COLUMNS.get(name)}
        self.stages = self._make_stages()

    def use_local_ids(self) -> _Worker:
        """Send token counts as ids in a vocabulary of this worker's own (with the tokens it
        has not sent before), so the collecting process maps a document's tokens with one
        numpy index instead of a dictionary look-up per token: with ``--workers N`` it shares
        the cores with the workers, and its work per document limits the speed-up."""
        import uuid
        from array import array

        from .extract.aggregate import Vocabulary

        vocab = Vocabulary()
        key = uuid.uuid4().hex

        def local_ids(counts: Mapping[str, int]) -> tuple:
            n0 = len(vocab)
            ids = vocab.ids(counts)
            return key, n0, vocab.terms[n0:], ids.tobytes(), array("i", counts.values()).tobytes()

        self.local_ids = local_ids
        return self

    def warm_up(self) -> _Worker:
        self.tokenizer.warm_up()
        return self

    def run(self, index: int, path: str, doc_id: str, encode: bool = False) -> DocResult:
        return self.run_many([(index, path, doc_id, encode)])[0]

    def run_many(self, tasks: Sequence[tuple[int, str, str, bool]]) -> list[DocResult]:
        """Results of several tasks ``(index, path, doc_id, encode)``, in order, computed stage by
        stage: every file of the chunk is read and cleaned, then every document's terms are
        counted, then every document is tokenized, and so on. Each stage's working set (the
        segmenter's dictionary, the automata, the memos) then stays in the CPU caches from one
        document to the next; run one document at a time, the stages evict each other and the
        same work takes ~20% longer. A failure still only affects its own document."""
        results: list[DocResult | None] = [None] * len(tasks)
        live: list[list[Any]] = []  # [position, document, result, seconds so far]
        for k, (index, path, doc_id, _) in enumerate(tasks):
            t0 = time.perf_counter()
            # before reading: a file changed meanwhile no longer matches, and is redone
            size, mtime = self._stat(path)
            digest = file_digest(path)
            doc, failure = self._read(index, path, doc_id)
            if failure is not None:
                failure.size, failure.mtime_ns = size, mtime
                results[k] = failure
                continue
            result = _new_result(doc, index, path)
            result.size, result.mtime_ns, result.digest = size, mtime, digest
            live.append([k, doc, result, time.perf_counter() - t0])
        deadline = _Deadline(self.options.step_timeout)
        for stage, run_stage in self.stages:
            for item in live:
                k, doc, result, spent = item
                if results[k] is not None:
                    continue  # failed at an earlier stage
                t0 = time.perf_counter()
                try:
                    with deadline:
                        run_stage(doc, result)
                except (Exception, _StepTimeout) as exc:
                    results[k] = self._failed_stage(result, stage, exc, spent + time.perf_counter() - t0)
                item[3] = spent + time.perf_counter() - t0
        for k, _doc, result, spent in live:
            if results[k] is None:
                result.seconds = spent
                # ids only for documents that reach the collecting process (in order), so it
                # learns every token this worker's ids refer to
                if self.local_ids is not None and result.token_counts:
                    result.token_ids = self.local_ids(result.token_counts)
                if tasks[k][3]:
                    _encode(result)
                results[k] = result
        self.matcher.forget()
        return results  # type: ignore[return-value]

    @staticmethod
    def _stat(path: str) -> tuple[int | None, int | None]:
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        return st.st_size, st.st_mtime_ns

    def _read(self, index: int, path: str, doc_id: str) -> tuple[Document | None, DocResult | None]:
        """The cleaned document, or the error result that stands for it."""
        from .io import read

        t0 = time.perf_counter()

        def fail(reason: str) -> tuple[None, DocResult]:
            return None, DocResult(index, doc_id, path, "error", reason,
                                   seconds=time.perf_counter() - t0)

        limit = self.options.step_timeout
        try:
            with _Deadline(limit):
                # offsets are reported in the cleaned text: the map back to the source is not needed
                return read(path, doc_id=doc_id, max_bytes=self.options.max_bytes,
                            keep_source=False), None
        except _StepTimeout:
            return fail(f"reading and cleaning took longer than {limit:g} s (step_timeout)")
        except DocumentReadError as exc:
            return fail(exc.reason)
        except PolicyTextError as exc:
            return fail(str(exc))
        except MemoryError:
            return fail("file too large to read into memory")
        except RecursionError:
            return fail("file too deeply nested to read (RecursionError)")
        except Exception as exc:  # a reader bug must not stop the batch
            return fail(f"could not read the file ({type(exc).__name__}: {exc})")

    def _failed_stage(self, result: DocResult, stage: str, exc: BaseException, seconds: float) -> DocResult:
        if isinstance(exc, _StepTimeout):
            reason = (f"the {stage} step took longer than {self.options.step_timeout:g} s on this "
                      "file (step_timeout); the file is probably pathological (e.g. one huge "
                      "line or thousands of repeated markers)")
        else:
            reason = f"internal error in the {stage} step ({type(exc).__name__}: {exc}); please report it"
        return DocResult(result.index, result.doc_id, result.path, "error", reason, seconds=seconds,
                         size=result.size, mtime_ns=result.mtime_ns, digest=result.digest)

    def _make_stages(self) -> list[tuple[str, Callable[[Document, DocResult], None]]]:
        """``(name, function(document, result))`` of each per-document step, in order; each
        stores its output in the result."""
        extractors = self.options.extractors
        stages: list[tuple[str, Callable[[Document, DocResult], None]]] = []
        if "terms" in extractors:
            from .extract.terms import term_rows

            matcher = self.matcher

            def terms(doc: Document, result: DocResult) -> None:
                result.tables["terms"] = term_rows(doc, matcher)  # plain Python values

            stages.append(("terms", terms))
        if "tokens" in extractors:
            analyzer = self.analyzer
            counts = getattr(analyzer, "counts", None) or (lambda text: dict(Counter(analyzer(text))))

            def tokens(doc: Document, result: DocResult) -> None:
                result.token_counts = counts(doc.text)

            stages.append(("tokens", tokens))
        for name, fn in self.extractors.items():
            row_fn = self.row_extractors.get(name)

            def extract(doc: Document, result: DocResult, name=name, fn=fn, row_fn=row_fn) -> None:
                if row_fn is not None:
                    result.tables[name] = row_fn(doc, self)
                else:
                    result.tables[name] = _frame_rows(fn(doc, self), list(self.schemas[name]))

            stages.append((name, extract))
        return stages


def file_digest(path: str | os.PathLike) -> str | None:
    """A hash of the file's bytes (BLAKE2b, 128 bits, hex), or None when it cannot be read:
    how ``resume`` knows a file is the one an earlier result was made from. Hashing costs
    about a millisecond per megabyte, far below the analysis."""
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _encode(result: DocResult) -> None:
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
    # what _Sink.add aggregates: (term, count) for the trends, not the whole term rows
    kept = {"_term_counts": [(t[1], t[3]) for t in result.tables.get("terms", [])]}
    if slogans is not None:
        from .extract.aggregate import first_seen_summary

        kept["_first_seen_doc"] = first_seen_summary(_first_seen_triples(slogans))
    result.tables = kept
    # UTF-8 bytes from here on: a worker process's result is pickled as is (bytes pickle as a
    # copy, str is re-encoded and decoded), and the collecting process writes them unchanged
    result.state_body = result.to_json().encode("utf-8")
    result.encoded = {name: text.encode("utf-8") for name, text in encoded.items()}
    if result.token_ids is not None:
        result.token_counts = {}  # in the state body; the collecting process uses the ids


_SLOGAN_FIELDS = ("term", "category", "kind", "label")


def _first_seen_triples(rows: list[tuple]) -> list[tuple]:
    """:func:`~policytext.extract.aggregate.first_seen_rows` of slogan rows (tuples in the
    slogans table's column order)."""
    from .extract.aggregate import first_seen_rows

    cols = list(_schema_cached("slogans"))
    try:
        it, ic, ik, il = (cols.index(c) for c in _SLOGAN_FIELDS)
    except ValueError:
        return first_seen_rows(dict(zip(cols, r)) for r in rows)
    return [(r[it], r[ic], r[ik]) for r in rows
            if r[il] == "formulation" and r[ik] in ("lexicon", "numeric")]


def _make_analyzer(tokenizer, pos_filter: bool) -> Callable[[str], list[str]]:
    try:
        from .extract.themes import DROP_POS, PolicyAnalyzer
    except ImportError:  # pragma: no cover - themes ships with the package
        from .lexicon import load_stopwords

        stop = load_stopwords()
        return lambda text: [t for t in tokenizer.tokenize(text) if is_content_token(t, stop)]
    return PolicyAnalyzer(tokenizer, drop_pos=DROP_POS if pos_filter else None)


_WORKER: _Worker | None = None


def _init_worker(options: AnalyzeOptions) -> None:
    global _WORKER  # per-process cache, set by the pool initialiser in a worker process
    exit_with_parent()
    _WORKER = _Worker(options).use_local_ids().warm_up()
    tune_gc_for_batch()
    quiet_reader_warnings()


def exit_with_parent() -> None:
    """In a worker process: end it as soon as the process that started it is gone.

    A parent ended by ``kill -9`` or the OOM killer cannot stop its pool; its workers would
    go on for good, holding the terminal and any pipe on standard output
    (``policytext analyze … | tee log`` would never end). A daemon thread waits on the
    parent's sentinel (a pipe on POSIX, a process handle on Windows: ready when the parent
    dies) and ends the process. A no-op in a process that multiprocessing did not start.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        os._exit(1)  # no cleanup to do: the parent's run owns the output folder

    threading.Thread(target=watch, name="policytext-exit-with-parent", daemon=True).start()


def quiet_reader_warnings() -> None:
    """Keep pypdf's warnings off standard error — only in a process policytext owns (the
    ``policytext`` command, a pool worker), never in a caller's process, whose logging
    settings decide.

    With no logging configured, Python prints them bare ("EOF marker not found"), without
    the file they are about, among the progress and summary lines; the reason a file failed
    is in ``documents.csv`` and the summary either way.
    """
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)


def tune_gc_for_batch() -> None:
    """Make Python's cyclic garbage collector cheap for a batch run — only in a process
    policytext owns (the ``policytext`` command, a pool worker), never in a caller's process
    (a notebook keeps its own settings).

    The objects alive now (modules, lexicon, tokenizer) are frozen out of every collection,
    and a collection starts after 20,000 net allocations instead of 700: the batch allocates
    millions of short-lived tuples and lists, and each full collection walks the whole heap,
    which grows with the corpus. Measured on 20 MB of 新闻联播: collections took 0.39 s of a
    7 s run before, 0.12 s after (``gc.callbacks``). Garbage in reference cycles (rare here)
    is still collected, only later.
    """
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 10)


def _run_chunk_in_worker(tasks: list[tuple[int, str, str, bool]]) -> list[DocResult]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run_many(tasks)


#: Input bytes per chunk of documents a worker runs stage by stage (see _Worker.run_many): big
#: enough that each stage's working set is reused, small enough to bound memory (the chunk's
#: cleaned texts and results are held at once).
_CHUNK_BYTES = 1 << 20
_MAX_CHUNK_DOCS = 64  # at most terms.RECENT_SCANS: the stages of a chunk share its lexicon scans


def _task_bytes(task: tuple[int, str, str, bool]) -> int:
    try:
        return os.stat(task[1]).st_size
    except OSError:
        return 0


def _total_bytes(tasks: Iterable[tuple[int, str, str, bool]]) -> int:
    return sum(map(_task_bytes, tasks))


def _chunks(tasks: Iterable[tuple[int, str, str, bool]], max_bytes: int) -> Iterator[list[tuple[int, str, str, bool]]]:
    """Consecutive tasks in groups of about ``max_bytes`` of input (at most _MAX_CHUNK_DOCS
    files; a bigger file makes a chunk of its own)."""
    chunk: list[tuple[int, str, str, bool]] = []
    size = 0
    for task in tasks:
        n = _task_bytes(task)
        if chunk and (size + n > max_bytes or len(chunk) >= _MAX_CHUNK_DOCS):
            yield chunk
            chunk, size = [], 0
        chunk.append(task)
        size += n
    if chunk:
        yield chunk


def _run_task_standalone(task: tuple[int, str, str, bool], options: AnalyzeOptions) -> DocResult:
    """Dask entry point: builds (and caches) the worker state in the executing process."""
    global _WORKER
    if _WORKER is None or _WORKER.options != options:
        _WORKER = _Worker(options)
    return _WORKER.run(*task)


def analyze_document(
    doc: Document,
    worker: _Worker | None = None,
    *,
    index: int = 0,
    relpath: str | None = None,
    path: str | None = None,
) -> DocResult:
    """Run the per-document extractors on one document (see :class:`AnalyzeOptions`).

    Raises ``_StageError`` naming the step when an extractor fails (the batch runner records it).
    """
    worker = worker or _Worker(AnalyzeOptions())
    result = _new_result(doc, index, path or relpath or doc.path or doc.doc_id)
    deadline = _Deadline(worker.options.step_timeout)
    for stage, run_stage in worker.stages:
        try:
            with deadline:
                run_stage(doc, result)
        except (Exception, _StepTimeout) as exc:
            raise _StageError(stage, exc) from exc
    return result


def _new_result(doc: Document, index: int, path: str) -> DocResult:
    docvars = {k: _plain(v) for k, v in doc.docvars().items() if k in (*DOCVAR_COLUMNS, "n_chars")}
    # What reading and cleaning doubted (damaged bytes replaced, a large share removed): the
    # document is analysed (status ok) and the doubt is shown beside it.
    docvars["notes"] = "; ".join(doc.notes) or None
    return DocResult(index, doc.doc_id, path, "ok", docvars=docvars)


def _frame_rows(frame, cols: list[str]) -> list[tuple]:
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
            values = [_plain(v) for v in values]
        columns.append(values)
    return list(zip(*columns))


_PLAIN_TYPES = {str, type(None)}


#: Columns the row-level extractors (:func:`_row_extractor`) produce, in order.
_ROW_COLUMNS = {
    "outline": ("doc_id", "node_id", "parent_id", "depth", "kind", "marker", "style", "ordinal",
                "title", "title_end_known", "start", "end"),
    "quotes": ("doc_id", "speaker", "verb", "quote", "start", "end"),
    "slogans": ("doc_id", "term", "surface", "kind", "category", "numeric", "quoted", "label",
                "start", "end", "sentence"),
    "targets": ("doc_id", "indicator", "canonical", "value", "value_high", "unit", "qualifier",
                "kind", "year", "start", "end", "sentence"),
}


def _row_extractor(name: str) -> Callable[[Document, _Worker], list[tuple]] | None:
    """Rows of one extractor's table straight from its row-level iterator (no DataFrame), in
    the order of ``_ROW_COLUMNS[name]``, or None when the module has none."""
    try:
        if name == "slogans":
            from .extract.slogans import slogan_rows  # plain tuples in SLOGAN_COLUMNS order

            return lambda doc, worker: slogan_rows(
                doc, lexicon=worker.lexicon if worker.options.lexicon_paths else None)
        if name == "outline":
            from .extract.outline import iter_outline

            return lambda doc, worker: [
                (doc.doc_id, n.node_id, n.parent_id, n.depth, n.kind, n.marker, n.style,
                 n.ordinal, n.title, n.title_end_known, n.start, n.end)
                for n in iter_outline(doc.text)]
        if name == "quotes":
            from .extract.quotes import iter_quotes

            return lambda doc, worker: [(doc.doc_id, q.speaker, q.verb, q.quote, q.start, q.end)
                                for q in iter_quotes(doc.text)]
        if name == "targets":
            from .extract.targets import target_rows  # plain tuples in TARGET_COLUMNS order

            return lambda doc, worker: target_rows(doc)
    except ImportError:
        return None
    return None


def _extractor(name: str) -> Callable | None:
    try:
        if name == "slogans":
            from .extract.slogans import slogans

            # lexicon=None uses the built-in lexicon's matcher, compiled once per process;
            # passing a Lexicon makes slogans() compile a matcher on every call
            fn = lambda doc, worker: slogans(  # noqa: E731
                doc, lexicon=worker.lexicon if worker.options.lexicon_paths else None)
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "quotes":
            from .extract.quotes import quotes

            fn = lambda doc, worker: quotes(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "outline":
            from .extract.outline import outline

            fn = lambda doc, worker: outline(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
        if name == "targets":
            from .extract.targets import targets

            fn = lambda doc, worker: targets(doc)  # noqa: E731
            fn.rows = _row_extractor(name)  # type: ignore[attr-defined]
            return fn
    except ImportError:
        return None
    return None


def _schema(name: str) -> dict[str, Any]:
    """Column → dtype of a per-document table (what the extractor returns for no input)."""
    if name == "terms":
        from .extract.terms import TERM_COLUMNS

        return dict(zip(TERM_COLUMNS, (object, object, object, "int64", "float64")))
    if name == "slogans":  # declared: running the extractor would load its dictionaries
        from pandas.api.types import pandas_dtype

        from .extract.slogans import SLOGAN_COLUMNS

        return {c: pandas_dtype(t) for c, t in SLOGAN_COLUMNS.items()}
    fn = _extractor(name)
    if fn is None:
        return {}
    empty = fn(Document(text="", doc_id="-"), None)
    return {c: empty[c].dtype for c in empty.columns}


_SCHEMAS: dict[str, dict[str, Any]] = {}


def _schema_cached(name: str) -> dict[str, Any]:
    if name not in _SCHEMAS:
        _SCHEMAS[name] = _schema(name)
    return _SCHEMAS[name]


def is_content_token(token: str, stopwords: frozenset[str]) -> bool:
    """Whether a token counts for themes and keyness: not a stopword, number, single
    character, punctuation or Latin noise (fallback filter when themes is unavailable)."""
    if len(token) < 2 or token in stopwords:
        return False
    if not any("\u4e00" <= ch <= "\u9fff" for ch in token):
        return False
    return not all(ch in "〇○零一二三四五六七八九十百千万亿两几多余点%．.0123456789０１２３４５６７８９年月日" for ch in token)


# --- the runner ---------------------------------------------------------------------------------
class _Plan:
    """What a run does with each input, in input order: analyse it (a task), reuse an earlier
    result (``REUSE``, with the state's entry) or record it as found (``DONE``, with its status
    and reason: a file skipped or missing).

    The plan lives until the run ends, so it keeps no Python object per task: an input's path
    is its folder (one number: the folders are listed once) and the rest of it, stored UTF-8
    encoded with the other inputs' in a :class:`~policytext._strings.StringList`, and its
    document id is stored only when it is not that rest (the relative path, as it usually is).
    About ``len(relpath.encode()) + 13`` bytes an input; as tuples of strings the plan took
    ≈330 bytes an input (more with Chinese file names), most of what a run kept per document.
    """

    TASK, REUSE, DONE = 0, 1, 2
    _OWN_ID = 0x80  # kind flag: the document id is stored after the path's rest (NUL between)

    def __init__(self, *, encode: bool) -> None:
        self.encode = encode  # the tasks' flag: pre-encode results for an output folder
        self._kinds = bytearray()
        self._folders: dict[str, int] = {}  # path prefix → its number
        self._folder_names: list[str] = []
        self._folder_of = array("i")
        self._rests = StringList()
        # DONE and REUSE entries by position (ascending: found by bisection), with their item:
        # the number of a distinct DONE item; for REUSE, five int64 — the state line's offset
        # and length, the input's size and mtime, whether its path is the one in the state. A
        # resumed run reuses most inputs, and a folder can hold a million unsupported files.
        self._done_at, self._done_item = array("q"), array("i")
        self._reused_at, self._reused = array("q"), array("q")
        self._distinct: dict[Any, int] = {}
        self._distinct_items: list[Any] = []
        self.n_tasks = 0

    def add(self, path: str, doc_id: str, kind: int = TASK, item: Any = None) -> None:
        i = len(self._kinds)
        # the path ends with the relative path the id is made from (unless the id got a #2, or
        # the separators differ: then the whole path is the rest)
        cut = len(path) - len(doc_id) if doc_id and path.endswith(doc_id) else 0
        folder, rest = path[:cut], path[cut:]
        self._folder_of.append(_number(folder, self._folders, self._folder_names))
        if rest == doc_id:
            self._kinds.append(kind)
            self._rests.append(rest)
        else:  # NUL is in no path
            self._kinds.append(kind | self._OWN_ID)
            self._rests.append(f"{rest}\0{doc_id}")
        if kind == self.TASK:
            self.n_tasks += 1
        elif kind == self.DONE:
            self._done_at.append(i)
            self._done_item.append(_number(item, self._distinct, self._distinct_items))
        else:
            self._reused_at.append(i)
            self._reused.extend((item.offset, item.length, item.size, item.mtime_ns,
                                 item.path == path))

    def __len__(self) -> int:
        return len(self._kinds)

    @property
    def nbytes(self) -> int:
        """Bytes the plan holds (its folders and distinct DONE items aside)."""
        arrays = (self._kinds, self._folder_of, self._done_at, self._done_item, self._reused_at,
                  self._reused)
        return self._rests.nbytes + sum(map(sys.getsizeof, arrays))

    def kind(self, i: int) -> int:
        return self._kinds[i] & ~self._OWN_ID

    def item(self, i: int) -> Any:
        """The item of a DONE entry, or the :class:`_Prev` of a REUSE entry."""
        return self._item(i, self.kind(i), *self.names(i))

    def _item(self, i: int, kind: int, path: str, doc_id: str) -> Any:
        if kind == self.DONE:
            return self._distinct_items[self._done_item[bisect_left(self._done_at, i)]]
        if kind != self.REUSE:
            raise KeyError(f"input {i} is a task: it has no item")
        k = 5 * bisect_left(self._reused_at, i)
        offset, length, size, mtime_ns, same = self._reused[k:k + 5]
        return _Prev(doc_id, path if same else None, size, mtime_ns, offset, length)

    def entries(self) -> Iterator[tuple[int, int, str, str, Any]]:
        """``(position, kind, path, doc_id, item)`` of every input in order (item None for a
        task), each input's names decoded once."""
        for i in range(len(self._kinds)):
            kind = self.kind(i)
            path, doc_id = self.names(i)
            yield i, kind, path, doc_id, None if kind == self.TASK else self._item(i, kind, path, doc_id)

    def names(self, i: int) -> tuple[str, str]:
        """``(path, doc_id)`` of input ``i``."""
        rest = self._rests[i]
        if self._kinds[i] & self._OWN_ID:
            rest, _, doc_id = rest.partition("\0")
        else:
            doc_id = rest
        return self._folder_names[self._folder_of[i]] + rest, doc_id

    def tasks(self) -> _PlanTasks:
        return _PlanTasks(self)


def _number(value: Any, numbers: dict[Any, int], values: list[Any]) -> int:
    """The number of ``value`` in ``values`` (appended with the next number if new)."""
    number = numbers.get(value)
    if number is None:
        number = numbers[value] = len(values)
        values.append(value)
    return number


class _PlanTasks:
    """The tasks ``(index, path, doc_id, encode)`` of a :class:`_Plan`, in order, made as they
    are iterated (a sized, re-iterable view: the executors go over them more than once)."""

    def __init__(self, plan: _Plan) -> None:
        self.plan = plan

    def __len__(self) -> int:
        return self.plan.n_tasks

    def __iter__(self) -> Iterator[tuple[int, str, str, bool]]:
        plan = self.plan
        kind, task, encode = plan.kind, _Plan.TASK, plan.encode
        for i in range(len(plan)):
            if kind(i) == task:
                yield (i, *plan.names(i), encode)


def analyze(
    inputs: Sequence[str | Path] | str | Path,
    out: str | Path | None = None,
    *,
    workers: int = 1,
    client: Any = None,
    scheduler: str | None = None,
    options: AnalyzeOptions | None = None,
    fmt: str = "csv",
    progress: bool | None = None,
    report: bool = True,
    resume: bool = False,
    follow_links: bool = False,
) -> Tables:
    """Analyse every file below ``inputs`` and (if ``out`` is given) write the tables.

    Parameters
    ----------
    inputs
        Files and folders (walked recursively).
    out
        Output folder; ``None`` returns the tables without writing (all held in memory).
    workers
        Worker processes (1: in this process).
    client, scheduler
        A ``dask.distributed.Client``, or a scheduler address (``tcp://host:port`` or
        ``local``) to run the per-document work on Dask (needs ``policytext[dask]``). The
        workers must be able to read the input paths.
    options
        Per-document settings (:class:`AnalyzeOptions`).
    fmt
        ``csv`` or ``parquet`` (needs pyarrow: ``pip install "policytext[parquet]"``).
    progress
        Show a progress line on stderr (default: when stderr is a terminal).
    report
        Also write ``report.html`` (when ``out`` is given).
    resume
        Reuse earlier results in ``out`` for unchanged files (see the module docstring).
    follow_links
        Also follow symbolic links that lead out of the input folders (by default they are
        listed as skipped: a link to ``/etc/passwd`` or to ``..`` would put files that are
        not part of the corpus in the tables and the report).

    Returns
    -------
    Tables
        A read-only mapping table name → DataFrame: ``documents`` (one row per input, status
        ``ok``/``error``/``skipped``), ``terms``, ``slogans``, ``quotes``, ``outline``,
        ``themes``, ``trends``, ``keyness`` (when at least two years are known) and
        ``first_seen``. Occurrence tables written to ``out`` are read back from disk on first
        access.

    Raises
    ------
    OutputFolderError
        Before any input is read, when ``out`` cannot be the output folder (see
        :func:`prepare_output_folder`, :func:`check_output_apart`) or another run is writing
        to it.
    LexiconError
        Before any input is read, when a file of ``options.lexicon_paths`` is not a lexicon.
    """
    _check_not_starting_a_worker()
    options = options or AnalyzeOptions()
    if fmt not in ("csv", "parquet"):
        raise PolicyTextError(f"unknown format {fmt!r}; valid formats are ['csv', 'parquet']")
    if fmt == "parquet":
        _require_parquet()
    if workers < 1:
        raise PolicyTextError(f"workers must be at least 1, not {workers}")
    workers = _bounded_workers(workers)
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    for p in options.lexicon_paths:  # here, not in every worker process as it starts
        Lexicon.from_tsv(p)
    run = _Run(workers, client, scheduler, options, fmt, progress, report, resume, follow_links)
    if out is None:
        return _analyze(inputs, None, run)
    from ._folder_lock import output_folder_lock

    check_output_apart(out, inputs)
    prepare_output_folder(out)
    with output_folder_lock(out):  # a second run into the same folder would wreck both
        _remove_stale_temporaries(Path(out))
        return _analyze(inputs, out, run)


#: worker processes per usable core at most: each holds a tokenizer and a lexicon (≈150 MB),
#: and the work is CPU-bound, so more than a few per core only costs memory
WORKERS_PER_CORE = 2


def _bounded_workers(workers: int) -> int:
    """``workers``, or fewer when that is far more than the cores (``--workers 500`` on a
    laptop would start 500 processes of 150 MB each), saying so on standard error. On
    Windows a process pool takes at most 61."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    limit = WORKERS_PER_CORE * cores
    if os.name == "nt":
        limit = min(limit, 61)
    if workers <= limit:
        return workers
    print(f"policytext: {workers} worker processes are more than this machine's {cores} "
          f"core(s) can use; starting {limit}", file=sys.stderr)
    return limit


def _temporary(name: str, tag: str = "") -> str:
    """The name of the temporary file (or folder) a run writes ``name`` to before renaming
    it: ``.<name>.tmp-<pid>[-<tag>]`` — hidden, and recognisable as left by a killed run (see
    :data:`_TEMPORARY`)."""
    return f".{name}.tmp-{os.getpid()}{'-' + tag if tag else ''}"


#: the names :func:`_temporary` makes
_TEMPORARY = re.compile(r"^\..+\.tmp-\d+(?:-[0-9a-z]+)?$")


def _remove_stale_temporaries(out: Path) -> None:
    """Remove what runs killed before their cleanup (SIGKILL, a power cut) left in ``out``:
    partial tables and spilled token counts, up to the size of the corpus. Only called with
    the folder's lock held, so no run that could still use them is going. The state folder's
    temporary tables are left to the state, which may point at their rows."""
    import shutil

    for entry in os.scandir(out):
        if _TEMPORARY.match(entry.name):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                _unlink(Path(entry.path))


@dataclass(frozen=True)
class _Run:
    """The settings of one :func:`analyze` call, once checked."""

    workers: int
    client: Any
    scheduler: str | None
    options: AnalyzeOptions
    fmt: str
    progress: bool | None
    report: bool
    resume: bool
    follow_links: bool


def _analyze(inputs: Sequence[str | Path], out: str | Path | None, run: _Run) -> Tables:
    """:func:`analyze` once its arguments are checked (and the output folder locked)."""
    from .io import iter_input_files

    options, fmt, resume = run.options, run.fmt, run.resume

    state = _State(Path(out), options.fingerprint()) if out is not None else None
    # what the last complete run wrote (read now: the state's commit tidies its folder)
    outputs = _Outputs(Path(out)) if out is not None else None
    previous = state.load() if (state is not None and resume) else {}
    plan = _Plan(encode=out is not None)
    used: set[str] = set()
    for f in iter_input_files(inputs, output_folder=out, follow_links_out=run.follow_links):
        doc_id = unique_id(f.relpath, used)
        path = str(f.path)
        if f.status != "ok":
            plan.add(path, doc_id, _Plan.DONE, (f.status, f.reason))
            continue
        prev = previous.get(doc_id)
        if prev is not None:  # same relative path: reuse when size, mtime and bytes are unchanged
            try:
                st = os.stat(f.path)
                if ((st.st_size, st.st_mtime_ns) == (prev.size, prev.mtime_ns)
                        and prev.digest is not None and file_digest(f.path) == prev.digest):
                    plan.add(path, doc_id, _Plan.REUSE, prev)
                    continue
            except OSError:
                pass
        plan.add(path, doc_id)
    del used, previous  # one string per input, for the rest of a long run
    tasks = plan.tasks()

    show = sys.stderr.isatty() if run.progress is None else run.progress
    bar = _Progress(len(tasks), enabled=show)
    sink = _Sink(options, out=Path(out) if out is not None else None, fmt=fmt)
    try:
        if state is not None:
            state.open()
        computed = _execute(tasks, options, workers=run.workers, client=run.client,
                            scheduler=run.scheduler)
        redo: _Worker | None = None  # recomputes a reused result whose rows are gone
        reused = 0
        try:
            for i, kind, path, doc_id, item in plan.entries():
                if kind == _Plan.DONE:
                    status, reason = item
                    r = DocResult(i, doc_id, path, status, reason)
                elif kind == _Plan.REUSE:
                    prev = item
                    r = state.read(prev, path)  # type: ignore[union-attr]
                    if r is None:  # its rows in the old tables changed since (edited by hand)
                        redo = redo or _Worker(options)
                        r = redo.run(i, path, prev.doc_id, encode=True)
                    else:
                        reused += 1
                    r.index = i
                else:
                    r = next(computed)
                    if r.index != i:  # pragma: no cover - the executors keep order
                        raise RuntimeError(f"result for input {r.index} arrived for input {i}")
                    bar.update(r.doc_id)
                # the rows first, then the state line that points at them
                refs = sink.add(r)
                if state is not None:
                    state.append(r, refs)
        finally:
            close = getattr(computed, "close", None)
            if close is not None:
                close()
        bar.close()
        tables = sink.finish()
        tables.reused = reused
        tables.other_options = state.other_options if state is not None and resume else 0
        if out is not None:
            moved = sink.commit(tables)
            if state is not None:
                state.commit(moved)
    except BaseException:
        # the cleanup must not replace the error (a full disk fails the closing flushes too);
        # whatever it cannot flush, --resume finds incomplete and computes again
        with contextlib.suppress(OSError):
            sink.abort()
        if state is not None:
            with contextlib.suppress(OSError):
                state.close()
        raise
    if outputs is not None:
        outputs.written.extend(f"{name}.{fmt}" for name in tables)
        if run.report:
            outputs.written.extend(_write_report(tables, Path(out), fmt))  # type: ignore[arg-type]
        outputs.commit()
    return tables


def _require_parquet() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        try:
            import fastparquet  # noqa: F401
        except ImportError:
            raise MissingDependencyError("--format parquet", "parquet", "pyarrow") from None


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
    from .extract.aggregate import THEME_DTYPES
    from .report import occurrence_summaries

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
        schema = _schema_cached(name) if name != "themes" else THEME_DTYPES
        if name == "targets":  # a few rows a document, read whole for the series over years
            inputs[name] = next(iter(_read_csv_chunks(path, schema, chunksize=None)),
                                _empty_frame(schema))
            continue
        chunks = _read_csv_chunks(path, schema, chunksize=_REPORT_CHUNK_ROWS)
        if name in ("terms", "slogans"):
            inputs.update(occurrence_summaries(name, chunks))
        else:
            inputs[name], doc_counts[name] = _first_documents(chunks, _REPORT_MAX_DOCS, schema)
    path = out / "documents.csv"
    if "documents" in tables and "documents" not in inputs and path.is_file():
        from .report import document_summary

        shown = {d for name in ("themes", "outline") if name in inputs
                 for d in inputs[name]["doc_id"]}
        inputs["document_summary"] = document_summary(
            _read_csv_chunks(path, DOCUMENT_DTYPES, chunksize=_REPORT_CHUNK_ROWS),
            head=_REPORT_MAX_ROWS, doc_ids=shown)
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
    return (pd.concat(kept) if kept else _empty_frame(schema)), n_docs


def _write_report(tables: Mapping[str, Any], out: Path, fmt: str = "csv") -> list[str]:
    """Write ``report.html`` and ``charts/*.png``; return the files written, relative to
    ``out`` (none when the report fails: its error is printed, the tables stay)."""
    import shutil

    try:
        from .report import write_report
    except ImportError:
        return []
    target = out / "report.html"
    tmp = out / _temporary("report.html")
    # the charts are made in a folder of their own, then moved into charts/: so the run
    # knows which it wrote, and an earlier run's charts are never mixed with half of these
    charts_tmp = out / _temporary("charts")
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
        _unlink(tmp)
    finally:
        shutil.rmtree(charts_tmp, ignore_errors=True)
    return written


class _Outputs:
    """The files a run writes in its output folder, listed in
    ``<out>/.policytext-state/outputs.json``, so the next complete run removes those it does
    not write again: ``keyness.csv`` when a run has one year, ``charts/outline.png``, the
    ``.csv`` tables after a switch to ``--format parquet``, ``report.html`` with
    ``--no-report``. Left beside the new tables they would be read as their results. Only
    names a run writes are ever removed (a user's own files in the folder stay); for a folder
    written before the list was kept, the names a run may write."""

    TABLES = ("documents", *_ROW_TABLES, "themes", "trends", "keyness", "first_seen")
    #: what a run writes (the only names removed): a table, the report, a chart
    NAME = re.compile(rf"^(?:(?:{'|'.join(TABLES)})\.(?:csv|parquet)|report\.html"
                      r"|charts/[a-z_]+\.png)$")
    FILE = "outputs.json"
    #: for a folder of a run that kept no list
    LEGACY = (*(f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")),
              "report.html", *(f"charts/{name}.png" for name in (
                  "terms", "trends", "heatmap", "timeline", "keyness", "outline")))

    def __init__(self, out: Path) -> None:
        self.out = out
        self.file = out / STATE_DIR / self.FILE
        self.written: list[str] = []
        self.before = self._load()

    def _load(self) -> list[str]:
        try:
            names = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return list(self.LEGACY) if (self.out / STATE_DIR).is_dir() else []
        except (OSError, ValueError):
            return list(self.LEGACY)
        if not isinstance(names, list):
            return list(self.LEGACY)
        return [n for n in names if isinstance(n, str) and self.NAME.match(n)]

    def commit(self) -> None:
        """Remove what an earlier run wrote and this one did not; then keep the new list."""
        new = set(self.written)
        for name in self.before:
            if name not in new:
                p = self.out.joinpath(*name.split("/"))
                if p.is_file() and not p.is_symlink():
                    _unlink(p)
        charts = self.out / "charts"
        if charts.is_dir() and not any(n.startswith("charts/") for n in new):
            with contextlib.suppress(OSError):
                charts.rmdir()  # only when empty: a user's file in it keeps it
        tmp = self.file.with_name(_temporary(self.FILE))
        try:
            tmp.write_text(json.dumps(sorted(new), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.file)
        except OSError:
            _unlink(tmp)  # the next run removes less; nothing of this run's is lost


def _execute(tasks, options, *, workers, client, scheduler) -> Iterator[DocResult]:
    """Results of ``tasks`` in task order."""
    if client is not None or scheduler:
        yield from _execute_dask(tasks, options, client=client, scheduler=scheduler)
        return
    if not tasks:
        return
    if workers <= 1 or len(tasks) <= 1:
        worker = _Worker(options).use_local_ids()
        for chunk in _chunks(tasks, _CHUNK_BYTES):
            yield from worker.run_many(chunk)
        return
    yield from _execute_pool(tasks, options, workers)


#: why a document whose worker process died has no results (see _execute_pool)
CRASHED_REASON = ("the worker process analysing this file died (killed, out of memory, or a "
                  "fault in a compiled library); the other files were analysed")


def _crashed(task: tuple[int, str, str, bool]) -> DocResult:
    """The error result of a task whose worker process died (in a pool or on Dask)."""
    index, path, doc_id, _ = task
    return DocResult(index, doc_id, path, "error", CRASHED_REASON)


def _execute_pool(tasks, options: AnalyzeOptions, workers: int) -> Iterator[DocResult]:
    """Results of ``tasks`` in task order, from ``workers`` spawned processes.

    A worker that dies (the OOM killer, a fault in a compiled library) breaks the whole pool.
    The chunks not done yet then run again in a new pool, after the first of them has run
    alone, one file per process, so the file the worker died on is found and reported as an
    error: the batch does not end, and a resumed run would not die on it again.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the same behaviour on Linux, macOS and Windows and inside Jupyter
    ctx = multiprocessing.get_context("spawn")

    def new_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n, mp_context=ctx, initializer=_init_worker,
                                   initargs=(options,))

    workers = min(workers, len(tasks))
    # smaller chunks than in-process, so that every worker gets several and none idles at the end
    per_chunk = max(_CHUNK_BYTES // 4, min(_CHUNK_BYTES, _total_bytes(tasks) // (workers * 8)))
    # (a list: Executor.map submits every chunk at once anyway, and a crash needs them again)
    chunks = list(_chunks(tasks, per_chunk))
    done = 0
    while done < len(chunks):
        try:
            with new_pool(workers) as pool:
                try:
                    for results in pool.map(_run_chunk_in_worker, chunks[done:]):
                        done += 1
                        yield from results
                except GeneratorExit:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        except BrokenProcessPool:
            # the chunk waited for, or one beside it, held the file: this one, alone, says
            yield from _run_alone(chunks[done], new_pool)
            done += 1


def _run_alone(chunk, new_pool: Callable[[int], Any]) -> Iterator[DocResult]:
    """Results of ``chunk``, one task per worker call; a task whose worker dies gets an
    error result, and a new worker (``new_pool(1)``) takes the next."""
    from concurrent.futures.process import BrokenProcessPool

    pool = None
    try:
        for task in chunk:
            if pool is None:
                pool = new_pool(1)
                try:
                    pool.submit(int).result()  # a worker that cannot even start is no file's fault
                except BrokenProcessPool:
                    raise PolicyTextError(
                        "worker processes end as soon as they start. If the script calling "
                        "analyze() has no `if __name__ == \"__main__\":` block, add one: every "
                        "worker process imports that script when it starts") from None
            try:
                yield from pool.submit(_run_chunk_in_worker, [task]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False)
                pool = None
                yield _crashed(task)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _execute_dask(tasks, options, *, client, scheduler) -> Iterator[DocResult]:
    try:
        from dask.distributed import Client, LocalCluster
        from distributed import KilledWorker
    except ImportError:
        raise MissingDependencyError("running on Dask", "dask", "dask[distributed]") from None
    own = cluster = None
    if client is None:
        if scheduler == "local":
            cluster = LocalCluster(processes=True, n_workers=os.cpu_count() or 1,
                                   threads_per_worker=1, dashboard_address=None)
            own = client = Client(cluster)
            client.run(quiet_reader_warnings)  # its workers are ours, as a pool's are
        else:
            try:
                own = client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise PolicyTextError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None
            except ValueError as exc:  # distributed's address parser: "missing port number"
                raise PolicyTextError(
                    f"{scheduler!r} is not a Dask scheduler address ({exc}); give "
                    "tcp://HOST:PORT, or 'local' for a cluster on this machine") from None
    try:
        if not tasks:
            return
        # the options go with every task (a few hundred bytes), not scattered once: a worker
        # that dies takes scattered data with it, and every task still waiting on it is lost
        tasks = list(tasks)
        futures = client.map(_run_task_standalone, tasks, options=options, pure=False)
        for i in range(len(futures)):  # in order: tables do not depend on completion order
            try:
                r = futures[i].result()
            except KilledWorker:  # the task killed every worker Dask let it try (as in a pool)
                r = _crashed(tasks[i])
            futures[i] = None  # release it on the cluster
            yield r
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()


class _Progress:
    """One line on standard error: documents analysed, share, speed, time left, the last one.
    Redrawn at most ten times a second (a run can finish a thousand documents a second)."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.t0 = self._shown = time.perf_counter()

    def update(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._shown < 0.1 and self.done < self.total:
            return
        self._shown = now
        rate = self.done / max(now - self.t0, 1e-9)
        left = _duration((self.total - self.done) / rate)
        sys.stderr.write(f"\r[{self.done}/{self.total} {self.done / self.total:4.0%}] "
                         f"{rate:.1f} docs/s, {left} left  {terminal_safe(label[:40]):<40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _duration(seconds: float) -> str:
    """``1h02m``, ``3m05s`` or ``12s``."""
    s = round(seconds)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


# --- resume state -------------------------------------------------------------------------------
@dataclass(slots=True)
class _Prev:
    """A result of an earlier run in the state file: its line's place, and what the input was."""

    doc_id: str
    path: str | None  # None: not the input's path now (the input folder moved)
    size: int | None
    mtime_ns: int | None
    offset: int
    length: int
    digest: str | None = None  # (not kept by the plan: read again from the line)


class _State:
    """``<out>/.policytext-state/results.jsonl``: one line per analysed document,
    ``<key JSON>\\t<DocResult JSON>\\t<row references JSON>``, appended as results arrive and
    compacted at the end of a complete run. A torn last line (an interrupted write) is ignored.

    A document's occurrence rows are not copied into the state: its line points at them,
    ``{table: [file, offset, length, crc32]}`` with the file relative to ``out``, in the tables
    the run writes. During a run these are its temporary tables, kept in the state folder when
    the run is interrupted; after a complete run, the tables themselves (for ``--format
    parquet``, CSV copies in the state folder). A resuming run reads the rows back from there
    and checks their CRC: a document whose rows changed (a table edited by hand) is analysed
    again. So the state holds the token counts and little else, not a second copy of the
    occurrence tables (which are larger than the corpus).
    """

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.out = out
        self.dir = out / STATE_DIR
        self.file = self.dir / _STATE_FILE
        self.fp = fingerprint
        #: documents :meth:`load` found analysed with other options (unusable: done again)
        self.other_options = 0
        self._fh: Any = None
        self._readers: dict[str, Any] = {}  # file (relative to out) -> open handle, or None
        # (offset, length) of the lines of this run, as two arrays: 16 bytes per document
        self._keep = (array("q"), array("q"))
        self._since_flush = 0

    def load(self) -> dict[str, _Prev]:
        prev: dict[str, _Prev] = {}
        sizes: dict[str, int] = {}
        try:
            fh = open(self.file, "rb")
        except OSError:
            return prev
        with fh:
            offset = 0
            for line in fh:
                length = len(line)
                if line.endswith(b"\n"):
                    head, _, _ = line.partition(b"\t")
                    try:
                        key = json.loads(head)
                        same_options = key.get("fp") == self.fp
                        self.other_options += not same_options
                        if (same_options and key.get("status") == "ok"
                                and self._rows_present(line, sizes)):
                            prev[key["doc_id"]] = _Prev(key["doc_id"], key["path"], key["size"],
                                                        key["mtime_ns"], offset, length,
                                                        key.get("digest"))
                        elif key.get("doc_id") in prev:
                            del prev[key["doc_id"]]  # a newer, unusable entry supersedes it
                    except (ValueError, KeyError, AttributeError, TypeError):
                        pass
                offset += length
        return prev

    def _rows_present(self, line: bytes, sizes: dict[str, int]) -> bool:
        """Whether every table file ``line`` points at exists and is long enough (the cheap
        check; :meth:`read` checks the rows' CRC)."""
        fields = line.rstrip(b"\n").split(b"\t")
        if len(fields) != 3:
            return False
        for file, offset, length, _crc in json.loads(fields[2]).values():
            if file not in sizes:
                try:
                    sizes[file] = self._path(file).stat().st_size
                except OSError:
                    sizes[file] = -1
            if offset + length > sizes[file]:
                return False
        return True

    def _path(self, file: str) -> Path:
        return self.out.joinpath(*file.split("/"))

    def open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.file, "a+b")
        self._fh.seek(0, os.SEEK_END)
        end = self._fh.tell()
        if end:
            self._fh.seek(end - 1)
            if self._fh.read(1) != b"\n":  # torn line from an interrupted run
                self._fh.seek(0, os.SEEK_END)
                self._fh.write(b"\n")
        self._fh.seek(0, os.SEEK_END)

    def read(self, prev: _Prev, path: str) -> DocResult | None:
        """The result ``prev`` stands for, now at ``path``, with its occurrence rows read back
        from the tables; None when those rows changed since, or the line itself is damaged."""
        line = self._read("results", self.file, prev.offset, prev.length)
        try:
            head, body, refs = line.rstrip(b"\n").split(b"\t")  # type: ignore[union-attr]
            digest = json.loads(head)["digest"]
            encoded: dict[str, bytes] = {}
            for name, (file, offset, length, crc) in json.loads(refs).items():
                rows = self._read(file, self._path(file), offset, length)
                if rows is None or len(rows) != length or zlib.crc32(rows) != crc:
                    return None
                encoded[name] = rows
            r = DocResult.from_json(0, body.decode("utf-8"))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # changed on disk since it was written (the run analyses it again)
        r.size, r.mtime_ns, r.digest, r.encoded = prev.size, prev.mtime_ns, digest, encoded
        path = printable_name(path)
        if path == prev.path:
            r.state_body = body  # unchanged: the line's body is written again as it is
        r.path = path  # else (the input folder moved) the body is made anew with the new path
        return r

    def _read(self, key: str, path: Path, offset: int, length: int) -> bytes | None:
        if key not in self._readers:
            try:
                self._readers[key] = open(path, "rb")
            except OSError:
                self._readers[key] = None
        fh = self._readers[key]
        if fh is None:
            return None
        fh.seek(offset)
        return fh.read(length)

    def append(self, r: DocResult, refs: Mapping[str, tuple[str, int, int, int]]) -> None:
        key = json.dumps({"doc_id": r.doc_id, "path": r.path, "size": r.size,
                          "mtime_ns": r.mtime_ns, "digest": r.digest, "status": r.status,
                          "fp": self.fp},
                         ensure_ascii=False, separators=(",", ":"))
        body = r.state_body if r.state_body is not None else r.to_json()
        if isinstance(body, str):
            body = body.encode("utf-8")
        where = json.dumps(refs, ensure_ascii=False, separators=(",", ":"))
        data = b"".join((key.encode("utf-8"), b"\t", body, b"\t", where.encode("utf-8"), b"\n"))
        self._fh.seek(0, os.SEEK_END)
        offset = self._fh.tell()
        self._fh.write(data)
        self._keep[0].append(offset)
        self._keep[1].append(len(data))
        self._since_flush += 1
        if self._since_flush >= 64:
            self._fh.flush()
            self._since_flush = 0

    def commit(self, moved: Mapping[str, str]) -> None:
        """Rewrite the file with the lines of this run only (atomically), pointing at the tables
        where the run moved them (``moved``: old file → new file, relative to ``out``); then
        remove the state folder's other files (temporary tables of interrupted runs)."""
        self._fh.flush()
        tmp = self.dir / _temporary(_STATE_FILE)
        renames = [(json.dumps(old).encode(), json.dumps(new).encode()) for old, new in moved.items()]
        with open(self.file, "rb") as src, open(tmp, "wb") as dst:
            for offset, length in zip(*self._keep):
                src.seek(offset)
                head, tab, refs = src.read(length).rpartition(b"\t")
                for old, new in renames:
                    refs = refs.replace(old, new)
                dst.write(head + tab + refs)
        self.close()
        os.replace(tmp, self.file)
        keep = {self.file, self.dir / _Outputs.FILE, *(self._path(new) for new in moved.values())}
        for p in self.dir.iterdir():
            if p not in keep and p.is_file():
                _unlink(p)

    def close(self) -> None:
        for fh in self._readers.values():
            if fh is not None:
                fh.close()
        self._readers.clear()
        if self._fh is not None:
            self._fh.close()
            self._fh = None


# --- collecting results --------------------------------------------------------------------------
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
                        f"{_temporary(f'{name}.csv', os.urandom(4).hex())}")
            self.tmp = out.joinpath(*self.rel.split("/"))
            self._fh = open(self.tmp, "xb")  # UTF-8 bytes, mostly made by the workers
            self.write_text(codecs.BOM_UTF8)  # (see _write_frame)
            self.add([tuple(self.columns)])

    def write_text(self, text: bytes) -> int:
        """Append CSV text made by :func:`_encode` (UTF-8 bytes); its offset in the file."""
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

    chunks = list(_read_csv_chunks(path, schema, chunksize=None))
    return chunks[0] if chunks else _empty_frame(_csv_dtypes(schema))


def _empty_frame(dtypes: Mapping[str, Any]):
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _csv_dtypes(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {c: (object if str(t) in ("object", "str", "string") else t) for c, t in schema.items()}


def _read_csv_chunks(path: Path, schema: Mapping[str, Any], *, chunksize: int | None) -> Iterator[Any]:
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


def _check_not_starting_a_worker() -> None:
    """Refuse to run in a worker process that is still importing the caller's script.

    Worker processes are spawned: each imports the main script before it takes work, so a
    script without ``if __name__ == "__main__":`` calls analyze() again in every worker.
    (multiprocessing's own check for this comes later, and only when the worker starts
    processes in turn; the output folder's lock would refuse first, naming the parent.)
    """
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise PolicyTextError(
            "analyze() was called while a worker process was starting: the script that calls "
            "it runs again in each worker process, so its calls must sit under "
            "`if __name__ == \"__main__\":`")


def check_output_apart(out: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> None:
    """Refuse an output folder that is an input folder, holds an input, or is an input file.

    The run would write its tables among the documents and mark the folder as an output
    folder, which every later walk skips: the corpus would silently vanish from later runs.
    (An output folder *inside* an input folder is fine: the walk lists it as skipped.)

    Raises
    ------
    OutputFolderError
        Naming the input and the way out (another ``--out``).
    """
    target = os.path.realpath(out)
    for given in inputs:
        real = os.path.realpath(given)
        if real == target:
            what = "an input folder" if os.path.isdir(real) else "an input file"
        elif _inside(real, target):
            what = f"a folder holding the input {given}"
        else:
            continue
        raise OutputFolderError(
            f"--out {out} is {what}: the tables would be written among the documents; "
            "choose an output folder outside the inputs (or a new subfolder of one)")


def _inside(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` lies below the resolved ``folder``."""
    try:
        return os.path.commonpath([path, folder]) == folder and path != folder
    except ValueError:  # another drive (Windows)
        return False


def prepare_output_folder(out: str | os.PathLike) -> Path:
    """Make the output folder ``out`` (and its parents) if needed, before any work is done.

    Raises
    ------
    OutputFolderError
        Saying in one line why ``out`` cannot be the output folder: a file is there, a parent
        is a file, no permission, a read-only file system.
    """
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputFolderError(f"{out} cannot be the output folder: it is a file") from None
    except OSError as exc:
        raise OutputFolderError(f"{out} cannot be the output folder: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputFolderError(f"{out} cannot be the output folder: no permission to write there")
    _check_own_names(path)
    return path


def _check_own_names(out: Path) -> None:
    """Refuse an output folder where a name the run writes to in place is a link.

    The lock file, the state folder and its files are opened and appended to where they are;
    the charts are moved into ``charts/``. In a folder that came from somewhere else (an
    archive, a shared drive), ``.policytext-lock -> ~/.bashrc`` would truncate the target and
    ``charts -> /elsewhere`` would write there. (Tables and the report replace their names
    with a rename, which replaces a link, not its target.)
    """
    import stat

    from ._folder_lock import LOCK_NAME

    for name in (LOCK_NAME, STATE_DIR, f"{STATE_DIR}/{_STATE_FILE}",
                 f"{STATE_DIR}/{_Outputs.FILE}", "charts"):
        p = out.joinpath(*name.split("/"))
        try:
            st = p.lstat()
        except OSError:
            continue
        kind = ("a symbolic link" if stat.S_ISLNK(st.st_mode)
                else "a hard link to another file" if stat.S_ISREG(st.st_mode) and st.st_nlink > 1
                else None)
        if kind is not None:
            raise OutputFolderError(
                f"{out} cannot be the output folder: {name} there is {kind}, and policytext "
                "writes to that name itself; remove it, or choose another output folder")


class _Sink:
    """Consumes DocResults in input order; keeps aggregates; builds the tables."""

    def __init__(self, options: AnalyzeOptions, *, out: Path | None, fmt: str) -> None:
        from .extract.aggregate import FirstSeenAccumulator, TokenMatrix, TrendAccumulator

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
        if out is not None:  # the rows tables are made in the state folder: see _State
            (out / STATE_DIR).mkdir(exist_ok=True)
        for name in _ROW_TABLES:
            if name in options.extractors and (name == "terms" or _extractor(name) is not None):
                self.tables[name] = _RowTable(name, _schema_cached(name), out, folder=STATE_DIR)
        # with an output folder the token counts go to files there once they pass 8 MB (see
        # TokenMatrix): a run's memory then does not grow with its documents' counts
        self._spill_dir = out / _temporary("tokens") if out is not None else None
        self.tokens = TokenMatrix(self._spill_dir) if "tokens" in options.extractors else None
        # the year of each row of the token matrix (NaN: none), and the distinct years of all
        # documents: not a mapping document → year, which would hold objects per document
        self.row_years = array("d")
        self.years: set[int] = set()
        self.trends = TrendAccumulator()
        self.first_seen = FirstSeenAccumulator() if "slogans" in self.tables else None
        self._tmp_files: list[Path] = []

    def add(self, r: DocResult) -> dict[str, tuple[str, int, int, int]]:
        """Take one result; with an output folder, where its rows went: table →
        ``(file relative to out, offset, length, crc32)`` (see :class:`_State`)."""
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
            _encode(r)  # the executors encode every result for an output folder; not a caller's
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
                from .extract.aggregate import first_seen_summary

                summary = first_seen_summary(_first_seen_triples(r.tables.get("slogans") or []))
            self.first_seen.add_document(r.doc_id, year, summary)
        return refs

    def finish(self) -> Tables:

        from .extract.aggregate import (
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
        from .extract.aggregate import THEME_DTYPES, iter_themes_from_counts, themes_from_counts

        top_n = self.options.top_n
        if self.out is None or self.fmt != "csv":
            return _guarded("themes", lambda: themes_from_counts(self.tokens, top_n, idf="auto"),
                            _empty_themes)
        table = _RowTable("themes", THEME_DTYPES, self.out)
        try:
            for block in iter_themes_from_counts(self.tokens, top_n, idf="auto"):
                table.write_text(csv_frame(block).to_csv(index=False, header=False,
                                             lineterminator="\n").encode("utf-8"))
        except Exception as exc:
            table.close()
            _unlink(table.tmp)
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
                tmp = self.out / _temporary(f"{name}.{self.fmt}", "w")
                _write_frame(tables[name], tmp, self.fmt)
                pending.append((tmp, target))
                if t is not None and name in _ROW_TABLES:
                    moved[t.rel] = f"{STATE_DIR}/{name}.rows.csv"
                    pending.append((t.tmp, self.out / STATE_DIR / f"{name}.rows.csv"))  # type: ignore[arg-type]
            for tmp, target in pending:
                os.replace(tmp, target)
        except BaseException:
            for tmp, _ in pending:
                if not self._referenced(tmp):
                    _unlink(tmp)
            raise
        # lazily loaded tables now read the renamed files
        for name, t in self.tables.items():
            if self.fmt == "csv":
                t.tmp = self.out / f"{name}.csv"
            elif name not in _ROW_TABLES:
                _unlink(t.tmp)
        self._drop_spill()
        return moved

    def _referenced(self, tmp: Path | None) -> bool:
        """Whether ``tmp`` is a temporary rows table, which the resume state points at."""
        return any(t.tmp == tmp for name, t in self.tables.items() if name in _ROW_TABLES)

    def abort(self) -> None:
        """Close and remove the temporary tables, except the rows tables in the state folder:
        the state lines of the documents done point at their rows there (``--resume`` reuses
        them; the next complete run removes them)."""
        for t in self.tables.values():
            with contextlib.suppress(OSError):  # a full disk: the close's flush fails too
                t.close()
            if not self._referenced(t.tmp):
                _unlink(t.tmp)
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
    from .extract.aggregate import THEME_DTYPES

    return _empty_frame(THEME_DTYPES)


def _unlink(p: Path | None) -> None:
    if p is None:
        return
    try:
        p.unlink()
    except OSError:
        pass


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
        _require_parquet()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        target = out / f"{name}.{fmt}"
        tmp = out / _temporary(f"{name}.{fmt}")
        try:
            _write_frame(df, tmp, fmt)
            os.replace(tmp, target)
        except BaseException:
            _unlink(tmp)
            raise
        written.append(target)
    return written

