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

A setting that cannot work (no index, a policy that does not parse, an index that cannot be
opened, a first item without ``DEDUPE_TEXT_FIELD``) stops the crawl at once with one error
line naming it, rather than letting pages through undeduplicated.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from ..errors import DedupeError
from ..index import ParagraphIndex, Policy, parse_policy

logger = logging.getLogger(__name__)
STOP_REASON = "dedupe_text_misconfigured"
"""The finish reason of a crawl the pipeline stopped."""


class ParagraphIndexPipeline:
    """Clean one text field of every item against a paragraph index shared by all pages."""

    def __init__(self, location: str, *, field: str = "text", id_field: str = "url",
                 policy: Policy | str = "first_seen", name: str = "default", drop_empty: bool = False,
                 removed_field: str | None = None, crawler: Any = None):
        self.location = location
        self.field = field
        self.id_field = id_field
        self.policy = policy
        self.name = name
        self.drop_empty = drop_empty
        self.removed_field = removed_field
        self.crawler = crawler
        self.index: ParagraphIndex | None = None
        self.problem: str | None = None
        self.checked = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParagraphIndexPipeline:
        """Build the pipeline from the crawler's ``DEDUPE_TEXT_*`` settings (checked when the spider opens)."""
        settings = crawler.settings
        pipeline = cls(
            settings.get("DEDUPE_TEXT_INDEX") or "", field=settings.get("DEDUPE_TEXT_FIELD", "text"),
            id_field=settings.get("DEDUPE_TEXT_ID_FIELD", "url"),
            policy=settings.get("DEDUPE_TEXT_POLICY", "first_seen"),
            name=settings.get("DEDUPE_TEXT_INDEX_NAME", "default"),
            drop_empty=settings.getbool("DEDUPE_TEXT_DROP_EMPTY", False),
            removed_field=settings.get("DEDUPE_TEXT_REMOVED_FIELD"), crawler=crawler,
        )
        from scrapy import signals

        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        return pipeline

    def spider_opened(self, spider: Any = None) -> None:
        """Stop the crawl now if the index could not be opened (the engine can close the spider by now)."""
        if self.problem is not None:
            self.stop(self.problem.removeprefix("dedupe-text pipeline: "), log=False)

    def open_spider(self, spider: Any = None) -> None:
        """Open the index (once per crawl); stop the crawl with one error line if the settings cannot work."""
        try:
            if not self.location:
                raise DedupeError("set DEDUPE_TEXT_INDEX to a file path or a redis:// URL")
            policy = self.policy if isinstance(self.policy, Policy) else _setting("DEDUPE_TEXT_POLICY", self.policy)
            self.index = ParagraphIndex(self.location, policy=policy, name=self.name)
        except (DedupeError, TypeError, ValueError) as err:
            self.stop(str(err))

    def stop(self, problem: str, *, log: bool = True) -> None:
        """Log ``problem`` once and close the spider (the crawl finishes with reason ``STOP_REASON``)."""
        self.problem = f"dedupe-text pipeline: {problem}"
        if log:
            logger.error(self.problem)
        engine = getattr(self.crawler, "engine", None)
        if engine is None or getattr(engine, "spider", None) is None:
            return  # not open yet: spider_opened stops it
        from twisted.internet import reactor

        if hasattr(engine, "close_spider_async"):
            from scrapy.utils.defer import deferred_from_coro

            close = lambda: deferred_from_coro(engine.close_spider_async(reason=STOP_REASON))  # noqa: E731
        else:  # Scrapy before 2.14
            close = lambda: engine.close_spider(engine.spider, STOP_REASON)  # noqa: E731
        cast(Any, reactor).callLater(0, close)  # once the item being processed is done

    def close_spider(self, spider: Any = None) -> None:
        """Close the index."""
        if self.index is not None:
            self.index.close()
            self.index = None

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Replace the item's text by its cleaned text; items without text or id pass unchanged."""
        if self.index is None and self.problem is None:
            self.open_spider()
        if self.index is None or self.problem is not None:
            raise DropItem(self.problem or "")
        adapter = ItemAdapter(item)
        text, doc_id = adapter.get(self.field), adapter.get(self.id_field)
        if not self.checked:
            self.checked = True
            if not isinstance(text, str):
                fields = ", ".join(sorted(map(str, adapter.keys()))) or "none"
                self.stop(f"DEDUPE_TEXT_FIELD {self.field!r} is not a text field of the first item "
                          f"(its fields: {fields})")
                raise DropItem(self.problem or "")
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


def _setting(name: str, value: object) -> Policy:
    """Read ``DEDUPE_TEXT_POLICY``, naming the setting in the error."""
    try:
        return parse_policy(value)  # type: ignore[arg-type]  # parse_policy checks the type itself
    except (DedupeError, TypeError) as err:
        raise DedupeError(f"{name}: {err}") from None
