"""Save an editor's reviewed decisions and re-apply them to the same text, refusing a changed one."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Collection, Mapping
from typing import Any

from ..config import DedupeConfig
from ..errors import ConfigError, DecisionsError, TextChangedError
from ..formats import split_document
from ..result import DedupeResult, Removal


def text_sha256(text: str) -> str:
    """Return the SHA-256 of ``text`` encoded as UTF-8, in hex: what a decisions document is bound to.

    >>> text_sha256("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decisions_document(text: str, result: DedupeResult, keep_numbers: Collection[int] = ()) -> dict[str, Any]:
    """Return the ``report --format json`` document of ``result`` bound to ``text`` and the editor's ``keep_numbers``.

    ``keep_numbers`` (saved as ``keep``) are paragraph numbers as the report shows them (1-based); ``input_sha256``
    ties the document to the exact text it was made from.

    >>> from dedupe_text.review import review
    >>> text = "One paragraph long enough.\\nOne paragraph long enough.\\n"
    >>> doc = decisions_document(text, review(text, keep_numbers=[2]), keep_numbers=[2])
    >>> doc["keep"], doc["removals"], doc["input_sha256"] == text_sha256(text)
    ([2], [], True)
    """
    return {**result.to_dict(), **decision_fields(text, keep_numbers)}


def decision_fields(text: str, keep_numbers: Collection[int] = ()) -> dict[str, Any]:
    """Return the fields that bind a report to its text and record the editor's ``keep_numbers`` (as ``keep``).

    >>> sorted(decision_fields("text", [3, 1, 3]).items())[1]
    ('keep', [1, 3])
    """
    return {"input_sha256": text_sha256(text), "keep": sorted(set(keep_numbers))}


def parse_decisions(data: str) -> dict[str, Any]:
    """Parse a saved decisions document from JSON text, raising DecisionsError if it is not one."""
    try:
        document = json.loads(data)
    except json.JSONDecodeError as err:
        raise DecisionsError(f"decisions are not valid JSON: {err}") from None
    if not isinstance(document, dict):
        raise DecisionsError("decisions must be a JSON object (the output of report --format json)")
    return document


def _field(document: Mapping[str, Any], name: str, kind: type) -> Any:
    value = document.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DecisionsError(f"decisions lack a valid {name!r} field (save them with report --format json)")
    return value


def _removals(document: Mapping[str, Any], texts: list[str]) -> list[Removal]:
    """Rebuild the saved removals, checking each against the paragraph it names."""
    names = {f.name for f in dataclasses.fields(Removal)}
    removals = []
    for item in _field(document, "removals", list):
        if not isinstance(item, dict) or set(item) - names:
            raise DecisionsError(f"decisions hold a removal that is not one: {item!r}")
        try:
            removal = Removal(**item)
        except TypeError as err:
            raise DecisionsError(f"decisions hold an incomplete removal: {err}") from None
        if not (isinstance(removal.index, int) and 0 <= removal.index < len(texts)) \
                or texts[removal.index] != removal.text:
            raise DecisionsError(f"decisions remove a paragraph the text does not have: {removal.text[:60]!r}")
        removals.append(removal)
    return removals


def _config(document: Mapping[str, Any]) -> DedupeConfig:
    saved = dict(_field(document, "config", dict))
    if isinstance(saved.get("allow"), list):
        saved["allow"] = tuple(saved["allow"])
    try:
        return DedupeConfig().replace(**saved)
    except (ConfigError, TypeError) as err:
        raise DecisionsError(f"decisions hold a config this version cannot use: {err}") from None


def apply_decisions(text: str, document: Mapping[str, Any], *, format: str = "text",
                    filename: str | None = None) -> DedupeResult:
    """Re-apply saved decisions to ``text``: remove what they remove, less what the editor keeps.

    ``format`` is the text's format (text, markdown, html, or auto: by ``filename``, then
    content), as it was when the decisions were saved: its paragraphs are the ones numbered.
    Raises TextChangedError if ``text`` is not the text the decisions were made from, and
    DecisionsError if the document is malformed or would drop every copy of a paragraph.

    >>> from dedupe_text.review import review
    >>> text = "One paragraph long enough.\\nOne paragraph long enough.\\n"
    >>> doc = decisions_document(text, review(text))
    >>> apply_decisions(text, doc).text
    'One paragraph long enough.\\n'
    >>> doc["keep"] = [2]
    >>> apply_decisions(text, doc).text == text
    True
    """
    saved_hash = _field(document, "input_sha256", str)
    if text_sha256(text) != saved_hash:
        raise TextChangedError(
            "the text has changed since these decisions were saved "
            f"(saved for sha256 {saved_hash[:12]}, this text is {text_sha256(text)[:12]}); review it again"
        )
    config = _config(document)
    split = split_document(text, format, filename=filename, config=config)
    paragraphs = split.paragraphs
    if _field(document, "paragraphs", int) != len(paragraphs):
        raise DecisionsError(
            f"decisions were saved for {document['paragraphs']} paragraphs, the text splits into {len(paragraphs)}"
            f" as {split.format} (re-apply them in the format they were saved from)"
        )
    keep = _field(document, "keep", list) if "keep" in document else []
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in keep):
        raise DecisionsError(f"decisions 'keep' must list paragraph numbers, got {keep!r}")
    kept_by_editor = {n - 1 for n in keep}
    removals = sorted((r for r in _removals(document, [p.text for p in paragraphs]) if r.index not in kept_by_editor),
                      key=lambda r: r.index)
    gone = {r.index for r in removals}
    for r in removals:
        if r.index in split.protected:
            raise DecisionsError(f"decisions remove ¶{r.index + 1}, which {split.format} never removes (code)")
        if r.source is None and r.duplicate_of in gone:
            raise DecisionsError(
                f"decisions remove ¶{r.index + 1} and ¶{r.duplicate_of + 1}, the copy it repeats; keep one of them"
            )
    cleaned = split.without(gone)
    if cleaned is None:
        raise DecisionsError(f"these decisions cannot be cut from the {split.format} without joining the paragraphs "
                             "around them; review it again")
    return DedupeResult(cleaned, paragraphs, tuple(removals), config)
