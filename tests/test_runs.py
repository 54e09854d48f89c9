"""Runs, completely: short lines go with the pasted run around them, and only then."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_text

LEDE = "The island council voted on Tuesday to keep the night ferry running through the winter months."
SECOND = "Operators had warned that the crossing loses money from November to March every year."
THIRD = "The council will pay the difference from its harbour fund, a spokesperson said afterwards."
DATELINE = "March 4, 2026 | By Ines Marlow"


def removals(text: str) -> list[tuple[int, int, str]]:
    return [(r.index, r.duplicate_of, r.rule) for r in dedupe_text.dedupe(text).removals]


def test_a_short_line_held_by_its_twin_goes_with_its_run() -> None:
    fuller = "March 4, 2026 in Transport | By Ines Marlow"
    text = "\n".join([LEDE, fuller, SECOND, THIRD, "Weather: dry and cold.", LEDE, DATELINE, SECOND, THIRD])
    assert removals(text) == [(5, 0, "exact"), (6, 1, "run-near"), (7, 2, "exact"), (8, 3, "exact")]


def test_a_short_line_that_gained_words_in_the_paste_stays() -> None:
    fuller = "March 4, 2026 in Transport | By Ines Marlow"
    text = "\n".join([LEDE, DATELINE, SECOND, THIRD, "Weather: dry and cold.", LEDE, fuller, SECOND, THIRD])
    assert (6, 1, "run-near") not in removals(text)


BYLINE = "By Ines Marlow"


def test_a_block_pasted_in_another_order_is_a_run() -> None:
    text = "\n".join([LEDE, BYLINE, SECOND, THIRD, "Weather: dry and cold.", THIRD, SECOND, BYLINE, LEDE])
    assert removals(text) == [(5, 3, "exact"), (6, 2, "exact"), (7, 1, "block"), (8, 0, "exact")]


def test_an_isolated_short_repeat_stays() -> None:
    text = "\n".join([BYLINE, LEDE, SECOND, BYLINE, THIRD])
    assert removals(text) == []


def test_a_run_never_points_at_a_removed_paragraph() -> None:
    text = "\n\n0\n0\n0\n\n\n\naa aa aa aa aa aa aa\naa aa aa aa aa aa aa\n"
    result = dedupe_text.dedupe(text)
    gone = {r.index for r in result.removals}
    assert result.removals and all(r.duplicate_of not in gone for r in result.removals)


LINES = st.sampled_from([LEDE, SECOND, THIRD, DATELINE, "0", "By Ines", "* * *", "Advertisement",
                         "March 4, 2026 in Transport | By Ines Marlow", "aa aa aa aa aa aa aa"])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_every_removal_points_at_a_paragraph_that_stays(lines: list[str], sep: str) -> None:
    result = dedupe_text.dedupe(sep.join(lines))
    kept = set(result.kept)
    assert all(r.duplicate_of in kept for r in result.removals)
    assert all(x.index in kept and x.other in kept for x in result.lookalikes)
