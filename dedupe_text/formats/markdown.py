"""Markdown in, Markdown out: dedupe its text blocks by line, leave code and front matter alone.

markdown-it-py (CommonMark) finds the blocks and their source lines: headings (ATX and
setext), paragraphs (in list items and block quotes too) and table body rows. Blocks are
compared by their plain text (emphasis, links and heading markers dropped); a removed
block goes with its own lines and the blank lines after it. Fenced and indented code,
HTML blocks, rules and YAML front matter are never blocks, so never compared nor altered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..choose import Decision
from ..config import DedupeConfig
from ..result import DedupeResult
from ..segment import Paragraph
from .roles import structure_of

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NEWLINE = re.compile(r"\r\n?")
_MARKUP = re.compile(r"[\n!#$%&*+\-:<=>@\[\\\]^_`{}~]")
"""The characters where markdown-it's inline text rule stops (its ``isTerminatorChar``): markup may start there."""
_FRONT_MATTER_END = ("---", "...")
LIST_KINDS = frozenset({"bullet_list", "ordered_list", "table"})
MAX_RETRIES = 3
"""Rounds of deciding again after a cut that would merge the blocks around a removed one."""


@dataclass(frozen=True)
class MdBlock:
    """A block of the post: its lines ``[first, last)``, plain text, kind, and whether it may go."""

    first: int
    last: int
    text: str
    locator: str
    protected: bool
    heading: bool = False
    list_of: int = -1
    """The token index of the list or table this block is an item or row of (-1: none)."""


def split_lines(text: str) -> list[str]:
    """Split ``text`` into lines that keep their endings (CommonMark's ``\\n``, ``\\r\\n``, ``\\r``).

    >>> split_lines("a\\r\\nb\\rc")
    ['a\\r\\n', 'b\\r', 'c']
    """
    return [m.group() for m in _LINE.finditer(text) if m.group()]


def front_matter_lines(lines: Sequence[str]) -> int:
    """Return how many lines of YAML front matter open the post (0 if none).

    >>> front_matter_lines(["---\\n", "title: x\\n", "---\\n", "Body\\n"])
    3
    """
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").rstrip() in _FRONT_MATTER_END:
            return i + 1
    return 0


def plain_text(inline: Token) -> str:
    """Return the text of a parsed inline token without markup (emphasis, links, images' syntax).

    >>> from markdown_it import MarkdownIt
    >>> plain_text(MarkdownIt().parseInline("**Big** [news](http://x) `now`")[0])
    'Big news now'
    """
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child))
    return "".join(parts)


class _Rows(list["Token"]):
    """A token stream that keeps each table row as one ``table_row`` token, its cells' content in ``meta``.

    A table costs three tokens a cell and two a row otherwise; closed rows are folded as
    they are pushed, so a long table holds one token a row.
    """

    def append(self, token: Token) -> None:
        if token.type == "tr_close":
            from markdown_it.token import Token

            start = len(self) - 1
            while self[start].type != "tr_open":
                start -= 1
            opener = self[start]
            cells = [t.content for t in self[start + 1:] if t.type == "inline"]
            del self[start:]
            token = Token("table_row", "tr", 0, map=opener.map, level=opener.level, meta={"cells": cells}, block=True)
        super().append(token)


def blocks(tokens: Sequence[Token], offset: int, text: Callable[[str], str]) -> list[MdBlock]:
    """Collect the text blocks of a block token stream; line numbers are shifted by ``offset``.

    ``text`` gives the plain text of inline content. The first paragraph of a list item that
    holds more blocks is protected: removing it would take the item's marker and push
    the rest out of the list. Header rows of tables are protected too (a table needs them).
    """
    found: list[MdBlock] = []
    path: list[str] = []
    opened: list[int] = []
    lists: list[int] = []
    for i, tok in enumerate(tokens):
        kind = tok.type.removesuffix("_open").removesuffix("_close")
        if tok.nesting == 1:
            if kind in ("paragraph", "heading") and tok.map:
                first_of_many = path[-1:] == ["list_item"] and opened[-1] == i - 1 and _children(tokens, i - 1) > 1
                found.append(MdBlock(tok.map[0] + offset, tok.map[1] + offset, text(tokens[i + 1].content),
                                     " > ".join([*path, kind]), first_of_many, kind == "heading",
                                     lists[-1] if lists and path[-1:] == ["list_item"] else -1))
            if kind in LIST_KINDS:
                lists.append(i)
            path.append(kind)
            opened.append(i)
        elif tok.nesting == -1:
            path.pop()
            opened.pop()
            if kind in LIST_KINDS:
                lists.pop()
        elif tok.type == "table_row" and tok.map:
            row = " ".join(text(cell) for cell in tok.meta["cells"])
            found.append(MdBlock(tok.map[0] + offset, tok.map[1] + offset, row, " > ".join([*path, "tr"]),
                                 "thead" in path, False, lists[-1] if lists else -1))
    return found


def parse_blocks(lines: Sequence[str]) -> list[MdBlock]:
    """Parse a post (its ``split_lines``) with markdown-it (CommonMark and tables); return its blocks.

    Only the block structure is kept as tokens; each block's inline content is parsed
    when its text is taken, and dropped.

    >>> [(b.first, b.text) for b in parse_blocks(["---\\n", "a: b\\n", "---\\n", "# *Hi*\\n"])]
    [(3, 'Hi')]
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    skip = front_matter_lines(lines)
    env: dict[str, object] = {}
    tokens = _Rows()
    md.block.parse(_NEWLINE.sub("\n", "".join(lines[skip:])).replace("\0", "\ufffd"), md, env, tokens)
    return blocks(tokens, skip, lambda content: _inline_text(md, content, env))


def _inline_text(md: MarkdownIt, content: str, env: dict[str, object]) -> str:
    """Parse inline ``content`` (with the post's link references) and return its plain text.

    Content without a character where markdown-it's text rule stops (where markup may
    start) is its own plain text.
    """
    if not _MARKUP.search(content):
        return content
    return "".join(plain_text(t) for t in md.parseInline(content, env))


def _children(tokens: Sequence[Token], opener: int) -> int:
    """Count the blocks directly inside the container opened at ``tokens[opener]``."""
    depth, count = 0, 0
    for tok in tokens[opener + 1:]:
        if depth == 0 and tok.nesting >= 0 and tok.type != "inline":
            count += 1
        depth += tok.nesting
        if depth < 0:
            break
    return count


def _blank(line: str) -> bool:
    """Tell whether ``line`` is blank as CommonMark reads it: spaces and tabs only (a no-break space is text)."""
    return not line.rstrip("\r\n").strip(" \t")


def removed_lines(lines: Sequence[str], spans: Sequence[tuple[int, int]]) -> set[int]:
    """Return the lines to drop for removed blocks: their own, and one run of blank lines.

    The blank lines taken are those before the block when blank lines (or the end) follow
    it, so the blocks around it stay apart as they were; a block that opens the post takes
    the blank lines after it. A block with a line right after it takes no blank line, so
    that line does not join the block above (a lazy continuation).

    >>> sorted(removed_lines(["a\\n", "\\n", "b\\n", "\\n", "c\\n"], [(2, 3)]))
    [1, 2]
    """
    gone: set[int] = set()
    for first, last in sorted(spans):
        gone.update(range(first, last))
        if last < len(lines) and not _blank(lines[last]):
            continue
        before = first
        while before > 0 and (before - 1 in gone or _blank(lines[before - 1])):
            before -= 1
        if before > 0:
            gone.update(range(before, first))
            continue
        after = last
        while after < len(lines) and _blank(lines[after]):
            after += 1
        gone.update(range(last, after))
    return gone


def emit(lines: Sequence[str], gone: Collection[int]) -> str:
    """Join the kept lines; a post that did not end in a line break still does not.

    >>> emit(["a\\n", "b"], {1})
    'a'
    """
    kept = [line for i, line in enumerate(lines) if i not in gone]
    if kept and lines and not lines[-1].endswith(("\n", "\r")) and len(lines) - 1 in gone:
        kept[-1] = kept[-1].rstrip("\r\n")
    return "".join(kept)


def dedupe_markdown(text: str, config: DedupeConfig, protected: Collection[int] = ()) -> DedupeResult:
    """Deduplicate the blocks of a Markdown post and return it without the copies.

    >>> r = dedupe_markdown("# Storm closes the harbour\\n\\n**Storm closes the harbour**\\n\\nBody.\\n",
    ...                     DedupeConfig())
    >>> r.text
    '# Storm closes the harbour\\n\\nBody.\\n'
    >>> r.removals[0].locator, r.removals[0].line
    ('paragraph', 3)
    """
    from ..core import explain

    lines = split_lines(text)
    found = parse_blocks(lines)
    keep = set(protected) | {i for i, b in enumerate(found) if b.protected}
    decisions, cleaned = _remove(text, lines, found, config, keep)
    paragraphs = _paragraphs(lines, found)
    return DedupeResult(cleaned, tuple(paragraphs), explain(paragraphs, decisions), config)


def _remove(text: str, lines: Sequence[str], found: Sequence[MdBlock], config: DedupeConfig,
            keep: set[int]) -> tuple[list[Decision], str]:
    """Decide and cut; keep the cut only if the post re-parses to exactly the kept blocks.

    A removed block that sat between two lines with no blank line around it (a heading
    between two paragraphs) would let them merge; such blocks are protected and the
    decision taken again. A block so protected keeps the blocks of its lines' run that
    a later decision removes, when without them it would no longer sit between lines:
    the output, cleaned again, would lose it (cleaning twice must change nothing).
    Should the post still not re-parse to the kept blocks, nothing is removed.
    """
    from ..core import find_duplicates

    texts = [b.text for b in found]
    structure = structure_of(found)
    held: set[int] = set()  # blocks protected so their neighbours do not merge
    for _ in range(MAX_RETRIES):
        decisions = find_duplicates(texts, config, keep, structure)
        if not decisions:
            return [], text
        gone = removed_lines(lines, [(found[d.index].first, found[d.index].last) for d in decisions])
        cleaned = emit(lines, gone)
        removed = {d.index for d in decisions}
        loose = [j for j in held if not _between_lines(lines, gone, found[j])]
        neighbours = {i for j in loose for i in removed if _same_run(lines, found[i], found[j])}
        if not neighbours and [b.text for b in parse_blocks(split_lines(cleaned))] == [
                t for i, t in enumerate(texts) if i not in removed]:
            return decisions, cleaned
        joined = neighbours or {i for i in removed if _between_lines(lines, gone, found[i])}
        held |= joined
        keep = keep | (joined or removed)
    return [], text


def _same_run(lines: Sequence[str], a: MdBlock, b: MdBlock) -> bool:
    """Tell whether blocks ``a`` and ``b`` lie in one run of non-blank lines."""
    first, last = sorted((a, b), key=lambda block: block.first)
    return all(not _blank(line) for line in lines[first.last:last.first])


def _between_lines(lines: Sequence[str], gone: Collection[int], block: MdBlock) -> bool:
    """Tell whether ``block`` had a kept non-blank line right above and right below it."""
    above = block.first - 1
    while above >= 0 and above in gone and not _blank(lines[above]):
        above -= 1
    below = block.last
    while below < len(lines) and below in gone and not _blank(lines[below]):
        below += 1
    return above >= 0 and below < len(lines) and not _blank(lines[above]) and not _blank(lines[below])


def _paragraphs(lines: Sequence[str], found: Sequence[MdBlock]) -> list[Paragraph]:
    """Describe blocks as paragraphs with exact source spans (their lines, without the last ending)."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    source = "".join(lines)
    spans = [(starts[b.first], starts[b.last] - len(lines[b.last - 1]) + len(lines[b.last - 1].rstrip("\r\n")))
             for b in found]
    out = []
    for i, (b, (start, end)) in enumerate(zip(found, spans)):
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(source)
        out.append(Paragraph(i, start, end, source[start:end], b.first + 1, source[end:max(end, nxt)], b.locator))
    return out
