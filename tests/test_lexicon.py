"""Lexicon loading, validation (file:line errors) and the shipped lexicon's contents."""

from __future__ import annotations

import json
import pickle

import pytest

from policytext.errors import LexiconError
from policytext.lexicon import CATEGORIES, Lexicon, Term, load_stopwords

SEED_FORMULATIONS = ["四个意识", "两个维护", "四个自信", "三会一课", "一岗双责", "五查五看", "八项规定"]
ERA_TERMS = ["三个代表", "科学发展观", "四个全面", "五位一体", "新质生产力", "中国式现代化"]


def test_builtin_size_and_categories():
    lx = Lexicon.builtin()
    assert len(lx) >= 1500
    cats = {t.category for t in lx}
    assert {"formulation", "policy", "campaign", "meeting", "organ", "ideology", "doctype"} <= cats
    assert cats <= set(CATEGORIES)


def test_builtin_covers_seed_and_era_terms():
    lx = Lexicon.builtin()
    for term in SEED_FORMULATIONS + ERA_TERMS:
        assert term in lx, term


def test_expansions_with_sources():
    lx = Lexicon.builtin()
    assert lx["四个意识"].expansion == ("政治意识", "大局意识", "核心意识", "看齐意识")
    assert lx["四个自信"].expansion == ("道路自信", "理论自信", "制度自信", "文化自信")
    for t in lx:
        if t.expansion:
            assert t.source, f"{t.term} has an expansion but no source"


def test_every_expansion_with_a_corpus_source_is_spelled_out_there(shared_corpus):
    """A verified expansion cites corpus file:line; the members must stand near that line."""
    checked = 0
    for t in Lexicon.builtin():
        if not (t.expansion and t.verified and ":" in t.source and not t.source.startswith("src:")):
            continue
        rel, line = t.source.rsplit(":", 1)
        path = shared_corpus / rel
        if not path.is_file() or not line.isdigit():
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        window = "".join(lines[max(0, int(line) - 4) : int(line) + 4]).replace(" ", "")
        missing = [m for m in t.expansion if m not in window]
        assert not missing, f"{t.term}: {missing} not found near {t.source}"
        checked += 1
    assert checked >= 5


def test_user_lexicon_errors_name_file_and_line(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("term\tcategory\n五个中心\tpolicy\n三高四新\tstrategy\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.tsv:3: unknown category 'strategy'"):
        Lexicon.from_tsv(path)
    path.write_text("term\n百县 千镇\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.tsv:2: term .* contains whitespace"):
        Lexicon.from_tsv(path)
    path.write_text("term\n五个中心\n五个中心\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="duplicate"):
        Lexicon.from_tsv(path)
    with pytest.raises(LexiconError, match="not found"):
        Lexicon.from_tsv(tmp_path / "absent.tsv")


def test_headerless_user_lexicon_and_merge(tmp_path):
    path = tmp_path / "plain.tsv"
    path.write_text("五个中心\n百县千镇万村\n", encoding="utf-8")
    user = Lexicon.from_tsv(path)
    assert [t.term for t in user] == ["五个中心", "百县千镇万村"]
    merged = Lexicon.builtin().merge(user)
    assert "五个中心" in merged and "四个意识" in merged


def test_lexicon_pickles_and_frames():
    lx = Lexicon.from_terms([Term("两个维护", "formulation", variants=("二个维护",)), "新质生产力"])
    assert pickle.loads(pickle.dumps(lx)).surface_map() == {"两个维护": "两个维护", "二个维护": "两个维护", "新质生产力": "新质生产力"}
    df = lx.to_frame()
    assert list(df.columns) == ["term", "category", "pos", "expansion", "variants", "first_year", "source", "verified"]


def test_stopwords_never_remove_markers_or_numerals():
    stop = load_stopwords()
    assert len(stop) > 500
    forbidden = {"首先", "其次", "再次", "最后", "第一", "第二", "一是", "二是", "其一", "一", "二", "三", "两", "十"}
    assert not (forbidden & stop)
    assert not [w for w in stop if w and all(ch in "一二三四五六七八九十百千万两零〇0123456789" for ch in w)]


def test_seed_annotations_formulations_present():
    """Every formulation the seed annotations name is in the lexicon (copied list, no ../shared)."""
    annotations = json.loads('{"numeric_slogans": ["四个意识","两个维护","四个自信","三会一课","一岗双责","五查五看","八项规定"]}')
    lx = Lexicon.builtin()
    assert all(t in lx for t in annotations["numeric_slogans"])
