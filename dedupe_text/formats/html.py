"""HTML in, HTML out: dedupe the visible text blocks of a page and cut the copies from its source.

The page is parsed with lexbor (selectolax), a maintained HTML5 parser. Blocks are the
leaf text blocks (``p``, ``h1``-``h6``, ``li``, ``dt``, ``dd``, ``blockquote``, ``pre``,
``figcaption``, ``caption``, ``td``, ``th``, and ``div`` elements with text of their own);
an element holding another structural element is not a block, its children are. A table
row whose cells hold text but no blocks is one block (a row goes whole or stays whole). Text a
browser does not render (``noscript``, ``template``, ``select``, ``hidden``, inline
``display: none`` ...) is no block's text and never enters deduplication. Captions and
in-page navigation entries (a table of contents) are deduplicated among themselves, apart
from the text they label or point at. Removed blocks, and the elements they leave empty,
are cut out of the source text, so everything else stays byte for byte. The cut page is
re-parsed and must give the same tree as removing the elements from the parsed tree; where
it does not (markup the source map cannot follow), the output is lexbor's serialization of
that tree instead.

Every pass over the tree is one traversal (ordinals, visibility and roles are computed top
down or bottom up over the elements in document order), and ``nesting.check_depth`` refuses
pages nested deeper than browsers build, so the cost is linear in the page.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..choose import Decision
from ..config import DedupeConfig
from ..result import DedupeResult
from ..segment import Paragraph
from .nesting import check_depth
from .roles import structure_of
from .sourcemap import Span, line_of, line_starts, source_spans

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCK_TAGS = frozenset([
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "figcaption", "caption", "td",
    "th",
])
STRUCTURE = BLOCK_TAGS | frozenset([
    "div", "ul", "ol", "dl", "table", "section", "article", "aside", "header", "footer", "nav", "main", "form",
    "figure", "fieldset", "details", "address", "hgroup", "menu", "center",
])
"""Tags that make an element holding them a container rather than a block."""
NOT_RENDERED = frozenset([
    "script", "style", "template", "noscript", "title", "head", "select", "datalist", "option", "optgroup",
    "noembed", "noframes", "iframe", "video", "audio", "canvas",
])
"""Elements whose text a browser does not show as page text (fallback content, form options, metadata)."""
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
LISTS = frozenset(["ul", "ol", "dl", "menu", "table"])
"""Elements whose blocks form one list (items, or a table's rows) in the ``Structure``."""
CAPTIONS = frozenset(["figcaption", "caption"])
CELLS = frozenset(["td", "th"])
ROW_PARTS = frozenset(["tr", "td", "th"])
ITEMS = frozenset(["li", "dt", "dd"]) | ROW_PARTS
PROTECTED_TAGS = frozenset({"pre"})
"""Blocks never removed (code and preformatted text repeat on purpose); they may still be kept copies."""
NEVER_EMPTIED = frozenset({"html", "head", "body", "td", "th"})
"""Elements kept even when removals leave them empty (the page skeleton, table cells)."""
SPAN_REACH = 2
"""How many ranks a node's source span may lie from its own rank (tokenizer disagreements)."""
VERBATIM = frozenset({"pre", "textarea", "listing", "plaintext"})
"""Ancestors inside which whitespace is content: no line is trimmed around a removal there."""
TEXT, LABELS = "text", "labels"
"""The two groups deduplicated apart: running text, and the captions and navigation that label it."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_HIDING_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!\s*important\s*)?(?:;|$)", re.I)


@dataclass(frozen=True)
class HtmlBlock:
    """A visible block of the page: its element, CSS path, text, and role.

    ``element`` is the element's position in ``Page.elements``; ``group`` is ``TEXT`` or
    ``LABELS``; ``list_of`` is the position of the list or table it is an item of (-1: none).
    """

    node: LexborNode
    element: int
    locator: str
    text: str
    protected: bool
    heading: bool = False
    list_of: int = -1
    group: str = TEXT


def parse(source: str) -> LexborHTMLParser:
    """Parse ``source`` with lexbor (lone surrogates from undecodable bytes read as U+FFFD).

    >>> parse("<p>Hi</p>").css_first("p").text()
    'Hi'
    """
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(_SURROGATE.sub("\ufffd", source))


def hides(tag: str, attributes: dict[str, str | None]) -> bool:
    """Tell whether an element is not rendered: its tag, a ``hidden`` attribute, or an inline style.

    ``aria-hidden`` is rendered (it only hides from assistive technology), so it is visible.

    >>> hides("div", {"style": "color: red; display:none"}), hides("span", {"aria-hidden": "true"})
    (True, False)
    """
    if tag in NOT_RENDERED or "hidden" in attributes:
        return True
    style = attributes.get("style")
    return bool(style) and _HIDING_STYLE.search(style or "") is not None


class Page:
    """A parsed page, its source, and what each element is: its parent, rank, visibility and role."""

    def __init__(self, source: str):
        check_depth(source)
        self.source = source
        self.tree = parse(source)
        self.elements = [n for n in self.tree.root.traverse() if n.is_element_node] if self.tree.root else []
        self.index = {n.mem_id: i for i, n in enumerate(self.elements)}
        self.tags = [n.tag or "" for n in self.elements]
        self.parent = [-1 if n.parent is None else self.index.get(n.parent.mem_id, -1) for n in self.elements]
        self._spans: dict[str, list[Span]] | None = None
        self._blocks: list[HtmlBlock] | None = None
        self.nth: list[int] = []
        self.rank: list[int] = []
        self.hidden: list[bool] = []
        self.anchors: dict[str, int] = {}
        self.links: list[int] = []
        siblings: dict[tuple[int, str], int] = {}
        ranks: dict[str, int] = {}
        for i, (node, tag, up) in enumerate(zip(self.elements, self.tags, self.parent)):
            siblings[up, tag] = siblings.get((up, tag), 0) + 1
            self.nth.append(siblings[up, tag])
            self.rank.append(ranks.get(tag, 0))
            ranks[tag] = self.rank[-1] + 1
            attributes = node.attributes
            self.hidden.append((up >= 0 and self.hidden[up]) or hides(tag, attributes))
            for key in ("id", "name") if tag == "a" else ("id",):
                value = attributes.get(key)
                if value:
                    self.anchors.setdefault(value, i)
            href = attributes.get("href") if tag == "a" else None
            if href and href.startswith("#") and len(href) > 1:
                self.links.append(i)

    def css_path(self, i: int) -> str:
        """Return a CSS selector that matches element ``i`` alone: tags and ``nth-of-type`` ranks from ``html``.

        >>> page = Page("<div><p>a</p><p>b</p></div>")
        >>> page.css_path(page.tags.index("p") + 1)
        'html > body > div:nth-of-type(1) > p:nth-of-type(2)'
        """
        parts: list[str] = []
        while i >= 0:
            tag = self.tags[i]
            parts.append(tag if tag in ("html", "head", "body") else f"{tag}:nth-of-type({self.nth[i]})")
            i = self.parent[i]
        return " > ".join(reversed(parts))

    def _below(self, marks: Sequence[bool]) -> list[bool]:
        """Return, per element, whether an element below it is marked (one pass, children before parents)."""
        below = [False] * len(marks)
        for i in range(len(marks) - 1, -1, -1):
            up = self.parent[i]
            if up >= 0 and (marks[i] or below[i]):
                below[up] = True
        return below

    def _nearest(self, test: Collection[str], reset: Collection[str] = ()) -> list[int]:
        """Return, per element, the nearest element (itself included) whose tag is in ``test`` (-1: none).

        An element whose tag is in ``reset`` starts afresh: nothing above it is looked at.
        """
        found: list[int] = []
        for i, (tag, up) in enumerate(zip(self.tags, self.parent)):
            found.append(i if tag in test else -1 if tag in reset or up < 0 else found[up])
        return found

    def span(self, i: int) -> Span | None:
        """Return the source span of element ``i``: the start tag of its rank among its tag, or a near one.

        The tokenizer and the HTML5 parser can disagree on broken markup (a tag inside an
        unclosed attribute), which shifts ranks; so the span taken is the nearest (within
        ``SPAN_REACH`` ranks) whose source holds the node's text.
        """
        if self._spans is None:
            self._spans = source_spans(self.source)
        spans = self._spans.get(self.tags[i], [])
        rank = self.rank[i]
        want = " ".join(self.elements[i].text(deep=True).split())
        for shift in sorted(range(-SPAN_REACH, SPAN_REACH + 1), key=abs):
            if 0 <= rank + shift < len(spans):
                span = spans[rank + shift]
                if " ".join(parse(self.source[span.start:span.end]).text().split()) == want:
                    return span
        return None

    def blocks(self) -> list[HtmlBlock]:
        """Return the visible blocks of the page in document order (a table's rows as one block each)."""
        if self._blocks is None:
            self._blocks = self._find_blocks()
        return self._blocks

    def _find_blocks(self) -> list[HtmlBlock]:
        container = self._below([t in STRUCTURE for t in self.tags])
        masked = self._below(self.hidden)
        leaves = [i for i, tag in enumerate(self.tags)
                  if not self.hidden[i] and not container[i]
                  and (tag in BLOCK_TAGS or (tag == "div" and _has_own_text(self.elements[i])))]
        texts = {i: self._text(i, masked[i]) for i in leaves}
        protected = {i for i in leaves if self.tags[i] in PROTECTED_TAGS}
        units = self._rows([i for i in leaves if texts[i]], texts, protected)
        lists = self._items()
        navigation, landed = self._navigation(units, texts)
        blocks = []
        for i in units:
            tag = self.tags[i]
            blocks.append(HtmlBlock(
                self.elements[i], i, self.css_path(i), texts[i], i in protected or i in landed or self._header_row(i),
                heading=tag in HEADINGS, list_of=lists[i],
                group=LABELS if tag in CAPTIONS or i in navigation else TEXT))
        return blocks

    def _items(self) -> list[int]:
        """Return, per element, the list or table it is an item of (-1: none).

        Items are ``li``/``dt``/``dd`` and what they hold, and a table's rows and cells; a
        paragraph inside a layout table's cell is not an item of that table.
        """
        lists = self._nearest(LISTS)
        items = self._nearest(ITEMS, LISTS)
        found = []
        for i, item in enumerate(items):
            up = self.parent[item] if item >= 0 else -1
            found.append(lists[up] if up >= 0 and (item == i or self.tags[item] not in ROW_PARTS) else -1)
        return found

    def _text(self, i: int, masked: bool) -> str:
        """Return element ``i``'s text, whitespace collapsed, without the text of hidden elements in it."""
        node = self.elements[i]
        if not masked:
            return " ".join(node.text(deep=True).split())
        parts = []
        for child in node.traverse(include_text=True):
            if child.is_text_node and child.parent is not None:
                holder = self.index.get(child.parent.mem_id, -1)
                if holder >= 0 and not self.hidden[holder]:
                    parts.append(child.text_content or "")
        return " ".join("".join(parts).split())

    def _rows(self, leaves: list[int], texts: dict[int, str], protected: set[int]) -> list[int]:
        """Replace the blocks of each table row whose blocks are all its cells by the row itself.

        ``texts`` gains the rows' texts (their cells' texts joined), ``protected`` the rows
        holding a protected block (code in a table). A row with a cell that holds blocks
        (paragraphs, lists, a table: a layout table) keeps its blocks, so whether a row is
        a unit does not change when a removal empties one of its cells' blocks.
        """
        rows = self._nearest({"tr"}, {"table"})
        cells = self._nearest(CELLS, {"table", "tr"})
        nested = self._below([t == "table" for t in self.tags])
        members: dict[int, list[int]] = {}
        for i in leaves:
            if rows[i] >= 0 and not nested[rows[i]]:
                members.setdefault(rows[i], []).append(i)
        whole = {row for row, found in members.items() if all(cells[i] == i for i in found)}
        units: list[int] = []
        for i in leaves:
            row = rows[i]
            if row not in whole:
                units.append(i)
            elif row not in texts:
                texts[row] = " ".join(texts[j] for j in members[row])
                units.append(row)
                if protected.intersection(members[row]):
                    protected.add(row)
        return units

    def _header_row(self, i: int) -> bool:
        """Tell whether element ``i`` is a table row of headers (in ``thead``, or of ``th`` cells only)."""
        if self.tags[i] != "tr":
            return False
        up = self.parent[i]
        cells = [c for c in self.elements[i].iter() if c.tag in CELLS]
        return (up >= 0 and self.tags[up] == "thead") or (bool(cells) and all(c.tag == "th" for c in cells))

    def _navigation(self, units: Sequence[int], texts: dict[int, str]) -> tuple[set[int], set[int]]:
        """Return the blocks that are in-page navigation, and the blocks in-page links land on.

        Navigation is a block whose whole text is links to anchors of this page (a table of
        contents). A link lands on the block holding its target (the first element with
        that id, as a browser finds it), or on the first block after a target that holds
        none (an empty anchor, a section): a footnote, a heading of the contents.
        """
        unit = set(units)
        owner: list[int] = []
        for i, up in enumerate(self.parent):
            owner.append(i if i in unit else (owner[up] if up >= 0 else -1))
        linked: dict[int, list[str]] = {}
        landed: set[int] = set()
        for i in self.links:
            target = self.anchors.get(unquote((self.elements[i].attributes.get("href") or "")[1:]))
            if target is None:
                continue
            if owner[i] >= 0:
                linked.setdefault(owner[i], []).append(self.elements[i].text(deep=True))
            after = bisect_left(units, target)
            landed.add(owner[target] if owner[target] >= 0 else units[after] if after < len(units) else -1)
        navigation = {i for i, parts in linked.items() if "".join("".join(parts).split()) == "".join(texts[i].split())}
        return navigation, landed - {-1}

    def paragraphs(self, blocks: Sequence[HtmlBlock], located: bool) -> list[Paragraph]:
        """Describe ``blocks`` as paragraphs with their CSS paths.

        With ``located``, ``start``/``end``/``line`` give each block's place in the source
        (0 where it could not be found); without, they are 0 (the source scan is skipped
        for pages where nothing goes).
        """
        starts = line_starts(self.source) if located else []
        out = []
        for i, b in enumerate(blocks):
            span = self.span(b.element) if located else None
            start, end, line = (span.start, span.end, line_of(span.start, starts)) if span else (0, 0, 0)
            out.append(Paragraph(i, start, end, b.text, line, "", b.locator))
        return out

    def emptied(self, removed: Collection[int]) -> list[int]:
        """Return the outermost elements to cut: ``removed`` plus ancestors they leave empty.

        Each parent's children are counted once; a removal takes one from its parent's
        count, and a parent left with none (only whitespace text) goes too.
        """
        gone = set(removed)
        left: dict[int, int] = {}
        todo = sorted(gone)
        while todo:
            up = self.parent[todo.pop()]
            if up < 0 or up in gone or self.tags[up] in NEVER_EMPTIED:
                continue
            if up not in left:
                left[up] = sum(1 for c in self.elements[up].iter(include_text=True)
                               if not (c.is_text_node and not (c.text_content or "").strip()))
            left[up] -= 1
            if left[up] == 0:
                gone.add(up)
                todo.append(up)
        inside = [False] * len(self.elements)
        for i, up in enumerate(self.parent):
            inside[i] = up >= 0 and (up in gone or inside[up])
        return [i for i in sorted(gone) if not inside[i]]

    def cut(self, elements: Sequence[int]) -> tuple[str, bool]:
        """Remove ``elements``; return the new page and whether it is the source with their bytes cut out."""
        spans = [self.span(i) for i in elements]
        verbatim: list[bool] = []
        for up in self.parent:
            verbatim.append(up >= 0 and (self.tags[up] in VERBATIM or verbatim[up]))
        for i in elements:
            self.elements[i].decompose()
        expected = self.tree.html or ""
        if any(s is None for s in spans):
            return expected, False
        ranges = sorted((s.start, s.end) for s in spans if s is not None)
        if any(a[1] > b[0] for a, b in zip(ranges, ranges[1:])) or not _same_tree(_cut(self.source, ranges), expected):
            return expected, False
        wide = sorted((s.start, s.end) if verbatim[i] else _whole_lines(self.source, s.start, s.end)
                      for i, s in zip(elements, spans) if s is not None)
        return _cut(self.source, _merge(wide)), True


def _has_own_text(node: LexborNode) -> bool:
    return any(c.is_text_node and (c.text_content or "").strip() for c in node.iter(include_text=True))


def _same_tree(page: str, expected: str) -> bool:
    """Tell whether ``page`` parses to the tree serialized as ``expected``, up to whitespace between tags.

    Whitespace may fall on either side of an implied end tag (``<p>a\\n<p>b``) once a
    neighbour is cut; nothing else may differ.
    """
    got = parse(page).html or ""
    return got == expected or "".join(got.split()) == "".join(expected.split())


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


def decide_blocks(blocks: Sequence[HtmlBlock], config: DedupeConfig, protected: Collection[int] = ()) -> list[Decision]:
    """Decide which blocks are copies: running text and labels (captions, navigation) each among themselves.

    A table of contents names the headings it links to and a caption may repeat a line of
    the text; neither is the copy of what it labels, so the two groups are not compared.
    """
    from ..core import find_duplicates

    found: list[Decision] = []
    for group in (TEXT, LABELS):
        members = [k for k, b in enumerate(blocks) if b.group == group]
        if not members:
            continue
        own = [blocks[k] for k in members]
        keep = {j for j, k in enumerate(members) if k in protected or blocks[k].protected}
        found += [replace(d, index=members[d.index], duplicate_of=members[d.duplicate_of])
                  for d in find_duplicates([b.text for b in own], config, keep, structure_of(own))]
    return _whole_tables(blocks, sorted(found, key=lambda d: d.index))


def _whole_tables(blocks: Sequence[HtmlBlock], decisions: list[Decision]) -> list[Decision]:
    """Remove a table's header rows too when all its other rows go and each has a kept twin elsewhere.

    Header rows are protected (a table needs them), so a table pasted twice would keep its
    second header alone; this takes it with the rest of its table.
    """
    removed = {d.index for d in decisions}
    tables: dict[int, list[int]] = {}
    for k, b in enumerate(blocks):
        if b.list_of >= 0 and b.node.tag == "tr":
            tables.setdefault(b.list_of, []).append(k)
    extra = []
    for rows in tables.values():
        headers = [k for k in rows if blocks[k].protected]
        if not headers or any(k not in removed for k in rows if not blocks[k].protected) or len(headers) == len(rows):
            continue
        kept = {b.text: j for j, b in reversed(list(enumerate(blocks))) if j not in removed and j not in rows}
        twins = [kept.get(blocks[k].text, -1) for k in headers]
        if all(j >= 0 for j in twins):
            extra += [Decision(k, j, "exact", 100.0, 100.0) for k, j in zip(headers, twins)]
            removed.update(headers)
    return sorted(decisions + extra, key=lambda d: d.index) if extra else decisions


def dedupe_html(source: str, config: DedupeConfig, protected: Collection[int] = ()) -> DedupeResult:
    """Deduplicate the blocks of an HTML page and return the page without the copies.

    >>> page = "<h1>Storm closes the harbour</h1>\\n<p>Storm closes the harbour</p>\\n<p>Body.</p>"
    >>> r = dedupe_html(page, DedupeConfig())
    >>> r.text
    '<h1>Storm closes the harbour</h1>\\n<p>Body.</p>'
    >>> r.removals[0].locator
    'html > body > p:nth-of-type(1)'
    """
    from ..core import explain

    page = Page(source)
    blocks = page.blocks()
    decisions = decide_blocks(blocks, config, protected)
    paragraphs = page.paragraphs(blocks, located=bool(decisions))
    text = page.cut(page.emptied([blocks[d.index].element for d in decisions]))[0] if decisions else source
    return DedupeResult(text, tuple(paragraphs), explain(paragraphs, decisions), config)
