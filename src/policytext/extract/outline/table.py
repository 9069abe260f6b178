"""The outline of one text or a corpus as nodes, rows and a typed table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ...corpus import Corpus, Document, as_documents
from .._frames import typed_frame
from .structure import OutlineNode, analyse

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


#: Columns of :func:`outline` and their dtypes.
OUTLINE_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "node_id": "int64",
    "parent_id": "Int64",
    "depth": "int64",
    "kind": "object",
    "marker": "object",
    "style": "object",
    "ordinal": "int64",
    "title": "object",
    "title_end_known": "bool",
    "start": "int64",
    "end": "int64",
}


# --- public API -----------------------------------------------------------------------------------
def iter_outline(text: str) -> Iterator[OutlineNode]:
    """Yield the outline nodes of one text, in document order.

    Parameters
    ----------
    text
        The (cleaned) text.

    Yields
    ------
    OutlineNode
        Headings and items; ``text[node.start:node.end]`` is the node's section.

    Examples
    --------
    >>> [(n.marker, n.depth, n.title) for n in iter_outline("一、总体要求\\n（一）坚持党的领导。\\n二、主要任务")]
    [('一、', 1, '总体要求'), ('（一）', 2, '坚持党的领导'), ('二、', 1, '主要任务')]
    """
    if not isinstance(text, str):
        raise TypeError(f"iter_outline expects a str, got {type(text).__name__}")
    yield from analyse(text)


def outline_rows(
    doc: Document | str, *, kinds: Iterable[str] = ("heading", "item")
) -> list[tuple]:
    """The rows :func:`outline` gives for one document, as plain tuples in
    :data:`OUTLINE_COLUMNS` order (``parent_id`` None at the top; no pandas).

    >>> [r[1:4] + r[8:] for r in outline_rows("一、总体要求\\n（一）坚持党的领导。")]
    [(0, None, 1, '总体要求', True, 0, 17), (1, 0, 2, '坚持党的领导', True, 7, 17)]
    """
    keep = _check_kinds(kinds)
    if not isinstance(doc, Document):
        (doc,) = as_documents(doc)
    return _rows(doc, keep)


def _check_kinds(kinds: Iterable[str]) -> set[str]:
    kinds = set(kinds)
    bad = kinds - {"heading", "item"}
    if bad:
        raise ValueError(f"unknown kinds {sorted(bad)}; valid: 'heading', 'item'")
    return kinds


def _rows(doc: Document, kinds: set[str]) -> list[tuple]:
    doc_id = doc.doc_id
    both = len(kinds) == 2
    return [
        (doc_id, n.node_id, n.parent_id, n.depth, n.kind, n.marker, n.style, n.ordinal, n.title,
         n.title_end_known, n.start, n.end)
        for n in analyse(doc.text)
        if both or n.kind in kinds
    ]


def outline(
    docs: str | Document | Corpus | Iterable[Document], *, kinds: Iterable[str] = ("heading", "item")
) -> pd.DataFrame:
    """The outline of each document: headings and enumeration items.

    Parameters
    ----------
    docs
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        an iterable of documents.
    kinds
        Which nodes to keep: ``"heading"``, ``"item"`` or both (default).

    Returns
    -------
    pandas.DataFrame
        One row per node, in document order, with columns (dtypes stay the same when empty):

        ========================  ========  ====================================================
        doc_id                    object    the document's id
        node_id                   int64     0, 1, … within the document (all nodes, whatever
                                            ``kinds`` keeps)
        parent_id                 Int64     node_id of the enclosing node, <NA> at the top
        depth                     int64     1 for top-level nodes
        kind                      object    ``heading`` or ``item``
        marker                    object    the marker as written (``（一）``, ``一是``)
        style                     object    ``第X部分``/``第X编``/``第X章``/``第X节``/``第X条``,
                                            ``一、`` ``（一）`` ``㈠`` ``1.`` ``1、`` ``（1）``
                                            ``①``; items ``一是`` ``一要`` ``其一`` ``第一，``
                                            ``首先``
        ordinal                   int64     the number the marker stands for
        title                     object    the title (or the item's first sentence)
        title_end_known           bool      False where the title's end was guessed
        start                     int64     offset of the marker
        end                       int64     end of the node's section (``text[start:end]`` is
                                            the marker, title and body, sub-nodes included)
        ========================  ========  ====================================================

    Examples
    --------
    >>> df = outline("下面，我讲两点意见。一、关于学习。要学深悟透。二、关于落实。")
    >>> df[["marker", "depth", "title", "title_end_known"]].values.tolist()
    [['一、', 1, '关于学习', True], ['二、', 1, '关于落实', True]]
    """
    keep = _check_kinds(kinds)
    return typed_frame([r for d in as_documents(docs) for r in _rows(d, keep)], OUTLINE_COLUMNS)
