"""Structure is not duplication: headings, tables of contents and lists keep what they hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_text
from dedupe_text.core import find_duplicates
from dedupe_text.structure import Structure, contents, infer, lists

LEDE = ("The harbour board approved a second ferry berth on Monday after a year of delays, "
        "and construction will start in the spring.")
OTHER = "Residents on the island had asked for a later evening crossing for several winters."
REPEAT = "Fares for the new evening crossing will match the daytime fares, the board said."


def rules(text: str) -> list[tuple[int, str]]:
    return [(r.index, r.rule) for r in dedupe_text.dedupe(text).removals]


def test_a_heading_is_never_a_teaser_of_the_paragraph_it_heads() -> None:
    heading = "THE HARBOUR BOARD APPROVED A SECOND FERRY BERTH"
    result = dedupe_text.dedupe("\n".join([heading, LEDE, OTHER]))
    assert result.removals == ()
    assert result.lookalikes[0].reason == "heading of the paragraph below"


def test_a_teaser_above_its_paragraph_that_reads_as_a_sentence_still_goes() -> None:
    teaser = "The harbour board approved a second ferry berth on Monday after a year"
    assert rules("\n".join([teaser, LEDE, OTHER])) == [(0, "contained")]


def test_table_of_contents_entries_and_their_headings_both_stay() -> None:
    heads = ["History of the crossing", "Plans for the new berth", "What the fares will be"]
    text = "\n".join(["Contents", *heads, heads[0], LEDE, heads[1], OTHER, heads[2], REPEAT, REPEAT])
    result = dedupe_text.dedupe(text)
    assert [(r.index, r.rule) for r in result.removals] == [(10, "exact")]
    assert "a heading and its table-of-contents entry" in {x.reason for x in result.lookalikes}


def test_two_procedures_sharing_steps_keep_every_step() -> None:
    shared = ["1) Open the booking page and sign in.", "2) Choose the crossing and the date."]
    text = "\n".join(["To book one seat:", *shared, "3) Pay with a card.",
                      "To book for a group:", *shared, "3) Enter the number of travellers and pay."])
    assert rules(text) == []


def test_a_body_pasted_again_with_its_list_still_goes_whole() -> None:
    body = [LEDE, "1) Open the booking page and sign in.", "2) Choose the crossing and the date.", OTHER]
    assert [i for i, _ in rules("\n".join(body + body))] == [4, 5, 6, 7]


def test_cells_of_one_table_stay_unless_the_table_repeats() -> None:
    cells = ["Departure from the old pier, weekdays", "07:15", "Departure from the old pier, weekdays", "09:40"]
    table = Structure(tables=((0, 1, 2, 3),))
    assert find_duplicates(cells, dedupe_text.DedupeConfig(), structure=table) == []
    pasted = Structure(tables=((0, 1, 2, 3), (4, 5, 6, 7)))
    again = find_duplicates(cells + cells, dedupe_text.DedupeConfig(), structure=pasted)
    assert [(d.index, d.rule) for d in again] == [(4, "exact"), (5, "run"), (6, "exact"), (7, "run")]


def test_infer_reads_headings_lists_and_contents() -> None:
    found = infer(["FERRY TIMES", LEDE, "- Monday to Friday", "- Saturdays", OTHER])
    assert found == Structure(headings=frozenset({0}), lists=((2, 3),))
    assert lists(["Step 1: Sign in.", "Step 2: Pay.", "A note.", "Step 3: Board."]) == [(0, 1, 3)]
    assert contents(["A", "B", "A", LEDE, "B", OTHER]) == ((0, 1), frozenset({2, 4}))


def test_a_block_pasted_again_is_no_table_of_contents() -> None:
    assert contents(["Short one", "Short two", LEDE, "Short one", "Short two", LEDE]) == ((), frozenset())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["- item", "1. step", "2) step", "Title Here", LEDE, OTHER, "", "* * *"]),
                max_size=30))
def test_inferred_structure_holds_only_paragraph_indexes(texts: list[str]) -> None:
    found = infer(texts)
    members = set(found.headings) | {i for group in found.lists for i in group}
    assert members <= set(range(len(texts)))
    assert all(list(group) == sorted(group) for group in found.lists)
