"""Command line: tokenize, analyze, exit codes — run as a user would (subprocess)."""

from __future__ import annotations

import csv
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.cli import main

REPORTS = Path(__file__).resolve().parents[1] / "data" / "gov_work_reports"

MUST_KEEP_WHOLE = [
    "四个意识", "两个维护", "四个自信", "全面从严治党", "以案促改", "三会一课", "一岗双责",
    "民主生活会", "新时代中国特色社会主义思想",
]


def _run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "policytext", *args], input=stdin, capture_output=True,
        text=True, timeout=300,
    )


def test_tokenize_keeps_formulations_whole(tmp_path, seed_excerpt):
    path = tmp_path / "speech.txt"
    path.write_text(seed_excerpt, encoding="utf-8")
    proc = _run("tokenize", str(path))
    assert proc.returncode == 0, proc.stderr
    tokens = proc.stdout.split()
    for term in MUST_KEEP_WHOLE:
        assert term in tokens, term
    assert "仅供学习" not in proc.stdout  # watermark cleaned before tokenizing
    assert "Traceback" not in proc.stderr and "prefix dict" not in proc.stderr


def test_tokenize_stdin_one_line_per_input_line():
    proc = _run("tokenize", "-", stdin="增强四个意识\n坚决做到两个维护\n")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == ["增强 四个意识", "坚决 做到 两个维护"]


def test_analyze_utf8_and_gb18030_copies(tmp_path, seed_excerpt):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "speech_utf8.txt").write_text(seed_excerpt, encoding="utf-8")
    (inp / "speech_gb.txt").write_bytes(seed_excerpt.encode("gb18030"))
    out = tmp_path / "out"
    gc_before = (gc.get_threshold(), gc.get_freeze_count())
    code = main(["analyze", str(inp), "--out", str(out), "--no-report", "--no-progress"])
    assert code == 0
    # called with argv, the caller's process keeps its garbage-collector settings
    assert (gc.get_threshold(), gc.get_freeze_count()) == gc_before
    with open(out / "documents.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["doc_id"] for r in rows} == {"speech_utf8.txt", "speech_gb.txt"}
    for r in rows:
        assert r["status"] == "ok"
        assert r["title"] == "2020年以案促改专项工作会上的讲话"
        assert r["year"] == "2020"
        assert r["genre"] == "讲话"
    with open(out / "terms.csv", encoding="utf-8-sig") as fh:
        terms = list(csv.DictReader(fh))
    assert {"doc_id", "term", "category", "count", "per_10k"} <= set(terms[0])
    found = {(t["doc_id"], t["term"]) for t in terms}
    assert ("speech_gb.txt", "以案促改") in found
    assert not [t for t in terms if "仅供学习" in t["term"] or "会员" in t["term"]]


def test_analyze_exit_code_1_when_an_input_fails(tmp_path, seed_excerpt):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(seed_excerpt, encoding="utf-8")
    (inp / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    proc = _run("analyze", str(inp), "--out", str(tmp_path / "out"), "--no-report")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    with open(tmp_path / "out" / "documents.csv", encoding="utf-8-sig") as fh:
        rows = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert rows["good.txt"]["status"] == "ok"
    assert rows["bad.txt"]["status"] == "error" and "PNG" in rows["bad.txt"]["error"]


@pytest.mark.parametrize(
    "args",
    [[], ["analyze"], ["analyze", "x"], ["frobnicate"], ["tokenize"], ["analyze", "x", "--out", "o", "--workers", "0"]],
)
def test_usage_errors_exit_2(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(args))
    assert info.value.code == 2


_REPORT = "data/gov_work_reports/2024.txt"  # (relative to ROOT)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["kwic", "", _REPORT], "non-empty TERM"),
        (["kwic", "(", _REPORT, "--regex"], "not a regular expression"),
        (["kwic", "发展", _REPORT, "--window", "-5"], "must be at least 0"),
        (["themes", _REPORT, "--top", "0"], "must be at least 1"),
        (["themes", _REPORT, "--top", "many"], "not a whole number"),
        (["analyze", _REPORT, "--out", "o", "--workers", "0"], "must be at least 1"),
    ],
)
def test_bad_option_values_are_usage_errors_in_one_line(args, says, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "gov_work_reports").mkdir(parents=True)
    (tmp_path / _REPORT).write_text("坚持两个维护。", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(args))
    err = capsys.readouterr().err
    assert info.value.code == 2 and says in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_tokenize_stdin_is_detected_like_a_file():
    proc = subprocess.run([sys.executable, "-m", "policytext", "tokenize", "-"],
                          input="坚持两个维护".encode("gbk"), capture_output=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.decode("utf-8").split() == ["坚持", "两个维护"]
    proc = subprocess.run([sys.executable, "-m", "policytext", "tokenize", "-"],
                          input=b"\x00\x01\xff" * 10, capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "standard input: binary content" in err, err
    assert "Traceback" not in err


def test_missing_input_is_usage_error(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(("out", "says"), [("a_file", "it is a file"), ("a_file/sub", "")])
def test_unusable_out_folder_is_usage_error_before_any_work(out, says, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("一、总体要求", encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / out)]) == 2
    err = capsys.readouterr().err
    assert "cannot be the output folder" in err and says in err
    assert "Traceback" not in err
    assert (tmp_path / "a_file").read_text(encoding="utf-8") == "not a folder"


def test_undecodable_file_name_in_jsonl_output(tmp_path):
    import json
    import os

    try:  # 关于 in GBK: not UTF-8
        with open(os.fsencode(tmp_path) + b"/\xb9\xd8\xd3\xda.txt", "wb") as fh:
            fh.write("关于加强基层治理的意见\n\n一、总体要求\n坚持“两个维护”。\n".encode())
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    # standard output as in a UTF-8 locale (strict), not the C locale's surrogateescape
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "policytext", "slogans", str(tmp_path),
                           "--format", "jsonl"], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["term"] for r in rows} >= {"两个维护"}
    assert {r["doc"] for r in rows} == {f"{tmp_path}/\\xb9\\xd8\\xd3\\xda.txt"}


def test_empty_input_folder_says_nothing_was_found(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".hidden.txt").write_text("一、总体要求", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--no-report"]) == 0
    err = capsys.readouterr().err
    assert "0 ok" in err and "no files found in" in err and ".txt" in err


def test_python_dash_m_version():
    proc = _run("--version")
    assert proc.returncode == 0 and "policytext" in proc.stdout


REPORT_2024 = "data/gov_work_reports/2024.txt"


def _jsonl(stdout: str) -> list[dict]:
    import json

    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_outline_jsonl_contract():
    proc = _run("outline", REPORT_2024, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = _jsonl(proc.stdout)
    assert {"doc", "marker", "ordinal", "depth", "kind", "title", "start", "end"} <= set(rows[0])
    top = [r for r in rows if r["depth"] == 1]
    assert [r["marker"] for r in top] == ["一、", "二、", "三、"]
    assert top[2]["title"] == "2024年政府工作任务"
    assert all(r["doc"] == REPORT_2024 for r in rows)


def test_slogans_jsonl_contract():
    proc = _run("slogans", REPORT_2024, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = _jsonl(proc.stdout)
    assert {"doc", "term", "surface", "kind", "category", "quoted", "start", "end"} <= set(rows[0])
    assert "新质生产力" in {r["term"] for r in rows}


def test_themes_and_kwic_and_check():
    proc = _run("themes", REPORT_2024, "--top", "10", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = _jsonl(proc.stdout)
    assert [r["rank"] for r in rows] == list(range(1, 11))
    assert {"doc", "term", "score", "rank"} <= set(rows[0])
    proc = _run("kwic", "新质生产力", REPORT_2024, "--window", "10")
    assert proc.returncode == 0 and "新质生产力" in proc.stdout
    proc = _run("check", REPORT_2024, "--show-ok")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_subcommands_report_bad_files_and_exit_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for cmd in ("outline", "slogans", "check"):
        proc = _run(cmd, REPORT_2024, str(bad))
        assert proc.returncode == 1, (cmd, proc.stderr)
        assert "PNG" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("run_on", [["--workers", "1"], ["--workers", "2"], ["--scheduler", "local"]])
def test_broken_pdf_is_one_summary_line_without_pypdf_chatter(tmp_path, run_on):
    import logging

    pytest.importorskip("pypdf")
    if "local" in run_on:
        pytest.importorskip("distributed")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    proc = _run("analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-report",
                *run_on)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("policytext: 0 ok, 1 failed"), proc.stderr
    assert len(lines) == 2, proc.stderr  # (pypdf's own words vary with its version)
    assert lines[1].startswith(f"  error: {tmp_path / 'in' / 'broken.pdf'}: broken PDF ("), proc.stderr
    # a caller's process keeps pypdf's logging as its own settings have it
    level = logging.getLogger("pypdf").level
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o2"), "--no-report",
                 *run_on]) == 1
    assert logging.getLogger("pypdf").level == level


def test_progress_line_counts_every_document_and_ends_at_the_total(tmp_path, capsys):
    from policytext.batch.progress import _duration

    folder = tmp_path / "in"
    folder.mkdir()
    for year in ("2013", "2024", "1998"):
        (folder / f"{year}.txt").write_bytes((REPORTS / f"{year}.txt").read_bytes())
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o"), "--no-report",
                 "--progress"]) == 0
    frames = [f for f in capsys.readouterr().err.split("\r") if f.startswith("[")]
    assert frames, "no progress line"
    assert frames[-1].startswith("[3/3 100%]") and "docs/s, 0s left" in frames[-1]
    assert [_duration(s) for s in (12.4, 185, 3725)] == ["12s", "3m05s", "1h02m"]


def test_analyze_takes_o_for_out():
    from policytext.cli import _build_parser

    args = _build_parser().parse_args(["analyze", "reports", "-o", "out"])
    assert args.out == "out" and args.inputs == ["reports"]


# --- a file of another type beside the documents ------------------------------------------------
def _corpus_with_an_index(tmp_path: Path) -> Path:
    """A folder as corpora come: a document and the metadata table that lists it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "2024.txt").write_bytes((REPORTS / "2024.txt").read_bytes())
    (folder / "index.tsv").write_text("file\tyear\n2024.txt\t2024\n", encoding="utf-8")
    return folder


PER_FILE_COMMANDS = [["check"], ["outline"], ["themes"], ["slogans"], ["targets"],
                     ["kwic", "新质生产力"]]


@pytest.mark.parametrize("cmd", PER_FILE_COMMANDS, ids=lambda c: c[0])
def test_a_file_of_another_type_in_a_folder_is_skipped_not_failed(cmd, tmp_path, capsys):
    folder = _corpus_with_an_index(tmp_path)
    assert main([*cmd, str(folder)]) == 0  # as analyze: skipped is not failed
    out, err = capsys.readouterr()
    index = folder / "index.tsv"
    assert err.splitlines() == [f"policytext: skipped: {index}: unsupported file type '.tsv'"]
    assert "index.tsv" not in out  # not read as a document
    if cmd[0] != "check":  # the document is read (check prints nothing for a correct one)
        assert out.strip()


def test_a_skipped_file_is_said_once_and_a_failure_beside_it_still_exits_1(tmp_path, capsys):
    folder = _corpus_with_an_index(tmp_path)
    assert main(["outline", str(folder), str(folder)]) == 0
    assert capsys.readouterr().err.count("index.tsv") == 1
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert main(["outline", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("policytext: skipped: ")
    assert err[1].startswith(f"policytext: {folder / 'broken.txt'}: binary content")


def test_a_file_named_on_the_command_line_is_read_whatever_its_type(tmp_path, capsys):
    # named on purpose, it is read and its content decides, as analyze does: an image is a
    # failed input (exit code 1), never "skipped"
    image = tmp_path / "chart.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert main(["outline", str(image)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"policytext: {image}: binary content") and "skipped" not in err
    folder = _corpus_with_an_index(tmp_path)
    assert main(["outline", str(folder / "index.tsv")]) == 0  # a text file, read as text
    assert "skipped" not in capsys.readouterr().err


def test_the_walk_marks_what_it_skips_for_its_type_alone(tmp_path):
    from policytext.walk import iter_input_files

    folder = _corpus_with_an_index(tmp_path)
    if os.name == "posix":  # a link loop is skipped too, but not for its type
        (folder / "loop").symlink_to(folder)
    found = {f.relpath: f for f in iter_input_files([folder])}
    assert found["index.tsv"].status == "skipped" and found["index.tsv"].unsupported
    assert [name for name, f in found.items() if f.unsupported] == ["index.tsv"]
    if os.name == "posix":
        assert found["loop"].status == "skipped"
    (named,) = iter_input_files([folder / "index.tsv"])  # named: read, not skipped
    assert named.status == "ok" and not named.unsupported
