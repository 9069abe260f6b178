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
    "CHANGE_LABELS",
    "FIG_WIDTH",
    "GROUP_LABELS",
    "LANGS",
    "LINE_MARKERS",
    "OKABE_ITO",
    "TEXTS",
    "VALUE_LABELS",
    "aggregator",
    "category_colors",
    "category_legend",
    "draw_empty",
    "escape_mathtext",
    "figure_of",
    "new_axes",
    "require_choice",
    "require_columns",
    "save",
    "shorten",
    "text_for",
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

#: Languages of the built-in titles and axis labels (``lang=`` of every chart).
LANGS = ("zh", "en")

_EN_VALUE_LABELS = {
    "count": "Count",
    "per_10k": "Per 10,000 characters",
    "doc_share": "Share of documents with the term",
    "score": "Weight",
    "g2": "Log-likelihood G²",
}
_EN_GROUP_LABELS = {
    "year": "Year",
    "doc_id": "Document",
    "genre": "Genre",
    "speaker": "Speaker",
    "category": "Category",
    "region": "Region",
    "province": "Province",
}
_EN_CATEGORY_LABELS = {
    "formulation": "Formulation",
    "policy": "Policy",
    "campaign": "Campaign",
    "meeting": "Meeting",
    "organ": "Organ",
    "ideology": "Ideology",
    "doctype": "Document type",
    "other": "Other",
}
GROUP_LABELS.update({"region": "地区", "province": "省份"})

#: Chinese legend label of each change kind of a comparison (:func:`~policytext.compare`).
CHANGE_LABELS: dict[str, str] = {
    "added": "新增", "removed": "删除", "changed": "修改", "moved": "移动", "kept": "未变",
}
_EN_CHANGE_LABELS = {
    "added": "Added", "removed": "Removed", "changed": "Changed", "moved": "Moved", "kept": "Kept",
}
# the unit a comparison is drawn by, as the title names it
_LEVEL_LABELS = {"sentence": "句", "paragraph": "段", "section": "节"}
_EN_LEVEL_LABELS = {"sentence": "sentence", "paragraph": "paragraph", "section": "section"}
# the pseudo-sections Reuse.by_section names itself (a real section is named by its heading)
_SECTION_LABELS = {"(开头)": "(开头)", "(全文)": "(全文)"}
_EN_SECTION_LABELS = {"(开头)": "(before the first heading)", "(全文)": "(whole text)"}

#: Built-in titles and labels by language; ``{}`` fields are filled by :func:`text_for`.
TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "no_data": "无数据",
        "year": "年份",
        "category": "类别",
        "trends": "提法热度变化",
        "trends_grid": "提法热度变化（分面）",
        "first_seen": "{year} 首次出现",
        "first_seen_short": "{year} 首现",
        "absent": "（未出现）",
        "terms": "高频术语与提法（前 {n} 位）",
        "keyness": "关键性分析：{target} 与 {reference}",
        "keyness_x": "对数似然值 G²（正：{target}偏好，负：{reference}偏好）",
        "target": "目标语料",
        "reference": "参照语料",
        "heatmap": "{value}热力图",
        "heatmap_top": "{value}热力图（{n} 行，共 {m} 行）",
        "sqrt_scale": "（平方根刻度）",
        "timeline": "提法首现与末现年份",
        "outline": "文档结构",
        "outline_doc": "文档结构：{doc}",
        "outline_more": "…… 另有 {n} 个节点未显示",
        "outline_more_items": "…… 另有 {n} 个节点未显示（其中条目 {items} 个；先画标题）",
        "network": "术语共现网络（前 {n} 条边）",
        "pmi": "点互信息 PMI",
        "wordcloud": "词云",
        "changes": "改动分布（{level}）",
        "changes_x": "在文本中的位置（占全文比例）",
        "old_text": "旧文本",
        "new_text": "新文本",
        "reuse": "各部分照搬比例",
        "reuse_doc": "各部分照搬比例：{doc}",
        "reuse_x": "照搬字符占本部分比例",
        "source": "来源",
        "other_sources": "其他来源",
    },
    "en": {
        "no_data": "No data",
        "year": "Year",
        "category": "Category",
        "trends": "Frequency of terms over time",
        "trends_grid": "Frequency of terms over time (one panel per term)",
        "first_seen": "first seen {year}",
        "first_seen_short": "first {year}",
        "absent": " (absent)",
        "terms": "Most frequent terms (top {n})",
        "keyness": "Keyness: {target} vs {reference}",
        "keyness_x": "Log-likelihood G² (right: {target}, left: {reference})",
        "target": "target corpus",
        "reference": "reference corpus",
        "heatmap": "Heatmap: {value}",
        "heatmap_top": "Heatmap: {value} ({n} of {m} rows)",
        "sqrt_scale": " (square-root scale)",
        "timeline": "First and last year of each formulation",
        "outline": "Document outline",
        "outline_doc": "Outline: {doc}",
        "outline_more": "… {n} more nodes not shown",
        "outline_more_items": "… {n} more nodes not shown ({items} of them items; headings first)",
        "network": "Co-occurrence network of terms (top {n} edges)",
        "pmi": "Pointwise mutual information (PMI)",
        "wordcloud": "Word cloud",
        "changes": "Changes by {level}",
        "changes_x": "Position in the text (share of its length)",
        "old_text": "Old text",
        "new_text": "New text",
        "reuse": "Share of each section copied",
        "reuse_doc": "Share of each section copied: {doc}",
        "reuse_x": "Share of the section's characters copied",
        "source": "Source",
        "other_sources": "Other sources",
    },
}


def text_for(key: str, lang: str, **fields: Any) -> str:
    """The built-in text ``key`` in ``lang`` (``"zh"`` or ``"en"``), fields filled in.

    Also ``value:<column>``, ``group:<column>``, ``category:<name>``, ``change:<kind>``,
    ``level:<name>`` and ``section:<title>`` give the label of a value column, a grouping
    column (a docvar: its own name when unknown), a lexicon category, a change kind of a
    comparison, the unit it is drawn by and a section of a reuse table (its title, but for the
    pseudo-sections ``(开头)`` and ``(全文)``).
    """
    require_choice(lang, LANGS, "lang", "policytext.plot")
    kind, _, name = key.partition(":")
    if name:
        tables = {
            "value": (VALUE_LABELS, _EN_VALUE_LABELS),
            "group": (GROUP_LABELS, _EN_GROUP_LABELS),
            "category": (CATEGORY_LABELS, _EN_CATEGORY_LABELS),
            "change": (CHANGE_LABELS, _EN_CHANGE_LABELS),
            "level": (_LEVEL_LABELS, _EN_LEVEL_LABELS),
            "section": (_SECTION_LABELS, _EN_SECTION_LABELS),
        }[kind]
        return tables[LANGS.index(lang)].get(name, name)
    return TEXTS[lang][key].format(**fields)


def group_label(value: Any, lang: str, labels: Any = None) -> str:
    """How a chart names a document or group: ``labels[value]`` when given, else in English
    charts the English name of a province (上海市.txt, 广西 → Guangxi), else the value."""
    if labels and value in labels:
        return str(labels[value])
    if lang == "en":
        from policytext.metadata import province_in_english

        english = province_in_english(value)
        if english:
            return english
    return str(value)


def escape_mathtext(text: Any) -> str:
    """``text`` with every ``$`` escaped, so matplotlib draws it as written.

    matplotlib reads the text between two dollar signs as a formula (mathtext): a heading
    such as ``$100$ 亿元`` would lose its dollar signs, and an unbalanced formula raises at
    drawing time. Every string taken from documents (terms, titles, document ids) goes
    through here before it becomes a label.
    """
    return str(text).replace("\\$", "$").replace("$", "\\$")



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


def draw_empty(ax: Axes, title: str, lang: str = "zh") -> Axes:
    ax.text(
        0.5,
        0.5,
        text_for("no_data", lang),
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


def category_legend(
    ax: Axes, categories: Sequence[Any], lang: str = "zh", **kwargs: Any
) -> None:
    from matplotlib.patches import Patch

    present = [c for c in CATEGORY_COLORS if c in {str(x) for x in categories}]
    unknown = sorted({str(x) for x in categories} - set(CATEGORY_COLORS))
    if unknown:
        present.append("other")
    if not present:
        return
    handles = [
        Patch(facecolor=CATEGORY_COLORS[c], edgecolor="none", label=text_for(f"category:{c}", lang))
        for c in present
    ]
    ax.legend(handles=handles, title=text_for("category", lang), frameon=False, **kwargs)


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
