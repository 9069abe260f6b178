"""What the per-document work computes (:class:`AnalyzeOptions`) and its fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyTextError
from .extractors import EXTRACTORS
from .state import STATE_VERSION


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

        from .. import __version__

        h = hashlib.sha256()
        h.update(repr((STATE_VERSION, __version__, self.engine, tuple(self.extractors),
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
