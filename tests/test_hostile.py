"""A folder of hostile inputs next to good files in every common encoding and format: every file
is accounted for in documents.csv, good files get their title, nothing raises, and the whole run
finishes in bounded time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from policytext.batch import AnalyzeOptions, analyze
from policytext.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "gov_work_reports"

# A traditional-character excerpt for Big5 (the 1985 report's opening, converted by hand).
BIG5_TEXT = (
    "1985年中華人民共和國國務院政府工作報告\n\n各位代表：\n\n"
    "剛剛過去的1984年，是我國各族人民在實現八十年代以至九十年代的三大任務方面取得偉大成就的一年，"
    "是全國政治、經濟、文化等各條戰線的形勢越來越好的一年。\n\n"
    "一、關於經濟體制改革\n\n我們要堅持對內搞活經濟、對外實行開放的方針。\n"
)
BIG5_TITLE = "1985年中華人民共和國國務院政府工作報告"

#: seconds one step may take on one document in this test (AnalyzeOptions.step_timeout)
STEP_TIMEOUT = 15
#: time budget for the whole folder (10 MB of single-line text included)
TIME_BUDGET_S = 180
#: inputs so pathological that an extractor may hit the step timeout (then: error, with reason)
SLOW_OK = {"odd/one_line.txt", "odd/numbered.txt", "odd/markers.txt", "odd/quotes.txt"}


def _excerpt(year: str, n: int = 3000) -> str:
    return (REPORTS / f"{year}.txt").read_text(encoding="utf-8")[:n]


def _title(year: str) -> str:
    """The title of the excerpt read as plain UTF-8 (what every other encoding must give)."""
    from policytext.corpus import Document

    title = Document.from_text(_excerpt(year)).title
    assert title and "政府工作报告" in title, (year, title)
    return title


def _docx(path: Path, text: str) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for para in text.split("\n"):
        d.add_paragraph(para)
    d.save(str(path))


def build_folder(root: Path) -> dict[str, tuple[str, str | None]]:
    """Write the folder; return relpath → (expected status, expected title or None)."""
    expect: dict[str, tuple[str, str | None]] = {}
    good = root / "good"
    good.mkdir(parents=True)
    (good / "utf8.txt").write_text(_excerpt("2013"), encoding="utf-8")
    expect["good/utf8.txt"] = ("ok", _title("2013"))
    (good / "utf8_bom.md").write_bytes(b"\xef\xbb\xbf" + _excerpt("2014").encode("utf-8"))
    expect["good/utf8_bom.md"] = ("ok", _title("2014"))
    (good / "gb18030.txt").write_bytes(_excerpt("2004").encode("gb18030"))
    expect["good/gb18030.txt"] = ("ok", _title("2004"))
    (good / "gbk_crlf.txt").write_bytes(_excerpt("1998").replace("\n", "\r\n").encode("gbk"))
    expect["good/gbk_crlf.txt"] = ("ok", _title("1998"))
    (good / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    expect["good/big5.txt"] = ("ok", BIG5_TITLE)
    (good / "utf16.txt").write_bytes(_excerpt("2010").encode("utf-16"))
    expect["good/utf16.txt"] = ("ok", _title("2010"))
    _docx(good / "report.docx", _excerpt("2019"))
    expect["good/report.docx"] = ("ok", _title("2019"))
    body = _excerpt("2021").split("\n")
    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + body[0] +
            "</title><style>p{color:red}</style><script>var x='四个意识';</script></head><body>"
            + "".join(f"<p>{line}</p>" for line in body if line.strip()) + "</body></html>")
    (good / "page.html").write_text(html, encoding="utf-8")
    expect["good/page.html"] = ("ok", _title("2021"))
    nested = good / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (nested / "deep.txt").write_text(_excerpt("2024"), encoding="utf-8")
    expect["good/a/b/c/deep.txt"] = ("ok", _title("2024"))

    bad = root / "bad"
    bad.mkdir()
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 64)
    expect["bad/junk.txt"] = ("error", None)
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    expect["bad/image.txt"] = ("error", None)
    docx_bytes = (good / "report.docx").read_bytes()
    (bad / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    expect["bad/truncated.docx"] = ("error", None)
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer <<>>\n%%EOF garbage")
    expect["bad/broken.pdf"] = ("error", None)
    (bad / "nul.txt").write_bytes(_excerpt("2013", 500).encode("utf-8") + b"\x00" * 64 + b"abc")
    expect["bad/nul.txt"] = ("error", None)
    (bad / "notes.xyz").write_text("whatever", encoding="utf-8")
    expect["bad/notes.xyz"] = ("skipped", None)

    odd = root / "odd"
    odd.mkdir()
    text = _excerpt("2016").encode("utf-8")
    (odd / "invalid_utf8.txt").write_bytes(text[:1500] + b"\xff\xfe\xc3" + text[1500:])
    expect["odd/invalid_utf8.txt"] = ("ok", _title("2016"))
    line = _excerpt("2017", 2000).replace("\n", "")
    (odd / "one_line.txt").write_text((line * (10_000_000 // len(line.encode()) + 1)), encoding="utf-8")
    expect["odd/one_line.txt"] = ("ok", None)
    (odd / "markers.txt").write_text("一、" * 200_000, encoding="utf-8")
    expect["odd/markers.txt"] = ("ok", None)
    (odd / "numbered.txt").write_text("（一）\n1.\n①\n" * 70_000, encoding="utf-8")
    expect["odd/numbered.txt"] = ("ok", None)
    (odd / "quotes.txt").write_text("“" * 200_000 + "”‘’" * 1000, encoding="utf-8")
    expect["odd/quotes.txt"] = ("ok", None)
    (odd / "empty.txt").write_bytes(b"")
    expect["odd/empty.txt"] = ("ok", None)
    (odd / "blank.txt").write_text(" \n\t\n\u3000\u3000\n\n", encoding="utf-8")
    expect["odd/blank.txt"] = ("ok", None)
    try:  # a name in no encoding (copied from an old GBK disk): bytes ff fe are not UTF-8
        with open(os.fsencode(odd) + b"/gbk\xff\xfe_name.txt", "wb") as fh:
            fh.write(_excerpt("2012").encode("utf-8"))
        expect["odd/gbk\\xff\\xfe_name.txt"] = ("ok", _title("2012"))
    except (OSError, UnicodeError):  # pragma: no cover - a file system of UTF-8 names only
        pass

    links = root / "links"
    links.mkdir()
    try:
        os.symlink(links / "missing-target.txt", links / "dangling.txt")
        expect["links/dangling.txt"] = ("error", None)
        os.symlink(links, links / "loop")
        expect["links/loop"] = ("skipped", None)
    except (OSError, NotImplementedError):  # pragma: no cover - no symlinks on this system
        pass
    if hasattr(os, "mkfifo"):  # reading a named pipe would wait forever
        os.mkfifo(links / "pipe.txt")
        expect["links/pipe.txt"] = ("skipped", None)
    return expect


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    expect = build_folder(folder)
    out = root / "out"
    t0 = time.perf_counter()
    analyze([folder], out, report=False, options=AnalyzeOptions(step_timeout=STEP_TIMEOUT))
    elapsed = time.perf_counter() - t0
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False, dtype=str)
    return expect, docs, elapsed, out


def test_every_file_is_accounted_for(hostile_run) -> None:
    expect, docs, *_ = hostile_run
    got = dict(zip(docs["doc_id"], docs["status"]))
    assert set(got) == set(expect), set(got) ^ set(expect)
    reasons = dict(zip(docs["doc_id"], docs["error"]))
    wrong = {k: (got[k], v[0]) for k, v in expect.items() if got[k] != v[0]
             and not (k in SLOW_OK and got[k] == "error" and "step_timeout" in reasons[k])}
    assert not wrong, wrong


def test_failures_have_reasons_people_understand(hostile_run) -> None:
    _, docs, *_ = hostile_run
    failed = docs[docs["status"] != "ok"]
    assert len(failed)
    for rec in failed.itertuples():
        assert rec.error and "Traceback" not in rec.error, rec.doc_id
    reasons = dict(zip(docs["doc_id"], docs["error"]))
    assert "PNG" in reasons["bad/image.txt"]
    assert ".docx" in reasons["bad/truncated.docx"]
    assert "PDF" in reasons["bad/broken.pdf"]
    assert "unsupported" in reasons["bad/notes.xyz"]
    if "links/dangling.txt" in reasons:
        assert "link" in reasons["links/dangling.txt"]
        assert "loop" in reasons["links/loop"]
    if "links/pipe.txt" in reasons:
        assert reasons["links/pipe.txt"] == "not a regular file (a named pipe)"


def test_good_files_get_their_titles(hostile_run) -> None:
    expect, docs, *_ = hostile_run
    titles = dict(zip(docs["doc_id"], docs["title"]))
    for rel, (_status, title) in expect.items():
        if title is not None:
            assert titles[rel] == title, rel


def test_cli_exit_code_and_no_traceback(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(_excerpt("2013", 800), encoding="utf-8")
    (folder / "truncated.docx").write_bytes(b"PK\x03\x04\x14\x00junk")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (folder / "junk.bin").write_bytes(b"\x00\x01")
    (folder / "markers.txt").write_text("一、" * 5000 + "“" * 5000, encoding="utf-8")
    code = main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--no-report"])
    err = capsys.readouterr().err
    assert code == 1  # some inputs failed
    assert "Traceback" not in err
    assert "truncated.docx" in err and "image.txt" in err


def test_bounded_time(hostile_run) -> None:
    _, _, elapsed, _ = hostile_run
    assert elapsed < TIME_BUDGET_S, f"hostile folder took {elapsed:.0f} s"


def test_every_table_written(hostile_run) -> None:
    *_, out = hostile_run
    for name in ("documents", "terms", "themes", "trends", "slogans", "quotes", "outline"):
        assert (out / f"{name}.csv").is_file(), name
    assert not list(out.glob(".*.tmp-*"))


def test_library_call_in_memory_same_statuses(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(_excerpt("2013", 800), encoding="utf-8")
    (folder / "bad.docx").write_bytes(b"PK\x03\x04\x14\x00junk")
    (folder / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    tables = analyze([folder], None)
    assert dict(zip(tables["documents"]["doc_id"], tables["documents"]["status"])) == {
        "bad.docx": "error", "ok.txt": "ok", "x.png": "skipped"}
