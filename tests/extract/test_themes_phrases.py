"""Repeated multi-word names are counted as theme tokens (冰雪经济, 长春现代化都市圈, 长株潭);
ordinary phrases, cut clauses, titles and a region's own name are not."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.themes import PolicyAnalyzer, themes
from policytext.extract.themes.phrases import (
    CLOSES,
    HEAD,
    MARKS,
    OPENS,
    is_bound,
    repeated_phrases,
    token_role,
)

# Made-up paragraphs in the style of a provincial work report.
REPORT = (
    "做强冰雪经济，冰雪经济收入增长三成。加快长春现代化都市圈建设，长春现代化都市圈辐射带动。"
    "长株潭一体化提速，长株潭城市群协同。建设浦东引领区，浦东引领区能级提升。"
    "发展国家经济，国家经济稳定。全面贯彻党的方针，全面贯彻党中央部署。"
    "副省长孙守刚出席，副省长孙守刚讲话。吉林碳纤维产业园投产，吉林碳纤维产业园扩建。"
    "冰雪旅游火热。"
)


@pytest.fixture(scope="module")
def analyzer():
    return PolicyAnalyzer()


def test_repeated_names_are_tokens(analyzer):
    counts = analyzer.counts(REPORT)
    for name in ("冰雪经济", "长春现代化都市圈", "长株潭", "浦东引领区"):
        assert counts.get(name) == 2, name
    # their words are still counted, where the text also uses them on their own
    assert counts["冰雪"] == 3 and counts["经济"] >= 2


def test_ordinary_phrases_cut_clauses_and_titles_are_not_names(analyzer):
    counts = analyzer.counts(REPORT)
    # dictionary words after a common word (国家 + 经济), a clause cut before 的 (党 is no
    # head), a title with a person's name
    assert not {"国家经济", "全面贯彻党", "副省长孙守刚", "省长孙守刚"} & set(counts)


def test_a_phrase_holding_the_documents_region_is_not_counted(analyzer):
    # no region known: the text is all there is
    assert "吉林碳纤维产业园" in analyzer.counts(REPORT)
    doc = Document(REPORT, "r", meta={"region": "吉林"})
    for counts in (analyzer.counts(doc), analyzer.counts(REPORT, own_names=["吉林"])):
        assert "吉林碳纤维产业园" not in counts
        assert counts.get("冰雪经济") == 2


def test_a_piece_never_used_outside_its_name_is_counted_as_the_name(analyzer):
    counts = analyzer.counts("长株潭都市圈扩容，长株潭一体化提速。")
    assert counts.get("长株潭") == 2 and "长株" not in counts


def test_a_phrase_used_once_is_not_a_token(analyzer):
    assert "冰雪经济" not in analyzer.counts("做强冰雪经济，发展冰雪旅游。冰雪运动普及。")


def test_counts_and_token_list_agree_and_the_option_turns_it_off(analyzer):
    assert analyzer.counts(REPORT) == dict(Counter(analyzer(REPORT)))
    plain = PolicyAnalyzer(phrases=False)
    assert "冰雪经济" not in plain.counts(REPORT)
    assert "长株潭" not in plain.counts(REPORT)
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored.counts(REPORT) == analyzer.counts(REPORT)


def test_token_roles():
    assert token_role("冰雪", True, False) & OPENS
    assert token_role("经济", True, False) & HEAD
    assert token_role("区", False, False) & CLOSES and token_role("区", False, False) & MARKS
    assert not token_role("党", False, False) & CLOSES  # 全面贯彻党的…: no head
    assert not token_role("推动", True, False) & OPENS  # a verb opens a clause, not a name
    assert not token_role("发展", True, False) & CLOSES
    assert token_role("副省长", True, False) == 0  # a title
    assert token_role("，", False, False) == 0


def test_repeated_phrases_reports_tokens_and_uses():
    tokens = ["做强", "冰雪", "经济", "，", "冰雪", "经济", "收入"]
    roles = [token_role(t, t not in ("，",), False) for t in tokens]
    found = repeated_phrases(tokens, roles, "".join(tokens), is_term=lambda t: False)
    assert found == {"冰雪经济": (("冰雪", "经济"), 2)}
    assert repeated_phrases(tokens[:3], roles[:3], "做强冰雪经济", is_term=lambda t: False) == {}


def test_themes_list_a_provinces_repeated_programme():
    heilongjiang = ("大力发展冰雪经济，冰雪经济成为新引擎，冰雪经济带动就业。哈尔滨亚冬会成功举办。"
                    "推进现代化大农业，现代化大农业示范区建设。")
    others = ["推进制造业升级，制造业投资增长。发展经济，稳定就业。",
              "加快海洋经济发展，港口吞吐量增长。发展经济，扩大开放。",
              "推进现代服务业，金融业增加值增长。发展经济，改善民生。"]
    corpus = Corpus.from_texts([heilongjiang, *others], doc_ids=["黑龙江", "山东", "上海", "北京"])
    top = themes(corpus, 5)
    assert {"冰雪经济", "现代化大农业"} <= set(top[top.doc_id == "黑龙江"].term)


def test_own_name_glued_to_a_place_is_self_reference(analyzer):
    text = "山西太原举办博览会，山西太原的企业签约。太原发展加快。"
    assert analyzer.counts(text).get("山西太原") == 2  # no region known
    counts = analyzer.counts(Document(text, "r", meta={"region": "山西"}))
    assert "山西太原" not in counts and counts["太原"] == 3


def test_a_rare_word_used_only_inside_a_run_makes_it_a_name(analyzer):
    text = "非常规天然气增储上产，非常规天然气产量增长。天然气管网建设。"
    counts = analyzer.counts(text)
    assert counts.get("非常规天然气") == 2 and "非常规" not in counts
    assert counts["天然气"] == 3  # also used on its own: still a word


def test_quoted_programme_numbers_are_tokens(analyzer):
    text = "迭代优化“33618”现代制造业集群体系，“33618”成效明显。聚焦“1+2+4+N”目标任务体系。2025年"
    counts = analyzer.counts(text)
    assert counts.get("33618") == 2
    assert "1+2+4+N" not in counts  # used once
    assert "2025" not in counts
    # a number that only begins like the code is no use of it
    text = "落实省委“132”总体工作部署，总产量132.4亿斤，全面落实“132”总体工作部署。"
    assert analyzer.counts(text).get("132") == 2
    assert analyzer(text).count("132") == 2


def test_analyze_counts_phrases_as_themes_does(tmp_path, provincial_reports):
    """The batch runner counts each Document as themes() does: its region docvar keeps the
    province's phrases out of analyze's themes.csv too."""
    from policytext.batch import analyze

    texts = {"吉林": "吉林碳纤维产业园投产，吉林碳纤维产业园扩建。大力发展冰雪经济，冰雪经济火热。",
             "湖南": "长株潭都市圈扩容，长株潭一体化提速。湘江新区建设。",
             "广东": "推进百千万工程，横琴合作区建设，前海合作区开放。"}
    folder = provincial_reports(texts, 2026)
    corpus = Corpus.from_dir(folder)
    in_memory = themes(corpus, 20)
    batch = analyze([folder], tmp_path / "out")["themes"]
    assert (sorted(zip(in_memory.doc_id.map(str), in_memory.term))
            == sorted(zip(batch.doc_id.map(str), batch.term)))
    assert "吉林碳纤维产业园" not in set(batch.term)
    assert {"冰雪经济", "长株潭"} <= set(batch.term)


def test_a_rare_word_mostly_used_inside_a_run_makes_it_a_name(analyzer):
    # 热带雨林 in 5 of its 6 uses: the run is the name the document uses
    text = ("海南热带雨林国家公园建设，推动热带雨林国家公园立法，热带雨林国家公园入选名录，"
            "热带雨林国家公园管理局组建，热带雨林国家公园生态修复。发展热带雨林旅游。")
    assert analyzer.counts(text).get("热带雨林国家公园") == 5
    assert analyzer.counts(text)["热带雨林"] == 1  # the use outside the name
    # a rare verb or adjective makes a run a name only when never used outside it
    assert is_bound("热带雨林", 5, 6) and not is_bound("热带雨林", 4, 6)
    assert is_bound("天开", 4, 4) and not is_bound("天开", 3, 4)  # a verb of the dictionary
    assert is_bound("非常规", 2, 2) and not is_bound("经济", 2, 2)  # 经济 is no rare word


def test_a_common_verb_does_not_open_a_name(analyzer):
    # the dictionary tags 深化 as an abbreviation; corrected, it opens a clause
    text = "深化国资国企改革，组建集团。深化国资国企改革，提升效益。"
    assert "深化国资国企改革" not in analyzer.counts(text)


def test_a_name_extended_by_a_closing_word_in_most_uses_is_the_longer_name(analyzer):
    text = ("资源型经济转型取得进展，推动资源型经济转型发展，国家资源型经济转型综合配套改革。"
            "资源型经济固有的问题。")
    counts = analyzer.counts(text)
    assert counts.get("资源型经济转型") == 3 and "资源型经济" not in counts


def test_a_run_opening_with_a_word_may_start_with_a_function_character(analyzer):
    # 中 and 对 open pieces of phrases (中去, 对标), not words such as 中原 and 对口
    text = "中原农谷建设提速，推动中原农谷、周口国家农高区发展。深化对口援疆，对口援疆资金到位。"
    counts = analyzer.counts(text)
    assert counts.get("中原农谷") == 2 and counts.get("对口援疆") == 2
    # an unknown piece that opens with one is cut from a clause: 在推动高质量发展中 + 积厚成势
    slogan = "在推动高质量发展中积厚成势、整体跃升。在扩大高水平开放中积厚成势、整体跃升。"
    assert not [t for t in analyzer.counts(slogan) if t.startswith("中积")]


def test_a_piece_that_is_no_word_is_counted_outside_its_names(analyzer):
    # 共兴 (no dictionary word) in 2 of its 4 uses inside 五区共兴: counted 2, as the
    # document uses it on its own; a dictionary word keeps all its uses (洞庭湖)
    text = ("推动五区共兴，五区共兴格局形成。城乡共兴，区域共兴。"
            "洞庭湖生态经济区建设，洞庭湖生态经济区提质。洞庭湖水位回升。")
    counts = analyzer.counts(text)
    assert counts.get("五区共兴") == 2 and counts.get("共兴") == 2
    assert counts.get("洞庭湖") == 3
    assert analyzer.counts(text) == dict(Counter(analyzer(text)))


def test_a_place_and_a_one_character_head_make_a_name_but_not_an_administrative_name(analyzer):
    # 三江 + 源 is the source region of three rivers; the segmenter also cut 三江源绿电 as 三江 +
    # 源绿, yet 三江 is never used outside 三江源 and is counted only as it
    counts = analyzer.counts("保护三江源生态，推进三江源“中华水塔”保护，发展三江源绿电智算。")
    assert counts.get("三江源") == 2 and "三江" not in counts
    # a place and its administrative ending is the place itself, not a new name
    counts = analyzer.counts("巴彦淖尔市农业增产，巴彦淖尔市河套灌区节水。巴彦淖尔风光好。")
    assert "巴彦淖尔市" not in counts
