"""The per-document work: the per-process :class:`Worker` and its stages, step deadlines, and
the set-up of a worker process."""

from __future__ import annotations

import hashlib
import os
import time
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..corpus import DOCVAR_COLUMNS, Document
from ..errors import DocumentReadError, PolicyTextError
from ..lexicon import Lexicon
from . import extractors as registry
from .extractors import ROW_COLUMNS, ROW_TABLES, schema_cached
from .options import AnalyzeOptions
from .results import DocResult, encode_result, frame_rows, plain


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


class Worker:
    """Per-process state: lexicon, matcher, tokenizer and extractors built once, reused for
    every file (the pool initialiser builds one per worker process)."""

    def __init__(self, options: AnalyzeOptions) -> None:
        from ..extract.terms import matcher_for
        from ..tokenize import Tokenizer

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
                           if name in options.extractors and (fn := registry.extractor(name)) is not None}
        self.schemas = {name: schema_cached(name) for name in ROW_TABLES if name in options.extractors
                        and (name == "terms" or name in self.extractors)}
        #: row-level versions of the extractors (tuples in the table's column order, no
        #: DataFrame) where the extractor module has one and its columns are the expected ones
        self.row_extractors = {
            name: rows for name, fn in self.extractors.items()
            if (rows := getattr(fn, "rows", None)) is not None
            and tuple(self.schemas[name]) == ROW_COLUMNS.get(name)}
        self.stages = self._make_stages()

    def use_local_ids(self) -> Worker:
        """Send token counts as ids in a vocabulary of this worker's own (with the tokens it
        has not sent before), so the collecting process maps a document's tokens with one
        numpy index instead of a dictionary look-up per token: with ``--workers N`` it shares
        the cores with the workers, and its work per document limits the speed-up."""
        import uuid

        from ..extract.aggregate import Vocabulary

        vocab = Vocabulary()
        key = uuid.uuid4().hex

        def local_ids(counts: Mapping[str, int]) -> tuple:
            n0 = len(vocab)
            ids = vocab.ids(counts)
            return key, n0, vocab.terms[n0:], ids.tobytes(), array("i", counts.values()).tobytes()

        self.local_ids = local_ids
        return self

    def warm_up(self) -> Worker:
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
                    encode_result(result)
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
        from ..io import read

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
            from ..extract.terms import term_rows

            matcher = self.matcher

            def terms(doc: Document, result: DocResult) -> None:
                result.tables["terms"] = term_rows(doc, matcher)  # plain Python values

            stages.append(("terms", terms))
        if "tokens" in extractors:
            analyzer = self.analyzer
            counts = getattr(analyzer, "counts", None)

            def tokens(doc: Document, result: DocResult) -> None:
                # the Document, not its text: its region is left out of the phrases counted,
                # as in themes()
                result.token_counts = (counts(doc) if counts is not None
                                       else dict(Counter(analyzer(doc.text))))

            stages.append(("tokens", tokens))
        for name, fn in self.extractors.items():
            row_fn = self.row_extractors.get(name)

            def extract(doc: Document, result: DocResult, name=name, fn=fn, row_fn=row_fn) -> None:
                if row_fn is not None:
                    result.tables[name] = row_fn(doc, self)
                else:
                    result.tables[name] = frame_rows(fn(doc, self), list(self.schemas[name]))

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


def _make_analyzer(tokenizer, pos_filter: bool) -> Callable[[str], list[str]]:
    from ..extract.themes import DROP_POS, PolicyAnalyzer

    return PolicyAnalyzer(tokenizer, drop_pos=DROP_POS if pos_filter else None)


_WORKER: Worker | None = None


def init_worker(options: AnalyzeOptions) -> None:
    """Pool initialiser: set up a worker process (exit with its parent, build the worker)."""
    global _WORKER  # per-process cache, set by the pool initialiser in a worker process
    exit_with_parent()
    _WORKER = Worker(options).use_local_ids().warm_up()
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


def run_chunk_in_worker(tasks: list[tuple[int, str, str, bool]]) -> list[DocResult]:
    """Pool entry point: results of a chunk of tasks in the process's worker."""
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run_many(tasks)


def run_task_standalone(task: tuple[int, str, str, bool], options: AnalyzeOptions) -> DocResult:
    """Dask entry point: builds (and caches) the worker state in the executing process."""
    global _WORKER
    if _WORKER is None or _WORKER.options != options:
        _WORKER = Worker(options)
    return _WORKER.run(*task)


def analyze_document(
    doc: Document,
    worker: Worker | None = None,
    *,
    index: int = 0,
    relpath: str | None = None,
    path: str | None = None,
) -> DocResult:
    """Run the per-document extractors on one document (see :class:`AnalyzeOptions`).

    Raises ``_StageError`` naming the step when an extractor fails (the batch runner records it).
    """
    worker = worker or Worker(AnalyzeOptions())
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
    docvars = {k: plain(v) for k, v in doc.docvars().items() if k in (*DOCVAR_COLUMNS, "n_chars")}
    # What reading and cleaning doubted (damaged bytes replaced, a large share removed): the
    # document is analysed (status ok) and the doubt is shown beside it.
    docvars["notes"] = "; ".join(doc.notes) or None
    return DocResult(index, doc.doc_id, path, "ok", docvars=docvars)

