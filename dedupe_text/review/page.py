"""Render a deduplication as one self-contained HTML page an editor can review (a redline)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from html import escape

from ..result import RULES, DedupeResult, Removal
from ..segment import Paragraph
from ..worddiff import render, word_diff
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
.legend { margin: 10px 0 0; font: 13px system-ui, "DejaVu Sans", sans-serif; color: #444; }
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
.removed .text { text-decoration: line-through; color: #5a5a5a; }
.rule-exact, .chip.rule-exact { background: var(--exact); border-color: var(--exact-edge); }
.rule-near, .chip.rule-near { background: var(--near); border-color: var(--near-edge); }
.rule-contained, .chip.rule-contained { background: var(--contained); border-color: var(--contained-edge); }
.rule-run, .chip.rule-run { background: var(--run); border-color: var(--run-edge); }
.chip.editor, .para.editor { border-color: #2e7d32; }
.diff { margin: 6px 0 0; padding: 6px 10px; background: #fff; border: 1px dashed #bbb;
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
.diff-label { display: block; font: 12px system-ui, "DejaVu Sans", sans-serif; color: #666; }
.diff del { background: #f7c6c6; color: #7f1010; }
.diff ins { background: #c8ecc9; color: #0f5312; text-decoration: underline; }
.para:target { outline: 2px solid #1565c0; outline-offset: 2px; }
"""

_SCORES = {"exact": "identical once normalized", "near": "similarity {0:g}", "contained": "containment {1:g}",
           "run": "short line inside a repeated run"}
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


def _legend(result: DedupeResult) -> str:
    counts = Counter(r.rule for r in result.removals)
    chips = "".join(f'<span class="chip rule-{rule}">{rule} · {counts[rule]}</span>' for rule in RULES)
    return (f'<p class="legend">Struck through: removed. Shading tells why. {chips}'
            '<span class="chip editor">kept by editor</span></p>')


def _diff(removal: Removal, kept: Paragraph) -> str:
    marked = render(word_diff(kept.text, removal.text), ("<del>", "</del>"), ("<ins>", "</ins>"), escape)
    return (f'<div class="diff"><span class="diff-label">Word diff against ¶{kept.index + 1}: '
            f'struck words are only in ¶{kept.index + 1}, underlined ones only here</span>{marked}</div>')


def _removed(p: Paragraph, removal: Removal, paragraphs: tuple[Paragraph, ...]) -> tuple[str, str, str]:
    """Return (classes, note, extra body) for a removed paragraph."""
    scores = _SCORES[removal.rule].format(removal.similarity, removal.containment)
    if removal.source is not None:
        note = f"repeats ¶{removal.duplicate_of + 1} of {escape(removal.source)}"
        return f"removed rule-{removal.rule}", f"<b>{removal.rule}</b> · {note} · {scores}", ""
    kept = paragraphs[removal.duplicate_of]
    note = f"<b>{removal.rule}</b> · repeats {_link(kept.index)} (line {kept.line}) · {scores}"
    extra = _diff(removal, kept) if removal.rule in DIFF_RULES else ""
    return f"removed rule-{removal.rule}", note, extra


def _paragraph(p: Paragraph, result: DedupeResult, removals: dict[int, Removal],
               copies: dict[int, list[int]], editor: Collection[int]) -> str:
    extra = ""
    if p.index in removals:
        classes, note, extra = _removed(p, removals[p.index], result.paragraphs)
    else:
        classes, notes = "kept", []
        if p.index in editor:
            classes += " editor"
            notes.append("<b>kept by editor</b>")
        elif result.config.allows(p.text):
            notes.append("<b>allowed</b> to repeat")
        if p.index in copies:
            notes.append("kept; repeated by " + ", ".join(_link(i) for i in copies[p.index]))
        note = " · ".join(notes)
    return (f'<section class="para {classes}" id="{_anchor(p.index)}">'
            f'<a class="num" href="#{_anchor(p.index)}">¶{p.index + 1}<br>line {p.line}</a>'
            f'<div class="body"><p class="text">{escape(p.text)}</p>{extra}</div>'
            f'<aside class="note">{note}</aside></section>')


def render_html(result: DedupeResult, *, title: str = "article", keep_numbers: Collection[int] = ()) -> str:
    """Render ``result`` as one self-contained HTML page: the article as it arrived, removals struck.

    Each removed paragraph is shaded by rule with a note linking to the paragraph it
    repeats; near and contained copies carry a word diff against it. ``keep_numbers`` lists the
    paragraph numbers (1-based, as the page shows them) an editor kept. Every piece of
    article text is HTML-escaped; the page loads nothing and runs no script.

    >>> from dedupe_text import dedupe
    >>> page = render_html(dedupe("<b>Same text, pasted twice</b>\\n<b>Same text, pasted twice</b>\\n"))
    >>> '<section class="para removed rule-exact" id="p2">' in page, "<b>Same" in page
    (True, False)
    """
    removals = {r.index: r for r in result.removals}
    copies = {g.kept: list(g.removed) for g in result.groups}
    editor = {n - 1 for n in keep_numbers}
    body = "\n".join(_paragraph(p, result, removals, copies, editor) for p in result.paragraphs)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Review: {escape(title)}</title>\n<style>{_STYLE}</style></head>\n<body>\n"
        f"<header><h1>Review: {escape(title)}</h1>{_summary(result)}{_legend(result)}</header>\n"
        f"<main><article>\n{body}\n</article></main>\n</body></html>\n"
    )
