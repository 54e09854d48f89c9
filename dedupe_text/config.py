"""The one immutable configuration object, validated in one place."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import ConfigError

KeepPolicy = Literal["complete", "first", "last", "longest"]
KEEP_POLICIES: tuple[str, ...] = ("complete", "first", "last", "longest")
MAX_SEED = 2**32 - 1
"""Largest MinHash seed: the permutations are drawn from a 32-bit seeded generator."""


def _help(text: str) -> dict[str, str]:
    """Return the field metadata holding ``text``, the one-line help of the field's command-line option."""
    return {"help": text}


def field_help(name: str) -> str:
    """Return the one-line help of a DedupeConfig field (what its command-line option says).

    >>> field_help("min_chars")
    'Shortest paragraph removed on its own as an exact copy.'
    """
    return str(next(f for f in dataclasses.fields(DedupeConfig) if f.name == name).metadata["help"])


@dataclass(frozen=True)
class DedupeConfig:
    """Every detection option, with defaults measured on the dev set.

    Each field's metadata holds ``help``, the one line its command-line option shows
    (``field_help``); the entries below say more.

    Lengths are counted in characters of the *normalized* paragraph (case-folded,
    markup and extra whitespace removed); scores are rapidfuzz scores from 0 to 100.

    keep:
        Which member of a duplicate group survives. ``"complete"`` (default) keeps the
        most complete copy (the full paragraph over its teaser, the update over the
        older version; ties go to the first). ``"first"``, ``"last"`` and ``"longest"``
        pick by position or length. Whatever the policy, a paragraph is removed only
        when the survivor holds all of its text (exactly, nearly, or by containment),
        so no policy loses a sentence that has no other copy.
    min_chars:
        Shortest paragraph removed on its own as an exact copy (default 20). Shorter
        repeats (section breaks, "Q:", bylines) stay unless they sit inside a repeated
        run of longer paragraphs. Raise it if short headings repeat on purpose.
    near_min_chars:
        Shortest paragraph judged as a near or contained copy (default 40). Short
        lines differ by a name or a number too easily to be judged fuzzily.
    near_threshold:
        ``rapidfuzz.fuzz.ratio`` at or above which two paragraphs are near copies
        (default 85). Lower it to catch heavier re-keying at the cost of precision.
    containment_threshold:
        ``rapidfuzz.fuzz.partial_ratio`` at or above which the shorter paragraph counts
        as contained in the longer (a teaser, an older version; default 95).
    runs:
        Remove short paragraphs that repeat inside a run of removed copies (a byline
        within a body pasted twice). Default True.
    num_perm:
        MinHash permutations for the LSH candidate index (default 64).
    lsh_bands:
        LSH bands; ``num_perm`` must divide by it (default 32, two rows each). Measured
        on dev paragraphs: 99.7% of near copies just above ``near_threshold`` (ratio
        85-92) become candidates, and no pair of unrelated paragraphs out of 3,000 did.
    shingle_words:
        Words per shingle in MinHash signatures (default 3).
    seed:
        Seed of the MinHash permutations (default 1, at most ``MAX_SEED`` = 2**32 - 1).
        Fixed so that signatures agree in every process.
    all_pairs_max:
        Documents with at most this many distinct comparable paragraphs compare every
        pair with rapidfuzz instead of building MinHash signatures (default 300): the
        same results on real text, in a fraction of the time for a short article.
    max_chars:
        Longest input accepted, in characters (default 7,000,000); longer input raises
        ``InputError``. Cleaning needs 25-40 bytes of memory a character for prose and at
        most 300 for the worst shape measured (docs/limits.md), so the default fits in
        2 GiB whatever the input: raise it when the machine has more memory.
    allow:
        Regular expressions (default none) for paragraphs that may repeat on purpose:
        datelines, "Reporting by ...", standing credits. A paragraph whose raw text
        matches one (``re.search``) is never removed, though it may still be the kept
        copy of another. Compiled once, when the config is made.
    """

    keep: KeepPolicy = field(default="complete", metadata=_help("Which member of a duplicate group survives."))
    min_chars: int = field(default=20, metadata=_help("Shortest paragraph removed on its own as an exact copy."))
    near_min_chars: int = field(default=40, metadata=_help("Shortest paragraph judged as a near or contained copy."))
    near_threshold: float = field(default=85.0, metadata=_help(
        "rapidfuzz.fuzz.ratio at or above which two paragraphs are near copies."))
    containment_threshold: float = field(default=95.0, metadata=_help(
        "rapidfuzz.fuzz.partial_ratio at or above which the shorter paragraph counts as contained in the longer "
        "(a teaser, an older version)."))
    runs: bool = field(default=True, metadata=_help(
        "Remove short paragraphs that repeat inside a run of removed copies (a byline within a body pasted twice)."))
    num_perm: int = field(default=64, metadata=_help("MinHash permutations for the LSH candidate index."))
    lsh_bands: int = field(default=32, metadata=_help("LSH bands; --num-perm must divide by it."))
    shingle_words: int = field(default=3, metadata=_help("Words per shingle in MinHash signatures."))
    seed: int = field(default=1, metadata=_help(f"Seed of the MinHash permutations (0 to {MAX_SEED:,})."))
    all_pairs_max: int = field(default=300, metadata=_help(
        "Documents with at most this many distinct comparable paragraphs compare every pair with rapidfuzz "
        "instead of building MinHash signatures: the same results on real text, faster for a short article."))
    max_chars: int = field(default=7_000_000, metadata=_help("Longest input accepted, in characters."))
    allow: tuple[str, ...] = field(default=(), metadata=_help(
        'Regular expression for paragraphs that may repeat on purpose: datelines, "Reporting by ...", '
        "standing credits."))

    def __post_init__(self) -> None:
        validate(self)
        # Not a field: asdict() and equality see only the pattern strings.
        object.__setattr__(self, "_allow", compile_allow(self.allow))

    def replace(self, **changes: Any) -> DedupeConfig:
        """Return a copy with some fields changed (validated like the original).

        >>> DedupeConfig().replace(keep="first").keep
        'first'
        """
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise ConfigError(f"unknown option: {unknown[0]}")
        return dataclasses.replace(self, **changes)

    @property
    def allow_patterns(self) -> tuple[re.Pattern[str], ...]:
        """The ``allow`` expressions, compiled."""
        return self._allow  # type: ignore[attr-defined]

    def allows(self, text: str) -> bool:
        """Tell whether ``text`` matches an ``allow`` expression (may repeat on purpose).

        >>> DedupeConfig(allow=(r"^Reporting by",)).allows("Reporting by Ann Lee; editing by Bo Wu")
        True
        """
        return any(p.search(text) for p in self.allow_patterns)

    @property
    def lsh_rows(self) -> int:
        """Rows per LSH band."""
        return self.num_perm // self.lsh_bands


def _check_int(name: str, value: Any, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ConfigError(f"{name} must be {bound}, got {value}")


def _check_score(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if not 0 < value <= 100:
        raise ConfigError(f"{name} must be above 0 and at most 100, got {value}")


def validate(config: DedupeConfig) -> None:
    """Raise ConfigError with an exact message for the first invalid field."""
    if config.keep not in KEEP_POLICIES:
        raise ConfigError(f"keep must be one of {', '.join(KEEP_POLICIES)}, got {config.keep!r}")
    _check_int("min_chars", config.min_chars, 1)
    _check_int("near_min_chars", config.near_min_chars, 1)
    _check_score("near_threshold", config.near_threshold)
    _check_score("containment_threshold", config.containment_threshold)
    if not isinstance(config.runs, bool):
        raise ConfigError(f"runs must be True or False, got {config.runs!r}")
    _check_int("num_perm", config.num_perm, 2, 1024)
    _check_int("lsh_bands", config.lsh_bands, 1, config.num_perm)
    if config.num_perm % config.lsh_bands:
        raise ConfigError(
            f"num_perm must be a multiple of lsh_bands, got {config.num_perm} and {config.lsh_bands}"
        )
    _check_int("shingle_words", config.shingle_words, 1, 10)
    _check_int("seed", config.seed, 0, MAX_SEED)
    _check_int("all_pairs_max", config.all_pairs_max, 0)
    _check_int("max_chars", config.max_chars, 1)


def compile_allow(patterns: Any) -> tuple[re.Pattern[str], ...]:
    """Compile the ``allow`` expressions, raising ConfigError with an exact message for a bad one."""
    if not isinstance(patterns, tuple) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"allow must be a tuple of strings, got {patterns!r}")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as err:
            raise ConfigError(f"allow pattern {pattern!r} is not a valid regular expression: {err}") from None
    return tuple(compiled)
