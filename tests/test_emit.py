"""Emit: kept paragraphs byte-for-byte, their own separators, the input's own ending."""

from __future__ import annotations

from dedupe_text.emit import emit_text
from dedupe_text.segment import segment


def cut(text: str, removed: set[int]) -> str:
    return emit_text(text, segment(text), removed)


def test_nothing_removed_returns_the_input_object() -> None:
    text = "a\n\nb\r\n"
    assert cut(text, set()) is text


def test_separator_after_a_kept_paragraph_is_its_own() -> None:
    assert cut("one\n\ntwo\nthree\n", {1}) == "one\n\nthree\n"


def test_missing_final_newline_stays_missing() -> None:
    assert cut("one\ntwo\nthree", {2}) == "one\ntwo"
    assert cut("one\ntwo\nthree\n", {2}) == "one\ntwo\n"


def test_crlf_stays_crlf() -> None:
    assert cut("one\r\ntwo\r\nthree\r\n", {1}) == "one\r\nthree\r\n"


def test_leading_blank_lines_are_kept() -> None:
    assert cut("\n\none\ntwo\n", {1}) == "\n\none\n"


def test_removing_the_first_paragraph_keeps_the_rest_intact() -> None:
    assert cut("one\n\ntwo\nthree", {0}) == "two\nthree"
