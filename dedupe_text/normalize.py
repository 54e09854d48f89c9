"""Normalize paragraphs for comparison only: the output never sees this text."""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left

NORMALIZATION_VERSION = 1
"""Bumped whenever ``normalize`` changes what it returns (indexes store it)."""

_PUNCTUATION = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
}
"""Quotes and dashes to their ASCII form. No double prime (\u2033): NFKC makes it two primes (''), so
mapping it here, before NFKC, would change the key."""
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}(?=\s|$)|>+)\s*")
_SETEXT = re.compile(r"\s*\n\s*(?:=+|-+)\s*$")
_DELIMITERS = {"*": ("***", "**", "*"), "_": ("___", "__", "_"), "~": ("~~",)}
"""Emphasis delimiters by their first character, longest first."""
_DELIMITER_CHAR = re.compile(r"[*_~]")
_TRAILING_HASHES = re.compile(r"\s+#+\s*$")
_ELLIPSIS = (" [...]", "[...]", " ...", "...")


def _unify_punctuation(text: str) -> str:
    """Replace quotes and dashes: one ``str.replace`` per character present beats a regex callback."""
    for char, plain in _PUNCTUATION.items():
        if char in text:
            text = text.replace(char, plain)
    return text


def _fold(text: str) -> str:
    """Return ``text`` after NFKC, casefold and quote and dash unification, skipping what is moot.

    Quotes and dashes are often the only non-ASCII, and unifying them first changes nothing:
    they are NFKC-stable (bar \u2011 -> \u2010), never compose, casefold to themselves and
    casefold makes none of them. NFKC may make some (\ufe58 -> \u2014) when it changes the text.
    """
    if not text.isascii():
        text = _unify_punctuation(text)
    if text.isascii():
        return text.lower().replace("`", "'")
    compatible = unicodedata.normalize("NFKC", text)
    if compatible != text:
        compatible = _unify_punctuation(compatible)
    return compatible.casefold()


def _closers(text: str, delimiter: str) -> list[int]:
    """Return where ``delimiter`` may close an emphasis: every start of it after a non-space, in order."""
    return [m.start() for m in re.finditer(f"(?<=\\S)(?={re.escape(delimiter)})", text)]


def _strip_emphasis(text: str) -> str:
    """Drop emphasis delimiters in pairs, keeping what they enclose, in time linear in ``text``.

    The same as ``re.sub(r"(\\*{1,3}|_{1,3}|~~)(?=\\S)(.+?)(?<=\\S)\\1", r"\\2", text)``, which
    scans to the end of the line from every delimiter that never closes (quadratic on
    ``"**a " * 65536``): here each delimiter finds its first closer by bisection in the
    closers listed once.

    >>> _strip_emphasis("a **bold** and _it_ and ~~gone~~, 2 * 3 ** 4")
    'a bold and it and gone, 2 * 3 ** 4'
    """
    closers: dict[str, list[int]] = {}
    newlines = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    parts: list[str] = []
    done = 0
    for m in _DELIMITER_CHAR.finditer(text):
        i = m.start()
        if i < done:
            continue
        for delimiter in _DELIMITERS[m.group()]:
            start = i + len(delimiter)
            if not text.startswith(delimiter, i) or start >= len(text) or text[start].isspace():
                continue
            if delimiter not in closers:
                closers[delimiter] = _closers(text, delimiter)
            found = closers[delimiter]
            at = bisect_left(found, start + 1)
            if at < len(found) and found[at] < newlines[bisect_left(newlines, start)]:
                parts += (text[done:i], text[start:found[at]])
                done = found[at] + len(delimiter)
                break
    return "".join(parts) + text[done:] if parts else text


def _strip_markup(text: str) -> str:
    """Drop Markdown heading markers, setext underlines and emphasis."""
    if "\n" in text:
        text = _SETEXT.sub("", text)
    text = _HEADING.sub("", text)
    if text.endswith("#"):
        text = _TRAILING_HASHES.sub("", text)
    return _strip_emphasis(text)


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
    text = _fold(text)
    if "#" in text or ">" in text or "*" in text or "_" in text or "~" in text or "\n" in text:  # faster than a regex
        text = _strip_markup(text)
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())  # any whitespace but single inner spaces
    for mark in _ELLIPSIS:
        if text.endswith(mark):
            return text[: -len(mark)].rstrip()
    return text
