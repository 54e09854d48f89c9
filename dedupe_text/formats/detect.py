"""Tell which format a document is in: by file extension, then by its content."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..errors import ConfigError

FORMATS = ("text", "markdown", "html")
"""Formats ``dedupe`` reads and writes; ``"auto"`` picks one of them."""
EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown", ".mdx": "markdown",
    ".txt": "text", ".text": "text",
}
SNIFF_CHARS = 4096
"""How much of the start of a document content sniffing reads."""
_HTML_START = ("<!doctype html", "<html", "<?xml")
_HTML_TAGS = re.compile(r"</?(?:p|div|br|body|head|span|table|a|h[1-6])\b[^>]*>", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_MD_SIGNS = {
    "heading": re.compile(r"^#{1,6} \S", re.M),
    "fence": re.compile(r"^ {0,3}(?:```|~~~)", re.M),
    "list": re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]) \S", re.M),
    "quote": re.compile(r"^ {0,3}> ", re.M),
    "link": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "emphasis": re.compile(r"(\*\*|__)\S[^\n]*?\S\1"),
    "setext": re.compile(r"^\S[^\n]*\n(?:=+|-+)[ \t]*$", re.M),
    "table": re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M),
}


def check_format(format: object) -> str:
    """Return ``format`` if it is one of text, markdown, html, auto; else raise ConfigError.

    >>> check_format("pdf")
    Traceback (most recent call last):
    ...
    dedupe_text.errors.ConfigError: format must be one of text, markdown, html, auto, got 'pdf'
    """
    if format not in (*FORMATS, "auto"):
        raise ConfigError(f"format must be one of {', '.join((*FORMATS, 'auto'))}, got {format!r}")
    return str(format)


def format_from_name(name: str | None) -> str | None:
    """Return the format a file name's extension names, if it names one.

    >>> format_from_name("post.MD"), format_from_name("page.htm"), format_from_name("notes")
    ('markdown', 'html', None)
    """
    return EXTENSIONS.get(PurePath(name).suffix.lower()) if name else None


def sniff(text: str) -> str:
    """Guess the format from the start of ``text``; plain text unless the signs are clear.

    HTML: it opens with a doctype, ``<html>`` or an XML declaration, or holds at least
    three common start or end tags. Markdown: YAML front matter, a code fence, or two different kinds
    of Markdown syntax (headings, lists, links, emphasis, quotes, setext underlines,
    table rules) with blocks set apart by blank lines. Plain text reads one paragraph a
    line, Markdown joins lines, so a guess of Markdown needs more evidence than a ``#`` line.

    >>> sniff("<!DOCTYPE html><p>Hi</p>"), sniff("# Title\\n\\nSee [it](http://x).\\n"), sniff("# Title\\nText")
    ('html', 'markdown', 'text')
    """
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if head.lower().startswith(_HTML_START) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if head.startswith("---\n") and "\n---" in head[3:]:
        return "markdown"
    signs = {name for name, pattern in _MD_SIGNS.items() if pattern.search(head)}
    blocks_apart = _BLANK_LINE.search(head) is not None
    return "markdown" if "fence" in signs or (len(signs) >= 2 and blocks_apart) else "text"


def detect_format(text: str, filename: str | None = None) -> str:
    """Return the format of a document: its file extension decides, else its content.

    >>> detect_format("<p>a</p>", "notes.md"), detect_format("<html><body>x</body></html>")
    ('markdown', 'html')
    """
    return format_from_name(filename) or sniff(text)
