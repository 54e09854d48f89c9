"""Group confirmed copies, choose each group's survivor, and carry short lines with their runs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .config import DedupeConfig
from .confirm import Match
from .fingerprint import Fingerprint
from .structure import Structure

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


class Roles:
    """What a document's structure says of its pairs: which look alike but are not copies.

    A heading is never a teaser of the paragraph it heads; a heading and a list item
    (a table-of-contents entry) both stay; a list item and a paragraph outside its list
    are never teaser and container; a list with an item of its own (no copy anywhere) keeps every item. Pairs kept
    apart are remembered with the reason, for the result's look-alikes.
    """

    def __init__(self, structure: Structure | None = None):
        structure = structure or Structure()
        self.headings = structure.headings
        self.lists = structure.lists
        self.list_of = {i: n for n, items in enumerate(structure.lists) for i in items}
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
        """Tell whether ``i`` must stay beside ``j``: it belongs to a list with items of its own, ``j`` not."""
        n = self.whole.get(i)
        if n is None or self.list_of.get(j) == n:
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
    held = [i for i in members if i in graph.roles.whole]
    if held:  # an item that stays whatever the policy: the others go for it where they may
        return held[0]
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


def _run_twin(i: int, prints: Sequence[Fingerprint], removed: dict[int, Decision], roles: Roles) -> int | None:
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
        if (0 <= twin < len(prints) and twin != i and twin not in removed and prints[twin].exact == prints[i].exact
                and roles.apart(i, twin) is None):
            return twin
    return None


def carry_runs(prints: Sequence[Fingerprint], decisions: list[Decision], protected: set[int],
               roles: Roles | None = None) -> list[Decision]:
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
            twin = _run_twin(i, prints, removed, roles or Roles())
            if twin is not None:
                removed[i] = Decision(i, twin, "run", 100.0, 100.0)
                changed = True
    return sorted(removed.values(), key=lambda d: d.index)
