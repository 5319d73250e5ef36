"""The storage seam: a :class:`Store` protocol that SQLite (and later PostgreSQL) implement."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from sitrep.model import Article, Extraction


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

    def close(self) -> None: ...
