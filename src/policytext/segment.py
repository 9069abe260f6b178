"""Paragraphs, sentences and clauses of a text, as spans into it.

Every function returns :class:`Span` tuples whose ``text`` is ``text[start:end]``; spans are
stripped of surrounding whitespace (half- and full-width) and never empty. Between two spans
lies only whitespace, so no character of the text is lost. A sentence never crosses a line
break: in a cleaned document a line is a paragraph.

- paragraph: a line;
- sentence: ends after 。！？；(full or half width; a run of them counts once) and any closing
  quote or bracket that follows (”’」』）), or at a line break;
- clause: a sentence further split after ，：(full or half width).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .chars import CLAUSE_END, CLOSING_QUOTES, SENTENCE_SPLIT, WHITESPACE, char_class

__all__ = ["Span", "clauses", "paragraphs", "sentences"]


class Span(NamedTuple):
    """A piece of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_WS = WHITESPACE + "\ufeff"  # a byte-order mark left inside a text is no content
_PARAGRAPH_END = re.compile(r"\n+")
_SENTENCE_END = re.compile(rf"{char_class(SENTENCE_SPLIT)}+{char_class(CLOSING_QUOTES)}*|\n+")
_CLAUSE_END = re.compile(rf"{char_class(CLAUSE_END)}+{char_class(CLOSING_QUOTES)}*|\n+")


def _split(text: str, ends: re.Pattern[str]) -> list[Span]:
    out: list[Span] = []
    pos = 0
    n = len(text)
    for m in [*ends.finditer(text), None]:
        stop = m.end() if m is not None else n
        if stop <= pos:
            continue
        s, e = pos, stop
        while s < e and text[s] in _WS:
            s += 1
        while e > s and text[e - 1] in _WS:
            e -= 1
        if e > s:
            out.append(Span(s, e, text[s:e]))
        pos = stop
    return out


def paragraphs(text: str) -> list[Span]:
    """The lines of ``text`` that hold more than whitespace.

    >>> paragraphs("一、总体要求\\n\\n  坚持稳中求进。")
    [Span(start=0, end=6, text='一、总体要求'), Span(start=10, end=17, text='坚持稳中求进。')]
    """
    return _split(text, _PARAGRAPH_END)


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` (split after 。！？； with closing quotes, and at line breaks).

    >>> [s.text for s in sentences("他说：“好。”我们走；\\n然后")]
    ['他说：“好。”', '我们走；', '然后']
    """
    return _split(text, _SENTENCE_END)


def clauses(text: str) -> list[Span]:
    """The clauses of ``text``: sentences split further after ，and ：.

    >>> [c.text for c in clauses("坚持稳中求进，推动高质量发展。")]
    ['坚持稳中求进，', '推动高质量发展。']
    """
    return _split(text, _CLAUSE_END)
