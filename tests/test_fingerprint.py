"""Fingerprint: stable digests, words, anchors and MinHash signatures."""

from __future__ import annotations

import subprocess
import sys

from dedupe_text.config import DedupeConfig
from dedupe_text.fingerprint import anchors, exact_key, shingles, signatures, words


def test_exact_key_is_the_same_in_another_process() -> None:
    code = "from dedupe_text.fingerprint import exact_key; print(exact_key('same text').hex())"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == exact_key("same text").hex()
    assert exact_key("same text") != exact_key("same text.")


def test_words_drop_punctuation() -> None:
    assert words('he said: "yes," twice.') == ("he", "said", "yes", "twice")


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


def test_signatures_are_deterministic_and_estimate_similarity() -> None:
    config = DedupeConfig()
    a = shingles(words("one two three four five six seven eight nine ten"), 3)
    b = shingles(words("one two three four five six seven eight nine eleven"), 3)
    sa, sb = signatures([a, b], config)
    sa2, _ = signatures([a, b], config)
    assert list(sa.hashvalues) == list(sa2.hashvalues)
    assert 0.4 < sa.jaccard(sb) < 1.0
    assert len(sa.hashvalues) == config.num_perm
