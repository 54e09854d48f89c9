"""The word-level diff shared by the review page and the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedupe_text.worddiff import render, render_ansi, render_plain, word_diff

CASES_FILE = Path(__file__).parent.parent / "fixtures" / "review" / "worddiff-cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))

words = st.lists(st.sampled_from(["the", "mayor", "said", "Tuesday.", "a", "<b>", "&", "9,000"]), max_size=12)
spaces = st.sampled_from([" ", "  ", "\n", "\t"])


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    parts = draw(words)
    return "".join(w + draw(spaces) for w in parts[:-1]) + (parts[-1] if parts else "")


@pytest.mark.parametrize("case", CASES, ids=[c["plain"][:30] for c in CASES])
def test_plain_rendering_matches_golden_cases(case: dict[str, str]) -> None:
    assert render_plain(word_diff(case["kept"], case["copy"])) == case["plain"]


@given(paragraphs(), paragraphs())
def test_chunks_rebuild_both_sides_word_for_word(kept: str, copy: str) -> None:
    chunks = word_diff(kept, copy)
    assert "".join(c.text for c in chunks if c.op != "delete").split() == copy.split()
    assert "".join(c.text for c in chunks if c.op != "insert").split() == kept.split()


@given(paragraphs(), paragraphs())
def test_every_chunk_but_the_last_ends_in_space(kept: str, copy: str) -> None:
    chunks = word_diff(kept, copy)
    assert all(c.text[-1:].isspace() for c in chunks[:-1])
    assert all(c.text.strip() for c in chunks)


@given(paragraphs())
def test_a_paragraph_against_itself_is_one_unmarked_chunk(text: str) -> None:
    chunks = word_diff(text, text)
    assert [c.op for c in chunks] == (["equal"] if text.strip() else [])
    assert render_plain(chunks) == render_ansi(chunks) == (text if text.strip() else "")


def test_ansi_marks_deletions_red_struck_and_insertions_green_underlined() -> None:
    out = render_ansi(word_diff("Rain fell on Monday.", "Rain fell Tuesday."))
    assert out == "Rain fell \x1b[9;31mon Monday.\x1b[0m \x1b[4;32mTuesday.\x1b[0m"


def test_render_quotes_words_but_not_marks() -> None:
    out = render(word_diff("x <i>", "x <b>"), ("<del>", "</del>"), ("<ins>", "</ins>"), lambda s: s.upper())
    assert out == "X <del><I></del> <ins><B></ins>"


@given(st.lists(st.sampled_from(["ferry", "\ud800", "\udcff", "a\udc80b", "Monday."]), max_size=8),
       st.lists(st.sampled_from(["ferry", "\ud800", "\udcff", "a\udc80b", "Monday."]), max_size=8))
def test_lone_surrogates_diff_and_render_as_replacement_characters(old: list[str], new: list[str]) -> None:
    chunks = word_diff(" ".join(old), " ".join(new))
    assert "".join(c.text for c in chunks if c.op != "delete").split() == new
    for out in (render_plain(chunks), render_ansi(chunks)):
        assert out.encode("utf-8").decode("utf-8") == out
        assert not any("\ud800" <= ch <= "\udfff" for ch in out)
        assert ("\ufffd" in out) == any(s in w for w in old + new for s in "\ud800\udcff\udc80")
