"""The library calls behind each command: process a decoded document one way, describe the result.

The command line decodes each input with ``formats.decode_document``, calls one function
of this module per document and prints what it returns; nothing here prints or knows
about click.

>>> from dedupe_text.formats import decode_document
>>> doc = decode_document(b"A line that is long enough.\\nA line that is long enough.\\n", filename="a.txt")
>>> doc.encode(DedupeJob(DedupeConfig()).dedupe(doc.text, format=doc.format, doc_id="a.txt").text)
b'A line that is long enough.\\n'
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config import DedupeConfig
from .core import Deduplicator
from .errors import ConfigError
from .render import report_dict
from .result import DedupeResult
from .review import apply_decisions, decision_fields, keep_indexes

if TYPE_CHECKING:
    from .index import ParagraphIndex


def document_id(path: str) -> str:
    """Return the index's document id for a file: its resolved path, however it was spelled.

    >>> document_id("./a.txt") == document_id("a.txt") == os.path.realpath("a.txt")
    True
    """
    return os.path.realpath(path)


def keep_numbers_at(result: DedupeResult, lines: Collection[int], text: str) -> tuple[int, ...]:
    """Return the 1-based paragraph numbers of the paragraphs on ``lines`` (1-based, as check and report print).

    A line inside a paragraph that spans several lines names that paragraph; a line
    that holds no paragraph raises ConfigError.

    >>> from dedupe_text import dedupe
    >>> text = "First line here.\\n\\nSecond one.\\nSecond one.\\n"
    >>> keep_numbers_at(dedupe(text), [4], text)
    (3,)
    """
    numbers: set[int] = set()
    for line in sorted(set(lines)):
        found = [i + 1 for i, p in enumerate(result.paragraphs)
                 if p.line <= line <= p.line + text[p.start:p.end].rstrip("\r\n").count("\n")]
        if not found:
            starts = ", ".join(str(p.line) for p in result.paragraphs[:12])
            more = ", ..." if len(result.paragraphs) > 12 else ""
            raise ConfigError(f"keep: line {line} holds no paragraph (paragraphs start at lines {starts}{more})")
        numbers.update(found)
    return tuple(sorted(numbers))


@dataclass
class DedupeJob:
    """How every document of one command is processed: one of four ways, chosen once from the options.

    ``decisions`` re-applies a saved decisions document as it is; ``index`` also
    removes what other documents already had; ``keep_lines`` (1-based, as the report
    prints them) protects paragraphs from removal; otherwise the plain pipeline runs.
    """

    config: DedupeConfig
    keep_lines: tuple[int, ...] = ()
    decisions: Mapping[str, Any] | None = None
    index: ParagraphIndex | None = None

    def __post_init__(self) -> None:
        self._deduplicator = Deduplicator(self.config)

    def dedupe(self, text: str, *, format: str = "text", doc_id: str) -> DedupeResult:
        """Process one document in ``format`` (``doc_id`` names it in the index) and explain every removal."""
        return self.dedupe_keeping(text, format=format, doc_id=doc_id)[0]

    def dedupe_keeping(self, text: str, *, format: str, doc_id: str) -> tuple[DedupeResult, tuple[int, ...]]:
        """Process one document; also return the numbers (from 1) of the paragraphs ``keep_lines`` kept.

        ``format`` is the document's format (text, markdown or html, as ``decode_document``
        tells it); saved decisions count the paragraphs that format sees. The lines are
        looked up in the result without them; when that removes nothing, there is nothing
        to keep.
        """
        if self.index is not None:
            return self.index.dedupe(text, doc_id=doc_id, format=format), ()
        if self.decisions is not None:
            return apply_decisions(text, self.decisions, format=format), ()
        result = self._deduplicator.dedupe(text, format=format)
        if not self.keep_lines or not result.removals:
            return result, ()
        numbers = keep_numbers_at(result, self.keep_lines, text)
        protected = keep_indexes(numbers, len(result.paragraphs))
        return self._deduplicator.dedupe(text, protected=protected, format=format), numbers


def report_document(result: DedupeResult, name: str, text: str, keep_numbers: Sequence[int] = ()) -> dict[str, Any]:
    """Return the ``report --to json`` document: ``render.report_dict`` bound to ``text`` as a decisions file.

    >>> from dedupe_text import dedupe
    >>> text = "Same words in a line.\\nSame words in a line."
    >>> doc = report_document(dedupe(text), "a.txt", text, keep_numbers=[2])
    >>> doc["file"], doc["lines"], doc["keep"], doc["input_sha256"][:8]
    ('a.txt', [1, 2], [2], '5f495de4')
    """
    return {**report_dict(result, name), **decision_fields(text, keep_numbers)}
