"""Invariants on hostile text, in every format: hypothesis with adversarial generators.

The generators draw what breaks naive text handling: mixed line endings (``\\n``, ``\\r\\n``,
``\\r``), blank lines that hold only odd whitespace, zero-width and bidi characters, combining
marks, digit-only lines, CJK and Thai text without spaces, words that are runs of one letter,
lines of hard-wrap width, and copies one character apart from their original. The properties:

- cleaning is idempotent: ``clean(clean(x)) == clean(x)``;
- every removal names a kept paragraph of the same document;
- the output is the input with whole paragraphs cut out, the kept ones in order (Markdown and
  HTML output, parsed again, gives exactly the kept blocks);
- a document without duplicates comes back byte for byte.

CI draws a few repeatable examples a test; ``HYPOTHESIS_PROFILE=explore`` draws 1,000 fresh ones.
Inputs that once broke a property stay in ``KNOWN``, held to all of them.
"""

from __future__ import annotations

import hashlib
import html
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedupe_text
from dedupe_text import DedupeConfig, DedupeResult
from dedupe_text.config import KeepPolicy

FORMATS = ("text", "markdown", "html")
VOCABULARY = tuple("harbour ferry council vote monday fares town residents night service bridge repairs library "
              "hours museum quay bakery staff season vessel report inspection august roads noon school "
              "lease operator tickets winter crews district river budget water said would also".split())
TINY_VOCABULARY = ("aa", "aaaa", "aaaaaaaaa", "a", "0")
"""Degenerate words: long runs of one letter make shingles and ratios collide."""
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
BIDI = ("\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069")
COMBINING = ("\u0301", "\u0300", "\u0308", "\u0327", "\u0303", "\u20dd", "\u0e48")
ODD_SPACE = ("\u00a0", "\u3000", "\u2009", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1c")
"""Whitespace to Python's ``str.split`` and ``strip``, but no line break to the segmenter."""
INVISIBLE = ZERO_WIDTH + BIDI + COMBINING + ODD_SPACE
CJK = "港口委员会周一投票决定提高渡轮票价居民表示反对新的时刻表将于三月生效图书馆延长开放时间"
THAI = "คณะกรรมการท่าเรือลงมติเพิ่มค่าโดยสารเรือข้ามฟากผู้อยู่อาศัยคัดค้านห้องสมุดขยายเวลาเปิด"
LINE_END = st.sampled_from(["\n", "\r\n", "\r"])
BLANK = st.sampled_from(["", " ", "\t", "  \t ", "\u00a0", "\u3000", "\x0c", "\u2028"])
"""What a blank line may hold."""

CI_EXAMPLES = 30
"""Examples a test under the repeatable CI profile (the module's 12 tests in 10-20 s)."""
PROFILE = settings()  # the loaded profile's settings
HOSTILE = settings(max_examples=CI_EXAMPLES if PROFILE.derandomize else PROFILE.max_examples,
                   deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
"""The repeatable profile draws CI_EXAMPLES a test; another keeps its own count (explore: 1,000)."""


def _insert(text: str, at: int, piece: str) -> str:
    at = min(at, len(text))
    return text[:at] + piece + text[at:]


@st.composite
def tokens(draw: st.DrawFn, words: tuple[str, ...]) -> str:
    """A word, a number, a run of CJK or Thai, each perhaps with an invisible character in it."""
    kind = draw(st.sampled_from(["word", "word", "word", "number", "cjk", "thai"]))
    token = {
        "word": lambda: draw(st.sampled_from(words)),
        "number": lambda: str(draw(st.integers(0, 10**6))),
        "cjk": lambda: draw(st.text(st.sampled_from(CJK), min_size=2, max_size=12)),
        "thai": lambda: draw(st.text(st.sampled_from(THAI), min_size=2, max_size=12)),
    }[kind]()
    if draw(st.integers(0, 4)) == 0:
        token = _insert(token, draw(st.integers(0, len(token))), draw(st.sampled_from(INVISIBLE)))
    return token


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    """Prose of everyday or degenerate words, a digit-only line, or a CJK or Thai sentence."""
    kind = draw(st.sampled_from(["prose", "prose", "degenerate", "wrap width", "digits", "cjk", "thai"]))
    if kind == "wrap width":  # a line as long as hard-wrapped prose's, ending mid-sentence
        words = VOCABULARY if draw(st.booleans()) else TINY_VOCABULARY
        line, target = "", draw(st.integers(40, 100))
        while len(line) < target:
            line = f"{line} {draw(tokens(words))}".strip()
        return line
    if kind == "digits":
        return " ".join(str(n) for n in draw(st.lists(st.integers(0, 10**5), min_size=1, max_size=4)))
    if kind in ("cjk", "thai"):
        alphabet = CJK if kind == "cjk" else THAI
        return draw(st.text(st.sampled_from(alphabet), min_size=4, max_size=60)) + ("。" if kind == "cjk" else "")
    words = VOCABULARY if kind == "prose" else TINY_VOCABULARY
    text = " ".join(draw(st.lists(tokens(words), min_size=1, max_size=18)))
    return text.capitalize() + draw(st.sampled_from(["", "", "", ".", ":", " ...", "?"]))  # mostly mid-sentence


@st.composite
def variants(draw: st.DrawFn, source: str) -> str:
    """Copy ``source`` exactly, one character apart, cut, extended, or changed only where normalization looks away."""
    at = draw(st.integers(0, len(source)))
    kind = draw(st.sampled_from(["exact", "exact", "substitute", "delete", "insert", "invisible", "upper",
                                 "emphasis", "nbsp", "ellipsis", "fullwidth", "padded", "extended", "cut"]))
    if kind == "extended":
        return source + " " + draw(st.sampled_from(["0", "a", "aa", "1", "ferry", "said monday."]))
    if kind == "cut":
        return source[:draw(st.integers(len(source) // 2, len(source)))]
    if kind == "substitute" and source:
        at = min(at, len(source) - 1)
        return source[:at] + draw(st.sampled_from("aeiouxz09 ")) + source[at + 1:]
    if kind == "delete":
        return source[:at] + source[at + 1:]
    if kind == "insert":
        return _insert(source, at, draw(st.sampled_from("aex7 ,")))
    if kind == "invisible":
        return _insert(source, at, draw(st.sampled_from(INVISIBLE)))
    if kind == "upper":
        return source.upper()
    if kind == "emphasis":
        return f"**{source}**"
    if kind == "nbsp":
        return source.replace(" ", "\u00a0")
    if kind == "ellipsis":
        return source + "..."
    if kind == "fullwidth":  # NFKC folds full-width forms back to ASCII
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in source)
    if kind == "padded":
        return " " + source + "\t"
    return source


@st.composite
def with_copies(draw: st.DrawFn) -> list[str]:
    """Paragraphs where some are copies (or near-copies) of earlier ones, copies of copies included."""
    paras = draw(st.lists(paragraphs(), min_size=1, max_size=10))
    for _ in range(draw(st.integers(0, 8))):
        source = draw(st.sampled_from(paras))
        paras.insert(draw(st.integers(0, len(paras))), draw(variants(source)))
    return paras


def _digest(serial: int, part: int) -> bytes:
    return hashlib.blake2b(f"{serial}/{part}".encode(), digest_size=8).digest()


@st.composite
def distinct(draw: st.DrawFn, count: int) -> list[str]:
    """``count`` paragraphs that resemble no other: digest words in Latin, CJK, Thai or digits, decorated."""
    out = []
    for serial in range(count):
        script = draw(st.sampled_from(["latin", "latin", "cjk", "thai", "digits"]))
        parts = [_digest(serial, j) for j in range(draw(st.integers(3, 6)))]
        if script == "latin":
            text = " ".join(d.hex()[:10] for d in parts)
        elif script == "cjk":
            text = "".join(chr(0x4E00 + int.from_bytes(d[k:k + 2], "big") % 20000) for d in parts for k in (0, 2, 4))
        elif script == "thai":
            text = "".join(chr(0x0E01 + b % 46) for d in parts for b in d[:5])
        else:
            text = " ".join(str(int.from_bytes(d[:4], "big")) for d in parts)
        for _ in range(draw(st.integers(0, 2))):
            text = _insert(text, draw(st.integers(1, len(text))), draw(st.sampled_from(ZERO_WIDTH + BIDI + COMBINING)))
        out.append(text)
    return out


# --- Rendering paragraphs as a document of each format --------------------------------------------------------------

@st.composite
def as_text(draw: st.DrawFn, paras: list[str]) -> str:
    """One paragraph a line, hard-wrapped blank-line blocks, or blocks of a few lines: the wrap decision on edge.

    In "blocks", consecutive paragraphs share a blank-line block, some of them wrapped, so that removing
    one line changes which lines are inner lines of a block. Line endings are drawn line by line
    (``\n``, ``\r\n``, ``\r``); blank lines may hold odd whitespace.
    """
    mode = draw(st.sampled_from(["lines", "wrapped", "blocks", "blocks"]))
    width = draw(st.integers(30, 90))
    parts = []
    for p in paras:
        end = draw(LINE_END)
        wrap = mode == "wrapped" or (mode == "blocks" and draw(st.integers(0, 3)) == 0)
        blank = mode == "wrapped" or draw(st.integers(0, 2 if mode == "blocks" else 5)) == 0
        parts.append(textwrap.fill(p, width, break_long_words=False).replace("\n", end) if wrap else p)
        parts.append(end + (draw(BLANK) + end if blank else ""))
    text = "".join(parts)
    return text if draw(st.booleans()) else text.rstrip("\r\n")


MARKDOWN_BLOCKS = ("{}", "{}", "# {}", "## {}", "- {}", "1. {}", "> {}", "**{}**", "*{}*", "{}\n===")


@st.composite
def as_markdown(draw: st.DrawFn, paras: list[str]) -> str:
    """Headings, list items, quotes and emphasised paragraphs, separated by blank-line variants."""
    end = draw(LINE_END)
    parts = []
    for p in paras:
        block = draw(st.sampled_from(MARKDOWN_BLOCKS)).format(p.strip() or p).replace("\n", end)
        parts.append(block + end + (draw(BLANK) + end if draw(st.integers(0, 5)) else ""))
    return "".join(parts)


HTML_BLOCKS = ("<p>{}</p>", "<p>{}</p>", "<h2>{}</h2>", "<ul><li>{}</li></ul>", "<div>{}</div>",
               "<blockquote><p>{}</p></blockquote>", "<table><tr><td>{}</td></tr></table>", "<p>{}<br>{}</p>")


@st.composite
def as_html(draw: st.DrawFn, paras: list[str]) -> str:
    """Block elements with escaped text (some characters as numeric references) and odd whitespace between."""
    body = []
    for p in paras:
        text = html.escape(p)
        if draw(st.integers(0, 3)) == 0:
            text = "".join(f"&#{ord(c)};" if not c.isascii() else c for c in text)
        tag = draw(st.sampled_from(HTML_BLOCKS))
        body.append(tag.format(text, "") + draw(st.sampled_from(["", "\n", "\r\n", "\r", " \t", "\u00a0"])))
    return "<!doctype html><html><head><title>t</title></head><body>\n" + "".join(body) + "</body></html>\n"


RENDER = {"text": as_text, "markdown": as_markdown, "html": as_html}


@st.composite
def documents(draw: st.DrawFn, fmt: str) -> str:
    """A document in ``fmt`` with copies and near-copies among its paragraphs."""
    return draw(RENDER[fmt](draw(with_copies())))


@st.composite
def documents_without_copies(draw: st.DrawFn, fmt: str) -> str:
    return draw(RENDER[fmt](draw(distinct(draw(st.integers(1, 12))))))


CONFIGS = st.builds(DedupeConfig, keep=st.sampled_from(["complete", "first", "last", "longest"]),
                    all_pairs_max=st.sampled_from([0, 300]))


# --- The properties ---------------------------------------------------------------------------------------------

def assert_idempotent(text: str, fmt: str, config: DedupeConfig) -> None:
    once = dedupe_text.dedupe(text, config, format=fmt).text
    assert dedupe_text.dedupe(once, config, format=fmt).text == once


def assert_removals_point_at_kept(result: DedupeResult) -> None:
    kept = set(result.kept)
    removed = [r.index for r in result.removals]
    assert len(set(removed)) == len(removed) and not kept & set(removed)
    for r in result.removals:
        assert r.source is None and r.duplicate_of in kept, f"paragraph {r.index} points at {r.duplicate_of}"


def is_cut_from(out: str, source: str) -> bool:
    """Tell whether ``out`` is ``source`` with some substrings deleted (a subsequence)."""
    rest = iter(source)
    return all(c in rest for c in out)


def assert_output_is_kept_in_order(text: str, result: DedupeResult, fmt: str) -> None:
    """The output is the input cut, holding each kept paragraph as it was, in order, and no other paragraph.

    Plain text has nothing but paragraphs and whitespace. Markdown also has what is never a block
    (code, rules, empty list items), so its output, parsed again, must give exactly the kept blocks;
    HTML output may be re-serialized, so there only that second check applies.
    """
    kept = [result.paragraphs[i] for i in result.kept]
    if fmt != "text":
        again = dedupe_text.dedupe(result.text, result.config, format=fmt)
        assert [p.text for p in again.paragraphs] == [p.text for p in kept]
    if fmt == "html":
        return
    assert is_cut_from(result.text, text)
    rest, position = result.text, 0
    for p in kept:
        found = rest.find(text[p.start:p.end], position)
        assert found >= 0, f"kept paragraph {p.index} is missing or out of order"
        rest, position = rest[:found] + rest[found + p.end - p.start:], found
    assert fmt != "text" or not rest.strip(), "the output holds text that is no kept paragraph"


@pytest.mark.parametrize("fmt", FORMATS)
@HOSTILE
@given(data=st.data(), config=CONFIGS)
def test_cleaning_twice_changes_nothing(fmt: str, data: st.DataObject, config: DedupeConfig) -> None:
    assert_idempotent(data.draw(documents(fmt), label="document"), fmt, config)


@pytest.mark.parametrize("fmt", FORMATS)
@HOSTILE
@given(data=st.data(), config=CONFIGS)
def test_every_removal_points_at_a_paragraph_that_stays(fmt: str, data: st.DataObject, config: DedupeConfig) -> None:
    assert_removals_point_at_kept(dedupe_text.dedupe(data.draw(documents(fmt), label="document"), config, format=fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@HOSTILE
@given(data=st.data(), config=CONFIGS)
def test_output_is_the_kept_paragraphs_in_order(fmt: str, data: st.DataObject, config: DedupeConfig) -> None:
    text = data.draw(documents(fmt), label="document")
    assert_output_is_kept_in_order(text, dedupe_text.dedupe(text, config, format=fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@HOSTILE
@given(data=st.data())
def test_a_document_without_copies_comes_back_byte_identical(fmt: str, data: st.DataObject) -> None:
    text = data.draw(documents_without_copies(fmt), label="document")
    result = dedupe_text.dedupe(text, format=fmt)
    assert result.removals == ()
    assert result.text == text


KNOWN = [
    pytest.param("text", "aa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa 0\n\naa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa\n0\n"
                 "aa aa aa aa aa aa aa aaaa aaaa aaaaaaaaa\n", id="issue-16-hard-wrap-flips-on-the-output"),
    pytest.param("text", "\n\n0\n0\n0\n\n\n\naa aa aa aa aa aa aa\naa aa aa aa aa aa aa\n",
                 id="issue-16-run-points-at-a-removed-line"),
    pytest.param("text", "aaaaaaaaa 图将渡定生反会高委提定 0 0 0 a a  a   aaa\n"
                 "a a  aa 28 效效周的馆效延效周间间价 ้เศิุฟเ   a a aa\n"
                 "a    a          a                      a\na a a a a aaaaaaaaaaaaaaaaaaaaa aaaaaaaa\n"
                 "a a a a a a a a a a a aaaaaaaaa aaaaaaaa\na a a a a aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
                 "a a a a a a a a a a aaaaaaaaaaaaaaaaaaaa\na\n\naaaaaaaaa 图将渡定生反会高委提定   0 0 a a a aa  aa\n"
                 "a a a    aa8 效效周的馆效延效周间间价 ้เศิุฟเa   a a\na\n\na\na",
                 id="hard-wrapped-input-reads-as-lines-once-a-copy-is-gone"),
    pytest.param("text", "Note\nThe harbour committee met on the quay to discuss ferry fares.\nNote\n"
                 "The harbour committee met on the quay to discuss ferry fares.\nNote\n",
                 id="run-points-at-a-removed-line-when-the-last-copy-stays"),
    pytest.param("markdown", "Harbour ferry council vote\n\u00a0\n- Harbour ferry council vote\n",
                 id="markdown-no-break-space-line-cut-with-the-copy-after-it"),
    pytest.param("markdown", "# Harbour ferry council vote\n\u2028\nHarbour ferry council vote\n",
                 id="markdown-line-separator-line-cut-with-the-copy-before-it"),
    pytest.param("markdown", "235a33a586931aaa将a aa 101 11232 aaaa aaa\r# 235a33a586931aa aaa a aa 101 11232 aaaa.\r"
                 "235 33 586931aa aa aaa aa 101 11232 a aa", id="markdown-chain-of-near-copies-kept-its-middle"),
    pytest.param("markdown", " a a  aa aa a aaaaa aa aaaaaaaaa ฟู่วด̃ิ a\n- aa aa aaa aaaaaaaaa aa aaaaaaaaa ฟู่วด̃ิ\n"
                 "1. a aaaahaaa abour harbour harbour harbour\n# a aaa harbour harbour harbour aaaaarbour\n"
                 "*aaaaaaaaa aa aaaaaaaaa aaaaaa a aa ูวด̃", id="markdown-pairs-confirmed-only-once-a-copy-is-gone"),
]
"""Hostile inputs that broke a property once: every property must hold on each, under every keep policy."""


@pytest.mark.parametrize("keep", ["complete", "first", "last", "longest"])
@pytest.mark.parametrize(("fmt", "text"), KNOWN)
def test_inputs_that_broke_a_property_hold_them_all(fmt: str, text: str, keep: KeepPolicy) -> None:
    config = DedupeConfig(keep=keep)
    result = dedupe_text.dedupe(text, config, format=fmt)
    assert_removals_point_at_kept(result)
    assert_output_is_kept_in_order(text, result, fmt)
    assert_idempotent(text, fmt, config)
