"""JSON Lines throughput: records/s of `dedupe-text clean --jsonl` beside the library in-process.

    python benchmarks/bench_jsonl.py [--runs 3] [--doubled]

Input: the 910 dev articles of ../shared/eval/dev_articles.jsonl as records
`{"id", "text"}` (the paragraphs joined by newlines). `--doubled` appends each article to
itself, so every record has duplicates to remove. The command-line rows are whole
processes (start-up included) reading a file and writing a file; the library rows clean
the same texts in this process: `clean()` per text, and one reused `Deduplicator`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dedupe_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "eval" / "dev_articles.jsonl"


def load(doubled: bool) -> list[dict[str, str]]:
    """Build one record per article, its text the paragraphs joined by newlines."""
    records = []
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        text = "\n".join(article["paras"])
        records.append({"id": article["id"], "text": f"{text}\n{text}" if doubled else text})
    return records


def timed(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each row; the median is shown (default 3)")
    parser.add_argument("--doubled", action="store_true", help="paste every article twice")
    args = parser.parse_args()
    if not ARTICLES.exists():
        print(f"skipped: {ARTICLES} is absent (the shared dev articles are needed)")
        return 0
    records = load(args.doubled)
    script = shutil.which("dedupe-text", path=str(Path(sys.executable).parent)) or "dedupe-text"
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        texts = [r["text"] for r in records]
        deduplicator = dedupe_text.Deduplicator()

        def run_cli(*extra: str) -> None:
            subprocess.run([script, "clean", "--jsonl", "-q", *extra, str(source), "-o", str(target)], check=True)

        rows = {
            "`dedupe-text clean --jsonl` (process)": timed(run_cli, args.runs),
            "`dedupe-text clean --jsonl --explain-field removed` (process)": timed(
                lambda: run_cli("--explain-field", "removed"), args.runs),
            "library `clean(text)` per record (in-process)": timed(
                lambda: [dedupe_text.clean(t) for t in texts], args.runs),
            "library `Deduplicator().dedupe(text)` reused (in-process)": timed(
                lambda: [deduplicator.dedupe(t) for t in texts], args.runs),
        }
        size = source.stat().st_size
    kind = "each pasted twice" if args.doubled else "as published"
    print(f"{len(records)} records ({kind}), {size / 1e6:.1f} MB, median of {args.runs} runs\n")
    print("| cleaner | seconds | records/s | MB/s |")
    print("|---|---|---|---|")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} | {len(records) / seconds:,.0f} | {size / 1e6 / seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
