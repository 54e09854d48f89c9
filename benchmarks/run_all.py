"""Run every benchmark (benchmarks/bench_*.py) and print their Markdown tables.

    python benchmarks/run_all.py                 # full run, prints Markdown
    python benchmarks/run_all.py --quick         # a short run of each
    python benchmarks/run_all.py --write         # also save docs/benchmarks.md with the machine
    python benchmarks/run_all.py --only speed    # bench_speed.py alone (repeat --only for more)
    python benchmarks/run_all.py --quick --full speed   # all quick but bench_speed.py

A benchmark is any ``bench_*.py`` beside this file: it has ``main(argv=None) -> int``, accepts
``--quick`` (one that does not is run in full), prints Markdown sections that start at ``##``, and
prints a ``Skipped:`` line (exit 0) when its data is missing. Each runs in its own interpreter,
one after the other, so that imports and memory of one do not count against the next.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from benchlib import ROOT, table

HERE = Path(__file__).resolve().parent
PACKAGES = ("dedupe-text", "datasketch", "rapidfuzz", "click", "xxhash", "numpy", "scipy", "trafilatura", "lxml",
            "matplotlib")


def discover(only: Sequence[str] = ()) -> list[Path]:
    """The benchmark scripts, by name; ``only`` keeps those named (``speed`` or ``bench_speed.py``)."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if not only:
        return scripts
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
    unknown = wanted - {s.stem.removeprefix("bench_") for s in scripts}
    if unknown:
        raise SystemExit(f"no benchmark named {', '.join(sorted(unknown))}")
    return [s for s in scripts if s.stem.removeprefix("bench_") in wanted]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    rows = [
        ("date (UTC)", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")),
        ("commit", _commit()),
        ("CPU", _cpu_model()),
        ("cores", str(os.cpu_count())),
        ("RAM", _memory_gib()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("load average at start (1, 5, 15 min)", load),
    ]
    return rows + [(f"`{p}`", _version(p)) for p in PACKAGES]


def takes_quick(script: Path) -> bool:
    """Tell whether a benchmark declares the ``--quick`` option (one that does not runs in full)."""
    return '"--quick"' in script.read_text(encoding="utf-8")


def run(script: Path, quick: bool, timeout: float) -> tuple[str, bool]:
    """Run one benchmark in its own interpreter; return its Markdown and whether it succeeded."""
    quick = quick and takes_quick(script)
    argv = [sys.executable, str(script)] + (["--quick"] if quick else [])
    t0 = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"## {script.name} did not finish\n\nStopped after {timeout:.0f} seconds.\n", False
    took = time.perf_counter() - t0
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-20:])
        return (f"{done.stdout}\n## {script.name} failed\n\nExit status {done.returncode} after {took:.0f} s:\n\n"
                f"```\n{tail}\n```\n"), False
    mode = " (--quick)" if quick else ""
    text = done.stdout.strip()
    if not text.startswith("#"):  # a script that printed no heading gets its name as one
        text = f"## {script.stem}\n\n{text}"
    return text + f"\n\n_{script.name}{mode}: {took:.0f} s._\n", True


def page(machine_rows: Sequence[tuple[str, str]], sections: Sequence[str], command: str) -> str:
    """The text of docs/benchmarks.md."""
    head = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` (do not edit by hand). Every table puts dedupe-text beside its peers "
        "measured in the same run, so ratios hold even when the machine is busy; absolute seconds do not "
        "travel between machines. How to run them: [benchmarks/README.md](../benchmarks/README.md).",
        "",
        "## Machine",
        "",
        table(["what", "value"], machine_rows),
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(sections)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    ap.add_argument("--write", nargs="?", const=ROOT / "docs" / "benchmarks.md", type=Path, metavar="PATH",
                    help="also write the Markdown page (default docs/benchmarks.md)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this benchmark")
    ap.add_argument("--full", action="append", default=[], metavar="NAME",
                    help="with --quick, run this benchmark in full all the same")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per benchmark (default 1800)")
    args = ap.parse_args(argv)
    scripts = discover(args.only)
    full = {s.name for s in discover(args.full)} if args.full else set()
    rows = machine()
    print("## Machine\n\n" + table(["what", "value"], rows) + "\n", flush=True)
    sections, ok = [], True
    for script in scripts:
        text, passed = run(script, args.quick and script.name not in full, args.timeout)
        ok = ok and passed
        sections.append(text)
        print(text, flush=True)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        command = " ".join(["python benchmarks/run_all.py", *(argv if argv is not None else sys.argv[1:])])
        args.write.write_text(page(rows, sections, command), encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
