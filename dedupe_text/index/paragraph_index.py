"""The cross-document paragraph index: one document at a time, deduplicated against itself and the index."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard, cast

import numpy as np

from ..choose import Decision
from ..config import DedupeConfig
from ..confirm import Match, confirm
from ..core import Deduplicator, explain, fingerprint_all
from ..errors import IndexBackendError
from ..fingerprint import Fingerprint, fingerprint
from ..formats import split_document
from ..result import DedupeResult
from .backend import TIMEOUT, Backend, Entry, Stored, Write
from .keys import PostingKeys, check_params, index_params, posting_keys, shared_permutations
from .opening import open_backend
from .policy import Policy, first_seen, stored_policy

RETRIES = 100
"""Times a document is matched again when another worker wrote a paragraph it may repeat."""


@dataclass(frozen=True)
class IndexStats:
    """What an index holds and how it was built."""

    backend: str
    location: str
    paragraphs: int
    documents: int
    policy: str
    params: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "backend": self.backend, "location": self.location, "paragraphs": self.paragraphs,
            "documents": self.documents, "policy": self.policy, "params": dict(self.params),
        }


@dataclass(frozen=True)
class _Hit:
    """A paragraph of this document that goes: the stored copy (and document, paragraph) it repeats."""

    match: Match
    source: str
    n: int
    pid: int


@dataclass(frozen=True)
class _Plan:
    """What processing a document decided: the paragraphs that go, and the write that records it."""

    hits: dict[int, _Hit]
    write: Write


class ParagraphIndex:
    """A persistent index of paragraphs already seen, queried and updated one document at a time.

    ``location`` is a file path (``str`` or ``pathlib.Path``: an embedded SQLite index,
    the default), a ``redis://`` URL (shared by many workers, a single server or any node
    of a Redis Cluster; ``name`` separates indexes in one database) or ``":memory:"`` (this
    process only). ``ttl`` (seconds) and ``max_docs`` evict the least recently processed
    documents; ``timeout`` (seconds) bounds the wait for a Redis server. Opening an index
    built with other detection parameters raises IndexBackendError.

    >>> import tempfile, os
    >>> index = ParagraphIndex(os.path.join(tempfile.mkdtemp(), "seen.db"))
    >>> _ = index.dedupe("Sign up for our newsletter today.\\nFirst story.", doc_id="a")
    >>> r = index.dedupe("Second story.\\nSign up for our newsletter today.", doc_id="b")
    >>> r.text, [(x.source, x.duplicate_of, x.rule) for x in r.removals]
    ('Second story.', [('a', 0, 'exact')])
    >>> index.close()
    """

    def __init__(self, location: str | os.PathLike[str] | Backend, config: DedupeConfig | None = None, *,
                 policy: Policy | None = None, name: str = "default", ttl: float | None = None,
                 max_docs: int | None = None, durable: bool = False, timeout: float = TIMEOUT,
                 clock: Callable[[], float] = time.time):
        if config is not None and not isinstance(config, DedupeConfig):
            raise TypeError(f"config must be DedupeConfig, not {type(config).__name__}")
        if policy is not None and not isinstance(policy, Policy):
            raise TypeError(f"policy must be a Policy (first_seen() or boilerplate()), not {type(policy).__name__}")
        self.config = config or DedupeConfig()
        self.policy = policy or first_seen()
        self.clock = clock
        self.permutations = shared_permutations(self.config)
        self.backend: Backend
        if _is_backend(location):
            self.backend = location
        else:  # open_backend checks the location's type
            self.backend = open_backend(cast(str, location), name=name, ttl=ttl, max_docs=max_docs, durable=durable,
                                        timeout=timeout)
        self.backend.recipe(self._keys_of)
        wanted = index_params(self.config, self.policy)
        try:
            check_params(self.backend.location, self.backend.params(wanted), wanted)
        except BaseException:
            self.backend.close()
            raise

    @classmethod
    def existing(cls, location: str | os.PathLike[str], *, name: str = "default",
                 timeout: float = TIMEOUT) -> ParagraphIndex:
        """Open an index that exists, with the parameters and policy it was built with.

        >>> import tempfile, os
        >>> from dedupe_text.index import boilerplate
        >>> path = os.path.join(tempfile.mkdtemp(), "i.db")
        >>> ParagraphIndex(path, policy=boilerplate(min_docs=4)).close()
        >>> with ParagraphIndex.existing(path) as index:
        ...     str(index.policy)
        'boilerplate(min_docs=4)'
        """
        backend = open_backend(location, name=name, create=False, timeout=timeout)
        try:
            stored = backend.stored()
            if not stored:
                raise IndexBackendError(f"no index at {backend.location}")
            config = DedupeConfig(num_perm=int(stored["num_perm"]), lsh_bands=int(stored["lsh_bands"]),
                                  shingle_words=int(stored["shingle_words"]), seed=int(stored["seed"]))
            policy = stored_policy(stored["policy"], stored["min_docs"])
        except (KeyError, ValueError) as err:
            backend.close()
            raise IndexBackendError(f"index {backend.location} has unreadable parameters: {err}") from err
        except BaseException:
            backend.close()
            raise
        return cls(backend, config, policy=policy)

    def __enter__(self) -> ParagraphIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the backend (files, connections)."""
        self.backend.close()

    def __len__(self) -> int:
        """Return the number of indexed paragraphs."""
        return self.backend.counts()[0]

    def stats(self) -> IndexStats:
        """Return what the index holds and its parameters."""
        paragraphs, documents = self.backend.counts()
        return IndexStats(self.backend.kind, self.backend.location, paragraphs, documents, str(self.policy),
                          index_params(self.config, self.policy))

    def remove(self, doc_id: str) -> int:
        """Forget a document; return how many indexed paragraphs it held (others' counts stay exact)."""
        return self.backend.remove(_check_doc_id(doc_id))

    def clear(self) -> None:
        """Forget every document (the parameters stay)."""
        self.backend.clear()

    def evict(self) -> int:
        """Apply the time-to-live and document cap now; return how many documents went."""
        return self.backend.evict(self.clock())

    def documents(self) -> list[str]:
        """Return the ids of indexed documents, least recently processed first."""
        return list(self.backend.documents())

    def clean(self, text: str, *, doc_id: str, format: str = "text") -> str:
        """Return ``text`` (in ``format``) without the paragraphs already seen elsewhere or repeated within."""
        return self.dedupe(text, doc_id=doc_id, format=format).text

    def dedupe(self, text: str, *, doc_id: str, format: str = "text") -> DedupeResult:
        """Deduplicate one document against itself and the index, then record what it carries.

        ``format`` (text, markdown, html or auto) splits the document into the paragraphs
        its format sees, as ``dedupe_format`` does: the copies within it are those that
        ``dedupe_format`` removes, blocks the format protects (code, ``<pre>``) are never
        removed nor indexed, and the document comes back in its format. Removals of copies
        found in other documents carry ``source`` (that document's id) and
        ``duplicate_of`` (the paragraph number there). Processing a ``doc_id`` again
        replaces what the index held for it; a document never loses a paragraph to its
        own earlier version.

        >>> with ParagraphIndex(":memory:") as index:
        ...     _ = index.dedupe("<p>Sign up for our newsletter today.</p>", doc_id="a", format="html")
        ...     index.dedupe("<h1>News</h1><p>Sign up for our newsletter today.</p>", doc_id="b", format="html").text
        '<h1>News</h1>'
        """
        doc = _check_doc_id(doc_id)
        split = split_document(text, format, config=self.config)
        inside = Deduplicator(self.config).dedupe(text, format=split.format)
        within = inside.removals
        paragraphs = split.paragraphs
        prints = fingerprint_all([p.text for p in paragraphs])
        skipped = split.protected | {p.index for p in paragraphs if self.config.allows(p.text)}
        posts = posting_keys(prints, self.config, self.permutations, skipped | {r.index for r in within},
                             short=self.policy.counts)
        for _ in range(RETRIES):
            with self.backend.transaction(doc) as txn:
                found = txn.candidates(posts, self.policy.min_docs)
                plan = self._plan(doc, txn.own, found, prints, posts)
                if txn.store(plan.write):
                    break
        else:
            raise IndexBackendError(f"index {self.backend.location}: gave up on {doc!r} after {RETRIES} conflicts")
        cross = explain(paragraphs, [Decision(i, i, h.match.rule_for(1), h.match.similarity, h.match.containment)
                                     for i, h in plan.hits.items()])
        removals = tuple(sorted(within + tuple(
            replace(r, duplicate_of=plan.hits[r.index].n, duplicate_line=0, source=plan.hits[r.index].source)
            for r in cross), key=lambda r: r.index))
        cleaned = split.without({r.index for r in removals})
        if cleaned is None:  # Markdown that cannot lose these blocks without joining two: only the copies within go
            removals, cleaned = within, inside.text
        return DedupeResult(cleaned, paragraphs, removals, self.config)

    def _keys_of(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Return the posting keys of stored (normalized) texts."""
        posts = posting_keys([fingerprint(t) for t in texts], self.config, self.permutations, short=True)
        return [posts.of(i) if i in posts.spans else posts.keys[:0] for i in range(len(texts))]

    def _matches(self, stored: Sequence[Stored], key: str) -> list[tuple[Stored, Match]]:
        """Return the stored paragraphs that hold all of ``key``'s text, in id order."""
        found = ((s, confirm(0, 1, s.key, key, self.config)) for s in stored)
        return [(s, m) for s, m in found if m is not None and m.removable(1, self.config)]

    def _plan(self, doc: str, own: frozenset[int], found: dict[int, list[Stored]],
              prints: Sequence[Fingerprint], posts: PostingKeys) -> _Plan:
        """Decide each paragraph against its confirmed copies under the policy."""
        hits: dict[int, _Hit] = {}
        keep: set[int] = set()
        carry: dict[int, int] = {}
        held: set[int] = set()  # paragraphs the index already holds for this document
        for i, stored in found.items():
            matches = self._matches(stored, prints[i].key)
            if not matches:
                continue
            mine = [s.pid for s, m in matches if s.pid in own and m.inner != 1]  # a shortened copy is new text
            others = [(s, m) for s, m in matches if s.pid not in own]
            if self.policy.counts:
                docs = {doc} | {s.doc for s, _ in matches} | {c for s, _ in matches for c, _ in s.carriers}
                if len(docs) >= self.policy.min_docs:
                    hits[i] = _source(doc, matches)
                keep.update(mine)
                carry.update({s.pid: i for s, _ in others})
                if mine or others:
                    held.add(i)
            elif matches[0][0].pid in own:
                if mine and mine[0] == matches[0][0].pid:
                    keep.add(mine[0])
                    held.add(i)
            else:
                s, m = matches[0]
                hits[i] = _Hit(m, s.doc, s.n, s.pid)
        entries = tuple(Entry(i, prints[i].key, posts.of(i)) for i in posts.spans if i not in hits and i not in held)
        sources = {h.pid for h in hits.values() if h.pid not in own} | set(carry)
        write = Write(entries=entries, keep=tuple(sorted(keep)), carry=tuple(sorted(carry.items())),
                      sources=tuple(sorted(sources)), now=self.clock())
        return _Plan(hits, write)


def _source(doc: str, matches: Sequence[tuple[Stored, Match]]) -> _Hit:
    """Name the copy a paragraph goes for: the earliest held by another document (else one that carries it)."""
    for s, m in matches:
        if s.doc != doc:
            return _Hit(m, s.doc, s.n, s.pid)
    for s, m in matches:
        for carrier, n in s.carriers:
            if carrier != doc:
                return _Hit(m, carrier, n, s.pid)
    raise AssertionError("a paragraph counted in other documents names none")  # unreachable: counted above


def _is_backend(value: object) -> TypeGuard[Backend]:
    """Tell an open backend from a location."""
    return hasattr(value, "transaction") and hasattr(value, "kind")


def _check_doc_id(doc_id: object) -> str:
    if not isinstance(doc_id, str) or not doc_id:
        raise TypeError(f"doc_id must be a non-empty str, not {doc_id!r}")
    return doc_id
