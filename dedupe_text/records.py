"""Clean one text field of JSON Lines records, leaving every other field as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, NamedTuple

from .errors import InputError
from .result import DedupeResult


def parse_record(line: str, field: str) -> tuple[dict[str, Any], str]:
    """Parse one JSON Lines record and return it with the text of ``field``.

    Raises InputError naming what is wrong: not JSON, not an object, the field missing
    or not a string.

    >>> parse_record('{"id": 1, "text": "Hello."}', "text")
    ({'id': 1, 'text': 'Hello.'}, 'Hello.')
    >>> parse_record('{"id": 1}', "text")
    Traceback (most recent call last):
    ...
    dedupe_text.errors.InputError: field 'text' missing
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(f"not valid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object (got {type(record).__name__})")
    if field not in record:
        raise InputError(f"field {field!r} missing")
    text = record[field]
    if not isinstance(text, str):
        raise InputError(f"field {field!r} is not a string (got {type(text).__name__})")
    return record, text


class CleanedRecord(NamedTuple):
    """A cleaned record: its JSON ``line``, the field's original ``text`` and the ``result``."""

    line: str
    text: str
    result: DedupeResult


def clean_record(line: str, dedupe: Callable[[str], DedupeResult], *, field: str = "text",
                 explain_field: str | None = None) -> CleanedRecord:
    """Return the record on ``line`` as JSON with ``field`` cleaned, and the result behind it.

    Other fields keep their values and order; ``explain_field`` (when given) receives
    the list of removals.

    >>> from dedupe_text import dedupe
    >>> line = '{"id": 7, "text": "Repeated words here.\\\\nRepeated words here."}'
    >>> clean_record(line, dedupe).line
    '{"id": 7, "text": "Repeated words here."}'
    """
    record, text = parse_record(line, field)
    result = dedupe(text)
    record[field] = result.text
    if explain_field:
        record[explain_field] = [asdict(r) for r in result.removals]
    return CleanedRecord(json.dumps(record, ensure_ascii=False), text, result)
