"""Structured formats: Markdown and HTML in, the same format out.

``dedupe_format`` dispatches a document to its format's module; ``split_document`` splits
it into the paragraphs its format sees and writes it back without some of them (what saved
decisions and overrules use); ``dedupe_bytes`` reads and writes bytes (decoded by
``decode_document``, so each document keeps its encoding and BOM byte for byte).

>>> dedupe_format("<p>Same words in a row.</p><p>Same words in a row.</p>", "html").text
'<p>Same words in a row.</p>'
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from ..config import DedupeConfig
from ..result import DedupeResult
from ..segment import Paragraph
from .detect import FORMATS, check_format, detect_format, format_from_name, sniff
from .encoding import Decoded, decode_document

__all__ = ["FORMATS", "Decoded", "Split", "check_format", "clean_bytes", "decode_document", "dedupe_bytes",
           "dedupe_format", "detect_format", "format_from_name", "sniff", "split_document"]


def dedupe_format(text: str, format: str, config: DedupeConfig | None = None, *,
                  protected: Collection[int] = (), filename: str | None = None) -> DedupeResult:
    """Deduplicate ``text`` in ``format`` ("auto": by ``filename``'s extension, then content).

    >>> dedupe_format("# Harbour closes for winter\\n\\n*Harbour closes for winter*\\n", "markdown").text
    '# Harbour closes for winter\\n'
    """
    from ..core import check_text

    config = config or DedupeConfig()
    chosen = check_format(format)
    text = check_text(text, config)
    if chosen == "auto":
        chosen = detect_format(text, filename)
    if chosen == "html":
        from .html import dedupe_html

        return dedupe_html(text, config, protected)
    if chosen == "markdown":
        from .markdown import dedupe_markdown

        return dedupe_markdown(text, config, protected)
    from ..core import Deduplicator

    return Deduplicator(config).dedupe(text, protected=protected)


@dataclass(frozen=True)
class Split:
    """A document as its format splits it: the paragraphs, those never removed, and how to write it without some.

    ``protected`` holds the indexes the format never removes (code blocks, ``<pre>``);
    ``without(gone)`` returns the document less the paragraphs indexed in ``gone``, or None
    when the format cannot cut them without changing the paragraphs that stay (two Markdown
    paragraphs would join).
    """

    format: str
    paragraphs: tuple[Paragraph, ...]
    protected: frozenset[int]
    without: Callable[[Collection[int]], str | None] = field(repr=False, compare=False)


def split_document(text: str, format: str = "text", *, filename: str | None = None,
                   config: DedupeConfig | None = None) -> Split:
    """Split ``text`` into the paragraphs its ``format`` sees ("auto": by ``filename``, then content).

    ``config`` gives the ``max_chars`` the text is checked against.

    >>> s = split_document("<p>Kept words here.</p>\\n<p>Cut words here.</p>\\n", "html")
    >>> [p.text for p in s.paragraphs], s.without({1})
    (['Kept words here.', 'Cut words here.'], '<p>Kept words here.</p>\\n')
    """
    from ..core import check_text

    chosen = check_format(format)
    text = check_text(text, config or DedupeConfig())
    if chosen == "auto":
        chosen = detect_format(text, filename)
    if chosen == "html":
        return _split_html(text)
    if chosen == "markdown":
        return _split_markdown(text)
    from ..emit import emit_text
    from ..segment import segment

    paragraphs = tuple(segment(text))
    return Split("text", paragraphs, frozenset(), lambda gone: emit_text(text, paragraphs, gone))


def _split_html(source: str) -> Split:
    from .html import Page

    page = Page(source)
    blocks = page.blocks()

    def without(gone: Collection[int]) -> str:
        if not gone:
            return source
        fresh = Page(source)  # cutting changes the tree, so every call cuts its own
        return fresh.cut(fresh.emptied([blocks[i].element for i in sorted(gone)]))[0]

    paragraphs = tuple(page.paragraphs(blocks, located=True))
    return Split("html", paragraphs, frozenset(i for i, b in enumerate(blocks) if b.protected), without)


def _split_markdown(text: str) -> Split:
    from .markdown import _paragraphs, emit, parse_blocks, removed_lines, split_lines

    lines = split_lines(text)
    found = parse_blocks(lines)

    def without(gone: Collection[int]) -> str | None:
        cleaned = emit(lines, removed_lines(lines, [(found[i].first, found[i].last) for i in sorted(gone)]))
        stays = [b.text for i, b in enumerate(found) if i not in gone]
        return cleaned if [b.text for b in parse_blocks(split_lines(cleaned))] == stays else None

    paragraphs = tuple(_paragraphs(lines, found))
    return Split("markdown", paragraphs, frozenset(i for i, b in enumerate(found) if b.protected), without)


def dedupe_bytes(data: bytes, *, format: str = "auto", filename: str | None = None,
                 config: DedupeConfig | None = None, **options: Any) -> tuple[bytes, DedupeResult]:
    """Deduplicate a document given as bytes; return the cleaned bytes and the result.

    The bytes are decoded by ``decode_document``: a BOM (UTF-8, UTF-16) decides, then HTML's
    ``<meta charset>``, then UTF-8 (HTML: else windows-1252), and the output is encoded back
    the same way, BOM first, so kept bytes stay as they were. Raises InputError for binary
    or undecodable input.

    >>> page = '<meta charset="latin1"><p>Caf\\u00e9 au lait, twice.</p><p>Caf\\u00e9 au lait, twice.</p>'
    >>> dedupe_bytes(page.encode("latin-1"), format="html")[0]
    b'<meta charset="latin1"><p>Caf\\xe9 au lait, twice.</p>'
    """
    from ..core import make_config

    config = make_config(config, options)
    decoded = decode_document(data, format, filename)
    result = dedupe_format(decoded.text, decoded.format, config)
    return decoded.encode(result.text), result


def clean_bytes(data: bytes, *, format: str = "auto", filename: str | None = None, **options: Any) -> bytes:
    """Return the bytes of a document without its redundant blocks.

    >>> clean_bytes(b"<p>One paragraph, twice over.</p>\\n<p>One paragraph, twice over.</p>\\n")
    b'<p>One paragraph, twice over.</p>\\n'
    """
    return dedupe_bytes(data, format=format, filename=filename, **options)[0]
