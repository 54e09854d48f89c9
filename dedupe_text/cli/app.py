"""The ``dedupe-text`` group: its commands, and the one place where every failure becomes one line and a status."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from .. import __version__
from ..errors import DedupeError
from .clean import clean
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, Interrupted, PipeClosed
from .index import index_group
from .inspect import check, diff, report
from .output import discard_stdout

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DedupeGroup(click.Group):
    """A click group whose errors are one line on stderr, usage errors and interruptions included."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; Ctrl-C becomes ``Interrupted`` (click would print a blank line first), a broken pipe
        ``PipeClosed`` (click would exit 0)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None
        except BrokenPipeError:
            raise PipeClosed() from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the command line; in standalone mode, print errors as one line and exit."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except PipeClosed as e:
            discard_stdout()
            sys.exit(e.exit_code)
        except click.ClickException as e:
            fail(e.format_message(), e.exit_code)
        except DedupeError as e:  # a library error no command named more precisely
            fail(str(e), EXIT_ERROR)
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted", EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


def fail(message: str, status: int) -> None:
    """Print ``Error: message`` as one line on stderr and exit with ``status``."""
    if sys.stderr is not None:
        sys.stderr.write(f"Error: {' '.join(message.splitlines())}\n")
        sys.stderr.flush()
    sys.exit(status)


@click.group(cls=DedupeGroup, context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="dedupe-text")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Find duplicate and near-duplicate paragraphs in articles and remove them.

    \b
    Examples:
        dedupe-text clean article.txt > cleaned.txt
        dedupe-text check articles/            # exit status 1 if any paragraph repeats
        dedupe-text report article.txt --to json
        dedupe-text diff article.txt

    Exit status: 0 done, 1 duplicates found (check) or output cut short (a closed
    pipe), 2 bad input, options or output, 130 interrupted. With no command, prints
    this help.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


for command in (clean, check, report, diff, index_group):
    cli.add_command(command)


def run() -> None:
    """Run the command line on ``sys.argv``."""
    cli.main(prog_name="dedupe-text")
