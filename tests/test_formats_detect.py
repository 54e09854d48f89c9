"""Format detection (extension, then content) and the format= option."""

from __future__ import annotations

import pytest

from dedupe_text import ConfigError, Deduplicator, clean, dedupe
from dedupe_text.formats import check_format, clean_bytes, detect_format, sniff

PARA = "A paragraph long enough to be judged as a copy of another."


@pytest.mark.parametrize(("name", "fmt"), [("a.html", "html"), ("A.HTM", "html"), ("x.md", "markdown"),
                                           ("x.markdown", "markdown"), ("notes.txt", "text")])
def test_extension_decides(name: str, fmt: str) -> None:
    assert detect_format("<p>whatever</p>", name) == fmt


@pytest.mark.parametrize(("text", "fmt"), [
    ("<!DOCTYPE html><title>x</title>", "html"),
    ("\ufeff  <html><body></body></html>", "html"),
    ("Intro <p>one</p> <div>two</div> <br>", "html"),
    ("---\ntitle: x\n---\nBody\n", "markdown"),
    ("Text\n\n```\ncode\n```\n", "markdown"),
    ("# Heading\n\n- item one\n- item two\n", "markdown"),
    ("# Heading\nOne paragraph a line.\nAnother.\n", "text"),
    ("# Big title here\n**Big title here**\nBody.\n", "text"),
    ("Plain text, a < b and c > d.\n", "text"),
])
def test_content_sniffing(text: str, fmt: str) -> None:
    assert sniff(text) == fmt
    assert detect_format(text, "unknown.dat") == fmt


def test_format_option_reaches_every_entry_point() -> None:
    page = f"<p>{PARA}</p>\n<p>{PARA}</p>\n"
    assert clean(page, format="html") == f"<p>{PARA}</p>\n"
    assert dedupe(page, format="auto").text == f"<p>{PARA}</p>\n"
    assert Deduplicator().dedupe(page, format="html").text == f"<p>{PARA}</p>\n"
    assert all(p.locator == "" for p in dedupe(page).paragraphs), "plain text stays the default"


def test_plain_text_default_is_unchanged() -> None:
    text = f"{PARA}\nOther.\n{PARA}\n"
    assert clean(text) == clean(text, format="text") == f"{PARA}\nOther.\n"


def test_unknown_format_is_rejected_with_a_config_error() -> None:
    with pytest.raises(ConfigError, match="format must be one of text, markdown, html, auto, got 'rtf'"):
        clean("x", format="rtf")
    for bad in ("HTML", None, 3):
        with pytest.raises(ConfigError):
            check_format(bad)


def test_bytes_entry_for_text_and_markdown_keeps_the_bom() -> None:
    data = f"\ufeff{PARA}\nShort.\n{PARA}\n".encode()
    assert clean_bytes(data, format="text") == f"\ufeff{PARA}\nShort.\n".encode()
    assert clean_bytes(f"# {PARA}\n\n**{PARA}**\n".encode(), filename="post.md") == f"# {PARA}\n".encode()


def test_utf16_page_is_sniffed_as_html() -> None:
    page = f"<!DOCTYPE html><p>{PARA}</p><p>{PARA}</p>"
    data = b"\xff\xfe" + page.encode("utf-16-le")
    assert clean_bytes(data) == b"\xff\xfe" + f"<!DOCTYPE html><p>{PARA}</p>".encode("utf-16-le")


def test_protected_blocks_pass_through_the_dispatcher() -> None:
    page = f"<p>{PARA}</p><p>{PARA}</p>"
    assert [r.index for r in Deduplicator().dedupe(page, format="html").removals] == [1]
    assert Deduplicator().dedupe(page, format="html", protected={1}).removals == ()
