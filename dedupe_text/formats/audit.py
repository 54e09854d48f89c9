"""Check a cleaned HTML page against its source: what stayed, what went, whether any text was lost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..result import DedupeResult
from .html import Page

LONG_CHARS = 100
"""A block this long (in characters of text) counts as a long paragraph in audits."""


@dataclass(frozen=True)
class Audit:
    """Long paragraphs before and after, unique texts lost, and whether the output parses.

    ``new_blocks`` counts output blocks that were containers in the source: an ``li``
    that held loose text and a removed ``p`` is a block of its own once the ``p`` is gone.
    """

    long_before: int
    long_after: int
    unique_long_before: int
    unique_long_after: int
    lost: tuple[str, ...]
    parses: bool
    new_blocks: int


def audit_html(result: DedupeResult) -> Audit:
    """Re-parse ``result.text`` and compare its blocks with the kept blocks of the source.

    ``lost`` lists kept texts missing from the output and removed texts whose kept copy
    is missing: both must be empty.

    >>> from dedupe_text.formats.html import dedupe_html
    >>> from dedupe_text.config import DedupeConfig
    >>> a = audit_html(dedupe_html("<p>" + "word " * 30 + "</p>" * 2, DedupeConfig()))
    >>> a.lost, a.parses
    ((), True)
    """
    page = Page(result.text)
    after = Counter(b.text for b in page.blocks())
    kept = Counter(result.paragraphs[i].text for i in result.kept)
    survivors = {result.paragraphs[r.duplicate_of].text for r in result.removals}
    lost = sorted(set((kept - after).elements()) | {t for t in survivors if t not in after})
    before_long = [p.text for p in result.paragraphs if len(p.text) >= LONG_CHARS]
    after_long = [t for t in after.elements() if len(t) >= LONG_CHARS]
    return Audit(len(before_long), len(after_long), len(set(before_long)), len(set(after_long)), tuple(lost),
                 page.tree.body is not None and page.tree.head is not None, sum((after - kept).values()))
