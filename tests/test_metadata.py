"""Metadata (docvars): title, date, year, genre and speaker from real opening lines."""

from __future__ import annotations

import re

import pytest

import policytext as pt
from case_files import case_params
from policytext.metadata import extract_metadata, genre_of, parse_date


@pytest.mark.parametrize("case", case_params("metadata_heads.json"))
def test_hand_checked_heads(case):
    doc = pt.Document.from_text(case["head"], path=case["filename"])
    got = {k: doc.meta[k] for k in case["expected"]}
    assert got == case["expected"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("——１９９０年３月２０日在第七届全国人民代表大会第三次会议上", (1990, 3, 20)),
        ("——1 9 9 8 年3 月5 日在第九届全国人民代表大会第一次会议上", (1998, 3, 5)),
        ("－－1984年5月15日在第六届全国人民代表大会第二次会议上", (1984, 5, 15)),
        ("全体会议于一九七○年八月二十三日开幕", (1970, 8, 23)),
        ("一九六一年一月十四日至十八日在北京举行", (1961, 1, 14)),
        ("（２００４年９月１９日中国共产党第十六届中央委员会第四次全体会议通过）", (2004, 9, 19)),
        ("2024年", (2024, None, None)),
        ("增长5.2%，1.5倍", (None, None, None)),
        ("第13年3月40日", (None, None, None)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("2020年以案促改专项工作会上的讲话", "讲话"),
        ("政府工作报告（文字实录）", "报告"),
        ("中国共产党第十六届中央委员会第四次全体会议公报", "公报"),
        ("关于加强基层治理体系和治理能力现代化建设的意见", "意见"),
        ("国务院办公厅关于印发全国深化“放管服”改革优化营商环境电视电话会议重点任务分工方案的通知", "通知"),
        ("中国共产党纪律处分条例", "条例"),
        ("高举中国特色社会主义伟大旗帜", None),
    ],
)
def test_genre_of(title, genre):
    assert genre_of(title) == genre


def test_filename_fallbacks():
    meta = extract_metadata("各位代表：\n\n现在，我代表国务院向大会报告政府工作。", path="data/1990政府工作报告_李鹏.txt")
    assert meta["title"] is None and meta["year"] == 1990 and meta["speaker"] == "李鹏"
    meta = extract_metadata("本期节目主要内容：", path="20240315.md")
    assert (meta["year"], meta["date"]) == (2024, "2024-03-15")
    meta = extract_metadata("会议号召全国各族人民团结奋斗。", path="十三届二次会议_决议.txt")
    assert meta["speaker"] is None  # 决议 is not a person


def test_headings_are_not_titles_or_dates():
    text = "各位代表：\n\n一、１９５５年国家决算\n\n１９５５年国家决算的收入为…"
    meta = extract_metadata(text, path="1956.txt")
    assert meta["title"] is None and meta["year"] == 1956


def test_work_report_corpus_years_dates_speakers(shared_corpus):
    """Every ropensci report: year, date and speaker agree with the file name."""
    files = sorted((shared_corpus / "gov_work_reports" / "ropensci").glob("*.txt"))
    assert len(files) >= 40
    for f in files:
        doc = pt.read(f)
        year = int(f.name[:4])
        premier = f.stem.split("_")[1]
        assert doc.year == year, f.name
        if doc.date:
            assert doc.date.startswith(str(year)), f.name
        assert doc.speaker in (None, premier), f.name
        assert doc.genre == "报告", f.name


def test_wikisource_years(shared_corpus):
    for f in sorted((shared_corpus / "gov_work_reports" / "wikisource").glob("*.txt")):
        doc = pt.read(f)
        assert doc.year == int(f.stem), f.name
        assert doc.title in (None, "政府工作报告"), f.name
        assert not re.search(r"Public domain|本作品", doc.text), f.name


@pytest.mark.parametrize("case", case_params("metadata_constructed.json"))
def test_constructed_heads(case):
    """Provincial reports, run-together speech heads, addressee lines, year disagreements."""
    meta = extract_metadata(case["head"], path=case["filename"])
    got = {k: meta[k] for k in case["expected"]}
    assert got == case["expected"]


def test_judged_sample_accuracy(shared_corpus):
    """Title, date and speaker right on ≥ 95 % of the judged sample (docs/metadata_accuracy.md);
    no wrong value (as opposed to a missing one) for the speaker or region."""
    from judge_metadata import accuracy, judged_rows

    rows = judged_rows(shared_corpus)
    assert len(rows) >= 40
    for field in ("title", "date", "speaker"):
        right, judged = accuracy(rows, field)
        assert right / judged >= 0.95, (field, right, judged)
    for field in ("speaker", "region"):
        wrong = [r["doc"] for r in rows if r.get(field) is not None and r[field] != r.get(field + "_truth")]
        assert not wrong, (field, wrong)


def test_all_34_province_level_units():
    from policytext.metadata import PROVINCES, region_of

    assert len(PROVINCES) == 34
    for short, full in PROVINCES.items():
        assert region_of(f"{full}人民政府关于加强基层治理的意见") == short, full
        meta = extract_metadata(f"{full}人民政府关于加强基层治理的意见\n各有关单位：\n现提出如下意见。")
        assert meta["region"] == short, full
        meta = extract_metadata(f"政府工作报告\n——2023年1月15日在{full}第十四届人民代表大会第一次会议上\n各位代表：")
        assert meta["region"] == short, full
    # short names only before 自治区/区委; a province named later in a title is not the issuer
    assert region_of("广西区委关于…") == "广西" and region_of("海南藏族自治州") is None
    assert extract_metadata("国务院关于支持福建省探索海峡两岸融合发展新路的意见")["region"] is None
    assert extract_metadata("青海省畜产品出口增长\n新华社西宁电　今年以来…。")["region"] is None


@pytest.mark.parametrize(("name", "ok"), [
    ("周乃翔", True), ("李强", True), ("欧阳修", True), ("的讲话", False), ("陈外长", False),
    ("举行会谈", False), ("图片", False), ("摘要", False), ("艾尔肯·吐尼亚孜", False),
])
def test_is_person_name(name, ok):
    from policytext.metadata import is_person_name

    assert is_person_name(name) is ok


def test_region_and_doubts_are_docvar_columns():
    from policytext.corpus import DOCVAR_COLUMNS

    assert DOCVAR_COLUMNS[-2:] == ("region", "doubts")
    c = pt.Corpus.from_texts(["山东省人民政府关于印发…的通知\n各市人民政府：\n现印发给你们。"])
    row = c.docvars.iloc[0]
    assert row["region"] == "山东" and row["doubts"] is None


def test_delivery_date_wins_over_the_publication_line():
    head = "### 在全国会议上的讲话\n1990-10-25\n第1版(要闻)\n专栏：\n在全国会议上的讲话\n（１９９０年１０月２４日）\n李瑞环\n同志们："
    meta = extract_metadata(head, path="1990-10-25_在全国会议上的讲话.md")
    assert meta["date"] == "1990-10-24" and meta["doubts"] is None
    meta = extract_metadata("### 一九六二年的英国经济\n1963-01-08\n第4版()\n专栏：\n正文。", path="1963-01-08_x.md")
    assert (meta["year"], meta["date"]) == (1963, "1963-01-08")


@pytest.mark.parametrize("head, want", [
    ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小】\n2026年上海市政府工作报告\n"
     "——2026年2月3日在上海市第十六届人民代表大会第四次会议上\n时间：2026-02-09\n上海市市长 龚 正\n各位代表：\n",
     ("2026年上海市政府工作报告", "2026-02-03", "报告", "龚正", "上海")),
    ("您的位置:\n首页\n>\n云南要闻\n云南要闻\n2026年政府工作报告\n来源：云南日报\n2026-02-03 09:02:33\n"
     "【字体：\n大\n中\n小\n】\n——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长　王予波\n各位代表：\n",
     ("2026年政府工作报告", "2026-01-28", "报告", "王予波", "云南")),
    ("当前位置：\n首页\n>\n政务信息\n>\n宁夏要闻\n2026年宁夏回族自治区政府工作报告\n发表时间：\n"
     "2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n阅读量：\n【字体：\n小\n中\n大\n】\n各位代表：\n",
     ("2026年宁夏回族自治区政府工作报告", None, "报告", None, "宁夏")),
])
def test_a_web_page_copy_opens_with_its_controls(head, want):
    """The page's own words (下载, 【字号：, 您的位置：首页 > 云南要闻, 时间：…) are neither
    title nor dateline."""
    meta = extract_metadata(head)
    assert (meta["title"], meta["date"], meta["genre"], meta["speaker"], meta["region"]) == want


@pytest.mark.parametrize("line, speaker", [
    ("重庆市人民政府市长 胡衡华", "胡衡华"),  # 华 ends many given names, and 访华 headlines
    ("自治区主席 嘎玛泽登", "嘎玛泽登"),  # a Tibetan name: no surname
    ("自治区主席 艾尔肯·吐尼亚孜", "艾尔肯·吐尼亚孜"),  # a transliterated name
    ("市长 李长春", "李长春"),
])
def test_a_name_set_apart_on_a_role_line_is_the_speaker(line, speaker):
    head = f"2026年政府工作报告\n——2026年1月28日在重庆市第六届人民代表大会第四次会议上\n时间：2026-02-03\n{line}\n各位代表：\n"
    assert extract_metadata(head)["speaker"] == speaker


def test_a_headline_name_needs_no_headline_characters():
    from policytext.metadata import is_person_name

    assert not is_person_name("胡衡华") and is_person_name("胡衡华", set_apart=True)
    assert not is_person_name("嘎玛泽登") and not is_person_name("艾尔肯·吐尼亚孜")
    assert not is_person_name("李的", set_apart=True)  # a function character is never a name's
    # a headline run together: no name on it
    assert extract_metadata("新加坡总理李光耀今日访华\n正文。")["speaker"] is None


def test_a_photo_caption_over_the_title_is_not_the_body():
    """A page that opens with the photo of the session, captioned with the title: once cleaning
    has taken the credit away (贵州日报天眼新闻记者 李森 摄), the caption repeats the title."""
    from policytext.document import Document

    raw = ("政府工作报告。 贵州日报天眼新闻记者 李森 摄\n政府工作报告\n"
           "（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n省长 李炳军\n各位代表：\n现在，我代表省人民政府向大会报告工作。")
    meta = Document.from_text(raw).meta
    assert (meta["title"], meta["date"], meta["speaker"], meta["region"]) == \
        ("政府工作报告", "2026-01-27", "李炳军", "贵州")
    # a sentence that merely resembles the next line is still the body
    assert extract_metadata("会议召开。\n会议召开了吗\n正文")["title"] is None


def test_a_document_signed_at_its_end_takes_the_signature_date():
    body = "\n".join(f"{n}、第{n}项要求的内容，各单位应当认真执行。" for n in "一二三四五六七八九十")
    text = f"各相关单位:\n为规范管理，现通知如下:\n{body}\n工业和信息化部\n2013年4月11日"
    meta = extract_metadata(text)
    assert (meta["date"], meta["year"]) == ("2013-04-11", 2013)
    # a date after a sentence is no signature; nor is a date line under another date
    assert extract_metadata(f"标题\n{body}\n会议要求抓好落实。\n2013年4月11日")["date"] is None
    assert extract_metadata(f"标题\n{body}\n2013年4月\n2013年4月11日")["date"] is None


def test_a_title_over_two_lines_is_read_whole():
    head = ("决胜全面建成小康社会\n为夺取新时代中国特色社会主义伟大胜利\n"
            "——在中国共产党第十九次全国代表大会上的报告\n（2017年10月18日）\n习　近　平\n同志们：\n")
    meta = extract_metadata(head)
    assert meta["title"] == "决胜全面建成小康社会 为夺取新时代中国特色社会主义伟大胜利"
    assert (meta["date"], meta["speaker"]) == ("2017-10-18", "习近平")
    # a title over a date line stays one line
    assert extract_metadata("政府工作报告\n（2024年3月5日）\n李强\n各位代表：\n")["title"] == "政府工作报告"
