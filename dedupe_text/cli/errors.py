"""Every error of the command line becomes one line on stderr and an exit status, here and nowhere else."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click

from ..errors import ConfigError, DecisionsError, InputError

EXIT_FOUND = 1
"""``check`` found redundant paragraphs."""
EXIT_BROKEN_PIPE = 1
"""The reader of standard output went away (``dedupe-text clean big.txt | head``)."""
EXIT_ERROR = 2
"""Bad input, bad options, or output that cannot be written."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT)."""


class UserError(click.ClickException):
    """A problem with the input, the options or the output: one line on stderr, exit status 2."""

    exit_code = EXIT_ERROR


class Interrupted(UserError):
    """Ctrl-C during a run: files already done stay done."""

    exit_code = EXIT_INTERRUPTED


class PipeClosed(UserError):
    """The reader of standard output went away: exit status 1, and nothing said (as ``cat`` and ``grep`` do)."""

    exit_code = EXIT_BROKEN_PIPE

    def __init__(self) -> None:
        super().__init__("standard output closed")


@contextmanager
def about(name: str) -> Iterator[None]:
    """Turn the library's input, option and decisions errors into one-line errors that start with ``name``."""
    try:
        yield
    except (InputError, ConfigError, DecisionsError) as e:
        message = str(e)
        raise UserError(message if message.startswith(f"{name}:") else f"{name}: {message}") from None


def as_flags(message: str, names: Sequence[str]) -> str:
    """Name options as they are typed: ``near_threshold`` becomes ``--near-threshold``.

    >>> as_flags("num_perm must be a multiple of lsh_bands, got 64 and 10", ["num_perm", "lsh_bands"])
    '--num-perm must be a multiple of --lsh-bands, got 64 and 10'
    """
    pattern = r"(?<!--)\b(" + "|".join(map(re.escape, names)) + r")\b"
    return re.sub(pattern, lambda m: "--" + m.group(1).replace("_", "-"), message)
