"""Saved decisions: re-applied to the same text, refused on a changed one."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_fixture import EXAMPLE

from dedupe_text import DedupeError
from dedupe_text.errors import DecisionsError, TextChangedError
from dedupe_text.review import apply_decisions, decisions_document, parse_decisions, review, text_sha256


def saved(text: str = EXAMPLE, keep: tuple[int, ...] = (11,), **options: object) -> dict:
    """The decisions document as written to a file and read back."""
    document = decisions_document(text, review(text, keep_numbers=keep, **options), keep)  # type: ignore[arg-type]
    return parse_decisions(json.dumps(document))


def test_round_trip_reproduces_the_reviewed_result() -> None:
    reviewed = review(EXAMPLE, keep_numbers=[11], allow=(r"^Reporting by",))
    applied = apply_decisions(EXAMPLE, saved(keep=(11,), allow=(r"^Reporting by",)))
    assert applied.text == reviewed.text
    assert applied.removals == reviewed.removals
    assert applied.config == reviewed.config
    assert applied.to_dict() == reviewed.to_dict()


def test_document_is_the_report_json_plus_hash_and_keep() -> None:
    result = review(EXAMPLE, keep_numbers=[11])
    document = decisions_document(EXAMPLE, result, [11, 11])
    assert {k: v for k, v in document.items() if k not in ("input_sha256", "keep")} == result.to_dict()
    assert document["keep"] == [11]
    assert document["input_sha256"] == text_sha256(EXAMPLE) and len(document["input_sha256"]) == 64


@pytest.mark.parametrize("change", [
    lambda t: t.replace("31 to 12", "31 to 13", 1),
    lambda t: t + "\n",
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t[1:],
])
def test_changed_text_is_refused(change) -> None:  # type: ignore[no-untyped-def]
    document = saved()
    with pytest.raises(TextChangedError) as err:
        apply_decisions(change(EXAMPLE), document)
    assert str(err.value).startswith("the text has changed since these decisions were saved (saved for sha256 ")
    assert str(err.value).endswith("); review it again")
    assert isinstance(err.value, DecisionsError) and isinstance(err.value, DedupeError)


def test_keep_added_by_hand_keeps_more() -> None:
    document = saved(keep=())
    document["keep"] = [14, 17]
    result = apply_decisions(EXAMPLE, document)
    assert {r.index + 1 for r in result.removals} == {1, 3, 11, 13, 15, 16}
    assert result.text.count("Advertisement") == 2


def test_decisions_that_would_lose_a_paragraph_are_refused() -> None:
    document = saved(keep=())
    near = next(r for r in document["removals"] if r["rule"] == "near")
    eight = {**near, "index": 7, "text": review(EXAMPLE).paragraphs[7].text, "duplicate_of": 10}
    document["removals"].append(eight)
    with pytest.raises(DecisionsError, match=r"^decisions remove ¶8 and ¶11, the copy it repeats; keep one of them$"):
        apply_decisions(EXAMPLE, document)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.pop("input_sha256"), "decisions lack a valid 'input_sha256' field"),
    (lambda d: d.update(removals={}), "decisions lack a valid 'removals' field"),
    (lambda d: d.update(keep=["11"]), "decisions 'keep' must list paragraph numbers"),
    (lambda d: d.update(paragraphs=3), "decisions were saved for 3 paragraphs, the text splits into 17"),
    (lambda d: d["removals"][0].update(text="other"), "decisions remove a paragraph the text does not have"),
    (lambda d: d["removals"][0].update(index=99), "decisions remove a paragraph the text does not have"),
    (lambda d: d["removals"][0].pop("rule"), "decisions hold an incomplete removal"),
    (lambda d: d["removals"][0].update(colour="red"), "decisions hold a removal that is not one"),
    (lambda d: d["config"].update(near_threshold=900), "decisions hold a config this version cannot use"),
])
def test_malformed_decisions_raise_decisions_error(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    document = saved()
    edit(document)
    with pytest.raises(DecisionsError) as err:
        apply_decisions(EXAMPLE, document)
    assert str(err.value).startswith(message)
    assert not isinstance(err.value, TextChangedError)


@pytest.mark.parametrize("data", ["{", "[]", "7"])
def test_parse_decisions_wants_a_json_object(data: str) -> None:
    with pytest.raises(DecisionsError, match=r"^decisions (are not valid JSON|must be a JSON object)"):
        parse_decisions(data)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 17), max_size=5))
def test_any_reviewed_keep_round_trips(keep: list[int]) -> None:
    assert apply_decisions(EXAMPLE, saved(keep=tuple(keep))).text == review(EXAMPLE, keep_numbers=keep).text


PAGE = ("<html><body><h1>Ferry timetable changes from Monday</h1><p>The harbour ferry will run every twenty "
        "minutes from Monday, the operator said.</p><p>Tickets bought before the change stay valid.</p><p>The "
        "harbour ferry will run every twenty minutes from Monday, the operator said.</p></body></html>\n")
"""A page on one line: four blocks to HTML, one paragraph to plain text."""
POST = ("# Ferry timetable changes from Monday\n\n```\nferry --every 20m\nferry --every 20m\n```\n\n"
        "The harbour ferry will run every twenty minutes\nfrom Monday, the operator said on Friday.\n\n"
        "The harbour ferry will run every twenty minutes\nfrom Monday, the operator said on Friday.\n")
"""A post whose code block repeats a line (Markdown keeps it) and whose paragraph is pasted twice."""


@pytest.mark.parametrize(("text", "fmt"), [(PAGE, "html"), (POST, "markdown")])
def test_decisions_saved_from_a_format_are_re_applied_in_it(text: str, fmt: str) -> None:
    reviewed = review(text, format=fmt)
    assert len(reviewed.removals) == 1
    document = parse_decisions(json.dumps(decisions_document(text, reviewed)))
    applied = apply_decisions(text, document, format=fmt)
    assert applied.text == reviewed.text and applied.to_dict() == reviewed.to_dict()
    assert apply_decisions(text, document, format="auto", filename=f"story.{'md' if fmt == 'markdown' else fmt}"
                           ).text == reviewed.text
    document["keep"] = [reviewed.removals[0].index + 1]
    assert apply_decisions(text, document, format=fmt).text == text


def test_decisions_read_in_another_format_are_refused_by_paragraph_count() -> None:
    document = parse_decisions(json.dumps(decisions_document(PAGE, review(PAGE, format="html"))))
    with pytest.raises(DecisionsError, match=r"^decisions were saved for 4 paragraphs, the text splits into 1 as "
                                             r"text \(re-apply them in the format they were saved from\)$"):
        apply_decisions(PAGE, document)


def test_decisions_never_remove_what_the_format_protects() -> None:
    page = PAGE.replace("<p>Tickets", "<pre>Tickets").replace("valid.</p>", "valid.</pre>")
    reviewed = review(page, format="html")
    document = parse_decisions(json.dumps(decisions_document(page, reviewed)))
    pre = reviewed.paragraphs[2]
    document["removals"].append({**document["removals"][0], "index": 2, "text": pre.text, "duplicate_of": 0})
    with pytest.raises(DecisionsError, match=r"^decisions remove ¶3, which html never removes \(code\)$"):
        apply_decisions(page, document, format="html")


ROW = "<tr><td>Harbour ferry to the island</td><td>every twenty minutes</td></tr>"
PAGES = [
    pytest.param("<p>The quay reopens on Monday after the storm repairs.</p>\n"
                 "<noscript><p>The quay reopens on Monday after the storm repairs.</p></noscript>\n"
                 "<p hidden>Hidden words that are never a block.</p>\n"
                 f"<table>\n<thead><tr><th>Route</th><th>Interval</th></tr></thead>\n{ROW}\n{ROW}\n</table>\n"
                 "<pre>same code, line for line</pre>\n<pre>same code, line for line</pre>\n"
                 "<p>The quay reopens on Monday after the storm repairs.</p>\n", "html", id="html"),
    pytest.param("# Quay reopens\n\nThe quay reopens on Monday after the storm repairs.\n\n"
                 "- The quay reopens on Monday after the storm repairs.\n\n  A second paragraph of the item.\n\n"
                 "| Route | Interval |\n|---|---|\n| Ferry | twenty minutes |\n| Ferry | twenty minutes |\n\n"
                 "The quay reopens on Monday after the storm repairs.\n", "markdown", id="markdown"),
]


@pytest.mark.parametrize(("text", "fmt"), PAGES)
def test_split_document_sees_the_blocks_deduplication_sees(text: str, fmt: str) -> None:
    from dedupe_text import dedupe
    from dedupe_text.formats import split_document

    result = dedupe(text, format=fmt)
    split = split_document(text, fmt)
    assert [p.text for p in split.paragraphs] == [p.text for p in result.paragraphs]
    assert [p.locator for p in split.paragraphs] == [p.locator for p in result.paragraphs]
    assert result.removals and split.protected and not split.protected & {r.index for r in result.removals}
    assert split.without({r.index for r in result.removals}) == result.text
