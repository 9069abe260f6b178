"""Co-occurrence networks of terms (collocations) drawn on a circle."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .base import (
    FIG_WIDTH,
    LANGS,
    draw_empty,
    escape_mathtext,
    new_axes,
    require_choice,
    require_columns,
    text_for,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_network"]


def plot_network(
    df: pd.DataFrame,
    *,
    top: int = 40,
    lang: str = "zh",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
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
    lang
        Language of the built-in title and labels: ``"zh"`` or ``"en"``.
    title
        Replace the built-in title.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    require_columns(df, ["term_a", "term_b", "count"], "plot_network")
    require_choice(lang, LANGS, "lang", "plot_network")
    import matplotlib
    import numpy as np
    from matplotlib.collections import LineCollection

    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, FIG_WIDTH * 0.9))
        title = text_for("network", lang, n=top) if title is None else title
        if df.empty or top <= 0:
            ax.set_axis_off()
            return draw_empty(ax, title, lang)
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
            cbar.set_label(text_for("pmi", lang))
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
            ax.text(x, y, escape_mathtext(t), ha=ha, va=va, fontsize=10)
        ax.set_xlim(-1.65, 1.65)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(title)
        apply_fonts(ax)
        if cbar is not None:
            apply_fonts(cbar.ax)
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
