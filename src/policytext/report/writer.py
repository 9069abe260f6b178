"""Writing the report: :func:`write_report`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .builder import ReportBuilder
from .page import render_page

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

def write_report(
    tables: Mapping[str, pd.DataFrame | None],
    path: str | os.PathLike[str],
    *,
    title: str = "policytext report",
    max_rows: int = 30,
    max_docs: int = 100,
    embed_font: bool = True,
    charts_dir: str | os.PathLike[str] | None = None,
    doc_counts: Mapping[str, int] | None = None,
) -> Path:
    """Write a one-file HTML report of an analysis.

    Parameters
    ----------
    tables
        DataFrames by name. Used when present (others are ignored, missing ones skipped):

        ``documents``
            ``doc_id, path, status`` (``ok``/``error``/``skipped``), ``error, title, date,
            year, genre, speaker, n_chars``
        ``terms``
            ``doc_id, term, category, count, per_10k``
        ``trends``
            ``year, term, count, n_docs, docs_with_term, doc_share, per_10k``
        ``themes``
            ``doc_id, term, score, rank``
        ``keyness``
            ``year, term, count_target, count_reference, g2, chi2, log_ratio, p_value,
            direction, category, target_docs``
        ``slogans``
            ``doc_id, term, surface, kind, category, quoted, start, end, sentence``
        ``first_seen``
            ``term, category, first_year, last_year, n_years``
        ``outline``
            ``doc_id, node_id, parent_id, depth, kind, marker, style, ordinal, title, start,
            end``
        ``targets``
            :func:`~policytext.extract.targets.targets` rows: ``doc_id, indicator,
            canonical, value, value_high, unit, qualifier, kind, year`` (a table per
            document; over several years, each main indicator's targets against results)
        ``term_summary``, ``slogan_summary``
            :func:`term_summary` and :func:`slogan_summary` of the ``terms`` and ``slogans``
            tables, used instead of them: for a corpus whose occurrence tables do not fit
            in memory they can be made from chunks of the files (the batch runner does).
        ``document_summary``
            A :class:`DocumentSummary` (:func:`document_summary`) used instead of
            ``documents``, for the same reason: one row per input of millions.
        ``terms_by_doc``, ``slogans_by_doc``
            :func:`per_document` of the ``terms`` and ``slogans`` tables (made from them when
            they are given whole; :func:`occurrence_summaries` makes both kinds of summary
            from chunks in one pass): the cross-section's comparisons of documents.

        Which sections the page has follows :func:`corpus_shape`: a time series gets trends,
        the heatmap over years, first/last seen and keyness (one year against the others);
        a cross-section gets the terms × document heatmap and the formulations shared by the
        documents or unique to one; one document gets its outline and formulations. Terms,
        themes, formulations, outlines and the document list are in every report.
    path
        The HTML file to write (parent folders are created).
    title
        Page title.
    max_rows
        Rows shown per table; the number left out is stated under the table. The table of
        failed inputs is never cut.
    max_docs
        Documents shown in the per-document sections (themes, outlines); the notes under
        them say how many there are in all.
    embed_font
        Embed a subset of the bundled CJK font so the page reads on machines without one.
    charts_dir
        Also save every chart as a PNG file in this folder (``terms.png``, ``trends.png``,
        ``heatmap.png``, ``timeline.png``, ``keyness.png``, ``outline.png``).
    doc_counts
        Documents with rows in the ``themes`` and ``outline`` tables, when the tables given
        hold only the first ``max_docs`` documents' rows (the notes under those sections
        state the total).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    builder = ReportBuilder(
        tables, max_rows=max_rows, max_docs=max_docs,
        charts_dir=Path(charts_dir) if charts_dir is not None else None, doc_counts=doc_counts,
    )
    body = builder.build()
    page = render_page(title, builder.toc, body, embed_font=embed_font)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
