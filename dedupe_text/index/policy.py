"""Index policies: which copies of a paragraph seen in several documents go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import ConfigError

PolicyName = Literal["first_seen", "boilerplate"]


@dataclass(frozen=True)
class Policy:
    """Which copies of a paragraph seen in several documents go.

    ``first_seen``: the document that first carried a paragraph keeps it, every other
    one drops it. ``boilerplate``: once ``min_docs`` distinct documents carry a paragraph
    (lines under ``min_chars`` included), every one of them drops it, the earlier ones
    too when they are processed again.
    """

    name: PolicyName
    min_docs: int

    def __str__(self) -> str:
        return self.name if self.name == "first_seen" else f"{self.name}(min_docs={self.min_docs})"

    @property
    def counts(self) -> bool:
        """Tell whether the index records every document that carries a paragraph (boilerplate)."""
        return self.name == "boilerplate"


def first_seen() -> Policy:
    """Keep a paragraph in the first document that carries it; drop it from every later one.

    >>> str(first_seen())
    'first_seen'
    """
    return Policy("first_seen", 2)


def boilerplate(min_docs: int = 3) -> Policy:
    """Drop a paragraph from every document once ``min_docs`` distinct documents carry it.

    The first ``min_docs - 1`` documents keep it (they were processed before it was
    known to be site furniture); processing one of them again drops it there too.

    >>> str(boilerplate(min_docs=5))
    'boilerplate(min_docs=5)'
    """
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 2:
        raise ConfigError(f"min_docs must be an integer of at least 2, got {min_docs!r}")
    return Policy("boilerplate", min_docs)


def parse_policy(value: str) -> Policy:
    """Read a policy as typed: ``first_seen`` or ``boilerplate:K`` (K distinct documents, default 3).

    >>> str(parse_policy("boilerplate:4")), str(parse_policy("first_seen"))
    ('boilerplate(min_docs=4)', 'first_seen')
    """
    if not isinstance(value, str):
        raise TypeError(f"policy must be a str such as 'first_seen' or 'boilerplate:3', not {type(value).__name__}")
    name, _, count = value.partition(":")
    if name == "first_seen" and not count:
        return first_seen()
    if name == "boilerplate" and (not count or (count.isascii() and count.isdigit())):
        return boilerplate(int(count or 3))
    raise ConfigError(f"policy must be first_seen or boilerplate:K, got {value!r}")


def stored_policy(name: str, min_docs: str) -> Policy:
    """Rebuild the policy an index records (raises ValueError for one it cannot hold).

    >>> str(stored_policy("boilerplate", "4"))
    'boilerplate(min_docs=4)'
    """
    if name == "first_seen":
        return first_seen()
    if name == "boilerplate":
        try:
            return boilerplate(int(min_docs))
        except ConfigError as err:
            raise ValueError(str(err)) from None
    raise ValueError(f"unknown policy {name!r}")
