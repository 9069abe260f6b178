"""Sections of document structure: outlines, and targets against results."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from policytext import plot

from .base import SectionBase
from .charts import new_figure
from .page import escape
from .targets import targets_section

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class StructureSections(SectionBase):
    """Outlines and targets."""

    def outline(self) -> str:
        ol = self.t["outline"]
        docs = self._first_docs(ol)
        titles = self._titles()
        out = []
        sizes = ol["doc_id"].value_counts()
        n_all = self.doc_counts.get("outline", ol["doc_id"].nunique())
        # One tree diagram (for the richest document), a text outline for every document.
        drawn = max(docs, key=lambda d: (sizes.get(d, 0), -docs.index(d)), default=None)
        for d in docs:
            sub = ol[ol["doc_id"] == d]
            n = min(60, len(sub))
            heading = f"{d}" + (f"　{titles[d]}" if d in titles else "")
            out.append(f"<h3>{escape(heading)}</h3>")
            if d == drawn:
                fig = new_figure(9, max(1.6, 0.3 * n + 1.0))
                plot.plot_outline(ol, doc_id=d, ax=fig.subplots())
                out.append(self._png(fig, "outline", f"{d} 的结构图"))
            out.append(_outline_list(sub, open_=d == drawn))
        shown = f"全部 {n_all} 篇" if len(docs) >= n_all else f"前 {len(docs)} 篇（共 {n_all} 篇）"
        out.append(
            f'<p class="note">{shown}有大纲的文档；结构图为节点最多的一篇，其余点开查看。'
            "没有“一、（一）”式标题的文档不在此列。</p>"
        )
        return "".join(out)

    def targets(self) -> str:
        return targets_section(self.t["targets"], docs=self._first_docs(self.t["targets"]),
                               titles=self._titles(), max_rows=self.max_rows, png=self._png)


def _outline_list(df: pd.DataFrame, *, open_: bool, max_nodes: int = 200) -> str:
    """Nested <ul> of an outline, inside a <details> element."""
    d = df.sort_values("start", kind="stable") if "start" in df else df
    omitted = max(0, len(d) - max_nodes)
    d = d.head(max_nodes)
    children: dict[Any, list[dict[str, Any]]] = {}
    ids = set(d["node_id"])
    for rec in d.to_dict("records"):
        parent = rec.get("parent_id")
        key = parent if parent in ids else None
        children.setdefault(key, []).append(rec)

    def render(nodes: Iterable[dict[str, Any]], level: int) -> str:
        items = []
        for rec in nodes:
            mark = "" if rec.get("marker") is None else str(rec.get("marker"))
            title = "" if rec.get("title") is None else str(rec.get("title"))
            label = title if not mark or title.startswith(mark) else mark + title
            cls = "item" if rec.get("kind") == "item" else "heading"
            sub = render(children.get(rec["node_id"], []), level + 1) if level < 12 else ""
            items.append(f'<li class="{cls}">{escape(label)}{sub}</li>')
        return f'<ul class="outline">{"".join(items)}</ul>' if items else ""

    body = render(children.get(None, []), 0)
    more = f'<p class="note">另有 {omitted} 个节点未显示。</p>' if omitted else ""
    return (
        f"<details{' open' if open_ else ''}><summary>大纲（{len(d)} 个节点）</summary>"
        f"{body}{more}</details>"
    )
