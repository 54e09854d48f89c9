"""Confirm candidate pairs with rapidfuzz: exact, near (re-keyed) or contained (teaser, update)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .config import DedupeConfig

COMPLETENESS_MARGIN = 3
"""Characters a container must have beyond its copy to count as more complete."""
PREFIX_SLACK = 3
"""Characters a contained copy may start after the start of its container."""
MIN_INNER_COVERAGE = 0.6
"""Share of its container that a contained copy not at its start must cover."""


@dataclass(frozen=True)
class Match:
    """A confirmed pair ``a < b`` with its scores (0-100).

    ``similarity`` is ``fuzz.ratio`` of the normalized texts; ``containment`` is
    ``fuzz.partial_ratio`` of the shorter inside the longer (0 when not computed);
    ``inner`` is the member contained in the other (``-1`` when neither is) and
    ``span`` where it lies in the other's normalized text.
    """

    a: int
    b: int
    similarity: float
    containment: float
    inner: int
    span_start: int = 0
    span_end: int = 0

    def other(self, index: int) -> int:
        """Return the member of the pair that is not ``index``."""
        return self.b if index == self.a else self.a

    def removable(self, index: int, config: DedupeConfig) -> bool:
        """Tell whether ``index`` may go while the other member stays (loses no text)."""
        return self.inner == index or self.similarity >= config.near_threshold

    def rule_for(self, index: int, config: DedupeConfig) -> str:
        """Name the rule that removes ``index`` in favour of the other member."""
        if self.similarity == 100 and self.inner == -1:
            return "exact"
        if self.inner == index:
            return "contained"
        return "near"


def _containment(short: str, long: str, config: DedupeConfig) -> tuple[float, int, int] | None:
    """Score ``short`` inside ``long`` and say where it lies, if it is a contained copy.

    A teaser, a cut-off paste and an older version of an update begin where the full
    paragraph begins; a fragment from elsewhere counts only when it covers at least
    ``MIN_INNER_COVERAGE`` of its container, so a sentence quoted inside a longer one
    stays. Copies shorter than ``near_min_chars`` are never judged by containment: a
    heading often begins the paragraph below it.
    """
    if len(short) < config.near_min_chars or len(long) - len(short) < COMPLETENESS_MARGIN:
        return None
    found = fuzz.partial_ratio_alignment(short, long, score_cutoff=config.containment_threshold)
    if found is None:
        return None
    at_start = found.dest_start <= max(PREFIX_SLACK, 0.02 * len(long))
    if at_start or len(short) >= MIN_INNER_COVERAGE * len(long):
        return found.score, found.dest_start, found.dest_end
    return None


def confirm(a: int, b: int, key_a: str, key_b: str, config: DedupeConfig,
            similarity: float | None = None) -> Match | None:
    """Return the match between two normalized paragraphs, or None if they are not copies.

    >>> from dedupe_text.config import DedupeConfig
    >>> m = confirm(0, 1, "the cat sat on the mat today", "the cat sat on the mat", DedupeConfig(near_min_chars=5))
    >>> m.inner, m.similarity >= 85
    (1, True)
    """
    if key_a == key_b:
        return Match(a, b, 100.0, 100.0, -1, 0, len(key_a))
    if similarity is None:
        similarity = fuzz.ratio(key_a, key_b)
    shorter = a if len(key_a) <= len(key_b) else b
    short_key, long_key = (key_a, key_b) if shorter == a else (key_b, key_a)
    contained = _containment(short_key, long_key, config)
    if contained is not None:
        return Match(a, b, similarity, contained[0], shorter, contained[1], contained[2])
    if similarity >= config.near_threshold and len(short_key) >= config.near_min_chars:
        return Match(a, b, similarity, 0.0, -1, 0, len(long_key))
    return None
