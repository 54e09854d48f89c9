"""Editors' overrules: keep paragraphs by number, allow patterns that may repeat."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_fixture import EXAMPLE

from dedupe_text import ConfigError, DedupeConfig, Deduplicator, dedupe
from dedupe_text.review import keep_indexes, parse_allow_list, parse_keep, review


def removed(text: str, **options: object) -> dict[int, str]:
    """Map the 1-based number of each removed paragraph to its rule."""
    return {r.index + 1: r.rule for r in review(text, **options).removals}  # type: ignore[arg-type]


BASE = {1: "contained", 3: "exact", 11: "near", 13: "exact", 14: "run", 15: "exact", 16: "exact", 17: "exact"}


def test_fixture_removals_are_what_the_review_page_shows() -> None:
    assert removed(EXAMPLE) == BASE


def test_keep_saves_the_numbered_paragraphs_and_nothing_else_changes() -> None:
    result = review(EXAMPLE, keep_numbers=[11, 3])
    assert {r.index + 1: r.rule for r in result.removals} == {k: v for k, v in BASE.items() if k not in (3, 11)}
    kept_text = [result.paragraphs[i].text for i in result.kept]
    assert kept_text.count("**Harbourton Council Backs Riverside Tram Line After Marathon Session**") == 2
    assert result.paragraphs[10].text in result.text


def test_keep_numbers_are_one_based_like_the_page() -> None:
    assert 0 not in {r.index for r in review(EXAMPLE, keep_numbers=[1]).removals}
    assert 0 in {r.index for r in review(EXAMPLE, keep_numbers=[2]).removals}


@pytest.mark.parametrize("keep", [[0], [18], [-1], [True]])
def test_keep_rejects_a_number_the_text_does_not_have(keep: list[int]) -> None:
    with pytest.raises(ConfigError) as err:
        review(EXAMPLE, keep_numbers=keep)
    assert str(err.value) == f"keep: there is no paragraph {keep[0]!r} (the text has 17 paragraphs, numbered from 1)"


def test_parse_keep() -> None:
    assert parse_keep("11") == (11,)
    assert parse_keep(" 3,11 ,3") == (3, 11)
    for bad in ("", "3,", "x", "0", "-2", "1.5"):
        with pytest.raises(ConfigError, match=r"^keep takes paragraph numbers from 1 up, separated by commas"):
            parse_keep(bad)


def test_keep_indexes_converts_to_library_indexes() -> None:
    assert keep_indexes([1, 17], 17) == frozenset({0, 16})


def test_allow_protects_paragraphs_matched_in_their_raw_text() -> None:
    assert removed(EXAMPLE, allow=(r"^Reporting by",)) == {k: v for k, v in BASE.items() if k != 17}
    # Normalization drops the bold marks; the pattern sees the raw paragraph.
    assert removed(EXAMPLE, allow=(r"^\*\*Harbourton",)) == {k: v for k, v in BASE.items() if k != 3}


def test_allowed_paragraph_may_still_be_the_kept_copy() -> None:
    result = dedupe(EXAMPLE, allow=(r"has breached legal limits",))
    assert {r.index + 1: (r.rule, r.duplicate_of + 1) for r in result.removals}[11] == ("near", 8)
    assert {r.index + 1 for r in dedupe(EXAMPLE, allow=(r"^Harbourton's city",)).removals} == set(BASE) - {1, 13}


def test_several_allow_patterns_and_the_deduplicator_share_them() -> None:
    config = DedupeConfig(allow=(r"^Advertisement$", r"Mara Quist"))
    assert {r.index + 1 for r in Deduplicator(config).dedupe(EXAMPLE).removals} == set(BASE) - {14, 17}


@pytest.mark.parametrize(("allow", "message"), [
    (("(",), "allow pattern '(' is not a valid regular expression: missing ), unterminated subpattern at position 0"),
    (("ok", "[a-"), "allow pattern '[a-' is not a valid regular expression: unterminated character set at position 0"),
    (["x"], "allow must be a tuple of strings, got ['x']"),
    ("x", "allow must be a tuple of strings, got 'x'"),
    ((1,), "allow must be a tuple of strings, got (1,)"),
])
def test_bad_allow_raises_config_error_with_exact_message(allow: object, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        DedupeConfig(allow=allow)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_allow_patterns_are_compiled_once_and_survive_replace() -> None:
    config = DedupeConfig(allow=("^By ",))
    assert config.allow_patterns is config.allow_patterns
    assert config.replace(keep="first").allow_patterns[0].pattern == "^By "
    assert config == DedupeConfig(allow=("^By ",)) and hash(config) == hash(DedupeConfig(allow=("^By ",)))
    assert dataclasses.asdict(config)["allow"] == ("^By ",)
    assert review("x", allow=("^By ",)).to_dict()["config"]["allow"] == ("^By ",)


def test_parse_allow_list_skips_blanks_and_comments_and_checks_each_line() -> None:
    assert parse_allow_list("# credits\n^Reporting by\n\n  # datelines\n\\(Northline Wire\\)\n") == (
        "^Reporting by", "\\(Northline Wire\\)")
    with pytest.raises(ConfigError, match=r"^allow pattern '\(oops' is not a valid regular expression"):
        parse_allow_list("^fine\n(oops\n")


numbers = st.lists(st.integers(1, 17), max_size=6)


@settings(max_examples=40, deadline=None)
@given(numbers)
def test_kept_numbers_always_stay_and_every_removal_has_a_kept_copy(keep: list[int]) -> None:
    result = review(EXAMPLE, keep_numbers=keep)
    kept = set(result.kept)
    assert {n - 1 for n in keep} <= kept
    assert all(r.duplicate_of in kept for r in result.removals)
