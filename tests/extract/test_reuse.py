"""reuse(): a provincial-style document built from a central one, among decoy sources; what
is not copying (changed numbers, short formulas, the target itself) on made-up texts."""

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
    # the target is not its own source: with no other source there is nothing to compare
    assert main(["reuse", str(target), "--sources", str(target)]) == 2


# --- what is not copying (made-up texts) ------------------------------------------------------
# a paragraph two notices of one made-up county share, and a third notice sharing nothing
SHARED = ("要坚持以人民为中心的发展思想，加快完善城乡一体的基本公共服务体系，"
          "推动优质医疗资源向基层延伸，让群众在家门口看得上病、看得好病。")
NOTICES = {
    "county.txt": "某某县人民政府关于做好基层卫生工作的通知\n各乡镇人民政府：\n" + SHARED
                  + "\n请各地结合实际认真贯彻执行。\n",
    "city.txt": "某某市卫生健康委员会关于印发工作要点的通知\n一、总体要求\n"
                + SHARED.replace("城乡一体", "全市城乡一体")
                + "\n二、重点任务\n（一）加强乡村医生队伍建设，每个行政村至少配备一名合格乡村医生。\n",
    "culture.txt": "某某市文化和旅游局关于举办非遗展演活动的通知\n"
                   "定于春节期间在市民广场举办传统戏曲展演，欢迎市民观看。\n",
}


def test_a_changed_date_or_figure_is_not_copying():
    # the opening date of two press releases: the words around it are the same, the day is not
    r = reuse("2019年5月17日，\n春季植树活动在城东湿地公园举行，三百余名志愿者参加。\n",
              "2018年5月17日，\n市图书馆举办古籍修复成果展，展期一个月。\n")
    assert r.table.empty
    # a signature: the office is the same, the date under it is not
    r = reuse("某某县农业农村局办公室\n2019年5月17日\n", "某某县农业农村局办公室\n2018年3月2日\n")
    assert not r.table.text.str.contains("2019").any()
    # a copied sentence with its target year changed keeps its other clauses
    source = "各地要加快建设农村公路网络，到2020年新建改建农村公路二十万公里，着力提升农村群众出行便利水平。"
    r = reuse(source.replace("2020", "2025"), source)
    assert r.table.text.tolist() == ["各地要加快建设农村公路网络，", "着力提升农村群众出行便利水平。"]
    # the same figure written otherwise, and a list marker renumbered, are no change
    r = reuse("3.到二〇二五年建成农村公路二十万公里，实现具备条件的建制村全部通硬化路。",
              "（5）到2025年建成农村公路二十万公里，实现具备条件的建制村全部通硬化路。")
    assert len(r.table) == 1 and "二〇二五" in r.table.loc[0, "text"]


def test_a_short_formulaic_clause_is_not_copying():
    # 当前， is linked (its neighbour is close enough to its source clause to vouch for it),
    # but two characters in common are no evidence of copying
    r = reuse("当前，数字经济发展进入快车道，各地要抓住机遇。",
              "当前，数字经济发展进入新阶段，要把握好这一趋势。")
    assert r.table.empty
    assert r.summary.loc[0, "copied_chars"] == 0
    assert r.local.text.str.contains("当前").any()


def test_reuse_of_a_corpus_with_itself_is_leave_one_out():
    corpus = Corpus([Document(text, doc_id=name) for name, text in NOTICES.items()])
    r = reuse(corpus, corpus)
    t = r.table
    assert (t.doc_id != t.source_doc_id).all()
    assert sorted(zip(t.doc_id, t.source_doc_id)) == [("city.txt", "county.txt"),
                                                       ("county.txt", "city.txt")]
    assert all(row.text.startswith("要坚持以人民为中心") for row in t.itertuples())
    share = dict(zip(r.summary.doc_id, r.summary.share_copied))
    assert share["culture.txt"] == 0.0 and 0.4 < share["county.txt"] < 0.8
    # strings passed as both targets and sources: each is skipped as its own source
    texts = list(NOTICES.values())
    assert len(reuse(texts, texts).table) == 2
    # one id for two texts cannot name a passage
    with pytest.raises(ValueError, match=r"share the doc_id 'county\.txt' but not their text"):
        reuse(corpus, [Document("另一个文本。", doc_id="county.txt")])


def test_cli_reuse_of_a_folder_with_itself(tmp_path, capsys):
    for name, text in NOTICES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["reuse", str(tmp_path), "--sources", str(tmp_path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(Path(r["doc"]).name + "<-" + Path(r["source"]).name for r in rows) == [
        "city.txt<-county.txt", "county.txt<-city.txt"]


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
