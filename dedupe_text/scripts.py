"""Tell how a script marks words and sentences: by spaces, by nothing, by which full stops.

Everything here is a property of the Unicode character, never of a language: scripts
written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan and
the like, the line-break classes ID and SA of UAX #14) are read a character at a time,
every other script a word at a time, and a mixed paragraph both ways in turn.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np

IDEOGRAPHIC = (
    (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x17000, 0x18CFF), (0x20000, 0x323AF),
)
"""Ideographs (Han, Tangut): one character is a morpheme, often a whole word."""
SYLLABIC = (
    (0x3040, 0x30FF), (0x3100, 0x312F), (0x3190, 0x31FF), (0xA000, 0xA4CF), (0xFF66, 0xFF9F),
    (0x1B000, 0x1B16F),
)
"""Unspaced syllabaries (kana, Bopomofo, Yi): one character is a syllable."""
UNSPACED_ALPHABETIC = (
    (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x1950, 0x19FF),
    (0x1A20, 0x1AAF), (0x1B00, 0x1B7F), (0xA980, 0xA9FF), (0xAA60, 0xAADF),
)
"""Scripts of letters written without spaces between words (Thai, Lao, Tibetan, Myanmar,
Khmer, the Tai scripts, Balinese, Javanese): a character is a sound, as in an alphabet."""

SENTENCE_TERMINALS = frozenset(
    "!.?\u0589\u061d\u061e\u061f\u06d4\u0700\u0701\u0702\u07f9\u0837\u0839\u083d\u083e\u0964\u0965"
    "\u0f0d\u0f0e\u104a\u104b\u1362\u1367\u1368\u166e\u1735\u1736\u17d4\u17d5\u1803\u1809\u1944\u1945"
    "\u1aa8\u1aa9\u1aaa\u1aab\u1b5a\u1b5b\u1b5e\u1b5f\u1c3b\u1c3c\u1c7e\u1c7f\u203c\u203d\u2047\u2048"
    "\u2049\u2e2e\u2e3c\u3002\ua4ff\ua60e\ua60f\ua6f3\ua6f7\ua876\ua877\ua8ce\ua8cf\ua92f\ua9c8\ua9c9"
    "\uaa5d\uaa5e\uaa5f\uaaf0\uaaf1\uabeb\ufe52\ufe56\ufe57\uff01\uff0e\uff1f\uff61"
)
"""Characters of the Unicode property Sentence_Terminal (full stops, question and
exclamation marks of every script, their fullwidth and small forms) and the Tibetan shad."""
_WEIGHT_IDEOGRAPH, _WEIGHT_SYLLABLE = 3, 2
"""An ideograph carries about a word of 1.5-2 such characters (3 characters of spaced text); a kana syllable
of an unspaced script two. Spaced scripts count as written, syllable blocks (Hangul) included: their words are
marked by spaces and a block is a syllable, not a word."""

UNSPACED = IDEOGRAPHIC + SYLLABIC + UNSPACED_ALPHABETIC
"""Every range read a character at a time."""


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges)


_UNSPACED_CLASS = _char_class(UNSPACED)
_ASCII_BREAK = re.compile(r"[.!?] ")


class _Patterns(NamedTuple):
    """The expressions of non-ASCII text, compiled on first use (some 15 ms: not at start-up)."""

    unspaced: re.Pattern[str]
    ideographs: re.Pattern[str]
    syllables: re.Pattern[str]
    weighted: re.Pattern[str]
    """An ideograph or a syllable: a character that counts more than one in ``comparable_length``."""
    wide: re.Pattern[str]
    token: re.Pattern[str]
    """A character of an unspaced script with its marks, or a run of anything else up to a space."""
    sentence_break: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    marks = "".join(chr(c) for a, b in SYLLABIC + UNSPACED_ALPHABETIC if b < 0x10000 for c in range(a, b + 1)
                    if unicodedata.category(chr(c))[0] == "M")
    terminals = re.escape("".join(sorted(SENTENCE_TERMINALS)))
    return _Patterns(
        unspaced=re.compile(f"[{_UNSPACED_CLASS}]"),
        ideographs=re.compile(f"[{_char_class(IDEOGRAPHIC)}]+"),
        syllables=re.compile(f"[{_char_class(SYLLABIC)}]+"),
        weighted=re.compile(f"[{_char_class(IDEOGRAPHIC + SYLLABIC)}]"),
        wide=re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]+"),
        token=re.compile(f"[{_UNSPACED_CLASS}][{marks}]*|[^\\s{_UNSPACED_CLASS}]+"),
        sentence_break=re.compile(f"[{terminals}](?: |(?=[{_UNSPACED_CLASS}]))"),
    )


_WORDY = re.compile(r"\w")


def has_unspaced(text: str) -> bool:
    """Tell whether ``text`` holds a letter of a script written without spaces between words.

    >>> has_unspaced("iPhone 在中国"), has_unspaced("Привет, мир"), has_unspaced("สวัสดี")
    (True, False, True)
    """
    return not text.isascii() and _patterns().unspaced.search(text) is not None


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Return how many characters of ``text`` ``pattern`` (a class repeated) matches."""
    return len(text) - len(pattern.sub("", text))


def comparable_length(text: str) -> int:
    """Return the length of ``text`` in characters of spaced text carrying as much.

    An ideograph counts three characters and a kana syllable two: a Chinese line
    of 14 characters says about as much as an English line of 40.

    >>> comparable_length("the cat sat"), comparable_length("猫坐着"), comparable_length("ねこ")
    (11, 9, 4)
    """
    if text.isascii() or not _patterns().weighted.search(text):
        return len(text)
    return (len(text) + (_WEIGHT_IDEOGRAPH - 1) * _count(_patterns().ideographs, text)
            + (_WEIGHT_SYLLABLE - 1) * _count(_patterns().syllables, text))


def columns(text: str) -> int:
    """Return the width of ``text`` on a terminal: East Asian wide and fullwidth characters take two columns.

    >>> columns("abc"), columns("中文")
    (3, 4)
    """
    return len(text) if text.isascii() else len(text) + _count(_patterns().wide, text)


def ends_sentence(line: str) -> bool:
    """Tell whether ``line`` ends a sentence or a clause that introduces what follows.

    A line ends so when its last character is a sentence terminal of any script, a colon,
    an ellipsis, or a closing quote or bracket (which usually closes a sentence).

    >>> [ends_sentence(s) for s in ("Done.", "他走了。", "यह है।", "هل هو؟", "「はい」", "and then")]
    [True, True, True, True, True, False]
    """
    if not line:
        return False
    last = line[-1]
    return (last in SENTENCE_TERMINALS or last in ":\uff1a\u2026\"'"
            or unicodedata.category(last) in ("Pe", "Pf"))


def _weight(token: str) -> int:
    """Return the word units of a ``_Patterns.token``: 1 for a character, 2 for a spaced word, 0 for punctuation."""
    if _patterns().unspaced.match(token):
        return 1
    return 2 if _WORDY.search(token) else 0


def prefix_end(key: str, units: int) -> int | None:
    """Return where the first ``units`` word units of ``key`` end (None if it has fewer).

    A spaced word counts two units and a character of an unspaced script one, so an
    anchor of eight units is four words, or about eight Chinese characters (four or five
    words), or a mix.

    >>> key = "据报道,北京 today"
    >>> key[:prefix_end(key, 5)], prefix_end(key, 9)
    ('据报道,北京', None)
    """
    seen = 0
    for match in _patterns().token.finditer(key):
        seen += _weight(match.group())
        if seen >= units:
            return match.end()
    return None


def suffix_start(key: str, units: int) -> int | None:
    """Return where the last ``units`` word units of ``key`` begin (None if it has fewer).

    >>> key = "今天下雨了。"
    >>> key[suffix_start(key, 3):]
    '下雨了。'
    """
    window = 4 * units
    while True:
        start = max(0, len(key) - window)
        tokens = list(_patterns().token.finditer(key, start))
        if start and tokens and tokens[0].start() == start:
            tokens = tokens[1:]  # maybe the tail of a token cut by the window
        seen = 0
        for match in reversed(tokens):
            seen += _weight(match.group())
            if seen >= units:
                return match.start()
        if not start:
            return None
        window *= 4


def sentences(key: str) -> list[str]:
    """Split a normalized paragraph at each sentence terminal followed by a space or by unspaced text.

    The terminal and the space go with the split, as ``str.split(". ")`` would do.

    >>> sentences("one. two! three.")
    ['one', 'two', 'three.']
    >>> sentences("他来了。她走了。"), sentences("pi is 3.14")
    (['他来了', '她走了。'], ['pi is 3.14'])
    """
    if not key.isascii():
        return _patterns().sentence_break.split(key)
    return key.split(". ") if "! " not in key and "? " not in key else _ASCII_BREAK.split(key)


@cache
def _bmp_classes() -> np.ndarray:
    """Return the token class (``SEPARATOR``, ``WORD``, ``CHARACTER``, ``MARK``) of every BMP code point.

    Built once, on first use, from the general categories: letters, digits and marks are
    parts of words, everything else (punctuation, symbols, spaces, controls) separates.
    """
    import numpy as np

    table = np.full(0x10000, WORD, dtype=np.uint8)
    uniform = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF)]
    skip = {c for a, b in uniform for c in range(a, b + 1)}
    for code in range(0x10000):
        if code not in skip and unicodedata.category(chr(code))[0] not in "LNM":
            table[code] = SEPARATOR
    table[ord("_")] = WORD
    for a, b in UNSPACED:
        if a < 0x10000:
            part = table[a:b + 1]
            marks = [unicodedata.category(chr(c))[0] == "M" for c in range(a, b + 1)]
            part[(part == WORD) & np.array(marks)] = MARK
            part[part == WORD] = CHARACTER
    return table


SEPARATOR, WORD, CHARACTER, MARK = 0, 1, 2, 3
"""Token classes of ``token_classes``: between tokens, inside a spaced word, a character that is a token of its
own, a combining mark that stays with the character before it. The two of unspaced scripts come last."""
_ASTRAL_UNSPACED = tuple((a, b) for a, b in UNSPACED if a >= 0x10000)
_ASTRAL_SYMBOLS = ((0x1F000, 0x1FBFF),)
"""Emoji and pictographs: symbols, so separators like the BMP's."""


def token_classes(codes: np.ndarray) -> np.ndarray:
    """Return the token class of every code point of ``codes`` (a uint32 array).

    >>> import numpy as np
    >>> token_classes(np.array([ord(c) for c in "a 中ี,"], dtype=np.uint32)).tolist()
    [1, 0, 2, 3, 0]
    """
    import numpy as np

    table = _bmp_classes()
    if not len(codes) or int(codes.max()) < 0x10000:
        return table[codes]
    low = codes < 0x10000
    classes = table[np.where(low, codes, 0)]
    high = ~low
    classes[high] = WORD
    for ranges, value in ((_ASTRAL_UNSPACED, CHARACTER), (_ASTRAL_SYMBOLS, SEPARATOR)):
        for a, b in ranges:
            classes[high & (codes >= a) & (codes <= b)] = value
    return classes
