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
:mod:`~policytext.plot.outline`, :mod:`~policytext.plot.network`; what they share (palette,
labels, input checks, :func:`save`) is in :mod:`~policytext.plot.base`.

matplotlib is imported inside the functions: ``import policytext`` stays light. On a machine
without a display matplotlib picks its Agg backend by itself.
"""

from __future__ import annotations

from policytext.errors import PlotError

from .base import CATEGORY_COLORS, CATEGORY_LABELS, OKABE_ITO, save
from .compare import plot_changes, plot_reuse
from .fonts import FontChoice, cjk_font, font_context, font_families, use_font
from .network import plot_network
from .outline import plot_outline
from .terms import plot_keyness, plot_terms, plot_wordcloud
from .trends import plot_heatmap, plot_timeline, plot_trends, plot_trends_grid

__all__ = [
    "CATEGORY_COLORS",
    "CATEGORY_LABELS",
    "OKABE_ITO",
    "FontChoice",
    "PlotError",
    "cjk_font",
    "font_context",
    "font_families",
    "plot_changes",
    "plot_heatmap",
    "plot_keyness",
    "plot_network",
    "plot_outline",
    "plot_reuse",
    "plot_terms",
    "plot_timeline",
    "plot_trends",
    "plot_trends_grid",
    "plot_wordcloud",
    "save",
    "use_font",
]
