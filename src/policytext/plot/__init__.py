"""Charts of terminology, trends, keyness, outlines and co-occurrence — Chinese renders anywhere.

Every ``plot_*`` function takes a DataFrame produced by :mod:`policytext`'s extractors (the
expected columns are listed in each docstring), draws on ``ax`` (a new figure when ``ax`` is
None) and returns the Axes. Nothing here calls ``plt.show()`` or changes
``matplotlib.rcParams``: fonts are applied with :func:`matplotlib.pyplot.rc_context` while
drawing and set on each text artist, so the charts show Chinese glyphs in a notebook, in a
saved file and inside someone else's figure (:mod:`policytext.plot.fonts` says how the CJK
font is chosen).

One module per family of charts: :mod:`~policytext.plot.terms` (bars of terms, keyness, word
cloud), :mod:`~policytext.plot.trends` (lines over time, heatmaps, the timeline),
:mod:`~policytext.plot.outline`, :mod:`~policytext.plot.network`,
:mod:`~policytext.plot.targets` (targets against results), :mod:`~policytext.plot.compare`
(changes between two versions, copied sections); what they share (palette, built-in texts in
Chinese and English, input checks, :func:`save`) is in :mod:`~policytext.plot.base`.

matplotlib is imported inside the functions: ``import policytext`` stays light. On a machine
without a display matplotlib picks its Agg backend by itself.
"""

from __future__ import annotations

from policytext.errors import PlotError

from .base import CATEGORY_COLORS, CATEGORY_LABELS, LANGS, OKABE_ITO, escape_mathtext, save
from .compare import plot_changes, plot_reuse
from .fonts import FontChoice, cjk_font, font_context, font_families, use_font
from .network import plot_network
from .outline import plot_outline
from .targets import plot_targets, plot_targets_across
from .terms import KEYNESS_FUNCTION_WORDS, plot_keyness, plot_terms, plot_wordcloud
from .trends import (
    first_appearance,
    order_columns,
    plot_heatmap,
    plot_timeline,
    plot_trends,
    plot_trends_grid,
    timeline_terms,
)

__all__ = [
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "KEYNESS_FUNCTION_WORDS",
    "LANGS",
    "OKABE_ITO",
    "FontChoice",
    "PlotError",
    "cjk_font",
    "escape_mathtext",
    "first_appearance",
    "font_context",
    "font_families",
    "order_columns",
    "plot_changes",
    "plot_heatmap",
    "plot_keyness",
    "plot_network",
    "plot_outline",
    "plot_reuse",
    "plot_targets",
    "plot_targets_across",
    "plot_terms",
    "plot_timeline",
    "plot_trends",
    "plot_trends_grid",
    "plot_wordcloud",
    "save",
    "timeline_terms",
    "use_font",
]
