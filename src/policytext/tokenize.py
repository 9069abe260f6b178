"""Tokenization: the only module that imports jieba (or its fast binding rjieba).

Each :class:`Tokenizer` owns a private segmentation engine built lazily on first use from
the lexicon, so lexicon terms (四个意识, 两个维护, 全面从严治党) come out as single tokens. It
never touches jieba's module-level tokenizer, dictionary or logger state, and it pickles (the
engine is rebuilt in the receiving process), so it survives multiprocessing and Dask.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .corpus import Document, as_text
from .errors import MissingDependencyError, PolicyTextError
from .lexicon import Lexicon

__all__ = ["ENGINES", "Tokenizer", "available_engines"]

#: Segmentation engines: ``jieba`` (the pure-Python reference) and ``rjieba`` (jieba-rs,
#: same algorithm and dictionary, ~20× faster); ``auto`` picks rjieba when it is installed.
ENGINES = ("auto", "jieba", "rjieba")

# A lexicon term gets at least this frequency in the private dictionary. jieba's dictionary
# totals ≈6e7, so 1e5 makes a term ~1000× likelier than its pieces (四个 × 意识), enough to win
# in context, while staying below the very common function words.
_TERM_FREQ = 100_000

# Characters inside which jieba (and jieba-rs, whose class is wider) segments a block of text;
# any other character (、，（ — …) ends a block, so a lexicon term containing one
# (大众创业、万众创新, 中国（上海）自由贸易试验区) can never be a dictionary word. Such terms are
# cut out of the text before segmentation instead (see Tokenizer.tokenize).
_BLOCK_CHARS = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


def available_engines() -> list[str]:
    """Engines that can run here (``jieba`` always; ``rjieba`` when installed)."""
    out = ["jieba"]
    try:
        import rjieba  # noqa: F401

        out.append("rjieba")
    except ImportError:
        pass
    return out


class _SilenceJiebaLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


class Tokenizer:
    """Lexicon-aware Chinese tokenizer with a private engine.

    Parameters
    ----------
    lexicon
        Terms to keep whole. ``None`` means the built-in party/government lexicon; pass
        ``Lexicon.empty()`` for plain jieba behaviour.
    user_lexicons
        Paths of extra TSV lexicons (see :class:`~policytext.lexicon.Lexicon`); errors name
        file and line.
    engine
        ``"auto"``, ``"jieba"`` or ``"rjieba"``.
    hmm
        Use jieba's HMM for unknown words.

    Examples
    --------
    >>> Tokenizer().tokenize("增强四个意识，坚决做到两个维护")
    ['增强', '四个意识', '，', '坚决', '做到', '两个维护']
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        *,
        user_lexicons: Sequence[str | Path] = (),
        engine: str = "auto",
        hmm: bool = True,
    ) -> None:
        if engine not in ENGINES:
            raise PolicyTextError(f"unknown engine {engine!r}; valid engines are {list(ENGINES)}")
        lex = Lexicon.builtin() if lexicon is None else lexicon
        for path in user_lexicons:
            lex = lex.merge(Lexicon.from_tsv(path))
        if engine == "auto":
            engine = "rjieba" if "rjieba" in available_engines() else "jieba"
        elif engine == "rjieba" and "rjieba" not in available_engines():
            raise MissingDependencyError("the rjieba engine", "fast", "rjieba")
        self.lexicon = lex
        self.engine = engine
        self.hmm = hmm
        self._impl: Any = None
        self._whole: Any = None  # automaton of the terms jieba cannot keep whole (see _build)
        self._lock = threading.Lock()

    # -- pickling: ship the configuration, rebuild the engine lazily on the other side ----------
    def __getstate__(self) -> dict[str, Any]:
        return {"lexicon": self.lexicon, "engine": self.engine, "hmm": self.hmm}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon = state["lexicon"]
        self.engine = state["engine"]
        self.hmm = state["hmm"]
        self._impl = None
        self._whole = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Tokenizer(engine={self.engine!r}, lexicon={self.lexicon!r}, hmm={self.hmm})"

    # -- engine ------------------------------------------------------------------------------
    def _entries(self) -> Iterable[tuple[str, str]]:
        for term in self.lexicon:
            for surface in term.surfaces:
                yield surface, term.pos or "nz"

    def _build_whole(self) -> Any:
        """Leftmost-longest automaton over the lexicon surfaces that contain a character
        ending jieba's blocks (None when there are none)."""
        surfaces = sorted({surface for term in self.lexicon for surface in term.surfaces
                           if surface and not _BLOCK_CHARS.fullmatch(surface)})
        if not surfaces:
            return None
        import ahocorasick_rs

        # every document is scanned: a DFA scans twice as fast, and for a few hundred
        # patterns it builds in milliseconds
        return ahocorasick_rs.AhoCorasick(surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                          implementation=ahocorasick_rs.Implementation.DFA)

    def _build(self) -> Any:
        self._whole = self._build_whole()
        if self.engine == "rjieba":
            import rjieba

            impl = rjieba.Jieba()
            for word, pos in self._entries():
                impl.add_word(word, _TERM_FREQ, pos)
            return impl
        import jieba

        impl = jieba.Tokenizer()
        # jieba logs "Building prefix dict…" at DEBUG through its own module logger, whose
        # handler was bound to stderr at import time (red text in notebooks). A filter added and
        # removed around the build silences it without leaving any change behind.
        silencer = _SilenceJiebaLog()
        jieba_logger = jieba.default_logger
        jieba_logger.addFilter(silencer)
        try:
            impl.initialize()
        finally:
            jieba_logger.removeFilter(silencer)
        # the same frequency in both engines (rjieba cannot read its dictionary's counts), so
        # both segment identically; no lexicon term has a higher count in jieba's dictionary
        for word, pos in self._entries():
            impl.add_word(word, _TERM_FREQ, pos)
        return impl

    @property
    def _engine(self) -> Any:
        if self._impl is None:
            with self._lock:
                if self._impl is None:
                    self._impl = self._build()
        return self._impl

    def warm_up(self) -> Tokenizer:
        """Build the engine now (otherwise it is built on first use)."""
        _ = self._engine
        return self

    # -- public API ----------------------------------------------------------------------------
    def tokenize(self, text: str | Document, *, keep_whole: Iterable[str] = ()) -> list[str]:
        """Tokens of ``text``, whitespace and line breaks included as jieba emits them.

        ``text`` may also be a :class:`~policytext.corpus.Document` (its cleaned text is
        tokenized) or a ``pathlib.Path`` (the file is read first). A string that is evidently
        a file path, and anything else, raises :class:`~policytext.errors.InputError`.
        ``keep_whole``: strings to keep as one token wherever they occur in this text, besides
        the lexicon's terms (a document's own names, such as the programmes it quotes:
        ``themes.quoted_names``); the tokenizer itself is not changed.
        """
        return self.tokenize_text(as_text(text), keep_whole=keep_whole)

    def tokenize_text(self, text: str, *, keep_whole: Iterable[str] = ()) -> list[str]:
        """:meth:`tokenize` of a text taken from a document (``str`` only): a caller holding a
        document's text uses it, so a text that happens to read like a file name (“.PDF”) is
        tokenized, not refused as a path given by mistake."""
        if not keep_whole:
            return self._tokenize(text)
        out: list[str] = []
        for piece, whole in _split_around(text, keep_whole):
            if whole:
                out.append(piece)
            else:
                out.extend(self._tokenize(piece))
        return out

    def _tokenize(self, text: str) -> list[str]:
        if not text:
            return []
        engine = self._engine
        if self.engine == "rjieba":
            def cut(t: str) -> list[str]:
                return engine.cut(t, self.hmm)
        else:
            def cut(t: str) -> list[str]:
                return engine.lcut(t, HMM=self.hmm)
        pieces = self._pieces(text)
        if pieces is None:
            return cut(text)
        out: list[str] = []
        for piece, whole in pieces:
            if whole:
                out.append(piece)
            else:
                out.extend(cut(piece))
        return out

    def _pieces(self, text: str) -> list[tuple[str, bool]] | None:
        """``text`` split around the lexicon terms jieba cannot keep whole (大众创业、万众创新):
        ``(piece, True)`` for such a term, ``(piece, False)`` for the text between; None when
        there is no such term in ``text`` (the common case)."""
        _ = self._engine  # builds the automaton too
        hits = self._whole.find_matches_as_indexes(text) if self._whole is not None else None
        if not hits:
            return None
        return _pieces_at(text, [(start, end) for _, start, end in hits])

    def words(self, text: str | Document) -> list[str]:
        """Tokens with pure-whitespace tokens dropped (``text`` as for :meth:`tokenize`)."""
        return [t for t in self._tokenize(as_text(text)) if t.strip()]

    def tokenize_pos(self, text: str | Document, *, keep_whole: Iterable[str] = ()
                     ) -> list[tuple[str, str]]:
        """``(token, pos)`` pairs; lexicon terms carry the lexicon's POS tag, the strings of
        ``keep_whole`` ``nz`` (``text`` and ``keep_whole`` as for :meth:`tokenize`)."""
        return self.tokenize_pos_text(as_text(text), keep_whole=keep_whole)

    def tokenize_pos_text(self, text: str, *, keep_whole: Iterable[str] = ()
                          ) -> list[tuple[str, str]]:
        """:meth:`tokenize_pos` of a text taken from a document (as :meth:`tokenize_text`)."""
        if not text:
            return []
        if keep_whole:
            out: list[tuple[str, str]] = []
            for piece, whole in _split_around(text, keep_whole):
                out.extend([(piece, "nz")] if whole else self.tokenize_pos_text(piece))
            return out
        pieces = self._pieces(text)
        if pieces is None:
            return self._tag(text)
        tagged: list[tuple[str, str]] = []
        surface_map = self.lexicon.surface_map()
        for piece, whole in pieces:
            if whole:
                entry = self.lexicon.get(surface_map.get(piece, piece))
                tagged.append((piece, (entry.pos if entry is not None else None) or "nz"))
            else:
                tagged.extend(self._tag(piece))
        return tagged

    def _tag(self, text: str) -> list[tuple[str, str]]:
        if self.engine == "rjieba":
            return [tuple(p) for p in self._engine.tag(text, self.hmm)]
        import jieba.posseg

        # posseg needs a POSTokenizer wrapping our private tokenizer (never jieba.posseg.dt).
        pos_tokenizer = getattr(self, "_pos_tokenizer", None)
        if pos_tokenizer is None:
            pos_tokenizer = jieba.posseg.POSTokenizer(self._engine)
            self._pos_tokenizer = pos_tokenizer
        return [(p.word, p.flag) for p in pos_tokenizer.lcut(text, HMM=self.hmm)]

    def tokenize_lines(self, text: str | Document, sep: str = " ") -> str:
        """Each input line tokenized and joined by ``sep`` (what ``policytext tokenize`` prints)."""
        text = as_text(text)
        return "\n".join(sep.join(t for t in self._tokenize(line) if t.strip())
                         for line in text.split("\n"))


def _split_around(text: str, names: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` split around the occurrences of ``names`` (the longest first where two
    overlap): ``(name, True)`` for each, ``(piece, False)`` for the text between."""
    spans: list[tuple[int, int]] = []
    for name in sorted(set(names), key=len, reverse=True):
        i = text.find(name)
        while i >= 0:
            if not _inside_a_number(text, i, i + len(name)):
                spans.append((i, i + len(name)))
            i = text.find(name, i + len(name))
    return _pieces_at(text, sorted(spans, key=lambda se: (se[0], se[0] - se[1])))


def _inside_a_number(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the piece of a longer number or code: a digit or letter
    at its edge goes on in the text (“132” in 132.4亿斤, “51020” in 510200)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if text[start].isascii() and text[start].isalnum() and before.isascii() and (
            before.isalnum() or before == "."):
        return True
    if text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and (
            after.isalnum() or (after == "." and text[end + 1:end + 2].isdigit())):
        return True
    return False


def _pieces_at(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut at ``spans`` (in order; one that starts inside the previous is skipped):
    ``(text[start:end], True)`` for each, ``(piece, False)`` for the text between."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue  # inside a longer name, or overlapping one already taken
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces
