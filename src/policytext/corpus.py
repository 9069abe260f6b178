"""Corpora, and the one place where extractors coerce what they are given.

A :class:`Corpus` is an ordered, immutable collection of documents whose docvars form a
DataFrame. :class:`~policytext.document.Document`, :class:`~policytext.document.Removal` and
:data:`DOCVAR_COLUMNS` live in :mod:`policytext.document` and are re-exported here. Extractors
accept a string, a Document, a Path, a Corpus or an iterable of those (:func:`as_documents`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import DOCVAR_COLUMNS, Document, Removal

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .clean import CleanOptions

__all__ = ["DOCVAR_COLUMNS", "Corpus", "Document", "Removal", "as_document", "as_documents",
           "as_text", "docvar_names", "require_docvar"]

class Corpus(Sequence[Document]):
    """An ordered, immutable collection of :class:`Document`.

    Build it with :meth:`from_paths`, :meth:`from_dir`, :meth:`from_frame` or :meth:`from_texts`.
    ``corpus.docvars`` is a DataFrame, one row per document (columns ``doc_id``, ``path``,
    ``title``, ``date``, ``year``, ``genre``, ``speaker``, extra docvars, ``n_chars``).
    Files that could not be read are kept in :attr:`failures` as ``(path, reason)`` pairs.
    """

    def __init__(self, documents: Iterable[Document] = (), *, failures: Iterable[tuple[str, str]] = ()):
        import os

        from .errors import InputError

        if isinstance(documents, (str, os.PathLike)):
            raise InputError(
                f"Corpus() takes Document objects, not {type(documents).__name__} "
                f"{str(documents)[:40]!r}: for a folder use pt.Corpus.from_dir(path), for "
                "files pt.Corpus.from_paths([...]), for texts pt.Corpus.from_texts([...])")
        docs = tuple(documents)
        seen: set[str] = set()
        for d in docs:
            if not isinstance(d, Document):
                fix = ("pt.Corpus.from_paths([...])" if isinstance(d, os.PathLike)
                       or (isinstance(d, str) and "\n" not in d and Path(d).exists())
                       else "pt.Corpus.from_texts([...])" if isinstance(d, str)
                       else "pt.Corpus.from_frame(df)")
                raise InputError(f"Corpus() takes Document objects, got {type(d).__name__}: "
                                 f"use {fix}")
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
            doc_id = unique_id(_relative_id(p, root), used)
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
        from .errors import InputError, MissingFileError
        from .walk import iter_input_files

        if errors not in ("raise", "record"):
            raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")
        directory = Path(directory)
        if not directory.is_dir():
            reason = ("is a file, not a folder: use pt.read(path) or Corpus.from_paths([path])"
                      if directory.is_file() else "no such folder")
            if errors == "raise":
                raise MissingFileError(directory, reason)
            return cls(failures=[(str(directory), reason)])
        found = list(iter_input_files([directory], pattern=pattern))
        files = [f.path for f in found if f.status == "ok"]
        if not files and errors == "raise":
            skipped = "; ".join(f"{f.relpath}: {f.reason}" for f in found[:3])
            raise InputError(
                f"no document to read under {str(directory)!r} (pattern {pattern!r}"
                + (f"; skipped {skipped}" if skipped else "") + "): check the folder and "
                "pattern, or pass errors='record' to accept an empty corpus")
        corpus = cls.from_paths(files, root=directory, clean=clean, errors=errors)
        skipped = [(str(f.path), f.reason) for f in found if f.status == "error"]
        return cls(corpus, failures=[*corpus.failures, *skipped]) if skipped else corpus

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


#: File name endings that mark a string as a path rather than a text.
_DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".doc", ".pdf", ".html", ".htm",
                      ".csv", ".json", ".jsonl", ".rtf")


def _has_chinese(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in s)


def _check_not_a_path(text: str, what: str) -> None:
    """Raise :class:`~policytext.errors.InputError` when ``text`` is evidently a file path.

    A string is analysed as text, so ``outline("reports/x.txt")`` would analyse the eleven
    characters of the path and return an empty table. A one-line string that names an
    existing file or folder and holds no Chinese sentence, or that ends like a file name and
    holds no Chinese at all, is taken for a path given by mistake.
    """
    from .errors import InputError

    if not text or "\n" in text or len(text) > 1024:
        return
    stripped = text.strip()
    if not stripped:
        return  # blank text (" "): Path("") would name the working folder
    try:
        exists = Path(stripped).exists()
    except (OSError, ValueError):
        exists = False
    looks_named = stripped.lower().endswith(_DOCUMENT_SUFFIXES)
    chinese_sentence = _has_chinese(stripped) and any(p in stripped for p in "。，；！？")
    if exists and not chinese_sentence:
        if Path(stripped).is_dir():
            raise InputError(f"{what} got the string {stripped!r}, which is the path of a "
                             f"folder, not a text: read it with pt.Corpus.from_dir({stripped!r})")
        raise InputError(
            f"{what} got the string {stripped!r}, which is the path of a file, not a text: "
            f"read it first with pt.read({stripped!r}), or pass pathlib.Path({stripped!r})"
        )
    if looks_named and not _has_chinese(stripped):
        raise InputError(
            f"{what} got the string {stripped!r}, which looks like a file name, not a text, "
            "and no such file exists: pass the document's text, or read the file with "
            "pt.read(path)"
        )


def as_text(obj: str | Document | Path) -> str:
    """The text of what a text-level function (a tokenizer, a pattern finder) is given.

    A ``str`` is the text itself (unless it is evidently a file path: see
    :func:`as_document`), a :class:`Document` gives its cleaned text, a ``pathlib.Path`` is
    read with :func:`policytext.read`.

    Raises
    ------
    policytext.errors.InputError
        For a path given as a string, bytes, or any other type; the message names the fix.
    """
    if isinstance(obj, str):
        _check_not_a_path(obj, "a text argument")
        return obj
    return as_document(obj).text


def as_document(obj: str | Document | Path, *, doc_id: str = "doc") -> Document:
    """One :class:`Document` from a text, a Document or a file path.

    The single place where extractors coerce their input (through :func:`as_documents`), so
    every extractor accepts the same things and refuses the same mistakes.

    Parameters
    ----------
    obj
        A ``str`` is the text itself and becomes one *uncleaned* document (offsets refer to
        the string exactly as given). A ``pathlib.Path`` (or ``os.PathLike``) is read and
        cleaned with :func:`policytext.read`. A Document is returned unchanged.
    doc_id
        Identifier of a document made from a string.

    Raises
    ------
    policytext.errors.InputError
        When a ``str`` is evidently a file path (an existing file or folder, or a name ending
        in ``.txt``/``.md``/``.docx``… without Chinese text): the message suggests
        ``pt.read(path)``. Also for bytes (decode them, or pass a Path) and any other type.
    policytext.errors.DocumentReadError
        When a Path cannot be read.

    Examples
    --------
    >>> as_document("坚持稳中求进。").text
    '坚持稳中求进。'
    """
    import os

    from .errors import InputError

    if isinstance(obj, Document):
        return obj
    if isinstance(obj, str):
        _check_not_a_path(obj, "an argument taken as text")
        return Document(text=obj, doc_id=doc_id)
    if isinstance(obj, os.PathLike):
        from .io import read

        return read(Path(obj))
    if isinstance(obj, (bytes, bytearray)):
        raise InputError("got bytes, not a text: decode them (data.decode('utf-8')), or pass "
                         "the file as pathlib.Path(...) so policytext detects the encoding")
    raise InputError(f"expected a text (str), a Document or a pathlib.Path, got "
                     f"{type(obj).__name__}")


def as_documents(obj: str | Document | Path | Corpus | Iterable[Any]) -> list[Document]:
    """Normalise what an extractor accepts into a list of documents.

    Accepted: a text (``str``), a :class:`Document`, a ``pathlib.Path`` (read with
    :func:`policytext.read`), a :class:`Corpus`, or an iterable mixing those (strings become
    documents ``doc1``, ``doc2``… by position; files keep their file name, made unique). See
    :func:`as_document` for what one item may be and what is refused.

    Raises
    ------
    policytext.errors.InputError
        For a path given as a string, a DataFrame (use :meth:`Corpus.from_frame`), a mapping
        (use :meth:`Corpus.from_texts`), bytes, or an item of another type. The message
        names the fix.
    """
    import os

    from .errors import InputError

    if isinstance(obj, Corpus):
        return list(obj)
    if isinstance(obj, (str, Document, os.PathLike, bytes, bytearray)):
        return [as_document(obj)]
    if type(obj).__name__ == "DataFrame":
        raise InputError("got a DataFrame, not documents: make a corpus with "
                         "pt.Corpus.from_frame(df, text_col='text')")
    if isinstance(obj, Mapping):
        raise InputError("got a mapping, not documents: for doc_id -> text use "
                         "pt.Corpus.from_texts(mapping)")
    if not isinstance(obj, Iterable):
        raise InputError(f"expected a text, a Document, a Path, a Corpus or an iterable of "
                         f"them, got {type(obj).__name__}")
    docs: list[Document] = []
    used: set[str] = set()
    for i, item in enumerate(obj):
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, (str, os.PathLike)):
            d = as_document(item, doc_id=f"doc{i + 1}")
            docs.append(d if isinstance(item, str) else
                        d.with_doc_id(unique_id(d.doc_id, used)))
        else:
            raise InputError(f"expected texts, Documents or Paths, got an iterable holding "
                             f"{type(item).__name__} (item {i})")
    return docs


def docvar_names(docs: Iterable[Document]) -> list[str]:
    """Names ``by=`` and selectors may use on ``docs``: ``doc_id``, ``path``, ``n_chars``,
    the standard docvars and every extra docvar any document carries."""
    names = dict.fromkeys(["doc_id", "path", "n_chars", *DOCVAR_COLUMNS])
    for d in docs:
        names.update(dict.fromkeys(d.meta))
    return list(names)


def require_docvar(docs: Sequence[Document], name: str, *, argument: str = "by") -> None:
    """Check that ``name`` is a docvar the documents have, and that some document has a value.

    Raises
    ------
    policytext.errors.InputError
        When no document carries ``name`` (the message lists the valid names) or every
        document's value is None (the message says how to set it).
    """
    from .errors import InputError

    if name in ("doc_id", "n_chars") or not docs:
        return
    valid = docvar_names(docs)
    if name not in valid:
        raise InputError(f"{argument}={name!r} is not a docvar of these documents; valid: "
                         f"{', '.join(valid)}")
    if name == "path":
        values = [d.path for d in docs]
    else:
        values = [d.meta.get(name) for d in docs]
    if all(v is None for v in values):
        raise InputError(
            f"{argument}={name!r}: no document has a value for {name!r} (a text given as a "
            "string carries no docvars); set it with doc.with_meta(" + name + "=...) or "
            "read files with pt.read / pt.Corpus.from_dir, which detect title, date and year"
        )


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


def unique_id(doc_id: str, used: set[str]) -> str:
    candidate, n = doc_id, 2
    while candidate in used:
        candidate = f"{doc_id}#{n}"
        n += 1
    used.add(candidate)
    return candidate
