"""HTML tables of the report: column headings and cell formatting."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from policytext import plot

from .page import escape

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

COLUMN_LABELS = {
    "doc_id": "文档",
    "path": "路径",
    "status": "状态",
    "error": "原因",
    "title": "标题",
    "date": "日期",
    "year": "年份",
    "genre": "文种",
    "speaker": "讲话人",
    "n_chars": "字数",
    "term": "术语",
    "category": "类别",
    "count": "词频",
    "per_10k": "每万字频次",
    "n_docs": "文档数",
    "score": "权重",
    "rank": "排名",
    "count_target": "目标语料频次",
    "count_reference": "参照语料频次",
    "g2": "G²",
    "log_ratio": "对数比",
    "p_value": "p 值",
    "direction": "偏向",
    "first_year": "首现年份",
    "last_year": "末现年份",
    "n_years": "出现年数",
    "kind": "类型",
    "sentence": "例句",
    "quoted": "带引号",
    "terms": "主题词",
    "places": "地名",
    "share": "占比",
    "n_terms": "提法数",
    "formulations": "独有的提法（次数）",
}


_PLAIN_INT_COLUMNS = frozenset({"year", "first_year", "last_year", "rank", "ordinal"})
# Counts that arrive as floats (a column with missing values) are still written as integers.
_COUNT_COLUMNS = frozenset(
    {"count", "n_chars", "n_docs", "count_target", "count_reference", "n_years", "start", "end"}
)


_PERCENT = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%")


def format_cell(value: Any, column: str = "") -> tuple[str, bool]:
    """(text, is_number) for a table cell; years are written without a thousands separator."""
    import math
    import numbers

    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if column == "category" and isinstance(value, str):
        return plot.CATEGORY_LABELS.get(value, value), False
    if column in _PLAIN_INT_COLUMNS and isinstance(value, numbers.Real):
        if isinstance(value, float) and math.isnan(value):
            return "", False
        return (f"{int(value)}" if float(value).is_integer() else f"{value}"), True
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", True
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return "", False
        if column in _COUNT_COLUMNS and v.is_integer():
            return f"{int(v):,}", True
        if abs(v) < 0.001:
            return f"{v:.2e}", True
        return f"{v:,.2f}", True
    try:
        import pandas as pd

        if pd.isna(value):
            return "", False
    except (TypeError, ValueError):
        pass
    text = str(value)
    # a share already written as a percentage (88%) is a number too
    return text, bool(_PERCENT.fullmatch(text))


def excerpt(text: str, term: str, width: int) -> str:
    """At most ``width`` characters of ``text`` that show ``term``: the text itself when it
    fits, else a window around the term's first occurrence (… marks a cut), else its head."""
    if len(text) <= width:
        return text
    i = text.find(term) if term else -1
    if i < 0 or len(term) > width - 2:
        return text[: width - 1] + "…"
    start = max(0, min(i - (width - len(term)) // 2, len(text) - width))
    end = start + width
    if start > 0:
        start += 1  # room for the leading …
    if end < len(text):
        end -= 1
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def html_table(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    max_rows: int | None,
    row_class: Callable[[Mapping[str, Any]], str] | None = None,
    shorten: Mapping[str, int] | None = None,
    around: Mapping[str, str] | None = None,
    total: int | None = None,
) -> str:
    """An HTML table of the first ``max_rows`` rows of ``df`` (of ``total`` rows: ``len(df)``
    unless ``df`` is already the first rows of a larger table). ``shorten``: column → most
    characters shown; a longer cell is cut at its head, or around the value of the row's
    ``around[column]`` column when it holds it (an example sentence around its term)."""
    cols = [c for c in columns if c in df.columns]
    if df.empty or not cols:
        return '<p class="note">（无数据）</p>'
    shown = df if max_rows is None else df.head(max_rows)
    records = []
    for rec in shown[cols].to_dict("records"):
        cells = {}
        for c in cols:
            text, num = format_cell(rec[c], c)
            limit = (shorten or {}).get(c)
            if limit and len(text) > limit:
                key = (around or {}).get(c)
                text = excerpt(text, str(rec[key]) if key in rec else "", limit)
            cells[c] = (text, num)
        records.append((rec, cells))
    # a column of numbers only (blanks aside) is right-aligned, its header too; a column that
    # mixes numbers and words (5%, 5%左右) stays left-aligned throughout
    numeric = {c: all(cells[c][1] or not cells[c][0] for _, cells in records) for c in cols}
    head = "".join(f'<th class="num">{escape(COLUMN_LABELS.get(c, c))}</th>' if numeric[c]
                   else f"<th>{escape(COLUMN_LABELS.get(c, c))}</th>" for c in cols)
    rows = []
    for rec, cells in records:
        tds = "".join(f'<td class="num">{escape(cells[c][0])}</td>' if numeric[c]
                      else f"<td>{escape(cells[c][0])}</td>" for c in cols)
        cls = row_class(rec) if row_class else ""
        rows.append(f'<tr class="{cls}">' if cls else "<tr>")
        rows.append(tds + "</tr>")
    total = len(df) if total is None else total
    omitted = total - len(shown)
    note = (
        f'<p class="note">共 {total:,} 行，另有 {omitted:,} 行未显示。</p>' if omitted > 0 else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
