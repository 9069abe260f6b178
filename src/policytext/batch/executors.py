"""Executors: results of the tasks in task order, in this process, from a pool of spawned
processes (surviving a worker that dies) or from a Dask cluster; the chunking of tasks."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError, PolicyTextError
from .results import DocResult
from .worker import (
    Worker,
    init_worker,
    quiet_reader_warnings,
    run_chunk_in_worker,
    run_task_standalone,
)

if TYPE_CHECKING:
    from .options import AnalyzeOptions


#: Input bytes per chunk of documents a worker runs stage by stage (see Worker.run_many): big
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


def execute(tasks, options, *, workers, client, scheduler) -> Iterator[DocResult]:
    """Results of ``tasks`` in task order."""
    if client is not None or scheduler:
        yield from _execute_dask(tasks, options, client=client, scheduler=scheduler)
        return
    if not tasks:
        return
    if workers <= 1 or len(tasks) <= 1:
        worker = Worker(options).use_local_ids()
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
        return ProcessPoolExecutor(n, mp_context=ctx, initializer=init_worker,
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
                    for results in pool.map(run_chunk_in_worker, chunks[done:]):
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
                yield from pool.submit(run_chunk_in_worker, [task]).result()
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
            # silence_logs: on a loaded host a worker still beating while the cluster closes
            # logs "Failed to communicate with scheduler" to the run's stderr, whose first line
            # is the summary; the run's own failures are reported by it, not by the log
            cluster = LocalCluster(processes=True, n_workers=os.cpu_count() or 1,
                                   threads_per_worker=1, dashboard_address=None,
                                   silence_logs=logging.CRITICAL)
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
        futures = client.map(run_task_standalone, tasks, options=options, pure=False)
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
