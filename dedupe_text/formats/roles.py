"""Turn the roles a format found for its blocks into the ``Structure`` the detector reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..structure import Structure


class Role(Protocol):
    """A block that knows whether it is a heading and which list or table it belongs to (-1: none)."""

    @property
    def heading(self) -> bool: ...

    @property
    def list_of(self) -> int: ...


def structure_of(blocks: Sequence[Role]) -> Structure:
    """Return the headings and lists (one per list or table, its blocks in order) of ``blocks``.

    ``list_of`` is any number naming the list (an element's or token's position); blocks
    with the same number form one list.

    >>> from collections import namedtuple
    >>> B = namedtuple("B", "heading list_of")
    >>> structure_of([B(True, -1), B(False, 7), B(False, 7), B(False, -1), B(False, 9)])
    Structure(headings=frozenset({0}), lists=((1, 2), (4,)), tables=())
    """
    lists: dict[int, list[int]] = {}
    for k, b in enumerate(blocks):
        if b.list_of >= 0:
            lists.setdefault(b.list_of, []).append(k)
    return Structure(frozenset(k for k, b in enumerate(blocks) if b.heading), tuple(tuple(v) for v in lists.values()))
