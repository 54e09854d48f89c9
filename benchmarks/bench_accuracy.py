"""Accuracy of dedupe-text beside the baselines and trafilatura, scored by ../shared/eval/score.py.

Case sets: the dev set (``dev_cases.jsonl``, seed 7, tuned on) and fresh ones made here with
``make_cases.py`` from seeds the defaults were never tuned on (101, 202, and 303 with wrapped,
CRLF and mixed-separator rendering). Every figure is what ``score.py --func`` prints.

    python benchmarks/bench_accuracy.py [--quick] [--cases N]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import Cleaner, Evaluation, skipped, summary_table, table
from peers import trafilatura_cleaner

import dedupe_text

TITLE = "Accuracy"
FRESH_SEEDS = ((101, ""), (202, ""), (303, "wrap,crlf,mixed_sep"))
BASELINES = ("exact", "fuzzy90", "minhash_lsh", "trafilatura_like")
PEERS_NOTE = (
    "Peers: `baselines.*` are the reference cleaners of `../shared/eval/baselines.py` (exact lines; "
    "all-pairs rapidfuzz ratio >= 90; a plain datasketch MinHash LSH at 0.7; trafilatura's rule re-implemented). "
    "The trafilatura rows call trafilatura's own `deduplication.duplicate_test` on each paragraph (the same "
    "paragraphs dedupe-text sees, one `<p>` element each, with a fresh LRU cache per article instead of its "
    "process-wide one): with its defaults a paragraph over 100 characters goes from its fourth occurrence on; "
    "`max_repetitions=0` is its strictest setting (from the second). See `benchmarks/peers.py`. "
    "Every figure is what `score.py --func` prints for the same cleaner; *perfect* is the share of cases with "
    "nothing lost, missed, changed or reordered."
)


def cleaners(kit: Evaluation) -> tuple[dict[str, Cleaner], list[str]]:
    """The cleaners to score, and a note for each peer that could not be loaded."""
    found: dict[str, Cleaner] = {"dedupe_text.clean": dedupe_text.clean}
    found.update({f"baselines.{name}": getattr(kit.baselines, name) for name in BASELINES})
    notes = []
    try:
        found["trafilatura (defaults)"] = trafilatura_cleaner()
        found["trafilatura (max_repetitions=0)"] = trafilatura_cleaner(max_repetitions=0)
    except ImportError as exc:
        notes.append(f"trafilatura not scored: {exc} (pip install -r benchmarks/requirements.txt)")
    return found, notes


def kind_table(results: dict[str, dict[str, Any]]) -> str:
    """Perfect cases per kind (``perfect/cases``), one column per cleaner."""
    kinds = sorted({k for r in results.values() for k in r["by_kind"]})
    rows = [[kind] + [r["by_kind"].get(kind, "-") for r in results.values()] for kind in kinds]
    return table(["kind"] + [f"`{name}`" for name in results], rows)


def add_kinds(total: dict[str, list[int]], by_kind: dict[str, str]) -> None:
    for kind, share in by_kind.items():
        good, cases = (int(x) for x in share.split("/"))
        t = total.setdefault(kind, [0, 0])
        t[0] += good
        t[1] += cases


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 dev cases and 100 cases a fresh seed")
    ap.add_argument("--cases", type=int, default=None, help="cases per fresh seed (default 500, quick 100)")
    args = ap.parse_args(argv)
    kit = Evaluation.find()
    if kit is None:
        return skipped(TITLE, "../shared/eval (score.py, baselines.py, dev_cases.jsonl) is not beside the checkout")
    n = args.cases or (100 if args.quick else 500)
    found, notes = cleaners(kit)
    print(f"## {TITLE}\n")
    print(PEERS_NOTE + "\n")
    for note in notes:
        print(f"Note: {note}\n")
    with tempfile.TemporaryDirectory() as tmp:
        sets: list[tuple[str, Path]] = []
        dev = kit.head(kit.dev_cases, 200, Path(tmp, "dev200.jsonl")) if args.quick else kit.dev_cases
        sets.append(("dev set (`dev_cases.jsonl`" + (", first 200 cases)" if args.quick else ", 1,000 cases)"), dev))
        for seed, extra in FRESH_SEEDS:
            path = kit.make_cases(Path(tmp, f"seed{seed}.jsonl"), seed, n, extra)
            label = f"fresh seed {seed}" + (f" with `--extra {extra}`" if extra else "") + f" ({n} cases)"
            sets.append((label, path))
        fresh_kinds: dict[str, dict[str, list[int]]] = {name: {} for name in found}
        for i, (label, path) in enumerate(sets):
            results = {name: kit.score(path, fn) for name, fn in found.items()}
            print(f"### {label}\n")
            print(summary_table(results) + "\n")
            if i == 0:
                print(f"Perfect cases per kind, {label}:\n")
                print(kind_table(results) + "\n")
            else:
                for name, r in results.items():
                    add_kinds(fresh_kinds[name], r["by_kind"])
        merged = {name: {"by_kind": {k: f"{g}/{c}" for k, (g, c) in kinds.items()}}
                  for name, kinds in fresh_kinds.items()}
        print("Perfect cases per kind, all fresh seeds together:\n")
        print(kind_table(merged) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
