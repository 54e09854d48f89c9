"""Accuracy of dedupe-text beside the baselines and trafilatura, scored by ../shared/eval/score.py.

Case sets: the dev set (``dev_cases.jsonl``, seed 7, tuned on) and fresh ones made here with
``make_cases.py`` from seeds the defaults were never tuned on (101, 202, and 303 with wrapped,
CRLF and mixed-separator rendering); the multilingual dev set and fresh ones from
``multilingual/make_ml_cases.py``, scored one language at a time; look-alikes an editor keeps
whole from ``make_hard_cases.py`` (seeds 7 and 11). Every figure is what ``score.py --func``
prints. Real pages with gold text are scored by ``pages/score_pages.py`` beside its controls.

    python benchmarks/bench_accuracy.py [--quick] [--cases N] [--only SECTION ...]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchlib import Cleaner, Evaluation, Pages, skipped, split_cases, summary_table, table
from peers import trafilatura_cleaner

import dedupe_text

TITLE = "Accuracy"
FRESH_SEEDS = ((101, ""), (202, ""), (303, "wrap,crlf,mixed_sep"))
ML_FRESH_SEEDS = ((101, ""), (303, "crlf,mixed_sep"))
HARD_SEEDS = (7, 11)
SECTIONS = ("english", "multilingual", "lookalikes", "pages")
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


def english(kit: Evaluation, found: dict[str, Cleaner], tmp: Path, quick: bool, n: int) -> None:
    """The dev set and the fresh seeds: headline figures, then perfect cases per kind."""
    sets: list[tuple[str, Path]] = []
    dev = kit.head(kit.dev_cases, 200, tmp / "dev200.jsonl") if quick else kit.dev_cases
    sets.append(("dev set (`dev_cases.jsonl`" + (", first 200 cases)" if quick else ", 1,000 cases)"), dev))
    for seed, extra in FRESH_SEEDS:
        path = kit.make_cases(tmp / f"seed{seed}.jsonl", seed, n, extra)
        sets.append((f"fresh seed {seed}" + with_extra(extra) + f" ({n} cases)", path))
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


def with_extra(extra: str) -> str:
    return f" with `--extra {extra}`" if extra else ""


LANGUAGE_HEADERS = ("language", "cleaner", "cases", "perfect", "precision", "recall", "lost groups", "errors")


def language_table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """One row per language per cleaner: ``results[language][cleaner]`` is score.py's JSON."""
    rows = [[lang, f"`{name}`", r["cases"], r["perfect"], r["precision"], r["recall"], r["lost_groups"], r["errors"]]
            for lang, by_cleaner in results.items() for name, r in by_cleaner.items()]
    return table(LANGUAGE_HEADERS, rows)


def multilingual(kit: Evaluation, found: dict[str, Cleaner], tmp: Path, quick: bool) -> None:
    """The multilingual dev set and fresh seeds, scored one language at a time."""
    missing = kit.missing("multilingual/dev_cases.jsonl", "multilingual/dev_articles.jsonl",
                          "multilingual/make_ml_cases.py")
    if missing:
        print(f"### Multilingual\n\nSkipped: not in {kit.folder}: {', '.join(missing)}\n")
        return
    per_language = 20 if quick else None
    n = 60 if quick else 600
    dev_label = f"first {per_language} cases a language" if quick else "600 cases, 100 a language"
    sets = [(f"dev set (`multilingual/dev_cases.jsonl`, {dev_label})", kit.ml_cases, per_language)]
    for seed, extra in ML_FRESH_SEEDS:
        path = kit.make_ml_cases(tmp / f"ml-seed{seed}.jsonl", seed, n, extra)
        sets.append((f"fresh seed {seed}" + with_extra(extra) + f" ({n} cases)", path, None))
    print("Multilingual cases are real sentences in six scripts (`../shared/eval/multilingual`), with edits, "
          "teasers and updates made per script; each language is scored on its own.\n")
    for label, path, limit in sets:
        by_language = split_cases(path, "lang", tmp, limit)
        results = {lang: {name: kit.score(cases, fn) for name, fn in found.items()}
                   for lang, cases in by_language.items()}
        print(f"### Multilingual: {label}\n")
        print(language_table(results) + "\n")


def lookalikes(kit: Evaluation, found: dict[str, Cleaner], tmp: Path, quick: bool) -> None:
    """Look-alikes an editor keeps whole, each case with one true copy: headline figures and kinds."""
    missing = kit.missing("make_hard_cases.py")
    if missing:
        print(f"### Look-alikes\n\nSkipped: not in {kit.folder}: {', '.join(missing)}\n")
        return
    n = 100 if quick else 400
    print("Look-alikes (`make_hard_cases.py`): templated frames about different things, a table of contents "
          "and its headings, procedures sharing steps, a heading whose words open the paragraph below; each case "
          "has one true copy that must go.\n")
    for seed in HARD_SEEDS:
        path = kit.make_hard_cases(tmp / f"hard-seed{seed}.jsonl", seed, n)
        results = {name: kit.score(path, fn) for name, fn in found.items()}
        print(f"### Look-alikes: seed {seed} ({n} cases)\n")
        print(summary_table(results) + "\n")
        print(f"Perfect cases per kind, look-alikes seed {seed}:\n")
        print(kind_table(results) + "\n")


PAGE_HEADERS = ("dataset", "cleaner", "pages", "pages w/ removal", "blocks removed", "gold", "gone, near copy left",
                "LOST (pages)", "invisible keeps", "errors", "seconds")


def page_table(results: dict[str, dict[str, Any]]) -> str:
    """One row per dataset (then all) per cleaner from ``score_pages.py --json`` totals."""
    def row(dataset: str, name: str, t: dict[str, Any]) -> list[Any]:
        return [dataset, f"`{name}`", t["pages"], t["removed_pages"], t["removed_blocks"], t["gold"],
                t["near_copy_left"], f"{t['lost']} ({t['lost_pages']})", t["invisible_keeps"], t["errors"],
                t["seconds"]]

    datasets = sorted({d for r in results.values() for d in r["by_dataset"]})
    rows = [row(d, name, r["by_dataset"][d]) for d in datasets for name, r in results.items()]
    rows += [row("all", name, r) for name, r in results.items()]
    return table(PAGE_HEADERS, rows)


def without_paragraphs(page: str) -> str:
    """The page with every ``<p>`` element taken out (a control that loses text)."""
    from lxml import html

    root = html.document_fromstring(page.encode("utf-8", "replace"), parser=html.HTMLParser(encoding="utf-8"))
    for p in list(root.iter("p")):
        p.drop_tree()
    return html.tostring(root, encoding="unicode")


def page_cleaners(kit: Evaluation) -> dict[str, Cleaner]:
    """dedupe-text on HTML, the scorer's two controls, and the line baseline run on the page's source."""
    return {
        'dedupe_text.clean(format="html")': lambda page: dedupe_text.clean(page, format="html"),
        "control: page unchanged": lambda page: page,
        "control: every <p> deleted": without_paragraphs,
        "baselines.exact (the page's source lines)": kit.baselines.exact,
    }


def pages(kit: Evaluation, tmp: Path, quick: bool) -> None:
    """Real pages with gold text: does an HTML cleaner take away text that had no other copy?"""
    found, reason = Pages.find(kit)
    if found is None:
        print(f"### Real pages\n\nSkipped: {reason}\n")
        return
    datasets = found.first(10, tmp / "pages") if quick else found.datasets
    label = "first 10 pages of each dataset" if quick else "every page"
    results = {name: found.score(fn, datasets) for name, fn in page_cleaners(kit).items()}
    print(f"### Real pages (`pages/score_pages.py`, {label})\n")
    print("Pages as served, main text marked by people. *gold*: gold paragraphs of 8 words or more in the "
          "page's visible text; *LOST*: gold paragraphs gone with no near copy left (pages in brackets), the "
          "figure that must be 0; *invisible keeps*: removed blocks whose only copy left is hidden (noscript, "
          "title, template). The controls show what the scorer sees: an unchanged page loses nothing; deleting "
          "every `<p>` loses most of the gold. `baselines.exact` drops repeated lines of the page's source.\n")
    print(page_table(results) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="200 dev cases, 100 cases a fresh seed, 20 multilingual dev cases a language, 60 cases "
                         "a fresh multilingual seed, 100 look-alikes a seed, 10 pages a dataset")
    ap.add_argument("--cases", type=int, default=None, help="cases per fresh English seed (default 500, quick 100)")
    ap.add_argument("--only", action="append", choices=SECTIONS, help="run this section only (repeat for more)")
    args = ap.parse_args(argv)
    kit = Evaluation.find()
    if kit is None:
        return skipped(TITLE, "../shared/eval (score.py, baselines.py, dev_cases.jsonl) is not beside the checkout")
    n = args.cases or (100 if args.quick else 500)
    only = args.only or SECTIONS
    found, notes = cleaners(kit)
    print(f"## {TITLE}\n")
    print(PEERS_NOTE + "\n")
    for note in notes:
        print(f"Note: {note}\n")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "english" in only:
            english(kit, found, tmp, args.quick, n)
        if "multilingual" in only:
            multilingual(kit, found, tmp, args.quick)
        if "lookalikes" in only:
            lookalikes(kit, found, tmp, args.quick)
        if "pages" in only:
            pages(kit, tmp, args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
