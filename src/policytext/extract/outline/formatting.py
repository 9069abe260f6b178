"""Rendering an outline table for the command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


_JSONL_FIELDS = ("marker", "ordinal", "depth", "kind", "title", "start", "end")


def format_outline(df: pd.DataFrame, fmt: str) -> str:
    """Render an :func:`outline` table for the command line.

    Parameters
    ----------
    df
        The outline table; a ``doc`` column (the path as the user gave it) is used for the
        ``doc`` field when present, else ``doc_id``.
    fmt
        ``json`` (one array), ``jsonl`` (one object per line with ``doc``, ``marker``,
        ``ordinal``, ``depth``, ``kind``, ``title``, ``start``, ``end``), ``md`` (Markdown) or
        ``tree`` (indented text).

    Returns
    -------
    str
        The rendering, ending with a newline unless empty.
    """
    fmts = ("json", "jsonl", "md", "tree")
    if fmt not in fmts:
        raise ValueError(f"unknown outline format {fmt!r}; valid: {', '.join(fmts)}")
    doc_col = "doc" if "doc" in df.columns else "doc_id"
    records = []
    for r in df.to_dict("records"):
        rec = {"doc": r[doc_col]}
        for f in _JSONL_FIELDS:
            v = r[f]
            rec[f] = int(v) if f in ("ordinal", "depth", "start", "end") else v
        if "title_end_known" in r:
            rec["title_end_known"] = bool(r["title_end_known"])
        records.append(rec)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    multi = len({r["doc"] for r in records}) > 1
    out: list[str] = []
    last = None
    for r in records:
        if multi and r["doc"] != last:
            out.append(f"# {r['doc']}" if fmt == "md" else f"== {r['doc']}")
            last = r["doc"]
        guess = "" if r.get("title_end_known", True) else "…"
        if fmt == "tree":
            out.append("  " * (r["depth"] - 1) + f"{r['marker']}{r['title']}{guess}")
        elif r["kind"] == "heading":
            level = min(6, r["depth"] + (1 if multi else 0))
            out.append(f"{'#' * level} {r['marker']}{r['title']}{guess}")
        else:
            out.append("  " * max(0, r["depth"] - 2) + f"- {r['marker']}{r['title']}{guess}")
    return "\n".join(out) + ("\n" if out else "")
