"""The ``dedupe-text`` command line: each command parses options, calls the library and prints.

``main`` is the console script. It imports the commands (and through them the
library) inside its own error handling, so that Ctrl-C while Python is still loading
prints one line instead of a traceback; run as the ``dedupe-text`` script, this module
also covers the moments between its own import and ``main``.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from types import FrameType
    from typing import Any

    from .app import cli

__all__ = ["cli", "main"]

EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT): ``errors.EXIT_INTERRUPTED``, not imported from there because that loads click."""


def _interrupted(signum: int = signal.SIGINT, frame: FrameType | None = None) -> None:
    sys.stderr.write("Error: interrupted\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)  # nothing of ours to clean up yet


_SCRIPT = os.path.basename(sys.argv[0] if sys.argv else "").startswith("dedupe-text")
if _SCRIPT and signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when SIGINT is ignored
    signal.signal(signal.SIGINT, _interrupted)


def main() -> None:
    """Run the ``dedupe-text`` console script."""
    try:
        if signal.getsignal(signal.SIGINT) is _interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        from .app import run
    except KeyboardInterrupt:
        _interrupted()
    run()


def __getattr__(name: str) -> Any:
    """Load the click group ``cli`` on first use."""
    if name == "cli":
        from .app import cli

        return cli
    raise AttributeError(f"module 'dedupe_text.cli' has no attribute {name!r}")
