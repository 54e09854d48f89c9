"""docs/cli.md carries the live --help of every command."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from dedupe_text.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "tools" / "cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_md_matches_the_live_help() -> None:
    tool = load_tool()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert tool.updated(current) == current, "docs/cli.md is out of date: run python tools/cli_docs.py"


def test_every_command_is_documented_with_help_and_examples() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"### dedupe-text {name}\n" in doc
        assert command.help and "Examples:" in command.help
        for param in command.params:
            assert getattr(param, "help", None) or param.param_type_name == "argument", (name, param.name)


def test_the_check_fails_on_a_stale_document() -> None:
    tool = load_tool()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    stale = current.replace("Show what clean would remove", "Show what clean used to remove")
    assert tool.updated(stale) != stale
