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

_NEWLINE = re.compile("\n")
VOID = frozenset([
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
])
CLOSES_P = frozenset([
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "listing", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "xmp",
])
SPECIAL = CLOSES_P | VOID | frozenset([
    "applet", "body", "button", "caption", "colgroup", "dd", "dt", "frameset", "head", "html", "iframe", "li",
    "marquee", "noembed", "noframes", "noscript", "object", "plaintext", "script", "select", "style", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr",
])
"""HTML5's special elements: an end tag of another element does not close them (it is ignored)."""
SCOPE = frozenset(["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button"])
TEXT_ONLY = frozenset(["textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext", "template"])
"""Elements whose content the tree holds as text (or, for template, outside the document)."""
_IMPLIED = {
    "li": ("li", frozenset({"ul", "ol", "menu"})),
    "dt": ("dt dd", frozenset({"dl"})),
    "dd": ("dt dd", frozenset({"dl"})),
    "td": ("td th", frozenset({"tr", "table"})),
    "th": ("td th", frozenset({"tr", "table"})),
    "tr": ("tr td th", frozenset({"table", "thead", "tbody", "tfoot"})),
    "tbody": ("tbody thead tfoot tr td th", frozenset({"table"})),
    "thead": ("tbody thead tfoot tr td th", frozenset({"table"})),
    "tfoot": ("tbody thead tfoot tr td th", frozenset({"table"})),
    "option": ("option", frozenset({"select", "datalist"})),
}


@dataclass
class Span:
    """One element in the source: ``source[start:end]`` is its start tag through its end."""

    tag: str
    start: int
    end: int


class _Scanner(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = line_starts(source)
        self.spans: list[Span] = []
        self.stack: list[Span] = []
        self.skip_until: str | None = None

    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def close_to(self, index: int, at: int) -> None:
        """Close every open element from ``index`` up, ending them at ``at``."""
        for span in self.stack[index:]:
            span.end = at
        del self.stack[index:]

    def find_open(self, tags: set[str] | frozenset[str], boundary: frozenset[str]) -> int:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag in tags:
                return i
            if self.stack[i].tag in boundary:
                return -1
        return -1

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if self.skip_until is not None:
            return
        start = self.position()
        text = self.get_starttag_text() or ""
        if tag in CLOSES_P:
            self.close_found(self.find_open({"p"}, SCOPE), start)
        if tag in _IMPLIED:
            names, boundary = _IMPLIED[tag]
            self.close_found(self.find_open(set(names.split()), boundary), start)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.stack and self.stack[-1].tag[:1] == "h" \
                and self.stack[-1].tag[1:].isdigit():
            self.close_to(len(self.stack) - 1, start)
        span = Span(tag, start, start + len(text))
        self.spans.append(span)
        if tag not in VOID:
            self.stack.append(span)
        if tag in TEXT_ONLY:
            self.skip_until = tag

    def close_found(self, index: int, at: int) -> None:
        if index >= 0:
            self.close_to(index, at)

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
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self.close_to(i + 1, start)
                self.stack[i].end = end
                del self.stack[i]
                return
            if tag not in SPECIAL and self.stack[i].tag in SPECIAL:
                return
        if tag == "p":  # HTML5: a stray </p> makes an empty paragraph
            self.spans.append(Span("p", start, end))


def source_spans(source: str) -> dict[str, list[Span]]:
    """Return the source span of every element, by tag, in document order.

    >>> spans = source_spans("<div><p>One<p>Two</div>")
    >>> [(s.start, s.end) for s in spans["p"]]
    [(5, 11), (11, 17)]
    """
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    scanner.close_to(0, len(source))
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
