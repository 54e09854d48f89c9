"""Peers scored beside dedupe-text that are not in ``../shared/eval/baselines.py``.

trafilatura deduplicates while it extracts a page: every text element goes through
``trafilatura.deduplication.duplicate_test(element, options)``, which counts the element's
whitespace-trimmed text in an LRU cache and drops it when it is longer than
``options.min_duplcheck_size`` (100 characters) and was seen more than
``options.max_repetitions`` times before (2). By default that cache is a module global shared
by every page a process extracts; here each article gets a cache of its own, so the decision
depends on the article alone, as the scorer assumes.

To judge the deduplication and nothing else, the wrapper hands trafilatura the same paragraphs
dedupe-text sees (``dedupe_text.segment``), one ``<p>`` element each, and emits the kept ones
with their own separators (``dedupe_text.emit``): segmentation and output are identical, only
the decision to drop differs. Characters XML cannot hold are dropped from the element's copy
of the text (trafilatura's HTML parser never passes them on); the output keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dedupe_text.emit import emit_text
from dedupe_text.segment import segment

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an lxml element cannot hold (an HTML parser never hands them to trafilatura)."""


def trafilatura_cleaner(max_repetitions: int | None = None) -> Callable[[str], str]:
    """Return trafilatura's per-element duplicate test as a text -> text cleaner.

    ``max_repetitions`` overrides trafilatura's setting (None keeps its default, 2).
    Raises ImportError when trafilatura is not installed.
    """
    from lxml import etree
    from trafilatura.deduplication import LRUCache, duplicate_test
    from trafilatura.settings import LRU_SIZE, Extractor

    def clean(text: str) -> str:
        options = Extractor(dedup=LRUCache(maxsize=LRU_SIZE))
        if max_repetitions is not None:
            options.max_repetitions = max_repetitions
        paragraphs = segment(text)
        removed = set()
        for p in paragraphs:
            element = etree.Element("p")
            element.text = _NOT_XML.sub("", p.text)
            if duplicate_test(element, options):
                removed.add(p.index)
        return emit_text(text, paragraphs, removed)

    return clean
