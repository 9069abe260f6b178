"""themes, PolicyAnalyzer, the IDF table, PolicyVectorizer and topics."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.themes import (
    IdfTable,
    PolicyAnalyzer,
    PolicyVectorizer,
    format_themes,
    load_idf,
    parse_idf,
    themes,
    topics,
)
from policytext.lexicon import Lexicon
from policytext.tokenize import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
GENERIC = {"发展", "工作", "建设", "加强", "推进"}

# A made-up provincial report paragraph in the style of the genre.
HAINAN = (
    "过去一年，我们全面推进海南自由贸易港建设，扎实做好全岛封关运作准备工作。洋浦经济开发区发展加快，"
    "洋浦港集装箱吞吐量增长12%。我们加强生态文明建设，推进热带雨林国家公园建设。2025年，"
    "我们要确保封关运作顺利实施，推进海南自由贸易港高质量发展，加强营商环境建设，推动发展，做好工作。"
    "加快建设西部陆海新通道国际航运枢纽，推进洋浦港扩建，推进工作，加强工作，建设发展。"
)
HUNAN = (
    "我们深入实施三高四新战略，奋力建设现代化新湖南。长株潭都市圈建设提速，湘江新区发展加快。"
    "全面落实三高四新战略定位和使命任务，推进工作，加强建设，发展发展。"
)
GUANGDONG = (
    "实施百县千镇万村高质量发展工程，推进百县千镇万村建设；粤港澳大湾区建设走深走实，"
    "横琴、前海、南沙三大平台加快建设。推进工作，加强建设。"
)
SHANGHAI = (
    "加快建设五个中心，浦东引领区建设取得新进展，临港新片区、虹桥国际中央商务区建设加快。"
    "推动长三角一体化发展，推进工作，加强建设，发展。"
)


@pytest.fixture(scope="module")
def analyzer() -> PolicyAnalyzer:
    return PolicyAnalyzer()


def _has(tokens, term):
    """``term`` is a token, or inside a longer lexicon term (三高四新 in 三高四新战略)."""
    return any(term in t for t in tokens)


def test_lexicon_terms_are_single_tokens(analyzer):
    for text, term in ((HUNAN, "三高四新"), (GUANGDONG, "百县千镇万村高质量发展工程"),
                       (SHANGHAI, "五个中心"), (GUANGDONG, "粤港澳大湾区")):
        assert _has(analyzer(text), term)
    assert "三高四新" in analyzer("坚持三高四新")
    assert "百县千镇万村" in analyzer("推进百县千镇万村建设")


def test_filters(analyzer):
    toks = analyzer("2024年GDP增长5.2%，第二，一是要，我们的了。ABC abc ——“”。各位代表，十四五。")
    assert "GDP" in toks and "十四五" in toks
    bad_tokens = ("2024年", "5.2%", "第二", "一是", "我们", "的", "了", "abc", "ABC ", "——",
                  "各位代表")
    for bad in bad_tokens:
        assert bad not in toks, bad
    assert all(len(t) >= 2 for t in toks)


def test_analyzer_accepts_documents_and_pickles(analyzer):
    doc = Document(HUNAN, doc_id="hn")
    assert analyzer(doc) == analyzer(HUNAN)
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone(HUNAN) == analyzer(HUNAN)
    assert analyzer("") == []


def test_memoised_filter_matches_keep():
    """The memoised filter (each distinct token judged once) gives what keep() gives token by
    token, on a fresh analyzer and on one whose memo is already filled or full."""
    from policytext.extract.themes import analyzer as themes_mod

    text = HAINAN + HUNAN + GUANGDONG + SHANGHAI + "2024年GDP增长5.2%，第二，一是要，ABC abc 十四五。"
    a = PolicyAnalyzer(words_only=False)  # the fragment filter looks at the text, not the token
    expected = [k for t in a.tokenizer.tokenize(text) if (k := a._judge(t)) is not None]
    assert a(text) == expected
    assert a(text) == expected  # memo filled
    assert [a.keep(t) for t in a.tokenizer.tokenize(text) if a.keep(t)] == expected
    b = PolicyAnalyzer(canonical=False, min_chars=3, words_only=False)
    expected_b = [k for t in b.tokenizer.tokenize(text) if (k := b._judge(t)) is not None]
    assert b(text) == expected_b
    old = themes_mod._MEMO_SIZE
    try:
        themes_mod._MEMO_SIZE = 5
        c = PolicyAnalyzer(words_only=False)
        assert c(text) == expected and c(text) == expected and len(c._cache) <= 5
    finally:
        themes_mod._MEMO_SIZE = old


def test_nested_terms():
    lex = Lexicon.from_terms(["四个全面", "四个全面战略布局"])
    a = PolicyAnalyzer(Tokenizer(lex), nested=True)
    assert a("协调推进四个全面战略布局").count("四个全面") == 1
    assert "四个全面战略布局" in a("协调推进四个全面战略布局")
    assert "四个全面" not in PolicyAnalyzer(Tokenizer(lex))("协调推进四个全面战略布局")


def test_builtin_idf_table():
    table = load_idf()
    assert isinstance(table, IdfTable) and len(table) > 10_000 and table.n_docs > 10_000
    size = (ROOT / "src" / "policytext" / "resources" / "idf.tsv").stat().st_size
    assert size < 3_000_000
    # generic words of political prose have a low IDF, party terms and places a high one
    assert max(table[w] for w in GENERIC) < 2.0
    assert table["自贸港"] > 5 and table["供给侧结构性改革"] > 5
    assert table["一个从未见过的词"] == table.default >= max(table.idf.values()) - 1e-9


def test_parse_idf_errors_and_defaults():
    t = parse_idf("# n_docs=10 default_idf=3.5\nterm\tidf\n发展\t0.1\n")
    assert t.n_docs == 10 and t["发展"] == 0.1 and t["x"] == 3.5
    t2 = parse_idf("a\t1\nb\t2\nc\t3\n")
    assert t2.default == 2 and len(t2) == 3
    with pytest.raises(ValueError, match=":2"):
        parse_idf("term\tidf\n发展\tx\n")


@pytest.mark.parametrize("text,expected", [
    (HAINAN, {"海南自由贸易港", "洋浦港", "封关运作", "洋浦"}),
    (HUNAN, {"三高四新", "湘江新区", "湖南"}),
    (GUANGDONG, {"百县千镇万村", "粤港澳大湾区", "横琴", "南沙", "前海"}),
    (SHANGHAI, {"五个中心", "临港新片区", "浦东", "长三角"}),
])
def test_single_document_builtin_idf_finds_places_and_programmes(text, expected):
    df = themes(text, top=10, idf="builtin")
    top = list(df.term)
    found = {e for e in expected if _has(top[:5], e)}
    assert len(found) >= 2, top
    assert not set(top[:5]) & GENERIC, top


def test_themes_schema_and_ranks():
    c = Corpus([Document(HAINAN, doc_id="hi"), Document(HUNAN, doc_id="hn"),
                Document(GUANGDONG, doc_id="gd"), Document(SHANGHAI, doc_id="sh")])
    df = themes(c, top=5)
    assert list(df.columns) == ["doc_id", "term", "score", "rank", "count"]
    assert df.groupby("doc_id").size().max() == 5
    for _, g in df.groupby("doc_id"):
        assert list(g["rank"]) == [1, 2, 3, 4, 5]
        assert list(g["score"]) == sorted(g["score"], reverse=True)
        assert (g["score"] <= 1).all()
    assert _has(df[df.doc_id == "hn"].term, "三高四新")
    empty = themes(Corpus(), top=5)
    assert len(empty) == 0 and empty["score"].dtype == "float64" and empty["rank"].dtype == "int64"


def test_themes_by_group_and_idf_modes():
    c = Corpus([Document(HAINAN, doc_id="a", meta={"region": "south"}),
                Document(GUANGDONG, doc_id="b", meta={"region": "south"}),
                Document(HUNAN, doc_id="c", meta={"region": "centre"})])
    df = themes(c, top=3, by="region")
    assert next(iter(df.columns)) == "region" and set(df.region) == {"south", "centre"}
    custom = themes(HUNAN, top=3, idf={"湘江新区": 100.0, "发展": 0.1, "建设": 0.1})
    assert custom.iloc[0]["term"] == "湘江新区"
    with pytest.raises(ValueError, match="idf must be"):
        themes(HUNAN, idf="general")
    with pytest.raises(ValueError):
        themes(HUNAN, top=0)


def test_format_themes():
    df = themes(Corpus([Document(HUNAN, doc_id="hn")]), top=2, idf="builtin")
    lines = format_themes(df, "jsonl", doc={"hn": "reports/hunan.txt"}).splitlines()
    rec = json.loads(lines[0])
    assert rec["doc"] == "reports/hunan.txt" and rec["rank"] == 1 and {"term", "score"} <= set(rec)
    csv_text = format_themes(df, "csv")
    assert csv_text.splitlines()[0] == "doc,term,score,rank,count"
    assert format_themes(df.iloc[:0], "jsonl") == ""
    with pytest.raises(ValueError):
        format_themes(df, "xml")


def test_vectorizer_is_sklearn_compatible():
    from sklearn.base import clone
    from sklearn.decomposition import NMF
    from sklearn.pipeline import make_pipeline

    docs = [HAINAN, HUNAN, GUANGDONG, Document(SHANGHAI, doc_id="sh")]
    vec = PolicyVectorizer(sublinear_tf=True)
    X = vec.fit_transform(docs)
    assert X.shape == (4, len(vec.get_feature_names_out())) and X.format == "csr"
    assert _has(vec.get_feature_names_out(), "三高四新")
    assert abs((X - vec.transform(docs)).sum()) < 1e-9
    assert vec.get_params()["sublinear_tf"] is True and not hasattr(clone(vec), "vocabulary_")
    restored = pickle.loads(pickle.dumps(vec))
    assert abs((restored.transform(docs) - X).sum()) < 1e-9
    pipe = make_pipeline(PolicyVectorizer(), NMF(n_components=2, init="nndsvda", max_iter=300))
    assert pipe.fit_transform(docs).shape == (4, 2)
    builtin = PolicyVectorizer(idf="builtin", norm=None).fit([HUNAN])
    assert builtin.idf_.min() > 0
    with pytest.raises(TypeError):
        vec.transform(HUNAN)
    with pytest.raises(ValueError):
        PolicyVectorizer(idf="x").fit(docs)


def test_vectorizer_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        PolicyVectorizer().transform([HUNAN])


def test_topics():
    docs = Corpus([Document(t * 3, doc_id=str(i)) for i, t in
                   enumerate([HAINAN, HUNAN, GUANGDONG, SHANGHAI, HAINAN + HUNAN])])
    for method in ("nmf", "lda"):
        tt, dt = topics(docs, n_topics=2, method=method, top_n=5)
        assert list(tt.columns) == ["topic", "term", "weight", "rank"]
        assert list(dt.columns) == ["doc_id", "topic", "weight"]
        assert set(tt.topic) == {0, 1} and len(dt) == 10
        assert dt.groupby("doc_id")["weight"].sum().round(6).eq(1).all()
    tt, dt = topics(Corpus(), n_topics=3)
    assert len(tt) == 0 and len(dt) == 0 and tt["weight"].dtype == "float64"
    with pytest.raises(ValueError):
        topics(docs, method="lsa")


@pytest.fixture(scope="module")
def sample_corpus() -> Corpus:
    root = ROOT / "data" / "gov_work_reports"
    if not root.is_dir():
        pytest.skip(f"sample corpus {root} not present")
    return Corpus.from_dir(root, pattern="*.txt")


def test_sample_corpus_themes_per_report(sample_corpus):
    df = themes(sample_corpus, top=20)
    top = {k: set(g.term) for k, g in df.groupby("doc_id")}
    assert {"十三五", "第十三个五年规划"} <= top["2016.txt"]
    assert {"疫情防控", "六保"} & top["2020.txt"]
    assert "四人帮" in top["1978.txt"]
    assert not set(df.term) & GENERIC


def test_sample_corpus_single_report_builtin(sample_corpus):
    df = themes(sample_corpus["2020.txt"], top=20, idf="builtin")
    assert {"六保", "六稳", "疫情防控", "抗疫"} <= set(df.term)
    assert not set(df.term) & GENERIC
