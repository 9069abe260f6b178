"""The alignment engine behind :mod:`~policytext.extract.compare` and
:mod:`~policytext.extract.reuse`: which units (sentences, clauses) of one text correspond to
which units of another, tolerant to edits and to moves.

Three steps, each usable alone:

1. **Candidates** (:func:`candidate_pairs`): every pair of units that share enough character
   bigrams (Dice coefficient of their bigram sets), found with one sparse matrix product over
   a bigram index, so two documents of a thousand sentences each cost milliseconds and no
   pair of unrelated sentences is ever compared character by character.
2. **Similarity** (:func:`similarities`): the normalised Indel similarity of the candidates
   (``2·LCS / (len a + len b)``, computed by rapidfuzz), on keys made by :func:`unit_key`:
   no whitespace, no leading outline marker, no final 。；.
3. **Matching** (:func:`match`): the heaviest *monotone* chain of pairs (an order-preserving
   alignment: weighted longest increasing subsequence, solved exactly in ``O(P log P)`` for
   ``P`` candidate pairs) gives the units that stayed in place, ``kept`` (same key) or
   ``changed``; the pairs left outside the chain, matched greedily by similarity among units
   the chain did not use, are the ``moved`` units.

Thresholds (:data:`CHANGED_MIN`, :data:`MOVED_MIN`) were chosen on synthetic edits of the
bundled work reports and checked on other genres; ``docs/compare.md`` gives the figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "CHANGED_MIN",
    "GAP_MIN",
    "MIN_DICE",
    "MOVED_MIN",
    "Grams",
    "Link",
    "candidate_pairs",
    "encode_grams",
    "match",
    "monotone_chain",
    "ngram_matrices",
    "similarities",
    "unit_key",
]

#: Least similarity for an in-order pair to count as the same unit ``changed`` (below it the
#: two are ``removed`` + ``added``). A sentence with a word or a number changed scores > 0.8.
CHANGED_MIN = 0.6
#: Least similarity for two units out of order to count as one ``moved`` unit: higher than
#: :data:`CHANGED_MIN` because far apart, a resemblance is more often a coincidence.
MOVED_MIN = 0.7
#: Least similarity of a pair that sits alone in the same gap of the chain (between the same
#: two kept or changed neighbours): a sentence rewritten in place is changed, not removed and
#: added, even when half of it is new.
GAP_MIN = 0.5
#: Least bigram Dice coefficient for a pair to be scored at all (a pair with Indel similarity
#: above :data:`CHANGED_MIN` shares far more bigrams than this).
MIN_DICE = 0.3

_WS = re.compile(r"[\s\u3000\u00a0\u2002\u2003\u2009\ufeff]+")
_FINAL = "。；;！？!?，,：:"


@dataclass(frozen=True)
class Link:
    """Two units found to correspond.

    Attributes
    ----------
    a, b
        Index of the unit in the first and in the second sequence.
    similarity
        Indel similarity of their keys, 0–1.
    change
        ``kept`` (same key), ``changed`` (in place, edited) or ``moved`` (out of order).
    """

    a: int
    b: int
    similarity: float
    change: str


def unit_key(text: str, marker_len: int = 0) -> str:
    """The text a unit is compared by: whitespace removed, the first ``marker_len`` characters
    (an outline marker such as （三） found by the outline, so renumbering is no change) and
    the final punctuation dropped.

    >>> unit_key("（三）加快 发展。", 3)
    '加快发展'
    """
    key = _WS.sub("", text[marker_len:]) if marker_len else _WS.sub("", text)
    key = key.rstrip(_FINAL)
    return key or _WS.sub("", text)


@dataclass(frozen=True)
class Grams:
    """Units encoded as sets of character n-gram ids (see :func:`encode_grams`): CSR arrays
    ``indices`` and ``indptr``; unit ``k`` holds ``indices[indptr[k]:indptr[k + 1]]``."""

    indices: Any
    indptr: Any

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def matrix(self, width: int) -> Any:
        """The binary unit × gram sparse matrix (``width`` at least the vocabulary's size)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        data = np.ones(len(self.indices), dtype=np.float32)
        return csr_matrix((data, self.indices, self.indptr), shape=(len(self), max(width, 1)))

    def take(self, rows: Sequence[int]) -> Grams:
        """The encodings of ``rows`` only, in that order."""
        import numpy as np

        starts, ends = self.indptr[:-1][rows], self.indptr[1:][rows]
        indptr = np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64)
        parts = [self.indices[s:e] for s, e in zip(starts.tolist(), ends.tolist())]
        indices = np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
        return Grams(indices.astype(np.int32), indptr)

    @property
    def sizes(self) -> Any:
        import numpy as np

        return np.diff(self.indptr).astype(float)


def encode_grams(keys: Sequence[str], vocab: dict[str, int], *, n: int = 2) -> Grams:
    """The n-gram sets of ``keys`` as ids of ``vocab`` (grown as needed), so documents
    encoded once with one vocabulary can be paired many times (as :func:`~policytext.extract.
    reuse.reuse` does). A unit shorter than ``n`` is its own single gram."""
    import numpy as np

    indptr = [0]
    indices: list[int] = []
    for key in keys:
        grams = {key[i:i + n] for i in range(len(key) - n + 1)} if len(key) >= n else {key}
        grams.discard("")
        for g in grams:
            idx = vocab.get(g)
            if idx is None:
                idx = vocab[g] = len(vocab)
            indices.append(idx)
        indptr.append(len(indices))
    return Grams(np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64))


def ngram_matrices(*groups: Sequence[str], n: int = 2) -> list[Any]:
    """Binary unit × character-n-gram sparse matrices (CSR) over one shared vocabulary,
    one per group of keys."""
    vocab: dict[str, int] = {}
    encoded = [encode_grams(keys, vocab, n=n) for keys in groups]
    return [g.matrix(len(vocab)) for g in encoded]


def candidate_pairs(
    a_keys: Sequence[str], b_keys: Sequence[str], *, min_dice: float = MIN_DICE, n: int = 2,
    grams: tuple[Grams, Grams] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of units that share character n-grams: ``(ia, ib, dice)`` arrays.

    ``dice = 2·|shared grams| / (|grams a| + |grams b|)``; pairs below ``min_dice`` are left
    out. Computed as one sparse product of the two n-gram matrices. ``grams``: the two
    sides already encoded with one vocabulary (:func:`encode_grams`).
    """
    import numpy as np

    if not len(a_keys) or not len(b_keys):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    if grams is None:
        vocab: dict[str, int] = {}
        grams = (encode_grams(a_keys, vocab, n=n), encode_grams(b_keys, vocab, n=n))
    ga, gb = grams
    width = 1 + max(int(ga.indices.max(initial=0)), int(gb.indices.max(initial=0)))
    shared = (ga.matrix(width) @ gb.matrix(width).T).tocoo()
    na, nb = ga.sizes, gb.sizes
    ia, ib = shared.row.astype(np.int64), shared.col.astype(np.int64)
    dice = 2.0 * shared.data / np.maximum(na[ia] + nb[ib], 1.0)
    keep = dice >= min_dice
    ia, ib, dice = ia[keep], ib[keep], dice[keep]
    # one order whatever the gram ids (set order depends on the interpreter's string hashing),
    # so ties in the chain are broken the same way in every run
    order = np.lexsort((ib, ia))
    return ia[order], ib[order], dice[order]


def similarities(a_keys: Sequence[str], b_keys: Sequence[str], ia: Any, ib: Any) -> np.ndarray:
    """Indel similarity (0–1) of ``a_keys[ia[k]]`` and ``b_keys[ib[k]]`` for every ``k``."""
    import numpy as np
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cpdist

    if not len(ia):
        return np.empty(0)
    return np.asarray(cpdist([a_keys[i] for i in ia], [b_keys[j] for j in ib],
                             scorer=Indel.normalized_similarity), dtype=float)


def monotone_chain(ia: Sequence[int], ib: Sequence[int], weights: Sequence[float]) -> list[int]:
    """Indices of the heaviest chain of pairs strictly increasing in both ``ia`` and ``ib``.

    Weighted longest increasing subsequence with a Fenwick tree of prefix maxima:
    ``O(P log P)`` for ``P`` pairs. Ties keep the earlier pairs.

    >>> monotone_chain([0, 1, 2, 2], [1, 0, 2, 3], [1.0, 2.0, 1.0, 5.0])
    [1, 3]
    """
    p = len(ia)
    if not p:
        return []
    size = max(ib) + 2
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    back = [-1] * p
    score = [0.0] * p
    order = sorted(range(p), key=lambda k: (ia[k], ib[k]))
    k = 0
    while k < p:
        group_end = k
        while group_end < p and ia[order[group_end]] == ia[order[k]]:
            group_end += 1
        results = []
        for idx in order[k:group_end]:  # query all pairs of this row before any update
            pos = ib[idx]  # prefix max over positions < ib (Fenwick index ib is b-index ib-1)
            best, arg = 0.0, -1
            while pos > 0:
                if tree_val[pos] > best:
                    best, arg = tree_val[pos], tree_arg[pos]
                pos -= pos & -pos
            results.append((idx, best + weights[idx], arg))
        for idx, val, arg in results:
            score[idx], back[idx] = val, arg
            pos = ib[idx] + 1
            while pos <= size:
                if val > tree_val[pos]:
                    tree_val[pos], tree_arg[pos] = val, idx
                pos += pos & -pos
        k = group_end
    end = max(range(p), key=lambda i: (score[i], -i))
    chain = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    return chain[::-1]


def match(
    a_keys: Sequence[str],
    b_keys: Sequence[str],
    *,
    changed_min: float = CHANGED_MIN,
    moved_min: float = MOVED_MIN,
    gap_min: float | None = GAP_MIN,
    min_dice: float = MIN_DICE,
    moves: bool = True,
    grams: tuple[Grams, Grams] | None = None,
) -> list[Link]:
    """Align two sequences of unit keys: kept, changed and moved units.

    Parameters
    ----------
    a_keys, b_keys
        Keys of the units (see :func:`unit_key`), in text order.
    changed_min
        Least similarity of an in-order pair (else the units are removed and added).
    moved_min
        Least similarity of a pair out of order (a ``moved`` unit).
    gap_min
        Least similarity of a pair found in the same gap of the chain (between the same
        linked neighbours on both sides); None: no second pass.
    min_dice
        Least bigram Dice coefficient for a pair to be scored.
    moves
        Look for moved units (False: only the monotone chain, like a diff).
    grams
        Both sides' bigrams, encoded beforehand (see :func:`candidate_pairs`).

    Returns
    -------
    list of Link
        Ordered by ``b``. A unit takes part in at most one link; the others were removed
        (in ``a``) or added (in ``b``).
    """
    import numpy as np

    floor = min(changed_min, moved_min, gap_min if gap_min is not None else 1.0)
    ia, ib, sims = _scored_pairs(a_keys, b_keys, min_dice, floor, grams)
    in_order = sims >= changed_min
    la = np.fromiter((len(a_keys[i]) for i in ia), dtype=float, count=len(ia))
    lb = np.fromiter((len(b_keys[j]) for j in ib), dtype=float, count=len(ib))
    # weight: the characters a pair accounts for, scaled by how alike the two are, so the
    # chain keeps the larger of a moved block and the text it jumped over. Squared: with
    # sim alone the weight is the LCS length, and a sentence would tie with a longer one
    # that merely contains it
    weights = (la + lb) / 2 * sims**2
    cand = np.flatnonzero(in_order)
    chosen = monotone_chain(ia[cand].tolist(), ib[cand].tolist(), weights[cand].tolist())
    links: list[Link] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for c in chosen:
        k = cand[c]
        a, b = int(ia[k]), int(ib[k])
        kind = "kept" if a_keys[a] == b_keys[b] else "changed"
        links.append(Link(a, b, float(sims[k]), kind))
        used_a.add(a)
        used_b.add(b)
    if gap_min is not None and gap_min < changed_min:
        links += _gap_links(ia, ib, sims, la, lb, gap_min, changed_min, links, used_a, used_b)
    if moves:
        rest = [k for k in np.argsort(-sims * (la + lb), kind="stable").tolist()
                if sims[k] >= moved_min]
        for k in rest:
            a, b = int(ia[k]), int(ib[k])
            if a in used_a or b in used_b:
                continue
            links.append(Link(a, b, float(sims[k]), "moved"))
            used_a.add(a)
            used_b.add(b)
    links.sort(key=lambda lk: lk.b)
    return links


#: Two groups of units with one key each (a sentence repeated p times in one text and q times
#: in the other) are paired in full only up to this many pairs; beyond, along a diagonal band.
_FULL_GROUP = 64
_BAND = 2


def _scored_pairs(a_keys: Sequence[str], b_keys: Sequence[str], min_dice: float, floor: float,
                  grams: tuple[Grams, Grams] | None) -> tuple[Any, Any, Any]:
    """Candidate pairs with similarity ≥ ``floor``: ``(ia, ib, sims)``.

    Scored once per pair of *distinct* keys, then expanded to every occurrence, so a text that
    repeats one sentence thousands of times (a table of 是/否 cells) costs no more than its
    distinct sentences; large groups are paired along a diagonal band, which keeps every pair
    an order-preserving alignment can use.
    """
    import numpy as np

    occ_a: dict[str, list[int]] = {}
    for i, k in enumerate(a_keys):
        occ_a.setdefault(k, []).append(i)
    occ_b: dict[str, list[int]] = {}
    for j, k in enumerate(b_keys):
        occ_b.setdefault(k, []).append(j)
    ka, kb = list(occ_a), list(occ_b)
    if grams is not None:
        grams = (grams[0].take([occ_a[k][0] for k in ka]), grams[1].take([occ_b[k][0] for k in kb]))
    da, db, _ = candidate_pairs(ka, kb, min_dice=min_dice, grams=grams)
    dsims = similarities(ka, kb, da, db)
    keep = dsims >= floor
    out_a: list[int] = []
    out_b: list[int] = []
    out_s: list[float] = []
    for x, y, sim in zip(da[keep].tolist(), db[keep].tolist(), dsims[keep].tolist()):
        group_a, group_b = occ_a[ka[x]], occ_b[kb[y]]
        p, q = len(group_a), len(group_b)
        if p * q <= _FULL_GROUP:
            for i in group_a:
                out_a += [i] * q
                out_b += group_b
            out_s += [sim] * (p * q)
            continue
        for n, i in enumerate(group_a):
            centre = n * q // p
            for j in group_b[max(0, centre - _BAND):centre + _BAND + 1]:
                out_a.append(i)
                out_b.append(j)
                out_s.append(sim)
    return (np.asarray(out_a, dtype=np.int64), np.asarray(out_b, dtype=np.int64),
            np.asarray(out_s, dtype=float))


def _gap_links(ia: Any, ib: Any, sims: Any, la: Any, lb: Any, gap_min: float,
               changed_min: float, chain: list[Link], used_a: set[int], used_b: set[int],
               ) -> list[Link]:
    """Second pass: pairs below ``changed_min`` that lie in the same gap of the chain."""
    from bisect import bisect_left

    chain_a = sorted(lk.a for lk in chain)
    chain_b = sorted(lk.b for lk in chain)
    pick = []
    for k in range(len(ia)):
        a, b = int(ia[k]), int(ib[k])
        if not (gap_min <= sims[k] < changed_min) or a in used_a or b in used_b:
            continue
        if bisect_left(chain_a, a) == bisect_left(chain_b, b):  # same gap on both sides
            pick.append(k)
    chosen = monotone_chain([int(ia[k]) for k in pick], [int(ib[k]) for k in pick],
                            [float((la[k] + lb[k]) / 2 * sims[k] ** 2) for k in pick])
    out = []
    for c in chosen:
        k = pick[c]
        a, b = int(ia[k]), int(ib[k])
        out.append(Link(a, b, float(sims[k]), "changed"))
        used_a.add(a)
        used_b.add(b)
    return out
