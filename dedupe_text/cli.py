"""The ``dedupe-text`` command line: options -> config -> one library call -> output.

Adding an option: put it in one of the shared decorators below (``detection_options``
for anything that changes how a document is processed), read it in ``make_run``, and use
it in ``Run.dedupe``. Every command builds its ``Run`` the same way.
"""

from __future__ import annotations

import codecs
import dataclasses
import inspect
import os
import re
import sys
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .config import KEEP_POLICIES, DedupeConfig
from .core import Deduplicator
from .errors import ConfigError, DecisionsError, DedupeError, InputError
from .files import Source, decode, encode, expand, iter_lines, read_bytes, write_atomic
from .formats import format_from_name, sniff
from .formats.encoding import Decoded, decode_html
from .render import check_lines, plural, report_dict, report_text, unified_diff
from .result import DedupeResult
from .review import (
    apply_decisions,
    copy_diff,
    decision_fields,
    parse_allow_list,
    parse_decisions,
    parse_keep,
    render_html,
    review,
)
from .review.terminal import CONTEXT, annotate_diff

if TYPE_CHECKING:
    from .index import ParagraphIndex

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_FOUND = 1
"""``check`` found redundant paragraphs."""
EXIT_ERROR = 2
"""Bad input, bad options, or output that cannot be written."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT)."""


class UserError(click.ClickException):
    """A problem with the input or the options: one line on stderr, exit status 2."""

    exit_code = EXIT_ERROR


class Interrupted(UserError):
    """Ctrl-C during a run: files already done stay done."""

    exit_code = EXIT_INTERRUPTED


# --- Options -------------------------------------------------------------------------


def _field_help(cls: type) -> dict[str, str]:
    """Return the first sentence of each field's entry in a dataclass docstring."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    helps: dict[str, str] = {}
    for name, body in re.findall(r"^(\w+):\n((?:    .*\n?)+)", doc, re.MULTILINE):
        text = " ".join(body.split())
        first = re.split(r"(?<=\.)\s+(?=[A-Z`])", text)[0]
        helps[name] = re.sub(r"\s*\(default [^)]*\)|;\s*default [^)]*", "", first).replace("``", "")
    return helps


def _config_option(f: dataclasses.Field[Any], hint: Any, help_text: str) -> Callable[[F], F]:
    """Build the click option for one DedupeConfig field, typed and defaulted by the field."""
    flag = "--" + f.name.replace("_", "-")
    default = f.default
    if isinstance(default, bool):
        return click.option(f"{flag}/--no-{flag[2:]}", f.name, default=default, show_default=True, help=help_text)
    if isinstance(default, tuple):
        return click.option(flag, f.name, multiple=True, default=default, metavar="REGEX",
                            help=help_text + " Repeatable.")
    if typing.get_origin(hint) is typing.Literal:
        kind: click.ParamType = click.Choice([str(c) for c in typing.get_args(hint)])
    else:
        kind = click.INT if type(default) is int else click.FLOAT if type(default) is float else click.STRING
    return click.option(flag, f.name, type=kind, default=default, show_default=True, help=help_text)


class KeepParam(click.Choice):
    """``--keep``: a keep policy, or paragraph numbers ``N[,M...]`` to keep whatever the tool finds."""

    def __init__(self) -> None:
        super().__init__(KEEP_POLICIES)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Accept a policy name, paragraph numbers, or both (checked here, split in ``make_run``)."""
        try:
            split_keep(str(value))
        except ConfigError:
            self.fail(f"{value!r} is not one of {', '.join(KEEP_POLICIES)}, nor paragraph numbers like 3,11",
                      param, ctx)
        return str(value)


def split_keep(spec: str) -> tuple[str, tuple[int, ...]]:
    """Split a ``--keep`` value into its policy (default ``complete``) and paragraph numbers.

    >>> split_keep("first"), split_keep("3,11"), split_keep("last,4")
    (('first', ()), ('complete', (3, 11)), ('last', (4,)))
    """
    parts = [p.strip() for p in spec.split(",")]
    policies = [p for p in parts if p in KEEP_POLICIES]
    if len(policies) > 1:
        raise ConfigError(f"--keep takes one policy, got {', '.join(policies)}")
    numbers = [p for p in parts if p not in KEEP_POLICIES]
    return (policies[0] if policies else KEEP_POLICIES[0]), (parse_keep(",".join(numbers)) if numbers else ())


def _keep_option(f: dataclasses.Field[Any], hint: Any, help_text: str) -> Callable[[F], F]:
    return click.option(
        "--keep", f.name, type=KeepParam(), default=f.default, show_default=True,
        metavar="POLICY|N[,M...]",
        help=f"{help_text} Policies: {', '.join(KEEP_POLICIES)}. Or the numbers of paragraphs to keep whatever "
             "the tool finds, as the report numbers them (from 1), e.g. --keep 3,11.",
    )


CUSTOM_OPTIONS = {"keep": _keep_option}
"""Config fields whose option is built by hand (``--keep`` also takes paragraph numbers)."""


def config_options(fn: F) -> F:
    """Add one option per DedupeConfig field: same name (dashed), same default, same choices."""
    hints = typing.get_type_hints(DedupeConfig)
    helps = _field_help(DedupeConfig)
    for f in reversed(dataclasses.fields(DedupeConfig)):
        fn = CUSTOM_OPTIONS.get(f.name, _config_option)(f, hints[f.name], helps.get(f.name, ""))(fn)
    return fn


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


def input_options(fn: F) -> F:
    """Add --encoding and --errors: how input bytes become text (and output text bytes again)."""
    fn = click.option(
        "--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
        help="On bytes that are not valid in the encoding: refuse the file (strict) or put U+FFFD in their "
             "place (replace).",
    )(fn)
    return click.option(
        "--encoding", default="utf-8", show_default=True, callback=_check_encoding,
        help="Encoding of the input (clean writes its output in the same encoding).",
    )(fn)


def detection_options(fn: F) -> F:
    """Add every option that changes how one document is processed."""
    fn = click.option(
        "--allow-file", type=click.Path(dir_okay=False), metavar="PATH",
        help="Read more --allow expressions from PATH, one a line (blank lines and # comments skipped).",
    )(fn)
    return input_options(config_options(fn))


INPUT_FORMATS = ("auto", "text", "markdown", "html")


def format_option(*names: str) -> Callable[[F], F]:
    """Add the input format option under ``names`` (``report`` keeps --format for its output)."""
    return click.option(
        *names, "input_format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
        help="Format of the input, written back in the same format: auto = by file extension (.html .htm, "
             ".md .markdown, .txt), else by content. HTML is read in the encoding its BOM or <meta charset> "
             "declares unless --encoding says otherwise (see docs/formats.md).",
    )


def color_option(fn: F) -> F:
    """Add --color/--colour: auto, always or never."""
    return click.option(
        "--color", "--colour", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
        show_default=True, help="Colour the output: auto = only on a terminal and when NO_COLOR is unset.",
    )(fn)


def batch_options(fn: F) -> F:
    """Add directory expansion and verbosity options for commands that take many files."""
    for decorator in reversed((
        click.option("-r", "--recursive", is_flag=True,
                     help="Descend into subdirectories of directory arguments."),
        click.option("--glob", "pattern", default="*.txt", show_default=True, metavar="PATTERN",
                     help="Files of a directory argument to process (matched against the file name)."),
        click.option("-q", "--quiet", is_flag=True, help="Print no progress, summary or warnings."),
        click.option("-v", "--verbose", is_flag=True, help="Print a line per file on stderr."),
    )):
        fn = decorator(fn)
    return fn


# --- One document --------------------------------------------------------------------


@dataclass
class Run:
    """Everything needed to read and process one document, built once from the options."""

    config: DedupeConfig
    encoding: str = "utf-8"
    errors: str = "strict"
    input_format: str = "auto"
    keep: tuple[int, ...] = ()
    decisions: dict[str, Any] | None = None
    index: ParagraphIndex | None = None
    stdin_id: str = "-"
    deduplicator: Deduplicator = field(init=False)
    formats: dict[str, str] = field(init=False, default_factory=dict)
    """The format each input read so far was found to be in, by name."""
    html_encodings: dict[str, Decoded] = field(init=False, default_factory=dict)
    """How each HTML input was decoded (encoding and BOM, not its text), to write it back the same way."""

    def __post_init__(self) -> None:
        self.deduplicator = Deduplicator(self.config)

    def read(self, source: Source) -> str:
        """Read and decode one input (HTML by its BOM or ``<meta charset>`` unless --encoding is given)."""
        data = read_bytes(source.path)
        fmt = self.input_format
        if fmt == "auto":
            fmt = format_from_name(None if source.is_stdin else source.path) or sniff(data[:4096].decode("latin-1"))
        self.formats[source.path] = fmt
        if fmt == "html" and self.encoding == "utf-8":
            page = decode_html(data)
            self.html_encodings[source.path] = Decoded("", page.encoding, page.bom)
            return page.text
        return decode(data, source.path, encoding=self.encoding, errors=self.errors)

    def encode(self, text: str, name: str) -> bytes:
        """Encode output text in the input's encoding."""
        page = self.html_encodings.get(name)
        if page is not None:
            return page.encode(text)
        return encode(text, name, encoding=self.encoding, errors=self.errors)

    def dedupe(self, text: str, name: str = "-") -> DedupeResult:
        """Process one document: the single library call every command makes.

        Saved decisions are re-applied as they are; paragraph numbers to keep are
        protected from removal.
        """
        fmt = self.formats.get(name, self.input_format)
        if self.index is not None:
            if fmt == "html":
                raise UserError(f"{name}: --index reads plain text and Markdown, not HTML")
            return self.index.dedupe(text, doc_id=self.stdin_id if name == "-" else name)
        try:
            if self.decisions is not None:
                return apply_decisions(text, self.decisions)
            if self.keep:
                return review(text, self.config, keep_numbers=self.keep, format=fmt)
        except (ConfigError, DecisionsError) as e:
            raise UserError(f"{name}: {e}") from None
        return self.deduplicator.dedupe(text, format=fmt)


def make_run(options: dict[str, Any]) -> Run:
    """Turn the options of ``detection_options`` into a Run (the one place options become a config)."""
    names = [f.name for f in dataclasses.fields(DedupeConfig)]
    values = {n: options.pop(n) for n in names}
    values["keep"], keep = split_keep(values["keep"])
    allow_file = options.pop("allow_file")
    try:
        if allow_file is not None:
            values["allow"] = (*values["allow"], *parse_allow_list(read_text_file(allow_file)))
        config = DedupeConfig(**values)
    except ConfigError as e:
        raise UserError(as_flags(str(e), names)) from None
    run = Run(config, encoding=options.pop("encoding"), errors=options.pop("errors"),
              input_format=options.pop("input_format", "auto"), keep=keep)
    location, name = options.pop("index_location", None), options.pop("index_name", "default")
    policy, run.stdin_id = options.pop("policy", "first_seen"), options.pop("doc_id", "-")
    if location:
        from .index import ParagraphIndex, parse_policy  # numpy: only when an index is asked for

        try:
            run.index = ParagraphIndex(location, config, policy=parse_policy(policy), name=name)
        except ConfigError as e:
            raise UserError(f"--policy: {e}") from None
        click.get_current_context().call_on_close(run.index.close)
    elif (name, policy, run.stdin_id) != ("default", "first_seen", "-"):
        raise UserError("--index-name, --policy and --doc-id need --index")
    if options:
        raise TypeError(f"options that make_run does not read: {', '.join(sorted(options))}")
    return run


def read_text_file(path: str) -> str:
    """Read a small UTF-8 file named by an option (an allow list, saved decisions), or fail in one line."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise UserError(f"cannot read {path}: {reason}") from None


def as_flags(message: str, names: Sequence[str]) -> str:
    """Name options as they are typed: ``near_threshold`` becomes ``--near-threshold``.

    >>> as_flags("num_perm must be a multiple of lsh_bands, got 64 and 10", ["num_perm", "lsh_bands"])
    '--num-perm must be a multiple of --lsh-bands, got 64 and 10'
    """
    pattern = r"\b(" + "|".join(map(re.escape, names)) + r")\b"
    return re.sub(pattern, lambda m: "--" + m.group(1).replace("_", "-"), message)


def dedupe_or_fail(run: Run, text: str, name: str) -> DedupeResult:
    """Process one whole document, turning library input errors (too long) into a one-line CLI error."""
    try:
        return run.dedupe(text, name)
    except InputError as e:
        raise UserError(f"{name}: {e}") from None


def read_or_fail(run: Run, source: Source) -> str:
    """Read one input, turning library input errors into a one-line CLI error."""
    try:
        return run.read(source)
    except InputError as e:
        raise UserError(str(e)) from None


# --- Output --------------------------------------------------------------------------


def stdout_bytes() -> IO[bytes]:
    """Return standard output as a binary stream (text is encoded by the Run)."""
    return sys.stdout.buffer


def use_color(choice: str, stream: IO[Any]) -> bool:
    """Decide on colour: ``always``/``never``, or ``auto`` = a terminal and no NO_COLOR set."""
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR")


def write_file(path: str, data: bytes, backup: str | None = None) -> None:
    """Write a whole file atomically, or fail with a one-line error."""
    try:
        write_atomic(path, data, backup=backup)
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from None


@dataclass
class Tally:
    """What a batch did, for the summary line."""

    files: int = 0
    records: int = 0
    paragraphs: int = 0
    removed: int = 0
    bytes_saved: int = 0
    skipped: int = 0

    def add(self, result: DedupeResult, before: bytes, after: bytes) -> None:
        """Count one processed document (a file, or the text of one record)."""
        self.paragraphs += len(result.paragraphs)
        self.removed += len(result.removals)
        self.bytes_saved += len(before) - len(after)

    def summary(self) -> str:
        """Return the one-line summary printed after a batch."""
        parts = [plural(self.files, "file")]
        if self.records:
            parts.append(plural(self.records, "record"))
        parts += [plural(self.paragraphs, "paragraph"), f"{self.removed:,} removed",
                  f"{self.bytes_saved:,} bytes saved"]
        if self.skipped:
            parts.append(f"{self.skipped:,} bad records skipped")
        return ", ".join(parts)


def progress(sources: Sequence[Source], quiet: bool) -> Any:
    """Wrap ``sources`` in a progress bar on stderr when stderr is a terminal and there are several."""
    stderr = sys.stderr
    if quiet or len(sources) < 2 or not stderr.isatty():
        return nullcontext(sources)
    return click.progressbar(sources, label="dedupe-text", file=stderr, item_show_func=_bar_label)


def _bar_label(source: Source | None) -> str | None:
    return source.relative if source is not None else None


# --- Commands ------------------------------------------------------------------------


class DedupeGroup(click.Group):
    """A click group whose errors are one line on stderr, usage errors included."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the command line; in standalone mode, print errors as one line and exit."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as e:
            click.echo(f"Error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except DedupeError as e:  # a library error no command named more precisely
            click.echo(f"Error: {e}", err=True)
            sys.exit(EXIT_ERROR)
        except click.Abort:
            click.echo("Error: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=DedupeGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="dedupe-text")
def cli() -> None:
    """Find duplicate and near-duplicate paragraphs in articles and remove them.

    \b
    Examples:
        dedupe-text clean article.txt > cleaned.txt
        dedupe-text check articles/            # exit status 1 if any paragraph repeats
        dedupe-text report article.txt --format json
        dedupe-text diff article.txt

    Exit status: 0 done, 1 duplicates found (check), 2 bad input or options,
    130 interrupted.
    """


def jsonl_options(fn: F) -> F:
    """Add the JSON Lines options of ``clean``."""
    for decorator in reversed((
        click.option("--jsonl", is_flag=True,
                     help="Read JSON Lines records and clean one text field of each, leaving other fields as "
                          "they were."),
        click.option("--field", "field_name", default="text", show_default=True, metavar="NAME",
                     help="With --jsonl: the field holding the text."),
        click.option("--explain-field", metavar="NAME",
                     help="With --jsonl: add the list of removals to each record under NAME."),
        click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
                     help="With --jsonl, on a bad record (not JSON, field missing or not a string): stop with "
                          "an error, or report it on stderr and leave it out of the output."),
    )):
        fn = decorator(fn)
    return fn


def index_options(fn: F) -> F:
    """Add the cross-document index options of ``clean``."""
    for decorator in reversed((
        click.option("--index", "index_location", metavar="PATH_OR_URL",
                     help="Also remove paragraphs already seen in other documents, remembered in this index: a "
                          "file (created if missing) or a redis:// URL shared by many workers. Each FILE is a "
                          "document named by its path (a JSONL record by PATH:LINE)."),
        click.option("--index-name", default="default", show_default=True, metavar="NAME",
                     help="With a Redis --index: which index of the database (its key prefix)."),
        click.option("--policy", default="first_seen", show_default=True, metavar="POLICY",
                     help="With --index: first_seen (the first document keeps a paragraph) or boilerplate:K "
                          "(a paragraph goes once K documents carry it)."),
        click.option("--doc-id", default="-", show_default=True, metavar="ID",
                     help="With --index: the document id of standard input."),
    )):
        fn = decorator(fn)
    return fn


@dataclass(frozen=True)
class JsonlOptions:
    """How ``clean --jsonl`` reads records."""

    field_name: str
    explain_field: str | None
    on_error: str


@dataclass(frozen=True)
class Sink:
    """Where one source's cleaned output goes: stdout (``path`` None) or a file written atomically."""

    path: str | None
    in_place: bool = False
    backup: str | None = None

    def write(self, data: bytes, before: bytes) -> None:
        """Write the whole output (skipping in-place files that did not change)."""
        if self.path is None:
            out = stdout_bytes()
            out.write(data)
            out.flush()
        elif not (self.in_place and data == before):
            make_parent(self.path)
            write_file(self.path, data, self.backup)


def make_parent(path: str) -> None:
    """Create the directory a file will be written to, or fail with a one-line error."""
    parent = os.path.dirname(path)
    if parent:
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError as e:
            raise UserError(f"cannot create directory {parent}: {e.strerror or e}") from None


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=True), metavar="PATH",
              help="Write to PATH instead of stdout: a file for one input, a directory for several.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each FILE atomically (unchanged files are not touched).")
@click.option("--backup", metavar="SUFFIX", help="With --in-place, keep each original as FILE+SUFFIX.")
@click.option("--decisions", type=click.Path(dir_okay=False), metavar="FILE",
              help="Re-apply decisions saved with report --format json (and reviewed) to the same FILE; "
                   "refuses a text that changed since.")
@jsonl_options
@index_options
@batch_options
@format_option("--format", "--input-format")
@detection_options
def clean(files: tuple[str, ...], output: str | None, in_place: bool, backup: str | None, decisions: str | None,
          jsonl: bool, field_name: str, explain_field: str | None, on_error: str, recursive: bool, pattern: str,
          quiet: bool, verbose: bool, **options: Any) -> None:
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
        dedupe-text clean --decisions article.decisions.json article.txt
    """
    run = make_run(options)
    if decisions is not None:
        run.decisions = load_decisions(decisions, files, jsonl, run)
    sources = expand(files, pattern=pattern, recursive=recursive)
    targets = plan_outputs(sources, files, output, in_place, backup)
    tally = Tally()
    records = JsonlOptions(field_name, explain_field, on_error) if jsonl else None
    if not jsonl and (field_name != "text" or explain_field or on_error != "fail"):
        raise UserError("--field, --explain-field and --on-error need --jsonl")
    try:
        with progress(sources, quiet) as bar:
            for source in bar:
                sink = Sink(targets[source.path], in_place, backup)
                paragraphs, removed = tally.paragraphs, tally.removed
                if records is None:
                    clean_document(run, source, sink, tally)
                else:
                    clean_records(run, source, sink, tally, records, quiet)
                tally.files += 1
                if verbose:
                    click.echo(f"{source.path}: {tally.removed - removed} of {tally.paragraphs - paragraphs} "
                               "paragraphs removed", err=True)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted after {tally.files} of {len(sources)} files; "
                          "the file in progress was left as it was") from None
    if (verbose or len(sources) > 1 or tally.skipped) and not quiet:
        click.echo(tally.summary(), err=True)


def load_decisions(path: str, files: Sequence[str], jsonl: bool, run: Run) -> dict[str, Any]:
    """Read a decisions file for ``clean --decisions``, refusing options it would silently override."""
    if jsonl or len(files) != 1:
        raise UserError("--decisions applies to one FILE (saved decisions belong to one text)")
    if run.keep or run.config.allow:
        raise UserError("--decisions re-applies saved decisions as they are: give --keep and --allow to report "
                        "when saving them, or edit the file's \"keep\" list")
    try:
        return parse_decisions(read_text_file(path))
    except DecisionsError as e:
        raise UserError(f"{path}: {e}") from None


def clean_document(run: Run, source: Source, sink: Sink, tally: Tally) -> None:
    """Clean one whole document and write it."""
    text = read_or_fail(run, source)
    result = dedupe_or_fail(run, text, source.path)
    before, after = run.encode(text, source.path), run.encode(result.text, source.path)
    sink.write(after, before)
    tally.add(result, before, after)


def clean_records(run: Run, source: Source, sink: Sink, tally: Tally, jsonl: JsonlOptions, quiet: bool) -> None:
    """Clean the text field of every JSON Lines record of one source.

    To stdout, records stream out as they are cleaned; to a file, the whole output is
    written at the end, atomically, so a failure leaves no half-written file.
    """
    from .records import clean_record

    raw_lines: list[bytes] = []
    cleaned: list[bytes] = []
    for number, raw in enumerate(lines_or_fail(source.path), 1):
        if sink.path is not None:
            raw_lines.append(raw)
        if not raw.strip():
            continue
        where = f"{source.path}:{number}"
        try:
            record = clean_record(decode(raw, where, encoding=run.encoding, errors=run.errors),
                                  partial(run.dedupe, name=where), field=jsonl.field_name,
                                  explain_field=jsonl.explain_field)
        except InputError as e:
            skip_or_fail(str(e) if str(e).startswith(where) else f"{where}: {e}", jsonl.on_error, tally, quiet)
            continue
        data = run.encode(record.line + "\n", where)
        tally.add(record.result, run.encode(record.text, where), run.encode(record.result.text, where))
        tally.records += 1
        if sink.path is None:
            sink.write(data, b"")
        else:
            cleaned.append(data)
    if sink.path is not None:
        sink.write(b"".join(cleaned), b"".join(raw_lines))


def skip_or_fail(message: str, on_error: str, tally: Tally, quiet: bool) -> None:
    """Handle one bad record: stop with an error, or count it and say so on stderr."""
    if on_error == "fail":
        raise UserError(message)
    tally.skipped += 1
    if not quiet:
        click.echo(f"skipped {message}", err=True)


def lines_or_fail(path: str) -> Iterator[bytes]:
    """Yield the raw lines of one input, turning read errors into a one-line CLI error."""
    try:
        yield from iter_lines(path)
    except InputError as e:
        raise UserError(str(e)) from None


def plan_outputs(sources: Sequence[Source], files: Sequence[str], output: str | None, in_place: bool,
                 backup: str | None) -> dict[str, str | None]:
    """Map each source path to where its cleaned text goes (None: stdout), checking the options first."""
    if backup and not in_place:
        raise UserError("--backup needs --in-place")
    if in_place:
        if output:
            raise UserError("--in-place and --output cannot be used together")
        if any(s.is_stdin for s in sources):
            raise UserError("--in-place needs FILE arguments, not stdin")
        return {s.path: s.path for s in sources}
    if not sources and files:
        raise UserError("no input files matched")
    if output is None:
        return {s.path: None for s in sources}
    if len(files) == 1 and len(sources) == 1 and not os.path.isdir(output) and not os.path.isdir(files[0]):
        return {sources[0].path: output}
    return _directory_targets(sources, output)


def _directory_targets(sources: Sequence[Source], directory: str) -> dict[str, str | None]:
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise UserError(f"{directory}: not a directory (--output must be a directory for several inputs)")
    targets: dict[str, str | None] = {}
    seen: dict[str, str] = {}
    for s in sources:
        name = "stdin.txt" if s.is_stdin else s.relative
        target = os.path.join(directory, name)
        if target in seen:
            raise UserError(f"{s.path} and {seen[target]} would both be written to {target}")
        seen[target] = s.path
        targets[s.path] = target
    return targets


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@batch_options
@format_option("--format", "--input-format")
@detection_options
def check(files: tuple[str, ...], recursive: bool, pattern: str, quiet: bool, verbose: bool,
          **options: Any) -> None:
    """List redundant paragraphs in FILES (or stdin) and change nothing.

    Prints one line per redundant paragraph, "path:line: duplicate of line N (rule,
    score)", and exits with status 1 when there was any, 0 when none: ready for CI and
    pre-commit hooks.

    \b
    Examples:
        dedupe-text check article.txt
        dedupe-text check -r --glob '*.md' docs/
    """
    run = make_run(options)
    sources = expand(files, pattern=pattern, recursive=recursive)
    found = 0
    for source in sources:
        result = dedupe_or_fail(run, read_or_fail(run, source), source.path)
        if not quiet:  # like grep -q: the exit status alone tells
            for line in check_lines(result, source.path):
                click.echo(line)
        found += len(result.removals)
        if verbose:
            click.echo(f"{source.path}: {len(result.removals)} redundant", err=True)
    if found:
        sys.exit(EXIT_FOUND)


@cli.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for programs (see docs/cli.md for the schema).")
@format_option("--input-format")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="OUT.html",
              help="Also write the review page: the article with removals struck through (docs/review.md).")
@color_option
@detection_options
def report(file: str, fmt: str, html_path: str | None, color: str, **options: Any) -> None:
    """Explain the duplicates in FILE, group by group, with lines and scores.

    Each group shows the kept paragraph and the copies removed (shortened), their line
    numbers, the rule that fired and the similarity and containment scores.

    Near and contained copies get a word diff against the paragraph they repeat. The
    JSON document is DedupeResult.to_dict() with "version", "file", "lines" (the line
    of every paragraph), "input_sha256" and "keep" added: saved, it is a decisions file
    for clean --decisions.

    \b
    Examples:
        dedupe-text report article.txt
        dedupe-text report article.txt --html article.html
        dedupe-text report article.txt --keep 11 --format json > article.decisions.json
        dedupe-text report article.txt --format json | jq '.removals[].line'
    """
    run = make_run(options)
    source = Source(file, file)
    text = read_or_fail(run, source)
    result = dedupe_or_fail(run, text, file)
    if html_path is not None:
        page = render_html(result, title=os.path.basename(file) if file != "-" else "stdin",
                           keep_numbers=run.keep)
        make_parent(html_path)
        write_file(html_path, page.encode("utf-8"))
    if fmt == "json":
        import json

        document = {**report_dict(result, file), **decision_fields(text, run.keep)}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        colored = use_color(color, sys.stdout)
        words = partial(copy_diff, result, color=colored, context=CONTEXT)
        click.echo(report_text(result, file, diff=words), color=colored)


DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


@cli.command()
@click.argument("file", type=click.Path(allow_dash=True))
@color_option
@format_option("--format", "--input-format")
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
    run = make_run(options)
    source = Source(file, file)
    text = read_or_fail(run, source)
    result = dedupe_or_fail(run, text, file)
    colored = use_color(color, sys.stdout)
    lines = unified_diff(text, result.text, file)
    for line in annotate_diff(lines, result, color=True) if colored else lines:
        body = line.rstrip("\r\n")
        style = DIFF_STYLES.get(line[0]) if colored and not line.startswith(("---", "+++")) else None
        click.echo((click.style(body, fg=style) if style else body) + line[len(body):], nl=False, color=colored)


@cli.group("index")
def index_group() -> None:
    """Inspect and manage a cross-document index (the one clean --index fills).

    LOCATION is the index file or a redis:// URL; it must exist. The index is opened with
    the parameters it was built with.

    \b
    Examples:
        dedupe-text index stats seen.db
        dedupe-text index remove seen.db pages/old.txt
        dedupe-text index clear redis://127.0.0.1:6379/0 --name crawl --yes
    """


def index_name_option(fn: F) -> F:
    """Add --name: which index of a Redis database."""
    return click.option("--name", "index_name", default="default", show_default=True, metavar="NAME",
                        help="With a Redis LOCATION: which index of the database (its key prefix).")(fn)


@index_group.command("stats")
@click.argument("location")
@index_name_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for programs.")
def index_stats(location: str, index_name: str, fmt: str) -> None:
    """Print how many paragraphs and documents the index holds, and its parameters.

    \b
    Examples:
        dedupe-text index stats seen.db
        dedupe-text index stats redis://127.0.0.1:6379/0 --name crawl --format json
    """
    from .index import ParagraphIndex

    with ParagraphIndex.existing(location, name=index_name) as index:
        stats = index.stats().to_dict()
    if fmt == "json":
        import json

        click.echo(json.dumps(stats, indent=2))
        return
    for key in ("location", "backend", "paragraphs", "documents", "policy"):
        click.echo(f"{key}: {stats[key]}")
    for key, value in stats["params"].items():
        click.echo(f"{key}: {value}")


@index_group.command("remove")
@click.argument("location")
@click.argument("doc_ids", nargs=-1, required=True)
@index_name_option
def index_remove(location: str, doc_ids: tuple[str, ...], index_name: str) -> None:
    """Forget documents: their paragraphs no longer cause removals.

    \b
    Examples:
        dedupe-text index remove seen.db pages/a.txt pages/b.txt
    """
    from .index import ParagraphIndex

    with ParagraphIndex.existing(location, name=index_name) as index:
        for doc in doc_ids:
            click.echo(f"{doc}: {plural(index.remove(doc), 'paragraph')} removed")


@index_group.command("clear")
@click.argument("location")
@index_name_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def index_clear(location: str, index_name: str, yes: bool) -> None:
    """Forget every document (the index keeps its parameters).

    \b
    Examples:
        dedupe-text index clear seen.db --yes
    """
    from .index import ParagraphIndex

    with ParagraphIndex.existing(location, name=index_name) as index:
        if not yes:
            click.confirm(f"Forget all {plural(index.stats().documents, 'document')} of {location}?", abort=True)
        index.clear()
    click.echo(f"{location}: cleared")


def main() -> None:
    """Run the ``dedupe-text`` console script."""
    cli.main(prog_name="dedupe-text")
