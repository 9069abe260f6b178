"""Terminology lexicons: :class:`Term` and :class:`Lexicon`.

A lexicon is a plain UTF-8 TSV file with a header row::

    term  category  pos  expansion  variants  first_year  source  verified

``term`` is the canonical form; ``variants`` are other surface forms separated by ``|``
(二/两 forms, forms with or without 、); ``expansion`` lists the official members of a numeric
formulation (数字提法) separated by ``、`` (or by ``|`` when a member itself contains 、). Only ``term`` is required in a user lexicon; a
missing category becomes ``other``.

The shipped lexicon is built from ``data/lexicon/`` (see its README). Objects here are frozen
and picklable; loading the built-in lexicon is explicit (:meth:`Lexicon.builtin`) and cached per
process, never done on import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .chars import WHITESPACE
from .errors import LexiconError

__all__ = ["CATEGORIES", "Lexicon", "Term", "load_stopwords"]

#: Allowed categories, with the Chinese label used in charts and docs.
CATEGORIES: Mapping[str, str] = {
    "formulation": "数字提法",
    "policy": "政策战略",
    "campaign": "专项工作",
    "meeting": "会议活动",
    "organ": "机构组织",
    "ideology": "思想理论",
    "doctype": "文种",
    "other": "其他",
}

COLUMNS = ("term", "category", "pos", "expansion", "variants", "first_year", "source", "verified")

_WHITESPACE = frozenset(WHITESPACE)


@dataclass(frozen=True)
class Term:
    """One lexicon entry.

    Attributes
    ----------
    term
        Canonical form, e.g. ``两个维护``.
    category
        One of :data:`CATEGORIES`.
    pos
        jieba part-of-speech tag given to the term when tokenizing.
    expansion
        Official members of a numeric formulation, e.g. ``("政治意识", "大局意识", …)``.
    variants
        Other surface forms counted as this term, e.g. ``("二个维护",)``.
    first_year
        First year the term appears in the government work reports, if known.
    source
        Where the expansion or first year is spelled out (corpus file:line or a named source).
    verified
        Whether the expansion / first year was checked against ``source``.
    """

    term: str
    category: str = "other"
    pos: str = "nz"
    expansion: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    first_year: int | None = None
    source: str = ""
    verified: bool = False

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The canonical form followed by every variant."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Lexicon:
    """An immutable collection of :class:`Term`, keyed by canonical form.

    Build one with :meth:`builtin`, :meth:`from_tsv`, :meth:`from_terms`, or combine with
    :meth:`merge` (entries of the right-hand lexicon win).
    """

    terms: Mapping[str, Term] = field(default_factory=dict)
    name: str = "lexicon"

    # -- construction -------------------------------------------------------------------
    @classmethod
    def builtin(cls) -> Lexicon:
        """The curated party/government terminology lexicon shipped with policytext."""
        return _builtin_lexicon()

    @classmethod
    def empty(cls) -> Lexicon:
        return cls({}, name="empty")

    @classmethod
    def from_terms(cls, terms: Iterable[str | Term], *, category: str = "other") -> Lexicon:
        """A lexicon from plain strings (given ``category``) or :class:`Term` objects."""
        entries: dict[str, Term] = {}
        for item in terms:
            t = item if isinstance(item, Term) else Term(_check_term(str(item), "<list>", 0), category)
            entries[t.term] = t
        return cls(entries, name="custom")

    @classmethod
    def from_tsv(cls, path: str | Path, *, name: str | None = None) -> Lexicon:
        """Load a TSV lexicon; errors name the file and line.

        The header must include ``term``; other columns are optional (see module docs).
        A file without a header is read as one term per line (first column); a first line
        with several columns that does not start with ``term``, or that names a column
        (``词语``, ``keyword``), is refused as a misnamed header rather than read as a term.
        A folder, a named pipe (which would block) or a device is refused too.
        """
        import stat

        path = Path(path)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise LexiconError(f"{path}: lexicon file not found") from None
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read the lexicon ({exc.strerror or exc})") from None
        if stat.S_ISDIR(mode):
            raise LexiconError(f"{path}: is a folder; give a lexicon file (TSV with a `term` column)")
        if not stat.S_ISREG(mode):
            raise LexiconError(f"{path}: is not a regular file (a named pipe or a device); give a "
                               "lexicon file (TSV with a `term` column)")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{path}: lexicon must be UTF-8 ({exc.reason} at byte {exc.start})") from None
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read the lexicon ({exc.strerror or exc})") from None
        return cls.from_string(text, source_name=str(path), name=name or path.stem)

    @classmethod
    def from_string(cls, text: str, *, source_name: str = "<string>", name: str = "custom") -> Lexicon:
        """Parse TSV lexicon text (see :meth:`from_tsv`)."""
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
        entries: dict[str, Term] = {}
        header: list[str] | None = None
        for lineno, row in enumerate(rows, start=1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if header is None:
                if row[0].strip().lower() == "term":
                    header = [c.strip().lower() for c in row]
                    unknown = sorted(set(header) - set(COLUMNS))
                    if unknown:
                        raise LexiconError(
                            f"{source_name}:{lineno}: unknown column(s) {unknown}; "
                            f"valid columns are {list(COLUMNS)}"
                        )
                    continue
                if len(row) > 1 or row[0].strip().lower() in _HEADER_LIKE:
                    first = "\t".join(row)
                    raise LexiconError(
                        f"{source_name}:{lineno}: the first line must be the header, starting "
                        f"with the column `term` (then any of {list(COLUMNS[1:])}), not "
                        f"{first!r}; a file of one term per line needs no header")
                header = ["term"]
            if len(row) > len(header) and header != ["term"]:
                raise LexiconError(
                    f"{source_name}:{lineno}: {len(row)} fields but the header has {len(header)}"
                )
            rec = dict(zip(header, (c.strip() for c in row)))
            term = _term_from_record(rec, source_name, lineno)
            if term.term in entries:
                raise LexiconError(f"{source_name}:{lineno}: duplicate term {term.term!r}")
            entries[term.term] = term
        return cls(entries, name=name)

    # -- combination and access ----------------------------------------------------------
    def merge(self, other: Lexicon) -> Lexicon:
        """A new lexicon with ``other``'s entries added (they win on conflict)."""
        merged = dict(self.terms)
        merged.update(other.terms)
        return Lexicon(merged, name=f"{self.name}+{other.name}")

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    def __getitem__(self, term: str) -> Term:
        return self.terms[term]

    def get(self, term: str) -> Term | None:
        return self.terms.get(term)

    def surface_map(self) -> dict[str, str]:
        """Every surface form (canonical and variants) → canonical term."""
        out: dict[str, str] = {}
        for t in self.terms.values():
            for s in t.surfaces:
                out.setdefault(s, t.term)
        return out

    def by_category(self, category: str) -> Lexicon:
        if category not in CATEGORIES:
            raise LexiconError(f"unknown category {category!r}; valid: {list(CATEGORIES)}")
        return Lexicon({k: v for k, v in self.terms.items() if v.category == category}, name=category)

    def to_frame(self):
        """The lexicon as a DataFrame with the TSV columns."""
        import pandas as pd

        rows = [
            {
                "term": t.term,
                "category": t.category,
                "pos": t.pos,
                "expansion": ("|" if any("、" in m for m in t.expansion) else "、").join(t.expansion),
                "variants": "|".join(t.variants),
                "first_year": t.first_year,
                "source": t.source,
                "verified": t.verified,
            }
            for t in self.terms.values()
        ]
        return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"first_year": "Int64"})

    def with_terms(self, *terms: Term) -> Lexicon:
        merged = dict(self.terms)
        for t in terms:
            merged[t.term] = replace(t)
        return Lexicon(merged, name=self.name)

    def __repr__(self) -> str:
        return f"Lexicon(name={self.name!r}, n_terms={len(self)})"


#: first lines of a one-column file that name the column instead of being a term
_HEADER_LIKE = frozenset({"terms", "word", "words", "keyword", "keywords", "name", "词", "词语",
                          "术语", "词条", "关键词", "条目"})


def _check_term(term: str, source_name: str, lineno: int) -> str:
    if not term:
        raise LexiconError(f"{source_name}:{lineno}: empty term")
    if any(ch in _WHITESPACE for ch in term):
        raise LexiconError(f"{source_name}:{lineno}: term {term!r} contains whitespace")
    return term


def _term_from_record(rec: Mapping[str, str], source_name: str, lineno: int) -> Term:
    term = _check_term(rec.get("term", ""), source_name, lineno)
    category = rec.get("category") or "other"
    if category not in CATEGORIES:
        raise LexiconError(
            f"{source_name}:{lineno}: unknown category {category!r} for {term!r}; "
            f"valid categories are {list(CATEGORIES)}"
        )
    year_text = rec.get("first_year", "")
    try:
        first_year = int(year_text) if year_text else None
    except ValueError:
        raise LexiconError(
            f"{source_name}:{lineno}: first_year {year_text!r} for {term!r} is not a year"
        ) from None
    variants = tuple(
        _check_term(v.strip(), source_name, lineno)
        for v in rec.get("variants", "").split("|")
        if v.strip()
    )
    raw_expansion = rec.get("expansion", "")
    # members are separated by 、, or by | when a member itself contains 、 (两个确立)
    separator = "|" if "|" in raw_expansion else "、"
    expansion = tuple(m.strip() for m in raw_expansion.split(separator) if m.strip())
    return Term(
        term=term,
        category=category,
        pos=rec.get("pos") or "nz",
        expansion=expansion,
        variants=variants,
        first_year=first_year,
        source=rec.get("source", ""),
        verified=rec.get("verified", "").lower() in {"yes", "true", "1", "y"},
    )


@lru_cache(maxsize=1)
def _builtin_lexicon() -> Lexicon:
    text = resources.files("policytext.resources").joinpath("lexicon.tsv").read_text("utf-8")
    return Lexicon.from_string(text, source_name="policytext/resources/lexicon.tsv", name="builtin")


@lru_cache(maxsize=4)
def load_stopwords(path: str | None = None) -> frozenset[str]:
    """The political-prose stopword list (or a user file, one word per line).

    The built-in list never contains enumeration markers (一是, 首先, 第二) or numerals, so
    it is safe to apply after outline and formulation extraction.
    """
    if path is None:
        text = resources.files("policytext.resources").joinpath("stopwords.txt").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8-sig")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
