"""Fingerprint: stable digests, word and shingle hashes, anchors and MinHash signatures."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dedupe_text.config import DedupeConfig
from dedupe_text.fingerprint import ANCHOR_WORDS, SENTENCE_MIN_CHARS, anchors, exact_key, signatures
from dedupe_text.scripts import UNSPACED
from dedupe_text.shingles import shingle_array, shingles, word_hashes

_POLY = 0x100000001B3


def _word_hash(word: bytes) -> int:
    """The polynomial word hash, one byte at a time, as the docs define it."""
    value = 0
    for byte in word:
        value = (value * _POLY + byte) % (1 << 64)
    return value


keys = st.lists(st.text(alphabet=st.sampled_from("ab é_1,.' -\n\u00e9\u4e2d\u3002\u0e01\u0e35\u0301\udc80\U0001f600"),
                        max_size=60), max_size=8)


def _tokens(text: str) -> list[bytes]:
    """Tokens as the docs define them, one character at a time: words, and unspaced characters with their marks."""
    out: list[str] = []
    previous = "separator"
    for char in text:
        category = unicodedata.category(char)
        unspaced = any(a <= ord(char) <= b for a, b in UNSPACED)
        if char != "_" and category[0] not in "LNM" or 0x1F000 <= ord(char) <= 0x1FBFF:
            kind = "separator"
        elif unspaced:
            kind = "mark" if category[0] == "M" else "character"
        else:
            kind = "word"
        joins = kind == "mark" or (kind == "word" and previous == "word")
        if kind != "separator":
            if joins and previous != "separator":
                out[-1] += char
            else:
                out.append(char)
        previous = kind
    return [t.encode("utf-8", "surrogatepass") for t in out]


def test_exact_key_is_the_same_in_another_process() -> None:
    code = "from dedupe_text.fingerprint import exact_key; print(exact_key('same text').hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == exact_key("same text").hex()
    assert exact_key("same text") != exact_key("same text.")


@given(keys)
def test_word_hashes_are_the_polynomial_of_each_word(texts: list[str]) -> None:
    hashes, counts = word_hashes(texts)
    found = [_tokens(t) for t in texts]
    assert counts.tolist() == [len(words) for words in found]
    assert hashes.tolist() == [_word_hash(w) for words in found for w in words]


@given(keys, st.integers(1, 5))
def test_a_batch_of_shingles_is_each_key_in_turn(texts: list[str], size: int) -> None:
    flat, counts = shingle_array(texts, size)
    assert flat.tolist() == [h for t in texts for h in shingles(t, size)]
    assert counts.tolist() == [len(shingles(t, size)) for t in texts]


def _shingle_hash(words: list[int]) -> int:
    """One shingle, word by word, as the docs define it: xor, multiply, fold the high bits."""
    value = 0x9E3779B97F4A7C15
    for word in words:
        value = ((value ^ word) * 0xFF51AFD7ED558CCD) % (1 << 64)
        value ^= value >> 33
    return value >> 32


@given(keys, st.integers(1, 5))
def test_shingles_mix_each_run_of_words_in_order(texts: list[str], size: int) -> None:
    flat, counts = shingle_array(texts, size)
    expected = []
    for t in texts:
        words = [_word_hash(w) for w in _tokens(t)]
        runs = [words[i:i + size] for i in range(len(words) - size + 1)] or [words]
        expected.append([_shingle_hash(run) for run in runs])
    assert counts.tolist() == [len(e) for e in expected]
    assert flat.tolist() == [h for e in expected for h in e]


def test_shingles_read_words_not_punctuation_or_spacing() -> None:
    assert shingles('he said: "yes," twice.', 3) == shingles("he said yes twice", 3)
    assert shingles("he said yes twice", 3) != shingles("twice yes said he", 3)
    assert len(shingles("he said yes twice", 3)) == 2
    assert len(shingles("two words", 3)) == 1


def test_a_teaser_shares_the_first_anchor_with_its_paragraph() -> None:
    full = "the council met on monday to discuss the harbour. the vote comes later this week."
    teaser = "the council met on monday to discuss"
    assert anchors(teaser)[0] == anchors(full)[0]


def test_an_update_shares_its_sentences_with_the_older_version() -> None:
    old = "the bridge will close on friday for repairs to the deck. traffic will be diverted."
    new = "police said on saturday. " + old
    assert set(anchors(old)) & set(anchors(new))


def test_short_text_has_no_anchors() -> None:
    assert anchors("too short") == ()


def _anchors_from_all_words(key: str) -> tuple[str, ...]:
    words = key.split(" ")
    if len(words) < ANCHOR_WORDS:
        return ()
    out = ["^" + " ".join(words[:ANCHOR_WORDS]), "$" + " ".join(words[-ANCHOR_WORDS:])]
    if len(words) > 2 * ANCHOR_WORDS:
        out += ["." + s for s in re.split(r"[.!?] ", key) if len(s) >= SENTENCE_MIN_CHARS]
    return tuple(dict.fromkeys(out))


_PIECES = ["a", "bb", " ", " ", ". ", "a repeated sentence, long enough to count"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_anchors_split_only_the_ends_as_if_splitting_every_word(key: str) -> None:
    """Leading, trailing and double spaces are empty words; 3, 4, 8 and 9 words are the edges."""
    assert anchors(key) == _anchors_from_all_words(key)


def test_signatures_are_deterministic_and_estimate_similarity() -> None:
    config = DedupeConfig()
    a = shingles("one two three four five six seven eight nine ten", 3)
    b = shingles("one two three four five six seven eight nine eleven", 3)
    sa, sb = signatures([a, b], config)
    sa2, _ = signatures([a, b], config)
    assert list(sa.hashvalues) == list(sa2.hashvalues)
    assert 0.4 < sa.jaccard(sb) < 1.0
    assert len(sa.hashvalues) == config.num_perm


def test_a_word_hashes_the_same_beyond_the_kept_powers() -> None:
    from dedupe_text.shingles import POWERS_KEPT

    long = "word " * (POWERS_KEPT // 5 + 10) + "tail"
    hashes, _ = word_hashes([long])
    assert hashes[-1] == word_hashes(["tail"])[0][0] and hashes[0] == hashes[-2]
