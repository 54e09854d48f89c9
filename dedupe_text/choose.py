"""Group confirmed copies, choose each group's survivor, and carry short lines with their runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .config import DedupeConfig
from .confirm import Match
from .fingerprint import Fingerprint

RUN_REACH = 2
"""How far (in paragraphs) a short line may sit from a removed copy that carries it."""


@dataclass(frozen=True)
class Decision:
    """Remove paragraph ``index`` because paragraph ``duplicate_of`` (kept) holds its text."""

    index: int
    duplicate_of: int
    rule: str
    similarity: float
    containment: float


class _Graph:
    """Confirmed matches, looked up by pair; exact copies match without being stored."""

    def __init__(self, prints: Sequence[Fingerprint], matches: Sequence[Match]):
        self.prints = prints
        self.pairs = {(m.a, m.b): m for m in matches}
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for m in matches:
            self.neighbours[m.a].append(m.b)
            self.neighbours[m.b].append(m.a)

    def get(self, i: int, j: int) -> Match | None:
        a, b = min(i, j), max(i, j)
        if self.prints[a].exact == self.prints[b].exact:
            return Match(a, b, 100.0, 100.0, None)
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
           config: DedupeConfig, protected: set[int]) -> list[Decision]:
    """Decide which paragraphs go: each is confirmed against the survivor, never by chaining."""
    graph = _Graph(prints, matches)
    edges = [(m.a, m.b) for m in matches] + [(g[0], x) for g in exact_groups for x in g[1:]]
    decisions: list[Decision] = []
    for component in _components(len(prints), edges):
        remaining = component
        while len(remaining) > 1:
            survivor = _survivor(remaining, graph, config)
            copies = {}
            for i in remaining:
                match = graph.get(i, survivor) if i != survivor and i not in protected else None
                if match is not None and match.removable(i, config):
                    copies[i] = match
            decisions += [
                Decision(i, survivor, m.rule_for(i), m.similarity, m.containment) for i, m in copies.items()
            ]
            remaining = [i for i in remaining if i != survivor and i not in copies]
    return sorted(decisions, key=lambda d: d.index)


def _run_twin(i: int, prints: Sequence[Fingerprint], removed: dict[int, Decision]) -> int | None:
    """Find the kept exact twin of short paragraph ``i`` that a nearby removed copy vouches for.

    A removed copy within ``RUN_REACH`` paragraphs was copied from some distance back (or
    ahead); if the paragraph at that same distance from ``i`` is ``i``'s exact twin, ``i``
    belongs to the same pasted run. That covers a body pasted twice and interleaved copies.
    Contained copies (teasers, older versions) are not pasted runs and vouch for nothing.
    """
    for r in sorted(range(i - RUN_REACH, i + RUN_REACH + 1), key=lambda r: (abs(r - i), r)):
        if r == i or r not in removed or removed[r].rule == "contained":
            continue
        twin = i - (r - removed[r].duplicate_of)
        if 0 <= twin < len(prints) and twin != i and twin not in removed and prints[twin].exact == prints[i].exact:
            return twin
    return None


def carry_runs(prints: Sequence[Fingerprint], decisions: list[Decision], protected: set[int]) -> list[Decision]:
    """Remove short paragraphs that repeat in step with a removed run of longer ones.

    A byline or "Advertisement" among removed copies goes when its exact twin stands at
    the same place among their survivors; an isolated short repeat stays.
    """
    removed = {d.index: d for d in decisions}
    seen: dict[bytes, int] = defaultdict(int)
    for p in prints:
        seen[p.exact] += 1
    repeated = [
        i for i, p in enumerate(prints) if p.key and seen[p.exact] > 1 and i not in removed and i not in protected
    ]
    changed = True
    while changed:
        changed = False
        for i in repeated:
            if i in removed:
                continue
            twin = _run_twin(i, prints, removed)
            if twin is not None:
                removed[i] = Decision(i, twin, "run", 100.0, 100.0)
                changed = True
    return sorted(removed.values(), key=lambda d: d.index)
