"""``clean --jsonl``: one text field of each record cleaned, every other field kept, bad records named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_text
from dedupe_text.cli import cli

DUP = "A sentence that is long enough to be a copy."
TEXT = f"{DUP}\nSomething else.\n{DUP}\n"
GOOD = {"id": "a1", "text": TEXT, "tags": ["x", "é"], "score": 0.5, "nested": {"k": None}}


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_field_is_cleaned_and_other_fields_are_kept() -> None:
    result = invoke("clean", "--jsonl", input=jsonl(GOOD, {"id": "b2", "text": "Nothing repeats."}))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records == [{**GOOD, "text": dedupe_text.clean(TEXT)}, {"id": "b2", "text": "Nothing repeats."}]
    assert list(records[0]) == list(GOOD)


def test_custom_field_and_explain_field() -> None:
    record = {"body": TEXT, "text": "left alone"}
    out = json.loads(invoke("clean", "--jsonl", "--field", "body", "--explain-field", "why",
                            input=jsonl(record)).stdout)
    assert out["text"] == "left alone"
    assert out["body"] == dedupe_text.clean(TEXT)
    assert [(r["line"], r["duplicate_line"], r["rule"]) for r in out["why"]] == [(3, 1, "exact")]


def test_config_options_apply_to_records() -> None:
    out = json.loads(invoke("clean", "--jsonl", "--min-chars", "500", input=jsonl(GOOD)).stdout)
    assert out["text"] == TEXT


BAD = [
    ("not json at all", "not valid JSON"),
    ('["a list"]', "not a JSON object (got list)"),
    ('{"id": 3}', "field 'text' missing"),
    ('{"text": 42}', "field 'text' is not a string (got int)"),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_bad_record_fails_with_its_line_number(line: str, message: str) -> None:
    result = invoke("clean", "--jsonl", input=jsonl(GOOD, line, GOOD))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: -:2: {message}")
    assert result.stderr.count("\n") == 1
    assert len(result.stdout.splitlines()) == 1


def test_skip_reports_each_bad_record_and_keeps_going() -> None:
    lines = [GOOD, *(line for line, _ in BAD), GOOD]
    result = invoke("clean", "--jsonl", "--on-error", "skip", input=jsonl(*lines))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert [s.split(":")[1] for s in skipped] == ["2", "3", "4", "5"]
    assert "4 bad records skipped" in result.stderr
    assert invoke("clean", "--jsonl", "-q", "--on-error", "skip", input=jsonl(*lines)).stderr == ""


def test_blank_lines_are_not_records() -> None:
    result = invoke("clean", "--jsonl", input="\n" + jsonl(GOOD) + "\n\n")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1


def test_file_output_is_all_or_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(GOOD, "broken", GOOD), encoding="utf-8")
    result = invoke("clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2 and f"{source}:2:" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_in_place_jsonl_with_backup(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    original = jsonl(GOOD, GOOD)
    source.write_text(original, encoding="utf-8")
    assert invoke("clean", "--jsonl", "-i", "--backup", "~", str(source)).exit_code == 0
    assert (tmp_path / "in.jsonl~").read_text(encoding="utf-8") == original
    assert [json.loads(x)["text"] for x in source.read_text(encoding="utf-8").splitlines()] == \
        [dedupe_text.clean(TEXT)] * 2


def test_record_with_invalid_utf8_is_a_bad_record(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl(GOOD).encode() + b'{"text": "caf\xe9"}\n')
    result = invoke("clean", "--jsonl", "--on-error", "skip", str(source))
    assert result.exit_code == 0
    assert f"skipped {source}:2: not valid utf-8 at byte 13" in result.stderr


def test_jsonl_options_need_jsonl() -> None:
    result = invoke("clean", "--field", "body", input=TEXT)
    assert result.exit_code == 2
    assert result.stderr == "Error: --field, --explain-field, --id-field and --on-error need --jsonl\n"


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5).filter(lambda k: k != "text"),
                       st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.booleans(), max_size=3)),
                       max_size=4),
       st.lists(st.sampled_from([DUP, "Other words.", "", "Q:"]), max_size=8))
def test_other_fields_survive_any_record(extra: dict[str, object], paragraphs: list[str]) -> None:
    record = {**extra, "text": "\n".join(paragraphs)}
    out = json.loads(invoke("clean", "--jsonl", input=json.dumps(record) + "\n").stdout)
    assert out == {**record, "text": dedupe_text.clean(record["text"])}


def test_record_longer_than_max_chars_is_a_bad_record() -> None:
    short = {"id": "s", "text": "Short."}
    result = invoke("clean", "--jsonl", "--max-chars", "50", "--on-error", "skip", input=jsonl(GOOD, short))
    assert result.exit_code == 0
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["s"]
    assert result.stderr.startswith("skipped -:1: text is ")
