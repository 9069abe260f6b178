"""The input plan: what a run does with each input, in input order, kept compact."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from .._strings import StringList
from .state import Prev


class Plan:
    """What a run does with each input, in input order: analyse it (a task), reuse an earlier
    result (``REUSE``, with the state's entry) or record it as found (``DONE``, with its status
    and reason: a file skipped or missing).

    The plan lives until the run ends, so it keeps no Python object per task: an input's path
    is its folder (one number: the folders are listed once) and the rest of it, stored UTF-8
    encoded with the other inputs' in a :class:`~policytext._strings.StringList`, and its
    document id is stored only when it is not that rest (the relative path, as it usually is).
    About ``len(relpath.encode()) + 13`` bytes an input; as tuples of strings the plan took
    ≈330 bytes an input (more with Chinese file names), most of what a run kept per document.
    """

    TASK, REUSE, DONE = 0, 1, 2
    _OWN_ID = 0x80  # kind flag: the document id is stored after the path's rest (NUL between)

    def __init__(self, *, encode: bool) -> None:
        self.encode = encode  # the tasks' flag: pre-encode results for an output folder
        self._kinds = bytearray()
        self._folders: dict[str, int] = {}  # path prefix → its number
        self._folder_names: list[str] = []
        self._folder_of = array("i")
        self._rests = StringList()
        # DONE and REUSE entries by position (ascending: found by bisection), with their item:
        # the number of a distinct DONE item; for REUSE, five int64 — the state line's offset
        # and length, the input's size and mtime, whether its path is the one in the state. A
        # resumed run reuses most inputs, and a folder can hold a million unsupported files.
        self._done_at, self._done_item = array("q"), array("i")
        self._reused_at, self._reused = array("q"), array("q")
        self._distinct: dict[Any, int] = {}
        self._distinct_items: list[Any] = []
        self.n_tasks = 0

    def add(self, path: str, doc_id: str, kind: int = TASK, item: Any = None) -> None:
        i = len(self._kinds)
        # the path ends with the relative path the id is made from (unless the id got a #2, or
        # the separators differ: then the whole path is the rest)
        cut = len(path) - len(doc_id) if doc_id and path.endswith(doc_id) else 0
        folder, rest = path[:cut], path[cut:]
        self._folder_of.append(_number(folder, self._folders, self._folder_names))
        if rest == doc_id:
            self._kinds.append(kind)
            self._rests.append(rest)
        else:  # NUL is in no path
            self._kinds.append(kind | self._OWN_ID)
            self._rests.append(f"{rest}\0{doc_id}")
        if kind == self.TASK:
            self.n_tasks += 1
        elif kind == self.DONE:
            self._done_at.append(i)
            self._done_item.append(_number(item, self._distinct, self._distinct_items))
        else:
            self._reused_at.append(i)
            self._reused.extend((item.offset, item.length, item.size, item.mtime_ns,
                                 item.path == path))

    def __len__(self) -> int:
        return len(self._kinds)

    @property
    def nbytes(self) -> int:
        """Bytes the plan holds (its folders and distinct DONE items aside)."""
        arrays = (self._kinds, self._folder_of, self._done_at, self._done_item, self._reused_at,
                  self._reused)
        return self._rests.nbytes + sum(map(sys.getsizeof, arrays))

    def kind(self, i: int) -> int:
        return self._kinds[i] & ~self._OWN_ID

    def item(self, i: int) -> Any:
        """The item of a DONE entry, or the :class:`Prev` of a REUSE entry."""
        return self._item(i, self.kind(i), *self.names(i))

    def _item(self, i: int, kind: int, path: str, doc_id: str) -> Any:
        if kind == self.DONE:
            return self._distinct_items[self._done_item[bisect_left(self._done_at, i)]]
        if kind != self.REUSE:
            raise KeyError(f"input {i} is a task: it has no item")
        k = 5 * bisect_left(self._reused_at, i)
        offset, length, size, mtime_ns, same = self._reused[k:k + 5]
        return Prev(doc_id, path if same else None, size, mtime_ns, offset, length)

    def entries(self) -> Iterator[tuple[int, int, str, str, Any]]:
        """``(position, kind, path, doc_id, item)`` of every input in order (item None for a
        task), each input's names decoded once."""
        for i in range(len(self._kinds)):
            kind = self.kind(i)
            path, doc_id = self.names(i)
            yield i, kind, path, doc_id, None if kind == self.TASK else self._item(i, kind, path, doc_id)

    def names(self, i: int) -> tuple[str, str]:
        """``(path, doc_id)`` of input ``i``."""
        rest = self._rests[i]
        if self._kinds[i] & self._OWN_ID:
            rest, _, doc_id = rest.partition("\0")
        else:
            doc_id = rest
        return self._folder_names[self._folder_of[i]] + rest, doc_id

    def tasks(self) -> _PlanTasks:
        return _PlanTasks(self)


def _number(value: Any, numbers: dict[Any, int], values: list[Any]) -> int:
    """The number of ``value`` in ``values`` (appended with the next number if new)."""
    number = numbers.get(value)
    if number is None:
        number = numbers[value] = len(values)
        values.append(value)
    return number


class _PlanTasks:
    """The tasks ``(index, path, doc_id, encode)`` of a :class:`Plan`, in order, made as they
    are iterated (a sized, re-iterable view: the executors go over them more than once)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def __len__(self) -> int:
        return self.plan.n_tasks

    def __iter__(self) -> Iterator[tuple[int, str, str, bool]]:
        plan = self.plan
        kind, task, encode = plan.kind, Plan.TASK, plan.encode
        for i in range(len(plan)):
            if kind(i) == task:
                yield (i, *plan.names(i), encode)
