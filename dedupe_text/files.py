"""Read text files safely and write them atomically: the file handling behind the CLI."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .formats.encoding import decode_as

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
    return decode_as(data, encoding, errors=errors, name=name)


class Terminated(SystemExit):
    """Raised in the main thread when SIGTERM or SIGHUP arrives inside ``exit_on_signals``; exits 128 + N."""


@contextlib.contextmanager
def exit_on_signals(signums: Sequence[int] = (signal.SIGTERM, signal.SIGHUP)) -> Iterator[None]:
    """Within the block, turn ``signums`` into a Terminated exception, so that cleanup code runs before exit.

    SIGINT already raises KeyboardInterrupt. A signal the process ignores (``nohup``) or
    handles itself keeps its handler; outside the main thread nothing changes (Python runs
    handlers there only).

    >>> with exit_on_signals():
    ...     signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    True
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated(128 + signum)

    previous = {n: signal.getsignal(n) for n in signums}
    for n, handler in previous.items():
        if handler is signal.SIG_DFL:
            signal.signal(n, terminate)
    try:
        yield
    finally:
        for n, handler in previous.items():
            if handler is signal.SIG_DFL:
                signal.signal(n, handler)


def write_atomic(path: str, data: bytes, *, backup: str | None = None) -> None:
    """Replace ``path`` with ``data`` all at once, keeping its permissions, owner and group.

    The data goes to a temporary file ``.NAME.tmp`` in the same directory, is flushed to
    disk, then renamed over ``path``: a reader (or an interruption) sees the old file or the
    new one, never half of it. SIGINT, SIGTERM and SIGHUP during the write remove the
    temporary file before the process ends; one left by a process killed outright
    (``kill -9``) is removed by the next write to the same file (its lock died with its
    process). While another process writes the same file, a random ``.NAME.XXXXXXXX.tmp``
    serves instead, and that one a ``kill -9`` would leave behind. A symbolic link stays a
    link: the file it points to is replaced. An existing file keeps its mode, and its owner
    and group as far as this process may set them (all of them as root); a new file gets
    the usual mode (0666 less the umask). ``backup`` (a suffix) keeps a copy of the original
    first, with the same mode and owner. A path that is not a regular file (a FIFO, a
    device, a directory) raises InputError and is left alone.
    """
    target = Path(os.path.realpath(path))
    like = check_rewritable(path)
    with exit_on_signals():
        if backup and like is not None:
            _replace(Path(str(target) + backup), target.read_bytes(), like)
        _replace(target, data, like)


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def check_rewritable(path: str) -> os.stat_result | None:
    """Return the status of the file ``path`` names (through links), None if there is none.

    Raises InputError for anything but a regular file (a FIFO, a device, a directory): check
    an in-place target with it before reading it, since reading a FIFO waits for a writer.
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(found.st_mode):
        kind = next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")
        raise InputError(f"{path}: is {kind}; only a regular file can be rewritten in place")
    return found


def _replace(target: Path, data: bytes, like: os.stat_result | None) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``."""
    fd, tmp = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if like is not None:
                _keep_owner(tmp, like)
            os.chmod(tmp, _new_file_mode() if like is None else stat.S_IMODE(like.st_mode))
            os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise


def temporary_name(target: Path) -> Path:
    """Return the name a write to ``target`` gives its temporary file while no other write holds it.

    >>> temporary_name(Path("/srv/story.txt")).as_posix()
    '/srv/.story.txt.tmp'
    """
    return target.parent / f".{target.name}.tmp"


def _temporary(target: Path) -> tuple[int, str]:
    """Create the temporary file of a write to ``target``, locked while this process writes it.

    It takes the name ``.NAME.tmp`` once the file of an earlier, killed write is found
    unlocked there and removed; while another process writes (its file is locked), a
    random ``.NAME.XXXXXXXX.tmp`` serves instead.
    """
    import tempfile  # only writers pay for it

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): a random name, and no stale files to find
        return fd, tmp
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fixed = str(temporary_name(target))
        for _ in range(2):
            try:
                os.link(tmp, fixed)
            except FileExistsError:
                if _remove_if_stale(fixed):
                    continue
                return fd, tmp
            except OSError:  # a file system without hard links
                return fd, tmp
            os.unlink(tmp)
            return fd, fixed
        return fd, tmp
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise


def _remove_if_stale(path: str) -> bool:
    """Remove the temporary file at ``path`` if no process holds its lock; tell whether the name is free now."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True
    except OSError:  # a link, or a file this process may not read: not ours to judge
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: another write is under way
            return False
        held, there = os.fstat(fd), os.lstat(path)
        if (held.st_dev, held.st_ino) != (there.st_dev, there.st_ino):
            return False  # replaced since it was opened
        os.unlink(path)
        return True
    except FileNotFoundError:
        return True
    finally:
        os.close(fd)


def _keep_owner(tmp: str, like: os.stat_result) -> None:
    """Give ``tmp`` the owner and group of ``like`` where allowed: both as root, else the group if one's own."""
    if not hasattr(os, "chown") or (like.st_uid, like.st_gid) == (os.getuid(), os.getgid()):
        return
    try:
        os.chown(tmp, like.st_uid, like.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(tmp, -1, like.st_gid)


def _new_file_mode() -> int:
    """Return the mode ``open()`` would give a new file: 0666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _unlink_quietly(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
