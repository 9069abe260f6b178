"""The outline (提纲) of documents as an indented tree of headings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import (
    FIG_WIDTH,
    LANGS,
    draw_empty,
    escape_mathtext,
    new_axes,
    require_choice,
    require_columns,
    shorten,
    text_for,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_outline"]


def plot_outline(
    df: pd.DataFrame,
    *,
    doc_id: Any = None,
    max_nodes: int = 60,
    width: int = 34,
    lang: str = "zh",
    title: str | None = None,
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
    lang
        Language of the built-in title: ``"zh"`` or ``"en"``.
    title
        Replace the built-in title.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["doc_id", "node_id", "parent_id", "depth", "title"], "plot_outline")
    require_choice(lang, LANGS, "lang", "plot_outline")
    user_title = title
    with font_context():
        if doc_id is None and not df.empty:
            doc_id = df["doc_id"].iloc[0]
        d = df[df["doc_id"] == doc_id] if doc_id is not None else df.iloc[:0]
        if "start" in d:
            d = d.sort_values("start", kind="stable")
        d, omitted, omitted_items = _nodes_to_draw(d, max_nodes)
        n = len(d)
        ax = new_axes(ax, (FIG_WIDTH, max(2.5, 0.3 * n + 1.2)))
        title = (
            text_for("outline_doc", lang, doc=escape_mathtext(doc_id))
            if doc_id is not None
            else text_for("outline", lang)
        ) if user_title is None else user_title
        if d.empty:
            return draw_empty(ax, title, lang)
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
                escape_mathtext(shorten(label, width)),
                va="center",
                ha="left",
                fontsize=10.5 if heading else 9.5,
                color="#111111" if heading else "#444444",
            )
        if omitted:
            ax.text(
                0,
                -n,
                text_for("outline_more_items" if omitted_items else "outline_more", lang,
                         n=omitted, items=omitted_items),
                va="center",
                fontsize=9,
                color="#777777",
            )
        max_depth = max(depth_of.values())
        ax.set_xlim(-0.4, max_depth * indent + 0.25 + width * 0.32)
        ax.set_ylim(-n - (0.8 if omitted else 0.5), 0.6)
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        apply_fonts(ax)
    return ax


def _nodes_to_draw(d: pd.DataFrame, max_nodes: int) -> tuple[pd.DataFrame, int, int]:
    """The rows of ``d`` (one document's outline in text order) that a chart of ``max_nodes``
    draws, the number left out and how many of those are items: every node when they fit, else
    headings before items and shallow before deep, each group in text order."""
    if len(d) <= max_nodes:
        return d, 0, 0
    is_item = (d["kind"] == "item").to_numpy() if "kind" in d else [False] * len(d)
    order = sorted(range(len(d)), key=lambda i: (bool(is_item[i]), d["depth"].iat[i], i))
    keep = sorted(order[:max_nodes])
    left_out = order[max_nodes:]
    return d.iloc[keep], len(left_out), sum(bool(is_item[i]) for i in left_out)
