"""Natural mistakes pushed through every public extractor: the API must not guess silently.

Each mistake gets either the natural behaviour (a ``Path`` or a ``Document`` is accepted where
a text is; a scalar selector is a one-element list) or a :class:`PolicyTextError` whose message
names the fix — never a plausible empty or wrong table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import policytext as pt
from policytext.corpus import as_document, as_documents, as_text, docvar_names
from policytext.errors import InputError, MissingFileError, PolicyTextError
from policytext.extract.checks import announced_counts, check, numbering_problems
from policytext.extract.collocations import collocations, cooccurrence_matrix
from policytext.extract.keyness import keyness
from policytext.extract.kwic import kwic
from policytext.extract.outline import Outline, outline
from policytext.extract.parallelism import parallelism, parallelism_density
from policytext.extract.quotes import quotes
from policytext.extract.slogans import expansions, first_seen, slogan_counts, slogans
from policytext.extract.stats import first_last_seen, temperature, term_frequency, trends
from policytext.extract.terms import count_terms
from policytext.extract.themes import themes, topics

REPORT = (
    "政府工作报告\n"
    "——2024年3月5日在第十四届全国人民代表大会第二次会议上\n"
    "国务院总理　李　强\n"
    "各位代表：\n"
    "一、2023年工作回顾\n"
    "我们坚持稳中求进工作总基调，推动高质量发展。全党要增强“四个意识”、坚定“四个自信”、做到“两个维护”。"
    "习近平总书记强调：“高质量发展是全面建设社会主义现代化国家的首要任务。”\n"
    "二、2024年工作总体部署\n"
    "我们要坚持稳中求进，坚持以进促稳，坚持先立后破。推动高质量发展，发展新质生产力。\n"
)
TERMS = ["高质量发展", "四个意识"]

# name -> call taking the object under test; every public extractor that takes documents
EXTRACTORS = {
    "outline": outline,
    "Outline": lambda x: Outline(x).frame,
    "slogans": slogans,
    "slogan_counts": slogan_counts,
    "first_seen": first_seen,
    "expansions": expansions,
    "quotes": quotes,
    "kwic": lambda x: kwic(x, "高质量发展"),
    "collocations": lambda x: collocations(x, ["高质量发展"], min_count=1),
    "cooccurrence_matrix": lambda x: cooccurrence_matrix(x, TERMS),
    "term_frequency": lambda x: term_frequency(x, TERMS),
    "trends": lambda x: trends(x, TERMS, by="doc_id"),
    "temperature": lambda x: temperature(x, TERMS, by="doc_id"),
    "first_last_seen": lambda x: first_last_seen(x, TERMS, by="doc_id"),
    "themes": themes,
    "count_terms": count_terms,
    "parallelism": parallelism,
    "parallelism_density": parallelism_density,
    "announced_counts": announced_counts,
    "numbering_problems": numbering_problems,
    "check": lambda x: pd.concat([f.assign(table=name) for name, f in zip(("announced", "numbering"), check(x))]),
    "tokenize": lambda x: pt.Tokenizer().tokenize(x),
}
BY_EXTRACTORS = {
    "term_frequency": lambda x, by: term_frequency(x, TERMS, by=by),
    "trends": lambda x, by: trends(x, TERMS, by=by),
    "temperature": lambda x, by: temperature(x, TERMS, by=by),
    "first_last_seen": lambda x, by: first_last_seen(x, TERMS, by=by),
    "themes": lambda x, by: themes(x, by=by),
    "topics": lambda x, by: topics(x, n_topics=1, by=by, min_df=1)[0],
}


@pytest.fixture
def report_file(tmp_path) -> Path:
    path = tmp_path / "2024.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        assert a == b


def _empty(result) -> bool:
    """No rows, or only rows that count zero (term tables list asked-for terms with 0)."""
    if isinstance(result, pd.DataFrame):
        if len(result) == 0 or ("count" in result.columns and bool((result["count"] == 0).all())):
            return True
        numbers = result.select_dtypes("number")
        return numbers.shape[1] > 0 and not numbers.fillna(0).to_numpy().any()
    return not result


# extractors that find something in REPORT (the others may rightly find nothing there)
FINDS_SOMETHING = {"outline", "Outline", "slogans", "slogan_counts", "first_seen", "quotes", "kwic",
                   "cooccurrence_matrix", "term_frequency", "trends", "temperature",
                   "first_last_seen", "themes", "count_terms", "parallelism",
                   "parallelism_density", "tokenize"}


# --- a path given as a string --------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXTRACTORS))
def test_existing_path_string_names_pt_read(name, report_file):
    with pytest.raises(InputError, match=r"pt\.read\("):
        EXTRACTORS[name](str(report_file))


@pytest.mark.parametrize("name", list(EXTRACTORS))
def test_missing_path_string_names_pt_read(name):
    with pytest.raises(InputError, match=r"looks like a file name.*pt\.read"):
        EXTRACTORS[name]("reports/x.txt")


def test_folder_string_names_from_dir(tmp_path):
    with pytest.raises(InputError, match=r"Corpus\.from_dir"):
        outline(str(tmp_path))


# --- a Path or a Document where a text is: the natural behaviour --------------------------------
@pytest.mark.parametrize("name", list(EXTRACTORS))
def test_path_and_document_read_like_pt_read(name, report_file):
    doc = pt.read(report_file)
    expected = EXTRACTORS[name](doc)
    _same(EXTRACTORS[name](report_file), expected)
    _same(EXTRACTORS[name]([report_file]) if name != "tokenize" else expected, expected)
    if name in FINDS_SOMETHING:
        assert not _empty(expected), name  # the file was really read


def test_tokenize_accepts_a_document(report_file):
    doc = pt.read(report_file)
    tok = pt.Tokenizer()
    assert tok.tokenize(doc) == tok.tokenize(doc.text)
    assert tok.words(doc) == tok.words(doc.text)
    assert tok.tokenize_lines(doc) == tok.tokenize_lines(doc.text)


# --- other wrong types -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXTRACTORS))
@pytest.mark.parametrize(("bad", "fix"), [
    (b"\xe5\x8f\x91\xe5\xb1\x95", "decode"),
    (42, "expected a text"),
    (pd.DataFrame({"text": ["推动高质量发展。"]}), "Corpus.from_frame"),
    ({"a": "推动高质量发展。"}, "Corpus.from_texts"),
    ([3.5], "expected texts, Documents or Paths"),
])
def test_wrong_types_name_the_fix(name, bad, fix):
    if name == "tokenize" and isinstance(bad, (pd.DataFrame, dict, list)):
        fix = "expected a text"
    if name in ("slogan_counts", "first_seen") and isinstance(bad, pd.DataFrame):
        pytest.skip("takes the DataFrame of slogans() by design")
    with pytest.raises(PolicyTextError, match=fix):
        EXTRACTORS[name](bad)


# --- empty objects: empty tables with their columns, never an exception --------------------------
@pytest.mark.parametrize("name", list(EXTRACTORS))
@pytest.mark.parametrize("empty", ["", pt.Corpus([]), []], ids=["str", "corpus", "list"])
def test_empty_inputs_give_empty_results(name, empty):
    if name == "tokenize" and not isinstance(empty, str):
        with pytest.raises(InputError, match="expected a text"):  # a corpus is not a text
            EXTRACTORS[name](empty)
        return
    result = EXTRACTORS[name](empty)
    assert _empty(result), name
    if isinstance(result, pd.DataFrame) and name not in ("cooccurrence_matrix",):
        assert len(result.columns) > 0, name  # same columns as a full table


# --- by= and selectors -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BY_EXTRACTORS))
def test_unknown_by_lists_the_valid_docvars(name, report_file):
    c = pt.Corpus.from_paths([report_file])
    with pytest.raises(InputError, match=r"by='province' is not a docvar.*year.*speaker"):
        BY_EXTRACTORS[name](c, "province")
    assert len(BY_EXTRACTORS[name](c, "year"))  # the valid one works


@pytest.mark.parametrize("name", list(BY_EXTRACTORS))
def test_by_a_docvar_no_document_has(name):
    with pytest.raises(InputError, match=r"no document has a value for 'year'.*with_meta"):
        BY_EXTRACTORS[name]("推动高质量发展。", "year")


def _two_years() -> pt.Corpus:
    return pt.Corpus.from_texts(["推进乡村振兴。" * 5, "发展农业生产。" * 5], doc_ids=["a", "b"],
                                meta=[{"year": 2024}, {"year": 2023}], clean=False)


def test_keyness_scalar_selectors_are_one_element_lists():
    c = _two_years()
    by_query = keyness(c, {"year": 2024}, min_count=1)
    _same(keyness(c, {"year": [2024]}, min_count=1), by_query)
    _same(keyness(c, "a", min_count=1), by_query)
    _same(keyness(c, {"year": "2024"}, min_count=1), by_query)  # a docvar read from a CSV
    assert by_query.iloc[0]["term"] == "乡村振兴"


def test_keyness_empty_selection_lists_what_is_there():
    c = _two_years()
    with pytest.raises(InputError, match=r"selects no document.*year values present: 2023, 2024"):
        keyness(c, {"year": 2025})
    with pytest.raises(InputError, match=r"selects no document.*doc_ids present: a, b"):
        keyness(c, 2025)
    with pytest.raises(InputError, match="target key='province' is not a docvar"):
        keyness(c, {"province": "山东"})
    with pytest.raises(InputError, match=r"reference .* selects no document"):
        keyness(c, ["a"], {"year": 1990})
    with pytest.raises(InputError, match="selects every document"):
        keyness(c, {"year": range(2000, 2030)})


# --- constructors ------------------------------------------------------------------------------------
def test_corpus_of_paths_names_from_paths(report_file):
    for bad in ([str(report_file)], [report_file]):
        with pytest.raises(InputError, match=r"Corpus\.from_paths"):
            pt.Corpus(bad)
    with pytest.raises(InputError, match=r"Corpus\.from_texts"):
        pt.Corpus(["推动高质量发展。"])
    with pytest.raises(InputError, match=r"Corpus\.from_dir"):
        pt.Corpus(str(report_file.parent))


def test_from_dir_does_not_return_an_empty_corpus_silently(tmp_path):
    with pytest.raises(MissingFileError, match="no such folder"):
        pt.Corpus.from_dir(tmp_path / "nope")
    record = pt.Corpus.from_dir(tmp_path / "nope", errors="record")
    assert len(record) == 0 and record.failures == ((str(tmp_path / "nope"), "no such folder"),)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no document to read.*errors='record'"):
        pt.Corpus.from_dir(tmp_path / "empty")
    assert len(pt.Corpus.from_dir(tmp_path / "empty", errors="record")) == 0
    with pytest.raises(MissingFileError, match="is a file, not a folder"):
        (tmp_path / "f.txt").write_text("推动高质量发展。", encoding="utf-8")
        pt.Corpus.from_dir(tmp_path / "f.txt")


# --- the coercion helpers themselves ----------------------------------------------------------------
def test_coercion_helpers(report_file):
    assert as_document("推动高质量发展。", doc_id="x").doc_id == "x"
    assert as_text(pt.read(report_file)) == pt.read(report_file).text
    assert as_text("report.txt 里的一句话，不是路径。") == "report.txt 里的一句话，不是路径。"
    docs = as_documents(["推动。", report_file, report_file])
    assert [d.doc_id for d in docs] == ["doc1", "2024.txt", "2024.txt#2"]
    assert {"year", "region", "doubts"} <= set(docvar_names(docs))
    # English text without a file-name ending is text, even without Chinese
    assert as_document("hello world").text == "hello world"
