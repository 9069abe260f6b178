"""Bar charts of terms: frequencies, keyness, and the word cloud."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from policytext.errors import MissingDependencyError

from .base import (
    FIG_WIDTH,
    GROUP_LABELS,
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
from .fonts import apply_fonts, bundled_font, cjk_font, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_keyness", "plot_terms", "plot_wordcloud"]



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
    require_choice(value, ["count", "per_10k", "doc_share"], "value", "plot_terms")
    require_columns(df, ["term", value], "plot_terms")
    if group is not None:
        require_columns(df, ["term", value, group], "plot_terms")
    import numpy as np

    with font_context():
        n_shown = max(1, min(top, df["term"].nunique()))
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.34 * n_shown + 1.4)))
        title = f"高频术语与提法（前 {top} 位）"
        if df.empty or top <= 0:
            return draw_empty(ax, title)
        has_cat = "category" in df.columns
        totals = df.groupby("term", sort=False)[value].agg(aggregator(value))
        terms = list(totals.sort_values(ascending=False, kind="stable").head(top).index)
        y = np.arange(len(terms))[::-1]  # largest at the top
        fmt = "%d" if value == "count" else "%.1f"
        title = f"高频术语与提法（前 {len(terms)} 位）"
        if group is None:
            cats = df.groupby("term", sort=False)["category"].first() if has_cat else None
            colors = category_colors(
                [cats[t] for t in terms] if cats is not None else ["other"] * len(terms)
            )
            bars = ax.barh(y, [totals[t] for t in terms], color=colors, height=0.72)
            if value != "doc_share":
                ax.bar_label(bars, fmt=fmt, padding=3, fontsize=9, color="#333333")
            if has_cat:
                category_legend(ax, [cats[t] for t in terms], loc="lower right")
        else:
            table = (
                df[df["term"].isin(terms)]
                .pivot_table(
                    index="term", columns=group, values=value, aggfunc=aggregator(value), fill_value=0
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
                title=GROUP_LABELS.get(group, str(group)),
                frameon=False,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                ncols=1 if k <= 16 else 2,
            )
        ax.set_yticks(y, terms)
        ax.set_ylim(-0.6, len(terms) - 0.4)
        ax.set_xlabel(VALUE_LABELS[value])
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.08)
        apply_fonts(ax)
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
    require_columns(df, ["term", "g2", "direction"], "plot_keyness")
    import numpy as np
    from matplotlib.patches import Patch

    with font_context():
        n = min(2 * top, len(df))
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.3 * n + 1.6)))
        title = "关键性分析：目标语料与参照语料"
        if df.empty or top <= 0:
            return draw_empty(ax, title)
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
        apply_fonts(ax)
    return ax


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    frames = [f for f in frames if not f.empty]
    return pd.concat(frames) if frames else pd.DataFrame(columns=["term", "_signed"])


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
        require_columns(freqs, ["term", "count"], "plot_wordcloud")
        freqs = freqs.groupby("term")["count"].sum().to_dict()
    data = {str(k): float(v) for k, v in dict(freqs).items() if v and float(v) > 0}
    with font_context():
        ax = new_axes(ax, (FIG_WIDTH, FIG_WIDTH * 0.56))
        if not data:
            ax.set_axis_off()
            return draw_empty(ax, "词云")
        font = cjk_font()
        if font.path.suffix.lower() in (".ttc", ".otc"):  # PIL would take face 0 (often JP)
            font = bundled_font()
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
        apply_fonts(ax)
    return ax
