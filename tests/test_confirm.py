"""Confirm: exact, near (re-keyed), contained (teaser, older version), and what is not a copy."""

from __future__ import annotations

from dedupe_text.config import DedupeConfig
from dedupe_text.confirm import confirm
from dedupe_text.normalize import normalize

CONFIG = DedupeConfig()
FULL = normalize(
    "The county says the work on the bridge deck cannot wait until the autumn after an inspection found cracks."
)


def test_identical_keys_are_exact() -> None:
    match = confirm(0, 1, FULL, FULL, CONFIG)
    assert match is not None and match.rule_for(1) == "exact"


def test_small_edits_are_near_and_either_may_go() -> None:
    edited = FULL.replace("cannot wait", "can not wait").replace("found", "had found")
    match = confirm(0, 1, FULL, edited, CONFIG)
    assert match is not None
    assert match.similarity >= CONFIG.near_threshold
    assert match.removable(0, CONFIG) and match.removable(1, CONFIG)


def test_teaser_is_contained_and_only_the_teaser_may_go() -> None:
    teaser = FULL[:60]
    match = confirm(0, 1, teaser, FULL, CONFIG)
    assert match is not None and match.inner == 0
    assert match.rule_for(0) == "contained"
    assert match.removable(0, CONFIG)
    assert not match.removable(1, CONFIG)


def test_update_with_a_sentence_added_contains_the_older_version() -> None:
    update = FULL + " " + normalize("Work starts on Monday and should last six weeks, the county said.")
    match = confirm(0, 1, FULL, update, CONFIG)
    assert match is not None and match.inner == 0 and not match.removable(1, CONFIG)


def test_a_sentence_from_the_middle_of_a_long_paragraph_is_not_a_copy() -> None:
    quote = normalize("the work on the bridge deck cannot wait until the autumn")
    assert confirm(0, 1, quote, FULL, CONFIG) is None


def test_an_end_borrowed_by_another_paragraph_is_not_a_copy() -> None:
    borrowed = normalize("Work starts on Monday and should last six weeks, the county said.")
    assert confirm(0, 1, borrowed, FULL + " " + borrowed, CONFIG) is None


def test_short_lines_are_never_judged_fuzzily() -> None:
    assert confirm(0, 1, "reporting by ann lee", "reporting by ann li", CONFIG) is None


def test_different_paragraphs_do_not_match() -> None:
    other = normalize("Bus services will keep running on a shortened route, with an extra stop at the station.")
    assert confirm(0, 1, FULL, other, CONFIG) is None


def test_lines_that_differ_in_a_number_are_not_near_copies() -> None:
    a = normalize("Posted by John Smith on October 31, 2012 at 5:30 pm in Local News")
    b = normalize("Posted by John Smith on October 31, 2012 at 4:30 pm in Local News")
    assert confirm(0, 1, a, b, CONFIG) is None
