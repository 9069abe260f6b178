"""Command-line interface: ``policytext <command> …`` (also ``python -m policytext``).

Exit codes: 0 success, 1 some inputs failed (each is reported), 2 usage error (a bad argument,
output folder or lexicon). Expected failures print one line to stderr, never a traceback. A file
of a type policytext does not read, met in a folder (``index.tsv`` beside the documents), is
skipped and said so on stderr, as ``analyze`` does: not a failed input. The CLI only composes
public API calls.

Document text is untrusted: what is printed for a person has its terminal control characters
shown as escapes (see :func:`~policytext._text_safety.terminal_safe`), CSV cells are
neutralised against formula injection, and characters the console's encoding lacks (GBK)
are written as escapes instead of failing.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import __version__
from ._text_safety import one_line, terminal_safe
from .errors import LexiconError, OutputFolderError, PolicyTextError

__all__ = ["main"]

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's default exits 2 too; keep the message short
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer not below ``minimum`` (else a usage error, exit code 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="policytext", description="Quantitative reading of Chinese political documents.")
    p.add_argument("--version", action="version", version=f"policytext {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser("analyze", help="analyse files/folders; write tables, charts and report.html")
    a.add_argument("inputs", nargs="+", metavar="INPUT")
    a.add_argument("-o", "--out", required=True, help="output folder")
    a.add_argument("--workers", type=_at_least(1), default=1, help="worker processes (default 1)")
    a.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) or 'local'")
    a.add_argument("--lexicon", action="append", default=[], help="extra TSV lexicon (repeatable)")
    a.add_argument("--format", choices=["csv", "parquet"], default="csv")
    a.add_argument("--engine", choices=["auto", "jieba", "rjieba"], default="auto")
    a.add_argument("--resume", action="store_true", help="skip documents already analysed in --out")
    a.add_argument("--no-report", action="store_true", help="tables only, no report.html")
    a.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    a.add_argument("--follow-links", action="store_true",
                   help="follow symbolic links that lead out of the input folders (skipped by default)")

    o = sub.add_parser("outline", help="print the outline (headings and numbered items)")
    o.add_argument("paths", nargs="+", metavar="PATH")
    o.add_argument("--format", choices=["json", "jsonl", "md", "tree"], default="tree")

    s = sub.add_parser("slogans", help="formulations (提法): lexicon, numeric and quoted")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    s.add_argument("--lexicon", action="append", default=[])

    t = sub.add_parser("themes", help="TF-IDF keywords per document")
    t.add_argument("paths", nargs="+", metavar="PATH")
    t.add_argument("--top", type=_at_least(1), default=20)
    t.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    t.add_argument("--idf", choices=["auto", "corpus", "builtin"], default="auto",
                   help="IDF source: the input documents (corpus), the shipped political-domain "
                   "table (builtin), or auto: corpus from 3 documents on, else builtin")

    k = sub.add_parser("kwic", help="keyword in context")
    k.add_argument("term")
    k.add_argument("paths", nargs="+", metavar="PATH")
    k.add_argument("--window", type=_at_least(0), default=20)
    k.add_argument("--regex", action="store_true")

    c = sub.add_parser("check", help="numbering problems and announced counts (我讲三点意见)")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--show-ok", action="store_true", help="also list announced counts that match")
    c.add_argument("--format", choices=["text", "jsonl"], default="text",
                   help="text: PATH:LINE: KIND: message lines; jsonl: the same fields as JSON")

    g = sub.add_parser("targets", help="main targets (主要预期目标) and last year's results")
    g.add_argument("paths", nargs="+", metavar="PATH")
    g.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    _add_compare_parsers(sub)

    for walker in (o, s, t, k, c, g):
        walker.add_argument("--follow-links", action="store_true",
                            help="follow symbolic links out of the input folders")

    z = sub.add_parser("tokenize", help="space-separated tokens, one line per input line")
    z.add_argument("path", metavar="PATH|-")
    z.add_argument("--engine", choices=["auto", "jieba", "rjieba"], default="auto")
    z.add_argument("--lexicon", action="append", default=[])
    z.add_argument("--no-clean", action="store_true", help="tokenize the text as it is")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code.

    ``argv=None`` (the ``policytext`` command, ``python -m policytext``) reads ``sys.argv`` and
    treats the process as the command's own: ``analyze`` then tunes the garbage collector for
    a batch, and SIGTERM (``kill``, ``timeout``, a job scheduler) ends it as Ctrl-C does, with
    its temporary files removed. Called with an explicit ``argv`` (tests, scripts), the
    process is left as it is.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    args.own_process = argv is None
    if args.own_process:
        _tolerant_output()
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.own_process:
        import signal

        signal.signal(signal.SIGTERM, _terminate)
    try:
        return _COMMANDS[args.command](args)
    except BrokenPipeError:  # `policytext tokenize x | head`
        return EXIT_OK
    except _Terminated:
        print("terminated", file=sys.stderr)
        return 143  # 128 + SIGTERM, as the shell reports a process the signal ended
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except PolicyTextError as exc:
        print(f"policytext: error: {terminal_safe(str(exc))}", file=sys.stderr)
        # (an output folder or lexicon that cannot be used stops the run before any input is read)
        usage = (_UsageError, OutputFolderError, LexiconError)
        return EXIT_USAGE if isinstance(exc, usage) else EXIT_FAILED_INPUTS


def _tolerant_output() -> None:
    """Let standard output write what its encoding lacks as escapes (``\\u2713``) instead of
    failing with a traceback after part of the output: a Windows console or a redirect in a
    Chinese locale is GBK, which has no ✓ or emoji. (Standard error does this already.)"""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
                pass


class _UsageError(PolicyTextError):
    pass


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so the run cleans up as after Ctrl-C."""


def _terminate(signum, frame) -> None:
    raise _Terminated


#: what --scheduler takes: 'local', or an address with a port (the protocol may be left out,
#: as Dask allows: HOST:PORT is tcp://HOST:PORT)
_SCHEDULER_ADDRESS = re.compile(r"^(?:local|(?:[a-z]+://)?\S+:\d+/?)$")


# --- helpers ------------------------------------------------------------------------------------
def _read_inputs(paths: Iterable[str], follow_links: bool = False) -> tuple[list, list]:
    """Read files and folders, saying on stderr what was skipped and what failed.

    Parameters
    ----------
    paths
        Files and folders as given on the command line.
    follow_links
        Follow symbolic links that lead out of the input folders.

    Returns
    -------
    tuple of (list of Document, list of (str, str))
        The documents read (each with a ``doc`` docvar, the path as shown) and the failed
        inputs with their reasons; a file of an unsupported type met in a folder is neither.
    """
    from .io import printable_name, read
    from .walk import iter_input_files

    docs, failures, skipped = [], [], {}
    for given in paths:
        for f in iter_input_files([given], follow_links_out=follow_links):
            # (printable: standard output in a UTF-8 locale refuses undecodable file names)
            shown = printable_name(str(f.path) if Path(given).is_dir() else given)
            if f.unsupported:
                # an index.tsv or notes.xlsx beside the documents is not a failed input:
                # analyze lists it as skipped and exits 0, and exit code 1 would stop a
                # `set -e` script. (A file named on the command line never gets here: it was
                # named on purpose, so it is read, and what it holds decides, as in analyze.)
                skipped[shown] = f.reason  # once, even when a folder is given twice
                continue
            if f.status != "ok":
                failures.append((shown, f.reason))
                continue
            try:
                docs.append(read(f.path, doc_id=shown, meta={"doc": shown}))
            except PolicyTextError as exc:
                failures.append((shown, getattr(exc, "reason", str(exc))))
    for shown, reason in skipped.items():
        print(f"policytext: skipped: {one_line(shown)}: {terminal_safe(reason)}", file=sys.stderr)
    for shown, reason in failures:
        print(f"policytext: {one_line(shown)}: {terminal_safe(reason)}", file=sys.stderr)
    return docs, failures


def _emit(text: str, *, human: bool = True) -> None:
    """Print ``text`` (a newline added). Text for a person (``human``) has its terminal
    controls shown as escapes; machine formats (CSV, JSON Lines) too when standard output is
    a terminal, and are written as they are to a file or pipe."""
    if not text:
        return
    if human or sys.stdout.isatty():
        text = terminal_safe(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _lexicon(paths: Sequence[str]):
    """The built-in lexicon merged with the ``--lexicon`` files (a bad one: LexiconError, exit
    code 2, before any input is read)."""
    from .lexicon import Lexicon

    lexicon = Lexicon.builtin()
    for lex in paths:
        lexicon = lexicon.merge(Lexicon.from_tsv(lex))
    return lexicon


def _exit_code(failures) -> int:
    return EXIT_FAILED_INPUTS if failures else EXIT_OK


# --- commands -----------------------------------------------------------------------------------
def _cmd_analyze(args) -> int:
    from .batch import AnalyzeOptions, analyze, quiet_reader_warnings, tune_gc_for_batch

    _lexicon(args.lexicon)  # checked before any work
    missing = [i for i in args.inputs if not Path(i).exists() and not Path(i).is_symlink()]
    if missing and len(missing) == len(args.inputs):
        raise _UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.scheduler is not None and not _SCHEDULER_ADDRESS.match(args.scheduler):
        raise _UsageError(f"--scheduler {args.scheduler!r}: give tcp://HOST:PORT (the address "
                          "`dask scheduler` prints), or 'local' for a cluster on this machine")
    options = AnalyzeOptions(lexicon_paths=tuple(args.lexicon), engine=args.engine)
    kwargs = {}
    if args.resume:
        kwargs["resume"] = True
    if args.own_process:
        tune_gc_for_batch()
        quiet_reader_warnings()
    try:
        tables = analyze(
            args.inputs, args.out, workers=args.workers, scheduler=args.scheduler,
            options=options, fmt=args.format, progress=args.progress,
            report=not args.no_report, follow_links=args.follow_links, **kwargs,
        )
    except OSError as exc:  # reading is per input and reported there: this is the output
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"policytext: error: writing the output failed: {exc.strerror or exc}"
              f"{terminal_safe(where)}. "
              "Tables are replaced only when complete, so none is half-written; once the "
              "cause is fixed, --resume goes on from the documents done.", file=sys.stderr)
        return EXIT_FAILED_INPUTS
    # (from the counts the run kept: reading documents.csv back would cost memory per input)
    n_ok, n_err, n_skip = (tables.status_counts.get(s, 0) for s in ("ok", "error", "skipped"))
    reused = f" ({tables.reused} reused from the earlier run)" if args.resume else ""
    print(f"policytext: {n_ok} ok{reused}, {n_err} failed, {n_skip} skipped → {args.out}",
          file=sys.stderr)
    if args.resume and tables.other_options:
        print(f"  {tables.other_options} results of the earlier run were made with other options "
              "or another version of policytext's lexicon, engine or extractors: those documents "
              "were analysed again", file=sys.stderr)
    for status, path, reason in tables.problems:
        print(f"  {status}: {one_line(path)}: {terminal_safe(reason)}", file=sys.stderr)
    if not (n_ok or n_err or n_skip):  # the wrong folder, most likely: say so, not just "0 ok"
        from .io import SUPPORTED_SUFFIXES

        kinds = " ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))
        print(f"  no files found in {', '.join(args.inputs)} (hidden ones are left out; "
              f"read: {kinds})", file=sys.stderr)
    return EXIT_FAILED_INPUTS if n_err else EXIT_OK


def _cmd_tokenize(args) -> int:
    from .corpus import Document
    from .io import read
    from .tokenize import Tokenizer

    tokenizer = Tokenizer(_lexicon(args.lexicon), engine=args.engine)
    if args.path == "-":
        from .io import bytes_to_text

        # bytes, detected as a file's are (GB18030 piped from an old system, binary by mistake)
        raw = bytes_to_text(sys.stdin.buffer.read(), path="standard input")
        text = raw if args.no_clean else Document.from_text(raw).text
    else:
        if Path(args.path).is_dir():
            raise _UsageError(f"tokenize reads one file (or - for standard input); {args.path} "
                              "is a folder")
        text = read(args.path, clean=not args.no_clean).text
    _emit(tokenizer.tokenize_lines(text))
    return EXIT_OK


def _cmd_outline(args) -> int:
    from .extract.outline import format_outline, outline

    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_outline(outline(docs), args.format), human=args.format in ("md", "tree"))
    return _exit_code(failures)


def _cmd_slogans(args) -> int:
    from .extract.slogans import format_slogans, slogans

    lexicon = _lexicon(args.lexicon)
    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_slogans(slogans(docs, lexicon=lexicon), args.format), human=False)
    return _exit_code(failures)


def _cmd_themes(args) -> int:
    from .extract.themes import format_themes, themes

    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_themes(themes(docs, top=args.top, idf=args.idf), args.format), human=False)
    return _exit_code(failures)


def _cmd_kwic(args) -> int:
    from .extract.kwic import format_kwic, kwic

    if not args.term:
        raise _UsageError("kwic needs a non-empty TERM")
    if args.regex:
        try:
            re.compile(args.term)
        except re.error as exc:
            raise _UsageError(f"TERM {args.term!r} is not a regular expression: {exc}") from None
    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_kwic(kwic(docs, args.term, window=args.window, regex=args.regex)))
    return _exit_code(failures)


def _cmd_check(args) -> int:
    from .extract.checks import check, format_findings

    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_findings(check(docs), show_ok=args.show_ok, fmt=args.format))
    return _exit_code(failures)


def _cmd_targets(args) -> int:
    from .extract.targets import format_targets, targets

    docs, failures = _read_inputs(args.paths, args.follow_links)
    _emit(format_targets(targets(docs), args.format))
    return _exit_code(failures)


# --- compare and reuse ---------------------------------------------------------------------------
def _add_compare_parsers(sub) -> None:
    m = sub.add_parser("compare", help="what changed between two versions of a document")
    m.add_argument("old", metavar="OLD")
    m.add_argument("new", metavar="NEW")
    m.add_argument("--format", choices=["jsonl", "md", "html"], default="md")
    m.add_argument("--output", "-o", help="write to this file instead of standard output")
    r = sub.add_parser("reuse", help="passages of TARGET documents copied from SOURCE documents")
    r.add_argument("targets", nargs="+", metavar="TARGET")
    r.add_argument("--sources", nargs="+", required=True, metavar="SOURCE",
                   help="candidate sources; a TARGET among them is not its own source, so "
                        "`reuse DIR --sources DIR` compares each file with the others")
    r.add_argument("--format", choices=["jsonl", "csv", "summary"], default="jsonl",
                   help="passages (jsonl, csv) or one row per target (summary, CSV)")
    r.add_argument("--summary", metavar="FILE", help="also write the per-target summary CSV here")


def _cmd_compare(args) -> int:
    from .extract._frames import format_rows
    from .extract.compare import compare, format_comparison

    for given in (args.old, args.new):
        if not Path(given).is_file():
            raise _UsageError(f"{given}: not a file (compare takes two files: OLD NEW)")
    docs, failures = _read_inputs([args.old, args.new])
    if failures:
        return EXIT_FAILED_INPUTS
    c = compare(docs[0], docs[1])
    if args.format == "jsonl":
        text = format_rows(c.table.assign(old=docs[0].meta["doc"], new=docs[1].meta["doc"]),
                           "jsonl", lead=("old", "new"))
    else:
        text = format_comparison(c, args.format, full_page=args.format == "html")
    if args.output:
        Path(args.output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        _emit(text)
    return EXIT_OK


def _cmd_reuse(args) -> int:
    from .extract._frames import format_rows
    from .extract.reuse import REUSE_COLUMNS, SUMMARY_COLUMNS, reuse

    targets, t_failures = _read_inputs(args.targets)
    sources, s_failures = _read_inputs(args.sources)
    if not sources:
        raise _UsageError("no source document could be read (--sources)")
    # a file given both as TARGET and as a source is skipped as its own source (reuse() does
    # that), so `reuse DIR --sources DIR` is leave-one-out; with no other document there is
    # nothing to compare
    if targets and len({d.doc_id for d in targets} | {d.doc_id for d in sources}) < 2:
        raise _UsageError("the only source is the target itself: give other --sources")
    result = reuse(targets, sources)
    table = result.table.assign(doc=result.table["doc_id"], source=result.table["source_doc_id"])
    summary = result.summary
    if args.format == "summary":
        _emit(format_rows(summary, "csv", lead=SUMMARY_COLUMNS), human=False)
    else:
        _emit(format_rows(table[["doc", "source", *REUSE_COLUMNS]], args.format, lead=()),
              human=False)
    if args.summary:
        Path(args.summary).write_text(format_rows(summary, "csv", lead=SUMMARY_COLUMNS),
                                      encoding="utf-8-sig")
    return _exit_code(t_failures + s_failures)


_COMMANDS = {
    "analyze": _cmd_analyze,
    "tokenize": _cmd_tokenize,
    "outline": _cmd_outline,
    "slogans": _cmd_slogans,
    "themes": _cmd_themes,
    "kwic": _cmd_kwic,
    "check": _cmd_check,
    "targets": _cmd_targets,
    "compare": _cmd_compare,
    "reuse": _cmd_reuse,
}
