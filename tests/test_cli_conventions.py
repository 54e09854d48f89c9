"""The CLI behaves as its docs say and as users of other tools expect (issue 14's list, issue 15's CLI items)."""

from __future__ import annotations

import codecs
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import dedupe_text
from dedupe_text.cli import cli

PROSE = "A paragraph long enough to be judged on its own, about the harbour.\n"
ARTICLE = PROSE + "Something else entirely, said once.\n" + PROSE
CLEANED = PROSE + "Something else entirely, said once.\n"


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def one_line_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], result.stderr


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_no_arguments_prints_the_help_and_exits_0() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ") and "Commands:" in result.stdout
    assert "Error" not in result.output


def test_dash_output_is_stdout(workdir: Path) -> None:
    result = invoke("clean", "a.txt", "-o", "-")
    assert result.stdout == CLEANED and not (workdir / "-").exists()


def test_check_to_json_lists_every_removal_and_keeps_the_exit_status(workdir: Path) -> None:
    result = invoke("check", "--to", "json", "a.txt", "-")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["redundant"] == 1 and [f["file"] for f in doc["files"]] == ["a.txt", "-"]
    assert [(r["line"], r["duplicate_line"], r["rule"]) for r in doc["files"][0]["removals"]] == [(3, 1, "exact")]
    assert doc["files"][1]["removals"] == []
    assert invoke("check", "--to", "json", "-", input=CLEANED).exit_code == 0


def test_format_is_the_input_format_everywhere_and_report_output_is_to(workdir: Path) -> None:
    page = "<p>" + PROSE.strip() + "</p>\n<p>Other words.</p>\n<p>" + PROSE.strip() + "</p>\n"
    (workdir / "page.txt").write_text(page, encoding="utf-8")
    as_html = json.loads(invoke("report", "--format", "html", "--to", "json", "page.txt").stdout)
    assert as_html["paragraphs"] == 3 and len(as_html["removals"]) == 1
    old = json.loads(invoke("report", "--input-format", "html", "--format", "json", "page.txt").stdout)
    assert old == as_html, "the old spelling (--input-format IN --format json) still works"
    assert json.loads(invoke("report", "--format", "json", "a.txt").stdout)["removals"][0]["line"] == 3
    for command in ("clean", "check", "diff"):
        assert invoke(command, "--format", "html", "page.txt").exit_code in (0, 1)


def test_index_name_is_one_option_with_name_as_its_alias(workdir: Path) -> None:
    invoke("clean", "--index", "seen.db", "--index-name", "site", "a.txt")
    by_new = json.loads(invoke("index", "stats", "seen.db", "--index-name", "site", "--to", "json").stdout)
    by_old = json.loads(invoke("index", "stats", "seen.db", "--name", "site", "--format", "json").stdout)
    assert by_new == by_old and by_new["documents"] == 1


def test_a_utf16_file_with_a_bom_is_read_as_text_and_written_back_in_utf16(workdir: Path) -> None:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        (workdir / "u.txt").write_bytes(bom + ARTICLE.encode(codec))
        result = invoke("clean", "u.txt")
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes == bom + CLEANED.encode(codec)
        checked = invoke("check", "-", input=bom + ARTICLE.encode(codec))
        assert checked.stdout == "-:3: duplicate of line 1 (exact, 100.0)\n"


def test_utf16_html_on_stdin_is_sniffed_as_html() -> None:
    page = "<p>" + PROSE.strip() + "</p><p>Other words here.</p><p>" + PROSE.strip() + "</p>"
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    result = invoke("clean", input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == dedupe_text.formats.clean_bytes(data, format="html")


def test_fresh_output_files_are_not_flushed_one_by_one_but_replaced_ones_are(
        workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        (workdir / f"in{i}.txt").write_text(ARTICLE, encoding="utf-8")
    flushed: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (flushed.append(fd), real_fsync(fd))[1])
    files = [f"in{i}.txt" for i in range(5)]
    assert invoke("clean", "-q", *files, "-o", "out").exit_code == 0
    assert flushed == [] and all((workdir / "out" / f).read_text(encoding="utf-8") == CLEANED for f in files)
    assert invoke("clean", "-q", *files, "-o", "out").exit_code == 0
    assert len(flushed) == 5, "replacing an existing file stays atomic and durable"


def test_jsonl_records_are_named_by_their_id_field(workdir: Path) -> None:
    batch = "".join(json.dumps({"url": f"u{i}", "text": PROSE + f"Only in {i}."}) + "\n" for i in range(2))
    out = invoke("clean", "--jsonl", "--index", "seen.db", "--id-field", "url", input=batch)
    assert [json.loads(line)["text"] for line in out.stdout.splitlines()] == [PROSE + "Only in 0.", "Only in 1."]
    stats = json.loads(invoke("index", "stats", "seen.db", "--to", "json").stdout)
    assert stats["documents"] == 2
    missing = invoke("clean", "--jsonl", "--index", "seen.db", "--id-field", "url", input='{"text": "x"}\n')
    one_line_error(missing, "-:1: field 'url' missing (--id-field)")


def test_jsonl_batches_without_ids_never_overwrite_each_other(workdir: Path) -> None:
    first = json.dumps({"text": PROSE + "Only in the first batch."}) + "\n"
    second = json.dumps({"text": PROSE + "Only in the second batch."}) + "\n"
    invoke("clean", "--jsonl", "--index", "seen.db", input=first)
    invoke("clean", "--jsonl", "--index", "seen.db", input=second)
    assert json.loads(invoke("index", "stats", "seen.db", "--to", "json").stdout)["documents"] == 2
    again = invoke("clean", "--jsonl", "--index", "seen.db", input=first)
    assert again.stdout == first, "the first batch's record is still its own document, not a copy of the second"


def test_jsonl_default_id_field_is_id_when_present_and_doc_id_names_the_rest(workdir: Path) -> None:
    batch = json.dumps({"id": 7, "text": PROSE}) + "\n" + json.dumps({"text": "A record without an id."}) + "\n"
    invoke("clean", "--jsonl", "--index", "seen.db", "--doc-id", "batch-1", input=batch)
    removed = invoke("index", "remove", "seen.db", "7", "batch-1:2")
    assert removed.stdout == "7: 1 paragraph removed\nbatch-1:2: 1 paragraph removed\n"


def test_a_file_is_one_document_however_its_path_is_spelled(workdir: Path) -> None:
    """Issue 15's reproducer: ``./a.txt`` after ``a.txt`` used to empty the file."""
    assert invoke("clean", "-q", "-i", "--index", "seen.db", "a.txt").exit_code == 0
    assert invoke("clean", "-q", "-i", "--index", "seen.db", "./a.txt").exit_code == 0
    assert invoke("clean", "-q", "-i", "--index", "seen.db", str(workdir / "a.txt")).exit_code == 0
    assert (workdir / "a.txt").read_text(encoding="utf-8") == CLEANED
    assert invoke("index", "remove", "seen.db", "./a.txt").stdout == "./a.txt: 2 paragraphs removed\n"


def test_doc_id_names_the_one_input_and_is_refused_for_several(workdir: Path) -> None:
    (workdir / "b.txt").write_text(PROSE, encoding="utf-8")
    invoke("clean", "--index", "seen.db", "--doc-id", "https://example.org/a", "a.txt")
    assert invoke("index", "remove", "seen.db", "https://example.org/a").stdout.endswith("2 paragraphs removed\n")
    one_line_error(invoke("clean", "--index", "seen.db", "--doc-id", "x", "a.txt", "b.txt"), "--doc-id names one input")


def test_an_empty_index_location_is_refused(workdir: Path) -> None:
    one_line_error(invoke("clean", "--index", "", "a.txt"), "--index needs a file path or a redis:// URL")
    one_line_error(invoke("index", "stats", ""), "LOCATION must be an index file or a redis:// URL")


def test_a_missing_redis_extra_names_the_install_command(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "redis" or m.startswith(("redis.", "dedupe_text.index.redis"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "redis", None)  # what an install without the extra sees
    one_line_error(invoke("clean", "--index", "redis://127.0.0.1:1/0", "a.txt"),
                   "a Redis index needs the redis package: pip install 'dedupe-text[redis]'")


def test_misused_options_are_refused_before_the_index_is_created(workdir: Path) -> None:
    one_line_error(invoke("clean", "--index", "never.db", "--field", "body", "a.txt"), "need --jsonl")
    one_line_error(invoke("clean", "--index", "never.db", "--doc-id", "x", "a.txt", "a.txt"), "--doc-id names one")
    one_line_error(invoke("clean", "--index", "never.db", "--decisions", "d.json", "a.txt"),
                   "--decisions and --index cannot be used together")
    assert not (workdir / "never.db").exists()
