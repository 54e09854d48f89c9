"""The benchmark helpers: script contract, synthetic documents, scoring identical to score.py."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import dedupe_text

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
ARTICLES = [
    ["Harbour Bridge reopens after six weeks of repairs",
     "The bridge carried its first cars at dawn on Monday, two days ahead of the published schedule.",
     "Engineers replaced forty steel cables and resurfaced the whole deck over the six weeks."],
    ["Library extends its opening hours for the exam season",
     "From next week the reading rooms stay open until midnight on weekdays and until ten at weekends.",
     "Students had asked for longer hours in a petition signed by more than two thousand people."],
]


@pytest.fixture
def benchlib(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("benchlib")


@pytest.mark.parametrize("script", sorted(BENCH.glob("bench_*.py")), ids=lambda p: p.name)
def test_every_benchmark_has_main_and_quick(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    mains = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main"]
    assert mains and mains[0].args.args and mains[0].args.args[0].arg == "argv"
    assert mains[0].args.defaults, "main(argv=None)"
    assert '"--quick"' in script.read_text(encoding="utf-8")


def test_run_all_discovers_benchmarks_by_name(benchlib, monkeypatch):
    run_all = importlib.import_module("run_all")
    found = [p.name for p in run_all.discover()]
    assert found == sorted(p.name for p in BENCH.glob("bench_*.py"))
    assert [p.name for p in run_all.discover(["speed"])] == ["bench_speed.py"]
    with pytest.raises(SystemExit, match="no benchmark named nothing"):
        run_all.discover(["nothing"])


def test_table_renders_markdown(benchlib):
    assert benchlib.table(["a", "b"], [[1, 0.5], ["x", 2]]).splitlines() == [
        "| a | b |", "|---|---|", "| 1 | 0.500 |", "| x | 2 |"]


def test_synthetic_document_is_deterministic_and_exact_in_size(benchlib):
    doc = benchlib.SyntheticDocument(ARTICLES, seed=3, copy_share=0.3)
    text = doc.by_count(50)
    assert text == benchlib.SyntheticDocument(ARTICLES, seed=3, copy_share=0.3).by_count(50)
    assert len(text.splitlines()) == 50
    assert len(doc.by_size(2000)) >= 2000


def test_synthetic_document_plants_copies_that_dedupe_text_removes(benchlib):
    lines = benchlib.SyntheticDocument(ARTICLES, seed=5, copy_share=0.3).by_count(60).splitlines()
    repeated = len(lines) - len(set(lines))
    assert repeated > 0
    kept = dedupe_text.clean("\n".join(lines) + "\n").splitlines()
    assert len(kept) <= len(lines) - repeated
    assert set(kept) <= set(lines)


def test_scores_match_score_py(benchlib, tmp_path):
    kit = benchlib.Evaluation.find()
    if kit is None:
        pytest.skip("../shared/eval is not beside the checkout")
    cases = kit.head(kit.dev_cases, 30, tmp_path / "cases.jsonl")
    argv = [sys.executable, str(kit.folder / "score.py"), str(cases), "--func", "baselines:exact", "--json"]
    printed = json.loads(subprocess.run(argv, cwd=kit.folder, capture_output=True, text=True, check=True).stdout)
    ours = kit.score(cases, kit.baselines.exact)
    printed.pop("seconds")
    ours.pop("seconds")
    assert ours == printed
