"""Themes: TF-IDF keywords, a scikit-learn vectorizer and topic models on lexicon-aware tokens.

Tokens come from :class:`policytext.tokenize.Tokenizer`, which keeps lexicon terms whole
(五个中心, 百县千镇万村, 三高四新 are one token each). :class:`PolicyAnalyzer` then drops what
is never a theme: political stopwords, function words, numbers and dates,
single characters, punctuation and Latin noise. Lexicon terms are never dropped.

Document frequencies come either from the documents analysed (``idf="corpus"``) or from the
political-domain table shipped with the package (``idf="builtin"``, built by
``data/idf/build_idf.py`` from government work reports, party congress reports, plenum
communiqués and news background), so a *single* document gets sensible keywords: generic
words of political prose (发展, 工作, 建设, 加强, 推进) have a low IDF there, while party terms
and place names keep a high one.

One module per job: :mod:`.rules` (word lists, fragment, administrative-word and glossary
rules, token kinds), :mod:`.phrases` (the multi-word names a document repeats, 冰雪经济),
:mod:`.analyzer` (:class:`PolicyAnalyzer`), :mod:`.idf` (IDF tables),
:mod:`.scoring` (:func:`themes`), :mod:`.formatting` (:func:`format_themes`),
:mod:`.vectorizer` (:class:`PolicyVectorizer`) and :mod:`.topic_models` (:func:`topics`).
"""

from __future__ import annotations

from typing import Any

from .analyzer import PolicyAnalyzer
from .formatting import format_themes
from .idf import IdfTable, blended_idf, blended_idf_array, load_idf, parse_idf, resolve_idf
from .rules import (
    ADMIN_WORDS,
    DROP_POS,
    FUNCTION_TAGS,
    FUNCTION_WORDS,
    THEME_KINDS,
    is_admin_word,
    is_fragment,
    kind_mask,
    own_names,
    quoted_names,
    strip_addressees,
    strip_glossary,
    token_kind,
)
from .scoring import THEME_COLUMNS, check_theme_arguments, resolve_top, tf_weight, themes
from .topic_models import topics

__all__ = [
    "ADMIN_WORDS",
    "DROP_POS",
    "FUNCTION_TAGS",
    "FUNCTION_WORDS",
    "THEME_COLUMNS",
    "THEME_KINDS",
    "IdfTable",
    "PolicyAnalyzer",
    "PolicyVectorizer",
    "blended_idf",
    "blended_idf_array",
    "check_theme_arguments",
    "format_themes",
    "is_admin_word",
    "is_fragment",
    "kind_mask",
    "load_idf",
    "own_names",
    "parse_idf",
    "quoted_names",
    "resolve_idf",
    "resolve_top",
    "strip_addressees",
    "strip_glossary",
    "tf_weight",
    "themes",
    "token_kind",
    "topics",
]

def __getattr__(name: str) -> Any:
    # PEP 562: the vectorizer's module imports scikit-learn, so it loads on first access.
    if name == "PolicyVectorizer":
        from .vectorizer import PolicyVectorizer

        return PolicyVectorizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
