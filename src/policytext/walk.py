"""Walking the inputs of a batch run: every path met is accounted for.

:func:`iter_input_files` lists the files below the inputs (files or folders, recursive,
sorted) as :class:`InputFile` records, ``ok`` or ``skipped`` with the reason: unsupported
types, special files, links that leave the input folders, a file met twice (by device and
inode), an earlier run's output folder. Reading them is :mod:`policytext.io`'s job.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .io import SUPPORTED_SUFFIXES, printable_name

__all__ = ["OUTPUT_FOLDER_MARK", "InputFile", "iter_input_files"]

#: The folder every ``policytext analyze`` output folder holds (its resume state): a folder
#: with one is skipped by :func:`iter_input_files`.
OUTPUT_FOLDER_MARK = ".policytext-state"


# --- walking inputs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class InputFile:
    """A path met while walking inputs: ``status`` is ``ok``, ``skipped`` or ``error`` (with
    ``reason``).

    ``relpath`` is the path relative to the input root (for a file given directly, its name),
    as :func:`printable_name` writes it; ``path`` is the path to open. ``unsupported`` is true
    for a file in a folder skipped for its type alone (an ``index.tsv`` beside the documents):
    a command may pass over it without counting it as a failed input.
    """

    path: Path
    relpath: str
    status: str = "ok"
    reason: str = ""
    unsupported: bool = False


def iter_input_files(
    inputs: Iterable[str | Path],
    *,
    pattern: str = "*",
    follow_symlinks: bool = True,
    output_folder: str | Path | None = None,
    follow_links_out: bool = False,
) -> Iterator[InputFile]:
    """Every file below ``inputs`` (files or folders, recursive, sorted), each accounted for.

    Folders are walked in sorted order; unsupported types, symlink loops and what is not a
    regular file (a named pipe, a device) are yielded with status ``skipped`` and a reason,
    dangling links with status ``error``: none is silently dropped. Hidden files and
    folders (``.git``) are skipped silently. ``output_folder``, when it lies below an input
    folder (``analyze . --out results``), is yielded once as ``skipped`` and not walked: a
    run must not read the tables and report of an earlier run as documents.

    Symbolic links met in a folder are followed only while they stay inside the input
    folders: a link out of them (``x.txt -> /etc/passwd``, ``up -> ..``) is yielded as
    ``skipped`` naming its target, unless ``follow_links_out`` is true. (An input given
    itself as a link is followed: it was named on purpose.) ``follow_symlinks=False``
    follows no link to a folder at all.

    A file met again — through a symbolic or hard link in the tree, or because inputs overlap
    (a folder and a file or subfolder in it) — is yielded as ``skipped``, naming where it was
    met first (same device and inode): counted twice, it would double its terms in every
    corpus table.
    """
    inputs = list(inputs)
    first: dict[tuple[int, int], str] = {}
    for f in _iter_inputs(inputs, pattern, follow_symlinks, output_folder, follow_links_out):
        if f.status == "ok":
            try:
                st = os.stat(f.path)
            except OSError:  # reading it will say what is wrong
                yield f
                continue
            key = (st.st_dev, st.st_ino)
            earlier = first.get(key)
            if earlier is not None:
                yield InputFile(f.path, f.relpath, "skipped",
                                f"the same file as {earlier} (a link to it, or given again by "
                                "another input): counted once")
                continue
            first[key] = printable_name(str(f.path))
        yield f


def _iter_inputs(inputs: list[str | Path], pattern: str, follow_symlinks: bool,
                 output_folder: str | Path | None, follow_links_out: bool) -> Iterator[InputFile]:
    import fnmatch

    output: tuple[int, int] | None = None
    if output_folder is not None:
        try:
            st = os.stat(output_folder)
            output = (st.st_dev, st.st_ino)
        except OSError:
            pass  # not made yet: nothing of it to walk
    # where links may lead (None: anywhere): the input folders, resolved
    roots = None if follow_links_out else [
        os.path.realpath(given) for given in inputs if os.path.isdir(given)]
    walk = _Walk(pattern, follow_symlinks, fnmatch, output, roots)
    for given in inputs:
        root = Path(given)
        if root.is_file() or (root.is_symlink() and not root.exists()):
            yield InputFile(root, printable_name(root.name))
            continue
        if not root.exists():
            yield InputFile(root, printable_name(str(given)), "error", "file not found")
            continue
        if not root.is_dir():
            yield InputFile(root, printable_name(root.name), "skipped", _not_regular(root))
            continue
        yield from walk(root, root, set())


@dataclass(frozen=True)
class _Walk:
    """The settings of one input walk; called with ``(root, folder, seen)``."""

    pattern: str
    follow: bool
    fnmatch: Any
    output: tuple[int, int] | None
    roots: list[str] | None

    def outside(self, p: Path) -> str | None:
        """Where the symbolic link ``p`` leads, when that is outside the input folders."""
        if self.roots is None:
            return None
        target = os.path.realpath(p)
        for root in self.roots:
            try:
                if os.path.commonpath([target, root]) == root:
                    return None
            except ValueError:  # another drive (Windows)
                continue
        return target

    def __call__(self, root: Path, top: Path, seen: set) -> Iterator[InputFile]:
        # depth first with a stack of its own, not by recursion: an archive of 2,000 nested
        # folders must not end the walk with a RecursionError
        stack: list[Iterator[os.DirEntry]] = []
        yield from self._enter(root, top, seen, stack)
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
            elif not entry.name.startswith("."):
                yield from self._entry(root, entry, seen, stack)

    def _enter(self, root: Path, folder: Path, seen: set,
               stack: list[Iterator[os.DirEntry]]) -> Iterator[InputFile]:
        """Put the entries of ``folder`` on the stack, or yield why it is not walked."""
        try:
            st = folder.stat()
        except OSError as exc:
            yield InputFile(folder, _rel(folder, root), "skipped", f"cannot open folder: {exc.strerror}")
            return
        key = (st.st_dev, st.st_ino)
        if key == self.output:
            yield InputFile(folder, _rel(folder, root), "skipped",
                            "the output folder of this run (its tables are not read as documents)")
            return
        if os.path.isdir(os.path.join(folder, OUTPUT_FOLDER_MARK)):
            yield InputFile(folder, _rel(folder, root), "skipped",
                            "an output folder of an earlier policytext run (its tables are not "
                            "read as documents)")
            return
        if key in seen:
            yield InputFile(folder, _rel(folder, root), "skipped", "symbolic link loop (folder already visited)")
            return
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputFile(folder, _rel(folder, root), "skipped", f"cannot list folder: {exc.strerror}")
            return
        stack.append(iter(entries))

    def _entry(self, root: Path, entry: os.DirEntry, seen: set,
               stack: list[Iterator[os.DirEntry]]) -> Iterator[InputFile]:
        """What one folder entry is: a file to read, a folder to enter, or why it is skipped."""
        p = Path(entry.path)
        rel = _rel(p, root)
        link = entry.is_symlink()
        try:
            is_dir = entry.is_dir(follow_symlinks=self.follow)
        except OSError:
            is_dir = False
        if is_dir:
            if link and not self.follow:
                yield InputFile(p, rel, "skipped", "symbolic link to a folder (not followed)")
            elif link and (target := self.outside(p)) is not None:
                yield InputFile(p, rel, "skipped", _LINK_OUT.format("folder", printable_name(target)))
            else:
                yield from self._enter(root, p, seen, stack)
            return
        if link and not p.exists():
            yield InputFile(p, rel, "error", "dangling symbolic link (target does not exist)")
            return
        if not self.fnmatch.fnmatch(entry.name, self.pattern):
            return
        suffix = p.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield InputFile(p, rel, "skipped", f"unsupported file type {suffix!r}",
                            unsupported=True)
            return
        if link and (target := self.outside(p)) is not None:
            yield InputFile(p, rel, "skipped", _LINK_OUT.format("file", printable_name(target)))
            return
        try:
            regular = entry.is_file(follow_symlinks=self.follow)
        except OSError:
            regular = True  # let reading the file report the problem
        if not regular:  # reading a named pipe would wait forever, a device never ends
            yield InputFile(p, rel, "skipped", _not_regular(p))
            return
        yield InputFile(p, rel)


#: why a symbolic link out of the input folders is not followed
_LINK_OUT = ("symbolic link to a {} outside the input folders ({}): not followed "
             "(--follow-links follows it)")


def _not_regular(p: Path) -> str:
    """Why ``p`` (not a folder, not a regular file) is skipped."""

    try:
        mode = p.stat().st_mode
    except OSError:
        mode = 0
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind})"


def _rel(p: Path, root: Path) -> str:
    try:
        return printable_name(p.relative_to(root).as_posix())
    except ValueError:
        return printable_name(p.as_posix())
