"""Main economic targets (主要预期目标) and reported results of government work reports.

A government work report (政府工作报告) states the year's targets in one paragraph
(今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右…) and reports last year's
results in its review (国内生产总值增长5%，城镇新增就业1256万人…). :func:`targets` returns one
row per figure with the indicator as written, a canonical name from
``policytext/resources/indicators.tsv``, the value (a range gives ``value`` and
``value_high``), unit, qualifier (左右/以上/以内/以下), kind and year.

What is a target and what a result (precision first: a number that is neither is left out):

``target``
    A figure in a target paragraph: the paragraph holding a sentence such as
    ``主要预期目标是：`` / ``预期目标为`` / ``调控目标定为`` / ``今年…计划…增长`` (and the list
    paragraphs right after one that ends in a colon), or, in older reports, one such sentence on
    its own. Multi-year targets (今后五年, 年均, “十五”期间, 到2035年) are left out. Every figure
    of the main target paragraph is reported, with ``canonical="other"`` when its indicator is not
    in the list (农村贫困人口减少1000万以上); later target sentences (the explanation
    经济增长预期目标为5%左右 that repeats the paragraph) add only indicators not yet seen.
``stretch``
    A higher figure the report strives for beside a target: ``增长7%以上、力争达到8%`` gives a
    ``target`` row (7, 以上) and a ``stretch`` row (8).
``actual``
    A result of one of the listed indicators (never ``other``) stated in the review, i.e. before
    the first target paragraph: 国内生产总值增长5.2%, 城镇新增就业1244万人. Averages over several
    years (年均, 平均每年), comparisons with a named earlier year (比2012年), shares (占…比重) and
    clauses that name no listed indicator are left out.

Values are as written, signs included where the text gives one: a growth stated as a fall
(下降6.8%) is negative; an intensity target (单位国内生产总值能耗降低3%) is the reduction, 3.
Chinese numerals (百分之七点五, 九百万人), full-width digits and spaced digits (1 0 ％) are read.
A text in traditional characters (國內生產總值增長5%左右) is read through its simplified form
(:func:`policytext.chars.to_simplified_chars`); its rows keep the text's own sentence and
indicator.
"""


from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...chars import matching_form
from ...corpus import Document, as_documents
from .._frames import format_rows, typed_frame
from .figures import Figure, figures_in_sentence
from .indicators import CANONICAL, Indicator, indicators
from .numbers import has_number, parse_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["CANONICAL", "TARGET_COLUMNS", "Figure", "Indicator", "format_targets", "indicators",
           "iter_targets", "parse_number", "target_rows", "targets"]

#: Columns of :func:`targets` with their dtypes.
TARGET_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "indicator": "object",
    "canonical": "object",
    "value": "float64",
    "value_high": "float64",
    "unit": "object",
    "qualifier": "object",
    "kind": "object",
    "year": "Int64",
    "start": "int64",
    "end": "int64",
    "sentence": "object",
}

# a paragraph about some months of statistics, not a year
_MONTHS = re.compile(r"前[0-9０-９一二两三四五六七八九十]+个月|[0-9０-９]+月份|[0-9０-９]+月末|上半年|"
                     r"[0-9０-９]+[—－-][0-9０-９]+月")
# a sentence about a plan, not a result
_ACTUAL_SENT_BAD = re.compile(r"到20\d\d年|今后|力争|目标(?:是|为)")

# --- where targets and results are --------------------------------------------------------------
_SENT_RE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」）)]*|$)")
# a sentence that announces the year's targets (older wordings included)
_TRIGGER = re.compile(
    r"预期目标(?:是|为|有|定为|确定为|：|:)|主要目标(?:是|为|有|：|:)|调控(?:的主要)?目标(?:是|为|[，,]?定为|：|:)"
    r"|(?:增长|增速)(?:的)?预期为|计划(?:要求|安排)[^。]{0,40}增长|今年[^。]{0,30}(?:计划|预定)[^。]{0,12}增长"
    r"|预期目标")
_TRIGGER_STRONG = re.compile(r"预期目标(?:是|为|有|定为|确定为|：|:)|主要目标(?:是|为|有|：|:)")
# a heading over the year's list of targets (2024年主要目标, 二、2025年主要目标任务)
_TARGET_HEADING = re.compile(r"(?:主要|预期)目标(?:任务)?[：:]?\s*$")
# the year a sentence is about (今年, 2024年), not 到2025年 (a later year's goal)
_THIS_YEAR = re.compile(r"今年|(?<!到)(?:19|20)\d\d年?(?!\d)")
# what makes a trigger sentence part of the review or of a multi-year plan
_NOT_THIS_YEAR = re.compile(r"今后五年|五年|年均|平均每年|期间|(?<![”」』\"])规划|(?<![谈提说讲想看听收遇得])到(?:20\d\d年|２０)|"
                            r"十.五(?![”」』\"]?(?:规划)?(?:的)?开局)|过去|去年|"
                            r"上年|一年来|完成|实现了|超过|顺利|圆满|好于|高于|低于")
# a target for a later year (到2025年，…水土保持率达到73%)
_BY_YEAR = re.compile(r"(?<![谈提说讲想看听收遇得])到(?:20|２０)[0-9０-９]{2}年")
_PART = re.compile(r"^\s*[一二三四五六七八九十]+、")
_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)])")


def _is_heading(text: str) -> bool:
    """A line on its own, short and without a sentence's closing punctuation."""
    return len(text) <= 60 and not text.rstrip().endswith(("。", "！", "？", "；", "，"))


_PLAN_HEADING = re.compile(r"[“\"]?十.五[”\"]?(?:时期|规划).{0,12}(?:目标|任务)|今后五年|未来五年")
# a review of five years: a government's term (过去五年) or a five-year plan's (“十四五”时期…回顾)
_TERM_END = re.compile(r"过去的?五年|五年来|这五年|五年工作|五年的工作|"
                       r"十.五[”\"]?(?:时期)?(?:和|及|与)?[^。，\n]{0,12}(?:回顾|成就|成绩)")
_LAST_YEAR = re.compile(r"去年|过去的?一年|刚过去|一年来|全年")
# the opening of a paragraph that turns a term-end review to the last year, or to the five years
_LAST_YEAR_LEAD = re.compile(r"去年|过去的?一年|刚刚?过去|一年来")
_FIVE_YEAR_LEAD = re.compile(r"过去的?五年|五年来|这五年|五年间|十.五[”\"]?(?:时期|以来|期间)")
_BUDGET = re.compile(r"拟(?:按|安排|发行)")


@dataclass(slots=True)
class _Sentence:
    start: int
    text: str
    para: int
    #: positions in ``text`` where a line break of the source was left out (a line broken
    #: inside a sentence: 今年经济社会发展的⏎主要预期目标⏎是：…)
    gaps: tuple[int, ...] = ()

    def source_offset(self, k: int) -> int:
        """Offset in the source of position ``k`` of :attr:`text`."""
        return self.start + k + sum(1 for g in self.gaps if g <= k)


# a line that goes on with the line before it: 是：/为： or a comma, or a short line after a
# line cut after 的/和/与/及 (a copy that set a phrase on a line of its own)
_CONTINUES = re.compile(r"^(?:是|为)[：:]|^[，、；：）]")
_CONTINUED = re.compile(r"\n(?:是|为)[：:]|\n[，、；：）]")
_CUT_AFTER = re.compile(r"[的和与及、，]$")
_LINE_END = re.compile(r"[。！？!?；;：:…”」』）)]$")


def _logical_lines(text: str) -> Iterator[tuple[int, str, tuple[int, ...]]]:
    """``(start, line, gaps)``: the lines of ``text`` with the lines broken inside a sentence
    joined (the line break left out, its position in ``gaps``)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    if _CONTINUED.search(text) is None:  # the common case: no line goes on with the one before
        for start, line in lines:
            yield start, line, ()
        return
    i = 0
    while i < len(lines):
        start, line = lines[i]
        gaps: list[int] = []
        while i + 1 < len(lines) and line.strip() and not _LINE_END.search(line.rstrip()):
            nxt = lines[i + 1][1]
            short = len(nxt) <= 20 and not _LINE_END.search(nxt.rstrip())
            if not (_CONTINUES.match(nxt) or (_CUT_AFTER.search(line) and short
                                              and i + 2 < len(lines)
                                              and _CONTINUES.match(lines[i + 2][1]))):
                break
            gaps.append(len(line))
            line += nxt
            i += 1
        yield start, line, tuple(gaps)
        i += 1


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    para = 0
    for pos, line, gaps in _logical_lines(text):
        # only paragraphs that can hold a figure, a trigger or a list line are split (the
        # others keep their number, so that paragraph adjacency stays true)
        if line.strip() and (len(line) <= 60 or has_number(line) or _TRIGGER.search(line)):
            for m in _SENT_RE.finditer(line):
                if not m.group().strip():
                    continue
                if not gaps:
                    out.append(_Sentence(pos + m.start(), m.group(), para))
                    continue
                inner = tuple(g - m.start() for g in gaps if m.start() < g < m.end())
                before = sum(1 for g in gaps if g <= m.start())
                out.append(_Sentence(pos + m.start() + before, m.group(), para, inner))
        if line.strip():
            para += 1
    return out


def _figures(s: _Sentence, kind: str, keep_other: bool) -> Iterator[Figure]:
    """:func:`figures_in_sentence` of ``s``, offsets in the source."""
    for f in figures_in_sentence(s.text, s.start, kind, keep_other):
        if s.gaps:
            f = replace(f, start=s.source_offset(f.start - s.start),
                        end=s.source_offset(f.end - s.start - 1) + 1)
        yield f


def _is_trigger(s: _Sentence) -> re.Match | None:
    m = _TRIGGER.search(s.text)
    if m is None and _is_heading(s.text) and not has_number(s.text.split("年", 1)[-1]):
        m = _TARGET_HEADING.search(s.text)
    if m is None or _NOT_THIS_YEAR.search(s.text[:m.start()]) or _BY_YEAR.search(s.text):
        return None
    if m.group() == "预期目标":
        # a bare 预期目标 sets targets only when nothing around it speaks of a result or a
        # plan (全面完成全年预期目标 / 预期目标全面完成); a later clause's 完成国家下达目标 is a target
        around = s.text[:m.end()] + re.split(r"[，,；;。]", s.text[m.end():], maxsplit=1)[0]
        if _NOT_THIS_YEAR.search(around) or "达到" in around:
            return None
    return m




def iter_targets(text: str) -> Iterator[Figure]:
    """Targets, stretch figures and results in one text, in text order within each kind.

    >>> [(f.canonical, f.value, f.qualifier, f.kind)
    ...  for f in iter_targets("今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。")]
    [('gdp_growth', 5.0, '左右', 'target'), ('new_urban_jobs', 1200.0, '以上', 'target')]
    """
    original = text
    text = matching_form(text)  # 國內生產總值增長 is matched as 国内生产总值增长
    folded = text is not original
    if _TRIGGER.search(text) is None and _BUDGET.search(text) is None and "主要目标" not in text:
        # every figure hangs on a trigger or a budget sentence (most documents have neither):
        # skip the sentence split
        return
    sents = _sentences(text)
    block = _main_block(sents)
    out: list[Figure] = []
    seen: set[str] = set()
    if block is not None:
        first = block[0]
        # a report closing a government's term reviews five years: there only the paragraphs
        # about the last year give last year's results
        term_end = _TERM_END.search(text[:3000]) is not None
        last_year = _last_year(sents, first)
        paras_last_year = {s.para for s in sents[:first]
                           if _LAST_YEAR.search(s.text) or (last_year and last_year in s.text)}
        if term_end:
            paras_last_year |= _paras_after_last_year_lead(text, sents[first].start, last_year)
        months_para = -1  # a paragraph about some months (前5个月…。其中，出口…增长8.1%)
        # a five-year plan's section (二、“十三五”时期发展成就和“十四五”时期主要目标任务, up to
        # the next part 三、…) states the plan's figures, not last year's
        in_plan = False
        for s in sents[:first]:
            if _is_heading(s.text):
                if _PLAN_HEADING.search(s.text):
                    in_plan = True
                elif _PART.match(s.text):
                    in_plan = False
            if in_plan:
                continue
            if _MONTHS.search(s.text):
                months_para = s.para
            if (term_end and s.para not in paras_last_year) or s.para == months_para:
                continue
            if has_number(s.text) and not _ACTUAL_SENT_BAD.search(s.text):
                for f in _figures(s, "actual", False):
                    if f.canonical not in seen:  # the first statement of each result
                        seen.add(f.canonical)
                        out.append(f)
        targets_seen: set[str] = set()
        strong = _TRIGGER_STRONG.search(sents[first].text) is not None
        for i in block:
            if _BY_YEAR.search(sents[i].text):
                continue
            for f in _figures(sents[i], "target", strong):
                out.append(f)
                targets_seen.add(f.canonical)
        rest = range(block[-1] + 1, len(sents))
    else:
        targets_seen = set()
        rest = range(len(sents))
    for i in rest:
        s = sents[i]
        if not has_number(s.text):
            continue
        budget = _BUDGET.search(s.text) is not None and ("今年" in s.text or block is not None)
        m = _is_trigger(s)
        # after the main paragraph a bare 预期目标 (…同经济增长、价格总水平预期目标相匹配) states none
        if (m is None or m.group() == "预期目标") and not budget:
            continue
        since = s.start + (m.start() if m is not None and not budget else 0)
        for f in _figures(s, "target", False):
            if f.start < since:
                continue  # 完全有信心实现今年经济增长5%左右的预期目标: named, not set, here
            if f.canonical not in targets_seen or f.kind == "stretch":
                out.append(f)
                if f.kind == "target":
                    targets_seen.add(f.canonical)
    if folded:
        out = [_as_written(f, sents, original) for f in out]
    yield from out


def _as_written(f: Figure, sents: list[_Sentence], original: str) -> Figure:
    """``f`` found in the simplified form of a traditional text, with its sentence and
    indicator as the text writes them (the two forms have the same length)."""
    i = bisect_right([s.start for s in sents], f.start) - 1
    s = sents[i]
    sentence = original[s.start:s.start + len(s.text)]
    at = s.text.rfind(f.indicator, 0, f.start - s.start + 1)
    indicator = sentence[at:at + len(f.indicator)] if at >= 0 else f.indicator
    return replace(f, sentence=sentence, indicator=indicator)


def _paras_after_last_year_lead(text: str, end: int, last_year: str | None) -> set[int]:
    """The paragraphs (numbered as :func:`_sentences` numbers them) of a term-end review before
    ``end`` that continue one opened about the last year.

    ``过去一年，…⏎一是经济增长好于预期。地区生产总值增长5.2%…`` or ``刚刚过去的2025年…⏎（一）…``:
    the items after such an opening are about the last year until a paragraph opens on the five
    years (这五年，…, “十四五”时期…) or a part heading (二、…) comes. An opening that names both
    (一、2025年和“十四五”时期工作回顾, 2025年是“十四五”收官之年) does not open the last year.
    """
    out: set[int] = set()
    mode_last = False
    para = 0
    for _, line, _ in _logical_lines(text[:end]):
        if line.strip():
            lead = line.lstrip()[:40]
            five = _FIVE_YEAR_LEAD.search(lead)
            last = _LAST_YEAR_LEAD.search(lead) or (last_year is not None and last_year in lead)
            if five or last:
                mode_last = bool(last) and not five
            elif _PART.match(lead):
                mode_last = False
            if mode_last:
                out.add(para)
            para += 1
    return out


def _last_year(sents: list[_Sentence], first: int) -> str | None:
    """``"2025年"`` when the target paragraph (or one of the three sentences before it, its
    heading) is dated 2026年: how the review of a report closing a five-year term names the
    last year."""
    for s in (sents[first], *sents[max(0, first - 3):first][::-1]):
        m = _YEAR_OF.search(s.text)
        if m:
            return f"{int(m.group(1)) - 1}年"
    return None


_YEAR_OF = re.compile(r"(?<![到至—－-])((?:19|20)\d\d)年")


def _main_block(sents: list[_Sentence]) -> list[int] | None:
    """Indices of the sentences of the main target paragraph: from its trigger sentence to the
    paragraph's end, and the list paragraphs after a trigger that ends in a colon."""
    for i, s in enumerate(sents):
        m = _is_trigger(s)
        if m is None:
            continue
        weak = _TRIGGER_STRONG.search(s.text) is None
        para_sents = [j for j in range(len(sents)) if sents[j].para == s.para]
        # a heading (2025年经济社会发展的主要预期目标) over a list of one figure a line
        heading = (len(para_sents) == 1 and len(s.text) <= 60 and not has_number(s.text[m.end():])
                   and "目标" in m.group())
        if m.group() == "预期目标" and not heading and not any(
                _THIS_YEAR.search(sents[j].text) for j in para_sents):
            continue
        idx = [j for j in range(i, len(sents)) if sents[j].para == s.para]
        tail = s.text[m.end():]
        later = [j for j in idx[1:] if has_number(sents[j].text)]
        if not has_number(tail) and not later:
            colon = s.text.rstrip().endswith(("：", ":"))
            if not (colon and not weak) and not heading:
                continue
            # 主要预期目标是：⏎ 国内生产总值增长8％左右；… (the list in the next paragraphs, a
            # figure a line or a paragraph an item: 一是增强…新动能。…预期全省地区生产总值增长
            # 5.5%左右；…); a short list line without a figure (●居民收入增长与经济增长同步) does not
            # end it; a paragraph without one, a new trigger or 为实现上述目标 does
            j = idx[-1] + 1
            para = s.para
            while j < len(sents) and sents[j].para - para == 1 and len(idx) < 80:
                group = [k for k in range(j, min(len(sents), j + 40)) if sents[k].para == sents[j].para]
                text = "".join(sents[k].text for k in group)
                if _is_trigger(sents[j]) or _EXPLAIN.match(text):
                    break
                if not has_number(text):
                    # a line or an item (二是…) without a figure between items with figures
                    after = group[-1] + 1
                    nxt = "".join(sents[k].text for k in range(after, min(len(sents), after + 40))
                                  if sents[k].para == sents[j].para + 1)
                    if (len(text) > 40 and not _ITEM.match(text)) or not has_number(nxt):
                        break
                para = sents[j].para
                idx.extend(group)
                j = group[-1] + 1
            if len(idx) == 1:
                continue
        # the explanation after the list (这里要着重说明，提出8%左右的…) repeats, it does not add
        for k, j in enumerate(idx[1:], 1):
            if _EXPLAIN.match(sents[j].text):
                return idx[:k]
        return idx
    return None


_EXPLAIN = re.compile(r"(?:这里|上述|提出上述|提出这|需要|要着重|着重|这个|这一|这些|(?:为)?实现上述|(?:为)?实现这)")


def target_rows(doc: Document | str) -> list[tuple]:
    """The rows :func:`targets` gives for one document, as plain tuples in
    :data:`TARGET_COLUMNS` order (no pandas; a missing ``value_high`` or ``year`` is None).

    >>> target_rows("今年发展主要预期目标是：国内生产总值增长5%左右。")[0][:9]
    ('doc', '国内生产总值增长', 'gdp_growth', 5.0, None, '%', '左右', 'target', None)
    """
    if not isinstance(doc, Document):
        (doc,) = as_documents(doc)
    year = doc.meta.get("year")
    try:
        year = int(year) if year is not None else None
    except (TypeError, ValueError):
        year = None
    rows = []
    for f in iter_targets(doc.text):
        fy = None if year is None else (year - 1 if f.kind == "actual" else year)
        rows.append((doc.doc_id, f.indicator, f.canonical, f.value, f.value_high, f.unit,
                     f.qualifier, f.kind, fy, f.start, f.end, f.sentence))
    return rows


def targets(docs: Any) -> pd.DataFrame:
    """Main targets (主要预期目标) and reported results of government work reports.

    Parameters
    ----------
    docs
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        iterable of documents (see :func:`~policytext.corpus.as_documents`).

    Returns
    -------
    pandas.DataFrame
        One row per figure, ordered by document, then results (``actual``) before targets, each
        in text order (same columns and dtypes when empty):

        ========== ======= ==============================================================
        doc_id     object  document identifier
        indicator  object  the indicator as written: 地区生产总值增长, 城镇调查失业率
        canonical  object  name from ``indicators.tsv`` (gdp_growth, cpi…) or ``other``
        value      float64 the figure (the low end of a range); negative for a growth
                           written as a fall (下降6.8%)
        value_high float64 the high end of a range (6%—6.5% → 6.5), else NaN
        unit       object  as written, ％ folded to %: %, 万人, 亿斤, 万吨, 亿元…
        qualifier  object  左右, 以上, 以内, 以下 or "" (低于 → 以下, 不超过 → 以内)
        kind       object  ``target``, ``stretch`` (力争 figure beside a target) or ``actual``
        year       Int64   the year the figure is for: the document's ``year`` docvar for
                           targets, one less for results; <NA> when the docvar is unknown
        start      int64   offset of the figure (``text[start:end]`` is the figure as
                           written, qualifier included)
        end        int64   end offset of the figure
        sentence   object  the sentence holding the figure
        ========== ======= ==============================================================
    """
    rows = [r for doc in as_documents(docs) for r in target_rows(doc)]
    return typed_frame(rows, TARGET_COLUMNS)


def format_targets(df: pd.DataFrame, fmt: str = "jsonl") -> str:
    """Render a :func:`targets` DataFrame as JSON Lines or CSV (for the command line): each
    row is ``doc`` (the ``doc`` column if present, else ``doc_id``) then the columns of
    :data:`TARGET_COLUMNS`; a missing ``value_high`` or ``year`` is ``null`` (empty in CSV)."""
    return format_rows(df, fmt)
