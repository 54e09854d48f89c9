"""Segment: paragraphs with exact spans, one a line or blank-line blocks, decided per document."""

from __future__ import annotations

from conftest import read_fixture

from dedupe_text.segment import is_hard_wrapped, segment


def test_one_paragraph_a_line_with_a_blank_line_mixed_in() -> None:
    text = "Title line\nSecond line\n\nThird line\n"
    paras = segment(text)
    assert [p.text for p in paras] == ["Title line", "Second line", "Third line"]
    assert [p.line for p in paras] == [1, 2, 4]
    assert [p.sep for p in paras] == ["\n", "\n\n", "\n"]


def test_spans_point_into_the_input() -> None:
    text = "  lead\r\nmiddle\r\n\r\nend"
    for p in segment(text):
        assert text[p.start:p.end] == p.text


def test_hard_wrapped_blocks_are_one_paragraph_each() -> None:
    text = read_fixture("text/hard-wrapped.txt")
    assert is_hard_wrapped(text)
    paras = segment(text)
    assert len(paras) == 5
    assert paras[0].text.count("\n") == 2
    assert [p.line for p in paras] == [1, 5, 9, 13, 17]


def test_long_lines_separated_by_blank_lines_are_not_wrapped() -> None:
    long = "word " * 40
    assert not is_hard_wrapped(f"{long}\n{long}\n\n{long}\n")


def test_crlf_and_lone_cr_end_lines() -> None:
    assert [p.text for p in segment("a\r\nb\rc\n")] == ["a", "b", "c"]


def test_empty_and_blank_input_have_no_paragraphs() -> None:
    assert segment("") == []
    assert segment("\n \n\t\n") == []


def test_missing_final_newline_is_an_empty_separator() -> None:
    assert segment("one\ntwo")[-1].sep == ""
