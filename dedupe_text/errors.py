"""The exceptions dedupe-text raises: one family, one job each."""

from __future__ import annotations


class DedupeError(Exception):
    """Base class of every error dedupe-text raises on purpose."""


class InputError(DedupeError, ValueError):
    """The input cannot be read as text (binary, undecodable, too large)."""


class ConfigError(DedupeError, ValueError):
    """An option has a value outside its documented range."""


class IndexBackendError(DedupeError):
    """A cross-document index cannot be opened, reached or trusted."""


class DecisionsError(DedupeError, ValueError):
    """A saved decisions document cannot be read or does not fit the text."""


class TextChangedError(DecisionsError):
    """The text changed since its decisions were saved, so they are not re-applied."""
