"""The batch and the CLI against an attacker's corpus and an unlucky user's mistakes: an output
folder among the inputs, look-alike folders under --resume, links out of the input tree,
spreadsheet formulas, terminal escape sequences, a killed parent, consoles in GBK, lexicons
that are not lexicons, and tables left over from an earlier run. (The folder of hostile
*file contents* is in test_hostile.py.)"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from policytext import batch
from policytext._text_safety import (
    csv_cell,
    terminal_safe,
    uncsv_cell,
)
from policytext.batch import analyze
from policytext.cli import main
from policytext.errors import LexiconError, OutputFolderError
from policytext.lexicon import Lexicon
from policytext.plot import escape_mathtext

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "gov_work_reports"
SRC = ROOT / "src"


def _excerpt(year: str, n: int = 3000) -> str:
    return (REPORTS / f"{year}.txt").read_text(encoding="utf-8")[:n]


def _folder(root: Path, years=("2013", "2014", "2015")) -> Path:
    root.mkdir(parents=True)
    for y in years:
        (root / f"{y}.txt").write_text(_excerpt(y), encoding="utf-8")
    return root


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _cli(*args: str, env: dict | None = None, timeout: float = 120,
         stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policytext", *args], capture_output=True,
                          timeout=timeout, input=stdin,
                          env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})})


# --- 1. --out among the inputs ------------------------------------------------------------------
def test_out_equal_to_an_input_folder_is_refused_before_writing(tmp_path: Path, capsys) -> None:
    corpus = _folder(tmp_path / "corpus")
    before = _listing(corpus)
    assert main(["analyze", str(corpus), "--out", str(corpus), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "input folder" in err and "Traceback" not in err
    assert _listing(corpus) == before  # no table, no state folder: later runs still see it
    # the same folder written another way (trailing slash, a symlink to it)
    link = tmp_path / "link"
    link.symlink_to(corpus)
    with pytest.raises(OutputFolderError, match="input folder"):
        analyze([str(corpus) + "/"], link)
    assert _listing(corpus) == before


def test_out_holding_an_input_or_being_an_input_file_is_refused(tmp_path: Path, capsys) -> None:
    corpus = _folder(tmp_path / "corpus" / "sub")
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "corpus"), "--no-progress"]) == 2
    assert "holding the input" in capsys.readouterr().err
    assert not (tmp_path / "corpus" / batch.STATE_DIR).exists()
    doc = corpus / "2013.txt"
    text = doc.read_bytes()
    assert main(["analyze", str(doc), "--out", str(doc), "--no-progress"]) == 2
    assert "input file" in capsys.readouterr().err and doc.read_bytes() == text
    # an output folder inside the input folder stays allowed (listed as skipped)
    tables = analyze([corpus], corpus / "results", report=False)
    assert tables.status_counts == {"ok": 3, "error": 0, "skipped": 1}


# --- 2. --resume identifies a document by its content -------------------------------------------
def _same_layout(folder: Path, text: str, mtime_ns: int) -> Path:
    folder.mkdir(parents=True)
    p = folder / "report.txt"
    p.write_text(text, encoding="utf-8")
    os.utime(p, ns=(mtime_ns, mtime_ns))
    return folder


def test_resume_does_not_reuse_a_look_alike_file_of_another_folder(tmp_path: Path) -> None:
    text = _excerpt("2013")
    other = text.replace("改革", "建设")  # same length in UTF-8, same name, same mtime
    assert other != text and len(other.encode()) == len(text.encode())
    mtime = 1_600_000_000 * 10**9
    a = _same_layout(tmp_path / "a", text, mtime)
    b = _same_layout(tmp_path / "b", other, mtime)
    out = tmp_path / "out"
    analyze([a], out, report=False)
    again = analyze([b], out, report=False, resume=True)
    assert again.reused == 0
    fresh = tmp_path / "fresh"
    analyze([b], fresh, report=False)
    for name in ("terms", "slogans", "themes", "trends"):
        assert (out / f"{name}.csv").read_bytes() == (fresh / f"{name}.csv").read_bytes(), name
    # the unchanged file itself is still reused
    assert analyze([b], out, report=False, resume=True).reused == 1


# --- 3. symbolic and hard links -----------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="POSIX links")
def test_links_out_of_the_inputs_are_not_followed_and_a_file_counts_once(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("口令SECRET-LINE-7F3A\n机密内容\n", encoding="utf-8")
    corpus = _folder(tmp_path / "corpus", years=("2013",))
    (corpus / "x.txt").symlink_to(secret)  # ln -s /etc/passwd corpus/x.txt
    (corpus / "up").symlink_to("..")  # pulls in the parent folder
    (corpus / "again.txt").symlink_to(corpus / "2013.txt")  # inside: followed, counted once
    os.link(corpus / "2013.txt", corpus / "hard.txt")
    out = tmp_path / "out"
    tables = analyze([corpus], out, report=True)
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc["2013.txt", "status"] == "ok"
    for name in ("x.txt", "up"):
        assert docs.loc[name, "status"] == "skipped" and "outside the input folders" in docs.loc[name, "error"]
    for name in ("again.txt", "hard.txt"):
        assert docs.loc[name, "status"] == "skipped"
        assert "same file as" in docs.loc[name, "error"] and "2013.txt" in docs.loc[name, "error"]
    assert tables.status_counts["ok"] == 1
    for p in out.rglob("*"):
        if p.is_file():
            assert b"SECRET-LINE" not in p.read_bytes(), p
    # on request, the link is followed
    followed = analyze([corpus], None, follow_links=True)
    assert any("SECRET-LINE" in str(t) for t in followed["documents"]["title"])


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
def test_other_commands_do_not_follow_links_out(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("一、SECRET-LINE-7F3A\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").symlink_to(secret)
    main(["outline", str(corpus)])
    out, err = capsys.readouterr()
    assert "SECRET-LINE" not in out and "outside the input folders" in err
    assert main(["outline", str(corpus), "--follow-links"]) == 0
    assert "SECRET-LINE" in capsys.readouterr().out


# --- 4. spreadsheet formulas, and UTF-8 with a BOM ----------------------------------------------
FORMULA_NAME = "=2+5+cmd|calc!A0.txt"


def _formula_corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    body = _excerpt("2013", 1500)
    hostile = ("=1+1 坚持“四个意识”，做到“两个维护”。\n"
               "- 坚持“四个自信”，落实“三会一课”。\n"
               "+ 增强“四个意识”，坚决做到“两个维护”。\n"
               "@SUM(A1) 落实“八项规定”。\n")
    (root / FORMULA_NAME).write_text(body + "\n" + hostile, encoding="utf-8")
    (root / "2014.txt").write_text(_excerpt("2014"), encoding="utf-8")
    return root


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _assert_neutral(rows: list[list[str]], where: str) -> int:
    checked = 0
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell):
                raise AssertionError(f"{where}: formula-like cell {cell!r}")
            checked += cell.startswith("'")
    return checked


def test_csv_cells_are_neutralised_and_read_back_unchanged(tmp_path: Path) -> None:
    corpus = _formula_corpus(tmp_path / "in")
    out = tmp_path / "out"
    tables = analyze([corpus], out, report=True)
    neutralised = 0
    for path in sorted(out.glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark"
        with open(path, encoding="utf-8-sig", newline="") as fh:
            neutralised += _assert_neutral(list(csv.reader(fh)), path.name)
    assert neutralised >= 5  # the file name in every table, the sentences
    # the tables read back (and the report) have the text as it was
    assert FORMULA_NAME in set(tables["documents"]["doc_id"])
    sentences = set(tables["slogans"]["sentence"].dropna())
    assert any(s.startswith("=1+1") for s in sentences), sentences
    assert any(s.startswith("- 坚持") or s.startswith("+ 增强") for s in sentences)
    assert "'=2+5" not in (out / "report.html").read_text(encoding="utf-8")
    # --resume reads its own tables back: identical results
    again = analyze([corpus], out, report=False, resume=True)
    assert again.reused == 2
    assert list(again["slogans"]["sentence"]) == list(tables["slogans"]["sentence"])


def test_cli_csv_output_is_neutralised(tmp_path: Path, capsys) -> None:
    corpus = _formula_corpus(tmp_path / "in")
    assert main(["slogans", str(corpus), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(out.splitlines()))
    assert _assert_neutral(rows, "slogans --format csv") >= 3
    assert any(r[-1].startswith("'=1+1") for r in rows[1:])
    assert main(["themes", str(corpus), "--format", "csv"]) == 0
    _assert_neutral(list(csv.reader(capsys.readouterr().out.splitlines())), "themes --format csv")


def test_csv_cell_rule_round_trips() -> None:
    for text in ("=1+1", "+86", "-x", "@a", "\tx", "\rx", "'", "'=a", "''", "ok", "", "四个意识"):
        assert uncsv_cell(csv_cell(text)) == text
    assert csv_cell("=1") == "'=1" and csv_cell("普通") == "普通"
    assert csv_cell(-1.5) == -1.5 and csv_cell(None) is None  # numbers and gaps untouched


# --- 5. terminal escapes, mathtext --------------------------------------------------------------
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


def test_terminal_escapes_from_documents_are_not_printed_raw(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "doc.txt"
    # Escapes planted in an otherwise ordinary document (a file that is mostly control
    # characters is refused as binary before anything is printed).
    body = "全面贯彻党的路线方针政策，推动经济社会高质量发展。\n" * 12
    doc.write_text(f"一、总体要求{ESCAPES}\n坚持“四个意识”{ESCAPES}，做到“两个维护”。\n{body}",
                   encoding="utf-8")
    for args in (["outline", str(doc)], ["outline", str(doc), "--format", "md"],
                 ["kwic", "四个意识", str(doc)], ["tokenize", str(doc), "--no-clean"],
                 ["check", str(doc), "--show-ok"]):
        main(args)
        out, err = capsys.readouterr()
        for ch in "\x1b\x07\x9b\u202e":
            assert ch not in out and ch not in err, (args, ch)
    assert main(["tokenize", str(doc), "--no-clean"]) == 0
    assert "\\x1b" in capsys.readouterr().out  # shown, not dropped


def test_file_names_with_escapes_are_printed_safely(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\x1b[2Jname.xyz").write_text("x", encoding="utf-8")
    (folder / "ok.txt").write_text(_excerpt("2013", 500), encoding="utf-8")
    main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--no-report"])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "bad\\x1b[2Jname.xyz" in err


def test_helpers_escape_what_they_must() -> None:
    assert terminal_safe("a\x1b[31mb\tc\n") == "a\\x1b[31mb\tc\n"
    assert terminal_safe("干部\u202e") == "干部\\u202e"
    assert escape_mathtext("$x^2$ 增长") == r"\$x^2\$ 增长"
    import matplotlib.pyplot as plt

    from policytext.plot import font_context

    with font_context():  # the package's CJK font: no missing-glyph warnings
        fig, ax = plt.subplots()
        ax.set_title(escape_mathtext("收入$\\frac{a}{$ 增长"))  # would raise unescaped
        fig.canvas.draw()
    plt.close(fig)


# --- 6. workers end with their parent -----------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="kill -9 as on POSIX")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "in"
    for copy in range(6):  # long enough to be killed in the middle
        shutil.copytree(REPORTS, folder / f"copy{copy}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytext", "analyze", str(folder), "--out", str(tmp_path / "out"),
         "--workers", "2", "--no-report", "--progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(SRC)})
    try:
        seen = b""
        while b"[" not in seen:  # the first progress line: the workers are analysing
            ch = proc.stderr.read(1)
            if not ch:
                pytest.skip("the run ended before it could be killed")
            seen += ch
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        # the workers inherited standard output: it ends only when they have all exited
        ended = threading.Event()

        def drain() -> None:
            proc.stdout.read()
            ended.set()

        threading.Thread(target=drain, daemon=True).start()
        assert ended.wait(30), "worker processes outlived the killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()


# --- 7. consoles in GBK, lexicons that are not lexicons -----------------------------------------
def test_output_to_a_gbk_console_does_not_fail(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("一、总体要求 ✓ 完成😀\n坚持“四个意识”。\n", encoding="utf-8")
    for args in (["tokenize", str(doc), "--no-clean"], ["outline", str(doc)],
                 ["kwic", "四个意识", str(doc)], ["slogans", str(doc)]):
        r = _cli(*args, env={"PYTHONIOENCODING": "gbk"})
        assert r.returncode == 0 and b"Traceback" not in r.stderr, (args, r.stderr)
    r = _cli("tokenize", str(doc), "--no-clean", env={"PYTHONIOENCODING": "gbk"})
    assert "总体".encode("gbk") in r.stdout and b"\\u2713" in r.stdout


def test_lexicon_that_is_a_folder_or_a_pipe_is_a_usage_error(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("坚持“四个意识”。\n", encoding="utf-8")
    bad = [tmp_path]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.tsv")
        bad.append(tmp_path / "pipe.tsv")
    for lex in bad:
        for args in (["slogans", str(doc)], ["tokenize", str(doc)],
                     ["analyze", str(doc), "--out", str(tmp_path / "out")]):
            r = _cli(*args, "--lexicon", str(lex), timeout=60)  # a pipe opened would block
            assert r.returncode == 2, (args, lex, r.stderr)
            assert b"Traceback" not in r.stderr and r.stderr.count(b"\n") == 1, r.stderr


def test_bad_lexicon_contents_give_the_same_exit_code_everywhere(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("坚持“四个意识”。\n", encoding="utf-8")
    lex = tmp_path / "bad.tsv"
    lex.write_text("term\tcategory\n五个中心\tstrategy\n", encoding="utf-8")
    for args in (["slogans", str(doc)], ["tokenize", str(doc)],
                 ["analyze", str(doc), "--out", str(tmp_path / "out"), "--no-progress"]):
        assert main([*args, "--lexicon", str(lex)]) == 2, args
        assert "unknown category" in capsys.readouterr().err
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_lexicon_with_a_misnamed_header_is_refused(tmp_path: Path) -> None:
    lex = tmp_path / "mine.tsv"
    for header in ("词语\t类别\n", "keyword\n", "Terms\tcategory\n"):
        lex.write_text(header + "五个中心\tpolicy\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=r"mine\.tsv:1: .*column `term`"):
            Lexicon.from_tsv(lex)
    lex.write_text("五个中心\n百县千镇万村\n", encoding="utf-8")  # one term a line: no header needed
    assert [t.term for t in Lexicon.from_tsv(lex)] == ["五个中心", "百县千镇万村"]


# --- 8. a second run into the same folder -------------------------------------------------------
def test_a_second_run_removes_the_files_of_the_first_it_did_not_write(tmp_path: Path) -> None:
    many = _folder(tmp_path / "many", years=("2013", "2014", "2015"))
    one = _folder(tmp_path / "one", years=("2016",))
    out = tmp_path / "out"
    analyze([many], out, report=True)
    assert (out / "keyness.csv").is_file() and (out / "report.html").is_file()
    charts = sorted(p.name for p in (out / "charts").glob("*.png"))
    assert charts
    (out / "my_notes.csv").write_text("mine", encoding="utf-8")  # a user's files stay
    (out / "charts" / "my_chart.png").write_bytes(b"mine")
    analyze([one], out, report=False)  # one year: no keyness; no report
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert "keyness.csv" not in names and "report.html" not in names
    assert "my_notes.csv" in names and sorted(p.name for p in (out / "charts").iterdir()) == ["my_chart.png"]
    assert set(pd.read_csv(out / "documents.csv")["doc_id"]) == {"2016.txt"}
    pytest.importorskip("pyarrow")
    analyze([many], out, report=False, fmt="parquet")
    assert not [n for n in os.listdir(out) if n.endswith(".csv") and n != "my_notes.csv"]
    assert (out / "keyness.parquet").is_file()


def test_a_folder_written_before_the_list_was_kept_is_tidied_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze([_folder(tmp_path / "many")], out, report=False)
    (out / batch.STATE_DIR / "outputs.json").unlink()  # as an older version left it
    analyze([_folder(tmp_path / "one", years=("2016",))], out, report=False)
    assert not (out / "keyness.csv").exists() and (out / "trends.csv").exists()


def test_a_tampered_output_list_removes_nothing_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus = _folder(tmp_path / "in")
    analyze([corpus], out, report=False)
    victim = tmp_path / "victim.csv"
    victim.write_text("keep", encoding="utf-8")
    (out / "notes.csv").write_text("mine", encoding="utf-8")  # not a name a run writes
    (out / batch.STATE_DIR / "outputs.json").write_text(
        '["../victim.csv", "/etc/hosts", "notes.csv", "documents.csv"]', encoding="utf-8")
    analyze([corpus], out, report=False)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert (out / "notes.csv").read_text(encoding="utf-8") == "mine"
    assert (out / "documents.csv").is_file()



# --- found by trying: deep folders, links planted in the output folder -------------------------
def test_a_very_deep_folder_is_walked_without_recursion_error(tmp_path: Path, capsys) -> None:
    # 300 levels, with the recursion limit 100 frames above this test's: a walk by recursion
    # fails here as it would at 1,000 levels with the default limit (which shutil.rmtree, in
    # pytest's clean-up, would not survive)
    import inspect

    from policytext.walk import iter_input_files

    folder = tmp_path / "deep"
    folder.mkdir()
    here = os.getcwd()
    try:
        os.chdir(folder)
        for _ in range(300):
            os.mkdir("a")
            os.chdir("a")
        Path("x.txt").write_text("一、总体要求\n", encoding="utf-8")
        os.chdir(here)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(len(inspect.stack()) + 100)
        try:
            found = list(iter_input_files([folder]))
        finally:
            sys.setrecursionlimit(limit)
        assert [(f.relpath.count("/"), f.status) for f in found] == [(300, "ok")]
        assert main(["outline", str(folder)]) == 0
        assert "总体要求" in capsys.readouterr().out
    finally:
        os.chdir(here)
        _remove_deep(folder)


def _remove_deep(folder: Path) -> None:
    """Remove a folder too deep for shutil.rmtree (recursive: pytest's clean-up would fail)."""
    here = os.getcwd()
    try:
        os.chdir(folder)
        depth = 0
        while os.path.isdir("a"):
            os.chdir("a")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("a")
    finally:
        os.chdir(here)


@pytest.mark.skipif(os.name != "posix", reason="POSIX links")
@pytest.mark.parametrize("name", [".policytext-lock", batch.STATE_DIR, "charts",
                                  f"{batch.STATE_DIR}/results.jsonl"])
def test_links_planted_in_the_output_folder_are_refused(tmp_path: Path, name: str) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "bashrc").write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / batch.STATE_DIR).mkdir(parents=True)
    target = victim if name in (batch.STATE_DIR, "charts") else victim / "bashrc"
    if name == batch.STATE_DIR:
        (out / batch.STATE_DIR).rmdir()
    (out / name).symlink_to(target)
    with pytest.raises(OutputFolderError, match="link"):
        analyze([_folder(tmp_path / "in")], out, report=True)
    assert sorted(os.listdir(victim)) == ["bashrc"]
    assert (victim / "bashrc").read_text(encoding="utf-8") == "keep me\n"


def test_a_hard_linked_lock_file_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(victim, out / ".policytext-lock")
    with pytest.raises(OutputFolderError, match="hard link"):
        analyze([_folder(tmp_path / "in")], out, report=False)
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_far_too_many_workers_are_bounded(tmp_path: Path, capsys) -> None:
    corpus = _folder(tmp_path / "in")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert batch.run._bounded_workers(2) == min(2, batch.WORKERS_PER_CORE * cores)
    limit = batch.WORKERS_PER_CORE * cores if os.name != "nt" else min(batch.WORKERS_PER_CORE * cores, 61)
    assert batch.run._bounded_workers(10_000) == limit
    assert "starting" in capsys.readouterr().err
    tables = analyze([corpus], None, workers=10_000)
    assert tables.status_counts["ok"] == 3


def test_file_names_cannot_forge_message_lines(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x\npolicytext: 0 failed.xyz").write_text("x", encoding="utf-8")
    (folder / "ok.txt").write_text(_excerpt("2013", 500), encoding="utf-8")
    main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--no-report"])
    err = capsys.readouterr().err
    assert "x\\npolicytext: 0 failed.xyz" in err
    assert not any(line.startswith("policytext: 0 failed") for line in err.splitlines())


def test_tokenize_given_a_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["tokenize", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "Corpus" not in err and err.count("\n") == 1
