"""Tests for policytext.extract.quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.corpus import Document
from policytext.extract.quotes import QUOTE_COLUMNS, iter_quotes, quotes

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "quote"),
    [
        ("习近平总书记指出，“理想信念就是共产党人精神上的‘钙’，没有理想信念就会‘缺钙’”。",
         "习近平总书记", "指出", "理想信念就是共产党人精神上的‘钙’，没有理想信念就会‘缺钙’"),
        ("习近平同志强调：“必须坚持人民至上，坚持自信自立。”", "习近平同志", "强调",
         "必须坚持人民至上，坚持自信自立。"),
        ("总书记深刻指出：“江山就是人民，人民就是江山。”", "总书记", "深刻指出",
         "江山就是人民，人民就是江山。"),
        ("习近平总书记在党的二十大报告中明确指出，“中国式现代化是人口规模巨大的现代化”",
         "习近平总书记", "明确指出", "中国式现代化是人口规模巨大的现代化"),
        ("毛泽东同志说过：“星星之火，可以燎原。”", "毛泽东同志", "说过", "星星之火，可以燎原。"),
        ("邓小平同志提出，“发展才是硬道理，要抓住机遇”", "邓小平同志", "提出", "发展才是硬道理，要抓住机遇"),
        ("李强总理要求，“要把稳就业摆在更加突出的位置上来”", "李强总理", "要求",
         "要把稳就业摆在更加突出的位置上来"),
        ("习近平总书记说，“他说过“实干兴邦”这样的话，我们要牢记”", "习近平总书记", "说",
         "他说过“实干兴邦”这样的话，我们要牢记"),
    ],
)
def test_quotes(text: str, speaker: str, verb: str, quote: str) -> None:
    df = quotes(text)
    assert df[["speaker", "verb", "quote"]].values.tolist() == [[speaker, verb, quote]]
    row = df.iloc[0]
    assert text[row.start : row.end] == quote


def test_not_quotations() -> None:
    assert quotes("习近平总书记提出“一带一路”倡议").empty
    assert quotes("总书记指出，要加强监督。").empty
    assert list(iter_quotes("习近平总书记指出，“没有结束\n\n另一段")) == []


def test_empty_schema() -> None:
    df = quotes("")
    assert {c: str(t) for c, t in df.dtypes.items()} == QUOTE_COLUMNS


@pytest.mark.corpus
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_seed_quotation() -> None:
    path = next((SHARED / "corpus" / "seed").glob("*.txt"))
    doc = Document.from_text(path.read_text(encoding="utf-8"))
    df = quotes(doc)
    assert len(df) == 1
    row = df.iloc[0]
    assert (row.speaker, row.verb) == ("习近平总书记", "指出")
    assert row.quote.startswith("理想信念就是共产党人精神上的‘钙’")


def test_quote_rows_are_the_frame_rows() -> None:
    from policytext.extract.quotes import quote_rows

    text = "习近平总书记指出，“理想信念就是精神上的‘钙’，不能缺。”总书记强调：“要“实干兴邦”，不要空谈。”"
    doc = Document(text, doc_id="d")
    rows = quote_rows(doc)
    assert len(rows) == 2
    assert rows == [tuple(r) for r in quotes(doc).astype(object).itertuples(index=False, name=None)]
    assert quote_rows(Document("", doc_id="e")) == []


def test_unclosed_quotes_stay_unclosed() -> None:
    # a blank line, or 3,000 characters without the closing mark, ends the search
    assert list(iter_quotes("习近平总书记指出，“要坚持。\n\n”")) == []
    assert list(iter_quotes("习近平总书记指出，“" + "好" * 3000 + "”")) == []
    assert [q.quote for q in iter_quotes("习近平总书记指出，“" + "好" * 2999 + "”")] == ["好" * 2999]
    # nested marks are counted, an unmatched closing mark before the quote is not
    text = "”习近平总书记说，“他说“实干兴邦”，要牢记。”"
    assert [q.quote for q in iter_quotes(text)] == ["他说“实干兴邦”，要牢记。"]


@pytest.mark.parametrize("text", [
    "习近平总书记指出“" * 30_000,  # every opening mark unclosed
    "习近平总书记指出，“我们要坚持，不动摇。”" * 20_000,
    "“" * 200_000 + "”‘’" * 1000,
])
def test_linear_time_on_pathological_input(text: str) -> None:
    import time

    t0 = time.perf_counter()
    quotes(text)
    assert time.perf_counter() - t0 < 5
