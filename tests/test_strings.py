"""StringList: the compact list of document ids and paths a batch keeps per input."""

from __future__ import annotations

import os
import pickle
import sys

import pytest

from policytext._strings import StringList


def test_behaves_as_the_list_it_stands_for() -> None:
    items = ["1990-10-31_高效轻型水井钻机研制成功.md", "", "a/b.txt", ("year", 2024), 7,
             os.fsdecode(b"\xff.txt"), "a/b.txt"]
    strings = StringList(items)
    assert len(strings) == len(items)
    assert strings == items and list(strings) == items and strings == tuple(items)
    assert [strings[i] for i in range(-len(items), len(items))] == items + items
    assert strings[1:4] == items[1:4] and strings[::-2] == items[::-2]
    assert strings.index("a/b.txt") == 2 and strings.count("a/b.txt") == 2
    assert "" in strings and "c" not in strings
    assert strings != items[:-1] and strings != [*items[:-1], "a/c.txt"]
    with pytest.raises(IndexError):
        strings[len(items)]
    assert pickle.loads(pickle.dumps(strings)) == items
    strings.append("new")
    assert strings[-1] == "new" and len(strings) == len(items) + 1
    with pytest.raises(TypeError):
        hash(strings)


def test_holds_the_encoded_characters_not_objects() -> None:
    ids = [f"人民日报/{year}/article-{k:05d}.md" for year in range(1946, 2026) for k in range(100)]
    strings = StringList(ids)
    encoded = sum(len(s.encode("utf-8")) for s in ids)
    assert strings.nbytes < 1.2 * (encoded + 8 * len(ids))
    as_objects = sys.getsizeof(ids) + sum(map(sys.getsizeof, ids))
    assert strings.nbytes < 0.6 * as_objects
    assert strings[5_000] == ids[5_000]
