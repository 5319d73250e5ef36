"""Storage beside the pipeline stages: the :class:`Store` protocol and its implementations."""

from __future__ import annotations

import os
from pathlib import Path

from sitrep.store.base import ArticleCounts, FeedState, Store, StoryState
from sitrep.store.memory import MemoryStore
from sitrep.store.sqlite import SQLiteStore

DEFAULT_DB = "sitrep.db"


def default_db_path() -> Path:
    """``$SITREP_DB`` if set, else ``sitrep.db`` in the working directory."""
    return Path(os.environ.get("SITREP_DB") or DEFAULT_DB)


def open_store(path: Path | str | None = None) -> SQLiteStore:
    """Open (creating and migrating as needed) the SQLite store at ``path``."""
    return SQLiteStore(path if path is not None else default_db_path())


__all__ = [
    "ArticleCounts",
    "FeedState",
    "MemoryStore",
    "SQLiteStore",
    "Store",
    "StoryState",
    "default_db_path",
    "open_store",
]
