"""Hostile input for the decider (issue 16): long paragraphs, runs of repeats; bounded, no timing asserted."""

from __future__ import annotations

import random

import dedupe_text
from dedupe_text.candidates import ALL_PAIRS_MAX_CHARS, PARTNERS_MAX, _closest


def _words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 7))) for _ in range(n)) + "."


def test_long_distinct_paragraphs_leave_the_all_pairs_path() -> None:
    rng = random.Random(5)
    paras = [_words(rng, 900) for _ in range(2 + ALL_PAIRS_MAX_CHARS // 4000)]
    text = "\n".join(paras + paras[:1])
    result = dedupe_text.dedupe(text)
    assert [(r.index, r.duplicate_of) for r in result.removals] == [(len(paras), 0)]


def test_texts_that_all_share_buckets_are_scored_a_bounded_number_of_times() -> None:
    shared = {(x, y): 1 + (y - x) % 3 for x in range(200) for y in range(x + 1, 200)}
    pairs = _closest(shared, 200)
    assert len(pairs) <= PARTNERS_MAX * 200
    assert pairs == sorted(set(pairs)) and all(x < y for x, y in pairs)


def test_a_long_teaser_is_scored_by_what_its_container_holds() -> None:
    rng = random.Random(6)
    full = _words(rng, 1200)
    teaser = full[: len(full) * 2 // 3].rsplit(" ", 1)[0]
    result = dedupe_text.dedupe("\n".join([teaser, "Something else.", full]))
    assert [(r.index, r.rule) for r in result.removals] == [(0, "contained")]


def test_thousands_of_repeated_short_lines_carry_without_chains() -> None:
    body = ["0"] * 2000 + ["aa aa aa aa aa aa aa"] * 2
    result = dedupe_text.dedupe("\n".join(body))
    gone = {r.index for r in result.removals}
    assert all(r.duplicate_of not in gone for r in result.removals)
    assert dedupe_text.clean(result.text) == result.text
