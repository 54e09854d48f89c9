"""The cross-document index, on both backends: what it removes, explains, keeps, forgets and refuses."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from index_support import paragraph, redis_cluster_url, redis_url  # noqa: F401  (fixtures)

import dedupe_text
import dedupe_text.normalize
from dedupe_text import DedupeConfig, IndexBackendError
from dedupe_text.errors import ConfigError
from dedupe_text.index import ParagraphIndex, boilerplate, first_seen
from dedupe_text.index.memory_backend import MemoryBackend

WIRE = ("The regional water board announced on Monday that it would replace every lead pipe in the old town "
        "before the end of next year, at a cost of twelve million euros.")
WIRE_EDITED = WIRE.replace("on Monday", "on Tuesday").replace("every lead pipe", "all lead pipes")
UPDATE = WIRE + " Work on the first streets begins in March, the board said."
FURNITURE = "Sign up for our newsletter to get the day's top stories."
Factory = Callable[..., ParagraphIndex]


@pytest.fixture(params=["memory", "embedded", "redis", "cluster"])
def make_index(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Factory]:
    """Open indexes on the backend under test: in memory, a file in tmp_path, or a fresh name in a real Redis."""
    opened: list[ParagraphIndex] = []
    memory = MemoryBackend()
    if request.param in ("redis", "cluster"):
        location = request.getfixturevalue("redis_url" if request.param == "redis" else "redis_cluster_url")
        name = uuid.uuid4().hex
    else:
        name = "default"
        location = str(tmp_path / "index.db")

    def factory(**options: Any) -> ParagraphIndex:
        if request.param in ("redis", "cluster"):
            options.setdefault("name", name)
        if request.param == "memory":  # one store, opened again: as a file or a Redis name would be
            limits = MemoryBackend(ttl=options.pop("ttl", None), max_docs=options.pop("max_docs", None))
            memory.ttl, memory.max_docs = limits.ttl, limits.max_docs
            index = ParagraphIndex(memory, **options)
        else:
            index = ParagraphIndex(location, **options)
        opened.append(index)
        return index

    yield factory
    for index in opened:
        if request.param in ("redis", "cluster") and not opened.index(index):
            index.clear()
        index.close()


def lines(*paras: str) -> str:
    """Join paragraphs with blank lines (one paragraph each, however they wrap)."""
    return "\n\n".join(paras) + "\n"


def test_copy_from_another_document_names_its_source(make_index: Factory) -> None:
    index = make_index()
    first = index.dedupe(lines("Local news: the market reopens on Sunday.", WIRE), doc_id="site-a/1")
    assert first.removals == ()
    result = index.dedupe(lines(WIRE, "A different story entirely, about the harbour."), doc_id="site-b/7")
    assert result.text == lines("A different story entirely, about the harbour.")
    (removal,) = result.removals
    assert (removal.index, removal.source, removal.duplicate_of, removal.rule) == (0, "site-a/1", 1, "exact")
    assert removal.duplicate_line == 0 and removal.text == WIRE


def test_near_copy_and_teaser_go_but_a_longer_update_stays(make_index: Factory) -> None:
    index = make_index()
    index.dedupe(lines(WIRE), doc_id="a")
    near = index.dedupe(lines(WIRE_EDITED), doc_id="b")
    assert [(r.rule, r.source) for r in near.removals] == [("near", "a")]
    assert near.removals[0].similarity >= DedupeConfig().near_threshold
    teaser = index.dedupe(lines(WIRE[:90]), doc_id="c")
    assert [(r.rule, r.source) for r in teaser.removals] == [("contained", "a")]
    update = index.dedupe(lines(UPDATE), doc_id="d")
    assert update.removals == () and update.text == lines(UPDATE)


def test_within_document_copies_go_in_the_same_call(make_index: Factory) -> None:
    index = make_index()
    result = index.dedupe(lines(WIRE, "Something else to say here.", WIRE), doc_id="a")
    assert [(r.index, r.duplicate_of, r.source) for r in result.removals] == [(2, 0, None)]
    assert len(index) == 2


def test_first_document_gives_what_the_core_gives(make_index: Factory) -> None:
    text = lines("# A headline long enough", WIRE, "**A headline long enough**", FURNITURE, WIRE_EDITED)
    assert make_index().dedupe(text, doc_id="only").removals == dedupe_text.dedupe(text).removals


def test_reprocessing_a_document_is_idempotent(make_index: Factory) -> None:
    index = make_index()
    index.dedupe(lines(WIRE, FURNITURE), doc_id="a")
    again = index.dedupe(lines(WIRE, FURNITURE), doc_id="a")
    assert again.removals == () and len(index) == 2 and index.documents() == ["a"]
    b1 = index.dedupe(lines(FURNITURE, "Only in b, and long enough to keep."), doc_id="b")
    b2 = index.dedupe(lines(FURNITURE, "Only in b, and long enough to keep."), doc_id="b")
    assert b1 == b2 and [r.source for r in b2.removals] == ["a"]
    assert len(index) == 3
    copy1 = index.dedupe(lines(WIRE), doc_id="c")  # nothing of its own is indexed
    copy2 = index.dedupe(lines(WIRE), doc_id="c")
    assert copy1 == copy2 and copy2.text == "" and index.documents() == ["a", "b", "c"]


def test_remove_forgets_a_document(make_index: Factory) -> None:
    index = make_index()
    index.dedupe(lines(WIRE, FURNITURE), doc_id="a")
    assert index.remove("a") == 2 and index.remove("a") == 0
    assert len(index) == 0 and index.documents() == []
    assert index.dedupe(lines(WIRE), doc_id="b").removals == ()


def test_boilerplate_goes_once_seen_in_enough_documents(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=3))
    rng = random.Random(4)
    story = [paragraph(rng, n) for n in range(5)]
    kept = [index.dedupe(lines(FURNITURE, story[n]), doc_id=f"p{n}").text.startswith(FURNITURE) for n in range(4)]
    assert kept == [True, True, False, False]
    again = index.dedupe(lines(FURNITURE, story[0]), doc_id="p0")
    assert [r.rule for r in again.removals] == ["exact"] and again.removals[0].source in {"p1"}


def test_a_removed_document_no_longer_counts_towards_boilerplate(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=3))
    rng = random.Random(6)
    story = [paragraph(rng, n) for n in range(5)]
    kept = [index.dedupe(lines(FURNITURE, story[n]), doc_id=f"p{n}").text.startswith(FURNITURE) for n in range(3)]
    assert kept == [True, True, False]  # p2's copy went: p2 now counts as a carrier
    index.remove("p1")
    index.remove("p2")  # p0 alone carries it again
    assert index.dedupe(lines(FURNITURE, story[3]), doc_id="p3").text.startswith(FURNITURE)
    assert not index.dedupe(lines(FURNITURE, story[4]), doc_id="p4").text.startswith(FURNITURE)


def test_first_seen_keeps_the_first_copy_when_reprocessed(make_index: Factory) -> None:
    index = make_index(policy=first_seen())
    rng = random.Random(5)
    story = [paragraph(rng, n) for n in range(3)]
    for n in range(3):
        index.dedupe(lines(FURNITURE, story[n]), doc_id=f"p{n}")
    assert index.dedupe(lines(FURNITURE, story[0]), doc_id="p0").removals == ()


def test_cap_evicts_the_oldest_documents(make_index: Factory) -> None:
    index = make_index(max_docs=2)
    rng = random.Random(6)
    story = [paragraph(rng, n) for n in range(3)]
    for n in range(3):
        index.dedupe(lines(story[n]), doc_id=f"d{n}")
    assert index.documents() == ["d1", "d2"] and len(index) == 2
    assert index.dedupe(lines(story[0]), doc_id="e").removals == ()


def test_time_to_live_evicts_old_documents(make_index: Factory) -> None:
    now = [1000.0]
    index = make_index(ttl=60, clock=lambda: now[0])
    index.dedupe(lines(WIRE), doc_id="old")
    now[0] += 30
    index.dedupe(lines(FURNITURE), doc_id="newer")
    now[0] += 45
    assert index.evict() == 1 and index.documents() == ["newer"]
    assert index.dedupe(lines(WIRE), doc_id="later").removals == ()


def test_stats_len_and_clear(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=4))
    index.dedupe(lines(WIRE, FURNITURE, "x"), doc_id="a")
    stats = index.stats()
    # under boilerplate the short line "x" is indexed too: furniture is often short
    assert (stats.paragraphs, stats.documents, stats.policy) == (3, 1, "boilerplate(min_docs=4)")
    assert stats.params["num_perm"] == "64" and stats.to_dict()["backend"] in {"memory", "sqlite", "redis"}
    index.clear()
    assert len(index) == 0 and index.stats().documents == 0


@pytest.mark.parametrize("change", [
    {"config": DedupeConfig(num_perm=128, lsh_bands=32)},
    {"config": DedupeConfig(seed=2)},
    {"config": DedupeConfig(shingle_words=4)},
    {"policy": boilerplate(min_docs=3)},
])
def test_opening_with_other_parameters_is_refused(make_index: Factory, change: dict[str, Any]) -> None:
    make_index().dedupe(lines(WIRE), doc_id="a")
    with pytest.raises(IndexBackendError, match="built with other parameters"):
        make_index(**change)


def test_other_thresholds_may_differ_between_opens(make_index: Factory) -> None:
    make_index().dedupe(lines(WIRE), doc_id="a")
    index = make_index(config=DedupeConfig(near_threshold=95))
    assert [r.rule for r in index.dedupe(lines(WIRE), doc_id="b").removals] == ["exact"]


def test_bad_arguments_raise_specific_errors(make_index: Factory) -> None:
    index = make_index()
    with pytest.raises(TypeError, match="doc_id"):
        index.dedupe("text", doc_id=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str"):
        index.dedupe(b"bytes", doc_id="a")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="min_docs"):
        boilerplate(min_docs=1)
    with pytest.raises(ConfigError, match="max_docs"):
        make_index(max_docs=0)


def _corpus(seed: int, docs: int) -> list[tuple[str, str]]:
    """Documents that share paragraphs (some with a word changed) and have some of their own."""
    rng = random.Random(seed)
    pool = [paragraph(rng, n) + " It was posted this week." for n in range(12)]
    out = []
    for d in range(docs):
        paras = [paragraph(rng, 1000 + 10 * d + k) for k in range(2)]
        for p in rng.sample(pool, 3):
            paras.append(p if rng.random() < 0.7 else p.replace(" this week", " last week"))
        rng.shuffle(paras)
        out.append((f"doc{d}", lines(*paras)))
    return out


def test_both_backends_give_the_same_results(tmp_path: Any, redis_url: str) -> None:  # noqa: F811
    corpus = _corpus(3, 25)
    embedded = ParagraphIndex(str(tmp_path / "same.db"))
    shared = ParagraphIndex(redis_url, name=uuid.uuid4().hex)
    try:
        for doc, text in itertools.chain(corpus, corpus[:5]):
            assert embedded.dedupe(text, doc_id=doc) == shared.dedupe(text, doc_id=doc)
        assert len(embedded) == len(shared) and embedded.documents() == shared.documents()
    finally:
        shared.clear()
        shared.close()
        embedded.close()


def test_redis_clear_deletes_only_its_own_index(redis_url: str) -> None:  # noqa: F811
    tag = uuid.uuid4().hex
    globbed = ParagraphIndex(redis_url, name=f"t[1]*{tag}")  # as a SCAN pattern it would match t1x...
    other = ParagraphIndex(redis_url, name=f"t1x{tag}")
    try:
        for index in (globbed, other):
            index.dedupe(lines(WIRE, FURNITURE), doc_id="a")
        globbed.clear()
        assert len(globbed) == 0 and globbed.documents() == [] and len(other) == 2
        with ParagraphIndex.existing(redis_url, name=f"t[1]*{tag}") as reopened:
            assert reopened.stats().params["num_perm"] == "64"
    finally:
        for index in (globbed, other):
            index.clear()
            index.close()


def _group(text: str) -> str:
    return dedupe_text.normalize.normalize(text.replace(" last week", " this week"))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), docs=st.integers(1, 12))
def test_every_paragraph_is_kept_exactly_once(tmp_path_factory: pytest.TempPathFactory, seed: int, docs: int) -> None:
    corpus = _corpus(seed, docs)
    kept: dict[str, int] = {}
    with ParagraphIndex(str(tmp_path_factory.mktemp("prop") / "i.db")) as index:
        for doc, text in corpus:
            result = index.dedupe(text, doc_id=doc)
            for i in result.kept:
                kept[_group(result.paragraphs[i].text)] = kept.get(_group(result.paragraphs[i].text), 0) + 1
            assert all(r.source is not None and r.similarity >= 85 for r in result.removals)
    assert kept == {_group(p): 1 for _, text in corpus for p in text.split("\n\n")}


def _site(seed: int, docs: int) -> list[tuple[str, str]]:
    """Pages of one site: a short furniture line, a long one, wire copy shared by some, a story of their own."""
    rng = random.Random(seed)
    wire = [paragraph(rng, 500 + n) for n in range(3)]
    out = []
    for d in range(docs):
        paras = ["Share this", FURNITURE, paragraph(rng, 600 + d), wire[d % 3]]
        out.append((f"page{d}", lines(*paras)))
    return out


@pytest.mark.parametrize("policy", [first_seen(), boilerplate(min_docs=3)], ids=str)
def test_recrawls_in_any_order_give_the_same_results(make_index: Factory, policy: Any) -> None:
    index = make_index(policy=policy)
    pages = _site(8, 7)
    first = {doc: index.dedupe(text, doc_id=doc).text for doc, text in pages}
    passes = []
    for seed in range(3):
        order = random.Random(seed).sample(pages, len(pages))
        passes.append({doc: index.dedupe(text, doc_id=doc).text for doc, text in order})
    assert passes[0] == passes[1] == passes[2]
    if policy.name == "first_seen":
        assert passes[0] == first  # the first carrier keeps its copy on every recrawl
    else:  # furniture, long or short, and the wire copy carried by 3 pages are gone from every page
        assert all("Share this" not in text and FURNITURE not in text for text in passes[0].values())
        assert sum(text != first[doc] for doc, text in passes[0].items()) >= 2
    assert all(paragraph(random.Random(8), 0)[:0] in text for text in passes[0].values())


def test_boilerplate_goes_from_every_carrier_once_counted(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=3))
    rng = random.Random(9)
    pages = {doc: lines(FURNITURE, paragraph(rng, n)) for n, doc in enumerate("XYZ")}
    crawls = [[FURNITURE in index.clean(pages[doc], doc_id=doc) for doc in "XYZ"] for _ in range(4)]
    assert crawls == [[True, True, False]] + [[False, False, False]] * 3


def test_short_lines_are_furniture_only_under_boilerplate(make_index: Factory) -> None:
    rng = random.Random(10)
    pages = [(f"p{n}", lines("Advertisement", paragraph(rng, n))) for n in range(3)]
    index = make_index(policy=boilerplate(min_docs=2))
    for doc, text in pages + pages:
        result = index.dedupe(text, doc_id=doc)
    assert "Advertisement" not in result.text and result.removals[0].rule == "exact"
    inside = lines("Advertisement", "Body text here, long enough to judge.", "Advertisement")
    assert [r.index for r in index.dedupe(inside, doc_id="q").removals] == [0, 2]  # furniture, each copy
    assert dedupe_text.dedupe(inside).removals == ()  # within one document a short line repeated stays


def test_short_lines_stay_under_first_seen(make_index: Factory) -> None:
    index = make_index(policy=first_seen())
    rng = random.Random(11)
    for n in range(3):
        assert index.clean(lines("Advertisement", paragraph(rng, n)), doc_id=f"p{n}").startswith("Advertisement")


def test_a_document_never_loses_text_to_its_own_earlier_version(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=2))
    text = lines(WIRE, FURNITURE, "Share this")
    assert [index.clean(text, doc_id="only") for _ in range(3)] == [text] * 3
    shorter = lines(WIRE[:100], FURNITURE)
    assert index.clean(shorter, doc_id="only") == shorter  # its own old, longer copy is no other document's


def test_remove_keeps_boilerplate_counts_exact(make_index: Factory) -> None:
    index = make_index(policy=boilerplate(min_docs=3))
    rng = random.Random(12)
    for doc in "XYZ":
        index.dedupe(lines(FURNITURE, paragraph(rng, ord(doc))), doc_id=doc)
    assert index.remove("X") == 2  # it held the furniture: Y and Z still carry it
    assert FURNITURE not in index.clean(lines(FURNITURE, paragraph(rng, 1)), doc_id="W")
    index.remove("Y")
    index.remove("W")  # Z alone carries it now
    assert FURNITURE in index.clean(lines(FURNITURE, paragraph(rng, 2)), doc_id="V")
    again = index.dedupe(lines(FURNITURE, paragraph(rng, 3)), doc_id="U")
    assert FURNITURE not in again.text and again.removals[0].source in {"Z", "V"}


def test_locations_are_checked(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="empty"):
        ParagraphIndex("")
    with pytest.raises(TypeError, match="location"):
        ParagraphIndex(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="location"):
        ParagraphIndex(3)  # type: ignore[arg-type]
    with ParagraphIndex(tmp_path / "as-path.db") as index:
        assert index.stats().location == str(tmp_path / "as-path.db")
    with ParagraphIndex(":memory:") as index:
        assert index.stats().backend == "memory"


def test_policies_as_typed_are_checked() -> None:
    from dedupe_text.index import parse_policy

    with pytest.raises(TypeError, match="policy must be a str"):
        parse_policy(None)  # type: ignore[arg-type]
    for typo in ("boilerplate:²", "boilerplate:x", "boilerplate:1", "first_seen:2", "often"):
        with pytest.raises(ConfigError):
            parse_policy(typo)


@pytest.mark.parametrize("server", ["redis_url", "redis_cluster_url"])
def test_a_large_document_is_split_into_short_scripts(request: pytest.FixtureRequest, server: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe_text.index import redis_backend

    monkeypatch.setattr(redis_backend, "CHUNK_POSTINGS", 100)  # about three paragraphs a script
    monkeypatch.setattr(redis_backend, "LETGO_BATCH", 4)
    rng = random.Random(13)
    story = [paragraph(rng, n) for n in range(30)]
    shared = ParagraphIndex(request.getfixturevalue(server), name=uuid.uuid4().hex)
    alone = ParagraphIndex(":memory:")
    try:
        for doc, paras in (("big", story), ("copy", story[::3]), ("big", story[10:]), ("big", story[:5])):
            trips = shared.backend.round_trips  # type: ignore[attr-defined]
            assert shared.dedupe(lines(*paras), doc_id=doc) == alone.dedupe(lines(*paras), doc_id=doc)
            assert len(shared) == len(alone) and shared.documents() == alone.documents()
        assert shared.backend.round_trips - trips > 2  # type: ignore[attr-defined]
        assert shared.remove("big") == alone.remove("big") and len(shared) == len(alone)
    finally:
        shared.clear()
        shared.close()


def test_lone_surrogates_in_texts_and_ids_round_trip(make_index: Factory) -> None:
    index = make_index()
    text = lines("A paragraph holding a lone \ud800 surrogate, long enough to be judged here.")
    index.dedupe(text, doc_id="page-\udc80")
    result = index.dedupe(text, doc_id="other")
    assert [r.source for r in result.removals] == ["page-\udc80"] and index.documents() == ["page-\udc80", "other"]
