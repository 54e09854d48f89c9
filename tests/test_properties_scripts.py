"""Invariants over text in many scripts at once, spaced and unspaced, checked with hypothesis."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st
from test_properties import CONFIGS, PROPERTY, assert_output_is_kept_paragraphs  # shared with the English properties

import dedupe_text
from dedupe_text import DedupeConfig
from dedupe_text.normalize import normalize

HAN = list("镇桥河水春天孩子风筝政府工程豆腐店师傅游客街小学图书老师暴雨堤村民稻田城市年轻人茶叶")
KANA = ["かわ", "はし", "みず", "パン", "まち", "こども", "ひと", "カレー", "まつり", "みせ", "あさ", "よる"]
THAI = ["ตลาด", "น้ำ", "เรือ", "ผลไม้", "ขนม", "บ้าน", "คลอง", "ร้าน", "ป้า", "ท่า", "ปี", "นี้"]
LATIN = "harbour ferry council vote town bridge library museum bakery school river winter".split()
CYRILLIC = "порт паром совет город мост библиотека музей школа река зима".split()
DEVANAGARI = "नदी पुल शहर स्कूल नाव समिति टिकट बाजार".split()

UNSPACED_WORD = st.sampled_from(HAN) | st.sampled_from(KANA) | st.sampled_from(THAI)
SPACED_WORD = st.sampled_from(LATIN) | st.sampled_from(CYRILLIC) | st.sampled_from(DEVANAGARI)
ENDS = st.sampled_from(["。", "！", "？", "।", "؟", ".", "", "」"])


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """A sentence of unspaced words run together, of spaced words, or of both in turn."""
    kind = draw(st.sampled_from(["unspaced", "spaced", "mixed"]))
    if kind == "unspaced":
        body = "".join(draw(st.lists(UNSPACED_WORD, min_size=6, max_size=30)))
    elif kind == "spaced":
        body = " ".join(draw(st.lists(SPACED_WORD, min_size=5, max_size=20)))
    else:
        parts = draw(st.lists(st.lists(UNSPACED_WORD, min_size=2, max_size=6).map("".join)
                              | st.lists(SPACED_WORD, min_size=1, max_size=4).map(" ".join), min_size=2, max_size=6))
        body = " ".join(parts)
    return body + draw(ENDS)


def _variant(draw: st.DrawFn, source: str) -> str:
    kind = draw(st.sampled_from(["same", "cut", "extend", "edit"]))
    if kind == "cut":
        return source[: max(8, len(source) * 2 // 3)] + "…"
    if kind == "extend":
        return source + draw(sentences())
    if kind == "edit" and len(source) > 4:
        at = draw(st.integers(1, len(source) - 2))
        return source[:at] + source[at + 1:]
    return source


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Articles in mixed scripts that repeat paragraphs, one a line or hard-wrapped."""
    wrapped = draw(st.booleans())
    paragraph = st.lists(sentences(), min_size=2, max_size=3).map("".join) if wrapped else sentences()
    paras = draw(st.lists(paragraph, min_size=1, max_size=10))
    for _ in range(draw(st.integers(0, 5))):
        paras.insert(draw(st.integers(0, len(paras))), _variant(draw, draw(st.sampled_from(paras))))
    if wrapped:
        sep = draw(st.sampled_from(["\n\n", "\r\n\r\n"]))
        return sep.join(textwrap.fill(p, 36).replace("\n", sep[: len(sep) // 2]) for p in paras)
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"]), min_size=len(paras),
                         max_size=len(paras)))
    return "".join(p + s for p, s in zip(paras, seps))


@PROPERTY
@given(articles(), CONFIGS)
def test_idempotent_in_every_script(text: str, config: DedupeConfig) -> None:
    once = dedupe_text.dedupe(text, config).text
    assert dedupe_text.dedupe(once, config).text == once


@PROPERTY
@given(articles(), CONFIGS)
def test_output_is_input_paragraphs_in_order(text: str, config: DedupeConfig) -> None:
    assert_output_is_kept_paragraphs(dedupe_text.dedupe(text, config))


@PROPERTY
@given(st.lists(sentences(), min_size=1, max_size=12, unique_by=normalize),
       st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_text_without_duplicates_comes_back_byte_identical(paras: list[str], sep: str) -> None:
    distinct = [f"{n}号 {p}" for n, p in enumerate(paras)]  # numbered: no paragraph begins another
    text = sep.join(distinct)
    assert dedupe_text.clean(text) == text
