""":func:`analyze`: one batch run, from the inputs to the written tables."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import unique_id
from ..errors import PolicyTextError
from ..lexicon import Lexicon
from .executors import execute
from .folder import Outputs, check_output_apart, prepare_output_folder, remove_stale_temporaries
from .options import AnalyzeOptions
from .output import Sink, require_parquet
from .plan import Plan
from .progress import Progress
from .reporting import write_report_files
from .results import DocResult
from .state import State
from .worker import Worker, file_digest

if TYPE_CHECKING:
    from .output import Tables


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
        require_parquet()
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
    from .._folder_lock import output_folder_lock

    check_output_apart(out, inputs)
    prepare_output_folder(out)
    with output_folder_lock(out):  # a second run into the same folder would wreck both
        remove_stale_temporaries(Path(out))
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
    from ..walk import iter_input_files

    options, fmt, resume = run.options, run.fmt, run.resume

    state = State(Path(out), options.fingerprint()) if out is not None else None
    # what the last complete run wrote (read now: the state's commit tidies its folder)
    outputs = Outputs(Path(out)) if out is not None else None
    previous = state.load() if (state is not None and resume) else {}
    plan = Plan(encode=out is not None)
    used: set[str] = set()
    for f in iter_input_files(inputs, output_folder=out, follow_links_out=run.follow_links):
        doc_id = unique_id(f.relpath, used)
        path = str(f.path)
        if f.status != "ok":
            plan.add(path, doc_id, Plan.DONE, (f.status, f.reason))
            continue
        prev = previous.get(doc_id)
        if prev is not None:  # same relative path: reuse when size, mtime and bytes are unchanged
            try:
                st = os.stat(f.path)
                if ((st.st_size, st.st_mtime_ns) == (prev.size, prev.mtime_ns)
                        and prev.digest is not None and file_digest(f.path) == prev.digest):
                    plan.add(path, doc_id, Plan.REUSE, prev)
                    continue
            except OSError:
                pass
        plan.add(path, doc_id)
    del used, previous  # one string per input, for the rest of a long run
    tasks = plan.tasks()

    show = sys.stderr.isatty() if run.progress is None else run.progress
    bar = Progress(len(tasks), enabled=show)
    sink = Sink(options, out=Path(out) if out is not None else None, fmt=fmt)
    try:
        if state is not None:
            state.open()
        computed = execute(tasks, options, workers=run.workers, client=run.client,
                            scheduler=run.scheduler)
        redo: Worker | None = None  # recomputes a reused result whose rows are gone
        reused = 0
        try:
            for i, kind, path, doc_id, item in plan.entries():
                if kind == Plan.DONE:
                    status, reason = item
                    r = DocResult(i, doc_id, path, status, reason)
                elif kind == Plan.REUSE:
                    prev = item
                    r = state.read(prev, path)  # type: ignore[union-attr]
                    if r is None:  # its rows in the old tables changed since (edited by hand)
                        redo = redo or Worker(options)
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
            outputs.written.extend(write_report_files(tables, Path(out), fmt))  # type: ignore[arg-type]
        outputs.commit()
    return tables


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
