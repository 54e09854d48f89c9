"""Fingerprint normalized paragraphs: exact keys, anchors and MinHash signatures."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .config import DedupeConfig

if TYPE_CHECKING:
    from datasketch import LeanMinHash

HASH_SCHEME = "affine32"
"""datasketch permutation scheme of every signature (recorded by indexes)."""
ANCHOR_WORDS = 4
"""Words in a prefix or suffix anchor: a teaser or an update shares its first words."""
SENTENCE_MIN_CHARS = 30


class Fingerprint(NamedTuple):
    """What later stages compare: the normalized key, its exact digest and the raw text (its capitals tell names)."""

    key: str
    exact: bytes
    text: str | None = None


def exact_key(key: str) -> bytes:
    """Return a stable 16-byte digest of a normalized paragraph (same in every process).

    >>> exact_key("title").hex()[:8]
    '118db319'
    """
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def opening(key: str) -> str | None:
    """Return the prefix anchor of ``key``: its first ``ANCHOR_WORDS`` words (None if it has fewer).

    >>> opening("one two three four five"), opening("one two")
    ('^one two three four', None)
    """
    tokens = key.split(" ", ANCHOR_WORDS)
    return "^" + " ".join(tokens[:ANCHOR_WORDS]) if len(tokens) >= ANCHOR_WORDS else None


def anchors(key: str) -> tuple[str, ...]:
    """Return the pieces that a contained copy shares with its container.

    Its first and last ``ANCHOR_WORDS`` words (a teaser, a cut-off paste and an update
    with a sentence added keep one end) and, in longer paragraphs, every sentence of
    ``SENTENCE_MIN_CHARS`` or more (split at full stops).

    >>> anchors("one two three four five. and a second sentence that is long enough.")
    ('^one two three four', '$that is long enough.', '.and a second sentence that is long enough.')
    """
    # Split only the ends: the first 2 * ANCHOR_WORDS + 1 pieces tell how many words there are
    # as far as the checks need, and rsplit finds the last words without splitting the rest.
    head = key.split(" ", 2 * ANCHOR_WORDS)
    if len(head) < ANCHOR_WORDS:
        return ()
    ends = ("^" + " ".join(head[:ANCHOR_WORDS]), "$" + " ".join(key.rsplit(" ", ANCHOR_WORDS)[-ANCHOR_WORDS:]))
    if len(head) <= 2 * ANCHOR_WORDS:
        return ends
    # The marks ^ $ . keep the kinds apart, so only a repeated sentence needs dropping.
    return ends + tuple(dict.fromkeys(["." + s for s in key.split(". ") if len(s) >= SENTENCE_MIN_CHARS]))


def fingerprint(key: str) -> Fingerprint:
    """Fingerprint one normalized paragraph."""
    return Fingerprint(key, exact_key(key))


def _identity(value: int) -> int:
    return value


def signatures(shingle_sets: Sequence[Sequence[int]], config: DedupeConfig) -> list[LeanMinHash]:
    """Return one compact MinHash signature per shingle set (datasketch, fixed seed and scheme)."""
    from datasketch import LeanMinHash, MinHash

    minhashes = MinHash.bulk(
        shingle_sets, num_perm=config.num_perm, seed=config.seed, scheme=HASH_SCHEME, hashfunc=_identity
    )
    return [LeanMinHash(m) for m in minhashes]
