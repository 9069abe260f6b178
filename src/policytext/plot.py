"""Charts of terminology, trends, keyness, outlines and co-occurrence — Chinese renders anywhere.

Every ``plot_*`` function takes a DataFrame produced by :mod:`policytext`'s extractors (the
expected columns are listed in each docstring), draws on ``ax`` (a new figure when ``ax`` is
None) and returns the Axes. Nothing here calls ``plt.show()`` or changes
``matplotlib.rcParams``: fonts are applied with :func:`matplotlib.pyplot.rc_context` while
drawing and set on each text artist, so the charts show Chinese glyphs in a notebook, in a
saved file and inside someone else's figure.

The CJK font is chosen in this order (see :func:`cjk_font`):

1. a font file chosen with :func:`use_font`;
2. a CJK font installed on the machine and known to matplotlib (Noto Sans CJK SC, Source Han
   Sans, WenQuanYi, Microsoft YaHei, PingFang SC, SimHei, …);
3. the font shipped with the package, *Policytext Sans SC*: a subset of Noto Sans CJK SC
   (SIL Open Font License 1.1) covering GB 2312 and the 通用规范汉字表 (see ``data/fonts``).

Latin letters and digits are drawn with DejaVu Sans (matplotlib's own font) and everything it
lacks falls back to the CJK font, so there are no "Glyph … missing from font" warnings.

matplotlib is imported inside the functions: ``import policytext`` stays light. On a machine
without a display matplotlib picks its Agg backend by itself.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.errors import MissingDependencyError, PolicyTextError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "OKABE_ITO",
    "FontChoice",
    "PlotError",
    "cjk_font",
    "font_context",
    "font_families",
    "plot_heatmap",
    "plot_keyness",
    "plot_network",
    "plot_outline",
    "plot_terms",
    "plot_timeline",
    "plot_trends",
    "plot_trends_grid",
    "plot_wordcloud",
    "save",
    "use_font",
]


class PlotError(PolicyTextError, ValueError):
    """A chart cannot be drawn from the given input (missing column, bad option, bad font)."""


# --------------------------------------------------------------------------------------------
# Palette and labels
# --------------------------------------------------------------------------------------------

#: Okabe & Ito (2008) colour-blind-safe palette, in the order used for lines and groups
#: (yellow last: it is hard to see on white).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)

#: Colour of each lexicon category (Okabe–Ito; "other" is grey).
CATEGORY_COLORS: dict[str, str] = {
    "formulation": "#0072B2",
    "policy": "#E69F00",
    "campaign": "#009E73",
    "meeting": "#CC79A7",
    "organ": "#56B4E9",
    "ideology": "#D55E00",
    "doctype": "#F0E442",
    "other": "#999999",
}

#: Chinese legend label of each lexicon category.
CATEGORY_LABELS: dict[str, str] = {
    "formulation": "提法",
    "policy": "政策",
    "campaign": "专项行动",
    "meeting": "会议",
    "organ": "机构",
    "ideology": "思想理论",
    "doctype": "文种",
    "other": "其他",
}

_VALUE_LABELS: dict[str, str] = {
    "count": "词频",
    "per_10k": "每万字频次",
    "doc_share": "含该词文档占比",
    "score": "权重",
    "g2": "对数似然值 G²",
}

_GROUP_LABELS: dict[str, str] = {
    "year": "年份",
    "doc_id": "文档",
    "genre": "文种",
    "speaker": "讲话人",
    "category": "类别",
}

_LINE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_FIG_WIDTH = 9.0
_FONT_SIZE = 11.0

# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

BUNDLED_FONT_FILE = "PolicytextSansSC-Regular.otf"
LATIN_FAMILY = "DejaVu Sans"

#: Installed fonts looked for, best first (simplified-Chinese glyph forms first).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Sarasa Gothic SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "SimHei",
    "Source Han Sans",
    "Droid Sans Fallback",
)


@dataclass(frozen=True)
class FontChoice:
    """The CJK font the charts use.

    Attributes
    ----------
    family
        Family name as matplotlib knows it.
    path
        Font file.
    source
        ``"user"`` (from :func:`use_font`), ``"installed"`` or ``"bundled"``.
    """

    family: str
    path: Path
    source: str


@dataclass
class _FontSetting:
    """Module-private font state: the user's choice and the resolved fonts (a cache)."""

    user: FontChoice | None = None  # set by use_font()
    detected: FontChoice | None = None  # installed or bundled, found once and cached
    bundled: FontChoice | None = None


_SETTING = _FontSetting()
_RESOURCE_STACK = contextlib.ExitStack()


def use_font(path: str | os.PathLike[str] | None) -> FontChoice | None:
    """Draw Chinese text with the font file at ``path`` (TTF/OTF/TTC); ``None`` resets.

    The choice is kept by :mod:`policytext.plot` only; ``matplotlib.rcParams`` are not touched.

    Returns
    -------
    FontChoice or None
        The font now in use, or None after a reset.
    """
    if path is None:
        _SETTING.user = None
        return None
    p = Path(path).expanduser()
    if not p.is_file():
        raise PlotError(f"use_font: no font file at {str(p)!r}; give the path of a .ttf/.otf/.ttc")
    _SETTING.user = FontChoice(_register(p), p, "user")
    return _SETTING.user


def _register(path: Path) -> str:
    """Add ``path`` to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager as fm

    try:
        family = fm.FontProperties(fname=str(path)).get_name()
    except Exception as exc:  # FreeType: not a font
        raise PlotError(f"{str(path)!r} is not a font file matplotlib can read: {exc}") from exc
    known = {(e.fname, e.name) for e in fm.fontManager.ttflist}
    if (str(path), family) not in known:
        fm.fontManager.addfont(str(path))
    return family


def _bundled_font() -> FontChoice:
    if _SETTING.bundled is None:
        from importlib import resources

        ref = resources.files("policytext").joinpath("resources", "fonts", BUNDLED_FONT_FILE)
        # A zipped install has no real file: as_file extracts it for the session's lifetime.
        path = Path(_RESOURCE_STACK.enter_context(resources.as_file(ref)))
        if not path.is_file():
            raise PlotError(
                f"the bundled font {BUNDLED_FONT_FILE} is missing from the installation; "
                "reinstall policytext, or call policytext.plot.use_font(path)"
            )
        _SETTING.bundled = FontChoice(_register(path), path, "bundled")
    return _SETTING.bundled


def _installed_font() -> FontChoice | None:
    from matplotlib import font_manager as fm

    by_name: dict[str, str] = {}
    for entry in fm.fontManager.ttflist:
        # Several weights may share a family name: prefer the regular one.
        if entry.name not in by_name or entry.weight in (400, "normal", "regular"):
            by_name[entry.name] = entry.fname
    for family in CJK_FAMILIES:
        if family in by_name:
            return FontChoice(family, Path(by_name[family]), "installed")
    return None


def cjk_font() -> FontChoice:
    """Return the CJK font charts use: user choice, else an installed one, else the bundled one."""
    if _SETTING.user is not None:
        return _SETTING.user
    if _SETTING.detected is None:
        _SETTING.detected = _installed_font() or _bundled_font()
    return _SETTING.detected


def font_families() -> list[str]:
    """The font family list the charts use: DejaVu Sans for Latin, then the CJK font(s).

    The bundled font is appended as a last fallback when another CJK font is primary.
    """
    choice = cjk_font()
    families = [LATIN_FAMILY, choice.family]
    if choice.source != "bundled":
        with contextlib.suppress(PlotError):
            bundled = _bundled_font().family
            if bundled not in families:
                families.append(bundled)
    return families


def _rc() -> dict[str, Any]:
    return {
        "font.family": font_families(),
        "font.size": _FONT_SIZE,
        "axes.titlesize": 13.0,
        "axes.labelsize": _FONT_SIZE,
        "legend.fontsize": 10.0,
        "xtick.labelsize": 10.0,
        "ytick.labelsize": 10.0,
        "svg.fonttype": "path",  # SVG text as outlines: renders where the font is absent
        "pdf.fonttype": 3,
    }


@contextlib.contextmanager
def font_context() -> Iterator[None]:
    """Context in which new matplotlib text uses the CJK font list (restores rcParams after).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from policytext.plot import font_context
    >>> with font_context():
    ...     fig, ax = plt.subplots()
    ...     _ = ax.set_title("高质量发展")
    >>> plt.close(fig)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    # Resolve the backend before entering the context: a Jupyter inline backend that loads
    # inside it switches interactive mode on, and rc_context would switch it off again on exit,
    # so later charts in the notebook would not display.
    plt.get_backend()
    interactive = matplotlib.is_interactive()
    try:
        with matplotlib.rc_context(_rc()):
            try:
                yield
            finally:
                interactive = matplotlib.is_interactive()
    finally:
        matplotlib.interactive(interactive)


def _apply_fonts(obj: Any) -> None:
    """Set the family list on every text artist of a Figure or Axes (tick labels included)."""
    from matplotlib.text import Text

    families = font_families()
    for text in obj.findobj(Text):
        text.set_fontfamily(families)
    axes = [obj] if hasattr(obj, "xaxis") else list(getattr(obj, "axes", []))
    for ax in axes:
        # Tick labels created later (zooming, a new locator) copy the first tick's properties.
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks()[:1] + axis.get_minor_ticks()[:1]:
                tick.label1.set_fontfamily(families)
                tick.label2.set_fontfamily(families)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _check(df: pd.DataFrame, required: Sequence[str], func: str) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise PlotError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise PlotError(
            f"{func}: the DataFrame lacks column(s) {', '.join(map(repr, missing))}; "
            f"it needs {', '.join(required)} (it has: {', '.join(map(str, df.columns))})"
        )


def _check_choice(value: str, valid: Sequence[str], name: str, func: str) -> None:
    if value not in valid:
        raise PlotError(
            f"{func}: {name}={value!r} is not valid; use one of {', '.join(map(repr, valid))}"
        )


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _empty(ax: Axes, title: str) -> Axes:
    ax.text(
        0.5,
        0.5,
        "无数据",
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=14,
        color="#666666",
    )
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    _apply_fonts(ax)
    return ax


def _category_colors(categories: Sequence[Any]) -> list[str]:
    return [CATEGORY_COLORS.get(str(c), CATEGORY_COLORS["other"]) for c in categories]


def _category_legend(ax: Axes, categories: Sequence[Any], **kwargs: Any) -> None:
    from matplotlib.patches import Patch

    present = [c for c in CATEGORY_COLORS if c in {str(x) for x in categories}]
    unknown = sorted({str(x) for x in categories} - set(CATEGORY_COLORS))
    if unknown:
        present.append("other")
    if not present:
        return
    handles = [
        Patch(facecolor=CATEGORY_COLORS[c], edgecolor="none", label=CATEGORY_LABELS.get(c, c))
        for c in present
    ]
    ax.legend(handles=handles, title="类别", frameon=False, **kwargs)


def _agg(value: str) -> str:
    return "sum" if value == "count" else "mean"


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------


def plot_terms(
    df: pd.DataFrame,
    *,
    top: int = 20,
    group: str | None = None,
    value: str = "count",
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the most frequent terms, coloured by lexicon category.

    Parameters
    ----------
    df
        Term frequencies with columns ``term``, ``category``, ``count``, ``per_10k`` and
        optionally a group column (``doc_id``, ``year``, …). Rows of the same term are
        combined: counts are summed, ``per_10k`` is averaged.
    top
        Number of terms (bars, or groups of bars) to show.
    group
        Column whose values get one bar each per term (e.g. ``"year"``), coloured by group;
        None colours the bars by ``category``. Beyond about eight groups
        :func:`plot_heatmap` reads better.
    value
        ``"count"``, ``"per_10k"`` or ``"doc_share"``.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_choice(value, ["count", "per_10k", "doc_share"], "value", "plot_terms")
    _check(df, ["term", value], "plot_terms")
    if group is not None:
        _check(df, ["term", value, group], "plot_terms")
    import numpy as np

    with font_context():
        n_shown = max(1, min(top, df["term"].nunique()))
        ax = _new_axes(ax, (_FIG_WIDTH, max(3.5, 0.34 * n_shown + 1.4)))
        title = f"高频术语与提法（前 {top} 位）"
        if df.empty or top <= 0:
            return _empty(ax, title)
        has_cat = "category" in df.columns
        totals = df.groupby("term", sort=False)[value].agg(_agg(value))
        terms = list(totals.sort_values(ascending=False, kind="stable").head(top).index)
        y = np.arange(len(terms))[::-1]  # largest at the top
        fmt = "%d" if value == "count" else "%.1f"
        title = f"高频术语与提法（前 {len(terms)} 位）"
        if group is None:
            cats = df.groupby("term", sort=False)["category"].first() if has_cat else None
            colors = _category_colors(
                [cats[t] for t in terms] if cats is not None else ["other"] * len(terms)
            )
            bars = ax.barh(y, [totals[t] for t in terms], color=colors, height=0.72)
            if value != "doc_share":
                ax.bar_label(bars, fmt=fmt, padding=3, fontsize=9, color="#333333")
            if has_cat:
                _category_legend(ax, [cats[t] for t in terms], loc="lower right")
        else:
            table = (
                df[df["term"].isin(terms)]
                .pivot_table(
                    index="term", columns=group, values=value, aggfunc=_agg(value), fill_value=0
                )
                .reindex(terms)
                .fillna(0)
            )
            groups = list(table.columns)
            k = len(groups)
            if k <= len(OKABE_ITO):
                palette = list(OKABE_ITO[:k])
            else:
                import matplotlib

                cmap = matplotlib.colormaps["viridis"]
                palette = [cmap(i / max(1, k - 1)) for i in range(k)]
            height = 0.8 / k
            for i, g in enumerate(groups):
                offset = (k - 1) / 2 * height - i * height
                ax.barh(
                    y + offset, table[g].to_numpy(), height=height, color=palette[i], label=str(g)
                )
            ax.legend(
                title=_GROUP_LABELS.get(group, str(group)),
                frameon=False,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                ncols=1 if k <= 16 else 2,
            )
        ax.set_yticks(y, terms)
        ax.set_ylim(-0.6, len(terms) - 0.4)
        ax.set_xlabel(_VALUE_LABELS[value])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.08)
        _apply_fonts(ax)
    return ax


def _trend_table(df: pd.DataFrame, value: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(value table, count table) with years as index and terms as columns."""
    table = df.pivot_table(
        index="year", columns="term", values=value, aggfunc=_agg(value), fill_value=0
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
    _check_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends")
    _check(df, ["year", "term", value], "plot_trends")
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    with font_context():
        ax = _new_axes(ax, (_FIG_WIDTH, 5.0))
        title = "提法热度变化"
        if df.empty:
            return _empty(ax, title)
        table, counts = _trend_table(df, value)
        chosen = list(terms) if terms is not None else _default_terms(df, value)
        palette = list(colors) if colors else list(OKABE_ITO)
        years = table.index.to_numpy()
        y0, y1 = float(years.min()), float(years.max())
        span = max(1.0, y1 - y0)
        firsts: list[tuple[float, str, str]] = []
        for i, term in enumerate(chosen):
            color = palette[i % len(palette)]
            marker = _LINE_MARKERS[i % len(_LINE_MARKERS)] if len(years) <= 25 else None
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
        ax.set_ylabel(_VALUE_LABELS[value])
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
        _apply_fonts(ax)
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
    _check_choice(value, ["per_10k", "count", "doc_share"], "value", "plot_trends_grid")
    _check(df, ["year", "term", value], "plot_trends_grid")
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
            figsize=(_FIG_WIDTH + 0.5, 2.7 * nrows + 0.6),
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
            _empty(flat[0], "提法热度变化")
        fig.supxlabel("年份")
        fig.supylabel(_VALUE_LABELS[value])
        fig.suptitle("提法热度变化（分面）", fontsize=14)
        _apply_fonts(fig)
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
    _check(df, [index, columns, value], "plot_heatmap")
    import numpy as np

    with font_context():
        n_rows = df[index].nunique() if top is None else min(top, df[index].nunique())
        ax = _new_axes(ax, (_FIG_WIDTH + 1, max(3.5, 0.34 * n_rows + 1.8)))
        title = f"{_VALUE_LABELS.get(value, value)}热力图"
        if df.empty:
            return _empty(ax, title)
        table = df.pivot_table(
            index=index, columns=columns, values=value, aggfunc=_agg(value), fill_value=0
        )
        table = table.sort_index(axis=1)
        order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
        table = table.loc[order[:top] if top is not None else order]
        data = table.to_numpy(dtype=float)
        im = ax.imshow(data, aspect="auto", cmap="YlGnBu", interpolation="nearest", vmin=0)
        cbar = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
        cbar.set_label(_VALUE_LABELS.get(value, value))
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
        _apply_fonts(ax)
        _apply_fonts(cbar.ax)
    return ax


def plot_keyness(df: pd.DataFrame, *, top: int = 20, ax: Axes | None = None) -> Axes:
    """Diverging bars of keyness: signed G² (right: target corpus, left: reference corpus).

    Parameters
    ----------
    df
        Keyness table with columns ``term``, ``count_target``, ``count_reference``, ``g2``,
        ``chi2``, ``log_ratio``, ``p_value``, ``direction`` (``"target"`` or
        ``"reference"``).
    top
        Terms shown on each side (up to ``2 * top`` bars).
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check(df, ["term", "g2", "direction"], "plot_keyness")
    import numpy as np
    from matplotlib.patches import Patch

    with font_context():
        n = min(2 * top, len(df))
        ax = _new_axes(ax, (_FIG_WIDTH, max(3.5, 0.3 * n + 1.6)))
        title = "关键性分析：目标语料与参照语料"
        if df.empty or top <= 0:
            return _empty(ax, title)
        d = df.assign(
            _signed=np.where(df["direction"] == "target", df["g2"].abs(), -df["g2"].abs())
        )
        tgt = d[d["_signed"] > 0].nlargest(top, "_signed")
        ref = d[d["_signed"] < 0].nsmallest(top, "_signed")
        shown = _concat([tgt, ref]).sort_values("_signed", kind="stable")
        colors = ["#0072B2" if v > 0 else "#D55E00" for v in shown["_signed"]]
        y = np.arange(len(shown))
        ax.barh(y, shown["_signed"].to_numpy(), color=colors, height=0.72)
        ax.set_yticks(y, shown["term"].astype(str).tolist())
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_xlabel("对数似然值 G²（正：目标语料偏好，负：参照语料偏好）")
        ax.set_title(title)
        ax.set_ylim(-0.6, len(shown) - 0.4)
        ax.legend(
            handles=[
                Patch(color="#0072B2", label="目标语料"),
                Patch(color="#D55E00", label="参照语料"),
            ],
            frameon=False,
            loc="lower right",
        )
        ax.spines[["top", "right"]].set_visible(False)
        _apply_fonts(ax)
    return ax


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    frames = [f for f in frames if not f.empty]
    return pd.concat(frames) if frames else pd.DataFrame(columns=["term", "_signed"])


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
    _check(df, ["term", "first_year", "last_year"], "plot_timeline")
    import numpy as np

    with font_context():
        n = len(df) if top is None else min(top, len(df))
        ax = _new_axes(ax, (_FIG_WIDTH, max(3.5, 0.3 * n + 1.6)))
        title = "提法首现与末现年份"
        if df.empty:
            return _empty(ax, title)
        d = df.dropna(subset=["first_year", "last_year"])
        if top is not None and len(d) > top:
            span = d["n_years"] if "n_years" in d else d["last_year"] - d["first_year"]
            d = d.assign(_n=span).nlargest(top, "_n")
        d = d.sort_values(["first_year", "last_year", "term"], kind="stable")
        cats = d["category"].tolist() if "category" in d else ["other"] * len(d)
        colors = _category_colors(cats)
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
            _category_legend(ax, cats, loc="lower left", bbox_to_anchor=(0, 0))
        _apply_fonts(ax)
    return ax


def plot_outline(
    df: pd.DataFrame,
    *,
    doc_id: Any = None,
    max_nodes: int = 60,
    width: int = 34,
    ax: Axes | None = None,
) -> Axes:
    """The outline of one document as an indented tree (一、 › （一） › 1. › …).

    Parameters
    ----------
    df
        Outline table with columns ``doc_id``, ``node_id``, ``parent_id``, ``depth``, ``kind``
        (``"heading"`` or ``"item"``), ``marker``, ``style``, ``ordinal``, ``title``,
        ``start``, ``end``.
    doc_id
        Document to draw; default the first ``doc_id`` in ``df``.
    max_nodes
        Draw at most this many nodes (in text order); the rest are counted in a note.
    width
        Titles are cut to this many characters.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check(df, ["doc_id", "node_id", "parent_id", "depth", "title"], "plot_outline")
    with font_context():
        if doc_id is None and not df.empty:
            doc_id = df["doc_id"].iloc[0]
        d = df[df["doc_id"] == doc_id] if doc_id is not None else df.iloc[:0]
        if "start" in d:
            d = d.sort_values("start", kind="stable")
        omitted = max(0, len(d) - max_nodes)
        d = d.head(max_nodes)
        n = len(d)
        ax = _new_axes(ax, (_FIG_WIDTH, max(2.5, 0.3 * n + 1.2)))
        title = f"文档结构：{doc_id}" if doc_id is not None else "文档结构"
        if d.empty:
            return _empty(ax, title)
        min_depth = int(d["depth"].min())
        row = {nid: i for i, nid in enumerate(d["node_id"])}
        depth_of = {
            nid: int(dep) - min_depth for nid, dep in zip(d["node_id"], d["depth"], strict=True)
        }
        indent = 1.0
        kinds = d["kind"].tolist() if "kind" in d else ["heading"] * n
        markers = d["marker"].fillna("").astype(str).tolist() if "marker" in d else [""] * n
        for i, (nid, pid, title_, kind, mark) in enumerate(
            zip(
                d["node_id"],
                d["parent_id"],
                d["title"].fillna("").astype(str),
                kinds,
                markers,
                strict=True,
            )
        ):
            x = depth_of[nid] * indent
            yv = -i
            if pid in row:  # elbow connector from the parent's dot
                px = depth_of[pid] * indent
                py = -row[pid]
                ax.plot([px, px, x], [py, yv, yv], color="#bbbbbb", linewidth=0.9, zorder=1)
            heading = kind != "item"
            ax.scatter(
                [x],
                [yv],
                s=28 if heading else 16,
                marker="s" if heading else "o",
                color="#0072B2" if heading else "#E69F00",
                zorder=2,
            )
            label = title_ if not mark or title_.startswith(mark) else f"{mark}{title_}"
            ax.text(
                x + 0.25,
                yv,
                _shorten(label, width),
                va="center",
                ha="left",
                fontsize=10.5 if heading else 9.5,
                color="#111111" if heading else "#444444",
            )
        if omitted:
            ax.text(
                0, -n, f"…… 另有 {omitted} 个节点未显示", va="center", fontsize=9, color="#777777"
            )
        max_depth = max(depth_of.values())
        ax.set_xlim(-0.4, max_depth * indent + 0.25 + width * 0.32)
        ax.set_ylim(-n - (0.8 if omitted else 0.5), 0.6)
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        _apply_fonts(ax)
    return ax


def plot_network(df: pd.DataFrame, *, top: int = 40, ax: Axes | None = None) -> Axes:
    """Co-occurrence network of terms on a circle; edge width ∝ count, colour ∝ PMI.

    The layout is a circle drawn here rather than a networkx force layout: it is
    deterministic (same picture every run), needs no optional dependency, and for the few
    dozen strongest edges it stays readable, with every label outside the circle.

    Parameters
    ----------
    df
        Co-occurrence table with columns ``term_a``, ``term_b``, ``count``, ``pmi``.
    top
        Keep the ``top`` edges with the highest count.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check(df, ["term_a", "term_b", "count"], "plot_network")
    import matplotlib
    import numpy as np
    from matplotlib.collections import LineCollection

    with font_context():
        ax = _new_axes(ax, (_FIG_WIDTH, _FIG_WIDTH * 0.9))
        title = f"术语共现网络（前 {top} 条边）"
        if df.empty or top <= 0:
            ax.set_axis_off()
            return _empty(ax, title)
        edges = df.nlargest(top, "count")
        weight: dict[str, float] = {}
        for a, b, c in zip(edges["term_a"], edges["term_b"], edges["count"], strict=True):
            weight[str(a)] = weight.get(str(a), 0.0) + float(c)
            weight[str(b)] = weight.get(str(b), 0.0) + float(c)
        order = _circle_order(edges, weight)
        angle = {t: math.pi / 2 - 2 * math.pi * i / len(order) for i, t in enumerate(order)}
        pos = {t: (math.cos(a), math.sin(a)) for t, a in angle.items()}
        segs = [
            [pos[str(a)], pos[str(b)]]
            for a, b in zip(edges["term_a"], edges["term_b"], strict=True)
        ]
        counts = edges["count"].to_numpy(dtype=float)
        widths = 0.8 + 4.0 * counts / counts.max()
        cbar = None
        if "pmi" in edges:
            pmi = edges["pmi"].to_numpy(dtype=float)
            norm = matplotlib.colors.Normalize(float(np.nanmin(pmi)), float(np.nanmax(pmi)))
            lc = LineCollection(
                segs, linewidths=widths, cmap="viridis", norm=norm, alpha=0.75, zorder=1
            )
            lc.set_array(pmi)
            ax.add_collection(lc)
            cbar = ax.figure.colorbar(lc, ax=ax, shrink=0.6, pad=0.02)
            cbar.set_label("点互信息 PMI")
        else:
            ax.add_collection(
                LineCollection(segs, linewidths=widths, colors="#56B4E9", alpha=0.75, zorder=1)
            )
        w = np.array([weight[t] for t in order])
        xy = np.array([pos[t] for t in order])
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=40 + 260 * w / w.max(),
            color="#0072B2",
            edgecolor="white",
            linewidth=1,
            zorder=2,
        )
        for t in order:
            a = angle[t]
            x, y = 1.1 * math.cos(a), 1.1 * math.sin(a)
            deg = math.degrees(a) % 360
            ha = "left" if math.cos(a) > 0.15 else "right" if math.cos(a) < -0.15 else "center"
            va = "bottom" if 45 < deg < 135 else "top" if 225 < deg < 315 else "center"
            ax.text(x, y, t, ha=ha, va=va, fontsize=10)
        ax.set_xlim(-1.65, 1.65)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(title)
        _apply_fonts(ax)
        if cbar is not None:
            _apply_fonts(cbar.ax)
    return ax


def _circle_order(edges: pd.DataFrame, weight: dict[str, float]) -> list[str]:
    """Order nodes round the circle so that linked terms sit next to each other.

    Depth-first walk from the heaviest node, strongest edge first; one component after
    another. Chains of linked terms then run round the rim instead of across the middle.
    """
    adjacency: dict[str, list[tuple[float, str]]] = {t: [] for t in weight}
    for a, b, c in zip(edges["term_a"], edges["term_b"], edges["count"], strict=True):
        adjacency[str(a)].append((float(c), str(b)))
        adjacency[str(b)].append((float(c), str(a)))
    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(weight, key=lambda t: (-weight[t], t)):
        stack = [start]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            neighbours = sorted(adjacency[node], key=lambda e: (-e[0], e[1]))
            stack.extend(nb for _, nb in reversed(neighbours) if nb not in seen)
    return order


def plot_wordcloud(
    freqs: Mapping[str, float] | pd.DataFrame,
    *,
    max_words: int = 200,
    ax: Axes | None = None,
) -> Axes:
    """Word cloud of term frequencies (needs the optional ``wordcloud`` package).

    Parameters
    ----------
    freqs
        ``{term: frequency}``, or a DataFrame with ``term`` and ``count`` (summed per term).
    max_words
        Largest number of words drawn.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    policytext.errors.MissingDependencyError
        When ``wordcloud`` is not installed (``pip install "policytext[wordcloud]"``).
    """
    try:
        from wordcloud import WordCloud
    except ImportError as exc:
        raise MissingDependencyError("plot_wordcloud", "wordcloud", "wordcloud") from exc
    import pandas as pd

    if isinstance(freqs, pd.DataFrame):
        _check(freqs, ["term", "count"], "plot_wordcloud")
        freqs = freqs.groupby("term")["count"].sum().to_dict()
    data = {str(k): float(v) for k, v in dict(freqs).items() if v and float(v) > 0}
    with font_context():
        ax = _new_axes(ax, (_FIG_WIDTH, _FIG_WIDTH * 0.56))
        if not data:
            ax.set_axis_off()
            return _empty(ax, "词云")
        font = cjk_font()
        if font.path.suffix.lower() in (".ttc", ".otc"):  # PIL would take face 0 (often JP)
            font = _bundled_font()
        cloud = WordCloud(
            font_path=str(font.path),
            width=1600,
            height=900,
            background_color="white",
            colormap="viridis",
            max_words=max_words,
            random_state=0,
            prefer_horizontal=1.0,
        )
        cloud.generate_from_frequencies(data)
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_axis_off()
        _apply_fonts(ax)
    return ax


def save(fig_or_ax: Any, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Save a chart as PNG, SVG or PDF (chosen by the suffix) with the CJK font applied.

    SVG text is written as outlines, so the file shows Chinese where no CJK font is
    installed. Parent folders are created.

    Parameters
    ----------
    fig_or_ax
        A Figure, or an Axes (its figure is saved).
    path
        Output file ending in ``.png``, ``.svg`` or ``.pdf``.
    dpi
        Resolution of PNG output.

    Returns
    -------
    pathlib.Path
    """
    fig = _figure_of(fig_or_ax)
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    _check_choice(fmt, ["png", "svg", "pdf"], "file suffix", "save")
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if fmt in ("svg", "pdf") else None
    with font_context():
        _apply_fonts(fig)
        fig.savefig(
            path, format=fmt, dpi=dpi, bbox_inches="tight", facecolor="white", metadata=metadata
        )
    return path


def _figure_of(fig_or_ax: Any) -> Figure:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, FigureBase

    if isinstance(fig_or_ax, Figure):
        return fig_or_ax
    if isinstance(fig_or_ax, (Axes, FigureBase)):
        fig = fig_or_ax.figure
        while not isinstance(fig, Figure) and fig is not None:  # Axes in a SubFigure
            fig = fig.figure if fig.figure is not fig else None
        if fig is not None:
            return fig
    raise PlotError(f"save: expected a matplotlib Figure or Axes, got {type(fig_or_ax).__name__}")
