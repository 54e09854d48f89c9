"""The library calls behind each command: read a document's bytes, process it one way, describe the result.

The command line parses options, calls one function of this module per document and
prints what it returns; nothing here prints or knows about click.

>>> job = DedupeJob(DedupeConfig())
>>> doc = read_document(b"A line that is long enough.\\nA line that is long enough.\\n", name="a.txt")
>>> doc.encode(job.dedupe(doc, doc_id="a.txt").text)
b'A line that is long enough.\\n'
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config import DedupeConfig
from .core import Deduplicator
from .errors import ConfigError, InputError
from .files import STDIN, decode, encode
from .formats import check_format, format_from_name, sniff
from .formats.detect import SNIFF_CHARS
from .formats.encoding import decode_html
from .render import report_dict
from .result import DedupeResult
from .review import apply_decisions, decision_fields, keep_indexes

if TYPE_CHECKING:
    from .index import ParagraphIndex

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    """A decoded input: its ``text``, its ``format`` and how to encode output text back the same way.

    ``encoding`` and ``bom`` are those the input was read in; ``escaped`` says whether
    undecodable bytes were kept as lone surrogates (HTML, decoded as browsers do), to be
    written back unchanged.
    """

    text: str
    format: str
    name: str = STDIN
    encoding: str = "utf-8"
    bom: bytes = b""
    errors: str = "strict"
    escaped: bool = False

    def encode(self, text: str) -> bytes:
        """Encode ``text`` as the input was encoded (BOM first), raising InputError if it cannot be.

        >>> read_document("\\ufeffcafé".encode("utf-16-le"), name="a.txt").encode("thé")
        b'\\xff\\xfet\\x00h\\x00\\xe9\\x00'
        """
        if self.escaped:
            try:
                return self.bom + text.encode(self.encoding, "surrogateescape")
            except UnicodeEncodeError as e:
                raise InputError(f"{self.name}: cannot write character {text[e.start]!r} as {self.encoding}") from None
        return self.bom + encode(text, self.name, encoding=self.encoding, errors=self.errors)


def read_document(data: bytes, *, name: str = STDIN, format: str = "auto", encoding: str | None = None,
                  errors: str = "strict") -> Document:
    """Decode an input's bytes the way the library decodes them, and tell its format.

    ``format`` "auto" goes by ``name``'s extension, then by content. A UTF-16 BOM is
    honoured whatever the format; HTML without ``encoding`` is read in the encoding its
    BOM or ``<meta charset>`` declares (``formats.encoding.decode_html``); anything else
    in ``encoding`` (default UTF-8), with ``errors`` "strict" or "replace". Text that
    decodes to a lone surrogate (UTF-7 can) is refused under "strict" and gets U+FFFD
    in its place under "replace".

    >>> read_document(b"<!doctype html><p>Hi</p>").format
    'html'
    >>> read_document("\\ufeff<p>Hi</p><p>x</p><br><b>".encode("utf-16-be")).format
    'html'
    """
    fmt = _check_input_format(format)
    bom, utf16 = next(((b, c) for b, c in _UTF16_BOMS if data.startswith(b)), (b"", None))
    if fmt == "auto":
        head = data[len(bom):len(bom) + 2 * SNIFF_CHARS].decode(utf16, "replace") if utf16 \
            else data[:SNIFF_CHARS].decode("latin-1")
        fmt = format_from_name(None if name == STDIN else name) or sniff(head)
    if encoding is None and (fmt == "html" or utf16):
        page = decode_html(data)
        return Document(page.text, fmt, name, page.encoding, page.bom, escaped=True)
    chosen = encoding or "utf-8"
    return Document(decode_text(data, name, encoding=chosen, errors=errors), fmt, name, chosen, errors=errors)


def _check_input_format(format: str) -> str:
    try:
        return check_format(format)
    except ValueError as e:
        raise ConfigError(str(e)) from None


def decode_text(data: bytes, name: str, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Decode plain text (a file, a JSON Lines record) as ``read_document`` does when no BOM or HTML is involved.

    >>> decode_text(b"a +2AA- b", "u.txt", encoding="utf-7", errors="replace")
    'a \ufffd b'
    """
    text = decode(data, name, encoding=encoding, errors=errors)
    found = _LONE_SURROGATE.search(text)
    if found is None:
        return text
    if errors == "replace":
        return _LONE_SURROGATE.sub("\ufffd", text)
    raise InputError(f"{name}: {encoding} input decodes to a lone surrogate U+{ord(found.group()):04X} at character "
                     f"{found.start()}, which is not text (use --errors replace)")


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

    def dedupe(self, document: Document, *, doc_id: str) -> DedupeResult:
        """Process one document (``doc_id`` names it in the index) and explain every removal."""
        return self.dedupe_keeping(document, doc_id=doc_id)[0]

    def dedupe_keeping(self, document: Document, *, doc_id: str) -> tuple[DedupeResult, tuple[int, ...]]:
        """Process one document; also return the numbers (from 1) of the paragraphs ``keep_lines`` kept.

        The lines are looked up in the result without them; when that removes nothing,
        there is nothing to keep.
        """
        if self.index is not None:
            if document.format == "html":
                raise InputError(f"{document.name}: --index reads plain text and Markdown, not HTML")
            return self.index.dedupe(document.text, doc_id=doc_id), ()
        if self.decisions is not None:
            return apply_decisions(document.text, self.decisions), ()
        result = self._deduplicator.dedupe(document.text, format=document.format)
        if not self.keep_lines or not result.removals:
            return result, ()
        numbers = keep_numbers_at(result, self.keep_lines, document.text)
        protected = keep_indexes(numbers, len(result.paragraphs))
        return self._deduplicator.dedupe(document.text, protected=protected, format=document.format), numbers

    def dedupe_text(self, text: str, *, name: str, doc_id: str) -> DedupeResult:
        """Process the text of one JSON Lines record (plain text, ``name`` for messages)."""
        return self.dedupe(Document(text, "text", name), doc_id=doc_id)


def report_document(result: DedupeResult, name: str, text: str, keep_numbers: Sequence[int] = ()) -> dict[str, Any]:
    """Return the ``report --to json`` document: ``render.report_dict`` bound to ``text`` as a decisions file.

    >>> from dedupe_text import dedupe
    >>> text = "Same words in a line.\\nSame words in a line."
    >>> doc = report_document(dedupe(text), "a.txt", text, keep_numbers=[2])
    >>> doc["file"], doc["lines"], doc["keep"], doc["input_sha256"][:8]
    ('a.txt', [1, 2], [2], '5f495de4')
    """
    return {**report_dict(result, name), **decision_fields(text, keep_numbers)}
