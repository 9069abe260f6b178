"""The CJK font of every chart: choice, registration with matplotlib, and application.

The font is chosen in this order (see :func:`cjk_font`):

1. a font file chosen with :func:`use_font`;
2. a CJK font installed on the machine and known to matplotlib (Noto Sans CJK SC, Source Han
   Sans, WenQuanYi, Microsoft YaHei, PingFang SC, SimHei, …);
3. the font shipped with the package, *Policytext Sans SC*: a subset of Noto Sans CJK SC
   (SIL Open Font License 1.1) covering GB 2312 and the 通用规范汉字表 (see ``data/fonts``).

Latin letters and digits are drawn with DejaVu Sans (matplotlib's own font) and everything it
lacks falls back to the CJK font, so there are no "Glyph … missing from font" warnings.
``matplotlib.rcParams`` are never changed: fonts are applied with ``rc_context`` while drawing
and set on each text artist.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policytext.errors import PlotError

__all__ = [
    "BUNDLED_FONT_FILE",
    "CJK_FAMILIES",
    "FONT_SIZE",
    "LATIN_FAMILY",
    "FontChoice",
    "apply_fonts",
    "bundled_font",
    "cjk_font",
    "font_context",
    "font_families",
    "use_font",
]

FONT_SIZE = 11.0

BUNDLED_FONT_FILE = "PolicytextSansSC-Regular.otf"
LATIN_FAMILY = "DejaVu Sans"

#: Installed fonts looked for, best first (simplified-Chinese glyph forms first).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Sarasa Gothic SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "SimHei",
    "Source Han Sans",
    "Droid Sans Fallback",
)


@dataclass(frozen=True)
class FontChoice:
    """The CJK font the charts use.

    Attributes
    ----------
    family
        Family name as matplotlib knows it.
    path
        Font file.
    source
        ``"user"`` (from :func:`use_font`), ``"installed"`` or ``"bundled"``.
    """

    family: str
    path: Path
    source: str


@dataclass
class _FontSetting:
    """Module-private font state: the user's choice and the resolved fonts (a cache)."""

    user: FontChoice | None = None  # set by use_font()
    detected: FontChoice | None = None  # installed or bundled, found once and cached
    bundled: FontChoice | None = None


_SETTING = _FontSetting()
_RESOURCE_STACK = contextlib.ExitStack()


def use_font(path: str | os.PathLike[str] | None) -> FontChoice | None:
    """Draw Chinese text with the font file at ``path`` (TTF/OTF/TTC); ``None`` resets.

    The choice is kept by :mod:`policytext.plot` only; ``matplotlib.rcParams`` are not touched.

    Returns
    -------
    FontChoice or None
        The font now in use, or None after a reset.
    """
    if path is None:
        _SETTING.user = None
        return None
    p = Path(path).expanduser()
    if not p.is_file():
        raise PlotError(f"use_font: no font file at {str(p)!r}; give the path of a .ttf/.otf/.ttc")
    _SETTING.user = FontChoice(_register(p), p, "user")
    return _SETTING.user


def _register(path: Path) -> str:
    """Add ``path`` to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager as fm

    try:
        family = fm.FontProperties(fname=str(path)).get_name()
    except Exception as exc:  # FreeType: not a font
        raise PlotError(f"{str(path)!r} is not a font file matplotlib can read: {exc}") from exc
    known = {(e.fname, e.name) for e in fm.fontManager.ttflist}
    if (str(path), family) not in known:
        fm.fontManager.addfont(str(path))
    return family


def bundled_font() -> FontChoice:
    if _SETTING.bundled is None:
        from importlib import resources

        ref = resources.files("policytext").joinpath("resources", "fonts", BUNDLED_FONT_FILE)
        # A zipped install has no real file: as_file extracts it for the session's lifetime.
        path = Path(_RESOURCE_STACK.enter_context(resources.as_file(ref)))
        if not path.is_file():
            raise PlotError(
                f"the bundled font {BUNDLED_FONT_FILE} is missing from the installation; "
                "reinstall policytext, or call policytext.plot.use_font(path)"
            )
        _SETTING.bundled = FontChoice(_register(path), path, "bundled")
    return _SETTING.bundled


def _installed_font() -> FontChoice | None:
    from matplotlib import font_manager as fm

    by_name: dict[str, str] = {}
    for entry in fm.fontManager.ttflist:
        # Several weights may share a family name: prefer the regular one.
        if entry.name not in by_name or entry.weight in (400, "normal", "regular"):
            by_name[entry.name] = entry.fname
    for family in CJK_FAMILIES:
        if family in by_name:
            return FontChoice(family, Path(by_name[family]), "installed")
    return None


def cjk_font() -> FontChoice:
    """Return the CJK font charts use: user choice, else an installed one, else the bundled one."""
    if _SETTING.user is not None:
        return _SETTING.user
    if _SETTING.detected is None:
        _SETTING.detected = _installed_font() or bundled_font()
    return _SETTING.detected


def font_families() -> list[str]:
    """The font family list the charts use: DejaVu Sans for Latin, then the CJK font(s).

    The bundled font is appended as a last fallback when another CJK font is primary.
    """
    choice = cjk_font()
    families = [LATIN_FAMILY, choice.family]
    if choice.source != "bundled":
        with contextlib.suppress(PlotError):
            bundled = bundled_font().family
            if bundled not in families:
                families.append(bundled)
    return families


def _rc() -> dict[str, Any]:
    return {
        "font.family": font_families(),
        "font.size": FONT_SIZE,
        "axes.titlesize": 13.0,
        "axes.labelsize": FONT_SIZE,
        "legend.fontsize": 10.0,
        "xtick.labelsize": 10.0,
        "ytick.labelsize": 10.0,
        "svg.fonttype": "path",  # SVG text as outlines: renders where the font is absent
        "pdf.fonttype": 3,
    }


@contextlib.contextmanager
def font_context() -> Iterator[None]:
    """Context in which new matplotlib text uses the CJK font list (restores rcParams after).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from policytext.plot import font_context
    >>> with font_context():
    ...     fig, ax = plt.subplots()
    ...     _ = ax.set_title("高质量发展")
    >>> plt.close(fig)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    # Resolve the backend before entering the context: a Jupyter inline backend that loads
    # inside it switches interactive mode on, and rc_context would switch it off again on exit,
    # so later charts in the notebook would not display.
    plt.get_backend()
    interactive = matplotlib.is_interactive()
    try:
        with matplotlib.rc_context(_rc()):
            try:
                yield
            finally:
                interactive = matplotlib.is_interactive()
    finally:
        matplotlib.interactive(interactive)


def apply_fonts(obj: Any) -> None:
    """Set the family list on every text artist of a Figure or Axes (tick labels included)."""
    from matplotlib.text import Text

    families = font_families()
    for text in obj.findobj(Text):
        text.set_fontfamily(families)
    axes = [obj] if hasattr(obj, "xaxis") else list(getattr(obj, "axes", []))
    for ax in axes:
        # Tick labels created later (zooming, a new locator) copy the first tick's properties.
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks()[:1] + axis.get_minor_ticks()[:1]:
                tick.label1.set_fontfamily(families)
                tick.label2.set_fontfamily(families)
