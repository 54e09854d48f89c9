"""The editors' review on the command line: --html, colour word diffs, --keep, --allow, --decisions."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from review_fixture import EXAMPLE, HOSTILE, SCRIPT

from dedupe_text.cli import cli
from dedupe_text.review import overruled, render_html, review

NEAR_WORDS = ("… Quay Road, where air quality has [-breached-] {+broken+} legal limits every winter since 2019. … we "
              "can do for the people [-who-] {+that+} breathe that air,\" [-said-] deputy mayor Ines [-Haldane.-] "
              "{+Haldane said.+}")


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def one_line_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], result.stderr


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The review fixture as story.txt in a scratch working directory."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "story.txt"
    path.write_text(EXAMPLE, encoding="utf-8")
    return path


def test_report_html_writes_the_library_page(story: Path) -> None:
    result = invoke("report", "story.txt", "--html", "out/story.html", "--keep", "12")
    assert result.exit_code == 0
    page = (story.parent / "out" / "story.html").read_text(encoding="utf-8")
    tool_saw = overruled(EXAMPLE, keep_numbers=[11])
    assert page == render_html(review(EXAMPLE, keep_numbers=[11]), title="story.txt", keep_numbers=[11],
                               overruled=tool_saw)
    assert result.stdout.startswith("story.txt: 17 paragraphs, 7 removed")
    (kept,) = tool_saw  # the page says what the editor overruled, on the kept paragraph and the one it repeats
    assert f"the tool found: <b>{kept.rule}</b>" in page and f"kept by editor</b>, is a {kept.rule} copy" in page


def test_report_html_of_hostile_stdin_is_escaped(story: Path) -> None:
    assert invoke("report", "-", "--html", "hostile.html", input=HOSTILE).exit_code == 0
    page = (story.parent / "hostile.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page
    assert "<title>Review: stdin</title>" in page and f'<p class="text">{html.escape(SCRIPT)}</p>' in page


def test_report_html_to_an_unwritable_place_is_one_line(story: Path) -> None:
    story.with_name("blocker").write_text("a file, not a directory")
    one_line_error(invoke("report", "story.txt", "--html", "blocker/page.html"), "blocker")


def test_report_shows_word_diffs_plain_when_piped_and_in_colour_on_request(story: Path) -> None:
    plain = invoke("report", "story.txt").stdout
    assert f"    words: {NEAR_WORDS}\n" in plain and "\x1b[" not in plain
    assert plain.count("    words: ") == 2
    coloured = invoke("report", "story.txt", "--color", "always", env={"NO_COLOR": "1"}).stdout
    assert "\x1b[9;31mwho\x1b[0m \x1b[4;32mthat\x1b[0m" in coloured
    assert invoke("report", "story.txt", "--color", "never").stdout == plain
    assert invoke("report", "story.txt", "--color", "auto", env={"NO_COLOR": ""}).stdout == plain


def on_a_terminal(args: list[str], no_color: str | None) -> str:
    """Run the command with stdout on a pseudo-terminal and return what it printed."""
    import pty

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "dedupe_text", *args], stdout=follower,
                               stderr=subprocess.PIPE, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_is_automatic_on_a_terminal_unless_no_color(story: Path) -> None:
    for command in ("report", "diff"):
        coloured = on_a_terminal([command, str(story)], no_color=None)
        assert "\x1b[9;31mwho\x1b[0m \x1b[4;32mthat\x1b[0m" in coloured, command
        assert "\x1b[" not in on_a_terminal([command, str(story)], no_color="1"), command


def test_diff_adds_word_diff_lines_only_in_colour(story: Path) -> None:
    piped = invoke("diff", "story.txt").stdout
    assert "\n~ " not in piped
    coloured = invoke("diff", "story.txt", "--color", "always").stdout
    tildes = [line for line in coloured.splitlines() if line.startswith("~ ")]
    assert [t.split(":")[0] for t in tildes] == ["~ vs line 6", "~ vs line 9"]
    assert "\x1b[9;31mwho\x1b[0m \x1b[4;32mthat\x1b[0m" in tildes[1]


def test_keep_takes_the_line_numbers_that_check_and_report_print(story: Path) -> None:
    checked = invoke("check", "story.txt")
    assert "story.txt:12: duplicate of line 9" in checked.stdout  # paragraph 11 starts at line 12
    assert "removed line 12" in invoke("report", "story.txt").stdout
    assert invoke("clean", "story.txt", "--keep", "12").stdout == review(EXAMPLE, keep_numbers=[11]).text
    assert invoke("clean", "story.txt", "--keep", "4,12").stdout == review(EXAMPLE, keep_numbers=[3, 11]).text
    kept = invoke("check", "story.txt", "--keep", "12")
    assert kept.exit_code == 1 and "story.txt:12:" not in kept.stdout and "story.txt:4:" in kept.stdout
    assert invoke("clean", "story.txt", "--keep", "first,12").stdout == review(EXAMPLE, keep_numbers=[11],
                                                                                keep="first").text


def test_keep_policy_and_lines_combine_and_save_paragraph_numbers(story: Path) -> None:
    doc = json.loads(invoke("report", "story.txt", "--keep", "last,12", "--to", "json").stdout)
    assert doc["config"]["keep"] == "last" and doc["keep"] == [11]
    assert 10 not in [r["index"] for r in doc["removals"]]
    assert doc["lines"][10] == 12


@pytest.mark.parametrize(("value", "message"), [
    ("bogus", "'bogus' is not one of complete, first, last, longest, nor line numbers like 3,11"),
    ("0", "'0' is not one of"),
    ("3,,4", "'3,,4' is not one of"),
    ("first,last", "'first,last' is not one of"),
    ("19", "story.txt: keep: line 19 holds no paragraph (paragraphs start at lines 1, 2, 4, 5,"),
    ("3", "story.txt: keep: line 3 holds no paragraph"),
])
def test_bad_keep_is_one_line(story: Path, value: str, message: str) -> None:
    one_line_error(invoke("clean", "story.txt", "--keep", value), message)


def test_allow_is_repeatable_and_reads_a_file(story: Path) -> None:
    both = review(EXAMPLE, allow=(r"^Reporting by", r"^Advertisement$")).text
    assert invoke("clean", "story.txt", "--allow", "^Reporting by", "--allow", "^Advertisement$").stdout == both
    story.with_name("house.allow").write_text("# standing lines\n^Reporting by\n\n^Advertisement$\n")
    assert invoke("clean", "story.txt", "--allow-file", "house.allow").stdout == both
    assert invoke("clean", "story.txt", "--allow", "^Reporting by", "--allow-file", "house.allow").stdout == both


def test_bad_allow_is_one_line(story: Path) -> None:
    one_line_error(invoke("clean", "story.txt", "--allow", "("),
                   "--allow pattern '(' is not a valid regular expression: missing ), unterminated")
    story.with_name("bad.allow").write_text("^fine\n[oops\n")
    one_line_error(invoke("clean", "story.txt", "--allow-file", "bad.allow"), "allow pattern '[oops' is not a valid")
    one_line_error(invoke("clean", "story.txt", "--allow-file", "missing.allow"), "cannot read missing.allow")


def save_decisions(story: Path, *options: str) -> Path:
    result = invoke("report", "story.txt", "--to", "json", *options)
    assert result.exit_code == 0
    path = story.with_name("story.decisions.json")
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_decisions_round_trip(story: Path) -> None:
    decisions = save_decisions(story, "--keep", "12", "--allow", "^Reporting by")
    result = invoke("clean", "story.txt", "--decisions", str(decisions))
    assert result.exit_code == 0
    assert result.stdout == review(EXAMPLE, keep_numbers=[11], allow=(r"^Reporting by",)).text


def test_decisions_edited_by_hand_keep_more(story: Path) -> None:
    decisions = save_decisions(story)
    doc = json.loads(decisions.read_text(encoding="utf-8"))
    doc["keep"] = [14]
    decisions.write_text(json.dumps(doc), encoding="utf-8")
    assert invoke("clean", "story.txt", "--decisions", str(decisions)).stdout.count("Advertisement") == 2


def test_decisions_refuse_a_changed_text_and_write_nothing(story: Path) -> None:
    decisions = save_decisions(story)
    story.write_text(EXAMPLE.replace("31 to 12", "31 to 11"), encoding="utf-8")
    result = invoke("clean", "story.txt", "--decisions", str(decisions), "-o", "clean.txt")
    one_line_error(result, "story.txt: the text has changed since these decisions were saved")
    assert "review it again" in result.stderr
    assert not story.with_name("clean.txt").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--keep", "11"], "--decisions re-applies saved decisions as they are"),
    (["--allow", "x"], "--decisions re-applies saved decisions as they are"),
    (["story.txt"], "--decisions applies to one FILE"),
    (["--jsonl"], "--decisions applies to one FILE"),
])
def test_decisions_misuse_is_one_line(story: Path, args: list[str], message: str) -> None:
    decisions = save_decisions(story)
    one_line_error(invoke("clean", "story.txt", "--decisions", str(decisions), *args), message)


def test_unreadable_or_malformed_decisions_are_one_line(story: Path) -> None:
    one_line_error(invoke("clean", "story.txt", "--decisions", "nope.json"), "cannot read nope.json")
    story.with_name("bad.json").write_text("{not json")
    one_line_error(invoke("clean", "story.txt", "--decisions", "bad.json"), "bad.json: decisions are not valid JSON")
    story.with_name("list.json").write_text("[]")
    one_line_error(invoke("clean", "story.txt", "--decisions", "list.json"), "decisions must be a JSON object")


FERRY = "The harbour ferry will run every twenty minutes from Monday, the operator said on Friday."
TICKETS = "Tickets bought before the change stay valid until the end of the month, it added."
PAGES = {
    "page.html": (f"<!doctype html>\n<html><body>\n<h1>Ferry timetable</h1>\n<p>{FERRY}</p>\n<p>{TICKETS}</p>\n"
                  f"<p>{FERRY}</p>\n<p>{TICKETS}</p>\n</body></html>\n", "html", 6),
    "post.md": (f"# Ferry timetable\n\n{FERRY}\n\n```\nrun every twenty minutes\nrun every twenty minutes\n```\n\n"
                f"{TICKETS}\n\n{FERRY}\n\n{TICKETS}\n", "markdown", 12),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_decisions_saved_from_html_and_markdown_re_apply(story: Path, name: str) -> None:
    text, fmt, kept_line = PAGES[name]
    story.with_name(name).write_text(text, encoding="utf-8")
    for keep in ((), ("--keep", str(kept_line))):
        saved = invoke("report", name, "--to", "json", *keep)
        assert saved.exit_code == 0, saved.output
        story.with_name("saved.json").write_text(saved.stdout, encoding="utf-8")
        result = invoke("clean", name, "--decisions", "saved.json")
        assert result.exit_code == 0, result.output
        numbers = json.loads(saved.stdout)["keep"]
        assert result.stdout == review(text, keep_numbers=numbers, format=fmt).text
        assert result.stdout.count(FERRY) == (2 if keep else 1) and result.stdout.count(TICKETS) == 1
