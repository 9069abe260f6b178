"""Reading the figures of one sentence: which name each number belongs to, lists joined by
、 and 和, 分别 and 均, stretch figures (力争), a growth carried to the next clause, and what is left
out (shares, several years, months, another economy)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ...metadata import PROVINCES
from .indicators import allowed_units, find_names
from .numbers import FIGURE_RE, Number

__all__ = ["FALL_VERBS", "Figure", "figures_in_sentence"]


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


_VERB_RE = re.compile(r"(?:比上年|同比|实际)?(?:增长|增速|增幅|涨幅|上涨|下降|降低|降幅|减少|回落|提高)?")
#: Verbs of a fall: a growth written with one is negative.
FALL_VERBS = ("下降", "降低", "减少", "回落")
_FALL_AT = re.compile(r"^(?:按可比价格计算|比上年|同比|实际)?(下降|降低|减少|回落)")
# text between an indicator and its number: a verb, 控制在, 保持在, 全年… but not a new topic
_GAP_MAX = 16
_GAP_BAD = re.compile(r"比重|比例|占比|贡献|拉动|人均|总量|规模|年均|平均每年|累计|连续|翻|倍|"
                      r"比(?:19|20)|从|由|[，,。；;：:]")
# the words allowed between an indicator's name and its figure: verbs and adverbs, no new topic
_GAP_OK = re.compile(
    r"^(?:[、\s]|[（(](?:GDP|CPI|M2)[）)]|全年|年末|平均|实际|名义|比上年|比去年|同比|同口径|可比|分别|均|要|力争|争取|努力|确保|预期|预计|"
    r"目标|调控目标|计划|预定|定为|确定为|宏观调控|的|为|是|在|到|至|拟|按|安排|控制|保持|稳定|达到|达|实现|均值|平均值|"
    r"突破|超过|首次|跃上|继续|增长|增速|增幅|涨幅|降幅|上涨|下降|降低|减少|提高|回落|升至|降至|增加|"
    r"幅度|速度|水平|总体|基本|力争达到|以上|左右)*$")
_STRETCH_RE = re.compile(r"(?:力争|争取|努力)(?:达到|实现|增长)?")
_CARRY_RE = re.compile(r"^(?:(?:按可比价格计算|比上年|同比|实际)?(?:增长|增速|上涨|下降)|定为|确定为)")
_COMPARISON = re.compile(r"^(?:比上年|比去年|较上年|同比|比20|比19)")
_SPLIT_RE = re.compile(r"[，,；;]")
_LEVEL_IN_YUAN = re.compile(r"(?<![0-9０-９.．])[0-9０-９][0-9０-９.．]*[ \u3000]?元")
_MULTI_YEAR = re.compile(r"累计|以来|年均|平均每年|十.五|期间")
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


def figures_in_sentence(sentence: str, offset: int, kind: str,
                         keep_other: bool) -> Iterator[Figure]:
    """Figures of one sentence starting at ``offset``; ``kind`` is ``target`` or ``actual``."""
    subject: tuple[str, str] | None = None  # last indicator named (for 达到…亿元，增长5%)
    last_fig: tuple[str, str] | None = None  # last figure reported (for 以上，力争7%)
    for c_off, clause in _clauses(sentence):
        aliases = find_names(clause)
        nums = [n for n in map(Number, FIGURE_RE.finditer(clause))
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
                before[-1][1] <= m.start < n.start and m.unit in allowed_units(before[-1][2])
                for m in nums)
            if shared and not (kind == "target" and _STRETCH_RE.search(gap)):
                before = []  # 粮食产量1.3万亿斤、棉花…: the name belongs to the earlier figure
            if before:
                s, e, canon = before[-1]
                words = gap
                for m in nums:  # 达到134.9万亿元、增长5%: the level between name and growth
                    if before[-1][1] <= m.start < n.start:
                        words = words.replace(clause[m.start:m.end], "")
                words = _LEVEL_IN_YUAN.sub("", words)  # 人均可支配收入51140元、增长8.4%
                if (len(gap) - gap.count(" ") > _GAP_MAX or _GAP_BAD.search(gap)
                        or not _GAP_OK.match(words)):
                    continue
                if not _named_here(sentence, clause, c_off, s, kind):
                    continue
                name = _indicator_text(clause, s, e)
                if shared:
                    fig_kind = "stretch"
            elif (kind == "target" and last_fig is not None and _STRETCH_RE.match(clause.lstrip("、"))
                  and not _MULTI_YEAR.search(clause)):  # 力争“十四五”以来累计降低10%: a plan's
                name, canon = last_fig
                fig_kind = "stretch"
            elif subject is not None and _CARRY_RE.match(clause) and len(nums) == 1:
                # the verb is this clause's (进口总额五百三十四亿美元，下降９．８％: a fall)
                verb = _FALL_AT.match(clause)
                name, canon = subject[0] + (verb.group(1) if verb else ""), subject[1]
            elif (kind == "target" and keep_other and not _COMPARISON.match(clause)
                  and not _MULTI_YEAR.search(clause)):
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
    before = sentence[:c_off + s]
    bad = [m.end() for m in _ACTUAL_BAD.finditer(before)]
    # 一、二季度经济平稳增长；…，全年地区生产总值增长4.9%: the year after the quarters
    if bad and not (_PART_OF_YEAR.search(before) and before.rfind("全年") > bad[-1]):
        return False
    return _ACTUAL_BEFORE.search(clause[:s]) is not None


# another economy's figure (全球经济增长预期为2.1%, 美国2023年经济增长…), or a share
# (占同期北京地区进出口总值的50.9%)
_FOREIGN = re.compile(r"(?:全球|世界|美国|欧元区|欧盟|德国|日本|英国|国际|外国)[^，,；;]{0,6}$"
                      r"|占[^，,；;]{0,12}$")


def _respectively(clause: str, aliases: list[tuple[int, int, str]],
                  nums: list[Number]) -> Iterator[tuple[str, str, Number, str, str]]:
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
    last = clause[chain[-1][0]:chain[-1][1]]
    for (s, e, canon), n in zip(chain, after):
        own = clause[s:e]
        if len(own) == 1:  # 一二三产增加值: 一 is 一产增加值
            own += last[1:]
        name = own or name
        yield name + verb_text, canon, n, n.unit or unit, n.qual or qual


_EACH = re.compile(r"(?<!人)均(?=增长|为|控制|达到|下降|提高|保持|上涨)")


# what may stand right before an indicator named in the review (not 商务服务业增加值, “新三样”出口)
_ACTUAL_BEFORE = re.compile(r"(?:^|[、—\s（(●■◆：:]|预计|核算|全年|年末|全国|我国|去年|其中|带动|特别是|实现|完成|和|与|及|的|[省市区州县]|"
                            r"20\d\d年|[0-9０-９]{4}年|" + "|".join(PROVINCES) + ")$")
_PART_OF_YEAR = re.compile(r"季度|上半年|个月|月份")
_ACTUAL_BAD = re.compile(r"季度|上半年|前\d|前[一二两三四五六七八九十]+个月|个月|月份|月末|月底|"
                         r"[0-9０-９一二三四五六七八九十]月|年均|平均每年|累计|"
                         r"[五十]年|比(?:19|20)\d\d|扣除(?!物价|价格)")


def _make(name: str, canon: str, n: Number, unit: str, qual: str, kind: str, offset: int,
          sentence: str, keep_other: bool) -> Figure | None:
    if canon != "other":
        if unit not in allowed_units(canon):
            if kind == "actual" or not keep_other:
                return None
            canon = "other"  # 固定资产投资25300亿元: a level, not the growth the name promises
    elif kind == "actual":
        return None
    value, high = n.value, n.value_high
    if canon.endswith("_growth") and any(v in name for v in FALL_VERBS):
        value, high = -value, (-high if high is not None else None)
    return Figure(name, canon, value, high, unit, qual, kind, offset + n.start, offset + n.end,
                  sentence)
