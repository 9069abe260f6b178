"""Character classes of Chinese political text, in one place.

Constants are plain strings of characters (use ``ch in SENTENCE_END``, ``s.strip(HORIZONTAL_SPACE)``
or :func:`char_class` to build a regular-expression class). They follow the punctuation of
modern 公文 and news copy, full-width (全角) and ASCII forms side by side.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "CLAUSE_END",
    "CLOSING_QUOTES",
    "COLON",
    "HORIZONTAL_SPACE",
    "PUNCTUATION",
    "SEMICOLON",
    "SENTENCE_END",
    "SENTENCE_SPLIT",
    "WHITESPACE",
    "char_class",
    "looks_traditional",
    "matching_form",
    "to_simplified_chars",
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

#: Punctuation a line of prose holds: a line with none of it is an item of a list, a row of a
#: table or a title, not a piece of a sentence (prose has a comma every few characters).
PUNCTUATION = "，、。；：！？…—“”‘’《》（）「」『』【】〔〕,;:!?()"

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


@lru_cache(maxsize=1)
def _simplified_of() -> dict[int, str]:
    """Code point of a traditional character → its usual simplified form (OpenCC's character
    table, ``policytext/resources/opencc``); characters that are their own form are left out."""
    from importlib import resources

    folder = resources.files("policytext.resources").joinpath("opencc")
    table: dict[int, str] = {}
    for line in folder.joinpath("TSCharacters.txt").read_text("utf-8").splitlines():
        trad, _, forms = line.partition("\t")
        first = forms.split(" ")[0]
        if len(trad) == 1 and len(first) == 1 and first != trad:
            table[ord(trad)] = first
    return table


def to_simplified_chars(text: str) -> str:
    """``text`` with every traditional character replaced by its usual simplified form, one
    character for one, so that offsets into the result are offsets into ``text``.

    Only characters are converted, not phrases: a character with several simplified forms
    takes the usual one (乾 → 干, so 乾隆 gives 干隆), and regional wordings (軟體) stay as they
    are. Right for matching names, terms and figures (term counts, themes and targets read a
    traditional text through it); to rewrite a text for reading, ``clean(...,
    to_simplified=True)`` uses OpenCC's phrase-aware conversion (``policytext[opencc]``).

    >>> to_simplified_chars("國內生產總值增長5%左右")
    '国内生产总值增长5%左右'
    """
    return text.translate(_simplified_of())


def looks_traditional(text: str, sample: int = 4_000) -> bool:
    """Whether ``text`` is written in traditional characters: at least 5% of the Chinese
    characters of its first ``sample`` characters have a different simplified form (a
    simplified text has almost none; a traditional one a fifth or more).

    >>> looks_traditional("國內生產總值增長"), looks_traditional("国内生产总值增长")
    (True, False)
    """
    head = text[:sample]
    if not any(ch in head for ch in _COMMON_TRADITIONAL):
        return False  # a traditional text has some of these in any few hundred characters
    cjk = len(_CJK_RE.findall(head))
    traditional = len(head) - len(head.translate(_traditional_deleted()))
    return cjk >= 4 and traditional >= 0.05 * cjk


_CJK_RE = re.compile("[\u4e00-\u9fff]")
# the most frequent characters that only traditional texts write (国, 会, 为, 们, 这, 个, 说…)
_COMMON_TRADITIONAL = "國會為們這個說來時經發與對於長業進過義"


@lru_cache(maxsize=1)
def _traditional_deleted() -> dict[int, None]:
    return dict.fromkeys(_simplified_of())


def matching_form(text: str) -> str:
    """The form of ``text`` that names, terms and figures are matched in: its simplified form
    (:func:`to_simplified_chars`) when it :func:`looks_traditional`, else ``text`` itself (the
    same object). Either way an offset into the result is an offset into ``text``.

    >>> matching_form("社會主義"), matching_form("社会主义")
    ('社会主义', '社会主义')
    """
    return to_simplified_chars(text) if looks_traditional(text) else text
