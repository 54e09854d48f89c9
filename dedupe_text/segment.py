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


def _blank(line: str) -> bool:
    return not line or line.isspace()


def _break_after(text: str, end: int) -> int:
    """Return the length of the line break at ``end`` (0 at the end of the text)."""
    if end == len(text):
        return 0
    return 2 if text.startswith("\r\n", end) else 1


def _wrapped(lines: list[str]) -> bool:
    """Decide hard-wrapping from the distinct inner lines of blank-line-separated blocks.

    Wrapped: the text has at least two different blocks and two different inner lines
    (lines followed by another in their block), nearly all of them lie in a band of wrap
    widths and most break mid-sentence. Each distinct line and block counts once, so
    removing repeated paragraphs rarely changes the decision on the cleaned output (and
    ``reads_alike`` tells when it would).
    """
    inner: dict[str, None] = {}
    first: tuple[int, int] | None = None  # the first block, as a range of lines
    differ = False  # a block unlike the first
    begin = -1
    for i, line in enumerate([*lines, ""]):
        if _blank(line):
            if begin >= 0:
                if first is None:
                    first = (begin, i)
                elif not differ:
                    differ = [x.strip() for x in lines[begin:i]] != [x.strip() for x in lines[first[0]:first[1]]]
                begin = -1
            continue
        if begin < 0:
            begin = i
        if i + 1 < len(lines) and not _blank(lines[i + 1]):
            key = line.strip()
            if key not in inner:
                if columns(key) > _WRAP_MAX:  # a long line: no need to look further
                    return False
                inner[key] = None
    if not differ or len(inner) < 2:  # no blank line between paragraphs, or too little to tell
        return False
    fitting = sum(columns(line) >= _WRAP_MIN for line in inner)
    ended = sum(map(ends_sentence, inner))
    return fitting >= 0.9 * len(inner) and ended <= 0.3 * len(inner)


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
    paragraphs: list[Paragraph] = []
    seps: dict[str, str] = {}  # one object per distinct separator: a million "\\r\\n" are one string
    pending: tuple[int, int, str | None, int] | None = None  # start, end, text (one line) and line number
    start = 0
    begin = -1  # first line of the current block (wrapped text)
    for i, line in enumerate(lines):
        end = start + len(line)
        blank = _blank(line)
        if not blank and (not wrapped or begin < 0):
            if pending is not None:
                paragraphs.append(_paragraph(text, len(paragraphs), pending, start, seps))
            pending = (start, end, line, i + 1)
            begin = i
        elif not blank and pending is not None:  # a wrapped block goes on
            pending = (pending[0], end, None, pending[3])
        elif blank:
            begin = -1
        start = end + _break_after(text, end)
    if pending is not None:
        paragraphs.append(_paragraph(text, len(paragraphs), pending, len(text), seps))
    return paragraphs


def _paragraph(text: str, index: int, pending: tuple[int, int, str | None, int], following: int,
               seps: dict[str, str]) -> Paragraph:
    """Make the paragraph ``pending`` describes, whose separator runs up to ``following``."""
    start, end, line_text, line = pending
    sep = text[end:following]
    return Paragraph(index, start, end, text[start:end] if line_text is None else line_text, line,
                     seps.setdefault(sep, sep))
