"""Hostile input and faults for in-place writes, byte input and the review renderers (issue 16's cases).

Every input is generated here at test time; nothing large is stored.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dedupe_text import dedupe
from dedupe_text.errors import InputError
from dedupe_text.files import temporary_name, write_atomic
from dedupe_text.formats import clean_bytes, dedupe_bytes
from dedupe_text.render import unified_diff
from dedupe_text.review import copy_diff, render_html
from dedupe_text.review.terminal import annotate_diff

WRITER = """
import os, sys, time
from dedupe_text.files import write_atomic

target, ready = sys.argv[1], sys.argv[2]

def stalled_fsync(fd):
    with open(ready, "w"):
        pass
    time.sleep(120)

os.fsync = stalled_fsync  # the write stops with its temporary file full, before the rename
write_atomic(target, b"new paragraph\\n" * 100_000)
"""
"""A child that starts an in-place write and stalls in it until a signal arrives."""


def stalled_writer(target: Path) -> subprocess.Popen[bytes]:
    """Start a child writing ``target`` and return it once its temporary file is written."""
    ready = target.parent / "ready"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(ready)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists():
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"the writer did not start: {child.communicate()[1].decode()}")
        time.sleep(0.02)
    ready.unlink()
    return child


def others(folder: Path, *names: str) -> list[str]:
    """The names in ``folder`` beside ``names``."""
    return sorted(p.name for p in folder.iterdir() if p.name not in names)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 128 + 15), (signal.SIGHUP, 128 + 1),
                                              (signal.SIGINT, None)])
def test_a_signal_during_an_in_place_write_removes_its_temporary_file(tmp_path: Path, signum: int,
                                                                      code: int | None) -> None:
    target = tmp_path / "story.txt"
    target.write_bytes(b"old paragraph\n")
    child = stalled_writer(target)
    assert others(tmp_path, "story.txt") == [".story.txt.tmp"]
    child.send_signal(signum)
    child.communicate(timeout=60)
    assert child.returncode != 0 and (code is None or child.returncode == code)
    assert target.read_bytes() == b"old paragraph\n"
    assert others(tmp_path, "story.txt") == []


def test_a_killed_write_leaves_the_file_whole_and_the_next_write_removes_its_temporary(tmp_path: Path) -> None:
    target = tmp_path / "story.txt"
    target.write_bytes(b"old paragraph\n")
    child = stalled_writer(target)
    child.kill()
    child.communicate(timeout=60)
    stale = temporary_name(target)
    assert stale.stat().st_size == len(b"new paragraph\n") * 100_000
    assert target.read_bytes() == b"old paragraph\n"
    write_atomic(str(target), b"next run\n")
    assert target.read_bytes() == b"next run\n" and others(tmp_path, "story.txt") == []


def test_a_write_under_way_keeps_its_temporary_file_while_another_one_writes(tmp_path: Path) -> None:
    target = tmp_path / "story.txt"
    target.write_bytes(b"old paragraph\n")
    child = stalled_writer(target)
    try:
        write_atomic(str(target), b"second writer\n")
        assert target.read_bytes() == b"second writer\n"
        assert others(tmp_path, "story.txt") == [".story.txt.tmp"]
    finally:
        child.terminate()
        child.communicate(timeout=60)
    assert others(tmp_path, "story.txt") == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_an_in_place_write_as_root_keeps_the_owner_and_group_of_the_file_and_its_backup(tmp_path: Path) -> None:
    target = tmp_path / "story.txt"
    target.write_bytes(b"old paragraph\n")
    os.chown(target, 4321, 4322)
    target.chmod(0o640)
    write_atomic(str(target), b"new paragraph\n", backup=".bak")
    for path in (target, tmp_path / "story.txt.bak"):
        found = path.stat()
        assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (4321, 4322, 0o640), path.name
    assert (tmp_path / "story.txt.bak").read_bytes() == b"old paragraph\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_clean_in_place_as_root_leaves_a_user_s_file_and_backup_theirs(tmp_path: Path) -> None:
    line = "The harbour ferry will run every twenty minutes from Monday, the operator said."
    target = tmp_path / "story.txt"
    target.write_text(f"{line}\nTickets stay valid.\n{line}\n", encoding="utf-8")
    os.chown(target, 4321, 4322)
    done = subprocess.run([sys.executable, "-m", "dedupe_text", "clean", "--in-place", "--backup", ".orig",
                           str(target)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == f"{line}\nTickets stay valid.\n"
    for path in (target, tmp_path / "story.txt.orig"):
        assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4322), path.name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    for path in (fifo, link):
        with pytest.raises(InputError, match=rf"^{path}: is a FIFO; only a regular file can be rewritten in place$"):
            write_atomic(str(path), b"data", backup=".bak")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and others(tmp_path) == ["link.txt", "pipe.txt"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r": is a directory; only a regular file can be rewritten in place$"):
        write_atomic(str(tmp_path), b"data")


@pytest.mark.parametrize("data", [None, "text", 7, ["b"]])
def test_bytes_functions_want_bytes(data: object) -> None:
    for call in (clean_bytes, dedupe_bytes):
        with pytest.raises(TypeError, match=r"^data must be bytes, not "):
            call(data)  # type: ignore[arg-type]


@pytest.mark.parametrize("result", [None, "text", b"text"])
def test_render_html_wants_a_result(result: object) -> None:
    with pytest.raises(TypeError, match=r"^result must be DedupeResult, not "):
        render_html(result)  # type: ignore[arg-type]


def utf7_story() -> str:
    """A story in UTF-7 whose repeated paragraph holds ``+2AA-``, a lone high surrogate, as Python decodes it.

    (``decode`` refuses it, or replaces it under ``errors="replace"``; a caller's own text may hold one.)
    """
    line = "The harbour ferry +2AA- will run every twenty minutes from Monday, the operator said on Friday"
    data = f"{line}.\n{line.replace('said', 'announced')}.\nTickets stay valid.\n".encode("ascii")
    return data.decode("utf-7")


def test_utf7_text_with_a_lone_surrogate_renders_in_every_review_view() -> None:
    text = utf7_story()
    assert "\ud800" in text
    result = dedupe(text)
    near = next(r for r in result.removals if r.rule == "near")
    assert "\ufffd" in render_html(result).encode("utf-8").decode("utf-8")
    for color in (False, True):
        assert "\ufffd" in (copy_diff(result, near, color=color) or "").encode("utf-8").decode("utf-8")
        annotated = "".join(annotate_diff(unified_diff(text, result.text, "story.txt"), result, color=color))
        annotated.encode("utf-8")
