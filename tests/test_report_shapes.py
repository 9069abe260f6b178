"""The report fits the corpus it is given: a time series, a cross-section (many documents
of one year) or a single document; every document appears in its sections, and the page's
glyphs render from the embedded font in a browser without CJK fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policytext import plot, report
from policytext.report import corpus_shape, document_summary, write_report

PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏",
             "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西",
             "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
TERMS = [("高质量发展", "ideology"), ("乡村振兴", "policy"), ("一带一路", "formulation"),
         ("省委", "organ"), ("政府工作报告", "doctype"), ("新质生产力", "formulation")]


def cross_section(n_docs: int = 31, year: int | None = 2025) -> dict[str, pd.DataFrame]:
    """Synthetic provincial work reports of one year: each province has the shared terms and
    one formulation of its own."""
    docs = [f"{p}.txt" for p in PROVINCES[:n_docs]]
    documents = pd.DataFrame({
        "doc_id": docs, "path": docs, "status": "ok", "error": None,
        "title": [f"{year or ''}年{p}省政府工作报告" for p in PROVINCES[:n_docs]],
        "date": None, "year": year, "genre": "政府工作报告", "speaker": None, "n_chars": 20000,
    })
    terms, slogans, themes, outline = [], [], [], []
    for i, d in enumerate(docs):
        own = f"{PROVINCES[i]}特色工程"
        for j, (t, c) in enumerate([*TERMS, (own, "policy")]):
            count = 3 + (i * 7 + j * 3) % 11
            terms.append({"doc_id": d, "term": t, "category": c, "count": count,
                          "per_10k": count / 2.0})
            slogans += [{"doc_id": d, "term": t, "surface": t, "kind": "lexicon", "category": c,
                         "quoted": False, "start": k, "end": k + 2, "sentence": f"推进{t}。"}
                        for k in range(count)]
        slogans.append({"doc_id": d, "term": "让明天更美好。", "surface": "", "kind": "quoted",
                        "category": None, "quoted": True, "start": 0, "end": 1, "sentence": ""})
        themes += [{"doc_id": d, "term": f"{PROVINCES[i]}主题{k}", "score": 0.1, "rank": k + 1}
                   for k in range(3)]
        outline += [{"doc_id": d, "node_id": 0, "parent_id": None, "depth": 1, "kind": "heading",
                     "marker": "一、", "title": "过去一年工作回顾", "start": 0, "end": 10},
                    {"doc_id": d, "node_id": 1, "parent_id": None, "depth": 1, "kind": "heading",
                     "marker": "二、", "title": f"{PROVINCES[i]}今年工作", "start": 10, "end": 20}]
    terms_df = pd.DataFrame(terms)
    tables = {"documents": documents, "terms": terms_df, "slogans": pd.DataFrame(slogans),
              "themes": pd.DataFrame(themes), "outline": pd.DataFrame(outline)}
    if year is not None:
        trends = terms_df.groupby("term", as_index=False)["count"].sum().assign(
            year=year, per_10k=1.0, n_docs=n_docs, docs_with_term=n_docs, doc_share=1.0)
        tables["trends"] = trends
        tables["first_seen"] = trends.assign(first_year=year, last_year=year, n_years=1,
                                             category="policy")
    return tables


class Spy:
    """Records the axes each chart function returned while the report was written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: dict[str, list] = {}
        for name in ("plot_heatmap", "plot_trends", "plot_timeline", "plot_keyness",
                     "plot_outline", "plot_terms"):
            original = getattr(plot, name)

            def wrapper(*args, _original=original, _name=name, **kwargs):
                ax = _original(*args, **kwargs)
                self.calls.setdefault(_name, []).append(ax)
                return ax

            monkeypatch.setattr(plot, name, wrapper)  # the sections call plot.<name>


def _sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', page, flags=re.S))


@pytest.mark.parametrize("year", [2025, None])
def test_cross_section_compares_every_document(tmp_path, monkeypatch, year):
    spy = Spy(monkeypatch)
    path = write_report(cross_section(31, year), tmp_path / "r.html")
    page = path.read_text(encoding="utf-8")
    sections = _sections(page)
    # no trend over one year: no trends chart, no first/last seen, no stacked "2025 首次出现"
    assert "trends" not in sections and "first-seen" not in sections
    assert "首次出现" not in page and "plot_trends" not in spy.calls
    assert "plot_timeline" not in spy.calls
    # the terms × document heatmap labels every document, its axis named 文档
    (ax,) = spy.calls["plot_heatmap"]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert sorted(labels) == sorted(PROVINCES)
    assert ax.get_xlabel() == "文档"
    assert "省委" not in [t.get_text() for t in ax.get_yticklabels()]
    # every document in the themes and outline sections, and its own formulation found
    for p in PROVINCES:
        assert f"{p}.txt" in sections["themes"]
        assert f"{p}今年工作" in sections["outline"]
        assert f"{p}特色工程" in sections["shared"]
    assert "全部 31 篇" in sections["themes"]
    # formulations, not institutions or document types, nor quoted sentences
    for absent in ("<td>省委</td>", "<td>政府工作报告</td>", "让明天更美好"):
        assert absent not in sections["slogans"] and absent not in sections["shared"]
    assert "<td>高质量发展</td>" in sections["slogans"]
    assert "高质量发展" in sections["shared"]


def test_time_series_gets_trends_and_first_seen(tmp_path, monkeypatch):
    tables = cross_section(4, 2020)
    tables["documents"]["year"] = [2019, 2020, 2021, 2022]
    trends = pd.DataFrame([
        {"year": y, "term": t, "count": c, "per_10k": c / 2, "n_docs": 1, "docs_with_term": 1,
         "doc_share": 1.0}
        for y in (2019, 2020, 2021, 2022) for t, c in (("高质量发展", y - 2018), ("新质生产力", 2))
    ])
    tables["trends"] = trends
    tables["first_seen"] = pd.DataFrame({
        "term": ["高质量发展", "新质生产力"], "category": ["ideology", "formulation"],
        "first_year": [2019, 2020], "last_year": [2022, 2021], "n_years": [4, 2]})
    spy = Spy(monkeypatch)
    page = write_report(tables, tmp_path / "r.html").read_text(encoding="utf-8")
    sections = _sections(page)
    assert {"trends", "heatmap", "first-seen"} <= set(sections)
    (ax,) = spy.calls["plot_trends"]
    lo, hi = ax.get_xlim()
    assert 2018 < lo < 2019 and 2022 < hi < 2023


def test_single_document_gets_its_outline(tmp_path, monkeypatch):
    spy = Spy(monkeypatch)
    page = write_report(cross_section(1, 2024), tmp_path / "r.html").read_text(encoding="utf-8")
    sections = _sections(page)
    assert "outline" in sections and "slogans" in sections
    assert not {"trends", "heatmap", "first-seen", "shared"} & set(sections)
    assert spy.calls["plot_outline"]


def test_corpus_shape():
    series = cross_section(5, 2020)["documents"].assign(year=[2018, 2019, 2020, 2021, 2022])
    assert corpus_shape(document_summary(series)) == "series"
    assert corpus_shape(document_summary(cross_section(5, 2020)["documents"])) == "cross-section"
    assert corpus_shape(document_summary(cross_section(5, None)["documents"])) == "cross-section"
    assert corpus_shape(document_summary(cross_section(1, 2020)["documents"])) == "single"


def test_per_document_from_chunks_equals_the_whole_table():
    slogans = cross_section(6)["slogans"]
    whole = report.per_document(slogans)
    chunks = [slogans.iloc[i : i + 17] for i in range(0, len(slogans), 17)]
    parts = report.occurrence_summaries("slogans", iter(chunks))
    pd.testing.assert_frame_equal(parts["slogans_by_doc"], whole)
    pd.testing.assert_frame_equal(parts["slogan_summary"], report.slogan_summary(slogans))
    assert report.per_document(slogans, max_docs=5) is None  # too many to compare one by one


# --------------------------------------------------------------------------------------------
# Glyphs in a browser without CJK fonts
# --------------------------------------------------------------------------------------------
# Rare characters (outside GB 2312; in the bundled font): two sets of the same length, so the
# pages lay out alike and differ only in the glyphs drawn.
RARE_A = "堃喆甡犇昇珺璟"
RARE_B = "玥琇瑄垚燚赟甡"
#: Private-use characters: no font has them, every browser draws its "missing glyph" box.
TOFU = "\ue000\ue001\ue002\ue003\ue004\ue005\ue006"


def _chromium() -> str | None:
    for cand in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(cand)
        if found:
            return found
    return None


def _screenshot(browser: str, page: Path, tmp: Path) -> np.ndarray:
    from PIL import Image

    png = tmp / f"{page.stem}.png"
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={tmp / ('profile-' + page.stem)}",
           f"--screenshot={png}", "--window-size=1000,700", page.resolve().as_uri()]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("headless chromium did not finish within 120 s")
    assert png.is_file(), "chromium produced no screenshot"
    with Image.open(png) as im:
        return np.asarray(im.convert("L"), dtype=np.int16)


def _ink_bands(gray: np.ndarray) -> list[tuple[int, int]]:
    """Runs of pixel rows holding ink (dark pixels), top to bottom."""
    rows = (gray < 160).any(axis=1)
    bands, start = [], None
    for y, ink in enumerate(rows):
        if ink and start is None:
            start = y
        elif not ink and start is not None:
            bands.append((start, y))
            start = None
    return bands


def _rare_page(chars: str, out: Path, *, embed_font: bool = True) -> Path:
    tables = cross_section(3, 2025)
    tables["documents"]["title"] = [f"{chars}工作报告"] * 3
    tables["terms"]["term"] = tables["terms"]["term"].where(tables["terms"]["term"] != "省委", chars)
    return write_report(tables, out, title=chars, embed_font=embed_font)


@pytest.mark.filterwarnings("ignore:Glyph")  # the page of boxes has charts of boxes too
def test_rare_characters_in_headings_render_from_the_embedded_font(tmp_path):
    """The first heading is all rare characters. Rendered glyphs differ from character to
    character; missing-glyph boxes are all alike. So the heading band of two pages whose
    headings hold different rare characters must differ, and differ from a page of boxes."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); "
                    "the embedded font was checked against the page's text only")
    shots = {
        name: _screenshot(browser, _rare_page(chars, tmp_path / f"{name}.html"), tmp_path)
        for name, chars in (("a", RARE_A), ("b", RARE_B), ("tofu", TOFU))
    }
    # the first line of ink is the heading; glyphs of different heights may move its edges by
    # a pixel or two (and a page of boxes may draw them fainter), so the same rows of the three
    # shots are compared: those of both rare-character headings, with a margin
    (a0, a1), (b0, b1) = _ink_bands(shots["a"])[0], _ink_bands(shots["b"])[0]
    assert abs(a0 - b0) < 12, "the two pages should lay out alike"
    y0, y1 = max(0, min(a0, b0) - 4), max(a1, b1) + 4
    band = {name: gray[y0:y1] for name, gray in shots.items()}
    assert np.abs(band["a"] - band["b"]).sum() > 0, "the rare characters drew identical boxes"
    assert np.abs(band["a"] - band["tofu"]).sum() > 0, "the heading drew missing-glyph boxes"
    # each character of the heading is its own glyph: no two character cells alike
    gray = shots["a"][a0:a1]
    cols = np.flatnonzero((gray < 160).any(axis=0))
    cells = np.array_split(gray[:, cols.min() : cols.max() + 1], len(RARE_A), axis=1)
    signatures = {cell.tobytes() for cell in cells}
    assert len(signatures) == len(RARE_A) - (len(RARE_A) - len(set(RARE_A)))


def test_without_the_embedded_font_the_check_sees_boxes(tmp_path):
    """The check above can fail: with no font embedded (and none installed) the two headings
    are the same row of boxes."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    from matplotlib import font_manager

    if any("CJK" in f.name or "Hei" in f.name for f in font_manager.fontManager.ttflist):
        pytest.skip("a CJK font is installed: the browser draws the characters without ours")
    a = _screenshot(browser, _rare_page(RARE_A, tmp_path / "a.html", embed_font=False), tmp_path)
    b = _screenshot(browser, _rare_page(RARE_B, tmp_path / "b.html", embed_font=False), tmp_path)
    y0, y1 = _ink_bands(a)[0]
    assert np.abs(a[y0:y1] - b[y0:y1]).sum() == 0


# --------------------------------------------------------------------------------------------
# A real cross-section: 新闻联播 of 2023, one pseudo-document per province
# --------------------------------------------------------------------------------------------
def write_province_corpus(xinwenlianbo: Path, out: Path, year: str = "2023") -> dict[str, int]:
    """One file per province: the paragraphs of ``year``'s 新闻联播 that name that province
    and no other (the text is made here from the shared corpus, never committed)."""
    paragraphs: dict[str, list[str]] = {p: [] for p in PROVINCES}
    for f in sorted(xinwenlianbo.glob(f"{year}*.md")):
        text = re.sub(r"<[^>]+>", "", f.read_text(encoding="utf-8"))
        for para in (line.strip() for line in text.splitlines()):
            named = [p for p in PROVINCES if p in para]
            if len(para) >= 40 and len(named) == 1:
                paragraphs[named[0]].append(para)
    out.mkdir(parents=True, exist_ok=True)
    for p, paras in paragraphs.items():
        (out / f"{p}.txt").write_text(f"{year}年新闻联播{p}报道\n" + "\n".join(paras), "utf-8")
    return {p: len(v) for p, v in paragraphs.items()}


def test_cross_section_of_provinces_from_the_shared_corpus(shared_corpus, tmp_path, monkeypatch):
    from policytext.batch import analyze

    sizes = write_province_corpus(shared_corpus / "xinwenlianbo", tmp_path / "corpus")
    assert min(sizes.values()) > 0
    spy = Spy(monkeypatch)
    analyze([tmp_path / "corpus"], tmp_path / "out", progress=False)
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    sections = _sections(page)
    assert "trends" not in sections and "first-seen" not in sections
    (ax,) = spy.calls["plot_heatmap"]
    assert sorted(t.get_text() for t in ax.get_xticklabels()) == sorted(PROVINCES)
    for p in PROVINCES:
        assert f"{p}.txt" in sections["themes"]
        assert re.search(rf"<td>{p}</td>", sections["shared"]), p
    for institution in ("<td>省委</td>", "<td>国务院</td>"):
        assert institution not in sections["slogans"]
