"""The Scrapy item pipeline, driven the way Scrapy drives it (no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="Scrapy is the optional extra 'scrapy' (CI installs it)")

from scrapy.exceptions import DropItem  # noqa: E402
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


SPIDER = """
import scrapy
class Pages(scrapy.Spider):
    name = "pages"
    start_urls = ["data:,one", "data:,two", "data:,three"]
    def parse(self, response):
        yield {"url": response.url, "text": FURNITURE + "\\n\\nA story about " + response.text + "."}
""".replace("FURNITURE", repr(FURNITURE))


def _crawl(tmp_path: Path, **settings: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    """Run a real crawl of three data: pages (no network) through the pipeline; return it and the items."""
    (tmp_path / "pages.py").write_text(SPIDER)
    options = {"ITEM_PIPELINES": '{"dedupe_text.contrib.scrapy.ParagraphIndexPipeline": 300}',
               "DEDUPE_TEXT_INDEX": str(tmp_path / "crawl.db"), "LOG_LEVEL": "INFO",
               "TELNETCONSOLE_ENABLED": "False", **settings}
    args = [sys.executable, "-m", "scrapy", "runspider", str(tmp_path / "pages.py"), "-o", str(tmp_path / "out.jsonl")]
    for name, value in options.items():
        args += ["-s", f"{name}={value}"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    out = tmp_path / "out.jsonl"
    items = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return run, items


def test_a_crawl_drops_what_other_pages_had_without_warnings(tmp_path: Path) -> None:
    run, items = _crawl(tmp_path, DEDUPE_TEXT_POLICY="boilerplate:2")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "ScrapyDeprecationWarning" not in run.stderr and "ERROR" not in run.stderr
    assert len(items) == 3 and sum(item["text"].startswith(FURNITURE) for item in items) == 1


@pytest.mark.parametrize(("settings", "message"), [
    ({"DEDUPE_TEXT_POLICY": "sometimes"}, "DEDUPE_TEXT_POLICY: policy must be first_seen or boilerplate:K"),
    ({"DEDUPE_TEXT_INDEX": ""}, "set DEDUPE_TEXT_INDEX to a file path or a redis:// URL"),
    ({"DEDUPE_TEXT_FIELD": "body"}, "DEDUPE_TEXT_FIELD 'body' is not a text field of the first item"),
])
def test_settings_that_cannot_work_stop_the_crawl_with_one_error(tmp_path: Path, settings: dict[str, str],
                                                                  message: str) -> None:
    run, items = _crawl(tmp_path, **settings)
    errors = [line for line in run.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in run.stderr
    assert items == [] and "Spider closed (dedupe_text_misconfigured)" in run.stderr
