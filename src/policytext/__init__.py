"""policytext — quantitative reading of Chinese political documents.

Read documents (:func:`read`, :class:`Corpus`), clean them, tokenize with a party-terminology
lexicon (:class:`Tokenizer`), and extract outlines (提纲), formulations (提法), term statistics
and charts — all from one import::

    import policytext as pt

    doc = pt.read("speech.docx")
    pt.outline(doc)                 # headings and items
    corpus = pt.Corpus.from_dir("reports/")
    pt.trends(corpus, ["改革开放", "高质量发展"])
    pt.plot.plot_trends(...)        # charts live under pt.plot

Every name is loaded on first use (PEP 562), so ``import policytext`` imports neither pandas,
matplotlib nor jieba: no dictionary is built, no logging is configured, nothing is downloaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → module that defines it (relative to this package).
_EXPORTS: dict[str, str] = {
    # reading, cleaning, documents
    "read": ".io",
    "clean_text": ".clean",
    "CleanOptions": ".clean",
    "Corpus": ".corpus",
    "Document": ".corpus",
    "as_document": ".corpus",
    "as_documents": ".corpus",
    "Lexicon": ".lexicon",
    "Term": ".lexicon",
    "load_stopwords": ".lexicon",
    "Tokenizer": ".tokenize",
    # errors
    "PolicyTextError": ".errors",
    "DocumentReadError": ".errors",
    "InputError": ".errors",
    "LexiconError": ".errors",
    "MissingDependencyError": ".errors",
    "PlotError": ".errors",
    # extractors: one table each
    "outline": ".extract.outline",
    "Outline": ".extract.outline",
    "check": ".extract.checks",
    "slogans": ".extract.slogans",
    "first_seen": ".extract.slogans",
    "expansions": ".extract.slogans",
    "quotes": ".extract.quotes",
    "parallelism": ".extract.parallelism",
    "term_frequency": ".extract.stats",
    "trends": ".extract.stats",
    "temperature": ".extract.stats",
    "themes": ".extract.themes",
    "topics": ".extract.themes",
    "keyness": ".extract.keyness",
    "kwic": ".extract.kwic",
    "collocations": ".extract.collocations",
    "targets": ".extract.targets",
    # comparing documents: what changed, who copied whom
    "compare": ".extract.compare",
    "reuse": ".extract.reuse",
    # the batch and its report
    "analyze": ".batch",
    "write_report": ".report",
}

#: Submodules reachable as attributes (``pt.plot.plot_trends``).
_SUBMODULES = ("plot", "extract", "batch", "report")

__all__ = [
    "CleanOptions",
    "Corpus",
    "Document",
    "DocumentReadError",
    "InputError",
    "Lexicon",
    "LexiconError",
    "MissingDependencyError",
    "Outline",
    "PlotError",
    "PolicyTextError",
    "Term",
    "Tokenizer",
    "__version__",
    "analyze",
    "as_document",
    "as_documents",
    "batch",
    "check",
    "clean_text",
    "collocations",
    "compare",
    "expansions",
    "extract",
    "first_seen",
    "keyness",
    "kwic",
    "load_stopwords",
    "outline",
    "parallelism",
    "plot",
    "quotes",
    "read",
    "report",
    "reuse",
    "slogans",
    "targets",
    "temperature",
    "term_frequency",
    "themes",
    "topics",
    "trends",
    "write_report",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import batch, extract, plot, report
    from .batch import analyze
    from .clean import CleanOptions, clean_text
    from .corpus import Corpus, Document, as_document, as_documents
    from .errors import (
        DocumentReadError,
        InputError,
        LexiconError,
        MissingDependencyError,
        PlotError,
        PolicyTextError,
    )
    from .extract.checks import check
    from .extract.collocations import collocations
    from .extract.compare import compare
    from .extract.keyness import keyness
    from .extract.kwic import kwic
    from .extract.outline import Outline, outline
    from .extract.parallelism import parallelism
    from .extract.quotes import quotes
    from .extract.reuse import reuse
    from .extract.slogans import expansions, first_seen, slogans
    from .extract.stats import temperature, term_frequency, trends
    from .extract.targets import targets
    from .extract.themes import themes, topics
    from .io import read
    from .lexicon import Lexicon, Term, load_stopwords
    from .report import write_report
    from .tokenize import Tokenizer
