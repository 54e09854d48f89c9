"""What a format knows of its blocks' roles: which are headings and which belong to one list or table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Structure:
    """The roles of a document's blocks, by paragraph index.

    ``headings`` are the indexes of headings (``<h1>``-``<h6>``, Markdown ``#`` lines, or
    lines a plain-text reader takes for headings). ``lists`` holds one tuple per list or
    table, the indexes of its items (or cells, or rows) in document order. A format that
    knows its markup passes what it knows; ``None`` in its place lets the decider infer
    the structure of plain text from the text itself.

    >>> Structure(headings=frozenset({0}), lists=((1, 2, 3),)).headings
    frozenset({0})
    """

    headings: frozenset[int] = frozenset()
    lists: tuple[tuple[int, ...], ...] = ()
