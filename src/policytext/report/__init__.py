"""A self-contained HTML report of an analysis: one file, charts and font inside.

:func:`write_report` takes the tables an analysis produced (``documents``, ``terms``,
``trends``, ``themes``, ``keyness``, ``slogans``, ``first_seen``, ``outline``; any may be
missing) and writes one HTML page: charts are embedded as base64 PNG, the CSS is inline and
the page links to nothing outside itself. So that the Chinese text of the page shows on a
machine without a CJK font, a subset of the bundled font holding just the characters the page
uses is embedded too (a few hundred kB; ``embed_font=False`` leaves it out).

One module per job: :mod:`.page` (skeleton, CSS, escaping), :mod:`.fonts` (font embedding),
:mod:`.charts` (PNG figures), :mod:`.tables` (HTML tables), :mod:`.summaries` (summaries of the
occurrence tables, read whole or in chunks, and the corpus shape), :mod:`.sections` (the
sections), :mod:`.targets` (targets against results) and :mod:`.writer` (:func:`write_report`).
"""

from __future__ import annotations

from .series import TREND_TERMS
from .summaries import (
    MAX_COMPARED_DOCS,
    NOT_FORMULATIONS,
    SLOGAN_SUMMARY_COLUMNS,
    TERM_SUMMARY_COLUMNS,
    DocumentSummary,
    corpus_rate,
    corpus_shape,
    document_summary,
    is_formulation,
    occurrence_summaries,
    per_document,
    slogan_summary,
    term_summary,
)
from .targets import TARGET_SERIES, format_figure, targets_section, targets_series
from .writer import write_report

__all__ = ["MAX_COMPARED_DOCS", "NOT_FORMULATIONS", "SLOGAN_SUMMARY_COLUMNS", "TARGET_SERIES",
           "TERM_SUMMARY_COLUMNS", "TREND_TERMS", "DocumentSummary", "corpus_rate", "corpus_shape",
           "document_summary", "format_figure", "is_formulation", "occurrence_summaries",
           "per_document", "slogan_summary", "targets_section", "targets_series", "term_summary",
           "write_report"]
