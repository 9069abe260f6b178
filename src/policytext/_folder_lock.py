"""One ``analyze`` run at a time per output folder.

Two runs writing to one folder remove each other's temporary tables and interleave their
resume states. The lock is advisory (``flock``; ``msvcrt.locking`` on Windows) and belongs to
the open file, so the operating system drops it when the process ends, however it ends: a
run killed with ``kill -9`` leaves no stale lock behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputFolderError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

#: the lock file in the output folder (hidden: input walks and the report leave it alone)
LOCK_NAME = ".policytext-lock"


@contextmanager
def output_folder_lock(folder: str | os.PathLike) -> Iterator[None]:
    """Hold the output folder's lock for the ``with`` block.

    Raises
    ------
    OutputFolderError
        When another run (in this process or another) holds it; the message names its process.
    """
    import stat

    path = Path(folder) / LOCK_NAME
    try:
        # not through a link: the file is truncated and written (see below)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise OutputFolderError(f"{folder} cannot be the output folder: {exc.strerror or exc} "
                                f"({LOCK_NAME})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            raise OutputFolderError(
                f"{folder} cannot be the output folder: its {LOCK_NAME} is not a file of its "
                "own (a link to another file?); remove it, or choose another output folder")
        if not _try_lock(fd):
            other = _holder(fd)
            raise OutputFolderError(
                f"{folder} is the output folder of another policytext run that is still going"
                f"{f' (process {other})' if other else ''}; wait for it to end, or choose "
                "another output folder")
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks (some network mounts): run unguarded
        pass
    return True


def _unlock(fd: int) -> None:
    try:
        if fcntl is None:
            os.lseek(fd, 0, os.SEEK_SET)  # (msvcrt locks from the current position)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _holder(fd: int) -> str:
    """The process id the holder wrote, or "" (not written yet, or unreadable)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
