"""Targets (主要预期目标) against results over the years, and across documents of one year."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .base import (
    FIG_WIDTH,
    OKABE_ITO,
    draw_empty,
    group_label,
    new_axes,
    require_choice,
    require_columns,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["INDICATOR_LABELS", "plot_targets", "plot_targets_across"]

#: Chart labels of the canonical indicators (``zh``, ``en``); others show their name.
INDICATOR_LABELS: dict[str, tuple[str, str]] = {
    "gdp_growth": ("生产总值增长", "GDP growth"),
    "industrial_va_growth": ("规模以上工业增加值增长", "Industrial value added growth"),
    "fixed_investment_growth": ("固定资产投资增长", "Fixed-asset investment growth"),
    "retail_sales_growth": ("社会消费品零售总额增长", "Retail sales growth"),
    "fiscal_revenue_growth": ("一般公共预算收入增长", "Fiscal revenue growth"),
    "total_fiscal_revenue_growth": ("财政总收入增长", "Total fiscal revenue growth"),
    "trade_growth": ("进出口增长", "Trade growth"),
    "export_growth": ("出口增长", "Export growth"),
    "import_growth": ("进口增长", "Import growth"),
    "unemployment_rate": ("城镇调查失业率", "Surveyed urban unemployment rate"),
    "registered_unemployment_rate": ("城镇登记失业率", "Registered urban unemployment rate"),
    "cpi": ("居民消费价格涨幅", "CPI inflation"),
    "new_urban_jobs": ("城镇新增就业", "New urban jobs"),
    "grain_output": ("粮食产量", "Grain output"),
    "deficit_ratio": ("赤字率", "Deficit ratio"),
    "rd_intensity": ("研发经费投入强度", "R&D intensity"),
    "energy_intensity": ("单位生产总值能耗降低", "Energy intensity reduction"),
    "income_growth": ("居民人均可支配收入增长", "Disposable income growth"),
    "m2_growth": ("广义货币增长", "M2 growth"),
    "special_bonds": ("地方政府专项债券", "Local special-purpose bonds"),
}

_TEXT = {
    "zh": {"target": "目标", "actual": "实际", "stretch": "力争", "year": "年份",
           "series": "{label}：目标与实际", "across": "{label}{kind}（{year}年）",
           "across_all": "{label}{kind}", "reference": "参照：{doc}", "range": "目标区间"},
    "en": {"target": "target", "actual": "actual", "stretch": "stretch", "year": "Year",
           "series": "{label}: target and actual", "across": "{label}, {kind} ({year})",
           "across_all": "{label}, {kind}", "reference": "reference: {doc}",
           "range": "target range"},
}
_TARGET_COLOR = "#0072B2" if "#0072B2" in OKABE_ITO else OKABE_ITO[0]  # blue
_ACTUAL_COLOR = "#D55E00" if "#D55E00" in OKABE_ITO else OKABE_ITO[1]  # vermillion
# marker of a target by its qualifier: 以上 points up, 以内/以下 down
_QUAL_MARKER = {"以上": "^", "以内": "v", "以下": "v", "左右": "s", "": "D"}
#: The key's words for each qualifier's marker
_QUAL_LABEL = {"zh": {"以上": "以上", "以内": "以内", "以下": "以下", "左右": "左右", "": "无限定词"},
               "en": {"以上": "or more (以上)", "以内": "at most (以内)", "以下": "at most (以下)",
                      "左右": "about (左右)", "": "no qualifier"}}


def _label(indicator: str, lang: str) -> str:
    pair = INDICATOR_LABELS.get(indicator)
    return pair[0 if lang == "zh" else 1] if pair else indicator


def _unit(rows: pd.DataFrame) -> str:
    units = [u for u in rows["unit"].dropna().unique() if u] if "unit" in rows else []
    return units[0] if len(units) == 1 else ""


def plot_targets(
    df: pd.DataFrame,
    indicator: str = "gdp_growth",
    *,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """One indicator's targets and results over the years (the GDP target series with the
    growth achieved beside it).

    A target is a marker at its value, its shape telling the qualifier (▲ 以上, ▼ 以内/以下,
    ■ 左右, ◆ none); a range (6%—6.5%) is a band between its ends with a marker at each. A
    result is a filled circle, joined by a thin line. Stretch figures (力争) are small stars.
    The x-axis spans the years present, no more.

    Parameters
    ----------
    df
        :func:`~policytext.extract.targets.targets` rows: ``canonical, value, value_high,
        kind, year`` (``qualifier`` and ``unit`` used when present). Rows without a year
        are left out.
    indicator
        The ``canonical`` name to draw.
    lang
        ``"zh"`` or ``"en"``: language of the built-in title, legend and axis labels.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["canonical", "value", "value_high", "kind", "year"], "plot_targets")
    require_choice(lang, ("zh", "en"), "lang", "plot_targets")
    text = _TEXT[lang]
    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, 4.2))
        rows = df[(df["canonical"] == indicator) & df["year"].notna() & df["value"].notna()]
        title = text["series"].format(label=_label(indicator, lang))
        if rows.empty:
            return draw_empty(ax, title)
        years = rows["year"].astype(float)
        quals = rows["qualifier"].fillna("") if "qualifier" in rows else None
        seen: set[str] = set()

        def once(name: str) -> str:
            if name in seen:
                return "_nolegend_"
            seen.add(name)
            return name

        for (_, r), year in zip(rows.iterrows(), years, strict=True):
            value, high = float(r["value"]), r["value_high"]
            if r["kind"] == "target":
                qual = str(quals[r.name]) if quals is not None else ""
                if high is not None and not (isinstance(high, float) and math.isnan(high)):
                    ax.fill_between([year - 0.3, year + 0.3], value, float(high),
                                    color=_TARGET_COLOR, alpha=0.25, linewidth=0,
                                    label=once(text["range"]))
                    ax.scatter([year, year], [value, float(high)], marker="_", s=120,
                               color=_TARGET_COLOR, zorder=3)
                else:
                    ax.scatter([year], [value], marker=_QUAL_MARKER.get(qual, "D"), s=46,
                               facecolors="none", edgecolors=_TARGET_COLOR, linewidths=1.6,
                               zorder=3, label=once(text["target"]))
            elif r["kind"] == "stretch":
                ax.scatter([year], [value], marker="*", s=60, color=_TARGET_COLOR, alpha=0.7,
                           zorder=3, label=once(text["stretch"]))
        actual = rows[rows["kind"] == "actual"].sort_values("year", kind="stable")
        if not actual.empty:
            # joined year to next year only: a line across missing years would invent a path
            ys, vs = actual["year"].astype(float).tolist(), actual["value"].astype(float).tolist()
            for (y0, v0), (y1, v1) in zip(zip(ys, vs), zip(ys[1:], vs[1:])):
                if y1 - y0 == 1:
                    ax.plot([y0, y1], [v0, v1], color=_ACTUAL_COLOR, linewidth=1.0, alpha=0.6,
                            zorder=2)
            ax.scatter(actual["year"].astype(float), actual["value"].astype(float), s=30,
                       color=_ACTUAL_COLOR, zorder=4, label=text["actual"])
        lo, hi = float(years.min()), float(years.max())
        ax.set_xlim(lo - 0.6, hi + 0.6)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(text["year"])
        ax.set_ylabel(_unit(rows))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.legend(loc="best", fontsize=9, frameon=False)
        ax.set_title(title, loc="left")
        apply_fonts(ax)
    return ax


def plot_targets_across(
    df: pd.DataFrame,
    indicator: str = "gdp_growth",
    *,
    year: int | None = None,
    kind: str = "target",
    reference: Any = None,
    labels: Any = None,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """One indicator across the documents of one year: a point (or range) per document,
    sorted by value, e.g. the provinces' GDP targets against the centre's.

    Parameters
    ----------
    df
        :func:`~policytext.extract.targets.targets` rows: ``doc_id, canonical, value,
        value_high, kind, year`` (``qualifier`` and ``unit`` used when present).
    indicator
        The ``canonical`` name to draw.
    year
        Keep the rows for this year (the ``year`` column); default all rows.
    kind
        ``"target"`` or ``"actual"``.
    reference
        A ``doc_id`` (the national report) drawn as a dashed line across the chart
        instead of a row.
    labels
        A mapping ``doc_id`` → label (province names); default the ``doc_id``, or with
        ``lang="en"`` the English name of a province it names (上海市.txt → Shanghai).
    lang
        ``"zh"`` or ``"en"``: language of the built-in title and labels.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["doc_id", "canonical", "value", "value_high", "kind", "year"],
                    "plot_targets_across")
    require_choice(lang, ("zh", "en"), "lang", "plot_targets_across")
    require_choice(kind, ("target", "actual"), "kind", "plot_targets_across")
    from matplotlib.lines import Line2D

    text = _TEXT[lang]
    with font_context():
        rows = df[(df["canonical"] == indicator) & (df["kind"] == kind) & df["value"].notna()]
        if year is not None:
            rows = rows[rows["year"] == year]
        label = _label(indicator, lang)
        title = (text["across"].format(label=label, kind=text[kind], year=year) if year is not None
                 else text["across_all"].format(label=label, kind=text[kind]))
        ref = rows[rows["doc_id"] == reference] if reference is not None else rows.iloc[:0]
        rows = rows[rows["doc_id"] != reference] if reference is not None else rows
        rows = rows.drop_duplicates("doc_id").sort_values("value", kind="stable")
        ax = new_axes(ax, (FIG_WIDTH, max(2.5, 0.28 * len(rows) + 1.4)))
        if rows.empty and ref.empty:
            return draw_empty(ax, title)
        names = [group_label(d, lang, labels) for d in rows["doc_id"]]
        color = _TARGET_COLOR if kind == "target" else _ACTUAL_COLOR
        quals = rows["qualifier"].fillna("").tolist() if "qualifier" in rows else [""] * len(rows)
        key: dict[str, Any] = {}  # what each marker means, for the ones drawn
        for i, (value, high, qual) in enumerate(zip(rows["value"], rows["value_high"], quals,
                                                    strict=True)):
            if high is not None and not (isinstance(high, float) and math.isnan(high)):
                ax.plot([value, high], [i, i], color=color, linewidth=5, alpha=0.35,
                        solid_capstyle="butt")
                ax.scatter([value, high], [i, i], marker="|", s=90, color=color, zorder=3)
                key.setdefault(text["range"], Line2D([], [], color=color, linewidth=5, alpha=0.35))
            else:
                marker = _QUAL_MARKER.get(qual, "D") if kind == "target" else "o"
                marker = {"^": ">", "v": "<"}.get(marker, marker)  # 以上 → right on a value axis
                ax.scatter([value], [i], marker=marker, s=46, color=color, zorder=3)
                if kind == "target":
                    word = _QUAL_LABEL[lang].get(qual, qual or _QUAL_LABEL[lang][""])
                    key.setdefault(word, Line2D([], [], marker=marker, linestyle="", color=color))
        if not ref.empty:
            r = ref.iloc[0]
            ax.axvline(float(r["value"]), color="#555555", linestyle="--", linewidth=1.1,
                       label=text["reference"].format(doc=group_label(reference, lang, labels)))
            high = r["value_high"]
            if high is not None and not (isinstance(high, float) and math.isnan(high)):
                ax.axvspan(float(r["value"]), float(high), color="#999999", alpha=0.15)
        if len(key) > 1 or not ref.empty:  # one kind of marker needs no key
            handles, words = ax.get_legend_handles_labels()  # the reference line's
            ax.legend([*key.values(), *handles], [*key, *words], loc="lower right", fontsize=9,
                      frameon=False)
        ax.margins(x=0.12)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(names)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlabel(_unit(rows if not rows.empty else ref))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(title, loc="left")
        apply_fonts(ax)
    return ax
