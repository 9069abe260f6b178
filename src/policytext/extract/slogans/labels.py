"""Labels of formulations: lexicon categories (:data:`CATEGORY_LABELS`) and the shape of a
quoted phrase."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .numeric import CLAUSE_PUNCT, NAME_SUFFIX, is_numeric

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


def label_of_phrase(term: str, lexicon_terms: Mapping[str, Any] | None, after: str = "") -> str:
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
    if is_numeric(term):
        return "formulation"
    if "《" in term or (len(term) >= 3 and NAME_SUFFIX.search(term) and len(term) <= 12):
        return "name"
    if _NAME_AFTER.match(after) or _TRANSLITERATED.fullmatch(term) or _NAME_END.search(term):
        return "name"  # “连花清瘟”胶囊, “信息无障碍”推广工程, 飓风“米尔顿”, “李宁牌”
    if ("+" in term or "＋" in term) and not CLAUSE_PUNCT.search(term):
        return "formulation"  # “互联网+先进制造业”: the 互联网+ series of programmes
    if term in _LITERAL_WORDS or (len(term) <= 4 and _word_class(term) == "other"):
        return "other"  # an ordinary verb or adjective in scare quotes (“清零”, “打非”)
    if len(term) > 8 or CLAUSE_PUNCT.search(term) or "、" in term:
        return "quotation"
    if _word_class(term) == "noun":
        return "metaphor"  # a dictionary noun or idiom in quotes: “铜镜”, “防火墙”, “一言堂”
    # a coinage, a term of art, a short quotation or an unknown name (“扫码亮证”, “假阳性率”):
    # nothing in its shape tells which
    return "phrase"


# nouns that policy prose puts in quotes as terms of art, not figures (“硬件”设施, “软件”服务)
_LITERAL_WORDS = frozenset({"硬件", "软件"})


def _word_class(word: str) -> str | None:
    from ..dictionary import word_class

    return word_class(word)


# characters of transliterated foreign names (米尔顿, 海伦妮, 特朗普): a phrase made only of them
_TRANSLITERATED = re.compile(
    r"[阿埃艾奥巴贝比波伯布查达戴德迪蒂杜多厄恩法菲弗福盖格古哈海赫亨胡华霍基吉加杰卡凯"
    r"坎科克库拉莱兰朗劳勒雷里利莉琳卢鲁伦罗洛马麦曼梅蒙米莫姆穆纳奈内妮尼努诺帕佩皮普奇"
    r"乔切萨塞桑瑟沙尚舍什斯索塔泰汤特提图托瓦威韦维温沃乌西希谢休雅亚扬耶伊尤约扎泽詹"
    r"芬佛娜娅丝茨兹尔顿]{2,6}"
)
