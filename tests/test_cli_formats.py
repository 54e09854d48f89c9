"""The --format option of the CLI: HTML and Markdown files in, the same format out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dedupe_text.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
P1 = "The mayor opened the new bridge over the river on Friday morning."


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(shutil.copytree(FIXTURES, tmp_path / "pages"))
    return tmp_path / "pages"


@pytest.mark.parametrize("name", ["article_twice.html", "h1_teaser.html", "code_post.md"])
def test_clean_detects_the_format_by_extension(pages: Path, name: str) -> None:
    result = invoke("clean", name)
    assert result.exit_code == 0
    expected = Path(name).with_name(f"{Path(name).stem}.expected{Path(name).suffix}")
    assert result.stdout_bytes == (pages / expected).read_bytes()


def test_clean_sniffs_html_on_stdin() -> None:
    page = f"<!DOCTYPE html>\n<p>{P1}</p>\n<p>{P1}</p>\n".encode()
    assert invoke("clean", input=page).stdout_bytes == f"<!DOCTYPE html>\n<p>{P1}</p>\n".encode()


def test_format_text_overrides_the_extension(pages: Path) -> None:
    page = f"<p>{P1}</p>\nOther line.\n<p>{P1}</p>\n"
    (pages / "one.html").write_text(page, encoding="utf-8")
    assert invoke("clean", "--format", "html", "one.html").stdout == f"<p>{P1}</p>\nOther line.\n"
    assert invoke("clean", "--format", "text", "one.html").stdout == f"<p>{P1}</p>\nOther line.\n"
    tagged = f"<p>{P1}</p><p>{P1}</p>\n"
    (pages / "two.html").write_text(tagged, encoding="utf-8")
    assert invoke("clean", "--format", "text", "two.html").stdout == tagged, "as text it is one line"
    assert invoke("clean", "two.html").stdout == f"<p>{P1}</p>\n"


def test_html_keeps_its_declared_encoding_byte_for_byte(pages: Path) -> None:
    page = f'<meta charset="windows-1251">\n<p>Привет! {P1}</p>\n<p>Привет! {P1}</p>\n'
    (pages / "ru.html").write_bytes(page.encode("windows-1251"))
    result = invoke("clean", "ru.html")
    assert result.exit_code == 0
    assert result.stdout_bytes == f'<meta charset="windows-1251">\n<p>Привет! {P1}</p>\n'.encode("windows-1251")
    in_place = invoke("clean", "--in-place", "ru.html")
    assert in_place.exit_code == 0 and (pages / "ru.html").read_bytes() == result.stdout_bytes


def test_check_reports_html_lines(pages: Path) -> None:
    result = invoke("check", "article_twice.html")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "article_twice.html:28: duplicate of line 19 (exact, 100.0)",
        "article_twice.html:29: duplicate of line 20 (exact, 100.0)",
        "article_twice.html:30: duplicate of line 25 (exact, 100.0)",
    ]
    assert invoke("check", "article_twice.expected.html").exit_code == 0


def test_report_json_carries_locators(pages: Path) -> None:
    result = invoke("report", "--input-format", "html", "--format", "json", "h1_teaser.html")
    doc = json.loads(result.stdout)
    assert [r["locator"] for r in doc["removals"]] == [
        "html > body > main:nth-of-type(1) > div:nth-of-type(1)",
        "html > body > main:nth-of-type(1) > h1:nth-of-type(1)",
    ]


def test_diff_of_markdown_shows_removed_lines_only(pages: Path) -> None:
    result = invoke("diff", "--format", "auto", "code_post.md")
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert "-**Retrying HTTP requests without tears**" in removed
    assert not any(line.startswith("+") and not line.startswith("+++") for line in result.stdout.splitlines())
    assert not any("print" in line or "sleep" in line for line in removed), "code is never removed"


def test_unknown_format_is_a_usage_error(pages: Path) -> None:
    result = invoke("clean", "--format", "pdf", "code_post.md")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
    assert "Traceback" not in result.output
