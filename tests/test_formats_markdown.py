"""Markdown: blocks by line, markup ignored in comparison, code and front matter untouched."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from dedupe_text import DedupeConfig, clean, dedupe
from dedupe_text.formats.markdown import dedupe_markdown, front_matter_lines, parse_blocks, split_lines

LONG = "The council approved the new cycle lanes on Tuesday evening."


def md(text: str) -> str:
    return clean(text, format="markdown")


@pytest.mark.parametrize("copy", [f"**{LONG}**", f"## {LONG}", f"_{LONG}_", f"[{LONG}](https://example.org/a)",
                                  f"> {LONG}", f"{LONG}\n{'=' * 20}"])
def test_comparison_ignores_markup_and_keeps_the_first_markup(copy: str) -> None:
    assert md(f"# {LONG}\n\nBody text.\n\n{copy}\n") == f"# {LONG}\n\nBody text.\n"


def test_a_list_items_marker_is_ignored_against_a_paragraph() -> None:
    assert md(f"{LONG}\n\nBody text.\n\n- {LONG}\n") == f"{LONG}\n\nBody text.\n"


def test_a_heading_and_a_list_item_of_its_text_both_stay() -> None:
    # the structure rule: a list item naming a heading is a contents entry, not its copy
    text = f"# {LONG}\n\nBody text.\n\n- {LONG}\n"
    assert md(text) == text


def test_removed_block_takes_its_lines_and_one_blank_run() -> None:
    text = f"Intro.\n\n{LONG}\n\nMiddle.\n\n{LONG}\n\nEnd.\n"
    assert md(text) == f"Intro.\n\n{LONG}\n\nMiddle.\n\nEnd.\n"


def test_last_block_removed_leaves_no_trailing_blank_lines() -> None:
    assert md(f"{LONG}\n\nOther.\n\n{LONG}\n") == f"{LONG}\n\nOther.\n"
    assert md(f"{LONG}\n\nOther.\n\n{LONG}") == f"{LONG}\n\nOther."


def test_block_followed_by_a_line_takes_no_blank_line() -> None:
    # removing the heading must not glue "Next line." onto "Intro paragraph."
    text = f"# {LONG}\n\nIntro paragraph.\n\n## {LONG}\nNext line.\n"
    out = md(text)
    assert out == f"# {LONG}\n\nIntro paragraph.\n\nNext line.\n"


def test_code_is_never_removed_nor_compared() -> None:
    code = "```\nprint('the same code, line for line, twice')\n```\n"
    text = f"{code}\n{code}\n    indented code that is long enough\n\n    indented code that is long enough\n"
    result = dedupe(text, format="markdown")
    assert result.text == text and not result.paragraphs


def test_paragraph_equal_to_code_stays() -> None:
    text = f"```\n{LONG}\n```\n\n{LONG}\n"
    assert md(text) == text


def test_front_matter_passes_through_untouched() -> None:
    text = f"---\ntitle: {LONG}\n---\n{LONG}\n\n{LONG}\n"
    assert md(text) == f"---\ntitle: {LONG}\n---\n{LONG}\n"
    assert front_matter_lines(["---\n", "a: b\n"]) == 0, "an unclosed front matter is not front matter"


def test_list_items_and_table_rows_are_blocks() -> None:
    row = "| Lisbon to Porto by train | three hours |"
    text = (f"- {LONG}\n- Another item.\n- {LONG}\n\n| Route | Time |\n|---|---|\n{row}\n{row}\n| Other | x |\n")
    assert md(text) == f"- {LONG}\n- Another item.\n\n| Route | Time |\n|---|---|\n{row}\n| Other | x |\n"


def test_first_paragraph_of_a_longer_list_item_is_protected() -> None:
    text = f"{LONG}\n\n- {LONG}\n\n  A second paragraph in the same item.\n"
    result = dedupe(text, format="markdown")
    assert result.text == text


def test_crlf_and_exact_spans() -> None:
    text = f"# {LONG}\r\n\r\nBody.\r\n\r\n**{LONG}**\r\n"
    result = dedupe(text, format="markdown")
    assert result.text == f"# {LONG}\r\n\r\nBody.\r\n"
    for p in result.paragraphs:
        assert text[p.start:p.end] == p.text
    assert [(r.line, r.duplicate_line, r.locator) for r in result.removals] == [(5, 1, "paragraph")]


def test_output_reparses_to_the_kept_blocks() -> None:
    text = f"# Title here\n\n> {LONG}\n> still quoted\n\n1. {LONG}\n2. two\n\n> {LONG}\n> still quoted\n"
    result = dedupe_markdown(text, DedupeConfig())
    kept = [result.paragraphs[i].text for i in result.kept]
    again = dedupe_markdown(result.text, DedupeConfig())
    assert [p.text for p in again.paragraphs] == kept
    assert MarkdownIt().parse(result.text)


def test_block_between_two_lines_is_kept_rather_than_merging_them() -> None:
    # the heading separates two paragraphs that have no blank line between them
    text = f"{LONG}\n# {LONG}\nNext paragraph line.\n"
    result = dedupe(text, format="markdown")
    assert result.text == text and result.removals == ()
    # with blank lines around it, the same heading goes
    assert md(f"{LONG}\n\n# {LONG}\n\nNext paragraph line.\n") == f"{LONG}\n\nNext paragraph line.\n"


def test_reference_links_are_resolved_in_every_block() -> None:
    text = f"[{LONG}][ref]\n\nBody.\n\n{LONG}\n\n[ref]: https://example.org/lanes\n"
    assert [b.text for b in parse_blocks(split_lines(text))] == [LONG, "Body.", LONG]
    result = dedupe(text, format="markdown")
    assert result.text == f"[{LONG}][ref]\n\nBody.\n\n[ref]: https://example.org/lanes\n"


def test_markup_inside_table_cells_is_dropped_from_the_row_text() -> None:
    text = "| Route | Time |\n|---|---|\n| **Lisbon** to `Porto` | _three_ hours |\n"
    assert [b.text for b in parse_blocks(split_lines(text))] == ["Route Time", "Lisbon to Porto three hours"]
