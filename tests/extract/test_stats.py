"""term_frequency, trends, temperature and first_last_seen."""

from __future__ import annotations

import pandas as pd
import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.stats import (
    TEMPERATURE_SCALE,
    first_last_seen,
    group_documents,
    temperature,
    term_frequency,
    tier_of,
    trends,
    trends_from_counts,
)
from policytext.lexicon import Lexicon, Term

LEX = Lexicon.from_terms([
    Term("高质量发展", "ideology"), Term("乡村振兴", "policy"), Term("两个维护", "formulation",
                                                               variants=("二个维护",)),
    Term("全面从严治党", "ideology"), Term("从严治党", "ideology"),
])


def _corpus() -> Corpus:
    return Corpus([
        Document("坚持高质量发展，推动高质量发展。全面推进乡村振兴。", doc_id="a",
                 meta={"year": 2018, "genre": "报告"}),
        Document("全面从严治党。坚决做到两个\n维护。", doc_id="b",
                 meta={"year": 2018, "genre": "讲话"}),
        Document("推进乡村振兴，做到二个维护，坚持从严治党。", doc_id="c", meta={"year": 2020}),
        Document("没有年份的文档。高质量发展。", doc_id="d"),
    ])


def test_per_document_counts_and_zeros():
    df = term_frequency(_corpus(), ["高质量发展", "乡村振兴"], lexicon=LEX)
    assert list(df.columns) == ["doc_id", "term", "category", "count", "n_docs",
                                "docs_with_term", "n_chars", "per_10k", "doc_share"]
    a = df[df.doc_id == "a"].set_index("term")
    assert a.loc["高质量发展", "count"] == 2 and a.loc["乡村振兴", "count"] == 1
    assert a.loc["高质量发展", "category"] == "ideology"
    b = df[df.doc_id == "b"].set_index("term")
    assert b.loc["高质量发展", "count"] == 0 and b.loc["高质量发展", "doc_share"] == 0.0
    n = len(_corpus()["a"].text)
    assert a.loc["高质量发展", "per_10k"] == pytest.approx(2 * 10_000 / n)


def test_leftmost_longest_and_variants_and_line_breaks():
    df = term_frequency(_corpus(), lexicon=LEX, by="year")
    y18 = df[df.year == 2018].set_index("term")["count"].to_dict()
    assert y18["全面从严治党"] == 1 and "从严治党" not in y18  # not double counted
    assert y18["两个维护"] == 1  # across the line break
    y20 = df[df.year == 2020].set_index("term")["count"].to_dict()
    assert y20["两个维护"] == 1 and y20["从严治党"] == 1  # variant counted under canonical
    assert set(df.year) == {2018, 2020}  # the document without a year is left out


def test_group_by_docvar_and_function():
    df = term_frequency(_corpus(), ["乡村振兴"], lexicon=LEX, by="year")
    row = df[df.year == 2018].iloc[0]
    assert (row["n_docs"], row["docs_with_term"], row["doc_share"]) == (2, 1, 0.5)
    assert row["n_chars"] == len(_corpus()["a"].text) + len(_corpus()["b"].text)
    df2 = term_frequency(_corpus(), ["乡村振兴"], lexicon=LEX, by=lambda d: d.doc_id in "ab")
    assert "group" in df2.columns and set(df2.group) == {True, False}
    df3 = term_frequency(_corpus(), ["乡村振兴"], lexicon=LEX, by="genre")
    assert set(df3.genre) == {"报告", "讲话"}


def test_by_category_and_custom_categories():
    df = term_frequency(_corpus(), lexicon=LEX, by="year", by_category=True)
    y18 = df[df.year == 2018].set_index("term")
    assert y18.loc["ideology", "count"] == 3  # 高质量发展 ×2 + 全面从严治党
    assert y18.loc["ideology", "docs_with_term"] == 2
    df2 = term_frequency(_corpus(), ["高质量发展", "乡村振兴", "两个维护"], lexicon=LEX,
                         categories={"高质量发展": "经济", "乡村振兴": "经济"})
    assert set(df2.term) == {"经济"}
    assert df2[df2.doc_id == "a"]["count"].item() == 3


def test_normalize_terms():
    df = term_frequency(_corpus()["a"], ["高质量发展", "乡村振兴"], lexicon=LEX, normalize="terms")
    assert df.set_index("term")["per_10k"].to_dict() == pytest.approx(
        {"高质量发展": 10_000 * 2 / 3, "乡村振兴": 10_000 / 3})
    with pytest.raises(ValueError, match="normalize"):
        term_frequency(_corpus(), ["x"], normalize="tokens")


def test_unknown_strings_are_counted_as_other():
    df = term_frequency("数字经济和数字经济", ["数字经济"], lexicon=LEX)
    assert df["count"].item() == 2 and df["category"].item() == "other"


def test_empty_inputs_keep_schema():
    for df in (term_frequency([], ["高质量发展"], lexicon=LEX),
               term_frequency(Corpus(), lexicon=LEX, by="year")):
        assert len(df) == 0
        assert df["count"].dtype == "int64" and df["per_10k"].dtype == "float64"
    t = trends([], ["高质量发展"], lexicon=LEX)
    assert list(t.columns) == ["year", "term", "count", "n_docs", "docs_with_term", "doc_share",
                               "per_10k", "tier", "tier_level"]
    assert t["tier_level"].dtype == "int64"
    s = first_last_seen([], ["高质量发展"], lexicon=LEX)
    assert s["first_seen"].isna().all() and s["count"].dtype == "int64"


def test_trends_has_every_period_for_every_term_in_given_order():
    t = trends(_corpus(), ["乡村振兴", "高质量发展"], lexicon=LEX)
    assert len(t) == 4
    assert list(t.term) == ["乡村振兴", "高质量发展", "乡村振兴", "高质量发展"]
    assert list(t.year) == [2018, 2018, 2020, 2020]
    cold = t[(t.year == 2020) & (t.term == "高质量发展")].iloc[0]
    assert cold["tier"] == "冷" and cold["tier_level"] == 0


def test_trends_from_counts_computes_the_table_from_period_counts():
    t = trends_from_counts({2020: 2, 2018: 1}, {2018: 20_000, 2020: 10_000},
                           {(2018, "甲"): 4, (2020, "甲"): 1}, {(2018, "甲"): 1, (2020, "甲"): 1},
                           ["乙", "甲"])
    assert list(t.year) == [2018, 2018, 2020, 2020]  # periods sorted, terms in the order given
    assert list(t.term) == ["乙", "甲", "乙", "甲"]
    row = t[(t.year == 2018) & (t.term == "甲")].iloc[0]
    assert row["per_10k"] == 2.0 and row["doc_share"] == 1.0 and row["tier"] == "烫"
    row = t[(t.year == 2020) & (t.term == "甲")].iloc[0]
    assert row["count"] == 1 and row["doc_share"] == 0.5 and row["tier"] == "热"
    assert t[t.term == "乙"]["tier_level"].eq(0).all()
    assert dict(t.dtypes.astype(str)) == dict(trends([], ["甲"], lexicon=LEX).dtypes.astype(str))


def test_trends_and_the_batch_accumulator_share_one_table():
    from policytext.extract.aggregate import TrendAccumulator

    acc = TrendAccumulator()
    acc.add(2018, 10_000, [("高质量发展", 3)])
    acc.add(2018, 10_000, [])
    acc.add(None, 5, [("高质量发展", 9)])  # no year: left out
    got = acc.frame(terms=["乡村振兴", "高质量发展"])
    assert list(got.term) == ["乡村振兴", "高质量发展"]
    hot = got.iloc[1]
    assert (hot["count"], hot["n_docs"], hot["docs_with_term"]) == (3, 2, 1)
    assert hot["per_10k"] == 1.5
    assert list(acc.frame().term) == ["高质量发展"]  # default: the terms seen


def test_tier_scale():
    assert tier_of(0, 0.0, 0.0).label == "冷"
    assert tier_of(1, 0.01, 0.01).label == "温"
    assert tier_of(3, 0.3, 0.5).label == "暖"
    assert tier_of(10, 0.5, 1.5).label == "热"
    assert tier_of(30, 0.7, 3.0).label == "烫"
    assert tier_of(100, 0.95, 8.0).label == "沸"
    # both conditions are needed: dense but rare across documents is not 沸
    assert tier_of(100, 0.1, 50.0).label == "温"
    assert [t.level for t in TEMPERATURE_SCALE] == [5, 4, 3, 2, 1, 0]


def test_temperature_wide():
    wide = temperature(_corpus(), ["乡村振兴", "高质量发展"], lexicon=LEX, wide=True)
    assert list(wide.index) == ["乡村振兴", "高质量发展"]
    assert list(wide.columns) == [2018, 2020]
    assert wide.loc["高质量发展", 2020] == "冷"
    assert wide.loc["乡村振兴", 2020] == "沸"  # every document, very dense


def test_first_last_seen():
    s = first_last_seen(_corpus(), ["乡村振兴", "高质量发展", "两个维护", "不存在"], lexicon=LEX)
    rec = s.set_index("term")
    assert rec.loc["乡村振兴", "first_seen"] == 2018 and rec.loc["乡村振兴", "last_seen"] == 2020
    assert rec.loc["高质量发展", "last_seen"] == 2018 and rec.loc["高质量发展", "n_seen"] == 1
    assert rec.loc["不存在", "first_seen"] is None and rec.loc["不存在", "n_seen"] == 0
    assert s.iloc[-1]["term"] == "不存在"  # never seen sorts last
    assert (s["n_groups"] == 2).all()


def test_group_documents_unsortable_keys_keep_order():
    docs = [Document("x", doc_id="1", meta={"k": 1}), Document("y", doc_id="2", meta={"k": "a"})]
    name, groups = group_documents(docs, "k")
    assert name == "k" and [k for k, _ in groups] == [1, "a"]
    with pytest.raises(TypeError):
        group_documents(docs, 3)


def test_sample_corpus_trends(sample_corpus):
    t = trends(sample_corpus, ["高质量发展", "供给侧结构性改革"])
    hq = t[t.term == "高质量发展"].set_index("year")
    assert hq.loc[2012, "count"] == 0 and hq.loc[2018, "count"] > 0
    assert hq.loc[2018, "tier"] in {"热", "烫", "沸"}
    seen = first_last_seen(sample_corpus, ["供给侧结构性改革"]).iloc[0]
    assert seen["first_seen"] == 2016


@pytest.fixture(scope="module")
def sample_corpus():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "data" / "gov_work_reports"
    if not root.is_dir():
        pytest.skip(f"sample corpus {root} not present")
    return Corpus.from_dir(root, pattern="*.txt")


def test_frame_is_dataframe():
    assert isinstance(term_frequency("", ["高质量发展"], lexicon=LEX), pd.DataFrame)


def test_a_terms_count_does_not_depend_on_the_other_terms_asked_for():
    docs = [Document("工业和信息化部印发通知。推进信息化建设。", doc_id="a", meta={"year": 2020})]
    # as analyze counts: 信息化 inside the ministry's name counts as the ministry
    alone = term_frequency(docs, ["信息化"]).set_index("term")["count"]
    whole = term_frequency(docs).set_index("term")["count"]
    assert alone["信息化"] == whole["信息化"] == 1
    assert trends(docs, ["信息化"])["count"].tolist() == [1]
    assert term_frequency(docs, ["信息化", "工业和信息化部"]).set_index("term")["count"]["信息化"] == 1
    # a Lexicon is matched on its own: the string wherever it occurs
    own = term_frequency(docs, Lexicon.from_terms(["信息化"])).set_index("term")["count"]
    assert own["信息化"] == 2
    # a string the lexicon lacks is still counted
    assert term_frequency(docs, ["印发通知"]).set_index("term")["count"]["印发通知"] == 1
