"""The public API: functions, config validation, exceptions, determinism."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import subprocess
import sys

import pytest
from conftest import read_fixture

import dedupe_text
from dedupe_text import ConfigError, DedupeConfig, DedupeError, Deduplicator, InputError, dedupe
from dedupe_text.api import DedupeJob, document_id, keep_numbers_at
from dedupe_text.config import MAX_SEED, field_help
from dedupe_text.files import decode
from dedupe_text.formats import decode_document
from dedupe_text.records import RecordFields, clean_records, record_id


def test_public_names() -> None:
    for name in ("clean", "dedupe", "DedupeConfig", "Deduplicator", "DedupeResult", "Removal", "ConfigError"):
        assert name in dedupe_text.__all__


def test_clean_returns_the_text_of_dedupe() -> None:
    text = read_fixture("text/seed-like.txt")
    assert dedupe_text.clean(text) == dedupe_text.dedupe(text).text


def test_result_describes_groups_kept_and_savings() -> None:
    result = dedupe_text.dedupe(read_fixture("text/seed-like.txt"))
    assert [g.kept for g in result.groups] == [1, 4, 5, 6, 7, 8]
    assert len(result.kept) + len(result.removals) == len(result.paragraphs)
    assert result.chars_saved == sum(len(r.text) for r in result.removals)
    doc = json.loads(json.dumps(result.to_dict()))
    assert doc["removals"][0]["duplicate_line"] == 2


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"]])
def test_non_str_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="text must be str"):
        dedupe_text.clean(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"keep": "best"}, "keep must be one of complete, first, last, longest, got 'best'"),
        ({"near_threshold": 0}, "near_threshold must be above 0 and at most 100, got 0"),
        ({"near_threshold": "high"}, "near_threshold must be a number, got 'high'"),
        ({"min_chars": 0}, "min_chars must be at least 1, got 0"),
        ({"num_perm": 64, "lsh_bands": 5}, "num_perm must be a multiple of lsh_bands, got 64 and 5"),
        ({"runs": "yes"}, "runs must be True or False, got 'yes'"),
        ({"colour": "red"}, "unknown option: colour"),
    ],
)
def test_config_errors_have_exact_messages(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        dedupe_text.clean("text", **options)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError) and isinstance(info.value, DedupeError)


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DedupeConfig().keep = "first"  # type: ignore[misc]


def test_too_long_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="text is 11 characters long; the limit is 10 \\(max_chars\\)"):
        dedupe_text.clean("x" * 11, max_chars=10)


def test_input_error_is_a_value_error() -> None:
    assert issubclass(InputError, ValueError) and issubclass(InputError, DedupeError)


def test_deduplicator_rejects_a_foreign_config() -> None:
    with pytest.raises(TypeError, match="config must be DedupeConfig"):
        Deduplicator({"keep": "first"})  # type: ignore[arg-type]


def test_protected_paragraphs_are_never_removed() -> None:
    text = read_fixture("text/seed-like.txt")
    result = Deduplicator().dedupe(text, protected={3})
    assert 3 not in {r.index for r in result.removals}


def test_empty_input_comes_back_empty() -> None:
    assert dedupe_text.clean("") == ""
    assert dedupe_text.dedupe("\n\n").removals == ()


def test_lone_surrogates_do_not_crash() -> None:
    text = "A paragraph with a lone \udc80 surrogate in it.\nA paragraph with a lone \udc80 surrogate in it.\n"
    assert dedupe_text.clean(text).count("surrogate") == 1


def test_same_result_in_a_fresh_process_with_other_hash_seeds() -> None:
    text = read_fixture("text/near-copy.txt") + read_fixture("text/teaser.txt")
    code = (
        "import sys, json, dedupe_text; t = sys.stdin.read(); r = dedupe_text.dedupe(t);"
        "print(json.dumps([r.text, r.to_dict()['removals']]))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "",
                            "PYTHONPATH": os.environ["PYTHONPATH"]}).stdout
        for seed in ("1", "2", "12345")
    }
    assert len(outputs) == 1


# --- dedupe_text.api, the facade under the CLI, and the JSON Lines helpers ----------------

PROSE = "A paragraph long enough to be judged on its own, about the harbour.\n"


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_a_utf16_bom_is_read_for_text_and_written_back(bom: bytes, codec: str) -> None:
    document = decode_document(bom + (PROSE * 2).encode(codec), filename="notes.txt")
    assert (document.format, document.text) == ("text", PROSE * 2)
    assert document.encode(PROSE) == bom + PROSE.encode(codec)


def test_text_without_a_bom_is_utf8_and_binary_is_refused() -> None:
    assert decode_document("café\n".encode()).text == "café\n"
    with pytest.raises(InputError, match="^a.bin: binary input"):
        decode_document(b"\x00\x01 data", filename="a.bin")


def test_text_that_decodes_to_a_lone_surrogate() -> None:
    with pytest.raises(InputError, match="^u.txt: utf-7 input decodes to a lone surrogate U\\+D800 at character 2"):
        decode_document(b"a +2AA- b", filename="u.txt", encoding="utf-7")
    assert decode_document(b"a +2AA- b", encoding="utf-7", errors="replace").text == "a \ufffd b"
    with pytest.raises(InputError, match="^-:3: utf-7 input decodes to a lone surrogate"):
        decode(b"a +2AA- b", "-:3", encoding="utf-7")


def test_an_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="format must be one of"):
        decode_document(b"x", format="pdf")


def test_document_ids_of_paths_are_resolved() -> None:
    assert document_id("a.txt") == document_id("./a.txt") == document_id("sub/../a.txt")


def test_keep_lines_name_the_paragraphs_on_them() -> None:
    text = "First line here.\n\nA paragraph\nthat wraps.\nLast one.\n"
    result = dedupe(text, format="markdown")
    assert keep_numbers_at(result, [3], text) == keep_numbers_at(result, [4], text) == (2,)
    with pytest.raises(ConfigError, match="keep: line 2 holds no paragraph"):
        keep_numbers_at(result, [2], text)


def test_a_job_keeps_the_paragraph_on_a_kept_line() -> None:
    text = PROSE + "Other.\n" + PROSE
    job = DedupeJob(DedupeConfig(), keep_lines=(3,))
    result, kept = job.dedupe_keeping(text, format="text", doc_id="-")
    assert result.text == text and kept == (3,)


def test_every_config_field_has_one_line_of_help() -> None:
    for f in dataclasses.fields(DedupeConfig):
        help_text = field_help(f.name)
        assert help_text.endswith(".") and "\n" not in help_text, f.name


def test_the_seed_is_bounded_by_32_bits() -> None:
    assert DedupeConfig(seed=MAX_SEED).seed == 2**32 - 1
    with pytest.raises(ConfigError, match="seed must be between 0 and 4294967295"):
        DedupeConfig(seed=MAX_SEED + 1)


def test_record_ids_come_from_the_id_field_or_the_text() -> None:
    fields = RecordFields(id_field="url")
    assert record_id({"url": "https://x/1"}, "t", fields, None) == "https://x/1"
    with pytest.raises(InputError, match="field 'url' missing"):
        record_id({}, "t", fields, None)
    with pytest.raises(InputError, match="not a document id"):
        record_id({"id": True}, "t", RecordFields(), None)
    derived = record_id({}, "same text", RecordFields(), None)
    assert derived == record_id({"other": 1}, "same text", RecordFields(), None)
    assert derived != record_id({}, "other text", RecordFields(), None)
    assert record_id({}, "t", RecordFields(), "batch:3") == "batch:3"


@pytest.mark.parametrize(("fields", "message"), [
    ({"explain_field": "text"}, "explain_field 'text' is the text field"),
    ({"explain_field": "k", "id_field": "k"}, "explain_field 'k' is the id field"),
    ({"id_field": "text"}, "id_field 'text' is the text field"),
    ({"explain_field": ""}, "explain_field must be a field name"),
])
def test_record_fields_that_would_collide_are_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RecordFields(**fields)


def test_clean_records_passes_each_record_its_id() -> None:
    seen: list[tuple[str, str]] = []

    def record(text: str, where: str, name: str):  # type: ignore[no-untyped-def]
        seen.append((where, name))
        return dedupe(text)

    lines = [b'{"id": "a", "text": "x"}\n', b'{"text": "y"}\n']
    outcomes = list(clean_records(lines, record, source="s", decode=lambda b, w: b.decode(), doc_id="batch"))
    assert [w for w, _ in outcomes] == ["s:1", "s:2"] and seen == [("s:1", "a"), ("s:2", "batch:2")]
