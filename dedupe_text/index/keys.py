"""Posting keys: what an index stores a paragraph under and looks it up by (exact, opening words, LSH bands)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
import xxhash

from ..config import DedupeConfig
from ..errors import IndexBackendError
from ..fingerprint import HASH_SCHEME, Fingerprint, opening
from ..normalize import NORMALIZATION_VERSION
from ..scripts import comparable_length
from ..shingles import SHINGLE_HASH, shingle_array
from .policy import Policy

FORMAT_VERSION = 3
"""Layout of the stored index; bumped when a backend stores things differently."""
BAND_HASH = "mix64"
"""How a band of MinHash values becomes one 64-bit posting key (recorded with the index)."""

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MULTIPLIER = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT = np.uint64(31)


def index_params(config: DedupeConfig, policy: Policy) -> dict[str, str]:
    """Return what an index must agree on to find its own entries, as strings.

    >>> from dedupe_text.index import first_seen
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
                 protected: Collection[int] = (), *, short: bool = False) -> PostingKeys:
    """Return the keys each judged paragraph (not ``protected``) is indexed and looked up under.

    Lengths are ``scripts.comparable_length``, as in a document (an ideograph counts three
    characters). Every paragraph of ``min_chars`` or more has its exact key (with ``short``, every
    non-empty one: site furniture such as "Share this" is short); those of
    ``near_min_chars`` or more also their opening words (a teaser or an update starts
    like its original) and one key per MinHash LSH band. The keys are built as one table
    (a row a paragraph, a column a kind of key) so that a document costs a few numpy
    operations.

    >>> from dedupe_text.core import fingerprint_all
    >>> keys = posting_keys(fingerprint_all(["Short.", "A paragraph long enough to be judged as near."]),
    ...                     DedupeConfig())
    >>> list(keys.spans), len(keys.of(1)) == 2 + DedupeConfig().lsh_bands, keys.strong[:3].tolist()
    ([1], True, [True, True, False])
    >>> list(posting_keys(fingerprint_all(["Short.", ""]), DedupeConfig(), short=True).spans)
    [0]
    """
    least = 1 if short else config.min_chars
    lengths = [comparable_length(p.key) for p in prints]
    judged = [i for i in range(len(prints)) if lengths[i] >= least and i not in protected]
    fuzzy = [row for row, i in enumerate(judged) if lengths[i] >= config.near_min_chars]
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
