"""China's administrative divisions as a gazetteer: whether a token names a province, city,
prefecture or county (白银, 德令哈, 海西州), where the segmenter's dictionary tags many city
names as common words (白银 ``nr``, 包头 ``v``, 平凉 ``a``).

The table (``resources/admin_divisions.tsv``, built by ``data/places/build_places.py`` from the
statistical division codes packaged by cpca, MIT licence beside it) lists each division's full
name and its short name. Full names are always places. Short names are places for provinces
and prefecture-level units; a county-level city's when the dictionary holds it rarely (义乌,
格尔木; not 合作 of 合作市); another county's or district's only when the dictionary does not
know it as another word (和林格尔; not 通道, 资源, 平安, 前进, 和平 of 通道县, 资源县, 平安区,
前进区, 和平区).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["division_names", "is_division"]

#: Short names of prefecture-level units that are mostly something else in official prose:
#: 东方 (the East; 东方市, Hainan), 中山 (孙中山; 中山市, Guangdong)
_AMBIGUOUS = frozenset({"东方", "中山"})
#: Dictionary tags under which a county's short name is still taken for the county: None (the
#: dictionary does not know it), a place, or a function word's tag, which on such a name is the
#: dictionary's error (大余 ``r``, 且末 ``c``, 天元 ``q``)
_PLACE_TAGS = frozenset({None, "ns", "r", "c", "q"})
#: A county-level city's short name is taken for the city when the dictionary counts it fewer
#: times than this (义乌 92, 格尔木 80; not 合作 13,478 of 合作市)
_RARE_IN_DICTIONARY = 1000


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Every name the gazetteer takes for a place (see the module's description)."""
    from .dictionary import word_frequencies, word_tag

    freqs = word_frequencies()
    text = resources.files("policytext.resources").joinpath("admin_divisions.tsv").read_text(
        encoding="utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("adcode\t"):
            continue
        _, name, short, level = line.split("\t")
        names.add(name)
        if short == name or short in _AMBIGUOUS:
            continue
        if level != "county" or word_tag(short) in _PLACE_TAGS or (
                name.endswith("市") and freqs.get(short, 0) < _RARE_IN_DICTIONARY):
            names.add(short)
    return frozenset(names)


def is_division(token: str) -> bool:
    """Whether ``token`` names one of China's administrative divisions (白银, 白银市, 德令哈)."""
    return token in division_names()
