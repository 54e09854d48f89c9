"""Synthetic corpora for the index benchmarks, built from ../shared/eval/dev_articles.jsonl.

Three kinds of documents, all deterministic for a seed:
- filler: unique paragraphs drawn from the articles' vocabulary (to grow an index to size);
- probes: paragraphs of the articles with 1-3 words edited (recall on light edits);
- outlets: every article re-published by a few "outlets" with light edits, furniture lines
  and notes of their own, in shuffled order, with the gold answer of what is redundant.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dedupe_text.normalize import normalize

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev_articles.jsonl"
_WORD = re.compile(r"\S+")


def load_articles(path: Path = ARTICLES) -> list[list[str]]:
    """Return each article's paragraphs (raises FileNotFoundError when the data is absent)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["paras"] for line in fh if line.strip()]


def vocabulary(articles: list[list[str]]) -> list[str]:
    """Return the distinct words of the articles, sorted (deterministic)."""
    return sorted({w for paras in articles for p in paras for w in _WORD.findall(p)})


def plain_words(words: list[str]) -> list[str]:
    """Return the words that hold no digit, in order (replacements for ``edit_words``)."""
    return [w for w in words if not any(ch.isdigit() for ch in w)]


def filler_docs(articles: list[list[str]], rng: random.Random, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """Yield documents of unique paragraphs: random words, with the articles' paragraph lengths."""
    words = vocabulary(articles)
    lengths = [len(_WORD.findall(p)) for paras in articles for p in paras]
    counts = [len(paras) for paras in articles]
    n = 0
    while True:
        paras = [" ".join(rng.choices(words, k=max(3, rng.choice(lengths)))) + "." for _ in range(rng.choice(counts))]
        yield f"{prefix}{n}", paras
        n += 1


def edit_words(text: str, edits: int, rng: random.Random, words: list[str]) -> str:
    """Replace, delete or insert ``edits`` words of ``text``, leaving its numbers alone.

    A changed number (a date, a score, a price) states a different fact, which the
    detector keeps on purpose; a light edit changes wording only. ``words`` are the
    replacement words, without digits (``plain_words``).
    """
    toks = _WORD.findall(text)
    if all(any(ch.isdigit() for ch in t) for t in toks):
        return text
    for _ in range(edits):
        if all(any(ch.isdigit() for ch in t) for t in toks):  # a deletion left only numbers
            break
        at = rng.randrange(len(toks))
        while any(ch.isdigit() for ch in toks[at]):
            at = rng.randrange(len(toks))
        kind = rng.choice(("replace", "delete", "insert"))
        if kind == "replace":
            toks[at] = rng.choice(words)
        elif kind == "delete" and len(toks) > 3:
            del toks[at]
        else:
            toks.insert(at, rng.choice(words))
    return " ".join(toks)


@dataclass(frozen=True)
class Copy:
    """One published paragraph and its origin's normalized text (None for an outlet's own text)."""

    text: str
    group: str | None


def outlets_corpus(articles: list[list[str]], rng: random.Random, outlets: int = 6,
                   copies: tuple[int, int] = (1, 4)) -> list[tuple[str, list[Copy]]]:
    """Re-publish every article across outlets with light edits; return documents in arrival order.

    Each article appears once at its first outlet and again at ``copies`` others. A copy keeps
    most paragraphs unchanged, edits 1-3 words of some long ones, changes quotes or case of
    others, drops a few, and adds the outlet's furniture (the same two lines on every page
    of that outlet) and a note of its own (unique).
    """
    words = plain_words(vocabulary(articles))
    furniture = {o: [f"Follow Outlet {o} on social media for the latest headlines and updates.",
                     f"Copyright Outlet {o} Media Group. All rights reserved. Reproduction prohibited."]
                 for o in range(outlets)}
    docs: list[tuple[str, list[Copy]]] = []
    for a, paras in enumerate(articles):
        homes = rng.sample(range(outlets), 1 + rng.randint(*copies))
        for k, o in enumerate(homes):
            body: list[Copy] = []
            for text in paras:
                group = normalize(text)
                if k == 0:
                    body.append(Copy(text, group))
                    continue
                roll = rng.random()
                if roll < 0.05:
                    continue
                if roll < 0.25 and len(text) >= 150:
                    text = edit_words(text, rng.randint(1, 3), rng, words)
                elif roll < 0.35:
                    text = text.replace('"', "\u201c", 1).replace("'", "\u2019")
                body.append(Copy(text, group))
            note = Copy(f"Outlet {o} note {rng.getrandbits(48):x}: this copy of story {a} was filed at {k}.", None)
            page = [Copy(furniture[o][0], normalize(furniture[o][0])), *body, note,
                    Copy(furniture[o][1], normalize(furniture[o][1]))]
            docs.append((f"outlet{o}/story{a}", page))
    rng.shuffle(docs)
    return docs
