"""Helpers shared by the benchmark scripts: the evaluation data, scoring through score.py, tables.

Not part of the package: the scripts in ``benchmarks/`` import it from their own folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
"""The repository checkout these scripts belong to."""

Cleaner = Callable[[str], str]
_TARGET_MODULE = "_benchlib_target"


def shared_dir() -> Path:
    """Return ``../shared`` beside the checkout (or ``$DEDUPE_TEXT_SHARED``)."""
    return Path(os.environ.get("DEDUPE_TEXT_SHARED") or ROOT.parent / "shared")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Render a Markdown table; floats keep three decimals.

    >>> print(table(["a", "b"], [[1, 0.5]]))
    | a | b |
    |---|---|
    | 1 | 0.500 |
    """
    def cell(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def skipped(title: str, reason: str) -> int:
    """Print a section that says why a benchmark did not run; return exit status 0."""
    print(f"## {title}\n\nSkipped: {reason}\n")
    return 0


def run_scorer(main: Callable[[], None], argv: list[str], cleaner: Cleaner) -> dict[str, Any]:
    """Run a scorer's ``main`` in this process on ``argv`` + ``--func CLEANER --json``; return its JSON."""
    target = types.ModuleType(_TARGET_MODULE)
    target.clean = cleaner  # type: ignore[attr-defined]
    sys.modules[_TARGET_MODULE] = target
    out = io.StringIO()
    try:
        argv = [*argv, "--func", f"{_TARGET_MODULE}:clean", "--json"]
        with mock.patch.object(sys, "argv", argv), contextlib.redirect_stdout(out):
            main()
    finally:
        del sys.modules[_TARGET_MODULE]
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


class Evaluation:
    """The shared evaluation kit (``../shared/eval``): cases, the scorer and the baselines.

    Scores come from ``score.py``'s own ``main`` loop (run in this process), so every
    figure here is the figure ``score.py --func`` prints, seconds included.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        import baselines
        import score

        self.score_module: types.ModuleType = score
        self.baselines: types.ModuleType = baselines

    @classmethod
    def find(cls) -> Evaluation | None:
        """Return the kit if ``../shared/eval`` holds it, else None."""
        folder = shared_dir() / "eval"
        needed = ("score.py", "baselines.py", "make_cases.py", "dev_cases.jsonl", "dev_articles.jsonl")
        if all((folder / name).is_file() for name in needed):
            return cls(folder)
        return None

    @property
    def dev_cases(self) -> Path:
        return self.folder / "dev_cases.jsonl"

    def score(self, cases: Path, cleaner: Cleaner) -> dict[str, Any]:
        """Score ``cleaner`` on a cases file exactly as ``score.py CASES --func ... --json`` does."""
        return run_scorer(self.score_module.main, ["score.py", str(cases)], cleaner)

    def make_cases(self, out: Path, seed: int, n: int, extra: str = "") -> Path:
        """Generate ``n`` fresh cases with ``make_cases.py --seed`` into ``out``."""
        return self._generate("make_cases.py", "dev_articles.jsonl", out, seed, n, extra)

    @property
    def ml_cases(self) -> Path:
        """The multilingual dev cases (``multilingual/dev_cases.jsonl``)."""
        return self.folder / "multilingual" / "dev_cases.jsonl"

    def missing(self, *names: str) -> list[str]:
        """The paths (relative to the kit) of ``names`` that are not files."""
        return [name for name in names if not (self.folder / name).is_file()]

    def make_ml_cases(self, out: Path, seed: int, n: int, extra: str = "") -> Path:
        """Generate ``n`` multilingual cases with ``multilingual/make_ml_cases.py --seed`` into ``out``."""
        return self._generate("multilingual/make_ml_cases.py", "multilingual/dev_articles.jsonl", out, seed, n,
                              extra)

    def make_hard_cases(self, out: Path, seed: int, n: int) -> Path:
        """Generate ``n`` look-alike cases with ``make_hard_cases.py --seed`` into ``out``."""
        return self._generate("make_hard_cases.py", "dev_articles.jsonl", out, seed, n)

    def _generate(self, script: str, articles: str, out: Path, seed: int, n: int, extra: str = "") -> Path:
        argv = [sys.executable, str(self.folder / script), str(self.folder / articles), str(out),
                "--seed", str(seed), "--n", str(n)]
        if extra:
            argv += ["--extra", extra]
        subprocess.run(argv, check=True)
        return out

    def head(self, cases: Path, n: int, out: Path) -> Path:
        """Write the first ``n`` cases of ``cases`` to ``out`` (quick runs)."""
        with cases.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
            for _, line in zip(range(n), src):
                dst.write(line)
        return out

    def load_cases(self, cases: Path) -> list[dict[str, Any]]:
        with cases.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    def articles(self) -> list[list[str]]:
        """Paragraph lists of the real dev articles."""
        with (self.folder / "dev_articles.jsonl").open(encoding="utf-8") as f:
            return [json.loads(line)["paras"] for line in f]


def split_cases(cases: Path, field: str, folder: Path, limit: int | None = None) -> dict[str, Path]:
    """Write the cases of each value of ``field`` (at most ``limit`` each) to a file of their own.

    Returns one path a value, in sorted order of the values.
    """
    groups: dict[str, list[str]] = {}
    with cases.open(encoding="utf-8") as f:
        for line in f:
            lines = groups.setdefault(str(json.loads(line)[field]), [])
            if limit is None or len(lines) < limit:
                lines.append(line)
    paths = {}
    for value in sorted(groups):
        paths[value] = folder / f"{cases.stem}-{value}.jsonl"
        paths[value].write_text("".join(groups[value]), encoding="utf-8")
    return paths


class Pages:
    """The real pages with gold text (``../shared/eval/pages``), scored by ``score_pages.py``'s own ``main``.

    Every figure is what ``score_pages.py --func ... --json`` prints for the same cleaner.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        spec = importlib.util.spec_from_file_location("score_pages", folder / "score_pages.py")
        assert spec is not None and spec.loader is not None
        self.module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.module)

    @classmethod
    def find(cls, kit: Evaluation) -> tuple[Pages | None, str]:
        """Return the pages kit beside ``kit``, or None and the reason it cannot be used."""
        folder = kit.folder / "pages"
        if not (folder / "score_pages.py").is_file():
            return None, f"{folder / 'score_pages.py'} is not there"
        if not cls._datasets(folder):
            return None, f"{folder} holds no dataset folder (input/, GoldStandard/)"
        try:
            return cls(folder), ""
        except ImportError as exc:
            return None, f"score_pages.py cannot be imported: {exc} (pip install -e '.[bench]')"

    @staticmethod
    def _datasets(folder: Path) -> list[Path]:
        return sorted(d for d in folder.iterdir() if (d / "input").is_dir())

    @property
    def datasets(self) -> list[Path]:
        """The dataset folders, by name."""
        return self._datasets(self.folder)

    def first(self, n: int, out: Path) -> list[Path]:
        """Dataset folders under ``out`` that link the first ``n`` pages (and gold) of each dataset."""
        made = []
        for dataset in self.datasets:
            for sub in ("input", "GoldStandard"):
                (out / dataset.name / sub).mkdir(parents=True, exist_ok=True)
            for page in sorted(p for p in (dataset / "input").iterdir() if not p.name.startswith("."))[:n]:
                (out / dataset.name / "input" / page.name).symlink_to(page)
                gold = dataset / "GoldStandard" / f"{page.stem}.txt"
                if gold.exists():
                    (out / dataset.name / "GoldStandard" / gold.name).symlink_to(gold)
            made.append(out / dataset.name)
        return made

    def score(self, cleaner: Cleaner, datasets: Sequence[Path] | None = None) -> dict[str, Any]:
        """Score ``cleaner`` (page -> page) as ``score_pages.py DATASETS --func ... --format-kw '' --json`` does."""
        folders = [str(d) for d in (datasets or self.datasets)]
        return run_scorer(self.module.main, ["score_pages.py", *folders, "--format-kw", ""], cleaner)


SUMMARY_FIELDS = ("perfect", "precision", "recall", "f1", "lost_groups", "missed", "mangled", "worse_kept",
                  "disorder", "errors", "seconds")


SUMMARY_HEADERS = ("perfect", "precision", "recall", "F1", "lost groups", "missed", "mangled", "worse kept",
                   "disorder", "errors", "seconds")


def summary_table(results: dict[str, dict[str, Any]]) -> str:
    """One row per cleaner with score.py's headline figures."""
    rows = [[f"`{name}`"] + [r[k] for k in SUMMARY_FIELDS] for name, r in results.items()]
    return table(["cleaner", *SUMMARY_HEADERS], rows)


class SyntheticDocument:
    """Long one-paragraph-a-line documents made from real paragraphs, with planted copies.

    Unique paragraphs are the dev articles' paragraphs, then variants of them in which
    every word goes through a seeded permutation of the vocabulary (so lengths and word
    frequencies stay those of real text while every variant is new). A share of the
    lines are copies of earlier long paragraphs: exact copies, re-keyed copies (a word
    dropped, a word added) and teasers (the first 60% of the words).
    """

    def __init__(self, articles: Sequence[Sequence[str]], seed: int = 11, copy_share: float = 0.2):
        self.originals = [" ".join(p.split()) for paras in articles for p in paras if p.strip()]
        self.vocabulary = sorted({w for p in self.originals for w in p.split()})
        self.seed = seed
        self.copy_share = copy_share

    def _unique(self) -> Iterator[str]:
        yield from self.originals
        round_no = 0
        while True:
            round_no += 1
            shuffled = list(self.vocabulary)
            random.Random(self.seed * 7919 + round_no).shuffle(shuffled)
            mapping = dict(zip(self.vocabulary, shuffled))
            for p in self.originals:
                yield " ".join(mapping[w] for w in p.split())

    def paragraphs(self) -> Iterator[str]:
        """Yield paragraphs forever: unique ones with copies of earlier ones mixed in."""
        rng = random.Random(self.seed)
        long_ones: list[str] = []
        for p in self._unique():
            if long_ones and rng.random() < self.copy_share:
                yield self._copy(rng.choice(long_ones), rng)
            if len(p.split()) >= 8:
                long_ones.append(p)
            yield p

    @staticmethod
    def _copy(p: str, rng: random.Random) -> str:
        words = p.split()
        kind = rng.random()
        if kind < 0.5:
            return p
        if kind < 0.75:
            words.pop(rng.randrange(len(words)))
            words.insert(rng.randrange(len(words)), "reportedly")
            return " ".join(words)
        return " ".join(words[: max(4, int(len(words) * 0.6))]) + "..."

    def by_count(self, count: int) -> str:
        """A document of exactly ``count`` paragraphs, one a line."""
        gen = self.paragraphs()
        return "\n".join(next(gen) for _ in range(count)) + "\n"

    def by_size(self, chars: int) -> str:
        """A document of at least ``chars`` characters."""
        lines, size = [], 0
        for p in self.paragraphs():
            lines.append(p)
            size += len(p) + 1
            if size >= chars:
                break
        return "\n".join(lines) + "\n"
