"""What every family of report sections shares: the tables, the table of contents and
the chart and section helpers (:class:`SectionBase`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .charts import png_bytes, png_html
from .page import escape
from .summaries import DocumentSummary, corpus_shape, document_summary, per_document

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure


class SectionBase:
    """The tables of a report and the helpers its sections use; the families of sections
    (:mod:`.overview`, :mod:`.vocabulary`, :mod:`.series`, :mod:`.comparison`,
    :mod:`.structure`) extend it and :class:`~policytext.report.builder.ReportBuilder`
    combines them."""

    def __init__(
        self, tables: Mapping[str, Any], *, max_rows: int, max_docs: int, charts_dir: Path | None = None,
        doc_counts: Mapping[str, int] | None = None,
    ) -> None:
        import pandas as pd

        self.charts_dir = charts_dir
        self.doc_counts = dict(doc_counts or {})

        self.t: dict[str, pd.DataFrame] = {
            k: v for k, v in tables.items() if isinstance(v, pd.DataFrame)
        }
        summary = tables.get("document_summary")
        if not isinstance(summary, DocumentSummary) and "documents" in self.t:
            summary = document_summary(self.t["documents"], head=max(max_rows, max_docs))
        self.docs: DocumentSummary | None = summary if isinstance(summary, DocumentSummary) else None
        self.by_doc: dict[str, pd.DataFrame] = {}
        for name in ("terms", "slogans"):
            given = tables.get(f"{name}_by_doc")
            if given is None and name in self.t:
                given = per_document(self.t[name])
            if isinstance(given, pd.DataFrame) and not given.empty:
                self.by_doc[name] = given
        self.shape = corpus_shape(self.docs, self.t)
        self.max_rows = max_rows
        self.max_docs = max_docs
        self.toc: list[tuple[str, str]] = []

    # helpers ----------------------------------------------------------------------------
    def _png(self, fig: Figure, name: str, alt: str, caption: str = "") -> str:
        """Embed the chart; also save it as ``charts_dir/<name>.png`` when asked (rendered once)."""
        data = png_bytes(fig)
        if self.charts_dir is not None:
            self.charts_dir.mkdir(parents=True, exist_ok=True)
            (self.charts_dir / f"{name}.png").write_bytes(data)
        return png_html(fig, alt, caption, data)

    def _section(self, anchor: str, heading: str, make: Callable[[], str]) -> str:
        self.toc.append((anchor, heading))
        try:
            inner = make()
        except Exception as exc:  # one bad table must not cost the whole report
            inner = (
                f'<p class="note status-error">本节无法生成：'
                f"{escape(type(exc).__name__)}: {escape(exc)}</p>"
            )
        return f'<section id="{escape(anchor)}"><h2>{escape(heading)}</h2>{inner}</section>\n'

    def _n_documents(self) -> int | None:
        """Documents analysed (the ``ok`` rows of the documents table), or None without one."""
        if self.docs is None:
            return None
        return self.docs.status_counts.get("ok", 0) if self.docs.has_status else self.docs.n

    def _titles(self) -> dict[Any, str]:
        return self.docs.titles if self.docs is not None else {}

    def _first_docs(self, frame: pd.DataFrame) -> list[Any]:
        """The first ``max_docs`` documents of ``frame`` in the order of the documents table
        (``ok`` ones first)."""
        present = list(dict.fromkeys(frame["doc_id"]))
        order = self.docs.ok_order if self.docs is not None else None
        if order is not None:
            ordered = sorted((d for d in present if d in order), key=order.__getitem__)
            present = ordered + [d for d in present if d not in order]
        return present[: self.max_docs]
