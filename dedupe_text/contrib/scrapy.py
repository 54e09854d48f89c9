"""A Scrapy item pipeline that drops paragraphs already seen in other pages (``pip install dedupe-text[scrapy]``).

Enable it in the project settings::

    ITEM_PIPELINES = {"dedupe_text.contrib.scrapy.ParagraphIndexPipeline": 300}
    DEDUPE_TEXT_INDEX = "seen.db"             # or "redis://host:6379/0" for many crawlers
    DEDUPE_TEXT_FIELD = "text"                # the field cleaned in place (default "text")
    DEDUPE_TEXT_ID_FIELD = "url"              # the field naming the document (default "url")
    DEDUPE_TEXT_POLICY = "first_seen"         # or "boilerplate:3"
    DEDUPE_TEXT_INDEX_NAME = "default"        # separates indexes in one Redis database
    DEDUPE_TEXT_DROP_EMPTY = False            # drop items left with no text
    DEDUPE_TEXT_REMOVED_FIELD = None          # a field to receive the removals' sources and rules
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from ..errors import ConfigError
from ..index import ParagraphIndex, Policy, first_seen, parse_policy


def read_policy(value: str) -> Policy:
    """Read ``DEDUPE_TEXT_POLICY``; a bad value disables the pipeline with the reason."""
    try:
        return parse_policy(value)
    except ConfigError as err:
        raise NotConfigured(f"DEDUPE_TEXT_POLICY: {err}") from None


class ParagraphIndexPipeline:
    """Clean one text field of every item against a paragraph index shared by all pages."""

    def __init__(self, location: str, *, field: str = "text", id_field: str = "url", policy: Policy | None = None,
                 name: str = "default", drop_empty: bool = False, removed_field: str | None = None):
        self.location = location
        self.field = field
        self.id_field = id_field
        self.policy = policy or first_seen()
        self.name = name
        self.drop_empty = drop_empty
        self.removed_field = removed_field
        self.index: ParagraphIndex | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParagraphIndexPipeline:
        """Build the pipeline from the crawler's ``DEDUPE_TEXT_*`` settings."""
        settings = crawler.settings
        location = settings.get("DEDUPE_TEXT_INDEX")
        if not location:
            raise NotConfigured("set DEDUPE_TEXT_INDEX to a file path or a redis:// URL")
        return cls(
            location, field=settings.get("DEDUPE_TEXT_FIELD", "text"),
            id_field=settings.get("DEDUPE_TEXT_ID_FIELD", "url"),
            policy=read_policy(settings.get("DEDUPE_TEXT_POLICY", "first_seen")),
            name=settings.get("DEDUPE_TEXT_INDEX_NAME", "default"),
            drop_empty=settings.getbool("DEDUPE_TEXT_DROP_EMPTY", False),
            removed_field=settings.get("DEDUPE_TEXT_REMOVED_FIELD"),
        )

    def open_spider(self, spider: Any = None) -> None:
        """Open the index (once per crawl)."""
        self.index = ParagraphIndex(self.location, policy=self.policy, name=self.name)

    def close_spider(self, spider: Any = None) -> None:
        """Close the index."""
        if self.index is not None:
            self.index.close()
            self.index = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Replace the item's text by its cleaned text; items without text or id pass unchanged."""
        if self.index is None:
            self.open_spider()
        assert self.index is not None
        adapter = ItemAdapter(item)
        text, doc_id = adapter.get(self.field), adapter.get(self.id_field)
        if not isinstance(text, str) or not doc_id:
            return item
        result = self.index.dedupe(text, doc_id=str(doc_id))
        adapter[self.field] = result.text
        if self.removed_field:
            adapter[self.removed_field] = [
                {"index": r.index, "rule": r.rule, "source": r.source, "duplicate_of": r.duplicate_of}
                for r in result.removals
            ]
        if self.drop_empty and not result.text.strip():
            raise DropItem(f"every paragraph of {doc_id} was already seen")
        return item
