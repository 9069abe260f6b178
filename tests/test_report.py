"""HTML report: one self-contained, escaped, zh-CN page; renders in a headless browser."""

from __future__ import annotations

import base64
import html.parser
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib  # noqa: F401  (a required dependency: the report draws its charts with it)
import pandas as pd
import pytest

from policytext.report import write_report

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def sample_tables() -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        [
            {
                "doc_id": "gov1992",
                "path": "corpus/1992.txt",
                "status": "ok",
                "error": None,
                "title": "1992年政府工作报告",
                "date": "1992-03-20",
                "year": 1992,
                "genre": "政府工作报告",
                "speaker": "李鹏",
                "n_chars": 21000,
            },
            {
                "doc_id": "gov2017",
                "path": "corpus/2017.txt",
                "status": "ok",
                "error": None,
                "title": "2017年政府工作报告",
                "date": "2017-03-05",
                "year": 2017,
                "genre": "政府工作报告",
                "speaker": "李克强",
                "n_chars": 19000,
            },
            {
                "doc_id": "speech2024",
                "path": "corpus/2024.docx",
                "status": "ok",
                "error": None,
                "title": "在中央经济工作会议上的讲话 <b>",
                "date": "2024-12-12",
                "year": 2024,
                "genre": "讲话",
                "speaker": "",
                "n_chars": 12000,
            },
            {
                "doc_id": "bad.pdf",
                "path": "corpus/bad.pdf",
                "status": "error",
                "error": "PDF 没有文字层（扫描件），需要 OCR",
                "title": None,
                "date": None,
                "year": None,
                "genre": None,
                "speaker": None,
                "n_chars": 0,
            },
            {
                "doc_id": "img.png",
                "path": "corpus/<img>.png",
                "status": "skipped",
                "error": "不支持的文件类型 .png",
                "title": None,
                "date": None,
                "year": None,
                "genre": None,
                "speaker": None,
                "n_chars": 0,
            },
        ]
    )
    term_rows = []
    for doc, year, weights in (
        ("gov1992", 1992, (30, 0, 0, 5)),
        ("gov2017", 2017, (12, 8, 6, 9)),
        ("speech2024", 2024, (6, 20, 9, 2)),
    ):
        for (term, cat), c in zip(
            (
                ("改革开放", "policy"),
                ("高质量发展", "formulation"),
                ("四个意识", "formulation"),
                ("全面从严治党", "campaign"),
            ),
            weights,
            strict=True,
        ):
            if c:
                term_rows.append(
                    {
                        "doc_id": doc,
                        "year": year,
                        "term": term,
                        "category": cat,
                        "count": c,
                        "per_10k": c / 2.0,
                    }
                )
    terms = pd.DataFrame(term_rows)
    trends = terms.assign(n_docs=1, docs_with_term=1, doc_share=1.0)[
        ["year", "term", "count", "n_docs", "docs_with_term", "doc_share", "per_10k"]
    ]
    themes = pd.DataFrame(
        [
            {"doc_id": "gov1992", "term": "社会主义市场经济", "score": 0.41, "rank": 1},
            {"doc_id": "gov1992", "term": "改革开放", "score": 0.33, "rank": 2},
            {"doc_id": "gov2017", "term": "供给侧结构性改革", "score": 0.52, "rank": 1},
            {"doc_id": "speech2024", "term": "新质生产力", "score": 0.61, "rank": 1},
        ]
    )
    keyness = pd.DataFrame(
        {
            "term": ["高质量发展", "新质生产力", "计划经济"],
            "count_target": [28, 9, 0],
            "count_reference": [0, 0, 14],
            "g2": [35.2, 12.1, 20.4],
            "chi2": [30.0, 10.0, 18.0],
            "log_ratio": [4.1, 3.0, -3.5],
            "p_value": [1e-8, 5e-4, 6e-6],
            "direction": ["target", "target", "reference"],
        }
    )
    slogans = pd.DataFrame(
        [
            {
                "doc_id": "gov2017",
                "term": "四个意识",
                "surface": "“四个意识”",
                "kind": "numeric",
                "category": "formulation",
                "quoted": True,
                "start": 10,
                "end": 16,
                "sentence": "牢固树立“四个意识”<script>alert(1)</script>",
            },
            {
                "doc_id": "speech2024",
                "term": "四个意识",
                "surface": "四个意识",
                "kind": "numeric",
                "category": "formulation",
                "quoted": False,
                "start": 5,
                "end": 9,
                "sentence": "增强四个意识。",
            },
        ]
    )
    first_seen = pd.DataFrame(
        {
            "term": ["改革开放", "四个意识", "高质量发展"],
            "category": ["policy", "formulation", "formulation"],
            "first_year": [1992, 2017, 2017],
            "last_year": [2024, 2024, 2024],
            "n_years": [3, 2, 2],
        }
    )
    outline = pd.DataFrame(
        [
            {
                "doc_id": "gov2017",
                "node_id": 0,
                "parent_id": None,
                "depth": 1,
                "kind": "heading",
                "marker": "一、",
                "style": "cn_dun",
                "ordinal": 1,
                "title": "2016年工作回顾",
                "start": 0,
                "end": 9,
            },
            {
                "doc_id": "gov2017",
                "node_id": 1,
                "parent_id": 0,
                "depth": 2,
                "kind": "heading",
                "marker": "（一）",
                "style": "cn_paren",
                "ordinal": 1,
                "title": "（一）稳增长",
                "start": 10,
                "end": 19,
            },
            {
                "doc_id": "gov2017",
                "node_id": 2,
                "parent_id": 1,
                "depth": 3,
                "kind": "item",
                "marker": "一是",
                "style": "yishi",
                "ordinal": 1,
                "title": "扩大有效投资",
                "start": 20,
                "end": 29,
            },
            {
                "doc_id": "gov1992",
                "node_id": 0,
                "parent_id": None,
                "depth": 1,
                "kind": "heading",
                "marker": "一、",
                "style": "cn_dun",
                "ordinal": 1,
                "title": "过去一年的工作",
                "start": 0,
                "end": 9,
            },
        ]
    )
    return {
        "documents": documents,
        "terms": terms,
        "trends": trends,
        "themes": themes,
        "keyness": keyness,
        "slogans": slogans,
        "first_seen": first_seen,
        "outline": outline,
    }


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v))
            if k == "id":
                self.ids.append(v or "")

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "sub" / "report.html"
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        path = write_report(sample_tables(), out, title="政府工作报告 <分析>")
    assert [str(w.message) for w in rec if "missing from" in str(w.message)] == []
    assert path == out
    return path


def test_report_structure(report):
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    parser = _Collector()
    parser.feed(page)
    for anchor in (
        "overview",
        "terms",
        "trends",
        "heatmap",
        "first-seen",
        "themes",
        "slogans",
        "keyness",
        "outline",
        "failed",
    ):
        assert anchor in parser.ids, anchor
    text = "".join(parser.text)
    assert "政府工作报告 <分析>" in text  # title, escaped in the source
    assert "<title>政府工作报告 &lt;分析&gt;</title>" in page
    for term in ("改革开放", "高质量发展", "四个意识", "新质生产力", "供给侧结构性改革"):
        assert term in text
    # Charts are embedded PNGs that decode.
    images = [v for tag, k, v in parser.attrs if tag == "img" and k == "src"]
    assert len(images) >= 6
    for src in images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_is_self_contained_and_escaped(report):
    page = report.read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page) + re.findall(r"url\(([^)]*)\)", page)
    assert refs
    for ref in refs:
        assert ref.startswith(("data:", "#")), ref
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "在中央经济工作会议上的讲话 &lt;b&gt;" in page
    assert "<link" not in page
    # The page carries its own CJK font subset.
    assert "@font-face" in page and "data:font/woff;base64," in page


def test_embedded_font_covers_the_page_and_its_bounds_hold_every_glyph(report):
    import html as html_module
    import io

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    page = report.read_text(encoding="utf-8")
    data = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", page).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    text = re.sub(r"data:[a-z/]+;base64,[A-Za-z0-9+/=]+", "", page.split("<main>", 1)[1])
    shown = {c for c in html_module.unescape(re.sub(r"<[^>]+>", "", text)) if ord(c) > 0x2E7F}
    cmap = font.getBestCmap()
    assert shown and all(ord(c) in cmap for c in shown)
    assert len(cmap) < 3 * len(shown)  # a subset, not the whole bundled font
    # the head table's box is the whole font's (kept, not recomputed): it must still hold them
    head, glyphs = font["head"], font.getGlyphSet()
    for name in font.getGlyphOrder():
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds is not None:
            x0, y0, x1, y1 = pen.bounds
            assert head.xMin <= x0 and head.yMin <= y0 and x1 <= head.xMax and y1 <= head.yMax


def test_report_failed_inputs(report):
    page = report.read_text(encoding="utf-8")
    failed = page[page.index('id="failed"') :]
    assert "PDF 没有文字层（扫描件），需要 OCR" in failed
    assert "不支持的文件类型 .png" in failed
    assert "corpus/&lt;img&gt;.png" in failed
    assert "corpus/1992.txt" not in failed


def test_report_with_missing_and_empty_tables(tmp_path):
    tables = sample_tables()
    out = write_report({"documents": tables["documents"].iloc[:2]}, tmp_path / "a.html")
    page = out.read_text(encoding="utf-8")
    assert 'id="overview"' in page and 'id="trends"' not in page
    assert "全部 2 个文件处理成功" in page
    empty = {k: v.iloc[:0] for k, v in tables.items()}
    page = write_report(empty, tmp_path / "b.html").read_text(encoding="utf-8")
    assert "无法生成" not in page
    page = write_report({}, tmp_path / "c.html", embed_font=False).read_text(encoding="utf-8")
    assert "没有可报告的数据表" in page and "@font-face" not in page


def test_report_bad_table_does_not_break_the_page(tmp_path):
    tables = sample_tables()
    tables["keyness"] = pd.DataFrame({"oops": [1]})
    page = write_report(tables, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "本节无法生成" in page
    assert 'id="failed"' in page


def test_report_limits_rows(tmp_path):
    terms = pd.DataFrame(
        {
            "doc_id": "d",
            "term": [f"术语{i}" for i in range(50)],
            "category": "other",
            "count": range(50, 0, -1),
            "per_10k": 1.0,
        }
    )
    page = write_report(
        {"terms": terms}, tmp_path / "r.html", max_rows=10, embed_font=False
    ).read_text(encoding="utf-8")
    assert "另有 40 行未显示" in page


def _chromium() -> str | None:
    for cand in CHROMIUM_CANDIDATES:
        found = shutil.which(cand)
        if found:
            return found
    return None


def test_report_renders_in_headless_chromium(report, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip(
            "chromium is not installed (Debian: apt-get install chromium); "
            "the page was checked structurally only"
        )
    png = tmp_path / "shot.png"
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}",
        "--window-size=1200,2000",
        report.resolve().as_uri(),
    ]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("headless chromium did not finish within 120 s")
    assert png.is_file(), "chromium produced no screenshot"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000  # a blank 1200x2000 page compresses to a few kB
    from PIL import Image

    with Image.open(png) as im:
        assert im.size == (1200, 2000)
        colours = im.convert("L").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20


def test_report_saves_each_chart_as_png(tmp_path):
    charts = tmp_path / "charts"
    write_report(sample_tables(), tmp_path / "report.html", charts_dir=charts)
    names = sorted(p.name for p in charts.glob("*.png"))
    assert {"terms.png", "trends.png", "heatmap.png"} <= set(names)
    for p in charts.glob("*.png"):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 5_000


@pytest.fixture(scope="module")
def real_tables():
    """terms and slogans of four bundled work reports, as the batch makes them."""
    from policytext.batch import analyze

    reports = Path(__file__).resolve().parents[1] / "data" / "gov_work_reports"
    return analyze([reports / f"{y}.txt" for y in (1979, 1992, 2013, 2024)], None)


def _chunked(frame, size):
    return [frame.iloc[i:i + size] for i in range(0, len(frame), size)]


@pytest.mark.parametrize("size", [1, 7, 500])
def test_summaries_from_chunks_equal_the_summary_of_the_whole_table(real_tables, size):
    from policytext.report import slogan_summary, term_summary

    for name, summarize in (("slogans", slogan_summary), ("terms", term_summary)):
        whole = real_tables[name]
        assert whole["doc_id"].nunique() == 4 and len(whole) > 500  # chunks split documents
        expected, got = summarize(whole), summarize(_chunked(whole, size))
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)


def test_summaries_match_a_groupby_of_the_whole_table(real_tables):
    from policytext.report import slogan_summary, term_summary

    sl = real_tables["slogans"]
    summary = slogan_summary(sl).set_index("term")
    by_term = sl.groupby("term", sort=False)
    assert list(summary.index) == list(by_term.size().index)  # order of first appearance
    assert summary["count"].tolist() == by_term.size().tolist()
    assert summary["n_docs"].tolist() == by_term["doc_id"].nunique().tolist()
    assert summary["sentence"].tolist() == by_term["sentence"].first().tolist()
    assert summary["quoted"].tolist() == by_term["quoted"].mean().tolist()
    terms = real_tables["terms"]
    t = term_summary(terms).set_index("term")
    assert t["count"].tolist() == terms.groupby("term", sort=False)["count"].sum().tolist()
    assert t["n_docs"].max() == 4


def test_report_bytes_do_not_depend_on_the_time(tmp_path, monkeypatch):
    # the embedded font subset keeps the bundled font's timestamp (fontTools would stamp the
    # time of saving), so the same tables give the same page
    from fontTools.ttLib.tables import _h_e_a_d

    clock = iter(range(3_700_000_000, 3_800_000_000, 1000))
    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: next(clock))
    first = write_report(sample_tables(), tmp_path / "a.html").read_bytes()
    second = write_report(sample_tables(), tmp_path / "b.html").read_bytes()
    assert b"font/woff" in first
    assert first == second


def _many_documents() -> pd.DataFrame:
    """Inputs over 40 years (the overview counts them by decade), some failed or skipped,
    genres with tied counts, a few without a year or a title."""
    rows = []
    genres = ["讲话", "意见", "建议", "说明", "公报"]
    for i in range(60):
        status = "error" if i % 13 == 5 else "skipped" if i % 17 == 3 else "ok"
        rows.append({
            "doc_id": f"d{i:02d}", "path": f"corpus/d{i:02d}.txt", "status": status,
            "error": None if status == "ok" else f"reason {i}",
            "title": f"第{i}号文件" if i % 9 else None, "date": None,
            "year": None if i % 11 == 4 else 1980 + (i * 7) % 40,
            "genre": genres[(i * 3) % 5] if i % 4 else None, "speaker": None,
            "n_chars": 1000 + i,
        })
    return pd.DataFrame(rows).astype({"year": "Int64"})


@pytest.mark.parametrize("size", [1, 7, 500])
def test_report_from_a_document_summary_in_chunks_is_the_report_of_the_whole_table(tmp_path, size):
    from policytext.report import document_summary

    docs = _many_documents()
    whole = {"documents": docs}
    write_report(whole, tmp_path / "whole.html", embed_font=False, max_rows=10, max_docs=10)
    summary = document_summary(_chunked(docs, size), head=10)
    write_report({"document_summary": summary}, tmp_path / "chunks.html", embed_font=False,
                 max_rows=10, max_docs=10)
    assert (tmp_path / "chunks.html").read_bytes() == (tmp_path / "whole.html").read_bytes()
    page = (tmp_path / "whole.html").read_text(encoding="utf-8")
    assert "共 60 行，另有 50 行未显示" in page  # the document list, cut at 10 rows
    assert "reason 5" in page and "reason 3" in page  # the failed inputs, all of them


def test_document_summary_counts_what_the_overview_shows() -> None:
    from policytext.report import document_summary

    docs = _many_documents()
    ok = docs[docs["status"] == "ok"]
    s = document_summary(_chunked(docs, 7), head=5, doc_ids=["d01", "d02", "d05", "d09"])
    assert s.n == 60 and s.status_counts == docs["status"].value_counts().to_dict()
    assert s.years == ok["year"].dropna().astype(int).value_counts().to_dict()
    assert len(s.years) > 15  # by decade in the overview
    assert s.n_chars == int(ok["n_chars"].sum())
    # the order value_counts gives, ties in order of first appearance
    expected = ok["genre"].dropna().astype(str).value_counts()
    assert list(s.genres.items()) == list(expected.items())
    assert len(set(expected.to_numpy())) < len(expected)  # there are ties
    assert s.head["doc_id"].tolist() == ["d00", "d01", "d02", "d03", "d04"]
    assert s.failed["doc_id"].tolist() == docs.loc[docs["status"] != "ok", "doc_id"].tolist()
    # titles and positions among the ok documents only of the documents asked for
    assert s.titles == {"d01": "第1号文件", "d02": "第2号文件", "d05": "第5号文件"}
    assert s.ok_order == {d: ok["doc_id"].tolist().index(d) for d in ("d01", "d02", "d09")}


def test_term_rate_is_averaged_over_every_document_not_only_those_with_the_term(tmp_path):
    # 高质量发展: 4.0 and 10.0 per 10k in two of the three documents analysed, absent from the
    # third; the corpus-wide mean is 14 / 3, not the 7.0 of the two that have it
    from policytext.report import corpus_rate, term_summary

    tables = sample_tables()
    summary = term_summary(tables["terms"]).set_index("term")
    assert summary.loc["高质量发展", "per_10k"] == pytest.approx(7.0)
    assert corpus_rate(summary, 3).loc["高质量发展"] == pytest.approx(14 / 3)
    html = write_report(tables, tmp_path / "r.html").read_text(encoding="utf-8")
    section = html[html.index('id="terms"'):]
    section = section[: section.index("</section>")]
    row = next(r for r in section.split("<tr") if "高质量发展" in r)
    assert "4.67" in row and "7.00" not in row
    assert "全部 3 篇文档" in section and "未出现该词的文档计为 0" in section


def test_example_sentences_show_their_term_however_late_it_comes():
    from policytext.report.tables import excerpt

    sentence = "我们要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，" * 2 + "着力推动高质量发展。"
    shown = excerpt(sentence, "高质量发展", 60)
    assert "高质量发展" in shown and len(shown) <= 60 and shown.startswith("…")
    assert excerpt(sentence, "稳中求进", 60).startswith("我们要坚持稳中求进")
    assert excerpt("短句高质量发展。", "高质量发展", 60) == "短句高质量发展。"
    assert len(excerpt(sentence, "不在句中", 60)) == 60  # the head, as before


def test_a_column_of_numbers_has_its_header_over_them():
    import pandas as pd

    from policytext.report.tables import html_table

    df = pd.DataFrame({"term": ["高质量发展", "新质生产力"], "count": [474, 122],
                       "quoted": ["0%", "12.5%"], "year": [2026, None]})
    head = html_table(df, ["term", "count", "quoted", "year"], max_rows=None).split("</thead>")[0]
    # numbers and shares right-aligned under a right-aligned header; a blank cell is no text
    assert head.count('<th class="num">') == 3 and "<th>术语</th>" in head
    # a column mixing numbers and words (5%, 5%左右) is left-aligned throughout
    mixed = html_table(pd.DataFrame({"gdp": ["5%", "5%左右"]}), ["gdp"], max_rows=None)
    assert 'class="num"' not in mixed


def test_the_document_list_shows_every_document_of_a_corpus_compared_one_by_one(tmp_path):
    # 60 inputs, at most 10 rows per table, up to 100 documents compared: all 60 listed
    page = write_report({"documents": _many_documents()}, tmp_path / "r.html", embed_font=False,
                        max_rows=10).read_text(encoding="utf-8")
    listing = page[page.index('id="documents"'):]
    listing = listing[: listing.index("</section>")]
    assert all(f"d{i:02d}" in listing for i in range(60))
    assert "未显示" not in listing


def test_genre_and_year_tables_account_for_every_document(tmp_path):
    import re

    docs = _many_documents()
    page = write_report({"documents": docs}, tmp_path / "r.html", embed_font=False,
                        max_rows=100).read_text(encoding="utf-8")
    n_ok = int((docs["status"] == "ok").sum())
    for heading in ("文种分布", "年份分布"):
        table = page[page.index(f"<h3>{heading}</h3>"):]
        table = table[: table.index("</table>")]
        counts = [int(c.replace(",", "")) for c in re.findall(r'<td class="num">([\d,]+)</td>', table)]
        assert sum(counts) == n_ok and "（未识别）" in table


def test_a_quoted_character_is_no_formulation():
    from policytext.report import is_formulation

    assert not is_formulation("边") and is_formulation("兴边富民")
    assert not is_formulation("要坚持稳中求进，推动高质量发展")


def test_targets_of_one_year_are_compared_across_documents(tmp_path):
    import re

    from policytext import Document
    from policytext.extract.targets import targets

    texts = {"广东省": "今年主要预期目标是：地区生产总值增长5%以上；城镇调查失业率5.5%左右。",
             "福建省": "今年主要预期目标是：地区生产总值增长6%左右；城镇调查失业率5.5%左右。",
             "某省": "今年主要预期目标是：地区生产总值增长6.5%—7%；居民消费价格涨幅3%左右。",
             "另省": "今年主要预期目标是：地区生产总值增长4.5%；城镇调查失业率5%以内。"}
    docs = [Document(text=t, doc_id=f"{d}.txt", meta={"year": 2026}) for d, t in texts.items()]
    page = write_report({"targets": targets(docs)}, tmp_path / "r.html",
                        embed_font=False).read_text(encoding="utf-8")
    section = page[page.index("2026 年各文档的主要预期目标"):]
    table = section[section.index("<table"):section.index("</table>")]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in table.split("<tr")[2:]]
    # GDP growth and unemployment (set by 3 documents or more) as columns; prices (by 1) not
    assert rows == [["广东省", "5%以上", "5.5%左右"], ["福建省", "6%左右", "5.5%左右"],
                    ["某省", "6.5%—7%", ""], ["另省", "4.5%", "5%以内"]]
    assert "居民消费价格" not in table


def test_sections_over_years_say_how_many_documents_have_no_year(tmp_path):
    tables = sample_tables()
    docs = _many_documents()
    tables["documents"] = docs
    page = write_report(tables, tmp_path / "r.html", embed_font=False).read_text(encoding="utf-8")
    ok = docs[docs["status"] == "ok"]
    undated, n_ok = int(ok["year"].isna().sum()), len(ok)
    assert undated > 0
    trends = page[page.index('id="trends"'):]
    trends = trends[: trends.index("</section>")]
    assert f"{undated} 篇文档没有年份（共 {n_ok} 篇）" in trends
    # skipped inputs are listed apart from the failed ones
    failed = page[page.index('id="failed"'):]
    assert "跳过" in failed and f"{int((docs['status'] == 'error').sum())} 个文件未能处理" in failed
