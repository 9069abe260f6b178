"""Charts of targets against results: markers for every value, ranges, ax=, lang, fonts."""

from __future__ import annotations

import copy
import math
import warnings

import pytest

matplotlib = pytest.importorskip("matplotlib")
pd = pytest.importorskip("pandas")

from matplotlib.figure import Figure  # noqa: E402

from policytext import plot  # noqa: E402
from policytext.corpus import Document  # noqa: E402
from policytext.errors import PlotError  # noqa: E402
from policytext.extract.targets import targets  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def series() -> pd.DataFrame:
    docs = [
        Document(text="去年国内生产总值增长6.1%。\n今年发展主要预期目标是：国内生产总值增长6%－6.5%。",
                 doc_id="2019", meta={"year": 2019}),
        Document(text="去年国内生产总值增长6.6%。\n今年发展主要预期目标是：国内生产总值增长6.5%左右。",
                 doc_id="2018", meta={"year": 2018}),
        Document(text="去年国内生产总值增长2.3%。\n今年发展主要预期目标是：国内生产总值增长6%以上。",
                 doc_id="2021", meta={"year": 2021}),
    ]
    return targets(docs)


def _points(ax) -> list[tuple[float, float]]:
    out = []
    for coll in ax.collections:
        for x, y in coll.get_offsets():
            if not (math.isnan(x) or math.isnan(y)):
                out.append((round(float(x), 3), round(float(y), 3)))
    return out


def _glyph_warnings(records) -> list[str]:
    return [str(w.message) for w in records if "missing from" in str(w.message)]


def test_plot_targets_every_value_has_a_marker_and_xlim_fits():
    df = series()
    ax = plot.plot_targets(df, "gdp_growth")
    pts = _points(ax)
    for r in df.itertuples():
        assert (float(r.year), r.value) in pts
        if not math.isnan(r.value_high):
            assert (float(r.year), r.value_high) in pts
    lo, hi = ax.get_xlim()
    assert 2016 < lo < 2017 and 2021 < hi < 2022  # the years present (2017 result … 2021)
    assert ax.get_title(loc="left") == "生产总值增长：目标与实际"


def test_plot_targets_lang_en_and_ax_and_fonts():
    before = copy.deepcopy(dict(matplotlib.rcParams))
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        assert plot.plot_targets(series(), ax=ax, lang="en") is ax
        fig.savefig(__import__("io").BytesIO(), format="png")
    assert _glyph_warnings(rec) == []
    assert dict(matplotlib.rcParams) == before
    assert ax.get_title(loc="left") == "GDP growth: target and actual"
    assert ax.get_xlabel() == "Year"


def test_plot_targets_across_with_reference():
    docs = [
        Document(text="主要预期目标是：地区生产总值增长5%以上。", doc_id="广东", meta={"year": 2023}),
        Document(text="主要预期目标是：地区生产总值增长6%左右。", doc_id="福建", meta={"year": 2023}),
        Document(text="主要预期目标是：地区生产总值增长6.5%—7%。", doc_id="某省", meta={"year": 2023}),
        Document(text="主要预期目标是：国内生产总值增长5%左右。", doc_id="全国", meta={"year": 2023}),
    ]
    df = targets(docs)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        ax = plot.plot_targets_across(df, year=2023, reference="全国")
        ax.figure.savefig(__import__("io").BytesIO(), format="png")
    assert _glyph_warnings(rec) == []
    assert [t.get_text() for t in ax.get_yticklabels()] == ["广东", "福建", "某省"]
    pts = _points(ax)
    assert (5.0, 0.0) in pts and (6.0, 1.0) in pts and (6.5, 2.0) in pts and (7.0, 2.0) in pts
    assert any(line.get_linestyle() == "--" for line in ax.get_lines())  # the centre's line
    assert "2023" in ax.get_title(loc="left")
    # the key says what each marker means: 以上 (广东), 左右 (福建), a range, the reference
    key = [t.get_text() for t in ax.get_legend().get_texts()]
    assert key == ["以上", "左右", "目标区间", "参照：全国"]
    ax = plot.plot_targets_across(df, year=2023, reference="全国", lang="en")
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["or more (以上)", "about (左右)"]


def test_empty_and_errors():
    ax = plot.plot_targets(series(), "cpi")
    assert any(t.get_text() == "无数据" for t in ax.texts)
    with pytest.raises(PlotError, match="lang"):
        plot.plot_targets(series(), lang="fr")
    with pytest.raises(PlotError, match="canonical"):
        plot.plot_targets(pd.DataFrame({"x": [1]}))
    with pytest.raises(PlotError, match="kind"):
        plot.plot_targets_across(series(), kind="plan")


def test_english_charts_name_provinces_in_english_unless_labels_are_given():
    df = pd.DataFrame({"doc_id": ["上海市.txt", "广西壮族自治区.txt", "国务院.txt"],
                       "canonical": "gdp_growth", "value": [5.0, 5.5, 5.0], "value_high": None,
                       "kind": "target", "year": 2026, "qualifier": "左右", "unit": "%"})
    names = lambda ax: [t.get_text() for t in ax.get_yticklabels()]  # noqa: E731
    ax = plot.plot_targets_across(df, lang="en", ax=Figure().subplots())
    assert names(ax) == ["Shanghai", "国务院.txt", "Guangxi"]  # not a province: as it is
    assert names(plot.plot_targets_across(df, ax=Figure().subplots()))[0] == "上海市.txt"
    ax = plot.plot_targets_across(df, lang="en", labels={"上海市.txt": "SH"}, ax=Figure().subplots())
    assert names(ax)[0] == "SH"
    heat = pd.DataFrame({"term": ["新质生产力"] * 3, "region": ["西藏", "内蒙古", "陕西"],
                         "count": [1, 2, 3]})
    ax = plot.plot_heatmap(heat, index="term", columns="region", value="count", lang="en",
                           ax=Figure().subplots())
    assert sorted(t.get_text() for t in ax.get_xticklabels()) == ["Inner Mongolia", "Shaanxi", "Tibet"]
