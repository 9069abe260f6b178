"""reuse(): a provincial-style document built from a central one, among decoy sources."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from policytext.cli import main
from policytext.corpus import Corpus, Document
from policytext.extract.reuse import (
    LOCAL_COLUMNS,
    REUSE_COLUMNS,
    SECTION_COLUMNS,
    SUMMARY_COLUMNS,
    reuse,
)

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "data" / "gov_work_reports"
SOURCE_YEARS = ("2017", "2018", "2019", "2020", "2021")
LOCAL_SENTENCE = "我省将加快建设海洋强省，推进黄河流域生态保护和高质量发展，打造乡村振兴齐鲁样板。"


@pytest.fixture(scope="module")
def sources() -> Corpus:
    return Corpus.from_paths([REPORTS / f"{y}.txt" for y in SOURCE_YEARS if (REPORTS / f"{y}.txt").exists()])


def _provincial(central: str) -> str:
    """A central passage with light edits, a local clause and a local paragraph."""
    part = central
    for a, b in (("国务院", "省政府"), ("全国", "全省"), ("国家", "省")):
        part = part.replace(a, b)
    part = part.replace("。", "，结合本地实际抓好落实。", 2)
    return "山东省人民政府关于贯彻落实的实施意见\n一、总体要求\n" + part + "\n二、本省措施\n" + LOCAL_SENTENCE + "\n"


@pytest.fixture(scope="module")
def provincial(sources) -> tuple[Document, str, object]:
    """(target, central text, reuse result) for 2,500 characters of the 2019 report."""
    central = sources["2019.txt"].text
    start = central.index("（二）激发市场主体活力")
    target = Document(_provincial(central[start:start + 2500]), doc_id="sd")
    return target, central, reuse(target, sources)


def test_copied_passages_their_source_and_local_additions(provincial):
    target, central, r = provincial
    t = r.table
    assert list(t.columns) == list(REUSE_COLUMNS)
    assert set(t.source_doc_id) == {"2019.txt"}
    for row in t.itertuples():
        assert target.text[row.start:row.end] == row.text
        assert central[row.source_start:row.source_end] == row.source_text
    s = r.summary
    assert list(s.columns) == list(SUMMARY_COLUMNS)
    assert s.loc[0, "best_source"] == "2019.txt"
    local_chars = len("山东省人民政府关于贯彻落实的实施意见一、总体要求二、本省措施") + len(LOCAL_SENTENCE) \
        + 2 * len("结合本地实际抓好落实。")
    share = s.loc[0, "share_copied"]
    expected = 1 - local_chars / s.loc[0, "n_chars"]
    assert abs(share - expected) < 0.03, (share, expected)
    local = r.local
    assert list(local.columns) == list(LOCAL_COLUMNS)
    assert LOCAL_SENTENCE in local.text.tolist()
    assert "结合本地实际抓好落实。" in local.text.tolist()
    # the light edits stay inside copied passages
    assert any("全省" in x or "省政府" in x for x in t.text)


def test_by_section_and_by_source(provincial):
    r = provincial[2]
    sec = r.by_section
    assert list(sec.columns) == list(SECTION_COLUMNS)
    by_title = {t: (src, share) for t, src, share in zip(sec.section, sec.source_doc_id, sec.share)}
    assert by_title["一、总体要求"][0] == "2019.txt" and by_title["一、总体要求"][1] > 0.9
    assert by_title["二、本省措施"] == (None, 0.0)
    bs = r.by_source
    assert bs.source_doc_id.tolist() == ["2019.txt"]


def test_clause_inside_a_longer_local_sentence(sources):
    central = sources["2018.txt"].text
    clause = "推动传统消费提档升级、新兴消费快速兴起"
    assert clause in central
    target = f"今年，全省上下要紧紧围绕海洋强省建设目标，{clause}，让群众少跑腿。\n"
    r = reuse(target, sources)
    assert len(r.table) == 1
    assert r.table.loc[0, "text"].startswith(clause)
    assert r.table.loc[0, "source_doc_id"] == "2018.txt"


def test_a_generic_short_clause_alone_is_not_copying(sources):
    r = reuse("会议要求，坚持问题导向，抓好工作落实。", sources)
    assert r.table.empty
    assert r.summary.loc[0, "share_copied"] == 0.0
    assert r.summary.loc[0, "best_source"] is None


def test_empty_inputs_keep_the_schemas():
    r = reuse([], ["坚持稳中求进。"])
    assert r.table.empty and list(r.table.columns) == list(REUSE_COLUMNS)
    assert r.summary.empty and list(r.summary.columns) == list(SUMMARY_COLUMNS)
    r = reuse("坚持稳中求进，推动高质量发展。", [])
    assert r.table.empty and r.summary.loc[0, "n_chars"] > 0


def test_duplicate_ids_and_bad_options():
    with pytest.raises(ValueError, match="share the doc_id"):
        reuse("a。", [Document("甲。", doc_id="x"), Document("乙。", doc_id="x")])
    with pytest.raises(ValueError, match="top_sources"):
        reuse("a。", "b。", top_sources=0)


def test_cli_reuse(tmp_path, capsys, sources):
    central = sources["2019.txt"].text
    start = central.index("（二）激发市场主体活力")
    target = tmp_path / "sd.txt"
    target.write_text(_provincial(central[start:start + 1500]), encoding="utf-8")
    src = [str(REPORTS / f"{y}.txt") for y in SOURCE_YEARS]
    summary = tmp_path / "reuse.csv"
    assert main(["reuse", str(target), "--sources", *src, "--summary", str(summary)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["doc"] for r in rows} == {str(target)}
    assert {r["source"] for r in rows} == {str(REPORTS / "2019.txt")}
    with summary.open(encoding="utf-8") as f:
        (rec,) = list(csv.DictReader(f))
    assert rec["best_source"] == str(REPORTS / "2019.txt") and float(rec["share_copied"]) > 0.8
    assert main(["reuse", str(target), "--sources", *src, "--format", "summary"]) == 0
    assert capsys.readouterr().out.startswith("doc_id,n_chars")
    assert main(["reuse", str(target), "--sources", str(target)]) == 2


def test_plot_reuse_bar_per_section(provincial):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from policytext import plot

    r = provincial[2]
    ax = plot.plot_reuse(r)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == r.by_section.section.drop_duplicates().tolist()
    assert plot.plot_reuse(reuse([], ["甲。"])).texts[0].get_text() == "无数据"
    plt.close("all")
