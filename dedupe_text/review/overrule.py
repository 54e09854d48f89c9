"""Editors' overrules: keep paragraphs by number, allow patterns that may repeat on purpose.

Paragraph *numbers* are 1-based, as the review page and the CLI show them (``¶1`` is the
first paragraph); the library's ``protected`` indexes are 0-based. Only this module converts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..config import DedupeConfig, compile_allow
from ..core import make_config
from ..errors import ConfigError
from ..formats import dedupe_format, split_document
from ..result import DedupeResult, Removal


def parse_keep(spec: str) -> tuple[int, ...]:
    """Parse paragraph numbers written ``N[,M...]`` (1-based, as the report shows them).

    >>> parse_keep("4, 2,4")
    (2, 4)
    """
    numbers = set()
    for part in spec.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) < 1:
            raise ConfigError(f"keep takes paragraph numbers from 1 up, separated by commas, got {spec!r}")
        numbers.add(int(part))
    return tuple(sorted(numbers))


def parse_allow_list(text: str) -> tuple[str, ...]:
    """Read an allow-list file: one regular expression a line; blank lines and ``#`` comments are skipped.

    Each expression is checked; a bad one raises ConfigError naming it.

    >>> parse_allow_list("# standing lines\\n^Reporting by\\n\\n^\\\\(Editing by")
    ('^Reporting by', '^\\\\(Editing by')
    """
    patterns = tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    compile_allow(patterns)
    return patterns


def keep_indexes(numbers: Iterable[int], count: int) -> frozenset[int]:
    """Turn 1-based paragraph numbers into 0-based indexes, rejecting numbers past ``count``.

    >>> sorted(keep_indexes([1, 3], 3))
    [0, 2]
    """
    indexes = set()
    for n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= count:
            raise ConfigError(f"keep: there is no paragraph {n!r} (the text has {count} paragraphs, numbered from 1)")
        indexes.add(n - 1)
    return frozenset(indexes)


def review(text: str, config: DedupeConfig | None = None, *, keep_numbers: Collection[int] = (),
           format: str = "text", filename: str | None = None, **options: Any) -> DedupeResult:
    """Deduplicate ``text`` keeping the paragraphs numbered in ``keep_numbers`` (1-based) whatever the tool finds.

    Options are DedupeConfig fields (``allow=(...)`` and the ``keep`` policy among them);
    ``format`` is the input format, as for ``dedupe`` ("auto": by ``filename``, then content),
    and numbers count the paragraphs that format sees.

    >>> text = "A line long enough to count.\\nA line long enough to count.\\n"
    >>> [r.index for r in review(text).removals], [r.index for r in review(text, keep_numbers=[2]).removals]
    ([1], [])
    >>> page = "<p>A line long enough to count.</p>\\n<p>A line long enough to count.</p>\\n"
    >>> review(page, keep_numbers=[2], format="html").text == page
    True
    """
    config = make_config(config, options)
    protected: frozenset[int] = frozenset()
    if keep_numbers:
        count = len(split_document(text, format, filename=filename, config=config).paragraphs)
        protected = keep_indexes(keep_numbers, count)
    return dedupe_format(text, format, config, protected=protected, filename=filename)


def overruled(text: str, config: DedupeConfig | None = None, *, keep_numbers: Collection[int],
              format: str = "text", filename: str | None = None, **options: Any) -> tuple[Removal, ...]:
    """Return what the tool would remove of the paragraphs numbered ``keep_numbers``: the editor's overrules.

    Each removal says what that paragraph repeats, by which rule and with what scores, as the
    tool saw it before the editor kept it (``render_html(overruled=...)`` shows them).

    >>> text = "A line long enough to count.\\nA line long enough to count.\\n"
    >>> [(r.index, r.duplicate_of, r.rule) for r in overruled(text, keep_numbers=[2])]
    [(1, 0, 'exact')]
    """
    found = dedupe_format(text, format, make_config(config, options), filename=filename)
    wanted = keep_indexes(keep_numbers, len(found.paragraphs))
    return tuple(r for r in found.removals if r.index in wanted)
