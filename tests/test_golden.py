"""Golden fixtures: articles we wrote, their expected cleaned text and explanations."""

from __future__ import annotations

import json
import os

import pytest
from conftest import TEXT_FIXTURES, read_fixture

import dedupe_text

ARTICLES = sorted(p.name for p in TEXT_FIXTURES.glob("*.txt"))
UPDATE = os.environ.get("DEDUPE_TEXT_UPDATE_GOLDEN") == "1"


def explanations(result: dedupe_text.DedupeResult) -> list[dict[str, object]]:
    return [
        {"line": r.line, "duplicate_line": r.duplicate_line, "rule": r.rule}
        for r in result.removals
    ]


@pytest.mark.parametrize("name", ARTICLES)
def test_cleaned_text_matches_golden(name: str) -> None:
    result = dedupe_text.dedupe(read_fixture("text/" + name))
    expected_text = TEXT_FIXTURES / "expected" / name
    expected_why = TEXT_FIXTURES / "expected" / (name.removesuffix(".txt") + ".removals.json")
    if UPDATE:
        expected_text.write_bytes(result.text.encode("utf-8"))
        expected_why.write_text(json.dumps(explanations(result), indent=1) + "\n", encoding="utf-8")
    assert result.text == expected_text.read_bytes().decode("utf-8")
    assert explanations(result) == json.loads(expected_why.read_text(encoding="utf-8"))


def test_every_fixture_has_a_golden_file() -> None:
    assert ARTICLES, "no fixtures found"
    for name in ARTICLES:
        assert (TEXT_FIXTURES / "expected" / name).exists(), name
