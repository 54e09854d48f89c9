"""Every script: how words and sentences are marked, and what segmentation, shingles and anchors make of it."""

from __future__ import annotations

import pytest
from scripts_text import CHINESE, JAPANESE, SPACED, THAI

import dedupe_text
from dedupe_text.fingerprint import anchors, opening
from dedupe_text.normalize import normalize
from dedupe_text.scripts import (
    columns,
    comparable_length,
    ends_sentence,
    has_unspaced,
    prefix_end,
    sentences,
    suffix_start,
)
from dedupe_text.segment import is_hard_wrapped, segment
from dedupe_text.shingles import shingles, word_hashes


def _jaccard(a: str, b: str) -> float:
    x, y = set(shingles(normalize(a), 3)), set(shingles(normalize(b), 3))
    return len(x & y) / len(x | y)


# What a script marks

@pytest.mark.parametrize("text", [CHINESE[0], JAPANESE[0], THAI[0], "iPhone 15 在上海发布"])
def test_scripts_without_spaces_are_recognised(text: str) -> None:
    assert has_unspaced(text)


@pytest.mark.parametrize("text", SPACED + ["안녕하세요 여러분"])
def test_spaced_scripts_are_not(text: str) -> None:
    assert not has_unspaced(text)


@pytest.mark.parametrize("line", [CHINESE[0], JAPANESE[0], *SPACED, "「そうですね」", "He said (so).", "Notes:",
                                  "Ethiopic ends so።", "Khmer ends so។", "Myanmar ends so။", "Urdu ends so۔"])
def test_sentence_terminals_of_every_script_end_a_line(line: str) -> None:
    assert ends_sentence(line)


@pytest.mark.parametrize("line", [THAI[0], "a line cut in the middle of a", "桥下的小河每到春天就会涨水，", ""])
def test_lines_cut_mid_sentence_do_not(line: str) -> None:
    assert not ends_sentence(line)


def test_sentences_split_after_terminals_with_or_without_a_space() -> None:
    assert sentences("第一句。第二句！第三句") == ["第一句", "第二句", "第三句"]
    assert sentences("one. two? three") == ["one", "two", "three"]
    assert len(sentences(normalize(JAPANESE[0] + JAPANESE[1]))) == 2
    assert sentences("pi is 3.14 today") == ["pi is 3.14 today"]


def test_an_ideograph_weighs_about_a_short_word() -> None:
    chinese = normalize(CHINESE[0])
    assert len(chinese) < 50 < comparable_length(chinese) == len(chinese) + 2 * sum(
        "\u4e00" <= c <= "\u9fff" for c in chinese)
    assert comparable_length(SPACED[0]) == len(SPACED[0])
    assert comparable_length(THAI[0]) == len(THAI[0])  # Thai letters are letters: no weight


def test_wide_characters_take_two_columns() -> None:
    assert columns(CHINESE[0]) == 2 * len(CHINESE[0])
    assert columns("ab") == 2


# Segmentation

def test_chinese_one_paragraph_a_line_is_not_read_as_hard_wrapped() -> None:
    """The report of issue 13: ten distinct lines of ~45 characters, then five of them again."""
    text = "\n".join(CHINESE + CHINESE[:5]) + "\n"
    assert not is_hard_wrapped(text)
    result = dedupe_text.dedupe(text)
    assert [r.line for r in result.removals] == [11, 12, 13, 14, 15]
    assert result.text == "\n".join(CHINESE) + "\n"


def test_one_block_of_lines_is_one_paragraph_a_line_even_without_full_stops() -> None:
    """Without a blank line there is no blank-line paragraph to wrap: lines are paragraphs."""
    lines = [line.rstrip("。") for line in CHINESE]
    assert not is_hard_wrapped("\n".join(lines) + "\n")
    assert len(dedupe_text.dedupe("\n".join(lines + lines[:3]) + "\n").removals) == 3


def test_hard_wrapped_chinese_is_still_read_as_wrapped() -> None:
    """Chinese wrapped at 60 columns: 30 characters a line, mid-sentence, blank lines between paragraphs."""
    def wrap(paragraph: str) -> str:
        return "\n".join(paragraph[i:i + 30] for i in range(0, len(paragraph), 30))

    paragraphs = ["".join(CHINESE[i:i + 3]) for i in (0, 3, 6)]
    text = "\n\n".join(wrap(p) for p in paragraphs + paragraphs[:1]) + "\n"
    assert is_hard_wrapped(text)
    paragraphs = segment(text)
    assert len(paragraphs) == 4 and paragraphs[3].text == paragraphs[0].text
    assert [r.line for r in dedupe_text.dedupe(text).removals] == [paragraphs[3].line]


def test_thai_paragraphs_between_blank_lines_stay_whole() -> None:
    text = "\n\n".join(THAI + THAI[:2]) + "\n"
    assert not is_hard_wrapped(text)
    assert [p.text for p in segment(text)] == THAI + THAI[:2]
    assert dedupe_text.clean(text) == "\n\n".join(THAI) + "\n"


def test_japanese_and_spaced_scripts_mixed_one_a_line() -> None:
    lines = [*JAPANESE, *SPACED]
    text = "\n".join(lines + [JAPANESE[1], SPACED[2]]) + "\n"
    assert dedupe_text.clean(text) == "\n".join(lines) + "\n"


# Shingles

def test_unspaced_text_is_shingled_a_character_at_a_time() -> None:
    _, counts = word_hashes([normalize(CHINESE[0]), "做完了", "iphone 15在上海"])
    assert counts.tolist()[1:] == [3, 5]
    assert counts[0] == sum(c.isalnum() for c in CHINESE[0])


def test_thai_marks_stay_with_their_letter() -> None:
    _, counts = word_hashes(["ที่นี่"])  # two syllables: each a letter with a vowel and a tone mark
    assert counts.tolist() == [2]


@pytest.mark.parametrize("paragraph", [CHINESE[2], JAPANESE[2], THAI[2]])
def test_a_re_keyed_copy_shares_most_shingles_and_another_paragraph_few(paragraph: str) -> None:
    rekeyed = paragraph[:10] + paragraph[11:25] + paragraph[24] + paragraph[25:]  # a dropped and a doubled character
    assert _jaccard(paragraph, rekeyed) > 0.7
    others = [p for p in CHINESE + JAPANESE + THAI if p != paragraph]
    assert max(_jaccard(paragraph, other) for other in others) < 0.2


def test_spaced_text_is_shingled_by_words_as_before() -> None:
    assert shingles("he said: yes, twice", 3) == shingles("he said yes twice", 3)
    _, counts = word_hashes([normalize(SPACED[1])])
    assert counts.tolist() == [len(normalize(SPACED[1]).split())]


# Anchors

@pytest.mark.parametrize("paragraph", [CHINESE[3], JAPANESE[3], THAI[3]])
def test_a_teaser_shares_the_opening_of_its_paragraph(paragraph: str) -> None:
    teaser = normalize(paragraph[: len(paragraph) * 2 // 3] + "…")
    full = normalize(paragraph)
    assert opening(teaser) == opening(full) is not None
    assert anchors(teaser)[0] == anchors(full)[0] == opening(full)


def test_an_opening_is_eight_characters_or_four_words_or_a_mix() -> None:
    assert opening("今天北京下了一场大雨") == "^今天北京下了一场"
    assert opening("the rain in spain falls") == "^the rain in spain"
    assert opening("iphone 15在上海发布") == "^iphone 15在上海发"
    assert opening("太短了") is None


def test_an_update_shares_its_older_version_s_sentences() -> None:
    old = normalize(JAPANESE[0] + JAPANESE[1])
    new = normalize(JAPANESE[0] + JAPANESE[1] + JAPANESE[2])
    shared = set(anchors(old)) & set(anchors(new))
    assert "^" + old[:prefix_end(old, 8)] in shared
    assert "." + normalize(JAPANESE[0]).rstrip("。") in shared  # the first sentence, without its full stop


def test_the_suffix_anchor_counts_from_the_end() -> None:
    key = normalize(CHINESE[1])
    start = suffix_start(key, 8)
    assert start is not None and anchors(key)[1] == "$" + key[start:]
    assert comparable_length(key[start:]) < comparable_length(key)


# Whole documents

@pytest.mark.parametrize("paragraph", [CHINESE[4], JAPANESE[4], THAI[1]])
def test_a_teaser_before_its_paragraph_goes(paragraph: str) -> None:
    others = {CHINESE[4]: CHINESE, JAPANESE[4]: JAPANESE, THAI[1]: THAI}[paragraph]
    teaser = paragraph[: len(paragraph) * 3 // 5] + "…"
    text = "\n".join([teaser, *(p for p in others if p != paragraph), paragraph]) + "\n"
    result = dedupe_text.dedupe(text)
    assert [(r.line, r.rule) for r in result.removals] == [(1, "contained")]


def test_a_wire_update_replaces_the_older_chinese_version() -> None:
    old, new = CHINESE[6], CHINESE[6] + CHINESE[7]
    text = "\n".join([old, CHINESE[0], new]) + "\n"
    assert [(r.line, r.rule) for r in dedupe_text.dedupe(text).removals] == [(1, "contained")]


def test_short_chinese_lines_that_differ_stay() -> None:
    text = "北京今天晴。\n上海今天晴。\n广州今天雨。\n"
    assert dedupe_text.clean(text) == text


def test_different_chinese_paragraphs_that_share_an_opening_stay() -> None:
    text = "\n".join(["青石镇的老桥建于清朝末年，" + CHINESE[9], "青石镇的老桥建于清朝末年，" + CHINESE[8]]) + "\n"
    assert dedupe_text.clean(text) == text
