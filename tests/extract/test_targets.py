"""Tests for policytext.extract.targets: main targets (主要预期目标) and reported results."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from case_files import case_params, load_cases
from policytext.corpus import Corpus, Document
from policytext.extract.targets import (
    CANONICAL,
    TARGET_COLUMNS,
    indicators,
    iter_targets,
    parse_number,
    target_rows,
    targets,
)

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "data" / "gov_work_reports"


def _rows(text: str, year: int | None = 2024) -> list[tuple]:
    df = targets(Document(text=text, doc_id="d", meta={"year": year}))
    return [(r.canonical, r.value, None if math.isnan(r.value_high) else r.value_high, r.unit,
             r.qualifier, r.kind) for r in df.itertuples()]


# --- the national GDP series, from public record -------------------------------------------------
#: GDP growth target of each year's report: (value, value_high, qualifier); None: no target
GDP_TARGETS = {
    **{y: (8.0, None, "左右") for y in range(2005, 2012)},
    2012: (7.5, None, ""),
    2013: (7.5, None, "左右"), 2014: (7.5, None, "左右"),
    2015: (7.0, None, "左右"),
    2016: (6.5, 7.0, ""),
    2017: (6.5, None, "左右"), 2018: (6.5, None, "左右"),
    2019: (6.0, 6.5, ""),
    2020: None,  # 我们没有提出全年经济增速具体目标
    2021: (6.0, None, "以上"),
    2022: (5.5, None, "左右"),
    2023: (5.0, None, "左右"), 2024: (5.0, None, "左右"), 2025: (5.0, None, "左右"),
}
#: GDP growth of the year before, as each report's review states it (public record)
GDP_RESULTS = {2005: 9.5, 2006: 9.9, 2007: 10.7, 2009: 9.0, 2010: 8.7, 2011: 10.3, 2012: 9.2,
               2013: 7.8, 2014: 7.7, 2015: 7.4, 2016: 6.9, 2018: 6.9, 2019: 6.6, 2020: 6.1,
               2021: 2.3, 2022: 8.1, 2023: 3.0, 2024: 5.2, 2025: 5.0}


@pytest.fixture(scope="module")
def national():
    corpus = Corpus.from_dir(REPORTS, pattern="20*.txt")
    return targets(corpus)


def test_gdp_target_series_2005_2025(national):
    gdp = national[(national.canonical == "gdp_growth") & (national.kind == "target")]
    for year, want in GDP_TARGETS.items():
        rows = gdp[gdp.doc_id == f"{year}.txt"]
        if want is None:
            assert rows.empty, (year, rows)
            continue
        assert len(rows) == 1, (year, rows[["indicator", "value"]])
        r = rows.iloc[0]
        high = None if math.isnan(r.value_high) else r.value_high
        assert (r.value, high, r.qualifier, r.unit, r.year) == (*want, "%", year), year


def test_gdp_results_of_the_year_before(national):
    gdp = national[(national.canonical == "gdp_growth") & (national.kind == "actual")]
    for year, want in GDP_RESULTS.items():
        rows = gdp[gdp.doc_id == f"{year}.txt"]
        assert rows.value.tolist() == [want], year
        assert rows.year.tolist() == [year - 1]
    assert len(GDP_RESULTS) >= 10


def test_2025_report_rows(national):
    doc = national[national.doc_id == "2025.txt"]
    got = {(r.canonical, r.value, r.unit, r.qualifier) for r in doc[doc.kind == "target"].itertuples()}
    assert {("gdp_growth", 5.0, "%", "左右"), ("unemployment_rate", 5.5, "%", "左右"),
            ("new_urban_jobs", 1200.0, "万人", "以上"), ("cpi", 2.0, "%", "左右"),
            ("grain_output", 1.4, "万亿斤", "左右"), ("energy_intensity", 3.0, "%", "左右"),
            ("deficit_ratio", 4.0, "%", "左右"), ("special_bonds", 4.4, "万亿元", "")} <= got
    actual = {(r.canonical, r.value) for r in doc[doc.kind == "actual"].itertuples()}
    assert {("gdp_growth", 5.0), ("new_urban_jobs", 1256.0), ("cpi", 0.2)} <= actual
    # every span is the figure as written (offsets into the cleaned text)
    doc0 = Corpus.from_dir(REPORTS, pattern="2025.txt")[0]
    for r in doc.itertuples():
        span = doc0.text[r.start:r.end]
        assert span and span[0] in "0123456789０１２３４５６７８９百低不超高", span
        assert span in r.sentence


def test_2020_has_no_gdp_target_but_its_other_targets(national):
    doc = national[(national.doc_id == "2020.txt") & (national.kind == "target")]
    assert "gdp_growth" not in set(doc.canonical)
    assert ("unemployment_rate", 6.0, "左右") in {(r.canonical, r.value, r.qualifier)
                                                  for r in doc.itertuples()}


def test_multi_year_figures_are_left_out(national):
    # 2016: 十三五 plan (年均增长6.5%以上) and the 2011 report's 今后五年…年均增长7%
    for doc_id in ("2011.txt", "2016.txt"):
        gdp = national[(national.doc_id == doc_id) & (national.canonical == "gdp_growth")]
        assert len(gdp[gdp.kind == "target"]) == 1


# --- constructions --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "want"), [
    ("今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上。",
     [("gdp_growth", 5.0, None, "%", "左右", "target"),
      ("unemployment_rate", 5.5, None, "%", "左右", "target"),
      ("new_urban_jobs", 1200.0, None, "万人", "以上", "target")]),
    ("主要预期目标是：城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。",
     [("unemployment_rate", 5.0, None, "%", "以内", "target"), ("cpi", 3.0, None, "%", "以内", "target")]),
    ("主要预期目标是：一般公共预算收入和社会消费品零售总额分别增长5%和7%左右。",
     [("fiscal_revenue_growth", 5.0, None, "%", "左右", "target"),
      ("retail_sales_growth", 7.0, None, "%", "左右", "target")]),
    ("去年，城镇居民人均可支配收入和农村居民人均纯收入实际增长8.4％和11.4％。\n主要预期目标是：国内生产总值增长7.5%。",
     [("urban_income_growth", 8.4, None, "%", "", "actual"),
      ("rural_income_growth", 11.4, None, "%", "", "actual"),
      ("gdp_growth", 7.5, None, "%", "", "target")]),
    ("主要预期目标是：地区生产总值增长7%以上、力争达到8%。",
     [("gdp_growth", 7.0, None, "%", "以上", "target"), ("gdp_growth", 8.0, None, "%", "", "stretch")]),
    ("主要预期目标是：地区生产总值增长6%以上，力争7%。",
     [("gdp_growth", 6.0, None, "%", "以上", "target"), ("gdp_growth", 7.0, None, "%", "", "stretch")]),
    ("主要预期目标是：国内生产总值增长５．０％—５．５％。",
     [("gdp_growth", 5.0, 5.5, "%", "", "target")]),
    ("主要预期目标是：国内生产总值增长6%-6.5%。", [("gdp_growth", 6.0, 6.5, "%", "", "target")]),
    ("主要预期目标是：地区生产总值增长6.5—7%。", [("gdp_growth", 6.5, 7.0, "%", "", "target")]),
    ("今年国民生产总值计划增长百分之八，全社会固定资产投资增长百分之七点五。",
     [("gdp_growth", 8.0, None, "%", "", "target"),
      ("fixed_investment_growth", 7.5, None, "%", "", "target")]),
    ("今年经济增长速度的宏观调控目标，定为百分之八至九。", [("gdp_growth", 8.0, 9.0, "%", "", "target")]),
    ("综合分析国内外的有利条件和制约因素，今年的经济增长预期为7％左右。",
     [("gdp_growth", 7.0, None, "%", "左右", "target")]),
    ("今年国民经济宏观调控的主要目标是：经济增长速度8 ％，商品零售价格涨幅控制在3 ％以内。",
     [("gdp_growth", 8.0, None, "%", "", "target"), ("retail_prices", 3.0, None, "%", "以内", "target")]),
    ("主要预期目标是：城镇登记失业率低于4.6%。",
     [("registered_unemployment_rate", 4.6, None, "%", "以下", "target")]),
    ("主要预期目标是：第一产业增加值增长3.5%，第三产业增加值增长6%。",
     [("primary_va_growth", 3.5, None, "%", "", "target"), ("tertiary_va_growth", 6.0, None, "%", "", "target")]),
    # wordings of provincial reports and of the news that quotes them
    ("2024年，全省经济社会发展主要预期目标有：地区生产总值增长5%左右。",
     [("gdp_growth", 5.0, None, "%", "左右", "target")]),
    ("一、2023年工作回顾\n2023年生产总值增长4.1%\n\n2024年主要目标\n经济增长目标确定为5.5%\n"
     "城镇新增就业110万人以上",
     [("gdp_growth", 4.1, None, "%", "", "actual"), ("gdp_growth", 5.5, None, "%", "", "target"),
      ("new_urban_jobs", 110.0, None, "万人", "以上", "target")]),
    ("二、2025年主要目标任务\n全省地区生产总值增长5.5%以上；\n固定资产投资增长5%左右；",
     [("gdp_growth", 5.5, None, "%", "以上", "target"),
      ("fixed_investment_growth", 5.0, None, "%", "左右", "target")]),
    ("在谈到2025年工作安排时，省长说，今年发展主要预期目标是：地区生产总值增长5.5%以上。",
     [("gdp_growth", 5.5, None, "%", "以上", "target")]),
    ("对于2025年全市经济社会发展的预期目标，报告显示，地区生产总值增长5%左右，"
     "节能减排完成国家下达目标。", [("gdp_growth", 5.0, None, "%", "左右", "target")]),
    ("报告提出2024年新的预期目标，其中包括地区生产总值增长6%左右。",
     [("gdp_growth", 6.0, None, "%", "左右", "target")]),
    ("全社会研发投入强度突破2%。\n今年主要预期目标是：城镇调查失业率5.5% 以内。",
     [("rd_intensity", 2.0, None, "%", "以上", "actual"),
      ("unemployment_rate", 5.5, None, "%", "以内", "target")]),
    ("去年城镇居民人均可支配收入51140元、增长8.4%，2023年广东地区生产总值达到13.57万亿元、增长4.8%，"
     "新成绩:规上工业增加值增长4.4%。\n今年主要预期目标是：地区生产总值增长5%。",
     [("urban_income_growth", 8.4, None, "%", "", "actual"), ("gdp_growth", 4.8, None, "%", "", "actual"),
      ("industrial_va_growth", 4.4, None, "%", "", "actual"), ("gdp_growth", 5.0, None, "%", "", "target")]),
    ("2026年是“十五五”开局之年，经济社会发展主要预期目标是：地区生产总值增长5%左右。",
     [("gdp_growth", 5.0, None, "%", "左右", "target")]),
    ("主要预期目标是：单位生产总值能耗降低2.5%以上，力争“十四五”以来累计降低10%左右。",
     [("energy_intensity", 2.5, None, "%", "以上", "target")]),
    # wordings of the full provincial reports of 2026
    ("主要预期目标是：地区生产总值增长5%左右，CPI涨幅2%左右。",
     [("gdp_growth", 5.0, None, "%", "左右", "target"), ("cpi", 2.0, None, "%", "左右", "target")]),
    ("主要预期目标是：一产、二产、三产增加值分别增长5%左右、5%以上、5%左右。",
     [("primary_va_growth", 5.0, None, "%", "左右", "target"),
      ("secondary_va_growth", 5.0, None, "%", "以上", "target"),
      ("tertiary_va_growth", 5.0, None, "%", "左右", "target")]),
    ("主要预期目标是：地区生产总值增长5%左右，其中一二三产增加值分别增长3.5%左右、6%左右、5%左右。",
     [("gdp_growth", 5.0, None, "%", "左右", "target"),
      ("primary_va_growth", 3.5, None, "%", "左右", "target"),
      ("secondary_va_growth", 6.0, None, "%", "左右", "target"),
      ("tertiary_va_growth", 5.0, None, "%", "左右", "target")]),
    ("主要预期目标是：一产增加值增长6%左右，二产增加值增长6%左右，三产增加值增长5.5%左右。",
     [("primary_va_growth", 6.0, None, "%", "左右", "target"),
      ("secondary_va_growth", 6.0, None, "%", "左右", "target"),
      ("tertiary_va_growth", 5.5, None, "%", "左右", "target")]),
    ("全年完成地区生产总值32765亿元、增长4.1%，城镇调查失业率均值5.2%，社会消费品零售总额实现4.6万亿元、"
     "增长2.8%。\n主要预期目标是：地区生产总值增长5%左右。",
     [("gdp_growth", 4.1, None, "%", "", "actual"), ("unemployment_rate", 5.2, None, "%", "", "actual"),
      ("retail_sales_growth", 2.8, None, "%", "", "actual"), ("gdp_growth", 5.0, None, "%", "左右", "target")]),
    ("一、二季度经济平稳增长；针对三季度经济增速回落的情况，出台政策措施，全年地区生产总值增长4.9%。\n"
     "主要预期目标是：地区生产总值增长5%左右。",
     [("gdp_growth", 4.9, None, "%", "", "actual"), ("gdp_growth", 5.0, None, "%", "左右", "target")]),
    ("扣除房地产开发投资后，固定资产投资增长2.7%。扣除物价上涨因素，农村居民人均纯收入增长3.2%。\n"
     "主要预期目标是：地区生产总值增长5%左右。",
     [("rural_income_growth", 3.2, None, "%", "", "actual"), ("gdp_growth", 5.0, None, "%", "左右", "target")]),
])
def test_constructions(text, want):
    assert _rows(text) == want


def test_a_target_list_of_one_paragraph_an_item():
    """提出…主要预期目标：⏎一是…。…预期全省地区生产总值增长5.5%左右；…⏎二是… (an item a
    paragraph, each with a title sentence first); 为实现上述目标 ends the list."""
    text = ("按照上述总体要求，提出2024年经济社会发展主要预期目标：\n"
            "一是增强高质量发展新动能。以科技创新为引领。预期全省地区生产总值增长5.5%左右；"
            "固定资产投资增长5%左右。\n"
            "二是提升城乡区域发展协调性。推进新型城镇化。\n"
            "三是增进民生福祉。城镇新增就业50万人以上，城镇调查失业率5.5%左右。\n"
            "为实现上述目标，重点抓好以下工作。\n"
            "（一）加快建设现代化产业体系。新建5G基站2万个，技改投资增长10%。")
    assert _rows(text) == [("gdp_growth", 5.5, None, "%", "左右", "target"),
                           ("fixed_investment_growth", 5.0, None, "%", "左右", "target"),
                           ("new_urban_jobs", 50.0, None, "万人", "以上", "target"),
                           ("unemployment_rate", 5.5, None, "%", "左右", "target")]


def test_a_term_end_review_names_its_last_year_by_number():
    """A report closing a five-year term (过去五年) gives results only from the paragraphs
    about the last year; 2025年 names it when the targets are for 2026."""
    text = ("一、2025年和“十四五”时期工作回顾\n"
            "2025年是“十四五”规划收官之年。全省地区生产总值增长5.5%，规上工业增加值增长6.8%。\n"
            "过去五年，全省地区生产总值年均增长5.7%，一般公共预算收入增长4%。\n"
            "二、2026年经济社会发展总体要求和主要预期目标\n"
            "今年全省经济社会发展的主要预期目标是：地区生产总值增长5%以上。")
    assert _rows(text) == [("gdp_growth", 5.5, None, "%", "", "actual"),
                           ("industrial_va_growth", 6.8, None, "%", "", "actual"),
                           ("gdp_growth", 5.0, None, "%", "以上", "target")]


def test_a_term_end_review_follows_its_openings():
    """过去一年，… opens the last year: the items after it (一是…) are last year's results until a
    paragraph opens on the five years (这五年，…, “十四五”时期…)."""
    text = ("一、2025年工作及“十四五”时期发展回顾\n"
            "过去一年，面对错综复杂的形势，全省上下攻坚克难，主要目标任务较好完成。\n"
            "一是经济增长好于预期。地区生产总值增长5.2%，固定资产投资增长1.6%。\n"
            "二是民生福祉持续增进。城镇新增就业121.7万人。\n"
            "这五年，我们坚定不移推动高质量发展。\n"
            "综合实力稳步提升。城镇新增就业603.7万人，社会消费品零售总额增长6%。\n"
            "二、2026年工作安排\n"
            "今年主要预期目标是：地区生产总值增长5%左右。")
    assert _rows(text, 2026) == [("gdp_growth", 5.2, None, "%", "", "actual"),
                                 ("fixed_investment_growth", 1.6, None, "%", "", "actual"),
                                 ("new_urban_jobs", 121.7, None, "万人", "", "actual"),
                                 ("gdp_growth", 5.0, None, "%", "左右", "target")]


def test_a_target_sentence_broken_over_lines():
    """A web copy that sets a phrase on a line of its own (今年经济社会发展的⏎主要预期目标⏎是：…):
    the lines are one sentence, and each figure's span is still the figure in the text."""
    text = ("2026年是“十五五”第一年。今年经济社会发展的\n主要预期目标\n"
            "是：地区生产总值增长4.5%—5%，在实际工作中全力争取更好结果；地方一般公共预算收入增长3%左右。")
    df = targets(Document(text=text, doc_id="d", meta={"year": 2026}))
    assert [(r.canonical, r.value, r.kind) for r in df.itertuples()] == [
        ("gdp_growth", 4.5, "target"), ("fiscal_revenue_growth", 3.0, "target")]
    assert [text[r.start:r.end] for r in df.itertuples()] == ["4.5%—5%", "3%左右"]
    assert df.sentence[0].startswith("今年经济社会发展的主要预期目标是：")


def test_traditional_characters_are_read_and_rows_keep_the_text():
    text = ("2023年，全省地區生產總值增長4.9%。\n"
            "今年經濟社會發展主要預期目標是：地區生產總值增長5.5%左右，城鎮調查失業率5.5%以內。")
    df = targets(Document(text=text, doc_id="d", meta={"year": 2024}))
    assert _rows(text) == [("gdp_growth", 4.9, None, "%", "", "actual"),
                           ("gdp_growth", 5.5, None, "%", "左右", "target"),
                           ("unemployment_rate", 5.5, None, "%", "以内", "target")]
    assert list(df.indicator) == ["全省地區生產總值增長", "地區生產總值增長", "城鎮調查失業率"]
    assert df.sentence.iloc[1].startswith("今年經濟社會發展主要預期目標是")
    assert [text[s:e] for s, e in zip(df.start, df.end)] == ["4.9%", "5.5%左右", "5.5%以內"]


def test_provincial_shape_written_for_the_tests():
    text = ("今年全省经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长5%，"
            "规模以上工业增加值增长6%以上，固定资产投资增长4%，社会消费品零售总额增长6%左右，"
            "城镇新增就业65万人以上，城镇调查失业率5.5%以内，居民人均可支配收入增长与经济增长同步，"
            "居民消费价格涨幅3%左右，单位地区生产总值能耗下降2.5%左右，粮食产量稳定在1100亿斤以上，"
            "研发经费投入强度达到2.6%。")
    assert _rows(text) == [
        ("gdp_growth", 5.5, None, "%", "左右", "target"),
        ("fiscal_revenue_growth", 5.0, None, "%", "", "target"),
        ("industrial_va_growth", 6.0, None, "%", "以上", "target"),
        ("fixed_investment_growth", 4.0, None, "%", "", "target"),
        ("retail_sales_growth", 6.0, None, "%", "左右", "target"),
        ("new_urban_jobs", 65.0, None, "万人", "以上", "target"),
        ("unemployment_rate", 5.5, None, "%", "以内", "target"),
        ("cpi", 3.0, None, "%", "左右", "target"),
        ("energy_intensity", 2.5, None, "%", "左右", "target"),
        ("grain_output", 1100.0, None, "亿斤", "以上", "target"),
        ("rd_intensity", 2.6, None, "%", "", "target"),
    ]


def test_review_results_and_what_is_left_out():
    text = ("一、过去一年工作回顾\n"
            "过去一年，全省地区生产总值增长5.8%，城镇新增就业68万人，居民消费价格上涨0.4%。"
            "高技术制造业增加值增长9.1%，“新三样”出口增长30%，研发经费投入占地区生产总值比重从2.1%提高到2.5%。"
            "五年来，地区生产总值年均增长6.1%。一季度地区生产总值增长4%。\n"
            "二、今年工作安排\n"
            "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。")
    assert _rows(text, 2025) == [
        ("gdp_growth", 5.8, None, "%", "", "actual"),
        ("new_urban_jobs", 68.0, None, "万人", "", "actual"),
        ("cpi", 0.4, None, "%", "", "actual"),
        ("gdp_growth", 5.5, None, "%", "左右", "target"),
    ]
    df = targets(Document(text=text, doc_id="d", meta={"year": 2025}))
    assert df.year.tolist() == [2024, 2024, 2024, 2025]


def test_what_news_and_plans_are_not():
    # months, another economy, a share, a plan for 2025, a bare 预期目标 after the list
    text = ("前5个月，我国外贸进出口同比增长4.7%。其中，出口9.62万亿元，同比增长8.1%。\n"
            "报告显示，今年全球经济增长预期为2.1%。\n"
            "北京地区与共建国家进出口9079.7亿元，占同期北京地区进出口总值的50.9%。\n"
            "今年发展主要预期目标是：国内生产总值增长5%左右。\n"
            "3月末，广义货币（M2）余额354万亿元，同比增长8.5%，同经济增长、价格总水平预期目标相匹配。\n"
            "《意见》提出的主要目标是，到2025年，全国水土保持率达到73%。")
    assert _rows(text) == [("gdp_growth", 5.0, None, "%", "左右", "target")]


def test_a_plan_section_gives_no_results():
    text = ("一、2020年工作回顾\n去年国内生产总值增长2.3%。\n"
            "二、“十三五”时期发展成就和“十四五”时期主要目标任务\n"
            "城镇调查失业率控制在5.5%以内，物价水平保持总体平稳。\n"
            "三、2021年重点工作\n去年，居民消费价格上涨2.5%。\n"
            "今年发展主要预期目标是：国内生产总值增长6%以上。")
    assert _rows(text, 2021) == [("gdp_growth", 2.3, None, "%", "", "actual"),
                                 ("cpi", 2.5, None, "%", "", "actual"),
                                 ("gdp_growth", 6.0, None, "%", "以上", "target")]


def test_a_fall_in_a_carried_clause_is_negative():
    text = "去年出口总额六百二十一亿美元，增长１８．１％；进口总额五百三十四亿美元，下降９．８％。\n主要预期目标是：国内生产总值增长5%。"
    assert [r[:2] for r in _rows(text)[:2]] == [("export_growth", 18.1), ("import_growth", -9.8)]


def test_a_growth_stated_as_a_fall_is_negative():
    text = "去年，国内生产总值下降6.8%。\n今年发展主要预期目标是：国内生产总值增长5%左右。"
    assert _rows(text)[0][:2] == ("gdp_growth", -6.8)


def test_no_number_no_row_and_no_target_paragraph_no_row():
    assert _rows("主要预期目标是：居民收入增长和经济增长同步；国际收支保持基本平衡。") == []
    # a comparison in prose, not in a target paragraph or a review before one
    assert _rows("该县粮食产量比上年增长3%，农民收入增长5%。") == []


def test_year_unknown_gives_na_and_schema_when_empty():
    df = targets(Document(text="主要预期目标是：国内生产总值增长5%左右。", doc_id="d"))
    assert df.year.isna().all() and str(df.year.dtype) == "Int64"
    empty = targets("")
    assert list(empty.columns) == list(TARGET_COLUMNS)
    assert {c: str(t) for c, t in empty.dtypes.items()} == TARGET_COLUMNS


def test_spans_and_rows():
    text = "今年发展主要预期目标是：国内生产总值增长５％左右，城镇新增就业一千二百万人以上。"
    rows = target_rows(text)
    assert [text[r[9]:r[10]] for r in rows] == ["５％左右", "一千二百万人以上"]
    assert rows[1][3] == 1200.0 and rows[0][5] == "%"
    assert [f.canonical for f in iter_targets(text)] == ["gdp_growth", "new_urban_jobs"]


def test_parse_number():
    assert parse_number("七点五") == 7.5
    assert parse_number("１２００") == 1200.0
    assert parse_number("1 0") == 10.0
    assert parse_number("二万三千八百五十一") == 23851.0


def test_indicator_list_is_documented():
    names = [i.canonical for i in indicators()]
    assert set(names) | {"other"} == set(CANONICAL)
    for required in ("gdp_growth", "industrial_va_growth", "fixed_investment_growth",
                     "retail_sales_growth", "fiscal_revenue_growth", "trade_growth",
                     "export_growth", "unemployment_rate", "registered_unemployment_rate", "cpi",
                     "new_urban_jobs", "grain_output", "deficit_ratio", "rd_intensity",
                     "energy_intensity", "income_growth", "m2_growth", "special_bonds"):
        assert required in names
    assert all(i.units and i.description for i in indicators())


# --- provincial and municipal reports (quoted target paragraphs, annotated by hand) -----------------
def _score(cases, keep=lambda row: row[0] != "other"):
    """(found, wrong, missed) over ``cases``, counting the rows ``keep`` selects (by default
    every listed indicator)."""
    tp = fp = fn = 0
    for c in cases:
        got = [g for g in _rows(c["text"], c.get("year")) if keep(g)]
        left = [tuple(float(v) if isinstance(v, (int, float)) else v for v in e)
                for e in c["expected"] if keep(e)]
        for g in got:
            if g in left:
                left.remove(g)
                tp += 1
            else:
                fp += 1
        fn += len(left)
    return tp, fp, fn


@pytest.mark.parametrize("heldout", [False, True])
def test_provincial_recall_and_precision(heldout):
    cases = [c for c in load_cases("targets_provincial.json") if c["heldout"] is heldout]
    tp, fp, fn = _score(cases)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (tp, fp, fn)


def test_blind_provincial_recall_and_precision():
    """28 province-years annotated by people who never ran the extractor (news copies of
    2022–2025 reports); the cases in traditional characters are known errors, scored apart."""
    cases = [c for c in load_cases("targets_provincial_blind.json") if "known_error" not in c]
    tp, fp, fn = _score(cases)
    assert tp / (tp + fp) >= 0.98 and tp / (tp + fn) >= 0.95, (tp, fp, fn)


@pytest.mark.parametrize("case", [p for p in case_params("targets_provincial_blind.json") if p.marks])
def test_blind_known_errors(case):
    assert _score([case]) == (len([e for e in case["expected"] if e[0] != "other"]), 0, 0)


def _full_reports():
    import gzip

    path = ROOT / "tests" / "cases" / "targets_provincial_2026_full.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)["cases"]


#: The ten main indicators the outside measure scores.
TEN_MAIN = {"gdp_growth", "industrial_va_growth", "fixed_investment_growth", "retail_sales_growth",
            "fiscal_revenue_growth", "trade_growth", "unemployment_rate", "cpi", "new_urban_jobs",
            "grain_output"}


@pytest.mark.parametrize("what, keep, floor", [
    ("ten main targets", lambda r: r[0] in TEN_MAIN and r[5] == "target", 0.98),
    ("every listed target", lambda r: r[0] != "other" and r[5] in ("target", "stretch"), 0.95),
    ("ten main results", lambda r: r[0] in TEN_MAIN and r[5] == "actual", 0.85),
])
def test_full_provincial_reports_2026(what, keep, floor):
    """The 31 full provincial reports of 2026, annotated blind (docs/targets.md)."""
    tp, fp, fn = _score(_full_reports(), keep)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= floor, (what, tp, fp, fn)


def test_full_provincial_reports_spans_are_the_figures():
    for c in _full_reports():
        text = c["text"]
        for r in targets(Document(text=text, doc_id=c["id"], meta={"year": 2026})).itertuples():
            assert text[r.start:r.end] in r.sentence, (c["id"], r.indicator)


def test_no_result_labelled_as_a_target():
    for c in [*load_cases("targets_provincial*.json"), *_full_reports()]:
        kinds: dict[tuple, set[str]] = {}
        for e in c["expected"]:
            kinds.setdefault(tuple(float(v) if isinstance(v, (int, float)) else v for v in e[:5]),
                             set()).add(e[5])
        for g in _rows(c["text"], c.get("year")):
            if kinds.get(g[:5]) == {"actual"}:
                assert g[5] == "actual", (c["id"], g)


def test_cli_targets(tmp_path, capsys):
    from policytext.cli import main

    f = tmp_path / "2024.txt"
    f.write_text("一、过去一年工作回顾\n国内生产总值增长5.2%。\n二、今年工作\n"
                 "今年发展主要预期目标是：国内生产总值增长5%左右。\n", encoding="utf-8")
    assert main(["targets", str(f)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["value"], r["qualifier"], r["value_high"]) for r in lines] == [
        ("actual", 5.2, "", None), ("target", 5.0, "左右", None)]
    assert lines[0]["doc"] == str(f)
    assert [r["year"] for r in lines] == [2023, 2024]  # the year docvar read from the file name
    assert main(["targets", str(f), str(tmp_path / "missing.txt"), "--format", "csv"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("doc,doc_id,indicator,canonical,value,value_high")
    with pytest.raises(SystemExit) as exc:
        main(["targets", str(f), "--format", "xml"])
    assert exc.value.code == 2
