"""The identity-keyed cache behind the matcher's scan memo and the compiled-lexicon caches."""

from __future__ import annotations

from policytext._identity_cache import IdentityCache


def test_found_by_identity_not_equality_and_oldest_evicted():
    cache: IdentityCache[int] = IdentityCache(2)
    a, b, c = "两个维护" * 3, "".join(["两个维护"] * 3), "四个意识" * 3  # b: built at run time
    assert a == b and a is not b
    cache.put(a, 1)
    assert cache.get(a) == 1
    assert cache.get(b) is None  # an equal object is a different key
    cache.put(b, 2)
    cache.put(c, 3)  # evicts a, the oldest
    assert (cache.get(a), cache.get(b), cache.get(c)) == (None, 2, 3)
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0 and cache.get(c) is None
