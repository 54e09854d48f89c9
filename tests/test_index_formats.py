"""The index reads each document as its format does: Markdown, HTML and unspaced scripts, as ``clean`` would."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from index_support import redis_url  # noqa: F401  (a fixture)

from dedupe_text import clean, dedupe
from dedupe_text.cli import cli
from dedupe_text.index import ParagraphIndex

Factory = Callable[[], ParagraphIndex]

POST = """# Registering the harbour sensors

Each pier has two sensors, so the registration runs twice with the same station name.

```sh
sensor-tool register --station north-pier --interval 60
sensor-tool register --station north-pier --interval 60
```

Each run prints the serial number of the sensor it registered.
"""

WIRE = "The regional water board will replace every lead pipe in the old town before the end of next year."
PAGE_A = f"""<html><body>
<h1>Water board plans</h1>
<p>{WIRE}</p>
<p>Residents of the harbour district asked for the work to start there.</p>
</body></html>
"""
PAGE_B = f"""<html><body>
<article>
<h1>Old town pipes</h1>
<p>The council meets on Thursday to agree the order of the streets.</p>
<p>{WIRE}</p>
<ul><li>North quarter first</li><li>Harbour district in spring</li></ul>
</article>
</body></html>
"""

SHARED_ZH = "市议会周一宣布，明年年底前将更换老城区所有的铅制水管，工程预计耗资一千二百万欧元。"
SHORT_ZH = "港口明天早上八点重新开放。"  # 13 characters, as long as a 37-character line of spaced text


@pytest.fixture(params=["memory", "embedded", "redis"])
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """Open one index on the backend under test (a Redis name of its own, cleared afterwards)."""
    opened: list[ParagraphIndex] = []
    location: Any = {"memory": ":memory:", "embedded": tmp_path / "seen.db"}.get(request.param)
    name = uuid.uuid4().hex
    if request.param == "redis":
        location = request.getfixturevalue("redis_url")

    def factory() -> ParagraphIndex:
        assert not opened, "one index a test: ':memory:' is not shared between two"
        opened.append(ParagraphIndex(location, name=name))
        return opened[0]

    yield factory
    for index in opened:
        if request.param == "redis":
            index.clear()
        index.close()


def test_a_repeated_line_in_a_fenced_code_block_stays_as_clean_keeps_it(make_index: Factory) -> None:
    assert clean(POST, format="markdown") == POST
    index = make_index()
    result = index.dedupe(POST, doc_id="post.md", format="markdown")
    assert result.text == POST and result.removals == ()
    again = index.dedupe(POST.replace("Each pier", "Every pier"), doc_id="other.md", format="markdown")
    assert "sensor-tool register --station north-pier --interval 60\n" * 2 in again.text  # code is never a copy


def test_clean_with_an_index_keeps_the_fenced_code_of_a_markdown_file(tmp_path: Path) -> None:
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(cli, ["clean", str(tmp_path / "post.md")])
    indexed = runner.invoke(cli, ["clean", "--index", str(tmp_path / "seen.db"), str(tmp_path / "post.md")])
    assert (plain.exit_code, indexed.exit_code) == (0, 0)
    assert indexed.stdout == plain.stdout == POST


def test_an_html_page_loses_the_block_another_page_had_and_keeps_its_structure(make_index: Factory) -> None:
    index = make_index()
    first = index.dedupe(PAGE_A, doc_id="a.html", format="html")
    assert first.text == PAGE_A and first.removals == ()
    second = index.dedupe(PAGE_B, doc_id="b.html", format="html")
    assert second.text == PAGE_B.replace(f"<p>{WIRE}</p>\n", "")
    [removal] = second.removals
    assert (removal.text, removal.source, removal.duplicate_of, removal.locator) == (
        WIRE, "a.html", 1, "html > body > article:nth-of-type(1) > p:nth-of-type(2)")
    assert index.dedupe(PAGE_A, doc_id="a.html", format="html").text == PAGE_A  # never a copy of itself
    assert index.dedupe(PAGE_B, doc_id="b.html", format="html").text == second.text  # the same on a recrawl


def test_clean_with_an_index_reads_html_files(tmp_path: Path) -> None:
    for name, page in (("a.html", PAGE_A), ("b.html", PAGE_B)):
        (tmp_path / name).write_text(page, encoding="utf-8")
    runner = CliRunner()
    index = str(tmp_path / "seen.db")
    first = runner.invoke(cli, ["clean", "--index", index, str(tmp_path / "a.html")])
    second = runner.invoke(cli, ["clean", "--index", index, str(tmp_path / "b.html")])
    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    assert first.stdout == PAGE_A and second.stdout == PAGE_B.replace(f"<p>{WIRE}</p>\n", "")


def test_chinese_paragraphs_are_judged_across_documents_as_within_one(make_index: Factory) -> None:
    index = make_index()
    index.dedupe(f"{SHARED_ZH}\n\n{SHORT_ZH}\n", doc_id="zh-a")
    own = "图书馆下个月将延长周末的开放时间，并增加儿童阅读活动。"
    second = index.dedupe(f"{own}\n\n{SHARED_ZH}\n\n{SHORT_ZH}\n", doc_id="zh-b")
    within = dedupe(f"{SHORT_ZH}\n{own}\n{SHORT_ZH}\n")
    assert [r.text for r in within.removals] == [SHORT_ZH]  # the core removes the short line's repeat
    assert second.text == f"{own}\n"
    assert [(r.text, r.source) for r in second.removals] == [(SHARED_ZH, "zh-a"), (SHORT_ZH, "zh-a")]


def test_a_line_too_short_for_the_core_is_too_short_for_the_index(make_index: Factory) -> None:
    tiny = "港口开放。"  # 5 characters, as long as 13 of spaced text: under min_chars
    assert dedupe(f"{tiny}\n{SHARED_ZH}\n{tiny}\n").removals == ()
    index = make_index()
    index.dedupe(f"{tiny}\n\n{SHARED_ZH}\n", doc_id="zh-a")
    assert index.dedupe(f"{tiny}\n\n{SHARED_ZH}\n", doc_id="zh-b").text == f"{tiny}\n"
