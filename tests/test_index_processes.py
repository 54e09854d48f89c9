"""Several processes on one index: workers racing on a real Redis, two processes on one file, a crash."""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from index_support import paragraph, redis_cluster_url, redis_url  # noqa: F401  (fixtures)

from dedupe_text import IndexBackendError
from dedupe_text.index import ParagraphIndex

STEPS = 12
_rng = random.Random(21)
SHARED = [paragraph(_rng, n) for n in range(STEPS)]
PAIRED = [[paragraph(_rng, 100 + 10 * n + k) for k in range(2)] for n in range(STEPS)]


def _documents(worker: int) -> list[tuple[str, list[str]]]:
    """Step n: the paragraph every worker carries, one shared with one other worker, one of its own."""
    rng = random.Random(worker)
    out = []
    for n in range(STEPS):
        paras = [SHARED[n], PAIRED[n][worker // 2], paragraph(rng, 1000 * (worker + 1) + n)]
        rng.shuffle(paras)
        out.append((f"w{worker}/{n}", paras))
    return out


def _feed(location: str, name: str, worker: int, barrier: Any, queue: Any) -> None:
    """Process this worker's documents in lock step with the others; report what it kept."""
    kept: list[str] = []
    with ParagraphIndex(location, name=name) as index:
        for doc, paras in _documents(worker):
            barrier.wait(timeout=60)
            result = index.dedupe("\n\n".join(paras), doc_id=doc)
            kept += [result.paragraphs[i].text for i in result.kept]
    queue.put(kept)


def _run_workers(location: str, name: str, workers: int) -> Counter[str]:
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(workers), ctx.Queue()
    procs = [ctx.Process(target=_feed, args=(location, name, w, barrier, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    kept: Counter[str] = Counter()
    for _ in procs:
        kept.update(queue.get(timeout=120))
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return kept


def _check_each_kept_once(kept: Counter[str], workers: int) -> None:
    every = {p for w in range(workers) for _, paras in _documents(w) for p in paras}
    assert dict(kept) == {p: 1 for p in every}


@pytest.mark.parametrize("server", ["redis_url", "redis_cluster_url"])
def test_redis_workers_racing_keep_every_paragraph_exactly_once(request: pytest.FixtureRequest, server: str) -> None:
    url = request.getfixturevalue(server)
    name = uuid.uuid4().hex
    kept = _run_workers(url, name, 4)
    _check_each_kept_once(kept, 4)
    with ParagraphIndex(url, name=name) as index:
        assert len(index) == len(kept) and index.stats().documents == 4 * STEPS
        index.clear()


def test_two_processes_on_one_file_keep_every_paragraph_exactly_once(tmp_path: Path) -> None:
    kept = _run_workers(str(tmp_path / "shared.db"), "default", 2)
    _check_each_kept_once(kept, 2)
    with ParagraphIndex(str(tmp_path / "shared.db")) as index:
        assert len(index) == len(kept)


CRASHING_WRITER = """
import hashlib, sys
from dedupe_text.index import ParagraphIndex
index = ParagraphIndex(sys.argv[1])
for n in range(100000):
    words = hashlib.sha256(str(n).encode()).hexdigest()
    index.dedupe(" ".join(words[i:i + 8] for i in range(0, 64, 8)) + "\\n", doc_id=f"doc{n}")
    print(n, flush=True)
"""


def test_a_killed_writer_loses_no_committed_document(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    done = [int(proc.stdout.readline()) for _ in range(40)]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with ParagraphIndex(str(path)) as index:
        indexed = set(index.documents())
        assert {f"doc{n}" for n in done} <= indexed
        assert len(index) == len(indexed)
        words = hashlib.sha256(b"3").hexdigest()
        again = index.dedupe(" ".join(words[i:i + 8] for i in range(0, 64, 8)) + "\n", doc_id="again")
        assert again.removals[0].source == "doc3"


def test_unreachable_redis_names_the_address() -> None:
    from index_support import free_port

    port = free_port()
    with pytest.raises(IndexBackendError, match=f"cannot reach Redis at 127.0.0.1:{port}"):
        ParagraphIndex(f"redis://127.0.0.1:{port}/0")


def test_a_path_that_cannot_be_opened_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndexBackendError, match="cannot open index"):
        ParagraphIndex(str(tmp_path / "missing-folder" / "index.db"))
