"""The output folder's lock: one run at a time, and nothing stale after a killed run."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from policytext._folder_lock import LOCK_NAME, output_folder_lock
from policytext.errors import OutputFolderError

HOLD = """
import sys, time
from policytext._folder_lock import output_folder_lock
with output_folder_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(120)
"""


def test_another_process_holding_it_is_named_and_a_kill_frees_it(tmp_path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(OutputFolderError, match=f"process {proc.pid}"):
            with output_folder_lock(tmp_path):
                pass
    finally:
        proc.kill()  # as kill -9 or a crash: no code of the holder runs
        proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while True:  # the system drops the lock with the process
        try:
            with output_folder_lock(tmp_path):
                break
        except OutputFolderError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_released_after_the_block_even_on_error(tmp_path) -> None:
    with pytest.raises(ValueError):
        with output_folder_lock(tmp_path):
            raise ValueError("a failed run")
    with output_folder_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text(encoding="ascii").isdigit()
