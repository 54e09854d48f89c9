"""Propose pairs of paragraphs that may be copies, cheaply, before rapidfuzz confirms them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from .config import DedupeConfig
from .fingerprint import Fingerprint, anchors, signatures
from .scripts import comparable_length

STOCK_MAX = 64
"""An anchor or LSH bucket shared by more texts than this is stock text, not a copy: skipped."""
ALL_PAIRS_MAX_CHARS = 200_000
"""Most characters of distinct comparable text scored pair by pair; above it, MinHash LSH proposes the pairs.

Scoring a pair costs the product of its lengths: a few hundred long paragraphs would cost
far more than the document's size. Real articles hold well under it (25,000 at most on
the dev set), so they keep the all-pairs path."""
PARTNERS_MAX = 32
"""Most LSH candidates scored with ``fuzz.ratio`` for one text, those sharing most bands first."""

Pairs = dict[tuple[int, int], "float | None"]
"""Candidate pairs ``(a, b)`` with ``a < b``, and their ``fuzz.ratio`` when already known."""


def exact_groups(prints: Sequence[Fingerprint], members: Sequence[int]) -> list[list[int]]:
    """Group ``members`` whose normalized text is identical; groups of two or more, in order."""
    return [g for g in _distinct(prints, members).values() if len(g) > 1]


def _expand(copies: Sequence[Sequence[int]], x: int, y: int) -> list[tuple[int, int]]:
    """Return every pair between the exact copies of text ``x`` and those of text ``y``."""
    return [(min(a, b), max(a, b)) for a in copies[x] for b in copies[y]]


def anchor_pairs(prints: Sequence[Fingerprint], copies: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    """Pair distinct texts that share an anchor (an end or a whole sentence).

    Most anchors belong to one text: only the first text of each is remembered, and a
    posting list is made once a second text shares it (a text's anchors are distinct).
    """
    first: dict[str, int] = {}
    shared: dict[str, list[int]] = {}
    for x, group in enumerate(copies):
        for anchor in anchors(prints[group[0]].key):
            earlier = first.setdefault(anchor, x)
            if earlier != x:
                shared.setdefault(anchor, [earlier]).append(x)
    pairs: set[tuple[int, int]] = set()
    for posting in shared.values():
        if len(posting) <= STOCK_MAX:
            for n, x in enumerate(posting):
                for y in posting[n + 1:]:
                    pairs.update(_expand(copies, x, y))
    return pairs


def _distinct(prints: Sequence[Fingerprint], members: Sequence[int]) -> dict[bytes, list[int]]:
    """Group ``members`` by exact digest, in order: exact copies need comparing only once."""
    by_digest: dict[bytes, list[int]] = defaultdict(list)
    for i in members:
        by_digest[prints[i].exact].append(i)
    return by_digest


def all_pairs_similar(prints: Sequence[Fingerprint], copies: Sequence[Sequence[int]], config: DedupeConfig) -> Pairs:
    """Score every pair of distinct texts whose lengths allow it with ``fuzz.ratio``.

    Texts are taken shortest first, each against the longer texts that are short enough
    for the ratio to reach ``near_threshold`` (it is at most 200 * shorter / (sum of
    lengths)): one ``process.extract`` call, which prepares the shorter text once. Pairs
    at the threshold are kept, with their score, for every copy of each text.
    """
    from rapidfuzz import fuzz, process

    keys = [prints[c[0]].key for c in copies]
    order = sorted(range(len(keys)), key=lambda x: (len(keys[x]), x))
    ordered = [keys[x] for x in order]
    threshold = config.near_threshold
    # extract applies a cutoff unlike fuzz.ratio (85.0 passes 85.00000000000001 there): it finds
    # with a point of slack, and fuzz.ratio keeps and scores the few it finds.
    slack_cutoff = max(threshold - 1, 0)
    out: Pairs = {}
    end = 0
    for n, short in enumerate(ordered):
        end = max(end, n + 1)  # ordered[n + 1:end]: the longer texts within reach of ``short``
        while end < len(ordered) and 200 * len(short) >= threshold * (len(short) + len(ordered[end])):
            end += 1
        if end == n + 1:
            continue
        for longer, _, m in process.extract(short, ordered[n + 1:end], scorer=fuzz.ratio, score_cutoff=slack_cutoff,
                                            limit=None):
            score = fuzz.ratio(short, longer, score_cutoff=threshold)
            if score:
                x, y = order[n], order[n + 1 + m]
                out.update((pair, score) for pair in _expand(copies, min(x, y), max(x, y)))
    return out


def lsh_pairs(prints: Sequence[Fingerprint], copies: Sequence[Sequence[int]], config: DedupeConfig) -> Pairs:
    """Find the similar pairs of distinct texts through MinHash LSH, then score them.

    Signatures go into a datasketch ``MinHashLSH``; texts that share one of its band
    buckets are scored with ``fuzz.ratio`` and kept, with their score, at
    ``near_threshold`` or above, as in ``all_pairs_similar`` (containment comes from
    anchors on both paths). A bucket of more than ``STOCK_MAX`` texts is template text
    (thousands of lines that differ by a number) and is skipped, which keeps the work
    linear in the length of the document; so does scoring at most ``PARTNERS_MAX``
    candidates of each text (those sharing most bands: the most similar).
    """
    import numpy as np
    from datasketch import MinHashLSH
    from rapidfuzz import fuzz

    from .shingles import shingle_array

    flat, counts = shingle_array([prints[c[0]].key for c in copies], config.shingle_words)
    sigs = signatures([part.tolist() for part in np.split(flat, np.cumsum(counts)[:-1])], config)
    lsh = MinHashLSH(num_perm=config.num_perm, params=(config.lsh_bands, config.lsh_rows))
    with lsh.insertion_session() as session:
        for x, sig in enumerate(sigs):
            session.insert(x, sig, check_duplication=False)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for table in lsh.hashtables:
        for bucket_key in table.keys():  # noqa: SIM118 (a datasketch storage, not a dict)
            bucket = table.get(bucket_key)
            if 1 < len(bucket) <= STOCK_MAX:
                for pair in combinations(sorted(bucket), 2):
                    shared[pair] += 1
    out: Pairs = {}
    for x, y in _closest(shared, len(copies)):
        score = fuzz.ratio(prints[copies[x][0]].key, prints[copies[y][0]].key, score_cutoff=config.near_threshold)
        if score:
            out.update((pair, score) for pair in _expand(copies, x, y))
    return out


def _closest(shared: dict[tuple[int, int], int], size: int) -> list[tuple[int, int]]:
    """Return the candidate pairs to score, each text's ``PARTNERS_MAX`` most shared at most, in order.

    >>> _closest({(0, 1): 3, (0, 2): 1}, 3)
    [(0, 1), (0, 2)]
    """
    partners: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for (x, y), n in shared.items():
        partners[x].append((-n, y))
        partners[y].append((-n, x))
    keep = set()
    for x, found in enumerate(partners):
        for _, y in sorted(found)[:PARTNERS_MAX]:
            keep.add((min(x, y), max(x, y)))
    return sorted(keep)


def candidate_pairs(prints: Sequence[Fingerprint], members: Sequence[int], config: DedupeConfig) -> Pairs:
    """Return the pairs to confirm among ``members``: similar pairs plus anchor pairs.

    Only paragraphs of ``near_min_chars`` or more are judged fuzzily: short documents
    score every pair directly (cheaper than signatures), long ones (more than
    ``all_pairs_max`` texts or ``ALL_PAIRS_MAX_CHARS`` characters) use MinHash LSH; any of
    them may be contained in another (shared anchors). Exact copies are grouped
    separately and need no candidate.
    """
    fuzzy = [i for i in members if comparable_length(prints[i].key) >= config.near_min_chars]
    copies = list(_distinct(prints, fuzzy).values())
    chars = sum(len(prints[c[0]].key) for c in copies)
    if len(copies) <= config.all_pairs_max and chars <= ALL_PAIRS_MAX_CHARS:
        pairs = all_pairs_similar(prints, copies, config)
    else:
        pairs = lsh_pairs(prints, copies, config)
    for pair in anchor_pairs(prints, copies):
        pairs.setdefault(pair, None)
    return pairs
