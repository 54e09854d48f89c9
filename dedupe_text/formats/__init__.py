"""Structured formats: Markdown and HTML in, the same format out.

``dedupe_format`` dispatches a document to its format's module; ``dedupe_bytes`` reads
and writes bytes (HTML keeps its declared encoding and BOM byte for byte).

>>> dedupe_format("<p>Same words in a row.</p><p>Same words in a row.</p>", "html").text
'<p>Same words in a row.</p>'
"""

from __future__ import annotations

import codecs
from collections.abc import Collection
from typing import Any

from ..config import DedupeConfig
from ..errors import InputError
from ..result import DedupeResult
from .detect import FORMATS, SNIFF_CHARS, detect_format, format_from_name, sniff

__all__ = ["FORMATS", "clean_bytes", "dedupe_bytes", "dedupe_format", "detect_format", "format_from_name", "sniff"]


def check_format(format: str) -> str:
    """Return ``format`` if it is one of text, markdown, html, auto; else raise ValueError.

    >>> check_format("pdf")
    Traceback (most recent call last):
    ...
    ValueError: format must be one of text, markdown, html, auto, got 'pdf'
    """
    if format not in (*FORMATS, "auto"):
        raise ValueError(f"format must be one of {', '.join((*FORMATS, 'auto'))}, got {format!r}")
    return format


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


def dedupe_bytes(data: bytes, *, format: str = "auto", filename: str | None = None,
                 config: DedupeConfig | None = None, **options: Any) -> tuple[bytes, DedupeResult]:
    """Deduplicate a document given as bytes; return the cleaned bytes and the result.

    HTML is decoded by its BOM, then its ``<meta charset>``, then as UTF-8 (else
    windows-1252), and encoded back the same way, so kept bytes stay as they were.
    Text and Markdown must be UTF-8 (a BOM is kept).

    >>> page = '<meta charset="latin-1"><p>Caf\\u00e9 au lait, twice.</p><p>Caf\\u00e9 au lait, twice.</p>'
    >>> dedupe_bytes(page.encode("latin-1"), format="html")[0]
    b'<meta charset="latin-1"><p>Caf\\xe9 au lait, twice.</p>'
    """
    from ..core import make_config
    from .encoding import Decoded, decode_html

    chosen = check_format(format)
    config = make_config(config, options)
    if chosen == "auto":
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        head = decode_html(data[:SNIFF_CHARS]).text if utf16 else data[:SNIFF_CHARS].decode("latin-1")
        chosen = format_from_name(filename) or sniff(head)
    if chosen == "html":
        decoded = decode_html(data)
    else:
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        try:
            decoded = Decoded(data[len(bom):].decode("utf-8"), "utf-8", bom)
        except UnicodeDecodeError as exc:
            raise InputError(f"input is not UTF-8 text (byte {exc.start}); pass HTML as format='html'") from None
    result = dedupe_format(decoded.text, chosen, config)
    return decoded.encode(result.text), result


def clean_bytes(data: bytes, *, format: str = "auto", filename: str | None = None, **options: Any) -> bytes:
    """Return the bytes of a document without its redundant blocks.

    >>> clean_bytes(b"<p>One paragraph, twice over.</p>\\n<p>One paragraph, twice over.</p>\\n")
    b'<p>One paragraph, twice over.</p>\\n'
    """
    return dedupe_bytes(data, format=format, filename=filename, **options)[0]
