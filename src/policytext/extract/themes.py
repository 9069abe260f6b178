"""Themes: TF-IDF keywords, a scikit-learn vectorizer and topic models on lexicon-aware tokens.

Tokens come from :class:`policytext.tokenize.Tokenizer`, which keeps lexicon terms whole
(五个中心, 百县千镇万村, 三高四新 are one token each). :class:`PolicyAnalyzer` then drops what
is never a theme: political stopwords, function words, numbers and dates,
single characters, punctuation and Latin noise. Lexicon terms are never dropped.

Document frequencies come either from the documents analysed (``idf="corpus"``) or from the
political-domain table shipped with the package (``idf="builtin"``, built by
``data/idf/build_idf.py`` from government work reports, party congress reports, plenum
communiqués and news background), so a *single* document gets sensible keywords: generic
words of political prose (发展, 工作, 建设, 加强, 推进) have a low IDF there, while party terms
and place names keep a high one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal

from ..corpus import Document
from ..lexicon import load_stopwords
from .stats import By, group_documents

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import scipy.sparse

    from ..tokenize import Tokenizer

__all__ = [
    "ADMIN_WORDS",
    "DROP_POS",
    "FUNCTION_WORDS",
    "THEME_KINDS",
    "IdfTable",
    "PolicyAnalyzer",
    "PolicyVectorizer",
    "format_themes",
    "is_admin_word",
    "is_fragment",
    "kind_mask",
    "load_idf",
    "own_names",
    "resolve_top",
    "strip_glossary",
    "themes",
    "token_kind",
    "topics",
]

THEME_COLUMNS = ("term", "score", "rank", "count")

#: jieba part-of-speech tags that never make a theme: numerals and measure words (m, mq, q),
#: pronouns (r…), adverbs (d…, ad), prepositions (p), conjunctions (c), particles (u…, y),
#: time words (t, tg), interjections/onomatopoeia (e, o), punctuation (x, w), affixes (h, k)
#: and status words (z, zg). Direction words (f) and distinguishing words (b) are kept: the
#: dictionary tags real places and content that way (前海 is ``f``).
DROP_POS: frozenset[str] = frozenset({
    "m", "mq", "q", "qg", "r", "rr", "rz", "rg", "d", "dg", "df", "ad", "p", "c", "u", "ud",
    "ug", "uj", "ul", "uv", "uz", "y", "yg", "t", "tg", "e", "o", "x", "w", "h", "k", "z", "zg",
})

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
#: naming its own jurisdiction or organs, never a theme. Lexicon organs of this shape
#: (北京市人民政府, 浙江省委) are dropped too, by :data:`_ADMIN_RE`.
ADMIN_WORDS: frozenset[str] = frozenset("""
全市 全省 全区 全县 全州 全盟 全旗 全镇 全乡 全村 全域 本市 本省 本区 本县 本州 本地区 我市 我省 我区
我县 我州 我国 各市 各省 各区 各县 各州 各盟 各市县 各县区 各县市区 各市州 各地市 市县 县区 县市区
市州 省市 省区市 省市区 省人民政府 市人民政府 县人民政府 区人民政府 州人民政府 自治区人民政府
自治州人民政府 人民政府 各级人民政府 地方各级人民政府 地方人民政府 省政府 市政府 县政府 区政府
州政府 自治区政府 省委 市委 县委 区委 州委 自治区党委 省委省政府 市委市政府 县委县政府 党委政府
省人大 市人大 县人大 省人大常委会 市人大常委会 省政协 市政协 县政协 政府工作报告 本届政府 本次会议
各位代表 代表们 省长 市长 县长 区长 州长 主席团 常务主席
""".split())
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
_FRAGMENT_LAST = frozenset("之的地得了着过是在和与及等也都就个条起向中")
#: Two-character dictionary words rarer than this are judged as unknown tokens (求进, 创通).
_RARE_WORD = 10
#: Kinds of theme tokens: ``place`` (place names: the dictionary's ``ns`` words and names
#: ending in an administrative unit, 门头沟区, 涿州市) and ``term`` (everything else:
#: programmes, formulations, topics).
THEME_KINDS = ("place", "term")
_OWN_NAME_KEY = re.compile(r"[\u4e00-\u9fff]{2,8}")
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|盟|旗|镇|乡|村)$")
# zones named like places that are programmes (雄安新区, 临港新片区, 自贸区, 示范区)
_NOT_PLACE_RE = re.compile(
    r"(?:新区|片区|园区|试验区|示范区|开发区|自贸区|保税区|经济区|功能区|先行区|合作区|实验区|"
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
    return token in ADMIN_WORDS or bool(_ADMIN_RE.match(token))


def token_kind(token: str) -> str:
    """``"place"`` or ``"term"`` (see :data:`THEME_KINDS`)."""
    from .dictionary import is_place

    if is_place(token):
        return "place"
    if _PLACE_RE.match(token) and not _NOT_PLACE_RE.search(token):
        return "place"
    return "term"


def kind_mask(terms: Sequence[str], kinds: Iterable[str]):
    """A boolean numpy array: whether each of ``terms`` is of one of ``kinds``."""
    import numpy as np

    wanted = frozenset(kinds)
    return np.fromiter((token_kind(t) in wanted for t in terms), dtype=bool, count=len(terms))


def strip_glossary(text: str) -> str:
    """``text`` without its closing glossary: what follows the last 名词解释 / 注释 heading in
    the second half of the text (a heading alone on its line)."""
    last = None
    for m in _GLOSSARY_HEAD.finditer(text):
        last = m
    if last is None or last.start() < len(text) // 2:
        return text
    return text[: last.start()]


def is_fragment(token: str, text: str, count: int, *, once: bool = True) -> bool:
    """Whether an unknown token (neither a lexicon term nor a dictionary word) of ``text`` is a
    piece of a phrase rather than a word.

    A word stands on its own: it occurs at least twice, and on each side its neighbours vary
    or include a mark, a space or an edge (“村超”, 永定河泛区 / 泛区内). A piece always has the same neighbour on one side
    (长株 + 潭, 引江济 + 淮, 手 + 撕钢) or starts or ends with a function character (之稳, 个川).
    ``once``: whether a token seen once is a fragment (nothing shows it stands on its own).
    """
    if token[0] in _FRAGMENT_FIRST or token[-1] in _FRAGMENT_LAST:
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
        before = text[i - 1] if i else ""
        after = text[i + n : i + n + 1]
        free_left = free_left or not _CJK.match(before or " ")
        free_right = free_right or not _CJK.match(after or " ")
        left.add(before)
        right.add(after)
        seen += 1
        if (free_left or len(left) > 1) and (free_right or len(right) > 1):
            return False
        i = text.find(token, i + n)
    return True


def resolve_top(top: int, top_n: int | None) -> int:
    """``top``, or the deprecated ``top_n`` when given (with a :class:`DeprecationWarning`)."""
    if top_n is not None:
        import warnings

        warnings.warn("top_n is deprecated; use top", DeprecationWarning, stacklevel=3)
        top = top_n
    return top


def check_theme_arguments(top: int, tf: str, kinds: Iterable[str] | None) -> None:
    """Raise :class:`ValueError` for a wrong ``top``, ``tf`` or ``kinds``."""
    if top < 1:
        raise ValueError(f"top must be >= 1, not {top}")
    if tf not in ("sublinear", "raw", "relative"):
        raise ValueError(f"tf must be 'sublinear', 'raw' or 'relative', not {tf!r}")
    if kinds is not None:
        if isinstance(kinds, str):
            raise ValueError(f"kinds must be a list of kinds such as ['place'], not {kinds!r}")
        bad = sorted(set(kinds) - set(THEME_KINDS))
        if bad or not set(kinds):
            raise ValueError(f"unknown kind(s) {bad}; valid kinds are {list(THEME_KINDS)}")


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")
_DIGIT = re.compile(r"[0-9０-９]")
_NUMERIC = re.compile(
    r"^(?:百分之|千分之|第)?[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟半几多数余.．%％]+"
    r"(?:[年月日号个是项条次倍点届期天岁名位只件批种类级层套户亩吨元人家辆座台所张份起笔列艘架趟]"
    r"|公里|千米|平方米|美元|小时)?$"
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")  # GDP, CPI, WTO, APEC, G20

#: Distinct tokens whose verdict an analyzer remembers (≈150 bytes each).
_MEMO_SIZE = 1_000_000


class _Memo(dict):
    """token → form to count (or None): a dict that judges a token it has not seen, so the hot
    loop is one C-level ``map(memo.__getitem__, tokens)`` whether or not tokens are new."""

    __slots__ = ("judge",)

    def __init__(self, judge: Callable[[str], str | None]) -> None:
        super().__init__()
        self.judge = judge

    def __missing__(self, token: str) -> str | None:
        form = self.judge(token)
        if len(self) < _MEMO_SIZE:
            self[token] = form
        return form

    def __reduce__(self):  # a memo is never worth shipping: an analyzer pickles without it
        return (dict, ())


def _is_noise(token: str, min_chars: int) -> bool:
    if len(token) < min_chars:
        return True
    if not _CJK.search(token):
        return not _ACRONYM.match(token)
    if _DIGIT.search(token):
        return True  # 2024年, 5.2%, 1978年以来 …
    return bool(_NUMERIC.match(token))


class PolicyAnalyzer:
    """Text → filtered, lexicon-aware tokens (a picklable callable for scikit-learn).

    Parameters
    ----------
    tokenizer
        A :class:`~policytext.tokenize.Tokenizer` (default: one on the built-in lexicon).
    stopwords
        Words to drop: ``None`` → political stopwords + :data:`FUNCTION_WORDS`; an iterable
        replaces them; ``()`` keeps everything.
    drop_pos
        Part-of-speech tags to drop, e.g. :data:`DROP_POS`. Default ``None``: no tagging.
        On the work reports the tag filter changes about one keyword in twenty (the word
        lists and number patterns already catch function words), while jieba's pure-Python
        tagger is ~50× slower than plain segmentation, and an unknown place can be mis-tagged
        (前海 as a direction word ``f``) and lost.
    min_chars
        Shortest token kept (lexicon terms are always kept).
    canonical
        Map lexicon variants to their canonical term (二个维护 → 两个维护).
    nested
        Also emit the lexicon terms nested inside a lexicon token (四个全面战略布局 also
        yields 四个全面, 推动高质量发展 also 高质量发展; longest inner terms, non-overlapping).
        Off for themes (it would list a term twice); on for :func:`keyness` and trends over
        tokens, where a formulation should be counted whatever longer phrase carries it.
    words_only
        Drop the pieces the segmenter glues together: a token that is neither a lexicon term
        nor a dictionary word (nor a rare dictionary entry) is kept only when it stands on its
        own in the text (:func:`is_fragment`: 村超 stays; 长株 of 长株潭, 之稳, 引江济 go).
    drop_admin
        Drop administrative self-reference (:func:`is_admin_word`: 全市, 我区, 省人民政府,
        浙江省委), lexicon organs of that shape included.
    glossary
        Keep a work report's closing glossary (名词解释, 注释); False (default): the text after
        its heading is not counted (:func:`strip_glossary`).

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> from policytext.tokenize import Tokenizer
    >>> lex = Lexicon.from_terms(["三高四新"])
    >>> PolicyAnalyzer(Tokenizer(lex))("2024年，我们深入实施三高四新战略。")
    ['实施', '三高四新', '战略']
    """

    def __init__(
        self,
        tokenizer: Tokenizer | None = None,
        *,
        stopwords: Iterable[str] | None = None,
        drop_pos: Iterable[str] | None = None,
        min_chars: int = 2,
        canonical: bool = True,
        nested: bool = False,
        words_only: bool = True,
        drop_admin: bool = True,
        glossary: bool = False,
    ) -> None:
        if tokenizer is None:
            from ..tokenize import Tokenizer

            tokenizer = Tokenizer()
        self.tokenizer = tokenizer
        self.stopwords = (
            frozenset(load_stopwords()) | FUNCTION_WORDS if stopwords is None
            else frozenset(stopwords)
        )
        self.drop_pos = frozenset(drop_pos) if drop_pos is not None else None
        self.min_chars = min_chars
        self.canonical = canonical
        self.nested = nested
        self.words_only = words_only
        self.drop_admin = drop_admin
        self.glossary = glossary
        self._surface = tokenizer.lexicon.surface_map()
        self._cache = _Memo(self._judge)
        self._unknown = _Memo(self._is_unknown)
        self._inner: dict[str, tuple[str, ...]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = None  # rebuilt empty by __setstate__
        state["_unknown"] = None
        state["_inner"] = None
        return state

    def _is_unknown(self, form: str) -> int:
        """0: a lexicon term, a place or a dictionary word; 1: neither (the segmenter's HMM
        made it); 2: a rare two-character dictionary entry (求进, 中去, 改起), judged like 1
        but kept when seen once; 3: an unknown token that is a common word plus one
        character, a fragment wherever it stands."""
        from .dictionary import is_place, word_frequencies

        freqs = word_frequencies()
        if not freqs or form in self._surface or not _CJK.search(form):
            return 0
        f = freqs.get(form, 0)
        if f:  # many real compounds have the dictionary's lowest counts: only short ones
            return 2 if f < _RARE_WORD and len(form) == 2 and not is_place(form) else 0
        if is_place(form):
            return 0
        if len(form) >= 3 and max(freqs.get(form[1:], 0), freqs.get(form[:-1], 0)) >= 100:
            return 3  # a word with a stray character glued on (对小微, 项文旅)
        return 1

    def _text(self, doc: str | Document) -> str:
        text = doc.text if isinstance(doc, Document) else doc
        return text if self.glossary or not text else strip_glossary(text)

    def _fragments(self, counts: Mapping[str, int], text: str) -> set[str]:
        """The forms of ``counts`` that are pieces of phrases in ``text`` (see ``words_only``)."""
        if not self.words_only:
            return set()
        unknown = self._unknown
        return {t for t, c in counts.items()
                if (u := unknown[t]) and (u == 3 or is_fragment(t, text, c, once=u == 1))}

    def inner_terms(self, surface: str) -> tuple[str, ...]:
        """Lexicon terms nested in ``surface`` (canonical forms, longest first, non-overlapping)."""
        if self._inner is None:
            self._inner = {}
        found = self._inner.get(surface)
        if found is not None:
            return found
        smap = self._surface
        spans: list[tuple[int, int]] = []
        n = len(surface)
        candidates = sorted(
            ((i, j) for i in range(n) for j in range(i + 2, n + 1)
             if (i, j) != (0, n) and surface[i:j] in smap),
            key=lambda ij: (ij[0] - ij[1], ij[0]),
        )
        for i, j in candidates:
            if all(j <= a or i >= b for a, b in spans):
                spans.append((i, j))
        spans.sort()
        out = tuple(smap[surface[i:j]] if self.canonical else surface[i:j] for i, j in spans)
        self._inner[surface] = out
        return out

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("words_only", True)
        state.setdefault("drop_admin", True)
        state.setdefault("glossary", False)
        self.__dict__.update(state)
        self._cache = _Memo(self._judge)
        self._unknown = _Memo(self._is_unknown)

    def __repr__(self) -> str:
        return (f"PolicyAnalyzer(tokenizer={self.tokenizer!r}, n_stopwords={len(self.stopwords)}, "
                f"drop_pos={'None' if self.drop_pos is None else len(self.drop_pos)}, "
                f"min_chars={self.min_chars})")

    def keep(self, token: str, pos: str | None = None) -> str | None:
        """The form to count for ``token`` (canonical lexicon term or the token), or None."""
        if pos is not None and self.drop_pos is not None:
            if self.drop_admin and is_admin_word(token.strip()):
                return None
            term = self._surface.get(token)
            if term is not None:
                return term if self.canonical else token
            if pos in self.drop_pos:
                return None
        return self._cache[token]

    def _judge(self, token: str) -> str | None:
        """:meth:`keep` without part of speech, uncached."""
        if self.drop_admin and is_admin_word(token.strip()):
            return None
        term = self._surface.get(token)
        if term is not None:
            return term if self.canonical else token
        t = token.strip()
        return None if (not t or t in self.stopwords or _is_noise(t, self.min_chars)) else t

    def _filter(self, tokens: list[str]) -> list[str]:
        """``[keep(t) for t in tokens]`` without the Nones: each distinct token is judged once
        per analyzer (see :class:`_Memo`), the rest runs at C level."""
        return list(filter(None, map(self._cache.__getitem__, tokens)))

    def counts(self, doc: str | Document) -> dict[str, int]:
        """``dict(Counter(self(doc)))`` without the intermediate token list (what the batch
        runner keeps of each document, and what :func:`themes` scores)."""
        if self.drop_pos is not None or self.nested:
            return dict(Counter(self(doc)))
        text = self._text(doc)
        if not text:
            return {}
        counts = dict(Counter(filter(None, map(self._cache.__getitem__, self.tokenizer.tokenize(text)))))
        for t in self._fragments(counts, text):
            del counts[t]
        return counts

    def __call__(self, doc: str | Document) -> list[str]:
        text = self._text(doc)
        if not text:
            return []
        if self.drop_pos is None:
            kept = self._filter(self.tokenizer.tokenize(text))
            out: list[str | None] = kept  # type: ignore[assignment]
        else:
            keep = self.keep
            out = [keep(t, p) for t, p in self.tokenizer.tokenize_pos(text)]
        if self.words_only:
            drop = self._fragments(Counter(t for t in out if t is not None), text)
            if drop:
                out = [None if t in drop else t for t in out]
        if not self.nested:
            return [t for t in out if t is not None]
        result: list[str] = []
        smap = self._surface
        for t in out:
            if t is None:
                continue
            result.append(t)
            if t in smap:
                result.extend(self.inner_terms(t))
        return result


# ---------------------------------------------------------------------------------------------
# IDF table
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies with a default for unseen terms.

    Attributes
    ----------
    idf
        term → ``ln(n_docs / df)``.
    n_docs
        Documents the table was computed from.
    default
        IDF of a term not in the table (see ``data/idf/README.md`` for the choice).
    """

    idf: Mapping[str, float]
    n_docs: int
    default: float

    def __getitem__(self, term: str) -> float:
        return self.idf.get(term, self.default)

    def get(self, term: str, default: float | None = None) -> float:
        return self.idf.get(term, self.default if default is None else default)

    def __len__(self) -> int:
        return len(self.idf)

    def __contains__(self, term: object) -> bool:
        return term in self.idf


def parse_idf(text: str, source: str = "<string>") -> IdfTable:
    """Parse the TSV format of ``resources/idf.tsv`` (``# key=value`` comments, header, rows)."""
    meta: dict[str, str] = {}
    idf: dict[str, float] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            for part in line[1:].split():
                if "=" in part:
                    k, v = part.split("=", 1)
                    meta[k] = v
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields[0] == "term":
                continue
        if len(fields) < 2:
            raise ValueError(f"{source}:{lineno}: expected 'term<TAB>idf', got {line!r}")
        try:
            idf[fields[0]] = float(fields[1])
        except ValueError:
            raise ValueError(f"{source}:{lineno}: idf {fields[1]!r} is not a number") from None
    values = sorted(idf.values())
    default = float(meta["default_idf"]) if "default_idf" in meta else (
        values[len(values) // 2] if values else 1.0)
    n_docs = int(meta.get("n_docs", 0))
    return IdfTable(idf, n_docs, default)


@lru_cache(maxsize=1)
def load_idf() -> IdfTable:
    """The political-domain IDF table shipped with policytext (loaded once per process)."""
    from importlib import resources

    text = resources.files("policytext.resources").joinpath("idf.tsv").read_text("utf-8")
    return parse_idf(text, "policytext/resources/idf.tsv")


def resolve_idf(idf: Any, n_units: int) -> str | IdfTable:
    if isinstance(idf, IdfTable):
        return idf
    if isinstance(idf, Mapping):
        values = sorted(idf.values())
        return IdfTable(dict(idf), 0, values[len(values) // 2] if values else 1.0)
    if idf == "auto":
        return "corpus" if n_units >= 3 else load_idf()
    if idf == "builtin":
        return load_idf()
    if idf == "corpus":
        return "corpus"
    raise ValueError(
        f"idf must be 'auto', 'corpus', 'builtin', a mapping or an IdfTable, not {idf!r}")


# ---------------------------------------------------------------------------------------------
# themes
# ---------------------------------------------------------------------------------------------
def _blended_idf(df_counts: Mapping[str, int], n: int, prior_weight: float
                 ) -> Callable[[str], float]:
    """Corpus IDF with document frequencies shrunk toward the built-in table."""
    if prior_weight <= 0:
        return lambda t: math.log((1 + n) / (1 + df_counts.get(t, 0)))
    table = load_idf()
    m = float(prior_weight)

    def idf(t: str) -> float:
        p = math.exp(-table[t])
        return -math.log((df_counts.get(t, 0) + m * p) / (n + m))

    return idf


def _blended_idf_array(terms: Sequence[str], df, n: int, prior_weight: float):
    """:func:`_blended_idf` of every term at once (``df``: their document frequencies, an
    array in the order of ``terms``), as a float64 array."""
    import numpy as np

    df = np.asarray(df, dtype=np.float64)
    if prior_weight <= 0:
        return np.log((1 + n) / (1 + df))
    table = load_idf()
    prior = np.fromiter(map(table.idf.get, terms, repeat(table.default)), dtype=np.float64,
                        count=len(terms))
    m = float(prior_weight)
    return -np.log((df + m * np.exp(-prior)) / (n + m))


def tf_weight(count: int, scheme: str, total: int) -> float:
    if scheme == "sublinear":
        return 1.0 + math.log(count)
    if scheme == "raw":
        return float(count)
    return count / total if total else 0.0


def themes(
    corpus: Any,
    top: int = 20,
    *,
    by: By = None,
    idf: Literal["auto", "corpus", "builtin"] | Mapping[str, float] | IdfTable = "auto",
    analyzer: PolicyAnalyzer | None = None,
    tokenizer: Tokenizer | None = None,
    tf: Literal["sublinear", "raw", "relative"] = "sublinear",
    min_count: int = 1,
    prior_weight: float = 10.0,
    kinds: Iterable[str] | None = None,
    top_n: int | None = None,
) -> pd.DataFrame:
    """TF-IDF keywords per document or per group of documents.

    Each document is counted by ``analyzer`` (:meth:`PolicyAnalyzer.counts`) and the counts
    are scored by :func:`~policytext.extract.aggregate.themes_from_counts`, the scorer the
    batch runner uses on the counts it accumulates: one implementation, two front-ends.

    Parameters
    ----------
    corpus
        A string, Document, Corpus or iterable of Documents.
    top
        Keywords per document/group.
    by
        ``None`` (per document), a docvar (``"year"``, ``"region"``, ``"genre"``…) or a
        function ``Document -> key``; the documents of a group are pooled into one unit (to
        compare provinces, give each document a ``region`` docvar and pass ``by="region"``).
    idf
        ``"corpus"``: document frequencies over the units analysed, shrunk toward the shipped
        table by ``prior_weight`` pseudo-documents: ``idf = -ln((df + m·p) / (n + m))`` where
        ``p = exp(-builtin_idf)``. A word in every unit (发展 in every work report) gets an IDF
        near 0 instead of scikit-learn's floor of 1, and in a corpus of three reports on one
        province its free-trade port still outranks 发展. ``"builtin"``: the shipped
        political-domain table (:func:`load_idf`), right for one document; ``"auto"``
        (default): corpus when there are at least 3 units, builtin otherwise. A mapping
        term → idf (or an :class:`IdfTable`) also works.
    analyzer
        Token filter (default :class:`PolicyAnalyzer` on ``tokenizer``: lexicon terms kept
        whole; stopwords, numbers, administrative self-reference, a report's glossary and
        pieces of phrases left out).
    tokenizer
        Tokenizer for the default analyzer (default: built-in lexicon).
    tf
        Term-frequency weighting: ``"sublinear"`` (``1 + ln count``, default — keeps a word
        repeated 200 times from drowning the distinctive ones), ``"raw"`` or ``"relative"``.
    min_count
        Ignore tokens seen fewer times in a unit.
    prior_weight
        Strength of the built-in table in ``idf="corpus"``, in documents (0: corpus only,
        ``ln((n+1)/(df+1))``).
    kinds
        Which tokens to rank: ``["place"]`` (place names), ``["term"]`` (programmes,
        formulations and other topics) or None (both, default); see :func:`token_kind`.
        Scores are the same whatever the choice: only the ranking skips the other kind.
    top_n
        Deprecated name of ``top``.

    Returns
    -------
    pandas.DataFrame
        ``top`` rows per unit, by unit then rank. Columns (same when empty):

        ======== ======= ===============================================================
        <key>    object  ``doc_id``; with ``by``: the docvar name, or ``group``
        term     object  token (canonical form of lexicon terms)
        score    float64 tf × idf, divided by the L2 norm of the unit's whole vector
        rank     int64   1 = strongest
        count    int64   occurrences of the token in the unit
        ======== ======= ===============================================================
    """
    from .aggregate import TokenMatrix, themes_from_counts

    top = resolve_top(top, top_n)
    check_theme_arguments(top, tf, kinds)
    key_name, groups = group_documents(corpus, by)
    if analyzer is None:
        analyzer = PolicyAnalyzer(tokenizer)
    matrix = TokenMatrix()
    unit_of: dict[Hashable, Hashable] | None = None if by is None else {}
    for key, docs in groups:
        for doc in docs:
            if unit_of is None:
                matrix.add(key, analyzer.counts(doc))
            else:
                row = len(matrix)  # rows are documents; their unit is the group's key
                matrix.add(row, analyzer.counts(doc))
                unit_of[row] = key
    return themes_from_counts(matrix, top, idf=idf, tf=tf, prior_weight=prior_weight,
                              key_name=key_name, groups=unit_of, min_count=min_count,
                              kinds=kinds)


def format_themes(
    df: pd.DataFrame,
    fmt: Literal["jsonl", "csv"] = "jsonl",
    *,
    doc: Mapping[Any, str] | None = None,
) -> str:
    """Serialise a :func:`themes` frame for the command line.

    Parameters
    ----------
    df
        A frame from :func:`themes`.
    fmt
        ``"jsonl"``: one JSON object per row with ``doc``, ``term``, ``score``, ``rank``
        (and ``count``); ``"csv"``: the same columns with a header.
    doc
        Map from the frame's key (``doc_id`` or group) to the label written as ``doc``
        (the CLI passes the path as given); default: the key itself.

    Returns
    -------
    str
        The serialised rows, newline-terminated (empty string for an empty frame in JSONL,
        the header alone in CSV).
    """
    import pandas as pd

    from ._frames import format_rows

    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"fmt must be 'jsonl' or 'csv', not {fmt!r}")
    key = df.columns[0] if len(df.columns) else "doc_id"
    keys = [k.item() if hasattr(k, "item") else k for k in df[key]] if len(df) else []
    rows = pd.DataFrame({
        "doc": [doc.get(k, str(k)) if doc is not None else k for k in keys],
        "term": list(df["term"]) if len(df) else [],
        "score": [round(float(v), 6) for v in df["score"]] if len(df) else [],
        "rank": [int(v) for v in df["rank"]] if len(df) else [],
        "count": [int(v) for v in df["count"]] if len(df) and "count" in df else [None] * len(df),
    })
    return format_rows(rows, fmt, lead=())


# ---------------------------------------------------------------------------------------------
# scikit-learn vectorizer
# ---------------------------------------------------------------------------------------------
def _texts(raw_documents: Any) -> list[str]:
    if isinstance(raw_documents, (str, Document)):
        raise TypeError("expected an iterable of str or Document, not a single "
                        f"{type(raw_documents).__name__}; wrap it in a list")
    return [d.text if isinstance(d, Document) else str(d) for d in raw_documents]


# scikit-learn is imported when PolicyVectorizer is first used, not with this module: the
# import costs 1.2-1.8 s, in the main process and in every batch worker, which only need
# PolicyAnalyzer. ``PolicyVectorizer`` is made on first access (module ``__getattr__``) from
# ``_PolicyVectorizerBody`` with the scikit-learn base classes; it pickles by name.
_VECTORIZER: type | None = None
PolicyVectorizer: type  # declared for linters and type checkers; bound by __getattr__ below


def _vectorizer_class() -> type:
    global _VECTORIZER  # one class per process, made on first use
    if _VECTORIZER is None:
        try:
            from sklearn.base import BaseEstimator, TransformerMixin
            bases: tuple[type, ...] = (TransformerMixin, BaseEstimator)
        except ImportError:  # pragma: no cover
            bases = (object,)
        body = {k: v for k, v in _PolicyVectorizerBody.__dict__.items()
                if k not in ("__dict__", "__weakref__")}
        body["__qualname__"] = "PolicyVectorizer"
        _VECTORIZER = type("PolicyVectorizer", bases, body)
    return _VECTORIZER


def __getattr__(name: str) -> Any:
    if name == "PolicyVectorizer":
        return _vectorizer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _PolicyVectorizerBody:
    """TF-IDF (or count) vectorizer on lexicon-aware, filtered tokens.

    A scikit-learn transformer: parameters are only stored by ``__init__``; ``fit`` learns
    ``vocabulary_`` and ``idf_``; ``transform`` returns a ``scipy.sparse.csr_matrix``. It
    accepts strings or :class:`~policytext.corpus.Document` objects and pickles (the tokenizer
    engine is rebuilt after unpickling).

    Parameters
    ----------
    tokenizer
        A :class:`~policytext.tokenize.Tokenizer` (default: built-in lexicon).
    analyzer
        A callable text → tokens (default: :class:`PolicyAnalyzer` on ``tokenizer``).
    use_idf
        Multiply counts by IDF.
    idf
        ``"corpus"`` (learned in ``fit``, smoothed like scikit-learn) or ``"builtin"``
        (the shipped table; ``fit`` only learns the vocabulary).
    sublinear_tf
        Replace ``tf`` by ``1 + ln(tf)``.
    norm
        ``"l2"``, ``"l1"`` or ``None``.
    min_df, max_df, max_features
        As in :class:`sklearn.feature_extraction.text.CountVectorizer`.
    binary
        Count presence instead of occurrences.
    dtype
        Dtype of the matrix.

    Attributes
    ----------
    vocabulary_ : dict
        Token → column index.
    idf_ : numpy.ndarray
        IDF per column (ones when ``use_idf=False``).
    analyzer_ : callable
        The analyzer used.

    Examples
    --------
    >>> from policytext.lexicon import Lexicon
    >>> from policytext.tokenize import Tokenizer
    >>> from policytext.extract.themes import PolicyVectorizer
    >>> vec = PolicyVectorizer(tokenizer=Tokenizer(Lexicon.from_terms(["三高四新"])))
    >>> X = vec.fit_transform(["实施三高四新战略", "推进乡村振兴"])
    >>> X.shape[0], "三高四新" in vec.get_feature_names_out()
    (2, True)
    """

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        analyzer: Callable[[str], list[str]] | None = None,
        use_idf: bool = True,
        idf: Literal["corpus", "builtin"] = "corpus",
        sublinear_tf: bool = False,
        norm: Literal["l2", "l1"] | None = "l2",
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        binary: bool = False,
        dtype: Any = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.analyzer = analyzer
        self.use_idf = use_idf
        self.idf = idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.binary = binary
        self.dtype = dtype

    def _analyzer(self) -> Callable[[str], list[str]]:
        if self.analyzer is not None:
            return self.analyzer
        return PolicyAnalyzer(self.tokenizer)

    def _counter(self):
        import numpy as np
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer(
            analyzer=self.analyzer_, min_df=self.min_df, max_df=self.max_df,
            max_features=self.max_features, binary=self.binary, dtype=self.dtype or np.float64,
        )

    def fit(self, raw_documents: Iterable[str | Document], y: Any = None) -> Any:
        """Learn the vocabulary (and IDF) from ``raw_documents``."""
        self._fit(raw_documents)
        return self

    def fit_transform(self, raw_documents: Iterable[str | Document], y: Any = None
                      ) -> scipy.sparse.csr_matrix:
        """Learn the vocabulary and IDF, return the document-term matrix."""
        counts = self._fit(raw_documents)
        return self._weight(counts)

    def _fit(self, raw_documents: Any):
        import numpy as np

        if self.idf not in ("corpus", "builtin"):
            raise ValueError(f"idf must be 'corpus' or 'builtin', not {self.idf!r}")
        if self.norm not in ("l2", "l1", None):
            raise ValueError(f"norm must be 'l2', 'l1' or None, not {self.norm!r}")
        texts = _texts(raw_documents)
        self.analyzer_ = self._analyzer()
        cv = self._counter()
        counts = cv.fit_transform(texts).tocsr()
        self.vocabulary_ = dict(cv.vocabulary_)
        self._features = np.asarray(cv.get_feature_names_out(), dtype=object)
        n_docs = counts.shape[0]
        if not self.use_idf:
            self.idf_ = np.ones(len(self.vocabulary_))
        elif self.idf == "builtin":
            table = load_idf()
            self.idf_ = np.array([table[t] for t in self._features], dtype=np.float64)
        else:
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            self.idf_ = np.log((1 + n_docs) / (1 + df)) + 1.0
        return counts

    def _weight(self, counts):
        import numpy as np
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        X = counts.astype(self.dtype or np.float64, copy=True).tocsr()
        if self.sublinear_tf:
            np.log(X.data, out=X.data)
            X.data += 1.0
        if self.use_idf:
            X = X @ sp.diags(self.idf_)
        X = sp.csr_matrix(X)
        if self.norm is not None:
            X = normalize(X, norm=self.norm, copy=False)
        return X

    def transform(self, raw_documents: Iterable[str | Document]) -> scipy.sparse.csr_matrix:
        """Document-term matrix of ``raw_documents`` on the fitted vocabulary."""
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        cv = CountVectorizer(analyzer=self.analyzer_, vocabulary=self.vocabulary_,
                             binary=self.binary, dtype=self.dtype or float)
        return self._weight(cv.transform(_texts(raw_documents)).tocsr())

    def get_feature_names_out(self, input_features: Any = None):
        """Tokens, in column order (a numpy object array)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vocabulary_")
        return self._features.copy()

    def __sklearn_tags__(self):
        tags = super(_vectorizer_class(), self).__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


# ---------------------------------------------------------------------------------------------
# topics
# ---------------------------------------------------------------------------------------------
def topics(
    corpus: Any,
    n_topics: int = 10,
    *,
    method: Literal["nmf", "lda"] = "nmf",
    top_n: int = 10,
    by: By = None,
    max_features: int | None = 5000,
    min_df: float | int = 2,
    max_df: float | int = 0.95,
    tokenizer: Tokenizer | None = None,
    analyzer: Callable[[str], list[str]] | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topic model over a corpus: NMF on TF-IDF (default) or LDA on counts.

    Parameters
    ----------
    corpus
        A Corpus or iterable of Documents (each document or group is one unit).
    n_topics
        Number of topics (at most the number of units).
    method
        ``"nmf"`` (scikit-learn NMF, nndsvda init; stable and good on long documents) or
        ``"lda"`` (LatentDirichletAllocation on raw counts).
    top_n
        Terms listed per topic.
    by
        Pool documents into units by docvar or function (as in :func:`themes`).
    max_features, min_df, max_df
        Vocabulary limits, as in scikit-learn (``min_df`` falls back to 1 for tiny corpora).
    tokenizer, analyzer
        As for :class:`PolicyVectorizer`.
    random_state
        Seed, for reproducible topics.

    Returns
    -------
    tuple of pandas.DataFrame
        ``topic_terms`` — columns ``topic`` (int64), ``term`` (object), ``weight`` (float64),
        ``rank`` (int64, 1 = strongest), ``top_n`` rows per topic;
        ``doc_topics`` — columns ``<key>`` (object: ``doc_id`` or the ``by`` name),
        ``topic`` (int64), ``weight`` (float64; each unit's weights sum to 1), one row per
        unit and topic.
    """
    import numpy as np
    import pandas as pd

    if method not in ("nmf", "lda"):
        raise ValueError(f"method must be 'nmf' or 'lda', not {method!r}")
    key_name, groups = group_documents(corpus, by)
    empty_terms = pd.DataFrame({"topic": pd.Series(dtype="int64"),
                                "term": pd.Series(dtype=object),
                                "weight": pd.Series(dtype="float64"),
                                "rank": pd.Series(dtype="int64")})
    empty_docs = pd.DataFrame({key_name: pd.Series(dtype=object),
                               "topic": pd.Series(dtype="int64"),
                               "weight": pd.Series(dtype="float64")})
    if not groups:
        return empty_terms, empty_docs
    texts = ["\n".join(d.text for d in docs) for _, docs in groups]
    keys = [k for k, _ in groups]
    n_units = len(texts)
    if min_df > 1 and isinstance(min_df, int) and n_units < 2 * min_df:
        min_df = 1
    if max_df < 1.0 and isinstance(max_df, float) and n_units < 5:
        max_df = 1.0
    vec = _vectorizer_class()(
        tokenizer=tokenizer, analyzer=analyzer, use_idf=method == "nmf",
        norm="l2" if method == "nmf" else None, sublinear_tf=method == "nmf",
        min_df=min_df, max_df=max_df, max_features=max_features,
    )
    X = vec.fit_transform(texts)
    if X.shape[1] == 0:
        return empty_terms, empty_docs
    k = max(1, min(n_topics, n_units, X.shape[1]))
    if method == "nmf":
        from sklearn.decomposition import NMF

        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(n_components=k, random_state=random_state,
                                          learning_method="batch")
    W = model.fit_transform(X)
    H = model.components_
    features = vec.get_feature_names_out()
    trows = []
    for t in range(k):
        order = np.argsort(-H[t])[:top_n]
        for r, j in enumerate(order, start=1):
            trows.append((t, features[j], float(H[t, j]), r))
    sums = W.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    Wn = W / sums
    drows = [(keys[i], t, float(Wn[i, t])) for i in range(n_units) for t in range(k)]
    topic_terms = pd.DataFrame(trows, columns=["topic", "term", "weight", "rank"]).astype(
        {"topic": "int64", "term": object, "weight": "float64", "rank": "int64"})
    doc_topics = pd.DataFrame(drows, columns=[key_name, "topic", "weight"]).astype(
        {key_name: object, "topic": "int64", "weight": "float64"})
    return topic_terms, doc_topics
