"""keyness and document selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.corpus import Corpus, Document
from policytext.errors import PolicyTextError
from policytext.extract.keyness import keyness, keyness_from_counts, select_documents
from policytext.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[2]

NEW = "深化供给侧结构性改革，推动高质量发展。坚持新发展理念，推进放管服改革。"
OLD = "发展国民经济，搞好农业生产，加强计划管理。发展国民经济，调整经济结构。"


def _corpus() -> Corpus:
    return Corpus([
        Document(NEW * 3, doc_id="n1", meta={"year": 2018}),
        Document(NEW * 2, doc_id="n2", meta={"year": 2019}),
        Document(OLD * 3, doc_id="o1", meta={"year": 1985}),
        Document(OLD * 2, doc_id="o2", meta={"year": 1990}),
    ])


def test_columns_order_and_direction():
    k = keyness(_corpus(), {"year": range(2013, 2023)})
    assert list(k.columns) == ["term", "count_target", "count_reference", "g2", "chi2",
                               "log_ratio", "p_value", "direction", "category", "target_docs"]
    # 供给侧结构性改革 is in both target documents, 乡村振兴 in none
    assert k.set_index("term").loc["供给侧结构性改革", "target_docs"] == 2
    assert k["target_docs"].dtype == "Int64" and k["target_docs"].notna().all()
    top = k.iloc[0]
    assert top["direction"] == "target" and top["count_reference"] == 0
    assert "供给侧结构性改革" in set(k[k.direction == "target"].term)
    assert k.iloc[-1]["direction"] == "reference"
    assert k.set_index("term").loc["供给侧结构性改革", "category"] is not None
    g = keyness(_corpus(), {"year": range(2013, 2023)}, sort="g2")
    signed = [g2 if d == "target" else -g2 for g2, d in zip(g.g2, g.direction)]
    assert signed == sorted(signed, reverse=True)
    assert set(g.term) == set(k.term)


def _blocks(k, level: float) -> list[int]:
    sig = k.p_value <= level
    tgt = k.direction == "target"
    return [(0 if s else 1) if t else (3 if s else 2) for s, t in zip(sig, tgt)]


def test_log_ratio_sort_filters_by_significance_then_effect_size():
    """Hardie's procedure: significant rows by log ratio, non-significant ones in the middle."""
    target = {"new": 40, "new2": 15, "rare": 3, "mid": 36, "shift": 400, "same": 200, "old": 1,
              "gone": 0, "x": 5000}
    reference = {"new": 0, "new2": 0, "rare": 0, "mid": 15, "shift": 200, "same": 200,
                 "old": 30, "gone": 12, "x": 5000}
    k = keyness_from_counts(target, reference, lexicon=Lexicon.empty())
    blocks = _blocks(k, 0.01)
    assert blocks == sorted(blocks)
    for b in set(blocks):
        lr = [v for v, bb in zip(k.log_ratio, blocks) if bb == b]
        assert lr == sorted(lr, reverse=True)
    # 'rare' (3 vs 0) has a larger log ratio than 'shift' but is not significant
    by_term = k.set_index("term")
    assert by_term.loc["rare", "log_ratio"] > by_term.loc["shift", "log_ratio"]
    assert by_term.loc["rare", "p_value"] > 0.01 > by_term.loc["shift", "p_value"]
    assert list(k.term) == ["new", "new2", "mid", "shift", "rare", "same", "x", "old", "gone"]
    # G² puts the frequent word whose share doubled above the new one of 40 mentions
    g = keyness_from_counts(target, reference, lexicon=Lexicon.empty(), sort="g2")
    assert list(g.term) == ["shift", "new", "new2", "mid", "rare", "same", "gone", "old", "x"]
    # a Bonferroni level (0.01 / 9 tokens) is stricter: 'mid' (p = 0.0045) is no longer key
    assert 0.01 / 9 < by_term.loc["mid", "p_value"] < 0.01
    k_b = keyness_from_counts(target, reference, lexicon=Lexicon.empty(), bonferroni=True)
    assert list(k_b.term) == ["new", "new2", "shift", "rare", "mid", "same", "x", "old", "gone"]
    # without the filter the order is the log ratio's alone: 'rare' goes up
    k_all = keyness_from_counts(target, reference, lexicon=Lexicon.empty(), max_p=None)
    assert list(k_all.log_ratio) == sorted(k_all.log_ratio, reverse=True)
    assert list(k_all.term)[:5] == ["new", "new2", "rare", "mid", "shift"]


def test_ties_are_broken_by_target_dispersion():
    """Equal counts give equal statistics; the token used in more target documents ranks
    first (at the reference end too: it is the less reference-key one), then the term."""
    target = {"a": 12, "b": 12, "c": 12, "d": 2, "e": 2, "x": 5000}
    reference = {"a": 0, "b": 0, "c": 0, "d": 30, "e": 30, "x": 5000}
    docs = {"a": 1, "b": 8, "c": 8, "d": 1, "e": 2, "x": 10}
    for sort in ("log_ratio", "g2"):
        k = keyness_from_counts(target, reference, lexicon=Lexicon.empty(), sort=sort,
                                target_docs=docs)
        assert list(k.term) == ["b", "c", "a", "x", "e", "d"], sort
        assert list(k.target_docs) == [8, 8, 1, 10, 2, 1]
        # without document counts: code-point order, the column is <NA>
        k0 = keyness_from_counts(target, reference, lexicon=Lexicon.empty(), sort=sort)
        assert list(k0.term) == ["a", "b", "c", "x", "d", "e"], sort
        assert k0["target_docs"].isna().all() and k0["target_docs"].dtype == "Int64"
    # keyness() counts the documents: 高质量发展 in two target reports ranks above 乡村振兴
    # (same count, one report), which code-point order would put first
    c = Corpus.from_texts(["高质量发展。" * 2, "高质量发展。" * 2 + "乡村振兴。" * 4,
                           "发展农业生产。" * 6], doc_ids=["t1", "t2", "r"], clean=False)
    k = keyness(c, ["t1", "t2"], min_count=1, terms_only=True)
    rows = k.set_index("term")
    assert rows.loc["高质量发展", "count_target"] == rows.loc["乡村振兴", "count_target"] == 4
    assert (rows.loc["高质量发展", "target_docs"], rows.loc["乡村振兴", "target_docs"]) == (2, 1)
    assert list(k.term).index("高质量发展") < list(k.term).index("乡村振兴")
    assert "乡村振兴" < "高质量发展"


def test_sort_arguments_are_checked():
    with pytest.raises(ValueError, match="sort must be one of"):
        keyness_from_counts({"a": 5}, {"a": 5}, sort="pmi")
    with pytest.raises(ValueError, match="max_p"):
        keyness_from_counts({"a": 5}, {"a": 5}, max_p=2.0)


def test_selectors_are_equivalent():
    by_query = keyness(_corpus(), {"year": range(2013, 2023)})
    by_ids = keyness(_corpus(), ["n1", "n2"])
    by_pred = keyness(_corpus(), lambda d: d.year >= 2000)
    by_both = keyness(_corpus(), ["n1", "n2"], reference={"year": [1985, 1990]})
    for other in (by_ids, by_pred, by_both):
        assert other[["term", "g2"]].equals(by_query[["term", "g2"]])
    assert [d.doc_id for d in select_documents(_corpus(), {"year": lambda y: y < 1988})] == ["o1"]
    assert select_documents(_corpus(), {"genre": "报告"}) == []


def test_empty_and_min_count():
    with pytest.raises(PolicyTextError, match=r"selects no document.*doc_ids present: n1"):
        keyness(_corpus(), ["nope"])  # a typo in a doc_id is not an empty table
    k = keyness(Corpus([]), ["nope"])
    assert len(k) == 0 and k["g2"].dtype == "float64" and k["count_target"].dtype == "int64"
    k2 = keyness_from_counts({"a": 1, "b": 50}, {"a": 0, "b": 40}, min_count=2,
                             lexicon=Lexicon.empty())
    assert list(k2.term) == ["b"]
    k3 = keyness(_corpus(), ["n1", "n2"], terms_only=True)
    assert k3["category"].notna().all() and len(k3)


@pytest.fixture(scope="module")
def reports() -> Corpus:
    root = ROOT / "data" / "gov_work_reports"
    if not root.is_dir():
        pytest.skip(f"corpus-scale check: sample corpus {root} not present")
    return Corpus.from_dir(root, pattern="*.txt")


def _rows(k) -> dict[str, int]:
    """Position of each term in the table (1 = first row), ties as the table breaks them."""
    return {t: i + 1 for i, t in enumerate(k.term)}


ERA_TERMS = ("供给侧结构性改革", "高质量发展", "新发展理念", "放管服", "四个全面", "五位一体")


def test_work_reports_2013_2022_vs_1978_2012(reports):
    """The formulations of the 2013–2022 reports stand out against 1978–2012.

    Ranks are rows among lexicon terms (``terms_only=True``), as the table orders them: terms
    with the same counts (exact ties of every statistic) by the number of 2013–2022 reports
    using them. Measured rows of every method are in docs/keyness.md. The margin is nil:
    放管服 (12 vs 0, 6 reports) is row 30, sharing counts and reports with 创新驱动发展战略 and
    防风险 (rows 29–31), among which only code point decides.
    """
    k = keyness(reports, {"year": range(2013, 2023)}, {"year": range(1978, 2013)},
                terms_only=True)
    row = _rows(k)
    for term in ERA_TERMS[:4]:
        assert row[term] <= 30, (term, row[term])
    for term in ERA_TERMS[4:]:
        assert row[term] <= 150, (term, row[term])
    by_term = k.set_index("term")
    for term in ERA_TERMS:
        assert by_term.loc[term, "count_reference"] == 0
        assert by_term.loc[term, "direction"] == "target"
    # the tie-breaker: within equal counts, rows go by target_docs (2013–2022 reports) descending
    for _, group in k.groupby(["count_target", "count_reference"], sort=False):
        assert list(group.target_docs) == sorted(group.target_docs, reverse=True)
    assert (by_term.loc["放管服", "count_target"], by_term.loc["放管服", "target_docs"]) == (12, 6)
    # G² (still available) ranks frequent words whose share moved above the era's rarer new
    # formulations: 放管服 (12 mentions, none before 2015) falls below 30 — why it is not
    # the default
    g2_row = _rows(keyness(reports, {"year": range(2013, 2023)}, {"year": range(1978, 2013)},
                           terms_only=True, sort="g2"))
    assert g2_row["放管服"] > 30


def test_work_reports_2018_2022_vs_2013_2017(reports):
    """The two terms of the Xi era: each end of the list holds that term's own vocabulary."""
    k = keyness(reports, {"year": range(2018, 2023)}, {"year": range(2013, 2018)},
                terms_only=True)
    top = set(k.term[:20])
    # coined in October 2017 (19th party congress) and for 2021–2025: cannot occur earlier
    assert {"高质量发展", "习近平新时代中国特色社会主义思想", "十四五"} <= top, top
    bottom = set(k.term[::-1][:20])
    # the plan period and the party congress of the first term
    assert {"党的十八大", "十二五"} <= bottom, bottom
    assert (k.head(20).direction == "target").all() and (k.tail(20).direction == "reference").all()
