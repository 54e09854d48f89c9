"""The public API: functions, config validation, exceptions, determinism."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from conftest import read_fixture

import dedupe_text
from dedupe_text import ConfigError, DedupeConfig, DedupeError, Deduplicator, InputError


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
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2", "12345")
    }
    assert len(outputs) == 1
