"""Write the --help of every dedupe-text command into docs/cli.md, or check that it is current.

    python tools/cli_docs.py           # rewrite the generated part of docs/cli.md
    python tools/cli_docs.py --check   # exit 1 if docs/cli.md and --help disagree
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from dedupe_text.cli import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
BEGIN = "<!-- BEGIN GENERATED: python tools/cli_docs.py -->"
END = "<!-- END GENERATED -->"
WIDTH = 100


def help_text(*command: str) -> str:
    """Return the --help output of ``dedupe-text COMMAND``, at a fixed width."""
    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="dedupe-text", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"dedupe-text {' '.join(command)} --help failed: {result.output}")
    return result.stdout


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """List every command under ``group`` (sub-groups included), in name order."""
    paths: list[tuple[str, ...]] = []
    for name in sorted(group.commands):
        paths.append((*prefix, name))
        command = group.commands[name]
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


def generated() -> str:
    """Return the Markdown block: the group's help, then each command's, in a code fence."""
    parts = [BEGIN]
    for path in [(), *command_paths(cli)]:
        title = " ".join(("dedupe-text", *path))
        parts += ["", f"### {title}", "", "```text", help_text(*path).rstrip(), "```"]
    return "\n".join([*parts, "", END])


def updated(document: str) -> str:
    """Return ``document`` with its generated block replaced by the live help."""
    head, _, rest = document.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + generated() + tail


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = updated(current)
    if "--check" in argv:
        if fresh != current:
            print(f"{DOC} is out of date: run python tools/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
