"""Sections about the inputs: corpus overview, document list, failed files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import SectionBase
from .page import escape
from .tables import html_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class OverviewSections(SectionBase):
    """Overview, document list and failed inputs."""

    def overview(self) -> str:
        import pandas as pd

        docs = self.docs
        assert docs is not None
        n = docs.n
        count = docs.status_counts.get
        n_ok = count("ok", 0) if docs.has_status else n
        n_err = count("error", 0) if docs.has_status else 0
        n_skip = count("skipped", 0) if docs.has_status else 0
        cards = [(f"{n:,}", "文件"), (f"{n_ok:,}", "处理成功")]
        years = docs.years
        if years:
            lo, hi = min(years), max(years)
            cards.append((f"{lo}–{hi}" if lo != hi else f"{lo}", "年份范围"))
        if docs.n_chars is not None:
            cards.append((f"{docs.n_chars:,}", "总字数"))
        html_cards = "".join(
            f'<div class="card"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for v, k in cards
        )
        bad = [(n_err, "失败"), (n_skip, "跳过")]
        html_cards += "".join(
            f'<div class="card bad"><b>{v:,}</b><span>{escape(k)}</span></div>' for v, k in bad if v
        )
        out = [f'<div class="cards">{html_cards}</div>']
        if docs.genres is not None:
            counts = docs.genres
            frame = _with_unknown(
                pd.DataFrame({"genre": counts.index, "n_docs": counts.to_numpy()}), "genre", n_ok)
            out.append("<h3>文种分布</h3>")
            out.append(html_table(frame, ["genre", "n_docs"], max_rows=self.max_rows))
        if years:
            by_year = pd.Series(years, dtype="int64")
            # many years: by decade, so the overview stays one screen long
            if len(years) > 15:
                by_year = by_year.groupby(by_year.index // 10 * 10).sum()
                by_year.index = [f"{d}年代" for d in by_year.index]
            counts = by_year.sort_index()
            label = "年代" if len(years) > 15 else "year"
            frame = _with_unknown(
                pd.DataFrame({label: counts.index, "n_docs": counts.to_numpy()}), label, n_ok)
            out.append("<h3>年份分布</h3>")
            out.append(html_table(frame, [label, "n_docs"], max_rows=self.max_rows))
        return "".join(out)

    def document_list(self) -> str:
        assert self.docs is not None
        return html_table(
            self.docs.head,
            ["doc_id", "title", "date", "year", "genre", "speaker", "n_chars", "status"],
            # every input of a corpus the report compares document by document
            max_rows=max(self.max_rows, self.max_docs),
            shorten={"title": 40},
            row_class=lambda r: "bad" if r.get("status", "ok") != "ok" else "",
            total=self.docs.n,
        )

    def failed(self) -> str:
        docs = self.docs
        assert docs is not None
        if not docs.has_status:
            return '<p class="note">documents 表没有 status 列。</p>'
        bad = docs.failed
        if bad.empty:
            return f'<p class="ok">全部 {docs.n:,} 个文件处理成功。</p>'
        # a skipped file (a metadata table, a file of another type) did not fail: it is listed
        # apart, as the overview's card counts it apart
        skipped = bad[bad["status"] == "skipped"]
        errors = bad[bad["status"] != "skipped"]
        columns = ["doc_id", "path", "status", "error"]
        out = []
        if errors.empty:
            out.append(f'<p class="ok">没有处理失败的文件（共 {docs.n:,} 个）。</p>')
        else:
            out.append(f'<p class="note">{len(errors):,} 个文件未能处理（共 {docs.n:,} 个）：</p>'
                       + html_table(errors, columns, max_rows=None, row_class=lambda r: "bad"))
        if not skipped.empty:
            out.append(f'<p class="note">跳过 {len(skipped):,} 个文件（不是可读的文档）：</p>'
                       + html_table(skipped, columns, max_rows=None))
        return "".join(out)


def _with_unknown(frame: pd.DataFrame, column: str, n_ok: int) -> pd.DataFrame:
    """``frame`` (documents per value of ``column``) with a last row for the ``ok`` documents
    whose value was not found, so that the table accounts for every document."""
    import pandas as pd

    missing = n_ok - int(frame["n_docs"].sum())
    if missing <= 0:
        return frame
    return pd.concat([frame, pd.DataFrame({column: ["（未识别）"], "n_docs": [missing]})],
                     ignore_index=True)
