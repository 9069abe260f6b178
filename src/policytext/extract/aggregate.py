"""Corpus-level tables built from per-document counts (what the batch runner keeps).

The extractors in :mod:`~policytext.extract.themes`, :mod:`~policytext.extract.stats`,
:mod:`~policytext.extract.keyness` and :mod:`~policytext.extract.slogans` work on documents. A
batch run over thousands of files cannot hold every document, so it keeps compact per-document
results — token counts in a sparse matrix, term counts, slogan rows — and builds the same tables
from them here. Scoring is not reimplemented: term weighting and IDF (``themes.tf_weight``,
``themes.resolve_idf``), the trends table (``stats.trends_from_counts``), keyness
(``keyness.keyness_from_counts``) and first appearances (``slogans.first_seen``) come from those
modules, so a batch table and the table of the document-level function agree (tests compare
them).

Memory: token counts are held as a CSR matrix of ``int32`` (≈8 bytes per distinct token per
document, never the token lists), and the corpus tables are computed from it in blocks of
documents, so no step makes an array as long as the whole matrix; everything else grows with
the vocabulary (and years × terms). Peak RSS of ``policytext analyze`` over 10 / 50 / 100 MB of
新闻联播 is 210 / 252 / 277 MB (BENCHMARKS.md).
"""

from __future__ import annotations

import math
import os
from array import array
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import islice, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._strings import StringList

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .stats import Tier

__all__ = [
    "FirstSeenAccumulator",
    "TokenMatrix",
    "TrendAccumulator",
    "Vocabulary",
    "first_seen_from_slogans",
    "first_seen_rows",
    "group_token_counts",
    "iter_themes_from_counts",
    "keyness_by_year_from_counts",
    "themes_from_counts",
    "trends_from_terms",
]

THEME_COLUMNS = ("doc_id", "term", "score", "rank", "count")
#: Column → dtype of the themes table (``doc_id`` is named ``key_name`` by the functions).
THEME_DTYPES: dict[str, Any] = {"doc_id": object, "term": object, "score": "float64",
                                "rank": "int64", "count": "int64"}


# ---------------------------------------------------------------------------------------------
# token counts
# ---------------------------------------------------------------------------------------------
class Vocabulary:
    """Token → id, ids given in order of first sight (0, 1, 2, …): the growing vocabulary of a
    :class:`TokenMatrix` and of a batch worker's token ids. Picklable."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        from collections import defaultdict

        # a new token gets the next id: the factory runs before the insertion, so len() is it
        self._ids: dict[str, int] = defaultdict()
        self._ids.default_factory = self._ids.__len__  # type: ignore[attr-defined]
        #: the tokens in id order
        self.terms: list[str] = []
        self.ids(terms)

    def ids(self, tokens: Iterable[str]) -> array:
        """The ids of ``tokens`` (``int32``), giving the next ids to those not seen before."""
        n0 = len(self.terms)
        ids = array("i", map(self._ids.__getitem__, tokens))  # one C-level loop, new ones too
        n_new = len(self._ids) - n0
        if n_new:  # the new tokens are the last n_new keys of the dict, in id order
            new = list(islice(reversed(self._ids), n_new))
            new.reverse()
            self.terms.extend(new)
        return ids

    def __len__(self) -> int:
        return len(self.terms)

    def id_of(self, token: str) -> int | None:
        """The id of ``token``, or None when it has none (without giving it one)."""
        return self._ids.get(token)

    def __getstate__(self) -> dict[str, Any]:
        return {"terms": self.terms}  # the dict's factory is one of its own methods

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["terms"])  # type: ignore[misc]


class TokenMatrix:
    """Token counts of many documents: one row per document, growing vocabulary.

    Rows are appended with :meth:`add` (a mapping token → count, in any order); the matrix is
    read with :meth:`csr` or :meth:`arrays`. Row order is insertion order, so a deterministic
    feed gives a deterministic matrix.

    Parameters
    ----------
    spill_dir
        A folder for the counts: once :data:`SPILL_ENTRIES` counts are buffered they are
        appended to two files there, and :meth:`arrays` maps the files instead of holding
        them, so the memory a corpus of millions of documents needs grows with its vocabulary
        (and the document ids), not with its size. None (default): everything in memory.
        The caller owns the folder (and removes it).
    """

    def __init__(self, spill_dir: str | os.PathLike | None = None) -> None:
        self.vocabulary = Vocabulary()
        #: the document of each row (a list of keys; ``str`` keys are stored UTF-8 encoded,
        #: see :class:`~policytext._strings.StringList`: one per document of a long run)
        self.doc_ids: StringList = StringList()
        self._indptr = array("q", [0])
        self._indices = array("i")
        self._data = array("i")
        self._remaps: dict[str, array] = {}  # worker vocabulary → its ids' ids here (add_ids)
        self._spill_dir = Path(spill_dir) if spill_dir is not None else None
        self._spilled = 0  # counts already written to the spill files
        self._spill_files: tuple[Any, Any] | None = None

    @property
    def terms(self) -> list[str]:
        """The tokens, in column order."""
        return self.vocabulary.terms

    def add(self, doc_id: Hashable, counts: Mapping[str, int]) -> None:
        self._indices.extend(self.vocabulary.ids(counts))
        self._data.extend(counts.values())
        self._end_row(doc_id)

    def _end_row(self, doc_id: Hashable) -> None:
        self._indptr.append(self._spilled + len(self._indices))
        self.doc_ids.append(doc_id)
        if self._spill_dir is not None and len(self._indices) >= SPILL_ENTRIES:
            self._spill()

    def _spill(self) -> None:
        """Append the buffered counts to the spill files and empty the buffers."""
        if self._spill_files is None:
            assert self._spill_dir is not None
            self._spill_dir.mkdir(parents=True, exist_ok=True)
            self._spill_files = (open(self._spill_dir / "indices.int32", "wb"),
                                 open(self._spill_dir / "data.int32", "wb"))
        self._indices.tofile(self._spill_files[0])
        self._data.tofile(self._spill_files[1])
        self._spilled += len(self._indices)
        del self._indices[:], self._data[:]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if self._spill_files is not None:  # a copy holds its counts in memory
            indices, data, _ = self.arrays()
            state.update(_indices=array("i", indices.tobytes()), _data=array("i", data.tobytes()),
                         _spilled=0, _spill_files=None, _spill_dir=None)
        return state

    def close(self) -> None:
        """Close the spill files (the arrays already mapped stay readable)."""
        if self._spill_files is not None:
            for fh in self._spill_files:
                fh.close()
            self._spill_files = None

    def add_ids(self, doc_id: Hashable, key: str, n_known: int, new_tokens: Sequence[str],
                ids: bytes, counts: bytes) -> None:
        """:meth:`add` for counts given as ids in another vocabulary ``key`` (a batch worker's):
        ``new_tokens`` are that vocabulary's ids ``n_known, n_known + 1, …``; ``ids`` and
        ``counts`` are int32 bytes. Documents of one vocabulary must arrive in the order their
        ids were given. Same matrix as :meth:`add` with the decoded mapping."""
        import numpy as np

        remap = self._remaps.setdefault(key, array("i"))
        if len(remap) != n_known:
            raise RuntimeError(f"token ids of vocabulary {key} arrived out of order "
                               f"({n_known} ids expected to be known, {len(remap)} are)")
        if new_tokens:
            remap.extend(self.vocabulary.ids(new_tokens))
        if not ids:
            return
        local = np.frombuffer(ids, dtype=np.int32)
        self._indices.frombytes(np.frombuffer(remap, dtype=np.int32)[local].tobytes())
        self._data.frombytes(counts)
        self._end_row(doc_id)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def arrays(self):
        """``(indices, data, indptr)`` of the CSR matrix as numpy views of the rows added so
        far (``int32``, ``int32``, ``int64``; no copy: add no rows while they are in use).
        A spilling matrix gives read-only memory maps of its files."""
        import numpy as np

        indptr = np.frombuffer(self._indptr, dtype=np.int64)
        if self._spill_files is None:
            return (np.frombuffer(self._indices, dtype=np.int32),
                    np.frombuffer(self._data, dtype=np.int32), indptr)
        self._spill()
        for fh in self._spill_files:
            fh.flush()
        indices, data = (np.memmap(fh.name, dtype=np.int32, mode="r", shape=(self._spilled,))
                         if self._spilled else np.zeros(0, dtype=np.int32)
                         for fh in self._spill_files)
        return indices, data, indptr

    def csr(self):
        """``scipy.sparse.csr_matrix`` (documents × vocabulary), int64 counts."""
        import numpy as np
        import scipy.sparse as sp

        indices, data, indptr = self.arrays()
        shape = (len(self.doc_ids), len(self.terms))
        return sp.csr_matrix((data.astype(np.int64), np.array(indices), indptr), shape=shape)

    @classmethod
    def from_counts(cls, counts: Mapping[Hashable, Mapping[str, int]]) -> TokenMatrix:
        m = cls()
        for doc_id, c in counts.items():
            m.add(doc_id, c)
        return m


def _release(arr: Any, lo: int, hi: int) -> None:
    """Drop the pages of ``arr[lo:hi]`` from this process's memory when ``arr`` maps a file (a
    spilled :class:`TokenMatrix`; otherwise nothing): touched again, they are read back from
    the page cache. A pass over the matrix then keeps one block resident, not the whole file
    (which a peak-RSS measure would count, reclaimable or not)."""
    mm = getattr(arr, "_mmap", None)
    if mm is None or not hasattr(mm, "madvise") or hi <= lo:  # (no madvise on Windows)
        return
    import mmap

    start = lo * arr.itemsize // mmap.PAGESIZE * mmap.PAGESIZE
    end = min(len(mm), -(-hi * arr.itemsize // mmap.PAGESIZE) * mmap.PAGESIZE)
    if end > start:
        mm.madvise(mmap.MADV_DONTNEED, start, end - start)


#: counts per step of a pass over a whole matrix (4 MB of int32)
_PASS_ENTRIES = 1 << 20


def _spans(n: int) -> Iterator[tuple[int, int]]:
    """``(lo, hi)`` covering ``range(n)`` :data:`_PASS_ENTRIES` at a time: a pass over a
    spilled matrix that releases each span's pages after use keeps one span resident, not the
    whole file."""
    step = _PASS_ENTRIES
    for lo in range(0, n, step):
        yield lo, min(n, lo + step)


#: counts a spilling :class:`TokenMatrix` buffers before appending them to its files (8 MB)
SPILL_ENTRIES = 1 << 20

#: documents per sort in themes_from_counts (bounds its temporary arrays)
_THEMES_BLOCK = 256


def _row_sums(data, lengths):
    """Sum of each row's values, rows given by their lengths (empty rows sum to 0)."""
    import numpy as np

    ends = np.cumsum(lengths)
    cumulative = np.concatenate(([0], np.cumsum(data)))
    return cumulative[ends] - cumulative[ends - lengths]


def _term_ranks(terms: Sequence[str]):
    """rank[i] = position of terms[i] in sorted order (string tie-break without strings)."""
    import numpy as np

    order = sorted(range(len(terms)), key=terms.__getitem__)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(terms), dtype=np.int64)
    return rank


def themes_from_counts(
    counts: TokenMatrix | Mapping[Hashable, Mapping[str, int]],
    top: int = 20,
    *,
    idf: Any = "auto",
    tf: str = "sublinear",
    prior_weight: float = 10.0,
    key_name: str = "doc_id",
    groups: Mapping[Hashable, Hashable] | None = None,
    min_count: int = 1,
    kinds: Iterable[str] | None = None,
    unit_names: Mapping[Hashable, Iterable[str]] | None = None,
    top_n: int | None = None,
) -> pd.DataFrame:
    """TF-IDF keywords per unit from token counts: the one scorer behind
    :func:`~policytext.extract.themes.themes` (which counts documents in memory and calls it)
    and the batch runner (which accumulates the same counts document by document).

    Parameters
    ----------
    counts
        A :class:`TokenMatrix` or a mapping document → {token: count} (tokens already filtered
        as :class:`~policytext.extract.themes.PolicyAnalyzer` does), one row per document.
    top
        Keywords per unit.
    idf, tf, prior_weight
        As for :func:`~policytext.extract.themes.themes` (the corpus IDF is the themes
        module's own, document frequencies blended with the built-in table); ``"auto"`` uses
        the corpus with at least 3 units and the built-in table otherwise (the corpus when the
        table is not installed).
    key_name
        Name of the unit column.
    groups
        document → unit (a docvar such as region or year): the rows of a unit are summed
        before weighting; documents mapped to None (or missing) are left out. None: each
        document is a unit.
    min_count
        Ignore tokens seen fewer times in a unit.
    kinds
        Which tokens to rank (see :data:`~policytext.extract.themes.THEME_KINDS`): ``place``
        (place names), ``term`` (everything else). None: both. Scores do not change with this
        choice: a unit's vector keeps every token, only the ranking skips the other kind.
    unit_names
        unit → names by which it also calls itself (its ``region`` docvar: 广东 for a unit
        keyed ``广东省2024年政府工作报告.txt``). A unit's themes leave out its own names —
        the key when it is a Chinese name, these, and each with its administrative suffixes
        (广东, 广东省, 广东省委; 广东自由贸易试验区 stays); see
        :func:`~policytext.extract.themes.own_names`.
    top_n
        Deprecated name of ``top``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<key_name>`` (object), ``term`` (object), ``score`` (float64: tf × idf over
        the L2 norm of the unit's vector), ``rank`` (int64, 1 = strongest), ``count`` (int64);
        ``top`` rows per unit ordered by unit then rank; same columns when empty.
    """
    import pandas as pd

    from .themes import resolve_top

    top = resolve_top(top, top_n)
    blocks = list(iter_themes_from_counts(counts, top, idf=idf, tf=tf, prior_weight=prior_weight,
                                          key_name=key_name, groups=groups, min_count=min_count,
                                          kinds=kinds, unit_names=unit_names))
    if len(blocks) == 1:
        return blocks[0]
    return pd.concat(blocks, ignore_index=True)


def group_token_counts(
    counts: TokenMatrix | Mapping[Hashable, Mapping[str, int]],
    groups: Mapping[Hashable, Hashable] | None = None,
    *,
    min_count: int = 1,
) -> TokenMatrix:
    """The rows of ``counts`` summed per unit (``groups``: document → unit; None: each
    document is its own unit), without the counts below ``min_count``.

    Units come in sorted order when their keys sort (a docvar such as year or region),
    otherwise in order of first appearance; documents whose unit is None or NaN, or that
    ``groups`` does not list, are left out.
    """
    matrix = counts if isinstance(counts, TokenMatrix) else TokenMatrix.from_counts(counts)
    if groups is None and min_count <= 1:
        return matrix
    indices, data, indptr = matrix.arrays()
    terms = matrix.terms
    doc_ids = list(matrix.doc_ids)
    if groups is None:
        keys: list[Hashable] = doc_ids
        order: list[Hashable] = doc_ids
    else:
        keys = [groups.get(d) for d in doc_ids]
        order = list(dict.fromkeys(k for k in keys if _is_key(k)))
        try:
            order.sort()
        except TypeError:
            pass
    sums: dict[Hashable, dict[int, int]] = {k: {} for k in order}
    for r, key in enumerate(keys):
        row = sums.get(key) if _is_key(key) else None
        if row is None:
            continue
        a, b = int(indptr[r]), int(indptr[r + 1])
        for t, c in zip(indices[a:b].tolist(), data[a:b].tolist()):
            row[t] = row.get(t, 0) + c
    out = TokenMatrix()
    for key in order:
        row = sums[key]
        out.add(key, {terms[t]: c for t, c in row.items() if c >= min_count})
    return out


def _is_key(key: Any) -> bool:
    if key is None:
        return False
    try:
        return bool(key == key)  # NaN / pd.NA from a DataFrame docvar
    except (TypeError, ValueError):
        return False


def iter_themes_from_counts(
    counts: TokenMatrix | Mapping[Hashable, Mapping[str, int]],
    top: int = 20,
    *,
    idf: Any = "auto",
    tf: str = "sublinear",
    prior_weight: float = 10.0,
    key_name: str = "doc_id",
    groups: Mapping[Hashable, Hashable] | None = None,
    min_count: int = 1,
    kinds: Iterable[str] | None = None,
    unit_names: Mapping[Hashable, Iterable[str]] | None = None,
    top_n: int | None = None,
) -> Iterator[pd.DataFrame]:
    """:func:`themes_from_counts` a block of units at a time (same parameters): the frames, in
    order, concatenate to its result; at least one frame (empty when there is nothing to
    rank). Memory then grows with the block, not with the corpus: the batch runner writes
    each block to the output file as it comes."""
    import numpy as np
    import pandas as pd

    from .themes import (
        check_theme_arguments,
        kind_mask,
        own_names,
        resolve_idf,
        resolve_top,
        tf_weight,
    )

    top = resolve_top(top, top_n)
    check_theme_arguments(top, tf, kinds)
    matrix = group_token_counts(counts, groups, min_count=min_count)
    dtypes = {key_name if c == "doc_id" else c: t for c, t in THEME_DTYPES.items()}
    columns = list(dtypes)
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    n = len(matrix)
    if n == 0 or not matrix.terms:
        yield empty
        return
    indices_all, data_all, indptr = matrix.arrays()
    try:
        table = resolve_idf(idf, n)
    except (FileNotFoundError, OSError):  # built-in IDF table not installed: use the corpus
        table = "corpus"
    if table == "corpus":
        df = np.zeros(len(matrix.terms), dtype=np.int64)
        for lo, hi in _spans(len(indices_all)):
            df += np.bincount(indices_all[lo:hi], minlength=len(matrix.terms))
            _release(indices_all, lo, hi)
        from .themes import blended_idf_array

        idf_vec = blended_idf_array(matrix.terms, df, n, prior_weight)
    else:
        idf_vec = np.fromiter(map(table.idf.get, matrix.terms, repeat(table.default)),
                              dtype=np.float64, count=len(matrix.terms))
    # tf weight of each count, by the themes module's own function (one call per distinct value)
    max_count = 0
    for lo, hi in _spans(len(data_all)):
        max_count = max(max_count, int(data_all[lo:hi].max()))
        _release(data_all, lo, hi)
    lut = (np.array([0.0] + [tf_weight(v, tf, 0) for v in range(1, max_count + 1)])
           if tf != "relative" and max_count <= 1 << 16 else None)  # a look-up table: no sort
    ranks = _term_ranks(matrix.terms)
    # tokens of the kinds not asked for keep their weight in the norm but are ranked last
    skip = None if kinds is None else ~kind_mask(matrix.terms, kinds)
    term_id = matrix.vocabulary.id_of

    def own_name_ids(key: Any) -> list[int]:
        names = set(own_names(key))
        for name in (unit_names or {}).get(key, ()):
            names.update(own_names(name))
        return [i for i in map(term_id, names) if i is not None]
    doc_ids = matrix.doc_ids
    terms = matrix.terms
    # Each block of documents is weighted and sorted on its own — by (document, -score, -count,
    # term), as themes() sorts one document — and the first top_n positions of each document
    # kept: no array as long as the whole corpus's counts is ever made.
    yielded = False
    for r0 in range(0, n, _THEMES_BLOCK):
        r1 = min(n, r0 + _THEMES_BLOCK)
        a, b = int(indptr[r0]), int(indptr[r1])
        if a == b:
            continue
        indices, data = indices_all[a:b], data_all[a:b].astype(np.int64)
        lengths = np.diff(indptr[r0:r1 + 1])
        if lut is not None:
            tf_vec = lut[data]
        elif tf == "relative":
            totals = np.repeat(_row_sums(data, lengths), lengths)
            tf_vec = np.array([tf_weight(int(c), tf, int(t)) for c, t in zip(data, totals)],
                              dtype=np.float64)
        else:
            values, inverse = np.unique(data, return_inverse=True)
            tf_vec = np.array([tf_weight(int(v), tf, 0) for v in values], dtype=np.float64)[inverse]
        weights = tf_vec * idf_vec[indices]
        starts = (indptr[r0:r1] - a).tolist()
        ends = (indptr[r0 + 1:r1 + 1] - a).tolist()
        norms = np.array([math.sqrt(float(np.dot(weights[i:j], weights[i:j]))) or 1.0
                          for i, j in zip(starts, ends)])
        row_of = np.repeat(np.arange(r0, r1), lengths)
        skipped = skip[indices] if skip is not None else None
        # a unit keyed by a place (by="region", a province's document) or whose documents name
        # their region does not list its own name among its themes (海南, 海南省; 海南自由贸易港
        # stays)
        for r in range(r0, r1):
            ids = own_name_ids(doc_ids[r])
            if ids:
                lo, hi = int(indptr[r]) - a, int(indptr[r + 1]) - a
                hit = np.isin(indices[lo:hi], ids)
                if hit.any():
                    if skipped is None:
                        skipped = np.zeros(b - a, dtype=bool)
                    skipped[lo:hi] |= hit
        if skipped is None:
            order = np.lexsort((ranks[indices], -data, -weights, row_of))
        else:
            order = np.lexsort((ranks[indices], -data, -weights, skipped, row_of))
        position = np.arange(b - a) - np.repeat(indptr[r0:r1] - a, lengths)
        in_top = position < top
        if skipped is not None:
            in_top &= ~skipped[order]
        kept = order[in_top]
        rows_kept = row_of[kept]
        names = doc_ids[r0:r1]  # each decoded once, not once per kept row
        block = pd.DataFrame({
            key_name: [names[r] for r in (rows_kept - r0).tolist()],
            "term": [terms[t] for t in indices[kept].tolist()],
            "score": weights[kept] / norms[rows_kept - r0],
            "rank": position[in_top] + 1,
            "count": data[kept],
        }, columns=columns)
        _release(indices_all, a, b)
        _release(data_all, a, b)
        yielded = True
        yield block.astype(dtypes)
    if not yielded:
        yield empty


# ---------------------------------------------------------------------------------------------
# trends (term counts per year)
# ---------------------------------------------------------------------------------------------
class TrendAccumulator:
    """Per year (or any period key): documents, characters, and per term occurrences and
    documents mentioning it — the intermediate :func:`~policytext.extract.stats.trends` also
    builds from documents."""

    def __init__(self) -> None:
        self.n_docs: dict[Any, int] = {}
        self.n_chars: dict[Any, int] = {}
        self.count: dict[tuple[Any, str], int] = {}
        self.docs: dict[tuple[Any, str], int] = {}
        self.total: dict[str, int] = {}

    def add(self, year: Any, n_chars: int, term_counts: Iterable[tuple[str, int]]) -> None:
        """One document of ``year`` (None: ignored) with its ``(term, count)`` pairs."""
        if year is None:
            return
        self.n_docs[year] = self.n_docs.get(year, 0) + 1
        self.n_chars[year] = self.n_chars.get(year, 0) + int(n_chars or 0)
        for term, c in term_counts:
            if c <= 0:
                continue
            k = (year, term)
            self.count[k] = self.count.get(k, 0) + c
            self.docs[k] = self.docs.get(k, 0) + 1
            self.total[term] = self.total.get(term, 0) + c

    def frame(self, key_name: str = "year", *, terms: Sequence[str] | None = None,
              scale: Sequence[Tier] | None = None) -> pd.DataFrame:
        """The :func:`~policytext.extract.stats.trends` table (built by
        :func:`~policytext.extract.stats.trends_from_counts`).

        ``terms`` gives the rows' terms in order (zeros included); by default every term seen,
        ordered by total count (descending) then term. Every term has a row for every year.
        ``scale``: temperature tiers (default ``stats.TEMPERATURE_SCALE``).
        """
        from .stats import TEMPERATURE_SCALE, trends_from_counts

        if terms is None:
            terms = sorted(self.total, key=lambda t: (-self.total[t], t))
        return trends_from_counts(self.n_docs, self.n_chars, self.count, self.docs, terms,
                                  key_name=key_name,
                                  scale=TEMPERATURE_SCALE if scale is None else scale)


def trends_from_terms(terms: pd.DataFrame, documents: pd.DataFrame, *, by: str = "year") -> pd.DataFrame:
    """:func:`~policytext.extract.stats.trends` from a terms table (``doc_id``, ``term``,
    ``count``) and a documents table (``doc_id``, ``by``, ``n_chars``; only ``status == "ok"``
    rows when a status column exists), for every term in ``terms``."""
    acc = TrendAccumulator()
    docs = documents
    if "status" in docs.columns:
        docs = docs[docs["status"] == "ok"]
    per_doc: dict[Any, list[tuple[str, int]]] = {}
    for doc_id, term, count in zip(terms["doc_id"], terms["term"], terms["count"]):
        per_doc.setdefault(doc_id, []).append((term, int(count)))
    for doc_id, year, n_chars in zip(docs["doc_id"], docs[by], docs["n_chars"]):
        if year is None or (isinstance(year, float) and math.isnan(year)) or year is _NA():
            continue
        acc.add(_plain(year), n_chars, per_doc.get(doc_id, ()))
    return acc.frame(by)


def _NA():
    import pandas as pd

    return pd.NA


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


# ---------------------------------------------------------------------------------------------
# keyness of each year against the other years
# ---------------------------------------------------------------------------------------------
def keyness_by_year_from_counts(
    counts: TokenMatrix | Mapping[Hashable, Mapping[str, int]],
    years: Mapping[Hashable, Any] | Sequence[Any],
    *,
    top_n: int = 50,
    min_count: int = 3,
    lexicon: Any = None,
    sort: str = "log_ratio",
) -> pd.DataFrame:
    """Keywords of each year against all other years, from token counts:
    :func:`~policytext.extract.keyness.keyness_from_counts` with target = the year's documents
    and reference = the documents of every other year.

    Parameters
    ----------
    counts
        A :class:`TokenMatrix` (one row per document) or a mapping doc_id → {token: count}.
    years
        doc_id → year, or the year of each row of ``counts`` in row order (an array or a
        list; NaN or None for unknown). Documents without a year are left out.
    top_n
        Keywords kept per year: the first ``top_n`` tokens over-used in that year
        (``direction == "target"``) in the order of ``sort``.
    min_count, lexicon
        As for :func:`~policytext.extract.keyness.keyness_from_counts`.
    sort
        Ranking, as for :func:`~policytext.extract.keyness.keyness` (default ``"log_ratio"``:
        tokens significant at p < 0.01 by G² first, ranked by log ratio; ``"g2"``: by G²).
        The significance level is not corrected for the number of tokens, so the order equals
        that of :func:`~policytext.extract.keyness.keyness` on the same documents although
        only each year's candidate tokens are passed.

    Returns
    -------
    pandas.DataFrame
        Ordered by year, then as ``sort`` says; ties (same counts) by ``target_docs``
        descending, then by term. Empty (same columns and dtypes) with fewer than two years.
        Columns:

        =============== ======= ===========================================================
        year            int64   the year whose documents are the target
        term            object  token (canonical form of lexicon terms)
        count_target    int64   occurrences in the year's documents
        count_reference int64   occurrences in the documents of every other year
        g2              float64 log-likelihood G² (always >= 0)
        chi2            float64 Pearson χ² of the same 2×2 table
        log_ratio       float64 Hardie's log ratio (log2 of the ratio of relative
                                frequencies, 0.5 added to both counts)
        p_value         float64 P(χ²₁ >= G²)
        direction       object  always ``"target"`` (only tokens over-used in the year)
        category        object  lexicon category of the token, None if not a lexicon term
        target_docs     Int64   number of the year's documents the token occurs in
        =============== ======= ===========================================================
    """
    import numpy as np
    import pandas as pd

    from .keyness import KEYNESS_COLUMNS, keyness_from_counts

    matrix = counts if isinstance(counts, TokenMatrix) else TokenMatrix.from_counts(counts)
    if isinstance(years, Mapping):
        row_years = [_year_or_none(years.get(d)) for d in matrix.doc_ids]
        year_arr = np.array([-1 if y is None else y for y in row_years], dtype=np.int64)
    else:  # aligned with the rows: no look-up by document id, no object per document
        given = np.asarray(years, dtype=np.float64)
        if given.shape != (len(matrix),):
            raise ValueError(f"years has {given.size} values for the {len(matrix)} rows of counts")
        year_arr = np.where(np.isnan(given), -1, given).astype(np.int64)
    distinct = np.unique(year_arr[year_arr >= 0]).tolist()
    frames = []
    if len(distinct) >= 2 and matrix.terms:
        indices_all, data_all, indptr = matrix.arrays()
        n_terms = len(matrix.terms)

        def column_sums(rows):
            """Per token: the summed counts and the number of documents with it, over the
            given rows, in blocks of about _KEYNESS_BLOCK counts that also lie within about
            _KEYNESS_BLOCK counts of the matrix (memory bounded by the block: of a spilled
            matrix, the pages read for a block are released after it, and rows scattered over
            the whole file would map it all before the release)."""
            counts_sum = np.zeros(n_terms, dtype=np.int64)
            docs_sum = np.zeros(n_terms, dtype=np.int64)
            row_lengths = indptr[rows + 1] - indptr[rows]
            before = np.cumsum(row_lengths) - row_lengths  # counts in the rows before each row
            cuts = np.flatnonzero(np.diff(before // _KEYNESS_BLOCK)
                                  | np.diff(indptr[rows] // _KEYNESS_BLOCK)) + 1
            for block in np.split(rows, cuts):
                starts = indptr[block]
                lengths = indptr[block + 1] - starts
                pos = (np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
                       + np.arange(lengths.sum()))
                ids, counts = indices_all[pos], data_all[pos]
                if len(pos):
                    _release(indices_all, int(pos[0]), int(pos[-1]) + 1)  # pos ascends
                    _release(data_all, int(pos[0]), int(pos[-1]) + 1)
                # exact: float64 holds integers up to 2**53
                counts_sum += np.bincount(ids, weights=counts, minlength=n_terms).astype(np.int64)
                docs_sum += np.bincount(ids[counts > 0], minlength=n_terms)
            return counts_sum, docs_sum

        total, _ = column_sums(np.nonzero(year_arr >= 0)[0])  # documents that have a year
        n_all = int(total.sum())
        for year in distinct:
            ct, dt = column_sums(np.nonzero(year_arr == year)[0])
            cr = total - ct
            n1 = int(ct.sum())
            n2 = n_all - n1
            if not n1 or not n2:
                continue
            # Only tokens over-used in the year can be among its keywords; the rest of each
            # side's mass goes to one pseudo-token so n1 and n2 (and every statistic) are exact.
            cand = np.nonzero((ct > 0) & (ct + cr >= min_count) & (ct * n2 > cr * n1))[0]
            tc = {matrix.terms[i]: int(ct[i]) for i in cand}
            rc = {matrix.terms[i]: int(cr[i]) for i in cand if cr[i]}
            tc[_REST] = n1 - sum(tc.values())
            rc[_REST] = n2 - sum(rc.values())
            docs = {matrix.terms[i]: int(dt[i]) for i in cand}
            kn = keyness_from_counts(tc, rc, min_count=min_count, lexicon=lexicon, sort=sort,
                                     target_docs=docs)
            kn = kn[(kn["term"] != _REST) & (kn["direction"] == "target")].head(top_n)
            frames.append(kn.assign(year=year))
    columns = ["year", *KEYNESS_COLUMNS]
    if frames:
        df = pd.concat(frames, ignore_index=True)[columns]
    else:
        df = keyness_from_counts({}, {}, lexicon=lexicon, sort=sort,
                                 target_docs={}).assign(year=pd.Series(dtype="int64"))[columns]
    return df.astype({"year": "int64"}).reset_index(drop=True)


_REST = "\x00rest"
#: token counts per step when keyness_by_year_from_counts sums them over documents
_KEYNESS_BLOCK = 1 << 18


def _year_or_none(y: Any) -> int | None:
    if y is None or y is _NA() or (isinstance(y, float) and math.isnan(y)):
        return None
    return int(y)


# ---------------------------------------------------------------------------------------------
# first appearance of formulations
# ---------------------------------------------------------------------------------------------
class FirstSeenAccumulator:
    """:func:`~policytext.extract.slogans.first_seen` fed one document at a time, in corpus order.

    Keeps per term only what ``first_seen`` reports — first and last occurrence (year, corpus
    position, document, category), the years and documents it occurs in, its count and the
    category of its latest occurrence — for the occurrences it counts (``formulation`` rows from
    the ``lexicon`` or ``numeric`` source in dated documents). :meth:`frame` then credits each
    term with the occurrences of the longer terms that contain it as a word (``nested=True``,
    via ``slogans.contains_as_word``) from those per-term aggregates: linear in the rows and
    in the terms (each term's substrings are looked up). It is the implementation behind
    ``first_seen`` too, which feeds it the rows of each document.
    """

    def __init__(self) -> None:
        self._n = 0  # rows seen so far: the corpus order of the next row
        self._n_docs = 0  # documents seen so far: the number of the next one
        # term -> [first (year, n), first doc, first category, last (year, n), last doc,
        #          years, docs, count, category of the latest row in corpus order]; docs are
        #          the documents' numbers, ascending (int32: 4 bytes a term in a document,
        #          where a set of ids took ~30, and a corpus has many such pairs)
        self._terms: dict[str, list[Any]] = {}

    def add(self, doc_id: str, year: Any, rows: Iterable[Mapping[str, Any]]) -> None:
        """One document's slogan rows (mappings with ``term``, ``category``, ``kind``,
        ``label``), in text order."""
        self.add_document(doc_id, year, first_seen_summary(first_seen_rows(rows)))

    def add_document(self, doc_id: str, year: Any, summary: tuple[int, list[tuple]]) -> None:
        """One document, summed up per term by :func:`first_seen_summary` (a batch worker
        does it): the collecting process makes a few hundred updates per document instead of
        one per occurrence. Documents must come in corpus order."""
        n_rows, items = summary
        year = _year_or_none(year)
        if year is None:
            return
        terms = self._terms
        n0 = self._n
        doc = self._n_docs
        for term, count, i_first, i_last, cat_first, cat_last in items:
            first, last = (year, n0 + i_first), (year, n0 + i_last)
            a = terms.get(term)
            if a is None:
                terms[term] = [first, doc_id, cat_first, last, doc_id, {year}, array("i", [doc]),
                               count, cat_last]
                continue
            if first < a[0]:
                a[0], a[1], a[2] = first, doc_id, cat_first
            if last > a[3]:
                a[3], a[4] = last, doc_id
            a[5].add(year)
            a[6].append(doc)  # a summary lists each term once
            a[7] += count
            a[8] = cat_last
        self._n = n0 + n_rows
        self._n_docs = doc + 1

    def frame(self, *, nested: bool = True) -> pd.DataFrame:
        import numpy as np

        from ._frames import typed_frame
        from .slogans import FIRST_SEEN_COLUMNS, contains_as_word

        terms = self._terms
        if not terms:
            return typed_frame([], FIRST_SEEN_COLUMNS)
        credits: dict[str, list[str]] = {}
        if nested:
            for longer in terms:
                n = len(longer)
                seen: set[str] = set()
                for i in range(n):
                    for j in range(i + 1, n + 1 if i else n):
                        short = longer[i:j]
                        if short in terms and short not in seen:
                            seen.add(short)
                            if contains_as_word(longer, short):
                                credits.setdefault(short, []).append(longer)
        rows = []
        for term, a in terms.items():
            first, first_doc, cat, last, last_doc, years, docs, count, latest_cat = a
            n_docs = len(docs)
            longer = credits.get(term)
            if longer:
                years = set(years)
                for t in longer:
                    b = terms[t]
                    if b[0] < first:  # a credited row carries the term's latest category
                        first, first_doc, cat = b[0], b[1], latest_cat
                    if b[3] > last:
                        last, last_doc = b[3], b[4]
                    years |= b[5]
                    count += b[7]
                n_docs = len(np.unique(np.concatenate(
                    [np.frombuffer(d, dtype=np.int32) for d in (docs, *(terms[t][6] for t in longer))])))
            rows.append((term, cat, first[0], last[0], len(years), n_docs, count, first_doc,
                         last_doc))
        rows.sort(key=lambda r: (r[2], r[0]))
        return typed_frame(rows, FIRST_SEEN_COLUMNS)


def first_seen_rows(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """``(term, category, kind)`` of the slogan rows :func:`~policytext.extract.slogans.first_seen`
    counts: label ``formulation`` from the ``lexicon`` or ``numeric`` source."""
    return [(r["term"], r["category"], r["kind"]) for r in rows
            if r["label"] == "formulation" and r["kind"] in ("lexicon", "numeric")]


def first_seen_summary(triples: Sequence[Sequence[str]]) -> tuple[int, list[tuple]]:
    """One document's ``(term, category, kind)`` triples (:func:`first_seen_rows`, in text
    order) summed up per term for :meth:`FirstSeenAccumulator.add_document`: the number of rows
    and, per term in order of first occurrence, ``(term, count, first row, last row, category
    of the first row, category of the last row)`` (categories as the accumulator stores them:
    ``""`` for none)."""
    by_term: dict[str, list[Any]] = {}
    for i, (term, category, _kind) in enumerate(triples):
        cat = category or ""
        a = by_term.get(term)
        if a is None:
            by_term[term] = [term, 1, i, i, cat, cat]
        else:
            a[1] += 1
            a[3] = i
            a[5] = cat
    return len(triples), [tuple(a) for a in by_term.values()]


def first_seen_from_slogans(slogans: pd.DataFrame, documents: pd.DataFrame, *,
                            year_col: str = "year") -> pd.DataFrame:
    """:func:`~policytext.extract.slogans.first_seen` of a slogans table, computed by
    :class:`FirstSeenAccumulator` (documents in the order of ``documents``)."""
    acc = FirstSeenAccumulator()
    years = dict(zip(documents["doc_id"], documents[year_col]))
    groups = {k: g for k, g in slogans.groupby("doc_id", sort=False)} if len(slogans) else {}
    for doc_id in documents["doc_id"]:
        g = groups.get(doc_id)
        if g is not None:
            acc.add(doc_id, years.get(doc_id), g.to_dict("records"))
    return acc.frame()
