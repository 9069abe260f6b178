"""keyness and document selection."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.keyness import _stats, keyness, keyness_from_counts, select_documents
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
                               "log_ratio", "p_value", "direction", "category"]
    top = k.iloc[0]
    assert top["direction"] == "target" and top["count_reference"] == 0
    assert "供给侧结构性改革" in set(k[k.direction == "target"].term)
    assert k.iloc[-1]["direction"] == "reference"
    signed = [g if d == "target" else -g for g, d in zip(k.g2, k.direction)]
    assert signed == sorted(signed, reverse=True)
    assert k.set_index("term").loc["供给侧结构性改革", "category"] is not None


def test_selectors_are_equivalent():
    by_query = keyness(_corpus(), {"year": range(2013, 2023)})
    by_ids = keyness(_corpus(), ["n1", "n2"])
    by_pred = keyness(_corpus(), lambda d: d.year >= 2000)
    by_both = keyness(_corpus(), ["n1", "n2"], reference={"year": [1985, 1990]})
    for other in (by_ids, by_pred, by_both):
        assert other[["term", "g2"]].equals(by_query[["term", "g2"]])
    assert [d.doc_id for d in select_documents(_corpus(), {"year": lambda y: y < 1988})] == ["o1"]
    assert select_documents(_corpus(), {"genre": "报告"}) == []


def test_statistics_against_hand_computation():
    a, b, n1, n2 = 10, 2, 1000, 2000
    g2, chi2, lr, p = _stats(a, b, n1, n2)
    e1, e2 = n1 * 12 / 3000, n2 * 12 / 3000
    e3, e4 = n1 * 2988 / 3000, n2 * 2988 / 3000
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2)
                    + (n1 - a) * math.log((n1 - a) / e3) + (n2 - b) * math.log((n2 - b) / e4))
    assert g2 == pytest.approx(expected)
    assert lr == pytest.approx(math.log2((10.5 / 1000) / (2.5 / 2000)))
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import chi2_contingency

    assert p == pytest.approx(chi2_dist.sf(g2, 1))
    table = [[a, b], [n1 - a, n2 - b]]
    assert chi2 == pytest.approx(chi2_contingency(table, correction=False)[0])


def test_empty_and_min_count():
    k = keyness(_corpus(), ["nope"])
    assert len(k) == 0 and k["g2"].dtype == "float64" and k["count_target"].dtype == "int64"
    k2 = keyness_from_counts({"a": 1, "b": 50}, {"a": 0, "b": 40}, min_count=2,
                             lexicon=Lexicon.empty())
    assert list(k2.term) == ["b"]
    k3 = keyness(_corpus(), ["n1", "n2"], terms_only=True)
    assert k3["category"].notna().all() and len(k3)


@pytest.mark.parametrize("a,b,n1,n2", [(1103290, 65510, 6544139, 388571),
                                        (53519, 86903, 4685396, 7608045),
                                        (617491, 55784, 8557537, 773086)])
def test_stats_clamps_rounding_below_zero(a, b, n1, n2):
    """Counts proportional to the totals give G² = 0; rounding made it -1e-9 and math.sqrt
    raised (a 20 MB batch run lost its keyness table to it)."""
    g2, chi2, _, p = _stats(a, b, n1, n2)
    assert g2 == 0.0 and p == 1.0 and chi2 < 1e-6


@pytest.fixture(scope="module")
def reports() -> Corpus:
    root = ROOT / "data" / "gov_work_reports"
    if not root.is_dir():
        pytest.skip(f"corpus-scale check: sample corpus {root} not present")
    return Corpus.from_dir(root, pattern="*.txt")


def test_work_reports_2013_2022_vs_1978_2012(reports):
    """The formulations of the 2013–2022 reports stand out against 1978–2012.

    Ranks are among lexicon terms (``terms_only=True``); over all tokens the top of a G² list
    is held by frequent ordinary words whose use shifted (创新, 推动, 提升 …).
    """
    k = keyness(reports, {"year": range(2013, 2023)}, {"year": range(1978, 2013)},
                terms_only=True)
    rank = {t: i + 1 for i, t in enumerate(k.term)}
    for term in ("供给侧结构性改革", "高质量发展", "新发展理念"):
        assert rank[term] <= 30, (term, rank[term])
    # 放管服 has only 12 mentions (2015–2022); with G² it ranks in the high 30s
    assert rank["放管服"] <= 40, rank["放管服"]
    for term in ("四个全面", "五位一体"):
        assert rank[term] <= 150, (term, rank[term])
    k = k.set_index("term")
    for term in ("供给侧结构性改革", "高质量发展", "新发展理念", "放管服", "四个全面", "五位一体"):
        assert k.loc[term, "count_reference"] == 0 and k.loc[term, "direction"] == "target"
