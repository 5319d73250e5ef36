"""An in-memory :class:`~sitrep.store.base.Store` for tests and throwaway runs."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from sitrep.errors import NotFoundError
from sitrep.model import Article, Extraction
from sitrep.store.base import ArticleCounts, FeedState


class MemoryStore:
    """Same behaviour as the SQLite store, kept in dictionaries."""

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}
        self._signatures: dict[str, bytes] = {}
        self._sightings: set[tuple[str, str]] = set()
        self._feeds: dict[str, FeedState] = {}
        self._extractions: dict[tuple[str, str], Extraction] = {}

    def put_article(self, article: Article, *, signature: bytes) -> bool:
        if article.id in self._articles:
            return False
        self._articles[article.id] = article
        self._signatures[article.id] = signature
        return True

    def add_sighting(
        self, article_id: str, *, source: str, url: str | None, outlet: str | None, seen_at: str
    ) -> bool:
        key = (article_id, source)
        if key in self._sightings:
            return False
        self._sightings.add(key)
        return True

    def has_article(self, article_id: str) -> bool:
        return article_id in self._articles

    def get_article(self, article_id: str) -> Article:
        prefix = article_id.strip().lower()
        matches = [key for key in self._articles if prefix and key.startswith(prefix)]
        if len(matches) == 1 or prefix in matches:
            return self._articles[prefix if prefix in matches else matches[0]]
        if matches:
            raise NotFoundError(f"id prefix {article_id!r} is ambiguous")
        raise NotFoundError(f"no article with id {article_id!r}")

    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[Article]:
        values = list(self._articles.values())[offset:]
        return values if limit is None else values[:limit]

    def counts(self) -> ArticleCounts:
        copies = sum(1 for a in self._articles.values() if a.duplicate_of)
        total = len(self._articles)
        return ArticleCounts(total, total - copies, copies, len(self._sightings))

    def signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        for key, article in self._articles.items():
            yield key, article.duplicate_of, self._signatures[key]

    def feed_state(self, url: str) -> FeedState | None:
        return self._feeds.get(url)

    def save_feed_state(self, state: FeedState) -> None:
        self._feeds[state.url] = dataclasses.replace(state)

    def put_extraction(self, extraction: Extraction) -> None:
        self._extractions[(extraction.article_id, extraction.pipeline)] = extraction

    def get_extraction(self, article_id: str, pipeline: str) -> Extraction | None:
        return self._extractions.get((article_id, pipeline))

    def close(self) -> None:
        return None
