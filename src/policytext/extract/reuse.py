"""Who copied whom: the passages of target documents copied from source documents.

A provincial 实施意见 implementing a central 意见 copies most of it with light edits (国家→省,
全国→全省, 国务院→省政府, a clause dropped, a local phrase inserted) and adds local text.
:func:`reuse` finds, for every target, the copied passages, the source each comes from, the
share of the target copied (per source and per outline section) and the local additions.

How (the engine of :mod:`~policytext.extract.align`, used twice):

1. **Which sources.** Every document becomes its set of character 4-grams; one sparse
   product of targets × sources gives, for each target, the share of its 4-grams (weighted
   by rarity among the sources, so boilerplate such as 以习近平新时代中国特色社会主义思想为指导
   weighs little) found in each source. The best ``top_sources`` sources above
   ``min_source_share`` are aligned; no pair of sentences of other sources is compared.
   This is exact containment, not a MinHash estimate of Jaccard similarity: a target that
   copies a tenth of a long source shares few shingles with it *relative to the source*,
   which Jaccard (and LSH tuned on it) would miss.
2. **Which passages.** Target and source are cut into clauses (split on ，；：。), aligned
   with :func:`~policytext.extract.align.match` (in-order copies and reordered ones), each
   target clause keeps its best source, isolated short matches (a generic 坚持问题导向) are
   dropped, and runs of clauses copied from one source become passages.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_documents
from ..segment import Span, clauses
from ._frames import format_rows, typed_frame
from .align import Grams, encode_grams, match, ngram_matrices, unit_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "LOCAL_COLUMNS",
    "REUSE_COLUMNS",
    "SECTION_COLUMNS",
    "SOURCE_COLUMNS",
    "SUMMARY_COLUMNS",
    "Reuse",
    "format_reuse",
    "reuse",
]

#: Columns of :attr:`Reuse.table` (one row per copied passage).
REUSE_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "source_doc_id": "object",
    "start": "int64",
    "end": "int64",
    "source_start": "int64",
    "source_end": "int64",
    "text": "object",
    "source_text": "object",
    "similarity": "float64",
}
#: Columns of :attr:`Reuse.summary` (one row per target).
SUMMARY_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "n_chars": "int64",
    "copied_chars": "int64",
    "share_copied": "float64",
    "best_source": "object",
    "best_source_share": "float64",
    "n_sources": "int64",
    "n_passages": "int64",
}
#: Columns of :attr:`Reuse.by_source` (one row per target and source it copies from).
SOURCE_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "source_doc_id": "object",
    "copied_chars": "int64",
    "share": "float64",
    "n_passages": "int64",
}
#: Columns of :attr:`Reuse.by_section` (one row per target section and source).
SECTION_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "section": "object",
    "start": "int64",
    "end": "int64",
    "n_chars": "int64",
    "source_doc_id": "object",
    "copied_chars": "int64",
    "share": "float64",
}
#: Columns of :attr:`Reuse.local` (one row per run of text found in no source).
LOCAL_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "start": "int64",
    "end": "int64",
    "text": "object",
}

_SHINGLE = 4
#: A clause this long (key characters) may count as copied on its own; shorter ones need a
#: copied neighbour from the same source.
MIN_ALONE = 10
#: Similarity a clause needs to count as copied on its own.
ALONE_MIN = 0.8
#: A clause goes to a better-ranked source unless another is this much more similar.
SOURCE_MARGIN = 0.1
_NEIGHBOUR = 2  # clauses either side searched for a supporting neighbour
_SOURCE_GAP = 4  # ... whose source clause lies at most this many clauses away


@dataclass(frozen=True)
class _Doc:
    doc: Document
    units: list[Span]
    keys: list[str]
    grams: Grams  # the clauses' bigrams, encoded once for every pairing


def _units(doc: Document, vocab: dict[str, int]) -> _Doc:
    from .outline import iter_outline

    marker_at = {n.start: len(n.marker) for n in iter_outline(doc.text)}
    units = clauses(doc.text)
    keys = [unit_key(u.text, marker_at.get(u.start, 0)) for u in units]
    return _Doc(doc, units, keys, encode_grams(keys, vocab))


def _documents(obj: Any, role: str) -> list[Document]:
    if isinstance(obj, (os.PathLike, str, Document)):
        obj = [obj]
    docs = []
    used: set[str] = set()
    for k, item in enumerate(obj):
        if isinstance(item, os.PathLike):
            from ..io import read

            d = read(item)
        elif isinstance(item, str):
            (d,) = as_documents(item)
            d = Document(d.text, doc_id=f"{role}{k + 1}")
        elif isinstance(item, Document):
            d = item
        else:
            docs.extend(as_documents(item))
            continue
        docs.append(d)
    for d in docs:
        if d.doc_id in used:
            raise ValueError(f"two {role} documents share the doc_id {d.doc_id!r}: give them "
                             "distinct ids (Document(text, doc_id=...)) so passages can name them")
        used.add(d.doc_id)
    return docs


def _source_scores(targets: list[_Doc], sources: list[_Doc]) -> Any:
    """targets × sources matrix: share of each target's 4-grams (rarity-weighted) in a source."""
    import numpy as np

    t_keys = ["".join(d.keys) for d in targets]
    s_keys = ["".join(d.keys) for d in sources]
    mt, ms = ngram_matrices(t_keys, s_keys, n=_SHINGLE)
    df = np.asarray(ms.sum(axis=0)).ravel()
    idf = np.log((len(sources) + 1) / (df + 1)) + 1.0
    weighted = mt.multiply(idf[np.newaxis, :]).tocsr()
    shared = (weighted @ ms.T).toarray()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    return shared / np.maximum(total, 1e-9)[:, np.newaxis]


def reuse(
    targets: Any,
    sources: Any,
    *,
    top_sources: int = 5,
    min_source_share: float = 0.05,
    min_similarity: float = 0.7,
) -> Reuse:
    """The passages of each target copied from the sources.

    Parameters
    ----------
    targets, sources
        Each a string, :class:`~policytext.corpus.Document`, path (``pathlib.Path``),
        :class:`~policytext.corpus.Corpus` or an iterable of these. Strings get the ids
        ``target1``… / ``source1``…; doc_ids must be unique on each side.
    top_sources
        How many candidate sources per target are aligned clause by clause.
    min_source_share
        Least share of a target's (rarity-weighted) 4-grams a source must hold to be aligned.
    min_similarity
        Least Indel similarity of a copied clause to its source clause.

    Returns
    -------
    Reuse
        ``.table``: one row per copied passage, ordered by target then ``start``:

        ============== ======= ====================================================
        doc_id         object  the target document
        source_doc_id  object  the source it was copied from
        start, end     int64   span in the target (``text[start:end]``)
        source_start   int64   span in the source
        source_end     int64
        text           object  the target's passage
        source_text    object  the source's passage
        similarity     float64 Indel similarity of the two, clause by clause,
                               weighted by length (1.0: copied verbatim)
        ============== ======= ====================================================

        and ``.summary``, ``.by_source``, ``.by_section``, ``.local`` (see :class:`Reuse`).
    """
    if top_sources < 1:
        raise ValueError(f"top_sources must be at least 1, not {top_sources}")
    vocab: dict[str, int] = {}
    t_docs = [_units(d, vocab) for d in _documents(targets, "target")]
    s_docs = [_units(d, vocab) for d in _documents(sources, "source")]
    rows: list[tuple] = []
    copied: dict[str, list[tuple[int, int, str]]] = {}
    if t_docs and s_docs:
        scores = _source_scores(t_docs, s_docs)
    for ti, t in enumerate(t_docs):
        if not s_docs:
            copied[t.doc.doc_id] = []
            continue
        order = sorted(range(len(s_docs)), key=lambda s: -scores[ti, s])
        cands = [s for s in order[:top_sources] if scores[ti, s] >= min_source_share]
        best = _best_links(t, [(s_docs[s], rank) for rank, s in enumerate(cands)], min_similarity)
        passages = _passages(t, best)
        rows += passages
        copied[t.doc.doc_id] = _copied_units(t, best)
    table = typed_frame(rows, REUSE_COLUMNS)
    return Reuse(t_docs, table, copied)


def _best_links(t: _Doc, cands: list[tuple[_Doc, int]], min_similarity: float
                ) -> dict[int, tuple[_Doc, int, float]]:
    """For each target clause, its source clause: (source, clause index, similarity)."""
    found: dict[int, list[tuple[float, int, _Doc, int]]] = {}
    for src, rank in cands:
        for lk in match(t.keys, src.keys, changed_min=min_similarity, moved_min=min_similarity,
                        gap_min=None, grams=(t.grams, src.grams)):
            found.setdefault(lk.a, []).append((lk.similarity, rank, src, lk.b))
    # a clause found in several sources goes to the one holding more of the target (lower
    # rank) unless another is clearly closer: 要深化“放管服”改革 is copied from the source of
    # the passage around it, not from the report that happens to say 深化“放管服”改革
    best: dict[int, tuple[float, int, _Doc, int]] = {}
    for i, options in found.items():
        top = max(o[0] for o in options)
        best[i] = min((o for o in options if o[0] >= top - SOURCE_MARGIN),
                      key=lambda o: (o[1], -o[0]))
    accepted: dict[int, tuple[_Doc, int, float]] = {}
    for i, (sim, _, src, j) in best.items():
        if len(t.keys[i]) >= MIN_ALONE and sim >= ALONE_MIN:
            accepted[i] = (src, j, sim)
            continue
        for d in range(-_NEIGHBOUR, _NEIGHBOUR + 1):
            other = best.get(i + d)
            if d and other is not None and other[2] is src and abs(other[3] - j) <= _SOURCE_GAP \
                    and len(t.keys[i + d]) >= 4:
                accepted[i] = (src, j, sim)
                break
    return accepted


def _passages(t: _Doc, best: dict[int, tuple[_Doc, int, float]]) -> list[tuple]:
    rows: list[tuple] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        src = best[run[0]][0]
        s_units = [src.units[best[i][1]] for i in run]
        weights = [len(t.keys[i]) or 1 for i in run]
        sim = sum(best[i][2] * w for i, w in zip(run, weights)) / sum(weights)
        start, end = t.units[run[0]].start, t.units[run[-1]].end
        s_start, s_end = min(u.start for u in s_units), max(u.end for u in s_units)
        rows.append((t.doc.doc_id, src.doc.doc_id, start, end, s_start, s_end,
                     t.doc.text[start:end], src.doc.text[s_start:s_end], round(sim, 4)))
        run.clear()

    for i in sorted(best):
        if run:
            prev = run[-1]
            same = best[prev][0] is best[i][0]
            step = best[i][1] - best[prev][1]
            if not (i == prev + 1 and same and 0 < step <= _SOURCE_GAP):
                flush()
        run.append(i)
    flush()
    return rows


def _copied_units(t: _Doc, best: dict[int, tuple[_Doc, int, float]]) -> list[tuple[int, int, str]]:
    return [(t.units[i].start, t.units[i].end, best[i][0].doc.doc_id) for i in sorted(best)]


class Reuse:
    """The result of :func:`reuse`.

    Attributes
    ----------
    table : pandas.DataFrame
        The copied passages (columns in :func:`reuse`).
    """

    def __init__(self, targets: list[_Doc], table: pd.DataFrame,
                 copied: dict[str, list[tuple[int, int, str]]]) -> None:
        self._targets = targets
        self.table = table
        self._copied = copied

    @property
    def targets(self) -> list[Document]:
        return [t.doc for t in self._targets]

    def _n_chars(self, t: _Doc, lo: int = 0, hi: int | None = None) -> int:
        hi = len(t.doc.text) if hi is None else hi
        return sum(min(u.end, hi) - max(u.start, lo) for u in t.units if u.end > lo and u.start < hi)

    @property
    def summary(self) -> pd.DataFrame:
        """One row per target (columns: doc_id, n_chars, copied_chars, share_copied,
        best_source, best_source_share, n_sources, n_passages). Characters are those of the
        target's clauses (whitespace between them not counted)."""
        by_source = self.by_source
        rows = []
        for t in self._targets:
            did = t.doc.doc_id
            n = self._n_chars(t)
            mine = by_source[by_source["doc_id"] == did]
            copied = int(mine["copied_chars"].sum())
            top = mine.sort_values("copied_chars", ascending=False, kind="stable").head(1)
            rows.append((did, n, copied, copied / n if n else 0.0,
                         top["source_doc_id"].iloc[0] if len(top) else None,
                         float(top["share"].iloc[0]) if len(top) else 0.0,
                         len(mine), int((self.table["doc_id"] == did).sum())))
        return typed_frame(rows, SUMMARY_COLUMNS)

    @property
    def by_source(self) -> pd.DataFrame:
        """One row per target and source (columns: doc_id, source_doc_id, copied_chars, share,
        n_passages), most copied first."""
        rows = []
        for t in self._targets:
            did = t.doc.doc_id
            n = self._n_chars(t)
            chars: dict[str, int] = {}
            for s, e, src in self._copied[did]:
                chars[src] = chars.get(src, 0) + e - s
            passages = self.table[self.table["doc_id"] == did]["source_doc_id"].value_counts()
            for src, c in sorted(chars.items(), key=lambda kv: -kv[1]):
                rows.append((did, src, c, c / n if n else 0.0, int(passages.get(src, 0))))
        return typed_frame(rows, SOURCE_COLUMNS)

    @property
    def by_section(self) -> pd.DataFrame:
        """The copied share of each top-level outline section of each target, per source
        (columns: doc_id, section, start, end, n_chars, source_doc_id, copied_chars, share).
        Text before the first heading is the section ``(开头)``; a section with nothing copied
        has one row with source_doc_id None. A target without headings is one section
        ``(全文)``."""
        from .outline import iter_outline

        rows = []
        for t in self._targets:
            did, text = t.doc.doc_id, t.doc.text
            heads = [h for h in iter_outline(text) if h.kind == "heading"]
            top = min((h.depth for h in heads), default=1)
            heads = [h for h in heads if h.depth == top]
            spans = [(f"{h.marker}{h.title}", h.start, h.end) for h in heads]
            if not spans:
                spans = [("(全文)", 0, len(text))]
            elif spans[0][1] > 0 and self._n_chars(t, 0, spans[0][1]):
                spans.insert(0, ("(开头)", 0, spans[0][1]))
            copied = self._copied[did]
            starts = [c[0] for c in copied]
            for title, lo, hi in spans:
                n = self._n_chars(t, lo, hi)
                chars: dict[str, int] = {}
                for s, e, src in copied[max(bisect_right(starts, lo) - 1, 0):]:
                    if s >= hi:
                        break
                    overlap = min(e, hi) - max(s, lo)
                    if overlap > 0:
                        chars[src] = chars.get(src, 0) + overlap
                if not chars:
                    rows.append((did, title, lo, hi, n, None, 0, 0.0))
                for src, c in sorted(chars.items(), key=lambda kv: -kv[1]):
                    rows.append((did, title, lo, hi, n, src, c, c / n if n else 0.0))
        return typed_frame(rows, SECTION_COLUMNS)

    @property
    def local(self) -> pd.DataFrame:
        """Local additions: runs of consecutive clauses of one paragraph copied from no source
        (columns: doc_id, start, end, text)."""
        rows = []
        for t in self._targets:
            did, text = t.doc.doc_id, t.doc.text
            done = {(s, e) for s, e, _ in self._copied[did]}
            run: list[Span] = []
            for u in [*t.units, None]:
                local = u is not None and (u.start, u.end) not in done
                if run and (not local or "\n" in text[run[-1].end:u.start]):
                    rows.append((did, run[0].start, run[-1].end, text[run[0].start:run[-1].end]))
                    run = []
                if local:
                    run.append(u)
        return typed_frame(rows, LOCAL_COLUMNS)

    def _repr_html_(self) -> str:
        return ("<div><p><b>Reuse</b>: copied passages per target and their best source</p>"
                f"{self.summary.to_html(index=False, na_rep='', escape=True)}</div>")

    def __repr__(self) -> str:
        return f"Reuse({len(self._targets)} targets, {len(self.table)} copied passages)"


def format_reuse(result: Reuse, fmt: str = "jsonl") -> str:
    """Passages as ``jsonl`` or ``csv``; ``summary`` gives the per-target summary as CSV (CSV
    cells are neutralised against formula injection, as in every ``--format csv`` output)."""
    if fmt == "summary":
        return format_rows(result.summary, "csv", lead=())
    return format_rows(result.table, fmt, lead=())
