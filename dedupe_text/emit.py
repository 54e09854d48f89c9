"""Emit the cleaned text: kept paragraphs byte-for-byte, with their own separators."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .segment import Paragraph


def emit_text(text: str, paragraphs: Sequence[Paragraph], removed: Collection[int]) -> str:
    """Rebuild ``text`` without the ``removed`` paragraphs.

    Each kept paragraph is followed by the separator it had; the last kept one by the
    input's own ending, so a missing final newline stays missing.

    >>> from dedupe_text.segment import segment
    >>> emit_text("a\\nb\\na", segment("a\\nb\\na"), {2})
    'a\\nb'
    """
    if not removed:
        return text
    kept = [p for p in paragraphs if p.index not in removed]
    if not kept:
        return text[: paragraphs[0].start] if paragraphs else text
    parts = [text[: paragraphs[0].start]]
    for p in kept[:-1]:
        parts.append(p.text)
        parts.append(p.sep)
    parts.append(kept[-1].text)
    parts.append(paragraphs[-1].sep)
    return "".join(parts)
