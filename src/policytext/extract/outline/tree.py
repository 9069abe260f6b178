"""The :class:`Outline` object: tree views, section spans and Markdown export."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from ...corpus import Corpus, Document, as_documents
from .formatting import format_outline
from .table import outline


class Outline:
    """An outline with the texts it came from: tree views, sections and Markdown export.

    Parameters
    ----------
    docs
        Anything :func:`outline` accepts.

    Attributes
    ----------
    frame : pandas.DataFrame
        The :func:`outline` table.

    Examples
    --------
    >>> o = Outline("一、总体要求\\n要坚持稳中求进。\\n二、主要任务\\n（一）扩大内需。")
    >>> print(o.tree())
    一、总体要求
    二、主要任务
      （一）扩大内需
    <BLANKLINE>
    >>> o.section(1)
    '二、主要任务\\n（一）扩大内需。'
    """

    def __init__(self, docs: str | Document | Corpus | Iterable[Document]):
        self.documents = as_documents(docs)
        self.frame = outline(self.documents)
        self._texts = {d.doc_id: d.text for d in self.documents}

    def __len__(self) -> int:
        return len(self.frame)

    def _doc(self, doc_id: str | None) -> str:
        if doc_id is None:
            if len(self._texts) != 1:
                raise ValueError(
                    f"this outline covers {len(self._texts)} documents; pass doc_id "
                    f"(one of {list(self._texts)[:5]}…)"
                )
            return next(iter(self._texts))
        if doc_id not in self._texts:
            raise KeyError(f"doc_id {doc_id!r} not in outline; valid: {list(self._texts)[:10]}")
        return doc_id

    def _row(self, node_id: int, doc_id: str | None) -> Any:
        did = self._doc(doc_id)
        sel = self.frame[(self.frame["doc_id"] == did) & (self.frame["node_id"] == node_id)]
        if sel.empty:
            raise KeyError(f"no node {node_id} in document {did!r}")
        return sel.iloc[0]

    def section(self, node_id: int, doc_id: str | None = None) -> str:
        """The whole section of a node (marker, title, body and sub-nodes)."""
        row = self._row(node_id, doc_id)
        return self._texts[row["doc_id"]][int(row["start"]):int(row["end"])]

    def sections(self, *, kind: str | None = "heading", depth: int | None = None) -> Corpus:
        """Every section as a :class:`~policytext.corpus.Corpus`, so any extractor runs per section.

        Document ids are ``"<doc_id>#<node_id>"``; each carries docvars ``parent_doc``,
        ``node_id``, ``marker``, ``title``, ``depth`` and ``offset`` (section start in the
        parent document).

        Examples
        --------
        >>> o = Outline("一、发展\\n推动高质量发展。\\n二、安全\\n统筹发展和安全。")
        >>> [d.meta["title"] for d in o.sections() if "高质量发展" in d.text]
        ['发展']
        """
        df = self.frame
        if kind is not None:
            df = df[df["kind"] == kind]
        if depth is not None:
            df = df[df["depth"] == depth]
        docs = []
        for r in df.itertuples(index=False):
            text = self._texts[r.doc_id][r.start:r.end]
            docs.append(Document(
                text=text, doc_id=f"{r.doc_id}#{r.node_id}",
                meta={"parent_doc": r.doc_id, "node_id": int(r.node_id), "marker": r.marker,
                      "title": r.title, "depth": int(r.depth), "offset": int(r.start)},
            ))
        return Corpus(docs)

    def tree(self, doc_id: str | None = None) -> str:
        """An indented text tree (two spaces per level)."""
        df = self.frame if doc_id is None else self.frame[self.frame["doc_id"] == doc_id]
        multi = df["doc_id"].nunique() > 1
        out, last = [], None
        for r in df.itertuples(index=False):
            if multi and r.doc_id != last:
                out.append(f"# {r.doc_id}")
                last = r.doc_id
            guess = "" if r.title_end_known else "…"
            out.append("  " * (r.depth - 1) + f"{r.marker}{r.title}{guess}")
        return "\n".join(out) + ("\n" if out else "")

    def to_markdown(self, doc_id: str | None = None) -> str:
        """Markdown: headings as ``#``-levels, items as list entries."""
        return format_outline(
            self.frame if doc_id is None else self.frame[self.frame["doc_id"] == doc_id], "md"
        )

    def __repr__(self) -> str:
        return f"Outline(n_docs={len(self._texts)}, n_nodes={len(self.frame)})\n" + self.tree()

    def _repr_html_(self) -> str:
        parts = ["<div class='policytext-outline'>"]
        last = None
        for r in self.frame.itertuples(index=False):
            if r.doc_id != last and len(self._texts) > 1:
                parts.append(f"<h4>{html.escape(str(r.doc_id))}</h4>")
                last = r.doc_id
            style = "font-weight:bold" if r.kind == "heading" else "color:#555"
            guess = "" if r.title_end_known else " <span title='title end guessed'>…</span>"
            parts.append(
                f"<div style='margin-left:{1.5 * (r.depth - 1)}em;{style}'>"
                f"{html.escape(r.marker)}{html.escape(r.title)}{guess}"
                f" <small style='color:#999'>[{r.start}:{r.end}]</small></div>"
            )
        if len(self.frame) == 0:
            parts.append("<i>no headings or items found</i>")
        parts.append("</div>")
        return "".join(parts)
