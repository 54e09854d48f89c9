"""Stable document ids: one file is one document whatever spelling reaches it."""

from __future__ import annotations

import hashlib
import os


def path_doc_id(path: str | os.PathLike[str]) -> str:
    """Return the id of the document a file holds: its resolved absolute path (links followed).

    >>> path_doc_id("a.txt") == path_doc_id("./a.txt") == path_doc_id(os.path.abspath("a.txt"))
    True
    """
    return os.path.realpath(os.fspath(path))


def content_doc_id(text: str) -> str:
    """Return an id derived from a document's text alone: the same text is always the same document.

    >>> content_doc_id("Hello.") == content_doc_id("Hello."), content_doc_id("Hello.")[:7]
    (True, 'sha256:')
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
