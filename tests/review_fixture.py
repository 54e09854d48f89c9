"""The seed-like review fixture and a hostile article, shared by the review tests."""

from __future__ import annotations

from pathlib import Path

EXAMPLE = (Path(__file__).parent.parent / "fixtures" / "review" / "example.txt").read_text(encoding="utf-8")
"""A wire story: a teaser, a doubled bold title, a re-keyed near copy, a body pasted again."""

SCRIPT = ("<script>document.title='pwned'; window.pwned = 1;</script> arrives inside this paragraph, "
          "which a scraper copied twice from the page it found")
IMG = ('The caption ends early "><img src=x onerror="window.pwned=2"> and goes on with more words here, '
       "as captions in scraped pages often do")
HOSTILE = "\n".join([
    SCRIPT,
    IMG,
    "An ordinary paragraph stands between them, long enough to be judged on its own terms by the detector.",
    SCRIPT,
    IMG.replace("more words", "more <i>of the</i> words"),
    "",
])
"""An article whose repeated paragraphs carry markup: an exact copy and a near copy (diffed)."""
