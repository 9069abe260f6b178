"""Font embedding: a WOFF subset of the bundled CJK font holding the characters a page uses."""

from __future__ import annotations

import base64
import html
import io
import re

from policytext import plot

DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def font_face(text: str) -> str:
    """@font-face with a WOFF subset of the bundled font covering the page's characters."""
    # Every character past ASCII (… – · ≤ too): the embedded font comes first in the page's
    # font list (a web font placed after the system fonts is not waited for, and text laid
    # out before it loads shows as boxes), so it must hold all that the Latin fonts may lack.
    chars = {c for c in html.unescape(text) if ord(c) > 0x7F}
    if not chars:
        return ""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        bundled = plot.fonts.bundled_font()
        # the original timestamp, not the time of saving: the same page gives the same bytes.
        # The bounding boxes are kept from the whole font, not recomputed from the subset's
        # glyphs (which draws every CFF glyph again: 0.2–0.3 s of the ≈0.4 s save): they still
        # contain every glyph, and browsers lay text out by the hhea/OS/2 metrics, which the
        # subsetter keeps as they are either way.
        font = TTFont(str(bundled.path), recalcTimestamp=False, recalcBBoxes=False)
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        # the bundled font carries no hints: dropping them would only decompile and compile
        # every charstring again (≈0.08 s; the subset's bytes are the same either way)
        options.hinting = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # keep the licence fields
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        buf = io.BytesIO()
        font.flavor = "woff"
        font.save(buf)
    except Exception:  # the page is still useful with the reader's own fonts
        return ""
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        '@font-face { font-family: "Policytext Sans SC"; font-style: normal; font-display: block; '
        f'font-weight: 100 900; src: url(data:font/woff;base64,{data}) format("woff"); }}\n'
    )
