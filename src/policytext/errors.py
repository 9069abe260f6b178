"""Exceptions raised by policytext.

Every error policytext raises on purpose about what it is given to work on (files, lexicons,
output folders, optional packages, a Dask scheduler) is a :class:`PolicyTextError`, so a
caller can catch one class. A wrong argument in a call (``top_n=0``, an unknown format) raises
``ValueError``, ``TypeError`` or ``KeyError``, as in any Python library; the command line
checks its options before calling and reports them as usage errors. Messages name the bad
value and, where there is a finite set, the valid ones.
"""

from __future__ import annotations

__all__ = [
    "BinaryContentError",
    "DecodeError",
    "DocumentReadError",
    "EmptyPdfTextError",
    "InputError",
    "LexiconError",
    "MissingDependencyError",
    "MissingFileError",
    "OutputFolderError",
    "PlotError",
    "PolicyTextError",
    "UnsupportedFormatError",
]


class PolicyTextError(Exception):
    """Base class of every error policytext raises on purpose."""


class DocumentReadError(PolicyTextError):
    """A file could not be turned into a document.

    Parameters
    ----------
    path
        The path as given by the caller.
    reason
        A sentence a person understands (it goes into ``documents.csv``).
    """

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # keep the two-argument constructor picklable across processes
        return (type(self), (self.path, self.reason))


class MissingFileError(DocumentReadError):
    """The path does not exist or is not a regular file."""


class BinaryContentError(DocumentReadError):
    """The file holds binary data (an image, an archive, NUL bytes), not text."""


class DecodeError(DocumentReadError):
    """The bytes are not text in any encoding policytext recognises."""


class UnsupportedFormatError(DocumentReadError):
    """The file type is not one policytext reads."""


class EmptyPdfTextError(DocumentReadError):
    """A PDF has no text layer (a scan): it would need OCR."""


class InputError(PolicyTextError, TypeError, ValueError):
    """An extractor or constructor was given the wrong kind of thing: a file path where a text
    is expected, an unknown docvar in ``by=``, a selector that selects no document, a
    DataFrame where documents are expected. The message names the fix.

    It is also a ``TypeError`` and a ``ValueError``, so code that caught those before keeps
    working.
    """


class OutputFolderError(PolicyTextError):
    """The output folder cannot be used: a file is there, no permission, or another run is
    writing to it. Raised before any input is read."""


class PlotError(PolicyTextError, ValueError):
    """A chart cannot be drawn from the given input (missing column, bad option, bad font)."""


class LexiconError(PolicyTextError):
    """A lexicon file or entry is invalid; the message gives file and line."""


class MissingDependencyError(PolicyTextError, ImportError):
    """An optional dependency is needed; the message names the ``pip install`` command."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        self.feature, self.extra, self.package = feature, extra, package
        super().__init__(
            f"{feature} needs the optional package {package!r}: "
            f'pip install "policytext[{extra}]"'
        )

    def __reduce__(self):
        return (type(self), (self.feature, self.extra, self.package))
