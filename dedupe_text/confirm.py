"""Confirm candidate pairs with rapidfuzz: exact, near (re-keyed) or contained (teaser, update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .config import DedupeConfig
from .facts import Token, difference
from .result import Lookalike, Rule
from .scripts import comparable_length

COMPLETENESS_MARGIN = 3
"""Characters a container must have beyond its copy to count as more complete."""
LONG_TEASER = 2_000
"""Characters above which a contained copy is scored by the share of it its container's opening holds in order."""
PREFIX_SLACK = 3
"""Characters a contained copy may start after the start of its container."""


class Match(NamedTuple):
    """A confirmed pair ``a < b`` with its scores (0-100).

    ``similarity`` is ``fuzz.ratio`` of the normalized texts; ``containment`` is
    ``fuzz.partial_ratio`` of the shorter inside the longer (0 when not computed);
    ``inner`` is the member contained in the other (None when neither is).
    """

    a: int
    b: int
    similarity: float
    containment: float
    inner: int | None

    def other(self, index: int) -> int:
        """Return the member of the pair that is not ``index``."""
        return self.b if index == self.a else self.a

    def removable(self, index: int, config: DedupeConfig) -> bool:
        """Tell whether ``index`` may go while the other member stays (loses no text)."""
        return self.inner == index or self.similarity >= config.near_threshold

    def rule_for(self, index: int) -> Rule:
        """Name the rule that removes ``index`` in favour of the other member."""
        if self.similarity == 100 and self.inner is None:
            return "exact"
        if self.inner == index:
            return "contained"
        return "near"


def _containment(short: str, long: str, config: DedupeConfig) -> float | None:
    """Score ``short`` as the beginning of ``long``, if it is a contained copy.

    A teaser, a cut-off paste and the older version of an update begin where the full
    paragraph begins. A copy found elsewhere inside a paragraph does not count: a
    paragraph quoted within another, or one whose sentence an update borrowed, stays.
    Copies shorter than ``near_min_chars`` are never judged by containment: a heading
    often begins the paragraph below it. Both lengths are ``comparable_length``, fair to
    scripts where a character carries a word.
    """
    short_length = comparable_length(short)
    if short_length < config.near_min_chars or comparable_length(long) - short_length < COMPLETENESS_MARGIN:
        return None
    slack = int(max(PREFIX_SLACK, 0.02 * len(long)))
    if not fuzz.ratio(short, long[:len(short) + slack], score_cutoff=_prefix_floor(len(short), slack, config)):
        return None
    if len(short) > LONG_TEASER:  # a window search costs (slack) ratios of the whole teaser: share kept in order
        kept = 100 * LCSseq.similarity(short, long[:len(short) + slack]) / len(short)
        return kept if kept >= config.containment_threshold else None
    # Only a window starting within ``slack`` counts: searching past it costs the product of the lengths.
    window = long[:len(short) + 2 * slack]
    found = fuzz.partial_ratio_alignment(short, window, score_cutoff=config.containment_threshold)
    if found is None or found.dest_start > slack:
        return None
    return float(found.score)


def _prefix_floor(size: int, slack: int, config: DedupeConfig) -> float:
    """Return the least ``fuzz.ratio`` of a contained copy against its container's opening.

    A window of at most ``size`` characters starting within ``slack`` that scores ``t``
    shares at least ``t * size / (2 - t)`` characters in order with the copy, and so does
    the container's first ``size + slack`` characters: a cheap test that rules out most
    candidates before the costlier ``partial_ratio`` search, and never a true copy.

    >>> round(_prefix_floor(100, 3, DedupeConfig()), 1)
    89.1
    """
    t = config.containment_threshold / 100
    return 100 * 2 * t * size / ((2 - t) * (2 * size + slack)) - 1e-6


def judge(a: int, b: int, key_a: str, key_b: str, config: DedupeConfig, similarity: float | None = None, *,
          text_a: str | None = None, text_b: str | None = None,
          tokenize: Callable[[str], list[Token]] | None = None) -> Match | Lookalike | None:
    """Return the match between two normalized paragraphs ``a < b``, the look-alike ``b`` is of ``a``, or None.

    A pair that scores as a near or contained copy is a copy only if it states the same
    facts (``facts.difference``): the same numbers, the same names (told by the raw
    ``text_a``/``text_b`` where given) and, in a short line, the same words. A teaser
    with words of its own may still be a near copy. ``tokenize`` splits texts into words
    (a ``facts.Tokenizer`` remembers them across pairs).

    >>> from dedupe_text.config import DedupeConfig
    >>> a = "The ferry to Lindholm leaves from pier two at noon."
    >>> b = "The ferry to Grevsund leaves from pier two at noon."
    >>> judge(0, 1, a.lower(), b.lower(), DedupeConfig(), text_a=a, text_b=b)
    Lookalike(index=1, other=0, reason='names differ (Lindholm / Grevsund)')
    """
    if key_a == key_b:
        return Match(a, b, 100.0, 100.0, None)
    if similarity is None:
        similarity = fuzz.ratio(key_a, key_b)
    shorter = a if len(key_a) <= len(key_b) else b
    short_key, long_key = (key_a, key_b) if shorter == a else (key_b, key_a)
    short_text, long_text = (text_a, text_b) if shorter == a else (text_b, text_a)
    containment = _containment(short_key, long_key, config)
    found: Lookalike | None = None
    if containment is not None:
        why = difference(short_key, long_key, short_text, long_text, opening=True, tokenize=tokenize)
        if why is None:
            return Match(a, b, similarity, containment, shorter)
        found = Lookalike(b, a, why)
    if similarity >= config.near_threshold and comparable_length(short_key) >= config.near_min_chars:
        why = difference(key_a, key_b, text_a, text_b, tokenize=tokenize)
        return Lookalike(b, a, why) if why else Match(a, b, similarity, 0.0, None)
    return found


def confirm(a: int, b: int, key_a: str, key_b: str, config: DedupeConfig,
            similarity: float | None = None) -> Match | None:
    """Return the match between two normalized paragraphs, or None if they are not copies.

    >>> from dedupe_text.config import DedupeConfig
    >>> m = confirm(0, 1, "the cat sat on the mat today", "the cat sat on the mat", DedupeConfig(near_min_chars=5))
    >>> m.inner, m.similarity >= 85
    (1, True)
    """
    found = judge(a, b, key_a, key_b, config, similarity)
    return found if isinstance(found, Match) else None
