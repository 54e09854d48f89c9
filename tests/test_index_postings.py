"""The in-memory posting map of the embedded index behaves like a dict of sorted id lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_text.index import postings
from dedupe_text.index.backend import POSTING_MAX
from dedupe_text.index.postings import PostingMap

# Few distinct keys (so they collide and go stock), spread over the whole 64-bit range.
key_values = st.sampled_from([-(1 << 63), -7, 0, 1, 5, 1 << 40, (1 << 63) - 1, 123456789])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(key_values, min_size=1, max_size=6)),
        st.tuples(st.just("kill"), st.integers(0, 30)),
    ),
    max_size=60,
)


def _model_lookup(model: dict[int, list[int]], dead: set[int], keys: list[int]) -> dict[int, list[int]]:
    out = {}
    for j, key in enumerate(keys):
        live = sorted(p for p in model.get(key, []) if p not in dead)
        if 0 < len(live) <= POSTING_MAX:
            out[j] = live
    return out


@settings(max_examples=150, deadline=None)
@given(operations, st.lists(key_values, max_size=8))
def test_lookup_matches_a_dict_through_splits_overflow_and_kills(ops: list[tuple[str, object]],
                                                                wanted: list[int]) -> None:
    with pytest.MonkeyPatch.context() as patch:  # a tiny table: full buckets, splits and rewrites
        patch.setattr(postings, "SLOTS", 2)
        patch.setattr(postings, "FIRST_BITS", 1)
        patch.setattr(postings, "DEAD_MIN", 2)
        mapping, model, dead, pid = PostingMap(), {}, set(), 0
        for kind, arg in ops:
            if kind == "add":
                assert isinstance(arg, list)
                keys = list(dict.fromkeys(arg))
                mapping.add([pid] * len(keys), keys)
                for key in keys:
                    model.setdefault(key, []).append(pid)
                pid += 1
            elif pid:  # ids are never reused: only a paragraph already added is forgotten
                assert isinstance(arg, int)
                mapping.kill([arg % pid])
                dead.add(arg % pid)
            assert mapping.lookup(wanted) == _model_lookup(model, dead, wanted)
        assert len(mapping) <= sum(len(v) for v in model.values())


def test_a_key_held_by_too_many_paragraphs_is_stock() -> None:
    mapping = PostingMap()
    for pid in range(POSTING_MAX + 1):
        mapping.add([pid], [42])
    mapping.add([999], [7])
    assert mapping.lookup([42, 7]) == {1: [999]}


def test_a_table_grown_by_splits_finds_every_posting() -> None:
    keys = [(k * 0x9E3779B97F4A7C15) % (1 << 64) - (1 << 63) for k in range(1, 20001)]
    mapping = PostingMap()
    for at in range(0, len(keys), 500):
        mapping.add(range(at, at + 500), keys[at:at + 500])
    assert mapping.bits > postings.FIRST_BITS
    assert mapping.lookup(keys[::97]) == {j: [97 * j] for j in range(len(keys[::97]))}
