"""Slogans and formulations (提法): lexicon terms, numeric formulations and quoted phrases.

Three sources are merged into one occurrence table (:func:`slogans`):

1. **lexicon** — every term of a :class:`~policytext.lexicon.Lexicon`, matched on characters by
   :func:`policytext.extract.terms.iter_term_matches` (leftmost-longest, across line breaks);
2. **numeric** — numeric formulations (数字提法) found by pattern even when they are not in the
   lexicon: numeral + classifier + head (四个意识, 三大攻坚战, 八项规定, 十四个坚持), compact
   enumerations (三会一课, 一岗双责, 五查五看, 三去一降一补), abbreviations (六稳, 三农), plan
   names (十四五) and anything that a document puts in quotes in one of these shapes, which is
   then also counted where the document (or corpus) uses it without quotes;
3. **quoted** — every other phrase in “…” with a label: ``formulation``, ``metaphor``,
   ``quotation``, ``name``, ``phrase`` or ``other``.

Labels: a lexicon term's label follows its category (:data:`CATEGORY_LABELS`: institutions
and meetings are ``name``, document types ``other``); a quoted phrase's label is read from
its shape (see ``docs/slogan_labels.md`` for a judged sample). A numeral frame just before a
quote belongs to the formulation: 五个“必须统筹好” is one row, 五个必须统筹好.

Quantities (两个月, 三个方面, 五个百分点, 一批企业, 第二个) are not formulations: the numeric
detector accepts a numeral + classifier only before a *head* that names an abstract frame
(意识, 自信, 维护, 坚持, 务必…), never before a unit or an ordinary count noun.

An occurrence is reported once: a span found by the lexicon is not repeated by the numeric
detector, and a quoted formulation is one row with ``quoted=True``. A lexicon term is numeric by
its shape (a numeral that counts members), not by its category alone (一把手 is not). The one
overlap allowed is a *numeric core* inside a longer lexicon term: 和平共处五项原则 keeps its
lexicon row (``numeric=False``), and 五项原则 gets its own numeric row. So numeric counts do not
depend on which longer terms the lexicon happens to hold (see ``docs/numeric_accuracy.md``).

Canonical forms drop quotes and whitespace (PDF line breaks, full-width spaces) and write 两 for a
leading 二 before a classifier (二个维护 → 两个维护).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any

from .._identity_cache import IdentityCache
from ..corpus import Document, as_documents
from ._frames import format_rows, typed_frame
from .terms import squeeze, to_original  # one lexicon squeeze serves both scans

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..lexicon import Lexicon

__all__ = [
    "COUNT_COLUMNS",
    "EXPANSION_COLUMNS",
    "FIRST_SEEN_COLUMNS",
    "KNOWN_NUMERIC",
    "SLOGAN_COLUMNS",
    "SloganMatch",
    "canonical_form",
    "contains_as_word",
    "expansions",
    "first_seen",
    "format_slogans",
    "is_numeric_formulation",
    "iter_numeric",
    "slogan_counts",
    "slogan_rows",
    "slogans",
]

#: Columns of :func:`slogans` with their dtypes.
SLOGAN_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "surface": "object",
    "kind": "object",
    "category": "object",
    "numeric": "bool",
    "quoted": "bool",
    "label": "object",
    "start": "int64",
    "end": "int64",
    "sentence": "object",
}
#: Columns of :func:`slogan_counts`.
COUNT_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "kind": "object",
    "category": "object",
    "count": "int64",
}
#: Columns of :func:`expansions`.
EXPANSION_COLUMNS: dict[str, str] = {
    "doc_id": "object",
    "term": "object",
    "members_found": "object",
    "n_found": "int64",
    "n_members": "int64",
    "start": "int64",
    "end": "int64",
}
#: Columns of :func:`first_seen`.
FIRST_SEEN_COLUMNS: dict[str, str] = {
    "term": "object",
    "category": "object",
    "first_year": "Int64",
    "last_year": "Int64",
    "n_years": "int64",
    "n_docs": "int64",
    "count": "int64",
    "first_doc": "object",
    "last_doc": "object",
}

KINDS = ("lexicon", "numeric", "quoted")
LABELS = ("formulation", "metaphor", "quotation", "name", "phrase", "other")

#: Label of a lexicon term by its category: institutions and meetings (人民代表大会, 政协委员,
#: 民主党派, 人民政府, 十四届全国人大二次会议) are names, not formulations; document types
#: (意见, 通知) are ``other``.
CATEGORY_LABELS: dict[str, str] = {
    "formulation": "formulation",
    "policy": "formulation",
    "ideology": "formulation",
    "campaign": "formulation",
    "organ": "name",
    "meeting": "name",
    "doctype": "other",
}


def label_of_category(category: str) -> str:
    """The ``label`` of a lexicon term of ``category`` (see :data:`CATEGORY_LABELS`;
    ``formulation`` for a category the table does not know)."""
    return CATEGORY_LABELS.get(category, "formulation")


# -- regex fragments ------------------------------------------------------------------------
#: Chinese numerals that open a numeric formulation (双 counts: 双随机、一公开, 一岗双责).
NUMERALS = "一二两三四五六七八九十百千万双"
_N = f"[{NUMERALS}]"
_DIGITS = "0-9０-９〇○零"
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
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# a quote may hold single line breaks (hard-wrapped text), never a blank line
_QUOTE = re.compile(r"“((?:[^“”\n]|\n(?!\s*\n)){1,300})”|「((?:[^「」\n]|\n(?!\s*\n)){1,300})」")
# _QUOTE without the blank-line rule: where _QUOTE matches, these match the same span (the
# content runs to the first mark either way), so _quoted_spans scans with them and rejects a
# span holding a blank line. The “ form alone has a literal prefix, which the regex engine
# finds by fast search: 10x faster than trying the [“「] alternatives at every character.
_QUOTE_LOOSE = re.compile(r"“([^“”]{1,300})”|「([^「」]{1,300})」")
_QUOTE_LOOSE_CURLY = re.compile(r"“([^“”]{1,300})”")
_BLANK_LINE = re.compile(r"\n\s*\n")
_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'", "「": "」", "『": "』"}
_HAS_NUMERAL = re.compile(_N)
_LEADING_ER = re.compile(r"(^|[、，,])二(?=[个项大种条类位])")
_CLAUSE_PUNCT = re.compile(r"[，,。；;：:！？!?]")
_NAME_SUFFIX = re.compile(
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
    rf"(?<![第{NUMERALS}{_DIGITS}每前后])({_COUNT})(?:"
    + "|".join(
        f"{cl}(?:{'|'.join(sorted(set(heads), key=len, reverse=True))})"
        for cl, heads in _FRAME_HEADS.items()
    )
    + r")(?![团处队员长])"
)
# Compact enumerations: 三会一课, 一岗双责, 五查五看, 三去一降一补 (one character per member).
_C = f"[^{NUMERALS}{_DIGITS}{_UNITS}个，。、；：“”‘’！？\\s\\W\\da-zA-Z]"
_COMPACT_RE = re.compile(
    rf"(?<![第{NUMERALS}{_DIGITS}])({_N}{_C}(?:{_N}{_C}){{1,2}})(?![{NUMERALS}{_DIGITS}])"
)
# Numbered steps, unquoted: 一批二看, 一平二调, 一化三改 is not (一 then 二, 三 in order)
_STEPS_RE = re.compile(rf"(?<![第{NUMERALS}{_DIGITS}])(一{_C}二{_C}(?:三{_C})?)(?![{NUMERALS}{_DIGITS}])")
_STEP_WORDS = re.compile(r"[的了着是在和与之地得]")
# Five-year plans: 十四五, 十一五 (distinctive), 九五 / 十五 only before 规划, 计划, 时期…
_PLAN_RE = re.compile(
    rf"(?<![第{NUMERALS}{_DIGITS}])(?:(十[一二三四五六七八九]五)(?![{NUMERALS}{_DIGITS}{_UNITS}个%％万亿])"
    rf"|([一二三四五六七八九]五|十五)(?=”?(?:规划|计划|时期|期间|末|初|开局|收官|普法)))"
)
# Abbreviations: a numeral + one or two characters (六稳, 三农, 双碳); only when quoted or known.
_ABBREV_RE = re.compile(rf"[两三四五六七八九十双][^{NUMERALS}{_DIGITS}{_UNITS}个][^{_DIGITS}]{{0,3}}")
# Scanning forms of _PLAN_RE, _FRAME_RE and _STEPS_RE (same matches, same groups): they open
# with the numeral, so the regex engine skips ahead to candidate characters, and check the
# character before it with a two-character lookbehind (a leading lookbehind made the engine try
# every position: 10x slower). tests/extract/test_slogans.py checks they agree.
_PLAN_LEAD = "”?(?:规划|计划|时期|期间|末|初|开局|收官|普法)"
_PLAN_SCAN = re.compile(
    rf"[一二三四五六七八九十](?<![第{NUMERALS}{_DIGITS}][\s\S])"
    rf"(?:(?<=十)[一二三四五六七八九]五(?![{NUMERALS}{_DIGITS}{_UNITS}个%％万亿])"
    rf"|(?<=[一二三四五六七八九])五(?={_PLAN_LEAD})"
    rf"|(?<=十)五(?={_PLAN_LEAD}))"
)
_FRAME_SCAN = re.compile(
    rf"([一二两三四五六七八九十](?<![第{NUMERALS}{_DIGITS}每前后][\s\S])[一二两三四五六七八九十]{{0,2}})"
    + _FRAME_RE.pattern[_FRAME_RE.pattern.index(")(?:") + 1 :]
)
_STEPS_SCAN = re.compile(
    rf"(一(?<![第{NUMERALS}{_DIGITS}][\s\S]){_C}二{_C}(?:三{_C})?)(?![{NUMERALS}{_DIGITS}])"
)
_CL_HEAD_RE = re.compile(rf"{_COUNT}[个项大种条类位张点字]\w")
# a formulation never runs on into these (三个代表团)
_BLOCK_AFTER = frozenset("团队处员")
# Cheap pre-filter: a text without any numeral has no numeric formulation.
_ANY_NUMERAL = re.compile(_N)

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
    if p in _KNOWN_SET:
        return True
    if p.startswith(_COMMON_WORDS):
        return False
    if len(p) >= 3 and p[0] in "新老" and _HAS_NUMERAL.match(p, 1):
        p = p[1:]  # 新三样, 老三样, 新三大件: a renewed set is still a counted set
        if p in _KNOWN_SET:
            return True
        if len(p) > 3 and not re.fullmatch(rf"{_COUNT}[个项大种条类位张点字]\w{{1,3}}", p):
            return False  # 老九不能走: a nickname, not a set
    if not 2 <= len(p) <= 12 or not _HAS_NUMERAL.match(p) or _CLAUSE_PUNCT.search(p[:-1] or "x"):
        return False
    if _PLAN_RE.fullmatch(p):
        return True
    classified = re.fullmatch(rf"{_COUNT}[个项大种条类位张点字]\w{{1,8}}", p)
    if p in _IDIOMS or re.search(r"[的了着吗呢吧，。]", p):
        return False
    if _NAME_SUFFIX.search(p) and not (classified and p[len(p.lstrip(NUMERALS))] != "号"):
        return False  # 七一勋章, 九章四号; but 两条道路 is a counted head, not a street
    if p.startswith(_COMMON_WORDS) or _QUANTITY_RE.search(p):
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
    if not body or body[0] in _UNITS or re.match(f"[{_DIGITS}]", body):
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
_QUANTITY_RE = re.compile(rf"[{NUMERALS}](?<!双)[{_MEASURE}]")
_NUMERAL_RUN = re.compile(rf"[{NUMERALS}]+")
# ordinary words and place names that start with a numeral (never formulations)
_COMMON_WORDS = tuple(
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
_KNOWN_SET = frozenset(KNOWN_NUMERIC)


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
    for t in sorted(_KNOWN_SET.union(extra)):
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
    return frozenset(s for t in _KNOWN_SET for s in _surfaces(t) if s)


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
    if not _ANY_NUMERAL.search(text):
        return
    squeezed, kept_starts, shifts = squeeze(text)
    for o_start, o_end, surface, term in _numeric_spans(
        text, squeezed, kept_starts, shifts, tuple(learned)
    ):
        yield SloganMatch(
            o_start, o_end, surface, term, "numeric", "formulation", True, False, "formulation"
        )


def _numeric_spans(
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
    extra = tuple(sorted({t for t in learned if len(t) >= 3} - _KNOWN_SET))
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
            term = _canonical(surface)
            if term in _KNOWN_SET and "二" in term:
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
_COORD_BEFORE = re.compile(rf"(?<![第{NUMERALS}{_DIGITS}])({_COUNT}[\u4e00-\u9fff]{{1,4}}?)、$")
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
        if phrase in _IDIOMS or not _is_numeric(phrase):
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


def _quoted_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans inside top-level “…” (and 「…」) quote pairs: the matches of ``_QUOTE``."""
    loose = _QUOTE_LOOSE if "「" in text else _QUOTE_LOOSE_CURLY
    pos = 0
    while True:
        m = loose.search(text, pos)
        if m is None:
            return
        s, e = m.span(m.lastindex)
        if text.find("\n", s, e) >= 0 and _BLANK_LINE.search(text, s, e):
            # _QUOTE fails here (and matched nowhere before): it tries the next character
            pos = m.start() + 1
            continue
        pos = m.end()
        # trim whitespace just inside the marks
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


# a quoted phrase that is only digits and signs: a code or a count (“4567”, “1+8”, “811”)
_DIGITS_ONLY = re.compile(r"[0-9０-９.．+＋\-—/×%％、，·\s]+")
# a word after the closing mark that makes the quoted phrase a name (“连花清瘟”胶囊, “蛟龙”号)
_NAME_AFTER = re.compile(
    r"(?:胶囊|颗粒|注射液|口服液|片剂|牌|品牌|商标|号|舰|卫星|飞船|探测器|客机|APP|App|app|"
    r"软件|平台|小程序|公众号|公司|集团|奖|杯|赛|节|展|剧|电影|纪录片|栏目|节目|专栏|歌|"
    r"(?:推广|示范|试点|专项)?(?:工程|行动|计划|项目|活动))"
)
# endings that make a quoted phrase a name of a brand or a body (“李宁牌”, “颠复活动管制局”)
_NAME_END = re.compile(
    r"(?:牌|局|署|办公室|委员会|协会|联盟|基金会|研究院|中心|峰会|论坛|博览会|展览会|大会|研讨会)$"
)


def _label(term: str, lexicon_terms: Mapping[str, Any] | None, after: str = "") -> str:
    """Label of a quoted phrase (canonical form ``term``; ``after``: the text after its
    closing mark)."""
    if lexicon_terms is not None and term in lexicon_terms:
        return label_of_category(getattr(lexicon_terms[term], "category", "formulation"))
    if _DIGITS_ONLY.fullmatch(term):
        return "other"  # “4567”, “1+8”: a code or a count, not a formulation
    if len(term) < 2:
        # “稳”字当头, 姓“社”, 防止“左”: a character, never a formulation; a noun may be a
        # metaphor (精神上的“钙”)
        return "metaphor" if _word_class(term) == "noun" and after[:1] != "字" else "other"
    if _is_numeric(term):
        return "formulation"
    if "《" in term or (len(term) >= 3 and _NAME_SUFFIX.search(term) and len(term) <= 12):
        return "name"
    if _NAME_AFTER.match(after) or _TRANSLITERATED.fullmatch(term) or _NAME_END.search(term):
        return "name"  # “连花清瘟”胶囊, “信息无障碍”推广工程, 飓风“米尔顿”, “李宁牌”
    if ("+" in term or "＋" in term) and not _CLAUSE_PUNCT.search(term):
        return "formulation"  # “互联网+先进制造业”: the 互联网+ series of programmes
    if term in _LITERAL_WORDS or (len(term) <= 4 and _word_class(term) == "other"):
        return "other"  # an ordinary verb or adjective in scare quotes (“清零”, “打非”)
    if len(term) > 8 or _CLAUSE_PUNCT.search(term) or "、" in term:
        return "quotation"
    if _word_class(term) == "noun":
        return "metaphor"  # a dictionary noun or idiom in quotes: “铜镜”, “防火墙”, “一言堂”
    # a coinage, a term of art, a short quotation or an unknown name (“扫码亮证”, “假阳性率”):
    # nothing in its shape tells which
    return "phrase"


# nouns that policy prose puts in quotes as terms of art, not figures (“硬件”设施, “软件”服务)
_LITERAL_WORDS = frozenset({"硬件", "软件"})


def _word_class(word: str) -> str | None:
    from .dictionary import word_class

    return word_class(word)


# characters of transliterated foreign names (米尔顿, 海伦妮, 特朗普): a phrase made only of them
_TRANSLITERATED = re.compile(
    r"[阿埃艾奥巴贝比波伯布查达戴德迪蒂杜多厄恩法菲弗福盖格古哈海赫亨胡华霍基吉加杰卡凯"
    r"坎科克库拉莱兰朗劳勒雷里利莉琳卢鲁伦罗洛马麦曼梅蒙米莫姆穆纳奈内妮尼努诺帕佩皮普奇"
    r"乔切萨塞桑瑟沙尚舍什斯索塔泰汤特提图托瓦威韦维温沃乌西希谢休雅亚扬耶伊尤约扎泽詹"
    r"芬佛娜娅丝茨兹尔顿]{2,6}"
)


def _learn_quoted(docs: list[Document], known: frozenset[str]) -> tuple[str, ...]:
    """Numeric formulations a corpus puts in quotes, to be counted unquoted as well."""
    learned: set[str] = set()
    for doc in docs:
        text = doc.text
        if "“" not in text and "「" not in text:
            continue
        _learn_from(text, list(_quoted_spans(text)), known, learned)
    return tuple(sorted(learned))


def _learn_from(
    text: str, spans: list[tuple[int, int]], known: frozenset[str], learned: set[str]
) -> None:
    for s, e in spans:
        term = _canonical(text[s:e])
        if _learnable(term, known):
            learned.add(term)


def _learnable(term: str, known: frozenset[str]) -> bool:
    """Whether a quoted phrase (canonical form) is a numeric formulation to learn."""
    return term not in known and _is_numeric(term) and "、" not in term[-1:]


_NON_NUMERIC_CATEGORIES = frozenset({"organ", "meeting", "doctype"})


@lru_cache(maxsize=1 << 16)
def _lexicon_numeric(term: str, category: str) -> bool:
    """Whether a lexicon term is a numeric formulation: by its shape, whatever its category.

    Known numeric formulations and terms that pass :func:`is_numeric_formulation` count (三改一拆
    is a ``campaign``, 两山论 an ``ideology``), except organs, meetings and document types
    (四川省委, 八届九中全会); a curated ``formulation`` that opens with a numeral counts too
    (七种能力, 一五计划) unless the numeral makes a quantity or a common word (一把手, 三年行动).
    """
    if term in _KNOWN_SET:
        return True
    if category in _NON_NUMERIC_CATEGORIES:
        return False
    if _is_numeric(term):
        return True
    t = term[1:] if term[:1] in "新老" else term
    return (
        category == "formulation"
        and bool(_HAS_NUMERAL.match(t))
        and not t.startswith(_COMMON_WORDS)
        and not _QUANTITY_RE.search(t)
    )


# Pure functions of a string, called for every occurrence: cached for short strings (terms
# repeat; long quotations rarely do, and would make the cache large).
_canonical_short = lru_cache(maxsize=1 << 15)(canonical_form)
_is_numeric_short = lru_cache(maxsize=1 << 15)(is_numeric_formulation)


def _canonical(surface: str) -> str:
    return _canonical_short(surface) if len(surface) <= 24 else canonical_form(surface)


def _is_numeric(phrase: str) -> bool:
    return _is_numeric_short(phrase) if len(phrase) <= 24 else is_numeric_formulation(phrase)

# Row layout while a document is processed: the SLOGAN_COLUMNS order without the sentence, so a
# finished row is one tuple concatenation away (see _rows). Rows are tuples; the few whose
# flags change are replaced (_replaced).
_DOC, _TERM, _SURF, _KIND, _CAT, _NUM, _QUOT, _LAB, _S, _E = range(10)
_START = itemgetter(_S)
_END = itemgetter(_E)
_SPAN = itemgetter(_S, _E)

# Per pattern of a TermMatcher (its value index), the row fields after the document id, for
# the last few matchers seen: filled lazily, so a large lexicon costs nothing for terms a
# corpus never uses.
_LEX_PREFIXES: IdentityCache[tuple[list, set[int]]] = IdentityCache(8)


def _lexicon_prefixes(
    values: list[tuple[str, str]], idx: tuple[int, ...], squeezed: str, starts: tuple[int, ...],
    ends: tuple[int, ...],
) -> list:
    """``(term, surface, "lexicon", category, numeric, False, "formulation")`` per value index
    of a TermMatcher (whose values are per surface), filled for the indexes ``idx`` of hits at
    ``squeezed[starts[k]:ends[k]]``; the surface is the pattern, as written without breaks."""
    prefixes, filled = (_LEX_PREFIXES.get(values)
                        or _LEX_PREFIXES.put(values, ([None] * len(values), set())))
    new = set(idx).difference(filled)  # empty once a corpus has been going for a while
    if new:
        for k, i in enumerate(idx):
            if i in new:
                new.discard(i)
                term, category = values[i]
                surface = squeezed[starts[k] : ends[k]]
                prefixes[i] = (term, surface, "lexicon", category,
                               _lexicon_numeric(term, category), False,
                               label_of_category(category))
                filled.add(i)
    return prefixes


def _lexicon_rows(
    doc_id: str,
    text: str,
    squeezed: str,
    hits: list[tuple[int, int, int]],
    values: list[tuple[str, str]],
    kept_starts: list[int] | None,
    shifts: list[int] | None,
) -> tuple[list[tuple], Sequence[int], Sequence[int]]:
    """Rows of a TermMatcher's ``(value index, start, end)`` hits on ``squeezed``, and their
    starts and ends in ``text``.

    No Python loop per hit (a document has one every ~60 characters): offsets are mapped back
    with numpy, and a row is the document id, the fields cached per pattern and its span,
    concatenated by C-level maps; only a match with a break inside gets its own surface.
    """
    idx, sq_starts, sq_ends = zip(*hits)
    prefixes = _lexicon_prefixes(values, idx, squeezed, sq_starts, sq_ends)
    wider: list[int] = []
    if shifts is None:
        starts, ends = sq_starts, sq_ends
    else:
        import numpy as np

        # back to ``text`` offsets as to_original does, for all hits at once: the shift of
        # a kept character is that of the last run starting at or before it, and an end maps
        # as its last character does
        runs = np.array(kept_starts)
        run_shift = np.array([0, *shifts])
        s = np.fromiter(sq_starts, dtype=np.int64, count=len(hits))
        e = np.fromiter(sq_ends, dtype=np.int64, count=len(hits))
        o_s = s + run_shift[runs.searchsorted(s, "right")]
        o_e = e + run_shift[runs.searchsorted(e - 1, "right")]
        # a match longer in ``text`` than in ``squeezed`` has a break inside
        wider = np.flatnonzero(o_e - o_s != e - s).tolist()
        starts, ends = o_s.tolist(), o_e.tolist()
    rows = list(
        map(add, map(add, repeat((doc_id,)), map(prefixes.__getitem__, idx)), zip(starts, ends))
    )
    for k in wider:  # the surface as written, break included
        rows[k] = _replaced(rows[k], _SURF, text[starts[k] : ends[k]])
    return rows, starts, ends


def _replaced(row: tuple, field: int, value: Any) -> tuple:
    """``row`` with one field changed."""
    return (*row[:field], value, *row[field + 1 :])


def _doc_matches(
    text: str,
    doc_id: str,
    lex_matcher: Any,
    lexicon_terms: Mapping[str, Any] | None,
    learned: tuple[str, ...] | None,
) -> list[tuple]:
    """Every occurrence in one text as rows (``_DOC`` … ``_E``: :data:`SLOGAN_COLUMNS` without
    the sentence), ordered by (start, end). ``learned`` None: learn from this text's own quotes
    (as :func:`slogans` does for a single document)."""
    scan = getattr(lex_matcher, "scan", None)
    if scan is not None:  # the matcher's scan, shared with the term counts of the same text
        squeezed, kept_starts, shifts, lex_hits = scan(text)
    else:
        squeezed, kept_starts, shifts = squeeze(text)
        lex_hits = None
    has_quotes = "“" in text or "「" in text
    quoted = list(_quoted_spans(text)) if has_quotes else []
    # canonical form of each quoted phrase, made once for learning and for step 3
    quoted_terms = [_canonical(text[s:e]) for s, e in quoted]
    if learned is None:
        learned = tuple(sorted({t for t in quoted_terms if _learnable(t, _KNOWN_SET)}))
    # 1. lexicon terms: leftmost-longest, disjoint, in text order
    lex: list[tuple] = []
    lex_s: Sequence[int] = []  # their spans, which stay readable when a row is removed (None)
    lex_e: Sequence[int] = []
    if lex_matcher is not None:
        auto = getattr(lex_matcher, "_automaton", None)
        values = getattr(lex_matcher, "_values", None)
        if values is None:  # pragma: no cover - another matcher type: its own matching
            for m in lex_matcher.finditer(text):
                lex.append(
                    (doc_id, m.term, m.surface, "lexicon", m.category,
                     _lexicon_numeric(m.term, m.category), False, label_of_category(m.category),
                     m.start, m.end)
                )
            lex_s, lex_e = [r[_S] for r in lex], [r[_E] for r in lex]
        elif auto is not None:  # (None: a lexicon without surfaces)
            # A TermMatcher squeezes ``text`` exactly as squeeze does: run its automaton on
            # the squeezed text made above instead of squeezing and mapping a second time.
            hits = lex_hits if lex_hits is not None else auto.find_matches_as_indexes(squeezed)
            if hits:
                lex, lex_s, lex_e = _lexicon_rows(
                    doc_id, text, squeezed, hits, values, kept_starts, shifts
                )
    # 2. numeric formulations: disjoint among themselves, in text order, so only lexicon rows
    # can overlap one (a lexicon row removed by an earlier one lies before it)
    rows: list[tuple] = []
    nested: list[tuple] = []
    removed = False
    numeric = (
        _numeric_spans(text, squeezed, kept_starts, shifts, learned)
        if _ANY_NUMERAL.search(squeezed)
        else ()
    )
    n_lex = len(lex)
    p = 0
    for ms, me, surface, term in numeric:
        while p < n_lex and lex_e[p] <= ms:
            p += 1
        q = p
        while q < n_lex and lex_s[q] < me:
            q += 1
        new = (doc_id, term, surface, "numeric", "formulation", True, False, "formulation", ms, me)
        if q == p:
            rows.append(new)
            continue
        if all(ms <= lex_s[k] and lex_e[k] <= me and lex_e[k] - lex_s[k] < me - ms
               for k in range(p, q)):
            # 四大全球倡议 is one numeric formulation, not the lexicon's 四大 plus text
            lex[p:q] = [None] * (q - p)
            removed = True
            rows.append(new)
            continue
        if q - p != 1:
            continue  # straddles lexicon matches: the lexicon's segmentation wins
        host = lex[p]
        if not (lex_s[p] <= ms and me <= lex_e[p]):
            continue
        if (lex_s[p], lex_e[p]) == (ms, me) or host[_TERM] == term:
            # the same occurrence (a lexicon variant may be longer: 五位一体总体布局 → 五位一体)
            lex[p] = _replaced(host, _NUM, True)
            continue
        # a numeric core inside a longer lexicon term (五项原则 in 和平共处五项原则, 五位一体 in
        # 五位一体总体布局): the core is the numeric formulation, reported as its own row, and
        # the lexicon row stays for the longer term without the numeric flag
        lex[p] = _replaced(host, _NUM, False)
        nested.append(new)
    if removed:
        lex = [r for r in lex if r is not None]
    if rows or nested:
        rows = sorted(lex + rows + nested, key=_SPAN)  # spans are distinct
    else:
        rows = lex
    if not quoted:
        return rows
    # 3. quoted phrases: mark the occurrence that fills a quote pair, else add a quoted row.
    # Quote spans are disjoint and in text order, so rows added here never lie inside a later
    # quote; rows are looked up by start (bisect on the sorted rows: no index of every row).
    n_rows = len(rows)
    added: list[tuple] = []
    deleted = False
    for (s, e), term in zip(quoted, quoted_terms):
        j = bisect_left(rows, s, key=_START)
        frame = _FRAME_BEFORE.search(text, max(0, s - 5), s)
        if frame is not None:
            framed = _canonical(frame.group(1) + term)
            if _is_numeric(framed) and not _CLAUSE_PUNCT.search(term):
                # 五个“必须统筹好”: the numeral frame belongs to the formulation
                fs = frame.start(1)
                close = e + 1 if text[e : e + 1] in _CLOSING_QUOTES else e
                i0 = bisect_left(rows, fs, key=_START)
                while i0 < n_rows and rows[i0][_S] < close:
                    if rows[i0][_KIND] is not None:
                        rows[i0] = _replaced(rows[i0], _KIND, None)
                        deleted = True
                    i0 += 1
                added.append((doc_id, framed, text[fs:close], "numeric", "formulation", True,
                              True, "formulation", fs, close))
                continue
        k = _filling(rows, j, s, e)
        if k >= 0:
            rows[k] = _replaced(rows[k], _QUOT, True)
            continue
        if _is_numeric(term):
            inner = []
            while j < n_rows and rows[j][_S] < e:
                r = rows[j]
                if r[_KIND] is not None and r[_E] <= e:
                    inner.append(j)
                j += 1
            if not any(rows[k][_KIND] == "lexicon" for k in inner):
                for k in inner:  # “两不愁三保障” is one formulation, not two
                    rows[k] = _replaced(rows[k], _KIND, None)
                    deleted = True
                added.append(
                    (doc_id, term, text[s:e], "numeric", "formulation", True, True, "formulation",
                     s, e)
                )
                continue
        label = _label(term, lexicon_terms, text[e + 1 : e + 4])
        added.append((doc_id, term, text[s:e], "quoted", "other", False, True, label, s, e))
    if deleted:
        rows = [r for r in rows if r[_KIND] is not None]
    if added:
        rows = sorted(rows + added, key=_SPAN)
    return rows


# a numeral + classifier just before an opening mark: 五个“必须统筹好”, 两个“毫不动摇”
_FRAME_BEFORE = re.compile(rf"(?<![第{NUMERALS}{_DIGITS}])((?!一[个项])[一二两三四五六七八九十]{{1,3}}"
                           r"[个项大种条类位张点字])[“「]$")
_CLOSING_QUOTES = "”」"


def _filling(rows: list[tuple], j: int, s: int, e: int) -> int:
    """Index of the (not deleted) row spanning exactly ``(s, e)``, looking from ``j`` (the
    first row starting at ``s`` or later), or -1."""
    while j < len(rows) and rows[j][_S] == s:
        r = rows[j]
        if r[_E] == e and r[_KIND] is not None:
            return j
        j += 1
    return -1


def slogan_rows(
    doc: Document | str,
    lexicon: Lexicon | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    learned: Iterable[str] | None = None,
) -> list[tuple]:
    """The rows :func:`slogans` gives for one document, as plain tuples in
    :data:`SLOGAN_COLUMNS` order (``str``, ``bool`` and ``int`` values; no pandas).

    Parameters
    ----------
    doc
        A :class:`~policytext.corpus.Document`, or a string (then doc_id ``"doc"``, as
        :func:`~policytext.corpus.as_documents` names it).
    lexicon
        As for :func:`slogans` (default: the built-in lexicon, matcher compiled once).
    kinds
        As for :func:`slogans`.
    learned
        Numeric formulations to count wherever they occur; None (default): those this
        document puts in quotes, which is what ``slogans(doc)`` does.

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> slogan_rows("增强“四个意识”", Lexicon.empty())[0][:8]
    ('doc', '四个意识', '四个意识', 'numeric', 'formulation', True, True, 'formulation')
    """
    kinds = _check_kinds(kinds)
    if not isinstance(doc, Document):
        (doc,) = as_documents(doc)
    lex_matcher, lexicon_terms = _lexicon_parts(lexicon)
    return _rows(doc, lex_matcher, lexicon_terms, None if learned is None else tuple(learned), kinds)


def _check_kinds(kinds: Iterable[str]) -> frozenset[str]:
    kinds = tuple(kinds)
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        raise ValueError(f"unknown kind(s) {bad}; valid kinds are {list(KINDS)}")
    return frozenset(kinds)


def _rows(
    doc: Document,
    lex_matcher: Any,
    lexicon_terms: Mapping[str, Any] | None,
    learned: tuple[str, ...] | None,
    kinds: frozenset[str],
) -> list[tuple]:
    text = doc.text
    if not text:
        return []
    rows = _doc_matches(text, doc.doc_id, lex_matcher, lexicon_terms, learned)
    if len(kinds) != len(KINDS):
        rows = [r for r in rows if r[_KIND] in kinds]
    if not rows:
        return []
    # each row plus its sentence, concatenated at C level (zip makes the 1-tuples)
    return list(map(add, rows, zip(_sentences(text, rows))))


# Characters that end a sentence (as _SENTENCE_END), and closing quote marks that stay with
# the sentence they close (see _sentences).
_SENTENCE_END_CHARS = "。！？!?；;\n"
_CLOSING_MARKS = "”’」"


@lru_cache(maxsize=1)
def _sentence_end_table() -> Any:
    """A 256-entry table: the sentence-end character with each low byte, or 0xFFFFFFFF.

    ``table[c & 0xFF] == c`` tests code points ``c`` for the sentence ends in three vector
    operations, and the table stays in cache (a table over all code points is 1 MB, which the
    lexicon scan before this evicts).
    """
    import numpy as np

    table = np.full(256, 0xFFFFFFFF, dtype=np.uint32)
    for c in map(ord, _SENTENCE_END_CHARS):
        assert table[c & 0xFF] == 0xFFFFFFFF, "two sentence ends share a low byte"
        table[c & 0xFF] = c
    return table


def _sentences(text: str, rows: list[tuple]) -> Iterator[str]:
    """The sentence holding each row (``text`` from the sentence end before its start to the
    first one at or after its end, a closing quote mark included, stripped).

    Vectorised over the text and the rows: sentence ends are found on the code points (a regex
    scan made a match object per end: 4x slower), rows are placed among them with one
    searchsorted each way, and each run of rows in the same sentence cuts it once.
    """
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(text)
    table = _sentence_end_table()
    is_end = table[points & 0xFF] == points
    # sentence ends, with -1 and n standing for the text's edges
    bounds = np.concatenate(([-1], np.flatnonzero(is_end), [n]))
    starts = np.fromiter(map(_START, rows), dtype=np.int64, count=len(rows))
    ends = np.fromiter(map(_END, rows), dtype=np.int64, count=len(rows))
    # from after the last end before the start, to the first end at or after the end
    first = bounds[bounds.searchsorted(starts, "left") - 1] + 1
    last = np.minimum(bounds[bounds.searchsorted(ends, "left")] + 1, n)
    # rows are in text order, so rows of one sentence mostly come together: cut each run once
    new = np.empty(len(rows), dtype=bool)
    new[0] = True
    np.not_equal(first[1:], first[:-1], out=new[1:])
    new[1:] |= last[1:] != last[:-1]
    heads = np.flatnonzero(new)
    cut = []
    for a, b in zip(first[heads].tolist(), last[heads].tolist()):
        if b < n and text[b] in _CLOSING_MARKS:
            b += 1  # a quote’s closing mark sits after the sentence end: keep it
        cut.append(text[a:b].strip())
    return chain.from_iterable(map(repeat, cut, np.diff(heads, append=len(rows)).tolist()))


def slogans(
    doc_or_corpus: Any,
    lexicon: Lexicon | None = None,
    *,
    kinds: Iterable[str] = KINDS,
    learn_quoted: bool = True,
) -> pd.DataFrame:
    """Every slogan occurrence: lexicon terms, numeric formulations and quoted phrases.

    Parameters
    ----------
    doc_or_corpus
        A string, :class:`~policytext.corpus.Document`, :class:`~policytext.corpus.Corpus` or
        iterable of documents.
    lexicon
        Terms to find (default: the built-in lexicon). Pass ``Lexicon.empty()`` for the numeric
        and quoted sources only.
    kinds
        Which sources to report (``lexicon``, ``numeric``, ``quoted``). Overlaps are resolved
        with all sources before filtering, so a count never depends on this choice.
    learn_quoted
        Also count, everywhere in the input, numeric formulations that some document puts in
        quotes (a document quotes “四水四定” once, then writes 四水四定).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, ordered by document then ``start`` (same columns when empty):

        ========= ======= ===========================================================
        doc_id    object  document identifier
        term      object  canonical form (quotes/whitespace dropped, 二个 → 两个)
        surface   object  the text as written: ``text[start:end]``
        kind      object  ``lexicon`` | ``numeric`` | ``quoted`` (a span is one row; the
                          lexicon wins over the numeric pattern)
        category  object  lexicon category; ``formulation`` for numeric; ``other`` for
                          quoted phrases that are not terms
        numeric   bool    a numeric formulation (数字提法), whichever source found it
        quoted    bool    the span is the whole content of a “…” pair
        label     object  ``formulation`` (formulation, policy, ideology and campaign
                          terms; numeric formulations) | ``name`` (institutions, meetings,
                          names of things) | ``quotation`` (a quoted clause) |
                          ``metaphor`` (a dictionary noun in quotes, “防火墙”) |
                          ``phrase`` (another short quoted phrase: coinage, term of art,
                          short quotation) | ``other`` (document types; quoted digits,
                          single characters, ordinary verbs: “4567”, “稳”, “清零”)
        start     int64   offset in the document text (inside the quote marks)
        end       int64   end offset
        sentence  object  the sentence holding the occurrence
        ========= ======= ===========================================================

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> df = slogans("增强“四个意识”，做到两个\\n维护，用两个月", Lexicon.empty())
    >>> df[["term", "kind", "quoted"]].values.tolist()
    [['四个意识', 'numeric', True], ['两个维护', 'numeric', False]]
    """
    kinds = _check_kinds(kinds)
    docs = as_documents(doc_or_corpus)
    lex_matcher, lexicon_terms = _lexicon_parts(lexicon)
    if not learn_quoted:
        learned: tuple[str, ...] | None = ()
    elif len(docs) == 1:
        learned = None  # learnt from the document's own quotes, in the same pass
    else:
        learned = _learn_quoted(docs, _KNOWN_SET)
    out: list[tuple] = []
    for doc in docs:
        out.extend(_rows(doc, lex_matcher, lexicon_terms, learned, kinds))
    return typed_frame(out, SLOGAN_COLUMNS)



def _lexicon_parts(lexicon: Lexicon | None) -> tuple[Any, Mapping[str, Any] | None]:
    from .terms import matcher_for

    if lexicon is None:
        from ..lexicon import Lexicon

        lexicon = Lexicon.builtin()
    if not len(lexicon):
        return None, None
    return matcher_for(lexicon), lexicon.terms


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
    from .aggregate import FirstSeenAccumulator

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
        from ..lexicon import Lexicon

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
        for m in [*_SENTENCE_END.finditer(squeezed), None]:
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


def format_slogans(df: pd.DataFrame, fmt: str = "jsonl") -> str:
    """Render a :func:`slogans` DataFrame as JSON Lines or CSV (for the command line).

    Each row carries ``doc`` (the ``doc`` column if present, else ``doc_id``) first, then
    ``term``, ``surface``, ``kind``, ``category``, ``quoted``, ``start``, ``end`` and the other
    columns of the DataFrame. CSV cells are neutralised against formula injection
    (:func:`~policytext.extract._frames.format_rows`).
    """
    return format_rows(df, fmt, lead=("doc", "term", "surface", "kind", "category", "quoted",
                                      "start", "end"))
