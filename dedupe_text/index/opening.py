"""Open the backend a location names: a Redis URL, ``:memory:`` or a SQLite file.

The concrete backends import ``backend`` for what they store; only this module imports them.
"""

from __future__ import annotations

import os

from .backend import TIMEOUT, Backend, check_limits


def check_location(location: object) -> str:
    """Return an index location as a str: a URL or a file path (``pathlib.Path`` accepted).

    >>> from pathlib import Path
    >>> check_location(Path("seen.db"))
    'seen.db'
    >>> check_location("")
    Traceback (most recent call last):
    ...
    ValueError: the index location is empty: give a file path or a redis:// URL
    """
    if isinstance(location, os.PathLike):
        location = os.fspath(location)
    if not isinstance(location, str):
        raise TypeError(f"the index location must be a str or a path, not {type(location).__name__}")
    if not location.strip():
        raise ValueError("the index location is empty: give a file path or a redis:// URL")
    return location


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def open_backend(location: str | os.PathLike[str], *, name: str = "default", ttl: float | None = None,
                 max_docs: int | None = None, durable: bool = False, create: bool = True,
                 timeout: float = TIMEOUT) -> Backend:
    """Open the backend for ``location``: a ``redis://``/``rediss://`` URL, ``:memory:`` or a file path."""
    where = check_location(location)
    check_limits(ttl, max_docs, timeout)
    if not isinstance(name, str) or not name:
        raise TypeError(f"the index name must be a non-empty str, not {name!r}")
    if where.startswith(REDIS_SCHEMES):
        from .redis_backend import RedisBackend

        return RedisBackend(where, name=name, ttl=ttl, max_docs=max_docs, timeout=timeout)
    if where == ":memory:":
        from .memory_backend import MemoryBackend

        return MemoryBackend(ttl=ttl, max_docs=max_docs)
    from .sqlite_backend import SQLiteBackend

    return SQLiteBackend(where, ttl=ttl, max_docs=max_docs, durable=durable, create=create)
