"""Fingerprint normalized paragraphs: exact keys, words, anchors and MinHash signatures."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import xxhash

from .config import DedupeConfig

if TYPE_CHECKING:
    from datasketch import LeanMinHash

HASH_SCHEME = "affine32"
"""datasketch permutation scheme of every signature (recorded by indexes)."""
SHINGLE_HASH = "xxh32"
"""Hash of word shingles fed to MinHash (recorded by indexes)."""
ANCHOR_WORDS = 4
"""Words in a prefix or suffix anchor: a teaser or an update shares its first words."""
SENTENCE_MIN_WORDS = 6

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Fingerprint:
    """What later stages compare: the normalized key and its derived hashes."""

    key: str
    exact: bytes
    words: tuple[str, ...]
    anchors: tuple[int, ...]


def exact_key(key: str) -> bytes:
    """Return a stable 16-byte digest of a normalized paragraph (same in every process).

    >>> exact_key("title").hex()[:8]
    '2b8f9b6b'
    """
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def words(key: str) -> tuple[str, ...]:
    """Split a normalized paragraph into words, dropping punctuation.

    >>> words("it's \\"done\\" - now")
    ('it', 's', 'done', 'now')
    """
    return tuple(_WORD.findall(key))


def _h64(text: str) -> int:
    return xxhash.xxh64_intdigest(text.encode("utf-8", "surrogatepass"))


def _h32(text: str) -> int:
    return xxhash.xxh32_intdigest(text.encode("utf-8", "surrogatepass"))


def anchors(key: str, toks: Sequence[str]) -> tuple[int, ...]:
    """Return hashes that a contained copy shares with its container.

    The first and last ``ANCHOR_WORDS`` words (a teaser, a cut-off paste and an update
    with a sentence added keep one end) and every sentence of six words or more.
    """
    out: list[int] = []
    if len(toks) >= ANCHOR_WORDS:
        out.append(_h64("^" + " ".join(toks[:ANCHOR_WORDS])))
        out.append(_h64("$" + " ".join(toks[-ANCHOR_WORDS:])))
    for sentence in _SENTENCE_END.split(key):
        sent_words = _WORD.findall(sentence)
        if len(sent_words) >= SENTENCE_MIN_WORDS:
            out.append(_h64("." + " ".join(sent_words)))
    return tuple(dict.fromkeys(out))


def fingerprint(key: str) -> Fingerprint:
    """Fingerprint one normalized paragraph."""
    toks = words(key)
    return Fingerprint(key, exact_key(key), toks, anchors(key, toks))


def shingles(toks: Sequence[str], size: int) -> list[int]:
    """Return 32-bit hashes of the word ``size``-grams of ``toks`` (one shingle if shorter).

    >>> len(shingles(("a", "b", "c", "d"), 3))
    2
    """
    if len(toks) <= size:
        return [_h32(" ".join(toks))]
    h32 = xxhash.xxh32_intdigest
    return [h32(" ".join(toks[i:i + size]).encode("utf-8", "surrogatepass")) for i in range(len(toks) - size + 1)]


def _identity(value: int) -> int:
    return value


def signatures(shingle_sets: Sequence[Sequence[int]], config: DedupeConfig) -> list[LeanMinHash]:
    """Return one compact MinHash signature per shingle set (datasketch, fixed seed and scheme)."""
    from datasketch import LeanMinHash, MinHash

    minhashes = MinHash.bulk(
        shingle_sets, num_perm=config.num_perm, seed=config.seed, scheme=HASH_SCHEME, hashfunc=_identity
    )
    return [LeanMinHash(m) for m in minhashes]
