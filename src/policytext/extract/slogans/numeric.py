"""Numeric formulations (数字提法): canonical forms, the known list and the pattern detector."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...chars import SENTENCE_SPLIT, char_class
from ..terms import squeeze, to_original

# -- regex fragments ------------------------------------------------------------------------
#: Chinese numerals that open a numeric formulation (双 counts: 双随机、一公开, 一岗双责).
NUMERALS = "一二两三四五六七八九十百千万双"
_N = f"[{NUMERALS}]"
DIGITS = "0-9０-９〇○零"
# a counted numeral: 四, 十四, 二十 (not 百/千/万, which make quantities)
_COUNT = "[一二两三四五六七八九十]{1,3}"
# characters after a numeral that make a quantity or a date, never a formulation
_UNITS = (
    "年月日天时分秒岁元角斤两亩吨米里倍成号期批名届度次周代轮层级份户口人家块篇"
    "则股些般切样起直下共旦道齐律向边致流线幅座间片台部辆架艘颗棵朵匹项种类张条支"
    "就才也都又再要是在为于和与及或把对"
)
# whitespace runs (PDF wraps, 全角 spaces), dropped from a surface to get its canonical form;
# offsets through whitespace come from terms.squeeze, shared with the lexicon matcher
_ANY_WS = re.compile(r"[\s\u3000\u00a0\u2002\u2003]+")
SENTENCE_END = re.compile(char_class(SENTENCE_SPLIT + "\n"))
# a quote may hold single line breaks (hard-wrapped text), never a blank line
_QUOTE = re.compile(r"“((?:[^“”\n]|\n(?!\s*\n)){1,300})”|「((?:[^「」\n]|\n(?!\s*\n)){1,300})」")
# _QUOTE without the blank-line rule: where _QUOTE matches, these match the same span (the
# content runs to the first mark either way), so quoted_spans scans with them and rejects a
# span holding a blank line. The “ form alone has a literal prefix, which the regex engine
# finds by fast search: 10x faster than trying the [“「] alternatives at every character.
QUOTE_LOOSE = re.compile(r"“([^“”]{1,300})”|「([^「」]{1,300})」")
QUOTE_LOOSE_CURLY = re.compile(r"“([^“”]{1,300})”")
BLANK_LINE = re.compile(r"\n\s*\n")
_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'", "「": "」", "『": "』"}
HAS_NUMERAL = re.compile(_N)
_LEADING_ER = re.compile(r"(^|[、，,])二(?=[个项大种条类位])")
CLAUSE_PUNCT = re.compile(r"[，,。；;：:！？!?]")
NAME_SUFFIX = re.compile(
    r"(?:号|奖|勋章|奖章|杯|节|赛|展|站|馆|报|台|舰|星|机|馆|园|区|路|桥|街|村|县|市|省|城|"
    r"公司|集团|大学|学院|中学|小学|医院|银行|协会|委员会|研究所|剧|歌|曲|诗|片|书|刊)$"
)

# Numeric idioms (成语) of the compact shapes, from THUOCL_chengyu (MIT licence, THUNLP 2018):
# they look like 一岗双责 but are not formulations.
_IDIOMS = frozenset(
    """
    一丘一壑 一丝一毫 一举一动 一举两得 一了百了 一刀两断 一分一毫 一口一声 一呼百应 一唱一和 一唱三叹 一天一地 一字一句 一字千金 一字千钧 一干二净 一年一度
    一张一弛 一心一意 一悲一喜 一手一脚 一掷千金 一日三省 一日千里 一时一刻 一时三刻 一曝十寒 一朝一夕 一本万利 一来一往 一来二去 一板一眼 一模一样 一波三折
    一泻千里 一清二楚 一清二白 一点一滴 一生一世 一目十行 一石二鸟 一碧万顷 一穷二白 一笑一颦 一箭双雕 一草一木 一落千丈 一言一行 一言九鼎 一语双关 一诺千金
    一身二任 一通百通 一针一线 一长一短 一颦一笑 七上八下 七嘴八舌 七弯八拐 七情六欲 七手八脚 七扭八歪 七折八扣 七拼八凑 七擒七纵 七零八散 七零八碎 七零八落
    万众一心 万无一失 万水千山 万紫千红 万语千言 三从四德 三令五申 三天两头 三头六臂 三妻四妾 三姑六婆 三宫六院 三山五岳 三年五载 三心两意 三心二意 三拳两脚
    三教九流 三朋四友 三申五令 三男两女 三男四女 三番两次 三番五次 三皇五帝 三纲五常 三言两语 三跪九叩 三长两短 两面三刀 九死一生 九牛一毛 五光十色 五劳七伤
    五大三粗 五洲四海 五湖四海 五脏六腑 五花八门 五行八作 五颜六色 十全十美 十室九空 十拿九稳 千丝万缕 千人一面 千依百顺 千军万马 千刀万剐 千变万化 千叮万嘱
    千呼万唤 千回百转 千头万绪 千奇百怪 千姿万态 千姿百态 千娇百媚 千家万户 千山万壑 千山万水 千峰万壑 千差万别 千年万载 千恩万谢 千方百计 千沟万壑 千疮百孔
    千真万确 千秋万世 千秋万代 千篇一律 千言万语 千辛万苦 千金一诺 千钧一发 千锤百炼 千门万户 千难万苦 千难万险 千难万难 双宿双飞 四书五经 四分五裂 四平八稳
    四方八面 四时八节 四海一家 四肢百骸 四通八达 四面八方 百依百顺 百发百中 百媚千娇 百孔千疮 百密一疏 百战百胜 百折千回 百无一用
    """.split()
) | frozenset("一心一意 一五一十 一针一线 三天两头 一模一样 七上八下 一来二去".split())

# Heads after numeral + classifier that make a formulation, by classifier. A head is an abstract
# frame (意识, 坚持, 务必…), so the count is of principles, not of things.
_FRAME_HEADS: dict[str, tuple[str, ...]] = {
    "个": (
        "意识", "自信", "维护", "确立", "坚持", "务必", "结合", "一百年",
        "毫不动摇", "有利于", "现代化", "面向", "大局", "明确", "必须坚持", "必须", "着力",
        "认同", "表率", "没有变", "区分开来", "不相信", "充分尊重", "更加注重", "必由之路",
        "统筹", "精准", "振兴", "有之", "根本性转变", "机关", "凡是", "基本点", "倡导",
        "自我", "不摘", "覆盖", "确保", "文明", "服从", "一工程", "一批", "离不开",
        "积极性",
    ),
    "大": (
        "攻坚战", "发展理念", "改造", "纪律", "法宝", "差别", "作风", "奇迹", "全球倡议",
        "考验", "危险", "战略定位", "板块", "支柱", "矛盾", "运动(?![会员场])",
    ),
    "项": ("基本原则", "规定", "原则", "注意", "禁令", "主张"),
    "种": ("形态", "危险", "制度"),
    "位": ("一体",),
    "字": ("方针",),
    "条": ("底线", "标准"),
    "张": ("清单",),
}
_FRAME_RE = re.compile(
    rf"(?<![第{NUMERALS}{DIGITS}每前后])({_COUNT})(?:"
    + "|".join(
        f"{cl}(?:{'|'.join(sorted(set(heads), key=len, reverse=True))})"
        for cl, heads in _FRAME_HEADS.items()
    )
    + r")(?![团处队员长])"
)
# Compact enumerations: 三会一课, 一岗双责, 五查五看, 三去一降一补 (one character per member).
_C = f"[^{NUMERALS}{DIGITS}{_UNITS}个，。、；：“”‘’！？\\s\\W\\da-zA-Z]"
_COMPACT_RE = re.compile(
    rf"(?<![第{NUMERALS}{DIGITS}])({_N}{_C}(?:{_N}{_C}){{1,2}})(?![{NUMERALS}{DIGITS}])"
)
# Numbered steps, unquoted: 一批二看, 一平二调, 一化三改 is not (一 then 二, 三 in order)
_STEPS_RE = re.compile(rf"(?<![第{NUMERALS}{DIGITS}])(一{_C}二{_C}(?:三{_C})?)(?![{NUMERALS}{DIGITS}])")
_STEP_WORDS = re.compile(r"[的了着是在和与之地得]")
# Five-year plans: 十四五, 十一五 (distinctive), 九五 / 十五 only before 规划, 计划, 时期…
_PLAN_RE = re.compile(
    rf"(?<![第{NUMERALS}{DIGITS}])(?:(十[一二三四五六七八九]五)(?![{NUMERALS}{DIGITS}{_UNITS}个%％万亿])"
    rf"|([一二三四五六七八九]五|十五)(?=”?(?:规划|计划|时期|期间|末|初|开局|收官|普法)))"
)
# Abbreviations: a numeral + one or two characters (六稳, 三农, 双碳); only when quoted or known.
_ABBREV_RE = re.compile(rf"[两三四五六七八九十双][^{NUMERALS}{DIGITS}{_UNITS}个][^{DIGITS}]{{0,3}}")
# Scanning forms of _PLAN_RE, _FRAME_RE and _STEPS_RE (same matches, same groups): they open
# with the numeral, so the regex engine skips ahead to candidate characters, and check the
# character before it with a two-character lookbehind (a leading lookbehind made the engine try
# every position: 10x slower). tests/extract/test_slogans.py checks they agree.
_PLAN_LEAD = "”?(?:规划|计划|时期|期间|末|初|开局|收官|普法)"
_PLAN_SCAN = re.compile(
    rf"[一二三四五六七八九十](?<![第{NUMERALS}{DIGITS}][\s\S])"
    rf"(?:(?<=十)[一二三四五六七八九]五(?![{NUMERALS}{DIGITS}{_UNITS}个%％万亿])"
    rf"|(?<=[一二三四五六七八九])五(?={_PLAN_LEAD})"
    rf"|(?<=十)五(?={_PLAN_LEAD}))"
)
_FRAME_SCAN = re.compile(
    rf"([一二两三四五六七八九十](?<![第{NUMERALS}{DIGITS}每前后][\s\S])[一二两三四五六七八九十]{{0,2}})"
    + _FRAME_RE.pattern[_FRAME_RE.pattern.index(")(?:") + 1 :]
)
_STEPS_SCAN = re.compile(
    rf"(一(?<![第{NUMERALS}{DIGITS}][\s\S]){_C}二{_C}(?:三{_C})?)(?![{NUMERALS}{DIGITS}])"
)
_CL_HEAD_RE = re.compile(rf"{_COUNT}[个项大种条类位张点字]\w")
# a formulation never runs on into these (三个代表团)
_BLOCK_AFTER = frozenset("团队处员")
# Cheap pre-filter: a text without any numeral has no numeric formulation.
ANY_NUMERAL = re.compile(_N)

#: Numeric formulations recognised wherever they occur (canonical form → category).
#: Expansions live in the lexicon; this list makes the detector work with any lexicon.
KNOWN_NUMERIC: tuple[str, ...] = tuple(
    """
    四个意识 四个自信 两个维护 两个确立 三个代表 四个全面 五位一体 两个一百年 两个毫不动摇
    三个有利于 四个现代化 两个务必 三个务必 两个结合 四个面向 两个大局 四个坚持 十四个坚持
    十个明确 两个凡是 两个文明 一个中心、两个基本点 两个基本点 一国两制 一个国家、两种制度
    两个中国 一中一台 三个没有变 五个必须 六个必须坚持 五个认同 四个机关
    三个表率 五个一工程 三个区分开来 四个充分尊重 七个有之 五个统筹 六个精准 五个振兴
    两个根本性转变 五个更加注重 五个必由之路 四个伟大 四个不摘 两个责任 三个倡导 三个世界
    三大攻坚战 五大发展理念 三大改造 三大纪律 八项注意 三大法宝 三大差别 三大作风 两大奇迹
    三大全球倡议 八项规定 四项基本原则 五项原则 六项禁令 四种形态 四种危险 四大考验 两种制度
    三会一课 一岗双责 五查五看 两学一做 六稳 六保 一带一路 双随机、一公开 双随机一公开 四水四定
    千万工程 三严三实 八荣八耻 两弹一星 三去一降一补 两不愁三保障 三农 四风
    双减 双碳 三重一大 两个确保 三来一补 五险一金 一府两院 三区三州 三区三线 双循环 双一流
    三股势力 四下基层 八八战略 四好农村路 一老一小 一网通办 一件事一次办 四梁八柱 八纵八横
    三权分置 三支一扶 三下乡 两岸一家亲 九二共识 三步走 两步走 五讲四美三热爱 五讲四美
    一化三改 三面红旗 两条腿走路 八字方针 十六字方针 两参一改三结合 三个面向 四有 三讲
    三反五反 三反 五反 四清 两手抓、两手都要硬 两手抓 一要吃饭，二要建设 三个转变 两新 两重
    十四五 十三五 十五五 十二五 十一五 三不腐 两个健康 一村一品 一企一策 放管服改革 一个中国
    一个中国原则 三北 三保 新三样 老三样 三网融合 双百方针 两霸 翻两番 两条路线 三结合 两类矛盾
    三级所有 三自一包 三和一少 一打三反 两个估计 四大自由 三忠于 四无限
    """.split()
)
#: Written variants of known numeric formulations (variant → canonical form).
_NUMERIC_VARIANTS: dict[str, str] = {
    "两类不同性质的矛盾": "两类矛盾",
    "两类不同性质矛盾": "两类矛盾",
    "两类性质不同的矛盾": "两类矛盾",
    "三大社会主义改造": "三大改造",
    "两个具有全局意义的根本性转变": "两个根本性转变",
    "二个具有全局意义的根本性转变": "两个根本性转变",
    # the programme is named after its two tiers: one formulation, however written
    "千村示范、万村整治": "千万工程",
    "千村示范万村整治": "千万工程",
    "千村示范，万村整治": "千万工程",
}
_KNOWN_FIX = {"放管服改革"}  # not numeric; removed below (kept out of the numeric list)
KNOWN_NUMERIC = tuple(t for t in KNOWN_NUMERIC if t not in _KNOWN_FIX)


@dataclass(frozen=True)
class SloganMatch:
    """One occurrence: ``text[start:end] == surface`` (as written, breaks included).

    Attributes
    ----------
    start, end
        Span in the document text (inside the quote marks for quoted phrases).
    surface
        The text as written.
    term
        Canonical form (see :func:`canonical_form`).
    kind
        ``lexicon``, ``numeric`` or ``quoted``.
    category
        Lexicon category; ``formulation`` for numeric formulations; ``other`` for quoted
        phrases that are not terms.
    numeric
        Whether the term is a numeric formulation (数字提法), whichever source found it.
    quoted
        Whether the span is the whole content of a pair of quotation marks.
    label
        ``formulation``, ``metaphor``, ``quotation``, ``name``, ``phrase`` or ``other`` (see
        :func:`slogans`).
    """

    start: int
    end: int
    surface: str
    term: str
    kind: str
    category: str
    numeric: bool
    quoted: bool
    label: str


def canonical_form(surface: str) -> str:
    """The canonical spelling of a slogan as written.

    Drops quote marks and whitespace (line breaks, full-width spaces) and writes 两 for a leading
    二 before a classifier.

    >>> canonical_form("“二个\\n维护”")
    '两个维护'
    >>> canonical_form("双随机、一公开")
    '双随机、一公开'
    """
    s = _ANY_WS.sub("", surface)
    while len(s) >= 2 and _QUOTE_PAIRS.get(s[0]) == s[-1]:
        s = s[1:-1]
    return _LEADING_ER.sub(r"\1两", s)


def is_numeric_formulation(phrase: str) -> bool:
    """Whether ``phrase`` (a quoted span, say) has the shape of a numeric formulation.

    True for numeral + classifier + head (四个意识, 十三个方面成就, 四张清单), compact
    enumerations (三会一课, 双随机、一公开, 一区一主题), abbreviations (六稳, 三农, 双碳, 新三样)
    and plan names (十四五); False for quantities and dates (两个月, 三个方面, 五一, 九一八,
    十连捷, 七山一水二分田), magnitudes (百城千屏, 一屏万卷), idioms (一心一意, 四两拨千斤),
    common words and places (一线, 一把手, 两面派, 三峡) and names (七一勋章, 九章四号,
    双亚冬之城).

    >>> [is_numeric_formulation(p) for p in ("四个意识", "六稳", "两个月", "一心一意", "五一")]
    [True, True, False, False, False]
    """
    p = canonical_form(phrase)
    if p in KNOWN_SET:
        return True
    if p.startswith(COMMON_WORDS):
        return False
    if len(p) >= 3 and p[0] in "新老" and HAS_NUMERAL.match(p, 1):
        p = p[1:]  # 新三样, 老三样, 新三大件: a renewed set is still a counted set
        if p in KNOWN_SET:
            return True
        if len(p) > 3 and not re.fullmatch(rf"{_COUNT}[个项大种条类位张点字]\w{{1,3}}", p):
            return False  # 老九不能走: a nickname, not a set
    if not 2 <= len(p) <= 12 or not HAS_NUMERAL.match(p) or CLAUSE_PUNCT.search(p[:-1] or "x"):
        return False
    if _PLAN_RE.fullmatch(p):
        return True
    classified = re.fullmatch(rf"{_COUNT}[个项大种条类位张点字]\w{{1,8}}", p)
    if p in _IDIOMS or re.search(r"[的了着吗呢吧，。]", p):
        return False
    if NAME_SUFFIX.search(p) and not (classified and p[len(p.lstrip(NUMERALS))] != "号"):
        return False  # 七一勋章, 九章四号; but 两条道路 is a counted head, not a street
    if p.startswith(COMMON_WORDS) or QUANTITY_RE.search(p):
        return False  # 一把手, 三峡工程; 十连捷, 七山一水二分田, 三年行动
    nums = set(_NUMERAL_RUN.findall(p))
    if (
        nums
        and all(set(n) <= set("一百千万") for n in nums)
        and not re.fullmatch(r"一[^一]一\w{1,2}", p)
        and "、" not in p
        and not p.endswith("工程")
    ):
        return False  # 百城千屏, 一屏万卷: magnitudes ("many"), not counted members
    if classified:
        # numeral + classifier + head, quoted: a formulation unless the head is a count noun
        body = p.lstrip(NUMERALS)
        return not _COUNT_NOUN_RE.fullmatch(body[1:])
    body = p.lstrip(NUMERALS)
    if not body or body[0] in _UNITS or re.match(f"[{DIGITS}]", body):
        return False  # 五一, 九一八, 两年, 三次
    if _FRAME_RE.fullmatch(p) or _COMPACT_RE.fullmatch(p):
        return True
    if re.fullmatch(rf"(?:[{NUMERALS}]\w{{1,3}}[、，]?){{2,3}}", p) and (
        "、" in p or not p.startswith(("一", "百", "千", "万"))
    ):
        return True  # 双随机、一公开, 两不愁三保障, 一中心、一平台、一基地
    if re.fullmatch(r"[百千万]{2,3}工程", p):
        return True  # 千万工程, 百千万工程: programmes named by their tiers
    if re.fullmatch(r"一[^一]一\w{1,2}", p):
        return True  # 一村一品, 一区一主题: "one per", a distributive formulation
    if p[0] in "一二百千万":
        return False  # 一线, 二线, 千里眼: common words, not formulations
    # quoted numeral + a few characters: 六稳, 三农, 三治融合, 五水共治
    return bool(_ABBREV_RE.fullmatch(p))


# a numeral run followed by a measure word, time unit, 连 (consecutive) or a fraction: a quantity
_MEASURE = "年月日天时分秒岁元角斤亩吨米里倍成号期批名届度次周代轮层级份户口人家块篇连%％"
QUANTITY_RE = re.compile(rf"[{NUMERALS}](?<!双)[{_MEASURE}]")
_NUMERAL_RUN = re.compile(rf"[{NUMERALS}]+")
# ordinary words and place names that start with a numeral (never formulations)
COMMON_WORDS = tuple(
    """
    一把手 一线 二线 两面派 两面人 两极 两难 两利 两旺 两岸 两会 三角 三峡 三亚 三明 三门峡 三沙
    四川 四平 五常 五金 五台山 五指山 六安 六盘水 七台河 九江 九寨沟 九龙 十堰 双鸭山 双城 双方
    双边 双向 双重 双手 新三板 八路军 八达岭 万州 万宁 百色 千岛湖 二连浩特 三好学生
    """.split()
)


# nouns that make "numeral + classifier + noun" a quantity even in quotes
_COUNT_NOUN_RE = re.compile(
    r"(?:方面|百分点|城市|国家|地区|单位|部门|企业|项目|问题|小时|阶段|环节|领域|省|县|村|人|月)"
)
KNOWN_SET = frozenset(KNOWN_NUMERIC)


@lru_cache(maxsize=4096)
def _surfaces(term: str) -> tuple[str, ...]:
    """A numeric formulation and its written variants (二 for 两, without 、), in order."""
    variants = []
    if "两" in term:
        variants.append(term.replace("两", "二", 1))
    if "、" in term:
        variants.append(term.replace("、", ""))
        variants.append(term.replace("、", "，"))
    variants.extend(v for v, c in _NUMERIC_VARIANTS.items() if c == term)
    return (term, *(v for v in variants if v != term))


@lru_cache(maxsize=64)
def _numeric_automaton(extra: tuple[str, ...]) -> tuple[Any, list[str]]:
    """Leftmost-longest automaton over the known numeric formulations plus ``extra`` (learned
    ones), with the canonical term of every pattern. Surfaces are taken in sorted term order,
    first owner wins (as a :class:`~policytext.extract.terms.TermMatcher` over the same terms)."""
    import ahocorasick_rs

    surfaces: list[str] = []
    values: list[str] = []
    seen: set[str] = set()
    for t in sorted(KNOWN_SET.union(extra)):
        for s in _surfaces(t):
            if s and s not in seen:
                seen.add(s)
                surfaces.append(s)
                values.append(t)
    # The base automaton serves every document: a DFA scans twice as fast (built in ~2 ms,
    # once). One with learned terms serves one document: the default builds 4x faster.
    impl = {} if extra else {"implementation": ahocorasick_rs.Implementation.DFA}
    auto = ahocorasick_rs.AhoCorasick(
        surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest, **impl
    )
    return auto, values


def _known_matches(squeezed: str, extra: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """``(term, start, end)`` of the known numeric formulations and the learned ``extra`` ones
    in ``squeezed``: what the leftmost-longest automaton of ``_numeric_automaton(extra)`` finds.

    Most documents that quote a formulation learn one the built-in list lacks, and building an
    automaton for it cost ~0.4 ms per document (more than scanning 30,000 characters). So the
    base automaton (built once) scans, and the extra surfaces are found with ``str.find``. The
    merge is exact when no extra occurrence overlaps another one or a base match: then, at each
    point of the leftmost-longest scan over both pattern sets, the next match of one set never
    starts inside a match of the other, so both scans proceed as they do alone. Otherwise (or
    when an extra surface is also a known one) the combined automaton is built as before.
    """
    auto, values = _numeric_automaton(())
    hits = [(values[i], s, e) for i, s, e in auto.find_matches_as_indexes(squeezed)]
    if not extra:
        return hits
    owner: dict[str, str] = {}  # surface -> term: the first in sorted order, as in the automaton
    for term in extra:
        for surface in _surfaces(term):
            owner.setdefault(surface, term)
    if not _numeric_surfaces().isdisjoint(owner):
        owner = {}  # a known surface with a learned owner: leave it to the automaton
    found: list[tuple[int, int, str]] = []
    for surface, term in owner.items():
        i = squeezed.find(surface)
        while i >= 0:  # every occurrence, overlapping ones too
            found.append((i, i + len(surface), term))
            i = squeezed.find(surface, i + 1)
    found.sort()
    starts = [s for _, s, _ in hits]
    disjoint = bool(owner)
    prev_end = -1
    for s, e, _ in found:
        j = bisect_left(starts, e)  # hits[:j] start before e; the last one ends last
        if s < prev_end or (j > 0 and hits[j - 1][2] > s):
            disjoint = False
            break
        prev_end = e
    if not disjoint:
        auto, values = _numeric_automaton(extra)
        return [(values[i], s, e) for i, s, e in auto.find_matches_as_indexes(squeezed)]
    return hits + [(term, s, e) for s, e, term in found]


@lru_cache(maxsize=1)
def _numeric_surfaces() -> frozenset[str]:
    """The surfaces of the base numeric automaton (``_numeric_automaton(())``)."""
    return frozenset(s for t in KNOWN_SET for s in _surfaces(t) if s)


def iter_numeric(text: str, *, learned: Iterable[str] = ()) -> Iterator[SloganMatch]:
    """Numeric formulations in one string, found by pattern (no lexicon needed).

    Parameters
    ----------
    text
        The text; a formulation broken by a line break or spaces is found (``两个\\n维护``).
    learned
        Extra canonical formulations to find wherever they occur (e.g. ones a corpus quotes).

    Yields
    ------
    SloganMatch
        ``kind="numeric"``, non-overlapping, in text order. Known formulations and longer spans
        win over shorter pattern matches.
    """
    if not ANY_NUMERAL.search(text):
        return
    squeezed, kept_starts, shifts = squeeze(text)
    for o_start, o_end, surface, term in numeric_spans(
        text, squeezed, kept_starts, shifts, tuple(learned)
    ):
        yield SloganMatch(
            o_start, o_end, surface, term, "numeric", "formulation", True, False, "formulation"
        )


def numeric_spans(
    text: str,
    squeezed: str,
    kept_starts: list[int] | None,
    shifts: list[int] | None,
    learned: tuple[str, ...],
) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, term) of the numeric formulations of ``text`` (see
    :func:`iter_numeric`), given its squeezed form and offset map."""
    spans: list[tuple[int, int, int]] = []  # (priority, s_start, s_end)
    terms: dict[tuple[int, int], str] = {}  # canonical form of known spans (variants mapped)
    extra = tuple(sorted({t for t in learned if len(t) >= 3} - KNOWN_SET))
    for term, s, e in _known_matches(squeezed, extra):
        spans.append((0, s, e))
        terms[(s, e)] = term
    # Unknown compact shapes (N X N Y) are taken only from quotes (see ``learned``): unquoted,
    # most of them are phrases (三餐四季, 两党两国), measured on 新闻联播 / 人民日报 samples.
    if "五" in squeezed:
        spans.extend((1, s, e) for s, e in _plan_spans(squeezed))
    for m in _FRAME_SCAN.finditer(squeezed):
        if m.group(1) == "一":
            continue  # 一大法宝, 一个必须: "one of", not a formulation
        spans.append((2, *m.span()))
    if "二" in squeezed:
        for m in _STEPS_SCAN.finditer(squeezed):
            s, e = m.span()
            if (
                m.group(1) in _IDIOMS
                or squeezed[max(0, s - 1) : s + 3] in _IDIOMS
                or _STEP_WORDS.search(m.group(1))
            ):
                continue  # 一清二楚, 一穷二白, 独一无二
            spans.append((3, s, e))
    if not spans:
        return []
    chosen = [(s, e) for s, e in _resolve(spans) if squeezed[e : e + 1] not in _BLOCK_AFTER]
    # (三个代表团, 两个维护队: a count of things after all)
    coordinated = _coordinated(squeezed, chosen)
    out = []
    for s, e in sorted(chosen + coordinated) if coordinated else chosen:
        if shifts is None:
            o_start, o_end = s, e
        else:
            o_start = to_original(s, kept_starts, shifts)
            o_end = to_original(e - 1, kept_starts, shifts) + 1
        surface = text[o_start:o_end]
        term = terms.get((s, e))
        if term is not None:
            term = _LEADING_ER.sub(r"\1两", term) if "二" in term else term
        else:
            term = canonical(surface)
            if term in KNOWN_SET and "二" in term:
                term = _LEADING_ER.sub(r"\1两", term)
        out.append((o_start, o_end, surface, term))
    return out


def _plan_spans(squeezed: str) -> list[tuple[int, int]]:
    """The spans of ``_PLAN_SCAN.finditer(squeezed)``, tried only where a match can start.

    A plan name ends in 五 as its second or third character (十四五, 九五), so only the two
    characters before each 五 can start one: finding 五 with ``str.find`` and matching there
    beats the regex engine's scan, which tests every numeral (一 is everywhere).
    """
    spans: list[tuple[int, int]] = []
    end = 0  # finditer resumes after the last match
    i = squeezed.find("五")
    while i >= 0:
        for start in (i - 2, i - 1):
            if start >= end:
                m = _PLAN_SCAN.match(squeezed, start)
                if m is not None:
                    spans.append(m.span())
                    end = m.end()
                    break
        i = squeezed.find("五", i + 1)
    return spans


# a numeral phrase coordinated with a numeric formulation by 、 (两个阶级、两条道路、两条路线;
# 两手抓、两促进): one series, so a member of the same shape is a formulation too
_COORD_BEFORE = re.compile(rf"(?<![第{NUMERALS}{DIGITS}])({_COUNT}[\u4e00-\u9fff]{{1,4}}?)、$")
_COORD_AFTER = re.compile(rf"^、({_COUNT}[\u4e00-\u9fff]{{1,4}}?)(?=[、，。；：和与及以\n”]|$)")


def _coordinated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Members coordinated by 、 with the (sorted, disjoint) ``spans``."""
    out: list[tuple[int, int]] = []
    if not spans:
        return out
    starts = [s for s, _ in spans]
    out_end: dict[int, int] = {}  # start -> end of the spans added here (at most 7 characters)
    todo = list(spans)

    def overlaps(a: int, b: int) -> bool:
        i = bisect_left(starts, b)  # spans[:i] start before b; the last one ends last
        if i > 0 and spans[i - 1][1] > a:
            return True
        for c in range(max(0, a - 7), b):
            d = out_end.get(c)
            if d is not None and d > a:
                return True
        return False

    def add(span: tuple[int, int], phrase: str) -> None:
        if phrase in _IDIOMS or not is_numeric(phrase):
            return
        if overlaps(*span):
            return
        out.append(span)
        out_end[span[0]] = span[1]
        todo.append(span)  # a series runs on: 两个阶级、两条道路、两条路线

    while todo:
        s, e = todo.pop()
        if s > 0 and text[s - 1] == "、":
            left = text[max(0, s - 7) : s]
            m = _COORD_BEFORE.search(left)
            if m:
                add((s - len(left) + m.start(1), s - 1), m.group(1))
        if text[e : e + 1] == "、":
            m = _COORD_AFTER.match(text[e : e + 8])
            if m:
                add((e + 1, e + 1 + len(m.group(1))), m.group(1))
    return out


def _resolve(spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans: lower priority number first, then longer, then leftmost."""
    chosen: list[tuple[int, int]] = []
    starts: list[int] = []
    for _, s, e in sorted(spans, key=lambda x: (x[0], -(x[2] - x[1]), x[1])):
        i = bisect_left(starts, s)
        if i > 0 and chosen[i - 1][1] > s:
            continue
        if i < len(chosen) and chosen[i][0] < e:
            continue
        chosen.insert(i, (s, e))
        starts.insert(i, s)
    return chosen


# Pure functions of a string, called for every occurrence: cached for short strings (terms
# repeat; long quotations rarely do, and would make the cache large).
_canonical_short = lru_cache(maxsize=1 << 15)(canonical_form)
_is_numeric_short = lru_cache(maxsize=1 << 15)(is_numeric_formulation)


def canonical(surface: str) -> str:
    return _canonical_short(surface) if len(surface) <= 24 else canonical_form(surface)


def is_numeric(phrase: str) -> bool:
    return _is_numeric_short(phrase) if len(phrase) <= 24 else is_numeric_formulation(phrase)
