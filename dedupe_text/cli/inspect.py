"""``check``, ``report`` and ``diff``: say what ``clean`` would remove, and change nothing."""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import Any

import click

from ..api import DedupeJob, document_id, report_document
from ..files import Source, expand
from ..formats import Decoded
from ..render import check_dict, check_lines, report_text, unified_diff
from ..result import DedupeResult
from ..review import copy_diff, overruled, render_html
from ..review.terminal import CONTEXT, annotate_diff
from .errors import EXIT_FOUND, about
from .options import batch_options, color_option, detection_options, format_option, make_job, to_option
from .output import emit, emit_json, use_color, write_file

DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def process(job: DedupeJob, document: Decoded, source: Source) -> tuple[DedupeResult, tuple[int, ...]]:
    """Run the job on one document read from ``source`` (errors named by it); also return the numbers it kept."""
    with about(source.path):
        return job.dedupe_keeping(document.text, format=document.format,
                                  doc_id=source.path if source.is_stdin else document_id(source.path))


@click.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@to_option
@batch_options
@format_option()
@detection_options
def check(files: tuple[str, ...], output_format: str, recursive: bool, pattern: str, quiet: bool, verbose: bool,
          **options: Any) -> None:
    """List redundant paragraphs in FILES (or stdin) and change nothing.

    Prints one line per redundant paragraph, "path:line: duplicate of line N (rule,
    score)", and exits with status 1 when there was any, 0 when none: ready for CI and
    pre-commit hooks. With --to json, prints one JSON document instead (docs/cli.md).

    \b
    Examples:
        dedupe-text check article.txt
        dedupe-text check -r --glob '*.md' docs/
        dedupe-text check --to json article.txt | jq '.files[].removals[].line'
    """
    job, reading = make_job(options)
    results: list[tuple[str, DedupeResult]] = []
    for source in expand(files, pattern=pattern, recursive=recursive):
        result = process(job, reading.read(source), source)[0]
        results.append((source.path, result))
        if output_format == "text" and not quiet:  # like grep -q: the exit status alone tells
            for line in check_lines(result, source.path):
                emit(line)
        if verbose:
            click.echo(f"{source.path}: {len(result.removals)} redundant", err=True)
    document = check_dict(results)
    if output_format == "json" and not quiet:
        emit_json(document)
    if document["redundant"]:
        sys.exit(EXIT_FOUND)


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@to_option
@format_option(legacy_json=True)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="OUT.html",
              help="Also write the review page: the article with removals struck through (docs/review.md).")
@color_option
@detection_options
def report(file: str, output_format: str, html_path: str | None, color: str, **options: Any) -> None:
    """Explain the duplicates in FILE, group by group, with lines and scores.

    Each group shows the kept paragraph and the copies removed (shortened), their line
    numbers, the rule that fired and the similarity and containment scores.

    Near and contained copies get a word diff against the paragraph they repeat. The
    JSON document (--to json) is DedupeResult.to_dict() with "version", "file", "lines"
    (the line of every paragraph), "input_sha256" and "keep" (the paragraph numbers
    --keep named) added: saved, it is a decisions file for clean --decisions.

    \b
    Examples:
        dedupe-text report article.txt
        dedupe-text report article.txt --html article.html
        dedupe-text report article.txt --keep 11 --to json > article.decisions.json
        dedupe-text report article.txt --to json | jq '.removals[].line'
    """
    if options["input_format"] == "json":  # the old spelling of --to json
        options["input_format"], output_format = options.pop("legacy_input_format") or "auto", "json"
    else:
        options["input_format"] = options.pop("legacy_input_format") or options["input_format"]
    job, reading = make_job(options)
    source = Source(file, file)
    document = reading.read(source)
    result, kept = process(job, document, source)
    if html_path is not None:
        with about(file):
            tool_saw = overruled(document.text, job.config, keep_numbers=kept, format=document.format) if kept \
                else None
        page = render_html(result, title=os.path.basename(file) if file != "-" else "stdin", keep_numbers=kept,
                           overruled=tool_saw)
        write_file(html_path, page.encode("utf-8", "backslashreplace"))
    if output_format == "json":
        emit_json(report_document(result, file, document.text, kept))
        return
    colored = use_color(color, sys.stdout)
    words = partial(copy_diff, result, color=colored, context=CONTEXT)
    emit(report_text(result, file, diff=words))


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@color_option
@format_option()
@detection_options
def diff(file: str, color: str, **options: Any) -> None:
    """Show what clean would remove from FILE, as a unified diff.

    In colour, each near or contained copy is followed by a "~" line with its word
    diff against the paragraph it repeats; plain output stays a patch.

    \b
    Examples:
        dedupe-text diff article.txt
        dedupe-text diff --color always article.txt | less -R
    """
    job, reading = make_job(options)
    source = Source(file, file)
    document = reading.read(source)
    result = process(job, document, source)[0]
    colored = use_color(color, sys.stdout)
    lines = unified_diff(document.text, result.text, file)
    emit("".join(_styled(line) if colored else line
                 for line in (annotate_diff(lines, result, color=True) if colored else lines)), nl=False)


def _styled(line: str) -> str:
    body = line.rstrip("\r\n")
    style = None if line.startswith(("---", "+++")) else DIFF_STYLES.get(line[0])
    return (click.style(body, fg=style) if style else body) + line[len(body):]

