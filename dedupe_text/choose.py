"""Group confirmed copies, choose each group's survivor, and carry short lines with their runs."""

from __future__ import annotations

import dataclasses
import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .config import DedupeConfig
from .confirm import Match
from .facts import difference, held
from .fingerprint import Fingerprint
from .result import Rule
from .scripts import comparable_length
from .structure import Structure

RUN_REACH = 2
"""How far (in paragraphs) a short line may sit from a removed copy that carries it."""
BLOCK_SPAN = 8
"""Widest spread (in paragraphs) of the survivors of a block pasted again in another order."""


@dataclass(frozen=True)
class Decision:
    """Remove paragraph ``index`` because paragraph ``duplicate_of`` (kept) holds its text."""

    index: int
    duplicate_of: int
    rule: Rule
    similarity: float
    containment: float


class Roles:
    """What a document's structure says of its pairs: which look alike but are not copies.

    A heading is never a teaser of the paragraph it heads; a heading and a list item
    (a table-of-contents entry) both stay; a list item and a paragraph outside its list
    are never teaser and container; a list (or table) with an item of its own keeps
    every item against copies outside it; cells of one table are never copies of each
    other. Pairs kept apart are remembered with the reason, for the result's look-alikes.
    """

    def __init__(self, structure: Structure | None = None):
        structure = structure or Structure()
        self.headings = structure.headings
        self.lists = structure.lists + structure.tables
        self.list_of = {i: n for n, items in enumerate(self.lists) for i in items}
        self.table_of = {i: n for n, cells in enumerate(structure.tables) for i in cells}
        self.whole: dict[int, int] = {}
        self.kept: dict[tuple[int, int], str] = {}

    def apart(self, i: int, j: int, match: Match | None = None) -> str | None:
        """Return why paragraphs ``i`` and ``j`` are not copies by their roles, or None."""
        pair = (min(i, j), max(i, j))
        why = self._why(pair[0], pair[1], match)
        if why is not None:
            self.kept.setdefault(pair, why)
        return why

    def _why(self, a: int, b: int, match: Match | None) -> str | None:
        if not self.headings and not self.list_of:
            return None
        if match is not None and match.inner == a and b == a + 1 and a in self.headings:
            return "heading of the paragraph below"
        in_a, in_b = a in self.list_of, b in self.list_of
        if a in self.table_of and self.table_of.get(a) == self.table_of.get(b):
            return "cells of one table"
        if (a in self.headings and in_b) or (b in self.headings and in_a):
            return "a heading and its table-of-contents entry"
        if match is not None and match.inner is not None and in_a != in_b:
            return "a list item and a paragraph outside its list: neither is a teaser of the other"
        return None

    def find_whole_lists(self, prints: Sequence[Fingerprint], matches: Sequence[Match]) -> None:
        """Find every list with an item of its own: its items are never removed for a copy outside it.

        An item of its own has no copy that holds its text (none exact, near, or containing it).
        """
        if not self.lists:
            return
        partner: dict[int, int] = {}  # an item that may go, and the copy that holds its text
        for m in matches:
            if self._why(m.a, m.b, m) is None:
                for i in (m.a, m.b) if m.inner is None else (m.inner,):
                    partner.setdefault(i, m.other(i))
        by_digest: dict[bytes, list[int]] = defaultdict(list)
        for i in self.list_of:
            by_digest[prints[i].exact].append(i)
        for i, p in enumerate(prints):
            copies = by_digest.get(p.exact)
            if copies is None or i in partner:
                continue
            for j in copies:
                if j != i and self._why(min(i, j), max(i, j), None) is None:
                    partner[i] = j
                    partner.setdefault(j, i)
                    break
        for n, items in enumerate(self.lists):
            if any(i not in partner for i in items) and any(i in partner for i in items):
                self.whole.update(dict.fromkeys(items, n))

    def shielded(self, i: int, j: int) -> bool:
        """Tell whether ``i`` must stay beside ``j``: in a list with items of its own, ``j`` in another list."""
        n, m = self.whole.get(i), self.list_of.get(j)
        if n is None or m is None or m == n or len(self.lists[m]) < 2:
            return False
        self.kept.setdefault((min(i, j), max(i, j)), "a list with items of its own")
        return True


class _Graph:
    """Confirmed matches, looked up by pair; exact copies match without being stored."""

    def __init__(self, prints: Sequence[Fingerprint], matches: Sequence[Match], roles: Roles):
        self.prints = prints
        self.roles = roles
        self.pairs = {(m.a, m.b): m for m in matches if roles.apart(m.a, m.b, m) is None}
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for a, b in self.pairs:
            self.neighbours[a].append(b)
            self.neighbours[b].append(a)

    def get(self, i: int, j: int) -> Match | None:
        a, b = min(i, j), max(i, j)
        if self.prints[a].exact == self.prints[b].exact:
            return None if self.roles.apart(a, b) else Match(a, b, 100.0, 100.0, None)
        return self.pairs.get((a, b))

    def is_contained(self, i: int, among: set[int]) -> bool:
        """Tell whether ``i`` is contained in another paragraph of ``among``."""
        return any(self.pairs[min(i, j), max(i, j)].inner == i for j in self.neighbours[i] if j in among)


def _components(size: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    if not edges:  # the usual document: no copies, nothing to group
        return []
    parent = list(range(size))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(size):
        groups[find(x)].append(x)
    return [g for g in groups.values() if len(g) > 1]


def _survivor(members: list[int], graph: _Graph, config: DedupeConfig) -> int:
    if config.keep == "first":
        return members[0]
    if config.keep == "last":
        return members[-1]
    if config.keep == "longest":
        return max(members, key=lambda i: (len(graph.prints[i].key), -i))
    pool = set(members)
    return next(i for i in members if not graph.is_contained(i, pool))


def choose(prints: Sequence[Fingerprint], matches: Sequence[Match], exact_groups: Sequence[Sequence[int]],
           config: DedupeConfig, protected: set[int], roles: Roles | None = None) -> list[Decision]:
    """Decide which paragraphs go: each is confirmed against the survivor, never by chaining.

    ``roles`` keeps apart the pairs that the document's structure says are not copies.
    """
    graph = _Graph(prints, matches, roles or Roles())
    edges = [(m.a, m.b) for m in matches] + [(g[0], x) for g in exact_groups for x in g[1:]]
    decisions: list[Decision] = []
    for component in _components(len(prints), edges):
        remaining = component
        while len(remaining) > 1:
            survivor = _survivor(remaining, graph, config)
            copies = {}
            for i in remaining:
                movable = i != survivor and i not in protected and not graph.roles.shielded(i, survivor)
                match = graph.get(i, survivor) if movable else None
                if match is not None and match.removable(i, config):
                    copies[i] = match
            decisions += [
                Decision(i, survivor, m.rule_for(i), m.similarity, m.containment) for i, m in copies.items()
            ]
            remaining = [i for i in remaining if i != survivor and i not in copies]
    return sorted(decisions, key=lambda d: d.index)


class _Runs:
    """Short paragraphs carried with the removed runs around them (see ``carry_runs``)."""

    def __init__(self, prints: Sequence[Fingerprint], decisions: Sequence[Decision], config: DedupeConfig,
                 roles: Roles):
        self.prints, self.config, self.roles = prints, config, roles
        self.removed = {d.index: d for d in decisions}
        self.kept_for = {d.duplicate_of for d in decisions}
        self.by_digest: dict[bytes, list[int]] = defaultdict(list)
        for i, p in enumerate(prints):
            self.by_digest[p.exact].append(i)

    def may_carry(self, i: int) -> bool:
        """Tell whether ``i`` could go with a run: it repeats exactly, or is too short to be judged alone."""
        key = self.prints[i].key
        repeats = len(self.by_digest[self.prints[i].exact]) > 1
        return bool(key) and (repeats or comparable_length(key) < self.config.near_min_chars)

    def _vouchers(self, i: int) -> list[Decision]:
        """Return the removed copies within ``RUN_REACH`` of ``i``, nearest first (teasers vouch for nothing)."""
        near = sorted(range(i - RUN_REACH, i + RUN_REACH + 1), key=lambda r: (abs(r - i), r))
        return [self.removed[r] for r in near if r != i and r in self.removed and self.removed[r].rule != "contained"]

    def _twin(self, i: int, t: int) -> Decision | None:
        """Return the decision removing ``i`` for ``t`` if ``t`` may be its kept twin: exact, or holding it."""
        if not 0 <= t < len(self.prints) or t == i or t in self.removed or self.roles.apart(i, t) is not None:
            return None
        a, b = self.prints[i], self.prints[t]
        if a.exact == b.exact:
            return Decision(i, t, "run", 100.0, 100.0)
        if comparable_length(a.key) >= self.config.near_min_chars or not a.key:
            return None  # judged on its own already
        text_a = a.key if a.text is None else a.text
        text_b = b.key if b.text is None else b.text
        similarity = fuzz.ratio(a.key, b.key)
        if (similarity >= self.config.near_threshold or held(text_a, text_b)) and difference(
                a.key, b.key, a.text, b.text) is None:
            return Decision(i, t, "run-near", similarity, 100.0 if held(text_a, text_b) else 0.0)
        return None

    def carry(self, i: int) -> Decision | None:
        """Return the decision that carries ``i`` with its run, or None if it stays."""
        vouchers = self._vouchers(i)
        for r in vouchers:  # a run pasted as it was: the twin stands at the same distance
            found = self._twin(i, i - (r.index - r.duplicate_of))
            if found is not None:
                return found
        before = [r for r in vouchers if r.index < i]
        after = [r for r in vouchers if r.index > i]
        if not before or not after:
            return None
        sources = [r.duplicate_of for r in vouchers]
        if max(sources) - min(sources) > BLOCK_SPAN:
            return None
        for t in range(min(sources) - RUN_REACH, max(sources) + RUN_REACH + 1):  # a block in another order
            found = self._twin(i, t)
            if found is not None:
                return dataclasses.replace(found, rule="block")
        return None


def carry_runs(prints: Sequence[Fingerprint], decisions: list[Decision], protected: set[int],
               roles: Roles | None = None, config: DedupeConfig | None = None) -> list[Decision]:
    """Remove short paragraphs that repeat in step with a removed run of longer ones.

    A byline or "Advertisement" among removed copies goes when its twin stands at the
    same place among their survivors ("run"; also a near copy of it, or one it holds
    whole: "run-near"), or, inside a block pasted again in another order, among the
    survivors of that block ("block"). An isolated short repeat stays, and so does a
    paragraph that is the kept copy of a removal.
    """
    runs = _Runs(prints, decisions, config or DedupeConfig(), roles or Roles())
    waiting = [i for i in range(len(prints)) if i not in runs.removed and i not in protected and runs.may_carry(i)]
    queued = set(waiting)
    heapq.heapify(waiting)
    while waiting:
        i = heapq.heappop(waiting)
        queued.discard(i)
        if i in runs.removed or i in runs.kept_for:
            continue
        found = runs.carry(i)
        if found is None:
            continue
        runs.removed[i] = found
        runs.kept_for.add(found.duplicate_of)
        for j in range(max(0, i - RUN_REACH), min(len(prints), i + RUN_REACH + 1)):  # it vouches for neighbours
            if j not in runs.removed and j not in queued and j not in protected and runs.may_carry(j):
                queued.add(j)
                heapq.heappush(waiting, j)
    return sorted(runs.removed.values(), key=lambda d: d.index)
