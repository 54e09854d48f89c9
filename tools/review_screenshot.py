"""Regenerate docs/review-example.png: the review page of fixtures/review/example.txt in headless Chromium.

    python tools/review_screenshot.py [--out docs/review-example.png]

Needs Debian's chromium and chromium-driver and selenium (the test extra).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, missing  # noqa: E402

from dedupe_text.review import render_html, review  # noqa: E402

ALLOW = (r"^Reporting by",)
"""The example allows its credit line to repeat, so the page shows an allowed paragraph too."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=Path, default=ROOT / "fixtures" / "review" / "example.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review-example.png")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    problem = missing()
    if problem:
        sys.exit(f"cannot take the screenshot: {problem}")
    text = args.fixture.read_text(encoding="utf-8")
    page = render_html(review(text, allow=ALLOW), title=args.fixture.name)
    with tempfile.TemporaryDirectory() as tmp, chromium(args.width) as driver:
        html = Path(tmp) / "review.html"
        html.write_text(page, encoding="utf-8")
        driver.get(html.as_uri())
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(args.width, height + 140)
        driver.save_screenshot(str(args.out))
    print(f"wrote {args.out} ({args.width}px wide, {height}px page)")


if __name__ == "__main__":
    main()
