"""Hypothesis properties of the HTML and Markdown formats.

HTML output is compared byte for byte with the input: a page without duplicates comes
back identical (no parser round trip involved), and a cleaned page is the input with
substrings cut out.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe_text import dedupe
from dedupe_text.formats.html import Page
from dedupe_text.formats.markdown import parse_blocks, split_lines

WORDS = st.lists(st.sampled_from(["harbour", "bridge", "council", "winter", "ferry", "market", "river", "rail"]),
                 min_size=3, max_size=9)
SPACE = st.sampled_from(["", "\n", "\n  ", " ", "\r\n\t"])
ATTRS = st.sampled_from(["", ' class="x"', " id=a1", " data-v='1 &amp; 2'", " hidden"])
ENTITY = st.sampled_from(["", " &amp;", " &eacute;", " &#8217;", "&nbsp;"])


def text_of(serial: int, words: list[str]) -> str:
    """Text no other block resembles: each word is a digest of the block's serial and the word."""
    return " ".join(hashlib.blake2b(f"{serial}/{j}/{w}".encode(), digest_size=5).hexdigest()
                    for j, w in enumerate(words))


@st.composite
def unique_pages(draw: st.DrawFn) -> str:
    parts = ["<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>t</title></head><body>"]
    repeated = "the same script or code line, repeated on purpose"
    for i in range(draw(st.integers(1, 12))):
        text = text_of(i, draw(WORDS)) + draw(ENTITY)
        kind = draw(st.sampled_from(["p", "h2", "li", "div", "quote", "td", "pre", "script", "short", "comment"]))
        attrs, space = draw(ATTRS), draw(SPACE)
        parts.append(space + {
            "p": f"<p{attrs}>{text}</p>",
            "h2": f"<h2{attrs}>{text}</h2>",
            "li": f"<ul{attrs}><li>{text}<li>{text_of(i + 100, draw(WORDS))}</ul>",
            "div": f"<div{attrs}>{text}</div>",
            "quote": f"<blockquote><p>{text}</p></blockquote>",
            "td": f"<table><tr><td{attrs}>{text}</td><td>{i}</td></tr></table>",
            "pre": f"<pre>{repeated}</pre>",
            "script": f"<script>var s = '{repeated}';</script><p>{text}</p>",
            "short": "<p>Read more</p>",
            "comment": f"<!-- {repeated} --><p>{text}</p>",
        }[kind])
    parts.append(draw(SPACE) + "</body></html>" + draw(SPACE))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(unique_pages())
def test_html_without_duplicates_comes_back_byte_identical(page: str) -> None:
    result = dedupe(page, format="html")
    assert result.removals == ()
    assert result.text == page


def is_cut_from(out: str, source: str) -> bool:
    """Tell whether ``out`` is ``source`` with some substrings deleted (a subsequence)."""
    it = iter(source)
    return all(c in it for c in out)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "h3", "li", "div"]), st.integers(0, 4), SPACE, ATTRS),
                min_size=2, max_size=14), st.data())
def test_html_with_duplicates_keeps_every_text_and_only_cuts(blocks: list, data: st.DataObject) -> None:
    texts = [text_of(k, data.draw(WORDS, label=f"words{k}")) for k in range(5)]
    body = "".join(f"{space}<{tag}{attrs}>{texts[k]}</{tag}>" if tag != "li" else f"{space}<ul><li>{texts[k]}</ul>"
                   for tag, k, space, attrs in blocks)
    page = f"<html><body>{body}\n</body></html>"
    result = dedupe(page, format="html")
    kept = Counter(result.paragraphs[i].text for i in result.kept)
    assert Counter(b.text for b in Page(result.text).blocks()) == kept
    assert set(kept) == {p.text for p in result.paragraphs}, "no text lost"
    assert is_cut_from(result.text, page)


@st.composite
def markdown_posts(draw: st.DrawFn) -> tuple[str, bool]:
    """A post, and whether it was built with repeated text blocks."""
    pool = [text_of(k, draw(WORDS)) for k in range(4)]
    repeat = draw(st.booleans())
    lines = ["---", "title: same front matter line", "---"] if draw(st.booleans()) else []
    code = "```\nthe same code line, repeated on purpose\n```"
    for i in range(draw(st.integers(1, 10))):
        text = pool[draw(st.integers(0, 3))] if repeat else text_of(10 + i, draw(WORDS))
        kind = draw(st.sampled_from(["para", "h1", "setext", "bold", "item", "quote", "code", "tilde"]))
        lines.append({
            "para": text, "h1": f"# {text}", "setext": f"{text}\n---", "bold": f"**{text}**", "item": f"- {text}",
            "quote": f"> {text}", "code": code, "tilde": "~~~\nindented code repeated on purpose\n~~~",
        }[kind])
        lines.append("")
    return "\n".join(lines), repeat


@settings(max_examples=200, deadline=None)
@given(markdown_posts())
def test_markdown_keeps_code_and_only_drops_lines(post_and_repeat: tuple[str, bool]) -> None:
    post, repeated = post_and_repeat
    result = dedupe(post, format="markdown")
    if not repeated:
        assert result.text == post and not result.removals
    assert result.text.count("the same code line, repeated on purpose") == post.count(
        "the same code line, repeated on purpose")
    assert result.text.count("indented code repeated on purpose") == post.count("indented code repeated on purpose")
    kept_lines = iter(post.splitlines(keepends=True))
    assert all(line in kept_lines for line in result.text.splitlines(keepends=True))
    assert plain_texts(result.text) == plain_texts(post), "no text lost"


def plain_texts(post: str) -> set[str]:
    return {b.text for b in parse_blocks(split_lines(post))}


HTML_PIECES = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<td>", "<tr>", "<table>",
                               "</table>", "<b>", "</b>", "<pre>", "</pre>", "<!--", "-->", "<script>", "</script>",
                               "&amp;", "\n", " ", "<br>", "<h2>", "</span>", "<span>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.sampled_from(["a", "b", "c"]).map(lambda k: text_of(ord(k), ["x"] * 6))),
                max_size=40))
def test_any_tag_soup_is_cleaned_without_losing_text(pieces: list[str]) -> None:
    page = "".join(pieces)
    result = dedupe(page, format="html")
    kept = Counter(result.paragraphs[i].text for i in result.kept)
    after = Counter(b.text for b in Page(result.text).blocks())
    assert not kept - after, "every kept block is still in the output"
    assert {result.paragraphs[r.duplicate_of].text for r in result.removals} <= set(after)


MD_PIECES = st.sampled_from(["# ", "- ", "> ", "1. ", "**", "```", "    ", "\n", "\n\n", "---", "| a | b |",
                             "|---|---|", "===", "\r\n", "[x](y)", "~~~"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(MD_PIECES, st.sampled_from(["a", "b"]).map(lambda k: text_of(ord(k), ["x"] * 6))),
                max_size=40))
def test_any_markdown_soup_only_loses_whole_lines(pieces: list[str]) -> None:
    post = "".join(pieces)
    result = dedupe(post, format="markdown")
    source_lines = iter(post.splitlines(keepends=True))
    out_lines = result.text.splitlines(keepends=True)
    for k, line in enumerate(out_lines):  # a subsequence; the last line may have lost its line break
        assert any(cand == line or (k == len(out_lines) - 1 and cand.rstrip("\r\n") == line)
                   for cand in source_lines)
    assert plain_texts(result.text) <= plain_texts(post), "no block changes its text"


HIDERS = st.sampled_from(["<noscript>{}</noscript>", "<div hidden>{}</div>", '<div style="display:none">{}</div>',
                          "<template>{}</template>", '<section style="visibility: hidden">{}</section>'])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=10), st.lists(st.tuples(st.integers(0, 4), HIDERS,
                                                                                st.integers(0, 10)), max_size=5),
       st.data())
def test_hidden_copies_change_no_decision(order: list[int], hidden: list, data: st.DataObject) -> None:
    texts = [text_of(k, data.draw(WORDS, label=f"words{k}")) for k in range(5)]
    visible = [f"<p>{texts[k]}</p>" for k in order]
    parts = list(visible)
    for k, wrap, at in sorted(hidden, key=lambda h: -h[2]):
        parts.insert(min(at, len(parts)), wrap.format(f"<p>{texts[k]}</p>"))
    plain = dedupe("<body>" + "\n".join(visible) + "\n</body>", format="html")
    page = "<body>" + "\n".join(parts) + "\n</body>"
    result = dedupe(page, format="html")
    assert [p.text for p in result.paragraphs] == [p.text for p in plain.paragraphs]
    assert [(r.index, r.duplicate_of, r.rule) for r in result.removals] == \
        [(r.index, r.duplicate_of, r.rule) for r in plain.removals]
    for k, wrap, _ in hidden:
        assert result.text.count(wrap.format(f"<p>{texts[k]}</p>")) == page.count(wrap.format(f"<p>{texts[k]}</p>"))
