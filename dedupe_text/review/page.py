"""Render a deduplication as one self-contained HTML page an editor can review (a redline)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from html import escape

from ..result import RULES, DedupeResult, Removal
from ..segment import Paragraph
from ..worddiff import printable, render, word_diff
from .overrule import keep_indexes
from .terminal import DIFF_RULES

_STYLE = """
:root { --exact: #fbe1e1; --exact-edge: #c62828; --near: #fff0d2; --near-edge: #d98300;
  --contained: #ebe4fb; --contained-edge: #6a48c9; --run: #ececec; --run-edge: #757575; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 Georgia, "DejaVu Serif", serif; color: #1d1d1d; background: #fafaf7; }
header { padding: 18px 32px 10px; background: #fff; border-bottom: 1px solid #ddd; }
h1 { margin: 0 0 10px; font: 600 20px/1.3 system-ui, "DejaVu Sans", sans-serif; }
.summary { display: flex; gap: 12px; margin: 0; flex-wrap: wrap; }
.summary div { background: #f3f3ef; border-radius: 6px; padding: 6px 14px; min-width: 120px; }
.summary dt { font: 12px system-ui, "DejaVu Sans", sans-serif; color: #555; text-transform: uppercase; }
.summary dd { margin: 0; font: 600 22px system-ui, "DejaVu Sans", sans-serif; }
.legend { margin: 10px 0 0; font: 13px/1.9 system-ui, "DejaVu Sans", sans-serif; color: #444; }
.chip { display: inline-block; padding: 0 8px; border-radius: 10px; margin-right: 6px;
  border-left: 4px solid; font: 12px/1.7 system-ui, "DejaVu Sans", sans-serif; }
main { padding: 16px 32px 40px; }
.para { display: grid; grid-template-columns: 4.5em minmax(0, 1fr) 15em; gap: 0 16px;
  padding: 6px 0; border-left: 4px solid transparent; }
.num { font: 12px/2 system-ui, "DejaVu Sans", sans-serif; color: #777; text-align: right;
  text-decoration: none; padding-right: 4px; }
.text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { font: 13px/1.5 system-ui, "DejaVu Sans", sans-serif; color: #444; }
.note a { color: inherit; font-weight: 600; }
.text del, .legend del.struck { text-decoration: line-through; color: #5a5a5a; background: none; }
.rule-exact, .chip.rule-exact { background: var(--exact); border-color: var(--exact-edge); }
.rule-near, .chip.rule-near { background: var(--near); border-color: var(--near-edge); }
.rule-contained, .chip.rule-contained { background: var(--contained); border-color: var(--contained-edge); }
.rule-run, .chip.rule-run { background: var(--run); border-color: var(--run-edge); }
.chip.editor, .para.editor { border-color: #2e7d32; }
.diff { margin: 6px 0 0; padding: 6px 10px; background: #fff; border: 1px dashed #bbb;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
.diff-label { display: block; font: 12px system-ui, "DejaVu Sans", sans-serif; color: #666; }
.diff del, .legend del.only-here { text-decoration: none; background: #f7c6c6; color: #7f1010;
  border-radius: 3px; }
.diff ins, .legend ins { text-decoration: underline; background: #c8ecc9; color: #0f5312; }
.para:target { outline: 2px solid #1565c0; outline-offset: 2px; }
"""

_SCORES = {"exact": "identical once normalized", "near": "similarity {0:g}", "contained": "containment {1:g}",
           "run": "short line inside a repeated run"}
_ARTICLES = {"exact": "an", "near": "a", "contained": "a", "run": "a"}
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _anchor(index: int) -> str:
    """The element id of paragraph ``index`` (0-based), named by its 1-based number."""
    return f"p{index + 1}"


def _link(index: int) -> str:
    return f'<a class="repeats" href="#{_anchor(index)}">¶{index + 1}</a>'


def _summary(result: DedupeResult) -> str:
    total = sum(len(p.text) for p in result.paragraphs)
    share = f" ({100 * result.chars_saved / total:.0f}%)" if total else ""
    figures = [
        ("paragraphs-in", "Paragraphs in", str(len(result.paragraphs)), len(result.paragraphs)),
        ("removed", "Removed", str(len(result.removals)), len(result.removals)),
        ("kept", "Kept", str(len(result.kept)), len(result.kept)),
        ("chars-saved", "Characters saved", f"{result.chars_saved:,}{share}", result.chars_saved),
    ]
    items = "".join(
        f'<div><dt>{label}</dt><dd id="{key}" data-value="{value}">{shown}</dd></div>'
        for key, label, shown, value in figures
    )
    return f'<dl class="summary">{items}</dl>'


def _legend(result: DedupeResult, editor: Collection[int], diffs: bool) -> str:
    """Explain the marks; a chip for each rule that removed something (with its count), none for the others."""
    counts = Counter(r.rule for r in result.removals)
    chips = "".join(f'<span class="chip rule-{rule}">{rule} · {counts[rule]}</span>' for rule in RULES if counts[rule])
    chips += '<span class="chip editor">kept by editor</span>' if editor else ""
    why = f" Shading tells why. {chips}" if chips else ""
    words = ('<br>In a word diff under a paragraph: <del class="only-here">marked</del> words are only in that '
             'paragraph, <ins>underlined</ins> words only in the paragraph it repeats.') if diffs else ""
    return f'<p class="legend"><del class="struck">Struck through</del>: removed.{why}{words}</p>'


def _diff(copy: str, kept: Paragraph) -> str:
    """Diff a copy against the paragraph it repeats: old is the copy, new is what stays."""
    marked = render(word_diff(copy, kept.text), ("<del>", "</del>"), ("<ins>", "</ins>"), escape)
    return (f'<div class="diff"><span class="diff-label">Word diff against ¶{kept.index + 1}: marked words are '
            f'only here, underlined ones only in ¶{kept.index + 1}</span>{marked}</div>')


def _finding(r: Removal) -> str:
    """Name the paragraph a removal repeats (a link when it is in this document), its rule and scores."""
    scores = _SCORES[r.rule].format(r.similarity, r.containment)
    where = f"¶{r.duplicate_of + 1} of {escape(r.source)}" if r.source is not None else \
        f"{_link(r.duplicate_of)} (line {r.duplicate_line})"
    return f"<b>{r.rule}</b> · repeats {where} · {scores}"


def _extra(r: Removal, paragraphs: tuple[Paragraph, ...]) -> str:
    """The word diff a near or contained copy carries against the paragraph it repeats, if any."""
    if r.rule not in DIFF_RULES or r.source is not None:
        return ""
    return _diff(r.text, paragraphs[r.duplicate_of])


def _kept_by_editor(found: Removal | None, *, told: bool) -> str:
    """The note of a paragraph the editor kept: what the tool found there, when the caller ``told`` it."""
    if found is not None:
        return f"<b>kept by editor</b> · the tool found: {_finding(found)}"
    return "<b>kept by editor</b>" + (" · the tool would keep it too" if told else "")


def _paragraph(p: Paragraph, result: DedupeResult, removals: dict[int, Removal], copies: dict[int, list[int]],
               editor: Collection[int], overruled: dict[int, Removal] | None) -> str:
    """Render one paragraph's section; ``overruled`` is None when the caller did not say what the tool saw."""
    notes, extra = [], ""
    if p.index in removals:
        classes = f"removed rule-{removals[p.index].rule}"
        notes.append(_finding(removals[p.index]))
        extra = _extra(removals[p.index], result.paragraphs)
    else:
        classes = "kept"
        if p.index in editor:
            classes += " editor"
            found = (overruled or {}).get(p.index)
            notes.append(_kept_by_editor(found, told=overruled is not None))
            extra = _extra(found, result.paragraphs) if found else ""
        elif result.config.allows(p.text):
            notes.append("<b>allowed</b> to repeat")
        if p.index in copies:
            notes.append("kept; repeated by " + ", ".join(_link(i) for i in copies[p.index]))
    notes.extend(f"{_link(r.index)}, <b>kept by editor</b>, is {_ARTICLES[r.rule]} {r.rule} copy of this · "
                 f"{_SCORES[r.rule].format(r.similarity, r.containment)}"
                 for r in (overruled or {}).values() if r.source is None and r.duplicate_of == p.index)
    text = f"<del>{escape(p.text)}</del>" if p.index in removals else escape(p.text)
    return (f'<section class="para {classes}" id="{_anchor(p.index)}">'
            f'<a class="num" href="#{_anchor(p.index)}">¶{p.index + 1}<br>line {p.line}</a>'
            f'<div class="body"><p class="text">{text}</p>{extra}</div>'
            f'<aside class="note">{" · ".join(notes)}</aside></section>')


def render_html(result: DedupeResult, *, title: str = "article", keep_numbers: Collection[int] = (),
                overruled: Collection[Removal] | None = None) -> str:
    """Render ``result`` as one self-contained HTML page: the article as it arrived, removals struck.

    Each removed paragraph is struck (``<del>``) and shaded by rule, with a note linking to
    the paragraph it repeats; near and contained copies carry a word diff against it
    (``<del>`` words only in the copy, ``<ins>`` words only in the paragraph that stays).
    ``keep_numbers`` lists the paragraph numbers (1-based, as the page shows them) an editor
    kept; ``overruled`` the removals the tool proposed for them (from ``overruled()``), shown
    with their scores on the kept paragraph and on the one it repeats (without it, the page
    says only "kept by editor"). Every piece of article
    text is HTML-escaped (lone surrogates shown as U+FFFD); the page loads nothing and runs no script.

    >>> from dedupe_text import dedupe
    >>> page = render_html(dedupe("<b>Same text, pasted twice</b>\\n<b>Same text, pasted twice</b>\\n"))
    >>> '<section class="para removed rule-exact" id="p2">' in page, "<b>Same" in page
    (True, False)
    """
    if not isinstance(result, DedupeResult):
        raise TypeError(f"result must be DedupeResult, not {type(result).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"title must be str, not {type(title).__name__}")
    if overruled is not None and not all(isinstance(r, Removal) for r in overruled):
        raise TypeError("overruled must hold Removal objects (see dedupe_text.review.overruled)")
    removals = {r.index: r for r in result.removals}
    copies = {g.kept: list(g.removed) for g in result.groups}
    found = None if overruled is None else {r.index: r for r in overruled if r.index not in removals}
    editor = keep_indexes(keep_numbers, len(result.paragraphs)) | (found or {}).keys()
    diffs = any(r.rule in DIFF_RULES and r.source is None for r in (*result.removals, *(found or {}).values()))
    body = "\n".join(_paragraph(p, result, removals, copies, editor, found) for p in result.paragraphs)
    return printable(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Review: {escape(title)}</title>\n<style>{_STYLE}</style></head>\n<body>\n"
        f"<header><h1>Review: {escape(title)}</h1>{_summary(result)}{_legend(result, editor, diffs)}</header>\n"
        f"<main><article>\n{body}\n</article></main>\n</body></html>\n"
    )
