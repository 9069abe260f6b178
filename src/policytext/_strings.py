"""A list of strings kept as one UTF-8 buffer: for what a batch holds per document until the run
ends (document ids, input paths), where a Python ``str`` costs 49–74 bytes of header on top of its
characters and a list slot 8 more. One string per document of the 1.5 million articles of
People's Daily is 100–200 MB as objects."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any, overload


class StringList(Sequence[Hashable]):
    """A growing list of strings stored encoded back to back (``len(s.encode()) + 8`` bytes
    each). Items that are not ``str`` are kept as they are, so it can stand for any list of
    keys. Lone surrogates (undecodable file names) round-trip. Picklable; compares equal to a
    list or tuple with the same items."""

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self._text = bytearray()
        self._ends = array("q")
        self._other: dict[int, Hashable] = {}  # position → an item that is not a str
        self.extend(items)

    def append(self, item: Hashable) -> None:
        if type(item) is str:
            self._text += item.encode("utf-8", "surrogatepass")
        else:
            self._other[len(self._ends)] = item
        self._ends.append(len(self._text))

    def extend(self, items: Iterable[Hashable]) -> None:
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return len(self._ends)

    @property
    def nbytes(self) -> int:
        """Bytes held by the buffers (items that are not ``str`` aside)."""
        return sys.getsizeof(self._text) + sys.getsizeof(self._ends)

    def _get(self, i: int) -> Hashable:
        if self._other and i in self._other:
            return self._other[i]
        start = self._ends[i - 1] if i else 0
        return self._text[start:self._ends[i]].decode("utf-8", "surrogatepass")

    @overload
    def __getitem__(self, i: int) -> Hashable: ...

    @overload
    def __getitem__(self, i: slice) -> list[Hashable]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self._get(k) for k in range(*i.indices(len(self)))]
        n = len(self._ends)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("StringList index out of range")
        return self._get(i)

    def __iter__(self) -> Iterator[Hashable]:
        for i in range(len(self._ends)):
            yield self._get(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (StringList, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        head = list(self[:5])
        more = f", … ({len(self)} items)" if len(self) > 5 else ""
        return f"StringList({head!r}{more})"
