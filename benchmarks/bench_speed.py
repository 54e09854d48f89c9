"""Speed and memory of dedupe-text beside baselines.exact and baselines.minhash_lsh, in one run.

1. Dev-set cleaning time through score.py's own loop (the issue's targets are ratios of these).
2. Per-article latency over the dev cases, and articles per second on the median article.
3. Long documents, each cleaned in a fresh subprocess that reports its peak RSS: a 10 MB
   document, and 1k / 10k / 100k paragraphs to show how time grows.

    python benchmarks/bench_speed.py [--quick] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import Cleaner, Evaluation, SyntheticDocument, skipped, table

TITLE = "Speed and memory"
OURS = "dedupe_text.clean"
PEERS = (OURS, "baselines.exact", "baselines.minhash_lsh")
MIB = 1024 * 1024
GIB2_MIB = 2048


def load_cleaner(name: str) -> Cleaner:
    """Resolve ``dedupe_text.clean`` or ``baselines.NAME`` (needs the eval kit on sys.path)."""
    if name == OURS:
        import dedupe_text

        return dedupe_text.clean
    kit = Evaluation.find()
    if kit is None or not name.startswith("baselines."):
        raise SystemExit(f"unknown cleaner {name!r}")
    return getattr(kit.baselines, name.removeprefix("baselines."))  # type: ignore[no-any-return]


def dev_set_times(kit: Evaluation, cases: Path, names: Sequence[str], rounds: int) -> dict[str, list[float]]:
    """Seconds of score.py's loop per cleaner and round; rounds interleave the cleaners."""
    first = kit.load_cases(cases)[0]["input"]
    fns = {name: load_cleaner(name) for name in names}
    for fn in fns.values():
        fn(first)  # warm-up: lazy imports and caches, for every cleaner alike
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        for name, fn in fns.items():
            times[name].append(kit.score(cases, fn)["seconds"])
    return times


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (share between 0 and 1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def latencies(texts: Sequence[str], fn: Cleaner) -> tuple[list[float], float]:
    """Wall seconds of each call, and the CPU seconds of them all."""
    out = []
    c0 = time.process_time()
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        out.append(time.perf_counter() - t0)
    return out, time.process_time() - c0


def per_second(text: str, fn: Cleaner, budget: float) -> float:
    """Calls of ``fn(text)`` per second, repeated for about ``budget`` seconds."""
    calls, t0 = 0, time.perf_counter()
    while True:
        fn(text)
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= budget:
            return calls / elapsed


def run_child(path: Path, name: str) -> dict[str, Any]:
    """Clean the document at ``path`` in a fresh interpreter; return its timing and peak RSS."""
    argv = [sys.executable, __file__, "--child", str(path), "--cleaner", name]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    Linux's ``VmHWM`` where there is one: ``ru_maxrss`` of a child process starts at its
    parent's resident size when it was forked, so it would charge this script's own memory
    to the cleaner. Elsewhere ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def child(path: Path, name: str) -> int:
    """The subprocess side of ``run_child``: prints one JSON line.

    The cleaner first runs on the document's first 500 lines, so lazy imports are not timed.
    """
    fn = load_cleaner(name)
    text = path.read_text(encoding="utf-8")
    cut = 0
    for _ in range(500):
        cut = text.find("\n", cut) + 1 or len(text)
    fn(text[:cut])
    before = peak_rss_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(text)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = peak_rss_mib()
    lines_in, lines_out = len(text.splitlines()), len(out.splitlines())
    print(json.dumps({"seconds": seconds, "cpu": cpu, "paragraphs": lines_in, "removed": lines_in - lines_out,
                      "rss_before_mib": before, "peak_rss_mib": peak}))
    return 0


def write_doc(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def print_dev_set(kit: Evaluation, cases: Path, rounds: int, label: str) -> dict[str, float]:
    """Print score.py's seconds per cleaner; return the best round of each."""
    times = dev_set_times(kit, cases, PEERS, rounds)
    best = {name: min(ts) for name, ts in times.items()}
    print(f"### Dev-set cleaning time through score.py's loop ({label}, best of {rounds})\n")
    rows = [[f"`{name}`", best[name], " / ".join(f"{t:.2f}" for t in times[name]), f"{best[name] / best[OURS]:.2f}x"]
            for name in PEERS]
    print(table(["cleaner", "seconds", "every round", "time / dedupe-text"], rows) + "\n")
    return best


def print_latency(kit: Evaluation, cases: Path, budget: float) -> dict[str, float]:
    """Print per-article figures; return each cleaner's CPU seconds over all the cases."""
    texts = [c["input"] for c in kit.load_cases(cases)]
    median_text = sorted(texts, key=len)[len(texts) // 2]
    print(f"### Per article ({len(texts)} dev cases; median article {len(median_text):,} characters, "
          f"{median_text.count(chr(10)) + 1} lines)\n")
    rows, cpu = [], {}
    for name in PEERS:
        fn = load_cleaner(name)
        lat, cpu[name] = latencies(texts, fn)
        rows.append([f"`{name}`", f"{per_second(median_text, fn, budget):,.0f}", f"{len(texts) / sum(lat):,.0f}",
                     f"{percentile(lat, 0.5) * 1000:.2f}", f"{percentile(lat, 0.99) * 1000:.2f}",
                     f"{max(lat) * 1000:.1f}", cpu[name]])
    print(table(["cleaner", "articles/s (median article)", "articles/s (all cases)", "p50 ms", "p99 ms", "max ms",
                 "CPU s (all cases)"], rows) + "\n")
    return cpu


def print_targets(wall: dict[str, float], cpu: dict[str, float]) -> None:
    """The issue's two ratio targets, by score.py's wall time and by CPU time of the latency pass."""
    rows = []
    for basis, t in (("score.py wall time", wall), ("CPU time, per-article pass", cpu)):
        faster = t["baselines.minhash_lsh"] / t[OURS]
        vs_exact = t[OURS] / t["baselines.exact"]
        rows.append(["at least 5x faster than `minhash_lsh`", basis, f"{faster:.2f}x faster",
                     "yes" if faster >= 5 else "no"])
        rows.append(["at most 3x the time of `exact`", basis, f"{vs_exact:.2f}x the time",
                     "yes" if vs_exact <= 3 else "no"])
    print("Targets (dedupe-text beside the peers, same run):\n")
    print(table(["target", "measured by", "measured", "met"], rows) + "\n")


STAGES = (("segment", "segment.py", "segment"), ("normalize + fingerprint", "core.py", "fingerprint_all"),
          ("candidates", "candidates.py", "candidate_pairs"), ("confirm", "core.py", "confirm_all"),
          ("choose", "choose.py", "choose"), ("runs", "choose.py", "carry_runs"), ("emit", "emit.py", "emit_text"))
"""Stage entry points of the core pipeline: (label, file, function)."""


def print_profile(kit: Evaluation, cases: Path) -> None:
    """Where dedupe-text's time goes on the dev cases: cumulative time of each stage under cProfile."""
    import cProfile
    import pstats

    import dedupe_text

    texts = [c["input"] for c in kit.load_cases(cases)]
    dedupe_text.clean(texts[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        dedupe_text.clean(text)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(own for (_, _, own, _, _) in stats.values())
    by_stage: dict[str, float] = {}
    for (filename, _, func), (_, _, _, cumulative, _) in stats.items():
        for label, file, name in STAGES:
            if func == name and filename.endswith("dedupe_text/" + file):
                by_stage[label] = by_stage.get(label, 0.0) + cumulative
    print(f"### Where dedupe-text's time goes ({len(texts)} dev cases, cProfile)\n")
    rows = [[label, f"{by_stage[label]:.2f}" if label in by_stage else "-",
             f"{by_stage[label] / total:.0%}" if label in by_stage else "-"] for label, _, _ in STAGES]
    print(table(["stage", "seconds (cumulative, profiled)", "share of clean()"], rows) + "\n")


def print_big_doc(folder: Path, doc: SyntheticDocument, megabytes: int, peers: Sequence[str]) -> None:
    path = write_doc(folder, "big.txt", doc.by_size(megabytes * 1_000_000))
    size = path.stat().st_size
    print(f"### A {size / 1e6:.1f} MB document (one paragraph a line, each cleaned in a fresh process)\n")
    rows = []
    for name in (OURS, *peers):
        r = run_child(path, name)
        rows.append([f"`{name}`", f"{r['paragraphs']:,}", f"{r['removed']:,}", r["seconds"], r["cpu"],
                     f"{r['paragraphs'] / r['seconds']:,.0f}", f"{r['rss_before_mib']:.0f}",
                     f"{r['peak_rss_mib']:.0f}"])
    print(table(["cleaner", "paragraphs", "removed", "seconds", "CPU s", "paragraphs/s", "RSS before (MiB)",
                 "peak RSS (MiB)"], rows) + "\n")


def print_growth(folder: Path, doc: SyntheticDocument, sizes: Sequence[int]) -> None:
    print("### Growth with document length (dedupe-text; each size in a fresh process)\n")
    rows, previous = [], None
    for count in sizes:
        path = write_doc(folder, f"n{count}.txt", doc.by_count(count))
        r = run_child(path, OURS)
        growth = f"{r['cpu'] / previous[1]:.1f}x for {count / previous[0]:.0f}x paragraphs" if previous else "-"
        rows.append([f"{count:,}", f"{path.stat().st_size / 1e6:.1f}", f"{r['removed']:,}", r["seconds"], r["cpu"],
                     f"{r['cpu'] / count * 1e6:.0f}", growth, f"{r['peak_rss_mib']:.0f}",
                     "yes" if r["peak_rss_mib"] <= GIB2_MIB else "NO"])
        previous = (count, r["cpu"])
    print(table(["paragraphs", "MB", "removed", "seconds", "CPU s", "CPU us/paragraph", "CPU growth",
                 "peak RSS (MiB)", "fits 2 GiB"], rows) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 dev cases, one round, documents up to 10k paragraphs")
    ap.add_argument("--rounds", type=int, default=None, help="rounds of the dev-set timing (default 2, quick 1)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cleaner", default=OURS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.cleaner)
    kit = Evaluation.find()
    if kit is None:
        return skipped(TITLE, "../shared/eval (score.py, baselines.py, dev_cases.jsonl) is not beside the checkout")
    rounds = args.rounds or (1 if args.quick else 2)
    print(f"## {TITLE}\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = kit.head(kit.dev_cases, 200, folder / "dev200.jsonl") if args.quick else kit.dev_cases
        label = "first 200 dev cases" if args.quick else "1,000 dev cases"
        wall = print_dev_set(kit, cases, rounds, label)
        cpu = print_latency(kit, cases, budget=0.5 if args.quick else 2.0)
        print_targets(wall, cpu)
        print_profile(kit, cases)
        doc = SyntheticDocument(kit.articles())
        print_big_doc(folder, doc, 1 if args.quick else 10, () if args.quick else ("baselines.exact",
                                                                                   "baselines.minhash_lsh"))
        print_growth(folder, doc, (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))
    print(f"Documents: {SyntheticDocument.__doc__.splitlines()[0].lower().rstrip('.')} "
          "(see `benchmarks/benchlib.py`). Peak RSS is the child process's high-water mark (`VmHWM`; "
          "`ru_maxrss` where there is none), interpreter, imports and the document itself included; \"RSS before\" "
          "is the same after reading the document and a warm-up run on its first 500 lines.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
