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
