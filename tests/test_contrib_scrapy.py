"""The Scrapy item pipeline, driven the way Scrapy drives it (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="Scrapy is the optional extra 'scrapy' (CI installs it)")

from scrapy.exceptions import DropItem, NotConfigured  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from dedupe_text.contrib.scrapy import ParagraphIndexPipeline  # noqa: E402

FURNITURE = "Subscribe to the Harbour Gazette for the day's top stories."
STORY_A = "The ferry to the islands will run twice a day from June, the harbour master said on Monday."
STORY_B = "A new bakery opened on the market square, selling bread made with flour from the old mill."


def _pipeline(tmp_path: Path, **settings: object) -> ParagraphIndexPipeline:
    crawler = get_crawler(settings_dict={"DEDUPE_TEXT_INDEX": str(tmp_path / "crawl.db"), **settings})
    pipeline = ParagraphIndexPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_pages_lose_the_paragraphs_other_pages_had(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, DEDUPE_TEXT_REMOVED_FIELD="removed")
    first = pipeline.process_item({"url": "https://gazette.example/a", "text": f"{STORY_A}\n\n{FURNITURE}\n"})
    second = pipeline.process_item({"url": "https://gazette.example/b", "text": f"{FURNITURE}\n\n{STORY_B}\n"})
    pipeline.close_spider()
    assert first["text"] == f"{STORY_A}\n\n{FURNITURE}\n" and first["removed"] == []
    assert second["text"] == f"{STORY_B}\n"
    assert second["removed"] == [{"index": 0, "rule": "exact", "source": "https://gazette.example/a",
                                  "duplicate_of": 1}]


def test_items_emptied_are_dropped_when_asked(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, DEDUPE_TEXT_DROP_EMPTY=True, DEDUPE_TEXT_FIELD="body", DEDUPE_TEXT_ID_FIELD="id")
    pipeline.process_item({"id": "1", "body": STORY_A})
    with pytest.raises(DropItem, match="already seen"):
        pipeline.process_item({"id": "2", "body": STORY_A})
    untouched = {"id": "3", "title": "no body"}
    assert pipeline.process_item(untouched) == untouched
    pipeline.close_spider()


def test_boilerplate_policy_from_settings(tmp_path: Path) -> None:
    pipeline = _pipeline(tmp_path, DEDUPE_TEXT_POLICY="boilerplate:3")
    stories = [STORY_A, STORY_B, "Council members argued for three hours about the colour of the new tram livery."]
    texts = [pipeline.process_item({"url": f"u{n}", "text": f"{FURNITURE}\n\n{story}\n"})["text"]
             for n, story in enumerate(stories)]
    pipeline.close_spider()
    assert texts[:2] == [f"{FURNITURE}\n\n{s}\n" for s in stories[:2]] and texts[2] == f"{stories[2]}\n"


def test_missing_or_bad_settings_disable_the_pipeline(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured, match="DEDUPE_TEXT_INDEX"):
        ParagraphIndexPipeline.from_crawler(get_crawler(settings_dict={}))
    with pytest.raises(NotConfigured, match="DEDUPE_TEXT_POLICY"):
        _pipeline(tmp_path, DEDUPE_TEXT_POLICY="sometimes")
