"""The output folder: the names a run writes there, the checks that it may be written, the
temporary names of atomic writes, and the removal of outputs an earlier run left."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputFolderError
from ..walk import OUTPUT_FOLDER_MARK
from .extractors import ROW_TABLES

STATE_DIR = OUTPUT_FOLDER_MARK  # (the input walk skips folders that hold one)


STATE_FILE = "results.jsonl"


def temporary_name(name: str, tag: str = "") -> str:
    """The name of the temporary file (or folder) a run writes ``name`` to before renaming
    it: ``.<name>.tmp-<pid>[-<tag>]`` — hidden, and recognisable as left by a killed run (see
    :data:`TEMPORARY_NAME`)."""
    return f".{name}.tmp-{os.getpid()}{'-' + tag if tag else ''}"


#: the names :func:`temporary_name` makes
TEMPORARY_NAME = re.compile(r"^\..+\.tmp-\d+(?:-[0-9a-z]+)?$")


def remove_stale_temporaries(out: Path) -> None:
    """Remove what runs killed before their cleanup (SIGKILL, a power cut) left in ``out``:
    partial tables and spilled token counts, up to the size of the corpus. Only called with
    the folder's lock held, so no run that could still use them is going. The state folder's
    temporary tables are left to the state, which may point at their rows."""
    import shutil

    for entry in os.scandir(out):
        if TEMPORARY_NAME.match(entry.name):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                unlink_quietly(Path(entry.path))


class Outputs:
    """The files a run writes in its output folder, listed in
    ``<out>/.policytext-state/outputs.json``, so the next complete run removes those it does
    not write again: ``keyness.csv`` when a run has one year, ``charts/outline.png``, the
    ``.csv`` tables after a switch to ``--format parquet``, ``report.html`` with
    ``--no-report``. Left beside the new tables they would be read as their results. Only
    names a run writes are ever removed (a user's own files in the folder stay); for a folder
    written before the list was kept, the names a run may write."""

    TABLES = ("documents", *ROW_TABLES, "themes", "trends", "keyness", "first_seen")
    #: what a run writes (the only names removed): a table, the report, a chart
    NAME = re.compile(rf"^(?:(?:{'|'.join(TABLES)})\.(?:csv|parquet)|report\.html"
                      r"|charts/[a-z_]+\.png)$")
    FILE = "outputs.json"
    #: for a folder of a run that kept no list
    LEGACY = (*(f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")),
              "report.html", *(f"charts/{name}.png" for name in (
                  "terms", "trends", "heatmap", "timeline", "keyness", "outline")))

    def __init__(self, out: Path) -> None:
        self.out = out
        self.file = out / STATE_DIR / self.FILE
        self.written: list[str] = []
        self.before = self._load()

    def _load(self) -> list[str]:
        try:
            names = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return list(self.LEGACY) if (self.out / STATE_DIR).is_dir() else []
        except (OSError, ValueError):
            return list(self.LEGACY)
        if not isinstance(names, list):
            return list(self.LEGACY)
        return [n for n in names if isinstance(n, str) and self.NAME.match(n)]

    def commit(self) -> None:
        """Remove what an earlier run wrote and this one did not; then keep the new list."""
        new = set(self.written)
        for name in self.before:
            if name not in new:
                p = self.out.joinpath(*name.split("/"))
                if p.is_file() and not p.is_symlink():
                    unlink_quietly(p)
        charts = self.out / "charts"
        if charts.is_dir() and not any(n.startswith("charts/") for n in new):
            with contextlib.suppress(OSError):
                charts.rmdir()  # only when empty: a user's file in it keeps it
        tmp = self.file.with_name(temporary_name(self.FILE))
        try:
            tmp.write_text(json.dumps(sorted(new), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.file)
        except OSError:
            unlink_quietly(tmp)  # the next run removes less; nothing of this run's is lost


def check_output_apart(out: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> None:
    """Refuse an output folder that is an input folder, holds an input, or is an input file.

    The run would write its tables among the documents and mark the folder as an output
    folder, which every later walk skips: the corpus would silently vanish from later runs.
    (An output folder *inside* an input folder is fine: the walk lists it as skipped.)

    Raises
    ------
    OutputFolderError
        Naming the input and the way out (another ``--out``).
    """
    target = os.path.realpath(out)
    for given in inputs:
        real = os.path.realpath(given)
        if real == target:
            what = "an input folder" if os.path.isdir(real) else "an input file"
        elif _inside(real, target):
            what = f"a folder holding the input {given}"
        else:
            continue
        raise OutputFolderError(
            f"--out {out} is {what}: the tables would be written among the documents; "
            "choose an output folder outside the inputs (or a new subfolder of one)")


def _inside(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` lies below the resolved ``folder``."""
    try:
        return os.path.commonpath([path, folder]) == folder and path != folder
    except ValueError:  # another drive (Windows)
        return False


def prepare_output_folder(out: str | os.PathLike) -> Path:
    """Make the output folder ``out`` (and its parents) if needed, before any work is done.

    Raises
    ------
    OutputFolderError
        Saying in one line why ``out`` cannot be the output folder: a file is there, a parent
        is a file, no permission, a read-only file system.
    """
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputFolderError(f"{out} cannot be the output folder: it is a file") from None
    except OSError as exc:
        raise OutputFolderError(f"{out} cannot be the output folder: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputFolderError(f"{out} cannot be the output folder: no permission to write there")
    _check_own_names(path)
    return path


def _check_own_names(out: Path) -> None:
    """Refuse an output folder where a name the run writes to in place is a link.

    The lock file, the state folder and its files are opened and appended to where they are;
    the charts are moved into ``charts/``. In a folder that came from somewhere else (an
    archive, a shared drive), ``.policytext-lock -> ~/.bashrc`` would truncate the target and
    ``charts -> /elsewhere`` would write there. (Tables and the report replace their names
    with a rename, which replaces a link, not its target.)
    """
    import stat

    from .._folder_lock import LOCK_NAME

    for name in (LOCK_NAME, STATE_DIR, f"{STATE_DIR}/{STATE_FILE}",
                 f"{STATE_DIR}/{Outputs.FILE}", "charts"):
        p = out.joinpath(*name.split("/"))
        try:
            st = p.lstat()
        except OSError:
            continue
        kind = ("a symbolic link" if stat.S_ISLNK(st.st_mode)
                else "a hard link to another file" if stat.S_ISREG(st.st_mode) and st.st_nlink > 1
                else None)
        if kind is not None:
            raise OutputFolderError(
                f"{out} cannot be the output folder: {name} there is {kind}, and policytext "
                "writes to that name itself; remove it, or choose another output folder")


def unlink_quietly(p: Path | None) -> None:
    """Remove ``p`` if it is there; a file that cannot be removed is left."""
    if p is None:
        return
    try:
        p.unlink()
    except OSError:
        pass
