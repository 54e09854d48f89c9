"""The dedupe-text command line: every command, option group and error path, through CliRunner."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

import dedupe_text
from dedupe_text import DedupeConfig
from dedupe_text.api import DedupeJob
from dedupe_text.cli import cli
from dedupe_text.cli.output import use_color
from dedupe_text.config import field_help
from dedupe_text.review import text_sha256

DATA = Path(__file__).resolve().parent.parent / "fixtures" / "cli"
ARTICLE = "harbour.txt"
DUP = "A paragraph long enough to be judged on its own.\n"
TEXT = DUP + "Something else entirely.\n" + DUP


def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def golden(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the CLI fixtures, as the working directory."""
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_one_line_error(result: Result, fragment: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output


# --- clean ---------------------------------------------------------------------------


def test_clean_file_matches_golden(data_dir: Path) -> None:
    result = invoke("clean", ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == golden("harbour.clean.txt")


def test_clean_reads_stdin_without_file_and_with_dash() -> None:
    assert invoke("clean", input=TEXT).stdout == DUP + "Something else entirely.\n"
    assert invoke("clean", "-", input=TEXT).stdout == DUP + "Something else entirely.\n"


def test_clean_equals_library_clean(data_dir: Path) -> None:
    text = (data_dir / ARTICLE).read_text(encoding="utf-8")
    assert invoke("clean", ARTICLE).stdout == dedupe_text.clean(text)


def test_clean_keeps_crlf_and_missing_final_newline_byte_for_byte() -> None:
    raw = b"First line that repeats here.\r\nMiddle.\r\nFirst line that repeats here."
    result = CliRunner().invoke(cli, ["clean"], input=raw)
    assert result.stdout_bytes == b"First line that repeats here.\r\nMiddle."


def test_clean_without_duplicates_is_byte_identical(data_dir: Path) -> None:
    assert invoke("clean", "clean.txt").stdout_bytes == (data_dir / "clean.txt").read_bytes()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([DUP.strip(), "Other words.", "", "Q:", "A second, longer paragraph of prose."]),
                max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_clean_output_is_the_library_output(paragraphs: list[str], newline: str) -> None:
    text = newline.join(paragraphs)
    assert CliRunner().invoke(cli, ["clean"], input=text.encode()).stdout_bytes == dedupe_text.clean(text).encode()


def test_clean_several_files_to_stdout_in_order(data_dir: Path) -> None:
    result = invoke("clean", "clean.txt", ARTICLE)
    assert result.stdout == golden("clean.txt") + golden("harbour.clean.txt")
    assert "2 files" in result.stderr


def test_config_options_reach_the_library(data_dir: Path) -> None:
    text = (data_dir / ARTICLE).read_text(encoding="utf-8")
    for args, options in [(["--keep", "last"], {"keep": "last"}), (["--min-chars", "500"], {"min_chars": 500}),
                          (["--no-runs"], {"runs": False}), (["--near-threshold", "99.5"], {"near_threshold": 99.5})]:
        assert invoke("clean", *args, ARTICLE).stdout == dedupe_text.clean(text, **options), args
    assert invoke("clean", "--min-chars", "500", ARTICLE).stdout == text


def test_every_config_field_is_an_option_with_its_default() -> None:
    for command in ("clean", "check", "report", "diff"):
        params = {p.name: p for p in cli.commands[command].params}
        for f in dataclasses.fields(DedupeConfig):
            assert f.name in params, (command, f.name)
            assert params[f.name].default == f.default, (command, f.name)
            assert params[f.name].help.startswith(field_help(f.name)), (command, f.name)
    keep = next(p for p in cli.commands["clean"].params if p.name == "keep")
    assert isinstance(keep.type, click.Choice)
    assert list(keep.type.choices) == ["complete", "first", "last", "longest"]


def test_defaults_build_the_default_config() -> None:
    ctx = cli.commands["clean"].make_context("clean", [])
    options = {k: v for k, v in ctx.params.items() if k in {f.name for f in dataclasses.fields(DedupeConfig)}}
    assert DedupeConfig(**options) == DedupeConfig()


# --- output files and in-place -------------------------------------------------------


def test_output_file(data_dir: Path) -> None:
    result = invoke("clean", ARTICLE, "-o", "out.txt")
    assert result.exit_code == 0 and result.stdout == ""
    assert (data_dir / "out.txt").read_text(encoding="utf-8") == golden("harbour.clean.txt")


def test_output_directory_for_several_inputs_keeps_relative_paths(data_dir: Path) -> None:
    (data_dir / "in" / "sub").mkdir(parents=True)
    shutil.copy(data_dir / ARTICLE, data_dir / "in" / "a.txt")
    shutil.copy(data_dir / ARTICLE, data_dir / "in" / "sub" / "b.txt")
    shutil.copy(data_dir / ARTICLE, data_dir / "in" / "sub" / "skip.md")
    result = invoke("clean", "-r", "in", "-o", "out")
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(data_dir / "out")) for p in (data_dir / "out").rglob("*") if p.is_file())
    assert written == ["a.txt", os.path.join("sub", "b.txt")]
    assert (data_dir / "out" / "sub" / "b.txt").read_text(encoding="utf-8") == golden("harbour.clean.txt")


def test_directory_without_recursive_takes_top_level_and_glob(data_dir: Path) -> None:
    (data_dir / "in" / "sub").mkdir(parents=True)
    shutil.copy(data_dir / ARTICLE, data_dir / "in" / "a.md")
    shutil.copy(data_dir / ARTICLE, data_dir / "in" / "sub" / "b.md")
    result = invoke("check", "--glob", "*.md", "in")
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {os.path.join("in", "a.md")}


def test_output_collision_is_refused_before_writing(data_dir: Path) -> None:
    (data_dir / "x").mkdir()
    shutil.copy(data_dir / ARTICLE, data_dir / "x" / ARTICLE)
    result = invoke("clean", ARTICLE, f"x/{ARTICLE}", "-o", "out")
    assert_one_line_error(result, "would both be written to")
    assert not (data_dir / "out").exists()


def test_in_place_rewrites_and_keeps_permissions(data_dir: Path) -> None:
    path = data_dir / ARTICLE
    path.chmod(0o640)
    result = invoke("clean", "--in-place", ARTICLE)
    assert result.exit_code == 0 and result.stdout == ""
    assert path.read_text(encoding="utf-8") == golden("harbour.clean.txt")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_in_place_backup_keeps_the_original(data_dir: Path) -> None:
    result = invoke("clean", "-i", "--backup", ".orig", ARTICLE)
    assert result.exit_code == 0
    assert (data_dir / (ARTICLE + ".orig")).read_text(encoding="utf-8") == golden(ARTICLE)
    assert (data_dir / ARTICLE).read_text(encoding="utf-8") == golden("harbour.clean.txt")


def test_in_place_leaves_unchanged_files_untouched(data_dir: Path) -> None:
    path = data_dir / "clean.txt"
    os.utime(path, (1_000_000, 1_000_000))
    assert invoke("clean", "-i", "--backup", ".bak", "clean.txt").exit_code == 0
    assert path.stat().st_mtime == 1_000_000
    assert not (data_dir / "clean.txt.bak").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--in-place"], "--in-place needs FILE arguments"),
    (["--in-place", "-"], "--in-place needs FILE arguments"),
    (["--backup", ".b", ARTICLE], "--backup needs --in-place"),
    (["--in-place", "-o", "x.txt", ARTICLE], "cannot be used together"),
])
def test_in_place_misuse(data_dir: Path, args: list[str], message: str) -> None:
    assert_one_line_error(invoke("clean", *args, input=""), message)
    assert (data_dir / ARTICLE).read_text(encoding="utf-8") == golden(ARTICLE)


def test_interrupt_in_an_in_place_batch_keeps_done_files_and_the_current_one(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(data_dir / ARTICLE, data_dir / name)
    real = DedupeJob.dedupe_keeping

    def interrupt_on_b(self: DedupeJob, text: str, *, format: str, doc_id: str) -> tuple[dedupe_text.DedupeResult,
                                                                                            tuple[int, ...]]:
        if doc_id.endswith("b.txt"):
            raise KeyboardInterrupt
        return real(self, text, format=format, doc_id=doc_id)

    monkeypatch.setattr(DedupeJob, "dedupe_keeping", interrupt_on_b)
    result = invoke("clean", "-i", "a.txt", "b.txt", "c.txt")
    assert_one_line_error(result, "interrupted after 1 of 3 files", code=130)
    assert (data_dir / "a.txt").read_text(encoding="utf-8") == golden("harbour.clean.txt")
    assert (data_dir / "b.txt").read_text(encoding="utf-8") == golden(ARTICLE)
    assert (data_dir / "c.txt").read_text(encoding="utf-8") == golden(ARTICLE)


def test_interrupt_while_writing_leaves_the_original_and_no_temporary_file(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted_rename(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dedupe_text.files.os.replace", interrupted_rename)
    result = invoke("clean", "-i", ARTICLE)
    assert result.exit_code == 130
    assert (data_dir / ARTICLE).read_text(encoding="utf-8") == golden(ARTICLE)
    assert sorted(p.name for p in data_dir.iterdir()) == sorted(p.name for p in DATA.iterdir())


def test_unwritable_output_is_one_line(data_dir: Path) -> None:
    assert_one_line_error(invoke("clean", ARTICLE, "-o", f"{ARTICLE}/out.txt"), "cannot")
    assert_one_line_error(invoke("clean", ARTICLE, "clean.txt", "-o", ARTICLE), "not a directory")


# --- batches -------------------------------------------------------------------------


def test_batch_summary_quiet_and_verbose(data_dir: Path) -> None:
    result = invoke("clean", ARTICLE, "clean.txt", "-o", "out")
    assert result.stderr.strip() == "2 files, 12 paragraphs, 3 removed, 353 bytes saved"
    assert invoke("clean", "-q", ARTICLE, "clean.txt", "-o", "out2").stderr == ""
    verbose = invoke("clean", "-v", ARTICLE, "-o", "out3.txt").stderr.splitlines()
    assert verbose == [f"{ARTICLE}: 3 of 10 paragraphs removed", "1 file, 10 paragraphs, 3 removed, 353 bytes saved"]


def test_summary_bytes_saved_is_the_size_difference(data_dir: Path) -> None:
    saved = (data_dir / ARTICLE).stat().st_size - len(golden("harbour.clean.txt").encode())
    assert f"{saved} bytes saved" in invoke("clean", "-v", ARTICLE).stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(data_dir: Path) -> None:
    result = invoke("clean", ARTICLE, "clean.txt", "-o", "out")
    assert "dedupe-text" not in result.stderr and "%" not in result.stderr


def test_empty_directory_is_an_error(data_dir: Path) -> None:
    (data_dir / "empty").mkdir()
    assert_one_line_error(invoke("clean", "empty"), "no input files matched")


# --- check, report, diff -------------------------------------------------------------


def test_check_lists_duplicates_and_exits_1(data_dir: Path) -> None:
    result = invoke("check", ARTICLE)
    assert result.exit_code == 1
    assert result.stdout == golden("harbour.check.txt")


def test_check_quiet_tells_by_exit_status_alone(data_dir: Path) -> None:
    result = invoke("check", "-q", ARTICLE)
    assert result.exit_code == 1 and result.stdout == ""


def test_check_exits_0_when_clean(data_dir: Path) -> None:
    result = invoke("check", "clean.txt")
    assert result.exit_code == 0 and result.stdout == ""


def test_check_names_stdin_dash() -> None:
    assert invoke("check", input=TEXT).stdout == "-:3: duplicate of line 1 (exact, 100.0)\n"


def test_report_text_matches_golden(data_dir: Path) -> None:
    result = invoke("report", ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == golden("harbour.report.txt")


def test_report_json_is_to_dict_plus_file_and_lines(data_dir: Path) -> None:
    result = invoke("report", "--format", "json", ARTICLE)
    doc = json.loads(result.stdout)
    library = dedupe_text.dedupe(golden(ARTICLE))
    assert doc == {"version": 1, "file": ARTICLE, **json.loads(json.dumps(library.to_dict())),
                   "lines": [p.line for p in library.paragraphs], "input_sha256": text_sha256(golden(ARTICLE)),
                   "keep": []}
    assert [doc["lines"][r["index"]] for r in doc["removals"]] == [r["line"] for r in doc["removals"]]


def test_report_needs_exactly_one_file(data_dir: Path) -> None:
    assert invoke("report").exit_code == 2
    assert invoke("report", ARTICLE, "clean.txt").exit_code == 2


def test_diff_matches_golden_and_is_plain_when_piped(data_dir: Path) -> None:
    result = invoke("diff", ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == golden("harbour.diff")
    assert "\x1b[" not in result.stdout


def test_diff_colour_always_and_never(data_dir: Path) -> None:
    coloured = invoke("diff", "--color", "always", ARTICLE, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[31m-Harbour ferry service returns after winter repairs\x1b[0m\n" in coloured
    words = "~ vs line 7: … and could not carry cars or \x1b[9;31mbicycles.\x1b[0m \x1b[4;32mbikes.\x1b[0m\n"
    assert words in coloured
    assert click.unstyle(coloured.replace(words, "")) == golden("harbour.diff")
    assert invoke("diff", "--color", "never", ARTICLE).stdout == golden("harbour.diff")


class FakeTerminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_auto_colour_needs_a_terminal_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", FakeTerminal(True)) is True
    assert use_color("auto", FakeTerminal(False)) is False
    assert use_color("never", FakeTerminal(True)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", FakeTerminal(True)) is False
    assert use_color("always", FakeTerminal(False)) is True


def test_diff_of_clean_file_is_empty(data_dir: Path) -> None:
    assert invoke("diff", "clean.txt").stdout == ""


def test_diff_marks_a_missing_final_newline() -> None:
    out = invoke("diff", "-", input="Tail line that repeats.\nx\nTail line that repeats.").stdout
    assert "\n-Tail line that repeats.\n\\ No newline at end of file\n+x\n\\ No newline at end of file\n" in out


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["clean", "check", "report", "diff"])
def test_missing_file(data_dir: Path, command: str) -> None:
    assert_one_line_error(invoke(command, "nope.txt"), "nope.txt: no such file")


@pytest.mark.parametrize("command", ["report", "diff"])
def test_directory_where_a_file_is_expected(data_dir: Path, command: str) -> None:
    assert_one_line_error(invoke(command, "."), "is a directory")


def test_binary_input_is_refused(data_dir: Path) -> None:
    (data_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(invoke("clean", "image.txt"), "binary input")


def test_invalid_utf8_is_refused_by_default_and_replaced_on_request(data_dir: Path) -> None:
    (data_dir / "latin.txt").write_bytes("Caf\u00e9 au lait, a long paragraph.\n".encode("latin-1") * 2)
    assert_one_line_error(invoke("clean", "latin.txt"), "latin.txt: not valid utf-8 at byte 3")
    replaced = invoke("clean", "--errors", "replace", "latin.txt")
    assert replaced.stdout == "Caf\ufffd au lait, a long paragraph.\n"


def test_encoding_round_trips_the_input_bytes(data_dir: Path) -> None:
    line = "Caf\u00e9 au lait, a long paragraph.\n".encode("latin-1")
    (data_dir / "latin.txt").write_bytes(line * 2)
    assert invoke("clean", "--encoding", "latin-1", "latin.txt").stdout_bytes == line


def test_unknown_encoding(data_dir: Path) -> None:
    assert_one_line_error(invoke("clean", "--encoding", "klingon", ARTICLE), "unknown encoding 'klingon'")


@pytest.mark.parametrize(("args", "message"), [
    (["--keep", "bogus"], "'bogus' is not one of"),
    (["--near-threshold", "abc"], "'abc' is not a valid float"),
    (["--near-threshold", "150"], "--near-threshold must be above 0 and at most 100, got 150"),
    (["--num-perm", "10"], f"--lsh-bands must be between 1 and 10, got {DedupeConfig().lsh_bands}"),
    (["--num-perm", "64", "--lsh-bands", "10"], "--num-perm must be a multiple of --lsh-bands"),
    (["--errors", "ignore"], "'ignore' is not one of"),
    (["--bogus-option"], "No such option '--bogus-option'"),
])
def test_bad_option_values_are_one_line(data_dir: Path, args: list[str], message: str) -> None:
    assert_one_line_error(invoke("clean", *args, ARTICLE), message)


def test_permission_denied_is_one_line(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: str, mode: str = "r") -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("builtins.open", denied)
    assert_one_line_error(invoke("check", ARTICLE), f"{ARTICLE}: permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_on_a_real_file(data_dir: Path) -> None:
    (data_dir / ARTICLE).chmod(0)
    assert_one_line_error(invoke("clean", ARTICLE), "permission denied")


def test_version_and_help() -> None:
    assert invoke("--version").stdout == f"dedupe-text, version {dedupe_text.__version__}\n"
    for command in ("clean", "check", "report", "diff"):
        text = invoke(command, "--help").stdout
        assert "Examples:" in text and f"dedupe-text {command}" in text


@pytest.mark.parametrize("command", ["clean", "check", "report", "diff"])
def test_input_longer_than_max_chars_is_one_line(data_dir: Path, command: str) -> None:
    assert_one_line_error(invoke(command, "--max-chars", "100", ARTICLE), f"{ARTICLE}: text is")


def test_any_other_library_error_is_one_line(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(self: DedupeJob, text: str, *, format: str, doc_id: str) -> tuple[dedupe_text.DedupeResult,
                                                                                         tuple[int, ...]]:
        raise dedupe_text.IndexBackendError("index at redis://localhost:1 cannot be reached")

    monkeypatch.setattr(DedupeJob, "dedupe_keeping", unreachable)
    assert_one_line_error(invoke("check", ARTICLE), "index at redis://localhost:1 cannot be reached")


def test_make_job_refuses_an_option_it_does_not_read() -> None:
    from dedupe_text.cli.options import make_job

    params = cli.commands["check"].make_context("check", []).params
    detection = {k: v for k, v in params.items() if k not in {"files", "recursive", "pattern", "quiet", "verbose"}}
    detection.pop("output_format")
    assert make_job(dict(detection))[0].config == DedupeConfig()
    with pytest.raises(TypeError, match="does not read: forgotten"):
        make_job({**detection, "forgotten": 1})


def test_a_character_the_input_encoding_cannot_write_back_is_named_with_the_file() -> None:
    from dedupe_text.cli.errors import UserError, about
    from dedupe_text.formats import decode_document

    document = decode_document(b"plain words", filename="a.txt", encoding="ascii")
    with pytest.raises(UserError, match=r"^a\.txt: cannot write character 'é' as ascii$"), about("a.txt"):
        document.encode("é")
