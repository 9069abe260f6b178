"""Tests for policytext.extract.slogans (numeric formulations, quoted phrases, counts)."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from case_files import case_params
from policytext.corpus import Corpus, Document
from policytext.extract.slogans import (
    COUNT_COLUMNS,
    EXPANSION_COLUMNS,
    FIRST_SEEN_COLUMNS,
    SLOGAN_COLUMNS,
    canonical_form,
    expansions,
    first_seen,
    format_slogans,
    is_numeric_formulation,
    iter_numeric,
    slogan_counts,
    slogan_rows,
    slogans,
)
from policytext.lexicon import Lexicon, Term

SHARED = Path(os.environ.get("POLICYTEXT_SHARED") or Path(__file__).resolve().parents[3] / "shared")
EMPTY = Lexicon.empty()


def _small_lexicon() -> Lexicon:
    return Lexicon.from_terms(
        [
            Term("四个意识", "formulation", expansion=("政治意识", "大局意识", "核心意识", "看齐意识")),
            Term("两个维护", "formulation", variants=("二个维护",)),
            Term("以案促改", "campaign"),
            Term("全面从严治党", "policy"),
            Term("不忘初心、牢记使命", "campaign"),
        ]
    )


# -- numeric formulations -------------------------------------------------------------------
@pytest.mark.parametrize("case", case_params("slogans_numeric.json"))
def test_numeric_cases(case: dict) -> None:
    df = slogans(case["text"], EMPTY)
    got = df.loc[df["numeric"], "term"].tolist()
    assert got == case["expected"]


@pytest.mark.parametrize("case", case_params("slogans_seed_excerpts.json"))
def test_seed_excerpts(case: dict) -> None:
    df = slogans(case["text"], EMPTY)
    assert dict(Counter(df.loc[df["numeric"], "term"])) == case["expected"]


@pytest.mark.parametrize("case", case_params("slogans_quoted.json"))
def test_quoted_labels(case: dict) -> None:
    df = slogans(case["text"], EMPTY)
    q = df[df["quoted"]]
    assert [list(x) for x in zip(q["term"], q["label"])] == case["expected"]


def test_offsets_point_at_surface() -> None:
    text = "做到“两个\n维护”，增强四个　意识，落实三会一课"
    df = slogans(text, EMPTY)
    for row in df.itertuples():
        assert text[row.start : row.end] == row.surface
    assert df["term"].tolist() == ["两个维护", "四个意识", "三会一课"]
    assert df["quoted"].tolist() == [True, False, False]


def test_canonical_form() -> None:
    assert canonical_form("“二个维护”") == "两个维护"
    assert canonical_form("两个\n维护") == "两个维护"
    assert canonical_form("四个\u3000意识") == "四个意识"
    assert canonical_form("理想‘钙’") == "理想‘钙’"


@pytest.mark.parametrize(
    "phrase", ["四个意识", "六稳", "三农", "双碳", "十四五", "两不愁三保障", "十三个方面成就"]
)
def test_is_numeric_formulation_true(phrase: str) -> None:
    assert is_numeric_formulation(phrase)


@pytest.mark.parametrize(
    "phrase", ["两个月", "三个方面", "五一", "九一八", "一心一意", "一线", "一把手", "七一勋章", "三次"]
)
def test_is_numeric_formulation_false(phrase: str) -> None:
    assert not is_numeric_formulation(phrase)


def test_lexicon_wins_and_counts_once() -> None:
    text = "增强“四个意识”，做到二个维护。增强四个意识"
    df = slogans(text, _small_lexicon())
    four = df[df["term"] == "四个意识"]
    assert len(four) == 2 and set(four["kind"]) == {"lexicon"}
    assert four["numeric"].all()
    two = df[df["term"] == "两个维护"]
    assert two["kind"].tolist() == ["lexicon"] and two["surface"].tolist() == ["二个维护"]


def test_quoted_formulation_learned_then_counted_unquoted() -> None:
    docs = Corpus.from_texts(
        {"a": "推广“三治融合”经验，坚持“五水共治”。", "b": "深化五水共治，推进三治融合。"}, clean=False
    )
    counts = slogan_counts(docs, EMPTY, numeric_only=True)
    got = {(r.doc_id, r.term): r.count for r in counts.itertuples()}
    assert got == {("a", "三治融合"): 1, ("a", "五水共治"): 1, ("b", "五水共治"): 1, ("b", "三治融合"): 1}
    only = slogans(docs, EMPTY, learn_quoted=False)
    assert only.loc[only["doc_id"] == "b", "numeric"].sum() == 0


def test_kinds_filter_and_bad_kind() -> None:
    df = slogans("把案件当成“铜镜”，增强“四个意识”", EMPTY, kinds=["quoted"])
    assert df["kind"].tolist() == ["quoted"]
    with pytest.raises(ValueError, match="valid kinds"):
        slogans("x", EMPTY, kinds=["slogan"])


def test_sentence_column() -> None:
    df = slogans("第一句。增强“四个意识”。第三句", EMPTY)
    assert df["sentence"].tolist() == ["增强“四个意识”。"]


# -- schemas ---------------------------------------------------------------------------------
@pytest.mark.parametrize("inp", ["", "没有任何提法。", Corpus([])])
def test_empty_schemas(inp) -> None:
    df = slogans(inp, EMPTY)
    assert list(df.columns) == list(SLOGAN_COLUMNS)
    assert {c: str(t) for c, t in df.dtypes.items()} == SLOGAN_COLUMNS
    counts = slogan_counts(df)
    assert list(counts.columns) == list(COUNT_COLUMNS)
    assert {c: str(t) for c, t in counts.dtypes.items()} == COUNT_COLUMNS
    ex = expansions(inp, EMPTY)
    assert {c: str(t) for c, t in ex.dtypes.items()} == EXPANSION_COLUMNS
    fs = first_seen(df, {})
    assert {c: str(t) for c, t in fs.dtypes.items()} == FIRST_SEEN_COLUMNS


def test_schema_dtypes_nonempty() -> None:
    df = slogans("增强“四个意识”，把案件当成“铜镜”", EMPTY)
    assert {c: str(t) for c, t in df.dtypes.items()} == SLOGAN_COLUMNS


# -- counts, first_seen, expansions, formatting -------------------------------------------------
def test_slogan_counts() -> None:
    corpus = Corpus.from_texts({"a": "四个意识、四个意识和三会一课", "b": "两个维护"}, clean=False)
    counts = slogan_counts(corpus, EMPTY)
    assert counts.values.tolist() == [
        ["a", "四个意识", "numeric", "formulation", 2],
        ["a", "三会一课", "numeric", "formulation", 1],
        ["b", "两个维护", "numeric", "formulation", 1],
    ]


def test_first_seen_from_corpus_and_frame() -> None:
    corpus = Corpus.from_texts(
        {"r2016": "增强四个意识", "r2018": "做到两个维护，增强四个意识", "r2017": "铜镜"},
        clean=False,
        meta=[{"year": 2016}, {"year": 2018}, {"year": 2017}],
    )
    fs = first_seen(corpus, lexicon=EMPTY)
    rec = fs.set_index("term").to_dict("index")
    assert rec["四个意识"]["first_year"] == 2016 and rec["四个意识"]["last_year"] == 2018
    assert rec["四个意识"]["n_years"] == 2 and rec["四个意识"]["first_doc"] == "r2016"
    assert rec["两个维护"]["first_doc"] == rec["两个维护"]["last_doc"] == "r2018"
    df = slogans(corpus, EMPTY)
    fs2 = first_seen(df, corpus.docvars)
    pd.testing.assert_frame_equal(fs, fs2)
    with pytest.raises(ValueError, match="docvars"):
        first_seen(df)


def test_expansions() -> None:
    text = "要增强政治意识、大局意识、核心意识、看齐意识。坚定道路自信、理论自信、制度自信。"
    ex = expansions(text, _small_lexicon())
    rec = ex.set_index("term").to_dict("index")
    assert rec["四个意识"]["n_found"] == 4
    assert text[rec["四个意识"]["start"] : rec["四个意识"]["end"]] == "政治意识、大局意识、核心意识、看齐意识"
    assert rec["四个自信"]["n_found"] == 3  # four members, one missing is tolerated


def test_format_slogans() -> None:
    df = slogans("增强“四个意识”", EMPTY)
    line = json.loads(format_slogans(df, "jsonl").splitlines()[0])
    assert list(line)[:8] == ["doc", "term", "surface", "kind", "category", "quoted", "start", "end"]
    assert line["doc"] == "doc" and line["quoted"] is True and line["start"] == 3
    df2 = df.assign(doc="a.txt")
    assert json.loads(format_slogans(df2, "jsonl"))["doc"] == "a.txt"
    assert format_slogans(df, "csv").splitlines()[0].startswith("doc,term,surface,kind")
    with pytest.raises(ValueError, match="valid formats"):
        format_slogans(df, "xml")


def test_iter_numeric_direct() -> None:
    ms = list(iter_numeric("推进“两个\n确立”", learned=()))
    assert [(m.term, m.surface) for m in ms] == [("两个确立", "两个\n确立")]


# -- real corpus (skipped without ../shared) -----------------------------------------------------
needs_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus (not shipped with the project)"
)


@pytest.mark.corpus
@needs_shared
def test_seed_speech() -> None:
    ann = json.loads((SHARED / "examples" / "seed_annotations.json").read_text(encoding="utf-8"))
    path = next((SHARED / "corpus" / "seed").glob("*.txt"))
    doc = Document.from_text(path.read_text(encoding="utf-8"), doc_id="seed")
    df = slogans(doc, _small_lexicon())
    got = Counter(df.loc[df["numeric"], "term"])
    assert dict(got) == ann["numeric_slogans"]
    q = df[df["quoted"]]
    assert q["term"].tolist() == ann["quoted_phrases"]
    assert q["label"].isin(["formulation", "metaphor", "quotation", "name", "phrase", "other"]).all()


@pytest.mark.corpus
@needs_shared
@pytest.mark.parametrize("clean", [False, True])
def test_party_constitution_across_line_breaks(clean: bool) -> None:
    path = SHARED / "corpus" / "party_constitution" / "dangzhang_2022.txt"
    raw = path.read_text(encoding="utf-8")
    doc = Document.from_text(raw, doc_id="dz", clean=clean) if clean else Document(raw, "dz")
    df = slogans(doc, EMPTY)
    terms = Counter(df.loc[df["numeric"], "term"])
    for t in ("两个维护", "四个意识", "四个自信"):
        assert terms[t] >= 1, t
    if not clean:
        assert re.search(r"\n", "".join(df.loc[df["term"] == "两个维护", "surface"]))
    for row in df.itertuples():
        assert doc.text[row.start : row.end] == row.surface


# -- numeric formulations with the built-in lexicon (shape, nested cores) ---------------------
@pytest.mark.parametrize(
    "case", case_params("slogans_lexicon_numeric.json")
)
def test_lexicon_numeric_by_shape(case: dict) -> None:
    df = slogans(case["text"])
    assert df.loc[df["numeric"], "term"].tolist() == case["expected"]
    rows = df[df["term"].isin(case["non_numeric"])]
    assert sorted(set(rows["term"])) == sorted(case["non_numeric"])
    assert not rows["numeric"].any()
    for row in df.itertuples():
        assert case["text"][row.start : row.end] == row.surface


def test_nested_core_counts_beside_longer_term() -> None:
    counts = slogan_counts("坚持和平共处五项原则，坚持五项原则")
    got = {(r.term, r.kind): r.count for r in counts.itertuples()}
    assert got[("五项原则", "numeric")] == 2
    assert got[("和平共处五项原则", "lexicon")] == 1


def test_quantity_and_magnitude_rules() -> None:
    for phrase in ("十连捷", "七山一水二分田", "百城千屏", "一屏万卷", "三年行动", "新三板", "老九不能走"):
        assert not is_numeric_formulation(phrase), phrase
    for phrase in ("新三样", "四张清单", "一区一主题", "千村示范、万村整治", "百千万工程"):
        assert is_numeric_formulation(phrase), phrase


@pytest.mark.parametrize(
    ("longer", "short", "expected"),
    [
        ("发展新质生产力", "新质生产力", True),
        ("和平共处五项原则", "五项原则", True),
        ("十一五", "一五", False),  # the 11th five-year plan is not the 1st
        ("十五大", "十五", False),  # the 15th congress is not the 10th five-year plan
    ],
)
def test_first_seen_nested_credit_needs_a_word_boundary(longer, short, expected):
    from policytext.extract.slogans import contains_as_word

    assert contains_as_word(longer, short) is expected


# -- row-level API and speed-ups --------------------------------------------------------------
def test_slogan_rows_are_the_frame_rows() -> None:
    from policytext.extract.slogans import slogan_rows

    text = "增强“四个意识”，做到两个\n维护；坚持和平共处五项原则，“两不愁三保障”“青山”。"
    doc = Document(text, doc_id="d1")
    rows = slogan_rows(doc, _small_lexicon())
    df = slogans(doc, _small_lexicon())
    assert rows == [tuple(r) for r in df.astype(object).itertuples(index=False, name=None)]
    assert all(type(r[5]) is bool and type(r[8]) is int for r in rows)
    assert slogan_rows(doc, _small_lexicon(), kinds=["quoted"]) == [
        r for r in rows if r[3] == "quoted"
    ]
    assert slogan_rows(Document("", doc_id="e")) == []
    with pytest.raises(ValueError, match="valid kinds"):
        slogan_rows(doc, kinds=["bogus"])


def test_scanning_regexes_agree_with_the_patterns() -> None:
    """_PLAN_SCAN, _FRAME_SCAN and _STEPS_SCAN are faster spellings of _PLAN_RE, _FRAME_RE and
    _STEPS_RE: same matches, same groups, on random text made of the characters they test."""
    import random

    from policytext.extract.slogans import numeric as s

    alphabet = list("第一二两三四五六七八九十百千万双0９〇每前后个大项种规划计划末初团队长看清楚的\n ”“、")
    alphabet += ["攻坚战", "意识", "时期", "开局", "亿", "个%", "规定", "发展理念", "运动会", "运动"]
    rnd = random.Random(5)
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40)))
        for slow, fast in ((s._PLAN_RE, s._PLAN_SCAN), (s._FRAME_RE, s._FRAME_SCAN),
                           (s._STEPS_RE, s._STEPS_SCAN)):
            group = slow is not s._PLAN_RE  # _PLAN_SCAN has no group: its spans are used
            want = [(m.span(), m.group(1) if group else None) for m in slow.finditer(text)]
            got = [(m.span(), m.group(1) if group else None) for m in fast.finditer(text)]
            assert got == want, (text, slow.pattern[:30])


@pytest.mark.parametrize("text", [
    "习近平总书记指出，“我们要坚持，不动摇。”" * 20_000,  # a quote row per pair
    "两个维护、" * 100_000,  # a coordinated series
    "四个\n意识\n" * 100_000,  # broken by line breaks
    "“两不愁三保障”" * 50_000,  # quoted numeric formulations
    "“" * 200_000 + "”‘’" * 1000,
])
def test_linear_time_on_pathological_input(text: str) -> None:
    import time

    t0 = time.perf_counter()
    slogans(text, EMPTY)
    assert time.perf_counter() - t0 < 10


def test_lexicon_rows_match_the_term_matcher() -> None:
    """slogans runs the TermMatcher's automaton on its own squeezed text (one squeeze per
    document): the lexicon rows must be exactly what the matcher finds on the text."""
    from policytext.extract.terms import matcher_for

    lexicon = _small_lexicon()
    text = "坚持全面\n从严治党，以案　促改；\n\n全面从严\n\n治党、不忘初心、牢记使命，两个\r\n维护 二个维护"
    got = [(r.start, r.end, r.term) for r in slogans(text, lexicon, kinds=["lexicon"]).itertuples()]
    want = [(m.start, m.end, m.term) for m in matcher_for(lexicon).finditer(text)]
    assert got == want and len(want) >= 4


def test_learned_formulations_found_alone_and_overlapping_known_ones() -> None:
    # learned occurrences are found by plain search and merged with the known automaton's
    # matches; an overlap with a known formulation falls back to one combined automaton, and
    # both paths must give the same rows as a single pass would
    text = "推广“三治融合”经验。三治融合见效，五水共治推进，三治融合五水共治并举。"
    rows = slogan_rows(text, EMPTY)
    spans = [(r[1], r[8], r[9]) for r in rows if r[3] == "numeric"]
    assert [t for t, _, _ in spans].count("三治融合") == 3
    assert all(text[s:e] == t for t, s, e in spans)
    assert spans == sorted(spans, key=lambda x: x[1])
    # given explicitly, a learned formulation is counted in a text that never quotes it, next
    # to (and overlapping the span of) another learned one
    plain = text.replace("“", "").replace("”", "")
    given = slogan_rows(plain, EMPTY, learned=["三治融合", "五水共治"])
    terms = [r[1] for r in given if r[3] == "numeric"]
    assert terms.count("三治融合") == 3 and terms.count("五水共治") == 2
    assert all(plain[r[8]:r[9]] == r[2] for r in given)


def test_quote_with_a_blank_line_inside_is_not_a_quote() -> None:
    text = "他说“不忘初心\n\n牢记使命”。又说「两个维护」。"
    quoted = [r[1] for r in slogan_rows(text, EMPTY) if r[6]]
    assert quoted == ["两个维护"]


@pytest.mark.parametrize("text, term", [("编制“十四五”规划", "十四五"), ("实施十四五规划", "十四五"),
                                         ("第十三个五年规划", None)])
def test_plan_names(text: str, term: str | None) -> None:
    found = [r[1] for r in slogan_rows(text, EMPTY) if r[3] == "numeric"]
    assert (term in found) if term else not any(t.startswith("十三") for t in found)


@pytest.mark.parametrize(
    ("text", "term", "label"),
    [("人民代表大会", "人民代表大会", "name"), ("全国人大代表", "全国人大代表", "name"),
     ("政协委员", "政协委员", "name"), ("各民主党派", "民主党派", "name"),
     ("省人民政府", "人民政府", "name"), ("全面从严治党", "全面从严治党", "formulation"),
     ("人民代表大会制度", "人民代表大会制度", "formulation")],
)
def test_lexicon_label_follows_the_category(text: str, term: str, label: str) -> None:
    from policytext.extract.slogans import label_of_category

    df = slogans(text)
    row = df[df["term"] == term].iloc[0]
    assert row["label"] == label == label_of_category(row["category"])


def test_numeral_frame_before_a_quote_is_kept() -> None:
    df = slogans("做好五个“必须统筹好”，坚持两个“毫不动摇”", Lexicon.empty())
    assert df["term"].tolist() == ["五个必须统筹好", "两个毫不动摇"]
    assert df["surface"].tolist() == ["五个“必须统筹好”", "两个“毫不动摇”"]
    assert df["numeric"].all() and df["quoted"].all()
    assert (df["label"] == "formulation").all()


def test_one_before_a_quote_is_not_a_frame() -> None:
    df = slogans("这是一个“样板”", Lexicon.empty())
    assert df["term"].tolist() == ["样板"]


def test_first_seen_leaves_out_institutions() -> None:
    docs = [Document("人民代表大会和全面从严治党", doc_id="a", meta={"year": 2020})]
    fs = first_seen(docs)
    assert "全面从严治党" in fs["term"].tolist()
    assert "人民代表大会" not in fs["term"].tolist()
