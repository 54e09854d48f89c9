"""Every real page in ../shared/eval/html: no unique paragraph lost, output still parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe_text.formats import dedupe_bytes
from dedupe_text.formats.audit import audit_html

PAGES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "html"
PAGES = sorted(PAGES_DIR.glob("*.html")) if PAGES_DIR.is_dir() else []


@pytest.mark.skipif(not PAGES, reason=f"no real pages: {PAGES_DIR} is absent (the shared eval data)")
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name[:40])
def test_real_page_loses_no_unique_paragraph(path: Path) -> None:
    data = path.read_bytes()
    out, result = dedupe_bytes(data, format="html")
    audit = audit_html(result)
    assert audit.lost == ()
    assert audit.parses
    assert (out == data) == (not result.removals)
