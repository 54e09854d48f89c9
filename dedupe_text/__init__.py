"""Find duplicate and near-duplicate paragraphs in an article and emit it cleaned.

>>> import dedupe_text
>>> dedupe_text.clean("Same paragraph, pasted twice.\\nSame paragraph, pasted twice.")
'Same paragraph, pasted twice.'

The names below are loaded on first use, so that ``import dedupe_text.cli`` costs next
to nothing until a command runs (and Ctrl-C during start-up is handled by the CLI).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from .config import DedupeConfig
    from .core import Deduplicator, clean, dedupe
    from .errors import ConfigError, DecisionsError, DedupeError, IndexBackendError, InputError, TextChangedError
    from .result import DedupeResult, Group, Removal
    from .segment import Paragraph

__version__ = "0.1.0"

_EXPORTS = {
    "ConfigError": "errors",
    "DecisionsError": "errors",
    "DedupeConfig": "config",
    "DedupeError": "errors",
    "DedupeResult": "result",
    "Deduplicator": "core",
    "Group": "result",
    "IndexBackendError": "errors",
    "InputError": "errors",
    "Paragraph": "segment",
    "Removal": "result",
    "TextChangedError": "errors",
    "clean": "core",
    "dedupe": "core",
}

__all__ = [
    "ConfigError",
    "DecisionsError",
    "DedupeConfig",
    "DedupeError",
    "DedupeResult",
    "Deduplicator",
    "Group",
    "IndexBackendError",
    "InputError",
    "Paragraph",
    "Removal",
    "TextChangedError",
    "__version__",
    "clean",
    "dedupe",
]


def __getattr__(name: str) -> Any:
    """Load an exported name from the module that defines it, on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dedupe_text' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
