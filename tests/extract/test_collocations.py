"""collocations and cooccurrence_matrix."""

from __future__ import annotations

import math

import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.collocations import collocations, cooccurrence_matrix, iter_sentences
from policytext.lexicon import Lexicon

LEX = Lexicon.from_terms(["乡村振兴", "脱贫攻坚", "高质量发展", "营商环境"])
TEXT = (
    "巩固脱贫攻坚成果，全面推进乡村振兴。脱贫攻坚与乡村振兴有效衔接！"
    "推动高质量发展；优化营商环境。推动高质量发展，优化营商环境。\n乡村振兴。高质量发展。"
)


def test_sentences_lose_nothing():
    sents = list(iter_sentences(TEXT))
    assert "".join(sents).replace("\n", "") == TEXT.replace("\n", "")
    assert sents[0] == "巩固脱贫攻坚成果，全面推进乡村振兴。"
    assert list(iter_sentences("")) == []


def test_term_pairs_and_scores():
    df = collocations(TEXT, ["乡村振兴", "脱贫攻坚", "高质量发展", "营商环境"], lexicon=LEX,
                      min_count=1)
    assert list(df.columns) == ["term_a", "term_b", "count", "count_a", "count_b", "pmi", "llr"]
    pairs = {(r.term_a, r.term_b): r for r in df.itertuples()}
    assert ("乡村振兴", "脱贫攻坚") in pairs
    assert pairs[("营商环境", "高质量发展")].count == 1  # the "；" ends a sentence
    r = pairs[("乡村振兴", "脱贫攻坚")]
    n = len(list(iter_sentences(TEXT)))
    assert (r.count, r.count_a, r.count_b) == (2, 3, 2)
    assert r.pmi == pytest.approx(math.log2(2 * n / (3 * 2)))
    assert all(a < b for a, b in zip(df.term_a, df.term_b))
    by_pmi = collocations(TEXT, list(LEX.terms), lexicon=LEX, min_count=1, method="pmi")
    assert list(by_pmi.pmi) == sorted(by_pmi.pmi, reverse=True)
    with pytest.raises(ValueError):
        collocations(TEXT, method="dice")


def test_token_mode_and_empty():
    c = Corpus([Document(TEXT * 3, doc_id="a")])
    df = collocations(c, min_count=3, top_n=5)
    assert len(df) <= 5 and (df["count"] >= 3).all()
    empty = collocations(Corpus(), ["乡村振兴"], lexicon=LEX)
    assert len(empty) == 0 and empty["llr"].dtype == "float64"


def test_cooccurrence_matrix():
    m = cooccurrence_matrix(TEXT, ["乡村振兴", "脱贫攻坚", "营商环境", "未出现"], lexicon=LEX)
    assert list(m.index) == list(m.columns) == ["乡村振兴", "脱贫攻坚", "营商环境", "未出现"]
    assert m.loc["乡村振兴", "脱贫攻坚"] == m.loc["脱贫攻坚", "乡村振兴"] == 2
    assert m.loc["乡村振兴", "乡村振兴"] == 3 and m.loc["未出现"].sum() == 0
    assert (m.values == m.values.T).all() and str(m.values.dtype) == "int64"
    top = cooccurrence_matrix(TEXT, top_n=3)
    assert top.shape == (3, 3)
