"""Find where each element of an HTML document lies in its source, so removals can cut bytes.

The HTML5 parser that builds the tree (lexbor) does not report source positions, so the
standard library's HTML tokenizer (``html.parser``) walks the same source and a small
stack of open elements closes them the way HTML5 does in the common cases (a ``<p>``
ended by the next block, an ``<li>`` by the next item, cells by the next cell or row).
The k-th element of a tag in the tree is matched with the k-th start tag of that tag in
the source. Nothing here is trusted blindly: ``html.cut`` re-parses the cut document and
keeps it only when its tree equals the tree with the elements removed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

from .nesting import OpenElements

_NEWLINE = re.compile("\n")
TEXT_ONLY = frozenset(["textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext", "template"])
"""Elements whose content the tree holds as text (or, for template, outside the document)."""


@dataclass
class Span:
    """One element in the source: ``source[start:end]`` is its start tag through its end."""

    tag: str
    start: int
    end: int


def _end_at(span: Span, at: int) -> None:
    span.end = at


class _Scanner(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = line_starts(source)
        self.spans: list[Span] = []
        self.stack: OpenElements[Span] = OpenElements(_end_at)
        self.skip_until: str | None = None

    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if self.skip_until is not None:
            return
        start = self.position()
        span = Span(tag, start, start + len(self.get_starttag_text() or ""))
        self.spans.append(span)
        self.stack.start(tag, span, start)
        if tag in TEXT_ONLY:
            self.skip_until = tag

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self.position()
        if self.skip_until is not None:
            if tag != self.skip_until:
                return
            self.skip_until = None
        gt = self.source.find(">", start)
        end = gt + 1 if gt >= 0 else len(self.source)
        if not self.stack.end(tag, start, end) and tag == "p" and self.stack.nearest(("p",)) < 0:
            self.spans.append(Span("p", start, end))  # HTML5: a stray </p> makes an empty paragraph


def source_spans(source: str) -> dict[str, list[Span]]:
    """Return the source span of every element, by tag, in document order.

    >>> spans = source_spans("<div><p>One<p>Two</div>")
    >>> [(s.start, s.end) for s in spans["p"]]
    [(5, 11), (11, 17)]
    """
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    scanner.stack.close_from(0, len(source))
    by_tag: dict[str, list[Span]] = {}
    for span in scanner.spans:
        by_tag.setdefault(span.tag, []).append(span)
    return by_tag


def line_starts(source: str) -> list[int]:
    """Return the offset where each ``\\n``-separated line of ``source`` starts.

    >>> line_starts("a\\nb\\nc")
    [0, 2, 4]
    """
    return [0] + [m.end() for m in _NEWLINE.finditer(source)]


def line_of(offset: int, starts: list[int]) -> int:
    """Return the 1-based line of ``offset``, given the ``line_starts`` of its text.

    >>> line_of(4, line_starts("a\\nb\\nc"))
    3
    """
    return bisect_right(starts, offset)
