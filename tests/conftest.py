"""Shared test helpers: where the fixtures and the evaluation data live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (a red CI is then a real regression,
# reproducible anywhere); HYPOTHESIS_PROFILE=explore draws new ones, 1,000 a test that does not
# set its own count, to hunt for bugs.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_FIXTURES = FIXTURES / "text"
SHARED = ROOT.parent / "shared"

# The review tests import their helpers beside them (review_fixture, browser).
sys.path.insert(0, str(ROOT / "tests"))
# Child processes (python -m dedupe_text, python -c, often run in a scratch directory) import
# this checkout's package, not whichever one the virtual environment happens to have installed.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)


def read_fixture(name: str) -> str:
    """Read a fixture exactly as stored (no newline translation)."""
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture
def shared() -> Path:
    """The evaluation data beside the project; skip when this checkout has none."""
    if not (SHARED / "eval" / "dev_cases.jsonl").exists():
        pytest.skip(f"evaluation data not found at {SHARED} (it lives beside the project, outside the repo)")
    return SHARED
