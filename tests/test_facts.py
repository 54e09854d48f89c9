"""Same facts: near copies name the same things; templated look-alikes are paragraphs of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_text
from dedupe_text.facts import difference, held, tokens

FRAME = "Tickets for the {} concert at the old harbour go on sale on Friday morning at nine."
PLACES = ["Lindholm", "Grevsund", "Ostervik", "Marby"]


def removed(text: str) -> list[int]:
    return [r.index for r in dedupe_text.dedupe(text).removals]


def test_a_name_swapped_for_another_is_a_lookalike_and_stays() -> None:
    text = "\n".join(FRAME.format(p) for p in PLACES)
    result = dedupe_text.dedupe(text)
    assert result.removals == ()
    assert [x.reason for x in result.lookalikes] == [f"names differ (Lindholm / {p})" for p in PLACES[1:]]


def test_a_rekeyed_copy_still_goes() -> None:
    edited = FRAME.format("Lindholm").replace("concert", "concerts").replace("go on", "go now on").upper()
    assert removed("\n".join([FRAME.format("Lindholm"), "Doors open at eight.", edited])) == [2]


def test_a_typo_in_a_name_is_still_the_same_name() -> None:
    typo = FRAME.format("Lindhlom")
    assert removed("\n".join([FRAME.format("Lindholm"), typo])) == [1]


def test_a_swapped_number_is_another_fact() -> None:
    a = "The number 12 bus to the station now leaves every twenty minutes from the square."
    b = a.replace("12", "21")
    result = dedupe_text.dedupe(a + "\n" + b)
    assert result.removals == ()
    assert result.lookalikes[0].reason == "numbers differ (12 / 21)"


@pytest.mark.parametrize(("a", "b"), [
    ("Highest accepted bid for the lot, before fees", "Lowest accepted bid for the lot, before fees"),
    ("Tap here if you want to recommend this comment", "Tap here if you want to report this comment"),
])
def test_short_lines_on_one_frame_stay_unless_identical(a: str, b: str) -> None:
    middle = "The auction closes at noon on the last Sunday of the month."
    assert difference(a.lower(), b.lower(), a, b) is not None
    assert dedupe_text.dedupe(f"{a}\n{middle}\n{b}", near_min_chars=10).removals == ()
    assert removed(f"{a}\n{middle}\n{a}") == [2]


def test_a_capital_that_opens_a_sentence_names_nothing_alone() -> None:
    assert [t.raw for t in tokens("Ferries run daily. Boats wait at Quay Nine.") if t.fact] == ["Quay", "Nine"]


def test_unspaced_scripts_compare_numbers_and_other_scripts() -> None:
    a = "今天下午三点在北京举行的发布会上公司宣布新产品将于下个月在Netflix上线并同步推出第2季"
    assert difference(a, a.replace("Netflix", "Youtube")) == "names differ (Netflix / Youtube)"
    assert difference(a, a.replace("第2季", "第3季")) == "numbers differ (2 / 3)"
    assert difference(a, a.replace("下午", "下下午")) is None  # a doubled character: re-keyed
    assert [t.text for t in tokens("東京でNASAの会見")] == ["東", "京", "で", "nasa", "の", "会", "見"]


def test_thai_without_spaces_is_read_a_character_at_a_time() -> None:
    a = "รถไฟขบวนใหม่จะเริ่มให้บริการในเดือนหน้าตามที่การรถไฟประกาศไว้"
    assert all(len(t.text) == 1 for t in tokens(a))


def test_a_teaser_with_words_of_its_own_is_not_contained() -> None:
    full = "Even the newest trains on the coast line are not cleaned as often as the operator promised last year"
    teaser = "But even the newest trains on the coast line are not cleaned as often"
    assert removed(f"{teaser}\nSomething else entirely, said here.\n{full}") == []
    assert removed(f"{full[:70]}\nSomething else entirely, said here.\n{full}") == [0]


def test_held_means_nothing_of_its_own() -> None:
    assert held("March 3 | By Ann Berg", "March 3 in Travel | By Ann Berg")
    assert not held("March 3 in Travel | By Ann Berg", "March 3 | By Ann Berg")
    assert not held("3", "Comments 3")  # too little to tell


NAMES = st.sampled_from(["Lindholm", "Grevsund", "Ostervik", "Marby", "Kestrel", "Tovaren"])


@settings(max_examples=100, deadline=None)
@given(NAMES, NAMES)
def test_swapping_a_name_changes_the_facts_iff_the_names_differ(x: str, y: str) -> None:
    a, b = FRAME.format(x), FRAME.format(y)
    assert (difference(a.lower(), b.lower(), a, b) is None) == (x == y)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1.,中文ไทยÄé\u0301"), max_size=60))
def test_tokens_never_fail_and_keep_every_digit(text: str) -> None:
    found = tokens(text)
    assert "".join(c for t in found for c in t.raw if c.isdigit()) == "".join(c for c in text if c.isdigit())
