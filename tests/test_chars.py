"""The shared character classes of policytext.chars."""

from __future__ import annotations

import re

from policytext import chars


def test_classes_nest():
    assert set(chars.HORIZONTAL_SPACE) < set(chars.WHITESPACE)
    assert set(chars.SENTENCE_END) < set(chars.SENTENCE_SPLIT) < set(chars.CLAUSE_END)
    assert not set(chars.WHITESPACE) & set(chars.CLAUSE_END + chars.CLOSING_QUOTES)
    for name in chars.__all__:
        value = getattr(chars, name)
        if isinstance(value, str):
            assert len(set(value)) == len(value), name  # no character listed twice


def test_char_class_matches_exactly_its_characters():
    for value in (chars.WHITESPACE, chars.CLAUSE_END, chars.CLOSING_QUOTES, "]^-\\"):
        rx = re.compile(chars.char_class(value))
        assert all(rx.fullmatch(c) for c in value)
        assert not rx.fullmatch("a") and not rx.fullmatch("，，")
        neg = re.compile(chars.char_class(value, negate=True))
        assert neg.fullmatch("a") and not any(neg.fullmatch(c) for c in value)


def test_traditional_characters_fold_one_for_one():
    trad = "我們第一屆全國人民代表大會，國內生產總值增長百分之八點五，𠀋"
    simp = chars.to_simplified_chars(trad)
    assert simp.startswith("我们第一届全国人民代表大会，国内生产总值增长百分之八点五")
    assert len(simp) == len(trad)  # offsets into the folded text are offsets into the text
    assert chars.to_simplified_chars(simp) == simp
    assert chars.looks_traditional(trad) and not chars.looks_traditional(simp)
    assert not chars.looks_traditional("GDP 5%") and not chars.looks_traditional("")


def test_the_character_table_ships_with_its_licence():
    from importlib import resources

    folder = resources.files("policytext.resources").joinpath("opencc")
    assert "Apache License" in folder.joinpath("LICENSE").read_text("utf-8")
    assert "OpenCC" in folder.joinpath("NOTICE").read_text("utf-8")
