"""Read text files safely and write them atomically: the file handling behind the CLI."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

STDIN = "-"
"""The name that stands for standard input."""


@dataclass(frozen=True)
class Source:
    """One input document: where it is read from and its name relative to the argument given.

    ``relative`` is the path under a directory argument (for ``-o DIR``); for a file
    argument it is the file's own name.
    """

    path: str
    relative: str

    @property
    def is_stdin(self) -> bool:
        """Tell whether this source is standard input."""
        return self.path == STDIN


def expand(arguments: Sequence[str], *, pattern: str = "*.txt", recursive: bool = False) -> list[Source]:
    """Turn FILE arguments into sources: files as given, directories into their matching files.

    A directory gives the files directly inside it whose names match ``pattern``, or
    every level below it with ``recursive``; sorted, so runs are repeatable. No
    arguments means standard input.

    >>> expand([])
    [Source(path='-', relative='-')]
    """
    if not arguments:
        return [Source(STDIN, STDIN)]
    sources: list[Source] = []
    for arg in arguments:
        if arg != STDIN and os.path.isdir(arg):
            sources.extend(_walk(Path(arg), pattern, recursive))
        else:
            sources.append(Source(arg, STDIN if arg == STDIN else os.path.basename(arg)))
    return sources


def _walk(root: Path, pattern: str, recursive: bool) -> Iterator[Source]:
    found = root.rglob("*") if recursive else root.iterdir()
    for path in sorted(found):
        if path.is_file() and fnmatch(path.name, pattern):
            yield Source(str(path), str(path.relative_to(root)))


def read_bytes(path: str, stdin: BinaryIO | None = None) -> bytes:
    """Read the raw bytes of ``path`` (``-``: standard input), raising InputError on failure."""
    if path == STDIN:
        return (stdin or sys.stdin.buffer).read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise _read_error(path, e) from None


def _read_error(path: str, error: OSError) -> InputError:
    """Name what went wrong reading ``path`` in one line."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"{path}: no such file")
    if isinstance(error, IsADirectoryError):
        return InputError(f"{path}: is a directory, expected a file")
    if isinstance(error, PermissionError):
        return InputError(f"{path}: permission denied")
    return InputError(f"{path}: cannot read ({error.strerror or error})")


def iter_lines(path: str, stdin: BinaryIO | None = None) -> Iterator[bytes]:
    """Yield the raw lines of ``path`` (``-``: standard input) as they are read, for streaming."""
    if path == STDIN:
        yield from (stdin or sys.stdin.buffer)
        return
    try:
        with open(path, "rb") as f:
            yield from f
    except OSError as e:
        raise _read_error(path, e) from None


def decode(data: bytes, name: str, *, encoding: str = "utf-8", errors: str = "strict") -> str:
    """Decode ``data`` as text, refusing binary input and (with ``errors="strict"``) bad bytes.

    >>> decode(b"caf\\xc3\\xa9", "a.txt")
    'café'
    >>> decode(b"caf\\xe9", "a.txt")
    Traceback (most recent call last):
    ...
    dedupe_text.errors.InputError: a.txt: not valid utf-8 at byte 3 (use --encoding, or --errors replace)
    """
    from .formats.encoding import decode_document

    return decode_document(data, "text", encoding=encoding, errors=errors, name=name).text


def encode(text: str, name: str, *, encoding: str = "utf-8", errors: str = "strict") -> bytes:
    """Encode ``text`` for output, raising InputError when it cannot be represented.

    >>> encode("café", "out.txt")
    b'caf\\xc3\\xa9'
    """
    try:
        return text.encode(encoding, errors)
    except UnicodeEncodeError as e:
        raise InputError(f"{name}: cannot write character {text[e.start]!r} as {encoding}") from None


def write_atomic(path: str, data: bytes, *, backup: str | None = None) -> None:
    """Replace ``path`` with ``data`` all at once, keeping its permissions.

    The data goes to a temporary file in the same directory, is flushed to disk, then
    renamed over ``path``: a reader (or an interruption) sees the old file or the new
    one, never half of it. A symbolic link stays a link: the file it points to is
    replaced. A new file gets the usual permissions (0666 less the umask). ``backup``
    (a suffix) keeps a copy of the original first.
    """
    import tempfile  # only writers pay for it

    target = Path(os.path.realpath(path))
    mode = _mode_of(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _new_file_mode() if mode is None else mode)
        if backup and mode is not None:
            write_atomic(str(target) + backup, target.read_bytes())
            os.chmod(str(target) + backup, mode)
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _new_file_mode() -> int:
    """Return the mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _unlink_quietly(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
