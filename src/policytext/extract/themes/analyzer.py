"""The token analyzer of themes: text → filtered, lexicon-aware tokens (:class:`PolicyAnalyzer`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ...chars import matching_form
from ...corpus import Document
from ...lexicon import load_stopwords
from ..dictionary import word_tag
from .phrases import MARKS, is_bound, repeated_phrases, token_role
from .rules import (
    CJK,
    FUNCTION_TAGS,
    FUNCTION_WORDS,
    QUOTED_NAME_MIN_COUNT,
    is_admin_word,
    is_fragment,
    is_number_code,
    quoted_names,
    strip_addressees,
    strip_glossary,
    token_kind,
)

if TYPE_CHECKING:  # pragma: no cover
    from ...tokenize import Tokenizer

#: Two-character dictionary words rarer than this are judged as unknown tokens (求进, 创通).
_RARE_WORD = 10
_ENUMERATION = re.compile(r"^[一二三四五六七八九十两][要是则个条项次]$")
_SETTLEMENT = frozenset("村镇乡庄屯寨")
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


def _drop_uses(tokens: list[str | None], uses: Mapping[str, int]) -> list[str | None]:
    """``tokens`` with the first ``uses[t]`` occurrences of each ``t`` of ``uses`` set to None
    (the counts of :meth:`PolicyAnalyzer.counts` as a token list)."""
    left = dict(uses)
    out: list[str | None] = []
    for t in tokens:
        if t is not None and left.get(t, 0) > 0:
            left[t] -= 1
            out.append(None)
        else:
            out.append(t)
    return out


def _only_inside(text: str, names: Iterable[str], pieces: Iterable[str]) -> set[str]:
    """The ``pieces`` that ``text`` uses, and only inside its uses of ``names``."""
    covered = bytearray(len(text))
    for name in names:
        i = text.find(name)
        while i >= 0:
            covered[i:i + len(name)] = b"\x01" * len(name)
            i = text.find(name, i + 1)
    out = set()
    for piece in pieces:
        i = first = text.find(piece)
        while i >= 0 and all(covered[i:i + len(piece)]):
            i = text.find(piece, i + 1)
        if i < 0 <= first:
            out.add(piece)
    return out


def _is_noise(token: str, min_chars: int) -> bool:
    if len(token) < min_chars:
        return True
    if not CJK.search(token):
        return not _ACRONYM.match(token)
    if _DIGIT.search(token):
        return True  # 2024年, 5.2%, 1978年以来 …
    # an enumeration's marker (一要…四要, 二是), dictionary word or not
    return bool(_NUMERIC.match(token) or _ENUMERATION.match(token))


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
        浙江省委), lexicon organs of that shape included, and a 公文's addressee lines
        (:func:`strip_addressees`).
    glossary
        Keep a work report's closing glossary (名词解释, 注释); False (default): the text after
        its heading is not counted (:func:`strip_glossary`).
    phrases
        Also count the multi-word names a document repeats (冰雪经济, 长春现代化都市圈,
        浦东引领区: :func:`~.phrases.repeated_phrases`), besides their words; a piece never
        used outside its name (长株 of 长株潭) is counted only as the name, and a rare word
        hardly used outside it (热带雨林 of 热带雨林国家公园) or a piece that is no dictionary
        word with half its uses or more inside names is counted only outside them (共兴 of
        五区共兴: 4 uses, 2 in the name, counted 2). A phrase that holds the
        document's ``region`` (美丽江西) is not counted.

    A text in traditional characters is read through its simplified form
    (:func:`policytext.chars.to_simplified_chars`), so 社會主義 and 社会主义 are one token, as
    in term counts; its tokens are then simplified.

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
        phrases: bool = True,
    ) -> None:
        if tokenizer is None:
            from ...tokenize import Tokenizer

            tokenizer = Tokenizer()
        self.tokenizer = tokenizer
        self.stopwords = (
            frozenset(load_stopwords()) | FUNCTION_WORDS if stopwords is None
            else frozenset(stopwords)
        )
        # with the default stopwords, the dictionary's pronouns, measure words, particles and
        # conjunctions (本届, 公里, 该校) go too: no list holds them all
        self._function_tags = FUNCTION_TAGS if stopwords is None else frozenset()
        self.drop_pos = frozenset(drop_pos) if drop_pos is not None else None
        self.min_chars = min_chars
        self.canonical = canonical
        self.nested = nested
        self.words_only = words_only
        self.drop_admin = drop_admin
        self.glossary = glossary
        self.phrases = phrases
        self._surface = tokenizer.lexicon.surface_map()
        self._cache = _Memo(self._judge)
        self._unknown = _Memo(self._is_unknown)
        self._roles = _Memo(self._role)
        self._inner: dict[str, tuple[str, ...]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = None  # rebuilt empty by __setstate__
        state["_unknown"] = None
        state["_roles"] = None
        state["_inner"] = None
        return state

    def _is_unknown(self, form: str) -> int:
        """0: a lexicon term, a place or a dictionary word; 1: neither (the segmenter's HMM
        made it); 2: a rare two-character dictionary entry (求进, 中去, 改起), judged like 1
        but kept when seen once; 3: an unknown token that is a common word plus one
        character, a fragment wherever it stands."""
        from ..dictionary import is_place, word_frequencies

        freqs = word_frequencies()
        if not freqs or form in self._surface or not CJK.search(form):
            return 0
        f = freqs.get(form, 0)
        if f:  # many real compounds have the dictionary's lowest counts: only short ones
            return 2 if f < _RARE_WORD and len(form) == 2 and not is_place(form) else 0
        if is_place(form):
            return 0
        if len(form) >= 3 and max(freqs.get(form[1:], 0), freqs.get(form[:-1], 0)) >= 100:
            return 3  # a word with a stray character glued on (对小微, 项文旅)
        if _ENUMERATION.match(form):
            return 3  # the marker of an enumeration (一要…四要, 二是), not a word
        if len(form) == 2 and form[1] in _SETTLEMENT:
            return 3  # the tail of a village's name (旧庄沟村, 布楞沟村 give 沟村)
        return 1

    def _text(self, doc: str | Document) -> str:
        text = doc.text if isinstance(doc, Document) else doc
        if not text:
            return text
        text = matching_form(text)  # 社會主義 is counted as 社会主义, as term counts do
        if self.drop_admin:
            text = strip_addressees(text)
        return text if self.glossary else strip_glossary(text)

    def _fragments(self, counts: Mapping[str, int], text: str,
                   names: frozenset[str] = frozenset()) -> set[str]:
        """The forms of ``counts`` that are pieces of phrases in ``text`` (see ``words_only``);
        of ``names``, the text's quoted names, only those it uses fewer than
        :data:`~.rules.QUOTED_NAME_MIN_COUNT` times (a lexicon term stays)."""
        if not self.words_only:
            return set()
        unknown = self._unknown
        out: set[str] = set()
        for t, c in counts.items():
            if t in names:
                if c < QUOTED_NAME_MIN_COUNT and t not in self._surface:
                    out.add(t)
            elif (u := unknown[t]) and (u == 3 or is_fragment(t, text, c, once=u == 1)):
                out.add(t)
        return out

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
        state.setdefault("phrases", True)
        self.__dict__.update(state)
        self._cache = _Memo(self._judge)
        self._unknown = _Memo(self._is_unknown)
        self._roles = _Memo(self._role)

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
        if not t or t in self.stopwords or _is_noise(t, self.min_chars):
            return None
        if self._function_tags and word_tag(t) in self._function_tags \
                and token_kind(t) != "place":  # 大余, 且末: counties the dictionary mis-tags
            return None
        return t

    def counts(self, doc: str | Document, *, own_names: Iterable[str] = ()) -> dict[str, int]:
        """``dict(Counter(self(doc)))`` without the intermediate token list (what the batch
        runner keeps of each document, and what :func:`themes` scores).

        ``own_names``: names the document goes by besides its ``region`` docvar (the province
        a unit of :func:`themes` is keyed by): a repeated phrase holding one is not counted,
        and (with ``drop_admin``) a token that is one followed by a place is counted as the
        place (山西太原 as 太原)."""
        if self.drop_pos is not None or self.nested:
            return dict(Counter(self(doc)))
        text = self._text(doc)
        if not text:
            return {}
        names = quoted_names(text)  # kept whole, as lexicon terms are
        tokens = self.tokenizer.tokenize_text(text, keep_whole=names)
        counts = dict(Counter(filter(None, map(self._cache.__getitem__, tokens))))
        codes = [name for name in names if is_number_code(name)]
        if codes:  # a programme's number is its name here, though numbers are no themes
            uses = Counter(t for t in tokens if t in codes)
            counts.update((code, c) for code, c in uses.items() if self._cache[code] is None)
        own = self._own_names(doc, own_names)
        for t in self._fragments(counts, text, names):
            del counts[t]
        for t, place in self._own_places(counts, own).items():
            counts[place] = counts.get(place, 0) + counts.pop(t)
        if self.phrases:
            added, absorbed = self._phrases(tokens, text, counts, own)
            for t, uses in absorbed.items():
                if counts[t] > uses:
                    counts[t] -= uses
                else:
                    del counts[t]
            counts.update(added)
        return counts

    @staticmethod
    def _own_names(doc: str | Document, extra: Iterable[str] = ()) -> list[str]:
        """The names a document goes by: ``extra`` and its ``region`` docvar."""
        region = doc.meta.get("region") if isinstance(doc, Document) else None
        return [*extra, region] if isinstance(region, str) and region else list(extra)

    def _own_places(self, counts: Mapping[str, int], own: Iterable[str]) -> dict[str, str]:
        """The counted tokens that are an own name glued to a place, and the place (山西太原
        → 太原 in a document about 山西): counted as the place, the province being
        self-reference."""
        own = [name for name in own if name]
        if not (own and self.drop_admin):
            return {}
        return {t: t[len(name):] for t in counts for name in own
                if t.startswith(name) and len(t) > len(name) + 1 and t not in self._surface
                and token_kind(t[len(name):]) == "place"}

    def _role(self, token: str) -> int:
        """:func:`~.phrases.token_role` of ``token`` by this analyzer's verdicts."""
        return token_role(token, self._cache[token] is not None, token in self._surface)

    def _phrases(self, tokens: list[str], text: str, counts: Mapping[str, int],
                 own: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
        """The repeated names of a document (phrase → uses) and the counted forms they absorb
        (piece → its uses inside them): the pieces (not lexicon terms) never used outside them
        (东方 of 东方枢纽 and 东方美谷; 三江 of 三江源, also where the text has no other use of it
        and the segmenter cut a third use differently), the rare words hardly used outside them (热带雨林 of
        热带雨林国家公园: :func:`~.phrases.is_bound`) and the pieces that are no dictionary
        word with half their uses or more inside them (共兴 of 五区共兴). A place and another
        dictionary word used also on its own keep their count (洞庭湖 of 洞庭湖生态经济区)."""
        import numpy as np

        found = repeated_phrases(
            tokens, np.asarray(list(map(self._roles.__getitem__, tokens)), dtype=np.int8),
            text, is_term=self._surface.__contains__,
            own_names=own, counted=counts)
        added = {phrase: uses for phrase, (_, uses) in found.items()}
        inside: Counter[str] = Counter()  # uses of each piece inside the names found
        for parts, uses in found.values():
            for part in parts:
                inside[part] += uses
        # the pieces the text never uses outside the names found (三江 of 三江源, also where
        # the segmenter cut a use differently: 三江 + 源绿 of 三江源绿电)
        unused = _only_inside(text, found, [part for part in inside if part in counts])
        absorbed = {part: (counts[part] if part in unused else uses)
                    for part, uses in inside.items()
                    if part in counts and part not in self._surface
                    and (counts[part] <= uses or part in unused
                         or (self._roles[part] & MARKS and 2 * uses >= counts[part])
                         or (is_bound(part, uses, counts[part])
                             and token_kind(part) != "place"))}
        return added, absorbed

    def __call__(self, doc: str | Document) -> list[str]:
        text = self._text(doc)
        if not text:
            return []
        names = quoted_names(text)
        if self.drop_pos is None:
            tokens = self.tokenizer.tokenize_text(text, keep_whole=names)
            out: list[str | None] = list(map(self._cache.__getitem__, tokens))
        else:
            keep = self.keep
            pairs = self.tokenizer.tokenize_pos_text(text, keep_whole=names)
            tokens = [t for t, _ in pairs]
            out = [keep(t, p) for t, p in pairs]
        codes = {name for name in names if is_number_code(name)}
        if codes:  # as in counts(): a quoted programme number is a token
            out = [t if t in codes else f for t, f in zip(tokens, out)]
        own = self._own_names(doc)
        kept = Counter(t for t in out if t is not None)
        drop = self._fragments(kept, text, names)
        if drop:
            out = [None if t in drop else t for t in out]
        places = self._own_places(kept, own)
        if places:
            out = [places.get(t, t) if t is not None else None for t in out]
        if self.phrases:
            added, absorbed = self._phrases(tokens, text,
                                            Counter(t for t in out if t is not None), own)
            if absorbed:
                out = _drop_uses(out, absorbed)
            for phrase, uses in added.items():
                out.extend([phrase] * uses)
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
