"""Benchmark the cross-document index beside a straightforward datasketch pipeline; print Markdown tables.

    python benchmarks/bench_index.py                       # 10k, 100k and 1M indexed paragraphs
    python benchmarks/bench_index.py --sizes 10000,100000  # quicker
    python benchmarks/bench_index.py --redis redis://127.0.0.1:6379/0
    python benchmarks/bench_index.py --quick                # 10k only

Each system runs in its own process (clean memory figures) and grows its index with unique
filler paragraphs, after the paragraphs of 300 dev articles; only the system's own calls are
timed, not the generation of the corpus. The embedded index and the naive pipeline run side by
side: they take turns, 5,000 paragraphs each, and at each size alternate 8 rounds of 150 new
documents, so that a machine whose speed drifts over minutes slows both alike. Then each
processes 200 probe documents of those paragraphs with 1-3 words edited (paragraphs of 150+
characters); the tables give the rates, recall, resident memory per indexed paragraph and
bytes on disk.
Peers: ``datasketch-naive`` (``MinHash()`` per paragraph, ``update_batch``,
``MinHashLSH(threshold=0.5)``, texts in a dict) and ``datasketch-tuned`` (the same library
used well: ``MinHash.bulk``, ``LeanMinHash``, ``params=``, xxhash shingles, in memory; run
after the other two, on its own, as three indexes of 1M paragraphs do not fit in memory at once).
Needs ../shared/eval/dev_articles.jsonl; skips with a reason when it is absent.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (  # noqa: E402
    ARTICLES,
    edit_words,
    filler_docs,
    load_articles,
    outlets_corpus,
    plain_words,
    vocabulary,
)

from dedupe_text import DedupeConfig  # noqa: E402
from dedupe_text.index import ParagraphIndex  # noqa: E402

SEED_ARTICLES = 300
PROBE_DOCS = 200
PROBE_MIN_CHARS = 150
GROW_STEP = 5_000
"""Paragraphs a system indexes before the next one takes its turn: side by side, they grow together."""
STEADY_ROUNDS, STEADY_DOCS = 8, 150
"""At each size, 8 rounds of 150 new filler documents a system, taking turns (CPU time): the rate at that size."""
EMBEDDED_REFILL_MAX = 200_000
"""Largest first size at which the Redis table fills an embedded index too, for its rate (else NaN)."""
RECRAWL_DOCS = 300
"""Documents of the outlets corpus processed again in four orders by the recrawl table."""
SIDE_BY_SIDE = ("embedded", "datasketch-naive")
"""The systems the targets compare, measured in alternation; any other runs afterwards on its own."""


def rss_bytes() -> int:
    """Resident memory of this process."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def probes(articles: list[list[str]], rng: random.Random, round_no: int) -> list[tuple[str, list[str]]]:
    """Documents of seed-article paragraphs with 1-3 words edited."""
    words = plain_words(vocabulary(articles))
    long = [p for paras in articles[:SEED_ARTICLES] for p in paras if len(p) >= PROBE_MIN_CHARS]
    docs = []
    for d in range(PROBE_DOCS):
        picked = rng.sample(long, 5)
        docs.append((f"probe{round_no}-{d}", [edit_words(p, rng.randint(1, 3), rng, words) for p in picked]))
    return docs


class Naive:
    """What a datasketch user writes first: a MinHash() per paragraph, threshold=0.5, a dict of texts."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=0.5)
        self.texts: dict[str, str] = {}

    def dedupe(self, doc: str, paras: list[str]) -> int:
        from datasketch import MinHash
        from rapidfuzz import fuzz

        removed = 0
        for i, text in enumerate(paras):
            low = text.lower()
            toks = low.split()
            m = MinHash()
            m.update_batch([" ".join(toks[j:j + 3]).encode("utf-8") for j in range(max(1, len(toks) - 2))])
            if any(fuzz.ratio(low, self.texts[k]) >= 85 for k in self.lsh.query(m)):
                removed += 1
                continue
            key = f"{doc}:{i}"
            self.lsh.insert(key, m, check_duplication=False)
            self.texts[key] = low
        return removed


class Tuned:
    """The same library used well: bulk signatures, LeanMinHash, params=, xxhash shingles, core confirm."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.config = DedupeConfig()
        self.lsh = MinHashLSH(num_perm=self.config.num_perm, params=(self.config.lsh_bands, self.config.lsh_rows))
        self.texts: dict[str, str] = {}

    def dedupe(self, doc: str, paras: list[str]) -> int:
        from dedupe_text.confirm import confirm
        from dedupe_text.core import fingerprint_all
        from dedupe_text.fingerprint import signatures
        from dedupe_text.shingles import shingles

        prints = fingerprint_all(paras)
        sigs = signatures([shingles(p.key, self.config.shingle_words) for p in prints], self.config)
        removed = 0
        for i, (p, sig) in enumerate(zip(prints, sigs)):
            hits = (confirm(0, 1, self.texts[k], p.key, self.config) for k in self.lsh.query(sig))
            if any(m is not None and m.removable(1, self.config) for m in hits):
                removed += 1
                continue
            key = f"{doc}:{i}"
            self.lsh.insert(key, sig, check_duplication=False)
            self.texts[key] = p.key
        return removed


class Embedded:
    """dedupe_text's index on a local file."""

    def __init__(self, location: str) -> None:
        self.index = ParagraphIndex(location)

    def dedupe(self, doc: str, paras: list[str]) -> int:
        return sum(r.source is not None for r in self.index.dedupe("\n".join(paras), doc_id=doc).removals)


def make_system(name: str, location: str) -> Any:
    return {"datasketch-naive": Naive, "datasketch-tuned": Tuned}[name]() if name.startswith("datasketch") \
        else Embedded(location)


class Runner:
    """One system and its corpus stream, inside the worker process; each step is timed on its own."""

    def __init__(self, name: str, location: str) -> None:
        self.name, self.location = name, location
        self.articles = load_articles()
        self.rng = random.Random(7)
        self.base = rss_bytes()
        self.system = make_system(name, location)
        seeded = [(f"dev{a}", paras) for a, paras in enumerate(self.articles[:SEED_ARTICLES])]
        self.stream = chain(seeded, filler_docs(self.articles, random.Random(11), "fill"))
        self.indexed = 0

    def grow(self, to: int) -> dict[str, float]:
        """Index documents from the stream until ``to`` paragraphs are indexed."""
        seconds = cpu = 0.0
        start_paras, docs = self.indexed, 0
        while self.indexed < to:
            doc, paras = next(self.stream)
            wall, began = time.perf_counter(), time.process_time()  # the system only, not the corpus generator
            self.system.dedupe(doc, paras)
            seconds += time.perf_counter() - wall
            cpu += time.process_time() - began
            self.indexed += len(paras)
            docs += 1
        return {"paras": self.indexed - start_paras, "docs": docs, "seconds": seconds, "cpu": cpu,
                "indexed": self.indexed}

    def batch(self, docs: int) -> dict[str, float]:
        """Process ``docs`` new documents, timed as a whole in CPU time."""
        batch = list(islice(self.stream, docs))
        began = time.process_time()
        for doc, paras in batch:
            self.system.dedupe(doc, paras)
        cpu = time.process_time() - began
        paras_done = sum(len(p) for _, p in batch)
        self.indexed += paras_done
        return {"paras": paras_done, "docs": len(batch), "cpu": cpu, "indexed": self.indexed}

    def probe(self, round_no: int) -> dict[str, float]:
        """Process the probe documents (edited copies of indexed paragraphs, so not counted as indexed)."""
        batch = probes(self.articles, self.rng, round_no)
        start = time.perf_counter()
        removed = sum(self.system.dedupe(doc, paras) for doc, paras in batch)
        seconds = time.perf_counter() - start
        return {"paras": sum(len(p) for _, p in batch), "docs": len(batch), "seconds": seconds, "removed": removed}

    def footprint(self) -> dict[str, float]:
        """Resident memory and bytes on disk per indexed paragraph."""
        disk = sum(f.stat().st_size for f in Path(self.location).parent.glob(Path(self.location).name + "*")) \
            if self.name == "embedded" else 0
        return {"mem_per_para": (rss_bytes() - self.base) / self.indexed, "disk_per_para": disk / self.indexed}


def serve(name: str) -> None:
    """Worker process: run the steps read from stdin (one JSON object a line), answer each on stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(name, os.path.join(tmp, "index.db"))
        for line in sys.stdin:
            step = json.loads(line)
            print(json.dumps(getattr(runner, step["op"])(**step["args"])), flush=True)


class Worker:
    """A system in its own process, driven one step at a time by the parent."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.indexed = 0
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, op: str, **args: Any) -> dict[str, float]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, "args": args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.name} worker stopped (exit status {self.proc.wait()})")
        answer: dict[str, float] = json.loads(line)
        self.indexed = int(answer.pop("indexed", self.indexed))  # the worker's state, not a measurement to sum
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def rate(count: float, seconds: float) -> float:
    """``count`` per second; NaN when nothing was timed (the previous size's rounds went past this one)."""
    return count / seconds if seconds else float("nan")


def measure(sizes: list[int], systems: list[str]) -> Iterator[dict[str, Any]]:
    """Grow ``systems`` side by side through ``sizes``; yield a row per system and size."""
    workers = [Worker(name) for name in systems]
    try:
        for round_no, size in enumerate(sizes):
            fill: dict[str, Counter[str]] = {w.name: Counter() for w in workers}
            while any(w.indexed < size for w in workers):
                for w in workers:
                    if w.indexed < size:
                        fill[w.name].update(w.ask("grow", to=min(size, w.indexed + GROW_STEP)))
            steady: dict[str, list[dict[str, float]]] = {w.name: [] for w in workers}
            for _ in range(STEADY_ROUNDS):
                for w in workers:
                    steady[w.name].append(w.ask("batch", docs=STEADY_DOCS))
            for w in workers:
                f, rounds = fill[w.name], steady[w.name]
                probe, footprint = w.ask("probe", round_no=round_no), w.ask("footprint")
                cpu = sum(r["cpu"] for r in rounds)
                yield {
                    "system": w.name, "size": size, "fill_paras_s": rate(f["paras"], f["seconds"]),
                    "fill_docs_s": rate(f["docs"], f["seconds"]), "fill_cpu_paras_s": rate(f["paras"], f["cpu"]),
                    "steady_cpu_paras_s": sum(r["paras"] for r in rounds) / cpu,
                    "steady_cpu_docs_s": sum(r["docs"] for r in rounds) / cpu,
                    "steady_rounds": [r["paras"] / r["cpu"] for r in rounds],
                    "probe_paras_s": probe["paras"] / probe["seconds"],
                    "probe_docs_s": probe["docs"] / probe["seconds"],
                    "recall": probe["removed"] / probe["paras"], **footprint,
                }
    finally:
        for w in workers:
            w.close()


def throughput_table(sizes: list[int], systems: list[str]) -> None:
    together = [s for s in systems if s in SIDE_BY_SIDE]
    groups = ([together] if together else []) + [[s] for s in systems if s not in SIDE_BY_SIDE]
    rows: list[dict[str, Any]] = []
    for group in groups:
        rows += measure(sizes, group)
        print(f"<!-- {', '.join(group)} done: {len(rows)} rows -->", file=sys.stderr, flush=True)
    print("## Embedded index beside datasketch (same corpus, same run)\n")
    print(f"{' and '.join(together) or 'Nothing'} ran side by side, taking turns of {GROW_STEP:,} paragraphs; "
          "any other system ran afterwards on its own. Fill: the average while the index grew to the size "
          f"(the system's calls only, not the corpus generator). At size: {STEADY_ROUNDS} rounds of "
          f"{STEADY_DOCS} new documents a system, in turns, once it held that many; all rounds together.\n")
    print("| indexed paragraphs | system | fill paragraphs/s | fill docs/s | fill paragraphs per CPU-s | "
          "at size: paragraphs per CPU-s | at size: docs per CPU-s | probe paragraphs/s | "
          "recall (1-3-word edits) | memory B/paragraph | disk B/paragraph |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        for r in (r for r in rows if r["size"] == size):
            print(f"| {size:,} | {r['system']} | {r['fill_paras_s']:,.0f} | {r['fill_docs_s']:,.0f} | "
                  f"{r['fill_cpu_paras_s']:,.0f} | {r['steady_cpu_paras_s']:,.0f} | {r['steady_cpu_docs_s']:,.0f} | "
                  f"{r['probe_paras_s']:,.0f} | {r['recall']:.4f} | {r['mem_per_para']:,.0f} | "
                  f"{r['disk_per_para']:,.0f} |")
    print("\n| indexed paragraphs | embedded / naive throughput (fill, wall) | (fill, CPU) | (at size, CPU) "
          "| (at size, lowest and highest round) | embedded / naive memory |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        by = {r["system"]: r for r in rows if r["size"] == size}
        if "embedded" in by and "datasketch-naive" in by:
            e, n = by["embedded"], by["datasketch-naive"]
            turns = [a / b for a, b in zip(e["steady_rounds"], n["steady_rounds"])]
            print(f"| {size:,} | {e['fill_paras_s'] / n['fill_paras_s']:.1f}x | "
                  f"{e['fill_cpu_paras_s'] / n['fill_cpu_paras_s']:.1f}x | "
                  f"{e['steady_cpu_paras_s'] / n['steady_cpu_paras_s']:.1f}x | "
                  f"{min(turns):.1f}x-{max(turns):.1f}x | {e['mem_per_para'] / n['mem_per_para']:.2f} |")
    print()


def _redis_worker(url: str, name: str, docs: list[tuple[str, list[str]]], start: Any, queue: Any) -> None:
    index = ParagraphIndex(url, name=name)
    opened = index.backend.round_trips  # type: ignore[attr-defined]
    queue.put("ready")
    start.wait()
    removed = 0
    for doc, paras in docs:
        result = index.dedupe("\n".join(paras), doc_id=doc)
        if doc.startswith("probe"):  # recall: of the probes' paragraphs only
            removed += sum(r.source is not None for r in result.removals)
    queue.put((index.backend.round_trips - opened, removed))  # type: ignore[attr-defined]
    index.close()


def run_redis_workers(url: str, name: str, docs: list[tuple[str, list[str]]], workers: int) -> tuple[float, int, int]:
    """Process ``docs`` with ``workers`` processes (timed once all are connected); return seconds, trips, removed."""
    ctx = multiprocessing.get_context("spawn")
    queue, start = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_redis_worker, args=(url, name, docs[w::workers], start, queue))
             for w in range(workers)]
    for p in procs:
        p.start()
    for _ in procs:
        assert queue.get() == "ready"
    began = time.perf_counter()
    start.set()
    answers = [queue.get() for _ in procs]
    seconds = time.perf_counter() - began
    for p in procs:
        p.join()
    return seconds, sum(a[0] for a in answers), sum(a[1] for a in answers)


def server_stats(url: str) -> tuple[int, float]:
    """Return the used memory (bytes) and CPU seconds of the Redis server, or of every master of a cluster."""
    import redis

    client = redis.Redis.from_url(url)
    if client.info("cluster").get("cluster_enabled"):
        client.close()
        cluster = redis.RedisCluster.from_url(url)
        infos = list(cluster.info(target_nodes=redis.RedisCluster.PRIMARIES).values())
        cluster.close()
    else:
        infos = [client.info()]
        client.close()
    return (sum(int(i["used_memory"]) for i in infos),
            sum(float(i["used_cpu_user"]) + float(i["used_cpu_sys"]) for i in infos))


def embedded_rate(docs: list[tuple[str, list[str]]], fill: list[tuple[str, list[str]]]) -> float:
    """Paragraphs/s of the embedded index on ``docs``, once it holds the ``fill`` documents (same corpus)."""
    with tempfile.TemporaryDirectory() as tmp, ParagraphIndex(os.path.join(tmp, "e.db")) as index:
        for doc, paras in fill:
            index.dedupe("\n".join(paras), doc_id=doc)
        began = time.perf_counter()
        for doc, paras in docs:
            index.dedupe("\n".join(paras), doc_id=doc)
        return sum(len(p) for _, p in docs) / (time.perf_counter() - began)


def redis_table(servers: list[tuple[str, str]], sizes: list[int]) -> None:
    """Memory per paragraph, round trips, recall and throughput (1 and 4 workers) on each Redis server."""
    articles = load_articles()
    print("## Redis index (real redis-server on loopback; the embedded index on the same documents)\n")
    print("Memory: the servers' `used_memory` growth over the indexed paragraphs. Rates: wall clock, "
          f"{PROBE_DOCS} probe documents (1-3-word edits of indexed paragraphs) and {PROBE_DOCS} new ones; "
          "server CPU: the Redis servers' own CPU time per paragraph of that batch. The embedded index's rate "
          "(per worker / embedded) is measured once per server, at the first size, on the same kind of batch.\n")
    print("| server | indexed paragraphs | used_memory B/paragraph | workers | paragraphs/s | per worker / embedded | "
          "4 workers / 1 | round trips/doc | recall (1-3-word edits) | server CPU us/paragraph |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, url in servers:
        name = f"bench{os.getpid()}{label}"
        with ParagraphIndex(url, name=name) as index:
            index.clear()
        filler = filler_docs(articles, random.Random(13), "fill")
        seeded = iter([(f"dev{a}", paras) for a, paras in enumerate(articles[:SEED_ARTICLES])])
        rng = random.Random(17)
        embedded = float("nan")
        memory0, _ = server_stats(url)
        filled: list[tuple[str, list[str]]] = []
        count = 0
        for round_no, size in enumerate(sizes):
            chunk: list[tuple[str, list[str]]] = []
            while count < size:
                chunk.append(next(seeded, None) or next(filler))
                count += len(chunk[-1][1])
            if chunk:
                run_redis_workers(url, name, chunk, 4)
            filled += chunk
            with ParagraphIndex(url, name=name) as index:
                indexed = len(index)
            memory = (server_stats(url)[0] - memory0) / indexed
            if round_no == 0 and size <= EMBEDDED_REFILL_MAX:  # once: refilling an embedded index takes long
                embedded = embedded_rate(probes(articles, random.Random(99), 0) + list(islice(filler_docs(
                    articles, random.Random(98), "emb"), PROBE_DOCS)), filled)
            one = 0.0
            for workers in (1, 4):
                probe = probes(articles, rng, 2 * round_no + workers)
                batch = probe + [next(filler) for _ in range(PROBE_DOCS)]
                _, cpu0 = server_stats(url)
                seconds, trips, removed = run_redis_workers(url, name, batch, workers)
                _, cpu1 = server_stats(url)
                paras = sum(len(p) for _, p in batch)
                rate_now = paras / seconds
                one = one or rate_now
                recall = removed / sum(len(p) for _, p in probe)
                print(f"| {label} | {size:,} | {memory:,.0f} | {workers} | {rate_now:,.0f} | "
                      f"{rate_now / workers / embedded:.2f} | {rate_now / one:.2f} | {trips / len(batch):.2f} | "
                      f"{recall:.4f} | {(cpu1 - cpu0) / paras * 1e6:,.0f} |", flush=True)
        with ParagraphIndex(url, name=name) as index:
            index.clear()
    print()


def recrawl_table(servers: list[tuple[str, str]]) -> None:
    """Process the outlets corpus, then again in four orders: every order must give the same pages."""
    from dedupe_text.index import boilerplate, first_seen

    articles = load_articles()
    docs = [(doc, "\n".join(c.text for c in page)) for doc, page in outlets_corpus(articles, random.Random(5))]
    docs = docs[:RECRAWL_DOCS]
    print("## Recrawls: the same corpus processed again in four orders\n")
    print("| backend | policy | documents | orders giving identical pages | paragraphs removed per recrawl | "
          "changed from the first crawl |")
    print("|---|---|---|---|---|---|")
    for label, url in [("embedded", None), *servers]:
        for policy in (first_seen(), boilerplate(3)):
            with tempfile.TemporaryDirectory() as tmp:
                name = f"re{os.getpid()}{policy.name}"
                index = ParagraphIndex(url or os.path.join(tmp, "r.db"), name=name, policy=policy)
                index.clear()
                first = {doc: index.clean(text, doc_id=doc) for doc, text in docs}
                results, removed = [], 0
                for seed in range(4):
                    order = random.Random(seed).sample(docs, len(docs))
                    run = {}
                    for doc, text in order:
                        result = index.dedupe(text, doc_id=doc)
                        run[doc] = result.text
                        removed += len(result.removals)
                    results.append(run)
                index.clear()
                index.close()
            same = sum(r == results[0] for r in results)
            changed = sum(results[0][d] != first[d] for d in first)
            print(f"| {label} | {policy} | {len(docs):,} | {same} of 4 | {removed // 4:,} | {changed:,} pages |")
    print()


def accuracy_table(redis_url: str | None) -> None:
    articles = load_articles()
    docs = outlets_corpus(articles, random.Random(5))
    print("## Accuracy: dev articles re-published with light edits across 6 outlets\n")
    print("| backend | documents | paragraphs | redundant copies | removed | precision | recall | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    locations = [("embedded", None)] + ([("redis", redis_url)] if redis_url else [])
    config = DedupeConfig()
    for label, url in locations:
        with tempfile.TemporaryDirectory() as tmp:
            index = ParagraphIndex(url or os.path.join(tmp, "acc.db"), name=f"acc{os.getpid()}")
            index.clear()
            seen: set[str] = set()
            tp = fp = redundant = paragraphs = 0
            start = time.perf_counter()
            for doc, page in docs:
                result = index.dedupe("\n".join(c.text for c in page), doc_id=doc)
                removed = {r.index for r in result.removals}
                for i, c in enumerate(page):
                    paragraphs += 1
                    is_copy = c.group is not None and c.group in seen and len(c.group) >= config.min_chars
                    redundant += is_copy
                    if i in removed:
                        tp += is_copy
                        fp += not is_copy
                seen.update(c.group for c in page if c.group is not None)
            seconds = time.perf_counter() - start
            index.clear()
            index.close()
        print(f"| {label} | {len(docs):,} | {paragraphs:,} | {redundant:,} | {tp + fp:,} | "
              f"{tp / max(1, tp + fp):.4f} | {tp / max(1, redundant):.4f} | {seconds:.1f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="indexed paragraphs, comma-separated")
    parser.add_argument("--redis", default=os.environ.get("DEDUPE_TEXT_TEST_REDIS"), help="Redis URL (else skipped)")
    parser.add_argument("--redis-cluster", default=os.environ.get("DEDUPE_TEXT_TEST_REDIS_CLUSTER"),
                        help="URL of a Redis Cluster node (else skipped)")
    parser.add_argument("--systems", default="embedded,datasketch-naive,datasketch-tuned")
    parser.add_argument("--only", choices=["throughput", "redis", "recrawl", "accuracy"], default=None)
    parser.add_argument("--quick", action="store_true", help="10k indexed paragraphs only")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [10000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    if not ARTICLES.exists():
        print(f"skipped: {ARTICLES} is absent (the benchmark corpus is built from it)")
        return
    if args.serve:
        serve(args.serve)
        return
    if args.only in (None, "throughput"):
        throughput_table(sizes, args.systems.split(","))
    servers = [(label, url) for label, url in (("single", args.redis), ("cluster", args.redis_cluster)) if url]
    if args.only in (None, "redis", "recrawl") and not servers:
        print("Redis skipped: pass --redis URL / --redis-cluster URL or set DEDUPE_TEXT_TEST_REDIS(_CLUSTER)\n")
    if args.only in (None, "redis") and servers:
        redis_table(servers, sizes)
    if args.only in (None, "recrawl"):
        recrawl_table(servers)
    if args.only in (None, "accuracy"):
        accuracy_table(args.redis)


if __name__ == "__main__":
    main()
