"""Tell whether two look-alike paragraphs state the same facts: the names, places and numbers they hold.

A re-keyed copy keeps its facts: its edits are typos, a dropped or added filler word,
quotes, case and punctuation. A templated look-alike swaps one fact for another ("Share on
Facebook" / "Share on Twitter", "the DNC" / "the RNC") and is a paragraph of its own.
Words are compared as the raw texts write them, case-folded; their capitals tell which
are names, where the script has case. Scripts written without spaces are compared a
character at a time, so their facts are the numbers and the runs of another script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA, Indel

SHORT_TOKENS = 12
"""Words (characters in unspaced scripts) up to which a line is short: any swapped word makes it another line."""
UNSPACED_RUN = 12
"""Mean letters between spaces above which a paragraph's script is read as unspaced (Thai, Chinese)."""
MINORITY_SHARE = 0.25
"""Share of a paragraph's letters below which a script's words are names (Latin in Chinese or Russian)."""
OPENING_SLACK = 2
"""Tokens of a container's opening compared beyond the length of its teaser."""
HELD_MIN_TOKENS = 3
"""Fewest words of a short line that another may hold whole (a number alone says too little)."""
CLOSE_PAIRS_MAX = 400
"""Most word pairs of two differing stretches checked for a close spelling."""
TYPO_MIN_CHARS = 5
"""Shortest word whose one-letter slip (or swap of neighbours) still names the same thing."""
_ASCII_RUN = re.compile(r"([A-Za-z]+)|[0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SENTENCE_END = frozenset(".!?:;\"\u201c\u201d\u00ab\u00bb\u3002\uff01\uff1f\u0964|")


class Token(NamedTuple):
    """A word (or a character of an unspaced script), case-folded, as the text writes it.

    ``fact`` tells a number, a name (capitalised inside a sentence, or in capitals) or a
    word of a script that makes up a small share of the paragraph; ``capital`` tells a
    capitalised word anywhere, a sentence's first word included.
    """

    text: str
    fact: bool
    capital: bool
    raw: str


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

    >>> _spans("Pier 4, Kelby")
    [(0, 'Pier', 'LATIN'), (5, '4', '0'), (8, 'Kelby', 'LATIN')]
    """
    if text.isascii() or all(unicodedata.category(c)[0] not in "LMN" for c in _NON_ASCII.findall(text)):
        # most text (curly quotes and dashes aside): one regular expression, no loop over characters
        return [(m.start(), m[0], "LATIN" if m.lastindex == 1 else "0") for m in _ASCII_RUN.finditer(text)]
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


class Tokenizer:
    """Tokens of texts compared more than once, remembered (one per deduplication, never shared)."""

    def __init__(self) -> None:
        self.known: dict[str, list[Token]] = {}

    def __call__(self, text: str) -> list[Token]:
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = tokens(text)
        return found


def tokens(text: str) -> list[Token]:
    """Split a paragraph (raw, or its normalized key) into tokens, marking those that name facts.

    Letters of wide scripts, and of a paragraph whose words run long without spaces, are
    one token each. A capital that opens a sentence names nothing by itself.

    >>> [t.raw for t in tokens("Follow NASA on 2 channels, said Ann") if t.fact]
    ['NASA', '2', 'Ann']
    >>> [t.text for t in tokens("在Netflix上看")]
    ['在', 'netflix', '上', '看']
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    spans = _spans(text)
    letters: dict[str, int] = {}
    for _, run, kind in spans:
        if kind != "0":
            letters[kind] = letters.get(kind, 0) + len(run)
    total = sum(letters.values()) or 1
    words = sum(kind != "0" for _, _, kind in spans)
    unspaced = words > 0 and total / words > UNSPACED_RUN
    out: list[Token] = []
    end = 0
    for start, run, kind in spans:
        opens = end == 0 or not _SENTENCE_END.isdisjoint(text[end:start])
        end = start + len(run)
        capital = run[0].isupper()
        if kind == "0" or letters[kind] < MINORITY_SHARE * total:
            out.append(Token(run.casefold(), True, capital, run))
        elif kind == "WIDE" or unspaced:
            out.extend(Token(char.casefold(), False, False, char) for char in run)
        else:
            name = capital and (not opens or (len(run) > 1 and run.isupper()))
            out.append(Token(run.casefold(), name, capital, run))
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
    """Return the tokens of ``side`` with no equal or close token in ``other``.

    Close spellings are looked for only among small stretches (``CLOSE_PAIRS_MAX`` pairs at
    most): two long stretches that differ are different text, typo or not.
    """
    equal = {o.text for o in other}
    left = [t for t in side if t.text not in equal]
    rest = [o for o in other if o.text not in {t.text for t in side}]
    if len(left) * len(rest) > CLOSE_PAIRS_MAX:
        return left
    return [t for t in left if not any(_close(t.text, o.text) for o in rest)]


def _blocks(a: Sequence[Token], b: Sequence[Token]) -> list[tuple[int, int, int, int]]:
    """Return the stretches where two token lists differ, as ``(a_start, a_end, b_start, b_end)``."""
    blocks: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes([t.text for t in a], [t.text for t in b]):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1] = (blocks[-1][0], op.src_end, blocks[-1][2], op.dest_end)
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return blocks


def swapped(a: Sequence[Token], b: Sequence[Token]) -> tuple[Token, Token, bool] | None:
    """Return the first pair of words put in another's place (and whether it names a fact), if any.

    Consecutive differing stretches of the two token lists are compared: a stretch where
    both sides keep a word the other lacks (not a typo of it) is a swap; a word only
    added or only dropped is not. A swap names a fact where each side has a fact or a
    capitalised word (a name for a name, a number for a number).

    >>> x, y, fact = swapped(tokens("Share on Facebook"), tokens("Share on Twitter"))
    >>> x.raw, y.raw, fact
    ('Facebook', 'Twitter', True)
    """
    first: tuple[Token, Token, bool] | None = None
    for a0, a1, b0, b1 in _blocks(a, b):
        only_a, only_b = _unmatched(a[a0:a1], b[b0:b1]), _unmatched(b[b0:b1], a[a0:a1])
        if only_a and only_b:
            marked_a = [t for t in only_a if t.fact or t.capital]
            marked_b = [t for t in only_b if t.fact or t.capital]
            if marked_a and marked_b:
                return marked_a[0], marked_b[0], True
            first = first or (only_a[0], only_b[0], False)
    return first


def held(text: str, other: str) -> bool:
    """Tell whether ``other`` holds every word of ``text`` in order and adds a few (``text`` adds nothing).

    ``text`` has ``HELD_MIN_TOKENS`` words or more; ``other`` adds at most two, or half as many again.

    >>> held("March 3 | By Ann Berg", "March 3 in Travel | By Ann Berg"), held("By Ann Berg", "By Jo Berg")
    (True, False)
    """
    a, b = [t.text for t in tokens(text)], [t.text for t in tokens(other)]
    extra = len(b) - len(a)
    fits = len(a) >= HELD_MIN_TOKENS and 0 < extra <= max(2, len(a) // 2)
    return fits and Indel.distance(a, b) == extra


def _numbers_differ(a: Sequence[Token], b: Sequence[Token]) -> tuple[str, str] | None:
    """Return the first numbers where two token lists' numbers differ ("-" for none), or None if they agree."""
    x = [t.raw for t in a if t.text.isdigit()]
    y = [t.raw for t in b if t.text.isdigit()]
    if x == y:
        return None
    for p, q in zip(x, y):
        if p != q:
            return p, q
    return (x[len(y)], "-") if len(x) > len(y) else ("-", y[len(x)])


def difference(key_a: str, key_b: str, text_a: str | None = None, text_b: str | None = None, *,
               opening: bool = False, tokenize: Callable[[str], list[Token]] | None = None) -> str | None:
    """Say why two look-alike paragraphs state different facts, or return None if they state the same.

    ``text_a``/``text_b`` are the raw texts (their capitals mark names); without them the
    keys tell numbers, other scripts and short lines only. Near copies state the same
    numbers in the same order; a name only dropped or only added is a re-keying, one put
    in another's place is another fact. ``opening`` compares ``a`` with the opening of
    ``b`` only (a teaser and its container): the teaser has no word of its own there, and
    only a number put in another's place counts. ``tokenize`` (``tokens`` by default) may
    remember the tokens of texts compared more than once.

    >>> difference("", "", "Share this story on Facebook now", "Share this story on Twitter now")
    'names differ (Facebook / Twitter)'
    >>> difference("posted at 4:30 pm", "posted at 5:30 pm")
    'numbers differ (4 / 5)'
    >>> difference("maximum price", "minimum price")
    'wording differs (maximum / minimum)'
    >>> difference("the mayor said the plan would go ahead", "the mayor said teh plan would go ahead") is None
    True
    """
    tokenize = tokenize or tokens
    a = tokenize(key_a if text_a is None else text_a)
    b = tokenize(key_b if text_b is None else text_b)
    if opening:
        b = b[:len(a) + max(OPENING_SLACK, len(a) // 20)]
        extra = [t for a0, a1, b0, b1 in _blocks(a[:-1], b) for t in _unmatched(a[a0:a1], b[b0:b1])]
        if extra:  # the last word may be cut short
            return f"words of its own ({extra[0].raw})"
    elif (numbers := _numbers_differ(a, b)) is not None:
        return "numbers differ ({} / {})".format(*numbers)
    found = swapped(a, b)
    if found is None:
        return None
    x, y, fact = found
    if fact:
        kind = "numbers" if x.text.isdigit() or y.text.isdigit() else "names"
        return f"{kind} differ ({x.raw} / {y.raw})"
    if min(len(a), len(b)) <= SHORT_TOKENS:
        return f"wording differs ({x.raw} / {y.raw})"
    return None
