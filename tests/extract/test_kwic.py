"""kwic and format_kwic."""

from __future__ import annotations

import pytest

from policytext.corpus import Corpus, Document
from policytext.extract.kwic import format_kwic, kwic
from policytext.lexicon import Lexicon, Term

LEX = Lexicon.from_terms([Term("两个维护", "formulation", variants=("二个维护",))])
TEXT = "增强四个意识，坚决做到两个维护。要做到二个维护，也要做到两个\n维护。"


def test_offsets_are_exact():
    df = kwic(TEXT, "两个维护", window=4, lexicon=LEX)
    assert list(df.columns) == ["doc_id", "left", "match", "right", "start", "end", "line"]
    assert len(df) == 3
    for r in df.itertuples():
        assert TEXT[r.start:r.end] == r.match
        assert TEXT[max(0, r.start - 4):r.start] == r.left
        assert TEXT[r.end:r.end + 4] == r.right
    assert list(df.match) == ["两个维护", "二个维护", "两个\n维护"]


def test_without_variants_or_bridging():
    assert len(kwic(TEXT, "两个维护", lexicon=LEX, variants=False)) == 2
    assert len(kwic(TEXT, "两个维护", lexicon=LEX, variants=False, bridge_breaks=False)) == 1


def test_any_string_and_several_strings():
    assert len(kwic(TEXT, "做到", lexicon=LEX)) == 3
    df = kwic(TEXT, ["四个意识", "做到"], lexicon=LEX)
    assert list(df.start) == sorted(df.start) and len(df) == 4


def test_regex():
    df = kwic("第一条 总则。第十二条 附则。", r"第[一二三四五六七八九十]+条", regex=True)
    assert list(df.match) == ["第一条", "第十二条"]
    with pytest.raises(ValueError, match="invalid regular expression"):
        kwic("x", "(", regex=True)


def test_empty_and_schema():
    df = kwic(Corpus(), "两个维护", lexicon=LEX)
    assert len(df) == 0 and df["start"].dtype == "int64" and df["left"].dtype == object
    assert format_kwic(df) == ""
    with pytest.raises(ValueError):
        kwic("abc", "")
    with pytest.raises(ValueError):
        kwic("abc", "a", window=-1)


def test_corpus_doc_ids_and_window_edges():
    c = Corpus([Document("两个维护开头", doc_id="x"), Document("结尾两个维护", doc_id="y")])
    df = kwic(c, "两个维护", window=10, lexicon=LEX)
    assert list(df.doc_id) == ["x", "y"]
    assert df.iloc[0]["left"] == "" and df.iloc[1]["right"] == ""


def test_format_kwic_aligns_matches():
    df = kwic("长长的左边上下文两个维护。短两个维护。", "两个维护", window=8, lexicon=LEX)
    lines = format_kwic(df, show_doc=False).splitlines()
    assert len(lines) == 2
    cols = [line.index("【") for line in lines]
    from policytext.extract.kwic import _width

    assert _width(lines[0][:cols[0]]) == _width(lines[1][:cols[1]])
    text = format_kwic(kwic(TEXT, "两个维护", lexicon=LEX))
    assert "doc:" in text and "\n维护" not in text  # line breaks flattened for display


def test_lines_are_the_files_own_lines(tmp_path):
    from policytext import read
    from policytext.extract.kwic import format_kwic

    # blank lines are cleaned away: the line is still the file's
    f = tmp_path / "wrapped.txt"
    f.write_text("第一行。\n\n\n坚决做到两个维护。\n", encoding="utf-8")
    df = kwic(read(f), "两个维护", variants=False)
    assert df["line"].tolist() == [4]
    assert format_kwic(df).split()[0].endswith(":4")  # PATH:LINE, as grep -n prints
