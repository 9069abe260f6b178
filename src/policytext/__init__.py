"""policytext — quantitative reading of Chinese political documents.

Read documents (:func:`read`, :class:`Corpus`), clean them, tokenize with a party-terminology
lexicon (:class:`Tokenizer`), and extract outlines (提纲), formulations (提法), term statistics
and charts. Importing the package does nothing else: no dictionary is built, no logging is
configured, nothing is downloaded.
"""

from __future__ import annotations

from .clean import CleanOptions, clean_text
from .corpus import Corpus, Document, as_documents
from .errors import DocumentReadError, LexiconError, MissingDependencyError, PolicyTextError
from .io import read
from .lexicon import Lexicon, Term, load_stopwords
from .tokenize import Tokenizer

__version__ = "0.1.0"

__all__ = [
    "CleanOptions",
    "Corpus",
    "Document",
    "DocumentReadError",
    "Lexicon",
    "LexiconError",
    "MissingDependencyError",
    "PolicyTextError",
    "Term",
    "Tokenizer",
    "__version__",
    "as_documents",
    "clean_text",
    "load_stopwords",
    "read",
]
