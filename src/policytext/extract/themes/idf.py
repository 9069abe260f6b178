"""IDF tables of themes: the shipped political-domain table, its TSV format, and the corpus
IDF shrunk toward it (:func:`blended_idf`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import Any


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies with a default for unseen terms.

    Attributes
    ----------
    idf
        term → ``ln(n_docs / df)``.
    n_docs
        Documents the table was computed from.
    default
        IDF of a term not in the table (see ``data/idf/README.md`` for the choice).
    """

    idf: Mapping[str, float]
    n_docs: int
    default: float

    def __getitem__(self, term: str) -> float:
        return self.idf.get(term, self.default)

    def get(self, term: str, default: float | None = None) -> float:
        return self.idf.get(term, self.default if default is None else default)

    def __len__(self) -> int:
        return len(self.idf)

    def __contains__(self, term: object) -> bool:
        return term in self.idf


def parse_idf(text: str, source: str = "<string>") -> IdfTable:
    """Parse the TSV format of ``resources/idf.tsv`` (``# key=value`` comments, header, rows)."""
    meta: dict[str, str] = {}
    idf: dict[str, float] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            for part in line[1:].split():
                if "=" in part:
                    k, v = part.split("=", 1)
                    meta[k] = v
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields[0] == "term":
                continue
        if len(fields) < 2:
            raise ValueError(f"{source}:{lineno}: expected 'term<TAB>idf', got {line!r}")
        try:
            idf[fields[0]] = float(fields[1])
        except ValueError:
            raise ValueError(f"{source}:{lineno}: idf {fields[1]!r} is not a number") from None
    values = sorted(idf.values())
    default = float(meta["default_idf"]) if "default_idf" in meta else (
        values[len(values) // 2] if values else 1.0)
    n_docs = int(meta.get("n_docs", 0))
    return IdfTable(idf, n_docs, default)


@lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """The political-domain IDF table shipped with policytext (loaded once per process)."""
    from importlib import resources

    text = resources.files("policytext.resources").joinpath("idf.tsv").read_text("utf-8")
    return parse_idf(text, "policytext/resources/idf.tsv")


def resolve_idf(idf: Any, n_units: int) -> str | IdfTable:
    if isinstance(idf, IdfTable):
        return idf
    if isinstance(idf, Mapping):
        values = sorted(idf.values())
        return IdfTable(dict(idf), 0, values[len(values) // 2] if values else 1.0)
    if idf == "auto":
        return "corpus" if n_units >= 3 else load_idf()
    if idf == "builtin":
        return load_idf()
    if idf == "corpus":
        return "corpus"
    raise ValueError(
        f"idf must be 'auto', 'corpus', 'builtin', a mapping or an IdfTable, not {idf!r}")


def blended_idf(df_counts: Mapping[str, int], n: int, prior_weight: float
                 ) -> Callable[[str], float]:
    """Corpus IDF with document frequencies shrunk toward the built-in table."""
    if prior_weight <= 0:
        return lambda t: math.log((1 + n) / (1 + df_counts.get(t, 0)))
    table = load_idf()
    m = float(prior_weight)

    def idf(t: str) -> float:
        p = math.exp(-table[t])
        return -math.log((df_counts.get(t, 0) + m * p) / (n + m))

    return idf


def blended_idf_array(terms: Sequence[str], df, n: int, prior_weight: float):
    """:func:`blended_idf` of every term at once (``df``: their document frequencies, an
    array in the order of ``terms``), as a float64 array."""
    import numpy as np

    df = np.asarray(df, dtype=np.float64)
    if prior_weight <= 0:
        return np.log((1 + n) / (1 + df))
    table = load_idf()
    prior = np.fromiter(map(table.idf.get, terms, repeat(table.default)), dtype=np.float64,
                        count=len(terms))
    m = float(prior_weight)
    return -np.log((df + m * np.exp(-prior)) / (n + m))
