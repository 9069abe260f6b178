"""Summaries of a slogan table: counts, first and last appearance, expansions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...corpus import as_documents
from .._frames import typed_frame
from ..terms import squeeze, to_original
from .columns import COUNT_COLUMNS, EXPANSION_COLUMNS, FIRST_SEEN_COLUMNS
from .numeric import NUMERALS, SENTENCE_END
from .table import slogans

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ...lexicon import Lexicon


# Fallback expansions for the most common formulations (the lexicon's win when it has them).
_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "四个意识": ("政治意识", "大局意识", "核心意识", "看齐意识"),
    "四个自信": ("道路自信", "理论自信", "制度自信", "文化自信"),
    "两个维护": ("维护习近平总书记党中央的核心、全党的核心地位", "维护党中央权威和集中统一领导"),
    "两个确立": (
        "确立习近平同志党中央的核心、全党的核心地位",
        "确立习近平新时代中国特色社会主义思想的指导地位",
    ),
    "四个全面": ("全面建设社会主义现代化国家", "全面深化改革", "全面依法治国", "全面从严治党"),
    "五位一体": ("经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"),
    "四风": ("形式主义", "官僚主义", "享乐主义", "奢靡之风"),
    "三严三实": ("严以修身", "严以用权", "严以律己", "谋事要实", "创业要实", "做人要实"),
    "六稳": ("稳就业", "稳金融", "稳外贸", "稳外资", "稳投资", "稳预期"),
    "六保": (
        "保居民就业", "保基本民生", "保市场主体", "保粮食能源安全", "保产业链供应链稳定",
        "保基层运转",
    ),
    "三会一课": ("支部党员大会", "支部委员会", "党小组会", "党课"),
    "两学一做": ("学党章党规", "学系列讲话", "做合格党员"),
}


def slogan_counts(
    slogans_or_docs: Any, lexicon: Lexicon | None = None, *, numeric_only: bool = False
) -> pd.DataFrame:
    """Occurrences per document and term.

    Parameters
    ----------
    slogans_or_docs
        The DataFrame of :func:`slogans`, or anything :func:`slogans` accepts.
    lexicon
        Passed to :func:`slogans` when documents are given.
    numeric_only
        Keep numeric formulations only (``numeric`` is True).

    Returns
    -------
    pandas.DataFrame
        One row per (document, term, kind), ordered by document then count descending:

        ========= ======= ==============================================
        doc_id    object  document identifier
        term      object  canonical term
        kind      object  ``lexicon`` | ``numeric`` | ``quoted``
        category  object  category (see :func:`slogans`)
        count     int64   occurrences
        ========= ======= ==============================================
    """
    import pandas as pd

    df = slogans_or_docs
    if not isinstance(df, pd.DataFrame):
        df = slogans(df, lexicon)
    if numeric_only and "numeric" in df.columns:
        df = df[df["numeric"]]
    if df.empty:
        return typed_frame([], COUNT_COLUMNS)
    counts = (
        df.groupby(["doc_id", "term", "kind", "category"], sort=False)
        .size()
        .reset_index(name="count")
    )
    order = {d: i for i, d in enumerate(dict.fromkeys(df["doc_id"]))}
    counts["_o"] = counts["doc_id"].map(order)
    counts = counts.sort_values(["_o", "count", "term"], ascending=[True, False, True])
    return counts.drop(columns="_o").reset_index(drop=True).astype(COUNT_COLUMNS)


def first_seen(
    corpus_or_slogans: Any,
    docvars: pd.DataFrame | Mapping[str, Any] | None = None,
    *,
    lexicon: Lexicon | None = None,
    year_col: str = "year",
    nested: bool = True,
) -> pd.DataFrame:
    """First and last appearance of each formulation over a dated corpus.

    Parameters
    ----------
    corpus_or_slogans
        A :class:`~policytext.corpus.Corpus` (or iterable of documents) whose docvars carry a
        year, or the DataFrame of :func:`slogans`.
    docvars
        With a slogans DataFrame: a DataFrame with ``doc_id`` and ``year_col`` columns (e.g.
        ``corpus.docvars``) or a mapping doc_id → year. Not needed when the slogans DataFrame
        already has a ``year_col`` column.
    lexicon
        Passed to :func:`slogans` when documents are given.
    year_col
        The docvar holding the year.
    nested
        Count a term as appearing where a longer matched term contains it: leftmost-longest
        matching reports 发展新质生产力, and 新质生产力 is there too.

    Returns
    -------
    pandas.DataFrame
        One row per term labelled ``formulation`` (lexicon terms of the formulation, policy,
        ideology and campaign categories, and numeric formulations; institutions, meetings,
        document types and quoted phrases are left out), ordered by ``first_year`` then term.
        Computed by :class:`~policytext.extract.aggregate.FirstSeenAccumulator`, as the batch
        runner's ``first_seen.csv`` is.
        Documents without a year are ignored.

        ========== ======= =====================================================
        term       object  canonical term
        category   object  category of its first occurrence
        first_year Int64   earliest year it occurs in
        last_year  Int64   latest year it occurs in
        n_years    int64   number of distinct years it occurs in
        n_docs     int64   number of documents it occurs in
        count      int64   occurrences over the corpus
        first_doc  object  doc_id of the first document of ``first_year`` that has it
        last_doc   object  doc_id of the last document of ``last_year`` that has it
        ========== ======= =====================================================
    """
    import pandas as pd

    if isinstance(corpus_or_slogans, pd.DataFrame):
        df = corpus_or_slogans
        if year_col not in df.columns:
            if docvars is None:
                raise ValueError(
                    f"the slogans DataFrame has no {year_col!r} column: pass docvars "
                    "(a DataFrame with doc_id and year, or a mapping doc_id -> year)"
                )
            if isinstance(docvars, pd.DataFrame):
                years = dict(zip(docvars["doc_id"], docvars[year_col]))
            else:
                years = dict(docvars)
            df = df.assign(**{year_col: df["doc_id"].map(years)})
    else:
        docs = as_documents(corpus_or_slogans)
        df = slogans(docs, lexicon, kinds=("lexicon", "numeric"))
        years = {d.doc_id: d.meta.get(year_col) for d in docs}
        df = df.assign(**{year_col: df["doc_id"].map(years)})
    # one implementation: the accumulator the batch runner feeds document by document
    from ..aggregate import FirstSeenAccumulator

    df = df[df["label"].eq("formulation") & df["kind"].isin(["lexicon", "numeric"])]
    df = df[df[year_col].notna()]
    if df.empty:
        return typed_frame([], FIRST_SEEN_COLUMNS)
    acc = FirstSeenAccumulator()
    for doc_id, g in df.groupby("doc_id", sort=False):  # documents in order of appearance
        acc.add(doc_id, int(g[year_col].iloc[0]), g[["term", "category", "kind", "label"]]
                .to_dict("records"))
    return acc.frame(nested=nested)


def contains_as_word(longer: str, short: str) -> bool:
    """Whether ``short`` stands in ``longer`` as a word: 发展新质生产力 holds 新质生产力, but 十一五
    does not hold 一五 nor 十五大 十五 (a one-character remainder, or a numeral run cut in two)."""
    start = longer.find(short)
    while start >= 0:
        before, after = longer[:start], longer[start + len(short) :]
        cut_numeral = (before and before[-1] in NUMERALS and short[0] in NUMERALS) or (
            after and after[0] in NUMERALS and short[-1] in NUMERALS
        )
        if len(before) != 1 and len(after) != 1 and not cut_numeral:
            return True
        start = longer.find(short, start + 1)
    return False


def expansions(doc_or_corpus: Any, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Places where a document spells out a formulation's members instead of its short form.

    ``增强政治意识、大局意识、核心意识、看齐意识`` is reported as 四个意识. Members come from the
    lexicon's ``expansion`` field (and a few built-in ones when the lexicon lacks them). A span
    is reported when, within one sentence, every member occurs (a formulation of four or more
    members may miss one, which tolerates a reworded member).

    Returns
    -------
    pandas.DataFrame
        One row per spelled-out occurrence (same columns when empty):

        ============= ======= ===================================================
        doc_id        object  document identifier
        term          object  the formulation (canonical form)
        members_found object  members found, in text order, joined by ``、``
        n_found       int64   number of members found
        n_members     int64   number of official members
        start         int64   start of the first member found
        end           int64   end of the last member found
        ============= ======= ===================================================
    """
    table = dict(_EXPANSIONS)
    if lexicon is None:
        from ...lexicon import Lexicon

        try:
            lexicon = Lexicon.builtin()
        except Exception:
            lexicon = None
    if lexicon is not None:
        for t in lexicon:
            if len(t.expansion) >= 2:
                table[t.term] = tuple(t.expansion)
    rows: list[tuple] = []
    for doc in as_documents(doc_or_corpus):
        squeezed, kept_starts, shifts = squeeze(doc.text)
        pos = 0
        for m in [*SENTENCE_END.finditer(squeezed), None]:
            end = m.start() if m is not None else len(squeezed)
            sent = squeezed[pos:end]
            if len(sent) >= 4:
                for term, members in table.items():
                    found = [(sent.find(x), x) for x in members]
                    found = sorted((i, x) for i, x in found if i >= 0)
                    need = len(members) - 1 if len(members) >= 4 else len(members)
                    if len(found) < need:
                        continue
                    s = pos + found[0][0]
                    e = pos + max(i + len(x) for i, x in found)
                    rows.append(
                        (
                            doc.doc_id, term, "、".join(x for _, x in found), len(found),
                            len(members), to_original(s, kept_starts, shifts),
                            to_original(e - 1, kept_starts, shifts) + 1,
                        )
                    )
            pos = end + 1
    return typed_frame(rows, EXPANSION_COLUMNS)
