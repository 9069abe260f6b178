"""Word frequencies of the segmenter's general dictionary (jieba's ``dict.txt``).

Two extractors ask the same question of it — is this string a word a reader knows? — without
segmenting: the lexicon matcher (does a match cut a longer word, 农业部 in 农业部长?) and the
themes filter (is a token a word, or a piece the segmenter's HMM glued together, 之稳, 长株?).
The file is read once per process, on first use, from the installed jieba package (found
without importing it); without jieba the table is empty and both checks are skipped.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

__all__ = ["LOG_TOTAL", "TAG_CORRECTIONS", "best_split_cuts", "is_place", "word_class", "word_frequencies", "word_tag"]

# the longest dictionary word the boundary check looks up (longer ones rarely decide a split)
_LONGEST = 5

#: ln of the dictionary's total count (≈6e7), the denominator of a word's probability.
LOG_TOTAL = math.log(6.0e7)


def _dictionary_path() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


#: Tags of jieba's dictionary corrected here: frequent verbs and adverbs of official prose that
#: it tags as nouns or abbreviations (深化 ``j``, 着力 ``n``, 大力 ``n``; they open clauses —
#: 深化 + 国资国企改革, 大力 + 发展 —, not names), and common words of that prose it tags as
#: place names ``ns`` (城市, 海洋, 美丽, 治安, 福利: a place kind that lists them misleads), and
#: content words it tags as pronouns or measure words (本科 ``r``, 多边 ``r``, 马里 ``q``).
#: A longer list of words it tags as places that are none (伦理, 维度, 普京) is read from
#: ``resources/place_tag_corrections.tsv``; these entries win over it.
TAG_CORRECTIONS: dict[str, str] = {
    "深化": "v", "着力": "d", "大力": "d", "全力": "d", "依法": "d", "力争": "v", "利用": "v",
    "落地": "v", "谋划": "v", "部署": "v", "指导": "v", "关心": "v", "均居": "v",
    **dict.fromkeys(
        "城市 城镇 山区 海洋 东西 英雄 太阳 庆典 深度 治安 福利 青春 海关 大国 长度 日志 "
        "共和国 王国 阴阳 智慧 蓝牙".split(), "n"),
    **dict.fromkeys("上市 建国 开国 回国 普及 关联 中断 上马 云集 长大".split(), "v"),
    **dict.fromkeys("神圣 爱国 美丽 新鲜 古典".split(), "a"),
    "广义": "b", "多边": "b", "本科": "n", "马里": "ns",
}


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, int], frozenset[str], frozenset[str], frozenset[str],
                     dict[str, str]]:
    """(word → count, place names, short non-nominal words, single-character nouns,
    word → part-of-speech tag)."""
    path = _dictionary_path()
    freqs: dict[str, int] = {}
    places: set[str] = set()
    non_nominal: set[str] = set()
    char_nouns: set[str] = set()
    if path is None:
        return freqs, frozenset(), frozenset(), frozenset(), {}
    fields = path.read_text(encoding="utf-8").split()
    if len(fields) % 3:  # not "word count tag" on every line: read it line by line
        fields = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields += [parts[0], parts[1], parts[2] if len(parts) > 2 else ""]
    words, counts, tags = fields[0::3], fields[1::3], fields[2::3]
    corrections = {**_place_tag_corrections(), **TAG_CORRECTIONS}
    tags = [corrections.get(word, tag) for word, tag in zip(words, tags)]
    freqs = dict(zip(words, map(int, counts)))
    for word, tag in zip(words, tags):
        if tag == "ns":
            places.add(word)
        elif len(word) <= 4 and tag[:1] not in ("n", "i", "l"):
            non_nominal.add(word)
        if tag == "n" and len(word) == 1:
            char_nouns.add(word)
    interned = {tag: tag for tag in set(tags)}  # ~60 distinct tags: one string object each
    word_tags = dict(zip(words, map(interned.__getitem__, tags)))
    return freqs, frozenset(places), frozenset(non_nominal), frozenset(char_nouns), word_tags


def _place_tag_corrections() -> dict[str, str]:
    """word → tag for the words the dictionary tags as places that are none (伦理, 维度, 惠及,
    普京, 北约): ``resources/place_tag_corrections.tsv``, judged in their contexts."""
    from importlib import resources

    text = resources.files("policytext.resources").joinpath("place_tag_corrections.tsv").read_text(
        encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and not line.startswith("word\t"):
            word, tag, _ = line.split("\t", 2)
            out[word] = tag
    return out


def word_frequencies() -> dict[str, int]:
    """word → count in jieba's dictionary (empty when jieba is not installed)."""
    return _load()[0]


def is_place(word: str) -> bool:
    """Whether the dictionary tags ``word`` as a place name (``ns``)."""
    return word in _load()[1]


def word_tag(word: str) -> str | None:
    """The dictionary's part-of-speech tag of ``word`` (``n``, ``v``, ``vn``, ``ns``…), or None
    when the dictionary does not list it. A tag given without context: a hint, not a parse."""
    return _load()[4].get(word)


def word_class(word: str) -> str | None:
    """``"noun"`` (nouns, idioms, set phrases — a quoted one may be a figure), ``"other"``
    (verbs, adjectives and the rest, up to four characters), or None (not in the dictionary).
    A single character is a noun only when tagged ``n`` (钙, not 稳)."""
    freqs, _, non_nominal, char_nouns, _ = _load()
    if word not in freqs:
        return None
    if len(word) == 1:
        return "noun" if word in char_nouns else "other"
    return "other" if word in non_nominal else "noun"


def best_split_cuts(window: str, start: int, end: int, own_freq: int,
                    freqs: dict[str, int]) -> bool:
    """Whether the most probable segmentation of ``window`` crosses ``window[start:end]``.

    A unigram segmentation as jieba's (each token costs ``ln(count / total)``; an unknown single
    character counts 1) in which ``window[start:end]`` is also a word of count ``own_freq``.
    True when the best path has no token boundary at ``start`` or at ``end``: the span cuts a
    word the dictionary prefers (农业部 + 长 in 农业部长论坛: 农业 + 部长 is likelier). A compound
    that holds the span is left out (英国海军 around 海军, 东盟国家 around 东盟: a compound built
    on the term does not cut it), except one that adds a single character after it, a bound
    head that changes what is named (外交部长, the minister, around 外交部, the ministry;
    共产党员 around 共产党).
    """
    n = len(window)
    log = math.log
    get = freqs.get
    neg = -math.inf
    score = [neg] * (n + 1)
    # flags[i]: bit 1 = the best path to i has a boundary at start, bit 2 = at end
    flags = [0] * (n + 1)
    score[0] = 0.0
    flags[0] = (start == 0) | ((end == 0) << 1)
    for i in range(n):
        base = score[i]
        if base == neg:
            continue
        fl = flags[i]
        for j in range(i + 1, min(n, i + _LONGEST) + 1):
            if i <= start and j >= end and j != end + 1:
                continue  # a compound holding the span (英国海军, 东盟国家) does not cut it
            f = get(window[i:j], 0) or (1 if j == i + 1 else 0)
            if f:
                sc = base + log(f) - LOG_TOTAL
                if sc > score[j]:
                    score[j] = sc
                    flags[j] = fl | (j == start) | ((j == end) << 1)
        if i == start:
            sc = base + log(own_freq) - LOG_TOTAL
            if sc > score[end]:
                score[end] = sc
                flags[end] = fl | 2
    return flags[n] != 3
