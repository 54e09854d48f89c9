"""The embedded index: SQLite on local disk (the durable log) and the postings in memory.

SQLite holds every paragraph with its posting keys, written in one WAL transaction per
document, so a crash loses at most the document being written. Looking a key up in a
B-tree on disk for every band of every paragraph costs a random page write per key at
insert time; instead each process keeps the postings in memory (``postings.PostingMap``,
32-64 bytes a posting) and catches up with what other processes wrote (new paragraph
ids, tombstones) at the start of each transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import IndexBackendError
from .backend import Stored, Write, pack_keys
from .postings import PostingMap

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL UNIQUE,
                                first INTEGER NOT NULL, count INTEGER NOT NULL, added REAL NOT NULL);
CREATE TABLE IF NOT EXISTS paras(pid INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, n INTEGER NOT NULL,
                                 key TEXT NOT NULL, posts BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tomb(seq INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS seen(pid INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(pid, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_by_doc ON seen(doc);
"""
BUSY_TIMEOUT_MS = 60_000
"""How long a process waits for another one's write before giving up."""


class _SQLiteTransaction:
    """One document's view of the index, inside ``BEGIN IMMEDIATE`` (other writers wait)."""

    def __init__(self, backend: SQLiteBackend, doc_id: str):
        self.backend = backend
        self.doc_id = doc_id
        row = backend.db.execute("SELECT first, count FROM docs WHERE doc = ?", (doc_id,)).fetchone()
        self.known = row is not None
        self.old = range(row[0], row[0] + row[1]) if row else range(0)
        self.own = frozenset(self.old)
        self.added: list[tuple[int, np.ndarray]] = []
        self.killed: list[int] = []

    def lookup(self, keys: np.ndarray) -> dict[int, list[int]]:
        return self.backend.postings.lookup(keys)

    def fetch(self, pids: Sequence[int]) -> dict[int, Stored]:
        return self.backend.fetch(pids)

    def store(self, write: Write) -> bool:
        db = self.backend.db
        missing = set(write.sources) - set(self.backend.fetch(write.sources))
        if missing:
            return False
        if self.known:
            self.killed += self.backend.delete_docs([self.doc_id])
        for pid in write.seen:
            if db.execute("SELECT COUNT(*) FROM seen WHERE pid = ?", (pid,)).fetchone()[0] < write.seen_max:
                db.execute("INSERT OR IGNORE INTO seen(pid, doc) VALUES (?, ?)", (pid, self.doc_id))
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'paras'").fetchone()
        first = (int(row[0]) if row else 0) + 1
        db.executemany("INSERT INTO paras(pid, doc, n, key, posts) VALUES (?, ?, ?, ?, ?)",
                       [(first + k, self.doc_id, e.n, e.key, pack_keys(e.posts)) for k, e in enumerate(write.entries)])
        self.added += [(first + k, e.posts) for k, e in enumerate(write.entries)]
        db.execute("INSERT INTO docs(doc, first, count, added) VALUES (?, ?, ?, ?)",
                   (self.doc_id, first if write.entries else 0, len(write.entries), write.now))
        self.killed += self.backend.expire(write.now)
        return True


class SQLiteBackend:
    """An index in one SQLite file (WAL mode), safe for several processes on one machine."""

    def __init__(self, path: str | Path, *, ttl: float | None = None, max_docs: int | None = None,
                 durable: bool = False, create: bool = True):
        self.location = str(path)
        if not create and not Path(path).is_file():
            raise IndexBackendError(f"no index at {self.location}")
        self.ttl = ttl
        self.max_docs = max_docs
        self.postings = PostingMap()
        self.pid_mark = 0
        self.tomb_mark = 0
        self.generation = ""
        self.data_version: int | None = None
        try:
            self.db = sqlite3.connect(self.location, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as err:
            raise IndexBackendError(f"cannot open index {self.location}: {err}") from err

    def close(self) -> None:
        self.db.close()

    def _meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        with self._write():
            if self._meta("format") is None:
                self.db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(wanted.items()))
                self.db.execute("INSERT INTO meta VALUES ('generation', '1')")
        return self.stored()

    def stored(self) -> dict[str, str]:
        rows = self.db.execute("SELECT name, value FROM meta WHERE name != 'generation'").fetchall()
        return {str(k): str(v) for k, v in rows}

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Hold the write lock: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise IndexBackendError(f"index {self.location} is busy or unreadable: {err}") from err
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as err:
            raise IndexBackendError(f"cannot write index {self.location}: {err}") from err

    def sync(self) -> None:
        """Catch up with what other processes committed since the last sync (nothing to do if none did)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version == self.data_version:
            return
        self.data_version = version
        generation = self._meta("generation") or ""
        if generation != self.generation:
            self.postings, self.pid_mark, self.generation = PostingMap(), 0, generation
            row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM tomb").fetchone()
            self.tomb_mark = int(row[0])
        rows = self.db.execute("SELECT pid, posts FROM paras WHERE pid > ? ORDER BY pid", (self.pid_mark,)).fetchall()
        if rows:
            blobs = [r[1] for r in rows]
            keys = np.frombuffer(b"".join(blobs), dtype="<i8").astype(np.int64)
            pids = np.repeat(np.array([r[0] for r in rows], dtype=np.int64), [len(b) // 8 for b in blobs])
            self.postings.add(pids, keys)
            self.pid_mark = int(rows[-1][0])
        dead = self.db.execute("SELECT seq, pid FROM tomb WHERE seq > ? ORDER BY seq", (self.tomb_mark,)).fetchall()
        if dead:
            self.postings.kill([r[1] for r in dead])
            self.tomb_mark = int(dead[-1][0])

    @contextmanager
    def transaction(self, doc_id: str) -> Iterator[_SQLiteTransaction]:
        with self._write():
            self.sync()
            txn = _SQLiteTransaction(self, doc_id)
            yield txn
            tomb_mark = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM tomb").fetchone()[0]) \
                if txn.killed else self.tomb_mark
        if txn.killed:
            self.postings.kill(txn.killed)
        if txn.added:
            self.postings.add(np.repeat([pid for pid, _ in txn.added], [len(posts) for _, posts in txn.added]),
                              np.concatenate([posts for _, posts in txn.added]))
            self.pid_mark = max(self.pid_mark, txn.added[-1][0])
        self.tomb_mark = tomb_mark

    def fetch(self, pids: Sequence[int]) -> dict[int, Stored]:
        out: dict[int, Stored] = {}
        for at in range(0, len(pids), 500):
            chunk = list(pids[at:at + 500])
            marks = ",".join("?" * len(chunk))
            seen: dict[int, list[str]] = {}
            for pid, doc in self.db.execute(f"SELECT pid, doc FROM seen WHERE pid IN ({marks})", chunk):
                seen.setdefault(pid, []).append(doc)
            for pid, doc, n, key in self.db.execute(
                    f"SELECT pid, doc, n, key FROM paras WHERE pid IN ({marks})", chunk):
                out[pid] = Stored(pid, doc, n, key, tuple(seen.get(pid, ())))
        return out

    def delete_docs(self, docs: Sequence[str]) -> list[int]:
        """Delete documents inside the current transaction; return their paragraph ids."""
        killed: list[int] = []
        for doc in docs:
            self.db.execute("DELETE FROM seen WHERE doc = ?", (doc,))  # no longer counts as a carrier
            row = self.db.execute("SELECT first, count FROM docs WHERE doc = ?", (doc,)).fetchone()
            if row is None:
                continue
            first, count = row
            self.db.execute("DELETE FROM paras WHERE pid BETWEEN ? AND ?", (first, first + count - 1))
            self.db.execute("DELETE FROM seen WHERE pid BETWEEN ? AND ?", (first, first + count - 1))
            self.db.execute("DELETE FROM docs WHERE doc = ?", (doc,))
            self.db.executemany("INSERT INTO tomb(pid) VALUES (?)", [(p,) for p in range(first, first + count)])
            killed += range(first, first + count)
        return killed

    def expire(self, now: float) -> list[int]:
        """Delete documents past the time-to-live or over the cap, oldest first."""
        old: list[str] = []
        if self.ttl is not None:
            old += [r[0] for r in self.db.execute("SELECT doc FROM docs WHERE added < ? ORDER BY seq",
                                                  (now - self.ttl,))]
        if self.max_docs is not None:
            over = int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]) - len(old) - self.max_docs
            if over > 0:
                rows = self.db.execute("SELECT doc FROM docs ORDER BY seq LIMIT ?", (over + len(old),))
                old += [r[0] for r in rows if r[0] not in old]
        return self.delete_docs(list(dict.fromkeys(old)))

    def evict(self, now: float) -> int:
        with self._write():
            self.sync()
            before = self.counts()[1]
            killed = self.expire(now)
            after = self.counts()[1]
        self.postings.kill(killed)
        return before - after

    def remove(self, doc_id: str) -> int:
        with self._write():
            self.sync()
            killed = self.delete_docs([doc_id])
        self.postings.kill(killed)
        return len(killed)

    def clear(self) -> None:
        with self._write():
            self.db.execute("DELETE FROM paras")
            self.db.execute("DELETE FROM docs")
            self.db.execute("DELETE FROM tomb")
            self.db.execute("DELETE FROM seen")
            self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")
        self.data_version = None  # this connection's own change: sync anew

    def counts(self) -> tuple[int, int]:
        row = self.db.execute("SELECT (SELECT COUNT(*) FROM paras), (SELECT COUNT(*) FROM docs)").fetchone()
        return int(row[0]), int(row[1])

    def documents(self) -> Iterator[str]:
        for (doc,) in self.db.execute("SELECT doc FROM docs ORDER BY seq").fetchall():
            yield str(doc)
