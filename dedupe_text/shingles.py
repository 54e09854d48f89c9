"""Hash the token shingles of normalized paragraphs, a whole document at a time, with numpy.

A token is a word where a script marks words with spaces and a character (with its marks)
where it does not (``scripts``): a Chinese or Thai paragraph is shingled in character
n-grams, a Russian one in word n-grams, a mixed one in both, with no setting.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from itertools import accumulate

import numpy as np

from .scripts import CHARACTER, MARK, SEPARATOR, WORD, token_classes

SHINGLE_HASH = "poly64-tokens-mix64"
"""Hash of token shingles fed to MinHash (recorded by indexes): see ``word_hashes`` and ``shingle_array``."""

_SEPARATOR = b"\xff"
"""Joins the keys of a batch: a byte UTF-8 never holds, read as a non-word byte."""
_WORD_FLAGS = bytes(int(b in (string.ascii_letters + string.digits + "_").encode()) for b in range(256))
"""``bytes.translate`` table of ASCII text: 1 for a byte of a word, 0 otherwise."""
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


def _ascii_edges(joined: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Return where the words of ASCII ``joined`` start and end: runs of letters, digits and ``_``."""
    inside = np.frombuffer((_SEPARATOR + joined + _SEPARATOR).translate(_WORD_FLAGS), dtype=bool)
    edges = (inside[1:] != inside[:-1]).nonzero()[0]
    return edges[0::2], edges[1::2]


def _pair_tables() -> tuple[np.ndarray, np.ndarray]:
    """Return, for each pair of token classes (previous * 4 + current), whether a token begins at the current
    character and whether one ends at the previous.

    A token begins after a separator, at a character of an unspaced script, or where a
    spaced word follows such a character or its mark; it ends where the next begins or a
    separator comes.
    """
    begins = np.zeros(16, dtype=bool)
    ends = np.zeros(16, dtype=bool)
    for previous in (SEPARATOR, WORD, CHARACTER, MARK):
        for current in (SEPARATOR, WORD, CHARACTER, MARK):
            begin = current != SEPARATOR and (previous == SEPARATOR or current == CHARACTER
                                              or (current == WORD and previous in (CHARACTER, MARK)))
            begins[previous * 4 + current] = begin
            ends[previous * 4 + current] = previous != SEPARATOR and (begin or current == SEPARATOR)
    return begins, ends


_BEGINS, _ENDS = _pair_tables()
_UTF8_SIZES = np.array([1] + [2] * 15 + [3] * 496 + [4] * ((0x110000 >> 7) - 512), dtype=np.uint8)
"""Bytes of a character in UTF-8, by its code point shifted right by 7 bits."""


def _token_edges(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return where the tokens of ``keys`` start and end, as byte offsets into their UTF-8 join.

    Tokens are runs of word characters (letters, digits, marks, ``_``); a character of an
    unspaced script is a token of its own, with the marks after it. Each edge depends on a
    pair of neighbouring classes only: one lookup in ``_BEGINS`` and ``_ENDS`` finds them all.
    """
    text = "\x00".join(keys)  # one byte, like _SEPARATOR: offsets agree with the joined bytes
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    del text
    pairs = np.zeros(len(codes) + 1, dtype=np.uint8)  # pairs[i]: classes of characters i - 1 and i
    pairs[:-1] = token_classes(codes)
    pairs[1:] += pairs[:-1] << 2  # the previous class, shifted in
    begins = _BEGINS.take(pairs[:-1]).nonzero()[0]
    ends = _ENDS.take(pairs[1:]).nonzero()[0]
    del pairs
    # UTF-8 byte offsets of the edges: the characters' sizes summed (int32 while they fit).
    offsets = np.zeros(len(codes) + 1, dtype=np.int32 if 4 * len(codes) < 2**31 else np.int64)
    np.cumsum(_UTF8_SIZES.take(codes >> 7), out=offsets[1:])
    return offsets[begins], offsets[ends + 1]


def word_hashes(keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return a 64-bit hash of every token of ``keys``, flat, and how many tokens each key has.

    A token is a word (a run of letters, digits, marks and ``_``) in spaced scripts and one
    character in scripts written without spaces; punctuation, symbols and spaces separate
    tokens (normalization has already unified quotes and dashes). Its hash is the
    polynomial ``sum(byte * POLY**k)`` of its UTF-8 bytes modulo 2^64, computed for the
    whole batch with one prefix sum instead of a Python call per token.

    >>> hashes, counts = word_hashes(["it's done", "done", "做完了"])
    >>> counts.tolist(), bool(hashes[2] == hashes[3])
    ([3, 1, 3], True)
    """
    plain = [k.isascii() for k in keys]
    if all(plain) or not any(plain):
        return _hashes(keys, ascii=all(plain))
    # Mostly ASCII, as most text is: the ASCII keys take the byte path, the others the token
    # path, and the two are merged back in order.
    ascii_keys = [k for k, a in zip(keys, plain) if a]
    other_keys = [k for k, a in zip(keys, plain) if not a]
    ascii_hashes, ascii_counts = _hashes(ascii_keys, ascii=True)
    other_hashes, other_counts = _hashes(other_keys, ascii=False)
    is_ascii = np.array(plain, dtype=bool)
    counts = np.zeros(len(keys), dtype=np.int64)
    counts[is_ascii], counts[~is_ascii] = ascii_counts, other_counts
    first = np.zeros(len(keys), dtype=np.int64)  # where each key's hashes start in the two joined
    first[is_ascii] = ascii_counts.cumsum() - ascii_counts
    first[~is_ascii] = len(ascii_hashes) + other_counts.cumsum() - other_counts
    order = (first - (counts.cumsum() - counts)).repeat(counts) + np.arange(int(counts.sum()))
    return np.concatenate((ascii_hashes, other_hashes))[order], counts


def _hashes(keys: Sequence[str], *, ascii: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return ``word_hashes`` of ``keys``, all ASCII (bytes read by a table) or not (characters by class)."""
    if not keys:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    encoded = [k.encode("utf-8", "surrogatepass") for k in keys]
    joined = _SEPARATOR.join(encoded)
    data = np.frombuffer(joined, dtype=np.uint8)
    starts, ends = _ascii_edges(joined) if ascii else _token_edges(keys)
    powers, inverse = _powers(len(data) + 1)
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.multiply(data, inverse[:len(data)], out=prefix[1:])
    prefix.cumsum(out=prefix)
    hashes = (prefix[ends] - prefix[starts]) * powers[ends - 1]
    # Tokens starting before each key's first byte, from the encoded lengths: cheaper than
    # finding the separators in the bytes.
    before = starts.searchsorted([0, *accumulate(len(e) + 1 for e in encoded)])
    counts = before[1:] - before[:-1]
    return hashes, counts


def shingle_array(keys: Sequence[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the 32-bit hashes of the token ``size``-grams of many keys, flat, and their counts.

    A shingle mixes the hashes of its tokens (``word_hashes``) in order; a key shorter
    than ``size`` tokens is one shingle of all its words. A few numpy passes do the whole
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
    """Return 32-bit hashes of the token ``size``-grams of ``key`` (one shingle if shorter).

    >>> len(shingles("a b, c d", 3))
    2
    """
    return shingle_array([key], size)[0].tolist()
