"""compare(): constructed pairs for every change kind, the alignment engine, the CLI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from policytext.cli import main
from policytext.corpus import Corpus, Document
from policytext.extract.align import match, monotone_chain, unit_key
from policytext.extract.compare import COMPARE_COLUMNS, Comparison, compare
from policytext.segment import clauses, paragraphs, sentences

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "data" / "gov_work_reports"

SECTION_A = ("（一）大力提振消费，全方位扩大国内需求。\n"
             "实施提振消费专项行动，推动消费扩容升级。\n"
             "加快补上内需特别是消费短板，使内需成为拉动经济增长的主动力和稳定锚。\n")
SECTION_B = ("（二）因地制宜发展新质生产力，加快建设现代化产业体系。\n"
             "推动科技创新和产业创新融合发展，大力推进新型工业化。\n"
             "培育壮大新兴产业和未来产业，深入推进数字中国建设。\n")
SECTION_C = ("（三）深入实施科教兴国战略，提升国家创新体系整体效能。\n"
             "坚持创新在我国现代化建设全局中的核心地位。\n"
             "加快建设高质量教育体系，推动高水平科技自立自强。\n")
OLD = ("一、总体要求\n"
       "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。国内生产总值增长5%左右。"
       "城镇新增就业1200万人以上。\n"
       "我们要坚定信心，迎难而上，奋力完成全年目标任务。\n"
       "二、主要任务\n" + SECTION_A + SECTION_B + SECTION_C)


def _sent(c: Comparison) -> pd.DataFrame:
    return c.rows("sentence")


def _changes(df: pd.DataFrame) -> list[str]:
    return df["change"].tolist()


# -- segment ---------------------------------------------------------------------------------
def test_segment_spans_lose_nothing():
    text = "一、总体要求\n\n  坚持稳中求进，推动高质量发展；他说：“好。”然后\n"
    for fn in (paragraphs, sentences, clauses):
        spans = fn(text)
        assert all(text[s.start:s.end] == s.text and s.text.strip() for s in spans)
        rest = list(text)
        for s in spans:
            rest[s.start:s.end] = [""] * (s.end - s.start)
        assert "".join(rest).strip() == ""
    assert [s.text for s in sentences(text)] == ["一、总体要求", "坚持稳中求进，推动高质量发展；",
                                                 "他说：“好。”", "然后"]
    assert len(clauses(text)) == 6


# -- the engine ------------------------------------------------------------------------------
def test_monotone_chain_is_the_heaviest_increasing_chain():
    assert monotone_chain([], [], []) == []
    assert monotone_chain([0, 1, 2], [2, 1, 0], [1.0, 5.0, 1.0]) == [1]
    # equal a-index: only one of the pairs can be used
    assert monotone_chain([0, 0, 1], [0, 1, 2], [1.0, 1.0, 1.0]) in ([0, 2], [1, 2])


def test_match_finds_kept_changed_and_moved():
    a = ["坚持稳中求进工作总基调", "国内生产总值增长5%左右", "培育壮大新兴产业和未来产业",
         "加快建设高质量教育体系", "推动科技创新和产业创新融合发展"]
    b = ["推动科技创新和产业创新融合发展", "坚持稳中求进工作总基调", "国内生产总值增长5.5%左右",
         "培育壮大新兴产业和未来产业", "加快建设高质量教育体系"]
    links = {(lk.a, lk.b): lk.change for lk in match(a, b)}
    assert links == {(0, 1): "kept", (1, 2): "changed", (2, 3): "kept", (3, 4): "kept",
                     (4, 0): "moved"}
    # without moves, a diff: the moved sentence is removed and added
    assert (4, 0) not in {(lk.a, lk.b) for lk in match(a, b, moves=False)}


def test_unit_key_ignores_marker_whitespace_and_final_punctuation():
    assert unit_key("（三）加快 发展。", 3) == unit_key("（四）加快发展；", 3) == "加快发展"


# -- compare: each change kind -----------------------------------------------------------------
def test_identical_texts_are_all_kept():
    c = compare(OLD, OLD)
    t = c.table
    assert list(t.columns) == list(COMPARE_COLUMNS)
    assert set(t.loc[t.level.isin(["section", "paragraph", "sentence"]), "change"]) == {"kept"}
    assert c.summary["kept"] == 1.0 and c.summary["added"] == 0.0
    assert set(t.loc[t.level == "formulation", "change"]) <= {"kept"}


def test_sentence_changed_only_in_a_number():
    new = OLD.replace("增长5%左右", "增长5.5%左右")
    s = _sent(compare(OLD, new))
    changed = s[s.change != "kept"]
    assert len(changed) == 1
    row = changed.iloc[0]
    assert row.change == "changed"
    assert (row.old_text, row.new_text) == ("国内生产总值增长5%左右。", "国内生产总值增长5.5%左右。")
    assert 0.8 < row.similarity < 1.0
    p = compare(OLD, new).rows("paragraph")
    assert sorted(set(p.change)) == ["changed", "kept"]
    assert (p.change == "changed").sum() == 1


def test_sentence_changed_by_a_word_removed_and_added():
    new = (OLD.replace("推动消费扩容升级", "推动消费提质升级")
           .replace("我们要坚定信心，迎难而上，奋力完成全年目标任务。\n", "")
           .replace("深入推进数字中国建设。\n", "深入推进数字中国建设。开展“人工智能+”行动。\n"))
    s = _sent(compare(OLD, new))
    got = {(r.change, r.old_text, r.new_text) for r in s.itertuples() if r.change != "kept"}
    assert got == {
        ("changed", "实施提振消费专项行动，推动消费扩容升级。", "实施提振消费专项行动，推动消费提质升级。"),
        ("removed", "我们要坚定信心，迎难而上，奋力完成全年目标任务。", None),
        ("added", None, "开展“人工智能+”行动。"),
    }


def test_paragraph_moved_far_away_is_moved_not_removed_and_added():
    para = "我们要坚定信心，迎难而上，奋力完成全年目标任务。\n"
    new = OLD.replace(para, "") + para
    c = compare(OLD, new)
    p = c.rows("paragraph")
    assert _changes(p[p.change != "kept"]) == ["moved"]
    assert p[p.change == "moved"].iloc[0].new_text == para.strip()
    s = c.rows("sentence")
    assert _changes(s[s.change != "kept"]) == ["moved"]
    assert "removed" not in set(c.table.change) - {"formulation"}


def test_renumbered_section_is_the_same_section():
    inserted = "（二）稳步推进改革开放，增强发展动力。\n扩大高水平对外开放，积极稳外贸稳外资。\n"
    new = OLD.replace(SECTION_B, inserted + SECTION_B.replace("（二）", "（三）")).replace(
        SECTION_C, SECTION_C.replace("（三）", "（四）"))
    c = compare(OLD, new)
    sec = c.rows("section")
    depth2 = sec[sec.new_text.fillna("").str.startswith("（") | sec.old_text.fillna("").str.startswith("（")]
    got = {(r.change, r.old_text, r.new_text) for r in depth2.itertuples()}
    assert ("kept", "（二）因地制宜发展新质生产力，加快建设现代化产业体系",
            "（三）因地制宜发展新质生产力，加快建设现代化产业体系") in got
    assert ("kept", "（三）深入实施科教兴国战略，提升国家创新体系整体效能",
            "（四）深入实施科教兴国战略，提升国家创新体系整体效能") in got
    assert ("added", None, "（二）稳步推进改革开放，增强发展动力") in got
    # at sentence level the renumbered headings are kept too
    s = c.rows("sentence")
    assert set(s[s.change != "kept"].change) == {"added"}


def test_section_moved():
    new = OLD.replace(SECTION_A, "").replace(SECTION_C, SECTION_C + SECTION_A)
    sec = compare(OLD, new).rows("section")
    moved = sec[sec.change == "moved"]
    assert moved.old_text.tolist() == ["（一）大力提振消费，全方位扩大国内需求"]


def test_offsets_point_into_both_texts():
    new = OLD.replace("增长5%左右", "增长5.5%左右").replace("二、主要任务", "二、2025年主要任务")
    c = compare(OLD, new)
    for r in c.table[c.table.level.isin(["sentence", "paragraph"])].itertuples():
        if not pd.isna(r.old_start):
            assert OLD[r.old_start:r.old_end] == r.old_text
        if not pd.isna(r.new_start):
            assert new[r.new_start:r.new_end] == r.new_text


def test_rows_follow_the_new_text_with_removed_rows_where_they_stood():
    new = OLD.replace("城镇新增就业1200万人以上。", "")
    s = _sent(compare(OLD, new))
    i = s.index[s.change == "removed"][0]
    assert s.loc[i - 1, "new_text"] == "国内生产总值增长5%左右。"


def test_new_and_dropped_formulations():
    new = OLD.replace("因地制宜发展新质生产力", "因地制宜发展先进生产力") + "坚持“两个毫不动摇”。\n"
    c = compare(OLD, new)
    assert "两个毫不动摇" in c.new_formulations["term"].tolist()
    assert "新质生产力" in c.dropped_formulations["term"].tolist()
    f = c.rows("formulation")
    row = f[f.term == "新质生产力"].iloc[0]
    assert (row.old_count, row.new_count, row.change) == (1, 0, "removed")


def test_empty_and_one_sided_inputs():
    c = compare("", "")
    assert c.table.empty and list(c.table.columns) == list(COMPARE_COLUMNS)
    assert c.table.dtypes["old_start"] == "Int64"
    s = _sent(compare("", "坚持稳中求进。推动高质量发展。"))
    assert _changes(s) == ["added", "added"]
    assert compare("", "坚持稳中求进。").summary["added"] == 1.0


def test_inputs_documents_and_paths(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(OLD.replace("5%", "6%"), encoding="utf-8")
    c = compare(a, b)
    assert (c.rows("sentence").change == "changed").sum() == 1
    c2 = compare(Document.from_text(OLD), Document.from_text(OLD))
    assert set(c2.rows("sentence").change) == {"kept"}
    with pytest.raises(TypeError, match=r"expected a text .*got Corpus"):
        compare(Corpus.from_texts([OLD]), OLD)
    with pytest.raises(ValueError, match="unknown levels"):
        compare(OLD, OLD, levels=["word"])


def test_html_view_escapes_text_and_colours_changes():
    new = OLD.replace("增长5%左右", "增长<script>alert(1)</script>") + "<b>新增</b>句子。\n"
    c = compare(OLD, new)
    page = c._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;新增&lt;/b&gt;" in page
    assert "#e6f4ea" in page  # an added row
    assert "移动" not in page
    md = compare(OLD, OLD.replace("5%", "6%")).to_markdown()
    assert "- changed (0.92): 国内生产总值增长[-5-]{+6+}%左右。" in md


def test_target_level_is_skipped_without_the_extractor_and_used_with_it(monkeypatch):
    import importlib.util

    from policytext.extract import compare as compare_module

    if importlib.util.find_spec("policytext.extract.targets") is None:
        assert compare_module._targets_function() is None
        t = compare(OLD, OLD).table
        assert not (t.level == "target").any()

    def targets(docs):  # the documented columns of policytext.extract.targets.targets
        rows = []
        for d in docs:
            i = d.text.find("增长")
            value = 5.5 if "5.5%" in d.text else 5.0
            rows.append({"doc_id": d.doc_id, "indicator": "国内生产总值增长", "canonical": "GDP增长",
                         "value": value, "value_high": None, "unit": "%", "qualifier": "左右",
                         "kind": "target", "year": None, "start": i, "end": i + 8,
                         "sentence": "国内生产总值增长"})
        return pd.DataFrame(rows)

    monkeypatch.setattr(compare_module, "_targets_function", lambda: targets)
    c = compare(OLD, OLD.replace("增长5%左右", "增长5.5%左右"))
    tg = c.rows("target")
    assert tg[["change", "term", "old_value", "new_value"]].values.tolist() == [
        ["changed", "GDP增长", "5%左右", "5.5%左右"]]
    assert "GDP增长: 5%左右 → 5.5%左右" in c.to_markdown()


def test_real_reports_2024_2025():
    c = compare(REPORTS / "2024.txt", REPORTS / "2025.txt")
    sec = c.rows("section")
    moved = sec[sec.change == "moved"]
    # 2025 put domestic demand first: （三）着力扩大国内需求 became （一）
    assert any(o.startswith("（三）着力扩大国内需求") and n.startswith("（一）")
               for o, n in zip(moved.old_text, moved.new_text))
    assert "新质生产力" not in c.dropped_formulations["term"].tolist()
    assert "两重" in set(c.new_formulations["term"])
    # 2024 already spoke of 化债 inside 一揽子化债方案: not new in 2025
    row = c.rows("formulation").set_index("term").loc["化债"]
    assert row["change"] == "kept" and row["old_count"] == 1 and "一揽子化债方案" in row["old_text"]


def test_a_formulation_used_inside_a_longer_one_is_neither_new_nor_dropped():
    old = "我们要扎实推动全体人民共同富裕，全面建成小康社会。"
    new = "共同富裕是中国式现代化的重要特征。小康社会已经建成。"
    c = compare(old, new, levels=["formulation"])
    table = c.rows("formulation").set_index("term")
    assert table.loc["共同富裕", "change"] == "kept"
    assert (table.loc["共同富裕", "old_count"], table.loc["共同富裕", "new_count"]) == (1, 1)
    assert "共同富裕" not in set(c.dropped_formulations["term"]) | set(c.new_formulations["term"])
    assert table.loc["小康社会", "change"] == "kept"


# -- CLI -------------------------------------------------------------------------------------
def test_cli_compare_formats(tmp_path, capsys):
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(OLD.replace("5%", "6%"), encoding="utf-8")
    assert main(["compare", str(a), str(b), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["old"] for r in rows} == {str(a)} and {r["new"] for r in rows} == {str(b)}
    changed = [r for r in rows if r["level"] == "sentence" and r["change"] == "changed"]
    assert len(changed) == 1 and changed[0]["new_text"] == "国内生产总值增长6%左右。"
    assert main(["compare", str(a), str(b), "--format", "md"]) == 0
    assert "changed" in capsys.readouterr().out
    out = tmp_path / "view.html"
    assert main(["compare", str(a), str(b), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["compare", str(a), str(tmp_path / "missing.txt")]) == 2
    assert "not a file" in capsys.readouterr().err


def test_plot_changes_draws_every_change():
    import matplotlib

    matplotlib.use("Agg")
    from policytext import plot

    new = OLD.replace("增长5%左右", "增长5.5%左右") + "坚持“两个毫不动摇”。\n"
    c = compare(OLD, new)
    ax = plot.plot_changes(c)
    colours = {tuple(round(x, 3) for x in coll.get_facecolor()[0]) for coll in ax.collections}
    assert len(colours) == 3  # kept, changed, added
    assert plot.plot_changes(compare("", "")).texts[0].get_text() == "无数据"
    with pytest.raises(plot.PlotError, match="lacks column"):
        plot.plot_changes(pd.DataFrame({"level": []}))
    import matplotlib.pyplot as plt

    plt.close("all")


def test_a_sentence_repeated_thousands_of_times_stays_cheap():
    # a table of 好。 cells: scored once per distinct sentence, paired along a diagonal band
    a = "好。" * 3000 + "坚持稳中求进。"
    b = "好。" * 2000 + "坚持稳中求进！" + "好。" * 1000
    links = match([unit_key(s.text) for s in sentences(a)], [unit_key(s.text) for s in sentences(b)])
    assert len(links) == 3001
    kinds = [lk.change for lk in links]
    assert kinds.count("kept") == 3000 and kinds.count("moved") == 1


def test_same_result_whatever_the_string_hash_seed(tmp_path):
    import os
    import subprocess

    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from policytext.extract.compare import compare\n"
        f"c = compare(Path({str(REPORTS / '2023.txt')!r}), Path({str(REPORTS / '2024.txt')!r}))\n"
        "sys.stdout.write(hashlib.md5(c.table.to_csv().encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, check=True)
        digests.add(out.stdout)
    assert len(digests) == 1
