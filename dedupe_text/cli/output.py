"""Where the command line's output goes: standard output, files and directories, progress and summaries."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import click

from ..errors import InputError
from ..files import Source, check_rewritable, write_atomic
from ..render import plural
from ..result import DedupeResult
from .errors import UserError, about

STDOUT = "-"
"""``-o -``: standard output."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output now, or fail in one line (closed, full disk); a broken pipe propagates."""
    stream = sys.stdout
    if stream is None:
        raise UserError("cannot write to standard output: it is closed")
    try:
        stream.buffer.write(data)
        stream.buffer.flush()
    except BrokenPipeError:
        discard_stdout()
        raise
    except OSError as e:
        discard_stdout()
        raise UserError(f"cannot write to standard output: {e.strerror or e}") from None


def emit(text: str = "", *, nl: bool = True) -> None:
    """Print ``text`` on standard output (characters it cannot hold as escapes)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    write_stdout((text + ("\n" if nl else "")).encode(encoding, "backslashreplace"))


def emit_json(document: Any) -> None:
    """Print ``document`` as indented JSON that any JSON reader parses.

    Characters stay as they are where standard output's encoding holds them (else every
    one outside ASCII is escaped); a lone surrogate (a file name's undecodable byte, say)
    is always written as its ``\\udXXX`` escape.
    """
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(document, ensure_ascii=False, indent=2))
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, indent=2)
    emit(text)


def discard_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError, ImportError):
        import io

        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
        sys.stdout = io.TextIOWrapper(open(fd, "wb", closefd=False))  # noqa: SIM115 (lives to exit)


def use_color(choice: str, stream: IO[Any] | None) -> bool:
    """Decide on colour: ``always``/``never``, or ``auto`` = a terminal and no NO_COLOR set."""
    if choice != "auto":
        return choice == "always"
    return stream is not None and stream.isatty() and not os.environ.get("NO_COLOR")


def make_parent(path: str) -> None:
    """Create the directory a file will be written to, or fail with a one-line error."""
    parent = os.path.dirname(path)
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError as e:
            raise UserError(f"cannot create directory {parent}: {e.strerror or e}") from None


def write_file(path: str, data: bytes, backup: str | None = None) -> None:
    """Write a whole file, or fail with a one-line error.

    A file that exists (or a backup asked for) is replaced atomically and durably by
    ``files.write_atomic``; a fresh file is created and written directly, without a disk
    flush of its own, and removed again if the write fails.
    """
    make_parent(path)
    try:
        if backup or os.path.lexists(path):
            write_atomic(path, data, backup=backup)
        else:
            _write_fresh(path, data)
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from None
    except InputError as e:  # not a regular file: left alone
        raise UserError(str(e)) from None


def _write_fresh(path: str, data: bytes) -> None:
    try:
        f = open(path, "xb")  # noqa: SIM115 (closed below, removed on failure)
    except FileExistsError:  # appeared since we looked: replace it as an existing file
        write_atomic(path, data)
        return
    try:
        with f:
            f.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


@dataclass(frozen=True)
class Sink:
    """Where one source's cleaned output goes: stdout (``path`` None) or a file."""

    path: str | None
    in_place: bool = False
    backup: str | None = None

    def write(self, data: bytes, before: bytes) -> None:
        """Write the whole output (skipping in-place files that did not change)."""
        if self.path is None:
            write_stdout(data)
        elif not (self.in_place and data == before):
            write_file(self.path, data, self.backup)


def plan_outputs(sources: Sequence[Source], files: Sequence[str], output: str | None, in_place: bool,
                 backup: str | None) -> dict[str, str | None]:
    """Map each source path to where its cleaned text goes (None: stdout), checking the options first."""
    if backup and not in_place:
        raise UserError("--backup needs --in-place")
    if in_place:
        if output:
            raise UserError("--in-place and --output cannot be used together")
        if any(s.is_stdin for s in sources):
            raise UserError("--in-place needs FILE arguments, not stdin")
        for s in sources:  # before anything is read: reading a FIFO would wait for a writer
            with about(s.path):
                check_rewritable(s.path)
        return {s.path: s.path for s in sources}
    if not sources and files:
        raise UserError("no input files matched")
    if output is None or output == STDOUT:
        return {s.path: None for s in sources}
    if len(files) == 1 and len(sources) == 1 and not os.path.isdir(output) and not os.path.isdir(files[0]):
        return {sources[0].path: output}
    return _directory_targets(sources, output)


def _directory_targets(sources: Sequence[Source], directory: str) -> dict[str, str | None]:
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise UserError(f"{directory}: not a directory (--output must be a directory for several inputs)")
    targets: dict[str, str | None] = {}
    seen: dict[str, str] = {}
    for s in sources:
        name = "stdin.txt" if s.is_stdin else s.relative
        target = os.path.join(directory, name)
        if target in seen:
            raise UserError(f"{s.path} and {seen[target]} would both be written to {target}")
        seen[target] = s.path
        targets[s.path] = target
    return targets


@dataclass
class Tally:
    """What a batch did, for the summary line."""

    files: int = 0
    records: int = 0
    paragraphs: int = 0
    removed: int = 0
    bytes_saved: int = 0
    skipped: int = 0

    def add(self, result: DedupeResult, before: bytes, after: bytes) -> None:
        """Count one processed document (a file, or the text of one record)."""
        self.paragraphs += len(result.paragraphs)
        self.removed += len(result.removals)
        self.bytes_saved += len(before) - len(after)

    def summary(self) -> str:
        """Return the one-line summary printed after a batch."""
        parts = [plural(self.files, "file")]
        if self.records:
            parts.append(plural(self.records, "record"))
        parts += [plural(self.paragraphs, "paragraph"), f"{self.removed:,} removed",
                  f"{self.bytes_saved:,} bytes saved"]
        if self.skipped:
            parts.append(f"{self.skipped:,} bad records skipped")
        return ", ".join(parts)


def show_progress(quiet: bool) -> bool:
    """Tell whether to draw a progress bar: stderr is a terminal and --quiet is not given."""
    return not quiet and sys.stderr is not None and sys.stderr.isatty()


def file_progress(sources: Sequence[Source], quiet: bool) -> Any:
    """Wrap ``sources`` in a progress bar on stderr when there are several and stderr is a terminal."""
    if len(sources) < 2 or not show_progress(quiet):
        return contextlib.nullcontext(sources)
    return click.progressbar(sources, label="dedupe-text", file=sys.stderr, item_show_func=_source_label)


def _source_label(source: Source | None) -> str | None:
    return source.relative if source is not None else None


@contextlib.contextmanager
def record_progress(lines: Iterable[bytes], path: str, quiet: bool) -> Iterator[Iterable[bytes]]:
    """Yield ``lines`` counted on a progress bar on stderr (by bytes for a file), when stderr is a terminal."""
    if not show_progress(quiet):
        yield lines
        return
    size = None if path == "-" else _size(path)
    if size is None:
        with click.progressbar(lines, label="dedupe-text", file=sys.stderr, show_pos=True) as counted:
            yield counted
        return
    with click.progressbar(length=size, label="dedupe-text", file=sys.stderr) as bar:
        yield _advancing(lines, bar)


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path) or None
    except OSError:
        return None


def _advancing(lines: Iterable[bytes], bar: Any) -> Iterator[bytes]:
    for raw in lines:
        yield raw
        bar.update(len(raw))
