"""Word-level diff of two paragraphs, with plain and ANSI renderings for the terminal.

Renderings never carry a lone surrogate (what ``surrogateescape`` or UTF-7 decoding can
leave in text): each is shown as U+FFFD, so the output can always be written as UTF-8.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "delete", "insert"]

_WORD = re.compile(r"\S+\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return ``text`` with each lone surrogate replaced by U+FFFD, so that it encodes to UTF-8.

    >>> printable("bad \\udcff byte") == "bad \\ufffd byte"
    True
    """
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Chunk:
    """A run of words that both paragraphs share (``equal``) or only one has."""

    op: Op
    text: str


def _words(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` into words with their trailing space: (comparison keys, exact pieces)."""
    lead = text[: len(text) - len(text.lstrip())]
    pieces = _WORD.findall(text[len(lead):])
    if lead and pieces:
        pieces[0] = lead + pieces[0]
    return [p.strip() for p in pieces], pieces


def word_diff(old: str, new: str) -> tuple[Chunk, ...]:
    """Diff ``new`` against ``old`` word by word: deletions are words of ``old`` that ``new`` lacks.

    Words compare without their surrounding whitespace; each chunk holds the words (and the
    space after them) of the paragraph it comes from, equal chunks ``new``'s. Every chunk
    but the last ends in whitespace, so the chunks join into readable text.

    >>> [(c.op, c.text) for c in word_diff("The mayor said on Monday.", "The mayor said Tuesday.")]
    [('equal', 'The mayor said '), ('delete', 'on Monday. '), ('insert', 'Tuesday.')]
    """
    keys_a, pieces_a = _words(old)
    keys_b, pieces_b = _words(new)
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    chunks: list[Chunk] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(Chunk("equal", "".join(pieces_b[b0:b1])))
            continue
        if a1 > a0:
            chunks.append(Chunk("delete", "".join(pieces_a[a0:a1])))
        if b1 > b0:
            chunks.append(Chunk("insert", "".join(pieces_b[b0:b1])))
    return tuple(
        Chunk(c.op, c.text + " ") if k + 1 < len(chunks) and not c.text[-1:].isspace() else c
        for k, c in enumerate(chunks)
    )


def compact(chunks: Sequence[Chunk], context: int = 5) -> tuple[Chunk, ...]:
    """Elide the middle of long unchanged runs, keeping ``context`` words next to each change.

    >>> render_plain(compact(word_diff("one two three four five six", "one two three four five 6"), 2))
    '… four five [-six-] {+6+}'
    """
    if all(c.op == "equal" for c in chunks):
        return tuple(chunks)
    out = []
    for k, chunk in enumerate(chunks):
        words = chunk.text.split()
        if chunk.op != "equal" or len(words) <= 2 * context:
            out.append(chunk)
            continue
        last = k + 1 == len(chunks)
        parts = ([" ".join(words[:context])] if k > 0 else []) + ["…"] + ([] if last else [" ".join(words[-context:])])
        out.append(Chunk("equal", " ".join(parts) + ("" if last else " ")))
    return tuple(out)


def render(chunks: Sequence[Chunk], delete: tuple[str, str], insert: tuple[str, str],
           quote: Callable[[str], str] = str) -> str:
    """Join chunks, wrapping changed words in the ``delete``/``insert`` marks, the space after them outside.

    ``quote`` escapes the words (``html.escape`` for a page); the marks are written as given.
    Lone surrogates in the words are shown as U+FFFD.

    >>> import html
    >>> render(word_diff("a <b>", "a <i>"), ("<del>", "</del>"), ("<ins>", "</ins>"), html.escape)
    'a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins>'
    """
    marks = {"delete": delete, "insert": insert}
    out = []
    for chunk in chunks:
        body = chunk.text.rstrip()
        before, after = marks.get(chunk.op, ("", ""))
        out.append(f"{before}{quote(body)}{after}{chunk.text[len(body):]}")
    return printable("".join(out))


def render_plain(chunks: Sequence[Chunk]) -> str:
    """Render a word diff for a pipe: ``[-deleted-]`` and ``{+inserted+}`` (wdiff's marks).

    >>> render_plain(word_diff("Rain fell on Monday.", "Rain fell Tuesday."))
    'Rain fell [-on Monday.-] {+Tuesday.+}'
    """
    return render(chunks, ("[-", "-]"), ("{+", "+}"))


def render_ansi(chunks: Sequence[Chunk]) -> str:
    """Render a word diff for a colour terminal: deletions red and struck, insertions green, underlined.

    >>> render_ansi(word_diff("a b", "a c")) == "a \\x1b[9;31mb\\x1b[0m \\x1b[4;32mc\\x1b[0m"
    True
    """
    return render(chunks, ("\x1b[9;31m", "\x1b[0m"), ("\x1b[4;32m", "\x1b[0m"))
