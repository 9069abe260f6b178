"""A self-contained HTML report of an analysis: one file, charts and font inside.

:func:`write_report` takes the tables an analysis produced (``documents``, ``terms``,
``trends``, ``themes``, ``keyness``, ``slogans``, ``first_seen``, ``outline``; any may be
missing) and writes one HTML page: charts are embedded as base64 PNG, the CSS is inline and
the page links to nothing outside itself. So that the Chinese text of the page shows on a
machine without a CJK font, a subset of the bundled font holding just the characters the page
uses is embedded too (a few hundred kB; ``embed_font=False`` leaves it out).
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext import plot

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["MAX_COMPARED_DOCS", "TREND_TERMS", "DocumentSummary", "corpus_shape",
           "document_summary", "is_formulation", "occurrence_summaries", "per_document", "slogan_summary",
           "term_summary", "write_report"]

#: Lexicon categories left out of the formulations sections: institutions, meetings and
#: document types (省委, 国务院, 政府工作报告) are named everywhere and formulate nothing.
NOT_FORMULATIONS = ("organ", "meeting", "doctype")
_SENTENCE_MARKS = frozenset("，。！？；：,.!?;")


def is_formulation(term: Any) -> bool:
    """Whether a quoted or extracted item reads as a formulation (提法) rather than a quoted
    sentence: at most 16 characters, with no sentence punctuation."""
    text = str(term)
    return len(text) <= 16 and not _SENTENCE_MARKS.intersection(text)

#: Terms the trend chart shows by default when the corpus has them: the classic contrast of
#: the reform era, the new development stage and party-building language.
TREND_TERMS: tuple[str, ...] = ("改革开放", "高质量发展", "四个意识", "新质生产力")

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0072B2; --bad: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.6; font-size: 16px;
  font-family: "Policytext Sans SC", -apple-system, "Segoe UI", "Helvetica Neue", Arial,
  "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.9em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.35em; margin: 2em 0 0.6em; padding-bottom: 0.25em;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1em; margin: 1.4em 0 0.4em; }
p.lead, p.note, figcaption { color: var(--muted); }
p.note { font-size: 0.9em; }
nav ol { columns: 2; padding-left: 1.4em; margin: 0.6em 0 0; }
nav a, a { color: var(--accent); text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.card b { display: block; font-size: 1.5em; }
.card span { color: var(--muted); font-size: 0.9em; }
.card.bad b { color: var(--bad); }
figure { margin: 16px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eef0f2; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td:first-child { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.bad td { background: #fff5ef; }
.status-error { color: var(--bad); font-weight: 600; }
details { margin: 6px 0; }
summary { cursor: pointer; }
ul.outline { margin: 4px 0; padding-left: 1.3em; }
ul.outline li.item { color: var(--muted); }
.ok { color: #009E73; }
footer { margin-top: 48px; color: var(--muted); font-size: 0.85em; }
"""

_COLUMN_LABELS = {
    "doc_id": "文档",
    "path": "路径",
    "status": "状态",
    "error": "原因",
    "title": "标题",
    "date": "日期",
    "year": "年份",
    "genre": "文种",
    "speaker": "讲话人",
    "n_chars": "字数",
    "term": "术语",
    "category": "类别",
    "count": "词频",
    "per_10k": "每万字频次",
    "n_docs": "文档数",
    "score": "权重",
    "rank": "排名",
    "count_target": "目标语料频次",
    "count_reference": "参照语料频次",
    "g2": "G²",
    "log_ratio": "对数比",
    "p_value": "p 值",
    "direction": "偏向",
    "first_year": "首现年份",
    "last_year": "末现年份",
    "n_years": "出现年数",
    "kind": "类型",
    "sentence": "例句",
    "quoted": "带引号",
    "terms": "主题词",
    "share": "占比",
    "n_terms": "提法数",
    "formulations": "独有的提法（次数）",
}


def write_report(
    tables: Mapping[str, pd.DataFrame | None],
    path: str | os.PathLike[str],
    *,
    title: str = "policytext report",
    max_rows: int = 30,
    max_docs: int = 100,
    embed_font: bool = True,
    charts_dir: str | os.PathLike[str] | None = None,
    doc_counts: Mapping[str, int] | None = None,
) -> Path:
    """Write a one-file HTML report of an analysis.

    Parameters
    ----------
    tables
        DataFrames by name. Used when present (others are ignored, missing ones skipped):

        ``documents``
            ``doc_id, path, status`` (``ok``/``error``/``skipped``), ``error, title, date,
            year, genre, speaker, n_chars``
        ``terms``
            ``doc_id, term, category, count, per_10k``
        ``trends``
            ``year, term, count, n_docs, docs_with_term, doc_share, per_10k``
        ``themes``
            ``doc_id, term, score, rank``
        ``keyness``
            ``year, term, count_target, count_reference, g2, chi2, log_ratio, p_value,
            direction, category, target_docs``
        ``slogans``
            ``doc_id, term, surface, kind, category, quoted, start, end, sentence``
        ``first_seen``
            ``term, category, first_year, last_year, n_years``
        ``outline``
            ``doc_id, node_id, parent_id, depth, kind, marker, style, ordinal, title, start,
            end``
        ``targets``
            :func:`~policytext.extract.targets.targets` rows: ``doc_id, indicator,
            canonical, value, value_high, unit, qualifier, kind, year`` (a table per
            document; over several years, each main indicator's targets against results)
        ``term_summary``, ``slogan_summary``
            :func:`term_summary` and :func:`slogan_summary` of the ``terms`` and ``slogans``
            tables, used instead of them: for a corpus whose occurrence tables do not fit
            in memory they can be made from chunks of the files (the batch runner does).
        ``document_summary``
            A :class:`DocumentSummary` (:func:`document_summary`) used instead of
            ``documents``, for the same reason: one row per input of millions.
        ``terms_by_doc``, ``slogans_by_doc``
            :func:`per_document` of the ``terms`` and ``slogans`` tables (made from them when
            they are given whole; :func:`occurrence_summaries` makes both kinds of summary
            from chunks in one pass): the cross-section's comparisons of documents.

        Which sections the page has follows :func:`corpus_shape`: a time series gets trends,
        the heatmap over years, first/last seen and keyness (one year against the others);
        a cross-section gets the terms × document heatmap and the formulations shared by the
        documents or unique to one; one document gets its outline and formulations. Terms,
        themes, formulations, outlines and the document list are in every report.
    path
        The HTML file to write (parent folders are created).
    title
        Page title.
    max_rows
        Rows shown per table; the number left out is stated under the table. The table of
        failed inputs is never cut.
    max_docs
        Documents shown in the per-document sections (themes, outlines); the notes under
        them say how many there are in all.
    embed_font
        Embed a subset of the bundled CJK font so the page reads on machines without one.
    charts_dir
        Also save every chart as a PNG file in this folder (``terms.png``, ``trends.png``,
        ``heatmap.png``, ``timeline.png``, ``keyness.png``, ``outline.png``).
    doc_counts
        Documents with rows in the ``themes`` and ``outline`` tables, when the tables given
        hold only the first ``max_docs`` documents' rows (the notes under those sections
        state the total).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    builder = _Report(
        tables, max_rows=max_rows, max_docs=max_docs,
        charts_dir=Path(charts_dir) if charts_dir is not None else None, doc_counts=doc_counts,
    )
    body = builder.build()
    page = _page(title, builder.toc, body, embed_font=embed_font)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------------
# Summaries of the occurrence tables, from one frame or from chunks
# --------------------------------------------------------------------------------------------
#: Columns of :func:`term_summary` (those of the input it has).
TERM_SUMMARY_COLUMNS = ("term", "count", "n_docs", "category", "per_10k")
#: Columns of :func:`slogan_summary` (those of the input it has).
SLOGAN_SUMMARY_COLUMNS = ("term", "count", "n_docs", "kind", "category", "sentence", "quoted")


def _summary(
    frames: pd.DataFrame | Iterable[pd.DataFrame],
    sums: Mapping[str, str],
    firsts: Sequence[str],
    means: Mapping[str, str],
) -> pd.DataFrame:
    """Per term, over a table given whole or in chunks (in table order, each document's rows
    together): ``sums`` (output column → ``"size"`` for the rows, or the column summed),
    ``n_docs`` (distinct documents), the first non-null value of each of ``firsts``, and the
    mean of each of ``means`` (output column → column). Terms in order of first appearance,
    as ``groupby(sort=False)`` of the whole table gives them."""
    import pandas as pd

    partials = []
    open_doc: Any = None  # the document the last chunk ended in, and its terms so far
    open_terms: set[str] = set()
    overlap: dict[str, int] = {}  # (term, document) pairs counted in two chunks
    for chunk in [frames] if isinstance(frames, pd.DataFrame) else frames:
        if chunk.empty:
            continue
        g = chunk.groupby("term", sort=False)
        part = pd.DataFrame({"n_rows": g.size()})
        for column in dict.fromkeys(c for c in (*sums.values(), *means.values()) if c != "size"):
            if column in chunk:
                part[f"sum:{column}"] = g[column].sum()
                part[f"n:{column}"] = g[column].count()  # a mean skips missing values
        for column in firsts:
            if column in chunk:
                part[column] = g[column].first()
        if "doc_id" in chunk:
            part["n_docs"] = g["doc_id"].nunique()
            docs = chunk["doc_id"]
            here = set(chunk.loc[docs == open_doc, "term"]) if docs.iloc[0] == open_doc else set()
            for term in open_terms & here:
                overlap[term] = overlap.get(term, 0) + 1
            last = docs.iloc[-1]
            if last == open_doc:
                open_terms |= here
            else:
                open_doc, open_terms = last, set(chunk.loc[docs == last, "term"])
        partials.append(part)
    columns = ["term", *sums, "n_docs", *firsts, *means]
    if not partials:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    both = pd.concat(partials)
    g = both.groupby(level=0, sort=False)
    out = pd.DataFrame(index=g.size().index)
    n_rows = g["n_rows"].sum()
    for name, column in sums.items():
        out[name] = n_rows if column == "size" else g[f"sum:{column}"].sum()
    if "n_docs" in both:
        out["n_docs"] = g["n_docs"].sum() - pd.Series(overlap, dtype="int64").reindex(
            out.index, fill_value=0)
    for column in firsts:
        if column in both:
            out[column] = g[column].first()
    for name, column in means.items():
        if f"sum:{column}" in both:
            out[name] = g[f"sum:{column}"].sum() / g[f"n:{column}"].sum()
    out.index.name = "term"
    return out.reset_index()[[c for c in columns if c in out.columns or c == "term"]]


def term_summary(terms: pd.DataFrame | Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The terms section's table from the ``terms`` table (whole, or in chunks in table order):
    per term its ``count`` (sum), ``category`` (first), ``per_10k`` (mean over the documents
    that have the term) and ``n_docs``; in order of first appearance."""
    return _summary(terms, {"count": "count"}, ["category"], {"per_10k": "per_10k"})


@dataclass
class DocumentSummary:
    """What the report shows of the ``documents`` table, made by :func:`document_summary`
    from the table whole or in chunks (so a corpus of millions of inputs is never read back
    whole).

    Attributes
    ----------
    n
        Rows (inputs).
    status_counts
        Inputs per ``status`` value (``ok``, ``error``, ``skipped``).
    years
        ``ok`` documents per year (years as ``int``, in order of first appearance).
    n_chars
        Characters of the ``ok`` documents, or None without an ``n_chars`` column.
    genres
        ``ok`` documents per genre, as ``value_counts()`` orders them (None without a
        ``genre`` column or with no genre).
    head
        The first rows of the table (``head`` of :func:`document_summary`).
    failed
        Every row whose status is not ``ok``.
    titles
        ``doc_id`` → title of the documents asked for (all, for a table given whole).
    ok_order
        ``doc_id`` → position among the ``ok`` documents, of the documents asked for (None
        without a ``doc_id`` column).
    has_status
        Whether the table has a ``status`` column.
    """

    n: int
    status_counts: dict[str, int]
    years: dict[int, int]
    n_chars: int | None
    genres: pd.Series | None
    head: pd.DataFrame
    failed: pd.DataFrame
    titles: dict[Any, str]
    ok_order: dict[Any, int] | None
    has_status: bool


def document_summary(
    documents: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    head: int = 30,
    doc_ids: Iterable[Any] | None = None,
) -> DocumentSummary:
    """:class:`DocumentSummary` of the ``documents`` table, given whole or in chunks (in table
    order): what :func:`write_report` shows of it, with the titles and ``ok`` positions of
    ``doc_ids`` only (None: of every document)."""
    import pandas as pd

    wanted = None if doc_ids is None else set(doc_ids)
    n, n_ok_before, n_chars = 0, 0, None
    status_counts: dict[str, int] = {}
    years: dict[int, int] = {}
    genres: dict[str, int] = {}
    heads: list[pd.DataFrame] = []
    failed: list[pd.DataFrame] = []
    titles: dict[Any, str] = {}
    ok_order: dict[Any, int] = {}
    has_status = has_genre = False
    columns: list[str] = []
    for chunk in [documents] if isinstance(documents, pd.DataFrame) else documents:
        if not columns:
            columns = list(chunk.columns)
        if n < head:
            heads.append(chunk.head(head - n))
        n += len(chunk)
        has_status = "status" in chunk
        if has_status:
            status = chunk["status"].astype(str)
            for value, count in status.value_counts(sort=False).items():
                status_counts[value] = status_counts.get(value, 0) + int(count)
            ok = chunk[status == "ok"]
            failed.append(chunk[status != "ok"])
        else:
            ok = chunk
        if "year" in ok:
            for y in ok["year"].dropna().astype(int):
                years[y] = years.get(y, 0) + 1
        if "n_chars" in ok:
            n_chars = (n_chars or 0) + int(ok["n_chars"].fillna(0).sum())
        if "genre" in ok:
            has_genre = has_genre or bool(ok["genre"].notna().any())
            for g in ok["genre"].dropna().astype(str):
                genres[g] = genres.get(g, 0) + 1
        if "doc_id" in chunk:
            ids = ok["doc_id"].tolist()
            for k, d in enumerate(ids):
                if wanted is None or d in wanted:
                    ok_order.setdefault(d, n_ok_before + k)
            n_ok_before += len(ids)
            if "title" in chunk:
                for d, t in zip(chunk["doc_id"], chunk["title"], strict=True):
                    if isinstance(t, str) and t and (wanted is None or d in wanted):
                        titles[d] = t
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    genre_counts = None
    if has_genre:  # value_counts' order: by count, from the counts in order of first appearance
        genre_counts = pd.Series(list(genres.values()), index=list(genres), dtype="int64"
                                 ).sort_values(ascending=False, kind="stable")
    return DocumentSummary(
        n=n, status_counts=status_counts, years=years, n_chars=n_chars, genres=genre_counts,
        head=pd.concat(heads, ignore_index=True) if heads else empty,
        failed=pd.concat(failed, ignore_index=True) if failed else empty,
        titles=titles, ok_order=ok_order if "doc_id" in columns else None,
        has_status=has_status)


def slogan_summary(slogans: pd.DataFrame | Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The slogans section's table from the ``slogans`` table (whole, or in chunks in table
    order): per formulation its ``count`` (rows), ``n_docs``, first ``kind``, ``category`` and
    ``sentence``, and ``quoted`` (the share of quoted rows); in order of first appearance."""
    return _summary(slogans, {"count": "size"}, ["kind", "category", "sentence"],
                    {"quoted": "quoted"})


#: Documents up to which the report compares documents one by one (a cross-section).
MAX_COMPARED_DOCS = 100


def per_document(
    frames: pd.DataFrame | Iterable[pd.DataFrame], *, max_docs: int = MAX_COMPARED_DOCS
) -> pd.DataFrame | None:
    """Occurrences per document and term of a ``terms`` table (summing ``count``) or a
    ``slogans`` table (counting rows), given whole or in chunks: columns ``doc_id``, ``term``,
    ``category``, ``kind`` and ``per_10k`` (when the input has them), ``count``. None when the
    table holds more than ``max_docs`` documents (the report compares documents one by one only
    for fewer)."""
    import pandas as pd

    parts: list[pd.DataFrame] = []
    docs: set[Any] = set()
    for chunk in [frames] if isinstance(frames, pd.DataFrame) else frames:
        if chunk.empty or "doc_id" not in chunk:
            continue
        docs.update(chunk["doc_id"].unique())
        if len(docs) > max_docs:
            return None
        keys = ["doc_id", "term"]
        g = chunk.groupby(keys, sort=False)
        part = (g["count"].sum() if "count" in chunk else g.size()).rename("count").to_frame()
        if "per_10k" in chunk:  # a document's rate of a term is the sum of its rows' rates
            part["per_10k"] = g["per_10k"].sum()
        for column in ("category", "kind"):
            if column in chunk:
                part[column] = g[column].first()
        parts.append(part.reset_index())
    if not parts:
        return None
    both = pd.concat(parts, ignore_index=True)
    agg = {
        "count": "sum",
        **({"per_10k": "sum"} if "per_10k" in both else {}),
        **{c: "first" for c in ("category", "kind") if c in both},
    }
    return both.groupby(["doc_id", "term"], sort=False, as_index=False).agg(agg)


def occurrence_summaries(name: str, chunks: Iterable[pd.DataFrame]) -> dict[str, Any]:
    """What the report takes of a ``terms`` or ``slogans`` table read in chunks, in one pass:
    ``{name}_summary`` (:func:`term_summary` / :func:`slogan_summary`) and ``{name}_by_doc``
    (:func:`per_document`, None for a corpus of more than :data:`MAX_COMPARED_DOCS`
    documents)."""
    kept: list[pd.DataFrame] = []
    too_many = False
    seen: set[Any] = set()

    def tee() -> Iterable[pd.DataFrame]:
        nonlocal too_many
        for chunk in chunks:
            if not too_many and "doc_id" in chunk:
                seen.update(chunk["doc_id"].unique())
                too_many = len(seen) > MAX_COMPARED_DOCS
                kept.append(per_document(chunk) if not too_many else None)
            yield chunk

    if name == "terms":
        out: dict[str, Any] = {"term_summary": term_summary(tee())}
    else:
        out = {"slogan_summary": slogan_summary(tee())}
    frames = [k for k in kept if k is not None]
    out[f"{name}_by_doc"] = None if too_many or not frames else per_document(frames)
    return out


def corpus_shape(docs: DocumentSummary | None, tables: Mapping[str, Any] | None = None) -> str:
    """What the report is given: ``"series"`` (documents of three years or more: trends over
    time), ``"cross-section"`` (several documents of one or two years, or of unknown years:
    documents compared with each other) or ``"single"`` (one document)."""
    tables = tables or {}
    if docs is not None:
        n_docs = docs.status_counts.get("ok", 0) if docs.has_status else docs.n
        n_years = len(docs.years)
    else:
        n_docs, n_years = 0, 0
        for name in ("terms", "themes", "outline", "slogans"):
            frame = tables.get(name)
            if frame is not None and "doc_id" in frame:
                n_docs = max(n_docs, frame["doc_id"].nunique())
        trends = tables.get("trends")
        if trends is not None and "year" in trends:
            n_years = trends["year"].nunique()
        if n_docs == 0 and n_years:
            n_docs = 2  # only yearly tables: at least as many documents as years
    if n_docs <= 1:
        return "single"
    return "series" if n_years >= 3 else "cross-section"


# --------------------------------------------------------------------------------------------
# Page assembly
# --------------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _page(title: str, toc: list[tuple[str, str]], body: str, *, embed_font: bool) -> str:
    nav = "".join(f'<li><a href="#{_e(a)}">{_e(h)}</a></li>' for a, h in toc)
    main = (
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="lead">policytext 分析报告 · 本页自包含，无外部链接</p>'
        f'<nav aria-label="目录"><ol>{nav}</ol></nav></header>'
        f"{body}"
        "<footer>Generated by policytext. 图表字体：Noto Sans CJK SC 子集（SIL Open Font "
        "License 1.1）。</footer>"
    )
    # the characters the page shows: its text, not the base64 data of the embedded charts
    font_css = _font_face(_DATA_URI.sub("", title + main)) if embed_font else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="policytext">\n'
        f"<title>{_e(title)}</title>\n<style>{font_css}{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{main}\n</main>\n</body>\n</html>\n"
    )


_DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def _font_face(text: str) -> str:
    """@font-face with a WOFF subset of the bundled font covering the page's characters."""
    # Every character past ASCII (… – · ≤ too): the embedded font comes first in the page's
    # font list (a web font placed after the system fonts is not waited for, and text laid
    # out before it loads shows as boxes), so it must hold all that the Latin fonts may lack.
    chars = {c for c in html.unescape(text) if ord(c) > 0x7F}
    if not chars:
        return ""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        bundled = plot.fonts.bundled_font()
        # the original timestamp, not the time of saving: the same page gives the same bytes.
        # The bounding boxes are kept from the whole font, not recomputed from the subset's
        # glyphs (which draws every CFF glyph again: 0.2–0.3 s of the ≈0.4 s save): they still
        # contain every glyph, and browsers lay text out by the hhea/OS/2 metrics, which the
        # subsetter keeps as they are either way.
        font = TTFont(str(bundled.path), recalcTimestamp=False, recalcBBoxes=False)
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        # the bundled font carries no hints: dropping them would only decompile and compile
        # every charstring again (≈0.08 s; the subset's bytes are the same either way)
        options.hinting = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # keep the licence fields
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        buf = io.BytesIO()
        font.flavor = "woff"
        font.save(buf)
    except Exception:  # the page is still useful with the reader's own fonts
        return ""
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        '@font-face { font-family: "Policytext Sans SC"; font-style: normal; font-display: block; '
        f'font-weight: 100 900; src: url(data:font/woff;base64,{data}) format("woff"); }}\n'
    )


def _png_bytes(fig: Figure) -> bytes:
    # The figures use constrained layout, so bbox_inches="tight" would only lay them out again
    # (about a third of the rendering time).
    with plot.font_context():
        plot.fonts.apply_fonts(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100, facecolor="white")
    return buf.getvalue()


def _png(fig: Figure, alt: str, caption: str = "", data: bytes | None = None) -> str:
    data = _png_bytes(fig) if data is None else data
    b64 = base64.b64encode(data).decode("ascii")
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{b64}">{cap}</figure>'


def _figure(width: float, height: float) -> Figure:
    """A Figure outside pyplot: nothing accumulates in pyplot's registry during batch runs."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


_PLAIN_INT_COLUMNS = frozenset({"year", "first_year", "last_year", "rank", "ordinal"})
# Counts that arrive as floats (a column with missing values) are still written as integers.
_COUNT_COLUMNS = frozenset(
    {"count", "n_chars", "n_docs", "count_target", "count_reference", "n_years", "start", "end"}
)


def _fmt(value: Any, column: str = "") -> tuple[str, bool]:
    """(text, is_number) for a table cell; years are written without a thousands separator."""
    import math
    import numbers

    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if column == "category" and isinstance(value, str):
        return plot.CATEGORY_LABELS.get(value, value), False
    if column in _PLAIN_INT_COLUMNS and isinstance(value, numbers.Real):
        if isinstance(value, float) and math.isnan(value):
            return "", False
        return (f"{int(value)}" if float(value).is_integer() else f"{value}"), True
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", True
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return "", False
        if column in _COUNT_COLUMNS and v.is_integer():
            return f"{int(v):,}", True
        if abs(v) < 0.001:
            return f"{v:.2e}", True
        return f"{v:,.2f}", True
    try:
        import pandas as pd

        if pd.isna(value):
            return "", False
    except (TypeError, ValueError):
        pass
    return str(value), False


def _table(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    max_rows: int | None,
    row_class: Callable[[Mapping[str, Any]], str] | None = None,
    shorten: Mapping[str, int] | None = None,
    total: int | None = None,
) -> str:
    """An HTML table of the first ``max_rows`` rows of ``df`` (of ``total`` rows: ``len(df)``
    unless ``df`` is already the first rows of a larger table)."""
    cols = [c for c in columns if c in df.columns]
    if df.empty or not cols:
        return '<p class="note">（无数据）</p>'
    shown = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{_e(_COLUMN_LABELS.get(c, c))}</th>" for c in cols)
    rows = []
    for rec in shown[cols].to_dict("records"):
        cells = []
        for c in cols:
            text, num = _fmt(rec[c], c)
            limit = (shorten or {}).get(c)
            if limit and len(text) > limit:
                text = text[: limit - 1] + "…"
            cells.append(f'<td class="num">{_e(text)}</td>' if num else f"<td>{_e(text)}</td>")
        cls = row_class(rec) if row_class else ""
        rows.append(f'<tr class="{cls}">' if cls else "<tr>")
        rows.append("".join(cells) + "</tr>")
    total = len(df) if total is None else total
    omitted = total - len(shown)
    note = (
        f'<p class="note">共 {total:,} 行，另有 {omitted:,} 行未显示。</p>' if omitted > 0 else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


class _Report:
    def __init__(
        self, tables: Mapping[str, Any], *, max_rows: int, max_docs: int, charts_dir: Path | None = None,
        doc_counts: Mapping[str, int] | None = None,
    ) -> None:
        import pandas as pd

        self.charts_dir = charts_dir
        self.doc_counts = dict(doc_counts or {})

        self.t: dict[str, pd.DataFrame] = {
            k: v for k, v in tables.items() if isinstance(v, pd.DataFrame)
        }
        summary = tables.get("document_summary")
        if not isinstance(summary, DocumentSummary) and "documents" in self.t:
            summary = document_summary(self.t["documents"], head=max_rows)
        self.docs: DocumentSummary | None = summary if isinstance(summary, DocumentSummary) else None
        self.by_doc: dict[str, pd.DataFrame] = {}
        for name in ("terms", "slogans"):
            given = tables.get(f"{name}_by_doc")
            if given is None and name in self.t:
                given = per_document(self.t[name])
            if isinstance(given, pd.DataFrame) and not given.empty:
                self.by_doc[name] = given
        self.shape = corpus_shape(self.docs, self.t)
        self.max_rows = max_rows
        self.max_docs = max_docs
        self.toc: list[tuple[str, str]] = []

    # helpers ----------------------------------------------------------------------------
    def _png(self, fig: Figure, name: str, alt: str, caption: str = "") -> str:
        """Embed the chart; also save it as ``charts_dir/<name>.png`` when asked (rendered once)."""
        data = _png_bytes(fig)
        if self.charts_dir is not None:
            self.charts_dir.mkdir(parents=True, exist_ok=True)
            (self.charts_dir / f"{name}.png").write_bytes(data)
        return _png(fig, alt, caption, data)

    def _section(self, anchor: str, heading: str, make: Callable[[], str]) -> str:
        self.toc.append((anchor, heading))
        try:
            inner = make()
        except Exception as exc:  # one bad table must not cost the whole report
            inner = (
                f'<p class="note status-error">本节无法生成：'
                f"{_e(type(exc).__name__)}: {_e(exc)}</p>"
            )
        return f'<section id="{_e(anchor)}"><h2>{_e(heading)}</h2>{inner}</section>\n'

    def _titles(self) -> dict[Any, str]:
        return self.docs.titles if self.docs is not None else {}

    def _first_docs(self, frame: pd.DataFrame) -> list[Any]:
        """The first ``max_docs`` documents of ``frame`` in the order of the documents table
        (``ok`` ones first)."""
        present = list(dict.fromkeys(frame["doc_id"]))
        order = self.docs.ok_order if self.docs is not None else None
        if order is not None:
            ordered = sorted((d for d in present if d in order), key=order.__getitem__)
            present = ordered + [d for d in present if d not in order]
        return present[: self.max_docs]

    # build ------------------------------------------------------------------------------
    def build(self) -> str:
        t = self.t
        parts = []
        series, cross = self.shape == "series", self.shape == "cross-section"
        if self.docs is not None:
            parts.append(self._section("overview", "语料概览", self.overview))
        # A time series opens with the trend over time: the picture that shows what the
        # library is for (改革开放 → 高质量发展 over seventy years). A cross-section (one year,
        # many documents) compares the documents instead; one document shows its structure.
        if "trends" in t and series:
            parts.append(self._section("trends", "提法热度趋势", self.trends))
        if "terms" in t or "term_summary" in t:
            parts.append(self._section("terms", "高频术语与提法", self.terms))
        if "trends" in t and series:
            parts.append(self._section("heatmap", "热力图", self.heatmap))
        elif "terms" in self.by_doc and self.shape != "single":
            parts.append(self._section("heatmap", "各文档术语对比", self.doc_heatmap))
        if "first_seen" in t and series:
            parts.append(self._section("first-seen", "提法首现与末现", self.first_seen))
        if "themes" in t:
            parts.append(self._section("themes", "各文档主题词", self.themes))
        if cross and ("slogans" in self.by_doc or "terms" in self.by_doc):
            parts.append(self._section("shared", "共有与独有的提法", self.shared_unique))
        if "slogans" in t or "slogan_summary" in t:
            parts.append(self._section("slogans", "数字口号与提法", self.slogans))
        if "keyness" in t and series:
            parts.append(self._section("keyness", "关键性分析", self.keyness))
        if "outline" in t:
            parts.append(self._section("outline", "文档结构", self.outline))
        if "targets" in t:
            parts.append(self._section("targets", "主要预期目标与实际", self.targets))
        if self.docs is not None:
            parts.append(self._section("documents", "文件列表", self.document_list))
            parts.append(self._section("failed", "处理失败的文件", self.failed))
        if not parts:
            parts.append('<p class="note">没有可报告的数据表。</p>')
        return "".join(parts)

    def _doc_label(self, doc_ids: Iterable[Any]) -> dict[Any, str]:
        """Short labels of documents for charts: the file name without its common suffix."""
        ids = list(doc_ids)
        suffixes = {Path(str(d)).suffix for d in ids}
        if len(suffixes) == 1 and suffixes != {""}:
            return {d: Path(str(d)).stem for d in ids}
        return {d: str(d) for d in ids}

    def doc_heatmap(self) -> str:
        by_doc = self.by_doc["terms"]
        docs = list(dict.fromkeys(by_doc["doc_id"]))
        label = self._doc_label(docs)
        frame = by_doc.assign(document=by_doc["doc_id"].map(label))
        if "category" in frame:
            frame = frame[~frame["category"].isin(NOT_FORMULATIONS)]
        n = min(30, frame["term"].nunique())
        value = "per_10k" if "per_10k" in frame else "count"
        width = min(30.0, max(10.0, 0.34 * len(docs) + 4))
        fig = _figure(width, max(3.5, 0.34 * n + 2.6))
        plot.plot_heatmap(frame, columns="document", value=value, top=30,
                          column_order="cluster", xlabel="文档",
                          title=f"提法 × 文档（{_COLUMN_LABELS[value]}）", ax=fig.subplots())
        return self._png(
            fig, "heatmap", "术语 × 文档热力图",
            f"全部 {len(docs)} 篇文档中{_COLUMN_LABELS[value]}最高的 {n} 个提法"
            "（不含机构、会议与文种名称）；列按各文档提法构成的相似程度排列",
        )

    def shared_unique(self) -> str:
        import pandas as pd

        by_doc = self.by_doc.get("slogans", self.by_doc.get("terms"))
        assert by_doc is not None
        n_docs = by_doc["doc_id"].nunique()
        if "category" in by_doc:
            by_doc = by_doc[~by_doc["category"].isin(NOT_FORMULATIONS)]
        by_doc = by_doc[by_doc["term"].map(is_formulation)]
        per_term = by_doc.groupby("term", sort=False).agg(
            n_docs=("doc_id", "nunique"), count=("count", "sum")
        ).reset_index()
        if "category" in by_doc:
            per_term["category"] = per_term["term"].map(
                by_doc.groupby("term", sort=False)["category"].first())
        shared = per_term[per_term["n_docs"] >= max(2, (n_docs + 1) // 2)].sort_values(
            ["n_docs", "count"], ascending=False, kind="stable")
        only = per_term[per_term["n_docs"] == 1][["term"]]
        unique = by_doc.merge(only, on="term").sort_values(
            ["doc_id", "count"], ascending=[True, False], kind="stable")
        label = self._doc_label(by_doc["doc_id"].unique())
        rows = [
            {"doc_id": label[d], "formulations": "、".join(
                f"{t}（{c}）" for t, c in zip(sub["term"].head(12), sub["count"].head(12),
                                            strict=True)),
             "n_terms": len(sub)}
            for d, sub in unique.groupby("doc_id", sort=True)
        ]
        frame = pd.DataFrame(rows, columns=["doc_id", "formulations", "n_terms"])
        return (
            f"<h3>共有的提法（出现在至少一半文档中，共 {n_docs} 篇）</h3>"
            + _table(shared, ["term", "category", "n_docs", "count"], max_rows=self.max_rows)
            + "<h3>各文档独有的提法</h3>"
            + _table(frame, ["doc_id", "formulations", "n_terms"], max_rows=None)
            + '<p class="note">独有：只出现在这一篇文档中的提法，括号内为次数，每篇最多列 12 个；'
            f"{n_docs - len(frame)} 篇文档没有独有的提法。不含机构、会议与文种名称。</p>"
        )

    def overview(self) -> str:
        import pandas as pd

        docs = self.docs
        assert docs is not None
        n = docs.n
        count = docs.status_counts.get
        n_ok = count("ok", 0) if docs.has_status else n
        n_err = count("error", 0) if docs.has_status else 0
        n_skip = count("skipped", 0) if docs.has_status else 0
        cards = [(f"{n:,}", "文件"), (f"{n_ok:,}", "处理成功")]
        years = docs.years
        if years:
            lo, hi = min(years), max(years)
            cards.append((f"{lo}–{hi}" if lo != hi else f"{lo}", "年份范围"))
        if docs.n_chars is not None:
            cards.append((f"{docs.n_chars:,}", "总字数"))
        html_cards = "".join(
            f'<div class="card"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in cards
        )
        bad = [(n_err, "失败"), (n_skip, "跳过")]
        html_cards += "".join(
            f'<div class="card bad"><b>{v:,}</b><span>{_e(k)}</span></div>' for v, k in bad if v
        )
        out = [f'<div class="cards">{html_cards}</div>']
        if docs.genres is not None:
            counts = docs.genres
            frame = pd.DataFrame({"genre": counts.index, "n_docs": counts.to_numpy()})
            out.append("<h3>文种分布</h3>")
            out.append(_table(frame, ["genre", "n_docs"], max_rows=self.max_rows))
        if years:
            by_year = pd.Series(years, dtype="int64")
            # many years: by decade, so the overview stays one screen long
            if len(years) > 15:
                by_year = by_year.groupby(by_year.index // 10 * 10).sum()
                by_year.index = [f"{d}年代" for d in by_year.index]
            counts = by_year.sort_index()
            label = "年代" if len(years) > 15 else "year"
            frame = pd.DataFrame({label: counts.index, "n_docs": counts.to_numpy()})
            out.append("<h3>年份分布</h3>")
            out.append(_table(frame, [label, "n_docs"], max_rows=self.max_rows))
        return "".join(out)

    def document_list(self) -> str:
        assert self.docs is not None
        return _table(
            self.docs.head,
            ["doc_id", "title", "date", "year", "genre", "speaker", "n_chars", "status"],
            max_rows=self.max_rows,
            shorten={"title": 40},
            row_class=lambda r: "bad" if r.get("status", "ok") != "ok" else "",
            total=self.docs.n,
        )

    def terms(self) -> str:
        summary = self.t.get("term_summary")
        if summary is None:
            summary = term_summary(self.t["terms"])
        table = summary.sort_values("count", ascending=False, kind="stable")
        n_terms = len(table)
        fig = _figure(9, max(3.5, 0.34 * min(20, n_terms) + 1.4))
        plot.plot_terms(summary, top=20, ax=fig.subplots())  # (sums per term: the same bars)
        note = (
            '<p class="note">每万字频次为各文档每万字频次的平均值；词频为全部文档之和。</p>'
            if "per_10k" in table
            else ""
        )
        return (
            self._png(fig, "terms", "高频术语条形图", "词频最高的 20 个术语，颜色表示词表类别")
            + _table(
                table, ["term", "category", "count", "per_10k", "n_docs"], max_rows=self.max_rows
            )
            + note
        )

    def _trend_terms(self, trends: pd.DataFrame) -> list[str]:
        basis = "count" if "count" in trends else "per_10k"
        totals = trends.groupby("term")[basis].sum()
        totals = totals.drop(list(self._not_formulations() & set(totals.index)))
        present = [t for t in TREND_TERMS if totals.get(t, 0) > 0]
        top = [
            t for t in totals.sort_values(ascending=False, kind="stable").index if t not in present
        ]
        return present if len(present) >= 3 else (present + top)[:5]

    def trends(self) -> str:
        trends = self.t["trends"]
        chosen = self._trend_terms(trends)
        value = "per_10k" if "per_10k" in trends else "count"
        fig = _figure(9, 5)
        plot.plot_trends(trends, terms=chosen, value=value, ax=fig.subplots())
        years = trends["year"].dropna()
        span = f"{int(years.min())}–{int(years.max())} 年" if len(years) else ""
        caption = f"{'、'.join(chosen)}：{span}{_COLUMN_LABELS.get(value, value)}；圆圈与图例标出首次出现的年份（语料第一年已出现的提法不标）"
        return self._png(fig, "trends", "提法热度趋势折线图", caption)

    def _not_formulations(self) -> set[str]:
        """Terms of the lexicon categories in :data:`NOT_FORMULATIONS` (from the terms table)."""
        summary = self.t.get("term_summary")
        if summary is None and "terms" in self.t:
            summary = self.t["terms"]
        if summary is None or "category" not in summary:
            return set()
        return set(summary.loc[summary["category"].isin(NOT_FORMULATIONS), "term"])

    def heatmap(self) -> str:
        frame = self.t["trends"]
        frame = frame[~frame["term"].isin(self._not_formulations())]
        value = "per_10k" if "per_10k" in frame else "count"
        n = min(30, frame["term"].nunique())
        fig = _figure(10, max(3.5, 0.34 * n + 1.8))
        plot.plot_heatmap(frame, columns="year", value=value, top=30, ax=fig.subplots())
        return self._png(
            fig, "heatmap", "术语热力图",
            f"{_COLUMN_LABELS[value]}最高的 {n} 个提法（不含机构、会议与文种名称），每列一年",
        )

    def first_seen(self) -> str:
        fs = self.t["first_seen"]
        bounded = plot.timeline_terms(fs, None)
        n = min(40, len(bounded))
        fig = _figure(9, max(3.5, 0.3 * n + 1.6))
        plot.plot_timeline(fs, top=40, ax=fig.subplots())
        table = bounded.sort_values(["first_year", "term"], kind="stable") if len(bounded) else bounded
        return self._png(fig, "timeline", "提法首现与末现年份",
            "有起止的提法最早与最晚出现的年份（不含机构、会议与文种名称；≤ 表示语料第一年已出现）",
        ) + _table(
            table,
            ["term", "category", "first_year", "last_year", "n_years"],
            max_rows=self.max_rows,
        )

    def themes(self) -> str:
        import pandas as pd

        themes = self.t["themes"]
        titles = self._titles()
        docs = self._first_docs(themes)
        rows = []
        for d in docs:
            sub = themes[themes["doc_id"] == d]
            sub = sub.sort_values("rank", kind="stable") if "rank" in sub else sub
            sub = sub.head(10)
            words = "、".join(
                f"{t}（{s:.2f}）" if isinstance(s, float) else str(t)
                for t, s in zip(sub["term"], sub.get("score", [None] * len(sub)), strict=True)
            )
            rows.append({"doc_id": d, "title": titles.get(d, ""), "terms": words})
        frame = pd.DataFrame(rows, columns=["doc_id", "title", "terms"])
        n_all = self.doc_counts.get("themes", themes["doc_id"].nunique())
        shown = f"全部 {n_all} 篇文档" if len(docs) >= n_all else f"前 {len(docs)} 篇文档（共 {n_all} 篇）"
        note = f'<p class="note">{shown}，每篇前 10 个主题词，括号内为权重。</p>'
        return (
            _table(frame, ["doc_id", "title", "terms"], max_rows=None, shorten={"title": 30}) + note
        )

    def slogans(self) -> str:
        summary = self.t.get("slogan_summary")
        if summary is None:
            summary = slogan_summary(self.t["slogans"])
        table = summary.sort_values("count", ascending=False, kind="stable")
        if "category" in table:
            table = table[~table["category"].isin(NOT_FORMULATIONS)]
        table = table[table["term"].map(is_formulation)]
        if "quoted" in table:
            table["quoted"] = table["quoted"].map(lambda v: f"{v:.0%}")
        columns = ["term", "category", "count", "n_docs", "quoted", "sentence"]
        parts = []
        # Numeric slogans (四个意识, 五项原则) first: in a table of all formulations by count
        # they are drowned by the lexicon's long-lived terms.
        if "kind" in table:
            numeric = table[table["kind"] == "numeric"]
            table = table[table["kind"] != "numeric"]
            parts.append("<h3>数字口号</h3>")
            parts.append(_table(numeric, columns, max_rows=self.max_rows, shorten={"sentence": 60}))
            parts.append("<h3>其他提法</h3>")
        parts.append(_table(table, columns, max_rows=self.max_rows, shorten={"sentence": 60}))
        parts.append('<p class="note">不含机构、会议与文种名称（省委、国务院、政府工作报告等）'
                     "与引号中的整句。</p>")
        return "".join(parts)

    def keyness(self) -> str:
        kn = self.t["keyness"]
        target, reference, note = "目标语料", "参照语料", ""
        if "year" in kn and kn["year"].nunique() >= 1 and len(kn):
            year = int(kn["year"].max())
            kn = kn[kn["year"] == year]
            target, reference = f"{year} 年", "其他年份"
            note = (
                f'<p class="note">{year} 年（最近一年）的文档与其余各年相比；'
                "keyness 表含每一年的关键词。已去除虚词与统计用语（本年、等于、递增等）。</p>"
            )
        n = sum(min(20, int(n)) for n in kn["direction"].value_counts()) if len(kn) else 0
        fig = _figure(9, max(3.5, 0.3 * n + 1.6))
        plot.plot_keyness(kn, top=20, target=target, reference=reference, ax=fig.subplots())
        table = kn.sort_values("g2", ascending=False, kind="stable") if len(kn) else kn
        if "direction" in table:
            table = table.assign(
                direction=table["direction"]
                .map({"target": target, "reference": reference})
                .fillna(table["direction"])
            )
        return self._png(
            fig, "keyness", "关键性分析条形图",
            f"右：{target}显著偏多；左：{reference}显著偏多",
        ) + _table(
            table,
            ["term", "count_target", "count_reference", "g2", "log_ratio", "p_value", "direction"],
            max_rows=self.max_rows,
        ) + note

    def outline(self) -> str:
        ol = self.t["outline"]
        docs = self._first_docs(ol)
        titles = self._titles()
        out = []
        sizes = ol["doc_id"].value_counts()
        n_all = self.doc_counts.get("outline", ol["doc_id"].nunique())
        # One tree diagram (for the richest document), a text outline for every document.
        drawn = max(docs, key=lambda d: (sizes.get(d, 0), -docs.index(d)), default=None)
        for d in docs:
            sub = ol[ol["doc_id"] == d]
            n = min(60, len(sub))
            heading = f"{d}" + (f"　{titles[d]}" if d in titles else "")
            out.append(f"<h3>{_e(heading)}</h3>")
            if d == drawn:
                fig = _figure(9, max(1.6, 0.3 * n + 1.0))
                plot.plot_outline(ol, doc_id=d, ax=fig.subplots())
                out.append(self._png(fig, "outline", f"{d} 的结构图"))
            out.append(_outline_list(sub, open_=d == drawn))
        shown = f"全部 {n_all} 篇" if len(docs) >= n_all else f"前 {len(docs)} 篇（共 {n_all} 篇）"
        out.append(
            f'<p class="note">{shown}有大纲的文档；结构图为节点最多的一篇，其余点开查看。'
            "没有“一、（一）”式标题的文档不在此列。</p>"
        )
        return "".join(out)

    def targets(self) -> str:
        return targets_section(self.t["targets"], docs=self._first_docs(self.t["targets"]),
                               titles=self._titles(), max_rows=self.max_rows, png=self._png)

    def failed(self) -> str:
        docs = self.docs
        assert docs is not None
        if not docs.has_status:
            return '<p class="note">documents 表没有 status 列。</p>'
        bad = docs.failed
        if bad.empty:
            return f'<p class="ok">全部 {docs.n:,} 个文件处理成功。</p>'
        return f'<p class="note">{len(bad):,} 个文件未能处理（共 {docs.n:,} 个）：</p>' + _table(
            bad, ["doc_id", "path", "status", "error"], max_rows=None, row_class=lambda r: "bad"
        )


def _outline_list(df: pd.DataFrame, *, open_: bool, max_nodes: int = 200) -> str:
    """Nested <ul> of an outline, inside a <details> element."""
    d = df.sort_values("start", kind="stable") if "start" in df else df
    omitted = max(0, len(d) - max_nodes)
    d = d.head(max_nodes)
    children: dict[Any, list[dict[str, Any]]] = {}
    ids = set(d["node_id"])
    for rec in d.to_dict("records"):
        parent = rec.get("parent_id")
        key = parent if parent in ids else None
        children.setdefault(key, []).append(rec)

    def render(nodes: Iterable[dict[str, Any]], level: int) -> str:
        items = []
        for rec in nodes:
            mark = "" if rec.get("marker") is None else str(rec.get("marker"))
            title = "" if rec.get("title") is None else str(rec.get("title"))
            label = title if not mark or title.startswith(mark) else mark + title
            cls = "item" if rec.get("kind") == "item" else "heading"
            sub = render(children.get(rec["node_id"], []), level + 1) if level < 12 else ""
            items.append(f'<li class="{cls}">{_e(label)}{sub}</li>')
        return f'<ul class="outline">{"".join(items)}</ul>' if items else ""

    body = render(children.get(None, []), 0)
    more = f'<p class="note">另有 {omitted} 个节点未显示。</p>' if omitted else ""
    return (
        f"<details{' open' if open_ else ''}><summary>大纲（{len(d)} 个节点）</summary>"
        f"{body}{more}</details>"
    )


# --------------------------------------------------------------------------------------------
# Targets (主要预期目标) against results
# --------------------------------------------------------------------------------------------
# column headings of the section's tables (kept here: the shared _COLUMN_LABELS has "kind")
_TARGET_LABELS = {"kind": "类型", "indicator": "指标", "canonical": "标准名", "figure": "数值",
                  "target": "目标", "actual": "实际"}
_TARGET_KINDS = {"target": "目标", "actual": "实际", "stretch": "力争"}
#: Indicators whose series the targets section shows, in this order (those present).
TARGET_SERIES = ("gdp_growth", "cpi", "unemployment_rate", "registered_unemployment_rate",
                 "new_urban_jobs", "grain_output", "deficit_ratio", "energy_intensity")


def format_figure(value: Any, high: Any = None, unit: Any = "", qualifier: Any = "") -> str:
    """A figure as the reports write it: ``5%左右``, ``6%—6.5%``, ``1200万人以上``."""
    import math

    def num(v: Any) -> str:
        return f"{float(v):g}"

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    unit = unit if isinstance(unit, str) else ""
    qualifier = qualifier if isinstance(qualifier, str) else ""
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    body = f"{num(value)}{unit}—{num(high)}{unit}" if has_high else f"{num(value)}{unit}"
    return body + qualifier


def targets_series(df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator's targets and results by year: columns ``year, target, actual`` (the
    figures as written, ``;``-joined where several documents give one for the same year)."""
    import pandas as pd

    rows = df[(df["canonical"] == indicator) & df["year"].notna()]
    out: dict[int, dict[str, list[str]]] = {}
    for r in rows.itertuples():
        if r.kind not in ("target", "actual"):
            continue
        cell = out.setdefault(int(r.year), {"target": [], "actual": []})[r.kind]
        text = format_figure(r.value, r.value_high, r.unit, r.qualifier)
        if text not in cell:
            cell.append(text)
    data = [(y, "; ".join(v["target"]), "; ".join(v["actual"])) for y, v in sorted(out.items())]
    return pd.DataFrame(data, columns=["year", "target", "actual"])


def targets_section(df: pd.DataFrame, *, docs: Sequence[Any], titles: Mapping[Any, str],
                    max_rows: int, png: Callable[..., str]) -> str:
    """HTML of the targets section: over a corpus of several years the series of targets
    against results (a chart and a table per main indicator present), then a table per
    document shown."""
    out = []
    years = df.loc[df["kind"] == "target", "year"].dropna().nunique() if "year" in df else 0
    if years >= 2:
        shown = [c for c in TARGET_SERIES if (df["canonical"] == c).any()]
        for i, canonical in enumerate(shown[:4]):
            series = targets_series(df, canonical)
            if series.empty:
                continue
            label = plot.targets.INDICATOR_LABELS.get(canonical, (canonical,))[0]
            out.append(f"<h3>{_e(label)}</h3>")
            if i == 0:  # one chart, the first indicator's (GDP growth when present)
                fig = _figure(9, 4.2)
                plot.plot_targets(df, canonical, ax=fig.subplots())
                out.append(png(fig, "targets", f"{label}：目标与实际",
                               "空心：目标（▲以上 ▼以内 ■左右）；色带：目标区间；实心：实际"))
            out.append(_table(series.iloc[::-1].rename(columns=_TARGET_LABELS),
                              ["year", "目标", "实际"], max_rows=max_rows))
    for d in docs:
        sub = df[df["doc_id"] == d].assign(
            figure=lambda f: [format_figure(*v) for v in zip(f["value"], f["value_high"], f["unit"],
                                                               f["qualifier"])])
        heading = f"{d}" + (f"　{titles[d]}" if d in titles else "")
        out.append(f"<h3>{_e(heading)}</h3>")
        sub = sub.assign(kind=sub["kind"].map(_TARGET_KINDS).fillna(sub["kind"]))
        out.append(_table(sub.rename(columns=_TARGET_LABELS),
                          ["类型", "year", "指标", "标准名", "数值"], max_rows=max_rows))
    if not out:
        return '<p class="note">（无数据）</p>'
    return "".join(out)
