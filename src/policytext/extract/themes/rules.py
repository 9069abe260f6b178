"""Token rules of themes: which tokens are never a theme and which kind a token is.

Word lists (:data:`DROP_POS`, :data:`FUNCTION_WORDS`, :data:`ADMIN_WORDS`), the fragment test
(:func:`is_fragment`: 长株 of 长株潭 is a piece, 村超 is a word), administrative self-reference
(:func:`is_admin_word`), the closing glossary of a report (:func:`strip_glossary`) and the
``place``/``term`` kinds (:func:`token_kind`, :data:`THEME_KINDS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

#: A CJK ideograph (basic block, extension A and the supplementary planes).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")

#: jieba part-of-speech tags that never make a theme: numerals and measure words (m, mq, q),
#: pronouns (r…), adverbs (d…, ad), prepositions (p), conjunctions (c), particles (u…, y),
#: time words (t, tg), interjections/onomatopoeia (e, o), punctuation (x, w), affixes (h, k)
#: and status words (z, zg). Direction words (f) and distinguishing words (b) are kept: the
#: dictionary tags real places and content that way (前海 is ``f``).
DROP_POS: frozenset[str] = frozenset({
    "m", "mq", "q", "qg", "r", "rr", "rz", "rg", "d", "dg", "df", "ad", "p", "c", "u", "ud",
    "ug", "uj", "ul", "uv", "uz", "y", "yg", "t", "tg", "e", "o", "x", "w", "h", "k", "z", "zg",
})

#: Tags of jieba's dictionary whose words are never themes, read from the dictionary without
#: context (so no tagger runs): pronouns (本届, 这家, 各方), measure words (公里, 系列, 千伏),
#: particles, conjunctions, prepositions, modal words, interjections and onomatopoeia. Adverbs
#: and time words are not among them: the dictionary tags content words so (首都, 立法 ``d``;
#: 青年, 春节 ``t``).
FUNCTION_TAGS: frozenset[str] = frozenset(
    "r rr rz rg q qg u ud ug uj ul uv uz c p y yg e o".split())

#: Multi-character function words and empty verbs of official prose that taggers sometimes
#: label as verbs or nouns (the political stopword list is applied as well).
FUNCTION_WORDS: frozenset[str] = frozenset("""
我们 你们 他们 她们 它们 咱们 大家 自己 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里
什么 怎么 怎样 如何 为什么 因为 所以 但是 但 而且 并且 或者 还是 以及 及其 以便 以免 从而
如果 虽然 尽管 即使 只要 只有 除了 关于 对于 根据 按照 通过 进行 加以 予以 给予 作为 成为
就是 也是 都是 不是 还有 没有 已经 曾经 正在 将要 可以 能够 应该 应当 必须 需要 要求 一些
一个 一种 一定 一切 所有 其他 其它 其中 之一 以上 以下 以来 之后 之前 同时 此外 另外 然后
方面 有关 相关 各种 各项 各类 各级 各地 各个 有的 有些 许多 很多 不少 不断 继续 进一步
更加 十分 非常 特别 尤其 比较 越来越 基本 主要 重要 重大 一系列 一大批 这次 今年 明年 去年
当前 目前 现在 今后 过去 近年来 多年 一年 一年来 五年 五年来 十年 同志们 同志 代表 各位
""".split())

#: Administrative self-reference of government prose (全市, 我区, 省人民政府, 本省): the speaker
#: naming its own jurisdiction or organs, or a 公文 pointing at itself (附件, 本办法, 遵照执行),
#: never a theme. Lexicon organs of this shape
#: (北京市人民政府, 浙江省委) are dropped too, by :data:`_ADMIN_RE`.
ADMIN_WORDS: frozenset[str] = frozenset("""
全市 全省 全区 全县 全州 全盟 全旗 全镇 全乡 全村 全域 本市 本省 本区 本县 本州 本地区 我市 我省 我区
我县 我州 我国 各市 各省 各区 各县 各州 各盟 各市县 各县区 各县市区 各市州 各地市 市县 县区 县市区
市州 省市 省区市 省市区 省人民政府 市人民政府 县人民政府 区人民政府 州人民政府 自治区人民政府
自治州人民政府 人民政府 各级人民政府 地方各级人民政府 地方人民政府 省政府 市政府 县政府 区政府
州政府 自治区政府 省委 市委 县委 区委 州委 自治区党委 省委省政府 市委市政府 县委县政府 党委政府
省人大 市人大 县人大 省人大常委会 市人大常委会 省政协 市政协 县政协 政府工作报告 本届政府 本次会议
各位代表 代表们 省长 市长 县长 区长 州长 主席团 常务主席
附件 附表 本通知 本意见 本办法 本方案 本规定 本细则 本条例 本决定 本规划 印发给你们 遵照执行 贯彻执行
自治区 盟市 旗县 区县 县市 市属 省属 区属 省管 市管 省域 市域 驻省 驻市
""".split())
# 全疆, 全川, 驻晋, 驻藏: the whole of, or stationed in, the speaker's own province by its
# one-character name
_ADMIN_ABBREV_RE = re.compile(r"^[全驻][京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔贵滇云陕秦甘陇青蒙桂藏宁疆]$")
_ADMIN_RE = re.compile(
    r"^.{1,8}(?:省|市|自治区|县|区|自治州|州|盟)"
    r"(?:人民政府|政府|党委|委|人大常委会|人大|政协|委员会)$"
)
# The glossary of a work report (名词解释 / 注释 after the text): defines the report's terms
# in ordinary words (主办单位, 教育厅, 就读), which would crowd its themes.
_GLOSSARY_HEAD = re.compile(
    r"^[ \t\u3000#*]*(?:附[:：]?[ \t\u3000]*)?(?:本报告)?(?:有关)?(?:名词解释|名词注释|注释|注解|附注)"
    r"[ \t\u3000*]*[:：]?[ \t\u3000*]*$",
    re.MULTILINE,
)
# A token the segmenter's HMM glued together (neither a lexicon term nor a dictionary word) that
# starts or ends with one of these is a piece of a phrase (之稳, 个川, 条超, 中去), not a word.
_FRAGMENT_FIRST = frozenset("之的地得了着个次条是在和与及等其这那此每各该也都就才又再把被对为于以从向往中去所")
_FRAGMENT_LAST = frozenset("之的地得了着过是在和与及等也都就个条起向中同")
# A particle or conjunction next to a token is a word boundary, as a mark is: 新时代党的 +
# 治藏方略 stands on its own although 的 always precedes it.
_BOUNDARY = frozenset("的和与及或并等")
#: Kinds of theme tokens: ``place`` (place names: the dictionary's ``ns`` words and names
#: ending in an administrative unit, 门头沟区, 涿州市) and ``term`` (everything else:
#: programmes, formulations, topics).
THEME_KINDS = ("place", "term")
_OWN_NAME_KEY = re.compile(r"[\u4e00-\u9fff]{2,8}")
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|盟|旗|镇|乡|村)$")
# zones named like places that are programmes (雄安新区, 临港新片区, 自贸区, 示范区)
_NOT_PLACE_RE = re.compile(
    r"(?:新区|片区|园区|试验区|示范区|开发区|自贸区|保税区|经济区|功能区|先行区|合作区|实验区|"
    r"经开区|综保区|农高区|高新区|自创区|"
    r"城区|社区|景区|灾区|山区|牧区|林区|矿区|湾区|库区|老区|苏区|辖区|市区|郊区|校区|"
    r"农村|乡村|山村|渔村|新村|城乡)$"
)


_OWN_NAME_SUFFIXES = ("", "省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区",
                      "特别行政区", "省委", "市委", "省政府", "市政府")


def own_names(key: Any) -> tuple[str, ...]:
    """The tokens by which a unit keyed ``key`` names itself, left out of its themes: for a
    key of two to eight Chinese characters (a province, a city: ``by="region"``, or documents
    named so), the key and the key plus an administrative suffix (海南, 海南省, 海南省委);
    nothing for any other key (file names, years)."""
    if not isinstance(key, str) or not _OWN_NAME_KEY.fullmatch(key):
        return ()
    return tuple(key + s for s in _OWN_NAME_SUFFIXES)


def is_admin_word(token: str) -> bool:
    """Whether ``token`` is administrative self-reference (see :data:`ADMIN_WORDS`)."""
    return token in ADMIN_WORDS or bool(_ADMIN_RE.match(token) or _ADMIN_ABBREV_RE.match(token))


def token_kind(token: str) -> str:
    """``"place"`` or ``"term"`` (see :data:`THEME_KINDS`): a place when the dictionary tags
    it as one, when it names an administrative division (白银, 德令哈:
    :func:`~policytext.extract.places.is_division`), or when a word the dictionary does not
    know ends like a place (那曲市, 金川区; not 超市, 联盟, nor 雄安新区, a programme)."""
    from ..dictionary import is_place, word_tag
    from ..places import is_division

    if is_place(token) or is_division(token):
        return "place"
    if (_PLACE_RE.match(token) and not _NOT_PLACE_RE.search(token)
            and word_tag(token) is None and _is_place_stem(token[:-1])):
        return "place"
    return "term"


# numbers in turn with what they count: a slogan (三区三州, 万企兴万村), not a name (十八洞村)
_ENUMERATED = re.compile(r"[一二三四五六七八九十百千万两][^一二三四五六七八九十百千万两]+[一二三四五六七八九十百千万两]")
#: Tags of dictionary words that may be part of a place's own name (人名, 地名, 专名, 数词: 十八洞)
_NAME_TAGS = frozenset({None, "ns", "nr", "nrt", "nz", "m"})


def _is_place_stem(stem: str) -> bool:
    """Whether ``stem`` (a word before 市, 区, 村…) reads as a place's own name: two
    characters or more, no enumeration (三区三, 万企兴万), and no word of the dictionary that
    is not a name or a place (下范, 安吉余, 十八洞; not 花园城 of 花园城市, 科技强 of 科技强省,
    发展 of 发展区)."""
    from ..dictionary import word_tag
    from ..places import is_division

    if len(stem) < 2 or _ENUMERATED.search(stem):
        return False
    return not any(word_tag(part) not in _NAME_TAGS and not is_division(part)
                   for i in range(len(stem)) for j in range(i + 2, len(stem) + 1)
                   if (part := stem[i:j]))


def kind_mask(terms: Sequence[str], kinds: Iterable[str]):
    """A boolean numpy array: whether each of ``terms`` is of one of ``kinds``."""
    import numpy as np

    wanted = frozenset(kinds)
    return np.fromiter((token_kind(t) in wanted for t in terms), dtype=bool, count=len(terms))


def strip_addressees(text: str, head_lines: int = 15) -> str:
    """``text`` without the 主送机关 (addressee) lines among its first ``head_lines`` lines: the
    organs a 公文 is sent to (各省、自治区、直辖市…质量技术监督局，有关行业协会：) are not its
    topics (:func:`policytext.metadata.is_addressee_line`)."""
    from ...metadata import is_addressee_line

    lines = text.split("\n", head_lines)
    head = lines[:head_lines]
    if not any(is_addressee_line(line) for line in head):
        return text
    kept = ["" if is_addressee_line(line) else line for line in head]
    return "\n".join(kept + lines[head_lines:])


def strip_glossary(text: str) -> str:
    """``text`` without its closing glossary: what follows the last 名词解释 / 注释 heading in
    the second half of the text (a heading alone on its line)."""
    last = None
    for m in _GLOSSARY_HEAD.finditer(text):
        last = m
    if last is None or last.start() < len(text) // 2:
        return text
    return text[: last.start()]


_QUOTED = re.compile(r"[“「『‘\"]([^“”「」『』‘’\"\s，。；：、！？,.;:!?（）()《》]{2,10})[”」』’\"]")


def quoted_names(text: str) -> frozenset[str]:
    """The names a text quotes: what stands between quotation marks (2–10 characters, two of
    them Chinese, no punctuation).

    Official prose quotes its programmes and slogans (“五区共兴”, “天府粮仓”, “三高四新”,
    产业“四地”, “黄小西吃晚饭”) and the codes of numbered programmes (“33618”, “1+2+4+N”:
    :func:`is_number_code`); the segmenter, not knowing them, would cut them into pieces
    (五区, 共兴; 黄小西, 吃晚饭), and a number is no theme. :class:`PolicyAnalyzer` keeps them whole, as it keeps lexicon
    terms, and counts one as a theme only when the text uses it at least
    :data:`QUOTED_NAME_MIN_COUNT` times (a name used once is not the text's subject, and its
    pieces are not words either).

    >>> sorted(quoted_names("推进“五区共兴”，实施“强链”行动。五区共兴成效明显。"))
    ['五区共兴', '强链']
    """
    return frozenset(name for name in {m.group(1) for m in _QUOTED.finditer(text)}
                     if len(CJK.findall(name)) >= 2 or is_number_code(name))


# “33618”现代制造业集群, “51020”先进制造业, “1+2+4+N”目标任务体系, “双11”
_NUMBER_CODE = re.compile(r"[0-9A-Za-z+＋\-\u4e00-\u9fff]{3,10}")


def is_number_code(name: str) -> bool:
    """Whether a quoted ``name`` is a numbered programme's code (“33618”, “1+2+4+N”, “双11”):
    three to ten digits, Latin letters, ``+`` and Chinese characters, two of them digits."""
    if not _NUMBER_CODE.fullmatch(name) or sum(ch.isdigit() for ch in name) < 2:
        return False
    return not _YEAR.fullmatch(name)  # “2025”: a year, not a code


_YEAR = re.compile(r"(?:19|20)\d\d")


#: Uses of a quoted name (quoted or not) that make it count as a theme token.
QUOTED_NAME_MIN_COUNT = 2


def has_function_edge(token: str) -> bool:
    """Whether ``token`` starts or ends with a function character (之稳, 个川, 中去): glued by
    the segmenter to the word beside it, such a token is a piece of a phrase, not a word."""
    return token[0] in _FRAGMENT_FIRST or token[-1] in _FRAGMENT_LAST


def is_fragment(token: str, text: str, count: int, *, once: bool = True,
                edges: bool = True) -> bool:
    """Whether an unknown token (neither a lexicon term nor a dictionary word) of ``text`` is a
    piece of a phrase rather than a word.

    A word stands on its own: it occurs at least twice, and on each side its neighbours vary
    or include a mark, a space, an edge or a particle (“村超”, 永定河泛区 / 泛区内, 党的 +
    治藏方略). A piece always has the same neighbour on one side (长株 + 潭, 引江济 + 淮,
    手 + 撕钢) or starts or ends with a function character (之稳, 个川).
    ``once``: whether a token seen once is a fragment (nothing shows it stands on its own).
    ``edges``: whether a function character at either end makes it one
    (:func:`has_function_edge`; a phrase of words checks its words instead: 中原 + 农谷 is a
    name although 中 is a function character).
    """
    if edges and has_function_edge(token):
        return True
    if count < 2:
        return once
    n = len(token)
    left: set[str] = set()
    right: set[str] = set()
    free_left = free_right = False  # a side is free once it shows two neighbours or a mark
    i = text.find(token)
    seen = 0
    while i >= 0 and seen < 200:
        # a digit is a neighbour like a character, all digits one kind (2号线, 18号线: a
        # piece after a number, not a word)
        before = "0" if i and text[i - 1].isdigit() else (text[i - 1] if i else "")
        after = text[i + n : i + n + 1]
        after = "0" if after.isdigit() else after
        free_left = free_left or before in _BOUNDARY or not (CJK.match(before or " ")
                                                             or before == "0")
        free_right = free_right or after in _BOUNDARY or not (CJK.match(after or " ")
                                                              or after == "0")
        left.add(before)
        right.add(after)
        seen += 1
        if (free_left or len(left) > 1) and (free_right or len(right) > 1):
            return False
        i = text.find(token, i + n)
    return True

