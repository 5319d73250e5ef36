"""One exception hierarchy for sitrep.

::

    SitrepError
    ├── ConfigError          settings file missing keys or holding bad values
    ├── InputError           an input cannot become an article (carries a RejectReason)
    │   └── FetchError       HTTP failure: unreachable, bad status, bad redirect, too large
    ├── StoreError           the database cannot be opened, migrated or written
    │   └── StoreConflictError  a record changed since it was read (another process wrote it)
    ├── NotFoundError        an id or prefix names no stored record
    ├── EvalError            an evaluation data set is missing or malformed
    └── SinkError            an alert could not be delivered to one sink

Library code raises these with messages that name the offending value; the CLI turns
them into a clean message and exit code.
"""

from __future__ import annotations

from sitrep.model import RejectReason


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class ConfigError(SitrepError):
    """The settings are invalid."""


class InputError(SitrepError):
    """An input was rejected; ``reason`` says why in a machine-readable way."""

    def __init__(self, reason: RejectReason, detail: str, *, source: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.source = source  # the part of an input that failed (a feed item), if not all of it


class FetchError(InputError):
    """A URL could not be fetched within the limits."""

    def __init__(self, detail: str, reason: RejectReason = RejectReason.FETCH) -> None:
        super().__init__(reason, detail)


class StoreError(SitrepError):
    """The store failed."""


class StoreConflictError(StoreError):
    """A record changed since it was read; the caller should read it again and retry."""


class NotFoundError(SitrepError):
    """No stored record matches."""


class EvalError(SitrepError):
    """An evaluation set is missing or malformed."""


class SinkError(SitrepError):
    """An alert sink failed to deliver (unwritable file, HTTP or SMTP failure)."""
