"""Render a DedupeResult for people and programs: check lines, reports, JSON, diffs.

Pure functions from results to strings; the CLI prints what they return.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .result import DedupeResult, Removal

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+\Z")

REPORT_VERSION = 1
"""Version of the ``report --to json`` and ``check --to json`` documents; raised when a field changes meaning."""
SHORTEN = 72
"""Characters of paragraph text shown in a text report."""


def score(removal: Removal) -> float:
    """Return the score that justified a removal: containment for contained copies, else similarity."""
    return removal.containment if removal.rule == "contained" else removal.similarity


def where(removal: Removal) -> str:
    """Describe the kept copy of a removal: a line here, or a paragraph of another document."""
    if removal.source is not None:
        return f"paragraph {removal.duplicate_of + 1} of {removal.source}"
    return f"line {removal.duplicate_line}"


def check_lines(result: DedupeResult, name: str) -> Iterator[str]:
    """Yield one ``path:line: duplicate of line N (rule, score)`` line per removed paragraph.

    >>> from dedupe_text import dedupe
    >>> list(check_lines(dedupe("A line that repeats itself.\\nOther.\\nA line that repeats itself."), "a.txt"))
    ['a.txt:3: duplicate of line 1 (exact, 100.0)']
    """
    for r in result.removals:
        yield f"{name}:{r.line}: duplicate of {where(r)} ({r.rule}, {score(r):.1f})"


def shorten(text: str, width: int = SHORTEN) -> str:
    """Collapse whitespace and cut ``text`` to ``width`` characters, marking the cut with an ellipsis.

    >>> shorten("one  two\\nthree", 9)
    'one two…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def report_text(result: DedupeResult, name: str, diff: Callable[[Removal], str | None] | None = None) -> str:
    """Return a report for people: a summary, then each kept paragraph with the copies removed.

    >>> from dedupe_text import dedupe
    >>> print(report_text(dedupe("A line that repeats itself.\\nOther.\\nA line that repeats itself."), "a.txt"))
    a.txt: 3 paragraphs, 1 removed in 1 group, 27 characters saved
    <BLANKLINE>
    kept line 1: A line that repeats itself.
      removed line 3 (exact, similarity 100.0, containment 100.0): A line that repeats itself.

    ``diff`` returns the word diff to show under a removed copy (None: no line).
    """
    paragraphs = result.paragraphs
    groups = result.groups
    lines = [
        f"{name}: {plural(len(paragraphs), 'paragraph')}, {len(result.removals)} removed in "
        f"{plural(len(groups), 'group')}, {plural(result.chars_saved, 'character')} saved"
    ]
    by_index = {r.index: r for r in result.removals}
    for group in groups:
        kept = paragraphs[group.kept]
        lines += ["", f"kept line {kept.line}: {shorten(kept.text)}"]
        for i in group.removed:
            lines.append(_removed_line(by_index[i]))
            words = diff(by_index[i]) if diff else None
            if words is not None:
                lines.append(f"    words: {words}")
    if result.lookalikes:
        lines += ["", "kept, not copies:"]
        lines += [f"  line {paragraphs[x.index].line} beside line {paragraphs[x.other].line}: {x.reason}"
                  for x in result.lookalikes]
    foreign = [r for r in result.removals if r.source is not None]
    if foreign:
        lines += ["", "copies of other documents:"]
        lines += [_removed_line(r) + f" [{where(r)}]" for r in foreign]
    return "\n".join(lines)


def _removed_line(r: Removal) -> str:
    return (
        f"  removed line {r.line} ({r.rule}, similarity {r.similarity:.1f}, "
        f"containment {r.containment:.1f}): {shorten(r.text)}"
    )


def plural(n: int, noun: str) -> str:
    """Count ``n`` of ``noun`` in words.

    >>> plural(1, "file"), plural(1200, "paragraph")
    ('1 file', '1,200 paragraphs')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def report_dict(result: DedupeResult, name: str) -> dict[str, Any]:
    """Return the ``report --to json`` document: ``DedupeResult.to_dict()`` plus where things are.

    Added to the library's fields: ``version`` (of this schema), ``file`` (the input's
    name, ``-`` for standard input) and ``lines`` (the 1-based line of every paragraph,
    by paragraph index).

    >>> from dedupe_text import dedupe
    >>> doc = report_dict(dedupe("Same words in a line.\\nSame words in a line."), "a.txt")
    >>> doc["version"], doc["file"], doc["lines"], doc["kept"]
    (1, 'a.txt', [1, 2], [0])
    """
    return {
        "version": REPORT_VERSION,
        "file": name,
        **result.to_dict(),
        "lines": [p.line for p in result.paragraphs],
    }


def check_dict(results: Sequence[tuple[str, DedupeResult]]) -> dict[str, Any]:
    """Return the ``check --to json`` document: for each input, its name and the removals check lists.

    >>> from dedupe_text import dedupe
    >>> doc = check_dict([("a.txt", dedupe("Same words in a line.\\nSame words in a line."))])
    >>> doc["redundant"], doc["files"][0]["file"], doc["files"][0]["removals"][0]["line"]
    (1, 'a.txt', 2)
    """
    return {
        "version": REPORT_VERSION,
        "redundant": sum(len(result.removals) for _, result in results),
        "files": [
            {"file": name, "paragraphs": len(result.paragraphs), "removals": result.to_dict()["removals"]}
            for name, result in results
        ],
    }


def unified_diff(before: str, after: str, name: str) -> Iterator[str]:
    """Yield the lines of a unified diff from ``before`` to ``after`` (each ending in a newline).

    >>> print("".join(unified_diff("a\\nb\\na\\n", "a\\nb\\n", "x.txt")), end="")
    --- x.txt
    +++ x.txt
    @@ -1,3 +1,2 @@
     a
     b
    -a
    """
    import difflib

    label = name if name != "-" else "stdin"
    for line in difflib.unified_diff(_LINES.findall(before), _LINES.findall(after), label, label):
        if line.endswith(("\n", "\r")):
            yield line
        else:
            yield line + "\n"
            yield "\\ No newline at end of file\n"
