"""Start-up: whole-process wall time of `dedupe-text clean` on the seed article, beside its imports.

    python benchmarks/bench_startup.py [--runs 15]

Each command runs as a fresh process, interleaved with the others so that machine noise
falls on all of them alike; the table gives the median and fastest wall time and the
ratio of medians to `python -c "import click, rapidfuzz"` (the floor any click CLI on
rapidfuzz pays). The issue's budget for `dedupe-text clean` is 2.5x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "article.txt"
BUDGET = 2.5


def commands(seed: Path) -> dict[str, list[str]]:
    """Name and argv of each measured process; the first is the baseline."""
    script = shutil.which("dedupe-text", path=str(Path(sys.executable).parent)) or "dedupe-text"
    py = sys.executable
    return {
        'python -c "import click, rapidfuzz"': [py, "-c", "import click, rapidfuzz"],
        "dedupe-text clean seed": [script, "clean", str(seed)],
        "python -m dedupe_text clean seed": [py, "-m", "dedupe_text", "clean", str(seed)],
        'python -c "import dedupe_text.cli"': [py, "-c", "import dedupe_text.cli"],
        "library clean(seed), one process": [py, "-c", f"import dedupe_text; dedupe_text.clean(open({str(seed)!r}, "
                                                         "encoding='utf-8').read())"],
        'python -c "import numpy" (for scale)': [py, "-c", "import numpy"],
    }


def wall_time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    if not SEED.exists():
        print(f"skipped: {SEED} is absent (the shared seed article is needed)")
        return 0
    todo = commands(SEED)
    times: dict[str, list[float]] = {name: [] for name in todo}
    for argv in todo.values():  # warm the file cache once
        wall_time(argv)
    for _ in range(args.runs):
        for name, argv in todo.items():
            times[name].append(wall_time(argv))
    base = statistics.median(next(iter(times.values())))
    print(f"Start-up, {args.runs} interleaved runs each, seed article {SEED.stat().st_size:,} bytes\n")
    print("| command | median s | fastest s | × baseline |")
    print("|---|---|---|---|")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"| `{name}` | {median:.3f} | {min(samples):.3f} | {median / base:.2f} |")
    ratio = statistics.median(times["dedupe-text clean seed"]) / base
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"\n`dedupe-text clean` takes {ratio:.2f}x the baseline: {verdict} the {BUDGET}x budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
