"""The shared index: Redis, for many workers on many machines (redis-py, one Lua script per write).

Layout under the prefix ``dedupe-text:<name>:``: ``meta`` (hash of parameters), ``seq``
(last paragraph id), ``k:<key>`` (list of paragraph ids under a posting key, oldest first;
the key is its 8 little-endian bytes), ``p:<id>`` (hash: document, paragraph number,
normalized text, posting keys packed the same way, ``seen``), ``d:<doc>`` (hash: first id,
count, time added), ``sn:<doc>`` (paragraphs whose ``seen`` names the document, to take it
out again when the document goes), ``docs`` (documents in insertion order) and ``age``
(documents by time added), ``n`` (paragraph count). Posting keys travel packed in one
argument, so a document of a hundred paragraphs is a few arguments for redis-py to encode,
not thousands.

A document costs at most three round trips: one script reads the postings (with the
last id, so the view is a snapshot), one pipeline reads the candidates' texts (when there
are any), and one script writes. If any paragraph was added since the snapshot, the write
first checks that none was added under the keys that were read (and that the matched
paragraphs still exist); if one was, nothing is written and the document is matched
again. Two workers inserting the same new paragraph at once therefore end with exactly
one copy kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..errors import IndexBackendError
from .backend import POSTING_MAX, Stored, Write, pack_keys

_SEP = "\x1f"
CLEAR_BATCH = 1000
"""Keys deleted per round trip by ``clear()``: no single command runs long enough to time out."""

_COMMON = """
local P = ARGV[1]
local function unsee(doc)
  local marks = P .. 'sn:' .. doc
  for _, pid in ipairs(redis.call('SMEMBERS', marks)) do
    local pk = P .. 'p:' .. pid
    local names = redis.call('HGET', pk, 's')
    if names then
      local kept = {}
      for name in string.gmatch(names, '[^\\31]+') do
        if name ~= doc then kept[#kept + 1] = name end
      end
      redis.call('HSET', pk, 's', table.concat(kept, '\\31'))
    end
  end
  redis.call('DEL', marks)
end
local function drop_doc(doc)
  unsee(doc)
  local d = P .. 'd:' .. doc
  local f = tonumber(redis.call('HGET', d, 'f'))
  if not f then return 0 end
  local c = tonumber(redis.call('HGET', d, 'c'))
  for pid = f, f + c - 1 do
    local pk = P .. 'p:' .. pid
    local posts = redis.call('HGET', pk, 'k')
    if posts then
      for at = 1, #posts, 8 do
        redis.call('LREM', P .. 'k:' .. string.sub(posts, at, at + 7), 0, tostring(pid))
      end
      redis.call('DEL', pk)
      redis.call('DECR', P .. 'n')
    end
  end
  redis.call('DEL', d)
  redis.call('ZREM', P .. 'docs', doc)
  redis.call('ZREM', P .. 'age', doc)
  return c
end
local function expire(now, ttl, cap)
  local gone = 0
  if ttl ~= '' then
    for _, doc in ipairs(redis.call('ZRANGEBYSCORE', P .. 'age', '-inf', '(' .. (now - tonumber(ttl)))) do
      drop_doc(doc)
      gone = gone + 1
    end
  end
  if cap ~= '' then
    local over = redis.call('ZCARD', P .. 'docs') - tonumber(cap)
    if over > 0 then
      for _, doc in ipairs(redis.call('ZRANGE', P .. 'docs', 0, over - 1)) do
        drop_doc(doc)
        gone = gone + 1
      end
    end
  end
  return gone
end
"""

_STORE = _COMMON + """
local doc, snap, own, now = ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local ttl, cap, seen_max = ARGV[6], ARGV[7], tonumber(ARGV[8])
local d = P .. 'd:' .. doc
local cur = redis.call('HMGET', d, 'f', 'c')
if (cur[1] or '') .. ':' .. (cur[2] or '') ~= own then return {0} end
local checks = ARGV[9]
if tonumber(redis.call('GET', P .. 'seq') or '0') > snap then
  for at = 1, #checks, 8 do
    local last = redis.call('LINDEX', P .. 'k:' .. string.sub(checks, at, at + 7), -1)
    if last and tonumber(last) > snap then return {0} end
  end
end
local at = 10
local nsources = tonumber(ARGV[at])
for j = at + 1, at + nsources do
  if redis.call('EXISTS', P .. 'p:' .. ARGV[j]) == 0 then return {0} end
end
at = at + nsources + 1
drop_doc(doc)
local nseen = tonumber(ARGV[at])
for j = at + 1, at + nseen do
  local pk = P .. 'p:' .. ARGV[j]
  local names = redis.call('HGET', pk, 's') or ''
  local count, found = 0, false
  for name in string.gmatch(names, '[^\\31]+') do
    count = count + 1
    if name == doc then found = true end
  end
  if not found and count < seen_max then
    redis.call('HSET', pk, 's', names == '' and doc or (names .. '\\31' .. doc))
    redis.call('SADD', P .. 'sn:' .. doc, ARGV[j])
  end
end
at = at + nseen + 1
local count = tonumber(ARGV[at])
local first = 0
if count > 0 then first = redis.call('INCRBY', P .. 'seq', count) - count + 1 end
for j = 0, count - 1 do
  local base = at + 1 + 3 * j
  local pid = tostring(first + j)
  local posts = ARGV[base + 2]
  redis.call('HSET', P .. 'p:' .. pid, 'd', doc, 'n', ARGV[base], 't', ARGV[base + 1], 'k', posts)
  for key = 1, #posts, 8 do
    redis.call('RPUSH', P .. 'k:' .. string.sub(posts, key, key + 7), pid)
  end
end
redis.call('INCRBY', P .. 'n', count)
redis.call('HSET', d, 'f', first, 'c', count, 'a', ARGV[5])
redis.call('ZADD', P .. 'docs', redis.call('INCR', P .. 'docseq'), doc)
redis.call('ZADD', P .. 'age', now, doc)
expire(now, ttl, cap)
return {1, first, count}
"""

_LOOKUP = """
local P, limit = ARGV[1], tonumber(ARGV[3])
local d = redis.call('HMGET', P .. 'd:' .. ARGV[2], 'f', 'c')
local keys, hits = ARGV[4], {}
for at = 1, #keys, 8 do
  local ids = redis.call('LRANGE', P .. 'k:' .. string.sub(keys, at, at + 7), 0, limit)
  if #ids > 0 then
    hits[#hits + 1] = (at - 1) / 8
    hits[#hits + 1] = ids
  end
end
return {redis.call('GET', P .. 'seq') or '0', d[1] or '', d[2] or '', hits}
"""

_REMOVE = _COMMON + """
return drop_doc(ARGV[2])
"""

_EVICT = _COMMON + """
return expire(tonumber(ARGV[2]), ARGV[3], ARGV[4])
"""

_PARAMS = """
local meta = ARGV[1] .. 'meta'
if redis.call('EXISTS', meta) == 0 then
  for j = 2, #ARGV, 2 do redis.call('HSET', meta, ARGV[j], ARGV[j + 1]) end
end
return redis.call('HGETALL', meta)
"""


def _text(value: Any) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else str(value)


class _RedisTransaction:
    """One document's snapshot of the index and its conditional write."""

    def __init__(self, backend: RedisBackend, doc_id: str):
        self.backend = backend
        self.doc_id = doc_id
        self.own: frozenset[int] = frozenset()
        self.snapshot = 0
        self.own_mark = ":"
        self.checked = b""

    def lookup(self, keys: np.ndarray) -> dict[int, list[int]]:
        with self.backend.errors():
            seq, first, count, hits = self.backend.lookup_script(args=[self.backend.prefix, self.doc_id,
                                                                       POSTING_MAX, pack_keys(keys)])
        self.snapshot = int(seq)
        self.own_mark = f"{_text(first)}:{_text(count)}"
        if first and count:
            self.own = frozenset(range(int(first), int(first) + int(count)))
        found = {int(hits[j]): [int(p) for p in hits[j + 1]] for j in range(0, len(hits), 2)}
        stock = {j for j, pids in found.items() if len(pids) > POSTING_MAX}
        self.checked = pack_keys(np.unique(np.delete(keys, sorted(stock))))
        return {j: pids for j, pids in found.items() if j not in stock}

    def fetch(self, pids: Sequence[int]) -> dict[int, Stored]:
        if not pids:
            return {}
        with self.backend.errors():
            pipe = self.backend.client.pipeline(transaction=False)
            for pid in pids:
                pipe.hmget(f"{self.backend.prefix}p:{pid}", "d", "n", "t", "s")
            rows = pipe.execute()
        out: dict[int, Stored] = {}
        for pid, (doc, n, key, seen) in zip(pids, rows):
            if doc is not None:
                names = tuple(s for s in _text(seen or b"").split(_SEP) if s)
                out[pid] = Stored(pid, _text(doc), int(n), _text(key), names)
        return out

    def store(self, write: Write) -> bool:
        backend = self.backend
        args: list[Any] = [backend.prefix, self.doc_id, self.snapshot, self.own_mark, repr(write.now),
                           "" if backend.ttl is None else repr(backend.ttl),
                           "" if backend.max_docs is None else str(backend.max_docs), write.seen_max]
        args.append(self.checked)
        args += [len(write.sources), *write.sources]
        args += [len(write.seen), *write.seen]
        args.append(len(write.entries))
        for e in write.entries:
            args += [e.n, e.key, pack_keys(e.posts)]
        with backend.errors():
            reply = backend.store_script(args=args)
        return bool(int(reply[0]))


class RedisBackend:
    """An index in a Redis database, under a key prefix per index name."""

    def __init__(self, url: str, *, name: str = "default", ttl: float | None = None, max_docs: int | None = None):
        import redis

        self.redis = redis
        self.ttl = ttl
        self.max_docs = max_docs
        self.prefix = f"dedupe-text:{name}:"
        self.round_trips = 0
        try:
            self.client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=60)
        except ValueError as err:
            raise IndexBackendError(f"bad Redis URL {url!r}: {err}") from err
        kwargs = self.client.connection_pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        self.address = str(where)
        self.location = f"redis://{self.address}/{kwargs.get('db', 0)}#{name}"
        with self.errors():
            self.client.ping()
        self.lookup_script = self.client.register_script(_LOOKUP)
        self.store_script = self.client.register_script(_STORE)
        self.remove_script = self.client.register_script(_REMOVE)
        self.evict_script = self.client.register_script(_EVICT)
        self.params_script = self.client.register_script(_PARAMS)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn any Redis failure into IndexBackendError naming the server's address."""
        self.round_trips += 1
        try:
            yield
        except (self.redis.exceptions.ConnectionError, self.redis.exceptions.TimeoutError) as err:
            raise IndexBackendError(f"cannot reach Redis at {self.address}: {err}") from err
        except self.redis.exceptions.RedisError as err:
            raise IndexBackendError(f"Redis at {self.address} failed: {err}") from err

    def close(self) -> None:
        self.client.close()

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        args = [self.prefix] + [x for item in sorted(wanted.items()) for x in item]
        with self.errors():
            reply = self.params_script(args=args)
        return {_text(reply[j]): _text(reply[j + 1]) for j in range(0, len(reply), 2)}

    def stored(self) -> dict[str, str]:
        with self.errors():
            meta = self.client.hgetall(self.prefix + "meta")
        return {_text(k): _text(v) for k, v in meta.items()}

    @contextmanager
    def transaction(self, doc_id: str) -> Iterator[_RedisTransaction]:
        yield _RedisTransaction(self, doc_id)

    def remove(self, doc_id: str) -> int:
        with self.errors():
            return int(self.remove_script(args=[self.prefix, doc_id]))

    def evict(self, now: float) -> int:
        ttl = "" if self.ttl is None else repr(self.ttl)
        cap = "" if self.max_docs is None else str(self.max_docs)
        with self.errors():
            return int(self.evict_script(args=[self.prefix, repr(now), ttl, cap]))

    def clear(self) -> None:
        """Delete the index's keys but ``meta``, a thousand a round trip (a big index takes many)."""
        meta = (self.prefix + "meta").encode()
        with self.errors():
            batch: list[bytes] = []
            pattern = re.sub(r"([\\*?\[\]])", r"\\\1", self.prefix).encode() + b"*"  # the name, literally
            for key in self.client.scan_iter(match=pattern, count=CLEAR_BATCH):
                if key != meta:
                    batch.append(key)
                if len(batch) == CLEAR_BATCH:
                    self.client.unlink(*batch)
                    batch = []
            if batch:
                self.client.unlink(*batch)

    def counts(self) -> tuple[int, int]:
        with self.errors():
            pipe = self.client.pipeline(transaction=True)
            pipe.get(self.prefix + "n")
            pipe.zcard(self.prefix + "docs")
            n, docs = pipe.execute()
        return int(n or 0), int(docs)

    def documents(self) -> Iterator[str]:
        with self.errors():
            names = self.client.zrange(self.prefix + "docs", 0, -1)
        for name in names:
            yield _text(name)
