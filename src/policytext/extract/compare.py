"""What is new: two versions of a document compared, sentence by sentence and beyond.

:func:`compare` aligns the sentences of an old and a new text with the engine of
:mod:`~policytext.extract.align` (edit-tolerant, order-aware, moves found), then reads the same
alignment at the level of paragraphs and outline sections, and adds the formulations (提法)
that appear or disappear and, when the targets extractor is installed, the numeric targets
whose value changed. Everything is one table (:attr:`Comparison.table`); the
:class:`Comparison` that holds it also shows a coloured side-by-side view in Jupyter.

Change kinds, for every level:

- ``kept``: the same text (ignoring whitespace, final punctuation and the outline marker, so a
  section renumbered （三）→（四） is kept);
- ``changed``: in place, edited (a word or a number changed, a clause added);
- ``moved``: found elsewhere, out of order (possibly edited too: see ``similarity``);
- ``added`` / ``removed``: only in the new / only in the old text.
"""

from __future__ import annotations

import html
import os
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_document
from ..segment import Span, paragraphs, sentences
from ._frames import typed_frame
from .align import CHANGED_MIN, MOVED_MIN, Link, match, unit_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CHANGES",
    "COMPARE_COLUMNS",
    "LEVELS",
    "Comparison",
    "compare",
    "format_comparison",
]

#: Columns of :attr:`Comparison.table` and their dtypes.
COMPARE_COLUMNS: dict[str, str] = {
    "level": "object",
    "change": "object",
    "old_start": "Int64",
    "old_end": "Int64",
    "new_start": "Int64",
    "new_end": "Int64",
    "old_text": "object",
    "new_text": "object",
    "similarity": "float64",
    "term": "object",
    "old_count": "Int64",
    "new_count": "Int64",
    "old_value": "object",
    "new_value": "object",
}
#: Levels of a comparison, coarse to fine, then formulations and targets.
LEVELS = ("section", "paragraph", "sentence", "formulation", "target")
#: Change kinds.
CHANGES = ("added", "removed", "changed", "moved", "kept")
# quoted phrases that are formulations or metaphors count; quotations and names do not
_FORMULATION_LABELS = frozenset({"formulation", "metaphor"})
_SECTION_TITLE_MIN = 0.8  # a section whose content was rewritten is matched by its title
# headings of sections paired one to one are linked whatever their similarity: the sections
# correspond (by content, title or slot), so a reworded title is that section's title changed
_HEADING_MIN = 0.0


# -- units -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Side:
    doc: Document
    sents: list[Span]
    keys: list[str]
    paras: list[Span]
    para_of: list[int]  # paragraph index of each sentence
    heads: list[Any]  # outline headings (OutlineNode)


def _side(doc: Document) -> _Side:
    from .outline import iter_outline

    text = doc.text
    nodes = list(iter_outline(text))
    marker_at = {n.start: len(n.marker) for n in nodes}
    sents = sentences(text)
    keys = [unit_key(s.text, marker_at.get(s.start, 0)) for s in sents]
    paras = paragraphs(text)
    starts = [p.start for p in paras]
    para_of = [max(bisect_right(starts, s.start) - 1, 0) for s in sents]
    heads = [n for n in nodes if n.kind == "heading"]
    return _Side(doc, sents, keys, paras, para_of, heads)


def _row(level: str, change: str, o: tuple[int, int] | None, n: tuple[int, int] | None,
         old_text: str | None, new_text: str | None, sim: float | None) -> tuple:
    return (level, change, o[0] if o else None, o[1] if o else None, n[0] if n else None,
            n[1] if n else None, old_text, new_text, float("nan") if sim is None else sim,
            None, None, None, None, None)


def _indel(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(a, b))


# -- sentences -------------------------------------------------------------------------------
def _sentence_rows(old: _Side, new: _Side, links: list[Link]) -> list[tuple]:
    rows = []
    linked_a = {lk.a for lk in links}
    linked_b = {lk.b for lk in links}
    for lk in links:
        so, sn = old.sents[lk.a], new.sents[lk.b]
        rows.append(_row("sentence", lk.change, (so.start, so.end), (sn.start, sn.end),
                         so.text, sn.text, lk.similarity))
    for i, s in enumerate(old.sents):
        if i not in linked_a:
            rows.append(_row("sentence", "removed", (s.start, s.end), None, s.text, None, None))
    for j, s in enumerate(new.sents):
        if j not in linked_b:
            rows.append(_row("sentence", "added", None, (s.start, s.end), None, s.text, None))
    return rows


# -- paragraphs and sections: the sentence alignment read in larger units ----------------------
def _group_rows(level: str, old: _Side, new: _Side, links: list[Link],
                old_groups: list[tuple[int, int]], new_groups: list[tuple[int, int]],
                old_group_of: list[int], new_group_of: list[int],
                old_labels: list[str], new_labels: list[str],
                old_titles: list[str] | None = None, new_titles: list[str] | None = None,
                ) -> list[tuple]:
    """Rows for groups of sentences (paragraphs, sections at one depth).

    Two groups correspond when sentence links join them: each group is paired with the group
    of the other side that holds most of its linked characters (both directions, so a
    paragraph split in two is paired with both halves). A pair is ``moved`` when most of the
    characters linking it are moved sentences, ``kept`` when the sentence keys are the same.
    """
    pairs, weight, moved_w = _pair_groups(old, new, links, len(old_groups), len(new_groups),
                                          old_group_of, new_group_of, old_titles, new_titles)
    old_keys = _group_keys(old, old_group_of, len(old_groups))
    new_keys = _group_keys(new, new_group_of, len(new_groups))
    rows = []
    for ga, gb in sorted(pairs):
        w = weight.get((ga, gb), 0.0)
        same = old_keys[ga] == new_keys[gb] and (
            old_titles is None or unit_key(old_titles[ga]) == unit_key(new_titles[gb]))
        if w and moved_w.get((ga, gb), 0.0) > w / 2:
            change = "moved"
        else:
            change = "kept" if same else "changed"
        sim = 1.0 if same else _indel(old_keys[ga], new_keys[gb])
        rows.append(_row(level, change, old_groups[ga], new_groups[gb], old_labels[ga],
                         new_labels[gb], sim))
    paired_a = {ga for ga, _ in pairs}
    paired_b = {gb for _, gb in pairs}
    rows += [_row(level, "removed", old_groups[g], None, old_labels[g], None, None)
             for g in range(len(old_groups)) if g not in paired_a]
    rows += [_row(level, "added", None, new_groups[g], None, new_labels[g], None)
             for g in range(len(new_groups)) if g not in paired_b]
    return rows


def _gap_pairs(pairs: set[tuple[int, int]], n_old: int, n_new: int) -> set[tuple[int, int]]:
    """Sections left unpaired, one on each side between the same paired neighbours: the same
    slot of the outline, rewritten (（一）推进绿色发展 → （一）加快发展方式绿色转型)."""
    paired_a = {a for a, _ in pairs}
    paired_b = {b for _, b in pairs}
    anchors = sorted(pairs)
    out = set()
    bounds: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for ga in range(n_old):
        if ga in paired_a:
            continue
        before = [p for p in anchors if p[0] < ga]
        after = [p for p in anchors if p[0] > ga]
        lo_a, lo_b = before[-1] if before else (-1, -1)
        hi_a, hi_b = after[0] if after else (n_old, n_new)
        if lo_b >= hi_b:
            continue
        slot = bounds.setdefault((lo_a, hi_a), ([], [g for g in range(lo_b + 1, hi_b)
                                                    if g not in paired_b]))
        slot[0].append(ga)
    for olds, news in bounds.values():
        if len(olds) == 1 and len(news) == 1:
            out.add((olds[0], news[0]))
    return out


def _pair_groups(old: _Side, new: _Side, links: list[Link], n_old: int, n_new: int,
                 old_group_of: list[int], new_group_of: list[int],
                 old_titles: list[str] | None, new_titles: list[str] | None,
                 ) -> tuple[set[tuple[int, int]], dict[tuple[int, int], float],
                            dict[tuple[int, int], float]]:
    """Pairs of corresponding groups, with the linked characters joining each pair (all, and
    those of moved sentences); see :func:`_group_rows`."""
    weight: dict[tuple[int, int], float] = defaultdict(float)
    moved_w: dict[tuple[int, int], float] = defaultdict(float)
    for lk in links:
        ga, gb = old_group_of[lk.a], new_group_of[lk.b]
        if ga < 0 or gb < 0:
            continue
        w = (len(old.keys[lk.a]) + len(new.keys[lk.b])) / 2 or 1.0
        weight[(ga, gb)] += w
        if lk.change == "moved":
            moved_w[(ga, gb)] += w
    best_b: dict[int, tuple[float, int]] = {}
    best_a: dict[int, tuple[float, int]] = {}
    for (ga, gb), w in weight.items():
        if ga not in best_b or (w, -gb) > (best_b[ga][0], -best_b[ga][1]):
            best_b[ga] = (w, gb)
        if gb not in best_a or (w, -ga) > (best_a[gb][0], -best_a[gb][1]):
            best_a[gb] = (w, ga)
    pairs = {(ga, gb) for ga, (_, gb) in best_b.items()} | {(ga, gb) for gb, (_, ga) in best_a.items()}
    if old_titles is not None and new_titles is not None:  # content rewritten, title kept
        free_a = [g for g in range(n_old) if g not in best_b]
        free_b = {g for g in range(n_new) if g not in best_a}
        for ga in free_a:
            cands = [(_indel(old_titles[ga], new_titles[gb]), -gb) for gb in free_b]
            if cands:
                sim, neg = max(cands)
                if sim >= _SECTION_TITLE_MIN:
                    pairs.add((ga, -neg))
                    free_b.discard(-neg)
        pairs |= _gap_pairs(pairs, n_old, n_new)
    return pairs, weight, moved_w


def _link_headings(old: _Side, new: _Side, links: list[Link]) -> list[Link]:
    """Links between the heading sentences of sections paired one to one whose headings the
    sentence alignment left apart (（九）加强生态文明建设… → （九）协同推进降碳减污扩绿增长…): a
    reworded heading of the same section is changed, not removed and added."""
    at_old = {s.start: i for i, s in enumerate(old.sents)}
    at_new = {s.start: j for j, s in enumerate(new.sents)}
    used_a = {lk.a for lk in links}
    used_b = {lk.b for lk in links}
    extra = []
    for depth in sorted({h.depth for h in old.heads} & {h.depth for h in new.heads}):
        oh = [h for h in old.heads if h.depth == depth]
        nh = [h for h in new.heads if h.depth == depth]
        pairs, weight, moved_w = _pair_groups(
            old, new, links, len(oh), len(nh), _membership(old.sents, oh),
            _membership(new.sents, nh), [h.title for h in oh], [h.title for h in nh])
        count_a = defaultdict(int)
        count_b = defaultdict(int)
        for ga, gb in pairs:
            count_a[ga] += 1
            count_b[gb] += 1
        for ga, gb in sorted(pairs):
            a, b = at_old.get(oh[ga].start), at_new.get(nh[gb].start)
            if a is None or b is None or a in used_a or b in used_b:
                continue
            if count_a[ga] > 1 or count_b[gb] > 1:
                continue
            sim = _indel(old.keys[a], new.keys[b])
            if sim < _HEADING_MIN:
                continue
            w = weight.get((ga, gb), 0.0)
            kind = "moved" if w and moved_w.get((ga, gb), 0.0) > w / 2 else "changed"
            extra.append(Link(a, b, sim, kind))
            used_a.add(a)
            used_b.add(b)
    return sorted([*links, *extra], key=lambda lk: lk.b) if extra else links


def _group_keys(side: _Side, group_of: list[int], n: int) -> list[str]:
    parts: list[list[str]] = [[] for _ in range(n)]
    for i, g in enumerate(group_of):
        if g >= 0:
            parts[g].append(side.keys[i])
    return ["\u241e".join(p) for p in parts]


def _paragraph_rows(old: _Side, new: _Side, links: list[Link]) -> list[tuple]:
    return _group_rows(
        "paragraph", old, new, links,
        [(p.start, p.end) for p in old.paras], [(p.start, p.end) for p in new.paras],
        old.para_of, new.para_of, [p.text for p in old.paras], [p.text for p in new.paras])


def _section_rows(old: _Side, new: _Side, links: list[Link]) -> list[tuple]:
    rows: list[tuple] = []
    depths = sorted({h.depth for h in old.heads} | {h.depth for h in new.heads})
    for depth in depths:
        oh = [h for h in old.heads if h.depth == depth]
        nh = [h for h in new.heads if h.depth == depth]
        rows += _group_rows(
            "section", old, new, links,
            [(h.start, h.end) for h in oh], [(h.start, h.end) for h in nh],
            _membership(old.sents, oh), _membership(new.sents, nh),
            [f"{h.marker}{h.title}" for h in oh], [f"{h.marker}{h.title}" for h in nh],
            [h.title for h in oh], [h.title for h in nh])
    return rows


def _membership(sents: list[Span], heads: list[Any]) -> list[int]:
    """Index of the heading (all at one depth, so disjoint) holding each sentence, or -1."""
    starts = [h.start for h in heads]
    out = []
    for s in sents:
        k = bisect_right(starts, s.start) - 1
        out.append(k if k >= 0 and s.start < heads[k].end else -1)
    return out


# -- formulations and targets ----------------------------------------------------------------
def _formulation_rows(old: Document, new: Document, lexicon: Any) -> list[tuple]:
    from ..lexicon import Lexicon
    from .slogans import slogans

    df = slogans([Document(old.text, doc_id="old"), Document(new.text, doc_id="new")], lexicon)
    keep = (df["kind"] != "quoted") | df["label"].isin(_FORMULATION_LABELS)
    df = df[keep]
    first: dict[tuple[str, str], tuple[int, int, str]] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for doc_id, term, start, end, sentence in zip(df["doc_id"], df["term"], df["start"],
                                                  df["end"], df["sentence"]):
        counts[(doc_id, term)] += 1
        first.setdefault((doc_id, term), (int(start), int(end), sentence))
    terms = dict.fromkeys(t for _, t in counts)
    lex = lexicon if isinstance(lexicon, Lexicon) else Lexicon.builtin()
    texts = {"old": old.text, "new": new.text}
    matched: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for doc_id, start, end, sentence in zip(df["doc_id"], df["start"], df["end"],
                                            df["sentence"]):
        matched[doc_id].append((int(start), int(end), sentence))
    for spans in matched.values():
        spans.sort()
    # A formulation used inside a longer one (共同富裕 in 全体人民共同富裕, 小康社会 in
    # 全面建成小康社会, 化债 in 一揽子化债方案) is matched as the longer one, yet the text does
    # use it: it is neither new nor dropped. Counts include such uses.
    for key, (n, at) in _uses_inside(texts, list(terms), lex, matched).items():
        counts[key] += n
        first.setdefault(key, at)
    rows = []
    for term in terms:
        oc, nc = counts.get(("old", term), 0), counts.get(("new", term), 0)
        change = "added" if not oc else "removed" if not nc else "kept"
        fo, fn = first.get(("old", term)), first.get(("new", term))
        rows.append(("formulation", change, *(fo[:2] if fo else (None, None)),
                     *(fn[:2] if fn else (None, None)), fo[2] if fo else None,
                     fn[2] if fn else None, float("nan"), term, oc, nc, None, None))
    order = {"added": 0, "removed": 1, "kept": 2}
    rows.sort(key=lambda r: (order[r[1]], -(r[11] or 0) - (r[10] or 0), r[9]))
    return rows


def _uses_inside(texts: dict[str, str], terms: Sequence[str], lexicon: Any,
                 longer: dict[str, list[tuple[int, int, str]]]
                 ) -> dict[tuple[str, str], tuple[int, tuple[int, int, str]]]:
    """(side, term) → the uses of ``term`` (or a variant) inside the ``longer`` matches of that
    side's text (start, end, sentence of the formulations matched there, sorted by start),
    which the leftmost-longest match counted as the longer term, and the first of them."""
    import ahocorasick_rs

    from ..chars import matching_form

    forms: list[str] = []
    owner: list[str] = []
    for term in terms:
        entry = lexicon.get(term)
        for form in {term, *(entry.variants if entry is not None else ())}:
            forms.append(form)
            owner.append(term)
    if not forms:
        return {}
    # every occurrence of every form, overlapping ones included, in one pass over each text
    automaton = ahocorasick_rs.AhoCorasick(forms)
    out: dict[tuple[str, str], tuple[int, tuple[int, int, str]]] = {}
    for side, text in texts.items():
        spans = longer.get(side, [])
        starts = [start for start, _, _ in spans]
        for i, a, b in automaton.find_matches_as_indexes(matching_form(text), overlapping=True):
            k = bisect_right(starts, a) - 1
            if k < 0:
                continue
            start, end, sentence = spans[k]
            if b <= end and end - start > b - a:
                key = (side, owner[i])
                n, first = out.get(key, (0, (a, b, sentence)))
                out[key] = (n + 1, first)
    return out


def _target_rows(old: Document, new: Document) -> list[tuple]:
    """Targets whose value changed, when :mod:`policytext.extract.targets` is installed."""
    extract = _targets_function()
    if extract is None:
        return []
    df = extract([Document(old.text, doc_id="old"), Document(new.text, doc_id="new")])
    found: dict[tuple[str, str], dict[tuple[Any, Any], tuple]] = {"old": {}, "new": {}}
    for rec in df.to_dict("records"):
        name = rec.get("canonical") or rec.get("indicator")
        key = (name, rec.get("kind"))
        found[rec["doc_id"]].setdefault(key, rec)
    rows = []
    for key in dict.fromkeys([*found["old"], *found["new"]]):
        o, n = found["old"].get(key), found["new"].get(key)
        ov, nv = (_value_text(o) if o else None), (_value_text(n) if n else None)
        change = "added" if o is None else "removed" if n is None else (
            "kept" if ov == nv else "changed")
        rows.append(("target", change, o["start"] if o else None, o["end"] if o else None,
                     n["start"] if n else None, n["end"] if n else None,
                     o.get("sentence") if o else None, n.get("sentence") if n else None,
                     float("nan"), key[0], None, None, ov, nv))
    return rows


def _targets_function() -> Any:
    """:func:`policytext.extract.targets.targets`, or None while that module is not installed."""
    import importlib.util

    if importlib.util.find_spec("policytext.extract.targets") is None:
        return None
    from .targets import targets  # type: ignore[import-not-found]

    return targets


def _value_text(rec: dict) -> str:
    parts = [_plain(rec.get("value"))]
    high = _plain(rec.get("value_high"))
    if high is not None:
        parts += ["–", high]
    text = "".join(str(p) for p in parts if p is not None)
    for extra in ("unit", "qualifier"):
        v = _plain(rec.get(extra))
        if v:
            text += str(v)
    return text


def _plain(v: Any) -> Any:
    if v is None:
        return None
    try:
        if v != v:  # NaN / NA
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


# -- the comparison --------------------------------------------------------------------------
def compare(
    old: str | Document | os.PathLike,
    new: str | Document | os.PathLike,
    *,
    levels: Iterable[str] = LEVELS,
    lexicon: Any = None,
    changed_min: float = CHANGED_MIN,
    moved_min: float = MOVED_MIN,
) -> Comparison:
    """Compare two versions of a document: what was kept, changed, moved, added, removed.

    Parameters
    ----------
    old, new
        Each a string (the text as given; offsets refer to it), a
        :class:`~policytext.corpus.Document` (offsets refer to its cleaned text) or a path
        (``pathlib.Path``; read and cleaned with :func:`policytext.read`).
    levels
        Which levels to report (default all): ``section``, ``paragraph``, ``sentence``,
        ``formulation``, ``target`` (targets need :mod:`policytext.extract.targets`; without
        it the level is left out silently).
    lexicon
        Lexicon for the formulations (default: the built-in one; see
        :func:`~policytext.extract.slogans.slogans`).
    changed_min, moved_min
        Similarity thresholds of :func:`~policytext.extract.align.match`.

    Returns
    -------
    Comparison
        ``.table`` is the DataFrame below; ``.summary`` the shares of text kept, changed,
        moved and new; in Jupyter it shows as a coloured side-by-side view.

        The table has one row per unit and level, sections first, then paragraphs and
        sentences in the order of the new text (removed units where they stood), then
        formulations (new ones first) and targets:

        ============ ======= =========================================================
        level        object  ``section`` | ``paragraph`` | ``sentence`` |
                             ``formulation`` | ``target``
        change       object  ``added`` | ``removed`` | ``changed`` | ``moved`` | ``kept``
        old_start    Int64   span in the old text (<NA> when added)
        old_end      Int64
        new_start    Int64   span in the new text (<NA> when removed)
        new_end      Int64
        old_text     object  ``old[old_start:old_end]`` for paragraphs and sentences; a
                             section's heading (marker and title; the span is the whole
                             section); the sentence of a formulation's or target's first
                             occurrence
        new_text     object  the same in the new text
        similarity   float64 Indel similarity 0–1 of the two (whitespace, final punctuation
                             and outline markers ignored); NaN when one side is absent and
                             for formulations and targets
        term         object  the formulation (canonical form) or the target's indicator
        old_count    Int64   occurrences of the formulation in the old / new text, uses
                             inside a longer formulation included (共同富裕 in
                             全体人民共同富裕): such a formulation is neither new nor dropped
        new_count    Int64
        old_value    object  a target's value in the old / new text (``5%左右``)
        new_value    object
        ============ ======= =========================================================

    Examples
    --------
    >>> c = compare("坚持稳中求进。增长5%左右。", "坚持稳中求进。增长5.5%左右。")
    >>> c.table.loc[c.table.level == "sentence", ["change", "old_text", "new_text"]].values.tolist()
    [['kept', '坚持稳中求进。', '坚持稳中求进。'], ['changed', '增长5%左右。', '增长5.5%左右。']]
    """
    levels = _check_levels(levels)
    old_doc, new_doc = as_document(old, doc_id="old"), as_document(new, doc_id="new")
    o, n = _side(old_doc), _side(new_doc)
    links = [_same_text(lk, o, n) for lk in
             match(o.keys, n.keys, changed_min=changed_min, moved_min=moved_min)]
    links = _link_headings(o, n, links)
    flow = _Flow(o, n, links)
    rows: list[tuple] = []
    if "section" in levels:
        rows += flow.sort(_section_rows(o, n, links))
    if "paragraph" in levels:
        rows += flow.sort(_paragraph_rows(o, n, links))
    if "sentence" in levels:
        rows += flow.sort(_sentence_rows(o, n, links))
    if "formulation" in levels:
        rows += _formulation_rows(old_doc, new_doc, lexicon)
    if "target" in levels:
        rows += _target_rows(old_doc, new_doc)
    return Comparison(old_doc, new_doc, typed_frame(rows, COMPARE_COLUMNS))


def _same_text(lk: Link, old: _Side, new: _Side) -> Link:
    """A pair whose texts are equal but for whitespace is kept, even where the outline saw a
    marker on one side only (an item run 第一，…第二， broken by an edit nearby)."""
    if lk.change == "kept":
        return lk
    if unit_key(old.sents[lk.a].text) != unit_key(new.sents[lk.b].text):
        return lk
    return Link(lk.a, lk.b, 1.0, "kept" if lk.change == "changed" else lk.change)


def _check_levels(levels: Iterable[str]) -> set[str]:
    if isinstance(levels, str):
        levels = [levels]
    chosen = set(levels)
    bad = chosen - set(LEVELS)
    if bad:
        raise ValueError(f"unknown levels {sorted(bad)}; valid: {', '.join(LEVELS)}")
    return chosen


class _Flow:
    """Sorts rows in the order of the new text, a removed unit where it stood in the old."""

    def __init__(self, old: _Side, new: _Side, links: list[Link]) -> None:
        anchors = sorted((old.sents[lk.a].start, new.sents[lk.b].end)
                         for lk in links if lk.change != "moved")
        self._old_starts = [a for a, _ in anchors]
        self._new_ends = [b for _, b in anchors]

    def position(self, row: tuple) -> tuple[int, int]:
        if row[4] is not None:
            return (row[4], 1)
        k = bisect_right(self._old_starts, row[2]) - 1
        return (self._new_ends[k] if k >= 0 else 0, 0)

    def sort(self, rows: list[tuple]) -> list[tuple]:
        return sorted(rows, key=lambda r: (*self.position(r), r[2] if r[2] is not None else -1))


class Comparison:
    """The result of :func:`compare`.

    Attributes
    ----------
    old, new : Document
        The two documents (offsets in :attr:`table` refer to their ``text``).
    table : pandas.DataFrame
        The rows described in :func:`compare`.
    """

    def __init__(self, old: Document, new: Document, table: pd.DataFrame) -> None:
        self.old, self.new, self.table = old, new, table

    def rows(self, level: str, change: str | Sequence[str] | None = None) -> pd.DataFrame:
        """The rows of one level, optionally of some change kinds only."""
        _check_levels([level])
        t = self.table[self.table["level"] == level]
        if change is not None:
            t = t[t["change"].isin([change] if isinstance(change, str) else list(change))]
        return t.reset_index(drop=True)

    @property
    def new_formulations(self) -> pd.DataFrame:
        """Formulations found in the new text only (``term``, ``new_count``, ``new_text``)."""
        return self.rows("formulation", "added")[["term", "new_count", "new_text"]]

    @property
    def dropped_formulations(self) -> pd.DataFrame:
        """Formulations found in the old text only (``term``, ``old_count``, ``old_text``)."""
        return self.rows("formulation", "removed")[["term", "old_count", "old_text"]]

    @property
    def summary(self) -> dict[str, Any]:
        """Shares of the text by change, measured on sentences (characters without whitespace).

        ``kept``, ``changed``, ``moved``, ``added``: shares of the new text;
        ``removed``: share of the old text; ``new_formulations``,
        ``dropped_formulations``: counts; ``old_chars``, ``new_chars``: sizes.
        """
        s = self.rows("sentence")
        out: dict[str, Any] = {}
        new_total = sum(len(unit_key(t)) for t in s["new_text"].dropna())
        old_total = sum(len(unit_key(t)) for t in s["old_text"].dropna())
        for change in ("kept", "changed", "moved", "added"):
            part = s.loc[s["change"] == change, "new_text"]
            out[change] = sum(len(unit_key(t)) for t in part) / new_total if new_total else 0.0
        part = s.loc[s["change"] == "removed", "old_text"]
        out["removed"] = sum(len(unit_key(t)) for t in part) / old_total if old_total else 0.0
        out["new_formulations"] = int((self.table["level"].eq("formulation")
                                       & self.table["change"].eq("added")).sum())
        out["dropped_formulations"] = int((self.table["level"].eq("formulation")
                                           & self.table["change"].eq("removed")).sum())
        out["old_chars"], out["new_chars"] = old_total, new_total
        return out

    def to_html(self, *, context: int = 1, full_page: bool = False) -> str:
        """The side-by-side view: every non-kept sentence, ``context`` kept sentences around
        each, the rest folded. All text is HTML-escaped."""
        return format_comparison(self, "html", context=context, full_page=full_page)

    def to_markdown(self) -> str:
        """New and dropped formulations, changed targets and the changed sentences."""
        return format_comparison(self, "md")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        s = self.summary
        return (f"Comparison({self.old.doc_id!r} → {self.new.doc_id!r}: kept {s['kept']:.0%}, "
                f"changed {s['changed']:.0%}, moved {s['moved']:.0%}, new {s['added']:.0%}, "
                f"removed {s['removed']:.0%} of the old; {s['new_formulations']} new and "
                f"{s['dropped_formulations']} dropped formulations)")


# -- output ----------------------------------------------------------------------------------
_COLOURS = {"added": "#e6f4ea", "removed": "#fce8e6", "changed": "#fef7e0", "moved": "#e8f0fe",
            "kept": "#ffffff"}
_LABELS = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动", "kept": "未变"}


def _diff_html(a: str, b: str) -> tuple[str, str]:
    from rapidfuzz.distance import Levenshtein

    old_parts, new_parts = [], []
    for op in Levenshtein.opcodes(a, b):
        sa, sb = html.escape(a[op.src_start:op.src_end]), html.escape(b[op.dest_start:op.dest_end])
        if op.tag == "equal":
            old_parts.append(sa)
            new_parts.append(sb)
            continue
        if sa:
            old_parts.append(f"<del style='background:#f5b7b1'>{sa}</del>")
        if sb:
            new_parts.append(f"<ins style='background:#abebc6;text-decoration:none'>{sb}</ins>")
    return "".join(old_parts), "".join(new_parts)


def _diff_md(a: str, b: str) -> str:
    from rapidfuzz.distance import Levenshtein

    out = []
    for op in Levenshtein.opcodes(a, b):
        sa, sb = a[op.src_start:op.src_end], b[op.dest_start:op.dest_end]
        if op.tag == "equal":
            out.append(sa)
            continue
        if sa:
            out.append(f"[-{sa}-]")
        if sb:
            out.append(f"{{+{sb}+}}")
    return "".join(out)


def _summary_html(c: Comparison) -> str:
    s = c.summary
    e = html.escape
    parts = [f"<p><b>{e(str(c.old.doc_id))}</b> → <b>{e(str(c.new.doc_id))}</b>: "
             f"new text kept {s['kept']:.1%}, changed {s['changed']:.1%}, moved {s['moved']:.1%}, "
             f"added {s['added']:.1%}; {s['removed']:.1%} of the old text removed.</p>"]
    for title, df, col in (("New formulations (新提法)", c.new_formulations, "new_count"),
                           ("Dropped formulations", c.dropped_formulations, "old_count")):
        if len(df):
            items = "、".join(f"{e(str(t))}({int(k)})" for t, k in zip(df["term"], df[col]))
            parts.append(f"<p><b>{title}</b>: {items}</p>")
    tg = c.rows("target", ["changed", "added", "removed"])
    if len(tg):
        items = "; ".join(f"{e(str(t))}: {e(str(o or '—'))} → {e(str(n or '—'))}"
                          for t, o, n in zip(tg["term"], tg["old_value"], tg["new_value"]))
        parts.append(f"<p><b>Targets</b>: {items}</p>")
    return "".join(parts)


def _html(c: Comparison, context: int, full_page: bool) -> str:
    s = c.rows("sentence")
    changes = s["change"].tolist()
    show = [False] * len(changes)
    for i, ch in enumerate(changes):
        if ch != "kept":
            for k in range(max(0, i - context), min(len(changes), i + context + 1)):
                show[k] = True
    e = html.escape
    body = []
    hidden = 0
    for i, rec in enumerate(s.itertuples(index=False)):
        if not show[i]:
            hidden += 1
            continue
        if hidden:
            body.append(f"<tr><td colspan='3' style='color:#888;text-align:center'>… {hidden} "
                        "unchanged sentences …</td></tr>")
            hidden = 0
        old_t = "" if rec.old_text is None else rec.old_text
        new_t = "" if rec.new_text is None else rec.new_text
        if rec.change in ("changed", "moved") and old_t != new_t:
            old_h, new_h = _diff_html(old_t, new_t)
        else:
            old_h, new_h = e(old_t), e(new_t)
        label = _LABELS[rec.change]
        if rec.change in ("changed", "moved"):
            label += f" {rec.similarity:.2f}"
        bg = _COLOURS[rec.change]
        body.append(f"<tr style='background:{bg}'><td style='vertical-align:top;width:45%'>{old_h}</td>"
                    f"<td style='vertical-align:top;width:45%'>{new_h}</td>"
                    f"<td style='white-space:nowrap;color:#555'>{e(label)}</td></tr>")
    if hidden:
        body.append(f"<tr><td colspan='3' style='color:#888;text-align:center'>… {hidden} "
                    "unchanged sentences …</td></tr>")
    table = ("<table style='border-collapse:collapse;width:100%;font-size:13px'>"
             f"<tr><th>{e(str(c.old.doc_id))}</th><th>{e(str(c.new.doc_id))}</th><th></th></tr>"
             + "".join(body) + "</table>")
    out = f"<div class='policytext-compare'>{_summary_html(c)}{table}</div>"
    if full_page:
        out = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
               f"{e(str(c.old.doc_id))} → {e(str(c.new.doc_id))}</title></head><body>{out}"
               "</body></html>")
    return out


def _markdown(c: Comparison) -> str:
    s = c.summary
    lines = [f"# {c.old.doc_id} → {c.new.doc_id}", "",
             f"New text kept {s['kept']:.1%}, changed {s['changed']:.1%}, moved {s['moved']:.1%}, "
             f"added {s['added']:.1%}; {s['removed']:.1%} of the old text removed.", ""]
    for title, df, col in (("New formulations", c.new_formulations, "new_count"),
                           ("Dropped formulations", c.dropped_formulations, "old_count")):
        lines += [f"## {title} ({len(df)})", ""]
        lines += [f"- {t} ({int(k)})" for t, k in zip(df["term"], df[col])] or ["(none)"]
        lines.append("")
    tg = c.rows("target", ["changed", "added", "removed"])
    if len(tg):
        lines += ["## Targets", ""]
        lines += [f"- {t}: {o or '—'} → {n or '—'}"
                  for t, o, n in zip(tg["term"], tg["old_value"], tg["new_value"])]
        lines.append("")
    sec = c.rows("section", ["changed", "moved", "added", "removed"])
    if len(sec):
        lines += ["## Sections", ""]
        for r in sec.itertuples(index=False):
            lines.append(f"- {r.change}: {r.old_text or '—'} → {r.new_text or '—'}")
        lines.append("")
    sent = c.rows("sentence", ["changed", "moved", "added", "removed"])
    lines += [f"## Sentences ({len(sent)} not kept)", ""]
    for r in sent.itertuples(index=False):
        if r.change == "added":
            lines.append(f"- added: {r.new_text}")
        elif r.change == "removed":
            lines.append(f"- removed: {r.old_text}")
        else:
            lines.append(f"- {r.change} ({r.similarity:.2f}): {_diff_md(r.old_text, r.new_text)}")
    return "\n".join(lines) + "\n"


def format_comparison(c: Comparison, fmt: str = "md", *, context: int = 1,
                      full_page: bool = False) -> str:
    """A comparison as ``md`` (formulations, targets, sections and changed sentences, with
    ``[-removed-]{+added+}`` marks) or ``html`` (the side-by-side view)."""
    if fmt == "md":
        return _markdown(c)
    if fmt == "html":
        return _html(c, context, full_page)
    raise ValueError(f"unknown format {fmt!r}; valid: 'md', 'html'")
