"""Word diffs of removed copies for the terminal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from review_fixture import EXAMPLE

from dedupe_text import dedupe
from dedupe_text.render import unified_diff
from dedupe_text.review import copy_diff
from dedupe_text.review.terminal import annotate_diff


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


SENTENCES = [
    "The council approved a fourteen kilometre tram line along the riverside late on Tuesday night.",
    "Supporters said the trams would take about nine thousand cars a day off the busy quay road.",
    "Opponents warned that two years of construction would empty the small shops along the quay.",
    "The line is due to open in 2031 if the national transport fund confirms its share of the money.",
]
EDITS = st.sampled_from([("would", "could"), ("the", "a"), (" late", ""), ("Tuesday", "Monday"), ("", "")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), EDITS), min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_annotated_diff_is_the_diff_plus_one_tilde_line_per_near_or_contained_copy(
        picks: list[tuple[int, tuple[str, str]]], newline: str) -> None:
    text = newline.join(SENTENCES[i].replace(old, new, 1) for i, (old, new) in picks) + newline
    result = dedupe(text)
    lines = list(unified_diff(text, result.text, "a.txt"))
    annotated = list(annotate_diff(lines, result, color=False))
    assert [line for line in annotated if not line.startswith("~ ")] == lines
    tildes = [k for k, line in enumerate(annotated) if line.startswith("~ ")]
    assert len(tildes) == sum(r.rule in ("near", "contained") for r in result.removals)
    for k in tildes:
        assert annotated[k - 1].startswith("-") and ("[-" in annotated[k] or "{+" in annotated[k])


def test_lone_surrogates_in_a_copy_show_as_replacement_characters() -> None:
    line = "The ferry \ud800 will run every twenty minutes from Monday, the operator said on Friday"
    text = f"{line}.\n{line.replace('said', 'announced')}.\nOther.\n"
    result = dedupe(text)
    near = next(r for r in result.removals if r.rule == "near")
    for color in (False, True):
        (copy_diff(result, near, color=color) or "").encode("utf-8")
        "".join(annotate_diff(unified_diff(text, result.text, "a.txt"), result, color=color)).encode("utf-8")
    assert "\ufffd" in (copy_diff(result, near) or "")
