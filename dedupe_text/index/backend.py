"""What an index backend stores and the few operations the index asks of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..errors import ConfigError

if TYPE_CHECKING:
    import numpy as np

    from .keys import PostingKeys

POSTING_MAX = 64
"""A posting key shared by more stored paragraphs than this is a stock phrase: not looked up."""
CANDIDATE_MAX = 16
"""Indexed paragraphs confirmed with rapidfuzz for one paragraph, those sharing most keys first."""
KeyRecipe = Callable[[Sequence[str]], list["np.ndarray"]]
"""Posting keys of normalized texts, one array each (what the index computes for a paragraph)."""
TIMEOUT = 5.0
"""Seconds a shared backend waits for its server to answer before giving up."""


def pack_keys(keys: np.ndarray) -> bytes:
    """Posting keys as 8 little-endian bytes each, as the backends store them."""
    return keys.astype("<i8", copy=False).tobytes()


@dataclass(frozen=True)
class Stored:
    """One indexed paragraph: its id, the document that holds it, paragraph number there, normalized text.

    ``carriers`` are other documents that carry it (``(document, paragraph number)``,
    earliest first; recorded by the boilerplate policy only, and returned up to the
    number asked for).
    """

    pid: int
    doc: str
    n: int
    key: str
    carriers: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, eq=False)
class Entry:
    """A paragraph to index: its number in the document, normalized text and posting keys (int64)."""

    n: int
    key: str
    posts: np.ndarray


@dataclass(frozen=True)
class Write:
    """Everything one document changes, replacing what the index held for it.

    ``entries`` are its paragraphs new to the index, ``keep`` the paragraphs it holds
    already and still carries, ``carry`` other documents' paragraphs it carries too
    (``(id, paragraph number here)``; boilerplate only), ``sources`` the paragraphs its
    removals point to (they must still exist). Whatever the document held before and
    is in none of these is let go: a paragraph no document carries any longer is
    deleted, one that others carry passes to the earliest of them.
    """

    entries: tuple[Entry, ...]
    keep: tuple[int, ...]
    carry: tuple[tuple[int, int], ...]
    sources: tuple[int, ...]
    now: float


class Transaction(Protocol):
    """A consistent view of the index for one document, and the write that ends it."""

    own: frozenset[int]
    """Paragraph ids the document being processed holds in the index (known after ``candidates``)."""

    def candidates(self, posts: PostingKeys, carriers: int) -> dict[int, list[Stored]]:
        """Map each paragraph to the stored paragraphs worth confirming (``best_candidates``), with their carriers."""

    def store(self, write: Write) -> bool:
        """Apply ``write``; return False (nothing written) if the view went stale."""


class Backend(Protocol):
    """Persistent storage of an index; ``kind`` names it in stats ("memory", "sqlite", "redis")."""

    kind: ClassVar[str]
    location: str

    def transaction(self, doc_id: str) -> AbstractContextManager[Transaction]:
        """Open a transaction for processing document ``doc_id``."""

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        """Store ``wanted`` if the index has no parameters yet; return the stored ones."""

    def stored(self) -> dict[str, str]:
        """Return the stored parameters (empty for a new index)."""

    def remove(self, doc_id: str) -> int:
        """Forget a document (what others carry passes to them); return how many paragraphs it held."""

    def evict(self, now: float) -> int:
        """Apply the time-to-live and the document cap now; return documents evicted."""

    def clear(self) -> None:
        """Delete every document (parameters stay)."""

    def counts(self) -> tuple[int, int]:
        """Return (indexed paragraphs, documents)."""

    def documents(self) -> Iterator[str]:
        """Yield the ids of indexed documents, least recently processed first."""

    def close(self) -> None:
        """Release connections and files."""

    def recipe(self, keys_of: KeyRecipe) -> None:
        """Learn how posting keys follow from a text (a backend that does not store them recomputes them)."""


def best_candidates(found: Sequence[tuple[bool, Sequence[int]]], keys: int) -> list[int]:
    """Return the paragraph ids worth confirming, in id order: at most ``CANDIDATE_MAX``.

    ``found`` pairs each of a paragraph's ``keys`` posting keys that hit, strong or not,
    with the ids under it. A strong key (its exact text or opening words) counts as much
    as all the others together; the rest are its LSH bands. The bands are loose (a low
    threshold, for recall on edited copies), so in a large index unrelated paragraphs
    collide in one band now and then; a real copy collides in several. Ranking by shared
    keys keeps the confirmation work bounded however large the index grows.

    >>> best_candidates([(True, [7]), (False, [3, 9]), (False, [9])], 4)
    [3, 7, 9]
    """
    score: dict[int, int] = {}
    for strong, pids in found:
        weight = keys if strong else 1
        for pid in pids:
            score[pid] = score.get(pid, 0) + weight
    return sorted(sorted(score, key=lambda pid: (-score[pid], pid))[:CANDIDATE_MAX])


def group_hits(posts: PostingKeys, hits: dict[int, list[int]]) -> dict[int, list[int]]:
    """Turn posting hits (key position -> ids) into each paragraph's ``best_candidates``."""
    found: dict[int, list[tuple[bool, list[int]]]] = {}
    for at, pids in hits.items():
        found.setdefault(int(posts.paragraph[at]), []).append((bool(posts.strong[at]), pids))
    return {i: best_candidates(f, len(posts.of(i))) for i, f in sorted(found.items())}


def check_limits(ttl: object, max_docs: object, timeout: object) -> None:
    """Raise ConfigError for a time-to-live, document cap or timeout that is not a positive number."""
    for name, value, kinds in (("ttl", ttl, (int, float)), ("max_docs", max_docs, (int,)),
                               ("timeout", timeout, (int, float))):
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds) or value <= 0):
            what = "integer" if kinds == (int,) else "number of seconds"
            raise ConfigError(f"{name} must be a positive {what}, got {value!r}")
