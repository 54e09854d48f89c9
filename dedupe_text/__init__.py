"""Find duplicate and near-duplicate paragraphs in an article and emit it cleaned.

>>> import dedupe_text
>>> dedupe_text.clean("Same paragraph, pasted twice.\\nSame paragraph, pasted twice.")
'Same paragraph, pasted twice.'
"""

from __future__ import annotations

from .config import DedupeConfig
from .core import Deduplicator, clean, dedupe
from .errors import ConfigError, DecisionsError, DedupeError, IndexBackendError, InputError, TextChangedError
from .result import DedupeResult, Group, Removal
from .segment import Paragraph

__version__ = "0.1.0"

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
