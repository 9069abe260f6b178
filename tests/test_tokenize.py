"""Tokenizer: lexicon terms whole, private engine, picklable, jieba's globals untouched."""

from __future__ import annotations

import logging
import pickle

import pytest

import policytext as pt
from policytext.lexicon import Lexicon
from policytext.tokenize import Tokenizer, available_engines

MUST_KEEP_WHOLE = [
    "四个意识", "两个维护", "四个自信", "全面从严治党", "以案促改", "三会一课", "一岗双责",
    "民主生活会", "新时代中国特色社会主义思想",
]
ENGINES = available_engines()


def _jieba_globals():
    import jieba
    import jieba.finalseg
    import jieba.posseg

    dt = jieba.dt
    return {
        "dt_initialized": dt.initialized,
        "dt_freq_len": len(dt.FREQ) if dt.FREQ else 0,
        "dt_total": dt.total,
        "dt_user_word_tag": dict(dt.user_word_tag_tab),
        "dt_dictionary": dt.dictionary,
        "force_split": set(jieba.finalseg.Force_Split_Words),
        "logger_level": jieba.default_logger.level,
        "logger_filters": list(jieba.default_logger.filters),
        "logger_handlers": list(jieba.default_logger.handlers),
        "posseg_dt_tokenizer": id(jieba.posseg.dt.tokenizer),
        "pool": jieba.pool,
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_seed_terms_stay_whole(engine, seed_excerpt):
    text = pt.Document.from_text(seed_excerpt).text
    tokens = Tokenizer(engine=engine).tokenize(text)
    for term in MUST_KEEP_WHOLE:
        assert term in tokens, (engine, term)


def test_jieba_module_state_untouched(seed_excerpt):
    before = _jieba_globals()
    for engine in ENGINES:
        tk = Tokenizer(engine=engine)
        tk.tokenize(seed_excerpt)
        tk.tokenize_pos("增强四个意识")
    Tokenizer(Lexicon.from_terms(["百县千镇万村"]), engine="jieba").tokenize("推进百县千镇万村高质量发展工程")
    assert _jieba_globals() == before


def test_no_prefix_dict_log_lines(caplog, capfd):
    with caplog.at_level(logging.DEBUG):
        Tokenizer(engine="jieba").tokenize("推动高质量发展")
    out, err = capfd.readouterr()
    assert "Building prefix dict" not in err + out
    assert not [r for r in caplog.records if "prefix dict" in r.getMessage()]


@pytest.mark.parametrize("engine", ENGINES)
def test_pickle_roundtrip_rebuilds_engine(engine):
    tk = Tokenizer(engine=engine).warm_up()
    clone = pickle.loads(pickle.dumps(tk))
    assert clone.engine == engine
    assert clone.tokenize("坚决做到两个维护") == tk.tokenize("坚决做到两个维护")


def test_user_lexicon_file(tmp_path):
    path = tmp_path / "prov.tsv"
    path.write_text("term\tcategory\tpos\n三高四新\tpolicy\tnz\n五个中心\tpolicy\tnz\n", encoding="utf-8")
    tk = Tokenizer(user_lexicons=[path], engine="jieba")
    tokens = tk.tokenize("奋力落实三高四新，加快建设五个中心")
    assert "三高四新" in tokens and "五个中心" in tokens


@pytest.mark.parametrize("engine", ENGINES)
def test_pos_tags_for_lexicon_terms(engine):
    pairs = Tokenizer(engine=engine).tokenize_pos("增强四个意识")
    assert ("四个意识", "nz") in pairs


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(pt.PolicyTextError, match="valid engines"):
        Tokenizer(engine="thulac")


def test_empty_text():
    assert Tokenizer(engine="jieba").tokenize("") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_terms_with_punctuation_stay_whole(engine):
    # jieba ends a block at 、 or （, so these can never be dictionary words; the tokenizer cuts
    # them out of the text first. Sentences from the 2015 and 2016 work reports.
    from pathlib import Path

    reports = Path(__file__).resolve().parents[1] / "data" / "gov_work_reports"
    text = (reports / "2015.txt").read_text(encoding="utf-8")
    tok = Tokenizer(engine=engine)
    tokens = tok.tokenize(text)
    assert tokens.count("大众创业、万众创新") == text.count("大众创业、万众创新") > 0
    assert "".join(tokens) == text  # nothing lost or added around the cut-out terms
    pos = dict(tok.tokenize_pos("推进大众创业、万众创新。"))
    assert pos["大众创业、万众创新"] not in ("x", None)
    plain = Tokenizer(Lexicon.empty(), engine=engine).tokenize("推进大众创业、万众创新。")
    assert "大众创业、万众创新" not in plain  # the lexicon, not the engine, keeps it whole


def test_keep_whole_keeps_a_documents_own_names():
    """Names given for one call are single tokens there (text and POS), and the tokenizer is
    not changed by them."""
    tok = Tokenizer()
    text = "推进“五区共兴”，五区共兴成效明显。"
    assert tok.tokenize(text, keep_whole=["五区共兴"]).count("五区共兴") == 2
    assert ("五区共兴", "nz") in tok.tokenize_pos(text, keep_whole=["五区共兴"])
    assert "五区共兴" not in tok.tokenize(text)
    assert "".join(tok.tokenize(text, keep_whole=["五区共兴", "五区"])) == text


def test_a_documents_text_that_reads_like_a_file_name_is_tokenized():
    from policytext.errors import InputError
    from policytext.tokenize import Tokenizer

    tok = Tokenizer()
    with pytest.raises(InputError, match=r"pt\.read"):
        tok.tokenize("report.pdf")  # a user's argument: a path given by mistake
    assert "report.pdf" in "".join(tok.tokenize_text("report.pdf"))
    # the pieces between names kept whole are text too
    pairs = tok.tokenize_pos("“五区共兴”report.pdf“五区共兴”", keep_whole=["五区共兴"])
    assert pairs[0] == ("“", pairs[0][1]) and ("五区共兴", "nz") in pairs
