"""Split plain text into paragraphs, keeping exact spans so kept text is emitted byte-for-byte."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .scripts import columns, ends_sentence

_BREAK = re.compile(r"\r\n|\r|\n")
_WRAP_MIN, _WRAP_MAX = 40, 100
"""Widths of a hard-wrapped line, in terminal columns (an East Asian wide character takes two)."""


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


def _lines(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of every line's content; \\n, \\r\\n and \\r end a line."""
    spans: list[tuple[int, int]] = []
    start = 0
    if "\r" not in text:
        for line in text.split("\n"):
            spans.append((start, start + len(line)))
            start += len(line) + 1
    else:
        for m in _BREAK.finditer(text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(text)))
    if spans and spans[-1][0] == len(text):
        spans.pop()
    return spans


def _blocks(text: str, lines: list[tuple[int, int]]) -> list[list[int]]:
    """Group line numbers into runs of non-blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, (start, end) in enumerate(lines):
        if text[start:end].strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _wrapped(text: str, lines: list[tuple[int, int]], blocks: list[list[int]]) -> bool:
    """Decide hard-wrapping from the distinct inner lines of blank-line-separated blocks.

    Wrapped: nearly all inner lines lie in a band of wrap widths and most break
    mid-sentence. Each distinct line counts once, so removing repeated paragraphs does not
    change the decision on the cleaned output.
    """
    if len(blocks) < 2:  # no blank line between paragraphs: one a line, whatever the lines look like
        return False
    inner = list(dict.fromkeys(text[lines[i][0]:lines[i][1]].strip() for block in blocks for i in block[:-1]))
    widths = [columns(line) for line in inner]
    if not inner or max(widths) > _WRAP_MAX:  # a long line: no need to count the rest
        return False
    fitting = sum(_WRAP_MIN <= width <= _WRAP_MAX for width in widths)
    ended = sum(map(ends_sentence, inner))
    return fitting >= 0.9 * len(inner) and ended <= 0.3 * len(inner)


def is_hard_wrapped(text: str) -> bool:
    """Tell whether ``text`` holds blank-line-separated paragraphs wrapped at a fixed width.

    Wrapped text has blocks of several lines whose inner lines lie in a narrow band of
    widths (40-100 columns) and mostly break mid-sentence; one-paragraph-a-line text
    has long or ragged lines that end sentences (with the full stops of any script).

    >>> is_hard_wrapped("A line of text that goes on for a while, like prose\\nwrapped here.\\n\\nNext.\\n")
    True
    >>> is_hard_wrapped("A whole paragraph that ends on this line.\\nAnother whole paragraph, also ended.\\n")
    False
    >>> is_hard_wrapped("Title\\nA paragraph on one line.\\n")
    False
    >>> is_hard_wrapped("这一段文字很长，写满了一整行，句子在这里结束了。\\n" * 3)
    False
    """
    lines = _lines(text)
    return _wrapped(text, lines, _blocks(text, lines))


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs: blank-line blocks if hard-wrapped, else one a line.

    >>> [p.text for p in segment("One\\n\\nTwo\\r\\nThree")]
    ['One', 'Two', 'Three']
    """
    lines = _lines(text)
    blocks = _blocks(text, lines)
    if _wrapped(text, lines, blocks):
        spans = [(lines[b[0]][0], lines[b[-1]][1], b[0]) for b in blocks]
    else:
        spans = [(lines[i][0], lines[i][1], i) for b in blocks for i in b]
    paragraphs = []
    for n, (start, end, line) in enumerate(spans):
        nxt = spans[n + 1][0] if n + 1 < len(spans) else len(text)
        paragraphs.append(Paragraph(n, start, end, text[start:end], line + 1, text[end:nxt]))
    return paragraphs
