"""Editors' review: a redline page, overrules (keep, allow) and saved decisions.

Paragraph numbers in this package's ``keep_numbers`` arguments are 1-based, as the page shows them.
"""

from __future__ import annotations

from .decisions import apply_decisions, decision_fields, decisions_document, parse_decisions, text_sha256
from .overrule import keep_indexes, overruled, parse_allow_list, parse_keep, review
from .page import render_html
from .terminal import copy_diff

__all__ = [
    "apply_decisions",
    "copy_diff",
    "decision_fields",
    "decisions_document",
    "keep_indexes",
    "overruled",
    "parse_allow_list",
    "parse_decisions",
    "parse_keep",
    "render_html",
    "review",
    "text_sha256",
]
