"""The review page: a self-contained redline, every piece of article text escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from review_fixture import EXAMPLE, HOSTILE, IMG, SCRIPT

from dedupe_text import DedupeConfig, dedupe
from dedupe_text.result import DedupeResult, Removal
from dedupe_text.review import render_html, review
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
        self._in_text = tag == "p" and found.get("class") == "text"

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
    assert "<ins>&lt;i&gt;of the&lt;/i&gt;</ins>" in diff


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
