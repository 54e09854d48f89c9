"""Split plain text into paragraphs, keeping exact spans so kept text is emitted byte-for-byte."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .scripts import columns, ends_sentence

_BREAK = re.compile(r"\r\n|\r|\n")
_WRAP_MIN, _WRAP_MAX = 40, 100
"""Widths of a hard-wrapped line, in terminal columns (an East Asian wide character takes two)."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the input: its text, where it stands, and the separator after it.

    ``start``/``end`` are character offsets into the input (``text == input[start:end]``),
    ``line`` is the 1-based line of its first character, ``sep`` the exact text between it
    and the next paragraph (or the end of the input). ``locator`` names the element for
    structured formats (a CSS path in HTML) and is empty for plain text.
    """

    index: int
    start: int
    end: int
    text: str
    line: int
    sep: str = ""
    locator: str = ""


def _split(text: str) -> list[str]:
    """Return the lines of ``text``; \\n, \\r\\n and \\r end a line (the last may be empty)."""
    return _BREAK.split(text) if "\r" in text else text.split("\n")


def _two_blocks(lines: list[str]) -> bool:
    """Tell whether ``lines`` hold two blocks that differ beyond spaces around their lines."""
    first: list[str] | None = None
    current: list[str] = []
    for line in [*lines, ""]:
        if line and not line.isspace():
            current.append(line.strip())
        elif current:
            if first is None:
                first = current
            elif current != first:
                return True
            current = []
    return False


def _wrapped(lines: list[str]) -> bool:
    """Decide hard-wrapping from the distinct inner lines of blank-line-separated blocks.

    Wrapped: the text has two different blocks and two different inner lines (lines
    followed by another in their block), nearly all of them lie in a band of wrap widths
    and most break mid-sentence. Each distinct line and block counts once, so removing
    repeated paragraphs rarely changes the decision on the cleaned output (and
    ``reads_alike`` tells when it would).
    """
    inner: dict[str, None] = {}
    previous = ""  # the line before, if it was not blank
    for line in lines:
        if not line or line.isspace():
            previous = ""
            continue
        if previous:
            key = previous.strip()
            if key not in inner:
                if columns(key) > _WRAP_MAX:  # a long line: no need to look further
                    return False
                inner[key] = None
        previous = line
    if len(inner) < 2:  # too little to tell
        return False
    fitting = sum(columns(line) >= _WRAP_MIN for line in inner)
    ended = sum(map(ends_sentence, inner))
    return fitting >= 0.9 * len(inner) and ended <= 0.3 * len(inner) and _two_blocks(lines)


def is_hard_wrapped(text: str) -> bool:
    """Tell whether ``text`` holds blank-line-separated paragraphs wrapped at a fixed width.

    Wrapped text has blocks of several lines whose inner lines lie in a narrow band of
    widths (40-100 columns) and mostly break mid-sentence; one-paragraph-a-line text
    has long or ragged lines that end sentences (with the full stops of any script).

    >>> is_hard_wrapped("A line of text that goes on for a while, like prose\\nthat was wrapped at a width of "
    ...                 "some sixty columns\\nor so, and then ends here.\\n\\nNext.\\n")
    True
    >>> is_hard_wrapped("A whole paragraph that ends on this line.\\nAnother whole paragraph, also ended.\\n")
    False
    >>> is_hard_wrapped("Title\\nA paragraph on one line.\\n")
    False
    >>> is_hard_wrapped("这一段文字很长，写满了一整行，句子在这里结束了。\\n" * 3)
    False
    """
    return _wrapped(_split(text))


def reads_alike(paragraphs: Sequence[Paragraph], cleaned: str) -> bool:
    """Tell whether ``cleaned`` (the text of ``paragraphs`` less some) segments the same way.

    Removing paragraphs may make one-a-line text look hard-wrapped or the reverse; a
    cleaned text that reads otherwise would lose more on a second pass.

    >>> text = "A line of text that goes on for a while, like prose\\nthat was wrapped\\n\\nNext.\\n"
    >>> reads_alike(segment(text), text), reads_alike(segment(text), "Next.\\n")
    (True, True)
    """
    return is_hard_wrapped(cleaned) == any("\n" in p.text or "\r" in p.text for p in paragraphs)


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs: blank-line blocks if hard-wrapped, else one a line.

    >>> [p.text for p in segment("One\\n\\nTwo\\r\\nThree")]
    ['One', 'Two', 'Three']
    """
    lines = _split(text)
    wrapped = _wrapped(lines)
    crlf = "\r" in text
    paragraphs: list[Paragraph] = []
    seps: dict[str, str] = {}  # one object per distinct separator: a million "\\r\\n" are one string
    first = last = number = -1  # the paragraph being read: its first character, its end, its line
    single = ""  # its text while it is one line
    start, gap = 0, True  # gap: a blank line (or the start of the text) came before this line
    for i, line in enumerate(lines):
        end = start + len(line)
        if not line or line.isspace():
            gap = True
        elif gap or not wrapped:
            if first >= 0:
                sep = text[last:start]
                paragraphs.append(Paragraph(len(paragraphs), first, last, single or text[first:last], number,
                                            seps.setdefault(sep, sep)))
            first, last, number, single, gap = start, end, i + 1, line, False
        else:  # a wrapped block goes on
            last, single = end, ""
        start = end + (2 if crlf and text.startswith("\r\n", end) else 1)
    if first >= 0:
        paragraphs.append(Paragraph(len(paragraphs), first, last, single or text[first:last], number, text[last:]))
    return paragraphs
