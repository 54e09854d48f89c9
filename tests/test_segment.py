"""Segment: paragraphs with exact spans, one a line or blank-line blocks, decided per document."""

from __future__ import annotations

from conftest import read_fixture
from hypothesis import given
from hypothesis import strategies as st

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


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """Every line's (start, end), found one character at a time."""
    spans, start, i = [], 0, 0
    while i < len(text):
        if text[i] in "\r\n":
            spans.append((start, i))
            i += 2 if text.startswith("\r\n", i) else 1
            start = i
        else:
            i += 1
    spans.append((start, len(text)))
    return spans


@given(st.lists(st.sampled_from(["a", "b.", " ", "\t", "\n", "\r", "\r\n", "x" * 45, "words in a line "]),
                max_size=60).map("".join))
def test_paragraphs_are_lines_or_blocks_with_exact_spans(text: str) -> None:
    lines = [(s, e) for s, e in _reference_lines(text) if text[s:e].strip()]
    paragraphs = segment(text)
    for p, nxt in zip(paragraphs, [*paragraphs[1:], None]):
        assert text[p.start:p.end] == p.text and p.text.strip()
        assert p.sep == text[p.end:nxt.start if nxt else len(text)]
        assert p.line == 1 + sum(1 for s, _ in _reference_lines(text) if s <= p.start) - 1
    if is_hard_wrapped(text):  # blocks: each paragraph runs from a block's first line to its last
        assert all(not p.sep.strip() and p.sep.count("\n") + p.sep.count("\r") - p.sep.count("\r\n") >= 2
                   for p in paragraphs[:-1])
    else:
        assert [(p.start, p.end) for p in paragraphs] == lines


def test_one_block_is_never_hard_wrapped() -> None:
    wrapped_lines = ("A line of text that goes on for a while, like prose that\n"
                     "was wrapped at a width of some sixty columns or so\nand ends.\n")
    assert not is_hard_wrapped(wrapped_lines * 3)
    assert is_hard_wrapped(wrapped_lines + "\n" + wrapped_lines.upper())
