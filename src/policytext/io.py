"""Reading documents: files of any common Chinese encoding, .docx, .pdf and .html.

:func:`read` turns one file into a cleaned :class:`~policytext.corpus.Document` or raises a
:class:`~policytext.errors.DocumentReadError` subclass naming the path and a reason a person
understands. The encoding is detected from the bytes, never guessed from the extension.
Walking folders of inputs is :mod:`policytext.walk`'s job.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import zipfile
from pathlib import Path

from .clean import EMPTIED_NOTE
from .document import Document
from .errors import (
    BinaryContentError,
    DecodeError,
    DocumentReadError,
    EmptyPdfTextError,
    MissingDependencyError,
    MissingFileError,
    UnsupportedFormatError,
)

__all__ = ["SUPPORTED_SUFFIXES", "decode_bytes", "html_to_text", "printable_name", "read"]

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
    notes: list[str] = []
    text = bytes_to_text(data, path=str(path), suffix=p.suffix.lower(), notes=notes)
    # the name is only a label from here on (metadata reads dates and speakers from it)
    doc = Document.from_text(text, doc_id=doc_id or printable_name(p.name), clean=clean, meta=meta,
                             path=printable_name(str(path)), keep_source=keep_source)
    emptied = [n for n in doc.notes if n.startswith(EMPTIED_NOTE)]
    if emptied:  # a file read as (almost) nothing must not pass for a document that was read
        raise DocumentReadError(path, emptied[0])
    if notes:
        doc = dataclasses.replace(doc, notes=(*notes, *doc.notes))
    return doc


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


#: Extensions whose files are read as text whatever their first bytes (a note that starts
#: with %PDF is text); content sniffing then only rejects real binary.
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".csv"})


def bytes_to_text(data: bytes, *, path: str = "<bytes>", suffix: str = "",
                  notes: list[str] | None = None) -> str:
    """The text of a file's bytes.

    The extension decides the format first: a .txt/.md/.csv file is text (its bytes are
    decoded, and refused only when they are binary), a .docx or .pdf is read as one. Without a
    known extension (standard input, no suffix), the content decides (%PDF, a zip holding
    word/document.xml, <!DOCTYPE html>). ``notes`` (when given) is extended with what decoding
    doubted (invalid bytes replaced).
    """
    if suffix not in _TEXT_SUFFIXES:
        if suffix == ".pdf" or (suffix not in (".docx", ".html", ".htm") and data.startswith(b"%PDF")):
            if not data.startswith(b"%PDF"):
                raise DocumentReadError(path, "not a valid PDF (no %PDF header: truncated or corrupt)")
            return _pdf_text(data, path)
        if suffix == ".docx" or (suffix not in (".html", ".htm") and data.startswith(b"PK\x03\x04")):
            if not data.startswith(b"PK\x03\x04"):
                raise DocumentReadError(path, "not a valid .docx (truncated or corrupt: no zip structure)")
            return _docx_text(data, path)
    text = decode_bytes(data, path=path, notes=notes)
    if suffix in (".html", ".htm") or _looks_like_html(text):
        text = html_to_text(text)
    return text


def decode_bytes(data: bytes, *, path: str = "<bytes>", notes: list[str] | None = None) -> str:
    """Decode text bytes: BOMs first, then UTF-8, then detection among Chinese encodings.

    A UTF-8 file with a few invalid bytes (a damaged download) is decoded with U+FFFD in their
    place rather than refused or re-interpreted as another encoding, when the rest is
    overwhelmingly valid UTF-8; where they were is appended to ``notes``. UTF-16 without a
    byte-order mark is recognised by where its NUL bytes fall (every other byte) or, for text
    without any, by reading as Chinese. Line ends become ``\\n``.
    """
    if not data:
        return ""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _newlines(data.decode(codec))
            except UnicodeDecodeError as exc:
                text = _mostly_valid(data, codec, notes)
                if text is not None:
                    return _newlines(text)
                raise DecodeError(path, f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason})") from None
    for magic, what in _MAGIC:
        if what and data.startswith(magic):
            raise BinaryContentError(path, f"binary content: this is {what}, not text")
    if b"\x00" in data[:65536]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _newlines(utf16)
        if data.count(0) <= max(3, len(data) // 10_000):
            # a few NULs in UTF-8 text are damage, like other invalid bytes (0xFF is invalid
            # UTF-8: each NUL becomes a U+FFFD that the note counts)
            text = _mostly_valid(data.replace(b"\x00", b"\xff"), "utf-8", notes)
            if text is not None:
                return _newlines(text)
        raise BinaryContentError(path, "binary content: NUL bytes found (not a text file)")
    try:
        text = data.decode("utf-8")
        # (UTF-16 of ideographs whose bytes are all below 0x80 is valid UTF-8, of control codes)
        if _CONTROL.search(text) is None or _control_share(text) <= 0.05 or _detect_chinese(data) is None:
            return _newlines(text)
    except UnicodeDecodeError:
        pass
    text = _mostly_valid(data, "utf-8", notes)
    if text is not None:
        return _newlines(text)
    text = _detect_chinese(data)
    if text is None:  # a GB18030 or Big5 file with a few damaged bytes
        text = _mostly_valid(data, "gb18030", notes) or _mostly_valid(data, "big5", notes)
    if text is None:
        raise DecodeError(path, "undecodable text: not UTF-8, UTF-16, GB18030/GBK or Big5")
    if _control_share(text) > 0.05:
        raise BinaryContentError(path, "binary content: too many control characters for text")
    return _newlines(text)


_REPLACED = re.compile("\ufffd+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _mostly_valid(data: bytes, codec: str, notes: list[str] | None) -> str | None:
    """``data`` decoded with ``codec``, U+FFFD standing for its invalid bytes, when those are a
    handful of damaged places in text that is otherwise valid in it; else None.

    Text in another encoding (GBK read as UTF-8, Big5 as GB18030) fails or yields rare
    characters at nearly every non-ASCII character; damaged text fails at a few places among
    many valid multi-byte characters.
    """
    text = data.decode(codec, errors="replace")
    if codec.startswith("utf-16") or codec == "utf-32":
        text = text.lstrip("\ufeff")
    places = [m.start() for m in _REPLACED.finditer(text)]
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if not places or len(places) > max(3, non_ascii // 50) or 10 * len(places) > non_ascii:
        return None
    if codec in ("gb18030", "big5") and _plausibility(text) <= 0:  # (they accept most byte pairs)
        return None
    if notes is not None:
        shown = ", ".join(map(str, places[:10])) + (", …" if len(places) > 10 else "")
        notes.append(f"{len(places)} damaged place(s) in the {codec.upper()} text: invalid bytes replaced "
                     f"by U+FFFD at character offset(s) {shown} of the decoded text")
    return text


def _detect_chinese(data: bytes) -> str | None:
    """Pick among GB18030 and Big5 (and what charset-normalizer proposes) by plausibility."""
    candidates: dict[str, str] = {}
    for codec in ("gb18030", "big5"):
        try:
            candidates[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if len(data) % 2 == 0:
        # UTF-16 text of ideographs and full-width punctuation has no NUL byte to tell it
        for codec in ("utf-16-le", "utf-16-be"):
            text = _utf16_text(data, codec)
            if text is not None and _wide_share(text) > 0.5:
                candidates[codec] = text
    if len(candidates) != 1:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16", "cp1252"]).best()
            if best is not None and best.encoding not in ("cp1252",):
                candidates.setdefault(best.encoding, str(best))

        except Exception:  # detection is best effort; fall through to our own scoring
            pass
    # a wrong decoding that yields control characters (a GB18030 reading of UTF-16) is out
    candidates = {k: v for k, v in candidates.items() if _control_share(v) <= 0.05} or candidates
    if not candidates:
        return None
    return max(candidates.values(), key=_plausibility)


# Frequent characters of political prose, in simplified and traditional forms: decoding the
# wrong way round (Big5 read as GBK, or the reverse) rarely yields them.
_COMMON = set("的是在了和不有这为中国人民我们发展社会主义经济建设工作要以对国家党会和年进行领导政府问题同志全面企业改革加强提高")
_COMMON_TRAD = set("的是在了和不有這為中國人民我們發展社會主義經濟建設工作要以對國家黨會年進行領導政府問題同誌全面企業改革加強提高")


def _plausibility(text: str) -> float:
    """How much ``text`` reads as Chinese, per character: the frequent characters of political
    prose count most, other characters of the first levels of GB2312 and Big5 (the 3,755 and
    5,401 most used) count, rarer ideographs, private-use characters and control characters
    count against (a wrong decoding mostly yields rare ones)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    common = _common_ideographs()
    score = 0
    for ch in sample:
        if ch in _COMMON or ch in _COMMON_TRAD:
            score += 3
        elif ch in common:
            score += 1
        elif "\u4e00" <= ch <= "\u9fff":
            score -= 1
        elif "\ue000" <= ch <= "\uf8ff" or "\u3400" <= ch <= "\u4dbf" or (ch < " " and ch not in "\n\r\t"):
            score -= 5
    return score / len(sample)


@functools.cache
def _common_ideographs() -> frozenset[str]:
    """The first-level characters of GB2312 (rows 16–55) and Big5 (A440–C67E)."""
    gb = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    big5 = bytes(b for hi in range(0xA4, 0xC7) for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
                 for b in (hi, lo))
    return frozenset(gb.decode("gb2312", "ignore")) | frozenset(big5.decode("big5", "ignore"))


def _wide_share(text: str) -> float:
    """Share of ideographs, CJK punctuation and full-width forms in ``text``."""
    sample = text[:20000]
    wide = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef")
    return wide / max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` decoded as UTF-16 without a byte-order mark, when its NUL bytes say so.

    In UTF-16 text the NUL bytes are the high bytes of ASCII characters (line ends, digits),
    so they fall on one side only: odd offsets in little-endian, even in big-endian. Chinese
    text has few of them (ideographs have none), so no share of NULs is required; the decoded
    text must then read as text.
    """
    sample = data[:65536]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    texts = [t for t in (_utf16_text(data, "utf-16-le"), _utf16_text(data, "utf-16-be")) if t is not None]
    if len(texts) == 2:
        # NULs on one side only: ASCII characters (high byte 0); ideographs whose low byte is 0
        # (开 U+5F00) put a few on the other side; text of ideographs only has no rule to tell
        if odd_nuls > 4 * even_nuls or even_nuls > 4 * odd_nuls:
            return texts[0] if odd_nuls > even_nuls else texts[1]
        return max(texts, key=_plausibility)
    return texts[0] if texts else None


def _utf16_text(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec`` (UTF-16), or None when it is not text in it."""
    try:
        text = data[: len(data) // 2 * 2].decode(codec)
    except UnicodeDecodeError:
        return None
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
    "dd dt dl hr title nav aside figure figcaption main form address center caption tbody thead "
    "tfoot td th".split()
)
#: elements whose content is never visible text
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]{0,200}\?>")
_BLANK_LINES = re.compile(r"\n{2,}")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, parsed as a browser does (lxml): implied end tags
    (``<head>`` without ``</head>``, ``<p>`` without ``</p>``) close where a browser closes
    them; scripts, styles, ``<noscript>`` and ``<template>`` are dropped; block elements become
    line breaks; the ``<title>`` heads the text when the body does not start with it."""
    import lxml.etree
    import lxml.html

    declaration = _XML_DECLARATION.match(markup)
    if declaration is not None:  # (lxml refuses text that declares an encoding)
        markup = markup[declaration.end() :]
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):  # nothing but comments or white space
        return ""
    title = root.findtext(".//title")
    title = " ".join(title.split()) if title else None
    body = root.find("body")
    parts: list[str] = []
    # depth first, with a stack rather than recursion (a page may nest thousands deep); each
    # element is visited opening (its text) and closing (its tail, after its children)
    stack: list[tuple[object, bool]] = [(body if body is not None else root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else None  # None: a comment
        if closing:
            if tag in _BLOCK:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
            continue
        if tag is None or tag in _DROP:
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    # trailing spaces off every line, then runs of blank lines down to one (linear: a pattern
    # starting with [ ]* would be tried at every space of a long run)
    text = "\n".join(line.rstrip(" \t\u00a0") for line in "".join(parts).split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if title and title not in text[:200]:
        text = title + "\n\n" + text
    return text


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


# --- .docx and .pdf -----------------------------------------------------------------------------
#: Largest total unpacked size of a .docx read (a 500-page report's XML is 5–20 MB).
DOCX_MAX_UNPACKED = 200_000_000
#: Most paragraphs a .docx may hold (a 1,000-page report has some 30,000). Counted in the XML
#: bytes before parsing: 5 million empty paragraphs pack into half a megabyte and would take
#: gigabytes of memory once parsed.
DOCX_MAX_PARAGRAPHS = 300_000
#: Most XML tags (opening and closing) the body of a .docx may hold, counted the same way.
DOCX_MAX_TAGS = 4_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: how a paragraph's tag starts in the XML bytes (counted with bytes.count: no match objects)
_DOCX_PARAGRAPH_OPENERS = tuple(b"<w:p" + end for end in (b">", b"/", b" ", b"\n", b"\r", b"\t"))
#: run content that is not text of the document: deleted text (tracked changes), field codes,
#: the fallback copy of content given twice (mc:AlternateContent), properties
_DOCX_SKIP = frozenset({_W + "del", _W + "delText", _W + "instrText", _W + "moveFrom", _MC_FALLBACK,
                        _W + "rPr", _W + "pPr", _W + "sectPr", _W + "tblPr", _W + "trPr", _W + "tcPr"})


def _docx_text(data: bytes, path: str) -> str:
    """The text of a .docx body in document order: paragraphs, tables row by row (cells
    separated by tabs), content controls (``<w:sdt>``) and tracked insertions (``<w:ins>``);
    deleted text (``<w:del>``) is not text. Footnotes and endnotes follow the body. Read with
    lxml from ``word/document.xml`` (page headers, footers and comments are not read)."""
    import io

    import lxml.etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/document.xml" not in zf.namelist():
                raise UnsupportedFormatError(path, "a zip archive, but not a .docx (no word/document.xml)")
            # before anything is decompressed: a small file that inflates to gigabytes is
            # refused here
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > DOCX_MAX_UNPACKED:
                raise DocumentReadError(
                    path, f"the .docx unpacks to {unpacked / 1e6:,.0f} MB, over the limit of "
                          f"{DOCX_MAX_UNPACKED / 1e6:,.0f} MB (a zip bomb, or not a text document)")
            xml = zf.read("word/document.xml")
            names = set(zf.namelist())
            notes_xml = [zf.read(name) for name in ("word/footnotes.xml", "word/endnotes.xml") if name in names]
    except zipfile.BadZipFile:
        raise DocumentReadError(path, "truncated or corrupt .docx (broken zip structure)") from None
    except (EOFError, zipfile.LargeZipFile, ValueError, KeyError, OSError) as exc:
        raise DocumentReadError(path, f"truncated or corrupt .docx ({exc})") from None
    except RuntimeError as exc:  # an encrypted member
        raise DocumentReadError(path, f"unreadable .docx ({exc})") from None
    # parsing takes some 10x the XML's size in memory and time per element: count first
    paragraphs = sum(part.count(opener) for part in (xml, *notes_xml) for opener in _DOCX_PARAGRAPH_OPENERS)
    if paragraphs > DOCX_MAX_PARAGRAPHS:
        raise DocumentReadError(path, f"the .docx holds {paragraphs:,} paragraphs, over the limit of "
                                      f"{DOCX_MAX_PARAGRAPHS:,} (a bomb of empty paragraphs, or not a text document)")
    tags = sum(part.count(b"<") for part in (xml, *notes_xml))
    if tags > DOCX_MAX_TAGS:
        raise DocumentReadError(path, f"the .docx holds {tags:,} XML tags, over the limit of {DOCX_MAX_TAGS:,}")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise DocumentReadError(path, f"corrupt .docx (word/document.xml: {exc})") from None
    body = root.find(_W + "body")
    if body is None:
        raise DocumentReadError(path, "corrupt .docx (word/document.xml has no body)")
    lines: list[str] = []
    _docx_blocks(body, lines)
    # footnotes and endnotes (注释) are text of the document: after the body, as a book prints
    # endnotes, so that offsets in the body are those of the body alone
    for part in notes_xml:
        try:
            notes_root = lxml.etree.fromstring(part, parser)
        except lxml.etree.XMLSyntaxError as exc:
            raise DocumentReadError(path, f"corrupt .docx (footnotes or endnotes: {exc})") from None
        for note in notes_root:
            if note.get(_W + "type") in (None, "normal"):  # (not the separator lines)
                note_lines: list[str] = []
                _docx_blocks(note, note_lines)
                if any(note_lines):
                    lines.extend(("", *note_lines) if lines and lines[-1] else note_lines)
    return "\n".join(lines)


def _docx_blocks(container, lines: list[str]) -> None:
    """Append the lines of the block content of ``container`` (the body, a table cell, a
    content control's content) to ``lines``, in document order."""
    stack = list(reversed(container))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _W + "p":
            lines.append(_docx_paragraph(el))
        elif tag == _W + "tbl":
            for row in el.iter(_W + "tr"):
                if _docx_row_of(row) is el:  # (rows of nested tables belong to their cells)
                    cells = []
                    for cell in row.iterchildren(_W + "tc", _W + "sdt", _W + "customXml"):
                        for tc in ([cell] if cell.tag == _W + "tc" else cell.iter(_W + "tc")):
                            cell_lines: list[str] = []
                            _docx_blocks(tc, cell_lines)
                            cells.append("\n".join(cell_lines))
                    lines.append("\t".join(cells))
        elif tag in _DOCX_SKIP or not isinstance(tag, str):
            continue
        else:  # w:sdt, w:sdtContent, w:customXml, w:ins, w:smartTag: containers of blocks
            stack.extend(reversed(el))


def _docx_row_of(row):
    """The table a row belongs to."""
    parent = row.getparent()
    while parent is not None and parent.tag != _W + "tbl":
        parent = parent.getparent()
    return parent


def _docx_paragraph(p) -> str:
    """The text of one paragraph: its runs, inserted ones included, deleted ones not."""
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in _DOCX_SKIP or not isinstance(tag, str):
            continue
        if tag == _W + "t":
            if el.text:
                parts.append(el.text)
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            stack.extend(reversed(el))
    return "".join(parts)


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
