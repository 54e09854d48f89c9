"""The benchmark helpers: script contract, synthetic documents, scoring identical to score.py."""

from __future__ import annotations

import ast
import importlib
import json
import random
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
def test_every_benchmark_runs_as_a_script_with_main(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body)
    assert any(isinstance(n, ast.If) and "__main__" in ast.unparse(n.test) for n in tree.body)


def test_run_all_passes_quick_only_to_scripts_that_take_it(benchlib, tmp_path):
    run_all = importlib.import_module("run_all")
    plain = tmp_path / "bench_plain.py"
    plain.write_text("import sys\nprint('## Plain', sys.argv[1:])\n")
    quick = tmp_path / "bench_quick.py"
    quick.write_text("import sys\n# accepts \"--quick\"\nprint('## Quick', sys.argv[1:])\n")
    text, ok = run_all.run(plain, True, 60)
    assert ok and text.startswith("## Plain []\n\n_bench_plain.py: ")
    text, ok = run_all.run(quick, True, 60)
    assert ok and text.startswith("## Quick ['--quick']\n\n_bench_quick.py (--quick): ")
    failing = tmp_path / "bench_fail.py"
    failing.write_text("raise SystemExit('broken data')\n")
    text, ok = run_all.run(failing, False, 60)
    assert not ok and "bench_fail.py failed" in text and "broken data" in text


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


def test_index_benchmark_prints_both_systems_and_their_ratio(shared):
    argv = [sys.executable, str(BENCH / "bench_index.py"), "--only", "throughput", "--sizes", "5000",
            "--systems", "embedded,datasketch-naive"]
    printed = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    rows = [line.split(" | ") for line in printed.splitlines() if line.startswith("| 5,000 |")]
    assert [r[1] for r in rows[:2]] == ["embedded", "datasketch-naive"]
    recall = float(rows[0][8])
    assert 0.98 <= recall <= 1.0
    assert len(rows) == 3 and rows[2][1].endswith("x") and rows[2][3].endswith("x")  # the ratio table
    lowest, highest = (float(x.rstrip("x")) for x in rows[2][4].split("-"))
    assert 0 < lowest <= float(rows[2][3].rstrip("x")) <= highest  # all rounds together lie within the rounds


def test_an_edit_stops_when_a_deletion_leaves_only_numbers(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    corpus = importlib.import_module("corpus")
    outcomes = {corpus.edit_words("12 word 34 56", 3, random.Random(seed), ["new"]) for seed in range(60)}
    assert "12 34 56" in outcomes  # the only word deleted: the remaining edits had nothing to change
    assert all(set("12 34 56".split()) <= set(text.split()) for text in outcomes)  # numbers are never edited


@pytest.fixture
def adversarial(benchlib):
    return importlib.import_module("bench_adversarial")


def test_every_hostile_input_is_built_deterministically_near_its_size(adversarial):
    for case in adversarial.CASES:
        text, shape = case.build(5000)
        assert (text, shape) == case.build(5000), case.name
        assert 2500 <= len(text) <= 30_000 and shape, case.name  # long paragraphs come whole (~10,000 chars)
        assert case.baseline in adversarial.BY_NAME and adversarial.BY_NAME[case.baseline].is_prose


def test_adversarial_benchmark_prints_each_case_at_both_sizes_beside_its_prose(adversarial):
    only = ["emphasis runs `**a `", "sibling `<p>` blocks", "deep nesting (jsonl JSON)"]
    argv = [sys.executable, str(BENCH / "bench_adversarial.py"), "--sizes", "1000,2000", "--timeout", "120"]
    argv += [arg for name in only for arg in ("--only", name)]
    printed = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    tables = [block.splitlines() for block in printed.split("\n\n") if block.startswith("| ")]
    assert len(tables) == 2  # every case, then the worst figures
    cases, worst = tables
    assert {line.count(" | ") for line in cases[:1] + cases[2:]} == {10}  # 11 columns in every row
    rows = [line.strip("| ").split(" | ") for line in cases[2:]]
    expected = ["prose", "prose (html)", "prose (jsonl)", *only]
    assert sorted({r[0] for r in rows}) == sorted(expected) and len(rows) == 2 * len(expected)
    for first, second in zip(rows[::2], rows[1::2]):
        assert first[0] == second[0] and first[6] == "-" and second[6].endswith("x")  # growth: on size 2 only
        assert (first[7] == "-") == (first[0].startswith("prose"))  # per char vs prose: hostile rows only
    assert [line.split(" | ")[0] for line in worst[2:]] == [
        "| worst time per char vs prose (target: 20x)", "| worst memory per char (bytes above the process's own)",
        "| characters that fit in 2 GiB at that figure"]


def test_a_stopped_case_prints_lower_bounds(adversarial):
    case = adversarial.BY_NAME["one-character lines `x\\n`"]
    prose = adversarial.BY_NAME["prose"]
    rows = [adversarial.Row(prose, 10, {"chars": 10, "status": "ok", "seconds": 1.0, "cpu": 1.0, "removed": 0,
                                        "peak_kib": 2048, "base_kib": 1024}),
            adversarial.Row(case, 10, {"chars": 10, "status": "timeout", "seconds": 5.1, "cpu": 5.0,
                                       "peak_kib": 4096, "base_kib": 1024})]
    printed = adversarial.report(rows, [10], timeout=5, cap_mib=100)
    stopped = next(line for line in printed.splitlines() if line.startswith("| one-character"))
    assert stopped.split(" | ")[4:] == [
        "> 5 s", "> 500000.00", "-", "> 5.0x", "> 4", "> 314,573", "stopped (timeout) |"]


@pytest.fixture
def accuracy(benchlib):
    kit = benchlib.Evaluation.find()
    if kit is None:
        pytest.skip("../shared/eval is not beside the checkout")
    return importlib.import_module("bench_accuracy"), kit


def printed_tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of a benchmark's output, as rows of cells (header first, rule dropped)."""
    blocks = [block.splitlines() for block in text.split("\n\n") if block.startswith("| ")]
    return [[line.strip("| ").split(" | ") for line in [b[0], *b[2:]]] for b in blocks]


def two_cleaners(kit):
    return {"dedupe_text.clean": dedupe_text.clean, "baselines.exact": kit.baselines.exact}


def test_cases_split_by_a_field_keep_their_order_up_to_a_limit(benchlib, tmp_path):
    cases = tmp_path / "cases.jsonl"
    rows = [{"id": str(i), "lang": lang} for i, lang in enumerate(["ru", "ar", "ru", "ru", "ar"])]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    paths = benchlib.split_cases(cases, "lang", tmp_path, limit=2)
    assert list(paths) == ["ar", "ru"]
    ids = {lang: [json.loads(line)["id"] for line in path.read_text().splitlines()] for lang, path in paths.items()}
    assert ids == {"ar": ["1", "4"], "ru": ["0", "2"]}


def test_multilingual_section_prints_a_row_per_language_per_cleaner(accuracy, tmp_path, capsys):
    bench, kit = accuracy
    if kit.missing("multilingual/dev_cases.jsonl", "multilingual/make_ml_cases.py"):
        pytest.skip("no multilingual cases in ../shared/eval")
    bench.multilingual(kit, two_cleaners(kit), tmp_path, quick=True)
    languages = sorted({case["lang"] for case in kit.load_cases(kit.ml_cases)})
    tables = printed_tables(capsys.readouterr().out)
    assert len(tables) == 1 + len(bench.ML_FRESH_SEEDS)
    for rows in tables:
        assert rows[0] == list(bench.LANGUAGE_HEADERS)
        assert [(r[0], r[1]) for r in rows[1:]] == [
            (lang, f"`{name}`") for lang in languages for name in two_cleaners(kit)]
        assert {len(r) for r in rows} == {len(bench.LANGUAGE_HEADERS)}


def test_lookalike_section_prints_figures_and_kinds_for_each_seed(accuracy, tmp_path, capsys):
    bench, kit = accuracy
    if kit.missing("make_hard_cases.py"):
        pytest.skip("no make_hard_cases.py in ../shared/eval")
    bench.lookalikes(kit, two_cleaners(kit), tmp_path, quick=True)
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("### ")] == [
        f"### Look-alikes: seed {seed} (100 cases)" for seed in bench.HARD_SEEDS]
    tables = printed_tables(printed)
    assert len(tables) == 2 * len(bench.HARD_SEEDS)
    for summary, kinds in zip(tables[::2], tables[1::2]):
        assert [r[0] for r in summary[1:]] == ["`dedupe_text.clean`", "`baselines.exact`"]
        assert kinds[0] == ["kind", "`dedupe_text.clean`", "`baselines.exact`"] and len(kinds) > 1
        assert all(cell.count("/") == 1 for r in kinds[1:] for cell in r[1:])


def test_pages_section_prints_each_dataset_then_all_for_each_cleaner(accuracy, tmp_path, capsys):
    bench, kit = accuracy
    pages, reason = importlib.import_module("benchlib").Pages.find(kit)
    if pages is None:
        pytest.skip(reason)
    bench.pages(kit, tmp_path, quick=True)
    (rows,) = printed_tables(capsys.readouterr().out)
    assert rows[0] == list(bench.PAGE_HEADERS)
    names = [f"`{name}`" for name in bench.page_cleaners(kit)]
    datasets = [d.name for d in pages.datasets] + ["all"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(d, name) for d in datasets for name in names]
    assert all(int(r[2]) <= 10 for r in rows[1:] if r[0] != "all")  # quick: ten pages a dataset at most


def test_sections_whose_data_is_missing_print_why(accuracy, tmp_path, capsys):
    bench, kit = accuracy
    kit.folder = tmp_path  # a kit folder without the multilingual, look-alike and page data
    bench.multilingual(kit, two_cleaners(kit), tmp_path, quick=True)
    bench.lookalikes(kit, two_cleaners(kit), tmp_path, quick=True)
    bench.pages(kit, tmp_path, quick=True)
    printed = capsys.readouterr().out
    assert printed.count("Skipped: ") == 3 and "| " not in printed
    assert "multilingual/dev_cases.jsonl" in printed and "make_hard_cases.py" in printed
