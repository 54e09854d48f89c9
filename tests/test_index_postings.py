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
def test_lookup_matches_a_dict_through_flushes_merges_and_kills(ops: list[tuple[str, object]],
                                                               wanted: list[int]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postings, "LEVEL_BASE", 4)
        patch.setattr(postings, "LEVEL_GROWTH", 2)
        patch.setattr(postings, "BUCKET_SCAN_MAX", 3)
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
    mapping.flush()
    mapping.add([999], [7])
    assert mapping.lookup([42, 7]) == {1: [999]}
