"""Batch runner: every input accounted for, determinism, resume, atomic writes, fixed schemas,
and count-based corpus tables that agree with the document-level extractors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policytext import batch
from policytext.batch import AnalyzeOptions, analyze
from policytext.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "gov_work_reports"
YEARS = ("1979", "1985", "1998", "2004", "2013", "2024")

TABLES = ("documents", "terms", "slogans", "quotes", "outline", "themes", "trends", "keyness",
          "first_seen", "targets")


def _year_folder(folder: Path, n_chars: int) -> Path:
    """A folder with one file per year of YEARS (the first ``n_chars`` of its work report)."""
    folder.mkdir()
    for y in YEARS:
        (folder / f"{y}.txt").write_text(_excerpt(y, n_chars), encoding="utf-8")
    return folder


def _excerpt(year: str, n_chars: int = 6000) -> str:
    text = (REPORTS / f"{year}.txt").read_text(encoding="utf-8")
    return text[:n_chars]


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    for i, y in enumerate(YEARS):
        target = folder / ("sub" if i % 2 else "") / f"{y}.txt"
        target.write_text(_excerpt(y), encoding="utf-8")
    return folder


def _frames_equal(a, b) -> None:
    assert list(a) == list(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True),
                                      check_exact=True, obj=name)


def _read_out(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv"))}


def test_tables_written_with_fixed_columns(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    tables = analyze([small_corpus], out, report=False)
    for name in TABLES:
        assert (out / f"{name}.csv").is_file(), name
        assert name in tables
    docs = pd.read_csv(out / "documents.csv")
    assert list(docs.columns) == list(batch.DOCUMENT_COLUMNS)
    assert (docs["status"] == "ok").all()
    assert sorted(docs["year"]) == sorted(int(y) for y in YEARS)
    assert not list(out.glob(".*.tmp-*")), "temporary files left behind"
    assert len(tables["terms"]) and len(tables["themes"]) and len(tables["slogans"])
    # lazily loaded occurrence tables read back with their schema
    assert tables["outline"]["start"].dtype == "int64"
    assert tables["slogans"]["numeric"].dtype == bool


def test_empty_input_keeps_every_table_and_its_columns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\u3000\n", encoding="utf-8")
    out = tmp_path / "out"
    tables = analyze([folder], out, report=False)
    full = analyze([small_corpus_dir(tmp_path)], None, report=False)
    for name in ("documents", "terms", "slogans", "quotes", "outline", "themes", "trends",
                 "first_seen"):
        df = pd.read_csv(out / f"{name}.csv")
        assert list(df.columns) == list(full[name].columns), name
        assert list(tables[name].columns) == list(full[name].columns), name
    assert set(tables["documents"]["status"]) == {"ok"}


def small_corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "two"
    folder.mkdir(exist_ok=True)
    for y in ("1985", "2013"):
        (folder / f"{y}.txt").write_text(_excerpt(y, 3000), encoding="utf-8")
    return folder


def test_in_memory_equals_written(small_corpus: Path, tmp_path: Path) -> None:
    mem = analyze([small_corpus], None)
    disk = analyze([small_corpus], tmp_path / "out", report=False)
    for name in ("documents", "themes", "trends", "keyness", "first_seen"):
        pd.testing.assert_frame_equal(mem[name], disk[name], obj=name)
    for name in ("terms", "outline", "quotes"):
        a, b = mem[name], disk[name]
        assert list(a.columns) == list(b.columns)
        assert len(a) == len(b), name


def test_deterministic_across_worker_counts(small_corpus: Path, tmp_path: Path) -> None:
    one = tmp_path / "w1"
    two = tmp_path / "w2"
    analyze([small_corpus], one, workers=1, report=False)
    analyze([small_corpus], two, workers=2, report=False)
    assert _read_out(one) == _read_out(two)


def test_bad_file_never_stops_the_batch_and_cli_exit_code(small_corpus: Path, tmp_path: Path,
                                                          capsys) -> None:
    (small_corpus / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (small_corpus / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    out = tmp_path / "out"
    code = main(["analyze", str(small_corpus), "--out", str(out), "--no-report"])
    assert code == 1
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    status = dict(zip(docs["doc_id"], docs["status"]))
    assert status["broken.docx"] == "error"
    assert status["picture.png"] == "skipped"
    assert sum(s == "ok" for s in status.values()) == len(YEARS)
    err = capsys.readouterr().err
    assert "broken.docx" in err and "Traceback" not in err
    assert f"{len(YEARS)} ok, 1 failed, 1 skipped" in err and "skipped: " in err


def test_status_counts_and_problems_agree_with_the_documents_table(small_corpus: Path,
                                                                   tmp_path: Path) -> None:
    # what the command prints comes from these, not from reading documents.csv back
    (small_corpus / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (small_corpus / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    for out in (None, tmp_path / "out"):
        tables = analyze([small_corpus], out, report=False)
        docs = tables["documents"]
        assert tables.status_counts == {s: int((docs["status"] == s).sum())
                                        for s in ("ok", "error", "skipped")}
        bad = docs[docs["status"] != "ok"]
        assert tables.problems == list(zip(bad["status"], bad["path"], bad["error"]))
        assert len(tables.problems) == 2


def test_extractor_bug_is_recorded_not_raised(small_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    real = batch.extractors.extractor

    def boom(name):
        fn = real(name)
        if name != "quotes" or fn is None:
            return fn

        def wrapped(doc, worker):
            if doc is not None and doc.doc_id == "sub/1985.txt":
                raise IndexError("simulated bug")
            return fn(doc, worker)

        return wrapped

    monkeypatch.setattr(batch.extractors, "extractor", boom)
    tables = analyze([small_corpus], None)
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc["sub/1985.txt", "status"] == "error"
    reason = docs.loc["sub/1985.txt", "error"]
    assert "quotes" in reason and "IndexError" in reason
    assert (docs.drop(index="sub/1985.txt")["status"] == "ok").all()


# --- resume ------------------------------------------------------------------------------------
def _count_runs(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = batch.Worker.run_many

    def run_many(self, tasks):
        calls.extend(doc_id for _index, _path, doc_id, _encode in tasks)
        return real(self, tasks)

    monkeypatch.setattr(batch.Worker, "run_many", run_many)
    return calls


def test_resume_reuses_unchanged_files(small_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    # change one file, add one, remove one
    changed = small_corpus / "sub" / "1985.txt"
    changed.write_text(_excerpt("1985", 4000), encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    (small_corpus / "2020.txt").write_text(_excerpt("2020"), encoding="utf-8")
    (small_corpus / "1998.txt").unlink()
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert sorted(calls) == ["2020.txt", "sub/1985.txt"]
    resumed = _read_out(out)
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    analyze([small_corpus], fresh, report=False)
    assert resumed == _read_out(fresh)


def test_resume_ignores_results_made_with_other_options(small_corpus: Path, tmp_path: Path,
                                                        monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False, options=AnalyzeOptions(extractors=("terms",)))
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert len(calls) == len(YEARS)


def test_interrupted_run_leaves_no_half_table_and_resumes(small_corpus: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    before = _read_out(out)
    # a later run is interrupted after three documents (chunks of one document each: an
    # interruption loses the chunk in progress, never a finished one)
    real = batch.Worker.run_many
    seen: list[str] = []

    def flaky(self, tasks):
        if len(seen) == 3:
            raise KeyboardInterrupt
        seen.extend(doc_id for _index, _path, doc_id, _encode in tasks)
        return real(self, tasks)

    for p in small_corpus.rglob("*.txt"):  # touch every file: nothing is reusable
        os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    monkeypatch.setattr(batch.executors, "_CHUNK_BYTES", 1)
    monkeypatch.setattr(batch.Worker, "run_many", flaky)
    with pytest.raises(KeyboardInterrupt):
        analyze([small_corpus], out, report=False, resume=True)
    assert _read_out(out) == before, "an interrupted run changed the complete tables"
    assert not list(out.glob(".*.tmp-*")), "temporary files left behind"
    kept = sorted(p.name.split(".csv")[0] for p in (out / batch.STATE_DIR).glob(".*.csv.tmp-*"))
    assert kept == [".outline", ".quotes", ".slogans", ".targets", ".terms"]  # rows the state points at
    # resuming computes only the documents the interrupted run did not finish
    monkeypatch.undo()
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert len(calls) == len(YEARS) - 3
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    analyze([small_corpus], fresh, report=False)
    assert _read_out(out) == _read_out(fresh)
    # the interrupted run's rows, kept in the state folder for the resume, are gone now
    assert sorted(p.name for p in (out / batch.STATE_DIR).iterdir()) == ["outputs.json", "results.jsonl"]


def test_torn_state_line_is_ignored(small_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    state = out / batch.STATE_DIR / "results.jsonl"
    data = state.read_bytes()
    state.write_bytes(data[: len(data) - 50])  # the last line is cut mid-write
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert len(calls) == 1


def test_state_points_at_the_rows_instead_of_copying_them(small_corpus: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    state = out / batch.STATE_DIR
    assert sorted(p.name for p in state.iterdir()) == ["outputs.json", "results.jsonl"]
    data = (state / "results.jsonl").read_bytes()
    rows = (out / "slogans.csv").read_bytes().splitlines()[1:]
    assert len(rows) > 100
    # no slogan row (each carries its sentence) is copied into the state: each line ends
    # with where its document's rows are, in the tables
    assert not any(row in data for row in rows[::10])
    for line in data.splitlines():
        refs = json.loads(line.split(b"\t")[2])
        assert {file for file, *_ in refs.values()} <= {f"{n}.csv" for n in batch.ROW_TABLES}


def test_resume_analyses_again_a_document_whose_rows_were_edited(small_corpus: Path,
                                                                tmp_path: Path,
                                                                monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    slogans = out / "slogans.csv"
    lines = slogans.read_text(encoding="utf-8").split("\n")
    row = lines[-2]  # a row of the last document with slogans
    edited_doc, _, rest = row.partition(",")
    head, _, sentence = rest.rpartition(",")
    assert "\u4e00" <= sentence[0] <= "\u9fff"
    # another CJK character in the sentence: the same length in UTF-8, only the CRC can tell
    sentence = ("甲" if sentence[0] != "甲" else "乙") + sentence[1:]
    lines[-2] = f"{edited_doc},{head},{sentence}"
    slogans.write_text("\n".join(lines), encoding="utf-8")
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert calls == [edited_doc]
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    analyze([small_corpus], fresh, report=False)
    assert _read_out(out) == _read_out(fresh)


def test_resume_analyses_again_when_a_table_is_gone(small_corpus: Path, tmp_path: Path,
                                                    monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    expected = _read_out(out)
    (out / "outline.csv").unlink()
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], out, report=False, resume=True)
    assert len(calls) == len(YEARS)
    assert _read_out(out) == expected


def test_resume_of_a_parquet_run_reuses_rows_kept_in_the_state(small_corpus: Path,
                                                               tmp_path: Path,
                                                               monkeypatch) -> None:
    # no Parquet engine needed: the tables are "written" as pickles; what is tested is where
    # the rows the state points at go when the tables are not CSV
    monkeypatch.setattr(batch.run, "require_parquet", lambda: None)
    real_write = batch.output._write_frame
    monkeypatch.setattr(batch.output, "_write_frame", lambda df, path, fmt: df.to_pickle(path)
                        if fmt == "parquet" else real_write(df, path, fmt))
    out = tmp_path / "out"
    first = analyze([small_corpus], out, report=False, fmt="parquet")
    state = out / batch.STATE_DIR
    assert sorted(p.name for p in state.iterdir()) == sorted(
        ["outputs.json", "results.jsonl",
         *(f"{n}.rows.csv" for n in ("terms", "slogans", "quotes", "outline", "targets"))])
    calls = _count_runs(monkeypatch)
    again = analyze([small_corpus], out, report=False, fmt="parquet", resume=True)
    assert calls == []
    for name in ("terms", "slogans", "outline", "themes"):
        pd.testing.assert_frame_equal(pd.read_pickle(out / f"{name}.parquet"), first[name],
                                      obj=name)
        pd.testing.assert_frame_equal(again[name], first[name], obj=name)


def test_parquet_tables_read_back_as_the_csv_run_and_resume(small_corpus: Path,
                                                            tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")

    def tables(out: Path) -> dict[str, pd.DataFrame]:
        return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}

    csv_run = analyze([small_corpus], tmp_path / "csv", report=False)
    analyze([small_corpus], tmp_path / "pq", report=True, fmt="parquet")
    assert (tmp_path / "pq" / "report.html").is_file()
    got = tables(tmp_path / "pq")
    assert set(got) == set(csv_run)
    def plain(df: pd.DataFrame) -> pd.DataFrame:  # missing text as None, whatever the dtype
        return df.astype(object).where(df.notna(), None)

    for name, frame in got.items():
        pd.testing.assert_frame_equal(plain(frame), plain(csv_run[name]), obj=name)
    # resumed after an edit: the tables of a fresh run, with the edited file done again
    (small_corpus / f"{YEARS[0]}.txt").write_text(_excerpt(YEARS[0]) + "\n附件",
                                                  encoding="utf-8")
    again = analyze([small_corpus], tmp_path / "pq", report=False, fmt="parquet", resume=True)
    assert again.reused == len(YEARS) - 1
    analyze([small_corpus], tmp_path / "fresh", report=False, fmt="parquet")
    fresh = tables(tmp_path / "fresh")
    for name, frame in tables(tmp_path / "pq").items():
        pd.testing.assert_frame_equal(frame, fresh[name], obj=name)


@pytest.mark.parametrize("counts", [{}, {"两个维护": 3, "GDP": 1}, {"a\x1fb": 2, "新质生产力": 1},
                                    {"发展": 255, "改革": 1}, {"发展": 256, "改革": 1},
                                    {"发展": 70_000, "的": 3}])
def test_state_json_round_trips_token_counts(counts) -> None:
    # the state packs counts into one string and base64, or keeps the dict when a token holds
    # the separator; either way resuming must give back the same counts
    r = batch.DocResult(0, "d", "p", "ok", token_counts=dict(counts))
    back = batch.DocResult.from_json(0, r.to_json())
    assert back.token_counts == counts
    assert list(back.token_counts) == list(counts)


def test_write_tables_is_atomic(tmp_path: Path, monkeypatch) -> None:
    good = {"a": pd.DataFrame({"x": [1, 2]})}
    batch.write_tables(good, tmp_path)
    before = (tmp_path / "a.csv").read_text()

    class Boom(pd.DataFrame):
        def to_csv(self, path, *args, **kwargs):
            Path(path).write_text("x\n1\n")  # half written …
            raise OSError("disk full")       # … then the write fails

    with pytest.raises(OSError):
        batch.write_tables({"a": Boom({"x": [3, 4, 5]})}, tmp_path)
    assert (tmp_path / "a.csv").read_text() == before
    assert not list(tmp_path.glob(".*.tmp-*"))


def test_duplicate_relpaths_get_unique_ids(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        (d / "2013.txt").write_text(_excerpt("2013", 2000), encoding="utf-8")
    tables = analyze([a, b], None)
    assert list(tables["documents"]["doc_id"]) == ["2013.txt", "2013.txt#2"]


def test_plan_keeps_names_of_every_kind_and_lists_the_tasks_in_order() -> None:
    plan = batch.Plan(encode=True)
    undecodable = os.fsdecode(b"/in/\xff\xfe.txt")  # a file name that is not UTF-8
    plan.add("/in/一、通知.txt", "一、通知.txt")
    plan.add(undecodable, "\udcff\udcfe.txt#2")
    plan.add("/in/a.png", "a.png", batch.Plan.DONE, ("skipped", "unsupported file type .png"))
    plan.add("/in/b.png", "b.png", batch.Plan.DONE, ("skipped", "unsupported file type .png"))
    plan.add("/in/c.txt", "c.txt", batch.Plan.REUSE, batch.Prev("c.txt", "/old/c.txt", 9, 5, 0, 7))
    plan.add("/in/d.txt", "d.txt")
    plan.add("C:\\in\\sub\\e.txt", "sub/e.txt")  # separators differ from the id's
    assert len(plan) == 7
    assert [plan.kind(i) for i in range(7)] == [0, 0, 2, 2, 1, 0, 0]
    assert plan.names(6) == ("C:\\in\\sub\\e.txt", "sub/e.txt")
    assert plan.names(0) == ("/in/一、通知.txt", "一、通知.txt")
    assert plan.names(1) == (undecodable, "\udcff\udcfe.txt#2")
    assert plan.item(2) is plan.item(3)  # one object for the same status and reason
    assert plan.item(4) == batch.Prev("c.txt", None, 9, 5, 0, 7)  # None: the input moved
    plan.add("/in/f.txt", "f.txt", batch.Plan.REUSE, batch.Prev("f.txt", "/in/f.txt", 1, 2, 3, 4))
    assert plan.item(7) == batch.Prev("f.txt", "/in/f.txt", 1, 2, 3, 4)
    tasks = plan.tasks()
    assert len(tasks) == 4
    expected = [(0, "/in/一、通知.txt", "一、通知.txt", True),
                (1, undecodable, "\udcff\udcfe.txt#2", True), (5, "/in/d.txt", "d.txt", True),
                (6, "C:\\in\\sub\\e.txt", "sub/e.txt", True)]
    assert list(tasks) == expected
    assert list(tasks) == expected  # a view: iterated again by the executors


def test_plan_holds_no_object_per_task() -> None:
    plan = batch.Plan(encode=False)
    names = [(f"/corpus/{year}/article-{k:06d}.txt", f"{year}/article-{k:06d}.txt")
             for year in range(1946, 2026) for k in range(250)]
    for path, doc_id in names:
        plan.add(path, doc_id)
    relpaths = sum(len(d) for _, d in names)
    assert plan.nbytes < 1.2 * (relpaths + 13 * len(names))  # ≈330 bytes an input as tuples
    assert plan.names(12_345) == names[12_345]
    assert list(plan.tasks())[-1] == (len(names) - 1, *names[-1], False)
    n = len(names)
    for path, doc_id in names:  # a resumed run: most inputs are reused; skipped files
        plan.add(path, doc_id, batch.Plan.REUSE, batch.Prev(doc_id, path, 10, 20, 30, 40))
        plan.add(path + ".png", doc_id + ".png", batch.Plan.DONE, ("skipped", "unsupported .png"))
    # 13 bytes an entry, 48 more a reused one, 12 more a skipped one: no object per input
    assert plan.nbytes < 1.2 * (3 * relpaths + 4 * n + 3 * 13 * n + 48 * n + 12 * n)
    assert plan.item(n + 2 * 12_345) == batch.Prev(names[12_345][1], names[12_345][0], 10, 20, 30, 40)
    assert plan.item(n + 2 * 12_345 + 1) == ("skipped", "unsupported .png")


# --- count-based corpus tables agree with the document-level extractors -------------------------
@pytest.fixture(scope="module")
def corpus_and_tables(tmp_path_factory):
    from policytext.corpus import Corpus

    folder = tmp_path_factory.mktemp("agg")
    for y in YEARS:
        (folder / f"{y}.txt").write_text(_excerpt(y, 5000), encoding="utf-8")
    tables = analyze([folder], None)
    corpus = Corpus.from_dir(folder)
    return corpus, tables


def test_themes_from_counts_matches_themes(corpus_and_tables) -> None:
    from policytext.extract.themes import PolicyAnalyzer, themes
    from policytext.tokenize import Tokenizer

    corpus, tables = corpus_and_tables
    analyzer = PolicyAnalyzer(Tokenizer(), drop_pos=None)
    expected = themes(corpus, 20, idf="corpus", analyzer=analyzer)
    got = tables["themes"]
    assert list(got.columns) == list(expected.columns)
    assert got[["doc_id", "term", "rank", "count"]].equals(expected[["doc_id", "term", "rank", "count"]])
    assert (got["score"] - expected["score"]).abs().max() < 1e-12


def test_trends_match_stats_trends(corpus_and_tables) -> None:
    from policytext.extract.stats import trends

    corpus, tables = corpus_and_tables
    got = tables["trends"]
    terms = list(dict.fromkeys(got["term"]))
    expected = trends(corpus, terms)
    key = ["year", "term"]
    g = got.assign(year=got["year"].astype("int64")).sort_values(key).reset_index(drop=True)
    e = expected.assign(year=expected["year"].astype("int64")).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(g, e, check_dtype=False)


def test_first_seen_matches_slogans_first_seen(corpus_and_tables) -> None:
    from policytext.extract.slogans import first_seen, slogans

    corpus, tables = corpus_and_tables
    per_doc = pd.concat([slogans(d) for d in corpus], ignore_index=True)
    expected = first_seen(per_doc, corpus.docvars)
    pd.testing.assert_frame_equal(tables["first_seen"], expected)


def test_keyness_by_year_matches_keyness(corpus_and_tables) -> None:
    from policytext.extract.keyness import keyness
    from policytext.extract.themes import PolicyAnalyzer
    from policytext.tokenize import Tokenizer

    corpus, tables = corpus_and_tables
    kn = tables["keyness"]
    assert set(kn["direction"]) == {"target"}
    analyzer = PolicyAnalyzer(Tokenizer(), drop_pos=None)
    expected = keyness(corpus, {"year": 2013}, analyzer=analyzer)
    expected = expected[expected["direction"] == "target"].head(len(kn[kn["year"] == 2013]))
    got = kn[kn["year"] == 2013].drop(columns="year").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))


def test_keyness_by_year_takes_years_aligned_with_the_rows() -> None:
    import numpy as np

    from policytext.extract.aggregate import TokenMatrix, keyness_by_year_from_counts
    from policytext.extract.themes import PolicyAnalyzer

    analyzer = PolicyAnalyzer()
    matrix = TokenMatrix()
    for y in YEARS:
        matrix.add(y, analyzer.counts(_excerpt(y, 4000)))
    by_id = {"1979": 1979, "1985": 1985, "1998": 1998, "2004": None, "2013": 2013, "2024": 2024}
    expected = keyness_by_year_from_counts(matrix, by_id, top_n=15)
    aligned = [by_id[d] for d in matrix.doc_ids]
    assert len(expected) and set(expected["year"]) == {1979, 1985, 1998, 2013, 2024}
    pd.testing.assert_frame_equal(keyness_by_year_from_counts(matrix, aligned, top_n=15), expected)
    as_floats = np.array([np.nan if y is None else y for y in aligned])
    pd.testing.assert_frame_equal(keyness_by_year_from_counts(matrix, as_floats, top_n=15), expected)
    with pytest.raises(ValueError, match="6 rows"):
        keyness_by_year_from_counts(matrix, aligned[:5])


def test_documents_keep_titles(corpus_and_tables) -> None:
    corpus, tables = corpus_and_tables
    docs = tables["documents"].set_index("doc_id")
    for d in corpus:
        assert docs.loc[d.doc_id, "title"] == d.title


def test_cli_analyze_resume_flag(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["analyze", str(small_corpus), "--out", str(out), "--no-report"]) == 0
    assert main(["analyze", str(small_corpus), "--out", str(out), "--no-report", "--resume"]) == 0
    assert (out / "documents.csv").is_file()


def test_copying_output_folder_keeps_resume_usable(small_corpus: Path, tmp_path: Path,
                                                   monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    calls = _count_runs(monkeypatch)
    analyze([small_corpus], copy, report=False, resume=True)
    assert calls == []


def test_resume_after_moving_the_input_folder(small_corpus: Path, tmp_path: Path,
                                              monkeypatch) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    moved = tmp_path / "moved"
    shutil.copytree(small_corpus, moved, copy_function=shutil.copy2)  # keeps mtimes
    calls = _count_runs(monkeypatch)
    tables = analyze([moved], out, report=False, resume=True)
    assert calls == []
    assert all(p.startswith(str(moved)) for p in tables["documents"]["path"])


def test_first_seen_accumulator_equals_slogans_first_seen_on_hard_cases() -> None:
    """The per-term aggregates of FirstSeenAccumulator give slogans.first_seen exactly:
    nested credits earlier than a term's own first use, categories that change between
    occurrences, years out of corpus order, several documents a year, undated documents,
    rows first_seen does not count, numeral terms that must not be credited (十五 in 十五大)."""
    import random

    from policytext.extract.aggregate import first_seen_from_slogans
    from policytext.extract.slogans import SLOGAN_COLUMNS, first_seen

    terms = ["新质生产力", "发展新质生产力", "加快发展新质生产力", "十五", "十五大", "两个维护",
             "坚决做到两个维护", "四个意识", "增强四个意识", "高质量发展", "推动高质量发展"]
    rng = random.Random(7)
    doc_ids = [f"d{i:02d}" for i in range(40)]
    years = {d: (None if i % 13 == 5 else rng.choice([2019, 2020, 2021, 2022, 2018]))
             for i, d in enumerate(doc_ids)}
    rows = []
    for d in doc_ids:
        for pos in range(rng.randint(0, 12)):
            term = rng.choice(terms)
            rows.append({"doc_id": d, "term": term, "surface": term,
                         "kind": rng.choice(["lexicon", "lexicon", "numeric", "quoted"]),
                         "category": rng.choice(["formulation", "economy", "party"]),
                         "numeric": False, "quoted": False,
                         "label": rng.choice(["formulation"] * 4 + ["metaphor"]),
                         "start": pos * 10, "end": pos * 10 + len(term), "sentence": term})
    df = pd.DataFrame(rows, columns=list(SLOGAN_COLUMNS))
    documents = pd.DataFrame({"doc_id": doc_ids, "year": [years[d] for d in doc_ids]})
    expected = first_seen(df, years)
    got = first_seen_from_slogans(df, documents)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert len(got) > 5 and (got["term"] == "十五").sum() <= 1
    # the per-document summaries the batch workers send give the same table
    from policytext.extract.aggregate import (
        FirstSeenAccumulator,
        first_seen_rows,
        first_seen_summary,
    )

    acc = FirstSeenAccumulator()
    for d in doc_ids:
        triples = first_seen_rows(r for r in rows if r["doc_id"] == d)
        acc.add_document(d, years[d], first_seen_summary(triples))
    pd.testing.assert_frame_equal(acc.frame(), expected, check_exact=True)


def test_row_extractors_give_the_dataframe_rows() -> None:
    """The batch's row-level extractors (no DataFrame) give exactly the rows of the
    extractors' DataFrames, converted to plain values (None for missing)."""
    from policytext.corpus import Document

    worker = batch.Worker(AnalyzeOptions())
    assert set(worker.row_extractors) == {"slogans", "quotes", "outline", "targets"}
    text = _excerpt("2013", 20000) + "\n习近平总书记指出，“理想信念就是共产党人精神上的‘钙’，必须常补。”\n"
    doc = Document(text=text, doc_id="x")
    for name, rows_of in worker.row_extractors.items():
        frame = worker.extractors[name](doc, worker)
        expected = batch.frame_rows(frame, list(worker.schemas[name]))
        got = rows_of(doc, worker)
        assert got == expected, name
        assert all(type(a) is type(b) for r, e in zip(got, expected) for a, b in zip(r, e)), name
        assert len(got) > 0, name


def test_token_ids_from_two_workers_give_the_same_matrix() -> None:
    """Counts sent as worker-local ids (what pool workers send) build the same matrix as the
    token → count mappings, whichever worker saw a token first."""
    from policytext.extract.aggregate import TokenMatrix

    docs = [{"改革": 2, "发展": 1}, {"发展": 3, "开放": 1}, {}, {"改革": 1, "创新": 4},
            {"开放": 2, "创新": 1, "协调": 5}, {"发展": 1}]
    workers = [batch.Worker(batch.AnalyzeOptions()).use_local_ids() for _ in range(2)]
    by_ids, by_counts = TokenMatrix(), TokenMatrix()
    for i, counts in enumerate(docs):  # documents alternate between the two workers
        if counts:
            by_ids.add_ids(f"d{i}", *workers[i % 2].local_ids(counts))
            by_counts.add(f"d{i}", counts)
    assert by_ids.terms == by_counts.terms and by_ids.doc_ids == by_counts.doc_ids
    assert (by_ids.csr() != by_counts.csr()).nnz == 0
    key, n_known, *_ = workers[0].local_ids({"新词": 1})
    with pytest.raises(RuntimeError, match="out of order"):
        by_ids.add_ids("late", key, n_known + 1, [], b"", b"")


def test_token_matrix_pickles_and_keeps_growing() -> None:
    import pickle

    from policytext.extract.aggregate import TokenMatrix

    m = TokenMatrix()
    m.add("a", {"改革": 2, "发展": 1})
    m2 = pickle.loads(pickle.dumps(m))
    m2.add("b", {"发展": 3, "开放": 1})
    m.add("b", {"发展": 3, "开放": 1})
    assert m2.terms == m.terms == ["改革", "发展", "开放"]
    assert (m2.csr() != m.csr()).nnz == 0


def test_themes_streamed_to_the_output_equal_the_table_in_memory(tmp_path, monkeypatch) -> None:
    # written block by block to themes.csv (the folder has more documents than a block)
    from policytext.extract import aggregate

    monkeypatch.setattr(aggregate, "_THEMES_BLOCK", 2)
    folder = _year_folder(tmp_path / "in", 3000)
    in_memory = analyze([folder], None)["themes"]
    written = analyze([folder], tmp_path / "out", report=False)["themes"]
    assert len(in_memory) > 20 and in_memory["doc_id"].nunique() == len(YEARS) > 2
    assert written[["doc_id", "term", "rank", "count"]].equals(in_memory[["doc_id", "term", "rank", "count"]])
    assert (written["score"] - in_memory["score"]).abs().max() < 1e-12
    text = (tmp_path / "out" / "themes.csv").read_text(encoding="utf-8-sig")
    assert text == in_memory.to_csv(index=False, lineterminator="\n")
    assert not list((tmp_path / "out").glob(".themes*"))  # no temporary file left


def test_token_matrix_spilled_to_files_is_the_same_matrix(tmp_path, monkeypatch) -> None:
    import pickle

    from policytext.extract import aggregate

    monkeypatch.setattr(aggregate, "SPILL_ENTRIES", 3)  # spill after every few documents
    docs = [{"改革": 2, "发展": 1}, {"发展": 3, "开放": 1}, {}, {"改革": 1, "创新": 4},
            {"开放": 2, "创新": 1, "协调": 5}, {"发展": 1}, {"绿色": 2}]
    memory, spilled = aggregate.TokenMatrix(), aggregate.TokenMatrix(tmp_path / "spill")
    for i, counts in enumerate(docs[:5]):
        memory.add(f"d{i}", counts)
        spilled.add(f"d{i}", counts)
    as_lists = [[a.tolist() for a in m.arrays()] for m in (memory, spilled)]  # (no view kept)
    assert as_lists[0] == as_lists[1]
    # every count went to the files (arrays() writes out the buffer)
    assert (tmp_path / "spill" / "indices.int32").stat().st_size == 4 * len(as_lists[0][0]) > 0
    for i, counts in enumerate(docs[5:], start=5):  # rows added after arrays() still count
        memory.add(f"d{i}", counts)
        spilled.add(f"d{i}", counts)
    assert (memory.csr() != spilled.csr()).nnz == 0 and spilled.csr().shape == (7, 6)
    copy = pickle.loads(pickle.dumps(spilled))  # a copy holds its counts in memory
    assert (copy.csr() != memory.csr()).nnz == 0
    spilled.close()


def test_batch_spilling_token_counts_gives_the_same_tables(tmp_path, monkeypatch) -> None:
    from policytext.extract import aggregate

    folder = _year_folder(tmp_path / "in", 3000)
    kept = analyze([folder], tmp_path / "kept", report=False)
    monkeypatch.setattr(aggregate, "SPILL_ENTRIES", 50)
    monkeypatch.setattr(aggregate, "_PASS_ENTRIES", 7)  # whole-matrix passes in many steps
    spills = []
    spill = aggregate.TokenMatrix._spill
    monkeypatch.setattr(aggregate.TokenMatrix, "_spill", lambda m: spills.append(1) or spill(m))
    analyze([folder], tmp_path / "spilled", report=False)
    assert len(spills) >= len(YEARS)
    for name in ("themes", "keyness"):
        assert len(kept[name]) > 0
        assert ((tmp_path / "kept" / f"{name}.csv").read_bytes()
                == (tmp_path / "spilled" / f"{name}.csv").read_bytes()), name
    assert not list((tmp_path / "spilled").glob(".tokens*"))  # the spill files are removed


def test_released_pages_of_a_spilled_matrix_read_back_the_same(tmp_path, monkeypatch) -> None:
    import numpy as np

    from policytext.extract import aggregate

    monkeypatch.setattr(aggregate, "SPILL_ENTRIES", 1000)
    m = aggregate.TokenMatrix(tmp_path / "spill")
    for i in range(300):  # 3,000 counts: several pages of each file
        m.add(f"d{i}", {f"t{(i * 7 + k) % 500}": k + 1 for k in range(10)})
    indices, data, _ = m.arrays()
    before = (indices.tolist(), data.tolist())
    assert isinstance(indices, np.memmap)
    aggregate._release(indices, 0, len(indices))
    aggregate._release(data, 5, 2999)
    assert (indices.tolist(), data.tolist()) == before
    m.close()


def test_report_made_from_file_chunks_is_the_report_of_the_whole_tables(tmp_path, monkeypatch) -> None:
    # the report summarises terms and slogans and cuts themes and outline from their files a
    # few rows at a time; the page must be the one the whole tables give
    from policytext.report import write_report

    folder = _year_folder(tmp_path / "in", 4000)
    monkeypatch.setattr(batch.reporting, "_REPORT_CHUNK_ROWS", 5)
    tables = analyze([folder], tmp_path / "out")
    whole = {name: tables[name] for name in batch.reporting._REPORT_TABLES if name in tables}
    assert len(whole["slogans"]) > 20 and len(whole["outline"]) > 20
    write_report(whole, tmp_path / "whole.html", embed_font=False)
    monkeypatch.setattr(batch.reporting, "_REPORT_MAX_DOCS", 3)  # fewer documents than the corpus has
    inputs, counts = batch.reporting._report_inputs(tables, tmp_path / "out", "csv")
    assert counts == {"themes": len(YEARS), "outline": len(YEARS)}
    assert inputs["themes"]["doc_id"].nunique() == 3
    write_report(whole, tmp_path / "whole3.html", embed_font=False, max_docs=3)
    write_report(inputs, tmp_path / "chunks3.html", embed_font=False, max_docs=3, doc_counts=counts)
    assert (tmp_path / "chunks3.html").read_bytes() == (tmp_path / "whole3.html").read_bytes()
    # with the batch's own setting (all six documents fit): the page written by analyze
    monkeypatch.setattr(batch.reporting, "_REPORT_MAX_DOCS", 10)
    inputs, counts = batch.reporting._report_inputs(tables, tmp_path / "out", "csv")
    write_report(inputs, tmp_path / "chunks10.html", embed_font=False, doc_counts=counts)
    assert (tmp_path / "chunks10.html").read_bytes() == (tmp_path / "whole.html").read_bytes()


def test_output_folder_that_is_a_file_fails_before_reading(tmp_path: Path, monkeypatch) -> None:
    from policytext.errors import PolicyTextError

    (tmp_path / "out").write_text("keep me", encoding="utf-8")
    read = []
    monkeypatch.setattr(batch.Worker, "run_many", lambda self, tasks: read.extend(tasks))
    with pytest.raises(PolicyTextError, match="cannot be the output folder: it is a file"):
        analyze([REPORTS / "2024.txt"], tmp_path / "out", report=False)
    assert not read and (tmp_path / "out").read_text(encoding="utf-8") == "keep me"


def test_output_folder_inside_the_input_is_not_read_back(tmp_path: Path) -> None:
    # `policytext analyze . --out results`, run twice: the second run must not take the first
    # run's CSV tables and report.html for documents
    for year in ("2013", "2024"):
        shutil.copy(REPORTS / f"{year}.txt", tmp_path / f"{year}.txt")
    first = analyze([tmp_path], tmp_path / "results", report=True)["documents"]
    assert (tmp_path / "results" / "report.html").is_file()
    second = analyze([tmp_path], tmp_path / "results", report=False)["documents"]
    for docs in (first, second):
        assert docs.set_index("doc_id")["status"].to_dict() == {
            "2013.txt": "ok", "2024.txt": "ok", "results": "skipped"}
        assert "output folder" in docs.set_index("doc_id").loc["results", "error"]


def test_second_run_into_a_busy_output_folder_stops_before_any_work(tmp_path: Path) -> None:
    from policytext._folder_lock import output_folder_lock
    from policytext.errors import OutputFolderError

    out = tmp_path / "out"
    out.mkdir()
    with output_folder_lock(out):  # as a run in another process holds it
        with pytest.raises(OutputFolderError, match=rf"another policytext run .*process {os.getpid()}"):
            analyze([REPORTS / "2024.txt"], out, report=False)
        assert main(["analyze", str(REPORTS / "2024.txt"), "--out", str(out), "--no-report"]) == 2
        assert not (out / "documents.csv").exists()
    docs = analyze([REPORTS / "2024.txt"], out, report=False)["documents"]  # released: runs
    assert docs["status"].tolist() == ["ok"]


def test_full_disk_is_one_line_and_resume_finishes_the_same_tables(tmp_path: Path, monkeypatch,
                                                                    capsys) -> None:
    import errno

    folder = tmp_path / "in"
    folder.mkdir()
    for year in YEARS:
        shutil.copy(REPORTS / f"{year}.txt", folder / f"{year}.txt")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real_write, real_close = batch.output._RowTable.write_text, batch.output._RowTable.close
    writes = []

    def write_text(self, text):
        writes.append(len(text))
        if len(writes) > 12:  # a few documents in, the disk is full...
            raise full
        return real_write(self, text)

    def close(self):  # ...and the closing flush fails as well
        real_close(self)
        if len(writes) > 12:
            raise full

    monkeypatch.setattr(batch.output._RowTable, "write_text", write_text)
    monkeypatch.setattr(batch.output._RowTable, "close", close)
    args = ["analyze", str(folder), "--out", str(tmp_path / "out"), "--no-report"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "writing the output failed: No space left on device" in err and "--resume" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "documents.csv").exists()
    monkeypatch.undo()
    assert main([*args, "--resume"]) == 0
    assert main(["analyze", str(folder), "--out", str(tmp_path / "fresh"), "--no-report"]) == 0
    for name in TABLES:
        if (tmp_path / "fresh" / f"{name}.csv").exists():
            assert ((tmp_path / "out" / f"{name}.csv").read_bytes()
                    == (tmp_path / "fresh" / f"{name}.csv").read_bytes()), name


def test_resume_counts_what_it_reused_and_says_when_options_changed(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for year in ("2013", "2024"):
        shutil.copy(REPORTS / f"{year}.txt", folder / f"{year}.txt")
    out = tmp_path / "out"
    first = analyze([folder], out, report=False, resume=True)
    assert (first.reused, first.other_options) == (0, 0)
    (folder / "2024.txt").write_text((REPORTS / "2024.txt").read_text(encoding="utf-8") + "\n附件",
                                     encoding="utf-8")
    second = analyze([folder], out, report=False, resume=True)
    assert (second.reused, second.other_options) == (1, 0)  # 2013 reused, 2024 changed
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_text("term\tcategory\n新质生产力\tpolicy\n", encoding="utf-8")
    assert main(["analyze", str(folder), "--out", str(out), "--no-report", "--resume",
                 "--lexicon", str(lexicon)]) == 0
    err = capsys.readouterr().err
    assert "2 ok (0 reused from the earlier run)" in err
    assert "2 results of the earlier run were made with other options" in err


def test_script_without_main_guard_gets_told_what_to_add(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text(
        "from policytext.batch import analyze\n"
        f"analyze([{str(REPORTS / '2013.txt')!r}, {str(REPORTS / '2024.txt')!r}], "
        f"{str(tmp_path / 'out')!r}, workers=2, report=False)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert proc.returncode != 0
    # each worker says why it stopped, and the caller gets one error saying what to do
    assert "analyze() was called while a worker process was starting" in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("policytext.errors.PolicyTextError: worker processes end as soon"), last
    assert 'if __name__ == "__main__":' in last
    assert "another policytext run" not in proc.stderr  # not the output folder's lock



@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="no SIGKILL here")
def test_a_worker_killed_on_one_file_costs_that_file_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    from _crash_hook import CRASH_ON_READ

    folder = tmp_path / "in"
    folder.mkdir()
    for year in YEARS:
        shutil.copy(REPORTS / f"{year}.txt", folder / f"{year}.txt")
    shutil.copy(REPORTS / "2013.txt", folder / "2000_crash.txt")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_ON_READ, encoding="utf-8")  # every process
    run = ("from policytext.batch import analyze\n"
           f"analyze([{str(folder)!r}], {str(tmp_path / 'out')!r}, workers=2, report=False)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, env=env,
                          timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    status = dict(zip(docs["doc_id"], docs["status"]))
    assert status == {"2000_crash.txt": "error", **{f"{y}.txt": "ok" for y in YEARS}}
    reason = docs.set_index("doc_id").loc["2000_crash.txt", "error"]
    assert reason == batch.CRASHED_REASON
    # the other documents' rows are those of a run without the bad file
    (folder / "2000_crash.txt").unlink()
    analyze([folder], tmp_path / "clean", report=False)
    got = pd.read_csv(tmp_path / "out" / "terms.csv")
    assert got.equals(pd.read_csv(tmp_path / "clean" / "terms.csv"))


def test_overlapping_inputs_count_each_file_once(small_corpus: Path, tmp_path: Path) -> None:
    one = analyze([small_corpus], tmp_path / "one", report=False)
    inner = small_corpus / "sub" / f"{YEARS[1]}.txt"
    both = analyze([small_corpus, inner, small_corpus / "sub"], tmp_path / "both", report=False)
    docs = both["documents"]
    again = docs[docs["status"] == "skipped"]
    assert len(again) == 1 + len(list((small_corpus / "sub").iterdir()))
    assert again["error"].str.startswith("the same file as ").all()
    for name in ("terms", "trends", "first_seen", "themes"):  # not doubled
        pd.testing.assert_frame_equal(both[name], one[name], obj=name)


def test_an_earlier_runs_output_folder_among_the_inputs_is_skipped(small_corpus: Path,
                                                                    tmp_path: Path) -> None:
    analyze([small_corpus], small_corpus / "results-2025", report=True)  # inside the corpus
    docs = analyze([small_corpus], tmp_path / "elsewhere", report=False)["documents"]
    status = dict(zip(docs["doc_id"], docs["status"]))
    assert status.pop("results-2025") == "skipped"
    assert set(status.values()) == {"ok"} and len(status) == len(YEARS)


def test_a_run_removes_what_killed_runs_left_in_its_folder(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".tokens.tmp-999").mkdir(parents=True)
    (out / ".tokens.tmp-999" / "ids.bin").write_bytes(b"\0" * 1000)
    (out / ".documents.csv.tmp-999-1a2b3c4d").write_text("doc_id\n", encoding="utf-8")
    (out / ".trends.csv.tmp-999-w").write_text("year\n", encoding="utf-8")
    (out / ".notes-of-mine").write_text("mine", encoding="utf-8")  # not a run's: left alone
    analyze([small_corpus], out, report=False)
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == [".notes-of-mine", ".policytext-lock", ".policytext-state"]


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM as on POSIX")
def test_sigterm_ends_the_command_cleanly_and_resume_goes_on(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "in"
    for copy in range(4):  # ~4.5 MB: long enough to be stopped in the middle
        shutil.copytree(REPORTS, folder / f"copy{copy}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "policytext", "analyze", str(folder), "--out",
                             str(out), "--no-report"], stderr=subprocess.PIPE, text=True)
    state = out / batch.STATE_DIR / "results.jsonl"
    deadline = time.monotonic() + 120
    while not (state.exists() and state.stat().st_size > 0) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=120)[1]
    if proc.returncode == 0:  # pragma: no cover - finished before the signal arrived
        pytest.skip("the run ended before SIGTERM reached it")
    assert proc.returncode == 143 and "terminated" in err and "Traceback" not in err, err
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]
    assert not (out / "documents.csv").exists()  # no table that looks complete
    again = analyze([folder], out, report=False, resume=True)
    assert again.reused > 0 and again.status_counts["ok"] == 4 * len(list(REPORTS.glob("*.txt")))


def test_resume_analyses_again_a_document_whose_state_line_is_damaged(small_corpus: Path,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    analyze([small_corpus], out, report=False)
    expected = _read_out(out)
    state = out / batch.STATE_DIR / "results.jsonl"
    lines = state.read_bytes().split(b"\n")
    key, body, refs = lines[0].split(b"\t")
    lines[0] = b"\t".join((key, body.replace(b'":', b'"#', 1), refs))  # no longer JSON
    state.write_bytes(b"\n".join(lines))
    again = analyze([small_corpus], out, report=False, resume=True)
    assert again.reused == len(YEARS) - 1
    assert _read_out(out) == expected
