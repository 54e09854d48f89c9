"""The review page: a self-contained redline, every piece of article text escaped."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from review_fixture import EXAMPLE, HOSTILE, IMG, SCRIPT

from dedupe_text import ConfigError, DedupeConfig, dedupe
from dedupe_text.result import DedupeResult, Removal
from dedupe_text.review import overruled, render_html, review
from dedupe_text.segment import segment

PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "dl", "div", "dt", "dd", "p",
             "span", "main", "article", "section", "a", "br", "aside", "b", "del", "ins"}


class Page(HTMLParser):
    """Collect every element's tag and attributes, and the text of each paragraph section."""

    def __init__(self, page: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}
        self._section: str | None = None
        self._in_text = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag == "section":
            self._section = found["id"]
        if tag == "p":
            self._in_text = found.get("class") == "text"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_text = False

    def handle_data(self, data: str) -> None:
        if self._in_text and self._section:
            self.texts[self._section] = self.texts.get(self._section, "") + data

    def sections(self) -> dict[str, str]:
        return {a["id"] or "": a["class"] or "" for t, a in self.elements if t == "section"}


def test_hostile_article_text_is_shown_as_text_and_nothing_is_fetched() -> None:
    result = dedupe(HOSTILE)
    assert {r.rule for r in result.removals} == {"exact", "near"}
    page = render_html(result, title='"><script>alert(1)</script>')
    parsed = Page(page)
    assert {tag for tag, _ in parsed.elements} <= PAGE_TAGS
    assert [p.text for p in result.paragraphs] == [parsed.texts[f"p{i + 1}"] for i in range(len(result.paragraphs))]
    assert parsed.texts["p1"] == SCRIPT and parsed.texts["p2"] == IMG
    for tag, attrs in parsed.elements:
        assert not any(name.startswith("on") or name == "src" for name in attrs), (tag, attrs)
        assert tag != "a" or (attrs["href"] or "").startswith("#p")
    assert "&lt;script&gt;" in page and "<script" not in page and "<img" not in page


def test_hostile_words_inside_a_word_diff_stay_escaped() -> None:
    page = render_html(dedupe(HOSTILE))
    diff = page[page.index('<div class="diff">'):]
    diff = diff[: diff.index("</div>")]
    assert "&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;" in diff
    assert "<del>&lt;i&gt;of the&lt;/i&gt;</del>" in diff


def test_page_strikes_each_removal_and_links_it_to_the_kept_paragraph() -> None:
    result = review(EXAMPLE)
    page = render_html(result)
    sections = Page(page).sections()
    assert len(sections) == len(result.paragraphs)
    removed = {f"p{r.index + 1}": r for r in result.removals}
    assert {k for k, v in sections.items() if "removed" in v.split()} == set(removed)
    for anchor, r in removed.items():
        assert f"rule-{r.rule}" in sections[anchor].split()
        section = page[page.index(f'id="{anchor}"'):]
        section = section[: section.index("</section>")]
        assert f'repeats <a class="repeats" href="#p{r.duplicate_of + 1}">¶{r.duplicate_of + 1}</a>' in section
        assert ('class="diff"' in section) == (r.rule in ("near", "contained"))
        assert "removed" not in sections[f"p{r.duplicate_of + 1}"]


def test_summary_figures_are_the_result_s() -> None:
    result = review(EXAMPLE)
    page = render_html(result)
    for key, value in [("paragraphs-in", len(result.paragraphs)), ("removed", len(result.removals)),
                       ("kept", len(result.kept)), ("chars-saved", result.chars_saved)]:
        assert f'id="{key}" data-value="{value}"' in page
    assert len(result.paragraphs) == 17 and {r.rule for r in result.removals} == {"exact", "near", "contained", "run"}


def test_kept_survivors_link_back_to_their_copies_and_overrules_are_marked() -> None:
    result = review(EXAMPLE, keep_numbers=[11], allow=(r"^Reporting by",))
    page = render_html(result, keep_numbers=[11])
    eleven = page[page.index('id="p11"'):]
    assert eleven[: eleven.index("</section>")].count("kept by editor") == 1
    assert 'class="para kept editor" id="p11"' in page
    credit = page[page.index('id="p17"'):]
    assert "<b>allowed</b> to repeat" in credit[: credit.index("</section>")]
    five = page[page.index('id="p5"'):]
    assert 'repeated by <a class="repeats" href="#p1">¶1</a>, <a class="repeats" href="#p13">¶13</a>' in five


def test_a_copy_kept_in_another_document_is_named_not_linked() -> None:
    text = "A paragraph that another document already holds in full.\nSomething new.\n"
    paragraphs = tuple(segment(text))
    first = paragraphs[0]
    removal = Removal(0, first.start, first.end, 1, first.text, 4, 0, "exact", 100.0, 100.0, source="<wire-7>")
    result = DedupeResult(text[first.end + 1:], paragraphs, (removal,), DedupeConfig())
    page = render_html(result)
    assert "repeats ¶5 of &lt;wire-7&gt;" in page and 'href="#p5"' not in page


def test_page_is_self_contained() -> None:
    page = render_html(review(EXAMPLE))
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page


def section(page: str, anchor: str) -> str:
    """The markup of one paragraph's section."""
    found = page[page.index(f'id="{anchor}"'):]
    return found[: found.index("</section>")]


def test_removed_text_is_marked_deleted_and_kept_text_is_not() -> None:
    result = review(EXAMPLE)
    page = render_html(result)
    for p in result.paragraphs:
        marked = f'<p class="text"><del>{escape(p.text)}</del></p>'
        assert (marked in section(page, f"p{p.index + 1}")) == (p.index in {r.index for r in result.removals})


def test_word_diff_marks_the_copy_s_own_words_deleted_and_the_kept_paragraph_s_inserted() -> None:
    page = render_html(review(EXAMPLE))
    near = section(page, "p11")  # the re-keyed copy of paragraph 8: "broken" here, "breached" there
    diff = near[near.index('<div class="diff">'):]
    assert "<del>broken</del>" in diff and "<ins>breached</ins>" in diff
    assert "marked words are only here, underlined ones only in ¶8" in diff
    teaser = section(page, "p1")  # wholly inside paragraph 5: nothing of its own to lose
    diff = teaser[teaser.index('<div class="diff">'):]
    assert "<del>" not in diff and "<ins>Councillors voted" in diff


def chips(page: str) -> list[str]:
    legend = page[page.index('<p class="legend">'):]
    legend = legend[: legend.index("</p>")]
    return [c.split("</span>")[0] for c in legend.split('<span class="chip ')[1:]]


def test_legend_shows_a_chip_only_for_what_occurs() -> None:
    assert chips(render_html(review(EXAMPLE))) == [
        'rule-exact">exact · 5', 'rule-near">near · 1', 'rule-contained">contained · 1', 'rule-run">run · 1']
    exact_only = dedupe("A line long enough to be judged here.\nA line long enough to be judged here.\n")
    page = render_html(exact_only)
    assert chips(page) == ['rule-exact">exact · 1']
    assert "In a word diff" not in page and "Struck through</del>: removed." in page
    assert chips(render_html(dedupe("Nothing repeats.\n"))) == []
    assert chips(render_html(review(EXAMPLE, keep_numbers=[11]), keep_numbers=[11]))[-1] == 'editor">kept by editor'


def test_an_overrule_is_shown_on_both_paragraphs_with_the_tool_s_scores() -> None:
    found = overruled(EXAMPLE, keep_numbers=[11])
    assert [(r.index, r.duplicate_of, r.rule, r.similarity) for r in found] == [(10, 7, "near", 95.52)]
    page = render_html(review(EXAMPLE, keep_numbers=[11]), keep_numbers=[11], overruled=found)
    kept = section(page, "p11")
    assert page.count('class="para kept editor" id="p11"') == 1
    assert ('<b>kept by editor</b> · the tool found: <b>near</b> · repeats <a class="repeats" href="#p8">¶8</a>'
            " (line 9) · similarity 95.52") in kept
    assert '<div class="diff">' in kept
    other = section(page, "p8")
    assert ('<a class="repeats" href="#p11">¶11</a>, <b>kept by editor</b>, is a near copy of this · '
            "similarity 95.52") in other


def test_an_exact_copy_kept_by_the_editor_reads_as_english() -> None:
    text = "A line long enough to count.\nA line long enough to count.\n"
    page = render_html(review(text, keep_numbers=[2]), keep_numbers=[2], overruled=overruled(text, keep_numbers=[2]))
    assert "<b>kept by editor</b>, is an exact copy of this · identical once normalized" in section(page, "p1")


def test_without_the_tool_s_findings_an_overrule_is_only_named() -> None:
    page = render_html(review(EXAMPLE, keep_numbers=[11]), keep_numbers=[11])
    assert "<b>kept by editor</b></aside>" in section(page, "p11") and "kept by editor" not in section(page, "p8")


def test_a_paragraph_kept_that_the_tool_would_keep_says_so() -> None:
    page = render_html(review(EXAMPLE, keep_numbers=[4]), keep_numbers=[4], overruled=overruled(EXAMPLE,
                                                                                                keep_numbers=[4]))
    assert "<b>kept by editor</b> · the tool would keep it too" in section(page, "p4")


@pytest.mark.parametrize("result", [None, "text", {"text": ""}])
def test_render_html_wants_a_result(result: object) -> None:
    with pytest.raises(TypeError, match=r"^result must be DedupeResult, not "):
        render_html(result)  # type: ignore[arg-type]


def test_render_html_checks_its_options() -> None:
    result = review(EXAMPLE)
    with pytest.raises(TypeError, match=r"^overruled must hold Removal objects"):
        render_html(result, overruled=[{"index": 3}])  # type: ignore[list-item]
    with pytest.raises(ConfigError, match=r"^keep: there is no paragraph 18"):
        render_html(result, keep_numbers=[18])


def test_lone_surrogates_show_as_replacement_characters() -> None:
    line = "The ferry \ud800 will run every twenty minutes from Monday, the operator said"
    page = render_html(dedupe(f"{line}.\n{line}!\nOther.\n"))
    assert page.encode("utf-8").count("\ufffd".encode()) >= 2
