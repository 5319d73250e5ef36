"""The live loop's library: each new article goes analysis -> story -> situation -> alerts.

This module sits at the top, like :mod:`sitrep.analyze`: it composes the stages and the
alert sinks of ``report``. ``sitrep situation`` runs :meth:`Monitor.catch_up` over the store;
``sitrep watch`` runs :func:`watch_feeds`, which polls feeds and hands each poll's new
articles to the same :class:`Monitor`.

Restarts are safe: an article is in a story once (the store refuses a second assignment),
an alert key is raised once, and :meth:`Monitor.catch_up` picks up any article that was
stored but not yet placed (e.g. after a crash between ingest and analysis).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sitrep.analyze import analyze_articles
from sitrep.errors import FetchError
from sitrep.ingest import ingest
from sitrep.ingest.dedup import NearDuplicateIndex
from sitrep.ingest.fetch import Fetcher
from sitrep.ingest.pipeline import load_index
from sitrep.ingest.schedule import PollOutcome, Scheduler, poll_forever, poll_once_each
from sitrep.model import Alert, Article, Rejection
from sitrep.report.outbox import retry_due, send_alert
from sitrep.report.sinks import Sink
from sitrep.settings import Settings
from sitrep.situation.alerts import raise_alerts
from sitrep.situation.embed import Embedder, default_embedder
from sitrep.situation.picture import Loader, build_situation
from sitrep.situation.stories import assign_article
from sitrep.store.base import Store

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Update:
    """What processing one batch of articles changed."""

    articles: tuple[str, ...]
    stories: tuple[str, ...]
    new_stories: tuple[str, ...]
    alerts: tuple[Alert, ...]
    failed_deliveries: tuple[tuple[str, str], ...] = ()


class Monitor:
    """Places articles in stories and raises the alerts their situation calls for."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        sinks: Sequence[Sink] = (),
        embedder: Embedder | None = None,
        clock: Clock = utc_now,
        n_process: int = 1,
        alerts: bool = True,
    ) -> None:
        self.store = store
        self.settings = settings
        self.alerts = alerts
        self.sinks = tuple(sinks)
        self.embedder = embedder or default_embedder()
        self.clock = clock
        self.n_process = n_process
        self.loader = Loader(store)
        self._index: NearDuplicateIndex | None = None

    def dedup_index(self) -> NearDuplicateIndex:
        """The near-duplicate index of the store, built once and then kept up to date
        (with articles another process stored meanwhile, too)."""
        if self._index is None:
            self._index = load_index(self.store, self.settings)
        elif len(self._index) != self.store.counts().articles:
            for article_id, duplicate_of, signature in self.store.signatures():
                if article_id not in self._index:
                    minhash = self._index.from_bytes(signature)
                    self._index.add(article_id, minhash, duplicate_of=duplicate_of)
        return self._index

    def process(
        self, articles: Sequence[Article], *, progress: Callable[[Article], None] | None = None
    ) -> Update:
        """Analyse ``articles`` (reusing stored results), place them, raise and send alerts."""
        touched: dict[str, None] = {}
        created: list[str] = []
        done: list[str] = []
        for article, extraction in analyze_articles(
            articles, store=self.store, n_process=self.n_process
        ):
            assignment = assign_article(
                article,
                extraction,
                store=self.store,
                settings=self.settings.stories,
                embedder=self.embedder,
            )
            touched[assignment.story_id] = None
            if assignment.created:
                created.append(assignment.story_id)
            done.append(article.id)
            if progress is not None:
                progress(article)
        alerts, failures = self.review(touched)
        return Update(tuple(done), tuple(touched), tuple(created), tuple(alerts), tuple(failures))

    def review(self, story_ids: Iterable[str]) -> tuple[list[Alert], list[tuple[str, str]]]:
        """Send again the failed deliveries that are due, then raise and send the alerts the
        situation of each story calls for (none when the monitor was made with
        ``alerts=False``); returns the new alerts and every delivery that failed."""
        alerts: list[Alert] = []
        if not self.alerts:
            return alerts, []
        settings = self.settings.alerts
        failures = self.retry_deliveries()
        for story_id in story_ids:
            situation = build_situation(self.store, story_id, loader=self.loader)
            now = self.clock()
            raised = raise_alerts(situation, store=self.store, settings=settings, now=now)
            for alert in raised:
                failures.extend(
                    send_alert(alert, self.sinks, store=self.store, settings=settings, now=now)
                )
            alerts.extend(raised)
        return alerts, failures

    def retry_deliveries(self) -> list[tuple[str, str]]:
        """Send again the failed deliveries that are due (none with ``alerts=False``);
        returns those that failed again."""
        if not self.alerts:
            return []
        settings = self.settings.alerts
        _, failures = retry_due(self.sinks, store=self.store, settings=settings, now=self.clock())
        return failures

    def pending(self) -> list[Article]:
        """Stored articles not yet placed in a story, in the order they were stored."""
        return self.store.unplaced_articles()

    def catch_up(self, *, progress: Callable[[Article], None] | None = None) -> Update:
        """Process every stored article that is not in a story yet, then review the alerts
        of every other story too: alerts a crash (or ``--no-send``) left unraised are raised
        now, and nothing already raised is repeated."""
        update = self.process(self.pending(), progress=progress)
        others = [s.id for s in self.store.story_states() if s.id not in update.stories]
        alerts, failures = self.review(others)
        if not alerts and not failures:
            return update
        return Update(
            update.articles,
            update.stories,
            update.new_stories,
            (*update.alerts, *alerts),
            (*update.failed_deliveries, *failures),
        )


def _settle() -> None:
    """Move what a long-running process keeps (models, cached extractions) out of the
    garbage collector's sight: full collections over ~1M tracked objects took ~1 s and
    were the p95 of an update in bench/situation.py."""
    gc.collect()
    gc.freeze()


def _feed_failure(url: str, rejections: Iterable[Rejection]) -> str | None:
    """Why the feed at ``url`` itself was rejected (not one of its items), if it was."""
    for rejection in rejections:
        if rejection.source == url:
            return f"{rejection.reason.value}: {rejection.detail}"
    return None


def poll_feed(
    url: str, *, monitor: Monitor, fetcher: Fetcher, on_update: Callable[[str, Update], None]
) -> Update:
    """Fetch one feed (conditional GET), store its new items and process them.

    Raises :class:`FetchError` when the feed itself could not be read, so the scheduler
    backs off; bad items inside a good feed are skipped by ingest and logged.
    """
    report = ingest(
        [url],
        store=monitor.store,
        settings=monitor.settings,
        fetcher=fetcher,
        feeds_only=True,
        index=monitor.dedup_index(),
    )
    failure = _feed_failure(url, report.rejections)
    for rejection in report.rejections:
        log.warning("skipped %s: %s", rejection.source, rejection.detail)
    new_ids = [*report.stored, *report.copies]
    # Also anything an earlier, interrupted poll stored but could not place.
    pending = monitor.pending()
    update = monitor.process(pending) if pending else None
    if update is None and (failures := monitor.retry_deliveries()):
        update = Update((), (), (), (), tuple(failures))
    if update is not None:
        _settle()
        on_update(url, update)
    if failure is not None and not new_ids:
        raise FetchError(f"{url}: {failure}")
    return update or Update((), (), (), ())


def watch_feeds(
    scheduler: Scheduler,
    *,
    monitor: Monitor,
    fetcher: Fetcher,
    stop: threading.Event,
    once: bool = False,
    on_update: Callable[[str, Update], None] = lambda _url, _update: None,
    on_error: Callable[[str, Exception], None] | None = None,
    max_polls: int | None = None,
) -> list[PollOutcome] | int:
    """Poll the scheduler's feeds until ``stop`` is set (or each once, with ``once``)."""

    def poll(url: str) -> Update:
        return poll_feed(url, monitor=monitor, fetcher=fetcher, on_update=on_update)

    monitor.catch_up()
    _settle()
    if once:
        return poll_once_each(scheduler, poll, stop=stop, on_error=on_error)
    return poll_forever(scheduler, poll, stop=stop, on_error=on_error, max_polls=max_polls)
