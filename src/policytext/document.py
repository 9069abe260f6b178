"""Documents and their parts: the bottom layer of policytext.

A :class:`Document` is cleaned text plus metadata (document variables, "docvars": title, date,
year, genre, speaker, region, doubts and anything the caller adds) and the record of what
cleaning removed (:class:`Removal`). This module imports nothing else from policytext at import
time, so every other module (cleaning, reading, extractors) can import it without a cycle; only
:meth:`Document.from_text`, the entry point that runs cleaning and metadata detection, imports
those modules when it is called.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from .clean import CleanOptions

__all__ = ["DOCVAR_COLUMNS", "Document", "Removal"]

#: Metadata fields every document carries (each may be None).
DOCVAR_COLUMNS = ("title", "date", "year", "genre", "speaker", "region", "doubts")


class Removal(NamedTuple):
    """One change cleaning made, in the coordinates of the decoded source text.

    Immutable; a named tuple because a long document records tens of thousands of them.

    Attributes
    ----------
    kind
        What was removed: ``watermark``, ``footer``, ``html``, ``linebreak``, ``whitespace``…
    start, end
        Span in the source text (``doc.source_text[start:end] == text``).
    text
        The source characters that were removed or replaced.
    replacement
        What stands in the cleaned text instead (usually ``""``).
    """

    kind: str
    start: int
    end: int
    text: str
    replacement: str = ""


@dataclass(frozen=True, eq=False)
class Document:
    """A cleaned document with its metadata.

    Attributes
    ----------
    text
        The cleaned text; every offset an extractor reports refers to it.
    doc_id
        Identifier, unique within a corpus (for files: the path relative to the input root).
    path
        The file the document was read from, if any.
    meta
        Docvars: ``title``, ``date`` (ISO ``YYYY-MM-DD`` or None), ``year`` (int or None),
        ``genre``, ``speaker`` plus any caller-supplied fields.
    source_text
        The decoded text before cleaning (None when cleaning was off or not kept).
    removals
        What cleaning changed, in source coordinates (see :class:`Removal`); empty when the
        document was made with ``keep_source=False``.
    notes
        Doubts about reading and cleaning, as sentences (invalid bytes replaced, a large share
        removed as watermark); empty when there are none. Kept with ``keep_source=False``.
    """

    text: str
    doc_id: str = "doc"
    path: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    source_text: str | None = None
    removals: tuple[Removal, ...] = ()
    # (cleaned_start, source_start) breakpoints, ascending; see source_offset(). None: not kept
    _offset_map: tuple[tuple[int, ...], tuple[int, ...]] | None = ((), ())
    notes: tuple[str, ...] = ()

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        doc_id: str = "doc",
        clean: bool | CleanOptions = True,
        meta: Mapping[str, Any] | None = None,
        path: str | None = None,
        keep_source: bool = True,
    ) -> Document:
        """Clean ``text`` and extract metadata, as :func:`policytext.read` does for a file.

        ``keep_source=False`` keeps only the cleaned text: no :attr:`source_text`, no
        :attr:`removals`, and :meth:`source_offset` raises. Cleaning is then faster (see
        :func:`~policytext.clean.clean_text`), which is what the batch runner (which reports
        offsets in the cleaned text) uses.
        """
        from .clean import CleanOptions, clean_text
        from .metadata import extract_metadata

        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes: tuple[str, ...] = ()
        if clean is False:
            cleaned, removals, offset_map = text, (), ((), ())
        else:
            options = clean if isinstance(clean, CleanOptions) else CleanOptions()
            result = clean_text(text, options, keep_source=keep_source)
            cleaned, removals, offset_map = result.text, result.removals, result.offset_map
            notes = result.notes
        found = extract_metadata(cleaned, path=path)
        merged = {**found, **(meta or {})}
        return cls(
            text=cleaned,
            doc_id=doc_id,
            path=path,
            meta=merged,
            source_text=text if clean is not False and keep_source else None,
            removals=tuple(removals),
            _offset_map=offset_map,
            notes=notes,
        )

    # -- metadata shortcuts ----------------------------------------------------------------
    @property
    def title(self) -> str | None:
        return self.meta.get("title")

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    @property
    def date(self) -> str | None:
        return self.meta.get("date")

    @property
    def genre(self) -> str | None:
        return self.meta.get("genre")

    @property
    def speaker(self) -> str | None:
        return self.meta.get("speaker")

    @property
    def n_chars(self) -> int:
        return len(self.text)

    def docvars(self) -> dict[str, Any]:
        """``doc_id``, ``path``, every field of :data:`DOCVAR_COLUMNS`, then any extra docvars."""
        base = {"doc_id": self.doc_id, "path": self.path}
        base.update({k: self.meta.get(k) for k in DOCVAR_COLUMNS})
        base.update({k: v for k, v in self.meta.items() if k not in base})
        base["n_chars"] = self.n_chars
        return base

    def source_offset(self, offset: int) -> int:
        """Map an offset in :attr:`text` to the decoded source text (before cleaning).

        Raises
        ------
        ValueError
            When the document was made with ``keep_source=False``.
        """
        if self._offset_map is None:
            raise ValueError(f"document {self.doc_id!r} was read with keep_source=False: "
                             "its offset map was not kept (read it again with keep_source=True)")
        cleaned, source = self._offset_map
        if not cleaned:
            return offset
        i = bisect_right(cleaned, offset) - 1
        if i < 0:
            return offset
        return source[i] + (offset - cleaned[i])

    def line_finder(self) -> Callable[[int], int]:
        """A function: offset in :attr:`text` → 1-based line of the document's own file.

        Cleaning drops lines (watermarks, page numbers, licence text) and joins wrapped ones,
        so lines are counted in the source text (:meth:`source_offset`) when the document kept
        it, else in the cleaned text. ``policytext check`` and ``kwic`` print ``PATH:LINE``.
        """
        source = self.source_text
        if source is not None and self._offset_map is None:
            source = None
        import re

        newlines = [m.start() for m in re.finditer("\n", source if source is not None else self.text)]
        if source is None:
            return lambda pos: bisect_right(newlines, pos - 1) + 1
        return lambda pos: bisect_right(newlines, self.source_offset(pos) - 1) + 1

    def with_doc_id(self, doc_id: str) -> Document:
        """A copy under another identifier."""
        if doc_id == self.doc_id:
            return self
        return replace(self, doc_id=doc_id)

    def with_meta(self, **meta: Any) -> Document:
        """A copy with docvars updated."""
        return replace(self, meta={**self.meta, **meta})

    def __repr__(self) -> str:
        head = self.text[:30].replace("\n", " ")
        return f"Document(doc_id={self.doc_id!r}, title={self.title!r}, n_chars={self.n_chars}, text={head!r}…)"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in self.docvars().items()
        )
        preview = html.escape(self.text[:300])
        return (
            f"<div><table>{rows}<tr><th>removed</th><td>{len(self.removals)} pieces</td></tr></table>"
            f"<pre style='white-space:pre-wrap'>{preview}{'…' if len(self.text) > 300 else ''}</pre></div>"
        )
