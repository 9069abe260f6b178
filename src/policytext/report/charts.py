"""Charts of the report: figures outside pyplot, rendered to PNG and embedded as base64."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

from policytext import plot

from .page import escape

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

def png_bytes(fig: Figure) -> bytes:
    """``fig`` rendered as PNG with the report's fonts."""
    # The figures use constrained layout, so bbox_inches="tight" would only lay them out again
    # (about a third of the rendering time).
    with plot.font_context():
        plot.fonts.apply_fonts(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100, facecolor="white")
    return buf.getvalue()


def png_html(fig: Figure, alt: str, caption: str = "", data: bytes | None = None) -> str:
    """A ``<figure>`` embedding ``fig`` (or its PNG ``data``, when already rendered)."""
    data = png_bytes(fig) if data is None else data
    b64 = base64.b64encode(data).decode("ascii")
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{escape(alt)}" src="data:image/png;base64,{b64}">{cap}</figure>'


def new_figure(width: float, height: float) -> Figure:
    """A Figure outside pyplot: nothing accumulates in pyplot's registry during batch runs."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")
