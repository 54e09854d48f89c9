"""Clean one text field of JSON Lines records, leaving every other field as it was."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any, NamedTuple

from .errors import ConfigError, InputError
from .result import DedupeResult

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DEFAULT_ID_FIELD = "id"
"""The field that names a record's document when it is present and no other is asked for."""


def parse_record(line: str, field: str) -> tuple[dict[str, Any], str]:
    """Parse one JSON Lines record and return it with the text of ``field``.

    Raises InputError naming what is wrong: not JSON (or nested or numbered beyond what
    Python parses), not an object, the field missing, not a string or not text.

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
    except RecursionError:
        raise InputError("JSON nested too deeply to read") from None
    except ValueError as e:  # an integer past Python's digit limit
        raise InputError(f"JSON that cannot be read: {str(e).split(':')[0]}") from None
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object (got {type(record).__name__})")
    if field not in record:
        raise InputError(f"field {field!r} missing")
    text = record[field]
    if not isinstance(text, str):
        raise InputError(f"field {field!r} is not a string (got {type(text).__name__})")
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate is not None:
        raise InputError(f"field {field!r} holds a lone surrogate \\u{ord(surrogate.group()):04x}, which is not text")
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
    the list of removals, and must be a field the record does not have.

    >>> from dedupe_text import dedupe
    >>> line = '{"id": 7, "text": "Repeated words here.\\\\nRepeated words here."}'
    >>> clean_record(line, dedupe).line
    '{"id": 7, "text": "Repeated words here."}'
    """
    return _clean_parsed(*parse_record(line, field), dedupe, field, explain_field)


def _clean_parsed(record: dict[str, Any], text: str, dedupe: Callable[[str], DedupeResult], field: str,
                  explain_field: str | None) -> CleanedRecord:
    if explain_field and explain_field in record:
        raise InputError(f"field {explain_field!r} already exists; --explain-field must name a new field")
    result = dedupe(text)
    record[field] = result.text
    if explain_field:
        record[explain_field] = [asdict(r) for r in result.removals]
    line = json.dumps(record, ensure_ascii=False)
    if _LONE_SURROGATE.search(line):  # another field holds one: write it as the escape it was read from
        line = json.dumps(record)
    return CleanedRecord(line, text, result)


@dataclass(frozen=True)
class RecordFields:
    """Which fields of a record ``clean_records`` reads and writes.

    ``field`` holds the text; ``explain_field`` (optional) receives the removals;
    ``id_field`` names the record's document in an index (None: ``id`` when present).
    """

    field: str = "text"
    explain_field: str | None = None
    id_field: str | None = None

    def __post_init__(self) -> None:
        if self.explain_field is not None and not self.explain_field:
            raise ConfigError("explain_field must be a field name, got ''")
        if self.explain_field is not None and self.explain_field in (self.field, self.id_field):
            which = "text" if self.explain_field == self.field else "id"
            raise ConfigError(f"explain_field {self.explain_field!r} is the {which} field; name a new field")
        if self.id_field is not None and self.id_field == self.field:
            raise ConfigError(f"id_field {self.id_field!r} is the text field")


def record_id(record: dict[str, Any], text: str, fields: RecordFields, fallback: str | None) -> str:
    """Return the document id of a record: its id field, else ``fallback``, else one derived from its text.

    The derived id (``sha256:`` and the text's digest) is the same for the same text in
    every batch, so records without ids never take another batch's documents' places.

    >>> record_id({"id": 12, "text": "x"}, "x", RecordFields(), None)
    '12'
    >>> record_id({"text": "x"}, "x", RecordFields(), None)[:15]
    'sha256:2d711642'
    """
    name = fields.id_field or DEFAULT_ID_FIELD
    if name in record:
        value = record[name]
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
            raise InputError(f"field {name!r} is not a document id (a non-empty string or an integer), got {value!r}")
        return str(value)
    if fields.id_field is not None:
        raise InputError(f"field {name!r} missing (--id-field)")
    if fallback is not None:
        return fallback
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_records(lines: Iterable[bytes], dedupe: Callable[[str, str, str], DedupeResult], *, source: str,
                  decode: Callable[[bytes, str], str], fields: RecordFields = RecordFields(),
                  doc_id: str | None = None) -> Iterator[tuple[str, CleanedRecord | InputError]]:
    """Clean every record of one JSON Lines source, yielding ``(where, record or error)`` as each is read.

    ``where`` is ``SOURCE:LINE``; blank lines are skipped; a bad record yields the
    InputError that says why (the caller stops or skips). ``dedupe(text, where, id)``
    processes one record's text; ``id`` is ``record_id``'s, with ``doc_id:LINE`` for
    records without an id when ``doc_id`` is given.

    >>> from dedupe_text import dedupe
    >>> lines = [b'{"text": "Twice over, this line.\\\\nTwice over, this line."}\\n', b'\\n', b'[1]\\n']
    >>> [(w, getattr(r, "line", str(r))) for w, r in clean_records(
    ...     lines, lambda t, w, i: dedupe(t), source="-", decode=lambda b, w: b.decode())]
    [('-:1', '{"text": "Twice over, this line."}'), ('-:3', 'not a JSON object (got list)')]
    """
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        try:
            record, text = parse_record(decode(raw, where), fields.field)
            name = record_id(record, text, fields, None if doc_id is None else f"{doc_id}:{number}")
            yield where, _clean_parsed(record, text, partial(_named, dedupe, where, name), fields.field,
                                       fields.explain_field)
        except InputError as e:
            yield where, e


def _named(dedupe: Callable[[str, str, str], DedupeResult], where: str, name: str, text: str) -> DedupeResult:
    return dedupe(text, where, name)
