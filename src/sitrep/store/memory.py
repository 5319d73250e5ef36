"""An in-memory :class:`~sitrep.store.base.Store` for tests and throwaway runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence

from sitrep.errors import NotFoundError, StoreConflictError
from sitrep.model import Alert, Article, Extraction, FailedDelivery
from sitrep.store.base import ArticleCounts, FeedState, StoryState, as_utc, due_order


class MemoryStore:
    """Same behaviour as the SQLite store, kept in dictionaries."""

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}
        self._signatures: dict[str, bytes] = {}
        self._sightings: set[tuple[str, str]] = set()
        self._feeds: dict[str, FeedState] = {}
        self._extractions: dict[tuple[str, str], Extraction] = {}
        self._stories: dict[str, StoryState] = {}
        self._assigned: dict[str, str] = {}
        self._alerts: dict[str, Alert] = {}
        self._failed: dict[tuple[str, str], FailedDelivery] = {}

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

    def get_articles(self, article_ids: list[str]) -> list[Article]:
        return [self._articles[i] for i in article_ids if i in self._articles]

    def get_extractions(
        self, article_ids: list[str], pipeline: str, *, parts: Sequence[str] | None = None
    ) -> dict[str, Extraction]:
        found = ((i, self._extractions.get((i, pipeline))) for i in article_ids)
        return {i: e for i, e in found if e is not None}

    def unplaced_articles(self) -> list[Article]:
        return [a for key, a in self._articles.items() if key not in self._assigned]

    def story_of(self, article_id: str) -> str | None:
        return self._assigned.get(article_id)

    def assign_story(
        self, state: StoryState, article_id: str, *, score: float, expected_size: int | None = None
    ) -> bool:
        if article_id in self._assigned:
            return False
        stored = self._stories[state.id].size if state.id in self._stories else 0
        if expected_size is not None and stored != expected_size:
            raise StoreConflictError(
                f"story {state.id} changed while {article_id} was being placed"
            )
        self._assigned[article_id] = state.id
        self._stories[state.id] = state
        return True

    def story_states(self, *, active_since: str | None = None) -> list[StoryState]:
        return [
            s
            for s in self._stories.values()
            if active_since is None or s.last_seen is None or s.last_seen >= active_since
        ]

    def story_state(self, story_id: str) -> StoryState:
        matches = [key for key in self._stories if story_id and key.startswith(story_id)]
        if story_id in matches or len(matches) == 1:
            return self._stories[story_id if story_id in matches else matches[0]]
        if matches:
            raise NotFoundError(f"story id prefix {story_id!r} is ambiguous")
        raise NotFoundError(f"no story with id {story_id!r}")

    def story_articles(self, story_id: str) -> list[str]:
        return [a for a, s in self._assigned.items() if s == story_id]

    def put_alert(self, alert: Alert) -> None:
        self._alerts[alert.key] = alert

    def record_alert(self, alert: Alert) -> bool:
        known = self._alerts.get(alert.key)
        if known is not None and known.status != "held":
            return False
        self._alerts[alert.key] = alert
        return True

    def get_alert(self, key: str) -> Alert | None:
        return self._alerts.get(key)

    def alerts(self, *, story_id: str | None = None) -> list[Alert]:
        return [a for a in self._alerts.values() if story_id in (None, a.story_id)]

    def put_failed_delivery(self, failure: FailedDelivery) -> None:
        due = as_utc(failure.next_try) if failure.next_try is not None else None
        self._failed[failure.alert_key, failure.sink] = dataclasses.replace(failure, next_try=due)

    def clear_failed_delivery(self, alert_key: str, sink: str) -> None:
        self._failed.pop((alert_key, sink), None)

    def claim_failed_delivery(self, failure: FailedDelivery, until: dt.datetime) -> bool:
        key = (failure.alert_key, failure.sink)
        if self._failed.get(key) != failure:
            return False
        self._failed[key] = dataclasses.replace(failure, next_try=as_utc(until))
        return True

    def failed_deliveries(self) -> list[FailedDelivery]:
        return sorted(self._failed.values(), key=due_order)

    def close(self) -> None:
        return None
