"""Propose pairs of paragraphs that may be copies, cheaply, before rapidfuzz confirms them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .config import DedupeConfig
from .fingerprint import Fingerprint, shingles, signatures

ANCHOR_POSTING_MAX = 64
"""An anchor shared by more paragraphs than this is a stock phrase, not a copy: skipped."""

Pairs = dict[tuple[int, int], "float | None"]
"""Candidate pairs ``(a, b)`` with ``a < b``, and their ``fuzz.ratio`` when already known."""


def exact_groups(prints: Sequence[Fingerprint], members: Sequence[int]) -> list[list[int]]:
    """Group ``members`` whose normalized text is identical; groups of two or more, in order."""
    groups: dict[bytes, list[int]] = defaultdict(list)
    for i in members:
        groups[prints[i].exact].append(i)
    return [g for g in groups.values() if len(g) > 1]


def anchor_pairs(prints: Sequence[Fingerprint], members: Sequence[int]) -> set[tuple[int, int]]:
    """Pair paragraphs that share an anchor (an end or a whole sentence) but differ in text."""
    postings: dict[int, list[int]] = defaultdict(list)
    for i in members:
        for anchor in prints[i].anchors:
            postings[anchor].append(i)
    pairs: set[tuple[int, int]] = set()
    for posting in postings.values():
        if 1 < len(posting) <= ANCHOR_POSTING_MAX:
            for x, a in enumerate(posting):
                for b in posting[x + 1:]:
                    if prints[a].exact != prints[b].exact:
                        pairs.add((a, b))
    return pairs


def all_pairs_similar(prints: Sequence[Fingerprint], members: Sequence[int], config: DedupeConfig) -> Pairs:
    """Score every pair with ``fuzz.ratio`` in one rapidfuzz call; keep those at the threshold."""
    from rapidfuzz import fuzz, process

    keys = [prints[i].key for i in members]
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=config.near_threshold)
    out: Pairs = {}
    for x, y in zip(*scores.nonzero()):
        if x < y:
            out[(members[x], members[y])] = float(scores[x, y])
    return out


def lsh_pairs(prints: Sequence[Fingerprint], members: Sequence[int], config: DedupeConfig) -> Pairs:
    """Propose pairs whose MinHash signatures collide in a datasketch ``MinHashLSH`` band."""
    from datasketch import MinHashLSH

    sigs = signatures([shingles(prints[i].words, config.shingle_words) for i in members], config)
    lsh = MinHashLSH(num_perm=config.num_perm, params=(config.lsh_bands, config.lsh_rows))
    out: Pairs = {}
    with lsh.insertion_session() as session:
        for i, sig in zip(members, sigs):
            session.insert(i, sig, check_duplication=False)
    for i, sig in zip(members, sigs):
        for j in lsh.query(sig):
            if j > i:
                out[(i, j)] = None
    return out


def candidate_pairs(prints: Sequence[Fingerprint], members: Sequence[int], config: DedupeConfig) -> Pairs:
    """Return the pairs to confirm among ``members``: anchor pairs plus similar pairs.

    Paragraphs of ``near_min_chars`` or more are compared for similarity: short documents
    score every pair directly (cheaper than signatures), long ones use MinHash LSH. Any
    member may be contained in another (shared anchors). Exact copies are grouped
    separately and need no candidate.
    """
    fuzzy = [i for i in members if len(prints[i].key) >= config.near_min_chars]
    if len(fuzzy) <= config.all_pairs_max:
        pairs = all_pairs_similar(prints, fuzzy, config)
    else:
        pairs = lsh_pairs(prints, fuzzy, config)
    for pair in anchor_pairs(prints, members):
        pairs.setdefault(pair, None)
    return {p: s for p, s in pairs.items() if prints[p[0]].exact != prints[p[1]].exact}
