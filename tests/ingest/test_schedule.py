from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import ConfigError, FetchError
from sitrep.ingest.schedule import (
    FeedSchedule,
    PollOutcome,
    Scheduler,
    poll_forever,
    poll_once_each,
    seconds_since,
)
from sitrep.settings import WatchSettings

T0 = 1000.0
A1 = "https://a.example/feed1.xml"
A2 = "https://a.example/feed2.xml"
B = "https://b.example/rss"
C = "http://c.example/atom"


def watch(**overrides: float) -> WatchSettings:
    values: dict[str, float] = {
        "interval_seconds": 600.0,
        "jitter": 0.0,
        "host_delay_seconds": 5.0,
        "backoff_max_seconds": 3600.0,
    }
    values.update(overrides)
    return WatchSettings(**values)  # type: ignore[arg-type]


def scheduler(feeds: list[str], *, now: float = T0, seed: int = 0, **overrides: float) -> Scheduler:
    return Scheduler(watch(**overrides), feeds, now=now, rng=random.Random(seed))


class FakeClock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class FakeStop:
    """A stop event whose ``wait`` advances the fake clock instead of sleeping."""

    def __init__(self, clock: FakeClock, *, stop_at: float | None = None) -> None:
        self.clock = clock
        self.stop_at = stop_at
        self.stopped = False
        self.waits: list[float] = []

    def is_set(self) -> bool:
        return self.stopped

    def set(self) -> None:
        self.stopped = True

    def wait(self, timeout: float | None = None) -> bool:
        assert timeout is not None and timeout >= 0
        self.waits.append(timeout)
        if self.stop_at is not None and self.clock.t + timeout >= self.stop_at:
            self.clock.t = max(self.clock.t, self.stop_at)
            self.stopped = True
        else:
            self.clock.t += timeout
        return self.stopped


class Recorder:
    """A poll callback that records (url, time) and fails for the URLs in ``failing``."""

    def __init__(self, clock: FakeClock, *, failing: frozenset[str] = frozenset()) -> None:
        self.clock = clock
        self.failing = failing
        self.calls: list[tuple[str, float]] = []

    def __call__(self, url: str) -> None:
        self.calls.append((url, self.clock.t))
        if url in self.failing:
            raise RuntimeError(f"boom at {url}")

    def urls(self) -> list[str]:
        return [url for url, _ in self.calls]


def run(
    sched: Scheduler, *, max_polls: int, failing: frozenset[str] = frozenset()
) -> tuple[Recorder, FakeStop, int]:
    clock = FakeClock()
    stop = FakeStop(clock)
    recorder = Recorder(clock, failing=failing)
    count = poll_forever(sched, recorder, stop=stop, clock=clock, max_polls=max_polls)
    return recorder, stop, count


# --- politeness -----------------------------------------------------------------------


def test_same_host_feeds_are_spaced_by_host_delay() -> None:
    recorder, stop, count = run(scheduler([A1, A2]), max_polls=2)
    assert count == 2
    assert recorder.calls == [(A1, T0), (A2, T0 + 5.0)]
    assert stop.waits == [5.0]


def test_next_feed_and_wait_time_respect_host_delay() -> None:
    sched = scheduler([A1, A2])
    assert sched.next_feed(T0) == A1
    sched.started(A1, T0)
    assert sched.next_feed(T0 + 4.9) is None
    assert sched.wait_time(T0 + 1.0) == pytest.approx(4.0)
    assert sched.next_feed(T0 + 5.0) == A2


def test_independent_hosts_polled_back_to_back() -> None:
    recorder, stop, count = run(scheduler([A1, B, C]), max_polls=3)
    assert count == 3
    assert recorder.calls == [(A1, T0), (B, T0), (C, T0)]
    assert stop.waits == []


def test_feed_being_polled_is_not_picked_again() -> None:
    sched = scheduler([A1], host_delay_seconds=0.0)
    sched.started(A1, T0)
    assert sched.next_feed(T0) is None
    assert sched.wait_time(T0) == 600.0
    sched.success(A1, T0)
    assert sched.next_feed(T0 + 600.0) == A1


def test_earliest_due_feed_first() -> None:
    sched = Scheduler(watch(), [A1, B], now=T0, last_checked={A1: 300.0, B: 500.0})
    assert sched.next_feed(T0 + 50.0) is None
    assert sched.wait_time(T0 + 50.0) == pytest.approx(50.0)
    assert sched.next_feed(T0 + 400.0) == B


# --- backoff and jitter ---------------------------------------------------------------


def test_backoff_doubles_then_caps_and_success_resets() -> None:
    sched = scheduler([A1], interval_seconds=10.0, backoff_max_seconds=100.0)
    delays = []
    for _ in range(5):
        sched.failure(A1, T0, "HTTP 503")
        delays.append(sched.snapshot()[0].next_due - T0)
    assert delays == [20.0, 40.0, 80.0, 100.0, 100.0]
    feed = sched.snapshot()[0]
    assert (feed.failures, feed.last_error) == (5, "HTTP 503")
    sched.success(A1, T0)
    assert sched.snapshot()[0] == FeedSchedule(A1, "a.example", T0 + 10.0, 0, None)


def test_backoff_of_many_failures_does_not_overflow() -> None:
    sched = scheduler([A1], backoff_max_seconds=3600.0)
    assert sched.backoff(10_000) == 3600.0


@pytest.mark.parametrize("seed", range(6))
def test_jitter_stays_within_bounds_and_spreads(seed: int) -> None:
    sched = scheduler([A1], seed=seed, jitter=0.1)
    dues = set()
    for _ in range(50):
        sched.success(A1, T0)
        due = sched.snapshot()[0].next_due
        assert T0 + 540.0 <= due <= T0 + 660.0
        dues.add(due)
    assert len(dues) > 40


@given(
    interval=st.floats(min_value=0.001, max_value=1e6),
    jitter=st.floats(min_value=0.0, max_value=0.99),
    now=st.floats(min_value=0.0, max_value=1e9),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_success_next_due_within_jittered_interval(
    interval: float, jitter: float, now: float, seed: int
) -> None:
    settings = WatchSettings(feeds=(), interval_seconds=interval, jitter=jitter)
    sched = Scheduler(settings, [A1], now=now, rng=random.Random(seed))
    sched.success(A1, now)
    delay = sched.snapshot()[0].next_due - now
    slack = 1e-9 * max(1.0, now)
    assert interval * (1 - jitter) - slack <= delay <= interval * (1 + jitter) + slack


@given(
    failures=st.integers(min_value=1, max_value=80),
    jitter=st.floats(min_value=0.0, max_value=0.99),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_failure_delay_within_jittered_backoff(failures: int, jitter: float, seed: int) -> None:
    settings = WatchSettings(interval_seconds=60.0, jitter=jitter, backoff_max_seconds=3600.0)
    sched = Scheduler(settings, [A1], now=0.0, rng=random.Random(seed))
    for _ in range(failures):
        sched.failure(A1, 0.0, "x")
    base = min(3600.0, 60.0 * 2**failures)
    delay = sched.snapshot()[0].next_due
    assert base * (1 - jitter) - 1e-9 <= delay <= base * (1 + jitter) + 1e-9


# --- the loop -------------------------------------------------------------------------


def test_failing_poll_does_not_stop_other_feeds(caplog: pytest.LogCaptureFixture) -> None:
    sched = scheduler([A1, B], interval_seconds=100.0)
    clock = FakeClock()
    stop = FakeStop(clock, stop_at=T0 + 150.0)
    recorder = Recorder(clock, failing=frozenset({A1}))
    errors: list[tuple[str, Exception]] = []
    with caplog.at_level(logging.WARNING, logger="sitrep.ingest.schedule"):
        count = poll_forever(
            sched,
            recorder,
            stop=stop,
            clock=clock,
            on_error=lambda url, e: errors.append((url, e)),
        )
    # A1 fails at T0 (retry after 200 s, past the stop); B succeeds at T0 and T0 + 100.
    assert recorder.calls == [(A1, T0), (B, T0), (B, T0 + 100.0)]
    assert count == 3
    assert [url for url, _ in errors] == [A1]
    assert isinstance(errors[0][1], RuntimeError)
    a1, b = sched.snapshot()
    assert (a1.failures, a1.last_error) == (1, f"RuntimeError: boom at {A1}")
    assert (b.failures, b.last_error) == (0, None)
    assert any(A1 in record.getMessage() for record in caplog.records)


def test_sitrep_error_is_recorded_by_its_message() -> None:
    sched = scheduler([A1])

    def poll(url: str) -> None:
        raise FetchError(f"{url}: HTTP 500")

    poll_forever(sched, poll, stop=FakeStop(FakeClock()), clock=FakeClock(), max_polls=1)
    assert sched.snapshot()[0].last_error == f"{A1}: HTTP 500"


def test_keyboard_interrupt_propagates() -> None:
    def poll(url: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        poll_forever(scheduler([A1]), poll, stop=FakeStop(FakeClock()), clock=FakeClock())


def test_stop_ends_the_loop_while_waiting() -> None:
    sched = scheduler([A1], interval_seconds=60.0)
    clock = FakeClock()
    stop = FakeStop(clock, stop_at=T0 + 200.0)
    recorder = Recorder(clock)
    count = poll_forever(sched, recorder, stop=stop, clock=clock)
    assert count == 4
    assert [t for _, t in recorder.calls] == [T0, T0 + 60.0, T0 + 120.0, T0 + 180.0]


def test_stop_set_during_a_poll_ends_the_loop_after_it() -> None:
    clock = FakeClock()
    stop = FakeStop(clock)
    polled: list[str] = []

    def poll(url: str) -> None:
        polled.append(url)
        stop.set()

    assert poll_forever(scheduler([A1, B, C]), poll, stop=stop, clock=clock) == 1
    assert polled == [A1]


def test_stop_already_set_polls_nothing() -> None:
    stop = threading.Event()
    stop.set()
    assert poll_forever(scheduler([A1]), lambda url: None, stop=stop) == 0


def test_real_event_set_from_another_thread_ends_the_wait() -> None:
    stop = threading.Event()
    polled = threading.Event()
    result: list[int] = []
    sched = Scheduler(watch(), [A1], now=0.0, rng=random.Random(0))
    # The fake clock stays at 0: after the poll the loop waits ~600 s on the real event.
    thread = threading.Thread(
        target=lambda: result.append(
            poll_forever(sched, lambda url: polled.set(), stop=stop, clock=lambda: 0.0)
        )
    )
    thread.start()
    assert polled.wait(5.0)
    stop.set()
    thread.join(5.0)
    assert not thread.is_alive()
    assert result == [1]


def test_max_polls() -> None:
    recorder, _, count = run(scheduler([A1], interval_seconds=10.0), max_polls=3)
    assert count == 3
    assert [t for _, t in recorder.calls] == [T0, T0 + 10.0, T0 + 20.0]
    assert run(scheduler([A1]), max_polls=0)[2] == 0
    with pytest.raises(ValueError, match="max_polls"):
        run(scheduler([A1]), max_polls=-1)


# --- poll_once_each -------------------------------------------------------------------


def test_poll_once_each_polls_every_feed_once_politely() -> None:
    sched = Scheduler(watch(), [A1, A2, B], now=T0, last_checked={B: 10.0})
    clock = FakeClock()
    stop = FakeStop(clock)
    recorder = Recorder(clock, failing=frozenset({A2}))
    outcomes = poll_once_each(sched, recorder, stop=stop, clock=clock)
    # B is not due (checked 10 s ago) but --once polls it anyway.
    assert recorder.calls == [(A1, T0), (B, T0), (A2, T0 + 5.0)]
    assert outcomes == [
        PollOutcome(A1, ok=True),
        PollOutcome(B, ok=True),
        PollOutcome(A2, ok=False, error=f"RuntimeError: boom at {A2}"),
    ]
    assert stop.waits == [5.0]


def test_poll_once_each_stops_early() -> None:
    clock = FakeClock()
    stop = FakeStop(clock, stop_at=T0 + 1.0)
    outcomes = poll_once_each(scheduler([A1, A2]), Recorder(clock), stop=stop, clock=clock)
    assert outcomes == [PollOutcome(A1, ok=True)]


# --- construction ---------------------------------------------------------------------


def test_restart_resumes_from_last_checked() -> None:
    sched = Scheduler(
        watch(),
        [A1, B, C, "https://d.example/"],
        now=T0,
        rng=random.Random(0),
        last_checked={A1: 100.0, B: 1000.0, "https://d.example/": -50.0, "https://x/": 1.0},
    )
    dues = {feed.url: feed.next_due for feed in sched.snapshot()}
    assert dues == {A1: T0 + 500.0, B: T0, C: T0, "https://d.example/": T0 + 600.0}
    clock = FakeClock()
    recorder = Recorder(clock)
    poll_forever(sched, recorder, stop=FakeStop(clock), clock=clock, max_polls=3)
    assert recorder.calls == [(B, T0), (C, T0), (A1, T0 + 500.0)]


def test_seconds_since() -> None:
    now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    assert seconds_since("2026-03-01T11:50:00+00:00", now=now) == 600.0
    assert seconds_since("2026-03-01T11:59:00Z", now=now) == 60.0
    assert seconds_since("2026-03-01T11:59:30", now=now) == 30.0
    assert seconds_since("2026-03-01T12:00:00+01:00", now=now) == 3600.0
    assert seconds_since(None, now=now) is None
    assert seconds_since("yesterday", now=now) is None


def test_first_polls_all_due_at_start() -> None:
    sched = scheduler([A1, B, C], jitter=0.5)
    assert [feed.next_due for feed in sched.snapshot()] == [T0, T0, T0]
    assert sched.wait_time(T0) == 0.0


def test_duplicate_urls_deduplicated_in_order() -> None:
    sched = scheduler([B, A1, B, A1, C])
    assert sched.feeds == [B, A1, C]
    assert [feed.url for feed in sched.snapshot()] == [B, A1, C]
    assert [feed.host for feed in sched.snapshot()] == ["b.example", "a.example", "c.example"]


def test_snapshot_entries_are_frozen() -> None:
    feed = scheduler([A1]).snapshot()[0]
    with pytest.raises(FrozenInstanceError):
        feed.failures = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "url", ["ftp://a.example/feed", "file:///etc/passwd", "a.example/feed", "https://", ""]
)
def test_non_http_feed_rejected_by_name(url: str) -> None:
    with pytest.raises(ConfigError) as info:
        scheduler([A1, url])
    assert repr(url) in str(info.value)


def test_no_feeds_rejected() -> None:
    with pytest.raises(ConfigError, match="at least one feed"):
        scheduler([])


@pytest.mark.parametrize("overrides", [{"host_delay_seconds": -1.0}, {"backoff_max_seconds": 0.0}])
def test_bad_watch_settings_rejected(overrides: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        Scheduler(watch(**overrides), [A1], now=T0)


def test_unknown_feed_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="not scheduled"):
        scheduler([A1]).success(B, T0)
