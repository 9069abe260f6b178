"""Character-level term counting: leftmost-longest, across line breaks, segmentation-free."""

from __future__ import annotations

import pickle

import pytest

import policytext as pt
from policytext.extract.terms import TermMatcher, count_terms, iter_term_matches
from policytext.lexicon import Lexicon, Term


def test_leftmost_longest_non_overlapping():
    lx = Lexicon.from_terms(["全面从严治党", "从严治党", "治党"])
    matches = list(iter_term_matches("推进全面从严治党，坚持从严治党。", lx))
    assert [m.term for m in matches] == ["全面从严治党", "从严治党"]


def test_across_pdf_line_breaks_span_as_written():
    lx = Lexicon.from_terms([Term("两个维护", "formulation", variants=("二个维护",))])
    text = "坚决做到“两个\n维护”，二个维护"
    matches = list(iter_term_matches(text, lx))
    assert [m.term for m in matches] == ["两个维护", "两个维护"]
    assert text[matches[0].start : matches[0].end] == "两个\n维护" == matches[0].surface
    assert matches[1].surface == "二个维护"


def test_blank_line_is_never_bridged():
    lx = Lexicon.from_terms(["两个维护"])
    assert list(iter_term_matches("两个\n\n维护", lx)) == []


def test_seed_counts_with_builtin_lexicon(seed_excerpt):
    doc = pt.Document.from_text(seed_excerpt)
    df = count_terms(doc)
    counts = dict(zip(df["term"], df["count"]))
    assert counts["四个意识"] == 1 and counts["两个维护"] == 1
    assert counts["三会一课"] == 1 and counts["一岗双责"] == 1
    assert list(df.columns) == ["doc_id", "term", "category", "count", "per_10k"]


def test_empty_result_keeps_schema():
    df = count_terms("", Lexicon.from_terms(["四个意识"]))
    assert list(df.columns) == ["doc_id", "term", "category", "count", "per_10k"]
    assert str(df["count"].dtype) == "int64" and len(df) == 0


def test_counts_do_not_depend_on_tokenizer(report_1985):
    doc = pt.Document.from_text(report_1985)
    lx = Lexicon.from_terms(["经济体制改革"])
    plain_jieba = pt.Tokenizer(Lexicon.empty(), engine="jieba").tokenize(doc.text)
    assert "经济体制改革" not in plain_jieba  # jieba alone splits it…
    counted = TermMatcher(lx).count(doc.text)
    assert counted["经济体制改革"] == doc.text.count("经济体制改革") == 10  # …the count does not care


def test_matcher_pickles():
    m = TermMatcher(Lexicon.from_terms(["新质生产力"]))
    clone = pickle.loads(pickle.dumps(m))
    assert [x.term for x in clone.finditer("发展新质生产力")] == ["新质生产力"]


def test_scan_memo_is_safe_when_threads_share_a_matcher():
    # Dask's worker threads share one matcher, and so may a user's threads: the memo of recent
    # scans must neither raise nor hand a thread another text's matches while others evict.
    import random
    import sys
    import threading
    from pathlib import Path

    from policytext.extract.terms import RECENT_SCANS

    reports = sorted((Path(__file__).resolve().parents[1] / "data" / "gov_work_reports").glob("*.txt"))
    texts = [p for r in reports[-12:] for p in r.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(texts) > 4 * RECENT_SCANS  # so that entries are evicted all the time
    matcher = TermMatcher(Lexicon.builtin())
    expected = {id(t): matcher.scan(t)[3] for t in texts}
    problems: list[str] = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(1500):
                text = rng.choice(texts)
                if matcher.scan(text)[3] != expected[id(text)]:
                    problems.append("another text's matches")
        except Exception as exc:  # any exception is the failure
            problems.append(repr(exc))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not problems, problems[:3]
    # a soft bound: threads that checked the size at the same time may each add one entry
    assert len(matcher._recent) <= RECENT_SCANS + len(threads)


# -- matches that cut a longer word ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "term"),
    [("中拉农业部长论坛在京举行", "农业部"), ("交通部门全力应对", "交通部"), ("四川省委员会", "四川省委")],
)
def test_a_match_cutting_a_dictionary_word_is_not_counted(text: str, term: str) -> None:
    pytest.importorskip("jieba")
    assert term not in count_terms(text)["term"].tolist()


@pytest.mark.parametrize(
    ("text", "term"),
    [("座谈会上，代表们发言", "座谈会"), ("完善能源消费双控制度", "双控"), ("中央纪委三次全会上讲话", "全会"),
     ("减税降费力度只增不减", "减税降费"), ("农业部发布通知", "农业部"), ("英国海军舰艇", "海军")],
)
def test_a_match_at_word_boundaries_is_counted(text: str, term: str) -> None:
    assert term in count_terms(text)["term"].tolist()


def test_full_width_plus_matches_the_ascii_one() -> None:
    df = count_terms("开展人工智能＋行动，推进人工智能+制造")
    assert df.set_index("term").loc["人工智能+", "count"] == 2
    (m,) = [m for m in iter_term_matches("开展人工智能＋行动") if m.term == "人工智能+"]
    assert m.surface == "人工智能＋"


def test_written_out_programme_counts_under_its_short_name() -> None:
    df = count_terms("浙江“千村示范、万村整治”工程，千万工程，千村示范万村整治")
    assert df.set_index("term").loc["千万工程", "count"] == 3


def test_overlapping_lexicon_terms_keep_the_leftmost_longest_one():
    """机构改革 and 改革方案 are both lexicon terms: in 机构改革方案 leftmost-longest matching
    chooses 机构改革, and the other term must not cut it (else neither is counted)."""
    from policytext.extract.terms import iter_term_matches

    found = [m.term for m in iter_term_matches("现在，国务院的机构改革方案已提交大会。")]
    assert "机构改革" in found
    # a dictionary word still cuts: 部长 in 农业部长
    assert "农业部" not in [m.term for m in iter_term_matches("出席中拉农业部长论坛。")]


def test_terms_in_traditional_characters_are_counted_as_written():
    traditional = "我們要堅持社會主義道路，完成第一個五年計劃，實行民主集中制。"
    simplified = "我们要坚持社会主义道路，完成第一个五年计划，实行民主集中制。"
    got = [(m.term, m.surface, m.start, m.end) for m in iter_term_matches(traditional)]
    want = [(m.term, m.start, m.end) for m in iter_term_matches(simplified)]
    assert [(t, s, e) for t, _, s, e in got] == want and want
    assert ("社会主义", "社會主義") in {(t, surface) for t, surface, _, _ in got}


def test_an_issuer_in_a_document_number_is_no_mention():
    text = ("根据《关于深化医疗保障制度改革的意见》(国办发〔2020〕20号)、(国办发〔2023】17号)和"
            "（工信部联科〔2010〕540号），国办要求各地落实。")
    df = count_terms(text)
    counts = dict(zip(df["term"], df["count"]))
    assert counts.get("国办") == 1 and "工信部" not in counts
