"""Fingerprint normalized paragraphs: exact keys, anchors and MinHash signatures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .config import DedupeConfig
from .scripts import comparable_length, has_unspaced, prefix_end, sentences, suffix_start

if TYPE_CHECKING:
    from datasketch import LeanMinHash

HASH_SCHEME = "affine32"
"""datasketch permutation scheme of every signature (recorded by indexes)."""
ANCHOR_WORDS = 4
"""Words in a prefix or suffix anchor: a teaser or an update shares its first words. In text
with an unspaced script a word counts two characters of that script (``scripts.prefix_end``)."""
_ANCHOR_UNITS = 2 * ANCHOR_WORDS
SENTENCE_MIN_CHARS = 30
"""Shortest sentence anchor, in ``scripts.comparable_length`` (an ideograph counts three)."""


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

    >>> opening("one two three four five"), opening("one two"), opening("今天北京下了一场大雨")
    ('^one two three four', None, '^今天北京下了一场')
    """
    if has_unspaced(key):
        end = prefix_end(key, _ANCHOR_UNITS)
        return None if end is None else "^" + key[:end]
    tokens = key.split(" ", ANCHOR_WORDS)
    return "^" + " ".join(tokens[:ANCHOR_WORDS]) if len(tokens) >= ANCHOR_WORDS else None


def anchors(key: str) -> tuple[str, ...]:
    """Return the pieces that a contained copy shares with its container.

    Its first and last ``ANCHOR_WORDS`` words (a teaser, a cut-off paste and an update
    with a sentence added keep one end) and, in longer paragraphs, every sentence of
    ``SENTENCE_MIN_CHARS`` or more (split after the sentence terminals of every script).

    >>> anchors("one two three four five. and a second sentence that is long enough.")
    ('^one two three four', '$that is long enough.', '.and a second sentence that is long enough.')
    >>> anchors("今天北京下了一场大雨。")
    ('^今天北京下了一场', '$北京下了一场大雨。')
    """
    if has_unspaced(key):
        return _unspaced_anchors(key)
    # Split only the ends: the first 2 * ANCHOR_WORDS + 1 pieces tell how many words there are
    # as far as the checks need, and rsplit finds the last words without splitting the rest.
    head = key.split(" ", 2 * ANCHOR_WORDS)
    if len(head) < ANCHOR_WORDS:
        return ()
    ends = ("^" + " ".join(head[:ANCHOR_WORDS]), "$" + " ".join(key.rsplit(" ", ANCHOR_WORDS)[-ANCHOR_WORDS:]))
    if len(head) <= 2 * ANCHOR_WORDS:
        return ends
    # The marks ^ $ . keep the kinds apart, so only a repeated sentence needs dropping. Without an
    # unspaced script the comparable length of a sentence is its length.
    return ends + tuple(dict.fromkeys(["." + s for s in sentences(key) if len(s) >= SENTENCE_MIN_CHARS]))


def _unspaced_anchors(key: str) -> tuple[str, ...]:
    """Return ``anchors`` of a key holding an unspaced script, counting its characters as half words."""
    head = prefix_end(key, _ANCHOR_UNITS)
    if head is None:
        return ()
    ends = ("^" + key[:head], "$" + key[suffix_start(key, _ANCHOR_UNITS) or 0:])
    if prefix_end(key, 2 * _ANCHOR_UNITS + 1) is None:
        return ends
    return ends + tuple(dict.fromkeys(["." + s for s in sentences(key) if comparable_length(s) >= SENTENCE_MIN_CHARS]))


def fingerprint(key: str) -> Fingerprint:
    """Fingerprint one normalized paragraph."""
    return Fingerprint(key, exact_key(key))


def fingerprints(texts: Iterable[str], normalize: Callable[[str], str]) -> list[Fingerprint]:
    """Normalize and fingerprint paragraphs; equal texts are done once and share one fingerprint.

    A million one-character lines cost one fingerprint, not a million.

    >>> a, b, c = fingerprints(["Same", "other", "Same"], str.lower)
    >>> a is c, a.key == fingerprint("same").key
    (True, True)
    """
    made: dict[str, Fingerprint] = {}
    return [made.get(text) or made.setdefault(text, fingerprint(normalize(text))._replace(text=text)) for text in texts]


def _identity(value: int) -> int:
    return value


def signatures(shingle_sets: Sequence[Sequence[int]], config: DedupeConfig) -> list[LeanMinHash]:
    """Return one compact MinHash signature per shingle set (datasketch, fixed seed and scheme)."""
    from datasketch import LeanMinHash, MinHash

    minhashes = MinHash.bulk(
        shingle_sets, num_perm=config.num_perm, seed=config.seed, scheme=HASH_SCHEME, hashfunc=_identity
    )
    return [LeanMinHash(m) for m in minhashes]
