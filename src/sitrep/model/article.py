"""Ingest records: an article as stored, and the outcome of an ingest run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from sitrep.model.base import Record

# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One news report as stored.

    ``id`` is the content hash of the normalised text (see :mod:`sitrep.ingest.identity`).
    ``duplicate_of`` links a near-duplicate (syndicated or lightly edited copy) to the
    article it copies, so later stages count independent sources only once.
    ``date_ambiguous`` is true when the day/month order of the published date could not be
    settled by the outlet's conventions, the language or evidence in the text.
    """

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: dt.datetime | None = None
    date_ambiguous: bool = False
    language: str | None = None
    fetched_at: dt.datetime | None = None
    feed: str | None = None
    source: str | None = None
    duplicate_of: str | None = None


class RejectReason(StrEnum):
    """Why an input did not become an article."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    ENCODING = "encoding"
    MALFORMED = "malformed"
    UNSAFE = "unsafe"
    FETCH = "fetch"
    UNSUPPORTED = "unsupported"
    NO_TEXT = "no_text"


@dataclass(frozen=True, slots=True)
class Rejection(Record):
    """An input that was skipped, with a reason a person can act on."""

    source: str
    reason: RejectReason
    detail: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(data["source"], RejectReason(data["reason"]), data["detail"])


class Outcome(StrEnum):
    """What happened to one article on ingest."""

    STORED = "stored"  # new original article
    STORED_COPY = "stored_copy"  # new near-duplicate, linked to its original
    DUPLICATE = "duplicate"  # exact content already stored; nothing new written


@dataclass(frozen=True, slots=True)
class IngestReport(Record):
    """Counts and details of one ingest run."""

    stored: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    not_modified: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": list(self.stored),
            "copies": list(self.copies),
            "duplicates": list(self.duplicates),
            "not_modified": list(self.not_modified),
            "rejections": [r.to_dict() for r in self.rejections],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            stored=tuple(data.get("stored", ())),
            copies=tuple(data.get("copies", ())),
            duplicates=tuple(data.get("duplicates", ())),
            not_modified=tuple(data.get("not_modified", ())),
            rejections=tuple(Rejection.from_dict(r) for r in data.get("rejections", ())),
        )
