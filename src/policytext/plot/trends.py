"""Charts over time and across groups: trend lines, small multiples, heatmaps, the timeline."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from policytext.errors import PlotError

from .base import (
    FIG_WIDTH,
    LANGS,
    LINE_MARKERS,
    OKABE_ITO,
    aggregator,
    category_colors,
    category_legend,
    draw_empty,
    escape_mathtext,
    group_label,
    new_axes,
    require_choice,
    require_columns,
    text_for,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "TIMELINE_SKIP_CATEGORIES",
    "first_appearance",
    "order_columns",
    "plot_heatmap",
    "plot_timeline",
    "plot_trends",
    "plot_trends_grid",
    "timeline_terms",
]


def _trend_table(df: pd.DataFrame, value: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(value table, count table) with years as index and terms as columns.

    A (year, term) pair without a row is 0 (the term was not found in that year's
    documents); a row whose value is missing stays missing (not drawn), never 0."""
    table = df.pivot_table(
        index="year", columns="term", values=value, aggfunc=aggregator(value), dropna=False
    ).sort_index()
    rows = df.pivot_table(index="year", columns="term", values=value, aggfunc="size",
                          fill_value=0).reindex_like(table).fillna(0)
    table = table.mask(rows.eq(0), 0.0)
    basis = "count" if "count" in df.columns else value
    counts = df.pivot_table(
        index="year", columns="term", values=basis, aggfunc="sum", fill_value=0
    ).sort_index()
    return _break_gaps(table), counts


def _break_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Insert an empty row inside long runs of years without documents (1964 → 1975), so the
    line breaks there instead of suggesting a steady change. A gap is long when it exceeds three
    times the usual spacing of the years (annual reports: > 3 years; five-yearly congresses:
    > 15). A year alone between two gaps is then a line of one point: the markers show it."""
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


def first_appearance(counts: pd.Series) -> float | None:
    """The first year of ``counts`` (by year, ascending) with a positive count, when it is a
    known first appearance: not the corpus's first year (a term found there may be older than
    the corpus). None otherwise."""
    seen = counts[counts > 0]
    if seen.empty or seen.index[0] == counts.index[0]:
        return None
    return seen.index[0]


def _year_axis(ax: Axes, years: Sequence[float]) -> None:
    """Integer year ticks, the axis ending at the data (a single year is not centred in a
    century of empty axis)."""
    from matplotlib.ticker import MaxNLocator

    lo, hi = float(min(years)), float(max(years))
    pad = max(0.5, 0.02 * (hi - lo))
    ax.set_xlim(lo - pad, hi + pad)
    if hi - lo < 1:
        ax.set_xticks([lo])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))


def plot_trends(
    df: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    value: str = "per_10k",
    annotate_first: bool = True,
    legend: bool = True,
    colors: Sequence[str] | None = None,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Lines of term frequency over years, with markers, and the first appearance of each term.

    Every year with a value is drawn as a marker (a year alone between two gaps in the corpus
    is a point, not an invisible line of one point; markers also tell the lines apart in
    greyscale print).

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
        Ring the first year each term occurs and name it in the legend (“高质量发展（2012
        首现）”), or next to the ring without a legend. A term found in the corpus's first year
        has no known first appearance and gets no mark.
    legend
        Draw a legend.
    colors
        Line colours, one per term; default the Okabe–Ito palette.
    lang
        Language of the built-in title and labels: ``"zh"`` or ``"en"``.
    title, xlabel, ylabel
        Replace the built-in title and axis labels.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends")
    require_choice(lang, LANGS, "lang", "plot_trends")
    require_columns(df, ["year", "term", value], "plot_trends")
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, 5.0))
        title = text_for("trends", lang) if title is None else title
        if df.empty:
            return draw_empty(ax, title, lang)
        table, counts = _trend_table(df, value)
        chosen = list(terms) if terms is not None else _default_terms(df, value)
        palette = list(colors) if colors else list(OKABE_ITO)
        years = table.index.to_numpy(dtype=float)
        n_points = int(np.isfinite(years).sum())
        size = 4.5 if n_points <= 30 else 3.2
        firsts: list[tuple[float, float, str]] = []
        for i, term in enumerate(chosen):
            color = palette[i % len(palette)]
            present = term in table.columns
            ys = table[term].to_numpy(dtype=float) if present else np.zeros(len(years))
            label = escape_mathtext(term) + ("" if present else text_for("absent", lang))
            first = first_appearance(counts[term]) if present and annotate_first else None
            if first is not None and legend:
                label += f"（{text_for('first_seen_short', lang, year=int(first))}）"
            ax.plot(
                years,
                ys,
                color=color,
                marker=LINE_MARKERS[i % len(LINE_MARKERS)],
                markersize=size,
                linewidth=1.8,
                label=label,
            )
            if first is not None:
                yv = float(table.at[first, term])
                ax.plot([first], [yv], marker="o", markersize=11, markerfacecolor="none",
                        markeredgecolor=color, markeredgewidth=1.4, linestyle="none")
                firsts.append((float(first), yv, color))
        if not legend:  # without a legend the year is written beside its ring
            _label_firsts(ax, firsts, years, lang)
        ax.set_xlabel(text_for("year", lang) if xlabel is None else xlabel)
        ax.set_ylabel(text_for(f"value:{value}", lang) if ylabel is None else ylabel)
        _year_axis(ax, counts.index.to_numpy(dtype=float))
        if value == "doc_share":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.margins(y=0.12)
        ax.set_ylim(bottom=0)
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


def _label_firsts(
    ax: Axes, firsts: list[tuple[float, float, str]], years: Sequence[float], lang: str
) -> None:
    """Write “2012 首现” beside each ring, no leader line: to the right of the ring, or to its
    left in the last third of the axis; rings close in x alternate above and below."""
    import numpy as np

    finite = [y for y in years if np.isfinite(y)]
    lo, hi = min(finite), max(finite)
    span = max(1.0, hi - lo)
    previous: float | None = None
    above = True
    for year, yv, color in sorted(firsts):
        above = not above if previous is not None and year - previous < 0.15 * span else True
        previous = year
        right = (year - lo) / span > 0.66
        ax.annotate(
            text_for("first_seen_short", lang, year=int(year)),
            xy=(year, yv),
            xytext=(-8 if right else 8, 7 if above else -9),
            textcoords="offset points",
            ha="right" if right else "left",
            va="bottom" if above else "top",
            fontsize=9,
            color=color,
        )


def plot_trends_grid(
    df: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    ncols: int = 3,
    value: str = "per_10k",
    annotate_first: bool = True,
    lang: str = "zh",
    title: str | None = None,
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
        Mark the first appearance in each panel (see :func:`plot_trends`).
    lang
        Language of the built-in titles and labels: ``"zh"`` or ``"en"``.
    title
        Replace the built-in figure title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    require_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends_grid")
    require_choice(lang, LANGS, "lang", "plot_trends_grid")
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
                lang=lang,
                ax=a,
            )
            a.set_title(escape_mathtext(term), fontsize=12)
            a.xaxis.set_tick_params(labelbottom=True)
            a.set_xlabel("")
            a.set_ylabel("")
        for a in flat[len(chosen) :]:
            a.set_visible(False)
        if not chosen:
            draw_empty(flat[0], text_for("trends", lang), lang)
        fig.supxlabel(text_for("year", lang))
        fig.supylabel(text_for(f"value:{value}", lang))
        fig.suptitle(text_for("trends_grid", lang) if title is None else title, fontsize=14)
        apply_fonts(fig)
    return fig


def order_columns(table: pd.DataFrame, order: str | Sequence[object] = "auto") -> list[object]:
    """The order of a heatmap's columns.

    Parameters
    ----------
    table
        Rows × columns of values.
    order
        ``"auto"`` (numbers such as years ascending, other columns by ``"cluster"``),
        ``"cluster"`` (columns with similar profiles next to each other: a nearest-neighbour
        chain on the cosine distance of the column profiles, from the column with the largest
        total), ``"name"``, ``"total"`` (largest total first), or the column values in the
        wanted order (e.g. documents sorted by a docvar); columns it does not name follow
        in name order, so none is dropped.

    Returns
    -------
    list
    """
    import numpy as np
    import pandas as pd

    cols = list(table.columns)
    if not isinstance(order, str):
        named = [c for c in dict.fromkeys(order) if c in cols]
        return named + sorted((c for c in cols if c not in set(named)), key=str)
    require_choice(order, ["auto", "cluster", "name", "total"], "column_order", "plot_heatmap")
    if order == "auto":
        numeric = pd.api.types.is_numeric_dtype(pd.Index(cols).dtype)
        order = "name" if numeric or len(cols) < 3 else "cluster"
    if order == "name":
        try:
            return sorted(cols)
        except TypeError:  # mixed types
            return sorted(cols, key=str)
    totals = table.sum(axis=0)
    if order == "total":
        return list(totals.sort_values(ascending=False, kind="stable").index)
    data = np.nan_to_num(table.to_numpy(dtype=float)).T
    norms = np.linalg.norm(data, axis=1)
    unit = data / np.where(norms > 0, norms, 1.0)[:, None]
    dist = 1.0 - unit @ unit.T
    left = list(range(len(cols)))
    current = int(np.argmax(totals.to_numpy(dtype=float)))
    chain = [current]
    left.remove(current)
    while left:
        current = min(left, key=lambda j: (dist[current, j], j))
        chain.append(current)
        left.remove(current)
    return [cols[j] for j in chain]


def _skewed(data) -> bool:
    """Whether a few cells of ``data`` dwarf the rest: the largest value is more than eight
    times the median of the positive values."""
    import numpy as np

    positive = data[np.isfinite(data) & (data > 0)]
    return positive.size >= 10 and float(positive.max()) > 8 * float(np.median(positive))


def _each_columns_first(table: pd.DataFrame, order: Sequence[object], n: int) -> list[object]:
    """``n`` rows of ``table``: each column's strongest row in turn, then each one's second…
    (rows with a value only), in the order ``order`` gives them."""
    ranked = [table[c][table[c] > 0].sort_values(ascending=False, kind="stable").index
              for c in table.columns]
    picked: dict[object, None] = {}
    depth = 0
    while len(picked) < n and any(depth < len(r) for r in ranked):
        for r in ranked:
            if depth < len(r) and len(picked) < n:
                picked.setdefault(r[depth], None)
        depth += 1
    return [row for row in order if row in picked]


def plot_heatmap(
    df: pd.DataFrame,
    *,
    index: str = "term",
    columns: str = "year",
    value: str = "per_10k",
    top: int | None = 30,
    rows: str = "auto",
    scale: str = "auto",
    column_order: str | Sequence[object] = "auto",
    annotate: bool | None = None,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of ``value`` by ``index`` (rows) and ``columns``, every row and column labelled.

    Parameters
    ----------
    df
        Long table, e.g. yearly trends (``year``, ``term``, ``count``, ``per_10k``,
        ``doc_share``, …) or per-document terms (``doc_id``, ``term``, ``count``,
        ``per_10k``, and any docvar column such as ``region``).
    index, columns
        Columns giving the heatmap's rows and columns. The x axis is named after
        ``columns`` (年份, 文档, 文种, … or the column's own name).
    value
        Column with the cell values.
    top
        Rows kept (None keeps all); the default title then says how many of how many.
    rows
        Which rows ``top`` keeps: ``"total"`` — the largest totals (the formulations of a
        period); ``"each"`` — every column's strongest rows in turn (its first, then its
        second…), so that every column has its own (each document's themes); ``"auto"``
        (default): ``"each"`` for ``value="score"`` (a themes table), ``"total"`` otherwise.
    scale
        Colour scale: ``"linear"``, ``"sqrt"`` (square root: small values stay visible beside
        a few large ones) or ``"auto"`` (default): ``"sqrt"`` when the largest value is more
        than eight times the median of the positive values, ``"linear"`` otherwise.
    column_order
        Order of the columns, see :func:`order_columns` (default: years ascending, documents
        clustered by their profiles).
    annotate
        Write values in the cells; default when there are at most 300 cells.
    lang
        Language of the built-in title and labels: ``"zh"`` or ``"en"``; in English, columns
        that name a province are labelled with its English name (广西壮族自治区 → Guangxi).
    title, xlabel
        Replace the built-in title and x-axis label.
    ax
        Axes to draw on; a new figure when None (wider with more columns).

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, [index, columns, value], "plot_heatmap")
    require_choice(lang, LANGS, "lang", "plot_heatmap")
    require_choice(rows, ["auto", "total", "each"], "rows", "plot_heatmap")
    require_choice(scale, ["auto", "linear", "sqrt"], "scale", "plot_heatmap")
    import numpy as np

    with font_context():
        n_all = df[index].nunique()
        n_rows = n_all if top is None else min(top, n_all)
        n_cols = df[columns].nunique()
        ax = new_axes(ax, (max(FIG_WIDTH + 1, 0.32 * n_cols + 3.5), max(3.5, 0.34 * n_rows + 2.2)))
        vname = text_for(f"value:{value}", lang)
        if title is None:
            title = (text_for("heatmap", lang, value=vname) if n_rows == n_all
                     else text_for("heatmap_top", lang, value=vname, n=n_rows, m=n_all))
        if df.empty:
            return draw_empty(ax, title, lang)
        table = df.pivot_table(
            index=index, columns=columns, values=value, aggfunc=aggregator(value), fill_value=0
        )
        order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
        if rows == "each" or (rows == "auto" and value == "score"):
            order = _each_columns_first(table, order, n_rows)
        table = table.loc[order[:top] if top is not None else order]
        table = table[order_columns(table, column_order)]
        data = table.to_numpy(dtype=float)
        import matplotlib

        cmap = matplotlib.colormaps["YlGnBu"].with_extremes(bad="#eeeeee")
        lowest = float(np.nanmin(data)) if np.isfinite(data).any() else 0.0
        norm = None
        if scale == "sqrt" or (scale == "auto" and lowest >= 0 and _skewed(data)):
            # one row far above the rest (高质量发展 in every report) would leave the others
            # white: a square-root scale keeps their differences visible, and the colour bar
            # says so with its uneven ticks
            from matplotlib.colors import PowerNorm

            norm = PowerNorm(gamma=0.5, vmin=0.0, vmax=float(np.nanmax(data)) or 1.0)
        im = ax.imshow(
            np.ma.masked_invalid(data), aspect="auto", cmap=cmap, interpolation="nearest",
            **({"norm": norm} if norm is not None else {"vmin": min(0.0, lowest)}),
        )
        cbar = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
        cbar.set_label(vname + (text_for("sqrt_scale", lang) if norm is not None else ""))
        ncol = data.shape[1]
        labels = [escape_mathtext(group_label(c, lang)) for c in table.columns]
        longest = max((len(lab) for lab in labels), default=0)
        # every column is labelled: rotated when they would not fit side by side, smaller
        # type when there are many
        rotate = ncol > 8 or longest * ncol > 60
        fontsize = 10.0 if ncol <= 40 else max(5.0, 10.0 * 40 / ncol)
        ax.set_xticks(
            np.arange(ncol),
            labels,
            rotation=(90 if ncol > 25 else 45) if rotate else 0,
            ha="right" if rotate else "center",
            rotation_mode="anchor" if rotate else "default",
            fontsize=fontsize,
        )
        row_size = 10.0 if data.shape[0] <= 40 else max(5.0, 10.0 * 40 / data.shape[0])
        ax.set_yticks(
            np.arange(data.shape[0]), [escape_mathtext(r) for r in table.index], fontsize=row_size
        )
        if annotate is None:
            annotate = data.size <= 300
        if annotate and data.size:
            vmax = float(np.nanmax(data)) or 1.0
            for (r, c), v in np.ndenumerate(data):
                if v and np.isfinite(v):
                    ax.text(
                        c,
                        r,
                        f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if v > 0.55 * vmax else "#222222",
                    )
        ax.set_xlabel(text_for(f"group:{columns}", lang) if xlabel is None else xlabel)
        ax.set_title(title)
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        apply_fonts(ax)
        apply_fonts(cbar.ax)
    return ax


#: Lexicon categories the timeline leaves out by default: institutions, meetings and
#: document types span a corpus without telling when a formulation came and went.
#: Fewest terms that rose and fell for the timeline to show only those (see timeline_terms).
TIMELINE_MIN_BOUNDED = 8

TIMELINE_SKIP_CATEGORIES = ("organ", "meeting", "doctype")


def timeline_terms(df: pd.DataFrame, top: int | None = 40, *,
                   years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The rows of a first-seen table the timeline shows by default: formulations with a
    bounded lifetime in the corpus.

    Preferred: terms that rose and fell — first seen after the corpus's first year and last
    seen before its last two years. When fewer than :data:`TIMELINE_MIN_BOUNDED` terms do,
    terms with one known end (a start after the first year, or an end before the last) are
    taken instead. Always left out: terms of the categories in
    :data:`TIMELINE_SKIP_CATEGORIES` and terms seen in one year only. Of the rest, the ``top``
    seen in the most years (None: all). ``years``: the corpus's first and last year (default:
    the earliest first and latest last year of ``df``; a corpus may open with a year whose
    documents hold none of its terms).
    """
    d = df.dropna(subset=["first_year", "last_year"])
    if d.empty:
        return d
    start, end = years if years is not None else (d["first_year"].min(), d["last_year"].max())
    span = d["n_years"] if "n_years" in d else d["last_year"] - d["first_year"] + 1
    usable = span > 1
    if "category" in d:
        usable &= ~d["category"].isin(TIMELINE_SKIP_CATEGORIES)
    risen = d["first_year"] > start
    keep = usable & risen & (d["last_year"] < end - 1)
    if keep.sum() < TIMELINE_MIN_BOUNDED:
        keep = usable & (risen | (d["last_year"] < end))
    d = d[keep].assign(_n=span[keep])
    if top is not None and len(d) > top:
        d = d.nlargest(top, "_n", keep="first")
    return d.drop(columns="_n")


def plot_timeline(
    df: pd.DataFrame,
    *,
    top: int | None = 40,
    bounded: bool | None = None,
    years: tuple[int, int] | None = None,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """First and last year each formulation is seen, as horizontal spans.

    Parameters
    ----------
    df
        First-seen table with columns ``term``, ``category``, ``first_year``, ``last_year``,
        ``n_years``.
    top
        Keep the terms seen in the most years (None keeps all); they are drawn in order of
        first appearance.
    bounded
        True: draw only formulations with a bounded lifetime (:func:`timeline_terms`);
        False: every row of ``df`` (cut to ``top``); None (default): bounded when the chart
        must pick (``df`` has more than ``top`` rows), every row of a table chosen by hand
        otherwise. A span starting in the corpus's first year is labelled “≤1954”: the term
        may be older than the corpus.
    years
        The corpus's first and last year (default: the earliest first and latest last year of
        ``df``). Give them when the corpus opens with a year whose documents hold none of the
        table's terms: otherwise the first year of the table is taken for the corpus's and its
        terms are labelled “≤”.
    lang
        Language of the built-in title and labels: ``"zh"`` or ``"en"``.
    title, xlabel
        Replace the built-in title and x-axis label.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["term", "first_year", "last_year"], "plot_timeline")
    require_choice(lang, LANGS, "lang", "plot_timeline")
    import numpy as np

    if bounded is None:
        bounded = top is not None and len(df) > top
    with font_context():
        if bounded:
            d = timeline_terms(df, top, years=years)
        else:
            d = df.dropna(subset=["first_year", "last_year"])
            if top is not None and len(d) > top:
                span = d["n_years"] if "n_years" in d else d["last_year"] - d["first_year"]
                d = d.assign(_n=span).nlargest(top, "_n", keep="first").drop(columns="_n")
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.3 * len(d) + 1.6)))
        title = text_for("timeline", lang) if title is None else title
        if d.empty:
            return draw_empty(ax, title, lang)
        start = float(years[0] if years is not None else df["first_year"].min())
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
                f"≤{int(f)}" if f <= start else f"{int(f)}",
                xy=(f, yi),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
                color="#555555",
            )
        ax.set_yticks(y, [escape_mathtext(t) for t in d["term"]])
        ax.set_ylim(-0.6, len(d) - 0.4)
        lo, hi = float(np.nanmin(first)), float(np.nanmax(last))
        ax.set_xlim(lo - max(2.0, 0.08 * (hi - lo)), hi + 1)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(text_for("year", lang) if xlabel is None else xlabel)
        ax.set_title(title)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.spines[["top", "right", "left"]].set_visible(False)
        if "category" in d:
            category_legend(ax, cats, lang, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        apply_fonts(ax)
    return ax
