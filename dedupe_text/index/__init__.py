"""A cross-document index of paragraphs already seen: embedded (SQLite file) or shared (Redis).

>>> import os, tempfile
>>> from dedupe_text.index import ParagraphIndex, boilerplate
>>> with ParagraphIndex(os.path.join(tempfile.mkdtemp(), "site.db"), policy=boilerplate(min_docs=2)) as index:
...     _ = index.dedupe("Story one.\\nSubscribe to our newsletter now.", doc_id="p1")
...     index.clean("Story two.\\nSubscribe to our newsletter now.", doc_id="p2")
'Story two.'
"""

from __future__ import annotations

from .ids import content_doc_id, path_doc_id
from .opening import open_backend
from .paragraph_index import IndexStats, ParagraphIndex
from .policy import Policy, boilerplate, first_seen, parse_policy

__all__ = ["IndexStats", "ParagraphIndex", "Policy", "boilerplate", "content_doc_id", "first_seen", "open_backend",
           "parse_policy", "path_doc_id"]
