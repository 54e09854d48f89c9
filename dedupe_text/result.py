"""The result of a deduplication: cleaned text and an explanation of every removal."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from .config import DedupeConfig
from .segment import Paragraph

Rule = Literal["exact", "near", "contained", "run", "run-near", "block"]
"""Why a paragraph was removed: identical after normalization ("exact"), re-keyed with small
edits ("near"), held at the start of a longer copy ("contained"), or a short line that goes
with the removed copies around it: its twin stands at the same place among their survivors
("run"), a near copy of it or one holding it whole does ("run-near"), or the copies around it
are a block pasted again in another order and its twin stands among their survivors ("block")."""
RULES: tuple[Rule, ...] = get_args(Rule)


@dataclass(frozen=True)
class Removal:
    """One removed paragraph and the kept paragraph that holds its text.

    ``index``/``start``/``end``/``line`` locate the removed paragraph in the input;
    ``duplicate_of`` and ``duplicate_line`` the kept one. ``source`` is the id of another
    document when the kept copy lives in a cross-document index (then ``duplicate_of``
    is its paragraph number there and ``duplicate_line`` is 0).
    """

    index: int
    start: int
    end: int
    line: int
    text: str
    duplicate_of: int
    duplicate_line: int
    rule: Rule
    similarity: float
    containment: float
    locator: str = ""
    source: str | None = None


@dataclass(frozen=True)
class Lookalike:
    """A kept paragraph that looks like an earlier kept one but is not a copy of it, and why.

    ``reason`` names what differs ("names differ (Facebook / Twitter)", "numbers differ
    (4 / 5)", "wording differs (maximum / minimum)") or the role that keeps both ("heading
    of the paragraph below", "a heading and its table-of-contents entry", "a list with
    items of its own").
    """

    index: int
    other: int
    reason: str


@dataclass(frozen=True)
class Group:
    """A kept paragraph and the copies of it that were removed."""

    kept: int
    removed: tuple[int, ...]


@dataclass(frozen=True)
class DedupeResult:
    """Cleaned text, every input paragraph, why each removed one went, and why look-alikes stayed."""

    text: str
    paragraphs: tuple[Paragraph, ...]
    removals: tuple[Removal, ...]
    config: DedupeConfig
    lookalikes: tuple[Lookalike, ...] = ()

    @property
    def kept(self) -> tuple[int, ...]:
        """Indexes of the paragraphs that stay, in order."""
        gone = {r.index for r in self.removals}
        return tuple(p.index for p in self.paragraphs if p.index not in gone)

    @property
    def groups(self) -> tuple[Group, ...]:
        """Duplicate groups within the document, by kept paragraph."""
        by_kept: dict[int, list[int]] = {}
        for r in self.removals:
            if r.source is None:
                by_kept.setdefault(r.duplicate_of, []).append(r.index)
        return tuple(Group(k, tuple(v)) for k, v in sorted(by_kept.items()))

    @property
    def chars_saved(self) -> int:
        """Characters of paragraph text removed."""
        return sum(len(r.text) for r in self.removals)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (the schema of ``report --format json``)."""
        return {
            "paragraphs": len(self.paragraphs),
            "kept": list(self.kept),
            "removals": [asdict(r) for r in self.removals],
            "groups": [{"kept": g.kept, "removed": list(g.removed)} for g in self.groups],
            "lookalikes": [asdict(x) for x in self.lookalikes],
            "chars_saved": self.chars_saved,
            "config": asdict(self.config),
        }
