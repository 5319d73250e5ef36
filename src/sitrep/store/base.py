"""The storage seam: a :class:`Store` protocol that SQLite (and later PostgreSQL) implement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from sitrep.model import Alert, Article, Extraction, FailedDelivery

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def due_order(failure: FailedDelivery) -> tuple[bool, dt.datetime]:
    """Sort key of failed deliveries: the earliest due first, given-up ones last."""
    return failure.next_try is None, as_utc(failure.next_try) if failure.next_try else _EPOCH


@dataclass(frozen=True, slots=True)
class ArticleCounts:
    """Totals of the store: all articles, originals and near-duplicate copies."""

    articles: int
    originals: int
    copies: int
    sightings: int


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers of a feed for conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None


@dataclass(frozen=True, slots=True)
class StoryState:
    """What story grouping keeps of a story between articles (see sitrep.situation.stories).

    ``centroid`` is the mean text embedding of its independent articles (float32 bytes);
    ``features`` counts its countries (``c:KAZ``), places (``p:1526384``) and actors
    (``a:RUSMIL``); ``size`` is the number of independent articles folded into both.
    """

    id: str
    title: str
    centroid: bytes
    features: tuple[tuple[str, int], ...]
    size: int
    first_seen: str | None
    last_seen: str | None


class Store(Protocol):
    """Durable storage of articles and what is derived from them.

    Every write is one transaction: an article is stored whole or not at all.
    """

    def put_article(self, article: Article, *, signature: bytes) -> bool:
        """Insert ``article`` with its MinHash signature; False if its id is already stored."""
        ...

    def add_sighting(
        self, article_id: str, *, source: str, url: str | None, outlet: str | None, seen_at: str
    ) -> bool:
        """Record that an exact copy of ``article_id`` was seen at ``source``; False if known."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def get_article(self, article_id: str) -> Article:
        """The article whose id is or starts with ``article_id``; raises NotFoundError."""
        ...

    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Articles in the order they were stored."""
        ...

    def counts(self) -> ArticleCounts: ...

    def signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        """(article id, duplicate_of, signature) for every stored article, oldest first."""
        ...

    def feed_state(self, url: str) -> FeedState | None: ...

    def save_feed_state(self, state: FeedState) -> None: ...

    def put_extraction(self, extraction: Extraction) -> None:
        """Save (or replace) the extraction of one article by one pipeline version."""
        ...

    def get_extraction(self, article_id: str, pipeline: str) -> Extraction | None: ...

    def get_articles(self, article_ids: list[str]) -> list[Article]:
        """The stored articles among ``article_ids`` (exact ids), in the order given."""
        ...

    def get_extractions(
        self, article_ids: list[str], pipeline: str, *, parts: Sequence[str] | None = None
    ) -> dict[str, Extraction]:
        """Extractions of ``pipeline`` for the given articles, by article id.

        With ``parts`` (e.g. ``("figures", "events")``) only those item lists are read; the
        others come back empty (a store may still return them).
        """
        ...

    # stories

    def unplaced_articles(self) -> list[Article]:
        """Stored articles not yet in a story, in the order they were stored."""
        ...

    def story_of(self, article_id: str) -> str | None:
        """The id of the story ``article_id`` was assigned to, if any."""
        ...

    def assign_story(
        self, state: StoryState, article_id: str, *, score: float, expected_size: int | None = None
    ) -> bool:
        """Save ``state`` and put ``article_id`` in it, in one transaction; False if assigned.

        ``expected_size`` is the stored story's size ``state`` was computed from (0: a new
        story); if the stored story differs, nothing is written and :class:`StoreConflictError`
        is raised, so two processes never overwrite each other's update of a story.
        """
        ...

    def story_states(self, *, active_since: str | None = None) -> list[StoryState]:
        """Stories (oldest first) whose last article is on or after ``active_since``."""
        ...

    def story_state(self, story_id: str) -> StoryState:
        """The story whose id is or starts with ``story_id``; raises NotFoundError."""
        ...

    def story_articles(self, story_id: str) -> list[str]:
        """Ids of the articles assigned to ``story_id``, in the order they were assigned."""
        ...

    # alerts

    def put_alert(self, alert: Alert) -> None:
        """Insert ``alert``, or replace the stored alert with the same key."""
        ...

    def record_alert(self, alert: Alert) -> bool:
        """Store ``alert`` unless its key is stored with a status other than ``held``;
        True if it was stored. Atomic, so two processes never both raise one alert."""
        ...

    def get_alert(self, key: str) -> Alert | None: ...

    def alerts(self, *, story_id: str | None = None) -> list[Alert]:
        """Alerts in the order they were raised."""
        ...

    def put_failed_delivery(self, failure: FailedDelivery) -> None:
        """Insert ``failure``, or replace the one stored for its alert and sink."""
        ...

    def clear_failed_delivery(self, alert_key: str, sink: str) -> None:
        """Forget the failure of ``alert_key`` at ``sink`` (it was delivered)."""
        ...

    def claim_failed_delivery(self, failure: FailedDelivery, until: dt.datetime) -> bool:
        """Move ``failure``'s next try to ``until`` if it is stored unchanged; False when
        another process claimed or settled it first (so one retry is sent once)."""
        ...

    def failed_deliveries(self) -> list[FailedDelivery]:
        """Every delivery that failed and was not delivered since, oldest due first
        (given-up ones last)."""
        ...

    def close(self) -> None: ...
