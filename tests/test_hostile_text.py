"""Hostile plain text (issue 16) in segmentation, normalization and fingerprints: results, never timings.

Inputs are generated here, of bounded size; the costs themselves are measured by
benchmarks, not asserted.
"""

from __future__ import annotations

import tracemalloc

import pytest
from scripts_text import CHINESE
from test_normalize import REGEX_EMPHASIS

import dedupe_text
from dedupe_text.core import fingerprint_all
from dedupe_text.normalize import _strip_emphasis, normalize
from dedupe_text.segment import Paragraph, is_hard_wrapped, segment


@pytest.mark.parametrize("mark", ["**", "__", "*", "_", "~~", "***"])
def test_unclosed_emphasis_runs_of_a_quarter_mebibyte(mark: str) -> None:
    """``'**a ' * 65536`` once took a minute to normalize (a lazy expression scanning to the end).

    The reference strips every two periods alike (checked on small runs), so the long run's
    answer is known without running the reference on it.
    """
    period = REGEX_EMPHASIS.sub(r"\2", (mark + "a ") * 2)
    for k in range(1, 9):
        assert REGEX_EMPHASIS.sub(r"\2", (mark + "a ") * 2 * k) == period * k
    text = (mark + "a ") * 65536
    assert _strip_emphasis(text) == period * 32768
    assert dedupe_text.clean(text) == text


def test_emphasis_does_not_pair_across_lines() -> None:
    text = "**bold\nstill** and **this**"
    assert _strip_emphasis(text) == REGEX_EMPHASIS.sub(r"\2", text) == "**bold\nstill* and *this**"


ISSUE_16_IDEMPOTENCE = ("aa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa 0\n\naa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa\n0\n"
                        "aa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa\n")


def _flip_candidates() -> list[str]:
    """The issue's text and its neighbours: lines of wrap width around a short line, repeated."""
    line = "aa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa"
    out = [ISSUE_16_IDEMPOTENCE]
    for short in ("0", "1.", "x"):
        for tail in ("", " 0", " and more words to make it long enough"):
            out.append(f"{line}{tail}\n\n{line}\n{short}\n{line}\n")
            out.append(f"{line}\n{short}\n{line}\n\n{line}{tail}\n{line}\n")
            out.append(f"{line}\n{line.upper()}\n\n{line}\n{line.upper()}\n\n{short}\n")
    return out


@pytest.mark.parametrize("text", _flip_candidates())
def test_cleaning_twice_changes_nothing_more(text: str) -> None:
    once = dedupe_text.clean(text)
    assert dedupe_text.clean(once) == once
    assert is_hard_wrapped(once) == is_hard_wrapped(text) or once == text


def test_the_issue_s_repeated_line_still_goes() -> None:
    once = dedupe_text.clean(ISSUE_16_IDEMPOTENCE)
    assert once.count("aaaaaaaaa\n") == 1 and once.count("\n0\n") == 1


def test_a_wrapped_paragraph_pasted_twice_is_removed_and_stays_removed() -> None:
    paragraph = ("The ferry company said on Monday that the winter timetable\nwould start a week earlier than"
                 " planned, because the\nharbour works are finished.")
    text = paragraph + "\n\n" + paragraph + "\n"
    once = dedupe_text.clean(text)
    assert once.count("harbour works") == 1
    assert dedupe_text.clean(once) == once


def _traced_peak(make: object) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        kept = make()  # type: ignore[operator]
        peak = tracemalloc.get_traced_memory()[1] - before
        del kept
        return peak
    finally:
        tracemalloc.stop()


def test_one_character_lines_cost_a_bounded_memory_a_character() -> None:
    """12 MB of "x\\n" once used 3 GiB (258 bytes a character); segmentation is now about 110."""
    text = "x\n" * 100_000
    peak = _traced_peak(lambda: segment(text))
    assert peak / len(text) < 130
    paragraphs = segment(text)
    assert len(paragraphs) == 100_000 and not hasattr(paragraphs[0], "__dict__")
    assert len({id(p.sep) for p in paragraphs[:-1]}) == 1  # one separator object for all


def test_crlf_one_character_lines_share_their_separator() -> None:
    paragraphs = segment("x\r\n" * 1000)
    assert len({id(p.sep) for p in paragraphs[:-1]}) == 1
    assert isinstance(paragraphs[0], Paragraph) and paragraphs[-1].sep == "\r\n"


def test_equal_paragraphs_share_one_fingerprint() -> None:
    prints = fingerprint_all(["x"] * 1000 + ["| a | b |"] * 1000)
    assert len({id(p) for p in prints}) == 2


def test_one_character_lines_and_table_rows_come_back_unchanged() -> None:
    for text in ("x\n" * 50_000, "| a | b |\n" * 20_000, "x\r\n" * 20_000, "x\n\n" * 20_000):
        assert dedupe_text.clean(text) == text


def test_a_long_line_without_spaces_has_anchors_at_both_ends() -> None:
    from dedupe_text.fingerprint import anchors

    key = normalize("".join(CHINESE) * 200)  # 90,000 characters, no space
    found = anchors(key)
    assert found[0] == "^" + key[:8] and found[1].startswith("$") and key.endswith(found[1][1:])
