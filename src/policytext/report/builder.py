"""The report's sections in order: :class:`ReportBuilder`."""

from __future__ import annotations

from .comparison import ComparisonSections
from .overview import OverviewSections
from .series import SeriesSections
from .structure import StructureSections
from .vocabulary import VocabularySections


class ReportBuilder(OverviewSections, VocabularySections, SeriesSections, ComparisonSections,
                    StructureSections):
    """Builds the HTML of every section the tables and the corpus shape call for."""

    # build ------------------------------------------------------------------------------
    def build(self) -> str:
        t = self.t
        parts = []
        series, cross = self.shape == "series", self.shape == "cross-section"
        if self.docs is not None:
            parts.append(self._section("overview", "语料概览", self.overview))
        # A time series opens with the trend over time: the picture that shows what the
        # library is for (改革开放 → 高质量发展 over seventy years). A cross-section (one year,
        # many documents) compares the documents instead; one document shows its structure.
        if "trends" in t and series:
            parts.append(self._section("trends", "提法热度趋势", self.trends))
        if "terms" in t or "term_summary" in t:
            parts.append(self._section("terms", "高频术语与提法", self.terms))
        if "trends" in t and series:
            parts.append(self._section("heatmap", "热力图", self.heatmap))
        elif "terms" in self.by_doc and self.shape != "single":
            parts.append(self._section("heatmap", "各文档术语对比", self.doc_heatmap))
        if "first_seen" in t and series:
            parts.append(self._section("first-seen", "提法首现与末现", self.first_seen))
        if "themes" in t:
            parts.append(self._section("themes", "各文档主题词", self.themes))
        if cross and ("slogans" in self.by_doc or "terms" in self.by_doc):
            parts.append(self._section("shared", "共有与独有的提法", self.shared_unique))
        if "slogans" in t or "slogan_summary" in t:
            parts.append(self._section("slogans", "数字口号与提法", self.slogans))
        if "keyness" in t and series:
            parts.append(self._section("keyness", "关键性分析", self.keyness))
        if "outline" in t:
            parts.append(self._section("outline", "文档结构", self.outline))
        if "targets" in t:
            parts.append(self._section("targets", "主要预期目标与实际", self.targets))
        if self.docs is not None:
            parts.append(self._section("documents", "文件列表", self.document_list))
            parts.append(self._section("failed", "处理失败的文件", self.failed))
        if not parts:
            parts.append('<p class="note">没有可报告的数据表。</p>')
        return "".join(parts)
