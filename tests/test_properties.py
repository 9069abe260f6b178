"""Property-based tests: random text (CJK, outline markers, quote marks, newlines) thrown at every
extractor. Each must not raise, must report offsets inside the text, and where a row carries the
matched span, ``text[start:end]`` must equal it.

Example counts stay modest so the suite stays fast. hypothesis is a development dependency: a
missing one, or an extractor module that fails to import, is a failure, not a skip.
"""

from __future__ import annotations

import importlib

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policytext.corpus import Document

# Pieces political prose is made of, including everything that trips extractors up.
PIECES = [
    "一、", "二、", "三、", "四、", "十、", "（一）", "（二）", "(三)", "㈠", "1.", "2.", "1、", "（1）",
    "①", "②", "第一部分", "第三章", "第二条", "一是", "二是", "三是", "首先", "其次", "最后", "第一，",
    "“", "”", "‘", "’", "「", "」", "《", "》", "\n", "\n\n", "\r\n", " ", "\u3000", "\t",
    "。", "，", "；", "：", "、", "！", "？",
    "四个意识", "两个\n维护", "二个维护", "全面从严治党", "从严治党", "三会一课", "十四五", "一带一路",
    "习近平总书记指出", "强调", "我讲三点意见", "重点做好9个方面工作", "以下几点",
    "增长5.2%", "2024年", "1.5倍", "第一次", "一、二季度", "统一是", "坚持", "发展", "改革", "人民",
    "政府工作报告", "要坚持", "要加强", "要推进", "仅供学习 禁止外传", "<p>", "</p>", "&nbsp;",
]

text_strategy = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), max_size=6),
        st.text(max_size=4),  # anything at all, including surrogates-free odd code points
    ),
    max_size=60,
).map("".join)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _module(name: str):
    return importlib.import_module(f"policytext.extract.{name}")


def _doc(text: str) -> Document:
    return Document(text=text, doc_id="d")  # uncleaned: offsets refer to ``text`` itself


def _check_offsets(df, text: str, span_col: str | None = None) -> None:
    if not len(df):
        return
    for rec in df.to_dict("records"):
        s, e = rec["start"], rec["end"]
        assert 0 <= s <= e <= len(text), (s, e, len(text))
        if span_col is not None:
            assert text[s:e] == rec[span_col], (text[s:e], rec[span_col])


@SETTINGS
@given(text_strategy)
def test_outline(text: str) -> None:
    m = _module("outline")
    df = m.outline(_doc(text))
    _check_offsets(df, text)
    for rec in df.to_dict("records"):
        assert text[rec["start"]:rec["end"]].startswith(rec["marker"])
    for node in m.iter_outline(text):
        assert 0 <= node.start <= node.end <= len(text)


@SETTINGS
@given(text_strategy)
def test_slogans(text: str) -> None:
    m = _module("slogans")
    df = m.slogans(_doc(text))
    _check_offsets(df, text, "surface")


@SETTINGS
@given(text_strategy)
def test_quotes(text: str) -> None:
    m = _module("quotes")
    _check_offsets(m.quotes(_doc(text)), text, "quote")
    for q in m.iter_quotes(text):
        assert text[q.start:q.end] == q.quote


@SETTINGS
@given(text_strategy)
def test_parallelism(text: str) -> None:
    m = _module("parallelism")
    df = m.parallelism(_doc(text))
    _check_offsets(df, text)
    for rec in df.to_dict("records"):
        span = text[rec["start"]:rec["end"]]
        for member in rec["members"]:
            assert member in span


@SETTINGS
@given(text_strategy)
def test_checks(text: str) -> None:
    m = _module("checks")
    doc = _doc(text)
    _check_offsets(m.announced_counts(doc), text, "text")
    problems = m.numbering_problems(doc)
    _check_offsets(problems, text)
    m.format_findings(m.check(doc))


@SETTINGS
@given(text_strategy, st.sampled_from(["四个意识", "两个维护", "发展", "一、", "“"]))
def test_kwic(text: str, term: str) -> None:
    m = _module("kwic")
    df = m.kwic(_doc(text), term)
    _check_offsets(df, text, "match")


@SETTINGS
@given(text_strategy)
def test_count_terms_and_matches(text: str) -> None:
    from policytext.extract.terms import count_terms, iter_term_matches

    df = count_terms(_doc(text))
    assert list(df.columns) == ["doc_id", "term", "category", "count", "per_10k"]
    matches = list(iter_term_matches(text))
    last_end = 0
    for mt in matches:
        assert 0 <= mt.start < mt.end <= len(text)
        assert text[mt.start:mt.end] == mt.surface
        assert mt.start >= last_end  # non-overlapping, in order
        last_end = mt.end
    assert int(df["count"].sum()) == len(matches)


@SETTINGS
@given(text_strategy)
def test_clean_text(text: str) -> None:
    from policytext.clean import clean_text

    source = text.replace("\r\n", "\n").replace("\r", "\n")
    result = clean_text(source)
    for r in result.removals:
        assert 0 <= r.start <= r.end <= len(source)
        assert source[r.start:r.end] == r.text
    doc = Document.from_text(text)
    for i in range(0, len(doc.text) + 1, max(1, len(doc.text) // 7 or 1)):
        assert 0 <= doc.source_offset(i) <= len(source)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text_strategy, min_size=1, max_size=3))
@example([" "])  # blank text is text, not the path "" of the working folder
@example([".PDF"])  # a document's text that reads like a file name is still its text
def test_themes_small_inputs(texts: list[str]) -> None:
    m = _module("themes")
    from policytext.corpus import Corpus

    corpus = Corpus.from_texts(texts, clean=False)
    df = m.themes(corpus, 5, idf="corpus")
    assert list(df.columns) == ["doc_id", "term", "score", "rank", "count"]
    assert (df["rank"] >= 1).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text_strategy, min_size=1, max_size=3))
def test_batch_document_never_raises(texts: list[str]) -> None:
    """The per-document batch step turns any text into rows (or a recorded error)."""
    from policytext.batch import AnalyzeOptions, analyze_document

    worker = _worker(AnalyzeOptions)
    for i, t in enumerate(texts):
        r = analyze_document(Document.from_text(t, doc_id=f"d{i}"), worker)
        assert r.status == "ok"
        for rows in r.tables.values():
            for row in rows:
                assert isinstance(row, tuple)


_WORKER_CACHE: dict = {}


def _worker(options_cls):
    from policytext.batch import Worker

    if "w" not in _WORKER_CACHE:
        _WORKER_CACHE["w"] = Worker(options_cls())
    return _WORKER_CACHE["w"]
