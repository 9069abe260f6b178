"""Charts: Chinese glyphs (not boxes), no global matplotlib state, ax= respected, export."""

from __future__ import annotations

import copy
import sys
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from policytext import plot

TERMS = [
    ("四个意识", "formulation"),
    ("高质量发展", "formulation"),
    ("改革开放", "policy"),
    ("全面从严治党", "campaign"),
    ("两个维护", "formulation"),
    ("新质生产力", "formulation"),
    ("一带一路", "policy"),
    ("三大攻坚战", "campaign"),
    ("八项规定", "campaign"),
    ("中国式现代化", "ideology"),
    ("党中央", "organ"),
    ("全国人民代表大会", "meeting"),
    ("政府工作报告", "doctype"),
    ("GDP增长5.2%", "other"),
]


def terms_frame() -> pd.DataFrame:
    rows = []
    for doc in ("2022", "2023", "2024"):
        for i, (term, cat) in enumerate(TERMS):
            count = (len(TERMS) - i) * 3 + int(doc[-1])
            rows.append(
                {
                    "doc_id": doc,
                    "year": int(doc),
                    "term": term,
                    "category": cat,
                    "count": count,
                    "per_10k": count / 2.5,
                }
            )
    return pd.DataFrame(rows)


def trends_frame() -> pd.DataFrame:
    rows = []
    for year in range(1978, 2025, 2):
        for term, start in (
            ("改革开放", 1978),
            ("高质量发展", 2017),
            ("四个意识", 2016),
            ("新质生产力", 2023),
        ):
            c = 0 if year < start else 3 + (year - start) % 5
            rows.append(
                {
                    "year": year,
                    "term": term,
                    "count": c,
                    "n_docs": 1,
                    "docs_with_term": int(c > 0),
                    "doc_share": float(c > 0),
                    "per_10k": c / 2.0,
                }
            )
    return pd.DataFrame(rows)


def keyness_frame() -> pd.DataFrame:
    data = [
        ("高质量发展", 80.0, "target"),
        ("新质生产力", 52.0, "target"),
        ("中国式现代化", 31.0, "target"),
        ("四个意识", 9.0, "target"),
        ("阶级斗争", 60.0, "reference"),
        ("计划经济", 41.0, "reference"),
        ("改革开放", 12.0, "reference"),
    ]
    return pd.DataFrame(
        {
            "term": [d[0] for d in data],
            "count_target": [50, 30, 20, 8, 0, 1, 20],
            "count_reference": [1, 0, 0, 1, 40, 30, 40],
            "g2": [d[1] for d in data],
            "chi2": 1.0,
            "log_ratio": 1.5,
            "p_value": 0.001,
            "direction": [d[2] for d in data],
        }
    )


def first_seen_frame() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "term": ["改革开放", "一国两制", "科学发展观", "四个意识", "高质量发展", "新质生产力"],
            "category": [
                "policy",
                "policy",
                "ideology",
                "formulation",
                "formulation",
                "formulation",
            ],
            "first_year": [1978, 1984, 2004, 2016, 2017, 2023],
            "last_year": [2024, 2022, 2012, 2024, 2024, 2024],
        }
    )
    return df.assign(n_years=df["last_year"] - df["first_year"] + 1)


def outline_frame() -> pd.DataFrame:
    nodes = [
        (0, None, 1, "heading", "一、", "2023年工作回顾"),
        (1, 0, 2, "heading", "（一）", "着力扩大国内需求"),
        (2, 1, 3, "item", "一是", "推动消费从疫后恢复转向持续扩大"),
        (3, 1, 3, "item", "二是", "积极扩大有效投资"),
        (4, None, 1, "heading", "二、", "2024年经济社会发展总体要求和政策取向"),
        (5, 4, 2, "item", "①", "坚持稳中求进"),
    ]
    return pd.DataFrame(
        [
            {
                "doc_id": "gov2024",
                "node_id": n,
                "parent_id": p,
                "depth": d,
                "kind": k,
                "marker": m,
                "style": "x",
                "ordinal": 1,
                "title": t,
                "start": n * 10,
                "end": n * 10 + 9,
            }
            for n, p, d, k, m, t in nodes
        ]
    )


def network_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term_a": ["高质量发展", "高质量发展", "四个意识", "四个意识", "改革开放"],
            "term_b": ["新质生产力", "改革开放", "两个维护", "党的领导", "全面深化改革"],
            "count": [40, 30, 50, 20, 25],
            "pmi": [2.1, 1.0, 4.0, 1.5, 3.2],
        }
    )


ALL_CHARTS = {
    "terms": lambda ax: plot.plot_terms(terms_frame(), top=20, ax=ax),  # incl. GDP增长5.2%
    "terms_grouped": lambda ax: plot.plot_terms(terms_frame(), top=5, group="year", ax=ax),
    "trends": lambda ax: plot.plot_trends(trends_frame(), ax=ax),
    "heatmap": lambda ax: plot.plot_heatmap(trends_frame(), ax=ax),
    "keyness": lambda ax: plot.plot_keyness(keyness_frame(), top=3, ax=ax),
    "timeline": lambda ax: plot.plot_timeline(first_seen_frame(), ax=ax),
    "outline": lambda ax: plot.plot_outline(outline_frame(), ax=ax),
    "network": lambda ax: plot.plot_network(network_frame(), ax=ax),
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _glyph_warnings(records) -> list[str]:
    return [str(w.message) for w in records if "missing from" in str(w.message)]


def _ylabels_top_down(ax) -> list[str]:
    ticks = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    return [lab.get_text() for _, lab in sorted(ticks, key=lambda p: -p[0])]


def test_import_is_light():
    code = "import sys, policytext.plot; print('matplotlib' in sys.modules)"
    import subprocess

    src = str(Path(plot.__file__).parents[2])
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": src, "PATH": ""},
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_font_resolves_to_a_cjk_font_file():
    choice = plot.cjk_font()
    assert choice.path.is_file()
    assert choice.source in {"user", "installed", "bundled"}
    families = plot.font_families()
    assert families[0] == "DejaVu Sans"
    assert choice.family in families


def test_bundled_font_covers_political_text():
    from fontTools.ttLib import TTFont

    bundled = plot.fonts.bundled_font()
    assert bundled.path.name == plot.fonts.BUNDLED_FONT_FILE
    assert (bundled.path.parent / "OFL.txt").is_file()
    assert bundled.path.stat().st_size < 4_000_000
    cmap = TTFont(str(bundled.path)).getBestCmap()
    sample = (
        "四个意识两个维护高质量发展改革开放全面从严治党新质生产力习近平朱镕基"
        "，。、；：？！“”‘’（）《》【】—…·①②⑳㈠㈩（一）１２３ＡＢＣ％"
    )
    missing = [c for c in sample if ord(c) not in cmap]
    assert not missing
    gb2312 = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb2312.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(gb2312) == 6763
    assert all(ord(c) in cmap for c in gb2312)


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_chart_draws_and_saves_without_missing_glyphs(name, tmp_path):
    before = copy.deepcopy(dict(matplotlib.rcParams))
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        ax = ALL_CHARTS[name](None)
        png = plot.save(ax, tmp_path / f"{name}.png")
        svg = plot.save(ax, tmp_path / f"{name}.svg")
    assert _glyph_warnings(rec) == []
    assert dict(matplotlib.rcParams) == before
    assert png.stat().st_size > 5_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text
    # Text is written as outlines, so the SVG needs no font where it is opened.
    assert "<text" not in text and "<path" in text


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_chart_respects_ax(name):
    fig = Figure(figsize=(8, 5))
    ax = fig.subplots()
    assert ALL_CHARTS[name](ax) is ax


def test_text_artists_use_the_cjk_font():
    from matplotlib import font_manager as fm

    ax = plot.plot_terms(terms_frame(), top=5)
    cjk = plot.cjk_font()
    labels = [t for t in ax.get_yticklabels() if t.get_text()]
    assert labels
    for t in [*labels, ax.title, ax.xaxis.label]:
        props = t.get_fontproperties()
        assert cjk.family in props.get_family()
        files = set()
        for family in props.get_family():  # the fallback chain matplotlib walks per glyph
            one = props.copy()
            one.set_family(family)
            files.add(Path(fm.findfont(one, fallback_to_default=False)).resolve())
        assert cjk.path.resolve() in files


def test_plot_terms_bars_and_labels():
    ax = plot.plot_terms(terms_frame(), top=8)
    assert len(ax.patches) == 8
    labels = _ylabels_top_down(ax)
    assert labels[0] == "四个意识"  # largest bar on top
    assert {"四个意识", "高质量发展", "改革开放"} <= set(labels)
    assert ax.get_xlabel() == "词频"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "提法" in legend and "政策" in legend
    # Colour follows the category.
    colours = {matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches}
    assert matplotlib.colors.to_hex(plot.CATEGORY_COLORS["formulation"]) in colours


def test_plot_terms_top_larger_than_data_and_per_10k():
    ax = plot.plot_terms(terms_frame(), top=100, value="per_10k")
    assert len(ax.patches) == len(TERMS)
    assert ax.get_xlabel() == "每万字频次"


def test_plot_terms_group():
    ax = plot.plot_terms(terms_frame(), top=4, group="year")
    assert len(ax.patches) == 4 * 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2022", "2023", "2024"]


def test_plot_trends_lines_and_first_appearance():
    ax = plot.plot_trends(
        trends_frame(), terms=["改革开放", "高质量发展", "四个意识", "不存在"], value="count"
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # 改革开放 is found in 1978, the corpus's first year: its first appearance is unknown
    assert labels == ["改革开放", "高质量发展（2018 首现）", "四个意识（2016 首现）", "不存在（未出现）"]
    assert not any("1978" in t.get_text() for t in ax.texts)
    assert ax.get_xlabel() == "年份" and ax.get_ylabel() == "词频"
    lo, hi = ax.get_xlim()
    assert 1976 < lo < 1978 and 2024 < hi < 2026  # the axis ends at the data


def test_plot_trends_grid_returns_figure(tmp_path):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig = plot.plot_trends_grid(
            trends_frame(), terms=["改革开放", "高质量发展", "四个意识", "新质生产力"], ncols=3
        )
        plot.save(fig, tmp_path / "grid.png")
    assert _glyph_warnings(rec) == []
    assert isinstance(fig, Figure)
    visible = [a for a in fig.axes if a.get_visible() and a.get_title()]
    assert [a.get_title() for a in visible] == ["改革开放", "高质量发展", "四个意识", "新质生产力"]


def test_plot_keyness_diverging():
    ax = plot.plot_keyness(keyness_frame(), top=2)
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 4
    assert sum(w > 0 for w in widths) == 2 and sum(w < 0 for w in widths) == 2
    labels = _ylabels_top_down(ax)
    assert labels[0] == "高质量发展" and labels[-1] == "阶级斗争"


def test_plot_heatmap_cells():
    ax = plot.plot_heatmap(trends_frame(), value="count")
    image = ax.get_images()[0]
    assert image.get_array().shape == (4, trends_frame()["year"].nunique())
    assert "改革开放" in [t.get_text() for t in ax.get_yticklabels()]


def test_plot_outline_and_timeline_text():
    ax = plot.plot_outline(outline_frame())
    texts = [t.get_text() for t in ax.texts]
    assert "一、2023年工作回顾" in texts and "（一）着力扩大国内需求" in texts
    assert ax.get_title(loc="left") == "文档结构：gov2024"
    ax = plot.plot_timeline(first_seen_frame(), bounded=False)
    assert _ylabels_top_down(ax) == list(first_seen_frame()["term"])  # earliest on top
    # a term spanning the whole corpus (改革开放 1978–2024) has no bounded lifetime
    ax = plot.plot_timeline(first_seen_frame(), bounded=True)
    assert _ylabels_top_down(ax) == list(first_seen_frame()["term"])[1:]
    # the default picks bounded lifetimes only when it must choose (more rows than top)
    assert len(plot.plot_timeline(first_seen_frame()).get_yticklabels()) == 6
    ax = plot.plot_timeline(first_seen_frame(), top=3)
    assert "改革开放" not in _ylabels_top_down(ax) and len(ax.get_yticklabels()) == 3


def test_timeline_claims_no_first_appearance_for_a_year_after_the_corpus_starts():
    texts = lambda ax: [t.get_text() for t in ax.texts]  # noqa: E731
    # by default the table's earliest year is taken for the corpus's: ≤1978
    assert "≤1978" in texts(plot.plot_timeline(first_seen_frame(), bounded=False))
    # a corpus opening in 1954 whose first years hold none of these terms: 1978 is no bound
    ax = plot.plot_timeline(first_seen_frame(), bounded=False, years=(1954, 2024))
    assert "1978" in texts(ax) and not any(t.startswith("≤") for t in texts(ax))
    # and a term first seen after the corpus's first year has a bounded lifetime
    assert "改革开放" in list(plot.timeline_terms(first_seen_frame(), None, years=(1954, 2025))["term"])


def test_plot_network_labels():
    ax = plot.plot_network(network_frame(), top=3)
    labels = {t.get_text() for t in ax.texts}
    assert {"四个意识", "两个维护", "高质量发展", "新质生产力", "改革开放"} == labels


def test_empty_frames_draw_placeholders():
    empty_terms = terms_frame().iloc[:0]
    ax = plot.plot_terms(empty_terms)
    assert any(t.get_text() == "无数据" for t in ax.texts)
    ax = plot.plot_trends(trends_frame().iloc[:0])
    assert any(t.get_text() == "无数据" for t in ax.texts)


def test_errors_teach():
    with pytest.raises(plot.PlotError, match=r"category|count"):
        plot.plot_terms(pd.DataFrame({"term": ["四个意识"]}))
    with pytest.raises(plot.PlotError, match="'per_10k'"):
        plot.plot_trends(trends_frame(), value="bogus")
    with pytest.raises(plot.PlotError, match="png"):
        plot.save(plot.plot_terms(terms_frame()), "chart.gif")
    with pytest.raises(plot.PlotError, match="no font file"):
        plot.use_font("/nonexistent/font.ttf")


def test_use_font_is_module_private(tmp_path):
    before = copy.deepcopy(dict(matplotlib.rcParams))
    bundled = plot.fonts.bundled_font()
    try:
        choice = plot.use_font(bundled.path)
        assert choice is not None and choice.source == "user"
        assert plot.cjk_font().source == "user"
        ax = plot.plot_terms(terms_frame(), top=3)
        assert choice.family in ax.get_yticklabels()[0].get_fontfamily()
    finally:
        plot.use_font(None)
    assert plot.cjk_font().source in {"installed", "bundled"}
    assert dict(matplotlib.rcParams) == before


def test_font_survives_drawing_outside_the_context(tmp_path):
    """A user's axes created before the call, drawn later by pyplot: still no boxes."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plot.plot_keyness(keyness_frame(), ax=ax)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "plain.png")  # plain savefig, not plot.save
    assert _glyph_warnings(rec) == []


def test_save_pdf(tmp_path):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = plot.save(plot.plot_terms(terms_frame(), top=5), tmp_path / "sub" / "t.pdf")
    assert _glyph_warnings(rec) == []
    assert out.read_bytes()[:5] == b"%PDF-"


def test_wordcloud_missing_dependency(monkeypatch):
    monkeypatch.setitem(sys.modules, "wordcloud", None)
    with pytest.raises(ImportError, match=r'pip install "policytext\[wordcloud\]"'):
        plot.plot_wordcloud({"四个意识": 3})


def test_wordcloud_uses_cjk_font(monkeypatch):
    import types

    import numpy as np

    seen = {}

    class FakeCloud:
        def __init__(self, **kwargs):
            seen.update(kwargs)

        def generate_from_frequencies(self, freqs):
            seen["freqs"] = freqs
            return self

        def to_array(self):
            return np.zeros((9, 16, 3), dtype=np.uint8)

    monkeypatch.setitem(sys.modules, "wordcloud", types.SimpleNamespace(WordCloud=FakeCloud))
    ax = plot.plot_wordcloud(terms_frame())
    assert Path(seen["font_path"]) == plot.cjk_font().path
    assert seen["freqs"]["四个意识"] > 0
    assert ax.get_images()


def test_installed_cjk_font_is_preferred_over_the_bundled_one(monkeypatch):
    bundled = plot.fonts.bundled_font()
    # Pretend the bundled file is an installed system font with a known CJK family name.
    monkeypatch.setattr(plot.fonts, "CJK_FAMILIES", (bundled.family, *plot.fonts.CJK_FAMILIES))
    monkeypatch.setattr(plot.fonts._SETTING, "detected", None)
    choice = plot.cjk_font()
    assert choice.source == "installed" and choice.family == bundled.family
    monkeypatch.setattr(plot.fonts._SETTING, "detected", None)
    monkeypatch.setattr(plot.fonts, "CJK_FAMILIES", ("No Such Font SC",))
    assert plot.cjk_font().source == "bundled"
    monkeypatch.setattr(plot.fonts._SETTING, "detected", None)


def test_plot_terms_rate_counts_documents_without_the_term_as_zero():
    import pandas as pd

    from policytext.plot import plot_terms

    df = pd.DataFrame({"doc_id": ["a", "b", "c", "a"], "term": ["甲", "甲", "乙", "乙"],
                       "category": ["policy"] * 4, "count": [1, 1, 1, 1],
                       "per_10k": [4.0, 2.0, 6.0, 3.0]})
    ax = plot_terms(df, value="per_10k")
    widths = {t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches)}
    assert widths == pytest.approx({"乙": 3.0, "甲": 2.0})  # (6 + 3) / 3 and (4 + 2) / 3
    ax = plot_terms(df.assign(year=[1, 1, 2, 1]), value="per_10k", group="year")
    heights = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert heights == pytest.approx([0.0, 1.5, 3.0, 6.0])  # year 1: a, b; year 2: c


def test_heatmap_of_themes_gives_every_column_its_own_rows_and_says_how_many():
    import pandas as pd

    from policytext.plot import plot_heatmap

    # 4 documents, each with its own strongest theme; shared terms have the larger totals
    rows = []
    for d in "甲乙丙丁":
        rows += [{"doc_id": d, "term": f"共{k}", "score": 0.5} for k in range(3)]
        rows.append({"doc_id": d, "term": f"{d}的主题", "score": 0.6})
    df = pd.DataFrame(rows)
    ax = plot_heatmap(df, columns="doc_id", value="score", top=5)
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert {"甲的主题", "乙的主题", "丙的主题", "丁的主题"} <= set(shown) and len(shown) == 5
    assert ax.get_title() == "权重热力图（5 行，共 7 行）"
    ax = plot_heatmap(df, columns="doc_id", value="score", top=5, rows="total", lang="en")
    assert sum(t.get_text().startswith("共") for t in ax.get_yticklabels()) == 3
    assert ax.get_title() == "Heatmap: Weight (5 of 7 rows)"
    with pytest.raises(Exception, match="rows"):
        plot_heatmap(df, columns="doc_id", value="score", rows="best")


def test_heatmap_keeps_small_values_visible_beside_one_large_row():
    import pandas as pd

    from policytext.plot import plot_heatmap

    rows = [{"doc_id": d, "term": "高质量发展", "per_10k": 15.0} for d in "甲乙丙"]
    rows += [{"doc_id": d, "term": t, "per_10k": v} for d in "甲乙丙" for t, v in
             (("乡村振兴", 1.0), ("营商环境", 0.5), ("城市更新", 0.8), ("民营经济", 1.2))]
    ax = plot_heatmap(pd.DataFrame(rows), columns="doc_id")
    im = ax.images[0]
    assert type(im.norm).__name__ == "PowerNorm"
    assert im.norm(1.0) > 0.2  # 1 of 15 is a quarter of the colour range, not a fifteenth
    assert "平方根" in ax.figure.axes[-1].get_ylabel()
    ax = plot_heatmap(pd.DataFrame(rows), columns="doc_id", scale="linear")
    assert type(ax.images[0].norm).__name__ == "Normalize"
