"""Cleaning: watermarks, footers, joined lines, whitespace — every removal recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

import policytext as pt
from policytext.clean import CleanOptions, clean_text

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "gov_work_reports"

SEED_BOILERPLATE = [
    "仅供学习 禁止外传", "酷乐文行", "自建平台、实时分享", "根据实际需求和形式任务不断迭代",
    "现在订阅立享前3年的所有权益和资料", "【打击倒卖活动】", "举报倒卖会员资料的人", "会员群",
]


def test_seed_watermark_block_removed_and_recorded(seed_excerpt):
    result = clean_text(seed_excerpt)
    for line in SEED_BOILERPLATE:
        assert line not in result.text
    assert result.text.startswith("2020年以案促改专项工作会上的讲话\n")
    kinds = {r.kind for r in result.removals}
    assert "watermark" in kinds
    removed = "".join(r.text for r in result.removals if r.kind == "watermark")
    assert "仅供学习" in removed and "QQ群" in removed
    for r in result.removals:  # removals point into the source text
        assert seed_excerpt[r.start : r.end] == r.text


def test_switching_watermarks_off_keeps_them(seed_excerpt):
    result = clean_text(seed_excerpt, CleanOptions(watermarks=False))
    assert "仅供学习 禁止外传" in result.text


def test_wikisource_licence_and_link_breaks():
    text = (
        "各位代表：\n\n　　今年要抓好《\n中华人民共和国著作权法\n》的实施，推进依法行政。\n\n"
        "本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、"
        "司法性质的文件，及其官方正式译文。根据《\n中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，在\n"
        "中国大陆\n，也可能在其他管辖区，属于\n公有领域\n。\n\nPublic domain\nPublic domain\nfalse\nfalse"
    )
    result = clean_text(text)
    assert result.text == "各位代表：\n\n今年要抓好《中华人民共和国著作权法》的实施，推进依法行政。"
    assert any(r.kind == "footer" and "公有领域" in r.text for r in result.removals)


def test_pdf_hard_wraps_joined_but_paragraphs_and_headings_kept():
    # the 2022 party constitution as PDF text: lines broken every ~30 characters
    text = (
        "中国共产党章程（2022年修订）\n总 纲\n"
        "中国共产党是中国工人阶级的先锋队，同时是中国人民和中华\n"
        "民族的先锋队，是中国特色社会主义事业的领导核心，代表中国\n"
        "先进生产力的发展要求，代表中国先进文化的前进方向，代表中\n"
        "国最广大人民的根本利益。党的最高理想和最终目标是实现共产\n"
        "主义。\n"
        "中国共产党以马克思列宁主义、毛泽东思想、邓小平理论、\n"
        "“三个代表”重要思想、科学发展观、习近平新时代中国特色社\n"
        "会主义思想作为自己的行动指南。\n"
        "马克思列宁主义揭示了人类社会历史发展的规律，它的基本\n"
        "原理是正确的，具有强大的生命力。中国共产党人追求的共产主\n"
        "义最高理想，只有在社会主义社会充分发展和高度发达的基础上\n"
        "才能实现。增强政治意识、大局意识、核心意识、看齐意识，坚\n"
        "定道路自信、理论自信、制度自信、文化自信，做到“两个\n"
        "维护”。\n"
        "第一章　党　员\n"
        "第一条　年满十八岁的中国工人、农民、军人、知识分子和其他社\n"
        "会阶层的先进分子，可以申请加入中国共产党。\n"
    )
    out = clean_text(text).text
    assert "中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队" in out
    assert "实现共产主义。\n中国共产党以" in out  # a real paragraph end is kept
    assert "习近平新时代中国特色社会主义思想作为" in out
    assert "“两个维护”" in out
    assert "\n第一章　党　员\n第一条" in out  # headings are not glued to their neighbours


def test_plain_paragraph_text_is_not_joined(report_1985):
    out = clean_text(report_1985).text
    assert out.startswith("1985年中华人民共和国国务院政府工作报告\n\n各位代表：\n\n")


def test_html_remnants_and_entities():
    text = "<p>坚持稳中求进&nbsp;工作总基调</p><div>推动高质量发展</div><script>alert(1)</script>"
    out = clean_text(text).text
    assert "<" not in out and "alert" not in out
    assert "坚持稳中求进 工作总基调" in out and "推动高质量发展" in out


def test_no_nfkc_markers_survive():
    text = "㈠加强党的领导\n①坚持问题导向\n（一）总体要求\n１．全面深化改革"
    out = clean_text(text).text
    assert out == text


def test_offsets_map_back_to_source(seed_excerpt):
    doc = pt.Document.from_text(seed_excerpt)
    i = doc.text.index("以案促改动员会")
    j = doc.source_offset(i)
    assert seed_excerpt[j : j + 7] == "以案促改动员会"


#: what each cleaning step removes from EVERY_STEP: kept when the step is off, gone otherwise
STEP_MARKS = {"html": "<b>", "watermarks": "仅供学习 禁止外传", "footers": "来源：新华网",
              "join_lines": "《\n著作权法", "whitespace": "　　现在", "photo_credits": "鞠鹏/摄"}
EVERY_STEP = ("仅供学习 禁止外传\n会员群：123456\n<b>各位代表：</b>\n\n\n\n　　现在，根据《\n著作权法\n》的规定，"
              "推进依法行政。新华社记者 鞠鹏/摄\n来源：新华网")


@pytest.mark.parametrize("kind", sorted(STEP_MARKS))
def test_each_step_can_be_switched_off(kind):
    out = clean_text(EVERY_STEP, CleanOptions(**{kind: False})).text
    for step, mark in STEP_MARKS.items():
        assert (mark in out) is (step == kind), step
    assert "各位代表：" in out and "推进依法行政。" in out


def _same_text_without_keeping_source(texts) -> int:
    n = 0
    for text in texts:
        kept = clean_text(text)
        fast = clean_text(text, keep_source=False)
        assert fast.text == kept.text
        assert fast.removals == () and fast.offset_map is None
        n += 1
    return n


def test_keep_source_false_cleans_to_the_same_text(seed_excerpt, report_1954):
    # the bundled work reports (every pass but html fires on them), the seed speech with its
    # watermark block, and a scraped page with tags and entities
    texts = [seed_excerpt, report_1954]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_DIR.glob("*.txt"))]
    texts.append("<p>坚持稳中求进&nbsp;工作总基调</p>\n<p>推动高质量<b>发展</b></p>&lt;完&gt;")
    assert _same_text_without_keeping_source(texts) == len(texts)
    assert any(clean_text(t).removals for t in texts)  # the check covers texts that change


def test_keep_source_false_on_the_shared_corpus(shared_corpus):
    paths = [p for p in sorted(shared_corpus.rglob("*")) if p.suffix in (".txt", ".md", ".html")]
    texts = [p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n") for p in paths[::7]]
    assert _same_text_without_keeping_source(texts) > 500


def test_document_without_source_says_so_when_asked_for_offsets(seed_excerpt):
    doc = pt.Document.from_text(seed_excerpt, keep_source=False)
    assert doc.text == pt.Document.from_text(seed_excerpt).text
    assert doc.source_text is None and doc.removals == ()
    with pytest.raises(ValueError, match="keep_source=False"):
        doc.source_offset(10)
