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
3. **What is not copying.** Three rules keep formulas and coincidences out of the table:

   - *A changed number is no copy.* A target clause is not linked to a source clause when
     each holds a number the other lacks: ``2019年5月17日，`` against ``2018年5月17日，``, two
     document numbers, ``达到80%`` against ``达到90%``. The words around a date or a figure
     are a formula; the figure is what the clause says. Numbers are runs of Arabic digits or
     of Chinese numerals written digit by digit (二〇二〇 is 2020); a leading list marker
     (``5.``, ``（3）``) is left out, so renumbering is no change, and a number only added or
     left out on one side is left to the clause similarity. The check is per clause, so a
     copied sentence keeps its other clauses.
   - *Enough text.* A passage is reported only when it and its source have at least
     :data:`MIN_SHARED_CJK` Chinese characters in common, in order (digits, letters and
     punctuation not counted), so ``当前，``, ``下一步，``, ``联系电话：`` or a stock phrase
     such as 发挥标准的规范引领作用 alone are not copying. Passages that follow one another in
     both texts, a few clauses apart (local text put between them, source text left out), are
     counted together: a table copied row by row is many short passages.
   - *Not from itself.* A source that is the target itself is skipped (see :func:`reuse`), so
     ``reuse(corpus, corpus)`` asks, for every document, which *other* documents it copies.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_documents
from ..numerals import ascii_digit_string
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
#: A passage is reported only when it and its source have this many Chinese characters in
#: common, in order (digits, Latin letters and punctuation not counted). On the leave-one-out
#: run over the 36 policy documents of the shared corpus (docs/reuse_judged.md) the trivial
#: passages shared at most 11 such characters (a date: 3, 当前/下一步/联系电话: 2–4, the
#: signature 工业和信息化部(办公厅): 7, two headings 总体要求 + 指导思想: 8, the stock phrases
#: 建立智能制造标准体系 and 发挥标准的规范引领作用: 10 and 11) and every copied one at least
#: 18: 12 is the least that keeps these formulas out.
MIN_SHARED_CJK = 12
#: Passages from one source are counted together for :data:`MIN_SHARED_CJK` when the next
#: starts at most this many clauses after the previous one, in the target and in the source:
#: room for a local sentence or two put in, or a few source clauses left out; less than the
#: distance from a press release's opening line to its closing 下一步，.
_BLOCK_GAP = 8
_NEIGHBOUR = 2  # clauses either side searched for a supporting neighbour
_SOURCE_GAP = 4  # ... whose source clause lies at most this many clauses away


# a number: Arabic digits (ASCII or full width), or Chinese numerals written digit by digit
# (二〇二〇, 二零一零, and the mixed 二0二0 of some texts): a run of numerals holding an
# Arabic digit or 〇, or a 零 among other numerals. So 2020年 and 二〇二〇年 agree, while
# 十四五, 一体化 or 零售 hold no number.
_NUMERALS = re.compile(r"[0-9０-９〇零一二三四五六七八九]+")
_ARABIC_OR_LING = re.compile(r"[0-9０-９〇]")
# a list marker the outline did not take as one (its line was not read as a list): 3. （3）
_LEADING_MARKER = re.compile(r"^[（(]?[0-9０-９]{1,3}[)）.．、](?![0-9０-９])")
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class _Doc:
    doc: Document
    origin: object  # what the caller passed (a str, a path, a Document), to spot the target
    units: list[Span]
    keys: list[str]
    grams: Grams  # the clauses' bigrams, encoded once for every pairing
    numbers: list[tuple[str, ...]]  # each clause's numbers (see _numbers), compared when linking


def _numbers(key: str) -> tuple[str, ...]:
    """The numbers of a clause key, in order, as strings of ASCII digits (so ``2020年``,
    ``二〇二〇年`` and ``２０２０年`` give the same); a leading list marker (``3.``, ``（3）``) is
    left out, so renumbering is no difference.

    >>> _numbers("（3）到二〇二五年，建成50个示范区")
    ('2025', '50')
    """
    key = _LEADING_MARKER.sub("", key)
    runs = (m.group() for m in _NUMERALS.finditer(key))
    return tuple(ascii_digit_string(r) for r in runs
                 if _ARABIC_OR_LING.search(r) or (len(r) > 1 and "零" in r))


def _number_changed(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether each of two clauses holds a number the other lacks: a figure was changed
    (2019年5月17日 → 2018年5月17日), not only added or left out (从二〇三五年到本世纪中叶，
    把我国建成… against 把我国建成…), which the similarity of the clauses already weighs.

    >>> _number_changed(("2019", "5", "17"), ("2018", "5", "17"))
    True
    >>> _number_changed(("2035",), ())
    False
    >>> _number_changed(("1", "000"), ("1000",)), _number_changed(("05",), ("5",))
    (False, False)
    """
    # the same digits grouped otherwise (1,000 and 1000) are the same figure
    if a == b or not a or not b or "".join(a) == "".join(b):
        return False
    ca = Counter(n.lstrip("0") or "0" for n in a)  # 05月 is 5月
    cb = Counter(n.lstrip("0") or "0" for n in b)
    return bool(ca - cb) and bool(cb - ca)


def _units(doc: Document, origin: object, vocab: dict[str, int]) -> _Doc:
    from .outline import iter_outline

    marker_at = {n.start: len(n.marker) for n in iter_outline(doc.text)}
    units = clauses(doc.text)
    keys = [unit_key(u.text, marker_at.get(u.start, 0)) for u in units]
    return _Doc(doc, origin, units, keys, encode_grams(keys, vocab), [_numbers(k) for k in keys])


def _documents(obj: Any, role: str) -> list[tuple[Document, object]]:
    """(document, the object it was made from) for every input on one side."""
    if isinstance(obj, (os.PathLike, str, Document)):
        obj = [obj]
    docs: list[tuple[Document, object]] = []
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
            docs.extend((d, d) for d in as_documents(item))
            continue
        docs.append((d, item))
    for d, _ in docs:
        if d.doc_id in used:
            raise ValueError(f"two {role} documents share the doc_id {d.doc_id!r}: give them "
                             "distinct ids (Document(text, doc_id=...)) so passages can name them")
        used.add(d.doc_id)
    return docs


def _is_self(t: _Doc, s: _Doc) -> bool:
    """Whether source ``s`` is target ``t`` itself (see :func:`reuse`)."""
    a, b = t.doc, s.doc
    if t.origin is s.origin or a is b:
        return True
    if a.doc_id == b.doc_id:
        if a.text != b.text:
            # the passages would name one id for two texts: neither skipping the source
            # (it may be the version the target was made from) nor keeping it is safe
            raise ValueError(f"a target and a source share the doc_id {a.doc_id!r} but not their "
                             "text: give them distinct ids (Document(text, doc_id=...))")
        return True
    # one file named two ways (dir/a.txt, ./dir/a.txt) is one file
    return a.path is not None and b.path is not None and a.text == b.text \
        and os.path.abspath(a.path) == os.path.abspath(b.path)


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
        ``target1``… / ``source1``…; doc_ids must be unique on each side. A source that is
        the target itself is skipped: the same object, the same doc_id (and text), or the
        same text read from the same ``path``. So ``reuse(corpus, corpus)`` compares every
        document with all the others (leave-one-out). A target and a source that share a
        doc_id but not their text raise :class:`ValueError`, since the passages could not tell
        them apart.
    top_sources
        How many candidate sources per target are aligned clause by clause.
    min_source_share
        Least share of a target's (rarity-weighted) 4-grams a source must hold to be aligned.
    min_similarity
        Least Indel similarity of a copied clause to its source clause. A clause is never
        linked to a source clause with a number changed (a date, a figure, a document
        number), and a passage needs :data:`MIN_SHARED_CJK` Chinese characters in common
        with its source (see the module docstring).

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
    t_docs = [_units(d, o, vocab) for d, o in _documents(targets, "target")]
    s_docs = [_units(d, o, vocab) for d, o in _documents(sources, "source")]
    # the target itself is no candidate (rather than a candidate dropped later, which would
    # take one of the top_sources places); found before any work, as it may raise
    others = [[k for k, s in enumerate(s_docs) if not _is_self(t, s)] for t in t_docs]
    rows: list[tuple] = []
    copied: dict[str, list[tuple[int, int, str]]] = {}
    if t_docs and s_docs:
        scores = _source_scores(t_docs, s_docs)
    for ti, t in enumerate(t_docs):
        order = sorted(others[ti], key=lambda s: -scores[ti, s])
        cands = [s for s in order[:top_sources] if scores[ti, s] >= min_source_share]
        best = _best_links(t, [(s_docs[s], rank) for rank, s in enumerate(cands)], min_similarity)
        runs = _enough_text(t, best, _runs(best))
        rows += [_passage(t, best, r) for r in runs]
        copied[t.doc.doc_id] = [(t.units[i].start, t.units[i].end, best[i][0].doc.doc_id)
                                for r in runs for i in r]
    table = typed_frame(rows, REUSE_COLUMNS)
    return Reuse(t_docs, table, copied)


def _best_links(t: _Doc, cands: list[tuple[_Doc, int]], min_similarity: float
                ) -> dict[int, tuple[_Doc, int, float]]:
    """For each target clause, its source clause: (source, clause index, similarity)."""
    found: dict[int, list[tuple[float, int, _Doc, int]]] = {}
    for src, rank in cands:
        for lk in match(t.keys, src.keys, changed_min=min_similarity, moved_min=min_similarity,
                        gap_min=None, grams=(t.grams, src.grams)):
            # 2019年5月17日 is not 2018年5月17日: the figures are what such a clause says
            if not _number_changed(t.numbers[lk.a], src.numbers[lk.b]):
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


def _runs(best: dict[int, tuple[_Doc, int, float]]) -> list[list[int]]:
    """Runs of consecutive target clauses copied from one source, in order there (each source
    clause at most ``_SOURCE_GAP`` clauses after the previous one): the passages."""
    runs: list[list[int]] = []
    for i in sorted(best):
        if runs:
            prev = runs[-1][-1]
            step = best[i][1] - best[prev][1]
            if i == prev + 1 and best[prev][0] is best[i][0] and 0 < step <= _SOURCE_GAP:
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def _shared_cjk(t: _Doc, best: dict[int, tuple[_Doc, int, float]], run: list[int]) -> int:
    """Chinese characters a run of target clauses has in common with its source clauses, in
    order (longest common subsequence of the two with everything but Chinese characters
    removed)."""
    from rapidfuzz.distance import LCSseq

    src = best[run[0]][0]
    a = _NOT_CJK.sub("", "".join(t.keys[i] for i in run))
    b = _NOT_CJK.sub("", "".join(src.keys[best[i][1]] for i in run))
    return int(LCSseq.similarity(a, b))


def _enough_text(t: _Doc, best: dict[int, tuple[_Doc, int, float]], runs: list[list[int]]
                 ) -> list[list[int]]:
    """The runs (passages) that carry :data:`MIN_SHARED_CJK` Chinese characters in common with
    their source, counted over a block: runs from one source, each starting at most
    :data:`_BLOCK_GAP` clauses after the previous one in the target and in the source. A table
    copied row by row (a name, a standard's number, 已发布) breaks into short runs wherever a
    local line is put in or the source order jumps; a lone 当前， stays alone."""
    blocks: list[list[list[int]]] = []
    for run in runs:
        prev = blocks[-1][-1] if blocks else None
        if prev is not None and best[run[0]][0] is best[prev[0]][0] \
                and run[0] - prev[-1] <= _BLOCK_GAP \
                and 0 < best[run[0]][1] - best[prev[-1]][1] <= _BLOCK_GAP:
            blocks[-1].append(run)
        else:
            blocks.append([run])
    return [run for block in blocks
            if sum(_shared_cjk(t, best, r) for r in block) >= MIN_SHARED_CJK for run in block]


def _passage(t: _Doc, best: dict[int, tuple[_Doc, int, float]], run: list[int]) -> tuple:
    """The :data:`REUSE_COLUMNS` row of a run."""
    src = best[run[0]][0]
    s_units = [src.units[best[i][1]] for i in run]
    weights = [len(t.keys[i]) or 1 for i in run]
    sim = sum(best[i][2] * w for i, w in zip(run, weights)) / sum(weights)
    start, end = t.units[run[0]].start, t.units[run[-1]].end
    s_start, s_end = min(u.start for u in s_units), max(u.end for u in s_units)
    return (t.doc.doc_id, src.doc.doc_id, start, end, s_start, s_end,
            t.doc.text[start:end], src.doc.text[s_start:s_end], round(sim, 4))


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
