"""Batch analysis: the same per-document function mapped over files, in-process, in worker
processes, or on a Dask cluster, then corpus-level tables built from per-document results.

Documents are streamed: a worker reads, cleans and analyses one file and returns compact
rows and a token-count dictionary, never the token lists, so memory grows with vocabulary,
not with corpus size. Every input is accounted for in ``documents`` with status ``ok``,
``error`` or ``skipped`` and a reason; a bad file never stops the batch.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import DOCVAR_COLUMNS, Document
from .errors import DocumentReadError, PolicyTextError
from .lexicon import Lexicon

__all__ = ["AnalyzeOptions", "DocResult", "analyze", "analyze_document", "write_tables"]

DOCUMENT_COLUMNS = ("doc_id", "path", "status", "error", *DOCVAR_COLUMNS, "n_chars")


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
    """

    lexicon_paths: tuple[str, ...] = ()
    engine: str = "auto"
    extractors: tuple[str, ...] = ("terms", "tokens", "slogans", "quotes", "outline")
    max_bytes: int = 200_000_000


@dataclass
class DocResult:
    """Everything one document contributes to the output tables (plain rows, picklable)."""

    index: int
    doc_id: str
    path: str
    status: str
    error: str = ""
    docvars: dict[str, Any] = field(default_factory=dict)
    terms: list[tuple] = field(default_factory=list)
    token_counts: dict[str, int] = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    seconds: float = 0.0


class _Worker:
    """Per-process state: lexicon, matcher and tokenizer built once, reused for every file."""

    def __init__(self, options: AnalyzeOptions) -> None:
        from .extract.terms import TermMatcher
        from .lexicon import load_stopwords
        from .tokenize import Tokenizer

        lexicon = Lexicon.builtin()
        for p in options.lexicon_paths:
            lexicon = lexicon.merge(Lexicon.from_tsv(p))
        self.options = options
        self.lexicon = lexicon
        self.matcher = TermMatcher(lexicon)
        self.tokenizer = Tokenizer(lexicon, engine=options.engine)
        self.stopwords = load_stopwords()

    def run(self, index: int, path: str, relpath: str) -> DocResult:
        from .io import read

        t0 = time.perf_counter()
        try:
            doc = read(path, doc_id=relpath, max_bytes=self.options.max_bytes)
        except DocumentReadError as exc:
            return DocResult(index, relpath, relpath, "error", exc.reason, seconds=time.perf_counter() - t0)
        except PolicyTextError as exc:
            return DocResult(index, relpath, relpath, "error", str(exc), seconds=time.perf_counter() - t0)
        result = analyze_document(doc, self, index=index, relpath=relpath)
        result.seconds = time.perf_counter() - t0
        return result


_WORKER: _Worker | None = None


def _init_worker(options: AnalyzeOptions) -> None:
    global _WORKER  # per-process cache, set by the pool initialiser in a worker process
    _WORKER = _Worker(options)


def _run_in_worker(task: tuple[int, str, str]) -> DocResult:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(*task)


def _run_task_standalone(task: tuple[int, str, str], options: AnalyzeOptions) -> DocResult:
    """Dask entry point: builds (and caches) the worker state in the executing process."""
    global _WORKER
    if _WORKER is None or _WORKER.options != options:
        _WORKER = _Worker(options)
    return _WORKER.run(*task)


def analyze_document(doc: Document, worker: _Worker | None = None, *, index: int = 0, relpath: str | None = None) -> DocResult:
    """Run the per-document extractors on one document (see :class:`AnalyzeOptions`)."""
    from .extract.terms import term_rows

    worker = worker or _Worker(AnalyzeOptions())
    extractors = worker.options.extractors
    docvars = doc.docvars()
    result = DocResult(index, doc.doc_id, relpath or doc.path or doc.doc_id, "ok", docvars=docvars)
    if "terms" in extractors:
        result.terms = term_rows(doc, worker.matcher)
    if "tokens" in extractors:
        result.token_counts = dict(token_counts(doc.text, worker.tokenizer, worker.stopwords))
    for name in ("slogans", "quotes", "outline"):
        if name in extractors:
            fn = _extractor(name)
            if fn is not None:
                frame = fn(doc, worker) if name == "slogans" else fn(doc)
                result.tables[name] = frame.to_dict("records")
    return result


def _extractor(name: str) -> Callable | None:
    try:
        if name == "slogans":
            from .extract.slogans import slogans

            return lambda doc, worker: slogans(doc, lexicon=worker.lexicon)
        if name == "quotes":
            from .extract.quotes import quotes

            return quotes
        if name == "outline":
            from .extract.outline import outline

            return outline
    except ImportError:
        return None
    return None


def is_content_token(token: str, stopwords: frozenset[str]) -> bool:
    """Whether a token counts for themes and keyness: not a stopword, number, single
    character, punctuation or Latin noise."""
    if len(token) < 2 or token in stopwords:
        return False
    if not any("\u4e00" <= ch <= "\u9fff" for ch in token):
        return False
    return not all(ch in "〇○零一二三四五六七八九十百千万亿两几多余点%．.0123456789０１２３４５６７８９年月日" for ch in token)


def token_counts(text: str, tokenizer, stopwords: frozenset[str]) -> Counter[str]:
    """Content-token counts of ``text`` (see :func:`is_content_token`)."""
    return Counter(t for t in tokenizer.tokenize(text) if is_content_token(t, stopwords))


# --- the runner ---------------------------------------------------------------------------------
def analyze(
    inputs: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    workers: int = 1,
    client: Any = None,
    scheduler: str | None = None,
    options: AnalyzeOptions | None = None,
    fmt: str = "csv",
    progress: bool | None = None,
    report: bool = True,
) -> dict[str, Any]:
    """Analyse every file below ``inputs`` and (if ``out`` is given) write the tables.

    Parameters
    ----------
    inputs
        Files and folders (walked recursively).
    out
        Output folder; ``None`` returns the tables without writing.
    workers
        Worker processes (1: in this process).
    client, scheduler
        A ``dask.distributed.Client``, or a scheduler address (``tcp://host:port`` or
        ``local``) to run the per-document work on Dask (needs ``policytext[dask]``).
    options
        Per-document settings (:class:`AnalyzeOptions`).
    fmt
        ``csv`` or ``parquet``.
    progress
        Show a progress line on stderr (default: when stderr is a terminal).

    Returns
    -------
    dict
        Table name → DataFrame: ``documents``, ``terms``, ``slogans``, ``quotes``, ``outline``,
        ``themes``, ``trends``, ``keyness`` (when years are known), ``first_seen``.
    """
    from .io import iter_input_files

    options = options or AnalyzeOptions()
    files = list(iter_input_files(inputs))
    tasks, accounted = [], []
    for i, f in enumerate(files):
        if f.status == "ok":
            tasks.append((i, str(f.path), f.relpath))
        else:
            accounted.append(DocResult(i, f.relpath, f.relpath, f.status, f.reason))
    show = sys.stderr.isatty() if progress is None else progress
    results = list(accounted)
    bar = _Progress(len(tasks), enabled=show)
    for r in _execute(tasks, options, workers=workers, client=client, scheduler=scheduler):
        results.append(r)
        bar.update(r.doc_id)
    bar.close()
    results.sort(key=lambda r: r.index)
    tables = build_tables(results, options)
    if out is not None:
        write_tables(tables, out, fmt=fmt)
        if report:
            try:
                from .report import write_report

                write_report(tables, Path(out) / "report.html")
            except ImportError:
                pass
    return tables


def _execute(tasks, options, *, workers, client, scheduler) -> Iterable[DocResult]:
    if client is not None or scheduler:
        yield from _execute_dask(tasks, options, client=client, scheduler=scheduler)
        return
    if workers <= 1 or len(tasks) <= 1:
        worker = _Worker(options)
        for task in tasks:
            yield worker.run(*task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the same behaviour on Linux, macOS and Windows and inside Jupyter
    ctx = multiprocessing.get_context("spawn")
    chunksize = max(1, min(32, len(tasks) // (workers * 8) or 1))
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.map(_run_in_worker, tasks, chunksize=chunksize)


def _execute_dask(tasks, options, *, client, scheduler) -> Iterable[DocResult]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from .errors import MissingDependencyError

        raise MissingDependencyError("running on Dask", "dask", "dask[distributed]") from None
    own = None
    if client is None:
        if scheduler == "local":
            cluster = LocalCluster(processes=True, n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None)
            own = client = Client(cluster)
        else:
            own = client = Client(scheduler)
    try:
        futures = client.map(_run_task_standalone, tasks, options=options, pure=False)
        for future in as_completed(futures):
            yield future.result()
    finally:
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()


class _Progress:
    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.t0 = time.perf_counter()

    def update(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            rate = self.done / max(time.perf_counter() - self.t0, 1e-9)
            sys.stderr.write(f"\r[{self.done}/{self.total}] {rate:.1f} docs/s  {label[:40]:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


# --- corpus-level tables ------------------------------------------------------------------------
def build_tables(results: Sequence[DocResult], options: AnalyzeOptions) -> dict[str, Any]:
    """Assemble the output tables from per-document results (deterministic order)."""
    import pandas as pd

    from .extract.terms import terms_frame

    doc_rows = []
    for r in results:
        row = {"doc_id": r.doc_id, "path": r.path, "status": r.status, "error": r.error}
        row.update({k: r.docvars.get(k) for k in DOCVAR_COLUMNS})
        row["n_chars"] = r.docvars.get("n_chars")
        doc_rows.append(row)
    documents = pd.DataFrame(doc_rows, columns=list(DOCUMENT_COLUMNS)).astype(
        {"year": "Int64", "n_chars": "Int64"}
    )
    ok = [r for r in results if r.status == "ok"]
    tables: dict[str, Any] = {"documents": documents}
    tables["terms"] = terms_frame([row for r in ok for row in r.terms])
    for name in ("slogans", "quotes", "outline"):
        rows = [row for r in ok for row in r.tables.get(name, [])]
        if rows or any(name in r.tables for r in ok):
            tables[name] = pd.DataFrame(rows)
    tables.update(corpus_tables(ok, documents, tables))
    return tables


def corpus_tables(ok: Sequence[DocResult], documents, tables: dict[str, Any]) -> dict[str, Any]:
    """Themes, trends, keyness and first_seen from per-document results (best effort: a table
    whose module is missing is left out rather than failing the run)."""
    out: dict[str, Any] = {}
    counts = {r.doc_id: r.token_counts for r in ok if r.token_counts}
    try:
        from .extract.themes import themes_from_counts

        out["themes"] = themes_from_counts(counts)
    except ImportError:
        pass
    years = documents.set_index("doc_id")["year"]
    if years.notna().any():
        try:
            from .extract.stats import trends_from_terms

            out["trends"] = trends_from_terms(tables["terms"], documents)
        except ImportError:
            pass
        try:
            from .extract.keyness import keyness_by_year_from_counts

            kn = keyness_by_year_from_counts(counts, years.dropna().astype(int).to_dict())
            if kn is not None:
                out["keyness"] = kn
        except ImportError:
            pass
        if "slogans" in tables:
            try:
                from .extract.slogans import first_seen

                out["first_seen"] = first_seen(tables["slogans"], documents)
            except (ImportError, TypeError):
                pass
    return out


def write_tables(tables: dict[str, Any], out: str | Path, *, fmt: str = "csv") -> list[Path]:
    """Write each table atomically (temp file + rename) as ``<name>.csv`` or ``.parquet``."""
    if fmt not in ("csv", "parquet"):
        raise PolicyTextError(f"unknown format {fmt!r}; valid formats are ['csv', 'parquet']")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        target = out / f"{name}.{fmt}"
        tmp = out / f".{name}.{fmt}.tmp-{os.getpid()}"
        if fmt == "csv":
            df.to_csv(tmp, index=False, encoding="utf-8")
        else:
            df.to_parquet(tmp, index=False)
        os.replace(tmp, target)
        written.append(target)
    return written
