"""Character classes of Chinese political text, in one place.

Constants are plain strings of characters (use ``ch in SENTENCE_END``, ``s.strip(HORIZONTAL_SPACE)``
or :func:`char_class` to build a regular-expression class). They follow the punctuation of
modern 公文 and news copy, full-width (全角) and ASCII forms side by side.
"""

from __future__ import annotations

import re

__all__ = [
    "CLAUSE_END",
    "CLOSING_QUOTES",
    "COLON",
    "HORIZONTAL_SPACE",
    "SEMICOLON",
    "SENTENCE_END",
    "SENTENCE_SPLIT",
    "WHITESPACE",
    "char_class",
]

#: Spaces inside a line: ASCII space and tab, ideographic space (全角空格 U+3000), no-break
#: space, en and em spaces and the thin space that PDF and Word copies carry.
HORIZONTAL_SPACE = " \t\u3000\u2002\u2003\u00a0\u2009"

#: :data:`HORIZONTAL_SPACE` plus the line-break characters.
WHITESPACE = HORIZONTAL_SPACE + "\r\n"

#: Marks that end a sentence: 句号, 叹号 and 问号, full-width and ASCII.
SENTENCE_END = "。！？!?"

#: Semicolons (分号), full-width and ASCII.
SEMICOLON = "；;"

#: Colons (冒号), full-width and ASCII.
COLON = "：:"

#: Where text is cut into sentences: :data:`SENTENCE_END` and :data:`SEMICOLON` (a 公文 list
#: item closed by ``；`` reads as a sentence of its own).
SENTENCE_SPLIT = SENTENCE_END + SEMICOLON

#: Where text is cut into clauses: :data:`SENTENCE_SPLIT` plus commas (逗号) and colons.
CLAUSE_END = SENTENCE_SPLIT + "，," + COLON

#: Closing quotation marks and brackets that stay with the sentence they close.
CLOSING_QUOTES = "”’」』）)"


def char_class(chars: str, *, negate: bool = False) -> str:
    """A regular-expression character class matching any one of ``chars``.

    Parameters
    ----------
    chars : str
        The characters, e.g. :data:`SENTENCE_END`.
    negate : bool, default False
        Match any character *not* in ``chars``.

    Returns
    -------
    str
        ``[...]`` (or ``[^...]``) with every character escaped as needed.
    """
    return f"[{'^' if negate else ''}{''.join(map(re.escape, chars))}]"
