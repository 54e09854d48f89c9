"""Hostile input and faults on the command line: each case is one line on stderr and a documented status.

One case per CLI failure of issue 16, inputs generated at test time (nothing large is stored).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dedupe_text.cli import cli

PROSE = "A paragraph long enough to be judged on its own, about the harbour.\n"
ARTICLE = PROSE + "Something else entirely, said once.\n" + PROSE


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def one_line_error(result: Result, fragment: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], result.stderr
    assert "Traceback" not in result.output


def run(args: list[str], stdout: int | object) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m dedupe_text ARGS`` with the given stdout, capturing stderr."""
    return subprocess.run([sys.executable, "-m", "dedupe_text", *args], stdout=stdout,  # type: ignore[call-overload]
                          stderr=subprocess.PIPE, check=False)


DEEP = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
LONG_INT = '{"text": "words", "n": ' + "7" * 4_301 + "}\n"
GOOD = json.dumps({"text": PROSE + PROSE}) + "\n"


@pytest.mark.parametrize(("record", "fragment"), [
    (DEEP, "-:1: JSON nested too deeply to read"),
    (LONG_INT, "-:1: JSON that cannot be read: Exceeds the limit (4300 digits)"),
    ('{"text": "alone \\ud800 here"}\n', "-:1: field 'text' holds a lone surrogate \\ud800"),
])
def test_unreadable_records_fail_in_one_line_or_are_skipped(record: str, fragment: str) -> None:
    one_line_error(invoke("clean", "--jsonl", input=record), fragment)
    skipped = invoke("clean", "--jsonl", "--on-error", "skip", input=record + GOOD)
    assert skipped.exit_code == 0
    assert skipped.stdout == json.dumps({"text": PROSE}) + "\n"
    assert f"skipped {fragment}" in skipped.stderr and "1 bad records skipped" in skipped.stderr


def test_a_lone_surrogate_in_another_field_is_written_back_as_its_escape() -> None:
    result = invoke("clean", "--jsonl", input='{"note": "\\udc00", "text": "x"}\n')
    assert result.exit_code == 0 and result.stdout == '{"note": "\\udc00", "text": "x"}\n'


def test_a_seed_past_32_bits_is_refused() -> None:
    long_document = "".join(f"Paragraph number {i} has words of its own, {i * 7}.\n" for i in range(320))
    one_line_error(invoke("clean", "--seed", "4294967296", input=long_document),
                   "--seed must be between 0 and 4294967295, got 4294967296")
    assert invoke("clean", "--seed", "4294967295", input=long_document).exit_code == 0


def test_a_policy_count_that_is_a_digit_but_not_a_number(tmp_path: Path) -> None:
    one_line_error(invoke("clean", "--index", str(tmp_path / "seen.db"), "--policy", "boilerplate:²", input=ARTICLE),
                   "--policy: policy must be first_seen or boilerplate:K, got 'boilerplate:²'")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["clean", "check", "report", "diff"])
def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = run([command, str(tmp_path / "a.txt")], full)
    assert done.returncode == 2
    assert done.stderr == b"Error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("command", ["clean", "check", "report", "diff"])
def test_a_closed_stdout_is_one_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(f'"{sys.executable}" -m dedupe_text {command} a.txt >&-', shell=True, cwd=tmp_path,
                          capture_output=True, check=False)
    assert done.returncode == 2
    assert done.stderr == b"Error: cannot write to standard output: it is closed\n"


@pytest.mark.parametrize("command", [["clean"], ["check"], ["report"], ["report", "--to", "json"], ["diff"]])
def test_a_broken_pipe_exits_1_quietly(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        done = run([*command, str(tmp_path / "a.txt")], write_end)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, b"")


UTF7 = "Breaking: +2AA- the harbour reopens.\n".encode("ascii")


@pytest.mark.parametrize("command", [["report"], ["report", "--to", "json"], ["report", "--html", "page.html"],
                                     ["diff"], ["check"], ["clean"]])
def test_utf7_text_that_decodes_to_a_lone_surrogate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("u.txt").write_bytes(UTF7)
    one_line_error(invoke(*command, "--encoding", "utf-7", "u.txt"),
                   "u.txt: utf-7 input decodes to a lone surrogate U+D800 at character 10")
    replaced = invoke(*command, "--encoding", "utf-7", "--errors", "replace", "u.txt")
    assert replaced.exit_code == 0 and "Traceback" not in replaced.output


def test_ctrl_c_while_python_imports_the_library_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    probe = (
        "import sys\n"
        "class CtrlC:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'rapidfuzz':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, CtrlC())\n"
        "sys.argv = ['dedupe-text', 'clean', sys.argv[1]]\n"
        "from dedupe_text.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "a.txt")], capture_output=True, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (130, b"Error: interrupted\n", b"")


@pytest.mark.parametrize("command", ["check", "report", "diff", "clean"])
def test_ctrl_c_during_a_command_has_no_blank_line_before_the_error(
        command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe_text.api import DedupeJob

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(DedupeJob, "dedupe_keeping", interrupted)
    result = invoke(command, "-", input=ARTICLE)
    assert result.exit_code == 130 and result.stderr.startswith("Error: interrupted")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("args", "fragment"), [
    (["--explain-field", "text"], "--explain-field 'text' is the text field; name a new field"),
    (["--field", "body", "--explain-field", "body"], "--explain-field 'body' is the text field"),
    (["--id-field", "url", "--explain-field", "url"], "--explain-field 'url' is the id field"),
])
def test_an_explain_field_that_would_overwrite_the_text_is_refused(args: list[str], fragment: str) -> None:
    one_line_error(invoke("clean", "--jsonl", *args, input=GOOD.replace('"text"', '"body"', 0)), fragment)


def test_an_explain_field_the_record_already_has_is_a_bad_record() -> None:
    record = json.dumps({"text": PROSE, "removed": "the editor's note"}) + "\n"
    one_line_error(invoke("clean", "--jsonl", "--explain-field", "removed", input=record),
                   "-:1: field 'removed' already exists; --explain-field must name a new field")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_in_place_refuses_a_fifo_before_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "dedupe_text", "clean", "--in-place", str(fifo)],
                          capture_output=True, check=False, timeout=120)  # reading the FIFO would wait for ever
    assert done.returncode == 2
    assert done.stderr == f"Error: {fifo}: is a FIFO; only a regular file can be rewritten in place\n".encode()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_is_refused_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo("out.txt")
    one_line_error(invoke("clean", "a.txt", "-o", "out.txt"), "out.txt: is a FIFO")
    assert stat.S_ISFIFO(os.stat("out.txt").st_mode)


@pytest.mark.parametrize("command", [["check", "--to", "json"], ["report", "--to", "json"]])
def test_json_output_is_json_whatever_stdout_can_hold(tmp_path: Path, command: list[str]) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"  # not UTF-8: Python names it with a lone surrogate
    with open(name, "wb") as f:
        f.write((("Caf\u00e9: " + PROSE) * 2).encode("utf-8"))
    for encoding in ("utf-8", "ascii"):
        done = subprocess.run([sys.executable, "-m", "dedupe_text", *command, name], capture_output=True, check=False,
                              env={**os.environ, "PYTHONIOENCODING": encoding})
        assert done.returncode in (0, 1) and done.stderr == b""
        assert b"caf\\udce9.txt" in done.stdout  # the lone surrogate as its JSON escape
        document = json.loads(done.stdout.decode(encoding))
        found = document if command[0] == "report" else document["files"][0]
        assert os.fsencode(found["file"]) == name and found["removals"][0]["text"] == "Caf\u00e9: " + PROSE.strip()


@pytest.mark.parametrize(("command", "shown"), [
    (["report"], "removed line 4 (exact, similarity 100.0, containment 100.0): The ferry \ufffd runs"),
    (["report", "--to", "json"], ""), (["check", "--to", "json"], ""), (["clean"], ""),
    (["check"], "page.html:4: duplicate of line 2 (exact, 100.0)"),
    (["diff"], "\n-<p>The ferry \\udc81 runs"),  # a patch: the byte's escape, not a guess at it
    (["diff", "--color", "always"], "\x1b[31m-<p>The ferry \ufffd runs"),
])
def test_undecodable_html_bytes_print_in_every_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    command: list[str], shown: str) -> None:
    monkeypatch.chdir(tmp_path)
    para = "<p>The ferry \x81 runs every twenty minutes from Monday, the operator said on Friday.</p>\n"
    page = ('<meta charset="windows-1252">\n' + para + "<p>Tickets stay valid.</p>\n" + para).encode("latin-1")
    Path("page.html").write_bytes(page)  # byte 0x81 means nothing in windows-1252: kept as a lone surrogate
    result = CliRunner().invoke(cli, [*command, "page.html"], catch_exceptions=False)
    assert result.exit_code in (0, 1) and result.stderr == ""
    if command == ["clean"]:
        assert result.stdout_bytes == page[:page.rindex(b"<p>The ferry")]
    elif "json" in command:
        removals = json.loads(result.stdout).get("removals") or json.loads(result.stdout)["files"][0]["removals"]
        assert [r["line"] for r in removals] == [4]
    else:
        assert shown in result.stdout
