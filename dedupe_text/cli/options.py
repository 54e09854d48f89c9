"""The shared options of the commands, and the one place where options become a config and a job.

Adding a detection option: add a field to ``DedupeConfig`` with its ``help`` metadata;
``config_options`` turns it into an option with the same name, type and default.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ..api import DedupeJob
from ..config import KEEP_POLICIES, DedupeConfig, field_help
from ..errors import ConfigError
from ..files import Source, decode, read_bytes
from ..formats import Decoded, decode_document
from ..review import parse_allow_list, parse_keep
from .errors import UserError, about, as_flags

F = TypeVar("F", bound=Callable[..., Any])

INPUT_FORMATS = ("auto", "text", "markdown", "html")
OUTPUT_FORMATS = ("text", "json")
DEFAULT_INDEX_NAME = "default"
DEFAULT_POLICY = "first_seen"


def stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Apply ``decorators`` as if written one above the other, in this order."""
    def apply(fn: F) -> F:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn
    return apply


def _config_option(f: dataclasses.Field[Any], hint: Any) -> Callable[[F], F]:
    """Build the click option for one DedupeConfig field, typed, defaulted and described by the field."""
    flag = "--" + f.name.replace("_", "-")
    default, help_text = f.default, field_help(f.name)
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
    """``--keep``: a keep policy, or line numbers ``N[,M...]`` of paragraphs to keep whatever the tool finds."""

    def __init__(self) -> None:
        super().__init__(KEEP_POLICIES)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Accept a policy name, line numbers, or both (checked here, split in ``make_job``)."""
        try:
            split_keep(str(value))
        except ConfigError:
            self.fail(f"{value!r} is not one of {', '.join(KEEP_POLICIES)}, nor line numbers like 3,11", param, ctx)
        return str(value)


def split_keep(spec: str) -> tuple[str, tuple[int, ...]]:
    """Split a ``--keep`` value into its policy (default ``complete``) and line numbers.

    >>> split_keep("first"), split_keep("3,11"), split_keep("last,4")
    (('first', ()), ('complete', (3, 11)), ('last', (4,)))
    """
    parts = [p.strip() for p in spec.split(",")]
    policies = [p for p in parts if p in KEEP_POLICIES]
    if len(policies) > 1:
        raise ConfigError(f"--keep takes one policy, got {', '.join(policies)}")
    lines = [p for p in parts if p not in KEEP_POLICIES]
    return (policies[0] if policies else KEEP_POLICIES[0]), (parse_keep(",".join(lines)) if lines else ())


def _keep_option(f: dataclasses.Field[Any], hint: Any) -> Callable[[F], F]:
    return click.option(
        "--keep", f.name, type=KeepParam(), default=f.default, show_default=True, metavar="POLICY|LINE[,LINE...]",
        help=f"{field_help(f.name)} Policies: {', '.join(KEEP_POLICIES)}. Or the line numbers that check and "
             "report print, of paragraphs to keep whatever the tool finds (a line inside a paragraph keeps it), "
             "e.g. --keep 3,11 or --keep first,3.",
    )


CUSTOM_OPTIONS = {"keep": _keep_option}
"""Config fields whose option is built by hand (``--keep`` also takes line numbers)."""


def config_options(fn: F) -> F:
    """Add one option per DedupeConfig field: same name (dashed), same default, same choices, its help."""
    hints = typing.get_type_hints(DedupeConfig)
    for f in reversed(dataclasses.fields(DedupeConfig)):
        fn = CUSTOM_OPTIONS.get(f.name, _config_option)(f, hints[f.name])(fn)
    return fn


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        info = codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None
    if not info._is_text_encoding:
        raise click.BadParameter(f"{value!r} is not a text encoding")
    return value


def input_options(fn: F) -> F:
    """Add --encoding and --errors: how input bytes become text (and output text bytes again)."""
    return stack(
        click.option("--encoding", callback=_check_encoding, metavar="NAME",
                     help="Encoding of the input; clean writes its output in the same encoding. Default: UTF-8, "
                          "a UTF-16 BOM honoured; HTML as its BOM or <meta charset> declares."),
        click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
                     help="On bytes that are not valid in the encoding: refuse the file (strict) or put U+FFFD "
                          "in their place (replace)."),
    )(fn)


def detection_options(fn: F) -> F:
    """Add every option that changes how one document is read and processed."""
    fn = click.option(
        "--allow-file", type=click.Path(dir_okay=False), metavar="PATH",
        help="Read more --allow expressions from PATH, one a line (blank lines and # comments skipped).",
    )(fn)
    return input_options(config_options(fn))


def format_option(*, legacy_json: bool = False) -> Callable[[F], F]:
    """Add --format (alias --input-format): the format of the input, on every command that reads documents.

    ``legacy_json`` (``report``): --format also takes json, its old spelling of --to json,
    and --input-format is a separate hidden option, so that the old ``--input-format
    html --format json`` still means what it meant.
    """
    help_text = ("Format of the input, written back in the same format: auto = by file extension (.html .htm, "
                 ".md .markdown, .txt), else by content (docs/formats.md).")
    if not legacy_json:
        return click.option("--format", "--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
                            default="auto", show_default=True, help=help_text)
    return stack(
        click.option("--format", "input_format", type=click.Choice([*INPUT_FORMATS, "json"]), default="auto",
                     show_default=True, help=help_text[:-1] + "; json: the old spelling of --to json."),
        click.option("--input-format", "legacy_input_format", type=click.Choice(INPUT_FORMATS), hidden=True,
                     help="The old name of --format."),
    )


def to_option(fn: F) -> F:
    """Add --to: the output format of a command that describes what it found."""
    return click.option("--to", "output_format", type=click.Choice(OUTPUT_FORMATS), default="text",
                        show_default=True, help="Output: text for people, json for programs (docs/cli.md).")(fn)


def color_option(fn: F) -> F:
    """Add --color/--colour: auto, always or never."""
    return click.option(
        "--color", "--colour", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
        show_default=True, help="Colour the output: auto = only on a terminal and when NO_COLOR is unset.",
    )(fn)


batch_options = stack(
    click.option("-r", "--recursive", is_flag=True, help="Descend into subdirectories of directory arguments."),
    click.option("--glob", "pattern", default="*.txt", show_default=True, metavar="PATTERN",
                 help="Files of a directory argument to process (matched against the file name)."),
    click.option("-q", "--quiet", is_flag=True, help="Print no progress, summary or warnings."),
    click.option("-v", "--verbose", is_flag=True, help="Print a line per file on stderr."),
)
"""Directory expansion and verbosity, for commands that take many files."""

jsonl_options = stack(
    click.option("--jsonl", is_flag=True,
                 help="Read JSON Lines records and clean one text field of each, leaving other fields as they "
                      "were."),
    click.option("--field", "field_name", default="text", show_default=True, metavar="NAME",
                 help="With --jsonl: the field holding the text."),
    click.option("--explain-field", metavar="NAME",
                 help="With --jsonl: add the list of removals to each record under NAME (a field records do not "
                      "have)."),
    click.option("--id-field", metavar="NAME",
                 help="With --jsonl --index: the field naming each record's document (default: id, when a record "
                      "has one; records without are named by a digest of their text)."),
    click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail", show_default=True,
                 help="With --jsonl, on a bad record (not JSON, field missing or not a string): stop with an "
                      "error, or report it on stderr and leave it out of the output."),
)
"""The JSON Lines options of ``clean``."""


def index_name_option(*names: str) -> Callable[[F], F]:
    """Add --index-name (and ``names``): which index of a Redis database."""
    return click.option("--index-name", *names, "index_name", default=DEFAULT_INDEX_NAME, show_default=True,
                        metavar="NAME", help="With a Redis index: which index of the database (its key prefix).")


index_options = stack(
    click.option("--index", "index_location", metavar="PATH_OR_URL",
                 help="Also remove paragraphs already seen in other documents, remembered in this index: a file "
                      "(created if missing) or a redis:// URL shared by many workers. A FILE is a document named "
                      "by its resolved path; a JSONL record by --id-field."),
    index_name_option(),
    click.option("--policy", default=DEFAULT_POLICY, show_default=True, metavar="POLICY",
                 help="With --index: first_seen (the first document keeps a paragraph) or boilerplate:K (a "
                      "paragraph goes once K documents carry it)."),
    click.option("--doc-id", metavar="ID",
                 help="With --index: the document id of the one input (default: its resolved path, - for stdin); "
                      "with --jsonl, records without an id are named ID:LINE."),
)
"""The cross-document index options of ``clean``."""


@dataclass(frozen=True)
class Reading:
    """How the inputs of a command are read: format, encoding, errors."""

    input_format: str = "auto"
    encoding: str | None = None
    errors: str = "strict"

    def read(self, source: Source) -> Decoded:
        """Read and decode one input (``formats.decode_document``), or fail in one line."""
        with about(source.path):
            return decode_document(read_bytes(source.path), self.input_format,
                                   None if source.is_stdin else source.path, encoding=self.encoding,
                                   errors=self.errors, name=source.path)

    def decode(self, raw: bytes, where: str) -> str:
        """Decode one JSON Lines record's bytes (always text, UTF-8 unless --encoding says otherwise)."""
        return decode(raw, where, encoding=self.encoding or "utf-8", errors=self.errors)


@dataclass(frozen=True)
class IndexRequest:
    """The index options of ``clean``: where, which index, which policy, which document id."""

    location: str | None = None
    name: str = DEFAULT_INDEX_NAME
    policy: str = DEFAULT_POLICY
    doc_id: str | None = None


def make_job(options: dict[str, Any]) -> tuple[DedupeJob, Reading]:
    """Turn the options of ``detection_options`` (and the index's) into a job and a way to read inputs.

    The one place options become a config; it pops what it reads and refuses the rest.
    """
    names = [f.name for f in dataclasses.fields(DedupeConfig)]
    values = {n: options.pop(n) for n in names}
    values["keep"], keep_lines = split_keep(values["keep"])
    allow_file = options.pop("allow_file")
    try:
        if allow_file is not None:
            values["allow"] = (*values["allow"], *parse_allow_list(read_text_file(allow_file)))
        config = DedupeConfig(**values)
    except ConfigError as e:
        raise UserError(as_flags(str(e), names)) from None
    reading = Reading(options.pop("input_format", "auto"), options.pop("encoding"), options.pop("errors"))
    request = IndexRequest(options.pop("index_location", None), options.pop("index_name", DEFAULT_INDEX_NAME),
                           options.pop("policy", DEFAULT_POLICY), options.pop("doc_id", None))
    if options:
        raise TypeError(f"options that make_job does not read: {', '.join(sorted(options))}")
    job = DedupeJob(config, keep_lines=keep_lines)
    if request.location is not None:
        job.index = open_index(request, config)
        click.get_current_context().call_on_close(job.index.close)
    elif (request.name, request.policy, request.doc_id) != (DEFAULT_INDEX_NAME, DEFAULT_POLICY, None):
        raise UserError("--index-name, --policy and --doc-id need --index")
    return job, reading


def open_index(request: IndexRequest, config: DedupeConfig) -> Any:
    """Open the index ``clean --index`` names, or fail in one line."""
    if not request.location:
        raise UserError("--index needs a file path or a redis:// URL, got an empty value")
    with redis_extra():
        from ..index import ParagraphIndex, parse_policy  # numpy: only when an index is asked for

        try:
            policy = parse_policy(request.policy)
        except ConfigError as e:
            raise UserError(f"--policy: {e}") from None
        except ValueError:  # a count int() refuses though str.isdigit() accepts it ('²')
            raise UserError(f"--policy must be first_seen or boilerplate:K, got {request.policy!r}") from None
        return ParagraphIndex(request.location, config, policy=policy, name=request.name)


def existing_index(location: str, name: str) -> Any:
    """Open an index that must exist (for the ``index`` commands), or fail in one line."""
    if not location:
        raise UserError("LOCATION must be an index file or a redis:// URL, got an empty value")
    with redis_extra():
        from ..index import ParagraphIndex

        return ParagraphIndex.existing(location, name=name)


@contextlib.contextmanager
def redis_extra() -> Iterator[None]:
    """Turn the missing ``redis`` package into a one-line error that says how to install it."""
    try:
        yield
    except ModuleNotFoundError as e:
        if e.name != "redis":
            raise
        raise UserError("a redis:// index needs the redis package: pip install 'dedupe-text[redis]'") from None


def read_text_file(path: str) -> str:
    """Read a small UTF-8 file named by an option (an allow list, saved decisions), or fail in one line."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise UserError(f"cannot read {path}: {reason}") from None
