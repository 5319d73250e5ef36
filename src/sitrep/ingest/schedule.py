"""The polling scheduler behind ``sitrep watch``: when each feed is due, and the loop.

A :class:`Scheduler` keeps, per feed, when it is next due (monotonic seconds) and how many
times in a row it failed. Polls repeat every ``interval_seconds`` (± ``jitter``), failing
feeds back off exponentially up to ``backoff_max_seconds``, and two requests to the same
host are never closer than ``host_delay_seconds``. :func:`poll_forever` runs the loop over
any ``poll(url)`` callback; :func:`poll_once_each` polls every feed once (``--once``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import urlsplit

from sitrep.errors import ConfigError, SitrepError
from sitrep.settings import WatchSettings

log = logging.getLogger(__name__)

# 2**64 intervals is past any sane backoff cap; larger exponents would overflow a float.
_MAX_EXPONENT = 64


@dataclass(frozen=True, slots=True)
class FeedSchedule:
    """One feed's place in the schedule (times on the scheduler's monotonic clock)."""

    url: str
    host: str
    next_due: float
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """The result of one poll: ``ok``, or the error that made it fail."""

    url: str
    ok: bool
    error: str | None = None


class Stopper(Protocol):
    """What the loop needs of a :class:`threading.Event`."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


def feed_host(url: str) -> str:
    """The lower-cased host of an http(s) ``url``; ConfigError naming it otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        raise ConfigError(f"watch feed {url!r} is not a valid URL: {e}") from e
    if parts.scheme.lower() not in ("http", "https"):
        raise ConfigError(f"watch feed {url!r} is not an http(s) URL")
    if not host:
        raise ConfigError(f"watch feed {url!r} names no host")
    return host


def seconds_since(checked_at: str | None, *, now: dt.datetime) -> float | None:
    """Seconds from ISO time ``checked_at`` (e.g. FeedState.checked_at) to aware ``now``.

    None when ``checked_at`` is missing or unparseable; a naive time is taken as UTC.
    """
    if not checked_at:
        return None
    try:
        when = dt.datetime.fromisoformat(checked_at.replace("Z", "+00:00"))
    except ValueError:
        log.warning("ignoring unparseable feed check time %r", checked_at)
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (now - when).total_seconds()


def _dedupe(feeds: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(feeds))


def _check_settings(settings: WatchSettings) -> None:
    if settings.host_delay_seconds < 0 or not math.isfinite(settings.host_delay_seconds):
        raise ConfigError("watch.host_delay_seconds must be a finite number >= 0")
    if settings.backoff_max_seconds <= 0 or not math.isfinite(settings.backoff_max_seconds):
        raise ConfigError("watch.backoff_max_seconds must be a finite number > 0")


class Scheduler:
    """When each feed may be polled next; all times are on one monotonic clock."""

    def __init__(
        self,
        settings: WatchSettings,
        feeds: Iterable[str],
        *,
        now: float,
        rng: random.Random | None = None,
        last_checked: Mapping[str, float] | None = None,
    ) -> None:
        """Schedule ``feeds`` (deduplicated, order kept), every one due at ``now``.

        ``last_checked`` maps a feed to how many seconds ago it was last checked (before a
        restart); such a feed is first due at ``now + max(0, interval - seconds_ago)``.
        """
        _check_settings(settings)
        self._settings = settings
        self._rng = rng if rng is not None else random.Random()
        urls = _dedupe(feeds)
        if not urls:
            raise ConfigError("watch needs at least one feed URL")
        seen = last_checked or {}
        self._feeds: dict[str, FeedSchedule] = {
            url: FeedSchedule(url, feed_host(url), self._first_due(now, seen.get(url)))
            for url in urls
        }
        self._host_requested: dict[str, float] = {}
        self._in_flight: set[str] = set()

    def _first_due(self, now: float, seconds_ago: float | None) -> float:
        if seconds_ago is None or not math.isfinite(seconds_ago):
            return now
        return now + max(0.0, self._settings.interval_seconds - max(0.0, seconds_ago))

    @property
    def feeds(self) -> list[str]:
        """The scheduled feed URLs, in order."""
        return list(self._feeds)

    def host_free_at(self, url: str) -> float:
        """The earliest time ``url``'s host may be requested again (-inf if never requested)."""
        last = self._host_requested.get(self._get(url).host)
        return -math.inf if last is None else last + self._settings.host_delay_seconds

    def _ready_at(self, feed: FeedSchedule) -> float:
        return max(feed.next_due, self.host_free_at(feed.url))

    def _candidates(self) -> list[FeedSchedule]:
        return [feed for url, feed in self._feeds.items() if url not in self._in_flight]

    def next_feed(self, now: float) -> str | None:
        """The due feed with the earliest ``next_due`` whose host is free; None if none."""
        ready = [feed for feed in self._candidates() if self._ready_at(feed) <= now]
        if not ready:
            return None
        return min(ready, key=lambda feed: feed.next_due).url

    def wait_time(self, now: float) -> float:
        """Seconds until some feed may be polled (0 if one may be polled now)."""
        times = [self._ready_at(feed) for feed in self._candidates()]
        if not times:  # every feed is being polled; look again after an interval
            return self._settings.interval_seconds
        return max(0.0, min(times) - now)

    def started(self, url: str, now: float) -> None:
        """Record that ``url`` is being requested at ``now`` (call before polling)."""
        self._host_requested[self._get(url).host] = now
        self._in_flight.add(url)

    def success(self, url: str, now: float) -> None:
        """``url`` was polled: reset its failures, due again after a jittered interval."""
        due = now + self._jittered(self._settings.interval_seconds)
        self._update(url, next_due=due, failures=0, last_error=None)

    def failure(self, url: str, now: float, error: str) -> None:
        """``url`` failed: back off ``interval * 2**failures`` (capped), jittered."""
        failures = self._get(url).failures + 1
        due = now + self._jittered(self.backoff(failures))
        self._update(url, next_due=due, failures=failures, last_error=error)

    def backoff(self, failures: int) -> float:
        """The un-jittered delay after ``failures`` failures in a row."""
        growth = 2.0 ** min(failures, _MAX_EXPONENT)
        return min(self._settings.backoff_max_seconds, self._settings.interval_seconds * growth)

    def snapshot(self) -> list[FeedSchedule]:
        """Every feed's schedule, in feed order (for status display)."""
        return list(self._feeds.values())

    def _jittered(self, delay: float) -> float:
        jitter = self._settings.jitter
        return delay * (1.0 + self._rng.uniform(-jitter, jitter))

    def _get(self, url: str) -> FeedSchedule:
        try:
            return self._feeds[url]
        except KeyError:
            raise KeyError(f"feed {url!r} is not scheduled") from None

    def _update(self, url: str, *, next_due: float, failures: int, last_error: str | None) -> None:
        feed = self._get(url)
        self._feeds[url] = replace(
            feed, next_due=next_due, failures=failures, last_error=last_error
        )
        self._in_flight.discard(url)


def _describe(error: Exception) -> str:
    if isinstance(error, SitrepError) and str(error):
        return str(error)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _poll_one(
    scheduler: Scheduler,
    poll: Callable[[str], object],
    url: str,
    *,
    clock: Callable[[], float],
    on_error: Callable[[str, Exception], None] | None,
) -> PollOutcome:
    """Poll ``url`` once and record the outcome; an ``Exception`` becomes a failure."""
    scheduler.started(url, clock())
    try:
        poll(url)
    except Exception as e:
        error = _describe(e)
        log.warning("polling feed %s failed: %s", url, error, exc_info=_is_bug(e))
        scheduler.failure(url, clock(), error)
        if on_error is not None:
            on_error(url, e)
        return PollOutcome(url, ok=False, error=error)
    scheduler.success(url, clock())
    return PollOutcome(url, ok=True)


def _is_bug(error: Exception) -> bool:
    """Unexpected errors (not a SitrepError) are logged with their traceback."""
    return not isinstance(error, SitrepError)


def poll_forever(
    scheduler: Scheduler,
    poll: Callable[[str], object],
    *,
    stop: Stopper,
    clock: Callable[[], float] = time.monotonic,
    on_error: Callable[[str, Exception], None] | None = None,
    max_polls: int | None = None,
) -> int:
    """Poll feeds as they fall due until ``stop`` is set (or ``max_polls``); return the count.

    A poll raising an ``Exception`` is logged, passed to ``on_error`` and scheduled for
    retry; it never stops the other feeds. ``stop`` is checked after every poll.
    """
    if max_polls is not None and max_polls < 0:
        raise ValueError(f"max_polls must be >= 0, got {max_polls}")
    polls = 0
    while not stop.is_set() and (max_polls is None or polls < max_polls):
        now = clock()
        url = scheduler.next_feed(now)
        if url is None:
            if stop.wait(scheduler.wait_time(now)):
                break
            continue
        _poll_one(scheduler, poll, url, clock=clock, on_error=on_error)
        polls += 1
    return polls


def poll_once_each(
    scheduler: Scheduler,
    poll: Callable[[str], object],
    *,
    stop: Stopper,
    clock: Callable[[], float] = time.monotonic,
    on_error: Callable[[str, Exception], None] | None = None,
) -> list[PollOutcome]:
    """Poll every feed once, in feed order as host politeness allows, whether due or not.

    Waits (via ``stop.wait``) when every remaining feed's host was requested too recently.
    Returns the outcomes in poll order; feeds left unpolled because ``stop`` was set are
    missing from it.
    """
    pending = scheduler.feeds
    outcomes: list[PollOutcome] = []
    while pending and not stop.is_set():
        now = clock()
        ready = [url for url in pending if scheduler.host_free_at(url) <= now]
        if not ready:
            earliest = min(scheduler.host_free_at(url) for url in pending)
            if stop.wait(max(0.0, earliest - now)):
                break
            continue
        url = ready[0]
        pending.remove(url)
        outcomes.append(_poll_one(scheduler, poll, url, clock=clock, on_error=on_error))
    return outcomes
