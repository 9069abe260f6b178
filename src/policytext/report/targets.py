"""The targets section: main expected targets (主要预期目标) against results."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from policytext import plot

from .charts import new_figure
from .page import escape
from .tables import html_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# column headings of the section's tables (kept here: the shared COLUMN_LABELS has "kind")
_TARGET_LABELS = {"kind": "类型", "indicator": "指标", "canonical": "标准名", "figure": "数值",
                  "target": "目标", "actual": "实际"}
_TARGET_KINDS = {"target": "目标", "actual": "实际", "stretch": "力争"}
#: Indicators whose series the targets section shows, in this order (those present).
TARGET_SERIES = ("gdp_growth", "cpi", "unemployment_rate", "registered_unemployment_rate",
                 "new_urban_jobs", "grain_output", "deficit_ratio", "energy_intensity")


def format_figure(value: Any, high: Any = None, unit: Any = "", qualifier: Any = "") -> str:
    """A figure as the reports write it: ``5%左右``, ``6%—6.5%``, ``1200万人以上``."""
    import math

    def num(v: Any) -> str:
        return f"{float(v):g}"

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    unit = unit if isinstance(unit, str) else ""
    qualifier = qualifier if isinstance(qualifier, str) else ""
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    body = f"{num(value)}{unit}—{num(high)}{unit}" if has_high else f"{num(value)}{unit}"
    return body + qualifier


def targets_series(df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator's targets and results by year: columns ``year, target, actual`` (the
    figures as written, ``;``-joined where several documents give one for the same year)."""
    import pandas as pd

    rows = df[(df["canonical"] == indicator) & df["year"].notna()]
    out: dict[int, dict[str, list[str]]] = {}
    for r in rows.itertuples():
        if r.kind not in ("target", "actual"):
            continue
        cell = out.setdefault(int(r.year), {"target": [], "actual": []})[r.kind]
        text = format_figure(r.value, r.value_high, r.unit, r.qualifier)
        if text not in cell:
            cell.append(text)
    data = [(y, "; ".join(v["target"]), "; ".join(v["actual"])) for y, v in sorted(out.items())]
    return pd.DataFrame(data, columns=["year", "target", "actual"])


#: Documents stating a main indicator's target for one year that make the section compare them
MIN_COMPARED = 3


def targets_across(df: pd.DataFrame, *, max_indicators: int = 6) -> tuple[pd.DataFrame, Any]:
    """The targets of one year side by side: a row per document, a column per main indicator
    (:data:`TARGET_SERIES`) that at least :data:`MIN_COMPARED` documents set for the year most
    documents set targets for, each cell the figure as written (``5%左右``). Returns the table
    (``doc_id`` and the indicators' names, in :data:`TARGET_SERIES` order) and the year (None
    and an empty table when no indicator qualifies)."""
    import pandas as pd

    targets = df[(df["kind"] == "target") & df["value"].notna()]
    if "year" not in targets or targets["year"].dropna().empty:
        return pd.DataFrame(columns=["doc_id"]), None
    year = targets.drop_duplicates("doc_id")["year"].mode().iloc[0]
    targets = targets[targets["year"] == year]
    shown = [c for c in TARGET_SERIES
             if targets.loc[targets["canonical"] == c, "doc_id"].nunique() >= MIN_COMPARED]
    shown = shown[:max_indicators]
    if not shown:
        return pd.DataFrame(columns=["doc_id"]), None
    docs = list(dict.fromkeys(targets.loc[targets["canonical"].isin(shown), "doc_id"]))
    table = pd.DataFrame({"doc_id": docs})
    for c in shown:
        first = targets[targets["canonical"] == c].drop_duplicates("doc_id").set_index("doc_id")
        table[c] = [format_figure(*first.loc[d, ["value", "value_high", "unit", "qualifier"]])
                    if d in first.index else "" for d in docs]
    return table, int(year)


def _across_documents(df: pd.DataFrame, *, png: Callable[..., str]) -> str:
    """The documents' targets for one year compared: the first main indicator's chart, then
    the table of :func:`targets_across`."""
    from pathlib import PurePath

    table, year = targets_across(df)
    if year is None:
        return ""
    first = table.columns[1]
    label = plot.targets.INDICATOR_LABELS.get(first, (first,))[0]
    names = {d: PurePath(str(d)).stem for d in table["doc_id"]}
    n = int((table[first] != "").sum())
    fig = new_figure(9, max(3.0, 0.28 * n + 1.4))
    plot.plot_targets_across(df, first, year=year, kind="target", labels=names, ax=fig.subplots())
    headings = {c: plot.targets.INDICATOR_LABELS.get(c, (c,))[0] for c in table.columns[1:]}
    shown = table.assign(doc_id=table["doc_id"].map(names)).rename(columns=headings)
    return (f"<h3>{year} 年各文档的主要预期目标</h3>"
            + png(fig, "targets_across", f"{year}年各文档的{label}目标",
                  f"{n} 篇文档的{label}目标，由低到高")
            + html_table(shown, ["doc_id", *headings.values()], max_rows=None)
            + '<p class="note">每篇文档一行，数值取自其主要预期目标段；空格：该段没有这一指标的数值目标'
              "（或只作定性表述，如“粮食产量保持稳定”；文档其他部分可能另有提出，"
              "如“城镇新增就业60万人以上”写在民生部分）。</p>")


def _canonical_label(canonical: Any) -> Any:
    """The indicator's Chinese name and its id in ``targets.csv``: 生产总值增长（gdp_growth）."""
    if not isinstance(canonical, str):
        return canonical
    label = plot.targets.INDICATOR_LABELS.get(canonical)
    return f"{label[0]}（{canonical}）" if label else canonical


def targets_section(df: pd.DataFrame, *, docs: Sequence[Any], titles: Mapping[Any, str],
                    max_rows: int, png: Callable[..., str]) -> str:
    """HTML of the targets section: over a corpus of several years the series of targets
    against results (a chart and a table per main indicator present); over documents of one
    year their targets side by side (:func:`targets_across`); then a table per document
    shown."""
    out = []
    years = df.loc[df["kind"] == "target", "year"].dropna().nunique() if "year" in df else 0
    if years >= 2:
        shown = [c for c in TARGET_SERIES if (df["canonical"] == c).any()]
        for i, canonical in enumerate(shown[:4]):
            series = targets_series(df, canonical)
            if series.empty:
                continue
            label = plot.targets.INDICATOR_LABELS.get(canonical, (canonical,))[0]
            out.append(f"<h3>{escape(label)}</h3>")
            if i == 0:  # one chart, the first indicator's (GDP growth when present)
                fig = new_figure(9, 4.2)
                plot.plot_targets(df, canonical, ax=fig.subplots())
                out.append(png(fig, "targets", f"{label}：目标与实际",
                               "空心：目标（▲以上 ▼以内 ■左右）；色带：目标区间；实心：实际"))
            out.append(html_table(series.iloc[::-1].rename(columns=_TARGET_LABELS),
                              ["year", "目标", "实际"], max_rows=max_rows))
    elif "doc_id" in df:
        out.append(_across_documents(df, png=png))
    for d in docs:
        sub = df[df["doc_id"] == d].assign(
            figure=lambda f: [format_figure(*v) for v in zip(f["value"], f["value_high"], f["unit"],
                                                               f["qualifier"])])
        heading = f"{d}" + (f"　{titles[d]}" if d in titles else "")
        out.append(f"<h3>{escape(heading)}</h3>")
        sub = sub.assign(kind=sub["kind"].map(_TARGET_KINDS).fillna(sub["kind"]),
                         canonical=sub["canonical"].map(_canonical_label))
        out.append(html_table(sub.rename(columns=_TARGET_LABELS),
                          ["类型", "year", "指标", "标准名", "数值"], max_rows=max_rows))
    if not any(out):
        return ('<p class="note">没有找到主要预期目标。目标读自政府工作报告一类文件的“主要预期目标”'
                "段落（如“国内生产总值增长5%左右”）；意见、通知等公文一般没有这样的段落。</p>")
    return "".join(out)
