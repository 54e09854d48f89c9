"""Split plain text into paragraphs, keeping exact spans so kept text is emitted byte-for-byte."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")
_WRAP_MIN, _WRAP_MAX = 40, 100


@dataclass(frozen=True)
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


def _lines(text: str) -> list[tuple[int, str, str]]:
    """Return (offset, content, line ending) for every line of ``text``."""
    out: list[tuple[int, str, str]] = []
    for m in _LINE.finditer(text):
        chunk = m.group()
        if not chunk:
            break
        body = chunk.rstrip("\r\n")
        out.append((m.start(), body, chunk[len(body):]))
    return out


def _blocks(lines: list[tuple[int, str, str]]) -> list[list[int]]:
    """Group line numbers into runs of non-blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, (_, body, _) in enumerate(lines):
        if body.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def is_hard_wrapped(text: str) -> bool:
    """Tell whether ``text`` holds blank-line-separated paragraphs wrapped at a fixed width.

    Wrapped text has blocks of several lines whose inner lines all lie in a narrow band
    of lengths (40-100 characters); one-paragraph-a-line text has long or ragged lines.

    >>> is_hard_wrapped("A line of text that goes on for a while, like prose\\nwrapped here.\\n")
    True
    >>> is_hard_wrapped("Title\\nA paragraph on one line.\\n")
    False
    """
    lines = _lines(text)
    inner = [
        len(lines[i][1].strip())
        for block in _blocks(lines)
        for i in block[:-1]
    ]
    if not inner:
        return False
    fitting = sum(_WRAP_MIN <= n <= _WRAP_MAX for n in inner)
    return fitting >= 0.9 * len(inner) and max(inner) <= _WRAP_MAX


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs: blank-line blocks if hard-wrapped, else one a line.

    >>> [p.text for p in segment("One\\n\\nTwo\\r\\nThree")]
    ['One', 'Two', 'Three']
    """
    lines = _lines(text)
    if is_hard_wrapped(text):
        spans = [(lines[b[0]][0], lines[b[-1]][0] + len(lines[b[-1]][1])) for b in _blocks(lines)]
    else:
        spans = [(off, off + len(body)) for off, body, _ in lines if body.strip()]
    paragraphs: list[Paragraph] = []
    line_no, counted_to = 1, 0
    for i, (start, end) in enumerate(spans):
        line_no += _count_breaks(text, counted_to, start)
        counted_to = start
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        paragraphs.append(Paragraph(i, start, end, text[start:end], line_no, text[end:nxt]))
    return paragraphs


def _count_breaks(text: str, start: int, end: int) -> int:
    """Count line breaks in ``text[start:end]`` (CRLF counts once)."""
    chunk = text[start:end]
    return chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")
