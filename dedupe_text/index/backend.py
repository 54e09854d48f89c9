"""What an index backend stores and the few operations the index logic asks of it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

POSTING_MAX = 64
"""A posting key shared by more stored paragraphs than this is a stock phrase: not looked up."""


def pack_keys(keys: np.ndarray) -> bytes:
    """Posting keys as 8 little-endian bytes each, as both backends store them."""
    return keys.astype("<i8", copy=False).tobytes()


@dataclass(frozen=True)
class Stored:
    """One indexed paragraph: its id, document, paragraph number and normalized text.

    ``seen`` lists other documents whose copies of it were removed (kept only by the
    boilerplate policy, to count distinct documents).
    """

    pid: int
    doc: str
    n: int
    key: str
    seen: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Entry:
    """A paragraph to index: its number in the document, normalized text and posting keys (int64)."""

    n: int
    key: str
    posts: np.ndarray


@dataclass(frozen=True)
class Write:
    """Everything one document changes, applied atomically by ``Transaction.store``.

    ``entries`` replace the document's earlier paragraphs; ``sources`` are the stored
    paragraphs its removals point to (they must still exist); ``seen`` adds the
    document to those paragraphs' ``seen`` lists, each kept to ``seen_max`` names.
    """

    entries: tuple[Entry, ...]
    sources: tuple[int, ...]
    seen: tuple[int, ...]
    seen_max: int
    now: float


class Transaction(Protocol):
    """A consistent view of the index for one document, and the write that ends it."""

    own: frozenset[int]
    """Paragraph ids the document being processed already has in the index."""

    def lookup(self, keys: np.ndarray) -> dict[int, list[int]]:
        """Map the position of each key (int64) that holds live paragraph ids (at most ``POSTING_MAX``) to them."""

    def fetch(self, pids: Sequence[int]) -> dict[int, Stored]:
        """Return the stored paragraphs with these ids."""

    def store(self, write: Write) -> bool:
        """Apply ``write``; return False (nothing written) if the view went stale."""


class Backend(Protocol):
    """Persistent storage of an index: SQLite on local disk or Redis."""

    location: str

    def transaction(self, doc_id: str) -> AbstractContextManager[Transaction]:
        """Open a transaction for processing document ``doc_id``."""

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        """Store ``wanted`` if the index has no parameters yet; return the stored ones."""

    def stored(self) -> dict[str, str]:
        """Return the stored parameters (empty for a new index)."""

    def remove(self, doc_id: str) -> int:
        """Delete a document's paragraphs; return how many were deleted."""

    def evict(self, now: float) -> int:
        """Apply the time-to-live and the document cap now; return documents evicted."""

    def clear(self) -> None:
        """Delete every document (parameters stay)."""

    def counts(self) -> tuple[int, int]:
        """Return (indexed paragraphs, documents)."""

    def documents(self) -> Iterator[str]:
        """Yield the ids of indexed documents, oldest first."""

    def close(self) -> None:
        """Release connections and files."""
