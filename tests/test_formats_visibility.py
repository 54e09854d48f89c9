"""HTML visibility: text a browser does not render is never a kept copy, and never removed on its own account."""

from __future__ import annotations

import pytest

from dedupe_text import dedupe
from dedupe_text.formats.html import Page, hides

LINE = "The night ferry now leaves the harbour at half past nine, an hour later than last winter."
OTHER = "Tickets bought before the change stay valid for the old departure time until March."

HIDING = [
    pytest.param(f"<noscript><p>{LINE}</p></noscript>", id="noscript"),
    pytest.param(f"<template><p>{LINE}</p></template>", id="template"),
    pytest.param(f"<div hidden><p>{LINE}</p></div>", id="hidden-attribute"),
    pytest.param(f'<div style="color: grey; display: none"><p>{LINE}</p></div>', id="display-none"),
    pytest.param(f'<div style="visibility:hidden !important"><p>{LINE}</p></div>', id="visibility-hidden"),
    pytest.param(f"<select><option>{LINE}</option></select>", id="select-option"),
    pytest.param(f"<video src=a.mp4><p>{LINE}</p></video>", id="video-fallback"),
    pytest.param(f"<title>{LINE}</title>", id="stray-title"),
]


@pytest.mark.parametrize("hidden", HIDING)
@pytest.mark.parametrize("order", ["hidden first", "visible first"])
def test_hidden_copy_neither_keeps_nor_loses_the_visible_block(hidden: str, order: str) -> None:
    visible = f"<p>{LINE}</p>"
    body = f"{hidden}\n{visible}\n<p>{OTHER}</p>" if order == "hidden first" else f"{visible}\n<p>{OTHER}</p>\n{hidden}"
    page = f"<html><head></head><body>\n{body}\n</body></html>"
    result = dedupe(page, format="html")
    assert result.text == page and result.removals == ()
    assert [p.text for p in result.paragraphs] == ([LINE, OTHER])


def test_two_visible_copies_still_lose_one_beside_a_hidden_third() -> None:
    page = f"<body><noscript><p>{LINE}</p></noscript><p>{LINE}</p><p>{OTHER}</p><p>{LINE}</p>"
    result = dedupe(page, format="html")
    (removal,) = result.removals
    assert removal.locator == "html > body > p:nth-of-type(3)"
    assert result.text == f"<body><noscript><p>{LINE}</p></noscript><p>{LINE}</p><p>{OTHER}</p>"


def test_hidden_text_inside_a_visible_block_is_not_its_text() -> None:
    page = (f'<p>{LINE}<span style="display:none"> tracking pixel label</span></p>'
            f"<p>{LINE}<script>var x = 1;</script></p>")
    result = dedupe(page, format="html")
    assert [p.text for p in result.paragraphs] == [LINE, LINE]
    assert len(result.removals) == 1


def test_aria_hidden_is_rendered_so_it_is_visible_text() -> None:
    page = f'<p aria-hidden="true">{LINE}</p><p>{OTHER}</p><p>{LINE}</p>'
    result = dedupe(page, format="html")
    assert [r.locator for r in result.removals] == ["html > body > p:nth-of-type(3)"]


def test_head_content_is_not_a_block() -> None:
    page = f"<html><head><title>{LINE}</title><style>p {{}}</style></head><body><p>{LINE}</p></body></html>"
    assert [b.text for b in Page(page).blocks()] == [LINE]


@pytest.mark.parametrize("tag, attributes, expected", [
    ("div", {}, False),
    ("div", {"hidden": None}, True),
    ("div", {"hidden": "until-found"}, True),
    ("div", {"style": "DISPLAY : NONE"}, True),
    ("div", {"style": "display: none-ish"}, False),
    ("div", {"style": "display:block; visibility: visible"}, False),
    ("div", {"style": "visibility: collapse;"}, True),
    ("noscript", {}, True),
    ("span", {"aria-hidden": "true"}, False),
])
def test_hides(tag: str, attributes: dict[str, str | None], expected: bool) -> None:
    assert hides(tag, attributes) is expected
