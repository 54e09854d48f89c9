"""Normalize: what compares equal, and what must not."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_text.normalize import _PUNCTUATION, _fold, _strip_emphasis, normalize


@pytest.mark.parametrize(
    "variant",
    ["**Title of the piece**", "# Title of the piece", "TITLE OF THE PIECE", "Title of the piece",
     "## Title of the piece ##", "_Title of the piece_", "Title  of\u00a0the piece ", "Title of the piece\n=========="],
)
def test_markup_case_and_spacing_variants_compare_equal(variant: str) -> None:
    assert normalize(variant) == "title of the piece"


def test_quotes_dashes_and_entities_are_unified() -> None:
    curly = normalize("\u201cIt\u2019s done\u201d \u2014 she said &amp; left")
    assert curly == normalize('"It\'s done" - she said & left')


def test_nfkc_folds_compatibility_forms() -> None:
    assert normalize("\ufb01ne \uff21") == "fine a"


def test_trailing_ellipsis_is_dropped() -> None:
    assert normalize("A teaser that stops...") == normalize("A teaser that stops\u2026") == "a teaser that stops"


def test_different_words_stay_different() -> None:
    assert normalize("Reporting by Ann Lee") != normalize("Reporting by Ann Li")


@given(st.text())
def test_normal_form_has_single_inner_spaces_and_is_stable(text: str) -> None:
    key = normalize(text)
    assert key == " ".join(key.split())
    assert normalize(key) == normalize(normalize(key))


# Quotes and dashes, compatibility forms that NFKC turns into them, and neighbours that compose or case-fold.
_TRICKY = "".join(_PUNCTUATION) + "\u2033\ufe58\uff40\u1fef\u0301\u0338<=aAI\u0130\u00df\u03a3\uab70\u00a0\u2026\u4e2d"


@given(st.text(st.sampled_from(_TRICKY), max_size=30) | st.text(max_size=30))
def test_folding_skips_only_moot_steps(text: str) -> None:
    """``_fold`` unifies quotes and dashes first and skips NFKC and casefold when moot: same as in plain order."""
    plain_order = "".join(_PUNCTUATION.get(c, c) for c in unicodedata.normalize("NFKC", text).casefold())
    assert _fold(text) == plain_order


def test_a_double_prime_is_two_primes() -> None:
    assert normalize("6\u2033 tall") == normalize("6\u2032\u2032 tall") == "6'' tall"


REGEX_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
"""The expression emphasis was stripped with (quadratic on unclosed delimiters): the reference."""


@given(st.text(st.sampled_from("*_~ a\n\t."), max_size=40))
def test_emphasis_is_stripped_as_the_regular_expression_would(text: str) -> None:
    assert _strip_emphasis(text) == REGEX_EMPHASIS.sub(r"\2", text)
