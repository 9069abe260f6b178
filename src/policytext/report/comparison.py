"""Sections comparing the documents of a cross-section: terms × document heatmap, shared and
unique formulations."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext import plot

from .base import SectionBase
from .charts import new_figure
from .summaries import NOT_FORMULATIONS, is_formulation
from .tables import COLUMN_LABELS, html_table

if TYPE_CHECKING:  # pragma: no cover
    pass


class ComparisonSections(SectionBase):
    """Sections of a cross-section (one year, many documents)."""

    def _doc_label(self, doc_ids: Iterable[Any]) -> dict[Any, str]:
        """Short labels of documents for charts: the file name without its common suffix."""
        ids = list(doc_ids)
        suffixes = {Path(str(d)).suffix for d in ids}
        if len(suffixes) == 1 and suffixes != {""}:
            return {d: Path(str(d)).stem for d in ids}
        return {d: str(d) for d in ids}

    def doc_heatmap(self) -> str:
        by_doc = self.by_doc["terms"]
        docs = list(dict.fromkeys(by_doc["doc_id"]))
        label = self._doc_label(docs)
        frame = by_doc.assign(document=by_doc["doc_id"].map(label))
        if "category" in frame:
            frame = frame[~frame["category"].isin(NOT_FORMULATIONS)]
        n = min(30, frame["term"].nunique())
        value = "per_10k" if "per_10k" in frame else "count"
        width = min(30.0, max(10.0, 0.34 * len(docs) + 4))
        fig = new_figure(width, max(3.5, 0.34 * n + 2.6))
        plot.plot_heatmap(frame, columns="document", value=value, top=30,
                          column_order="cluster", xlabel="文档",
                          title=f"提法 × 文档（{COLUMN_LABELS[value]}）", ax=fig.subplots())
        return self._png(
            fig, "heatmap", "术语 × 文档热力图",
            f"全部 {len(docs)} 篇文档中{COLUMN_LABELS[value]}最高的 {n} 个提法"
            "（不含机构、会议与文种名称）；列按各文档提法构成的相似程度排列",
        )

    def shared_unique(self) -> str:
        import pandas as pd

        by_doc = self.by_doc.get("slogans", self.by_doc.get("terms"))
        assert by_doc is not None
        n_docs = by_doc["doc_id"].nunique()
        if "category" in by_doc:
            by_doc = by_doc[~by_doc["category"].isin(NOT_FORMULATIONS)]
        by_doc = by_doc[by_doc["term"].map(is_formulation)]
        per_term = by_doc.groupby("term", sort=False).agg(
            n_docs=("doc_id", "nunique"), count=("count", "sum")
        ).reset_index()
        if "category" in by_doc:
            per_term["category"] = per_term["term"].map(
                by_doc.groupby("term", sort=False)["category"].first())
        shared = per_term[per_term["n_docs"] >= max(2, (n_docs + 1) // 2)].sort_values(
            ["n_docs", "count"], ascending=False, kind="stable")
        only = per_term[per_term["n_docs"] == 1][["term"]]
        unique = by_doc.merge(only, on="term").sort_values(
            ["doc_id", "count"], ascending=[True, False], kind="stable")
        label = self._doc_label(by_doc["doc_id"].unique())
        rows = [
            {"doc_id": label[d], "formulations": "、".join(
                f"{t}（{c}）" for t, c in zip(sub["term"].head(12), sub["count"].head(12),
                                            strict=True)),
             "n_terms": len(sub)}
            for d, sub in unique.groupby("doc_id", sort=True)
        ]
        frame = pd.DataFrame(rows, columns=["doc_id", "formulations", "n_terms"])
        return (
            f"<h3>共有的提法（出现在至少一半文档中，共 {n_docs} 篇）</h3>"
            + html_table(shared, ["term", "category", "n_docs", "count"], max_rows=self.max_rows)
            + "<h3>各文档独有的提法</h3>"
            + html_table(frame, ["doc_id", "formulations", "n_terms"], max_rows=None)
            + '<p class="note">独有：只出现在这一篇文档中的提法，括号内为次数，每篇最多列 12 个；'
            f"{n_docs - len(frame)} 篇文档没有独有的提法。不含机构、会议与文种名称。</p>"
        )
