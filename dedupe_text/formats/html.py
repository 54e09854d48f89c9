"""HTML in, HTML out: dedupe the text-bearing block elements of a page and cut the copies from its source.

The page is parsed with lexbor (selectolax), a maintained HTML5 parser. Blocks are the
leaf text blocks (``p``, ``h1``-``h6``, ``li``, ``blockquote``, ``pre``, ``figcaption``,
``td``, and ``div`` elements with text of their own); an element holding another
structural element is not a block, its children are. Removed blocks, and the elements
they leave empty, are cut out of the source text, so everything else stays byte for
byte. The cut page is re-parsed and must give the same tree as removing the elements
from the parsed tree; where it does not (markup the source map cannot follow), the
output is lexbor's serialization of that tree instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import DedupeConfig
from ..result import DedupeResult
from ..segment import Paragraph
from .sourcemap import Span, line_of, line_starts, source_spans

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCK_TAGS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "td"])
STRUCTURE = BLOCK_TAGS | frozenset([
    "div", "ul", "ol", "dl", "table", "section", "article", "aside", "header", "footer", "nav", "main", "form",
    "figure", "fieldset", "details", "address", "hgroup", "menu", "center",
])
"""Tags that make an element holding them a container rather than a block."""
HIDDEN = frozenset({"script", "style", "template"})
"""Elements whose text is not text of the page: left out of a block's text, never its reason to go."""
PROTECTED_TAGS = frozenset({"pre"})
"""Blocks never removed (code and preformatted text repeat on purpose); they may still be kept copies."""
NEVER_EMPTIED = frozenset({"html", "head", "body", "td", "th"})
"""Elements kept even when removals leave them empty (the page skeleton, table cells)."""
SPAN_REACH = 2
"""How many ranks a node's source span may lie from its own rank (tokenizer disagreements)."""
VERBATIM = frozenset({"pre", "textarea", "listing", "plaintext"})
"""Ancestors inside which whitespace is content: no line is trimmed around a removal there."""


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class HtmlBlock:
    """A block element of the page: the node, its CSS path, its text, and its source span if found."""

    node: LexborNode
    locator: str
    text: str
    protected: bool


def parse(source: str) -> LexborHTMLParser:
    """Parse ``source`` with lexbor (lone surrogates from undecodable bytes read as U+FFFD).

    >>> parse("<p>Hi</p>").css_first("p").text()
    'Hi'
    """
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(_SURROGATE.sub("\ufffd", source))


def css_path(node: LexborNode) -> str:
    """Return a CSS selector that matches ``node`` alone.

    >>> css_path(parse("<div><p>a</p><p>b</p></div>").css("p")[1])
    'html > body > div:nth-of-type(1) > p:nth-of-type(2)'
    """
    parts: list[str] = []
    current: LexborNode | None = node
    while current is not None and current.is_element_node:
        tag = current.tag or ""
        if tag in ("html", "head", "body"):
            parts.append(tag)
        else:
            nth, sibling = 1, current.prev
            while sibling is not None:
                nth += sibling.tag == tag
                sibling = sibling.prev
            parts.append(f"{tag}:nth-of-type({nth})")
        current = current.parent
    return " > ".join(reversed(parts))


def _has_own_text(node: LexborNode) -> bool:
    return any(c.is_text_node and (c.text_content or "").strip() for c in node.iter(include_text=True))


class Page:
    """A parsed page, its source, and where its elements lie in that source."""

    def __init__(self, source: str):
        self.source = source
        self.tree = parse(source)
        self.elements = [n for n in self.tree.root.traverse() if n.is_element_node] if self.tree.root else []
        self._spans: dict[str, list[Span]] | None = None
        self._ordinal: dict[int, int] = {}
        counts: dict[str, int] = {}
        for n in self.elements:
            tag = n.tag or ""
            self._ordinal[n.mem_id] = counts.get(tag, 0)
            counts[tag] = counts.get(tag, 0) + 1

    def span(self, node: LexborNode) -> Span | None:
        """Return the source span of ``node``: the start tag of its rank among its tag, or a near one.

        The tokenizer and the HTML5 parser can disagree on broken markup (a tag inside an
        unclosed attribute), which shifts ranks; so the span taken is the nearest (within
        ``SPAN_REACH`` ranks) whose source holds the node's text.
        """
        if self._spans is None:
            self._spans = source_spans(self.source)
        spans = self._spans.get(node.tag or "", [])
        rank = self._ordinal.get(node.mem_id, -1)
        if rank < 0:
            return None
        want = " ".join(node.text(deep=True).split())
        for shift in sorted(range(-SPAN_REACH, SPAN_REACH + 1), key=abs):
            if 0 <= rank + shift < len(spans):
                span = spans[rank + shift]
                if " ".join(parse(self.source[span.start:span.end]).text().split()) == want:
                    return span
        return None

    def blocks(self) -> list[HtmlBlock]:
        """Return the leaf text blocks of the page in document order."""
        containers = _ancestors_of(n for n in self.elements if n.tag in STRUCTURE)
        hiding = _ancestors_of(n for n in self.elements if n.tag in HIDDEN)
        blocks: list[HtmlBlock] = []
        for n in self.elements:
            if n.mem_id in containers:
                continue
            if n.tag in BLOCK_TAGS or (n.tag == "div" and _has_own_text(n)):
                text = _visible_text(n) if n.mem_id in hiding else n.text(deep=True)
                text = " ".join(text.split())
                if text:
                    blocks.append(HtmlBlock(n, css_path(n), text, n.tag in PROTECTED_TAGS))
        return blocks

    def paragraphs(self, blocks: Sequence[HtmlBlock], located: bool) -> list[Paragraph]:
        """Describe ``blocks`` as paragraphs with their CSS paths.

        With ``located``, ``start``/``end``/``line`` give each block's place in the source
        (0 where it could not be found); without, they are 0 (the source scan is skipped
        for pages where nothing goes).
        """
        starts = line_starts(self.source) if located else []
        out = []
        for i, b in enumerate(blocks):
            span = self.span(b.node) if located else None
            start, end, line = (span.start, span.end, line_of(span.start, starts)) if span else (0, 0, 0)
            out.append(Paragraph(i, start, end, b.text, line, "", b.locator))
        return out

    def emptied(self, removed: Sequence[LexborNode]) -> list[LexborNode]:
        """Return the outermost elements to cut: ``removed`` plus ancestors they leave empty."""
        gone = {n.mem_id for n in removed}
        for node in removed:
            parent = node.parent
            while parent is not None and parent.is_element_node and parent.tag not in NEVER_EMPTIED:
                if not all(c.mem_id in gone or (c.is_text_node and not (c.text_content or "").strip())
                           for c in parent.iter(include_text=True)):
                    break
                gone.add(parent.mem_id)
                parent = parent.parent
        return [n for n in self.elements if n.mem_id in gone and not _has_ancestor(n, lambda a: a.mem_id in gone)]

    def cut(self, nodes: Sequence[LexborNode]) -> tuple[str, bool]:
        """Remove ``nodes``; return the new page and whether it is the source with their bytes cut out."""
        spans = [self.span(n) for n in nodes]
        verbatim = [_has_ancestor(n, lambda a: a.tag in VERBATIM) for n in nodes]
        for n in nodes:
            n.decompose()
        expected = self.tree.html or ""
        if any(s is None for s in spans):
            return expected, False
        ranges = sorted((s.start, s.end) for s in spans if s is not None)
        if any(a[1] > b[0] for a, b in zip(ranges, ranges[1:])) or not _same_tree(_cut(self.source, ranges), expected):
            return expected, False
        wide = sorted(r if keep else _whole_lines(self.source, *r) for r, keep in zip(
            [(s.start, s.end) for s in spans if s is not None], verbatim))
        return _cut(self.source, _merge(wide)), True


def _same_tree(page: str, expected: str) -> bool:
    """Tell whether ``page`` parses to the tree serialized as ``expected``, up to whitespace between tags.

    Whitespace may fall on either side of an implied end tag (``<p>a\\n<p>b``) once a
    neighbour is cut; nothing else may differ.
    """
    got = parse(page).html or ""
    return got == expected or "".join(got.split()) == "".join(expected.split())


def _ancestors_of(nodes: Iterable[LexborNode]) -> set[int]:
    """Return the ids of every element that has one of ``nodes`` below it."""
    found: set[int] = set()
    for n in nodes:
        parent = n.parent
        while parent is not None and parent.is_element_node and parent.mem_id not in found:
            found.add(parent.mem_id)
            parent = parent.parent
    return found


def _visible_text(node: LexborNode) -> str:
    """Return the text of ``node`` without that of its scripts, styles and templates."""
    parts = []
    for child in node.iter(include_text=True):
        if child.is_text_node:
            parts.append(child.text_content or "")
        elif child.is_element_node and child.tag not in HIDDEN:
            parts.append(_visible_text(child))
    return "".join(parts)


def _has_ancestor(node: LexborNode, test: Callable[[LexborNode], bool]) -> bool:
    """Tell whether an element above ``node`` passes ``test``."""
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if test(parent):
            return True
        parent = parent.parent
    return False


def _whole_lines(source: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to its whole lines when nothing but whitespace shares them."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end + 1
    if source[line_start:start].strip() or source[end:line_end].strip():
        return start, end
    return line_start, line_end


def _merge(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cut(source: str, ranges: Sequence[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in ranges:
        parts.append(source[at:start])
        at = end
    parts.append(source[at:])
    return "".join(parts)


def dedupe_html(source: str, config: DedupeConfig, protected: Collection[int] = ()) -> DedupeResult:
    """Deduplicate the blocks of an HTML page and return the page without the copies.

    >>> page = "<h1>Storm closes the harbour</h1>\\n<p>Storm closes the harbour</p>\\n<p>Body.</p>"
    >>> r = dedupe_html(page, DedupeConfig())
    >>> r.text
    '<h1>Storm closes the harbour</h1>\\n<p>Body.</p>'
    >>> r.removals[0].locator
    'html > body > p:nth-of-type(1)'
    """
    from ..core import explain, find_duplicates

    page = Page(source)
    blocks = page.blocks()
    keep = set(protected) | {i for i, b in enumerate(blocks) if b.protected}
    decisions = find_duplicates([b.text for b in blocks], config, keep)
    paragraphs = page.paragraphs(blocks, located=bool(decisions))
    text = page.cut(page.emptied([blocks[d.index].node for d in decisions]))[0] if decisions else source
    return DedupeResult(text, tuple(paragraphs), explain(paragraphs, decisions), config)
