"""``dedupe-text clean``: write FILES (or stdin, or JSON Lines records) without their redundant paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from ..api import DedupeJob, document_id
from ..errors import ConfigError, DecisionsError, InputError
from ..files import Source, expand, iter_lines
from ..records import RecordFields, clean_records
from ..review import parse_decisions
from .errors import Interrupted, UserError, about, as_flags
from .options import (
    Reading,
    batch_options,
    detection_options,
    format_option,
    index_options,
    jsonl_options,
    make_job,
    read_text_file,
)
from .output import Sink, Tally, file_progress, plan_outputs, record_progress


@click.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=True, allow_dash=True), metavar="PATH",
              help="Write to PATH instead of stdout (- is stdout): a file for one input, a directory for several.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each FILE atomically (unchanged files are not touched).")
@click.option("--backup", metavar="SUFFIX", help="With --in-place, keep each original as FILE+SUFFIX.")
@click.option("--decisions", type=click.Path(dir_okay=False), metavar="FILE",
              help="Re-apply decisions saved with report --to json (and reviewed) to the same FILE; refuses a text "
                   "that changed since.")
@jsonl_options
@index_options
@batch_options
@format_option()
@detection_options
def clean(files: tuple[str, ...], output: str | None, in_place: bool, backup: str | None, decisions: str | None,
          jsonl: bool, field_name: str, explain_field: str | None, id_field: str | None, on_error: str,
          recursive: bool, pattern: str, quiet: bool, verbose: bool, **options: Any) -> None:
    """Print FILES (or stdin) with every redundant paragraph removed.

    Kept paragraphs come out byte for byte, with their own line endings. With no FILE,
    or FILE "-", reads standard input. A directory stands for the files in it that match
    --glob. With --jsonl, each line is a JSON record whose --field is cleaned.

    \b
    Examples:
        dedupe-text clean article.txt
        curl -s https://example.org/a.txt | dedupe-text clean > a.txt
        dedupe-text clean --in-place --backup .orig notes/*.txt
        dedupe-text clean -r articles/ -o cleaned/
        dedupe-text clean --keep first --near-threshold 90 article.txt
        dedupe-text clean --jsonl --field body --explain-field removed < pages.jsonl
        dedupe-text clean --index seen.db -r pages/ -o cleaned/
        dedupe-text clean --index redis://127.0.0.1:6379/0 --doc-id "$URL" < page.txt
        dedupe-text clean --jsonl --index seen.db --id-field url < pages.jsonl
        dedupe-text clean --decisions article.decisions.json article.txt
    """
    doc_id = options.get("doc_id")
    if not jsonl and (field_name != "text" or explain_field or id_field or on_error != "fail"):
        raise UserError("--field, --explain-field, --id-field and --on-error need --jsonl")
    fields = record_fields(field_name, explain_field, id_field) if jsonl else None
    if decisions is not None and options.get("index_location") is not None:
        raise UserError("--decisions and --index cannot be used together")
    sources = expand(files, pattern=pattern, recursive=recursive)
    if doc_id is not None and len(sources) > 1:
        raise UserError("--doc-id names one input; several are named by their paths")
    targets = plan_outputs(sources, files, output, in_place, backup)
    job, reading = make_job(options)  # opens the index: after every check that needs none
    if decisions is not None:
        job.decisions = load_decisions(decisions, files, jsonl, job)
    if jsonl and job.keep_lines:
        raise UserError("--keep takes a policy with --jsonl (line numbers belong to one text)")
    tally = Tally()
    try:
        with file_progress(sources, quiet) as bar:
            for source in bar:
                sink = Sink(targets[source.path], in_place, backup)
                paragraphs, removed = tally.paragraphs, tally.removed
                if fields is None:
                    clean_document(job, reading, source, sink, tally, doc_id)
                else:
                    clean_jsonl(job, reading, source, sink, tally, fields, doc_id, on_error, quiet,
                                bar=len(sources) == 1)
                tally.files += 1
                if verbose:
                    click.echo(f"{source.path}: {tally.removed - removed} of {tally.paragraphs - paragraphs} "
                               "paragraphs removed", err=True)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted after {tally.files} of {len(sources)} files; "
                          "the file in progress was left as it was") from None
    if (verbose or len(sources) > 1 or tally.skipped) and not quiet:
        click.echo(tally.summary(), err=True)


def record_fields(field_name: str, explain_field: str | None, id_field: str | None) -> RecordFields:
    """Check the JSON Lines field options, or fail in one line."""
    try:
        return RecordFields(field_name, explain_field, id_field)
    except ConfigError as e:
        raise UserError(as_flags(str(e), ["explain_field", "id_field"])) from None


def load_decisions(path: str, files: Sequence[str], jsonl: bool, job: DedupeJob) -> dict[str, Any]:
    """Read a decisions file for ``clean --decisions``, refusing options it would silently override."""
    if jsonl or len(files) != 1:
        raise UserError("--decisions applies to one FILE (saved decisions belong to one text)")
    if job.keep_lines or job.config.allow:
        raise UserError("--decisions re-applies saved decisions as they are: give --keep and --allow to report "
                        "when saving them, or edit the file's \"keep\" list")
    try:
        return parse_decisions(read_text_file(path))
    except (DecisionsError, RecursionError, ValueError) as e:
        raise UserError(f"{path}: {e if isinstance(e, DecisionsError) else 'not a decisions file: ' + str(e)}") \
            from None


def clean_document(job: DedupeJob, reading: Reading, source: Source, sink: Sink, tally: Tally,
                   doc_id: str | None) -> None:
    """Clean one whole document and write it."""
    document = reading.read(source)
    with about(source.path):
        result = job.dedupe(document.text, format=document.format,
                            doc_id=doc_id or (source.path if source.is_stdin else document_id(source.path)))
        before, after = document.encode(document.text), document.encode(result.text)
    sink.write(after, before)
    tally.add(result, before, after)


def clean_jsonl(job: DedupeJob, reading: Reading, source: Source, sink: Sink, tally: Tally, fields: RecordFields,
                doc_id: str | None, on_error: str, quiet: bool, *, bar: bool) -> None:
    """Clean the text field of every JSON Lines record of one source.

    To stdout, records stream out as they are cleaned; to a file, the whole output is
    written at the end, so a failure leaves no half-written file. ``bar``: count the
    records on a progress bar (one source, stderr a terminal).
    """
    raw_lines: list[bytes] = []
    cleaned: list[bytes] = []

    def lines() -> Any:
        for raw in iter_lines(source.path):
            if sink.path is not None:
                raw_lines.append(raw)
            yield raw

    def dedupe(text: str, where: str, name: str) -> Any:
        return job.dedupe(text, doc_id=name)

    with about(source.path), record_progress(lines(), source.path, quiet or not bar) as counted:
        for where, outcome in clean_records(counted, dedupe, source=source.path, decode=reading.decode,
                                            fields=fields, doc_id=doc_id):
            try:
                if isinstance(outcome, InputError):
                    raise outcome
                encoding = reading.encoding or "utf-8"
                data = (outcome.line + "\n").encode(encoding, reading.errors)
                before, after = (outcome.text.encode(encoding, "replace"),
                                 outcome.result.text.encode(encoding, "replace"))
            except (InputError, UnicodeEncodeError) as e:
                skip_or_fail(where, e, on_error, tally, quiet)
                continue
            tally.add(outcome.result, before, after)
            tally.records += 1
            if sink.path is None:
                sink.write(data, b"")
            else:
                cleaned.append(data)
    if sink.path is not None:
        sink.write(b"".join(cleaned), b"".join(raw_lines))


def skip_or_fail(where: str, error: Exception, on_error: str, tally: Tally, quiet: bool) -> None:
    """Handle one bad record: stop with an error, or count it and say so on stderr."""
    reason = f"cannot write it in the output encoding ({error.reason})" if isinstance(error, UnicodeEncodeError) \
        else str(error)
    message = reason if reason.startswith(f"{where}:") else f"{where}: {reason}"
    if on_error == "fail":
        raise UserError(message)
    tally.skipped += 1
    if not quiet:
        click.echo(f"skipped {message}", err=True)
