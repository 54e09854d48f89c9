"""What the index refuses, and how: one specific error naming the place, nothing else touched."""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_support import redis_url  # noqa: F401  (a fixture)

from dedupe_text import IndexBackendError
from dedupe_text.index import ParagraphIndex

WIRE = ("The regional water board announced on Monday that it would replace every lead pipe in the old town "
        "before the end of next year.")


def _one_line(err: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(err.value)
    assert "\n" not in message
    return message


def test_a_database_that_is_not_an_index_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers(name TEXT)")
        db.execute("INSERT INTO customers VALUES ('Ann')")
    before = path.read_bytes()
    with pytest.raises(IndexBackendError) as err:
        ParagraphIndex(path)
    assert "is not a dedupe-text index" in _one_line(err) and path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.db"]


def test_an_index_table_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    ParagraphIndex(path).close()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE paras ADD COLUMN extra TEXT")
    with pytest.raises(IndexBackendError, match="table 'paras' is not an index's"):
        ParagraphIndex(path)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 200)
    with pytest.raises(IndexBackendError) as err:
        ParagraphIndex(path)
    assert "is not a dedupe-text index" in _one_line(err)
    assert path.read_bytes() == b"my notes, not a database\n" * 200


def test_a_damaged_index_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    with ParagraphIndex(path) as index:
        for n in range(300):
            index.dedupe(f"{WIRE} Number {n} of many, each its own paragraph here.\n", doc_id=f"d{n}")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page:len(data) - page] = b"\xa5" * (len(data) - 4 * page)  # garbage over the middle pages
    path.write_bytes(bytes(data))
    with pytest.raises(IndexBackendError) as err, ParagraphIndex(path) as index:
        index.dedupe(WIRE, doc_id="new")
    assert str(path) in _one_line(err)


def test_a_missing_redis_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # what an interpreter without the package does on import
    with pytest.raises(IndexBackendError, match=r"pip install 'dedupe-text\[redis\]'"):
        ParagraphIndex("redis://127.0.0.1:1/0")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_times_out_naming_it(silent_server: int) -> None:
    with pytest.raises(IndexBackendError) as err:
        ParagraphIndex(f"redis://127.0.0.1:{silent_server}/0", timeout=0.5)
    assert f"Redis at 127.0.0.1:{silent_server} did not answer within 0.5 s" in _one_line(err)


def test_a_bad_url_never_shows_its_password() -> None:
    with pytest.raises(IndexBackendError) as err:
        ParagraphIndex("redis://ann:hunter2@127.0.0.1:notaport/0")
    assert "hunter2" not in str(err.value) and "***" in str(err.value)


def test_index_names_and_document_ids_cannot_reach_other_indexes(redis_url: str) -> None:  # noqa: F811
    tag = uuid.uuid4().hex
    site, dated, meta_doc = (ParagraphIndex(redis_url, name=n) for n in (f"{tag}", f"{tag}:2024", f"{tag}:d"))
    try:
        dated.dedupe(WIRE, doc_id="a")
        site.dedupe(WIRE + " Extra words so it is its own paragraph.", doc_id="meta")
        site.clear()
        assert len(site) == 0 and len(dated) == 1 and dated.documents() == ["a"]
        assert meta_doc.stats().params == site.stats().params  # index "x:d" kept its own parameters
        with ParagraphIndex.existing(redis_url, name=f"{tag}:d") as reopened:
            assert len(reopened) == 0
    finally:
        for index in (site, dated, meta_doc):
            index.clear()
            index.close()
