"""Ingest stage: sources (files, feeds, URLs) -> :class:`~sitrep.model.Article` -> store."""

from sitrep.ingest.pipeline import ingest

__all__ = ["ingest"]
