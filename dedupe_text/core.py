"""The pipeline: segment, normalize, fingerprint, candidates, confirm, choose, emit."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, NamedTuple

from .candidates import candidate_pairs, exact_groups
from .choose import Decision, Roles, carry_runs, choose
from .config import DedupeConfig
from .confirm import Match, judge
from .emit import emit_text
from .errors import InputError
from .facts import Tokenizer
from .fingerprint import Fingerprint, fingerprints
from .normalize import normalize
from .result import DedupeResult, Lookalike, Removal
from .scripts import comparable_length
from .segment import Paragraph, reads_alike, segment
from .structure import Structure, infer


def fingerprint_all(texts: Sequence[str]) -> list[Fingerprint]:
    """Normalize and fingerprint every paragraph, keeping its raw text beside."""
    return fingerprints(texts, normalize)


def confirm_all(prints: Sequence[Fingerprint], pairs: dict[tuple[int, int], float | None],
                config: DedupeConfig) -> tuple[list[Match], list[Lookalike]]:
    """Confirm candidate pairs with rapidfuzz, in a fixed order; also return the look-alikes that state other facts.

    The prints' raw texts tell names by their capitals; prints without them are judged on their keys.
    """
    matches: list[Match] = []
    lookalikes: list[Lookalike] = []
    tokenize = Tokenizer()
    for (a, b), sim in sorted(pairs.items()):
        found = judge(a, b, prints[a].key, prints[b].key, config, sim, text_a=prints[a].text, text_b=prints[b].text,
                      tokenize=tokenize)
        if isinstance(found, Match):
            matches.append(found)
        elif found is not None:
            lookalikes.append(found)
    return matches, lookalikes


class Verdict(NamedTuple):
    """What the decider found: the paragraphs to remove, and the look-alikes kept beside each other."""

    decisions: list[Decision]
    lookalikes: list[Lookalike]


def find_duplicates(texts: Sequence[str], config: DedupeConfig,
                    protected: Collection[int] = (), structure: Structure | None = None) -> list[Decision]:
    """Decide which of ``texts`` (paragraphs in document order) are redundant copies.

    ``protected`` paragraphs, and those matching ``config.allow``, are never removed
    (they may still be kept copies). ``structure`` tells the roles a format knows of its
    blocks (headings, lists, tables); ``None`` infers them from plain text.

    >>> [(d.index, d.duplicate_of, d.rule) for d in find_duplicates(
    ...     ["A title that is long enough", "Body text.", "**A title that is long enough**"], DedupeConfig())]
    [(2, 0, 'exact')]
    """
    return assess(texts, config, protected, structure).decisions


def assess(texts: Sequence[str], config: DedupeConfig, protected: Collection[int] = (),
           structure: Structure | None = None) -> Verdict:
    """Decide as ``find_duplicates`` does, and also tell which kept look-alikes are not copies, and why.

    >>> assess(["Follow the harbour office on Instagram for daily photos.",
    ...         "Follow the harbour office on Mastodon for daily photos."], DedupeConfig()).lookalikes
    [Lookalike(index=1, other=0, reason='names differ (Instagram / Mastodon)')]
    """
    allowed = {i for i, t in enumerate(texts) if config.allows(t)} if config.allow else set()
    return judge_prints(fingerprint_all(texts), config, set(protected) | allowed, structure)


def decide(prints: Sequence[Fingerprint], config: DedupeConfig, protected: Collection[int] = (),
           structure: Structure | None = None) -> list[Decision]:
    """Decide which fingerprinted paragraphs are redundant copies (``find_duplicates`` after fingerprinting)."""
    return judge_prints(prints, config, protected, structure).decisions


def judge_prints(prints: Sequence[Fingerprint], config: DedupeConfig, protected: Collection[int] = (),
                 structure: Structure | None = None) -> Verdict:
    """Decide which fingerprinted paragraphs go and which look-alikes stay (``assess`` after fingerprinting)."""
    keep = set(protected)
    judged = [i for i, p in enumerate(prints) if comparable_length(p.key) >= config.min_chars]
    matches, unlike = confirm_all(prints, candidate_pairs(prints, judged, config), config)
    if structure is None:
        structure = infer([p.key if p.text is None else p.text for p in prints])
    roles = Roles(structure)
    roles.find_whole_lists(prints, matches)
    decisions = choose(prints, matches, exact_groups(prints, judged), config, keep, roles)
    if config.runs:
        decisions = carry_runs(prints, decisions, keep, roles, config)
    gone = {d.index for d in decisions}
    kept = unlike + [Lookalike(b, a, why) for (a, b), why in sorted(roles.kept.items())]
    firsts: dict[int, Lookalike] = {}
    for x in sorted(kept, key=lambda x: (x.index, x.other)):
        if x.index not in gone and x.other not in gone:
            firsts.setdefault(x.index, x)
    return Verdict(decisions, list(firsts.values()))


def explain(paragraphs: Sequence[Paragraph], decisions: Sequence[Decision]) -> tuple[Removal, ...]:
    """Turn decisions into removals that carry spans, lines and text."""
    return tuple(
        Removal(
            index=d.index, start=paragraphs[d.index].start, end=paragraphs[d.index].end,
            line=paragraphs[d.index].line, text=paragraphs[d.index].text, duplicate_of=d.duplicate_of,
            duplicate_line=paragraphs[d.duplicate_of].line, rule=d.rule, similarity=round(d.similarity, 2),
            containment=round(d.containment, 2), locator=paragraphs[d.index].locator,
        )
        for d in decisions
    )


def check_text(text: object, config: DedupeConfig) -> str:
    """Return ``text`` if it is a str within ``max_chars``; else raise TypeError or InputError."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if len(text) > config.max_chars:
        raise InputError(f"text is {len(text):,} characters long; the limit is {config.max_chars:,} (max_chars)")
    return text


class Deduplicator:
    """A reusable deduplicator for pipelines: validate options once, clean many documents.

    >>> Deduplicator(DedupeConfig(keep="first")).clean("Same line here, twice.\\nSame line here, twice.\\n")
    'Same line here, twice.\\n'
    """

    def __init__(self, config: DedupeConfig | None = None):
        if config is not None and not isinstance(config, DedupeConfig):
            raise TypeError(f"config must be DedupeConfig, not {type(config).__name__}")
        self.config = config or DedupeConfig()

    def dedupe(self, text: str, *, protected: Collection[int] = (), format: str = "text") -> DedupeResult:
        """Deduplicate ``text`` (plain text, or ``format`` "markdown", "html", "auto") and explain every removal."""
        if format != "text":
            from .formats import dedupe_format

            return dedupe_format(check_text(text, self.config), format, self.config, protected=protected)
        paragraphs = segment(check_text(text, self.config))
        decisions, lookalikes = assess([p.text for p in paragraphs], self.config, protected)
        cleaned = emit_text(text, paragraphs, {d.index for d in decisions})
        if decisions and not reads_alike(paragraphs, cleaned):  # a second pass would read it otherwise
            decisions, cleaned = [], text
        return DedupeResult(cleaned, tuple(paragraphs), explain(paragraphs, decisions), self.config, tuple(lookalikes))

    def clean(self, text: str, *, format: str = "text") -> str:
        """Return ``text`` (in ``format``) without its redundant paragraphs."""
        return self.dedupe(text, format=format).text


def make_config(config: DedupeConfig | None, options: dict[str, Any]) -> DedupeConfig:
    """Merge keyword overrides into a config, rejecting unknown names."""
    base = config if config is not None else DedupeConfig()
    if not isinstance(base, DedupeConfig):
        raise TypeError(f"config must be DedupeConfig, not {type(base).__name__}")
    return base.replace(**options) if options else base


def dedupe(text: str, config: DedupeConfig | None = None, *, format: str = "text", **options: Any) -> DedupeResult:
    """Deduplicate ``text`` and explain each removal; ``format`` is text, markdown, html or auto.

    >>> r = dedupe("Breaking news from the city.\\nMore text.\\nBreaking news from the city.\\n")
    >>> r.text
    'Breaking news from the city.\\nMore text.\\n'
    >>> [(x.line, x.duplicate_line, x.rule) for x in r.removals]
    [(3, 1, 'exact')]
    """
    return Deduplicator(make_config(config, options)).dedupe(text, format=format)


def clean(text: str, *, format: str = "text", **options: Any) -> str:
    """Return ``text`` with every redundant paragraph removed; options are DedupeConfig fields.

    >>> clean("# A big title, long enough\\n**A big title, long enough**\\nBody.\\n")
    '# A big title, long enough\\nBody.\\n'
    """
    return dedupe(text, format=format, **options).text


