"""Time and peak memory per character on hostile input shapes, beside ordinary prose.

Every case is built, cleaned and measured in a fresh interpreter, so one case's memory never
counts against the next: the child builds its input, runs a small warm-up of the same format
(lazy imports), resets its peak-RSS mark, then cleans the input once and reports CPU seconds and
its peak resident memory above the mark. Each case runs at two sizes, so the growth of the time
per character shows (1.0x is linear); the time per character is also set beside ordinary prose of
the same format. A case that runs past the timeout, or past the memory cap, is stopped and
printed as "> T s" (or "> N MiB").

    python benchmarks/bench_adversarial.py [--quick] [--sizes 200000,1000000] [--timeout 60]
                                           [--only CASE] [--memory-cap-mib 4096]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchlib import table

TITLE = "Hostile input: time and memory per character"
MIB = 1024 * 1024
GIB2 = 2 * 1024 * MIB
SYLLABLES = ("ka lo mi ne ru ta se vo pi da fe gu ho ji be ze ni mo la ri su te po ga ve du fi "
             "co ba na li ro me sa to wu ye").split()
FULL_SIZES = (200_000, 1_000_000)
QUICK_SIZES = (50_000, 200_000)
WARM_UP_CHARS = 150_000
"""Prose cleaned before the measured call: over ``all_pairs_max`` paragraphs, so the LSH path is set up too."""


# --- Inputs ---------------------------------------------------------------------------------------------------------

class Prose:
    """Seeded article-like prose: Zipf-distributed invented words, sentences of 8-24 words."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        words = {"".join(self.rng.choices(SYLLABLES, k=self.rng.randint(1, 4))) for _ in range(6000)}
        self.vocabulary = sorted(words)
        self.rng.shuffle(self.vocabulary)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.vocabulary))))

    def sentence(self) -> str:
        words = self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=self.rng.randint(8, 24))
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(sentences or self.rng.randint(2, 5)))

    def edit(self, text: str) -> str:
        """The text with one word replaced: a near-copy."""
        words = text.split(" ")
        words[self.rng.randrange(len(words))] = self.rng.choice(self.vocabulary)
        return " ".join(words)

    def article(self, chars: int, copy_share: float = 0.1) -> Iterator[str]:
        """Paragraphs up to ``chars`` characters; ``copy_share`` of them repeat an earlier one, exact or edited."""
        earlier: list[str] = []
        size = 0
        while size < chars:
            if earlier and self.rng.random() < copy_share:
                p = self.rng.choice(earlier)
                p = p if self.rng.random() < 0.5 else self.edit(p)
            else:
                p = self.paragraph()
                earlier.append(p)
            size += len(p) + 1
            yield p


def _html(body: str) -> str:
    return f"<!doctype html>\n<html><head><title>Page</title></head><body>\n{body}\n</body></html>\n"


def prose_text(chars: int) -> tuple[str, str]:
    paras = list(Prose(1).article(chars))
    return "\n".join(paras) + "\n", f"{len(paras):,} paragraphs"


def prose_markdown(chars: int) -> tuple[str, str]:
    blocks = [f"## {p.split('.')[0]}" if i % 8 == 0 else p for i, p in enumerate(Prose(2).article(chars))]
    return "\n\n".join(blocks) + "\n", f"{len(blocks):,} blocks"


def prose_html(chars: int) -> tuple[str, str]:
    paras = list(Prose(3).article(chars))
    body = "\n".join(f"<h2>{p.split('.')[0]}</h2>" if i % 8 == 0 else f"<p>{p}</p>" for i, p in enumerate(paras))
    return _html(f"<article>\n{body}\n</article>"), f"{len(paras):,} blocks"


def prose_jsonl(chars: int) -> tuple[str, str]:
    prose, lines, size = Prose(4), list[str](), 0
    while size < chars:
        line = json.dumps({"id": len(lines), "text": "\n".join(prose.article(3000))})
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n", f"{len(lines):,} records"


def emphasis_runs(chars: int) -> tuple[str, str]:
    return "**a " * (chars // 4), "one line"


def long_paragraphs(chars: int) -> tuple[str, str]:
    """Distinct paragraphs of about 10,000 characters, half of them followed by a near-copy."""
    prose, paras, size = Prose(5), [], 0
    while size < chars:
        p = prose.paragraph(sentences=80)
        paras.append(p)
        if prose.rng.random() < 0.5:
            paras.append(prose.edit(p))
        size = sum(len(q) + 1 for q in paras)
    return "\n".join(paras) + "\n", f"{len(paras):,} paragraphs"


def one_char_lines(chars: int) -> tuple[str, str]:
    return "x\n" * (chars // 2), f"{chars // 2:,} lines"


def html_siblings(chars: int) -> tuple[str, str]:
    prose, parts, size = Prose(6), list[str](), 0
    while size < chars:
        words = " ".join(prose.rng.choices(prose.vocabulary, k=3))
        parts.append(f"<p>Line {len(parts)} {words}</p>")
        size += len(parts[-1]) + 1
    return _html("\n".join(parts)), f"{len(parts):,} <p> siblings"


def _square_cells(chars: int, cell: int) -> int:
    """Rows (= columns) of a square table of about ``chars`` characters, ``cell`` characters a cell."""
    return max(2, int((chars / cell) ** 0.5))


def markdown_table(chars: int) -> tuple[str, str]:
    n = _square_cells(chars, 10)
    rows = ["| " + " | ".join(f"h{c}" for c in range(n)) + " |", "|" + "---|" * n]
    rows += ["| " + " | ".join(f"r{r}c{c}" for c in range(n)) + " |" for r in range(n)]
    return "Intro paragraph before the table.\n\n" + "\n".join(rows) + "\n", f"{n} x {n} cells"


def html_table(chars: int) -> tuple[str, str]:
    n = _square_cells(chars, 15)
    rows = ["<tr>" + "".join(f"<td>r{r}c{c}</td>" for c in range(n)) + "</tr>" for r in range(n)]
    return _html("<table>\n" + "\n".join(rows) + "\n</table>"), f"{n} x {n} cells"


def html_deep(chars: int) -> tuple[str, str]:
    depth = chars // 30
    opening = "".join(f"<div><p>Level {i} text</p>" for i in range(depth))
    return _html(opening + "</div>" * depth), f"{depth:,} nested divs"


def jsonl_deep(chars: int) -> tuple[str, str]:
    depth = chars // 2
    return '{"text": "A short record.", "meta": ' + "[" * depth + "]" * depth + "}\n", f"{depth:,} deep"


def similar_short(chars: int) -> tuple[str, str]:
    """Lines of about 60 characters, each one character away from one base line."""
    rng = random.Random(7)
    base = "The harbour committee met on the quay to discuss ferry fares."
    lines, size = [], 0
    while size < chars:
        i = rng.randrange(len(base))
        lines.append(base[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + base[i + 1:])
        size += len(base) + 1
    return "\n".join(lines) + "\n", f"{len(lines):,} lines"


def one_long_line(chars: int) -> tuple[str, str]:
    prose, sentences, size = Prose(8), [], 0
    while size < chars:
        sentences.append(prose.sentence())
        size += len(sentences[-1]) + 1
    return " ".join(sentences), "one line"


@dataclass(frozen=True)
class Case:
    name: str
    format: str  # text, markdown, html, or jsonl (through the CLI's clean --jsonl)
    build: Callable[[int], tuple[str, str]]
    baseline: str  # the prose case it is compared with

    @property
    def is_prose(self) -> bool:
        return self.name == self.baseline


CASES = (
    Case("prose", "text", prose_text, "prose"),
    Case("prose (markdown)", "markdown", prose_markdown, "prose (markdown)"),
    Case("prose (html)", "html", prose_html, "prose (html)"),
    Case("prose (jsonl)", "jsonl", prose_jsonl, "prose (jsonl)"),
    Case("emphasis runs `**a `", "text", emphasis_runs, "prose"),
    Case("emphasis runs `**a ` (markdown)", "markdown", emphasis_runs, "prose (markdown)"),
    Case("long paragraphs and near-copies", "text", long_paragraphs, "prose"),
    Case("one-character lines `x\\n`", "text", one_char_lines, "prose"),
    Case("very similar short lines", "text", similar_short, "prose"),
    Case("one line, no breaks", "text", one_long_line, "prose"),
    Case("sibling `<p>` blocks", "html", html_siblings, "prose (html)"),
    Case("wide table (markdown)", "markdown", markdown_table, "prose (markdown)"),
    Case("wide table (html)", "html", html_table, "prose (html)"),
    Case("deep nesting (html divs)", "html", html_deep, "prose (html)"),
    Case("deep nesting (jsonl JSON)", "jsonl", jsonl_deep, "prose (jsonl)"),
)
BY_NAME = {case.name: case for case in CASES}


# --- The child: build, warm up, measure ---------------------------------------------------------------------------

def _status_kib(field: str, pid: int | str = "self") -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system) process ``pid`` has used so far, from ``/proc``; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reset_peak() -> bool:
    """Reset this process's peak-RSS mark to its current RSS (Linux 4.0+); tell whether it worked."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _cleaner(fmt: str, folder: Path) -> Callable[[str], int | None]:
    """A function that cleans a document in ``fmt`` and returns the paragraphs removed (None: not known)."""
    if fmt != "jsonl":
        from dedupe_text.formats import dedupe_format

        return lambda text: len(dedupe_format(text, fmt).removals)
    from importlib import metadata

    (entry,) = metadata.entry_points(group="console_scripts", name="dedupe-text")
    cli_main = entry.load()

    def run_cli(text: str) -> None:
        path = folder / "input.jsonl"
        path.write_text(text, encoding="utf-8")
        sys.argv = ["dedupe-text", "clean", "--jsonl", str(path)]
        try:
            cli_main()
        except SystemExit as stop:
            if stop.code not in (0, None):
                raise RuntimeError(f"exit status {stop.code}") from None
        return None

    return run_cli


def child(name: str, chars: int, result_path: Path) -> int:
    """Measure one case at one size; write the JSON result to ``result_path``."""
    case = BY_NAME[name]
    text, shape = case.build(chars)
    with tempfile.TemporaryDirectory() as tmp:
        clean = _cleaner(case.format, Path(tmp))
        for sample in (BY_NAME[case.baseline].build(WARM_UP_CHARS)[0], case.build(3000)[0]):
            with contextlib.suppress(Exception):  # the measured call reports a failure
                clean(sample)  # lazy imports and first-use set-up: the all-pairs and the LSH paths, the parsers
        gc.collect()
        reset = _reset_peak()
        base = _status_kib("VmRSS") or 0
        c0 = time.process_time()
        record: dict[str, Any] = {"chars": len(text), "shape": shape, "base_kib": base, "reset": reset, "cpu0": c0}
        result_path.write_text(json.dumps(record))  # read by the parent if this run is stopped
        t0 = time.perf_counter()
        try:
            record["removed"] = clean(text)
            record["status"] = "ok"
        except Exception as error:  # a benchmark reports a failure as a result
            record["status"] = f"{type(error).__name__}: {str(error).splitlines()[0][:60] if str(error) else ''}"
        record["seconds"], record["cpu"] = time.perf_counter() - t0, time.process_time() - c0
        record["peak_kib"] = _status_kib("VmHWM") or 0
    result_path.write_text(json.dumps(record))
    return 0


# --- The parent: run each case in a fresh process, with a timeout and a memory cap ---------------------------------

def measure(name: str, chars: int, timeout: float, cap_mib: float) -> dict[str, Any]:
    """Run one case in a fresh interpreter; stop it past ``timeout`` seconds or ``cap_mib`` MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        result_path = Path(tmp) / "result.json"
        argv = [sys.executable, __file__, "--child", name, "--chars", str(chars), "--result", str(result_path)]
        errors = Path(tmp) / "stderr.txt"
        with errors.open("w") as err:
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        spawned, started, stopped, hwm, cpu = time.perf_counter(), None, "", 0, None
        while proc.poll() is None:
            time.sleep(0.05)
            hwm = max(hwm, _status_kib("VmHWM", proc.pid) or 0)
            if started is None and result_path.exists():
                started = time.perf_counter()  # the measured call has begun
            if time.perf_counter() - (started or spawned + 2 * timeout) > timeout:  # building gets 3x the time
                stopped = "timeout"
            elif (_status_kib("VmRSS", proc.pid) or 0) > cap_mib * 1024:
                stopped = "memory"
            if stopped:
                cpu = _cpu_seconds(proc.pid)
                proc.kill()
                proc.wait()
                break
        stderr = errors.read_text(errors="replace")
        record: dict[str, Any] = json.loads(result_path.read_text()) if result_path.exists() else {}
    if stopped:
        record.update(status=stopped, seconds=time.perf_counter() - (started or spawned), peak_kib=hwm)
        if cpu is not None and "cpu0" in record:
            record["cpu"] = cpu - record["cpu0"]
    elif proc.returncode != 0 or "status" not in record:
        tail = stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        record.update(status=f"child failed: {tail[0][:80]}")
    record.setdefault("chars", chars)
    return record


@dataclass
class Row:
    case: Case
    size: int
    r: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.r.get("status") == "ok"

    @property
    def per_char(self) -> float | None:
        """CPU microseconds a character (a lower bound when the run was stopped)."""
        if "cpu" in self.r:
            return float(self.r["cpu"]) / max(1, self.r["chars"]) * 1e6
        return None

    @property
    def bytes_per_char(self) -> float | None:
        if not self.r.get("peak_kib") or "base_kib" not in self.r:
            return None
        return max(0, self.r["peak_kib"] - self.r["base_kib"]) * 1024 / max(1, self.r["chars"])


def _bound(value: float | None, row: Row, fmt: str) -> str:
    """Format a figure; a stopped run's figure is a lower bound."""
    if value is None:
        return "-"
    return ("> " if _stopped(row) else "") + format(value, fmt)


def _stopped(row: Row) -> bool:
    return row.r.get("status") in ("timeout", "memory")


def _ratio(mine: float | None, theirs: float | None, row: Row, other: Row | None = None) -> str:
    """``mine / theirs``; a lower bound when ``row`` was stopped, unknown when ``other`` was stopped too."""
    if mine is None or not theirs or (other is not None and _stopped(other)):
        return "-"
    return ("> " if _stopped(row) else "") + f"{mine / theirs:.1f}x"


def _seconds(row: Row, timeout: float) -> str:
    if row.r.get("status") == "timeout":
        return f"> {timeout:.0f} s"
    return f"{row.r['seconds']:.2f}" if "seconds" in row.r else "-"


def _result(row: Row, cap_mib: float) -> str:
    status = str(row.r.get("status", "-"))
    if status == "ok":
        removed = row.r.get("removed")
        return "ok" if removed is None else f"ok, {removed:,} removed"
    if status == "timeout":
        return "stopped (timeout)"
    if status == "memory":
        return f"stopped (> {cap_mib:,.0f} MiB)"
    return status.replace("|", "\\|")


def report(rows: Sequence[Row], sizes: Sequence[int], timeout: float, cap_mib: float) -> str:
    """The Markdown tables: every case at every size, then the worst figures."""
    by = {(row.case.name, row.size): row for row in rows}
    lines = []
    for row in rows:
        prose = by.get((row.case.baseline, row.size))
        first = by.get((row.case.name, sizes[0]))
        growth = "-" if row.size == sizes[0] or first is None else _ratio(row.per_char, first.per_char, row, first)
        vs_prose = "-" if row.case.is_prose or prose is None else _ratio(row.per_char, prose.per_char, row)
        peak = row.r.get("peak_kib")
        lines.append([row.case.name, row.case.format, f"{row.r['chars']:,}", row.r.get("shape", "-"),
                      _seconds(row, timeout), _bound(row.per_char, row, ".2f"), growth, vs_prose,
                      _bound(peak / 1024 if peak else None, row, ",.0f"), _bound(row.bytes_per_char, row, ",.0f"),
                      _result(row, cap_mib)])
    headers = ["case", "format", "characters", "shape", "seconds", "CPU µs/char",
               f"growth per char (size {sizes[-1]:,} / {sizes[0]:,})", "per char vs prose", "peak RSS (MiB)",
               "bytes/char", "result"]
    out = [f"### Each case at {len(sizes)} sizes (each in a fresh process; timeout {timeout:.0f} s, "
           f"memory cap {cap_mib:,.0f} MiB)\n", table(headers, lines), ""]
    hostile = [row for row in rows if not row.case.is_prose]
    worst_time = max(hostile, key=lambda row: _vs_prose(row, by), default=None)
    measured = [row for row in rows if row.bytes_per_char is not None]
    worst_memory = max(measured, key=lambda row: row.bytes_per_char or 0.0, default=None)
    if worst_time is not None and worst_memory is not None:
        per_char = worst_memory.bytes_per_char or 1.0
        summary = [
            ["worst time per char vs prose (target: 20x)", _ratio(_vs_prose(worst_time, by), 1.0, worst_time),
             f"{worst_time.case.name}, {worst_time.r['chars']:,} chars"],
            ["worst memory per char (bytes above the process's own)", _bound(per_char, worst_memory, ",.0f"),
             f"{worst_memory.case.name}, {worst_memory.r['chars']:,} chars"],
            ["characters that fit in 2 GiB at that figure", ("< " if _stopped(worst_memory) else "")
             + f"{GIB2 / max(per_char, 1.0):,.0f}", "-"],
        ]
        out += ["### Worst case\n", table(["figure", "measured", "where"], summary), ""]
    return "\n".join(out)


def _vs_prose(row: Row, by: dict[tuple[str, int], Row]) -> float:
    prose = by.get((row.case.baseline, row.size))
    if row.per_char is None or prose is None or not prose.per_char:
        return 0.0
    return row.per_char / prose.per_char


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES[0]:,} and {QUICK_SIZES[1]:,}, "
                                                         "timeout 20 s")
    ap.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), default=None,
                    help=f"the two sizes in characters, comma-separated (default {FULL_SIZES[0]},{FULL_SIZES[1]})")
    ap.add_argument("--timeout", type=float, default=None, help="seconds allowed a case (default 60, quick 20)")
    ap.add_argument("--memory-cap-mib", type=float, default=4096, help="stop a case past this RSS (default 4096)")
    ap.add_argument("--only", action="append", default=[], metavar="CASE", help="run only this case (repeatable)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--chars", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.chars, args.result)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    timeout = args.timeout or (20.0 if args.quick else 60.0)
    unknown = [name for name in args.only if name not in BY_NAME]
    if unknown:
        raise SystemExit(f"no case named {', '.join(unknown)}; cases: {', '.join(BY_NAME)}")
    chosen = [c for c in CASES if not args.only or c.name in args.only or any(c.baseline == o for o in args.only)]
    chosen = [c for c in CASES if c in chosen or any(o.baseline == c.name for o in chosen)]
    rows = [Row(case, size, measure(case.name, size, timeout, args.memory_cap_mib)) for case in chosen
            for size in sizes]
    print(f"## {TITLE}\n")
    print("CPU time of one `dedupe_format` call (the CLI's `clean --jsonl` for jsonl) and peak RSS above the "
          "process's own after a warm-up; \"per char vs prose\" divides by ordinary prose of the same format at "
          "the same size. A stopped run's figures are lower bounds (\"> \").\n")
    print(report(rows, sizes, timeout, args.memory_cap_mib))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
