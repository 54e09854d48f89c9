"""The cross-document paragraph index: policies, posting keys, and one document's deduplication."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import numpy as np
import xxhash

from ..config import DedupeConfig
from ..confirm import Match, confirm
from ..core import check_text, decide, explain, fingerprint_all
from ..emit import emit_text
from ..errors import ConfigError, IndexBackendError
from ..fingerprint import HASH_SCHEME, Fingerprint, opening
from ..normalize import NORMALIZATION_VERSION
from ..result import DedupeResult, Removal
from ..segment import segment
from ..shingles import SHINGLE_HASH, shingle_array
from .backend import Backend, Entry, Stored, Transaction, Write

FORMAT_VERSION = 2
"""Layout of the stored index; bumped when a backend stores things differently."""
BAND_HASH = "mix64"
"""How a band of MinHash values becomes one 64-bit posting key (recorded with the index)."""
CANDIDATE_MAX = 16
"""Indexed paragraphs confirmed with rapidfuzz for one paragraph, those sharing most keys first."""
RETRIES = 100
"""Times a document is re-matched when another worker wrote a paragraph it may repeat."""

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MULTIPLIER = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT = np.uint64(31)


@dataclass(frozen=True)
class Policy:
    """Which copies of a paragraph seen in several documents go.

    A paragraph goes from a document once copies of it (that hold all of its text)
    are known in at least ``min_docs`` distinct documents, this one included.
    """

    name: str
    min_docs: int

    def __str__(self) -> str:
        return self.name if self.name == "first_seen" else f"{self.name}(min_docs={self.min_docs})"


def first_seen() -> Policy:
    """Keep a paragraph in the first document that carries it; drop it from every later one.

    >>> str(first_seen())
    'first_seen'
    """
    return Policy("first_seen", 2)


def boilerplate(min_docs: int = 3) -> Policy:
    """Drop a paragraph from every document processed once ``min_docs`` documents carry it.

    The first ``min_docs - 1`` documents keep it (they were processed before it was
    known to be site furniture); re-processing one of them later drops it too.

    >>> str(boilerplate(min_docs=5))
    'boilerplate(min_docs=5)'
    """
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
        raise ConfigError(f"min_docs must be an integer of at least 2, got {min_docs!r}")
    return Policy("boilerplate", min_docs)


def parse_policy(value: str) -> Policy:
    """Read a policy as typed: ``first_seen`` or ``boilerplate:K`` (K distinct documents, default 3).

    >>> str(parse_policy("boilerplate:4")), str(parse_policy("first_seen"))
    ('boilerplate(min_docs=4)', 'first_seen')
    """
    name, _, count = value.partition(":")
    if name == "first_seen" and not count:
        return first_seen()
    if name == "boilerplate" and (count.isdigit() or not count):
        return boilerplate(int(count or 3))
    raise ConfigError(f"policy must be first_seen or boilerplate:K, got {value!r}")


def index_params(config: DedupeConfig, policy: Policy) -> dict[str, str]:
    """Return what an index must agree on to find its own entries, as strings.

    >>> index_params(DedupeConfig(), first_seen())["num_perm"]
    '64'
    """
    return {
        "format": str(FORMAT_VERSION),
        "num_perm": str(config.num_perm),
        "lsh_bands": str(config.lsh_bands),
        "shingle_words": str(config.shingle_words),
        "seed": str(config.seed),
        "hash_scheme": HASH_SCHEME,
        "shingle_hash": SHINGLE_HASH,
        "band_hash": BAND_HASH,
        "normalization_version": str(NORMALIZATION_VERSION),
        "policy": policy.name,
        "min_docs": str(policy.min_docs),
    }


def check_params(location: str, stored: dict[str, str], wanted: dict[str, str]) -> None:
    """Raise IndexBackendError naming every parameter the stored index disagrees on."""
    wrong = [f"{k}={stored.get(k)!s} (asked for {v})" for k, v in wanted.items() if stored.get(k) != v]
    if wrong:
        raise IndexBackendError(
            f"index {location} was built with other parameters: {', '.join(wrong)}; "
            "open it with the same settings or build a new index"
        )


def band_keys(hashvalues: np.ndarray, bands: int) -> np.ndarray:
    """Return one signed 64-bit key per LSH band of each signature row (shape: rows x bands).

    >>> band_keys(np.zeros((1, 8), dtype=np.uint64), 4).shape
    (1, 4)
    """
    count, width = hashvalues.shape
    values = hashvalues.reshape(count, bands, width // bands)
    h = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64) * _GOLDEN, (count, bands))
    for r in range(values.shape[2]):
        h = h ^ values[:, :, r]  # a new 64-bit array: no tiled copy of the seeds, no widened copy of the values
        h *= _MULTIPLIER
        h ^= h >> _SHIFT
    return h.view(np.int64)


def shared_permutations(config: DedupeConfig) -> np.ndarray:
    """Return the ``affine32`` MinHash permutations datasketch draws for ``config`` (odd ``a``, any ``b``).

    Drawn here with datasketch's recipe rather than by constructing a ``MinHash``: importing
    datasketch pulls in scipy, which costs seconds at every worker's start.

    >>> from datasketch import MinHash
    >>> theirs = MinHash(num_perm=64, seed=1, scheme=HASH_SCHEME).permutations
    >>> bool((shared_permutations(DedupeConfig()) == theirs).all())
    True
    """
    gen = np.random.RandomState(config.seed)
    a = gen.randint(0, 1 << 31, config.num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, config.num_perm, dtype=np.uint32)
    return np.array([a, b])


def batch_signatures(flat: np.ndarray, counts: np.ndarray, permutations: np.ndarray) -> np.ndarray:
    """Return the MinHash values of many shingle sets at once (rows: sets; columns: permutations).

    ``flat`` holds every set's 32-bit shingle hashes one set after another, ``counts``
    how many each set has (at least one). The same values as datasketch's ``MinHash.bulk``
    with the ``affine32`` scheme and these permutations (murmur3 finalizer, then
    ``a * h + b`` mod 2^32, then the minimum), computed for a whole document in a few
    numpy operations instead of one datasketch object per paragraph (measured: about
    100 us a paragraph there, under 10 us here).

    >>> from datasketch import MinHash
    >>> from dedupe_text.fingerprint import _identity
    >>> perms = shared_permutations(DedupeConfig())
    >>> ours = batch_signatures(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([3, 1]), perms)
    >>> theirs = MinHash.bulk([[1, 2, 3], [4]], num_perm=64, seed=1, scheme=HASH_SCHEME, hashfunc=_identity)
    >>> bool((ours == np.stack([m.hashvalues for m in theirs])).all())
    True
    """
    h = flat >> np.uint32(16)
    h ^= flat
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    a, b = permutations.astype(np.uint32)
    values = a[:, None] * h  # a row a permutation: the minima run along contiguous rows (faster)
    values += b[:, None]
    return np.minimum.reduceat(values, counts.cumsum() - counts, axis=1).T


@dataclass(frozen=True)
class PostingKeys:
    """A document's posting keys, flat and grouped by paragraph.

    ``paragraph[j]`` is the paragraph key ``keys[j]`` belongs to and ``strong[j]`` tells
    an exact or opening-words key (a hit there always counts) from an LSH band key;
    ``spans`` maps each paragraph to where its keys lie.
    """

    keys: np.ndarray
    paragraph: np.ndarray
    strong: np.ndarray
    spans: dict[int, tuple[int, int]]

    def of(self, i: int) -> np.ndarray:
        """Return paragraph ``i``'s keys."""
        start, end = self.spans[i]
        return self.keys[start:end]


def posting_keys(prints: Sequence[Fingerprint], config: DedupeConfig, permutations: np.ndarray | None = None,
                 protected: Collection[int] = ()) -> PostingKeys:
    """Return the keys each judged paragraph (not ``protected``) is indexed and looked up under.

    Every paragraph of ``min_chars`` or more has its exact key; those of ``near_min_chars``
    or more also their opening words (a teaser or an update starts like its original)
    and one key per MinHash LSH band. The keys are built as one table (a row a paragraph,
    a column a kind of key) so that a document costs a few numpy operations.

    >>> keys = posting_keys(fingerprint_all(["Short.", "A paragraph long enough to be judged as near."]),
    ...                     DedupeConfig())
    >>> list(keys.spans), len(keys.of(1)) == 2 + DedupeConfig().lsh_bands, keys.strong[:3].tolist()
    ([1], True, [True, True, False])
    """
    judged = [i for i, p in enumerate(prints) if len(p.key) >= config.min_chars and i not in protected]
    fuzzy = [row for row, i in enumerate(judged) if len(prints[i].key) >= config.near_min_chars]
    table = np.zeros((len(judged), 2 + config.lsh_bands), dtype=np.int64)
    valid = np.zeros(table.shape, dtype=bool)
    table[:, 0] = np.frombuffer(b"".join(prints[i].exact[:8] for i in judged), dtype="<i8")
    valid[:, 0] = True
    if fuzzy:
        texts = [prints[judged[row]].key for row in fuzzy]
        flat, counts = shingle_array(texts, config.shingle_words)
        perms = shared_permutations(config) if permutations is None else permutations
        table[fuzzy, 2:] = band_keys(batch_signatures(flat, counts, perms), config.lsh_bands)
        valid[fuzzy, 2:] = True
        openings = [(row, start) for row, text in zip(fuzzy, texts) if (start := opening(text)) is not None]
        opened = [row for row, _ in openings]
        hashed = [xxhash.xxh64_intdigest(start.encode("utf-8", "surrogatepass")) for _, start in openings]
        table.view(np.uint64)[opened, 1] = hashed
        valid[opened, 1] = True
    rows, columns = valid.nonzero()
    sizes = valid.sum(axis=1).tolist()
    return PostingKeys(
        keys=table[valid],
        paragraph=np.array(judged, dtype=np.int64)[rows],
        strong=columns < 2,
        spans={i: (end - size, end) for i, size, end in zip(judged, sizes, accumulate(sizes))},
    )


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
    """A paragraph of this document that repeats an indexed one."""

    stored: Stored
    match: Match
    matched: tuple[int, ...]


def open_backend(location: str, *, name: str = "default", ttl: float | None = None,
                 max_docs: int | None = None, durable: bool = False, create: bool = True) -> Backend:
    """Open the backend for ``location``: a ``redis://``/``rediss://`` URL or a local file path."""
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0):
        raise ConfigError(f"ttl must be a positive number of seconds, got {ttl!r}")
    if max_docs is not None and (isinstance(max_docs, bool) or not isinstance(max_docs, int) or max_docs < 1):
        raise ConfigError(f"max_docs must be a positive integer, got {max_docs!r}")
    if location.startswith(("redis://", "rediss://", "unix://")):
        from .redis_backend import RedisBackend

        return RedisBackend(location, name=name, ttl=ttl, max_docs=max_docs)
    from .sqlite_backend import SQLiteBackend

    return SQLiteBackend(location, ttl=ttl, max_docs=max_docs, durable=durable, create=create)


class ParagraphIndex:
    """A persistent index of paragraphs already seen, queried and updated one document at a time.

    ``location`` is a file path (embedded SQLite index, the default) or a ``redis://``
    URL (shared by many workers; ``name`` separates indexes in one Redis database).
    ``ttl`` (seconds) and ``max_docs`` evict the oldest documents. Opening an index built
    with other detection parameters raises IndexBackendError.

    >>> import tempfile, os
    >>> index = ParagraphIndex(os.path.join(tempfile.mkdtemp(), "seen.db"))
    >>> _ = index.dedupe("Sign up for our newsletter today.\\nFirst story.", doc_id="a")
    >>> r = index.dedupe("Second story.\\nSign up for our newsletter today.", doc_id="b")
    >>> r.text, [(x.source, x.duplicate_of, x.rule) for x in r.removals]
    ('Second story.', [('a', 0, 'exact')])
    >>> index.close()
    """

    def __init__(self, location: str | Backend, config: DedupeConfig | None = None, *,
                 policy: Policy | None = None, name: str = "default", ttl: float | None = None,
                 max_docs: int | None = None, durable: bool = False,
                 clock: Callable[[], float] = time.time):
        if config is not None and not isinstance(config, DedupeConfig):
            raise TypeError(f"config must be DedupeConfig, not {type(config).__name__}")
        if policy is not None and not isinstance(policy, Policy):
            raise TypeError(f"policy must be a Policy (first_seen() or boilerplate()), not {type(policy).__name__}")
        self.config = config or DedupeConfig()
        self.policy = policy or first_seen()
        self.clock = clock
        self.permutations = shared_permutations(self.config)
        if isinstance(location, str):
            self.backend = open_backend(location, name=name, ttl=ttl, max_docs=max_docs, durable=durable)
        else:
            self.backend = location
        wanted = index_params(self.config, self.policy)
        try:
            check_params(self.backend.location, self.backend.params(wanted), wanted)
        except BaseException:
            self.backend.close()
            raise

    @classmethod
    def existing(cls, location: str, *, name: str = "default") -> ParagraphIndex:
        """Open an index that exists, with the parameters and policy it was built with.

        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "i.db")
        >>> ParagraphIndex(path, policy=boilerplate(min_docs=4)).close()
        >>> with ParagraphIndex.existing(path) as index:
        ...     str(index.policy)
        'boilerplate(min_docs=4)'
        """
        backend = open_backend(location, name=name, create=False)
        stored = backend.stored()
        try:
            if not stored:
                raise IndexBackendError(f"no index at {backend.location}")
            config = DedupeConfig(num_perm=int(stored["num_perm"]), lsh_bands=int(stored["lsh_bands"]),
                                  shingle_words=int(stored["shingle_words"]), seed=int(stored["seed"]))
            policy = Policy(stored["policy"], int(stored["min_docs"]))
        except (KeyError, ValueError) as err:
            backend.close()
            raise IndexBackendError(f"index {backend.location} has unreadable parameters: {err}") from err
        except IndexBackendError:
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
        kind = type(self.backend).__name__.removesuffix("Backend").lower()
        return IndexStats(kind, self.backend.location, paragraphs, documents, str(self.policy),
                          index_params(self.config, self.policy))

    def remove(self, doc_id: str) -> int:
        """Forget a document; return how many of its paragraphs were indexed."""
        return self.backend.remove(_check_doc_id(doc_id))

    def clear(self) -> None:
        """Forget every document (the parameters stay)."""
        self.backend.clear()

    def evict(self) -> int:
        """Apply the time-to-live and document cap now; return how many documents went."""
        return self.backend.evict(self.clock())

    def documents(self) -> list[str]:
        """Return the ids of indexed documents, oldest first."""
        return list(self.backend.documents())

    def clean(self, text: str, *, doc_id: str) -> str:
        """Return ``text`` without the paragraphs already seen elsewhere or repeated within."""
        return self.dedupe(text, doc_id=doc_id).text

    def dedupe(self, text: str, *, doc_id: str) -> DedupeResult:
        """Deduplicate one document against itself and the index, then index what it keeps.

        Removals of copies found in other documents carry ``source`` (that document's
        id) and ``duplicate_of`` (the paragraph number there). Re-processing a
        ``doc_id`` replaces its earlier paragraphs; a document never matches itself.
        """
        doc = _check_doc_id(doc_id)
        paragraphs = segment(check_text(text, self.config))
        prints = fingerprint_all([p.text for p in paragraphs])
        allowed = {p.index for p in paragraphs if self.config.allows(p.text)}
        within = {d.index: d for d in decide(prints, self.config, allowed)}
        posts = posting_keys(prints, self.config, self.permutations, allowed)
        for _ in range(RETRIES):
            with self.backend.transaction(doc) as txn:
                hits = self._hits(txn, doc, prints, posts)
                if txn.store(self._write(hits, within, prints, posts)):
                    break
        else:
            raise IndexBackendError(f"index {self.backend.location}: gave up on {doc!r} after {RETRIES} conflicts")
        cross = tuple(
            Removal(index=i, start=paragraphs[i].start, end=paragraphs[i].end, line=paragraphs[i].line,
                    text=paragraphs[i].text, duplicate_of=h.stored.n, duplicate_line=0,
                    rule=h.match.rule_for(1), similarity=round(h.match.similarity, 2),
                    containment=round(h.match.containment, 2), locator=paragraphs[i].locator, source=h.stored.doc)
            for i, h in hits.items()
        )
        own = explain(paragraphs, [d for i, d in within.items() if i not in hits])
        removals = tuple(sorted(own + cross, key=lambda r: r.index))
        cleaned = emit_text(text, paragraphs, {r.index for r in removals})
        return DedupeResult(cleaned, tuple(paragraphs), removals, self.config)

    def _hits(self, txn: Transaction, doc: str, prints: Sequence[Fingerprint], posts: PostingKeys) -> dict[int, _Hit]:
        """Find, for each paragraph, the earliest indexed copy that holds all its text."""
        found: dict[int, list[tuple[bool, list[int]]]] = {}
        for at, pids in txn.lookup(posts.keys).items():
            found.setdefault(int(posts.paragraph[at]), []).append((bool(posts.strong[at]), pids))
        candidates = {i: _best_candidates(hits, len(posts.of(i)), txn.own) for i, hits in sorted(found.items())}
        stored = txn.fetch(sorted({p for pids in candidates.values() for p in pids}))
        hits: dict[int, _Hit] = {}
        for i, pids in candidates.items():
            matches = []
            for pid in pids:
                if pid not in stored:
                    continue
                m = confirm(0, 1, stored[pid].key, prints[i].key, self.config)
                if m is not None and m.removable(1, self.config):
                    matches.append((stored[pid], m))
            docs = frozenset(d for s, _ in matches for d in (s.doc, *s.seen)) - {doc}
            if matches and len(docs) + 1 >= self.policy.min_docs:
                hits[i] = _Hit(matches[0][0], matches[0][1], tuple(s.pid for s, _ in matches))
        return hits

    def _write(self, hits: dict[int, _Hit], within: dict[int, Any], prints: Sequence[Fingerprint],
               posts: PostingKeys) -> Write:
        entries = tuple(Entry(i, prints[i].key, posts.of(i)) for i in posts.spans if i not in hits and i not in within)
        counting = self.policy.min_docs > 2
        return Write(
            entries=entries,
            sources=tuple(sorted({h.stored.pid for h in hits.values()})),
            seen=tuple(sorted({pid for h in hits.values() for pid in h.matched})) if counting else (),
            seen_max=self.policy.min_docs,
            now=self.clock(),
        )


def _best_candidates(found: Sequence[tuple[bool, Sequence[int]]], keys: int, own: frozenset[int]) -> list[int]:
    """Return the paragraph ids worth confirming, in id order: at most ``CANDIDATE_MAX``.

    ``found`` pairs each of a paragraph's ``keys`` posting keys that hit, strong or not,
    with the ids under it. A strong key (its exact text or opening words) counts as much
    as all the others together; the rest are its LSH bands. The bands are loose (a low
    threshold, for recall on edited copies), so in a large index unrelated paragraphs
    collide in one band now and then; a real copy collides in several. Ranking by shared
    keys keeps the confirmation work bounded however large the index grows.

    >>> _best_candidates([(True, [7]), (False, [3, 9]), (False, [9])], 4, frozenset())
    [3, 7, 9]
    """
    score: dict[int, int] = {}
    for strong, pids in found:
        weight = keys if strong else 1
        for pid in pids:
            if pid not in own:
                score[pid] = score.get(pid, 0) + weight
    return sorted(sorted(score, key=lambda pid: (-score[pid], pid))[:CANDIDATE_MAX])


def _check_doc_id(doc_id: object) -> str:
    if not isinstance(doc_id, str) or not doc_id:
        raise TypeError(f"doc_id must be a non-empty str, not {doc_id!r}")
    return doc_id
