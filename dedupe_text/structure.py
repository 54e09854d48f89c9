"""What a format knows of its blocks' roles (headings, lists, tables), and how plain text shows them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADING_WORDS = 12
"""Most words in a line read as a heading or a table-of-contents entry."""
TITLE_SHARE = 0.75
"""Share of a line's longer words (four letters or more) capitalised for it to read as a title."""
_MARKER = re.compile(
    r"^\s*(?:(?P<bullet>[-*+\u2022\u25e6\u2023\u00b7\u2013\u2014])"
    r"|\(?(?P<number>\d{1,3})(?P<close>[.)])"
    r"|\(?(?P<letter>[A-Za-z])[.)]"
    r"|(?P<label>[^\W\d_]{2,12}) (?P<step>\d{1,3})[:.)])\s+\S"
)
"""A list item's opening: a bullet, "1." or "1)", "a)" or "B.", or a word and a number ("Step 2:")."""
_HEADING_MARK = re.compile(r"^\s*(?:#{1,6}\s|\d{1,2}(?:\.\d{1,2})*\.?\s+\S)")
_SENTENCE_END = (".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f", "\u0964", ";", ",")


@dataclass(frozen=True)
class Structure:
    """The roles of a document's blocks, by paragraph index.

    ``headings`` are the indexes of headings (``<h1>``-``<h6>``, Markdown ``#`` lines, or
    lines a plain-text reader takes for headings). ``lists`` holds one tuple per list or
    table, the indexes of its items (or cells, or rows) in document order. A format that
    knows its markup passes what it knows; ``None`` in its place lets the decider infer
    the structure of plain text from the text itself (``infer``). ``tables`` holds one
    tuple per table, its cells (or rows): copies within one table stay (a value or a
    button repeated row after row), while a table pasted again goes.

    >>> Structure(headings=frozenset({0}), lists=((1, 2, 3),)).headings
    frozenset({0})
    """

    headings: frozenset[int] = frozenset()
    lists: tuple[tuple[int, ...], ...] = ()
    tables: tuple[tuple[int, ...], ...] = ()


def _short(text: str) -> bool:
    """Tell whether a line is short enough for a heading and does not end a sentence (its number aside)."""
    stripped = text.strip()
    words = stripped.split()
    if not words or len(words) > HEADING_WORDS:
        return False
    return len(words) == 1 and _HEADING_MARK.match(stripped + " x") is not None or not stripped.endswith(_SENTENCE_END)


def _titled(text: str) -> bool:
    """Tell whether a line is written as a title: in capitals, in Title Case, or in a script without case."""
    letters = [c for c in text if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    if letters and not cased:
        return True
    if cased and all(c.isupper() for c in cased):
        return True
    long = [w for w in text.split() if sum(c.isalpha() for c in w) >= 4]
    return bool(long) and sum(w.lstrip("\"'([").istitle() for w in long) >= TITLE_SHARE * len(long)


def _heads_body(texts: Sequence[str], i: int) -> bool:
    """Tell whether the paragraph after ``i`` is body text: a longer paragraph or a list item."""
    if i + 1 >= len(texts):
        return False
    below = texts[i + 1].strip()
    return len(below) > len(texts[i].strip()) or bool(_MARKER.match(below))


def _marker_kind(text: str) -> tuple[str, int] | None:
    """Return a list item's marker kind and number (0 for bullets and letters), or None if it has none."""
    m = _MARKER.match(text)
    if m is None:
        return None
    if m["bullet"]:
        return "bullet " + m["bullet"], 0
    if m["number"]:
        return "number" + m["close"], int(m["number"])
    if m["letter"]:
        return "letter", 0
    return "label " + m["label"].casefold(), int(m["step"])


def lists(texts: Sequence[str]) -> list[tuple[int, ...]]:
    """Return the runs of two or more list items, one tuple per list.

    A list ends where the kind of marker changes; one paragraph between two items
    numbered in sequence (a note, a caption) does not end it. Numbering that starts
    again does not end it either: an item pasted again inside a list is not a new list.

    >>> lists(["Intro.", "1) Open the lid.", "2) Add water.", "Note.", "3) Wait.", "A. Then", "- a", "- b"])
    [(1, 2, 4), (6, 7)]
    """
    found: list[tuple[int, ...]] = []
    current: list[int] = []
    last: tuple[str, int] | None = None
    for i, text in enumerate(texts):
        kind = _marker_kind(text)
        if kind is None and last is not None and current and current[-1] == i - 1 and i + 1 < len(texts):
            after = _marker_kind(texts[i + 1])
            if after is not None and after[0] == last[0] and last[1] and after[1] == last[1] + 1:
                continue  # an interruption inside a numbered list
        if kind is None or last is None or kind[0] != last[0]:
            if len(current) > 1:
                found.append(tuple(current))
            current = []
        if kind is not None:
            current.append(i)
        last = kind
    if len(current) > 1:
        found.append(tuple(current))
    return found


def contents(texts: Sequence[str]) -> tuple[tuple[int, ...], frozenset[int]]:
    """Find a table of contents: a run of short lines each repeated once further down, spread out.

    Returns the entries and the headings they list (empty when there is none). Each
    entry occurs once more, below the run, in the entries' order, and the headings are
    spread out: at one distance each from its entry, they would be a block pasted again.
    One paragraph of body text may interrupt three entries or more (a copy pasted into
    them). Entries hold letters or digits: a repeated section break is no entry.

    >>> contents(["Contents", "Origins", "Today", "Origins", "Long ago it was small.", "Today", "Now it is big."])
    ((1, 2), frozenset({3, 5}))
    """
    copies: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        copies.setdefault(text.strip(), []).append(i)

    def heading(j: int, after: int) -> int | None:
        found = copies[texts[j].strip()]
        ok = len(found) == 2 and found[0] == j and found[1] > after
        ok = ok and _short(texts[j]) and any(c.isalnum() for c in texts[j])
        return found[1] if ok else None

    best: tuple[tuple[int, ...], frozenset[int]] = ((), frozenset())
    i = 0
    while i < len(texts):
        entries: list[int] = []
        heads: list[int] = []
        j = i
        gaps = 0
        while j < len(texts):
            k = heading(j, heads[-1] if heads else j)
            if k is None and entries and not gaps and not _short(texts[j]) and j + 1 < len(texts):
                gaps, j = 1, j + 1  # one paragraph of body text inside the entries
                k = heading(j, heads[-1])
            if k is None:
                break
            entries.append(j)
            heads.append(k)
            j += 1
        spread = len({k - e for e, k in zip(entries, heads)}) > 1 and heads[0] > entries[-1]
        spread = spread and len(entries) > 1 + gaps
        if spread and len(entries) > len(best[0]):
            best = (tuple(entries), frozenset(heads))
        i = max(j, i + 1)
    return best


def infer(texts: Sequence[str]) -> Structure:
    """Infer the structure of plain-text paragraphs: headings, lists and a table of contents.

    A heading is a short line that ends no sentence, above body text, marked ("#",
    "2.1") or written as a title; a table of contents is a list whose entries are the
    headings found further down. A line with a list marker outside any run is a list of
    one item (a stray step, or one pasted elsewhere).

    >>> infer(["FERRY TIMES AND FARES", "The ferry leaves twice a day from the old pier.",
    ...        "1) Buy a ticket.", "2) Board the ferry."])
    Structure(headings=frozenset({0}), lists=((2, 3),), tables=())
    """
    entries, listed = contents(texts)
    found = lists(texts)
    grouped = {i for g in found for i in g}
    found += [(i,) for i, text in enumerate(texts) if i not in grouped and _MARKER.match(text)]
    if entries:
        found = [g for g in found if not set(g) & set(entries)] + [entries]
    items = {i for g in found for i in g}
    headings = {
        i for i, text in enumerate(texts)
        if i not in items and _short(text) and _heads_body(texts, i)
        and (bool(_HEADING_MARK.match(text)) or _titled(text))
    }
    return Structure(frozenset(headings | listed), tuple(sorted(found)))
