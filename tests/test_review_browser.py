"""Open the review page in Debian's headless Chromium and check what an editor sees."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, missing
from review_fixture import EXAMPLE, HOSTILE, IMG, SCRIPT

from dedupe_text.review import overruled, render_html, review


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    problem = missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {problem}")
        pytest.skip(problem)
    with chromium() as d:
        yield d


def open_page(driver: Any, page: str, folder: Path) -> None:
    path = folder / "review.html"
    path.write_text(page, encoding="utf-8")
    driver.get(path.as_uri())


def test_struck_paragraphs_links_and_summary_match_the_result(driver: Any, tmp_path: Path) -> None:
    result = review(EXAMPLE, allow=(r"^Reporting by",))
    open_page(driver, render_html(result, title="review-example.txt"), tmp_path)
    seen = driver.execute_script("""
        return [...document.querySelectorAll('section.para')].map(s => {
            const text = s.querySelector('.text');
            const link = s.querySelector('.note a.repeats');
            const del = text.querySelector('del');
            return {id: s.id, struck: !!del && getComputedStyle(del).textDecorationLine.includes('line-through')
                        && del.textContent === text.textContent,
                    shade: getComputedStyle(s).backgroundColor, text: text.textContent,
                    link: link && s.classList.contains('removed') ? link.getAttribute('href') : null,
                    diff: !!s.querySelector('.diff del, .diff ins')};
        });""")
    assert [s["text"] for s in seen] == [p.text for p in result.paragraphs]
    removed = {r.index: r for r in result.removals}
    assert [s["struck"] for s in seen] == [i in removed for i in range(len(seen))]
    assert [s["link"] for s in seen] == [f"#p{removed[i].duplicate_of + 1}" if i in removed else None
                                         for i in range(len(seen))]
    assert [s["diff"] for s in seen] == [i in removed and removed[i].rule in ("near", "contained")
                                         for i in range(len(seen))]
    shades = {r.rule: seen[r.index]["shade"] for r in result.removals}
    assert len(set(shades.values())) == 4 == len(shades)
    assert seen[result.kept[0]]["shade"] == "rgba(0, 0, 0, 0)"
    figures = driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('.summary dd')].map(d => [d.id, d.textContent]))")
    assert figures == {"paragraphs-in": "17", "removed": str(len(result.removals)), "kept": str(len(result.kept)),
                       "chars-saved": f"{result.chars_saved:,} (46%)"}


def test_margin_link_leads_to_the_kept_paragraph(driver: Any, tmp_path: Path) -> None:
    result = review(EXAMPLE)
    near = next(r for r in result.removals if r.rule == "near")
    open_page(driver, render_html(result), tmp_path)
    driver.find_element("css selector", f"#p{near.index + 1} .note a.repeats").click()
    target = driver.execute_script("const t = document.querySelector(':target'); return [location.hash, t.id,"
                                   " t.classList.contains('removed'), t.querySelector('.text').textContent]")
    assert target == [f"#p{near.duplicate_of + 1}", f"p{near.duplicate_of + 1}", False,
                      result.paragraphs[near.duplicate_of].text]


def test_hostile_text_shows_as_text_and_runs_nothing(driver: Any, tmp_path: Path) -> None:
    open_page(driver, render_html(review(HOSTILE), title="<script>window.pwned=3</script>"), tmp_path)
    found = driver.execute_script("""
        return {pwned: window.pwned === undefined ? null : window.pwned, title: document.title,
                scripts: document.scripts.length, images: document.images.length,
                texts: [...document.querySelectorAll('.text')].map(t => t.textContent)};""")
    assert found["pwned"] is None and found["scripts"] == 0 and found["images"] == 0
    assert found["title"] == "Review: <script>window.pwned=3</script>"
    assert found["texts"][:2] == [SCRIPT, IMG]


def test_word_diffs_strike_nothing_and_tell_their_two_marks_apart(driver: Any, tmp_path: Path) -> None:
    keep = [11]
    result = review(EXAMPLE, keep_numbers=keep)
    open_page(driver, render_html(result, keep_numbers=keep, overruled=overruled(EXAMPLE, keep_numbers=keep)),
              tmp_path)
    marks = driver.execute_script("""
        return [...document.querySelectorAll('.diff del, .diff ins')].map(m => {
            const style = getComputedStyle(m);
            return {tag: m.tagName.toLowerCase(), section: m.closest('section').id,
                    decoration: style.textDecorationLine, shade: style.backgroundColor};
        });""")
    assert {m["section"] for m in marks} == {"p1", "p11"}  # the teaser, and the near copy the editor kept
    assert all("line-through" not in m["decoration"] for m in marks)
    assert {m["shade"] for m in marks if m["tag"] == "del"}.isdisjoint(m["shade"] for m in marks if m["tag"] == "ins")
    assert all("underline" in m["decoration"] for m in marks if m["tag"] == "ins")
    legend = driver.execute_script("return [...document.querySelectorAll('.legend .chip')].map(c => c.textContent)")
    assert legend == ["exact · 5", "contained · 1", "run · 1", "kept by editor"]
    notes = driver.execute_script("return ['p8', 'p11'].map(id => document.querySelector('#' + id + ' .note')"
                                  ".textContent)")
    assert "¶11, kept by editor, is a near copy of this · similarity 95.52" in notes[0]
    assert "kept by editor · the tool found: near · repeats ¶8 (line 9) · similarity 95.52" in notes[1]
