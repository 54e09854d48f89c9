"""Choose: survivors by policy, no chaining, and short lines carried with their runs."""

from __future__ import annotations

import pytest

from dedupe_text import DedupeConfig, dedupe

LEDE = "The regional rail operator confirmed on Wednesday that a nightly sleeper service will resume in March."
TEASER = "The regional rail operator confirmed on Wednesday that a nightly"
UPDATE = LEDE + " Tickets go on sale next month, the operator said."
OTHER = "Towns along the route had campaigned for a night connection for several years."


def removed(text: str, **options: object) -> list[tuple[int, int, str]]:
    return [(r.index, r.duplicate_of, r.rule) for r in dedupe(text, **options).removals]


def test_complete_keeps_the_full_paragraph_over_an_earlier_teaser() -> None:
    assert removed("\n".join([TEASER, OTHER, LEDE])) == [(0, 2, "contained")]


def test_complete_keeps_the_update_over_the_older_version() -> None:
    assert removed("\n".join([LEDE, OTHER, UPDATE])) == [(0, 2, "contained")]


@pytest.mark.parametrize(
    ("keep", "expected"),
    [("first", [(2, 0, "exact")]), ("last", [(0, 2, "exact")]), ("longest", [(2, 0, "exact")]),
     ("complete", [(2, 0, "exact")])],
)
def test_keep_policies_on_exact_copies(keep: str, expected: list[tuple[int, int, str]]) -> None:
    assert removed("\n".join([LEDE, OTHER, LEDE]), keep=keep) == expected


def test_keep_first_never_removes_the_fuller_text() -> None:
    result = dedupe("\n".join([TEASER, OTHER, LEDE]), keep="first")
    assert result.removals == ()
    assert LEDE in result.text


def test_no_chaining_each_removal_matches_its_survivor() -> None:
    a = "the committee will meet again on thursday to hear from residents about the new ferry timetable"
    b = a.replace("thursday", "friday").replace("residents", "locals")
    c = b.replace("ferry", "bus").replace("new", "revised").replace("hear from", "listen to")
    config = DedupeConfig()
    result = dedupe("\n".join([a, b, c]), config)
    from rapidfuzz import fuzz

    for r in result.removals:
        kept = result.paragraphs[r.duplicate_of].text
        assert fuzz.ratio(r.text, kept) >= config.near_threshold or r.rule == "contained"


def test_a_paragraph_quoted_inside_another_stays() -> None:
    second = "Passengers will be able to book beds in shared compartments or in private cabins."
    merged = LEDE + " " + second
    assert removed("\n".join([LEDE, OTHER, second, merged])) == [(0, 3, "contained")]


def test_short_lines_go_with_a_pasted_run_but_stay_alone() -> None:
    body = [LEDE, "By Ann Lee", OTHER]
    weather = "A completely different paragraph, about the weather in the valley this week."
    text = "\n".join(["* * *", *body, "* * *", weather, *body])
    result = dedupe(text)
    assert [(r.index, r.rule) for r in result.removals] == [(6, "exact"), (7, "run"), (8, "exact")]
    assert result.text.count("* * *") == 2


def test_interleaved_copies_carry_their_short_lines() -> None:
    text = "\n".join([LEDE, LEDE, "That's not all...", "That's not all...", OTHER, OTHER])
    assert [r.index for r in dedupe(text).removals] == [1, 3, 5]


def test_runs_can_be_switched_off() -> None:
    body = [LEDE, "By Ann Lee", OTHER]
    assert [r.rule for r in dedupe("\n".join(body + body), runs=False).removals] == ["exact", "exact"]
