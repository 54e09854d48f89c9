"""Normalize paragraphs for comparison only: the output never sees this text."""

from __future__ import annotations

import html
import re
import unicodedata

NORMALIZATION_VERSION = 1
"""Bumped whenever ``normalize`` changes what it returns (indexes store it)."""

_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
}
_PUNCTUATION_RE = re.compile("[" + "".join(_PUNCTUATION) + "]")
_MARKUP_CHAR = re.compile(r"[#>*_~\n]")
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}(?=\s|$)|>+)\s*")
_SETEXT = re.compile(r"\s*\n\s*(?:=+|-+)\s*$")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_TRAILING_HASHES = re.compile(r"\s+#+\s*$")
_ELLIPSIS = (" [...]", "[...]", " ...", "...")


def _unify(match: re.Match[str]) -> str:
    return _PUNCTUATION[match.group()]


def _strip_markup(text: str) -> str:
    """Drop Markdown heading markers, setext underlines and emphasis."""
    if "\n" in text:
        text = _SETEXT.sub("", text)
    text = _HEADING.sub("", text)
    if text.endswith("#"):
        text = _TRAILING_HASHES.sub("", text)
    return _EMPHASIS.sub(r"\2", text)


def normalize(text: str) -> str:
    """Return the comparison key of a paragraph.

    Decodes HTML entities, applies Unicode NFKC, case-folds, unifies quotes and dashes,
    drops Markdown heading markers and emphasis, a trailing ellipsis, and collapses
    whitespace (NBSP included).

    >>> normalize("**Title**") == normalize("# Title") == normalize("TITLE") == "title"
    True
    >>> normalize("It\u2019s \u201cdone\u201d \u2014 now&nbsp;then\u2026")
    'it\\'s "done" - now then'
    """
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():
        text = text.lower().replace("`", "'")
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _PUNCTUATION_RE.sub(_unify, text)
    if _MARKUP_CHAR.search(text):
        text = _strip_markup(text)
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())  # any whitespace but single inner spaces
    for mark in _ELLIPSIS:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip()
    return text
