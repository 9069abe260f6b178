"""Announced counts and numbering problems."""

from __future__ import annotations

from case_files import read_case_file
from policytext.corpus import Document
from policytext.extract.checks import (
    ANNOUNCED_COLUMNS,
    NUMBERING_COLUMNS,
    announced_counts,
    check,
    format_findings,
    numbering_problems,
)


def table_dtypes(df):
    return {c: str(t) for c, t in df.dtypes.items()}


def test_seed_excerpt_announces_three_points():
    case = read_case_file("outline_seed_speech.json")["cases"][0]
    df = announced_counts(case["text"])
    assert df[["text", "announced", "found", "scope", "ok"]].values.tolist() == [
        ["我讲三点意见", 3, 3, "top-level headings", True]]


def test_announced_variants():
    text = ("重点做好9个方面工作：\n一、甲\n二、乙\n"
            "主要有以下几点：一是学习；二是落实。\n"
            "主要有三条：一是手续繁杂；二是运输不及时。")
    df = announced_counts(text)
    assert df["announced"].tolist()[0] == 9 and df["found"].tolist()[0] == 2
    assert not df["ok"].tolist()[0]
    assert df["announced"].isna().tolist() == [False, True, False]
    assert df["found"].tolist()[1:] == [2, 2] and df["ok"].tolist()[1:] == [True, False]
    assert df["line"].tolist() == [1, 4, 5]


def test_numbering_problems():
    df = numbering_problems("一、甲\n二、乙\n四、丁\n四、戊\n三、己\n")
    assert df[["problem", "expected", "found", "line"]].values.tolist() == [
        ["gap", "三、", "四、", 3], ["repeat", "五、", "四、", 4], ["out-of-order", "五、", "三、", 5]]
    # a style used at two depths is common in correct documents: no finding
    df2 = numbering_problems("一、甲\n（一）子\n1.孙\n二、乙\n1.孙\n2.孙\n三、丙\n（一）子\n1.孙\n")
    assert df2.empty
    assert numbering_problems("一、甲\n二、乙\n").empty


def test_schemas_and_format():
    for df, cols in ((announced_counts(""), ANNOUNCED_COLUMNS),
                     (numbering_problems(""), NUMBERING_COLUMNS)):
        assert table_dtypes(df) == cols
    f = check(Document("下面讲三点意见：\n一、甲\n二、乙\n四、丙\n", doc_id="a.txt"))
    assert table_dtypes(f.announced) == ANNOUNCED_COLUMNS and table_dtypes(f.numbering) == NUMBERING_COLUMNS
    out = format_findings(f, show_ok=True)
    assert "a.txt:1: count-ok: announced 3" in out and "a.txt:4: gap: 四、 follows 二、" in out
    assert format_findings(check("无")) == ""
