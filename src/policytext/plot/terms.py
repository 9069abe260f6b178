"""Bar charts of terms: frequencies, keyness, and the word cloud."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from policytext.errors import MissingDependencyError, PlotError

from .base import (
    FIG_WIDTH,
    LANGS,
    OKABE_ITO,
    aggregator,
    category_colors,
    category_legend,
    draw_empty,
    escape_mathtext,
    new_axes,
    require_choice,
    require_columns,
    text_for,
)
from .fonts import apply_fonts, bundled_font, cjk_font, font_context

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["KEYNESS_FUNCTION_WORDS", "plot_keyness", "plot_terms", "plot_wordcloud"]

#: Words left out of the keyness chart by default, besides the stopword list
#: (:func:`policytext.load_stopwords`): accounting words of the reports' statistics and
#: function words that come out "key" for one year without saying anything about it.
KEYNESS_FUNCTION_WORDS: frozenset[str] = frozenset(
    """本年 上年 去年 今年 明年 全年 年内 本年度 上年度 当年 同期 等于 递增 递减 增加 减少 增长
    下降 比重 总额 总值 合计 共计 其中 分别 约合 任意 不便 眼前 情形 地要 那场 多得 一体 动态
    验证 之一 大体 基本上 左右 以上 以下 以内 为止 前后 此外 另外 同时 方面 有关 相应 一般 所谓
    这样 那样 这些 那些 如此 怎样 什么 为何 因而 从而 然而 但是 并且 而且 以及 或者 还是 只是
    就是 不是 可是 已经 曾经 正在 将要 仍然 依然 始终 一直 随着 通过 按照 根据 关于 对于 由于
    为了 除了 经过 自从 因为 所以 如果 虽然 即使 尽管 只要 只有 不论 无论""".split()
)



def plot_terms(
    df: pd.DataFrame,
    *,
    top: int = 20,
    group: str | None = None,
    value: str = "count",
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bars of the most frequent terms, coloured by lexicon category.

    Parameters
    ----------
    df
        Term frequencies with columns ``term``, ``category``, ``count``, ``per_10k`` and
        optionally a group column (``doc_id``, ``year``, …). Rows of the same term are
        combined: counts are summed, ``per_10k`` is averaged — over every document of the
        table (of the group) when it has a ``doc_id`` column, a document without the term
        counting 0; over the rows otherwise.
    top
        Number of terms (bars, or groups of bars) to show.
    group
        Column whose values get one bar each per term (e.g. ``"year"``), coloured by group;
        None colours the bars by ``category``. Beyond about eight groups
        :func:`plot_heatmap` reads better.
    value
        ``"count"``, ``"per_10k"`` or ``"doc_share"``.
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
    require_choice(value, ["count", "per_10k", "doc_share"], "value", "plot_terms")
    require_choice(lang, LANGS, "lang", "plot_terms")
    require_columns(df, ["term", value], "plot_terms")
    if group is not None:
        require_columns(df, ["term", value, group], "plot_terms")
    import numpy as np

    with font_context():
        n_shown = max(1, min(top, df["term"].nunique()))
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.34 * n_shown + 1.4)))
        user_title = title
        title = text_for("terms", lang, n=top) if title is None else title
        if df.empty or top <= 0:
            return draw_empty(ax, title, lang)
        has_cat = "category" in df.columns
        if value == "per_10k" and "doc_id" in df.columns:
            # a document without the term has rate 0: the mean is over every document of
            # the table (of the group), not only those that have the term
            totals = df.groupby("term", sort=False)[value].sum() / df["doc_id"].nunique()
        else:
            totals = df.groupby("term", sort=False)[value].agg(aggregator(value))
        terms = list(totals.sort_values(ascending=False, kind="stable").head(top).index)
        y = np.arange(len(terms))[::-1]  # largest at the top
        fmt = "%d" if value == "count" else "%.1f"
        title = text_for("terms", lang, n=len(terms)) if user_title is None else user_title
        if group is None:
            cats = df.groupby("term", sort=False)["category"].first() if has_cat else None
            colors = category_colors(
                [cats[t] for t in terms] if cats is not None else ["other"] * len(terms)
            )
            bars = ax.barh(y, [totals[t] for t in terms], color=colors, height=0.72)
            if value != "doc_share":
                ax.bar_label(bars, fmt=fmt, padding=3, fontsize=9, color="#333333")
            if has_cat:  # outside the axes: inside it would hide bars
                category_legend(
                    ax, [cats[t] for t in terms], lang, loc="upper left", bbox_to_anchor=(1.01, 1.0)
                )
        else:
            rows = df[df["term"].isin(terms)]
            if value == "per_10k" and "doc_id" in df.columns:
                per_group = df.groupby(group)["doc_id"].nunique()
                table = (rows.pivot_table(index="term", columns=group, values=value,
                                          aggfunc="sum", fill_value=0)
                         .div(per_group, axis=1).dropna(axis=1, how="all"))
            else:
                table = rows.pivot_table(index="term", columns=group, values=value,
                                         aggfunc=aggregator(value), fill_value=0)
            table = table.reindex(terms).fillna(0)
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
                    y + offset,
                    table[g].to_numpy(),
                    height=height,
                    color=palette[i],
                    label=escape_mathtext(g),
                )
            ax.legend(
                title=text_for(f"group:{group}", lang),
                frameon=False,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                ncols=1 if k <= 16 else 2,
            )
        ax.set_yticks(y, [escape_mathtext(t) for t in terms])
        ax.set_ylim(-0.6, len(terms) - 0.4)
        ax.set_xlabel(text_for(f"value:{value}", lang) if xlabel is None else xlabel)
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.15)  # room for the value labels at the bars' ends
        apply_fonts(ax)
    return ax


def plot_keyness(
    df: pd.DataFrame,
    *,
    top: int = 20,
    target: str | None = None,
    reference: str | None = None,
    exclude: Iterable[str] | None = None,
    lang: str = "zh",
    title: str | None = None,
    xlabel: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Diverging bars of keyness: signed G² (right: target corpus, left: reference corpus).

    Parameters
    ----------
    df
        Keyness table with columns ``term``, ``count_target``, ``count_reference``, ``g2``,
        ``chi2``, ``log_ratio``, ``p_value``, ``direction`` (``"target"`` or
        ``"reference"``). Several comparisons at once (a ``year`` column with several years)
        are refused: pass one year's rows.
    top
        Terms shown on each side (up to ``2 * top`` bars).
    target, reference
        Names of the two groups compared, used in the title, axis label and legend
        (e.g. ``"2025 年"`` and ``"其他年份"``); default “目标语料” and “参照语料”.
    exclude
        Terms left out; default the stopword list plus :data:`KEYNESS_FUNCTION_WORDS`
        (本年, 等于, 递增, …). ``()`` keeps every term.
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
    require_columns(df, ["term", "g2", "direction"], "plot_keyness")
    require_choice(lang, LANGS, "lang", "plot_keyness")
    if "year" in df.columns and df["year"].nunique() > 1:
        raise PlotError(
            f"plot_keyness: the table holds {df['year'].nunique()} comparisons (years "
            f"{', '.join(map(str, sorted(df['year'].unique())[:5]))}, …); pass one, e.g. "
            "df[df['year'] == 2025]"
        )
    import numpy as np
    from matplotlib.patches import Patch

    if exclude is None:
        from policytext.lexicon import load_stopwords

        exclude = load_stopwords() | KEYNESS_FUNCTION_WORDS
    excluded = set(exclude)
    target = text_for("target", lang) if target is None else target
    reference = text_for("reference", lang) if reference is None else reference
    with font_context():
        d = df[~df["term"].astype(str).isin(excluded)]
        n = min(2 * top, len(d))
        ax = new_axes(ax, (FIG_WIDTH, max(3.5, 0.3 * n + 1.6)))
        title = (
            text_for("keyness", lang, target=target, reference=reference)
            if title is None
            else title
        )
        if d.empty or top <= 0:
            return draw_empty(ax, title, lang)
        d = d.assign(
            _signed=np.where(d["direction"] == "target", d["g2"].abs(), -d["g2"].abs())
        )
        tgt = d[d["_signed"] > 0].nlargest(top, "_signed")
        ref = d[d["_signed"] < 0].nsmallest(top, "_signed")
        shown = _concat([tgt, ref]).sort_values("_signed", kind="stable")
        colors = ["#0072B2" if v > 0 else "#D55E00" for v in shown["_signed"]]
        y = np.arange(len(shown))
        ax.barh(y, shown["_signed"].to_numpy(), color=colors, height=0.72)
        ax.set_yticks(y, [escape_mathtext(t) for t in shown["term"]])
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_xlabel(
            text_for("keyness_x", lang, target=target, reference=reference)
            if xlabel is None
            else xlabel
        )
        ax.set_title(title)
        ax.set_ylim(-0.6, len(shown) - 0.4)
        sides = [("#0072B2", target, not tgt.empty), ("#D55E00", reference, not ref.empty)]
        ax.legend(
            handles=[Patch(color=c, label=escape_mathtext(name)) for c, name, drawn in sides if drawn],
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
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
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """Word cloud of term frequencies (needs the optional ``wordcloud`` package).

    Parameters
    ----------
    freqs
        ``{term: frequency}``, or a DataFrame with ``term`` and ``count`` (summed per term).
    max_words
        Largest number of words drawn.
    lang
        Language of the placeholder shown without data: ``"zh"`` or ``"en"``.
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
            return draw_empty(ax, text_for("wordcloud", lang), lang)
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
