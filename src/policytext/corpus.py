"""Documents and corpora.

A :class:`Document` is cleaned text plus metadata (document variables, "docvars": title, date,
year, genre, speaker and anything the caller adds) and the record of what cleaning removed. A
:class:`Corpus` is an ordered, immutable collection of documents whose docvars form a DataFrame.
Extractors accept a string, a Document, a Corpus or an iterable of documents
(:func:`as_documents`).
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .clean import CleanOptions

__all__ = ["DOCVAR_COLUMNS", "Corpus", "Document", "Removal", "as_documents"]

#: Metadata fields every document carries (each may be None).
DOCVAR_COLUMNS = ("title", "date", "year", "genre", "speaker")


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

    def with_meta(self, **meta: Any) -> Document:
        """A copy with docvars updated."""
        return Document(
            self.text, self.doc_id, self.path, {**self.meta, **meta}, self.source_text,
            self.removals, self._offset_map, self.notes,
        )

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


class Corpus(Sequence[Document]):
    """An ordered, immutable collection of :class:`Document`.

    Build it with :meth:`from_paths`, :meth:`from_dir`, :meth:`from_frame` or :meth:`from_texts`.
    ``corpus.docvars`` is a DataFrame, one row per document (columns ``doc_id``, ``path``,
    ``title``, ``date``, ``year``, ``genre``, ``speaker``, extra docvars, ``n_chars``).
    Files that could not be read are kept in :attr:`failures` as ``(path, reason)`` pairs.
    """

    def __init__(self, documents: Iterable[Document] = (), *, failures: Iterable[tuple[str, str]] = ()):
        docs = tuple(documents)
        seen: set[str] = set()
        for d in docs:
            if d.doc_id in seen:
                raise ValueError(f"duplicate doc_id {d.doc_id!r} in corpus")
            seen.add(d.doc_id)
        self._docs = docs
        self._index = {d.doc_id: i for i, d in enumerate(docs)}
        self.failures: tuple[tuple[str, str], ...] = tuple(failures)

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str] | Mapping[str, str],
        *,
        doc_ids: Iterable[str] | None = None,
        clean: bool | CleanOptions = True,
        meta: Iterable[Mapping[str, Any]] | None = None,
    ) -> Corpus:
        """A corpus from strings (a mapping gives doc_id → text)."""
        if isinstance(texts, Mapping):
            doc_ids, texts = list(texts.keys()), list(texts.values())
        texts = list(texts)
        ids = list(doc_ids) if doc_ids is not None else [f"doc{i + 1}" for i in range(len(texts))]
        metas = list(meta) if meta is not None else [{}] * len(texts)
        if not (len(ids) == len(texts) == len(metas)):
            raise ValueError(f"{len(texts)} texts but {len(ids)} doc_ids and {len(metas)} meta records")
        return cls(
            Document.from_text(t, doc_id=str(i), clean=clean, meta=m)
            for t, i, m in zip(texts, ids, metas)
        )

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        text_col: str = "text",
        id_col: str | None = None,
        clean: bool | CleanOptions = True,
    ) -> Corpus:
        """A corpus from a DataFrame; every other column becomes a docvar (overriding detected ones)."""
        if text_col not in df.columns:
            raise KeyError(f"text_col {text_col!r} not in columns {list(df.columns)}")
        if id_col is not None and id_col not in df.columns:
            raise KeyError(f"id_col {id_col!r} not in columns {list(df.columns)}")
        other = [c for c in df.columns if c not in (text_col, id_col)]
        docs = []
        for i, row in enumerate(df.itertuples(index=False)):
            rec = dict(zip(df.columns, row))
            doc_id = str(rec[id_col]) if id_col else str(df.index[i])
            meta = {c: _plain(rec[c]) for c in other}
            meta = {k: v for k, v in meta.items() if v is not None}
            docs.append(Document.from_text(str(rec[text_col] or ""), doc_id=doc_id, clean=clean, meta=meta))
        return cls(docs)

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str | Path],
        *,
        root: str | Path | None = None,
        clean: bool | CleanOptions = True,
        errors: str = "raise",
    ) -> Corpus:
        """Read files into a corpus.

        Parameters
        ----------
        paths
            Files to read (any format :func:`policytext.read` supports).
        root
            doc_ids are paths relative to ``root`` (default: the file name).
        errors
            ``"raise"`` stops at the first unreadable file; ``"record"`` keeps going and
            lists failures in :attr:`failures`.
        """
        from .errors import PolicyTextError
        from .io import read

        if errors not in ("raise", "record"):
            raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
        docs, failures, used = [], [], set()
        for p in paths:
            p = Path(p)
            doc_id = _unique(_relative_id(p, root), used)
            try:
                docs.append(read(p, clean=clean, doc_id=doc_id))
            except PolicyTextError as exc:
                if errors == "raise":
                    raise
                failures.append((str(p), getattr(exc, "reason", str(exc))))
        return cls(docs, failures=failures)

    @classmethod
    def from_dir(
        cls,
        directory: str | Path,
        *,
        pattern: str = "*",
        clean: bool | CleanOptions = True,
        errors: str = "raise",
    ) -> Corpus:
        """Read every supported file below ``directory`` (recursive; ``pattern`` is a glob on names)."""
        from .io import iter_input_files

        directory = Path(directory)
        files = [f.path for f in iter_input_files([directory], pattern=pattern) if f.status == "ok"]
        return cls.from_paths(files, root=directory, clean=clean, errors=errors)

    # -- access ----------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs)

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return self._docs[self._index[key]]
        if isinstance(key, slice):
            return Corpus(self._docs[key])
        return self._docs[key]

    @property
    def doc_ids(self) -> list[str]:
        return [d.doc_id for d in self._docs]

    @property
    def docvars(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["doc_id", "path", *DOCVAR_COLUMNS]
        rows = [d.docvars() for d in self._docs]
        df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=[*cols, "n_chars"])
        if "year" in df.columns:
            df["year"] = df["year"].astype("Int64")
        return df

    def filter(self, predicate: Callable[[Document], bool]) -> Corpus:
        return Corpus(d for d in self._docs if predicate(d))

    def __repr__(self) -> str:
        return f"Corpus(n_docs={len(self)}, n_chars={sum(d.n_chars for d in self._docs)})"

    def _repr_html_(self) -> str:
        df = self.docvars
        head = df.head(20).to_html(index=False, na_rep="")
        more = f"<p>… {len(df) - 20} more documents</p>" if len(df) > 20 else ""
        return f"<div><p><b>Corpus</b>: {len(self)} documents, {int(df['n_chars'].sum()) if len(df) else 0:,} characters</p>{head}{more}</div>"


def as_documents(obj: str | Document | Corpus | Iterable[Document]) -> list[Document]:
    """Normalise what an extractor accepts into a list of documents.

    A plain string becomes one uncleaned document with doc_id ``"doc"`` (offsets then refer to
    the string exactly as given).
    """
    if isinstance(obj, str):
        return [Document(text=obj)]
    if isinstance(obj, Document):
        return [obj]
    docs = list(obj)
    for d in docs:
        if not isinstance(d, Document):
            raise TypeError(f"expected str, Document or Corpus, got an iterable holding {type(d).__name__}")
    return docs


def _plain(value: Any) -> Any:
    try:
        import pandas as pd

        if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def _relative_id(path: Path, root: str | Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _unique(doc_id: str, used: set[str]) -> str:
    candidate, n = doc_id, 2
    while candidate in used:
        candidate = f"{doc_id}#{n}"
        n += 1
    used.add(candidate)
    return candidate
