"""Posting key -> paragraph ids, held in memory as a few sorted numpy arrays with bucket directories."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

from .backend import POSTING_MAX

LEVEL_BASE = 1 << 16
"""Postings kept in a dict before they are sorted into the levels; level ``d`` holds up to
``LEVEL_BASE * LEVEL_GROWTH ** (d + 1)``."""
LEVEL_GROWTH = 8
BUCKET_SCAN_MAX = 4 * POSTING_MAX
"""A bucket longer than this is searched by bisection rather than scanned."""
DEAD_MIN = 1024
"""Forgotten paragraphs filtered at lookup before the arrays are rewritten without them."""


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return every position of the ranges ``starts[q]`` to ``starts[q] + sizes[q]``, and its ``q``.

    >>> [a.tolist() for a in _ranges(np.array([5, 0, 9]), np.array([2, 0, 1]))]
    [[0, 0, 2], [5, 6, 9]]
    """
    queries = np.repeat(np.arange(len(sizes)), sizes)
    return queries, np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(len(queries))


class _Level:
    """Postings sorted by key, and a directory: where each bucket of keys (their top bits) starts.

    Keys are hashes, spread evenly, so with about one bucket per posting a lookup reads
    one directory entry and a posting or two, instead of bisecting the whole array.
    """

    __slots__ = ("keys", "pids", "starts", "shift", "offset")

    def __init__(self, keys: np.ndarray, pids: np.ndarray):
        self.keys, self.pids = keys, pids
        bits = max(1, len(keys).bit_length() - 1)
        self.shift, self.offset = 64 - bits, 1 << (bits - 1)
        self.starts = np.zeros((1 << bits) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self._buckets(keys), minlength=1 << bits), out=self.starts[1:])

    def without(self, pids: np.ndarray) -> _Level:
        """Return this level without the postings of ``pids``."""
        live = ~np.isin(self.pids, pids)
        return _Level(self.keys[live], self.pids[live])

    def _buckets(self, keys: np.ndarray) -> np.ndarray:
        """Bucket of each key: its top bits, shifted to start at 0 (an order that sorting keeps)."""
        return (keys >> self.shift) + self.offset

    def find(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (position in ``wanted``, paragraph id) for every posting under a wanted key."""
        buckets = self._buckets(wanted)
        lo = self.starts[buckets]
        sizes = self.starts[buckets + 1] - lo
        if sizes.max(initial=0) > BUCKET_SCAN_MAX:
            return self._bisect(wanted)
        queries, at = _ranges(lo, sizes)
        hit = self.keys[at] == wanted[queries]
        return queries[hit], self.pids[at[hit]]

    def _bisect(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The same as ``find`` by binary search (for a level where some key is very common)."""
        lo = np.searchsorted(self.keys, wanted, "left")
        queries, at = _ranges(lo, np.searchsorted(self.keys, wanted, "right") - lo)
        return queries, self.pids[at]


class PostingMap:
    """Posting key -> paragraph ids: recent postings in dicts, older ones in sorted levels.

    New postings go into a dict until there are ``LEVEL_BASE``; then they are sorted into
    the first level, and a level that outgrows its capacity is merged into the next (a
    log-structured merge), so each posting is copied a few times in all and a lookup is
    one directory probe per level. About 20 bytes a posting.

    >>> m = PostingMap()
    >>> m.add([1, 1, 2], [10, 20, 20])
    >>> m.lookup([30, 20])
    {1: [1, 2]}
    """

    def __init__(self) -> None:
        self.recent: dict[int, int] = {}
        self.recent_more: dict[int, list[int]] = {}
        self.recent_count = 0
        self.levels: list[_Level | None] = []
        self.dead: set[int] = set()

    def add(self, pids: Sequence[int], keys: Sequence[int]) -> None:
        """Index each paragraph of ``pids`` under the key beside it."""
        recent = self.recent
        if recent.keys().isdisjoint(keys) and len(set(keys)) == len(keys):
            recent.update(zip(keys, pids))
        else:
            for key, pid in zip(keys, pids):
                if key in recent:
                    self.recent_more.setdefault(key, []).append(pid)
                else:
                    recent[key] = pid
        self.recent_count += len(keys)
        if self.recent_count >= LEVEL_BASE:
            self.flush()

    def flush(self) -> None:
        """Sort the recent postings into the levels."""
        more = self.recent_more
        keys = np.fromiter(chain(self.recent, *([k] * len(v) for k, v in more.items())), dtype=np.int64)
        pids = np.fromiter(chain(self.recent.values(), *more.values()), dtype=np.int64)
        self.recent, self.recent_more, self.recent_count = {}, {}, 0
        self.add_bulk(pids, keys)

    def add_bulk(self, pids: np.ndarray, keys: np.ndarray) -> None:
        """Sort many (pid, key) postings into the levels at once."""
        order = np.lexsort((pids, keys))
        keys, pids = keys[order], pids[order]
        for depth, level in enumerate(self.levels):
            if level is not None:
                at = np.searchsorted(level.keys, keys, "right")
                keys, pids = np.insert(level.keys, at, keys), np.insert(level.pids, at, pids)
            if len(keys) <= LEVEL_BASE * LEVEL_GROWTH ** (depth + 1):
                self.levels[depth] = _Level(keys, pids)
                return
            self.levels[depth] = None
        self.levels.append(_Level(keys, pids))

    def kill(self, pids: Sequence[int]) -> None:
        """Forget paragraphs (filtered out of lookups; dropped from the arrays in bulk)."""
        self.dead.update(pids)
        if len(self.dead) > max(DEAD_MIN, len(self) // 32):
            self.flush()
            dead = np.fromiter(self.dead, dtype=np.int64)
            self.levels = [None if level is None else level.without(dead) for level in self.levels]
            self.dead = set()

    def __len__(self) -> int:
        return self.recent_count + sum(len(level.keys) for level in self.levels if level is not None)

    def lookup(self, keys: Sequence[int]) -> dict[int, list[int]]:
        """Map the position of each key that holds live ids to those ids, sorted.

        A key held by over ``POSTING_MAX`` paragraphs is a stock phrase: left out.
        """
        found: dict[int, list[int]] = {}
        recent, more = self.recent, self.recent_more
        common = recent.keys() & keys if recent else ()
        if common:
            found = {j: [recent[key], *more.get(key, ())] for j, key in enumerate(keys) if key in common}
        wanted = np.asarray(keys, dtype=np.int64)
        for level in self.levels:
            if level is not None:
                positions, ids = level.find(wanted)
                for j, pid in zip(positions.tolist(), ids.tolist()):
                    found.setdefault(j, []).append(pid)
        dead = self.dead
        out: dict[int, list[int]] = {}
        for j, pids in found.items():
            live = [p for p in pids if p not in dead] if dead else pids
            if 0 < len(live) <= POSTING_MAX:
                out[j] = sorted(live)
        return out
