"""Document outline: numbered headings (序号) and inline enumerations (一是…二是…).

A heading is a marker in one of the styles Chinese official documents use — 第X部分/编/章/节/条,
一、 （一） ㈠ 1. 1、 （1） ① — at the start of a line or, when a scrape lost the paragraph
break, at the start of a sentence (``…我讲几点意见。一、关于…``). An item is an inline
enumeration — 一是…二是…, 第一，…第二，…, 一要…二要…, 其一…其二…, 首先…其次…最后 — at the
start of a sentence and part of a run (一是 without 二是 is no enumeration).

Nesting follows the order in which marker styles appear: a style already open closes the deeper
ones; a new style nests under the current one, except that within the numbered-list family
(一、 › （一） › 1. › （1） › ①) and the 第X family (部分/编 › 章 › 节 › 条) a conventionally
higher style never nests under a lower one. Items nest under the heading whose body they sit in.

Some lines stand outside the numbered outline and close every open section: an appendix,
annex or glossary line (附件2：…, 附录, 名词解释), after which the block's own outline starts at
the top again, and an address (各位代表！…) after which no heading follows or a numbering
restarts (the next part of a report in unmarked parts). The lines of a table of contents (目录)
are no nodes.

Everything runs on compiled regexes plus work proportional to the number of candidate markers,
so extraction is linear in the text length (no per-character Python loops).
"""

from __future__ import annotations

from .formatting import (
    format_outline,
)
from .markers import (
    MARKER,
    classify_marker,
    parse_numeral,
    render_marker,
)
from .structure import (
    OutlineNode,
    part_boundaries,
)
from .table import (
    OUTLINE_COLUMNS,
    iter_outline,
    outline,
    outline_rows,
)
from .tree import (
    Outline,
)

__all__ = [
    "MARKER",
    "OUTLINE_COLUMNS",
    "Outline",
    "OutlineNode",
    "classify_marker",
    "format_outline",
    "iter_outline",
    "outline",
    "outline_rows",
    "parse_numeral",
    "part_boundaries",
    "render_marker",
]
