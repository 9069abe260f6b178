"""Charts over time and across groups: trend lines, small multiples, heatmaps, the timeline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from policytext.errors import PlotError

from .base import (
    FIG_WIDTH,
    LINE_MARKERS,
    OKABE_ITO,
    VALUE_LABELS,
    aggregator,
    category_colors,
    category_legend,
    draw_empty,
    new_axes,
    require_choice,
    require_columns,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_heatmap", "plot_timeline", "plot_trends", "plot_trends_grid"]


def _trend_table(df: pd.DataFrame, value: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(value table, count table) with years as index and terms as columns."""
    table = df.pivot_table(
        index="year", columns="term", values=value, aggfunc=aggregator(value), fill_value=0
    ).sort_index()
    basis = "count" if "count" in df.columns else value
    counts = df.pivot_table(
        index="year", columns="term", values=basis, aggfunc="sum", fill_value=0
    ).sort_index()
    return _break_gaps(table), counts


def _break_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Insert an empty row inside long runs of years without documents (1964 → 1975), so the
    line breaks there instead of suggesting a steady change. A gap is long when it exceeds three
    times the usual spacing of the years (annual reports: > 3 years; five-yearly congresses:
    > 15)."""
    import numpy as np
    import pandas as pd

    years = table.index.to_numpy()
    if len(years) < 3 or not np.issubdtype(years.dtype, np.number):
        return table
    steps = np.diff(years)
    limit = 3 * float(np.median(steps))
    gaps = [y0 + step / 2 for y0, step in zip(years[:-1], steps) if step > limit]
    if not gaps:
        return table
    empty = table.iloc[:0].reindex(gaps)
    return pd.concat([table, empty]).sort_index()


def _default_terms(df: pd.DataFrame, value: str, n: int = 6) -> list[str]:
    basis = "count" if "count" in df.columns else value
    totals = df.groupby("term", sort=False)[basis].sum()
    return list(totals.sort_values(ascending=False, kind="stable").head(n).index)


def plot_trends(
    df: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    value: str = "per_10k",
    annotate_first: bool = True,
    legend: bool = True,
    colors: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Lines of term frequency over years, with the first appearance of each term marked.

    Parameters
    ----------
    df
        Yearly trends with columns ``year``, ``term``, ``count``, ``n_docs``,
        ``docs_with_term``, ``doc_share``, ``per_10k``.
    terms
        Terms to draw, in legend order; default the six most frequent. A term absent from
        ``df`` is drawn as a zero line labelled “（未出现）”.
    value
        ``"per_10k"`` (per 10,000 characters), ``"count"`` or ``"doc_share"``.
    annotate_first
        Mark the first year each term occurs (“1992 首次出现”).
    legend
        Draw a legend.
    colors
        Line colours, one per term; default the Okabe–Ito palette.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends")
    require_columns(df, ["year", "term", value], "plot_trends")
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, 5.0))
        title = "提法热度变化"
        if df.empty:
            return draw_empty(ax, title)
        table, counts = _trend_table(df, value)
        chosen = list(terms) if terms is not None else _default_terms(df, value)
        palette = list(colors) if colors else list(OKABE_ITO)
        years = table.index.to_numpy()
        y0, y1 = float(years.min()), float(years.max())
        span = max(1.0, y1 - y0)
        firsts: list[tuple[float, str, str]] = []
        for i, term in enumerate(chosen):
            color = palette[i % len(palette)]
            marker = LINE_MARKERS[i % len(LINE_MARKERS)] if len(years) <= 25 else None
            present = term in table.columns
            ys = table[term].to_numpy() if present else [0] * len(years)
            label = term if present else f"{term}（未出现）"
            ax.plot(years, ys, color=color, marker=marker, markersize=4, linewidth=1.8, label=label)
            if annotate_first and present:
                nz = counts[term][counts[term] > 0]
                if not nz.empty:
                    firsts.append((nz.index[0], term, color))
        # Labels sit in a band at the top of the axes (axes-fraction y), one row per term
        # whose first year is close to the previous label's, so they never overlap.
        level, previous = 0, None
        for year, term, color in sorted(firsts, key=lambda f: (f[0], chosen.index(f[1]))):
            close = previous is not None and year - previous < 0.18 * span
            level = level + 1 if close else 0
            previous = year
            right = (year - y0) / span > 0.6
            yv = table.at[year, term]
            ax.plot(
                [year],
                [yv],
                marker="o",
                markersize=8,
                markerfacecolor="none",
                markeredgecolor=color,
                markeredgewidth=1.4,
            )
            ax.annotate(
                f"{year} 首次出现",
                xy=(year, yv),
                xytext=(year, 0.96 - 0.075 * (level % 6)),
                textcoords=("data", "axes fraction"),
                ha="right" if right else "left",
                va="top",
                fontsize=9,
                color=color,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                arrowprops={
                    "arrowstyle": "-",
                    "color": color,
                    "lw": 0.8,
                    "alpha": 0.7,
                    "shrinkA": 0,
                    "shrinkB": 4,
                },
            )
        ax.set_xlabel("年份")
        ax.set_ylabel(VALUE_LABELS[value])
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
        if value == "doc_share":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.margins(y=0.2)
        ax.set_ylim(bottom=0)
        if firsts:  # headroom for the label band
            lo, hi = ax.get_ylim()
            ax.set_ylim(lo, hi + (hi - lo) * (0.12 + 0.07 * min(5, len(firsts) - 1)))
        ax.set_title(title)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.spines[["top", "right"]].set_visible(False)
        if legend and chosen:
            ax.legend(
                frameon=False,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                ncols=1 if len(chosen) <= 12 else 2,
            )
        apply_fonts(ax)
    return ax


def plot_trends_grid(
    df: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    ncols: int = 3,
    value: str = "per_10k",
    annotate_first: bool = True,
) -> Figure:
    """Small multiples: one trend panel per term, sharing the year axis.

    Parameters
    ----------
    df
        Yearly trends, columns as for :func:`plot_trends`.
    terms
        One panel per term; default the nine most frequent.
    ncols
        Panels per row.
    value
        ``"per_10k"``, ``"count"`` or ``"doc_share"``.
    annotate_first
        Mark the first appearance in each panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends_grid")
    require_columns(df, ["year", "term", value], "plot_trends_grid")
    if ncols < 1:
        raise PlotError(f"plot_trends_grid: ncols={ncols!r} must be at least 1")
    import matplotlib.pyplot as plt

    chosen = list(terms) if terms is not None else _default_terms(df, value, 9)
    n = max(1, len(chosen))
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    with font_context():
        fig, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(FIG_WIDTH + 0.5, 2.7 * nrows + 0.6),
            sharex=True,
            squeeze=False,
            layout="constrained",
        )
        flat = list(axes.flat)
        for i, term in enumerate(chosen):
            a = flat[i]
            plot_trends(
                df,
                terms=[term],
                value=value,
                annotate_first=annotate_first,
                legend=False,
                colors=[OKABE_ITO[i % len(OKABE_ITO)]],
                ax=a,
            )
            a.set_title(term, fontsize=12)
            a.xaxis.set_tick_params(labelbottom=True)
            a.set_xlabel("")
            a.set_ylabel("")
        for a in flat[len(chosen) :]:
            a.set_visible(False)
        if not chosen:
            draw_empty(flat[0], "提法热度变化")
        fig.supxlabel("年份")
        fig.supylabel(VALUE_LABELS[value])
        fig.suptitle("提法热度变化（分面）", fontsize=14)
        apply_fonts(fig)
    return fig


def plot_heatmap(
    df: pd.DataFrame,
    *,
    index: str = "term",
    columns: str = "year",
    value: str = "per_10k",
    top: int | None = 30,
    annotate: bool | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of ``value`` by ``index`` (rows) and ``columns``.

    Parameters
    ----------
    df
        Long table, e.g. yearly trends (``year``, ``term``, ``count``, ``per_10k``,
        ``doc_share``, …) or per-document terms (``doc_id``, ``term``, ``count``,
        ``per_10k``).
    index, columns
        Columns giving the heatmap's rows and columns.
    value
        Column with the cell values.
    top
        Keep the rows with the largest totals (None keeps all).
    annotate
        Write values in the cells; default when there are at most 300 cells.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, [index, columns, value], "plot_heatmap")
    import numpy as np

    with font_context():
        n_rows = df[index].nunique() if top is None else min(top, df[index].nunique())
        ax = new_axes(ax, (FIG_WIDTH + 1, max(3.5, 0.34 * n_rows + 1.8)))
        title = f"{VALUE_LABELS.get(value, value)}热力图"
        if df.empty:
            return draw_empty(ax, title)
        table = df.pivot_table(
            index=index, columns=columns, values=value, aggfunc=aggregator(value), fill_value=0
        )
        table = table.sort_index(axis=1)
        order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
        table = table.loc[order[:top] if top is not None else order]
        data = table.to_numpy(dtype=float)
        im = ax.imshow(data, aspect="auto", cmap="YlGnBu", interpolation="nearest", vmin=0)
        cbar = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
        cbar.set_label(VALUE_LABELS.get(value, value))
        ncol = data.shape[1]
        step = max(1, math.ceil(ncol / 25))
        labels = [str(c) for c in table.columns[::step]]
        # rotate when the labels would not fit side by side (many columns, or long doc_ids)
        longest = max((len(lab) for lab in labels), default=0)
        rotate = ncol > 8 or longest * len(labels) > 60
        ax.set_xticks(
            np.arange(0, ncol, step),
            labels,
            rotation=45 if rotate else 0,
            ha="right" if rotate else "center",
            rotation_mode="anchor" if rotate else "default",
        )
        ax.set_yticks(np.arange(data.shape[0]), [str(r) for r in table.index])
        if annotate is None:
            annotate = data.size <= 300
        if annotate and data.size:
            vmax = float(np.nanmax(data)) or 1.0
            for (r, c), v in np.ndenumerate(data):
                if v:
                    ax.text(
                        c,
                        r,
                        f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if v > 0.55 * vmax else "#222222",
                    )
        ax.set_xlabel("年份" if columns == "year" else "文档" if columns == "doc_id" else columns)
        ax.set_title(title)
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        apply_fonts(ax)
        apply_fonts(cbar.ax)
    return ax


def plot_timeline(df: pd.DataFrame, *, top: int | None = 40, ax: Axes | None = None) -> Axes:
    """First and last year each formulation is seen, as horizontal spans.

    Parameters
    ----------
    df
        First-seen table with columns ``term``, ``category``, ``first_year``, ``last_year``,
        ``n_years``.
    top
        Keep the terms seen in the most years (None keeps all); they are drawn in order of
        first appearance.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["term", "first_year", "last_year"], "plot_timeline")
    import numpy as np

    with font_context():
        n = len(df) if top is None else min(top, len(df))
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.3 * n + 1.6)))
        title = "提法首现与末现年份"
        if df.empty:
            return draw_empty(ax, title)
        d = df.dropna(subset=["first_year", "last_year"])
        if top is not None and len(d) > top:
            span = d["n_years"] if "n_years" in d else d["last_year"] - d["first_year"]
            d = d.assign(_n=span).nlargest(top, "_n")
        d = d.sort_values(["first_year", "last_year", "term"], kind="stable")
        cats = d["category"].tolist() if "category" in d else ["other"] * len(d)
        colors = category_colors(cats)
        y = np.arange(len(d))[::-1]
        first = d["first_year"].to_numpy(dtype=float)
        last = d["last_year"].to_numpy(dtype=float)
        ax.hlines(y, first, last, colors=colors, linewidth=5, alpha=0.85)
        ax.scatter(first, y, color=colors, s=30, zorder=3, edgecolor="white", linewidth=0.5)
        ax.scatter(
            last, y, color=colors, s=30, zorder=3, marker="D", edgecolor="white", linewidth=0.5
        )
        for yi, f in zip(y, first, strict=True):
            ax.annotate(
                f"{int(f)}",
                xy=(f, yi),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
                color="#555555",
            )
        ax.set_yticks(y, d["term"].astype(str).tolist())
        ax.set_ylim(-0.6, len(d) - 0.4)
        lo, hi = float(np.nanmin(first)), float(np.nanmax(last))
        ax.set_xlim(lo - max(2.0, 0.06 * (hi - lo)), hi + 1)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("年份")
        ax.set_title(title)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.spines[["top", "right", "left"]].set_visible(False)
        if "category" in d:
            category_legend(ax, cats, loc="lower left", bbox_to_anchor=(0, 0))
        apply_fonts(ax)
    return ax
