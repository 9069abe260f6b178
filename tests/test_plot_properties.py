"""Charts draw every value they are given: properties over random inputs, read back from the
drawn artists (line data with markers, collection offsets, bar patches, image cells, tick
labels) — not from the code's intentions."""

from __future__ import annotations

import io
import math
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from policytext import plot

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TERMS = ["阶级斗争", "改革开放", "高质量发展"]


def _close(ax) -> None:
    matplotlib.pyplot.close(ax.figure)


def _marked_points(axes) -> set[tuple[float, float]]:
    """Points drawn with a visible marker, on any Line2D of the axes, rounded."""
    out = set()
    for line in axes.get_lines():
        if not line.get_visible() or line.get_marker() in (None, "None", "", " "):
            continue
        if line.get_markersize() <= 0:
            continue
        for x, y in line.get_xydata():
            if math.isfinite(x) and math.isfinite(y):
                out.add((round(float(x), 6), round(float(y), 6)))
    return out


def _inside(ax, x: float, y: float) -> bool:
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    return x0 <= x <= x1 and y0 <= y <= y1


@st.composite
def trend_series(draw):
    """Yearly trends of 1–3 terms over a random set of years (gaps of any length, years alone
    between two gaps); a term may miss years, a value may be missing (NaN)."""
    years = sorted(draw(st.sets(st.integers(1950, 2025), min_size=1, max_size=30)))
    n_terms = draw(st.integers(1, 3))
    rows = []
    for term in TERMS[:n_terms]:
        for year in years:
            if draw(st.booleans()) or len(rows) == 0:
                value = draw(
                    st.one_of(
                        st.floats(0, 50, allow_nan=False),
                        st.just(float("nan")),
                    )
                )
                count = 0 if value == 0 or math.isnan(value) else draw(st.integers(1, 40))
                rows.append({"year": year, "term": term, "per_10k": value, "count": count})
    return pd.DataFrame(rows)


@SETTINGS
@given(trend_series())
def test_every_finite_trend_value_is_drawn_with_a_marker_inside_the_axes(df):
    ax = plot.plot_trends(df, terms=sorted(df["term"].unique()))
    try:
        drawn = _marked_points(ax)
        for year, value in zip(df["year"], df["per_10k"], strict=True):
            if math.isfinite(value):
                point = (round(float(year), 6), round(float(value), 6))
                assert point in drawn, f"({year}, {value}) not drawn"
                assert _inside(ax, year, value), f"({year}, {value}) outside the axes"
        # a missing value is not drawn (as 0 or anything else) on its term's line
        lines = {line.get_label().split("（")[0]: line for line in ax.get_lines()}
        for year, term, value in zip(df["year"], df["term"], df["per_10k"], strict=True):
            if math.isnan(value):
                xy = lines[term].get_xydata()
                assert not any(x == year and math.isfinite(y) for x, y in xy)
        # no first-appearance claim for the corpus's first year
        first_year = int(df["year"].min())
        texts = [t.get_text() for t in ax.get_legend().get_texts()] + [
            t.get_text() for t in ax.texts
        ]
        assert not any(f"{first_year} 首现" in t for t in texts)
        # the x axis ends at the data
        lo, hi = ax.get_xlim()
        span = df["year"].max() - df["year"].min()
        assert lo >= df["year"].min() - max(1.0, 0.05 * span)
        assert hi <= df["year"].max() + max(1.0, 0.05 * span)
    finally:
        _close(ax)


@SETTINGS
@given(trend_series())
def test_every_finite_value_is_drawn_in_the_small_multiples(df):
    terms = sorted(df["term"].unique())
    fig = plot.plot_trends_grid(df, terms=terms)
    try:
        panels = [a for a in fig.axes if a.get_visible()]
        for term, panel in zip(terms, panels, strict=True):
            drawn = _marked_points(panel)
            sub = df[(df["term"] == term) & df["per_10k"].notna()]
            for year, value in zip(sub["year"], sub["per_10k"], strict=True):
                assert (round(float(year), 6), round(float(value), 6)) in drawn
                assert _inside(panel, year, value)
    finally:
        matplotlib.pyplot.close(fig)


def test_the_1964_peak_of_class_struggle_is_visible():
    """The case that started this: 1964 alone between the gaps 1960–1964 and 1964–1975."""
    from pathlib import Path

    reports = Path(__file__).parents[1] / "data" / "gov_work_reports"
    years = sorted(int(p.stem[:4]) for p in reports.glob("*.txt"))
    assert 1964 in years and len(years) > 50  # the years of the national work reports
    values = [10.8 if y == 1964 else 1.0 + (y % 7) / 3 for y in years]
    df = pd.DataFrame({"year": years, "term": "阶级斗争", "per_10k": values, "count": 5})
    ax = plot.plot_trends(df, terms=["阶级斗争"])
    assert (1964.0, 10.8) in _marked_points(ax)
    _close(ax)


@st.composite
def doc_terms(draw):
    n_docs = draw(st.integers(1, 45))
    n_terms = draw(st.integers(1, 35))
    docs = [f"省{i:02d}" for i in range(n_docs)]
    terms = [f"提法{i}" for i in range(n_terms)]
    rows = [
        {"doc_id": d, "term": t, "per_10k": draw(st.floats(0.01, 30))}
        for d in docs
        for t in terms
        if draw(st.booleans())
    ]
    if not rows:
        rows = [{"doc_id": docs[0], "term": terms[0], "per_10k": 1.0}]
    return pd.DataFrame(rows)


@SETTINGS
@given(doc_terms(), st.sampled_from(["auto", "cluster", "name", "total"]))
def test_heatmap_draws_every_cell_and_labels_every_column(df, order):
    fig = Figure(figsize=(12, 8))
    ax = plot.plot_heatmap(df, columns="doc_id", top=None, column_order=order, ax=fig.subplots())
    image = ax.get_images()[0].get_array()
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    ylabels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(xlabels) == sorted(df["doc_id"].unique())  # every column, each once
    assert sorted(ylabels) == sorted(df["term"].unique())
    for doc, term, value in zip(df["doc_id"], df["term"], df["per_10k"], strict=True):
        assert image[ylabels.index(term), xlabels.index(doc)] == pytest.approx(value)
    assert ax.get_xlabel() == "文档"


def test_heatmap_column_order_by_a_docvar_keeps_every_column():
    df = pd.DataFrame(
        {"region": ["东部", "西部", "中部", "东北"] * 2, "term": ["甲"] * 4 + ["乙"] * 4,
         "count": [1, 2, 3, 4, 5, 6, 7, 8]}
    )
    ax = plot.plot_heatmap(df, columns="region", value="count", column_order=["东部", "中部"])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:2] == ["东部", "中部"] and sorted(labels[2:]) == ["东北", "西部"]
    assert ax.get_xlabel() == "地区"
    ax = plot.plot_heatmap(df.rename(columns={"region": "省份组"}), columns="省份组", value="count")
    assert ax.get_xlabel() == "省份组"  # named after the docvar, never "group"


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text("提法政策改革发展新质", min_size=1, max_size=6), st.integers(0, 10_000)),
        min_size=1,
        max_size=30,
        unique_by=lambda r: r[0],
    ),
    st.integers(1, 30),
)
def test_term_bars_draw_each_value_and_their_labels_fit(rows, top):
    df = pd.DataFrame(rows, columns=["term", "count"]).assign(category="policy")
    fig = Figure(figsize=(9, 8), layout="constrained")
    ax = plot.plot_terms(df, top=top, ax=fig.subplots())
    shown = df.nlargest(min(top, len(df)), "count", keep="all")
    widths = sorted(p.get_width() for p in ax.patches)
    assert len(widths) == min(top, len(df))
    assert set(widths) <= set(df["count"].astype(float))
    assert max(widths) == shown["count"].max()
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    _, right = ax.get_xlim()
    assert right >= max(widths) * 1.1  # room for the value label at the longest bar


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.text("提法政策改革发展新质", min_size=1, max_size=5),
            st.integers(1950, 2025),
            st.integers(0, 30),
            st.sampled_from(["formulation", "policy", "organ", "campaign"]),
        ),
        min_size=1,
        max_size=40,
        unique_by=lambda r: r[0],
    )
)
def test_timeline_draws_each_span_it_labels(rows):
    df = pd.DataFrame(
        [
            {"term": t, "first_year": y, "last_year": min(2025, y + d), "category": c,
             "n_years": min(2025, y + d) - y + 1}
            for t, y, d, c in rows
        ]
    )
    for bounded in (True, False):
        fig = Figure(figsize=(9, 8), layout="constrained")
        ax = plot.plot_timeline(df, top=None, bounded=bounded, ax=fig.subplots())
        labels = [t.get_text() for t in ax.get_yticklabels()]
        expected = plot.timeline_terms(df, None) if bounded else df
        assert sorted(labels) == sorted(expected["term"])
        if not labels:
            continue
        starts = {tuple(np.round(o, 6)) for o in ax.collections[1].get_offsets()}
        for term, first, last in zip(
            expected["term"], expected["first_year"], expected["last_year"], strict=True
        ):
            y = float(next(t.get_position()[1] for t in ax.get_yticklabels() if t.get_text() == term))
            assert (round(float(first), 6), round(y, 6)) in starts
            assert _inside(ax, first, y) and _inside(ax, last, y)


def test_charts_escape_dollar_signs_in_document_text(tmp_path):
    """A heading or term with $…$ is drawn as written (matplotlib would read mathtext)."""
    outline = pd.DataFrame(
        {"doc_id": ["$d$"] * 2, "node_id": [0, 1], "parent_id": [None, 0], "depth": [1, 2],
         "title": ["一、$100$ 亿元专项债", "（一）花费 $5 与 $"]}
    )
    terms = pd.DataFrame({"term": ["$100$", "$x^2$ 计划"], "count": [3, 2], "year": [2020, 2021],
                          "doc_id": ["$a$", "$b"], "per_10k": [1.0, 2.0]})
    charts = [
        plot.plot_outline(outline),
        plot.plot_terms(terms),
        plot.plot_heatmap(terms, columns="doc_id"),
        plot.plot_trends(terms),
    ]
    for ax in charts:
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png")  # mathtext errors surface when drawing
        _close(ax)
    texts = [t.get_text() for t in charts[0].texts]
    assert "一、\\$100\\$ 亿元专项债" in texts
    assert plot.escape_mathtext("\\$1") == "\\$1"  # escaped once, not twice


# every change kind, so the legend holds every label; source 乙 beyond max_sources=1 is drawn
# as the built-in "other sources", and the text before the first heading is named by reuse
_CHANGES = pd.DataFrame(
    {"level": "sentence", "change": ["kept", "changed", "added", "removed", "moved"],
     "old_start": [0, 10, None, 20, 30], "old_end": [10, 20, None, 30, 40],
     "new_start": [0, 10, 20, None, 40], "new_end": [10, 20, 30, None, 50]}
)
_REUSE = pd.DataFrame(
    {"doc_id": "d", "section": ["(开头)", "甲", "甲", "乙"], "start": [0, 10, 10, 50],
     "source_doc_id": ["甲", "甲", "乙", None], "share": [0.3, 0.5, 0.2, 0.0]}
)
EN_CHARTS = {
    "trends": lambda lang: plot.plot_trends(
        pd.DataFrame({"year": [2000, 2001], "term": ["甲", "甲"], "per_10k": [1.0, 2.0]}),
        lang=lang,
    ),
    "terms": lambda lang: plot.plot_terms(
        pd.DataFrame({"term": ["甲"], "count": [1], "category": ["policy"]}), lang=lang
    ),
    "keyness": lambda lang: plot.plot_keyness(
        pd.DataFrame({"term": ["甲", "乙"], "g2": [5.0, 4.0], "direction": ["target", "reference"]}),
        lang=lang,
    ),
    "heatmap": lambda lang: plot.plot_heatmap(
        pd.DataFrame({"year": [2000], "term": ["甲"], "per_10k": [1.0]}), lang=lang
    ),
    "timeline": lambda lang: plot.plot_timeline(
        pd.DataFrame({"term": ["甲"], "first_year": [2000], "last_year": [2001]}),
        bounded=False,
        lang=lang,
    ),
    "network": lambda lang: plot.plot_network(
        pd.DataFrame({"term_a": ["甲"], "term_b": ["乙"], "count": [2], "pmi": [1.0]}), lang=lang
    ),
    "outline": lambda lang: plot.plot_outline(
        pd.DataFrame({"doc_id": ["d"], "node_id": [0], "parent_id": [None], "depth": [1],
                      "title": ["甲"]}),
        lang=lang,
    ),
    "changes": lambda lang: plot.plot_changes(_CHANGES, lang=lang),
    "reuse": lambda lang: plot.plot_reuse(_REUSE, max_sources=1, lang=lang),
}
_HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("name", sorted(EN_CHARTS))
def test_english_charts_have_no_chinese_built_in_text(name):
    ax = EN_CHARTS[name]("en")
    data_text = {"甲", "乙"}
    built_in = [ax.get_title(), ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    legend = ax.get_legend()
    if legend is not None:
        built_in += [legend.get_title().get_text()]
        built_in += [t.get_text() for t in legend.get_texts() if t.get_text() not in data_text]
    for other in ax.figure.axes:  # colour bars
        built_in.append(other.get_ylabel())
    # tick labels that are not data: the old/new rows of the change strip, reuse's (开头)
    built_in += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()
                 if t.get_text() not in data_text]
    assert not [t for t in built_in if _HAN.search(t)], built_in
    _close(ax)
    with pytest.raises(plot.PlotError, match="lang"):
        EN_CHARTS[name]("fr")


def test_user_labels_override_the_built_in_ones():
    df = pd.DataFrame({"year": [2000, 2001], "term": ["甲", "甲"], "per_10k": [1.0, 2.0]})
    ax = plot.plot_trends(df, title="My title", xlabel="X", ylabel="Y", lang="en")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("My title", "X", "Y")
    _close(ax)


@pytest.mark.parametrize("name", ["changes", "reuse"])
def test_compare_charts_keep_their_chinese_texts_and_take_user_labels(name):
    ax = EN_CHARTS[name]("zh")
    legend = ax.get_legend()
    if name == "changes":
        assert ax.get_title(loc="left") == "改动分布（句）"
        assert [t.get_text() for t in ax.get_yticklabels()] == ["新文本", "旧文本"]
        assert [t.get_text() for t in legend.get_texts()] == ["新增", "删除", "修改", "移动", "未变"]
    else:
        assert ax.get_title(loc="left") == "各部分照搬比例：d"
        assert legend.get_title().get_text() == "来源"
        assert [t.get_text() for t in legend.get_texts()] == ["甲", "其他来源"]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["(开头)", "甲", "乙"]
    _close(ax)
    chart = {"changes": plot.plot_changes, "reuse": plot.plot_reuse}[name]
    table = {"changes": _CHANGES, "reuse": _REUSE}[name]
    ax = chart(table, title="My title", xlabel="X", lang="en")
    assert (ax.get_title(loc="left"), ax.get_xlabel()) == ("My title", "X")
    _close(ax)
    ax = chart(table.iloc[:0], title="Nothing", lang="en")  # the empty chart keeps it too
    assert ax.get_title() == "Nothing" and ax.texts[0].get_text() == "No data"
    _close(ax)


def test_keyness_names_the_groups_and_leaves_out_function_words():
    df = pd.DataFrame(
        {"term": ["本年", "等于", "递增", "新质生产力", "阶级斗争"], "g2": [90.0, 80, 70, 50, 40],
         "direction": ["target"] * 4 + ["reference"]}
    )
    ax = plot.plot_keyness(df, target="2025 年", reference="其他年份")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["阶级斗争", "新质生产力"]
    assert "2025 年" in ax.get_title() and "其他年份" in ax.get_title()
    _close(ax)
    ax = plot.plot_keyness(df, exclude=())
    assert len(ax.patches) == 5
    _close(ax)
    with pytest.raises(plot.PlotError, match="one"):
        plot.plot_keyness(df.assign(year=[2020, 2021, 2020, 2021, 2020]))


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(list("甲乙丙丁戊己庚辛壬癸")), st.sampled_from(list("子丑寅卯辰巳午未")),
                  st.integers(1, 50)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 40),
)
def test_network_draws_a_node_and_a_label_for_every_term_of_the_edges_it_keeps(edges, top):
    df = pd.DataFrame(edges, columns=["term_a", "term_b", "count"]).drop_duplicates(
        ["term_a", "term_b"])
    df = df.assign(pmi=np.linspace(0.5, 3.0, len(df)))
    fig = Figure(figsize=(8, 7))
    ax = plot.plot_network(df, top=top, ax=fig.subplots())
    kept = df.nlargest(top, "count")
    terms = set(kept["term_a"]) | set(kept["term_b"])
    assert {t.get_text() for t in ax.texts} == terms
    assert len(ax.collections[-1].get_offsets()) == len(terms)  # one node per term
    for text in ax.texts:
        x, y = text.get_position()
        assert _inside(ax, x, y)


@SETTINGS
@given(st.integers(1, 90), st.integers(5, 60))
def test_outline_draws_every_node_up_to_the_cap_and_counts_the_rest(n, cap):
    df = pd.DataFrame({"doc_id": "d", "node_id": range(n), "parent_id": None, "depth": 1,
                       "title": [f"标题{i}" for i in range(n)], "start": range(n)})
    fig = Figure(figsize=(8, 6))
    ax = plot.plot_outline(df, max_nodes=cap, ax=fig.subplots())
    texts = [t.get_text() for t in ax.texts]
    assert [t for t in texts if t.startswith("标题")] == [f"标题{i}" for i in range(min(n, cap))]
    if n > cap:
        assert any(f"另有 {n - cap} 个节点" in t for t in texts)
    assert len(ax.collections) == min(n, cap)


@SETTINGS
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 3)), min_size=1, max_size=80),
       st.integers(5, 60))
def test_outline_draws_headings_before_items_when_it_cannot_draw_every_node(nodes, cap):
    kinds = ["item" if is_item else "heading" for is_item, _ in nodes]
    df = pd.DataFrame({"doc_id": "d", "node_id": range(len(nodes)), "parent_id": None,
                       "depth": [depth for _, depth in nodes], "kind": kinds,
                       "title": [f"节点{i}" for i in range(len(nodes))], "start": range(len(nodes))})
    fig = Figure(figsize=(8, 6))
    ax = plot.plot_outline(df, max_nodes=cap, ax=fig.subplots())
    drawn = [int(t.get_text()[2:]) for t in ax.texts if t.get_text().startswith("节点")]
    assert drawn == sorted(drawn) and len(drawn) == min(len(nodes), cap)  # text order, the cap
    left_out = set(range(len(nodes))) - set(drawn)
    headings_left_out = [i for i in left_out if kinds[i] == "heading"]
    if headings_left_out:  # then no item is drawn, and no heading deeper than one left out
        assert all(kinds[i] == "heading" for i in drawn)
        assert min(nodes[i][1] for i in headings_left_out) >= max(nodes[i][1] for i in drawn)
    items_left_out = sum(kinds[i] == "item" for i in left_out)
    note = [t.get_text() for t in ax.texts if t.get_text().startswith("……")]
    assert note == ([f"…… 另有 {len(left_out)} 个节点未显示（其中条目 {items_left_out} 个；先画标题）"]
                    if items_left_out else [f"…… 另有 {len(left_out)} 个节点未显示"] if left_out else [])
