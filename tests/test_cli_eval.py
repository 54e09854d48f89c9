"""The command line scores exactly like the library on the shared dev cases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
BIN = Path(sys.executable).parent
EVERY = 20
"""Take every 20th dev case: 50 cases spread over all kinds, a few seconds of processes."""


def score(cases: Path, *how: str) -> dict[str, object]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, str(SHARED / "score.py"), str(cases), *how, "--json"],
                          capture_output=True, text=True, check=True, env=env)
    figures = json.loads(done.stdout)
    figures.pop("seconds")
    return figures


@pytest.mark.skipif(not (SHARED / "score.py").exists(), reason=f"{SHARED} (the shared evaluation set) is absent")
@pytest.mark.skipif(shutil.which("dedupe-text", path=str(BIN)) is None,
                    reason="the dedupe-text script is not installed beside this Python")
def test_cli_scores_like_the_library(tmp_path: Path) -> None:
    lines = (SHARED / "dev_cases.jsonl").read_text(encoding="utf-8").splitlines()[::EVERY]
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_function = score(cases, "--func", "dedupe_text:clean")
    by_command = score(cases, "--cmd", "dedupe-text clean")
    assert by_command["errors"] == 0
    assert by_command == by_function
    assert by_function["cases"] == len(lines)
