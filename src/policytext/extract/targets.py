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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..corpus import Document, as_documents
from ._frames import typed_frame

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


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of ``indicators.tsv``."""

    canonical: str
    units: tuple[str, ...]
    pattern: str
    description: str


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """The canonical indicator list (``policytext/resources/indicators.tsv``), in file order."""
    from importlib import resources

    text = resources.files("policytext.resources").joinpath("indicators.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, units, pattern, description = line.split("\t")
        out.append(Indicator(canonical, tuple(units.split("|")), pattern, description))
    return tuple(out)


#: Canonical names: those of ``indicators.tsv`` and ``other``.
CANONICAL: tuple[str, ...] = (
    "energy_intensity", "carbon_intensity", "rd_intensity", "deficit_ratio", "primary_va_growth",
    "secondary_va_growth", "tertiary_va_growth", "gdp_growth", "industrial_va_growth",
    "fixed_investment_growth", "retail_sales_growth", "total_fiscal_revenue_growth",
    "fiscal_revenue_growth", "trade_growth",
    "export_growth", "import_growth", "unemployment_rate", "registered_unemployment_rate", "cpi",
    "retail_prices", "price_level", "new_urban_jobs", "grain_output", "urban_income_growth",
    "rural_income_growth", "income_growth", "m2_growth", "special_bonds", "urbanization_rate",
    "other",
)

# --- numbers ------------------------------------------------------------------------------------
_FW = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")
_D = "[0-9０-９]"
# digits, with the stray spaces of some 1990s copies (1 0 ．0 6 ‰)
_ARABIC = rf"{_D}(?:[ \u3000]?{_D})*(?:[ \u3000]?[.．][ \u3000]?{_D}(?:[ \u3000]?{_D})*)?"
_CN = "[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?"
_RANGE = "(?:—|－|-|–|～|~|至|到)"
_UNIT = ("(?:个百分点|万亿立方米|万亿斤|亿斤|万亿元|亿元|亿美元|万吨|亿吨|亿公斤|万人次|万人|万户|万套|"
         "万个|万|%|％|‰)")
_QUAL = "(?:左右|以上|以内|以下|上下|之内)"
_PRE = "(?:不低于|不超过|不高于|低于|高于|超过)"
_FIGURE_RE = re.compile(
    rf"(?P<pre>{_PRE})?(?:"
    rf"百分之(?P<p1>{_CN})(?:{_RANGE}(?:百分之)?(?P<p2>{_CN}))?"
    rf"|(?P<a1>{_ARABIC})[ \u3000]?(?P<u1>%|％)?(?:[ \u3000]?{_RANGE}[ \u3000]?(?P<a2>{_ARABIC}))?"
    rf"[ \u3000]?(?P<u2>{_UNIT})?"
    rf"|(?P<c1>{_CN})(?P<u3>{_UNIT})"
    rf")(?P<qual>{_QUAL})?"
)
# qualifiers written before the number, as the four documented ones
_PRE_QUAL = {"低于": "以下", "不高于": "以内", "不超过": "以内", "超过": "以上", "高于": "以上",
             "不低于": "以上"}
_QUAL_NORM = {"之内": "以内", "上下": "左右"}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def _cn_int(s: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section, digit = 0, 0
    return total + section + digit


def parse_number(s: str) -> float:
    """The value of a number as the reports write it.

    >>> parse_number("７．５"), parse_number("1 0"), parse_number("七点五"), parse_number("一千二百")
    (7.5, 10.0, 7.5, 1200.0)
    """
    s = s.translate(_FW).replace(" ", "").replace("\u3000", "")
    if s and s[0].isdigit():
        return float(s)
    whole, _, frac = s.partition("点")
    value = float(_cn_int(whole)) if whole else 0.0
    if frac:
        value += float("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
    return value


@dataclass(frozen=True)
class Figure:
    """One figure of a target paragraph or review: ``text[start:end]`` is the figure as written."""

    indicator: str
    canonical: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    kind: str
    start: int
    end: int
    sentence: str


class _Num:
    __slots__ = ("end", "qual", "start", "unit", "value", "value_high")

    def __init__(self, m: re.Match) -> None:
        self.start, self.end = m.start(), m.end()
        if m.group("p1"):
            self.value = parse_number(m.group("p1"))
            self.value_high = parse_number(m.group("p2")) if m.group("p2") else None
            self.unit = "%"
        elif m.group("a1"):
            self.value = parse_number(m.group("a1"))
            self.value_high = parse_number(m.group("a2")) if m.group("a2") else None
            unit = m.group("u2") or m.group("u1") or ""
            self.unit = unit.translate(_FW)
        else:
            self.value = parse_number(m.group("c1"))
            self.value_high = None
            self.unit = m.group("u3").translate(_FW)
        qual = m.group("qual") or ""
        pre = m.group("pre")
        self.qual = _QUAL_NORM.get(qual, qual) or (_PRE_QUAL[pre] if pre else "")


# --- indicators ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _alias_res() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((i.canonical, re.compile(i.pattern)) for i in indicators())


@lru_cache(maxsize=1)
def _any_alias() -> re.Pattern:
    return re.compile("|".join(f"(?:{i.pattern})" for i in indicators()))


@lru_cache(maxsize=1)
def _units() -> dict[str, tuple[str, ...]]:
    return {i.canonical: i.units for i in indicators()}


def _aliases(clause: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of the indicator names in a clause, longest first where two
    overlap (单位国内生产总值能耗 over 国内生产总值, 进出口 over 出口)."""
    found: list[tuple[int, int, str]] = []
    for m in _URBAN_RURAL.finditer(clause):
        # 城镇居民、农村居民人均可支配收入 / 城乡居民人均可支配收入分别…: two names in one; the
        # second of 城乡… is empty (it takes the first's name in _respectively)
        if m.group("urban"):
            found.append((m.start("urban"), m.end("urban"), "urban_income_growth"))
            found.append((m.start("rural"), m.end("rural"), "rural_income_growth"))
        else:
            found.append((m.start(), m.end(), "urban_income_growth"))
            found.append((m.end(), m.end(), "rural_income_growth"))
    # after the pairs, so that a name of the same span loses to them (the sort is stable)
    pos = 0
    res = _alias_res()
    any_alias = _any_alias()
    while (m := any_alias.search(clause, pos)) is not None:
        # the longest name starting where the first one does (单位国内生产总值能耗 over 单位…)
        at = m.start()
        best = max(((mm.end(), c) for c, rx in res if (mm := rx.match(clause, at))),
                   default=(m.end(), ""))
        if best[1]:
            found.append((at, best[0], best[1]))
        pos = max(best[0], at + 1)
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, str]] = []
    for s, e, c in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, c))
    return out


_URBAN_RURAL = re.compile(r"(?P<urban>城镇(?:常住)?(?:居民)?)[、和与](?P<rural>农村(?:常住)?居民人均(?:可支配|纯)?收入)"
                          r"|城乡居民人均可支配收入(?=分别)")


_VERB_RE = re.compile(r"(?:比上年|同比|实际)?(?:增长|增速|增幅|涨幅|上涨|下降|降低|降幅|减少|回落|提高)?")
_FALL = ("下降", "降低", "减少", "回落")
_FALL_AT = re.compile(r"^(?:按可比价格计算|比上年|同比|实际)?(下降|降低|减少|回落)")
# text between an indicator and its number: a verb, 控制在, 保持在, 全年… but not a new topic
_GAP_MAX = 16
_GAP_BAD = re.compile(r"比重|比例|占比|贡献|拉动|人均|总量|规模|年均|平均每年|累计|连续|翻|倍|"
                      r"比(?:19|20)|从|由|[，,。；;：:]")
# the words allowed between an indicator's name and its figure: verbs and adverbs, no new topic
_GAP_OK = re.compile(
    r"^(?:[、\s]|全年|年末|平均|实际|名义|比上年|比去年|同比|同口径|可比|分别|均|要|力争|争取|努力|确保|预期|预计|"
    r"目标|调控目标|计划|预定|定为|宏观调控|的|为|是|在|到|至|拟|按|安排|控制|保持|稳定|达到|达|"
    r"突破|超过|首次|跃上|继续|增长|增速|增幅|涨幅|降幅|上涨|下降|降低|减少|提高|回落|升至|降至|增加|"
    r"幅度|速度|水平|总体|基本|力争达到|以上|左右)*$")
_STRETCH_RE = re.compile(r"(?:力争|争取|努力)(?:达到|实现|增长)?")
_CARRY_RE = re.compile(r"^(?:(?:按可比价格计算|比上年|同比|实际)?(?:增长|增速|上涨|下降)|定为|确定为)")
_COMPARISON = re.compile(r"^(?:比上年|比去年|较上年|同比|比20|比19)")
_SPLIT_RE = re.compile(r"[，,；;]")
_SEP_RE = re.compile(r"^[、和与及，,]*$")


def _clauses(sentence: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for m in _SPLIT_RE.finditer(sentence):
        yield pos, sentence[pos:m.start()]
        pos = m.end()
    if pos < len(sentence):
        yield pos, sentence[pos:]


def _indicator_text(clause: str, a_start: int, a_end: int) -> str:
    m = _VERB_RE.match(clause, a_end)
    return clause[a_start:m.end() if m else a_end]


def _other_text(clause: str, num_start: int) -> str:
    head = clause[:num_start]
    head = re.split(r"[：:、]", head)[-1]
    head = re.sub(r"^(?:今年|全年|同时|并|要|确保|力争|努力|实现|其中)+", "", head)
    return head.strip(" \u3000为在是到")


def _figures_in_sentence(sentence: str, offset: int, kind: str,
                         keep_other: bool) -> Iterator[Figure]:
    """Figures of one sentence starting at ``offset``; ``kind`` is ``target`` or ``actual``."""
    subject: tuple[str, str] | None = None  # last indicator named (for 达到…亿元，增长5%)
    last_fig: tuple[str, str] | None = None  # last figure reported (for 以上，力争7%)
    for c_off, clause in _clauses(sentence):
        aliases = _aliases(clause)
        nums = [n for n in map(_Num, _FIGURE_RE.finditer(clause))
                if n.unit or n.qual or n.value_high is not None]
        done: set[int] = set()
        for name, canon, n, unit, qual in _respectively(clause, aliases, nums):
            done.add(n.start)
            fig = _make(name, canon, n, unit, qual, kind, c_off + offset, sentence, keep_other)
            if fig is not None:
                yield fig
                last_fig = (name, canon)
        for n in nums:
            if n.start in done:
                continue
            before = [a for a in aliases if a[1] <= n.start]
            fig_kind = kind
            gap = clause[before[-1][1]:n.start] if before else ""
            shared = bool(before) and any(
                before[-1][1] <= m.start < n.start and m.unit in _units().get(before[-1][2], ())
                for m in nums)
            if shared and not (kind == "target" and _STRETCH_RE.search(gap)):
                before = []  # 粮食产量1.3万亿斤、棉花…: the name belongs to the earlier figure
            if before:
                s, e, canon = before[-1]
                words = gap
                for m in nums:  # 达到134.9万亿元、增长5%: the level between name and growth
                    if before[-1][1] <= m.start < n.start:
                        words = words.replace(clause[m.start:m.end], "")
                if len(gap) > _GAP_MAX or _GAP_BAD.search(gap) or not _GAP_OK.match(words):
                    continue
                if not _named_here(sentence, clause, c_off, s, kind):
                    continue
                name = _indicator_text(clause, s, e)
                if shared:
                    fig_kind = "stretch"
            elif kind == "target" and last_fig is not None and _STRETCH_RE.match(clause.lstrip("、")):
                name, canon = last_fig
                fig_kind = "stretch"
            elif subject is not None and _CARRY_RE.match(clause) and len(nums) == 1:
                # the verb is this clause's (进口总额五百三十四亿美元，下降９．８％: a fall)
                verb = _FALL_AT.match(clause)
                name, canon = subject[0] + (verb.group(1) if verb else ""), subject[1]
            elif kind == "target" and keep_other and not _COMPARISON.match(clause):
                name, canon = _other_text(clause, n.start), "other"
                if not name:
                    continue
            else:
                continue
            fig = _make(name, canon, n, n.unit, n.qual, fig_kind, c_off + offset, sentence,
                        keep_other)
            if fig is not None:
                yield fig
                last_fig = (name, canon)
        if aliases:
            s, e, canon = aliases[-1]
            # a subject that is not ours (福建锂电池出口917.9亿元，同比增长…) carries nothing
            ok = _named_here(sentence, clause, c_off, s, kind)
            subject = (_indicator_text(clause, s, e), canon) if ok else None


def _named_here(sentence: str, clause: str, c_off: int, s: int, kind: str) -> bool:
    """Whether the name at ``clause[s:]`` names the indicator of the report's own area and
    year: not 全球/美国 经济增长, and for a result nothing about months or several years
    before it in the sentence, and a neutral word (or nothing) right before it."""
    if _FOREIGN.search(clause[:s]):
        return False
    if kind != "actual":
        return True
    return not _ACTUAL_BAD.search(sentence[:c_off + s]) and _ACTUAL_BEFORE.search(clause[:s]) is not None


# another economy's figure (全球经济增长预期为2.1%, 美国2023年经济增长…), or a share
# (占同期北京地区进出口总值的50.9%)
_FOREIGN = re.compile(r"(?:全球|世界|美国|欧元区|欧盟|德国|日本|英国|国际|外国)[^，,；;]{0,6}$"
                      r"|占[^，,；;]{0,12}$")
_MONTHS = re.compile(r"前[0-9０-９一二两三四五六七八九十]+个月|[0-9０-９]+月份|[0-9０-９]+月末|上半年|"
                     r"[0-9０-９]+[—－-][0-9０-９]+月")


def _respectively(clause: str, aliases: list[tuple[int, int, str]],
                  nums: list[_Num]) -> Iterator[tuple[str, str, _Num, str, str]]:
    """城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内: one figure per name, the unit and
    qualifier written once at the end shared by all."""
    at, width = clause.find("分别"), 2
    if at < 0:  # 城镇居民人均可支配收入和农民人均纯收入均增长10%左右
        m = _EACH.search(clause)
        at, width = (m.start(), 1) if m else (-1, 1)
    implicit = at < 0 and len(nums) >= 2
    if implicit:
        # 城镇居民人均可支配收入和农村居民人均纯收入实际增长8.4%和11.4%: names joined by 和,
        # then as many figures joined by 和/、 — respectively without the word
        first = nums[0].start
        before = [a for a in aliases if a[1] <= first]
        if not before or not _GAP_OK.match(clause[before[-1][1]:first]):
            return
        at, width = before[-1][1], 0
        if any(not _SEP_RE.match(clause[a.end:b.start]) for a, b in pairwise(nums)):
            return
    if at < 0 or not aliases:
        return
    group = [a for a in aliases if a[1] <= at]
    if not group or at - group[-1][1] > 2:  # 居民消费价格涨幅分别, not 进口、出口通关时间分别
        return
    chain = group[-1:]
    for a in reversed(group[:-1]):
        if not _SEP_RE.match(clause[a[1]:chain[0][0]]):
            break
        chain.insert(0, a)
    after = [n for n in nums if n.start > at]
    if width == 1 and len(chain) >= 2 and len(after) == 1:
        after = after * len(chain)
    if len(chain) < 2 or len(after) != len(chain):
        return
    unit = next((n.unit for n in reversed(after) if n.unit), "")
    qual = next((n.qual for n in reversed(after) if n.qual), "")
    verb = _VERB_RE.match(clause, at + width)
    verb_text = clause[at + width:verb.end()] if verb else ""
    name = ""
    for (s, e, canon), n in zip(chain, after):
        name = clause[s:e] or name
        yield name + verb_text, canon, n, n.unit or unit, n.qual or qual


_EACH = re.compile(r"(?<!人)均(?=增长|为|控制|达到|下降|提高|保持|上涨)")


# what may stand right before an indicator named in the review (not 商务服务业增加值, “新三样”出口)
_ACTUAL_BEFORE = re.compile(r"(?:^|[、—\s（(●■◆]|预计|核算|全年|年末|全国|我国|去年|其中|带动|特别是|实现|和|与|及|的|[省市区州县]|"
                            r"20\d\d年|[0-9０-９]{4}年)$")
_ACTUAL_SENT_BAD = re.compile(r"到20\d\d年|今后|力争|目标(?:是|为)")
_ACTUAL_BAD = re.compile(r"季度|上半年|前\d|前[一二两三四五六七八九十]+个月|个月|月份|月末|月底|"
                         r"[0-9０-９一二三四五六七八九十]月|年均|平均每年|累计|"
                         r"[五十]年|比(?:19|20)\d\d")


def _make(name: str, canon: str, n: _Num, unit: str, qual: str, kind: str, offset: int,
          sentence: str, keep_other: bool) -> Figure | None:
    if canon != "other":
        if unit not in _units().get(canon, ()):
            if kind == "actual" or not keep_other:
                return None
            canon = "other"  # 固定资产投资25300亿元: a level, not the growth the name promises
    elif kind == "actual":
        return None
    value, high = n.value, n.value_high
    if canon.endswith("_growth") and any(v in name for v in _FALL):
        value, high = -value, (-high if high is not None else None)
    return Figure(name, canon, value, high, unit, qual, kind, offset + n.start, offset + n.end,
                  sentence)


# --- where targets and results are --------------------------------------------------------------
_SENT_RE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」）)]*|$)")
# a sentence that announces the year's targets (older wordings included)
_TRIGGER = re.compile(
    r"预期目标(?:是|为|定为|确定为|：|:)|主要目标(?:是|为|：|:)|调控(?:的主要)?目标(?:是|为|[，,]?定为|：|:)"
    r"|(?:增长|增速)(?:的)?预期为|计划(?:要求|安排)[^。]{0,40}增长|今年[^。]{0,30}(?:计划|预定)[^。]{0,12}增长"
    r"|预期目标")
_TRIGGER_STRONG = re.compile(r"预期目标(?:是|为|定为|确定为|：|:)|主要目标(?:是|为|：|:)")
# what makes a trigger sentence part of the review or of a multi-year plan
_NOT_THIS_YEAR = re.compile(r"今后五年|五年|年均|平均每年|期间|规划|到20\d\d年|到２０|十.五|过去|去年|"
                            r"上年|一年来|完成|实现了|超过|顺利|圆满|好于|高于|低于")
# a target for a later year (到2025年，…水土保持率达到73%)
_BY_YEAR = re.compile(r"到(?:20|２０)[0-9０-９]{2}年")
_PART = re.compile(r"^\s*[一二三四五六七八九十]+、")


def _is_heading(text: str) -> bool:
    """A line on its own, short and without a sentence's closing punctuation."""
    return len(text) <= 60 and not text.rstrip().endswith(("。", "！", "？", "；", "，"))


_PLAN_HEADING = re.compile(r"[“\"]?十.五[”\"]?(?:时期|规划).{0,12}(?:目标|任务)|今后五年|未来五年")
_TERM_END = re.compile(r"过去五年|五年来|五年工作|五年的工作")
_LAST_YEAR = re.compile(r"去年|过去一年|刚过去|一年来|全年")
_BUDGET = re.compile(r"拟(?:按|安排|发行)")


@dataclass(slots=True)
class _Sentence:
    start: int
    text: str
    para: int


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        # only paragraphs that can hold a figure, a trigger or a list line are split (the
        # others keep their number, so that paragraph adjacency stays true)
        if line.strip() and (len(line) <= 60 or _DIGIT.search(line) or _TRIGGER.search(line)):
            for m in _SENT_RE.finditer(line):
                if m.group().strip():
                    out.append(_Sentence(pos + m.start(), m.group(), para))
        if line.strip():
            para += 1
        pos += len(line) + 1
    return out


def _is_trigger(s: _Sentence) -> re.Match | None:
    m = _TRIGGER.search(s.text)
    if m is None or _NOT_THIS_YEAR.search(s.text[:m.start()]) or _BY_YEAR.search(s.text):
        return None
    if m.group() == "预期目标" and (_NOT_THIS_YEAR.search(s.text) or "达到" in s.text):
        return None
    return m


_DIGIT = re.compile(r"[0-9０-９]|百分之")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def iter_targets(text: str) -> Iterator[Figure]:
    """Targets, stretch figures and results in one text, in text order within each kind.

    >>> [(f.canonical, f.value, f.qualifier, f.kind)
    ...  for f in iter_targets("今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。")]
    [('gdp_growth', 5.0, '左右', 'target'), ('new_urban_jobs', 1200.0, '以上', 'target')]
    """
    sents = _sentences(text)
    block = _main_block(sents)
    out: list[Figure] = []
    seen: set[str] = set()
    if block is not None:
        first = block[0]
        # a report closing a government's term reviews five years: there only the paragraphs
        # about the last year give last year's results
        term_end = _TERM_END.search(text[:3000]) is not None
        paras_last_year = {s.para for s in sents[:first] if _LAST_YEAR.search(s.text)}
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
            if _has_digit(s.text) and not _ACTUAL_SENT_BAD.search(s.text):
                for f in _figures_in_sentence(s.text, s.start, "actual", False):
                    if f.canonical not in seen:  # the first statement of each result
                        seen.add(f.canonical)
                        out.append(f)
        targets_seen: set[str] = set()
        strong = _TRIGGER_STRONG.search(sents[first].text) is not None
        for i in block:
            if _BY_YEAR.search(sents[i].text):
                continue
            for f in _figures_in_sentence(sents[i].text, sents[i].start, "target", strong):
                out.append(f)
                targets_seen.add(f.canonical)
        rest = range(block[-1] + 1, len(sents))
    else:
        targets_seen = set()
        rest = range(len(sents))
    for i in rest:
        s = sents[i]
        if not _has_digit(s.text):
            continue
        budget = _BUDGET.search(s.text) is not None and ("今年" in s.text or block is not None)
        m = _is_trigger(s)
        # after the main paragraph a bare 预期目标 (…同经济增长、价格总水平预期目标相匹配) states none
        if (m is None or m.group() == "预期目标") and not budget:
            continue
        since = s.start + (m.start() if m is not None and not budget else 0)
        for f in _figures_in_sentence(s.text, s.start, "target", False):
            if f.start < since:
                continue  # 完全有信心实现今年经济增长5%左右的预期目标: named, not set, here
            if f.canonical not in targets_seen or f.kind == "stretch":
                out.append(f)
                if f.kind == "target":
                    targets_seen.add(f.canonical)
    yield from out


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
        heading = (len(para_sents) == 1 and len(s.text) <= 60 and not _has_digit(s.text[m.end():])
                   and "目标" in m.group())
        if m.group() == "预期目标" and not heading and not any(
                "今年" in sents[j].text for j in para_sents):
            continue
        idx = [j for j in range(i, len(sents)) if sents[j].para == s.para]
        tail = s.text[m.end():]
        later = [j for j in idx[1:] if _has_digit(sents[j].text)]
        if not _has_digit(tail) and not later:
            colon = s.text.rstrip().endswith(("：", ":"))
            if not (colon and not weak) and not heading:
                continue
            # 主要预期目标是：⏎ 国内生产总值增长8％左右；… (the list in the next paragraphs);
            # a short list line without a figure (●居民收入增长与经济增长同步) does not end it
            j = idx[-1] + 1
            para = s.para
            while j < len(sents) and sents[j].para - para <= 1 and len(idx) < 80:
                line = sents[j].text
                if not _has_digit(line) and sents[j].para != para and (
                        len(line) > 40 or _is_trigger(sents[j]) or not _has_digit(
                            sents[j + 1].text if j + 1 < len(sents) else "")):
                    break
                para = sents[j].para
                idx.append(j)
                j += 1
            if len(idx) == 1:
                continue
        # the explanation after the list (这里要着重说明，提出8%左右的…) repeats, it does not add
        for k, j in enumerate(idx[1:], 1):
            if _EXPLAIN.match(sents[j].text):
                return idx[:k]
        return idx
    return None


_EXPLAIN = re.compile(r"(?:这里|上述|提出上述|提出这|需要|要着重|着重|这个|这一|这些|实现上述|实现这)")


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
    import io
    import json
    import math

    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown format {fmt!r}; valid formats are ['jsonl', 'csv']")
    out = df.copy()
    if "doc" not in out.columns:
        out.insert(0, "doc", out["doc_id"] if "doc_id" in out.columns else "")
    out = out[["doc", *[c for c in out.columns if c != "doc"]]]
    if fmt == "csv":
        buf = io.StringIO()
        out.to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()

    def plain(v: Any) -> Any:
        if v is None or v is getattr(__import__("pandas"), "NA", None):
            return None
        if hasattr(v, "item"):
            v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v

    return "".join(json.dumps({k: plain(v) for k, v in rec.items()}, ensure_ascii=False) + "\n"
                   for rec in out.to_dict(orient="records"))
