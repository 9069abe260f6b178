"""Sections of what the documents say: frequent terms, themes, numbered slogans and formulations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policytext import plot

from .base import SectionBase
from .charts import new_figure
from .summaries import (
    NOT_FORMULATIONS,
    corpus_rate,
    is_formulation,
    slogan_summary,
    term_summary,
)
from .tables import html_table

if TYPE_CHECKING:  # pragma: no cover
    pass


class VocabularySections(SectionBase):
    """Terms, themes and slogans."""

    def terms(self) -> str:
        summary = self.t.get("term_summary")
        if summary is None:
            summary = term_summary(self.t["terms"])
        table = summary.sort_values("count", ascending=False, kind="stable")
        n_terms = len(table)
        fig = new_figure(9, max(3.5, 0.34 * min(20, n_terms) + 1.4))
        plot.plot_terms(summary, top=20, ax=fig.subplots())  # (sums per term: the same bars)
        note = ""
        if "per_10k" in table:
            n_docs = self._n_documents()
            if n_docs and n_docs >= table["n_docs"].max():
                table = table.assign(per_10k=corpus_rate(table, n_docs))
                note = f"每万字频次为全部 {n_docs} 篇文档每万字频次的平均值（未出现该词的文档计为 0）"
            else:
                note = "每万字频次为出现该词的各文档每万字频次的平均值"
        # leftmost-longest matching: 新时代 inside 习近平新时代中国特色社会主义思想 is counted
        # as the longer term, so a plain text search finds more than these counts
        note = (f'<p class="note">{note + "；" if note else ""}词频为全部文档之和；'
                "出现在更长术语内部的不单独计数（如“习近平新时代中国特色社会主义思想”中的“新时代”），"
                "故可能少于全文检索的次数。</p>")
        return (
            self._png(fig, "terms", "高频术语条形图", "词频最高的 20 个术语，颜色表示词表类别")
            + html_table(
                table, ["term", "category", "count", "per_10k", "n_docs"], max_rows=self.max_rows
            )
            + note
        )

    def themes(self) -> str:
        import pandas as pd

        themes = self.t["themes"]
        titles = self._titles()
        docs = self._first_docs(themes)
        from policytext.extract.themes import token_kind

        rows = []
        for d in docs:
            sub = themes[themes["doc_id"] == d]
            sub = sub.sort_values("rank", kind="stable") if "rank" in sub else sub
            # programmes and formulations apart from place names, as themes(kinds=...) ranks them
            places = [str(t) for t in sub["term"] if token_kind(str(t)) == "place"]
            terms = [str(t) for t in sub["term"] if token_kind(str(t)) != "place"]
            rows.append({"doc_id": d, "title": titles.get(d, ""),
                         "terms": "、".join(terms[:10]), "places": "、".join(places[:5])})
        frame = pd.DataFrame(rows, columns=["doc_id", "title", "terms", "places"])
        n_all = self.doc_counts.get("themes", themes["doc_id"].nunique())
        shown = f"全部 {n_all} 篇文档" if len(docs) >= n_all else f"前 {len(docs)} 篇文档（共 {n_all} 篇）"
        note = (f'<p class="note">{shown}；每篇按权重（TF-IDF）排列的前 10 个主题词与前 5 个地名'
                "（地名按词典与行政区划表识别）。</p>")
        return (
            html_table(frame, ["doc_id", "title", "terms", "places"], max_rows=None,
                       shorten={"title": 30}) + note
        )

    def slogans(self) -> str:
        summary = self.t.get("slogan_summary")
        if summary is None:
            summary = slogan_summary(self.t["slogans"])
        table = summary.sort_values("count", ascending=False, kind="stable")
        if "category" in table:
            table = table[~table["category"].isin(NOT_FORMULATIONS)]
        table = table[table["term"].map(is_formulation)]
        if "quoted" in table:
            table["quoted"] = table["quoted"].map(lambda v: f"{v:.0%}")
        columns = ["term", "category", "count", "n_docs", "quoted", "sentence"]
        # an example longer than its cell is cut around its term, however late it comes
        cut = {"shorten": {"sentence": 60}, "around": {"sentence": "term"}}
        parts = []
        # Numeric slogans (四个意识, 五项原则) first: in a table of all formulations by count
        # they are drowned by the lexicon's long-lived terms.
        if "kind" in table:
            numeric = table[table["kind"] == "numeric"]
            table = table[table["kind"] != "numeric"]
            parts.append("<h3>数字口号</h3>")
            parts.append(html_table(numeric, columns, max_rows=self.max_rows, **cut))
            parts.append("<h3>其他提法</h3>")
        parts.append(html_table(table, columns, max_rows=self.max_rows, **cut))
        parts.append('<p class="note">不含机构、会议与文种名称（省委、国务院、政府工作报告等）'
                     "与引号中的整句。</p>")
        return "".join(parts)
