"""Themes a reader accepts: no pieces of phrases, no administrative self-reference, no glossary;
places apart from programmes; grouping by a docvar; one scorer for themes() and the batch."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.aggregate import TokenMatrix, group_token_counts, themes_from_counts
from policytext.extract.themes import (
    PolicyAnalyzer,
    is_admin_word,
    is_fragment,
    strip_glossary,
    themes,
    token_kind,
)

# Made-up report paragraphs in the style of provincial work reports.
HUNAN = (
    "全省上下深入实施三高四新战略，长株潭都市圈建设提速。省人民政府加快长株潭一体化，"
    "长株潭城市群协同发展，我省推进湘江新区建设。全省经济稳中求进、以进促稳，全省民生改善。"
)
GLOSSARY = (
    "\n\n名词解释\n\n1.主办单位：指承办赛事的单位。\n2.编外：指编制以外人员就读、坐诊等情况。"
    "\n3.厅局长：指省直部门主要负责人。教育厅负责主办单位备案。"
)


def test_admin_self_reference_is_dropped():
    for w in ("全市", "我区", "省人民政府", "本省", "全区", "浙江省委", "北京市人民政府"):
        assert is_admin_word(w), w
    for w in ("长株潭", "人民代表大会制度", "自由贸易港", "市场"):
        assert not is_admin_word(w), w
    counts = PolicyAnalyzer().counts(HUNAN)
    assert not {"全省", "我省", "省人民政府"} & set(counts)
    # a 公文 pointing at itself
    notice = "现将《管理办法》（附件）印发给你们，请遵照执行。附件：数据资源管理办法。本办法自印发之日起施行。"
    assert not {"附件", "遵照执行", "本办法"} & set(PolicyAnalyzer().counts(notice))


def test_the_addressee_line_of_a_notice_is_not_counted():
    from policytext.extract.themes import strip_addressees

    text = ("各省、自治区、直辖市及计划单列市工业和信息化主管部门、质量技术监督局，有关行业协会：\n"
            "车联网产业是汽车、电子、信息通信等行业深度融合的新型产业。现发布建设指南，请贯彻执行。")
    assert strip_addressees(text).startswith("\n车联网产业")
    assert strip_addressees("各位代表：\n现在我代表省人民政府作报告。").startswith("各位代表")
    counts = PolicyAnalyzer().counts(text)
    assert "质量技术监督局" not in counts and "计划单列市" not in counts and "产业" in counts


def test_traditional_and_simplified_texts_give_the_same_tokens():
    simplified = "我们第一届全国人民代表大会通过了宪法，国家机关实行民主集中制，社会主义建设。" * 2
    traditional = "我們第一屆全國人民代表大會通過了憲法，國家機關實行民主集中制，社會主義建設。" * 2
    analyzer = PolicyAnalyzer()
    assert analyzer.counts(traditional) == analyzer.counts(simplified)
    assert "社会主义" in analyzer.counts(traditional)


def test_the_tail_of_a_village_name_is_not_a_word():
    text = "旧庄沟村的梯田，布楞沟村的新房，达子沟村。旧庄沟村修路，布楞沟村通水。"
    assert "沟村" not in PolicyAnalyzer().counts(text)


def test_enumeration_markers_are_not_words():
    text = "一要稳增长，二要调结构，三要惠民生，四要防风险。四要加强监管，四要守住底线。"
    counts = PolicyAnalyzer().counts(text)
    assert not {"四要", "三要", "二要"} & set(counts)
    assert "稳增长" in counts or "增长" in counts


def test_pieces_of_phrases_are_not_words():
    text = "长株潭都市圈，长株潭一体化，长株潭城市群。"
    assert is_fragment("长株", text, 3)  # always followed by 潭
    assert is_fragment("之稳", "稳中之稳，求稳之稳", 2)  # a function character glued on
    assert not is_fragment("村超", "贵州“村超”火了，村超比赛，看村超。", 3)
    assert is_fragment("引江济", "引江济淮工程，引江济淮通水", 2)
    counts = PolicyAnalyzer().counts(HUNAN)
    assert "长株" not in counts


def test_the_glossary_of_a_report_is_not_counted():
    text = HUNAN * 3 + GLOSSARY
    assert strip_glossary(text) == HUNAN * 3 + "\n\n"
    assert strip_glossary(GLOSSARY + HUNAN * 3) == GLOSSARY + HUNAN * 3  # a heading early on
    counts = PolicyAnalyzer().counts(text)
    assert not {"主办单位", "编外", "坐诊", "就读", "教育厅"} & set(counts)
    assert "主办单位" in PolicyAnalyzer(glossary=True).counts(text)


def test_places_apart_from_programmes():
    assert token_kind("门头沟区") == "place"
    assert token_kind("涿州") == "place"
    assert token_kind("雄安新区") == "term"
    assert token_kind("三高四新") == "term"
    # cities the dictionary tags as common words, and common words it tags as places
    for city in ("白银", "包头", "平凉", "金昌", "格尔木", "义乌"):
        assert token_kind(city) == "place", city
    for word in ("城市", "超市", "联盟", "神圣", "美丽", "平安", "资源", "合作", "惠民"):
        assert token_kind(word) == "term", word
    docs = Corpus.from_texts([HUNAN + "株洲、湘潭、岳阳、常德发展加快。", "海南自由贸易港建设，海口、三亚发展。",
                              "粤港澳大湾区建设，深圳、广州发展。"], doc_ids=["hn", "hi", "gd"])
    both = themes(docs, 30)
    places = themes(docs, 30, kinds=["place"])
    terms = themes(docs, 30, kinds=["term"])
    assert set(places["term"]).isdisjoint(terms["term"])
    assert all(token_kind(t) == "place" for t in places["term"])
    # scores do not depend on the choice: the kinds partition the full table
    merged = pd.concat([places, terms]).set_index(["doc_id", "term"])["score"]
    full = both.set_index(["doc_id", "term"])["score"]
    common = full.index.intersection(merged.index)
    assert len(common) == len(full)
    assert (merged.loc[common] - full.loc[common]).abs().max() < 1e-12
    with pytest.raises(ValueError, match="kind"):
        themes(docs, kinds=["places"])


def test_group_by_a_docvar_equals_pooled_documents():
    docs = [Document(HUNAN, doc_id="a", meta={"region": "湖南"}),
            Document("海南自由贸易港封关运作，洋浦港扩建。", doc_id="b", meta={"region": "海南"}),
            Document("湘江新区发展加快，三高四新战略定位。", doc_id="c", meta={"region": "湖南"}),
            Document("粤港澳大湾区，横琴、前海、南沙。", doc_id="d", meta={"region": None})]
    by_region = themes(docs, 10, by="region", idf="builtin")
    assert list(dict.fromkeys(by_region["region"])) == ["海南", "湖南"]  # sorted, None left out
    pooled = themes([Document(HUNAN + "\n" + docs[2].text, doc_id="湖南"), docs[1]], 10, idf="builtin")
    hn = by_region[by_region["region"] == "湖南"].reset_index(drop=True)
    ph = pooled[pooled["doc_id"] == "湖南"].reset_index(drop=True)
    assert hn["term"].tolist() == ph["term"].tolist()


def test_themes_is_the_batch_scorer_on_document_counts():
    docs = Corpus.from_texts([HUNAN, "海南自由贸易港封关运作，洋浦港扩建，海口发展。", "粤港澳大湾区横琴前海南沙。"],
                             doc_ids=["hn", "hi", "gd"])
    analyzer = PolicyAnalyzer()
    counts = {d.doc_id: analyzer.counts(d) for d in docs}
    expected = themes_from_counts(counts, 15)
    pd.testing.assert_frame_equal(themes(docs, 15, analyzer=analyzer), expected)


def test_group_token_counts_sums_rows_and_applies_min_count():
    m = TokenMatrix.from_counts({"a": {"x": 1, "y": 2}, "b": {"x": 2}, "c": {"z": 5}})
    g = group_token_counts(m, {"a": "k", "b": "k", "c": None}, min_count=2)
    assert list(g.doc_ids) == ["k"]
    assert dict(zip(g.terms, g.csr().toarray()[0])) == {"x": 3, "y": 2}


def test_top_n_still_works_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = themes(HUNAN, top_n=3, idf="builtin")
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    assert old.equals(themes(HUNAN, top=3, idf="builtin"))
    with pytest.raises(ValueError, match="top"):
        themes(HUNAN, top=0)


def test_a_unit_does_not_list_its_own_name():
    from policytext.extract.themes import own_names

    assert own_names("海南")[:3] == ("海南", "海南省", "海南市")
    assert own_names("2024.txt") == () and own_names(2024) == ()
    docs = Corpus.from_texts(["海南省推进海南自由贸易港建设，海南封关运作，海南洋浦港。" * 2,
                              "湖南实施三高四新战略，湖南省长株潭都市圈。" * 2,
                              "广东推进粤港澳大湾区建设，广东横琴前海。" * 2], doc_ids=["海南", "湖南", "广东"])
    t = themes(docs, 20)
    for unit in ("海南", "湖南", "广东"):
        assert not set(own_names(unit)) & set(t.loc[t["doc_id"] == unit, "term"])
    assert "海南自由贸易港" in set(t.loc[t["doc_id"] == "海南", "term"])
    # under a file name and without a region docvar the text is all there is: 海南 is a theme
    texts = [d.text for d in docs]
    t2 = themes(Corpus.from_texts(texts, doc_ids=["a.txt", "b.txt", "c.txt"]), 20)
    assert {"海南", "海南省"} & set(t2.loc[t2["doc_id"] == "a.txt", "term"])


def test_a_document_named_by_file_leaves_out_its_region(tmp_path, provincial_reports):
    """Reports read from files named 海南省2024年政府工作报告.txt carry a region docvar: their own
    province is left out of their themes as if they were keyed by it, in themes() and in
    analyze's themes.csv."""
    from policytext.batch import analyze
    from policytext.extract.themes import own_names

    texts = {"海南": "海南省推进海南自由贸易港建设，海南封关运作，海南洋浦港。",
             "湖南": "湖南实施三高四新战略，湖南省长株潭都市圈。",
             "广东": "广东推进粤港澳大湾区建设，广东横琴前海。"}
    folder = provincial_reports(texts, 2024, repeat=3)
    corpus = Corpus.from_dir(folder)
    assert sorted(d.meta["region"] for d in corpus) == sorted(texts)
    t = themes(corpus, 20)
    tables = analyze([folder], tmp_path / "out")
    for frame in (t, tables["themes"]):
        for doc_id, terms in frame.groupby("doc_id")["term"]:
            prov = next(p for p in texts if p in str(doc_id))
            assert not set(own_names(prov)) & set(terms), (doc_id, list(terms))
    assert "海南自由贸易港" in set(t["term"])


def test_a_report_saved_from_a_web_page_leaves_out_its_province_and_governor(tmp_path):
    """A report copied from a web page (下载 打印 【字号：… above its title) still has its region
    and speaker read, and neither its province nor its governor is among its themes, in
    themes() and in analyze's themes.csv."""
    from policytext.batch import analyze

    chrome = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
    texts = {"山西": ("卢东亮", "山西推进能源革命综合改革试点，山西煤炭清洁高效利用。"),
             "江苏": ("刘小涛", "江苏建设强富美高新江苏，江苏苏超火热，太湖治理。"),
             "海南": ("刘小明", "海南推进海南自由贸易港建设，海南封关运作，洋浦港。")}
    folder = tmp_path / "in"
    folder.mkdir()
    for prov, (governor, text) in texts.items():
        (folder / f"{prov}.txt").write_text(
            f"{chrome}2026年{prov}省政府工作报告\n——2026年1月27日在{prov}省第十四届人民代表大会第四次会议上\n"
            f"时间：2026-02-09\n省长 {governor}\n各位代表：\n" + text * 3 + f"\n{governor}代表省政府作报告。",
            encoding="utf-8")
    corpus = Corpus.from_dir(folder)
    assert {d.meta["region"]: d.meta["speaker"] for d in corpus} == {p: g for p, (g, _) in texts.items()}
    tables = analyze([folder], tmp_path / "out")
    for frame in (themes(corpus, 20), tables["themes"]):
        for doc_id, terms in frame.groupby("doc_id")["term"]:
            prov = next(p for p in texts if p in str(doc_id))
            assert not ({texts[prov][0], prov, prov + "省"} & set(terms)), (doc_id, list(terms))


def test_quoted_programme_names_are_kept_whole():
    """A programme the report quotes and uses again (“五区共兴”) is one token, not 五区 + 共兴;
    one quoted once (“黄小西吃晚饭”) is no theme, and neither are its pieces."""
    from policytext.extract.themes import PolicyAnalyzer, quoted_names

    text = ("推进“五区共兴”，五区共兴取得新成效，深化五区共兴。打响“黄小西吃晚饭”品牌。"
            "建设“天府粮仓”，天府粮仓建设提质，“天府粮仓”千万亩。")
    assert quoted_names(text) == {"五区共兴", "天府粮仓", "黄小西吃晚饭"}
    counts = PolicyAnalyzer().counts(text)
    assert counts["五区共兴"] == 3 and counts["天府粮仓"] == 3
    assert not {"共兴", "黄小西", "吃晚饭", "黄小西吃晚饭"} & set(counts)


@pytest.mark.parametrize("token", ["自治区", "盟市", "旗县", "区县", "市属", "全疆", "驻晋", "全川"])
def test_own_jurisdiction_words_are_admin(token):
    from policytext.extract.themes import is_admin_word

    assert is_admin_word(token)


def test_a_piece_after_numbers_is_a_fragment():
    """号线 of 2号线、18号线 always follows a number: a piece, not a word; 一要 is an
    enumeration's marker even when the dictionary lists it."""
    from policytext.extract.themes import PolicyAnalyzer

    text = "建成2号线西延伸、18号线二期，加快建设19号线、20号线。一要稳增长，二要促改革。"
    counts = PolicyAnalyzer().counts(text)
    assert "号线" not in counts and "一要" not in counts and "二要" not in counts


def test_pronouns_and_measure_words_are_no_themes():
    counts = PolicyAnalyzer().counts("本届政府新建高速公路300公里，本届政府一系列举措。该校扩招，该校本科扩招。")
    assert not {"本届", "公里", "系列", "该校"} & set(counts)
    assert "本科" in counts  # a noun the dictionary tags as a pronoun
    assert "本届" in PolicyAnalyzer(stopwords=()).counts("本届政府，本届政府")  # all kept when asked


def test_an_administrative_ending_makes_a_place_only_of_a_name():
    for place in ("下范村", "十八洞村", "那曲市"):
        assert token_kind(place) == "place", place
    # slogans and zones that end like a place: 强省, 城市, enumerations, abbreviations
    for term in ("制造强省", "花园城市", "三区三州", "百县千镇万村", "两区", "发展区", "经开区"):
        assert token_kind(term) == "term", term


def test_common_words_the_dictionary_tags_as_places_are_no_places():
    from policytext.extract.dictionary import word_tag

    # jieba's dictionary tags these ns; read in their contexts, they are not place names
    for word in ("伦理", "维度", "满意度", "惠及", "依法治国", "普京", "北约", "智慧城市"):
        assert token_kind(word) == "term", word
    assert word_tag("普京") == "nr" and word_tag("惠及") == "v"
    for word in ("日内瓦", "长江", "中东", "海湾", "长三角"):
        assert token_kind(word) == "place", word
