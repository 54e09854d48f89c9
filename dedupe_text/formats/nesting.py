"""The stack of open elements as HTML5 keeps it in the common cases, and a cheap check of a page's depth.

``OpenElements`` closes elements the way the HTML5 tree builder does for the tags that
matter to nesting (a ``<p>`` ended by a block start tag, an ``<li>`` by the next item,
cells by the next cell or row, an end tag by its element unless a "special" element is
in the way). Every look-up of an open element takes constant time, so a page costs time
linear in its tags however deep it nests. ``sourcemap`` uses it to find each element's
source span; ``check_depth`` uses it to refuse, before parsing, a page nested deeper than
browsers build (lexbor's own scope checks take time proportional to the depth per tag).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection
from typing import Generic, TypeVar

from ..errors import InputError

MAX_DEPTH = 512
"""Deepest nesting of elements accepted: Chromium's parser stops nesting at 512 too (real pages: under 40)."""
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
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
IMPLIED = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}
"""Start tags that end an open element of the first set, unless an element of the second is nearer."""
RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"])
"""Elements whose content is text to the tokenizer, up to their end tag."""

Item = TypeVar("Item")
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.S)


class OpenElements(Generic[Item]):
    """Open elements, innermost last; ``on_close(item, at)`` is told where each one ends.

    ``nearest`` and ``start`` take constant time (positions are kept by tag), so a page
    costs time linear in its tags at any depth.

    >>> ends = []
    >>> stack = OpenElements(lambda item, at: ends.append((item, at)))
    >>> for at, tag in enumerate(["ul", "li", "li"]):
    ...     stack.start(tag, tag + str(at), at)
    >>> ends, len(stack)
    ([('li1', 2)], 2)
    """

    def __init__(self, on_close: Callable[[Item, int], None]):
        self.items: list[tuple[str, Item]] = []
        self.where: dict[str, list[int]] = {}
        self.special: list[int] = []
        self.scope: list[int] = []
        self.on_close = on_close

    def __len__(self) -> int:
        return len(self.items)

    def nearest(self, tags: Collection[str]) -> int:
        """Return the stack position of the innermost open element of ``tags`` (-1 if none)."""
        return max([self.where[t][-1] for t in tags if self.where.get(t)], default=-1)

    def _innermost(self, tag: str) -> int:
        positions = self.where.get(tag)
        return positions[-1] if positions else -1

    def close_from(self, index: int, at: int) -> None:
        """Close every open element from stack position ``index`` up, ending them at ``at``."""
        items, where, special, scope = self.items, self.where, self.special, self.scope
        index = max(index, 0)
        while len(items) > index:
            tag, item = items.pop()
            where[tag].pop()
            depth = len(items)
            if special and special[-1] == depth:
                special.pop()
            if scope and scope[-1] == depth:
                scope.pop()
            self.on_close(item, at)

    def close_in(self, tags: Collection[str], boundary: Collection[str], at: int) -> None:
        """Close the outermost open element of ``tags`` inside the innermost of ``boundary``, and all in it.

        A ``<tr>`` start tag ends the open cell and the row that holds it, not just the cell.
        """
        floor = self.nearest(boundary)
        found = [p[bisect_right(p, floor)] for p in (self.where.get(t) for t in tags) if p and p[-1] > floor]
        if found:
            self.close_from(min(found), at)

    def start(self, tag: str, item: Item, at: int) -> None:
        """Open ``tag`` at ``at``, first closing what its start tag implicitly ends (a void tag is not opened)."""
        if tag in CLOSES_P:
            found = self._innermost("p")
            if found >= 0 and found > (self.scope[-1] if self.scope else -1):
                self.close_from(found, at)
        if tag in IMPLIED:
            self.close_in(*IMPLIED[tag], at)
        if tag in HEADINGS and self.items and self.items[-1][0] in HEADINGS:
            self.close_from(len(self.items) - 1, at)
        if tag in VOID:
            return
        if tag in SPECIAL:
            self.special.append(len(self.items))
        if tag in SCOPE:
            self.scope.append(len(self.items))
        self.where.setdefault(tag, []).append(len(self.items))
        self.items.append((tag, item))

    def end(self, tag: str, at: int, after: int) -> bool:
        """Close ``tag``'s innermost open element at ``after``, those inside it at ``at``; False: ignored."""
        found = self._innermost(tag)
        if found < 0 or (tag not in SPECIAL and self.special and self.special[-1] > found):
            return False
        self.close_from(found + 1, at)
        self.close_from(found, after)
        return True


def check_depth(source: str, limit: int = MAX_DEPTH) -> int:
    """Return how deep ``source`` nests its elements; raise InputError beyond ``limit``.

    Tags are found with a regular expression (comments and raw text skipped), so this is
    an estimate of the tree's depth, close enough to refuse hostile nesting cheaply.

    >>> check_depth("<div><p>a<p>b</div>")
    2
    >>> check_depth("<div>" * 600)
    Traceback (most recent call last):
    ...
    dedupe_text.errors.InputError: HTML nests elements more than 512 deep (at character 2,560); browsers stop at 512
    """
    stack: OpenElements[None] = OpenElements(lambda item, at: None)
    deepest, raw = 0, ""
    for m in _TAG.finditer(source):
        closing, tag = m.group(1), (m.group(2) or "").lower()
        if not tag or (raw and not (closing and tag == raw)):
            continue
        raw = ""
        if closing:
            stack.end(tag, m.start(), m.end())
            continue
        stack.start(tag, None, m.start())
        if len(stack) > limit:
            raise InputError(f"HTML nests elements more than {limit} deep (at character {m.start():,}); "
                             f"browsers stop at {MAX_DEPTH}")
        deepest = max(deepest, len(stack))
        raw = tag if tag in RAW_TEXT else ""
    return deepest
