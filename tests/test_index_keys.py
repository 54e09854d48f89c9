"""Posting keys of the index: MinHash signatures and band keys against plain one-value-at-a-time references."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_text.config import DedupeConfig
from dedupe_text.index.keys import band_keys, batch_signatures, shared_permutations

_MASK32 = (1 << 32) - 1
_MASK64 = (1 << 64) - 1


def _murmur_finalizer(value: int) -> int:
    value ^= value >> 16
    value = (value * 0x85EBCA6B) & _MASK32
    value ^= value >> 13
    value = (value * 0xC2B2AE35) & _MASK32
    return value ^ (value >> 16)


def _signature(shingles: list[int], permutations: np.ndarray) -> list[int]:
    """``affine32`` MinHash of one set: the least ``a * h + b`` mod 2^32 of each permutation."""
    mixed = [_murmur_finalizer(h) for h in shingles]
    return [min((int(a) * h + int(b)) & _MASK32 for h in mixed) for a, b in zip(*permutations)]


def _band_key(values: list[int], band: int) -> int:
    """One band's key: the band's seed, then each value xored in, multiplied and folded."""
    h = (band + 1) * 0x9E3779B97F4A7C15 & _MASK64
    for value in values:
        h = ((h ^ value) * 0xBF58476D1CE4E5B9) & _MASK64
        h ^= h >> 31
    return h - (1 << 64) if h >> 63 else h


shingle_sets = st.lists(st.lists(st.integers(0, _MASK32), min_size=1, max_size=12), min_size=1, max_size=6)


@settings(deadline=None)
@given(shingle_sets)
def test_batch_signatures_are_each_sets_minhash(sets: list[list[int]]) -> None:
    permutations = shared_permutations(DedupeConfig())
    flat = np.array([h for s in sets for h in s], dtype=np.uint32)
    ours = batch_signatures(flat, np.array([len(s) for s in sets]), permutations)
    assert ours.tolist() == [_signature(s, permutations) for s in sets]


@given(st.lists(st.lists(st.integers(0, _MASK32), min_size=8, max_size=8), min_size=1, max_size=5),
       st.sampled_from([1, 2, 4, 8]))
def test_band_keys_mix_each_bands_values_in_order(rows: list[list[int]], bands: int) -> None:
    keys = band_keys(np.array(rows, dtype=np.uint32), bands)
    width = 8 // bands
    assert keys.tolist() == [[_band_key(row[b * width:(b + 1) * width], b) for b in range(bands)] for row in rows]
