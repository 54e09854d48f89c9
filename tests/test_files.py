"""File handling behind the CLI: atomic writes, permissions, links, input expansion."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dedupe_text.errors import InputError
from dedupe_text.files import Source, decode, expand, write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(str(tmp_path / "new.txt"), b"data")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.txt") == 0o644
    assert (tmp_path / "new.txt").read_bytes() == b"data"


def test_existing_file_keeps_its_mode_and_backup_gets_it_too(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    path.chmod(0o600)
    write_atomic(str(path), b"new", backup=".bak")
    assert path.read_bytes() == b"new" and mode(path) == 0o600
    assert (tmp_path / "a.txt.bak").read_bytes() == b"old" and mode(tmp_path / "a.txt.bak") == 0o600


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(str(link), b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_failed_write_leaves_the_original_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_atomic(str(path), b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_expand_sorts_directory_files_and_keeps_relative_names(tmp_path: Path) -> None:
    (tmp_path / "d" / "s").mkdir(parents=True)
    for name in ("d/b.txt", "d/a.txt", "d/s/c.txt", "d/x.md"):
        (tmp_path / name).write_text("x")
    top = expand([str(tmp_path / "d")])
    assert [s.relative for s in top] == ["a.txt", "b.txt"]
    deep = expand([str(tmp_path / "d")], recursive=True)
    assert [s.relative for s in deep] == ["a.txt", "b.txt", os.path.join("s", "c.txt")]
    assert expand(["-", "f.txt"]) == [Source("-", "-"), Source("f.txt", "f.txt")]


@pytest.mark.parametrize(("data", "encoding", "message"), [
    (b"\x00\x01binary", "utf-8", "binary input"),
    (b"ok \xff", "utf-8", "not valid utf-8 at byte 3"),
    (b"text", "no-such-codec", "unknown encoding"),
])
def test_decode_refuses_with_a_reason(data: bytes, encoding: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "f.txt", encoding=encoding)


def test_decode_accepts_utf16_despite_its_nul_bytes() -> None:
    assert decode("héllo".encode("utf-16"), "f.txt", encoding="utf-16") == "héllo"


def test_a_lone_surrogate_is_refused_or_replaced_unless_the_handler_keeps_bytes() -> None:
    with pytest.raises(InputError, match="^f.txt: utf-7 input decodes to a lone surrogate U\\+D800 at character 2"):
        decode(b"a +2AA- b", "f.txt", encoding="utf-7")
    assert decode(b"a +2AA- b", "f.txt", encoding="utf-7", errors="replace") == "a \ufffd b"
    assert decode(b"caf\x81", "f.txt", encoding="cp1252", errors="surrogateescape") == "caf\udc81"


def test_exit_on_signals_turns_sigterm_into_an_exit_and_restores_the_handlers() -> None:
    import signal

    from dedupe_text.files import Terminated, exit_on_signals

    before = signal.getsignal(signal.SIGTERM)
    ignored = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with pytest.raises(Terminated) as err, exit_on_signals():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # nohup stays nohup
            os.kill(os.getpid(), signal.SIGTERM)
        assert err.value.code == 128 + signal.SIGTERM and isinstance(err.value, SystemExit)
        assert signal.getsignal(signal.SIGTERM) is before
    finally:
        signal.signal(signal.SIGHUP, ignored)


def test_a_stale_temporary_file_that_is_a_link_is_left_alone(tmp_path: Path) -> None:
    from dedupe_text.files import temporary_name

    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"keep me")
    temporary_name(path).symlink_to(elsewhere)
    write_atomic(str(path), b"new")
    assert path.read_bytes() == b"new" and elsewhere.read_bytes() == b"keep me"
    assert temporary_name(path).is_symlink() and len(list(tmp_path.iterdir())) == 3
