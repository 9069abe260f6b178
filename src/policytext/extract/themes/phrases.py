"""Multi-word names a document repeats: 冰雪经济, 长春现代化都市圈, 浦东引领区, 长株潭.

Official prose names its programmes, zones and industries with compounds the segmenter does not
know and cuts into ordinary words (冰雪 + 经济, 浦东 + 引领 + 区). Each piece alone says little
(经济 is in every report), so the name a reader would list never reaches a keyword table.
:func:`repeated_phrases` finds the compounds a document uses at least twice and that show they
are names; :class:`~policytext.extract.themes.PolicyAnalyzer` counts them as tokens besides
their words, and counts a piece never used outside them only as the name (长株 of 长株潭).

A run of two to four tokens (at most ten characters, all Chinese) is a name when

- it opens with a content token that the dictionary does not tag as a verb, adverb, pronoun,
  numeral, preposition, conjunction or idiom, and closes with a content token that is not a
  verb, verbal noun, adjective or idiom, or with a one-character head of a place, zone,
  facility or material (区, 城, 港, 铝: :data:`NAME_HEAD_CHARS`) — a name, not a clause
  (推动适度, 产值增长, 全面贯彻党 of 全面贯彻党的…);
- its inner tokens are content tokens or one-character adjectives and distinguishing words (大
  of 现代化大农业, 副 of 城市副中心), never a function word (的, 和, 同);
- it shows it is a name: a piece is not a dictionary word (长株 + 潭, 文化 + 润疆) or is one
  character; or it ends in a name head (经济, 都市圈, 中心: :data:`NAME_HEADS`) after a word
  specific to the document's subject (冰雪 + 经济, not 国家 + 经济: :data:`SPECIFIC_IDF`); or
  a rare word of it is hardly used outside it (非常规 of 非常规天然气, 热带雨林 of
  热带雨林国家公园: :data:`BOUND_IDF`, :data:`BOUND_SHARE`); or it is a name followed by one
  more closing token in half its uses or more (资源型经济 + 转型, 科技领军 + 企业);
- it is maximal: no one-token extension that is a name holds half its uses or more;
- it stands on its own as a word does (:func:`~.rules.is_fragment`: on each side its neighbours
  vary or include a mark or a particle; an end word that is no dictionary word does not open
  or close with a function character, 中积 + 厚 + 成势), is not only place names (江苏南京) nor a
  place and its administrative ending (巴彦淖尔 + 市; a place and another head is a name: 三江 +
  源, 福厦 + 泉), holds no title
  (副省长孙守刚: :data:`TITLE_RE`) and does not contain the document's own region (美丽江西,
  平安天津: the province's name is left out of its themes, and so are phrases built on it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress
from operator import itemgetter

from ..dictionary import word_tag
from .rules import has_function_edge, is_fragment, token_kind

#: Uses in a document that make a repeated phrase count as a token.
PHRASE_MIN_COUNT = 2
_MAX_TOKENS = 4
_MAX_CHARS = 10
#: A one-token extension holding this share of a phrase's uses or more replaces it.
_EXTENSION_SHARE = 0.5
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# dictionary tags that do not open a name (verbs, adverbs, pronouns, numerals, measure words,
# prepositions, conjunctions, directions, times) and that do not close one (verbs, verbal
# nouns — 发展, 建设 —, adjectives, adverbs, idioms and set phrases)
_NOT_FIRST_TAGS = frozenset("v vd d ad p c r rr rz m q f t i l".split())
_NOT_LAST_TAGS = frozenset("v vd vn a ad an d i l".split())
#: One-character heads that close a name: places, zones, facilities, routes and materials
#: (浦东引领区, 长株潭, 三江源, 港产城, 绿色铝). Any other noun character (党 of 全面贯彻党的…, 人, 事)
#: does not close one.
NAME_HEAD_CHARS: frozenset[str] = frozenset(
    "区城圈园港带廊谷湾岛省县州市盟旗镇乡村屯寨湖山江河海潭渠湾泉峡岭峰原坝源"
    "站馆桥路线网链仓库厂矿田林场院校塔楼坊街巷门关口"
    "铝铜锂钢铁煤油气电茶酒米瓷盐棉"
)
_TITLE_ENDS = frozenset("席记理长任裁士授志表员")
#: Endings that make a place name of a place name (巴彦淖尔市): no new name
_ADMIN_SUFFIXES = frozenset("省市县区州盟旗镇乡村")
# Inside a name, one character only qualifies (大 of 现代化大农业, 副 of 城市副中心): an
# adjective or distinguishing word of the dictionary
_INSIDE_TAGS = ("a", "b")
#: A name head shows a compound is a name only after a specific word: a word whose built-in
#: IDF is at least this (冰雪 4.5, 海洋 4.1, 长春 5.6 of 冰雪经济, 海洋经济, 长春现代化都市圈;
#: not 国家, 社会, 农村 of 国家经济, 社会经济, 农村经济, nor 重点 of 重点工程).
SPECIFIC_IDF = 3.5

#: Last words that make a compound a name (冰雪经济, 西安都市圈, 产业科技创新中心).
NAME_HEADS: frozenset[str] = frozenset("""
经济 中心 基地 集群 工程 行动 公园 样板 高地 通道 枢纽 走廊 廊道 城市 都市圈 城市群 经济圈 经济带
示范区 试验区 先行区 新区 园区 科学城 产业园 港
""".split())

#: Titles: a phrase that holds one names a person (国家副主席韩正, 副区长支现伟), not a
#: programme. A token is a title when it ends with one of these.
TITLE_RE = re.compile(
    r"(?:主席|书记|总理|委员长|[部省市县区州镇乡村局厅司处科院校所团队行社]长|秘书长|主任|董事长|"
    r"总经理|总裁|院士|教授|同志|代表|委员)$")


#: A run is also a name when a word of it is hardly used outside it and is this rare in
#: political prose (built-in IDF; 非常规 of 非常规天然气, 木版 of 杨柳青木版年画). Common words
#: bound to a run (调度 of 调度机制) do not make it one: such runs are ordinary phrases.
BOUND_IDF = 6.0
#: "Hardly used outside": the run holds this share of the rare word's uses (热带雨林 of
#: 热带雨林国家公园, 5 of 6) — all of them when the word is a verb, adjective or adverb,
#: which opens or qualifies clauses (国资 of 深化国资国企改革).
BOUND_SHARE = 0.75
_VERBAL_TAGS = frozenset("v vn vd a ad an d".split())

#: Bits of :func:`token_role`: a token may open, sit inside or close a name; it shows that a
#: run holding it is a name (not a dictionary word or a lexicon term, or a single character);
#: it is a name head (:data:`NAME_HEADS`); it is specific enough to go before one
#: (:data:`SPECIFIC_IDF`); it is rare enough to make a run it is bound to a name
#: (:data:`BOUND_IDF`).
OPENS, INSIDE, CLOSES, MARKS, HEAD, SPECIFIC, RARE = 1, 2, 4, 8, 16, 32, 64


def _pick(tokens: Sequence[str], at) -> tuple[str, ...]:
    """``tokens`` at the positions ``at`` (a numpy array), in one C-level call."""
    at = at.tolist()
    return itemgetter(*at)(tokens) if len(at) > 1 else tuple(tokens[i] for i in at)


def token_role(token: str, kept: bool, term: bool) -> int:
    """Where ``token`` may stand in a name: a bit set of :data:`OPENS`, :data:`INSIDE`,
    :data:`CLOSES`, :data:`MARKS`, :data:`HEAD` and :data:`SPECIFIC` (0: nowhere —
    punctuation, Latin, a title).

    ``kept``: whether the analyzer counts the token (not a stopword or single character);
    ``term``: whether it is a lexicon term (its dictionary tag is then not consulted)."""
    if len(token) > 1 and not kept:
        return 0  # a stopword, a number, punctuation: never part of a name
    if not _HAN.fullmatch(token) or (token[-1] in _TITLE_ENDS and TITLE_RE.search(token)):
        return 0
    from .idf import load_idf

    tag = "" if term else (word_tag(token) or "")
    role = HEAD if token in NAME_HEADS else 0
    idf = load_idf()
    if idf.idf.get(token, 0.0) >= SPECIFIC_IDF:  # a word the table has seen
        role |= SPECIFIC
    if idf[token] >= BOUND_IDF:
        role |= RARE
    if len(token) == 1:
        if tag[:1] in _INSIDE_TAGS:
            role |= INSIDE | MARKS
        if token in NAME_HEAD_CHARS:
            role |= CLOSES | MARKS
        return role
    if not (term or tag):
        role |= MARKS
    if kept and (term or tag not in _NOT_FIRST_TAGS):
        role |= OPENS
    if kept:
        role |= INSIDE
    if kept and (term or tag not in _NOT_LAST_TAGS):
        role |= CLOSES
    return role


def repeated_phrases(
    tokens: Sequence[str],
    roles: Sequence[int],
    text: str,
    *,
    is_term: Callable[[str], bool],
    own_names: Iterable[str] = (),
    counted: Mapping[str, int] | None = None,
) -> dict[str, tuple[tuple[str, ...], int]]:
    """The multi-word names ``text`` repeats (see the module's description).

    Parameters
    ----------
    tokens
        The document's tokens, in order (:meth:`~policytext.tokenize.Tokenizer.tokenize`).
    roles
        :func:`token_role` of each token (a sequence or a numpy array).
    text
        The text the tokens come from (for the stand-alone test).
    is_term
        Whether a string is a lexicon term (a phrase that is one is already counted).
    own_names
        Names of the document's own jurisdiction (its ``region`` docvar): a phrase holding one
        is left out.
    counted
        The analyzer's counts of the document: a phrase equal to a counted token is not a new
        token, and a run that holds most uses of a rare word is a name (:data:`BOUND_IDF`).

    Returns
    -------
    dict
        phrase → (its tokens, the times they occur in a row in ``tokens``), for the phrases
        used at least :data:`PHRASE_MIN_COUNT` times.
    """
    if len(tokens) < 2 * PHRASE_MIN_COUNT:
        return {}
    import numpy as np

    counted = {} if counted is None else counted

    n = len(tokens)
    code = np.asarray(roles, dtype=np.int8)
    inside = (code & INSIDE).astype(bool)
    follows = (code & (INSIDE | CLOSES)).astype(bool)
    closes = (code & CLOSES).astype(bool)
    # Runs are counted where they may start: a name opens with an opening token, and the
    # next token sits inside it or closes it. A longer run is looked for only where the run
    # one token shorter is repeated, so later passes see few positions.
    starts = np.flatnonzero((code[:-1] & OPENS).astype(bool) & follows[1:])
    marks = (code & MARKS).astype(bool)
    head = (code & HEAD).astype(bool)
    specific = (code & SPECIFIC).astype(bool)
    # whether the run from each start holds a marking token; a specific word
    rare = (code & RARE).astype(bool)
    marked, specified, has_rare = marks[starts], specific[starts], rare[starts]
    grams: dict[tuple[str, ...], int] = {}
    closing: dict[tuple[str, ...], int] = {}  # repeated runs that close, name or not
    for size in range(2, _MAX_TOKENS + 1):
        if not len(starts):
            break
        end = starts + size - 1
        # a name head shows a name after a specific word (冰雪 + 经济, 长春 + 现代化 + 都市圈)
        named_by_head = head[end] & specified
        marked = marked | marks[end]
        specified = specified | specific[end]
        has_rare = has_rare | rare[end]
        runs = list(zip(*(_pick(tokens, starts + k) for k in range(size))))
        uses = Counter(runs)
        repeated = {gram for gram, c in uses.items() if c >= PHRASE_MIN_COUNT}
        if not repeated:
            break
        # a name closes, and a token in it or its head shows it is a name, not an ordinary
        # phrase of dictionary words (推进 + 高质量发展)
        named = closes[end] & (marked | named_by_head)
        for gram in set(compress(runs, named.tolist())) & repeated:
            if sum(map(len, gram)) <= _MAX_CHARS:
                grams[gram] = uses[gram]
        # ... or a rare word of it is hardly used outside it (非常规 of 非常规天然气, 木版 of
        # 杨柳青木版年画): the run is the unit the document uses, the word only a piece of it
        other = closes[end] & ~named
        for gram in set(compress(runs, other.tolist())) & repeated:
            closing[gram] = uses[gram]
        for gram in set(compress(runs, (other & has_rare).tolist())) & repeated:
            c = uses[gram]
            if sum(map(len, gram)) <= _MAX_CHARS and any(
                    is_bound(t, c, counted.get(t, 0)) and not is_term(t) for t in gram):
                grams[gram] = c
        # where a repeated run goes on with a token inside it and one after that
        keep = np.fromiter(map(repeated.__contains__, runs), dtype=bool, count=len(runs))
        keep &= (end + 1 < n)
        keep[keep] = inside[end[keep]] & follows[end[keep] + 1]
        starts, marked, specified, has_rare = (starts[keep], marked[keep], specified[keep],
                                               has_rare[keep])
    # a name followed (or preceded) by one more closing token in half its uses or more:
    # the longer run is the name the document uses (资源型经济 + 转型)
    extensions: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for run in closing:
        extensions.setdefault(run[:-1], []).append(run)
        extensions.setdefault(run[1:], []).append(run)
    for gram, c in list(grams.items()):
        for ext in extensions.get(gram, ()):
            if closing[ext] >= _EXTENSION_SHARE * c and sum(map(len, ext)) <= _MAX_CHARS:
                grams.setdefault(ext, closing[ext])
    own = tuple(name for name in own_names if name)
    if own:
        grams = {gram: c for gram, c in grams.items()
                 if not any(name in "".join(gram) for name in own)}
    # a run that does not stand on its own is no name, and replaces no shorter one
    grams = {gram: c for gram, c in grams.items()
             if (phrase := "".join(gram)) in counted or is_term(phrase)
             or _stands_alone(gram, c, text, is_term)}
    if not grams:
        return {}
    # a one-token extension that holds half the uses or more replaces the shorter run
    shorter = {part for gram, c in grams.items() if len(gram) > 2
               for part in (gram[1:], gram[:-1])
               if part in grams and c >= _EXTENSION_SHARE * grams[part]}
    out: dict[str, tuple[tuple[str, ...], int]] = {}
    for gram, c in grams.items():
        if gram in shorter:
            continue
        phrase = "".join(gram)
        if phrase in counted or is_term(phrase):
            continue
        words = [t for t in gram if len(t) > 1]
        if all(token_kind(t) == "place" for t in words) and (
                len(words) > 1 or gram[-1] in _ADMIN_SUFFIXES):
            continue
        out[phrase] = (gram, c)
    return out


def is_bound(token: str, uses: int, total: int) -> bool:
    """Whether ``token``, used ``total`` times in a document, ``uses`` of them inside a run, is
    a rare word hardly used outside the run (:data:`BOUND_IDF`, :data:`BOUND_SHARE`): the run
    is then a name, and the word a piece of it (热带雨林 of 热带雨林国家公园)."""
    from .idf import load_idf

    if not total or load_idf()[token] < BOUND_IDF:
        return False
    if uses >= total:
        return True
    return uses >= BOUND_SHARE * total and (word_tag(token) or "") not in _VERBAL_TAGS


def _stands_alone(gram: tuple[str, ...], uses: int, text: str,
                  is_term: Callable[[str], bool]) -> bool:
    """:func:`~.rules.is_fragment` for a run: its end words, when no dictionary words or
    lexicon terms, must not open or close with a function character (中积 + 厚 + 成势 of
    发展中积厚成势); its words may (中原 + 农谷, 对口 + 援疆)."""
    for word in (gram[0], gram[-1]):
        if has_function_edge(word) and not (is_term(word) or word_tag(word)):
            return False
    return not is_fragment("".join(gram), text, uses, edges=False)

