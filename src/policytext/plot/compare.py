"""Charts of comparisons and text reuse: what changed where, and how much of each section was
copied from which source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import (
    CHANGE_LABELS,
    FIG_WIDTH,
    LANGS,
    OKABE_ITO,
    draw_empty,
    new_axes,
    require_choice,
    require_columns,
    shorten,
    text_for,
)
from .fonts import apply_fonts, font_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["CHANGE_COLORS", "CHANGE_LABELS", "plot_changes", "plot_reuse"]

#: Colour of each change kind (Okabe–Ito; kept is light grey).
CHANGE_COLORS: dict[str, str] = {
    "added": "#009E73",
    "removed": "#D55E00",
    "changed": "#E69F00",
    "moved": "#0072B2",
    "kept": "#e3e3e3",
}
# CHANGE_LABELS (the Chinese legend labels) lives with the other built-in texts in .base, so
# the English ones sit beside it; it stays importable from here.


def plot_changes(
    table: Any,
    *,
    level: str = "sentence",
    min_width: float = 0.0025,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A "what changed" strip: the old and the new text as two bars, every unit coloured by
    its change, moved units joined by a line.

    Parameters
    ----------
    table
        A :class:`~policytext.extract.compare.Comparison` or its ``table`` (columns ``level``,
        ``change``, ``old_start``, ``old_end``, ``new_start``, ``new_end``).
    level
        ``sentence`` (default), ``paragraph`` or ``section``.
    min_width
        Every non-kept unit is drawn at least this wide (a share of the text), so a one-word
        change stays visible in a long document.
    lang
        Language of the built-in title, labels and legend: ``"zh"`` or ``"en"``.
    title, xlabel
        Replace the built-in title and x-axis label.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd
    from matplotlib.patches import Patch

    df = getattr(table, "table", table)
    require_columns(df, ["level", "change", "old_start", "old_end", "new_start", "new_end"],
                    "plot_changes")
    require_choice(lang, LANGS, "lang", "plot_changes")
    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, 2.6))
        d = df[df["level"] == level]
        if title is None:
            title = text_for("changes", lang, level=text_for(f"level:{level}", lang))
        if d.empty:
            return draw_empty(ax, title, lang)
        old_len = max(float(pd.to_numeric(d["old_end"], errors="coerce").max(skipna=True) or 0), 1.0)
        new_len = max(float(pd.to_numeric(d["new_end"], errors="coerce").max(skipna=True) or 0), 1.0)
        rows = {"old": (1.0, old_len, "old_start", "old_end"), "new": (0.0, new_len, "new_start", "new_end")}
        # kept first, so changes are drawn on top
        d = d.assign(_o=(d["change"] != "kept").astype(int)).sort_values("_o", kind="stable")
        for rec in d.itertuples(index=False):
            colour = CHANGE_COLORS.get(rec.change, "#999999")
            for y, length, s_col, e_col in rows.values():
                s, e = getattr(rec, s_col), getattr(rec, e_col)
                if pd.isna(s):
                    continue
                x0, w = float(s) / length, (float(e) - float(s)) / length
                if rec.change != "kept":
                    w = max(w, min_width)
                ax.broken_barh([(x0, w)], (y - 0.3, 0.6), facecolors=colour, linewidth=0)
            if rec.change == "moved" and not pd.isna(rec.old_start) and not pd.isna(rec.new_start):
                xo = (float(rec.old_start) + float(rec.old_end)) / 2 / old_len
                xn = (float(rec.new_start) + float(rec.new_end)) / 2 / new_len
                ax.plot([xo, xn], [0.7, 0.3], color=CHANGE_COLORS["moved"], linewidth=0.6,
                        alpha=0.6)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.5, 1.5)
        ax.set_yticks([0, 1], [text_for("new_text", lang), text_for("old_text", lang)])
        ax.set_xlabel(text_for("changes_x", lang) if xlabel is None else xlabel)
        present = [c for c in CHANGE_COLORS if c in set(d["change"])]
        handles = [Patch(color=CHANGE_COLORS[c], label=text_for(f"change:{c}", lang))
                   for c in present]
        ax.legend(handles=handles,
                  ncol=len(present), loc="upper center", bbox_to_anchor=(0.5, -0.35), frameon=False)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left")
        apply_fonts(ax)
    return ax


def plot_reuse(
    by_section: Any,
    *,
    doc_id: Any = None,
    width: int = 24,
    max_sources: int = 6,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The copied share of each section of one target: a bar per section, coloured by source.

    Parameters
    ----------
    by_section
        :attr:`Reuse.by_section <policytext.extract.reuse.Reuse.by_section>` (or the
        :class:`~policytext.extract.reuse.Reuse` itself): columns ``doc_id``, ``section``,
        ``start``, ``source_doc_id``, ``share``.
    doc_id
        The target to draw; default the first one.
    width
        Section titles are cut to this many characters.
    max_sources
        Sources beyond the most copied ones are drawn together in grey as 其他来源
        (“Other sources” in English).
    lang
        Language of the built-in title, labels and legend: ``"zh"`` or ``"en"``.
    title, xlabel
        Replace the built-in title and x-axis label.
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    df = getattr(by_section, "by_section", by_section)
    require_columns(df, ["doc_id", "section", "start", "source_doc_id", "share"], "plot_reuse")
    require_choice(lang, LANGS, "lang", "plot_reuse")
    with font_context():
        if doc_id is None and not df.empty:
            doc_id = df["doc_id"].iloc[0]
        d = df[df["doc_id"] == doc_id] if doc_id is not None else df.iloc[:0]
        sections = list(dict.fromkeys(zip(d["start"], d["section"])))
        ax = new_axes(ax, (FIG_WIDTH, max(2.5, 0.38 * len(sections) + 1.4)))
        if title is None:
            title = (text_for("reuse_doc", lang, doc=doc_id) if doc_id is not None
                     else text_for("reuse", lang))
        if d.empty:
            return draw_empty(ax, title, lang)
        copied = d[d["source_doc_id"].notna()]
        totals = copied.groupby("source_doc_id")["share"].sum().sort_values(ascending=False)
        main = list(totals.index[:max_sources])
        colours = {s: OKABE_ITO[i % len(OKABE_ITO)] for i, s in enumerate(main)}
        other = text_for("other_sources", lang)
        colours[other] = "#999999"
        y_of = {key: i for i, key in enumerate(sections)}
        left = [0.0] * len(sections)
        used: list[str] = []
        for rec in copied.itertuples(index=False):
            src = rec.source_doc_id if rec.source_doc_id in colours else other
            y = y_of[(rec.start, rec.section)]
            ax.barh(y, rec.share, left=left[y], color=colours[src], height=0.65,
                    label=None if src in used else str(src))
            used.append(src)
            left[y] += rec.share
        for y, share in enumerate(left):
            ax.text(min(share, 1.0) + 0.01, y, f"{share:.0%}", va="center", fontsize=9,
                    color="#333333")
        ax.set_yticks(range(len(sections)),
                      [shorten(text_for(f"section:{t}", lang), width) for _, t in sections])
        ax.invert_yaxis()
        ax.set_xlim(0, 1.12)
        ax.set_xlabel(text_for("reuse_x", lang) if xlabel is None else xlabel)
        if used:
            ax.legend(title=text_for("source", lang), frameon=False, loc="upper left",
                      bbox_to_anchor=(1.0, 1.0), fontsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left")
        apply_fonts(ax)
    return ax

