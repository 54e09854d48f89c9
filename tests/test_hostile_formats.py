"""Hostile HTML and Markdown (issue 16): each shape gives a result or a one-line InputError, never a traceback.

Inputs are generated at test time and kept small enough for CI; the tests assert results
(what comes back, which error), never timings. benchmarks/ measures the cost.
"""

from __future__ import annotations

import tracemalloc

import pytest

from dedupe_text import clean, dedupe
from dedupe_text.errors import InputError
from dedupe_text.formats.html import Page
from dedupe_text.formats.markdown import parse_blocks, split_lines
from dedupe_text.formats.nesting import MAX_DEPTH, check_depth


def unique(k: int) -> str:
    return f"Entry {k}: " + " ".join(f"w{k * 7 + j}x{j}" for j in range(5))


def test_many_sibling_paragraphs_get_their_own_ranks() -> None:
    # the element path once walked every earlier sibling (20,000 <p>: 15 s); ranks are now counted in one pass
    n = 4000
    page = Page("<div>" + "".join(f"<p>{unique(k)}</p>\n" for k in range(n)) + "</div>")
    blocks = page.blocks()
    assert len(blocks) == n
    assert blocks[-1].locator == f"html > body > div:nth-of-type(1) > p:nth-of-type({n})"
    paragraphs = page.paragraphs(blocks, located=True)
    assert paragraphs[-1].line == n
    out, exact = page.cut(page.emptied([b.element for b in blocks[1:]]))
    assert exact and out == f"<div><p>{unique(0)}</p>\n</div>"


@pytest.mark.parametrize("shape", [
    pytest.param(lambda n: "<div>" * n + "x", id="nested-div"),
    pytest.param(lambda n: "<ul><li>" * n + "x", id="nested-list"),
    pytest.param(lambda n: "<span>" * n + "<div>x</div>" * 3, id="nested-span"),
    pytest.param(lambda n: "<table><tr><td>" * n + "x", id="nested-table"),
    pytest.param(lambda n: "<b>" * n + "<p>x</p>", id="nested-b"),
])
def test_nesting_beyond_browsers_depth_is_an_input_error(shape: object) -> None:
    page = shape(100_000)  # type: ignore[operator]
    with pytest.raises(InputError, match="nests elements more than 512 deep"):
        clean(page, format="html")


def test_nesting_within_the_limit_gives_a_result() -> None:
    depth = MAX_DEPTH - 10
    inner = f"<p>{unique(1)}</p><p>{unique(2)}</p><p>{unique(1)}</p>"
    page = "<div>" * depth + inner + "</div>" * depth
    result = dedupe(page, format="html")
    assert [r.text for r in result.removals] == [unique(1)]
    assert result.removals[0].locator.count(" > ") == depth + 2
    assert result.text == "<div>" * depth + inner[: inner.rindex("<p>")] + "</div>" * depth


def test_unclosed_paragraphs_and_items_do_not_count_as_nesting() -> None:
    assert check_depth("<p>x" * 10_000) == 1
    assert check_depth("<ul>" + "<li>x" * 10_000 + "</ul>") == 2
    assert check_depth("<table>" + "<tr><td>x" * 10_000 + "</table>") == 3


def test_wide_html_table_row_is_one_block() -> None:
    cells = "".join(f"<td>{k}</td>" for k in range(10_000))
    page = f"<table><tr>{cells}</tr><tr><td>other</td></tr><tr>{cells}</tr></table>"
    result = dedupe(page, format="html")
    assert len(result.paragraphs) == 3 and len(result.removals) == 1
    assert result.text == f"<table><tr>{cells}</tr><tr><td>other</td></tr></table>"


def test_wide_markdown_table_row_is_one_block() -> None:
    n = 3000
    row = "|" + "|".join(str(k) for k in range(n)) + "|\n"
    post = "|" + "|".join("h" for _ in range(n)) + "|\n|" + "---|" * n + "\n" + row + "| other |\n" + row
    result = dedupe(post, format="markdown")
    assert len(result.paragraphs) == 4 and [r.line for r in result.removals] == [5]


def test_long_markdown_table_holds_one_token_a_row() -> None:
    # a 2 MB table once took 1.3 GiB: three tokens a cell; rows are now folded as they close
    rows = 20_000
    post = "| a | b |\n|---|---|\n" + "".join(f"| {k % 7} | x |\n" for k in range(rows))
    tracemalloc.start()
    found = parse_blocks(split_lines(post))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(found) == rows + 1
    assert peak / len(post) < 200, f"{peak / len(post):.0f} bytes a character"


@pytest.mark.parametrize("post", [
    pytest.param(">" * 100_000 + " quoted\n", id="deep-quote"),
    pytest.param("".join("  " * k + "- item\n" for k in range(300)), id="deep-list"),
    pytest.param("[" * 20_000 + "x" + "]" * 20_000 + "\n", id="brackets"),
    pytest.param("*" * 20_000 + "x" + "*" * 20_000 + "\n", id="emphasis"),
])
def test_deep_markdown_gives_a_result(post: str) -> None:
    # markdown-it stops nesting at its maxNesting; deeper markup is read as text, never a RecursionError
    closing = "\nA closing line long enough to compare.\n"
    out = clean(post + closing + closing, format="markdown")
    assert out.startswith(post) and out.count("A closing line long enough to compare.") in (1, 2)
