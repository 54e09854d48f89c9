"""Word diffs of removed copies for the terminal: ANSI colour on a TTY, wdiff marks in a pipe."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..result import DedupeResult, Removal
from ..worddiff import compact, printable, render_ansi, render_plain, word_diff

DIFF_RULES = ("near", "contained")
"""Rules whose copies differ from the kept paragraph, so a report shows a word diff."""
CONTEXT = 6
"""Unchanged words shown on each side of a change in a terminal word diff."""

_HUNK = re.compile(r"^@@ -(\d+)")


def copy_diff(result: DedupeResult, removal: Removal, *, color: bool = False,
              context: int | None = None) -> str | None:
    """Return the word diff of ``removal`` against the paragraph it repeats, or None if there is none to show.

    Only near and contained copies kept in the same document get one. ``context`` elides
    unchanged words further than that from a change.

    >>> from dedupe_text import dedupe
    >>> line = "The council approved the tram line on Tuesday night after nine hours of debate, " * 2
    >>> r = dedupe(line + "\\n" + line.replace("the tram", "a tram", 1) + "\\n")
    >>> copy_diff(r, r.removals[0], context=3)
    'The council approved [-the-] {+a+} tram line on …'
    """
    if removal.rule not in DIFF_RULES or removal.source is not None:
        return None
    chunks = word_diff(result.paragraphs[removal.duplicate_of].text, removal.text)
    if context is not None:
        chunks = compact(chunks, context)
    return render_ansi(chunks) if color else render_plain(chunks)


def _last_line(removal: Removal) -> int:
    """The input line on which a removed paragraph ends."""
    text = removal.text
    return removal.line + text.count("\n") + text.count("\r") - text.count("\r\n")


def annotate_diff(lines: Iterable[str], result: DedupeResult, *, color: bool) -> Iterator[str]:
    """Yield unified diff ``lines``, each near or contained copy followed by a ``~`` line with its word diff.

    The ``~`` lines make the output no longer a patch: for people at a terminal only (so lone
    surrogates in the lines are shown as U+FFFD, as in the word diffs).

    >>> from dedupe_text import dedupe
    >>> from dedupe_text.render import unified_diff
    >>> line = "The council approved the tram line on Tuesday night after nine hours of debate, " * 2
    >>> text = line + "\\n" + line.replace("the tram", "a tram", 1) + "\\n"
    >>> r = dedupe(text)
    >>> print("".join(annotate_diff(unified_diff(text, r.text, "a.txt"), r, color=False)).splitlines()[-1])
    ~ vs line 1: The council approved [-the-] {+a+} tram line on Tuesday night after …
    """
    ends = {_last_line(r): r for r in result.removals if r.rule in DIFF_RULES and r.source is None}
    old = None
    for line in lines:
        yield printable(line)
        hunk = _HUNK.match(line)
        if hunk:
            old = int(hunk.group(1))
            continue
        if old is None or line[:1] not in (" ", "-"):
            continue
        removal = ends.get(old) if line[:1] == "-" else None
        old += 1
        if removal is not None:
            yield f"~ vs line {removal.duplicate_line}: {copy_diff(result, removal, color=color, context=CONTEXT)}\n"
