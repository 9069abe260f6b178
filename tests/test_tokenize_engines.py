"""The two segmentation engines — ``jieba`` (pure-Python reference) and ``rjieba`` (jieba-rs,
same algorithm and dictionary) — agree.

Agreement is measured as **token-span F1**: each engine's tokens are turned into character spans
``(start, end)`` of the text; precision = shared spans / rjieba spans, recall = shared spans /
jieba spans, F1 their harmonic mean. A token counts as shared only when both its boundaries
match, so this is stricter than the share of character positions where both engines put (or do
not put) a boundary, which is reported too. Required: F1 >= 99.9 % on the 政府工作报告 of the
shared corpus (measured: 99.9995 %; the few differences are number ranges such as 2011-2020).
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from policytext.lexicon import Lexicon
from policytext.tokenize import Tokenizer, available_engines

pytestmark = pytest.mark.skipif("rjieba" not in available_engines(), reason="rjieba not installed")

ROOT = Path(__file__).resolve().parents[1]
MIN_F1 = 0.999


def _spans(tokens: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for t in tokens:
        out.add((pos, pos + len(t)))
        pos += len(t)
    return out


def agreement(text: str, a: Tokenizer, b: Tokenizer) -> tuple[float, float]:
    """(token-span F1, boundary agreement) of engines ``a`` (reference) and ``b`` on ``text``."""
    ta, tb = a.tokenize(text), b.tokenize(text)
    assert "".join(ta) == text and "".join(tb) == text  # no character lost by either engine
    sa, sb = _spans(ta), _spans(tb)
    if not sa and not sb:
        return 1.0, 1.0
    common = len(sa & sb)
    precision, recall = common / len(sb), common / len(sa)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    ends_a, ends_b = {e for _, e in sa}, {e for _, e in sb}
    boundary = 1 - len(ends_a ^ ends_b) / max(len(text), 1)
    return f1, boundary


@pytest.fixture(scope="module")
def engines() -> tuple[Tokenizer, Tokenizer]:
    return Tokenizer(engine="jieba").warm_up(), Tokenizer(engine="rjieba").warm_up()


def test_auto_prefers_the_fast_engine() -> None:
    assert Tokenizer().engine == "rjieba"


# jieba (and jieba-rs) cut text into blocks at anything outside this class before looking words
# up, so a term with 、 or ， inside (一个中心、两个基本点) can never be one token in either.
_ONE_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


@pytest.mark.parametrize("engine", ["jieba", "rjieba"])
def test_every_lexicon_term_is_one_token(engine: str) -> None:
    tok = Tokenizer(engine=engine)
    missed = []
    for term in Lexicon.builtin():
        for surface in term.surfaces:
            if not _ONE_BLOCK.fullmatch(surface):
                continue
            if surface not in tok.tokenize(f"我们要{surface}。"):
                missed.append(surface)
    assert not missed, f"{len(missed)} terms split, e.g. {missed[:10]}"


def test_user_lexicon_terms_are_one_token_in_both(engines) -> None:
    lex = Lexicon.from_terms(["三高四新", "五个中心", "百县千镇万村"])
    for engine in ("jieba", "rjieba"):
        toks = Tokenizer(lex, engine=engine).tokenize("深入实施三高四新战略，建设五个中心，推进百县千镇万村工程")
        assert {"三高四新", "五个中心", "百县千镇万村"} <= set(toks), (engine, toks)


def test_pos_tags_in_both(engines) -> None:
    a, b = engines
    for tok in (a, b):
        pairs = dict(tok.tokenize_pos("增强四个意识，坚决做到两个维护"))
        assert pairs["四个意识"] == Lexicon.builtin()["四个意识"].pos


def test_engines_pickle(engines) -> None:
    for tok in engines:
        clone = pickle.loads(pickle.dumps(tok))
        assert clone.engine == tok.engine
        assert clone.tokenize("坚持两个毫不动摇") == tok.tokenize("坚持两个毫不动摇")


def test_agreement_on_bundled_reports(engines) -> None:
    a, b = engines
    text = "\n".join((ROOT / "data" / "gov_work_reports" / f"{y}.txt").read_text(encoding="utf-8")
                     for y in ("1954", "1985", "2013", "2024"))
    f1, boundary = agreement(text, a, b)
    assert f1 >= MIN_F1 and boundary >= MIN_F1, (f1, boundary)


@pytest.mark.corpus
def test_agreement_on_shared_work_reports(engines, shared_corpus: Path) -> None:
    a, b = engines
    files = sorted((shared_corpus / "gov_work_reports").rglob("*.txt"))
    if not files:
        pytest.skip("no work reports in the shared corpus")
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    f1, boundary = agreement(text, a, b)
    print(f"token-span F1 {f1:.6f}, boundary agreement {boundary:.6f} over {len(text):,} chars")
    assert f1 >= MIN_F1, f1
    assert boundary >= MIN_F1, boundary
