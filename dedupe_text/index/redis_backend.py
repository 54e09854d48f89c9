"""The shared index: Redis (a single server or a Redis Cluster), for many workers on many machines.

Every key of an index starts with ``dt:{<length>:<name>}:`` and one letter for its kind, so
that no index name or document id can reach another index's keys or another kind's, and the
hash tag puts the whole index in one cluster slot (every script touches one slot; separate
indexes spread over the cluster's nodes). Then:

- ``M`` parameters (hash); ``S`` last paragraph id; ``C`` paragraph count; ``Q`` last
  document number; ``R`` last document sequence; ``K`` last carrier sequence;
- ``b<bucket>`` posting bucket (hash): the top ``bucket_bits`` bits of a 64-bit posting
  key pick the bucket, the next 24 bits are the field, the value the paragraph ids under
  it (``12`` or ``12,40``). Buckets of about 60 fields stay in Redis's compact listpack
  encoding: about 12 bytes a posting instead of a list key (~90 bytes) per posting key;
- ``e<id>`` paragraph (string, MessagePack): document number, paragraph number, the
  normalized text (deflated when that is shorter);
- ``c<id>`` carriers (sorted set, boilerplate only): ``<document number>:<paragraph>``
  scored by arrival;
- ``d<doc>`` document (hash: number, version), ``o<doc>`` paragraphs it holds (set),
  ``r<doc>`` paragraphs of others it carries (hash id -> paragraph number), ``t<doc>`` /
  ``u<doc>`` the same being let go; ``N`` document number -> id (hash); ``O`` documents
  by last processing, ``A`` by time added (sorted sets); ``G`` documents being let go.

A document costs two round trips: one script ranks the candidates under its posting keys
and returns their texts with the document's own state (a snapshot: the last paragraph id
and the document's version), one script writes. The write first checks that the document
was not changed meanwhile, that no paragraph was added since the snapshot under the keys
that were read and that the paragraphs its removals point to still exist; otherwise
nothing is written and the document is matched again. Two workers inserting the same
new paragraph at once therefore end with exactly one copy kept. A large document's
lookup and write are split into scripts of at most ``CHUNK_POSTINGS`` postings each, and
paragraphs let go are deleted ``LETGO_BATCH`` at a time, so that no script runs long enough
to stall the server (~50 ms). Deleting a paragraph's postings takes one more round trip:
its keys are recomputed from its text, not stored.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..errors import IndexBackendError
from .backend import CANDIDATE_MAX, POSTING_MAX, TIMEOUT, KeyRecipe, Stored, Write

if TYPE_CHECKING:
    from .keys import PostingKeys

BUCKET_BITS = 19
"""Posting buckets are ``2**BUCKET_BITS``: about 60 postings a bucket at 1M paragraphs (see docs/index.md)."""
CHUNK_POSTINGS = 20_000
"""Postings one script reads or writes at most (a few milliseconds; a large document takes several)."""
LETGO_BATCH = 2_000
"""Paragraphs one script lets go at most."""
CLEAR_BATCH = 1000
"""Keys deleted per round trip by ``clear()``."""
_RAW, _DEFLATED = b"r", b"z"
_PASSWORD = re.compile(r"(//[^:/@]*:)[^@/]*@")

_LETGO = """
local function letgo(P, doc, budget)
  -- let go of up to budget paragraphs of doc's trash; return the doomed {id, text, ...}, what is left, work done
  local doomed, used = {}, 0
  local t, u = P .. 't' .. doc, P .. 'u' .. doc
  local num = redis.call('HGET', P .. 'd' .. doc, 'q') or ''
  for _, pid in ipairs(redis.call('HKEYS', u)) do
    if used >= budget then break end
    local c = P .. 'c' .. pid
    redis.call('ZREM', c, num .. ':' .. redis.call('HGET', u, pid))
    redis.call('HDEL', u, pid)
    used = used + 1
  end
  while used < budget do
    local pid = redis.call('SPOP', t)
    if not pid then break end
    used = used + 1
    local c, e = P .. 'c' .. pid, P .. 'e' .. pid
    local heir = redis.call('ZRANGE', c, 0, 0)[1]
    local v = redis.call('GET', e)
    if v and heir then
      redis.call('ZREM', c, heir)
      local at = string.find(heir, ':', 1, true)
      local hnum, hn = string.sub(heir, 1, at - 1), string.sub(heir, at + 1)
      redis.call('SET', e, cmsgpack.pack({tonumber(hnum), tonumber(hn), cmsgpack.unpack(v)[3]}))
      local hdoc = redis.call('HGET', P .. 'N', hnum)
      if hdoc then
        redis.call('HDEL', P .. 'r' .. hdoc, pid)
        redis.call('SADD', P .. 'o' .. hdoc, pid)
      end
    elseif v then
      redis.call('DEL', e, c)
      redis.call('DECR', P .. 'C')
      doomed[#doomed + 1] = pid
      doomed[#doomed + 1] = cmsgpack.unpack(v)[3]
    end
  end
  return doomed, redis.call('SCARD', t) + redis.call('HLEN', u), used
end
local function detach(P, doc)
  -- turn a document's state into trash (let go later); forget the document itself
  local d = P .. 'd' .. doc
  local num = redis.call('HGET', d, 'q')
  if not num or redis.call('ZSCORE', P .. 'O', doc) == false then return 0 end
  local o, t, r, u = P .. 'o' .. doc, P .. 't' .. doc, P .. 'r' .. doc, P .. 'u' .. doc
  local held = redis.call('SCARD', o)
  if redis.call('EXISTS', o) == 1 then redis.call('SUNIONSTORE', t, t, o); redis.call('DEL', o) end
  for _, pid in ipairs(redis.call('HKEYS', r)) do redis.call('HSET', u, pid, redis.call('HGET', r, pid)) end
  redis.call('DEL', r)
  redis.call('HDEL', P .. 'N', num)
  redis.call('ZREM', P .. 'O', doc)
  redis.call('ZREM', P .. 'A', doc)
  redis.call('SADD', P .. 'G', doc)
  return held
end
local function expire(P, now, ttl, cap)
  local gone = 0
  if ttl ~= '' then
    for _, doc in ipairs(redis.call('ZRANGEBYSCORE', P .. 'A', '-inf', '(' .. (now - tonumber(ttl)), 'LIMIT', 0, 16)) do
      detach(P, doc)
      gone = gone + 1
    end
  end
  if cap ~= '' then
    local over = redis.call('ZCARD', P .. 'O') - tonumber(cap)
    if over > 0 then
      for _, doc in ipairs(redis.call('ZRANGE', P .. 'O', 0, math.min(over, 16) - 1)) do
        detach(P, doc)
        gone = gone + 1
      end
    end
  end
  return gone
end
local function sweep(P, budget)
  -- let go of documents' trash, up to budget paragraphs; return the doomed and whether more is left
  local doomed, left = {}, 0
  for _, doc in ipairs(redis.call('SMEMBERS', P .. 'G')) do
    if budget <= 0 then left = 1; break end
    local some, rest, used = letgo(P, doc, budget)
    for _, x in ipairs(some) do doomed[#doomed + 1] = x end
    budget = budget - used
    if rest == 0 then
      redis.call('SREM', P .. 'G', doc)
      if redis.call('ZSCORE', P .. 'O', doc) == false then redis.call('DEL', P .. 'd' .. doc) end
    else
      left = 1
    end
  end
  return doomed, left
end
"""

_LOOKUP = """
local P = string.sub(KEYS[1], 1, -2)
local doc, keys, limit, pmax, cmax = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local d = P .. 'd' .. doc
local own = {}
if ARGV[6] == '1' then
  own = redis.call('SUNION', P .. 'o' .. doc, P .. 't' .. doc)
end
local per, order = {}, {}
for bucket, field, para, weight in string.gmatch(keys, '(%d+) (%d+) (%d+) (%d+)') do
  local v = redis.call('HGET', P .. 'b' .. bucket, field)
  if v then
    para, weight = tonumber(para), tonumber(weight)
    local pids = {}
    for x in string.gmatch(v, '%d+') do pids[#pids + 1] = tonumber(x) end
    if #pids <= pmax then
      local s = per[para]
      if not s then s = {}; per[para] = s; order[#order + 1] = para end
      for _, x in ipairs(pids) do s[x] = (s[x] or 0) + weight end
    end
  end
end
local out, fetched, entries = {}, {}, {}
for _, para in ipairs(order) do
  local s, ranked = per[para], {}
  for pid, _ in pairs(s) do ranked[#ranked + 1] = pid end
  table.sort(ranked, function(a, b) if s[a] ~= s[b] then return s[a] > s[b] end return a < b end)
  local best = {}
  for j = 1, math.min(cmax, #ranked) do best[j] = ranked[j] end
  table.sort(best)
  out[#out + 1] = para
  out[#out + 1] = #best
  for _, pid in ipairs(best) do
    out[#out + 1] = pid
    if not fetched[pid] then
      fetched[pid] = true
      local v = redis.call('GET', P .. 'e' .. pid)
      if v then
        local e = cmsgpack.unpack(v)
        local carriers = {}
        if limit > 0 then
          for _, m in ipairs(redis.call('ZRANGE', P .. 'c' .. pid, 0, limit - 1)) do
            local at = string.find(m, ':', 1, true)
            local name = redis.call('HGET', P .. 'N', string.sub(m, 1, at - 1))
            if name then carriers[#carriers + 1] = name; carriers[#carriers + 1] = string.sub(m, at + 1) end
          end
        end
        entries[#entries + 1] = {pid, redis.call('HGET', P .. 'N', e[1]) or '', e[2], e[3], carriers}
      end
    end
  end
end
return {redis.call('GET', P .. 'S') or '0', redis.call('HGET', d, 'v') or '0', own, out, entries}
"""

_STORE = _LETGO + """
local P = string.sub(KEYS[1], 1, -2)
local doc, version, snap, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local ttl, cap, first, last = ARGV[5], ARGV[6], ARGV[7] == '1', ARGV[8] == '1'
local d = P .. 'd' .. doc
if (redis.call('HGET', d, 'v') or '0') ~= version then return {0} end
local clean = tonumber(redis.call('GET', P .. 'S') or '0') <= snap
local held = {}  -- what the new paragraphs' posting fields hold (read once when others wrote since the snapshot)
if not clean then
  for j = 12, #ARGV, 3 do
    for bucket, field in string.gmatch(ARGV[j + 2], '(%d+) (%d+)') do
      local v = redis.call('HGET', P .. 'b' .. bucket, field)
      if v then
        for x in string.gmatch(v, '%d+') do
          if tonumber(x) > snap then return {0} end
        end
        held[bucket .. ' ' .. field] = v
      end
    end
  end
end
local function list(s)
  local out = {}
  for x in string.gmatch(s, '[^,]+') do out[#out + 1] = x end
  return out
end
for _, pid in ipairs(list(ARGV[9])) do
  if redis.call('EXISTS', P .. 'e' .. pid) == 0 then return {0} end
end
local num = redis.call('HGET', d, 'q')
local o, t, r, u = P .. 'o' .. doc, P .. 't' .. doc, P .. 'r' .. doc, P .. 'u' .. doc
if first then
  if num then
    if redis.call('EXISTS', o) == 1 then redis.call('SUNIONSTORE', t, t, o); redis.call('DEL', o) end
    for _, pid in ipairs(redis.call('HKEYS', r)) do redis.call('HSET', u, pid, redis.call('HGET', r, pid)) end
    redis.call('DEL', r)
  else
    num = tostring(redis.call('INCR', P .. 'Q'))
    redis.call('HSET', d, 'q', num)
  end
  redis.call('HSET', P .. 'N', num, doc)
end
for _, pid in ipairs(list(ARGV[10])) do
  redis.call('SREM', t, pid)
  redis.call('SADD', o, pid)
end
local carry = list(ARGV[11])
for j = 1, #carry, 2 do
  local pid, n = carry[j], carry[j + 1]
  local was = redis.call('HGET', u, pid)
  local c = P .. 'c' .. pid
  if was then
    redis.call('HDEL', u, pid)
    if was ~= n then redis.call('ZREM', c, num .. ':' .. was) end
  end
  if was ~= n then redis.call('ZADD', c, redis.call('INCR', P .. 'K'), num .. ':' .. n) end
  redis.call('HSET', r, pid, n)
end
local count = (#ARGV - 11) / 3
local firstpid = 0
if count > 0 then firstpid = redis.call('INCRBY', P .. 'S', count) - count + 1 end
for j = 0, count - 1 do
  local base = 12 + 3 * j
  local pid = firstpid + j
  redis.call('SET', P .. 'e' .. pid, cmsgpack.pack({tonumber(num), tonumber(ARGV[base]), ARGV[base + 1]}))
  redis.call('SADD', o, pid)
  for bucket, field in string.gmatch(ARGV[base + 2], '(%d+) (%d+)') do
    local b = P .. 'b' .. bucket
    local v
    if clean then
      if redis.call('HSETNX', b, field, pid) == 0 then v = redis.call('HGET', b, field) end
    else
      local slot = bucket .. ' ' .. field
      v = held[slot]
      if not v then redis.call('HSET', b, field, pid); held[slot] = tostring(pid) end
    end
    if v then
      local _, commas = string.gsub(v, ',', '')
      if commas < pmax_store then
        redis.call('HSET', b, field, v .. ',' .. pid)
        if not clean then held[bucket .. ' ' .. field] = v .. ',' .. pid end
      end
    end
  end
end
redis.call('INCRBY', P .. 'C', count)
redis.call('HINCRBY', d, 'v', 1)
if not last then return {1} end
redis.call('ZADD', P .. 'O', redis.call('INCR', P .. 'R'), doc)
redis.call('ZADD', P .. 'A', now, doc)
if redis.call('EXISTS', t) + redis.call('EXISTS', u) > 0 then redis.call('SADD', P .. 'G', doc) end
local gone = expire(P, now, ttl, cap)
local doomed, left = sweep(P, tonumber(ARGV_BATCH))
return {1, gone, left, doomed}
"""

_SWEEP = _LETGO + """
local P = string.sub(KEYS[1], 1, -2)
local doomed, left = sweep(P, tonumber(ARGV[1]))
return {left, doomed}
"""

_UNPOST = """
local P = string.sub(KEYS[1], 1, -2)
for j = 1, #ARGV, 2 do
  local pid, posts = ARGV[j], ARGV[j + 1]
  for bucket, field in string.gmatch(posts, '(%d+) (%d+)') do
    local b = P .. 'b' .. bucket
    local v = redis.call('HGET', b, field)
    if v then
      local kept = {}
      for x in string.gmatch(v, '%d+') do if x ~= pid then kept[#kept + 1] = x end end
      if #kept == 0 then redis.call('HDEL', b, field) else redis.call('HSET', b, field, table.concat(kept, ',')) end
    end
  end
end
return 1
"""

_REMOVE = _LETGO + """
local P = string.sub(KEYS[1], 1, -2)
return detach(P, ARGV[1])
"""

_EVICT = _LETGO + """
local P = string.sub(KEYS[1], 1, -2)
return expire(P, tonumber(ARGV[1]), ARGV[2], ARGV[3])
"""

_PARAMS = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  for j = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[j], ARGV[j + 1]) end
end
return redis.call('HGETALL', KEYS[1])
"""

_COUNTS = """
local P = string.sub(KEYS[1], 1, -2)
return {redis.call('GET', P .. 'C') or '0', redis.call('ZCARD', P .. 'O')}
"""


def _text(value: Any) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else str(value)


def index_prefix(name: str) -> str:
    """Return the key prefix of index ``name``: length-prefixed inside a hash tag, so names never collide.

    >>> index_prefix("site"), index_prefix("site:2024")
    ('dt:{4:site}:', 'dt:{9:site:2024}:')
    """
    return f"dt:{{{len(name.encode('utf-8', 'surrogatepass'))}:{name}}}:"


def redact(url: str) -> str:
    """Return ``url`` without its password.

    >>> redact("redis://user:secret@host:6379/0")
    'redis://user:***@host:6379/0'
    """
    return _PASSWORD.sub(r"\1***@", url)


def pack_text(key: str) -> bytes:
    """Return a normalized text as stored: deflated when that is shorter, else as UTF-8.

    >>> unpack_text(pack_text("a short line")), pack_text("a short line")[:1]
    ('a short line', b'r')
    """
    raw = key.encode("utf-8", "surrogatepass")
    packed = raw
    if len(raw) > 48:
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = deflate.compress(raw) + deflate.flush()
    return _DEFLATED + packed if len(packed) < len(raw) else _RAW + raw


def unpack_text(blob: bytes) -> str:
    """Return the normalized text ``pack_text`` stored."""
    body = blob[1:]
    raw = zlib.decompress(body, -15) if blob[:1] == _DEFLATED else body
    return raw.decode("utf-8", "surrogatepass")


class _RedisTransaction:
    """One document's snapshot of the index and its conditional write."""

    def __init__(self, backend: RedisBackend, doc_id: str):
        self.backend = backend
        self.doc_id = doc_id
        self.own: frozenset[int] = frozenset()
        self.snapshot = 0
        self.version = "0"
        self.slots = np.zeros((0, 2), dtype=np.uint32)
        self.spans: dict[int, tuple[int, int]] = {}

    def candidates(self, posts: PostingKeys, carriers: int) -> dict[int, list[Stored]]:
        backend = self.backend
        self.slots = backend.slots(posts.keys)
        sizes = np.array([end - start for start, end in posts.spans.values()], dtype=np.uint32)
        weights = np.repeat(sizes, sizes)
        weights[~posts.strong] = 1
        table = np.column_stack([self.slots, posts.paragraph.astype(np.uint32), weights])
        self.spans = posts.spans
        found: dict[int, list[int]] = {}
        stored: dict[int, Stored] = {}
        ends = [end for _, end in posts.spans.values()]
        for first, last in list(_chunks(ends)) or [(0, 0)]:
            at, end = (ends[first - 1] if first else 0), (ends[last - 1] if last else 0)
            reply = backend.call(backend.lookup_script, self.doc_id, _numbers(table[at:end]), carriers, POSTING_MAX,
                                 CANDIDATE_MAX, "1" if at == 0 else "0")
            seq, version, mine, ranked, entries = reply
            if at == 0:
                self.snapshot, self.version = int(seq), _text(version)
                self.own = frozenset(int(p) for p in mine)
            j = 0
            while j < len(ranked):
                para, count = int(ranked[j]), int(ranked[j + 1])
                found[para] = [int(p) for p in ranked[j + 2:j + 2 + count]]
                j += 2 + count
            for pid, doc, n, blob, names in entries:
                named = tuple((_text(names[k]), int(names[k + 1])) for k in range(0, len(names), 2))
                stored[int(pid)] = Stored(int(pid), _text(doc), int(n), unpack_text(blob), named)
        return {i: [stored[p] for p in pids if p in stored] for i, pids in sorted(found.items())}

    def store(self, write: Write) -> bool:
        backend = self.backend
        entries = [(e.n, pack_text(e.key), self.slots[slice(*self.spans[e.n])]) for e in write.entries]
        version = self.version
        bounds = list(_chunks(list(accumulate(len(slots) for _, _, slots in entries)))) or [(0, 0)]
        for k, (at, end) in enumerate(bounds):
            first, last = k == 0, k == len(bounds) - 1
            args: list[Any] = [self.doc_id, version, self.snapshot, repr(write.now), backend.ttl_arg,
                               backend.cap_arg, "1" if first else "0", "1" if last else "0",
                               ",".join(map(str, write.sources)), ",".join(map(str, write.keep)) if first else "",
                               ",".join(f"{pid},{n}" for pid, n in write.carry) if first else ""]
            for n, blob, slots in entries[at:end]:
                args += [n, blob, _numbers(slots)]
            reply = backend.call(backend.store_script, *args)
            if not int(reply[0]):
                return False
            version = str(int(version) + 1)
        backend.bury(reply[3])
        if int(reply[2]):
            backend.sweep()
        return True


def _numbers(table: np.ndarray) -> str:
    """Return a table of integers as the scripts read it: decimal, space-separated, row after row.

    >>> _numbers(np.array([[1, 2], [30, 4]]))
    '1 2 30 4'
    """
    return " ".join(map(str, table.ravel().tolist()))


def _chunks(ends: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Split items (given where each group of postings ends) into runs of at most ``CHUNK_POSTINGS`` postings.

    Item boundaries are kept: a run holds whole items (one larger item is a run of its own).

    >>> list(_chunks([5, 30_000, 30_010]))
    [(0, 1), (1, 2), (2, 3)]
    """
    start = begun = 0
    for k, end in enumerate(ends):
        if end - begun > CHUNK_POSTINGS and k > start:
            yield start, k
            start, begun = k, ends[k - 1]
    if ends:
        yield start, len(ends)


class RedisBackend:
    """An index in a Redis database or cluster, under a key prefix per index name."""

    kind: ClassVar[str] = "redis"

    def __init__(self, url: str, *, name: str = "default", ttl: float | None = None, max_docs: int | None = None,
                 timeout: float = TIMEOUT, bucket_bits: int = BUCKET_BITS):
        try:
            import redis
        except ImportError:
            raise IndexBackendError("a Redis index needs the redis package: pip install 'dedupe-text[redis]'") from None
        self.redis = redis
        self.ttl_arg = "" if ttl is None else repr(ttl)
        self.cap_arg = "" if max_docs is None else str(max_docs)
        self.timeout = timeout
        self.prefix = index_prefix(name)
        self.meta = self.prefix + "M"
        self.bucket_bits = bucket_bits
        self.round_trips = 0
        self.recompute: KeyRecipe | None = None
        options = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "encoding_errors": "surrogatepass"}
        try:
            self.client: Any = redis.Redis.from_url(url, **options)
        except ValueError as err:
            raise IndexBackendError(f"bad Redis URL {redact(url)!r}: {err}") from None
        kwargs = self.client.connection_pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        self.address = str(where)
        self.location = f"redis://{self.address}/{kwargs.get('db', 0)}#{name}"
        with self.errors():
            self.cluster = bool(self.client.info("cluster").get("cluster_enabled"))
        if self.cluster:
            self.client.close()
            with self.errors():
                self.client = redis.RedisCluster.from_url(url, **options)
        self.lookup_script = self.client.register_script(_LOOKUP)
        self.store_script = self.client.register_script(_STORE.replace("pmax_store", str(POSTING_MAX))
                                                        .replace("ARGV_BATCH", str(LETGO_BATCH)))
        self.sweep_script = self.client.register_script(_SWEEP)
        self.unpost_script = self.client.register_script(_UNPOST)
        self.remove_script = self.client.register_script(_REMOVE)
        self.evict_script = self.client.register_script(_EVICT)
        self.params_script = self.client.register_script(_PARAMS)
        self.counts_script = self.client.register_script(_COUNTS)

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn any Redis failure into IndexBackendError naming the server's address (never a password)."""
        self.round_trips += 1
        exceptions = self.redis.exceptions
        try:
            yield
        except exceptions.TimeoutError:
            raise IndexBackendError(f"Redis at {self.address} did not answer within {self.timeout:g} s "
                                    "(timeout)") from None
        except exceptions.ConnectionError as err:
            raise IndexBackendError(f"cannot reach Redis at {self.address}: {err}") from None
        except exceptions.RedisError as err:
            raise IndexBackendError(f"Redis at {self.address} failed: {err}") from None

    def call(self, script: Any, *args: Any) -> Any:
        """Run one of the index's scripts (one round trip)."""
        with self.errors():
            return script(keys=[self.meta], args=list(args))

    def slots(self, keys: np.ndarray) -> np.ndarray:
        """Return each 64-bit posting key's bucket and field (rows of two uint32)."""
        unsigned = np.asarray(keys, dtype=np.int64).view(np.uint64)
        bucket = unsigned >> np.uint64(64 - self.bucket_bits)
        field = (unsigned >> np.uint64(40 - self.bucket_bits)) & np.uint64(0xFFFFFF)
        return np.column_stack([bucket, field]).astype(np.uint32)

    def recipe(self, keys_of: KeyRecipe) -> None:
        """Learn how posting keys follow from a text: they are recomputed to delete, not stored."""
        self.recompute = keys_of

    def bury(self, doomed: Sequence[Any]) -> None:
        """Take deleted paragraphs (id, text pairs) out of their posting buckets."""
        if not doomed:
            return
        if self.recompute is None:
            raise IndexBackendError(f"index {self.location}: paragraphs to delete but no key recipe")
        pids = [_text(doomed[j]) for j in range(0, len(doomed), 2)]
        keys = self.recompute([unpack_text(doomed[j]) for j in range(1, len(doomed), 2)])
        args: list[Any] = []
        for pid, posts in zip(pids, keys):
            args += [pid, _numbers(self.slots(posts))]
        for at in range(0, len(args), 2 * LETGO_BATCH):
            self.call(self.unpost_script, *args[at:at + 2 * LETGO_BATCH])

    def close(self) -> None:
        self.client.close()

    def params(self, wanted: dict[str, str]) -> dict[str, str]:
        args = [x for item in sorted({**wanted, "bucket_bits": str(self.bucket_bits)}.items()) for x in item]
        reply = self.call(self.params_script, *args)
        stored = {_text(reply[j]): _text(reply[j + 1]) for j in range(0, len(reply), 2)}
        self.bucket_bits = int(stored.pop("bucket_bits", self.bucket_bits))
        return stored

    def stored(self) -> dict[str, str]:
        with self.errors():
            meta = self.client.hgetall(self.meta)
        stored = {_text(k): _text(v) for k, v in meta.items()}
        self.bucket_bits = int(stored.pop("bucket_bits", self.bucket_bits))
        return stored

    @contextmanager
    def transaction(self, doc_id: str) -> Iterator[_RedisTransaction]:
        yield _RedisTransaction(self, doc_id)

    def sweep(self) -> None:
        """Let go of every paragraph pending deletion, ``LETGO_BATCH`` a script."""
        left = 1
        while int(left):
            left, doomed = self.call(self.sweep_script, LETGO_BATCH)
            self.bury(doomed)

    def remove(self, doc_id: str) -> int:
        held = int(self.call(self.remove_script, doc_id))
        self.sweep()
        return held

    def evict(self, now: float) -> int:
        gone = 0
        while True:
            some = int(self.call(self.evict_script, repr(now), self.ttl_arg, self.cap_arg))
            gone += some
            self.sweep()
            if some < 16:
                return gone

    def clear(self) -> None:
        """Delete the index's keys but its parameters, a thousand a round trip (a big index takes many)."""
        meta = self.meta.encode()
        pattern = re.sub(r"([\\*?\[\]])", r"\\\1", self.prefix).encode() + b"*"  # the prefix, literally
        with self.errors():
            batch: list[bytes] = []
            for key in self.client.scan_iter(match=pattern, count=CLEAR_BATCH):
                if key != meta and key.startswith(self.prefix.encode()):
                    batch.append(key)
                if len(batch) == CLEAR_BATCH:
                    self.client.unlink(*batch)
                    batch = []
            if batch:
                self.client.unlink(*batch)

    def counts(self) -> tuple[int, int]:
        n, docs = self.call(self.counts_script)
        return int(n), int(docs)

    def documents(self) -> Iterator[str]:
        with self.errors():
            names = self.client.zrange(self.prefix + "O", 0, -1)
        for name in names:
            yield _text(name)
