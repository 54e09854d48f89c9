"""Real text beside the project: the seed article and the labelled evaluation cases."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import dedupe_text


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_article(shared: Path) -> None:
    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    result = dedupe_text.dedupe(text)
    kept = [result.paragraphs[i].text for i in result.kept]
    assert kept == [lines[0], lines[1], *lines[4:11]]  # line 1, first title, subtitle, six body paragraphs
    assert [(r.line, r.duplicate_line) for r in result.removals] == [
        (4, 2), (12, 7), (13, 8), (14, 9), (15, 10), (16, 11),
    ]
    assert all(result.paragraphs[r.duplicate_of].text.strip("*") == r.text.strip("*") for r in result.removals)
    assert result.text.startswith(lines[0] + "\n" + lines[1] + "\n")


def test_dev_cases_reach_the_bar(shared: Path) -> None:
    scorer = load_scorer(shared)
    totals = dict(need=0, removed=0, correct=0, lost=0, mangled=0, worse=0, disorder=0, perfect=0, cases=0)
    with open(shared / "eval" / "dev_cases.jsonl", encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            r = scorer.score_case(case, dedupe_text.clean(case["input"]))
            for k in ("need", "removed", "correct", "lost", "mangled", "worse", "perfect"):
                totals[k] += r[k]
            totals["disorder"] += not r["in_order"]
            totals["cases"] += 1
    assert totals["lost"] == 0 and totals["mangled"] == 0 and totals["disorder"] == 0
    assert totals["correct"] / totals["removed"] >= 0.999
    assert totals["correct"] / totals["need"] >= 0.99
    assert totals["perfect"] / totals["cases"] >= 0.97
    assert totals["worse"] <= 10


def test_candidate_paths_agree_on_real_cases(shared: Path) -> None:
    with open(shared / "eval" / "dev_cases.jsonl", encoding="utf-8") as f:
        cases = [json.loads(line)["input"] for line in f][:300]
    assert all(dedupe_text.clean(c, all_pairs_max=0) == dedupe_text.clean(c) for c in cases)
