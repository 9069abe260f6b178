"""Reading documents: files of any common Chinese encoding, .docx, .pdf and .html.

:func:`read` turns one file into a cleaned :class:`~policytext.corpus.Document` or raises a
:class:`~policytext.errors.DocumentReadError` subclass naming the path and a reason a person
understands. The encoding is detected from the bytes, never guessed from the extension.
:func:`iter_input_files` walks inputs for batch runs and accounts for every path it meets.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .corpus import Document
from .errors import (
    BinaryContentError,
    DecodeError,
    DocumentReadError,
    EmptyPdfTextError,
    MissingDependencyError,
    MissingFileError,
    UnsupportedFormatError,
)

__all__ = ["SUPPORTED_SUFFIXES", "InputFile", "decode_bytes", "html_to_text", "iter_input_files",
           "printable_name", "read"]

#: The folder every ``policytext analyze`` output folder holds (its resume state): a folder
#: with one is skipped by :func:`iter_input_files`.
OUTPUT_FOLDER_MARK = ".policytext-state"

#: File types read by :func:`read` (anything else found in a folder is reported as skipped).
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".docx", ".pdf", ".html", ".htm", ".csv", ""})

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls): save it as .docx"),
    (b"BM", None),  # too short to be sure; handled by the control-character check
)


def read(
    path: str | Path,
    *,
    clean: bool | object = True,
    doc_id: str | None = None,
    meta: dict | None = None,
    max_bytes: int | None = None,
    keep_source: bool = True,
) -> Document:
    """Read one file into a cleaned :class:`~policytext.corpus.Document`.

    Parameters
    ----------
    path
        A .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5), .docx,
        .pdf with a text layer, or .html file.
    clean
        ``True`` (default cleaning), ``False`` (none) or a :class:`~policytext.clean.CleanOptions`.
    doc_id
        Identifier (default: the file name).
    meta
        Docvars that override what is detected.
    max_bytes
        Refuse larger files (None: no limit).
    keep_source
        Keep the decoded source text, the removals and the offset map back to the source
        (see :meth:`~policytext.corpus.Document.from_text`); False cleans faster.

    Raises
    ------
    MissingFileError, BinaryContentError, DecodeError, UnsupportedFormatError, EmptyPdfTextError
        Subclasses of :class:`~policytext.errors.DocumentReadError` carrying ``path`` and ``reason``.
    """
    p = Path(path)
    if not p.exists():
        raise MissingFileError(path, "file not found" + (" (dangling symbolic link)" if p.is_symlink() else ""))
    if p.is_dir():
        raise MissingFileError(path, "is a folder, not a file (use Corpus.from_dir)")
    if not p.is_file():
        raise UnsupportedFormatError(path, "not a regular file")
    try:
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentReadError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        data = p.read_bytes()
    except PermissionError:
        raise DocumentReadError(path, "permission denied") from None
    except OSError as exc:
        raise DocumentReadError(path, f"cannot read file: {exc.strerror or exc}") from None
    text = bytes_to_text(data, path=str(path), suffix=p.suffix.lower())
    # the name is only a label from here on (metadata reads dates and speakers from it)
    return Document.from_text(text, doc_id=doc_id or printable_name(p.name), clean=clean, meta=meta,
                              path=printable_name(str(path)), keep_source=keep_source)


def printable_name(name: str) -> str:
    """``name`` as text that can be written in UTF-8: the bytes of a file name that the file
    system's encoding could not decode (which Python keeps as lone surrogates, PEP 383) are
    shown as ``\\xNN``.

    Examples
    --------
    >>> printable_name("bad\\udcffname.txt")
    'bad\\\\xffname.txt'
    >>> printable_name("政府工作报告.txt")
    '政府工作报告.txt'
    """
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no byte stands for (from a UTF-16 name)
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def bytes_to_text(data: bytes, *, path: str = "<bytes>", suffix: str = "") -> str:
    """The text of a file's bytes, dispatching on content (docx/pdf/html) rather than name."""
    if data.startswith(b"%PDF"):
        return _pdf_text(data, path)
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(data, path)
    if suffix == ".docx":
        raise DocumentReadError(path, "not a valid .docx (truncated or corrupt: no zip structure)")
    if suffix == ".pdf":
        raise DocumentReadError(path, "not a valid PDF (no %PDF header: truncated or corrupt)")
    text = decode_bytes(data, path=path)
    if suffix in (".html", ".htm") or _looks_like_html(text):
        text = html_to_text(text)
    return text


def decode_bytes(data: bytes, *, path: str = "<bytes>") -> str:
    """Decode text bytes: BOMs first, then UTF-8, then detection among Chinese encodings.

    A UTF-8 file with a few invalid bytes mid-file is decoded with U+FFFD in their place rather
    than re-interpreted as another encoding. Line ends become ``\\n``.
    """
    if not data:
        return ""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _newlines(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise DecodeError(path, f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason})") from None
    for magic, what in _MAGIC:
        if what and data.startswith(magic):
            raise BinaryContentError(path, f"binary content: this is {what}, not text")
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _newlines(utf16)
        raise BinaryContentError(path, "binary content: NUL bytes found (not a text file)")
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    mostly_utf8 = data.decode("utf-8", errors="replace")
    bad = mostly_utf8.count("\ufffd")
    if bad <= max(2, len(mostly_utf8) // 200) and _cjk_share(mostly_utf8) > 0.2:
        return _newlines(mostly_utf8)
    text = _detect_chinese(data)
    if text is None:
        raise DecodeError(path, "undecodable text: not UTF-8, UTF-16, GB18030/GBK or Big5")
    if _control_share(text) > 0.05:
        raise BinaryContentError(path, "binary content: too many control characters for text")
    return _newlines(text)


def _detect_chinese(data: bytes) -> str | None:
    """Pick among GB18030 and Big5 (and what charset-normalizer proposes) by plausibility."""
    candidates: dict[str, str] = {}
    for codec in ("gb18030", "big5"):
        try:
            candidates[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if len(candidates) != 1:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16", "cp1252"]).best()
            if best is not None and best.encoding not in ("cp1252",):
                candidates.setdefault(best.encoding, str(best))
                if len(candidates) > 1:
                    return max(candidates.values(), key=_plausibility)
        except Exception:  # detection is best effort; fall through to our own scoring
            pass
    if not candidates:
        return None
    return max(candidates.values(), key=_plausibility)


# Frequent characters of political prose, in simplified and traditional forms: decoding the
# wrong way round (Big5 read as GBK, or the reverse) rarely yields them.
_COMMON = set("的是在了和不有这为中国人民我们发展社会主义经济建设工作要以对国家党会和年进行领导政府问题同志全面企业改革加强提高")
_COMMON_TRAD = set("的是在了和不有這為中國人民我們發展社會主義經濟建設工作要以對國家黨會年進行領導政府問題同誌全面企業改革加強提高")


def _plausibility(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    hits = sum(1 for ch in sample if ch in _COMMON or ch in _COMMON_TRAD)
    rare = sum(1 for ch in sample if "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf")
    return (hits - 5 * rare) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    for codec, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls / half > 0.3:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _control_share(text) < 0.05 and _textlike_share(text) >= 0.9:
                return text
    return None


# What a text decoded from UTF-16 without a byte-order mark is made of, when it is text: Latin-1,
# CJK ideographs and punctuation, full-width forms, general punctuation. Binary junk with NUL
# bytes in every other place also decodes, to Latin Extended and other scripts at random.
_TEXTLIKE = re.compile("[\x20-\x7e\xa0-\xff\n\r\t\f\u2010-\u206f\u3000-\u303f\u3400-\u4dbf"
                       "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _textlike_share(text: str) -> float:
    sample = text[:20000]
    return _TEXTLIKE.subn("", sample)[1] / max(len(sample), 1)


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    return sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") / max(len(sample), 1)


def _control_share(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f")
    return bad / max(len(sample), 1)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# --- HTML ---------------------------------------------------------------------------------------
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote pre "
    "dd dt dl hr title nav aside figure figcaption main form".split()
)
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page: scripts/styles dropped, block elements → line breaks."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0\n]*\n", "\n\n", text)
    text = text.strip()
    body_start = text[:200]
    if parser.title and parser.title not in body_start:
        text = parser.title + "\n\n" + text
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


# --- .docx and .pdf (optional dependencies) -----------------------------------------------------
#: Largest total unpacked size of a .docx read (a 500-page report's XML is 5–20 MB).
DOCX_MAX_UNPACKED = 200_000_000

def _docx_text(data: bytes, path: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise UnsupportedFormatError(path, "a zip archive, but not a .docx (no word/document.xml)")
            # before anything is decompressed: python-docx parses the XML into memory (≈10×
            # its size), so a small file that inflates to gigabytes must be refused here
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > DOCX_MAX_UNPACKED:
                raise DocumentReadError(
                    path, f"the .docx unpacks to {unpacked / 1e6:,.0f} MB, over the limit of "
                          f"{DOCX_MAX_UNPACKED / 1e6:,.0f} MB (a zip bomb, or not a text document)")
            zf.testzip()
    except zipfile.BadZipFile:
        raise DocumentReadError(path, "truncated or corrupt .docx (broken zip structure)") from None
    except (EOFError, zipfile.LargeZipFile, ValueError, KeyError, OSError) as exc:
        raise DocumentReadError(path, f"truncated or corrupt .docx ({exc})") from None
    try:
        import docx
    except ImportError:
        raise MissingDependencyError("reading .docx files", "docx", "python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on corrupt files
        raise DocumentReadError(path, f"corrupt .docx ({type(exc).__name__}: {exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(data: bytes, path: str) -> str:
    import io

    try:
        import pypdf
    except ImportError:
        raise MissingDependencyError("reading .pdf files", "pdf", "pypdf") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on broken files
        raise DocumentReadError(path, f"broken PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise EmptyPdfTextError(path, "PDF has no text layer (a scanned image?): it needs OCR first")
    return text


# --- walking inputs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class InputFile:
    """A path met while walking inputs: ``status`` is ``ok`` or ``skipped`` (with ``reason``).

    ``relpath`` is the path relative to the input root (for a file given directly, its name),
    as :func:`printable_name` writes it; ``path`` is the path to open.
    """

    path: Path
    relpath: str
    status: str = "ok"
    reason: str = ""


def iter_input_files(
    inputs: Iterable[str | Path],
    *,
    pattern: str = "*",
    follow_symlinks: bool = True,
    output_folder: str | Path | None = None,
    follow_links_out: bool = False,
) -> Iterator[InputFile]:
    """Every file below ``inputs`` (files or folders, recursive, sorted), each accounted for.

    Folders are walked in sorted order; unsupported types, symlink loops and what is not a
    regular file (a named pipe, a device) are yielded with status ``skipped`` and a reason,
    dangling links with status ``error``: none is silently dropped. Hidden files and
    folders (``.git``) are skipped silently. ``output_folder``, when it lies below an input
    folder (``analyze . --out results``), is yielded once as ``skipped`` and not walked: a
    run must not read the tables and report of an earlier run as documents.

    Symbolic links met in a folder are followed only while they stay inside the input
    folders: a link out of them (``x.txt -> /etc/passwd``, ``up -> ..``) is yielded as
    ``skipped`` naming its target, unless ``follow_links_out`` is true. (An input given
    itself as a link is followed: it was named on purpose.) ``follow_symlinks=False``
    follows no link to a folder at all.

    A file met again — through a symbolic or hard link in the tree, or because inputs overlap
    (a folder and a file or subfolder in it) — is yielded as ``skipped``, naming where it was
    met first (same device and inode): counted twice, it would double its terms in every
    corpus table.
    """
    inputs = list(inputs)
    first: dict[tuple[int, int], str] = {}
    for f in _iter_inputs(inputs, pattern, follow_symlinks, output_folder, follow_links_out):
        if f.status == "ok":
            try:
                st = os.stat(f.path)
            except OSError:  # reading it will say what is wrong
                yield f
                continue
            key = (st.st_dev, st.st_ino)
            earlier = first.get(key)
            if earlier is not None:
                yield InputFile(f.path, f.relpath, "skipped",
                                f"the same file as {earlier} (a link to it, or given again by "
                                "another input): counted once")
                continue
            first[key] = printable_name(str(f.path))
        yield f


def _iter_inputs(inputs: list[str | Path], pattern: str, follow_symlinks: bool,
                 output_folder: str | Path | None, follow_links_out: bool) -> Iterator[InputFile]:
    import fnmatch

    output: tuple[int, int] | None = None
    if output_folder is not None:
        try:
            st = os.stat(output_folder)
            output = (st.st_dev, st.st_ino)
        except OSError:
            pass  # not made yet: nothing of it to walk
    # where links may lead (None: anywhere): the input folders, resolved
    roots = None if follow_links_out else [
        os.path.realpath(given) for given in inputs if os.path.isdir(given)]
    walk = _Walk(pattern, follow_symlinks, fnmatch, output, roots)
    for given in inputs:
        root = Path(given)
        if root.is_file() or (root.is_symlink() and not root.exists()):
            yield InputFile(root, printable_name(root.name))
            continue
        if not root.exists():
            yield InputFile(root, printable_name(str(given)), "error", "file not found")
            continue
        if not root.is_dir():
            yield InputFile(root, printable_name(root.name), "skipped", _not_regular(root))
            continue
        yield from walk(root, root, set())


@dataclass(frozen=True)
class _Walk:
    """The settings of one input walk; called with ``(root, folder, seen)``."""

    pattern: str
    follow: bool
    fnmatch: Any
    output: tuple[int, int] | None
    roots: list[str] | None

    def outside(self, p: Path) -> str | None:
        """Where the symbolic link ``p`` leads, when that is outside the input folders."""
        if self.roots is None:
            return None
        target = os.path.realpath(p)
        for root in self.roots:
            try:
                if os.path.commonpath([target, root]) == root:
                    return None
            except ValueError:  # another drive (Windows)
                continue
        return target

    def __call__(self, root: Path, top: Path, seen: set) -> Iterator[InputFile]:
        # depth first with a stack of its own, not by recursion: an archive of 2,000 nested
        # folders must not end the walk with a RecursionError
        stack: list[Iterator[os.DirEntry]] = []
        yield from self._enter(root, top, seen, stack)
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
            elif not entry.name.startswith("."):
                yield from self._entry(root, entry, seen, stack)

    def _enter(self, root: Path, folder: Path, seen: set,
               stack: list[Iterator[os.DirEntry]]) -> Iterator[InputFile]:
        """Put the entries of ``folder`` on the stack, or yield why it is not walked."""
        try:
            st = folder.stat()
        except OSError as exc:
            yield InputFile(folder, _rel(folder, root), "skipped", f"cannot open folder: {exc.strerror}")
            return
        key = (st.st_dev, st.st_ino)
        if key == self.output:
            yield InputFile(folder, _rel(folder, root), "skipped",
                            "the output folder of this run (its tables are not read as documents)")
            return
        if os.path.isdir(os.path.join(folder, OUTPUT_FOLDER_MARK)):
            yield InputFile(folder, _rel(folder, root), "skipped",
                            "an output folder of an earlier policytext run (its tables are not "
                            "read as documents)")
            return
        if key in seen:
            yield InputFile(folder, _rel(folder, root), "skipped", "symbolic link loop (folder already visited)")
            return
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputFile(folder, _rel(folder, root), "skipped", f"cannot list folder: {exc.strerror}")
            return
        stack.append(iter(entries))

    def _entry(self, root: Path, entry: os.DirEntry, seen: set,
               stack: list[Iterator[os.DirEntry]]) -> Iterator[InputFile]:
        """What one folder entry is: a file to read, a folder to enter, or why it is skipped."""
        p = Path(entry.path)
        rel = _rel(p, root)
        link = entry.is_symlink()
        try:
            is_dir = entry.is_dir(follow_symlinks=self.follow)
        except OSError:
            is_dir = False
        if is_dir:
            if link and not self.follow:
                yield InputFile(p, rel, "skipped", "symbolic link to a folder (not followed)")
            elif link and (target := self.outside(p)) is not None:
                yield InputFile(p, rel, "skipped", _LINK_OUT.format("folder", printable_name(target)))
            else:
                yield from self._enter(root, p, seen, stack)
            return
        if link and not p.exists():
            yield InputFile(p, rel, "error", "dangling symbolic link (target does not exist)")
            return
        if not self.fnmatch.fnmatch(entry.name, self.pattern):
            return
        suffix = p.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield InputFile(p, rel, "skipped", f"unsupported file type {suffix!r}")
            return
        if link and (target := self.outside(p)) is not None:
            yield InputFile(p, rel, "skipped", _LINK_OUT.format("file", printable_name(target)))
            return
        try:
            regular = entry.is_file(follow_symlinks=self.follow)
        except OSError:
            regular = True  # let reading the file report the problem
        if not regular:  # reading a named pipe would wait forever, a device never ends
            yield InputFile(p, rel, "skipped", _not_regular(p))
            return
        yield InputFile(p, rel)


#: why a symbolic link out of the input folders is not followed
_LINK_OUT = ("symbolic link to a {} outside the input folders ({}): not followed "
             "(--follow-links follows it)")


def _not_regular(p: Path) -> str:
    """Why ``p`` (not a folder, not a regular file) is skipped."""
    import stat

    try:
        mode = p.stat().st_mode
    except OSError:
        mode = 0
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind})"


def _rel(p: Path, root: Path) -> str:
    try:
        return printable_name(p.relative_to(root).as_posix())
    except ValueError:
        return printable_name(p.as_posix())
