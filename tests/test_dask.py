"""Distributed run on a real Dask cluster: a scheduler and two single-threaded workers started
on loopback as subprocesses, the same per-document work sent to them, and every table compared
with the local run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")

from policytext.batch import analyze
from policytext.cli import main

pytestmark = pytest.mark.dask

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "data" / "gov_work_reports"
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_cmd() -> list[str]:
    exe = BIN / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "distributed.cli.dask_spec"]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 5
    for p in reversed(procs):
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``tcp://127.0.0.1:<port>`` of a scheduler with two workers (torn down afterwards)."""
    from dask.distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask-logs")
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen(
            [*_dask_cmd(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--dashboard-address", ":0", "--no-show"],
            stdout=open(logs / "scheduler.log", "wb"), stderr=subprocess.STDOUT, env=env))
        for i in range(2):
            procs.append(subprocess.Popen(
                [*_dask_cmd(), "worker", address, "--nworkers", "1", "--nthreads", "1",
                 "--host", "127.0.0.1", "--dashboard-address", ":0", "--no-nanny",
                 "--name", f"w{i}"],
                stdout=open(logs / f"worker{i}.log", "wb"), stderr=subprocess.STDOUT, env=env))
        deadline = time.monotonic() + START_TIMEOUT_S
        client = None
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                break
            try:
                client = Client(address, timeout="2s")
                client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if client is not None:
                    client.close()
                    client = None
                time.sleep(0.5)
        if client is None or len(client.scheduler_info()["workers"]) < 2:
            logs_text = "\n".join(p.read_text(errors="replace")[-2000:] for p in logs.glob("*.log"))
            pytest.fail(f"Dask cluster did not start within {START_TIMEOUT_S} s:\n{logs_text}")
        yield address, client
        client.close()
    finally:
        _stop(procs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask-corpus")
    for y in ("1979", "1985", "1998", "2004", "2013", "2024"):
        (folder / f"{y}.txt").write_text((REPORTS / f"{y}.txt").read_text(encoding="utf-8")[:5000],
                                         encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04junk")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def _csvs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv"))}


def test_client_run_equals_local_run(cluster, corpus: Path, tmp_path: Path) -> None:
    _, client = cluster
    local, remote = tmp_path / "local", tmp_path / "remote"
    analyze([corpus], local, report=False)
    analyze([corpus], remote, report=False, client=client)
    a, b = _csvs(local), _csvs(remote)
    assert set(a) == set(b)
    for name in a:
        assert a[name] == b[name], name
    # the work really ran on the cluster's workers
    assert len(client.scheduler_info()["workers"]) == 2


def test_cli_scheduler_address(cluster, corpus: Path, tmp_path: Path) -> None:
    address, _ = cluster
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["analyze", str(corpus), "--out", str(local), "--no-report"]) == 1
    assert main(["analyze", str(corpus), "--out", str(remote), "--no-report",
                 "--scheduler", address]) == 1  # broken.docx failed, reported
    assert _csvs(local) == _csvs(remote)


def test_address_without_a_port_is_named_in_one_line(tmp_path, capsys) -> None:
    from policytext.errors import PolicyTextError

    with pytest.raises(PolicyTextError, match="'bogus' is not a Dask scheduler address"):
        analyze([REPORTS / "2024.txt"], scheduler="bogus", report=False)
    args = ["analyze", str(REPORTS / "2024.txt"), "--out", str(tmp_path / "o"), "--no-report"]
    assert main([*args, "--scheduler", "tcp://host-without-port"]) == 2
    assert "give tcp://HOST:PORT" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # refused before anything was made


def test_a_file_that_kills_its_dask_workers_is_an_error_and_the_rest_goes_on(tmp_path) -> None:
    import pandas as pd

    from _crash_hook import CRASH_ON_READ
    from policytext.batch import CRASHED_REASON

    folder = tmp_path / "in"
    folder.mkdir()
    for year in ("2013", "2024"):
        (folder / f"{year}.txt").write_bytes((REPORTS / f"{year}.txt").read_bytes())
    (folder / "2000_crash.txt").write_bytes((REPORTS / "2013.txt").read_bytes())
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASH_ON_READ, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")])}
    run = ("from policytext.batch import analyze\n"
           f"analyze([{str(folder)!r}], {str(tmp_path / 'out')!r}, scheduler='local', report=False)\n")
    proc = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, env=env,
                          timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert dict(zip(docs["doc_id"], docs["status"])) == {
        "2000_crash.txt": "error", "2013.txt": "ok", "2024.txt": "ok"}
    assert docs.set_index("doc_id").loc["2000_crash.txt", "error"] == CRASHED_REASON
