"""Candidates: all pairs for short documents, MinHash LSH for long ones, anchors for containment."""

from __future__ import annotations

import random
from itertools import combinations
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dedupe_text import candidates
from dedupe_text.candidates import all_pairs_similar, anchor_pairs, candidate_pairs, exact_groups
from dedupe_text.config import DedupeConfig
from dedupe_text.core import fingerprint_all
from dedupe_text.fingerprint import Fingerprint, anchors, fingerprint

BASE = "the harbour master said the ferry would run a reduced timetable for the rest of the month"


def test_exact_copies_are_grouped_not_paired() -> None:
    prints = fingerprint_all([BASE, "Something else entirely, long enough.", BASE.upper()])
    assert exact_groups(prints, [0, 1, 2]) == [[0, 2]]
    assert (0, 2) not in candidate_pairs(prints, [0, 1, 2], DedupeConfig())


def test_near_copy_is_a_candidate_with_its_score() -> None:
    prints = fingerprint_all([BASE, BASE.replace("reduced", "shorter")])
    pairs = candidate_pairs(prints, [0, 1], DedupeConfig())
    assert pairs[(0, 1)] is not None and pairs[(0, 1)] >= 85


def test_teaser_is_a_candidate_through_its_anchor() -> None:
    prints = fingerprint_all([BASE[:45], "unrelated words " * 5, BASE])
    assert (0, 2) in candidate_pairs(prints, [0, 1, 2], DedupeConfig())


def test_lsh_finds_the_near_copies_that_all_pairs_finds() -> None:
    rng = random.Random(3)
    vocab = [f"w{n}" for n in range(3000)]
    texts = [" ".join(rng.choice(vocab) for _ in range(30)) for _ in range(400)]
    for i in range(0, 400, 40):
        words = texts[i].split()
        words[rng.randrange(30)] = "edited"
        texts.append(" ".join(words))
    prints = fingerprint_all(texts)
    members = list(range(len(texts)))
    all_pairs = candidate_pairs(prints, members, DedupeConfig(all_pairs_max=len(texts)))
    near = {p for p, s in all_pairs.items() if s is not None}
    via_lsh = set(candidate_pairs(prints, members, DedupeConfig(all_pairs_max=0)))
    assert len(near) == 10
    assert near <= via_lsh


def _texts_and_copies(keys: list[str]) -> tuple[list[Fingerprint], list[list[int]]]:
    """Fingerprint ``keys`` as they are and group the identical ones, in order."""
    copies: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        copies.setdefault(key, []).append(i)
    return [fingerprint(key) for key in keys], list(copies.values())


def _pairs_of(copies: list[list[int]], x: int, y: int) -> list[tuple[int, int]]:
    return [(min(a, b), max(a, b)) for a in copies[x] for b in copies[y]]


@given(st.lists(st.text("ab c", min_size=1, max_size=14), max_size=14), st.sampled_from([1e-9, 50, 70, 85, 85.5, 100]))
@example(["a" * 17 + "bb", "a" * 17 + "cccc"], 85.00000000000001)  # a ratio of 85.0 that fuzz.ratio rejects
def test_all_pairs_scores_what_a_plain_double_loop_scores(keys: list[str], threshold: float) -> None:
    """Skipping pairs by length and preparing each shorter text once changes no pair and no score."""
    prints, copies = _texts_and_copies(keys)
    expected = {}
    for x, y in combinations(range(len(copies)), 2):
        score = fuzz.ratio(keys[copies[x][0]], keys[copies[y][0]], score_cutoff=threshold)
        if score:
            expected.update(dict.fromkeys(_pairs_of(copies, x, y), score))
    assert all_pairs_similar(prints, copies, DedupeConfig(near_threshold=threshold)) == expected


@given(st.lists(st.lists(st.sampled_from(["x", "y", "z.", "x. a long sentence that repeats elsewhere"]),
                         min_size=3, max_size=10).map(" ".join), max_size=12),
       st.sampled_from([2, 3, candidates.STOCK_MAX]))
def test_anchor_pairs_are_the_texts_sharing_an_anchor_held_by_few(keys: list[str], stock_max: int) -> None:
    prints, copies = _texts_and_copies(keys)
    held = [set(anchors(keys[group[0]])) for group in copies]
    expected = set()
    for x, y in combinations(range(len(copies)), 2):
        if any(sum(anchor in h for h in held) <= stock_max for anchor in held[x] & held[y]):
            expected.update(_pairs_of(copies, x, y))
    with mock.patch.object(candidates, "STOCK_MAX", stock_max):
        assert anchor_pairs(prints, copies) == expected
