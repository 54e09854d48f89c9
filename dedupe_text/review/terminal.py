"""Word diffs of removed copies for the terminal: ANSI colour on a TTY, wdiff marks in a pipe."""

from __future__ import annotations

from ..result import DedupeResult, Removal
from ..worddiff import render_ansi, render_plain, word_diff

DIFF_RULES = ("near", "contained")
"""Rules whose copies differ from the kept paragraph, so a report shows a word diff."""


def copy_diff(result: DedupeResult, removal: Removal, *, color: bool = False) -> str | None:
    """Return the word diff of ``removal`` against the paragraph it repeats, or None if there is none to show.

    Only near and contained copies kept in the same document get one.

    >>> from dedupe_text import dedupe
    >>> line = "The council approved the tram line on Tuesday night after nine hours of debate, " * 2
    >>> r = dedupe(line + "\\n" + line.replace("the tram", "a tram", 1) + "\\n")
    >>> copy_diff(r, r.removals[0])[:61]
    'The council approved [-the-] {+a+} tram line on Tuesday night'
    """
    if removal.rule not in DIFF_RULES or removal.source is not None:
        return None
    chunks = word_diff(result.paragraphs[removal.duplicate_of].text, removal.text)
    return render_ansi(chunks) if color else render_plain(chunks)
