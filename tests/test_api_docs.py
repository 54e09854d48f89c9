"""docs/api.md is generated from the docstrings and must match them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_generator():
    spec = importlib.util.spec_from_file_location("api_docs", ROOT / "tools" / "api_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_page_matches_docstrings():
    generator = load_generator()
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == generator.render(), "docs/api.md is stale: run python tools/api_docs.py"


def test_api_page_names_every_export():
    import dedupe_text

    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in dedupe_text.__all__ if name != "__version__" and f"### `{name}`" not in page]
    assert missing == []


def test_docstring_markdown_fences_doctests():
    generator = load_generator()
    text = generator.docstring_markdown("Clean it.\n\n>>> clean('a')\n'a'\n\nAfter.")
    assert text.splitlines() == ["Clean it.", "", "```pycon", ">>> clean('a')", "'a'", "```", "", "After."]
