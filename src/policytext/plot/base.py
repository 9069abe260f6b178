"""What every chart shares: the palette, axis labels, input checks, empty charts and saving."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.errors import PlotError

from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "FIG_WIDTH",
    "GROUP_LABELS",
    "LINE_MARKERS",
    "OKABE_ITO",
    "VALUE_LABELS",
    "aggregator",
    "category_colors",
    "category_legend",
    "draw_empty",
    "figure_of",
    "new_axes",
    "require_choice",
    "require_columns",
    "save",
    "shorten",
]

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

VALUE_LABELS: dict[str, str] = {
    "count": "词频",
    "per_10k": "每万字频次",
    "doc_share": "含该词文档占比",
    "score": "权重",
    "g2": "对数似然值 G²",
}

GROUP_LABELS: dict[str, str] = {
    "year": "年份",
    "doc_id": "文档",
    "genre": "文种",
    "speaker": "讲话人",
    "category": "类别",
}

LINE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
FIG_WIDTH = 9.0
FONT_SIZE = 11.0



def require_columns(df: pd.DataFrame, required: Sequence[str], func: str) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise PlotError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise PlotError(
            f"{func}: the DataFrame lacks column(s) {', '.join(map(repr, missing))}; "
            f"it needs {', '.join(required)} (it has: {', '.join(map(str, df.columns))})"
        )


def require_choice(value: str, valid: Sequence[str], name: str, func: str) -> None:
    if value not in valid:
        raise PlotError(
            f"{func}: {name}={value!r} is not valid; use one of {', '.join(map(repr, valid))}"
        )


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def draw_empty(ax: Axes, title: str) -> Axes:
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
    apply_fonts(ax)
    return ax


def category_colors(categories: Sequence[Any]) -> list[str]:
    return [CATEGORY_COLORS.get(str(c), CATEGORY_COLORS["other"]) for c in categories]


def category_legend(ax: Axes, categories: Sequence[Any], **kwargs: Any) -> None:
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


def aggregator(value: str) -> str:
    return "sum" if value == "count" else "mean"


def shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
    fig = figure_of(fig_or_ax)
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    require_choice(fmt, ["png", "svg", "pdf"], "file suffix", "save")
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if fmt in ("svg", "pdf") else None
    with font_context():
        apply_fonts(fig)
        fig.savefig(
            path, format=fmt, dpi=dpi, bbox_inches="tight", facecolor="white", metadata=metadata
        )
    return path


def figure_of(fig_or_ax: Any) -> Figure:
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
