"""Invariants that hold for any input, checked with hypothesis."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

import dedupe_text
from dedupe_text import DedupeConfig
from dedupe_text.facts import held
from dedupe_text.normalize import normalize

VOCABULARY = (
    "the a an harbour ferry council vote said monday tuesday new second boat fare town residents rail "
    "night service march bridge deck repairs library hours students museum wing paintings quay crossing "
    "queue bakery mainland berth staff line committee passenger numbers season campsites shore vessel "
    "cost report master hull inspection august fortnight cars roads square noon bookshop fishermen catch "
    "sales school pupils evening lease june operator tickets month bed compartment hotel seats fares "
    "campaign route visitors winter fire crews district storage hall site spokesperson smoke river path "
    "owners company investigation budget plan streets fee permits water waste bills inflation groups "
    "branch opening we they she he it would could will may must not also still now reportedly"
).split()
WORD = st.sampled_from(VOCABULARY)
SENTENCE = st.lists(WORD, min_size=6, max_size=30, unique=True).map(lambda w: " ".join(w).capitalize() + ".")
"""Prose-like: a sentence does not repeat its words (degenerate repeats are tested elsewhere)."""
LINE_SEPARATOR = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])


def _variant(draw: st.DrawFn, source: str) -> str:
    words = source.rstrip(".").split(" ")
    kind = draw(st.sampled_from(["same", "markup", "cut", "extend", "edit"]))
    if kind == "markup":
        return "**" + source.upper() + "**"
    if kind == "cut":
        return " ".join(words[: max(4, len(words) * 2 // 3)]) + "..."
    if kind == "extend":
        return source + " " + draw(SENTENCE)
    if kind == "edit":
        words[draw(st.integers(0, len(words) - 1))] = draw(WORD)
        return " ".join(words) + "."
    return source


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Articles that repeat paragraphs (exact, re-keyed, cut short, extended), in both conventions.

    Hard-wrapped articles have paragraphs of two sentences or more, as wrapped prose does: a
    document of one-line blocks is ambiguous and may be read as one paragraph a line.
    """
    wrapped = draw(st.booleans())
    sentence = st.lists(SENTENCE, min_size=2, max_size=3).map(" ".join) if wrapped else SENTENCE
    paras = draw(st.lists(sentence, min_size=1, max_size=12))
    for _ in range(draw(st.integers(0, 6))):
        paras.insert(draw(st.integers(0, len(paras))), _variant(draw, draw(st.sampled_from(paras))))
    if wrapped:  # blank-line separated
        sep = draw(st.sampled_from(["\n\n", "\r\n\r\n"]))
        text = sep.join(textwrap.fill(p, 72).replace("\n", sep[: len(sep) // 2]) for p in paras)
    else:  # one paragraph a line
        seps = draw(st.lists(LINE_SEPARATOR, min_size=len(paras), max_size=len(paras)))
        text = "".join(p + s for p, s in zip(paras, seps))
    return text if draw(st.booleans()) else text.rstrip("\r\n")


def assert_output_is_kept_paragraphs(result: dedupe_text.DedupeResult) -> None:
    """Assert that the cleaned text is the kept paragraphs, unchanged and in order, and nothing else."""
    rest, position = result.text, 0
    for i in result.kept:
        found = rest.find(result.paragraphs[i].text, position)
        assert found >= 0, f"kept paragraph {i} is missing or out of order"
        rest, position = rest[:found] + rest[found + len(result.paragraphs[i].text):], found
    assert not rest.strip(), "the output holds text that is no kept paragraph"


CONFIGS = st.builds(
    DedupeConfig,
    keep=st.sampled_from(["complete", "first", "last", "longest"]),
    min_chars=st.integers(5, 30),
    near_min_chars=st.integers(10, 60),
    all_pairs_max=st.sampled_from([0, 300]),
)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(articles(), CONFIGS)
def test_idempotent(text: str, config: DedupeConfig) -> None:
    once = dedupe_text.dedupe(text, config).text
    assert dedupe_text.dedupe(once, config).text == once


@PROPERTY
@given(articles(), CONFIGS)
def test_output_paragraphs_are_input_paragraphs_unchanged_in_order(text: str, config: DedupeConfig) -> None:
    assert_output_is_kept_paragraphs(dedupe_text.dedupe(text, config))


@PROPERTY
@given(articles(), CONFIGS)
def test_every_removal_has_a_kept_counterpart_above_threshold(text: str, config: DedupeConfig) -> None:
    result = dedupe_text.dedupe(text, config)
    kept = set(result.kept)

    def kept_text(r: dedupe_text.Removal) -> str:
        return result.paragraphs[r.duplicate_of].text

    for r in result.removals:
        assert r.duplicate_of in kept
        mine, theirs = normalize(r.text), normalize(result.paragraphs[r.duplicate_of].text)
        if r.rule in ("exact", "run"):
            assert mine == theirs
        elif r.rule == "near":
            assert fuzz.ratio(mine, theirs) >= config.near_threshold
        elif r.rule in ("run-near", "block"):
            assert mine == theirs or fuzz.ratio(mine, theirs) >= config.near_threshold or held(r.text, kept_text(r))
        else:
            assert fuzz.partial_ratio(mine, theirs) >= config.containment_threshold
            assert len(mine) < len(theirs)


@PROPERTY
@given(st.lists(SENTENCE, min_size=1, max_size=15, unique_by=normalize), LINE_SEPARATOR)
def test_text_without_duplicates_comes_back_byte_identical(paras: list[str], sep: str) -> None:
    distinct = [f"Item {n}: {p}" for n, p in enumerate(paras)]  # numbered: no paragraph begins another
    text = sep.join(distinct)
    assert dedupe_text.clean(text) == text


LONG_SENTENCE = st.lists(WORD, min_size=20, max_size=40, unique=True)


@PROPERTY
@given(st.lists(LONG_SENTENCE, min_size=1, max_size=10), st.lists(st.integers(0, 9), max_size=5), st.data())
def test_all_pairs_and_lsh_agree_on_prose(paras: list[list[str]], picks: list[int], data: st.DataObject) -> None:
    """Both candidate paths agree on prose paragraphs and their copies.

    Each paragraph has words of its own (tagged with its number), as distinct paragraphs of
    an article do, and at least 20 words; copies are exact, marked up, cut, extended or
    re-keyed. MinHash over word 3-grams can miss a copy with its words shuffled, or two
    copies of a short line edited in different places, which a character ratio still
    matches: see docs/how-it-works.md.
    """
    texts = [" ".join(f"{w}{n}" for w in words).capitalize() + "." for n, words in enumerate(paras)]
    for pick in picks:
        texts.append(_variant(data.draw, texts[pick % len(texts)]))
    text = "\n".join(texts)
    assert dedupe_text.clean(text, all_pairs_max=0) == dedupe_text.clean(text)
