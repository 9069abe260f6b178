"""The ``--resume`` state: per-document results of earlier runs in the output folder."""

from __future__ import annotations

import json
import os
import zlib
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io import printable_name
from .folder import STATE_DIR, STATE_FILE, Outputs, temporary_name, unlink_quietly
from .results import DocResult

STATE_VERSION = 4  # 2: compact term counts, punctuated terms kept whole; 3: packed token
# counts; 4: occurrence rows referenced in the tables (see State), not copied into the state


@dataclass(slots=True)
class Prev:
    """A result of an earlier run in the state file: its line's place, and what the input was."""

    doc_id: str
    path: str | None  # None: not the input's path now (the input folder moved)
    size: int | None
    mtime_ns: int | None
    offset: int
    length: int
    digest: str | None = None  # (not kept by the plan: read again from the line)


class State:
    """``<out>/.policytext-state/results.jsonl``: one line per analysed document,
    ``<key JSON>\\t<DocResult JSON>\\t<row references JSON>``, appended as results arrive and
    compacted at the end of a complete run. A torn last line (an interrupted write) is ignored.

    A document's occurrence rows are not copied into the state: its line points at them,
    ``{table: [file, offset, length, crc32]}`` with the file relative to ``out``, in the tables
    the run writes. During a run these are its temporary tables, kept in the state folder when
    the run is interrupted; after a complete run, the tables themselves (for ``--format
    parquet``, CSV copies in the state folder). A resuming run reads the rows back from there
    and checks their CRC: a document whose rows changed (a table edited by hand) is analysed
    again. So the state holds the token counts and little else, not a second copy of the
    occurrence tables (which are larger than the corpus).
    """

    def __init__(self, out: Path, fingerprint: str) -> None:
        self.out = out
        self.dir = out / STATE_DIR
        self.file = self.dir / STATE_FILE
        self.fp = fingerprint
        #: documents :meth:`load` found analysed with other options (unusable: done again)
        self.other_options = 0
        self._fh: Any = None
        self._readers: dict[str, Any] = {}  # file (relative to out) -> open handle, or None
        # (offset, length) of the lines of this run, as two arrays: 16 bytes per document
        self._keep = (array("q"), array("q"))
        self._since_flush = 0

    def load(self) -> dict[str, Prev]:
        prev: dict[str, Prev] = {}
        sizes: dict[str, int] = {}
        try:
            fh = open(self.file, "rb")
        except OSError:
            return prev
        with fh:
            offset = 0
            for line in fh:
                length = len(line)
                if line.endswith(b"\n"):
                    head, _, _ = line.partition(b"\t")
                    try:
                        key = json.loads(head)
                        same_options = key.get("fp") == self.fp
                        self.other_options += not same_options
                        if (same_options and key.get("status") == "ok"
                                and self._rows_present(line, sizes)):
                            prev[key["doc_id"]] = Prev(key["doc_id"], key["path"], key["size"],
                                                        key["mtime_ns"], offset, length,
                                                        key.get("digest"))
                        elif key.get("doc_id") in prev:
                            del prev[key["doc_id"]]  # a newer, unusable entry supersedes it
                    except (ValueError, KeyError, AttributeError, TypeError):
                        pass
                offset += length
        return prev

    def _rows_present(self, line: bytes, sizes: dict[str, int]) -> bool:
        """Whether every table file ``line`` points at exists and is long enough (the cheap
        check; :meth:`read` checks the rows' CRC)."""
        fields = line.rstrip(b"\n").split(b"\t")
        if len(fields) != 3:
            return False
        for file, offset, length, _crc in json.loads(fields[2]).values():
            if file not in sizes:
                try:
                    sizes[file] = self._path(file).stat().st_size
                except OSError:
                    sizes[file] = -1
            if offset + length > sizes[file]:
                return False
        return True

    def _path(self, file: str) -> Path:
        return self.out.joinpath(*file.split("/"))

    def open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.file, "a+b")
        self._fh.seek(0, os.SEEK_END)
        end = self._fh.tell()
        if end:
            self._fh.seek(end - 1)
            if self._fh.read(1) != b"\n":  # torn line from an interrupted run
                self._fh.seek(0, os.SEEK_END)
                self._fh.write(b"\n")
        self._fh.seek(0, os.SEEK_END)

    def read(self, prev: Prev, path: str) -> DocResult | None:
        """The result ``prev`` stands for, now at ``path``, with its occurrence rows read back
        from the tables; None when those rows changed since, or the line itself is damaged."""
        line = self._read("results", self.file, prev.offset, prev.length)
        try:
            head, body, refs = line.rstrip(b"\n").split(b"\t")  # type: ignore[union-attr]
            digest = json.loads(head)["digest"]
            encoded: dict[str, bytes] = {}
            for name, (file, offset, length, crc) in json.loads(refs).items():
                rows = self._read(file, self._path(file), offset, length)
                if rows is None or len(rows) != length or zlib.crc32(rows) != crc:
                    return None
                encoded[name] = rows
            r = DocResult.from_json(0, body.decode("utf-8"))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # changed on disk since it was written (the run analyses it again)
        r.size, r.mtime_ns, r.digest, r.encoded = prev.size, prev.mtime_ns, digest, encoded
        path = printable_name(path)
        if path == prev.path:
            r.state_body = body  # unchanged: the line's body is written again as it is
        r.path = path  # else (the input folder moved) the body is made anew with the new path
        return r

    def _read(self, key: str, path: Path, offset: int, length: int) -> bytes | None:
        if key not in self._readers:
            try:
                self._readers[key] = open(path, "rb")
            except OSError:
                self._readers[key] = None
        fh = self._readers[key]
        if fh is None:
            return None
        fh.seek(offset)
        return fh.read(length)

    def append(self, r: DocResult, refs: Mapping[str, tuple[str, int, int, int]]) -> None:
        key = json.dumps({"doc_id": r.doc_id, "path": r.path, "size": r.size,
                          "mtime_ns": r.mtime_ns, "digest": r.digest, "status": r.status,
                          "fp": self.fp},
                         ensure_ascii=False, separators=(",", ":"))
        body = r.state_body if r.state_body is not None else r.to_json()
        if isinstance(body, str):
            body = body.encode("utf-8")
        where = json.dumps(refs, ensure_ascii=False, separators=(",", ":"))
        data = b"".join((key.encode("utf-8"), b"\t", body, b"\t", where.encode("utf-8"), b"\n"))
        self._fh.seek(0, os.SEEK_END)
        offset = self._fh.tell()
        self._fh.write(data)
        self._keep[0].append(offset)
        self._keep[1].append(len(data))
        self._since_flush += 1
        if self._since_flush >= 64:
            self._fh.flush()
            self._since_flush = 0

    def commit(self, moved: Mapping[str, str]) -> None:
        """Rewrite the file with the lines of this run only (atomically), pointing at the tables
        where the run moved them (``moved``: old file → new file, relative to ``out``); then
        remove the state folder's other files (temporary tables of interrupted runs)."""
        self._fh.flush()
        tmp = self.dir / temporary_name(STATE_FILE)
        renames = [(json.dumps(old).encode(), json.dumps(new).encode()) for old, new in moved.items()]
        with open(self.file, "rb") as src, open(tmp, "wb") as dst:
            for offset, length in zip(*self._keep):
                src.seek(offset)
                head, tab, refs = src.read(length).rpartition(b"\t")
                for old, new in renames:
                    refs = refs.replace(old, new)
                dst.write(head + tab + refs)
        self.close()
        os.replace(tmp, self.file)
        keep = {self.file, self.dir / Outputs.FILE, *(self._path(new) for new in moved.values())}
        for p in self.dir.iterdir():
            if p not in keep and p.is_file():
                unlink_quietly(p)

    def close(self) -> None:
        for fh in self._readers.values():
            if fh is not None:
                fh.close()
        self._readers.clear()
        if self._fh is not None:
            self._fh.close()
            self._fh = None
