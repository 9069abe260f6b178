"""A small cache keyed by object identity, for values derived from an object that is not
hashable or too costly to hash (a 300 kB text, a Lexicon, a matcher's value list)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """The values of the last ``size`` objects stored, looked up by identity (``is``).

    Each entry keeps its object alive, so the ``id`` it is filed under cannot be reused by
    another object while the entry lives. Safe when threads share the cache: the oldest entry
    is evicted in one ``OrderedDict.popitem`` call (the size bound is soft: threads storing at
    the same moment may each add one entry).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[int, tuple[Any, V]] = OrderedDict()

    def get(self, obj: Any) -> V | None:
        entry = self._entries.get(id(obj))
        return entry[1] if entry is not None and entry[0] is obj else None

    def put(self, obj: Any, value: V) -> V:
        entries = self._entries
        if len(entries) >= self.size:
            try:
                entries.popitem(last=False)  # the oldest
            except KeyError:  # emptied by another thread meanwhile
                pass
        entries[id(obj)] = (obj, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
