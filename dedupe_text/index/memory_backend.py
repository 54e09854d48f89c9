"""The in-memory index: one process, gone when it ends (tests, one-off batches, the reference backend)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from .backend import POSTING_MAX, KeyRecipe, Stored, Write, check_limits, group_hits

if TYPE_CHECKING:
    from .keys import PostingKeys


@dataclass
class _Paragraph:
    doc: str
    n: int
    key: str
    posts: list[int]
    carriers: dict[str, int] = field(default_factory=dict)  # insertion order: earliest first


@dataclass
class _Document:
    added: float
    owned: set[int] = field(default_factory=set)
    carried: dict[int, int] = field(default_factory=dict)


class _MemoryTransaction:
    def __init__(self, backend: MemoryBackend, doc_id: str):
        self.backend = backend
        self.doc_id = doc_id
        held = backend.docs.get(doc_id)
        self.own: frozenset[int] = frozenset(held.owned) if held else frozenset()

    def candidates(self, posts: PostingKeys, carriers: int) -> dict[int, list[Stored]]:
        postings = self.backend.postings
        hits = {at: pids for at, key in enumerate(posts.keys.tolist())
                if 0 < len(pids := postings.get(key, [])) <= POSTING_MAX}
        return {i: [self.backend.stored_paragraph(pid, carriers) for pid in pids]
                for i, pids in group_hits(posts, hits).items()}

    def store(self, write: Write) -> bool:
        backend = self.backend
        if any(pid not in backend.paras for pid in write.sources):
            return False
        old = backend.docs.pop(self.doc_id, None)
        backend.order.pop(self.doc_id, None)
        doc = _Document(write.now, set(write.keep), dict(write.carry))
        for pid, n in write.carry:
            backend.paras[pid].carriers[self.doc_id] = n
        if old is not None:
            backend.let_go(self.doc_id, old.owned - doc.owned, set(old.carried) - set(doc.carried))
        for entry in write.entries:
            backend.seq += 1
            posts = entry.posts.tolist()
            backend.paras[backend.seq] = _Paragraph(self.doc_id, entry.n, entry.key, posts)
            for key in posts:
                backend.postings.setdefault(key, []).append(backend.seq)
            doc.owned.add(backend.seq)
        backend.docs[self.doc_id] = doc
        backend.order[self.doc_id] = None
        backend.expire(write.now)
        return True


class MemoryBackend:
    """An index held in this process's memory (``ParagraphIndex(":memory:")``)."""

    kind: ClassVar[str] = "memory"

    def __init__(self, *, ttl: float | None = None, max_docs: int | None = None):
        check_limits(ttl, max_docs, None)
        self.location = ":memory:"
        self.ttl = ttl
        self.max_docs = max_docs
        self.meta: dict[str, str] = {}
        self.seq = 0
        self.paras: dict[int, _Paragraph] = {}
        self.postings: dict[int, list[int]] = {}
        self.docs: dict[str, _Document] = {}
        self.order: dict[str, None] = {}  # least recently processed first

    def stored_paragraph(self, pid: int, carriers: int) -> Stored:
        """Return paragraph ``pid`` with up to ``carriers`` of its carriers."""
        p = self.paras[pid]
        return Stored(pid, p.doc, p.n, p.key, tuple(p.carriers.items())[:carriers])

    def let_go(self, doc_id: str, owned: set[int], carried: set[int]) -> None:
        """Take ``doc_id`` out of paragraphs it no longer carries: hand over or delete those it held."""
        for pid in carried:
            self.paras[pid].carriers.pop(doc_id, None)
        for pid in owned:
            p = self.paras[pid]
            if p.carriers:
                heir = next(iter(p.carriers))
                p.doc, p.n = heir, p.carriers.pop(heir)
                self.docs[heir].carried.pop(pid, None)
                self.docs[heir].owned.add(pid)
                continue
            del self.paras[pid]
            for key in p.posts:
                pids = self.postings[key]
                pids.remove(pid)
                if not pids:
                    del self.postings[key]

    @contextmanager
    def transaction(self, doc_id: str) -> Iterator[_MemoryTransaction]:
        yield _MemoryTransaction(self, doc_id)

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        if not self.meta:
            self.meta = dict(wanted)
        return dict(self.meta)

    def stored(self) -> dict[str, str]:
        return dict(self.meta)

    def remove(self, doc_id: str) -> int:
        doc = self.docs.pop(doc_id, None)
        if doc is None:
            return 0
        del self.order[doc_id]
        self.let_go(doc_id, doc.owned, set(doc.carried))
        return len(doc.owned)

    def expire(self, now: float) -> int:
        """Forget documents past the time-to-live, then the least recent ones over the cap."""
        old = [d for d in self.order if self.ttl is not None and self.docs[d].added < now - self.ttl]
        for doc in old:
            self.remove(doc)
        over = [] if self.max_docs is None else list(self.order)[:max(0, len(self.order) - self.max_docs)]
        for doc in over:
            self.remove(doc)
        return len(old) + len(over)

    def evict(self, now: float) -> int:
        return self.expire(now)

    def clear(self) -> None:
        self.paras, self.postings, self.docs, self.order = {}, {}, {}, {}

    def counts(self) -> tuple[int, int]:
        return len(self.paras), len(self.docs)

    def documents(self) -> Iterator[str]:
        yield from list(self.order)

    def recipe(self, keys_of: KeyRecipe) -> None:
        """Nothing to learn: the posting keys are stored."""

    def close(self) -> None:
        """Nothing to release."""
