"""Plot precision, recall and perfect cases on the dev set as the two main thresholds move.

    python benchmarks/plot_tuning.py                # writes docs/tuning.png, prints the table
    python benchmarks/plot_tuning.py --quick        # 200 dev cases, coarser steps

Each point is ``score.py`` run on ``dev_cases.jsonl`` with ``dedupe_text.clean`` and one
threshold changed (the other options at their defaults). Needs matplotlib
(``pip install -r benchmarks/requirements.txt``).
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import ROOT, Evaluation, skipped, table

import dedupe_text

TITLE = "Threshold sweep"
METRICS = ("precision", "recall", "perfect")


def steps(low: float, high: float, step: float) -> list[float]:
    """``low`` to ``high`` inclusive by ``step``.

    >>> steps(90, 100, 5)
    [90.0, 95.0, 100.0]
    """
    count = round((high - low) / step)
    return [round(low + i * step, 3) for i in range(count + 1)]


def sweep(kit: Evaluation, cases: Path, field: str, values: Sequence[float]) -> list[dict[str, Any]]:
    """score.py's figures for ``clean`` with ``field`` set to each value."""
    out = []
    for value in values:
        result = kit.score(cases, functools.partial(dedupe_text.clean, **{field: value}))
        out.append({"value": value, **result})
    return out


def plot(curves: dict[str, list[dict[str, Any]]], defaults: dict[str, float], path: Path, label: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(curves), figsize=(5.2 * len(curves), 4.2), sharey=True)
    for ax, (field, points) in zip(axes, curves.items()):
        xs = [p["value"] for p in points]
        for metric, style in zip(METRICS, ("o-", "s-", "^-")):
            ax.plot(xs, [p[metric] for p in points], style, label=metric, markersize=4)
        ax.axvline(defaults[field], color="grey", linestyle="--", linewidth=1)
        ax.annotate(f"default {defaults[field]:g}", (defaults[field], 0.02), xycoords=("data", "axes fraction"),
                    xytext=(4, 0), textcoords="offset points", color="grey", fontsize=8)
        ax.set_xlabel(f"{field} (rapidfuzz score, 0-100)")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("score on the dev set")
    axes[-1].legend(loc="center")
    fig.suptitle(f"dedupe-text on {label}: one threshold moved, the rest at defaults", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 dev cases, coarser steps")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "tuning.png", help="image to write")
    args = ap.parse_args(argv)
    kit = Evaluation.find()
    if kit is None:
        return skipped(TITLE, "../shared/eval (score.py, dev_cases.jsonl) is not beside the checkout")
    if importlib.util.find_spec("matplotlib") is None:
        return skipped(TITLE, "matplotlib is not installed (pip install -r benchmarks/requirements.txt)")
    step = 10.0 if args.quick else 5.0
    grid = {"near_threshold": steps(50, 100, step / 2), "containment_threshold": steps(60, 100, step)}
    config = dedupe_text.DedupeConfig()
    defaults = {field: float(getattr(config, field)) for field in grid}
    with tempfile.TemporaryDirectory() as tmp:
        cases = kit.head(kit.dev_cases, 200, Path(tmp, "dev200.jsonl")) if args.quick else kit.dev_cases
        label = "the first 200 dev cases" if args.quick else "the dev set, 1,000 cases"
        curves = {field: sweep(kit, cases, field, values) for field, values in grid.items()}
    print(f"## {TITLE} ({label})\n")
    for field, points in curves.items():
        rows = [[f"{p['value']:g}", *(p[k] for k in ("precision", "recall", "perfect", "lost_groups", "missed",
                                                         "worse_kept"))] for p in points]
        print(f"`{field}` (default {defaults[field]:g}):\n")
        print(table([field, "precision", "recall", "perfect", "lost groups", "missed", "worse kept"], rows) + "\n")
    plot(curves, defaults, args.out, label)
    print(f"Plot: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
