"""Slogans and formulations (提法): lexicon terms, numeric formulations and quoted phrases.

Three sources are merged into one occurrence table (:func:`slogans`):

1. **lexicon** — every term of a :class:`~policytext.lexicon.Lexicon`, matched on characters by
   :func:`policytext.extract.terms.iter_term_matches` (leftmost-longest, across line breaks);
2. **numeric** — numeric formulations (数字提法) found by pattern even when they are not in the
   lexicon: numeral + classifier + head (四个意识, 三大攻坚战, 八项规定, 十四个坚持), compact
   enumerations (三会一课, 一岗双责, 五查五看, 三去一降一补), abbreviations (六稳, 三农), plan
   names (十四五) and anything that a document puts in quotes in one of these shapes, which is
   then also counted where the document (or corpus) uses it without quotes;
3. **quoted** — every other phrase in “…” with a label: ``formulation``, ``metaphor``,
   ``quotation``, ``name``, ``phrase`` or ``other``.

Labels: a lexicon term's label follows its category (:data:`CATEGORY_LABELS`: institutions
and meetings are ``name``, document types ``other``); a quoted phrase's label is read from
its shape (see ``docs/slogan_labels.md`` for a judged sample). A numeral frame just before a
quote belongs to the formulation: 五个“必须统筹好” is one row, 五个必须统筹好.

Quantities (两个月, 三个方面, 五个百分点, 一批企业, 第二个) are not formulations: the numeric
detector accepts a numeral + classifier only before a *head* that names an abstract frame
(意识, 自信, 维护, 坚持, 务必…), never before a unit or an ordinary count noun.

An occurrence is reported once: a span found by the lexicon is not repeated by the numeric
detector, and a quoted formulation is one row with ``quoted=True``. A lexicon term is numeric by
its shape (a numeral that counts members), not by its category alone (一把手 is not). The one
overlap allowed is a *numeric core* inside a longer lexicon term: 和平共处五项原则 keeps its
lexicon row (``numeric=False``), and 五项原则 gets its own numeric row. So numeric counts do not
depend on which longer terms the lexicon happens to hold (see ``docs/numeric_accuracy.md``).

Canonical forms drop quotes and whitespace (PDF line breaks, full-width spaces) and write 两 for a
leading 二 before a classifier (二个维护 → 两个维护).
"""

from __future__ import annotations

from .columns import (
    COUNT_COLUMNS,
    EXPANSION_COLUMNS,
    FIRST_SEEN_COLUMNS,
    SLOGAN_COLUMNS,
)
from .formatting import (
    format_slogans,
)
from .labels import CATEGORY_LABELS as CATEGORY_LABELS  # not in __all__, as before the split
from .labels import label_of_category as label_of_category
from .numeric import (
    KNOWN_NUMERIC,
    SloganMatch,
    canonical_form,
    is_numeric_formulation,
    iter_numeric,
)
from .summaries import (
    contains_as_word,
    expansions,
    first_seen,
    slogan_counts,
)
from .table import (
    slogan_rows,
    slogans,
)

__all__ = [
    "COUNT_COLUMNS",
    "EXPANSION_COLUMNS",
    "FIRST_SEEN_COLUMNS",
    "KNOWN_NUMERIC",
    "SLOGAN_COLUMNS",
    "SloganMatch",
    "canonical_form",
    "contains_as_word",
    "expansions",
    "first_seen",
    "format_slogans",
    "is_numeric_formulation",
    "iter_numeric",
    "slogan_counts",
    "slogan_rows",
    "slogans",
]
