"""Word diffs of removed copies for the terminal."""

from __future__ import annotations

from review_fixture import EXAMPLE

from dedupe_text import dedupe
from dedupe_text.review import copy_diff


def test_only_near_and_contained_copies_get_a_diff() -> None:
    result = dedupe(EXAMPLE)
    diffs = {r.index + 1: copy_diff(result, r) for r in result.removals}
    assert {n for n, d in diffs.items() if d is not None} == {1, 11}
    assert "air quality has [-breached-] {+broken+} legal limits" in (diffs[11] or "")
    assert (diffs[1] or "").endswith("Tuesday. [-Councillors voted 31 to 12 after nine hours of debate, ending a fight"
                                     " that has split the east bank for a decade.-]")


def test_colour_diff_uses_ansi_and_plain_has_none() -> None:
    result = dedupe(EXAMPLE)
    near = next(r for r in result.removals if r.rule == "near")
    coloured, plain = copy_diff(result, near, color=True) or "", copy_diff(result, near) or ""
    assert "\x1b[9;31mbreached\x1b[0m \x1b[4;32mbroken\x1b[0m" in coloured
    assert "\x1b" not in plain
