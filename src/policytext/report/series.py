"""Sections of a time series: trends, the heatmap over years, first/last seen, keyness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policytext import plot

from .base import SectionBase
from .charts import new_figure
from .summaries import NOT_FORMULATIONS
from .tables import COLUMN_LABELS, html_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Terms the trend chart shows by default when the corpus has them: the classic contrast of
#: the reform era, the new development stage and party-building language.
TREND_TERMS: tuple[str, ...] = ("改革开放", "高质量发展", "四个意识", "新质生产力")


class SeriesSections(SectionBase):
    """Sections of a time series (three years or more)."""

    def _trend_terms(self, trends: pd.DataFrame) -> list[str]:
        basis = "count" if "count" in trends else "per_10k"
        totals = trends.groupby("term")[basis].sum()
        totals = totals.drop(list(self._not_formulations() & set(totals.index)))
        present = [t for t in TREND_TERMS if totals.get(t, 0) > 0]
        top = [
            t for t in totals.sort_values(ascending=False, kind="stable").index if t not in present
        ]
        return present if len(present) >= 3 else (present + top)[:5]

    def trends(self) -> str:
        trends = self.t["trends"]
        chosen = self._trend_terms(trends)
        value = "per_10k" if "per_10k" in trends else "count"
        fig = new_figure(9, 5)
        plot.plot_trends(trends, terms=chosen, value=value, ax=fig.subplots())
        years = trends["year"].dropna()
        span = f"{int(years.min())}–{int(years.max())} 年" if len(years) else ""
        caption = f"{'、'.join(chosen)}：{span}{COLUMN_LABELS.get(value, value)}；圆圈与图例标出首次出现的年份（语料第一年已出现的提法不标）"
        return self._png(fig, "trends", "提法热度趋势折线图", caption) + self._undated()

    def _not_formulations(self) -> set[str]:
        """Terms of the lexicon categories in :data:`NOT_FORMULATIONS` (from the terms table)."""
        summary = self.t.get("term_summary")
        if summary is None and "terms" in self.t:
            summary = self.t["terms"]
        if summary is None or "category" not in summary:
            return set()
        return set(summary.loc[summary["category"].isin(NOT_FORMULATIONS), "term"])

    def heatmap(self) -> str:
        frame = self.t["trends"]
        frame = frame[~frame["term"].isin(self._not_formulations())]
        value = "per_10k" if "per_10k" in frame else "count"
        n = min(30, frame["term"].nunique())
        fig = new_figure(10, max(3.5, 0.34 * n + 1.8))
        plot.plot_heatmap(frame, columns="year", value=value, top=30, ax=fig.subplots())
        return self._png(
            fig, "heatmap", "术语热力图",
            f"{COLUMN_LABELS[value]}最高的 {n} 个提法（不含机构、会议与文种名称），每列一年",
        )

    def first_seen(self) -> str:
        fs = self.t["first_seen"]
        # the corpus's years, not the table's: the first year may hold none of its terms
        years = self.docs.years if self.docs is not None else None
        span = (min(years), max(years)) if years else None
        bounded = plot.timeline_terms(fs, None, years=span)
        n = min(40, len(bounded))
        fig = new_figure(9, max(3.5, 0.3 * n + 1.6))
        plot.plot_timeline(fs, top=40, years=span, ax=fig.subplots())
        table = bounded.sort_values(["first_year", "term"], kind="stable") if len(bounded) else bounded
        return self._png(fig, "timeline", "提法首现与末现年份",
            "有起止的提法最早与最晚出现的年份（不含机构、会议与文种名称；≤ 表示语料第一年已出现）",
        ) + self._undated() + html_table(
            table,
            ["term", "category", "first_year", "last_year", "n_years"],
            max_rows=self.max_rows,
        )

    def _undated(self) -> str:
        """A note when documents without a year are left out of a section over years (on a
        folder of 公文 half of them may be), else nothing."""
        if self.docs is None:
            return ""
        n_ok = self.docs.status_counts.get("ok", 0) if self.docs.has_status else self.docs.n
        undated = n_ok - sum(self.docs.years.values())
        if undated <= 0:
            return ""
        return (f'<p class="note">{undated:,} 篇文档没有年份（共 {n_ok:,} 篇），'
                "不在本节按年份的统计中。</p>")

    def keyness(self) -> str:
        kn = self.t["keyness"]
        target, reference, note = "目标语料", "参照语料", ""
        if "year" in kn and kn["year"].nunique() >= 1 and len(kn):
            year = int(kn["year"].max())
            kn = kn[kn["year"] == year]
            target, reference = f"{year} 年", "其他年份"
            years = self.docs.years if self.docs is not None else {}
            here, rest = ((f"，{years[year]:,} 篇", f"（{sum(years.values()) - years[year]:,} 篇）")
                          if year in years else ("", ""))
            note = (
                f'<p class="note">{year} 年（最近一年{here}）的文档与其余各年{rest}相比；'
                "keyness 表含每一年的关键词。已去除虚词与统计用语（本年、等于、递增等）。</p>"
                + self._undated()
            )
        n = sum(min(20, int(n)) for n in kn["direction"].value_counts()) if len(kn) else 0
        fig = new_figure(9, max(3.5, 0.3 * n + 1.6))
        plot.plot_keyness(kn, top=20, target=target, reference=reference, ax=fig.subplots())
        table = kn.sort_values("g2", ascending=False, kind="stable") if len(kn) else kn
        if "direction" in table:
            table = table.assign(
                direction=table["direction"]
                .map({"target": target, "reference": reference})
                .fillna(table["direction"])
            )
        return self._png(
            fig, "keyness", "关键性分析条形图",
            f"右：{target}显著偏多；左：{reference}显著偏多",
        ) + html_table(
            table,
            ["term", "count_target", "count_reference", "g2", "log_ratio", "p_value", "direction"],
            max_rows=self.max_rows,
        ) + note
