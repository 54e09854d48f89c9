"""The docs stay true to the code: links resolve, every option is documented with its default."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from dedupe_text import DedupeConfig

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("docs/*.md"), ROOT / "README.md", ROOT / "benchmarks" / "README.md"])
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", flags=re.S)
"""Fenced blocks and inline code: a link written there is an example, not a link."""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    text = CODE.sub("", page.read_text(encoding="utf-8"))
    targets = [t for t in LINK.findall(text) if "://" not in t and not t.startswith("mailto:")]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert missing == []


def test_tuning_documents_every_field_with_its_default():
    text = (ROOT / "docs" / "tuning.md").read_text(encoding="utf-8")
    rows: dict[str, str] = {}
    for name, default in re.findall(r"^\| `(\w+)` \| `?([^`|]+?)`? \|", text, flags=re.M):
        rows.setdefault(name, default)  # the option tables come before the sweep tables
    defaults = {f.name: f.default for f in dataclasses.fields(DedupeConfig)}
    assert set(rows) == set(defaults)
    for name, default in defaults.items():
        shown = f'"{default}"' if isinstance(default, str) else f"{default:g}" if isinstance(default, float) else str(
            default)
        assert rows[name] == shown, name


def test_how_it_works_diagram_names_the_stages_in_order():
    text = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    stages = ["segment", "normalize", "fingerprint", "candidates", "confirm", "choose", "emit"]
    positions = [diagram.index(f"[{stage}") for stage in stages]
    assert positions == sorted(positions)
    for stage in stages:
        assert (ROOT / "dedupe_text" / f"{stage}.py").exists()
