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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..errors import IndexBackendError
from .backend import KeyRecipe, Stored, Write, group_hits, pack_keys
from .postings import PostingMap

if TYPE_CHECKING:
    from .keys import PostingKeys

TABLES = {
    "meta": "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "docs": "CREATE TABLE docs(seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL UNIQUE, added REAL NOT NULL)",
    "paras": "CREATE TABLE paras(pid INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, n INTEGER NOT NULL, "
             "key TEXT NOT NULL, posts BLOB NOT NULL)",
    "carriers": "CREATE TABLE carriers(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, doc TEXT NOT NULL, "
                "n INTEGER NOT NULL, UNIQUE(pid, doc))",
    "tomb": "CREATE TABLE tomb(seq INTEGER PRIMARY KEY AUTOINCREMENT, pid INTEGER NOT NULL)",
}
"""An index's tables; a file holding any other table, or these with other columns, is not an index."""
INDEXES = ("CREATE INDEX paras_by_doc ON paras(doc)", "CREATE INDEX carriers_by_doc ON carriers(doc)")
BUSY_TIMEOUT_MS = 60_000
"""How long a process waits for another one's write before giving up."""


def _raw(text: str) -> bytes:
    """Store ids and texts as UTF-8 bytes, lone surrogates included (SQLite's TEXT refuses them)."""
    return text.encode("utf-8", "surrogatepass")


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


class _SQLiteTransaction:
    """One document's view of the index, inside ``BEGIN IMMEDIATE`` (other writers wait)."""

    def __init__(self, backend: SQLiteBackend, doc_id: str):
        self.backend = backend
        self.doc_id = doc_id
        self.own = frozenset(backend.owned(doc_id))
        self.doc = _raw(doc_id)
        self.added: list[tuple[int, np.ndarray]] = []
        self.killed: list[int] = []

    def candidates(self, posts: PostingKeys, carriers: int) -> dict[int, list[Stored]]:
        grouped = group_hits(posts, self.backend.postings.lookup(posts.keys))
        stored = self.backend.fetch(sorted({pid for pids in grouped.values() for pid in pids}), carriers)
        return {i: [stored[pid] for pid in pids if pid in stored] for i, pids in grouped.items()}

    def store(self, write: Write) -> bool:
        backend, db, doc = self.backend, self.backend.db, self.doc
        if set(write.sources) - set(backend.fetch(write.sources, 0)):
            return False
        carried = {pid for (pid,) in db.execute("SELECT pid FROM carriers WHERE doc = ?", (doc,))}
        db.execute("DELETE FROM docs WHERE doc = ?", (doc,))
        db.executemany("INSERT INTO carriers(pid, doc, n) VALUES (?, ?, ?) ON CONFLICT(pid, doc) DO UPDATE SET n = "
                       "excluded.n", [(pid, doc, n) for pid, n in write.carry])
        dropped = carried - {pid for pid, _ in write.carry}
        self.killed += backend.let_go(self.doc_id, self.own - set(write.keep), dropped)
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'paras'").fetchone()
        first = (int(row[0]) if row else 0) + 1
        db.executemany("INSERT INTO paras(pid, doc, n, key, posts) VALUES (?, ?, ?, ?, ?)",
                       [(first + k, doc, e.n, _raw(e.key), pack_keys(e.posts)) for k, e in enumerate(write.entries)])
        self.added += [(first + k, e.posts) for k, e in enumerate(write.entries)]
        db.execute("INSERT INTO docs(doc, added) VALUES (?, ?)", (doc, write.now))
        self.killed += backend.expire(write.now)
        return True


class SQLiteBackend:
    """An index in one SQLite file (WAL mode), safe for several processes on one machine."""

    kind: ClassVar[str] = "sqlite"

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
        except sqlite3.Error as err:
            raise IndexBackendError(f"cannot open index {self.location}: {err}") from err
        try:
            with self.guard():
                fresh = self._check_schema()
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
                if fresh:  # another process may create it too: IF NOT EXISTS (sqlite_master keeps the text without)
                    making = [sql.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1) for sql in TABLES.values()]
                    making += [sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1) for sql in INDEXES]
                    self.db.executescript("BEGIN IMMEDIATE;" + ";".join(making) + ";COMMIT;")
        except BaseException:
            self.db.close()
            raise

    def _check_schema(self) -> bool:
        """Return True for a file without tables; raise IndexBackendError for one that is not an index."""
        try:
            rows = self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        except sqlite3.DatabaseError as err:
            raise IndexBackendError(f"{self.location} is not a dedupe-text index ({err}); "
                                    "give a new file or an existing index") from err
        names = {r[0] for r in rows} - {"sqlite_sequence"}
        if not names:
            return True
        for table in sorted(names):
            wanted = TABLES.get(table)
            actual = self.db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                     (table,)).fetchone()[0]
            if wanted is None or actual != wanted:
                raise IndexBackendError(f"{self.location} is not a dedupe-text index (table {table!r} is not an "
                                        "index's); left untouched: give a new file or an existing index")
        if names != set(TABLES):
            raise IndexBackendError(f"{self.location} is not a complete dedupe-text index (tables missing: "
                                    f"{', '.join(sorted(set(TABLES) - names))}); left untouched")
        return False

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a damaged file's SQLite errors into one IndexBackendError naming the file."""
        try:
            yield
        except sqlite3.OperationalError as err:
            raise IndexBackendError(f"index {self.location} is busy or unreadable: {err}") from err
        except sqlite3.DatabaseError as err:
            raise IndexBackendError(f"index {self.location} is damaged: {err}") from err

    def recipe(self, keys_of: KeyRecipe) -> None:
        """Nothing to learn: the posting keys are stored."""

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
        with self.guard():
            rows = self.db.execute("SELECT name, value FROM meta WHERE name != 'generation'").fetchall()
        return {str(k): str(v) for k, v in rows}

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Hold the write lock: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        with self.guard():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

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

    def owned(self, doc: str) -> list[int]:
        """Return the ids of the paragraphs ``doc`` holds."""
        return [pid for (pid,) in self.db.execute("SELECT pid FROM paras WHERE doc = ?", (_raw(doc),))]

    def fetch(self, pids: Iterable[int], carriers: int) -> dict[int, Stored]:
        """Return the stored paragraphs with these ids, each with up to ``carriers`` carriers."""
        pids = list(pids)
        out: dict[int, Stored] = {}
        for at in range(0, len(pids), 500):
            chunk = pids[at:at + 500]
            marks = ",".join("?" * len(chunk))
            seen: dict[int, list[tuple[str, int]]] = {}
            if carriers:
                for pid, doc, n in self.db.execute(
                        f"SELECT pid, doc, n FROM carriers WHERE pid IN ({marks}) ORDER BY id", chunk):
                    seen.setdefault(pid, []).append((_text(doc), n))
            for pid, doc, n, key in self.db.execute(
                    f"SELECT pid, doc, n, key FROM paras WHERE pid IN ({marks})", chunk):
                out[pid] = Stored(pid, _text(doc), n, _text(key), tuple(seen.get(pid, ())[:carriers]))
        return out

    def let_go(self, doc: str, owned: Iterable[int], carried: Iterable[int]) -> list[int]:
        """Take ``doc`` out of paragraphs it no longer carries; hand over or delete those it held (ids deleted)."""
        db = self.db
        raw = _raw(doc)
        db.executemany("DELETE FROM carriers WHERE pid = ? AND doc = ?", [(pid, raw) for pid in carried])
        killed: list[int] = []
        for pid in owned:
            heir = db.execute("SELECT id, doc, n FROM carriers WHERE pid = ? ORDER BY id LIMIT 1", (pid,)).fetchone()
            if heir is not None:
                db.execute("DELETE FROM carriers WHERE id = ?", (heir[0],))
                db.execute("UPDATE paras SET doc = ?, n = ? WHERE pid = ?", (heir[1], heir[2], pid))
            else:
                killed.append(pid)
        db.executemany("DELETE FROM paras WHERE pid = ?", [(pid,) for pid in killed])
        db.executemany("INSERT INTO tomb(pid) VALUES (?)", [(pid,) for pid in killed])
        return killed

    def delete_docs(self, docs: Iterable[str]) -> list[int]:
        """Forget documents inside the current transaction; return the paragraph ids deleted."""
        killed: list[int] = []
        for doc in docs:
            carried = [pid for (pid,) in self.db.execute("SELECT pid FROM carriers WHERE doc = ?", (_raw(doc),))]
            killed += self.let_go(doc, self.owned(doc), carried)
            self.db.execute("DELETE FROM docs WHERE doc = ?", (_raw(doc),))
        return killed

    def expire(self, now: float) -> list[int]:
        """Forget documents past the time-to-live or over the cap, least recently processed first."""
        old: list[str] = []
        if self.ttl is not None:
            old += [_text(r[0]) for r in self.db.execute("SELECT doc FROM docs WHERE added < ? ORDER BY seq",
                                                  (now - self.ttl,))]
        if self.max_docs is not None:
            over = int(self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]) - len(old) - self.max_docs
            if over > 0:
                rows = self.db.execute("SELECT doc FROM docs ORDER BY seq LIMIT ?", (over + len(old),))
                old += [_text(r[0]) for r in rows if _text(r[0]) not in old]
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
            held = len(self.owned(doc_id))
            killed = self.delete_docs([doc_id])
        self.postings.kill(killed)
        return held

    def clear(self) -> None:
        with self._write():
            for table in ("paras", "docs", "tomb", "carriers"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'generation'")
        self.data_version = None  # this connection's own change: sync anew

    def counts(self) -> tuple[int, int]:
        with self.guard():
            row = self.db.execute("SELECT (SELECT COUNT(*) FROM paras), (SELECT COUNT(*) FROM docs)").fetchone()
        return int(row[0]), int(row[1])

    def documents(self) -> Iterator[str]:
        with self.guard():
            rows = self.db.execute("SELECT doc FROM docs ORDER BY seq").fetchall()
        for (doc,) in rows:
            yield _text(doc)
