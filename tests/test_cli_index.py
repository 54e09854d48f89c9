"""``clean --index`` and ``dedupe-text index stats|remove|clear``, through CliRunner."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from index_support import free_port, redis_url  # noqa: F401  (redis_url is a fixture)

from dedupe_text.cli import cli

WIRE = ("The regional water board announced on Monday that it would replace every lead pipe in the old town "
        "before the end of next year.\n")
FURNITURE = "Sign up for our newsletter to get the day's top stories.\n"


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Local story about the market.\n\n" + WIRE + "\n" + FURNITURE)
    (tmp_path / "b.txt").write_text(FURNITURE + "\nA harbour story of its own, long enough.\n\n" + WIRE)
    return tmp_path


def test_clean_with_an_index_drops_what_earlier_files_had(pages: Path) -> None:
    index = str(pages / "seen.db")
    first = invoke("clean", "--index", index, str(pages / "a.txt"))
    assert first.exit_code == 0 and first.stdout == (pages / "a.txt").read_text()
    second = invoke("clean", "--index", index, str(pages / "b.txt"))
    assert second.exit_code == 0 and second.stdout == "A harbour story of its own, long enough.\n"
    again = invoke("clean", "--index", index, str(pages / "a.txt"))
    assert again.stdout == (pages / "a.txt").read_text()


def test_clean_names_standard_input_by_doc_id(pages: Path) -> None:
    index = str(pages / "seen.db")
    invoke("clean", "--index", index, "--doc-id", "page-1", input=WIRE)
    assert invoke("clean", "--index", index, "--doc-id", "page-2", input=WIRE).stdout == ""
    assert invoke("clean", "--index", index, "--doc-id", "page-1", input=WIRE).stdout == WIRE


def test_index_stats_remove_and_clear(pages: Path) -> None:
    index = str(pages / "seen.db")
    invoke("clean", "--index", index, "--policy", "boilerplate:3", str(pages / "a.txt"), str(pages / "b.txt"))
    text = invoke("index", "stats", index)
    # b.txt carries a.txt's two shared paragraphs (boilerplate counts it) without a copy of its own
    assert text.exit_code == 0 and "paragraphs: 4\ndocuments: 2\npolicy: boilerplate(min_docs=3)\n" in text.stdout
    stats = json.loads(invoke("index", "stats", index, "--format", "json").stdout)
    assert (stats["paragraphs"], stats["documents"], stats["params"]["num_perm"]) == (4, 2, "64")
    removed = invoke("index", "remove", index, str(pages / "a.txt"), "nowhere")
    assert removed.stdout == f"{pages / 'a.txt'}: 3 paragraphs removed\nnowhere: 0 paragraphs removed\n"
    refused = invoke("index", "clear", index, input="n\n")
    assert refused.exit_code != 0 and json.loads(invoke("index", "stats", index, "--format", "json").stdout)[
        "documents"] == 1
    assert invoke("index", "clear", index, "--yes").stdout == f"{index}: cleared\n"
    assert "documents: 0" in invoke("index", "stats", index).stdout


def test_clean_and_index_commands_on_redis(pages: Path, redis_url: str) -> None:  # noqa: F811
    name = uuid.uuid4().hex
    invoke("clean", "--index", redis_url, "--index-name", name, str(pages / "a.txt"))
    second = invoke("clean", "--index", redis_url, "--index-name", name, str(pages / "b.txt"))
    assert second.stdout == "A harbour story of its own, long enough.\n"
    assert "backend: redis" in invoke("index", "stats", redis_url, "--name", name).stdout
    assert invoke("index", "clear", redis_url, "--name", name, "--yes").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["clean", "--index-name", "x"], "--index-name, --policy and --doc-id need --index"),
    (["clean", "--index", "{tmp}/i.db", "--policy", "often"], "--policy: policy must be first_seen or boilerplate:K"),
    (["clean", "--index", "{tmp}/i.db", "--num-perm", "128", "--lsh-bands", "32"], "built with other parameters"),
    (["index", "stats", "{tmp}/missing.db"], "no index at"),
    (["clean", "--index", "redis://127.0.0.1:{port}/0"], "cannot reach Redis at 127.0.0.1:{port}"),
])
def test_index_errors_are_one_line_and_exit_2(pages: Path, args: list[str], message: str) -> None:
    invoke("clean", "--index", str(pages / "i.db"), input=WIRE)
    port = str(free_port())
    result = invoke(*[a.replace("{tmp}", str(pages)).replace("{port}", port) for a in args], input=WIRE)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message.replace("{port}", port) in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1
