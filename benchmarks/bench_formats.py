"""Throughput of the formats side by side, and an audit of every real page.

For each page in ../shared/eval/html/ the same article is cleaned three ways: as the
HTML page, as plain text (its blocks one a line) and as Markdown (its blocks as
paragraphs and headings). Then, per page: long paragraphs before and after, texts
lost (must be none), whether the output parses, and whether it is the source with
bytes cut out (else lexbor's serialization). Prints Markdown tables.

    python benchmarks/bench_formats.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from dedupe_text import clean
from dedupe_text.formats import dedupe_bytes
from dedupe_text.formats.audit import LONG_CHARS, audit_html
from dedupe_text.formats.encoding import decode_html
from dedupe_text.formats.html import Page

PAGES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "html"


def as_text_and_markdown(page: bytes) -> tuple[str, str]:
    """Render a page's blocks as plain text (one a line) and as Markdown."""
    blocks = Page(decode_html(page).text).blocks()
    text = "".join(f"{b.text}\n" for b in blocks)
    md = "".join(f"{'#' * int(b.node.tag[1]) + ' ' if b.node.tag in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6') else ''}"
                 f"{b.text}\n\n" for b in blocks)
    return text, md


def rate(fn: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return count / best


def is_cut_from(out: bytes, source: bytes) -> bool:
    it = iter(source)
    return all(b in it for b in out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    args = ap.parse_args()
    if not PAGES_DIR.is_dir():
        print(f"skipped: {PAGES_DIR} is absent")
        return 0
    paths = sorted(PAGES_DIR.glob("*.html"))
    pages = [p.read_bytes() for p in paths]
    texts, posts = zip(*(as_text_and_markdown(p) for p in pages))
    cleaned = [dedupe_bytes(p, format="html")[0] for p in pages]
    md = MarkdownIt("commonmark").enable("table")
    n = len(pages)
    rows = [
        ("HTML page (bytes in, bytes out)",
         rate(lambda: [dedupe_bytes(p, format="html") for p in pages], n, args.repeat)),
        ("HTML page already clean (no removal)",
         rate(lambda: [dedupe_bytes(p, format="html") for p in cleaned], n, args.repeat)),
        ("plain text of the same blocks", rate(lambda: [clean(t) for t in texts], n, args.repeat)),
        ("Markdown of the same blocks", rate(lambda: [clean(m, format="markdown") for m in posts], n, args.repeat)),
        ("(markdown-it parse alone)", rate(lambda: [md.parse(m) for m in posts], n, args.repeat)),
        ("(lexbor parse alone)", rate(lambda: [Page(decode_html(p).text) for p in pages], n, args.repeat)),
    ]
    print(f"{n} pages, {sum(map(len, pages)) / 1e6:.1f} MB of HTML; best of {args.repeat} runs\n")
    print("| input | pages/s |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.1f} |")
    print(f"\n| page | blocks | long (≥{LONG_CHARS} chars) before | long after | removed | new blocks | lost | "
          "parses | output |")
    print("|---|---|---|---|---|---|---|---|---|")
    failures = 0
    for path, page, out in zip(paths, pages, cleaned):
        result = dedupe_bytes(page, format="html")[1]
        audit = audit_html(result)
        failures += bool(audit.lost) or not audit.parses
        how = "source" if out == page else "source, cut" if is_cut_from(out, page) else "lexbor serialization"
        print(f"| {path.name[:48]} | {len(result.paragraphs)} | {audit.long_before} | {audit.long_after} | "
              f"{len(result.removals)} | {audit.new_blocks} | {len(audit.lost)} | {audit.parses} | {how} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
