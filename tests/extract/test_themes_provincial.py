"""Provincial themes: distinctive places and programmes in each province's top 20.

No provincial government work reports could be found to ship (docs/themes_provincial.md), so:

- the always-run tests check the mechanism on short synthetic sentences: the hand-picked
  regional programmes of ``benchmarks/provincial_terms.json`` that are lexicon terms stay one
  token through :class:`PolicyAnalyzer`, and place names are not filtered;
- the corpus check measures on the 新闻联播 proxy of ``benchmarks/eval_provincial.py`` (read
  from ``../shared``, never shipped) and skips without it. It guards the measured level on the
  held-out year and records the issue's thresholds, not met on the proxy, as a strict xfail.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from policytext.corpus import Corpus
from policytext.extract.themes import PolicyAnalyzer, themes
from policytext.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[2]
TERMS = json.loads((ROOT / "benchmarks" / "provincial_terms.json").read_text("utf-8"))
TERMS = {k: v for k, v in TERMS.items() if not k.startswith("_")}


def _eval_module():
    spec = importlib.util.spec_from_file_location(
        "eval_provincial", ROOT / "benchmarks" / "eval_provincial.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_regional_programmes_stay_whole():
    """Every hand-picked surface form that is a lexicon term comes out as one token."""
    lex = Lexicon.builtin()
    analyzer = PolicyAnalyzer()
    forms = sorted({f for items in TERMS.values() for it in items for f in it
                    if lex.get(f) is not None and len(f) >= 4})
    assert len(forms) >= 20, forms  # the programmes, not only short place names
    broken = [f for f in forms if f not in analyzer(f"深入推进{f}建设。")]
    assert not broken, broken


@pytest.mark.parametrize("place", ["洋浦", "横琴", "前海", "南沙", "北部湾", "两江新区", "临港",
                                   "塞罕坝", "河西走廊", "贺兰山"])
def test_place_names_are_not_filtered(place):
    # 前海 is tagged as a direction word by jieba: a POS filter would lose it
    assert place in PolicyAnalyzer()(f"加快{place}开发开放，{place}建设取得新进展。")


def test_themes_rank_a_province_programme_over_shared_words():
    """Three short reports: each one's own programme beats the words they all share."""
    docs = {
        "海南": "加快海南自由贸易港建设，推进封关运作。推动高质量发展。" * 3,
        "广东": "推进粤港澳大湾区建设，深化横琴、前海合作。推动高质量发展。" * 3,
        "重庆": "推动成渝地区双城经济圈建设，共建西部陆海新通道。推动高质量发展。" * 3,
    }
    t = themes(Corpus.from_texts(list(docs.values()), doc_ids=list(docs)), top=3)
    top = {p: list(t[t.doc_id == p].term) for p in docs}
    assert "海南自由贸易港" in top["海南"] and "封关运作" in top["海南"]
    assert "粤港澳大湾区" in top["广东"]
    assert {"成渝地区双城经济圈", "西部陆海新通道"} <= set(top["重庆"])
    assert all("高质量发展" not in v for v in top.values())


@pytest.fixture(scope="module")
def proxy_2024():
    mod = _eval_module()
    if not mod.SHARED.is_dir():
        pytest.skip(f"corpus check: {mod.SHARED} not present (the proxy is read from ../shared)")
    texts = mod.proxy_documents(2024)
    return mod, texts, mod.score(mod.policytext_keywords(texts), texts, mod.load_terms())


def test_proxy_held_out_year_level(proxy_2024):
    """Measured on 2024 (held out): 29/30 provinces, 59/97 terms (docs/themes_provincial.md).
    The references: jieba.analyse.extract_tags 18/30 and 23/97; jieba + scikit-learn 19/30
    and 27/97."""
    _, _, s = proxy_2024
    assert s["docs"] == 30
    assert s["doc_share"] >= 0.93, s
    assert s["item_share"] >= 0.55, s


@pytest.mark.xfail(strict=True, reason="signature-term thresholds not met on the 新闻联播 proxy "
                   "(docs/themes_provincial.md); strict so that meeting them is noticed")
def test_proxy_issue_thresholds(proxy_2024):
    _, _, s = proxy_2024
    assert s["doc_share"] >= 0.97 and s["item_share"] >= 0.80, s
