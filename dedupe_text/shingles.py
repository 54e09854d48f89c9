"""Hash the word shingles of normalized paragraphs, a whole document at a time, with numpy."""

from __future__ import annotations

import string
from collections.abc import Sequence
from itertools import accumulate

import numpy as np

SHINGLE_HASH = "poly64-words-mix64"
"""Hash of word shingles fed to MinHash (recorded by indexes): see ``word_hashes`` and ``shingle_array``."""

_SEPARATOR = b"\xff"
"""Joins the keys of a batch: a byte UTF-8 never holds, read as a non-word byte."""
_WORD_FLAGS = bytes(int(b in (string.ascii_letters + string.digits + "_").encode() or 0x80 <= b < 0xFF)
                    for b in range(256))
"""``bytes.translate`` table: 1 for a byte of a word, 0 otherwise."""
_POLY = 0x100000001B3
_POLY_INVERSE = pow(_POLY, -1, 1 << 64)
POWERS_KEPT = 1 << 16
"""Powers computed once at import (1 MiB): documents up to this many bytes reuse them."""
_SHINGLE_START = np.uint64(0x9E3779B97F4A7C15)
_SHINGLE_MULTIPLIER = np.uint64(0xFF51AFD7ED558CCD)
_SHINGLE_SHIFT = np.uint64(33)


def _compute_powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``POLY**i`` and ``POLY**-i`` modulo 2^64 for ``i < size`` (size at least 1)."""
    powers = np.full(size, _POLY, dtype=np.uint64)
    inverse = np.full(size, _POLY_INVERSE, dtype=np.uint64)
    powers[0] = inverse[0] = 1
    return np.cumprod(powers, out=powers), np.cumprod(inverse, out=inverse)


_KEPT_POWERS = _compute_powers(POWERS_KEPT)


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    if size <= POWERS_KEPT:
        return _KEPT_POWERS[0][:size], _KEPT_POWERS[1][:size]
    return _compute_powers(size)


def word_hashes(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return a 64-bit hash of every word of ``keys``, flat, and how many words each key has.

    A word is a run of ASCII letters, digits and ``_`` or of non-ASCII characters, read on
    the UTF-8 bytes (normalization has already unified quotes and dashes); its hash is the
    polynomial ``sum(byte * POLY**k)`` modulo 2^64, computed for the whole batch with one
    prefix sum instead of a Python call per word.

    >>> hashes, counts = word_hashes(["it's done", "done"])
    >>> counts.tolist(), bool(hashes[2] == hashes[3])
    ([3, 1], True)
    """
    if not keys:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    encoded = [k.encode("utf-8", "surrogatepass") for k in keys]
    joined = _SEPARATOR.join(encoded)
    data = np.frombuffer(joined, dtype=np.uint8)
    inside = np.frombuffer((_SEPARATOR + joined + _SEPARATOR).translate(_WORD_FLAGS), dtype=bool)
    edges = (inside[1:] != inside[:-1]).nonzero()[0]
    starts, ends = edges[0::2], edges[1::2]
    powers, inverse = _powers(len(data) + 1)
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.multiply(data, inverse[:len(data)], out=prefix[1:])
    prefix.cumsum(out=prefix)
    hashes = (prefix[ends] - prefix[starts]) * powers[ends - 1]
    # Words starting before each key's first byte, from the encoded lengths: cheaper than
    # finding the separators in the bytes.
    before = starts.searchsorted([0, *accumulate(len(e) + 1 for e in encoded)])
    counts = before[1:] - before[:-1]
    return hashes, counts


def shingle_array(keys: Sequence[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the 32-bit hashes of the word ``size``-grams of many keys, flat, and their counts.

    A shingle mixes the hashes of its words (``word_hashes``) in order; a key shorter
    than ``size`` words is one shingle of all its words. A few numpy passes do the whole
    batch.

    >>> flat, counts = shingle_array(["a b c d", "a b c", ""], 3)
    >>> counts.tolist(), bool(flat[0] == flat[2]), len(flat)
    ([2, 1, 1], True, 4)
    """
    hashes, lengths = word_hashes(keys)
    hashes = np.concatenate((hashes, np.zeros(size, dtype=np.uint64)))
    counts = np.maximum(lengths - (size - 1), 1)
    offsets = lengths.cumsum() - lengths
    firsts = counts.cumsum() - counts
    total = int(counts.sum())
    starts = (offsets - firsts).repeat(counts) + np.arange(total)
    shortest = min(int(lengths.min(initial=size)), size)
    h = np.full(total, _SHINGLE_START, dtype=np.uint64)
    for j in range(size):
        mixed = hashes.take(starts + j)
        mixed ^= h
        mixed *= _SHINGLE_MULTIPLIER
        mixed ^= mixed >> _SHINGLE_SHIFT
        h = mixed if j < shortest else np.where((j < lengths).repeat(counts), mixed, h)
    return (h >> np.uint64(32)).astype(np.uint32), counts


def shingles(key: str, size: int) -> list[int]:
    """Return 32-bit hashes of the word ``size``-grams of ``key`` (one shingle if shorter).

    >>> len(shingles("a b, c d", 3))
    2
    """
    return shingle_array([key], size)[0].tolist()
