"""The ``dedupe-text`` command line: each command parses options, calls the library and prints.

``main`` is the console script. It imports the commands (and through them the
library) inside its own error handling, so that Ctrl-C while Python is still loading
prints one line instead of a traceback.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import cli

__all__ = ["cli", "main"]

EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT)."""


def main() -> None:
    """Run the ``dedupe-text`` console script."""
    try:
        from .app import run
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    run()


def __getattr__(name: str) -> Any:
    """Load the click group ``cli`` on first use."""
    if name == "cli":
        from .app import cli

        return cli
    raise AttributeError(f"module 'dedupe_text.cli' has no attribute {name!r}")
