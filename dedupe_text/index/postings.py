"""Posting key -> paragraph ids, held in memory as a bucketed hash table in numpy arrays."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import numpy as np

from .backend import POSTING_MAX

SLOTS = 16
"""Postings a bucket holds; the few that find their bucket full go to a dict."""
LOAD_MAX = 0.5
"""Share of the slots in use past which the table doubles (about 8 postings a bucket)."""
FIRST_BITS = 10
"""A new table has ``2**FIRST_BITS`` buckets."""
DEAD_MIN = 1024
"""Forgotten paragraphs filtered at lookup before their slots are emptied."""


class PostingMap:
    """Posting key -> paragraph ids: a hash table whose bucket is a key's top bits.

    Each bucket is a row of ``SLOTS`` (key, id) slots; a slot whose id is 0 is free (ids
    are stored plus one). A whole document's keys are looked up, or added, with a
    handful of numpy operations whatever the size of the index: read the rows of their
    buckets, compare. Keys are hashes, spread evenly; once half the slots are in use the
    table doubles, each bucket ``b`` becoming ``2b`` and ``2b + 1`` by the keys' next bit
    (two copies of the rows, each keeping its half: nothing is hashed or sorted again).
    About 32 to 64 bytes a posting.

    >>> m = PostingMap()
    >>> m.add([1, 1, 2], [10, 20, 20])
    >>> m.lookup([30, 20])
    {1: [1, 2]}
    """

    def __init__(self) -> None:
        self.bits = FIRST_BITS
        self.keys = np.zeros((1 << FIRST_BITS, SLOTS), dtype=np.int64)
        self.ids = np.zeros((1 << FIRST_BITS, SLOTS), dtype=np.int64)
        self.overflow: dict[int, list[int]] = {}
        self.spilled = np.zeros(1 << FIRST_BITS, dtype=bool)
        self.count = 0
        self.dead: set[int] = set()

    def _buckets(self, keys: np.ndarray) -> np.ndarray:
        """Bucket of each key: its top bits, shifted to start at 0."""
        return (keys >> (64 - self.bits)) + (1 << (self.bits - 1))

    def add(self, pids: Iterable[int] | np.ndarray, keys: Iterable[int] | np.ndarray) -> None:
        """Index each paragraph of ``pids`` under the key beside it."""
        keys = np.asarray(keys, dtype=np.int64).reshape(-1)
        ids = np.asarray(pids, dtype=np.int64).reshape(-1) + 1
        self.count += len(keys)
        while self.count > LOAD_MAX * self.ids.size:
            self._split()
        while len(keys):
            buckets = self._buckets(keys)
            ordered = np.sort(buckets)
            if (ordered[1:] != ordered[:-1]).all():
                self._place(ids, keys, buckets)
                return
            first = np.unique(buckets, return_index=True)[1]  # one posting a bucket at a time
            self._place(ids[first], keys[first], buckets[first])
            rest = np.ones(len(keys), dtype=bool)
            rest[first] = False
            ids, keys = ids[rest], keys[rest]

    def _place(self, ids: np.ndarray, keys: np.ndarray, buckets: np.ndarray) -> None:
        """Put postings of distinct buckets in the first free slots (the dict when a bucket is full)."""
        slots = self.keys.shape[1]
        free = self.ids.take(buckets, axis=0) == 0
        slot = free.argmax(axis=1)
        fits = free.any(axis=1)  # argmax found a free slot
        if not fits.all():
            for key, pid in zip(keys[~fits].tolist(), (ids[~fits] - 1).tolist()):
                self.overflow.setdefault(key, []).append(pid)
            self.spilled[buckets[~fits]] = True
            ids, keys, buckets, slot = ids[fits], keys[fits], buckets[fits], slot[fits]
        at = buckets * slots + slot
        self.keys.reshape(-1)[at] = keys
        self.ids.reshape(-1)[at] = ids

    def _split(self) -> None:
        """Double the buckets: bucket ``b`` becomes ``2b`` and ``2b + 1`` by the keys' next bit."""
        high = self.keys << self.bits
        high >>= 63  # -1 where the next bit is set, else 0
        keys = np.empty((2 * len(self.keys), self.keys.shape[1]), dtype=np.int64)
        ids = np.empty_like(keys)
        keys[0::2] = keys[1::2] = self.keys
        np.bitwise_and(self.ids, high, out=ids[1::2])
        np.subtract(self.ids, ids[1::2], out=ids[0::2])
        self.keys, self.ids, self.spilled = keys, ids, np.zeros(len(keys), dtype=bool)
        self.bits += 1
        self._replace_overflow()

    def _replace_overflow(self) -> None:
        """Place the overflow dict's postings again (after a split there is room)."""
        spilled, self.overflow = self.overflow, {}
        self.count -= sum(map(len, spilled.values()))
        keys = np.fromiter(chain.from_iterable([k] * len(v) for k, v in spilled.items()), dtype=np.int64)
        self.add(np.fromiter(chain.from_iterable(spilled.values()), dtype=np.int64), keys)

    def kill(self, pids: Iterable[int]) -> None:
        """Forget paragraphs (filtered out of lookups; their slots emptied in bulk)."""
        self.dead.update(pids)
        if len(self.dead) > max(DEAD_MIN, self.count // 32):
            gone = np.isin(self.ids, np.fromiter(self.dead, dtype=np.int64) + 1)
            self.ids[gone] = 0
            kept = {k: [p for p in v if p not in self.dead] for k, v in self.overflow.items()}
            self.overflow = {k: v for k, v in kept.items() if v}
            self.count = int(np.count_nonzero(self.ids)) + sum(map(len, self.overflow.values()))
            self.dead = set()

    def __len__(self) -> int:
        """Postings held (forgotten ones included until their slots are emptied)."""
        return self.count

    def lookup(self, keys: Iterable[int] | np.ndarray) -> dict[int, list[int]]:
        """Map the position of each key that holds live ids to those ids, sorted.

        A key held by over ``POSTING_MAX`` paragraphs is a stock phrase: left out.
        """
        wanted = np.asarray(keys, dtype=np.int64).reshape(-1)
        buckets = self._buckets(wanted)
        slots = self.keys.shape[1]
        hits = np.flatnonzero(self.keys.take(buckets, axis=0) == wanted[:, None])
        at = hits // slots
        ids = self.ids.reshape(-1).take(buckets[at] * slots + hits % slots)
        found: dict[int, list[int]] = {}
        for j, pid in zip(at.tolist(), (ids - 1).tolist()):
            if pid >= 0:  # a free slot keeps the key it last held
                found.setdefault(j, []).append(pid)
        if self.overflow:
            for j in np.flatnonzero(self.spilled.take(buckets)).tolist():
                found.setdefault(j, []).extend(self.overflow.get(int(wanted[j]), ()))
        dead = self.dead
        out: dict[int, list[int]] = {}
        for j, pids in found.items():
            live = [p for p in pids if p not in dead] if dead else pids
            if 0 < len(live) <= POSTING_MAX:
                out[j] = sorted(live)
        return out
