"""Tell whether two look-alike paragraphs state the same facts: the names, places and numbers they hold.

A re-keyed copy keeps its facts: its edits are typos, a dropped or added filler word,
quotes, case and punctuation. A templated look-alike swaps one fact for another ("Share on
Facebook" / "Share on Twitter", "the DNC" / "the RNC") and is a paragraph of its own.
Words are compared on the normalized keys; the raw texts tell which words are names
(capitalised where the script has case). Scripts written without spaces are compared a
character at a time, so their facts are the numbers and the runs of another script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA, Indel

SHORT_TOKENS = 12
"""Words (characters in unspaced scripts) up to which a line is short: any swapped word makes it another line."""
UNSPACED_RUN = 12
"""Mean letters between spaces above which a paragraph's script is read as unspaced (Thai, Chinese)."""
MINORITY_SHARE = 0.25
"""Share of a paragraph's letters below which a script's words are names (Latin in Chinese or Russian)."""
TYPO_MIN_CHARS = 5
"""Shortest word whose one-letter slip (or swap of neighbours) still names the same thing."""
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = frozenset(".!?:;\"\u201c\u201d\u00ab\u00bb\u3002\uff01\uff1f\u0964|")


class Token(NamedTuple):
    """A word (or a character of an unspaced script): whether it names a fact, whether it is capitalised."""

    text: str
    fact: bool
    capital: bool = False


def _script(char: str) -> str:
    """Return a letter's script: one class for the wide scripts (Han, kana), else its Unicode name's first word."""
    if char.isascii():
        return "LATIN"
    if unicodedata.east_asian_width(char) in "WF":
        return "WIDE"
    return unicodedata.name(char, "?").split(" ")[0]


def _spans(text: str) -> list[tuple[int, str, str]]:
    """Split ``text`` into runs of one class, with their offsets: digits ("0") or letters of one script.

    Combining marks belong to the letter before them; anything else separates runs.
    """
    runs: list[tuple[int, str, str]] = []
    start, kind = 0, ""
    for at, char in enumerate(text):
        category = unicodedata.category(char)
        if category[0] == "M" and kind:
            continue
        new = "0" if category == "Nd" else _script(char) if category[0] == "L" else ""
        if new != kind:
            if kind:
                runs.append((start, text[start:at], kind))
            start, kind = at, new
    if kind:
        runs.append((start, text[start:], kind))
    return runs


def _runs(text: str) -> list[tuple[str, str]]:
    """Return the runs of ``text`` (see ``_spans``) without their offsets."""
    return [(run, kind) for _, run, kind in _spans(text)]


class Capitals(NamedTuple):
    """The case-folded words a raw text capitalises: as names, and anywhere at all."""

    names: frozenset[str]
    anywhere: frozenset[str]


def capitals(text: str) -> Capitals:
    """Return the words ``text`` writes as names (capitalised inside a sentence, or in capitals) and all it capitalises.

    A capital that opens a sentence tells little on its own: two words that open the same
    sentence of two look-alikes, both capitalised, are taken for names put in one slot.
    A word the text also writes in lower case is a common word, not a name.

    >>> c = capitals("Share on Facebook, said the BBC. Or by e-mail")
    >>> sorted(c.names), sorted(c.anywhere)
    (['bbc', 'facebook'], ['bbc', 'facebook', 'or', 'share'])
    """
    names, anywhere, lower = set(), set(), set()
    end = 0
    for start, run, kind in _spans(text):
        opens = end == 0 or any(c in _SENTENCE_END for c in text[end:start])
        end = start + len(run)
        if kind != "0" and run[0].isupper():
            anywhere.add(run.casefold())
            if not opens or (len(run) > 1 and run.isupper()):
                names.add(run.casefold())
        elif run.islower():
            lower.add(run)
    return Capitals(frozenset(names - lower), frozenset(anywhere - lower))


NO_CAPITALS = Capitals(frozenset(), frozenset())


def tokens(key: str, caps: Capitals = NO_CAPITALS) -> list[Token]:
    """Split a normalized paragraph into tokens, marking those that name facts.

    Facts are numbers, the names of ``caps`` (from the raw text) and words of a script
    that makes up a small share of the paragraph. Letters of wide scripts, and of a
    paragraph whose words run long without spaces, are one token each.

    >>> [t.text for t in tokens("follow nasa on 2 channels", capitals("Follow NASA on 2 channels")) if t.fact]
    ['nasa', '2']
    >>> [t.text for t in tokens("在netflix上看")]
    ['在', 'netflix', '上', '看']
    """
    runs = _runs(key)
    letters: dict[str, int] = {}
    for run, kind in runs:
        if kind != "0":
            letters[kind] = letters.get(kind, 0) + len(run)
    total = sum(letters.values()) or 1
    words = [run for run, kind in runs if kind != "0"]
    unspaced = bool(words) and total / len(words) > UNSPACED_RUN
    out: list[Token] = []
    for run, kind in runs:
        if kind == "0" or letters[kind] < MINORITY_SHARE * total:
            out.append(Token(run, True))
        elif kind == "WIDE" or unspaced:
            out.extend(Token(char, False) for char in run)
        else:
            out.append(Token(run, run in caps.names, run in caps.anywhere))
    return out


def _close(a: str, b: str) -> bool:
    """Tell whether two words are a re-keying apart: letters dropped or doubled, swapped neighbours, a slip.

    The shorter word read inside the longer with a few letters more (a cut or added
    ending, a dropped or doubled letter) is the same word; so is one slip (a wrong or
    swapped letter) in a word of ``TYPO_MIN_CHARS`` or more. Numbers are never close.

    >>> _close("conte", "cnte"), _close("report", "reports"), _close("iran", "iraq"), _close("dnc", "rnc")
    (True, True, False, False)
    """
    if a.isdigit() or b.isdigit():
        return False
    short, long = sorted((a, b), key=len)
    extra = len(long) - len(short)
    if extra <= max(2, len(long) // 4) and Indel.distance(short, long) == extra:
        return True
    return OSA.distance(a, b) <= 1 and (len(short) >= TYPO_MIN_CHARS or sorted(a) == sorted(b))


def _unmatched(side: Sequence[Token], other: Sequence[Token]) -> list[Token]:
    """Return the tokens of ``side`` with no equal or close token in ``other``."""
    return [t for t in side if not any(t.text == o.text or _close(t.text, o.text) for o in other)]


def swapped(a: Sequence[Token], b: Sequence[Token]) -> tuple[str, str, bool] | None:
    """Return the first pair of words put in another's place (and whether it names a fact), if any.

    Consecutive differing stretches of the two token lists are compared: a stretch where
    both sides keep a word the other lacks (not a typo of it) is a swap; a word only
    added or only dropped is not. A swap names a fact where either word is a fact, or
    both are capitalised.

    >>> swapped(tokens("share on facebook"), tokens("share on twitter"))
    ('facebook', 'twitter', False)
    """
    first: tuple[str, str, bool] | None = None
    blocks: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes([t.text for t in a], [t.text for t in b]):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1] = (blocks[-1][0], op.src_end, blocks[-1][2], op.dest_end)
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    for a0, a1, b0, b1 in blocks:
        only_a, only_b = _unmatched(a[a0:a1], b[b0:b1]), _unmatched(b[b0:b1], a[a0:a1])
        if only_a and only_b:
            fact = any(t.fact for t in only_a + only_b) or (
                any(t.capital for t in only_a) and any(t.capital for t in only_b))
            pair = (only_a[0].text, only_b[0].text, fact)
            if fact:
                return pair
            first = first or pair
    return first


def numbers_differ(key_a: str, key_b: str) -> tuple[str, str] | None:
    """Return the first differing numbers of two texts (a time, a score, a price), if they differ.

    >>> numbers_differ("posted at 4:30 pm", "posted at 5:30 pm")
    ('4', '5')
    >>> numbers_differ("in 2012", "in 2012") is None
    True
    """
    x, y = _NUMBER.findall(key_a), _NUMBER.findall(key_b)
    if x == y:
        return None
    for p, q in zip(x, y):
        if p != q:
            return p, q
    return (x[len(y)], "-") if len(x) > len(y) else ("-", y[len(x)])


def difference(key_a: str, key_b: str, text_a: str | None = None, text_b: str | None = None, *,
               strict_numbers: bool = True) -> str | None:
    """Say why two look-alike paragraphs state different facts, or return None if they state the same.

    ``text_a``/``text_b`` are the raw texts (their capitals mark names); without them only
    numbers, other scripts and short lines tell. ``strict_numbers`` asks for the same
    numbers in the same order (near copies); else only a swapped number counts (a teaser
    against its container's opening).

    >>> difference("share this story on facebook now", "share this story on twitter now",
    ...            "Share this story on Facebook now", "Share this story on Twitter now")
    'names differ (Facebook / Twitter)'
    >>> difference("maximum price", "minimum price")
    'wording differs (maximum / minimum)'
    >>> difference("the mayor said the plan would go ahead", "the mayor said teh plan would go ahead") is None
    True
    """
    if strict_numbers and (nums := numbers_differ(key_a, key_b)) is not None:
        return "numbers differ ({} / {})".format(*nums)
    a, b = tokens(key_a, _capitals(text_a)), tokens(key_b, _capitals(text_b))
    found = swapped(a, b)
    if found is None:
        return None
    x, y, fact = found
    if fact:
        kind = "numbers" if x.isdigit() or y.isdigit() else "names"
        return f"{kind} differ ({_raw(x, text_a)} / {_raw(y, text_b)})"
    if min(len(a), len(b)) <= SHORT_TOKENS:
        return f"wording differs ({_raw(x, text_a)} / {_raw(y, text_b)})"
    return None


def _capitals(text: str | None) -> Capitals:
    return capitals(text) if text is not None else NO_CAPITALS


def _raw(word: str, text: str | None) -> str:
    """Return ``word`` as the raw text spells it (its capitals), else as given."""
    if text is not None:
        for run, _ in _runs(text):
            if run.casefold() == word:
                return run
    return word
