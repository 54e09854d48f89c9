"""Golden files: each fixture in fixtures/formats/ and the output expected of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_text import dedupe
from dedupe_text.formats import detect_format

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
CASES = sorted(p for p in FIXTURES.iterdir() if ".expected." not in p.name)


def expected_of(path: Path) -> Path:
    return path.with_name(f"{path.stem}.expected{path.suffix}")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_output_matches_golden_file(path: Path) -> None:
    fmt = detect_format("", path.name)
    result = dedupe(path.read_text(encoding="utf-8"), format=fmt)
    assert result.text == expected_of(path).read_text(encoding="utf-8")
    assert result.removals, "every fixture holds duplicates"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden_output_is_a_fixed_point(path: Path) -> None:
    expected = expected_of(path).read_text(encoding="utf-8")
    assert dedupe(expected, format=detect_format("", path.name)).text == expected


def test_article_twice_loses_the_print_copy_and_only_it() -> None:
    page = (FIXTURES / "article_twice.html").read_text(encoding="utf-8")
    result = dedupe(page, format="html")
    assert [r.duplicate_line for r in result.removals] == [19, 20, 25]
    assert all(r.locator.startswith("html > body > div:nth-of-type(1) > p") for r in result.removals)
    assert 'class="print-copy"' not in result.text
    assert "<!-- analytics: keep me -->" in result.text and "<script>var teaser" in result.text


def test_h1_teaser_keeps_the_full_paragraph_and_one_heading() -> None:
    page = (FIXTURES / "h1_teaser.html").read_text(encoding="utf-8")
    result = dedupe(page, format="html")
    assert {r.rule for r in result.removals} == {"contained", "exact"}
    assert result.text.count("Town library reopens after two-year renovation") == 1
    assert result.text.count("<pre><code>") == 2, "code blocks repeat on purpose"


def test_code_post_keeps_every_code_block() -> None:
    post = (FIXTURES / "code_post.md").read_text(encoding="utf-8")
    cleaned = dedupe(post, format="markdown").text
    assert cleaned.count("```python\nfor attempt in range(3):") == 2
    assert cleaned.count("    # indented code repeats on purpose too\n    sleep(2 ** attempt)\n") == 2
    assert cleaned.startswith("---\ntitle: Retrying HTTP requests without tears\ntags: [python, http]\n---\n")


def test_hidden_copies_stay_and_are_never_the_kept_copy() -> None:
    page = (FIXTURES / "hidden_copies.html").read_text(encoding="utf-8")
    result = dedupe(page, format="html")
    (removal,) = result.removals
    assert removal.locator == "html > body > main:nth-of-type(1) > p:nth-of-type(5)"
    assert result.paragraphs[removal.duplicate_of].locator == "html > body > main:nth-of-type(1) > p:nth-of-type(1)"
    for hidden in ("<noscript>", 'style="display: none"', "<p hidden>", "<option>", "<template"):
        assert result.text.count(hidden) == page.count(hidden) == 1


def test_contents_headings_caption_and_rows_keep_their_roles() -> None:
    page = (FIXTURES / "contents_and_tables.html").read_text(encoding="utf-8")
    result = dedupe(page, format="html")
    assert [r.locator.rsplit(" > ", 1)[-1] for r in result.removals] == ["tr:nth-of-type(4)", "p:nth-of-type(3)"]
    for name in ("Plots and waiting list", "Harvest results"):
        assert result.text.count(f">{name}<") == 2, "the contents entry and its heading"
    assert result.text.count("<figcaption>") == 1 and result.text.count("<button>Details</button>") == 3
