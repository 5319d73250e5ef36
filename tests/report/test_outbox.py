"""Failed alert deliveries: stored, retried with back-off, forgotten once delivered, given up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert, Evidence, FailedDelivery
from sitrep.monitor import Monitor
from sitrep.report.outbox import next_try, retry_due, send_alert
from sitrep.report.sinks import build_sinks
from sitrep.settings import AlertSettings, Settings
from sitrep.store import MemoryStore, SQLiteStore, Store

T0 = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
SETTINGS = AlertSettings(retry_seconds=60, retry_max_seconds=300, retry_attempts=4)


class Scripted:
    """A sink that fails while ``down`` is set and records what it received."""

    def __init__(self, name: str, *, down: bool = False) -> None:
        self.name = name
        self.down = down
        self.received: list[str] = []

    def send(self, alert: Alert) -> None:
        if self.down:
            raise SinkError(f"{self.name} is down")
        self.received.append(alert.key)


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    found: Store = SQLiteStore(tmp_path / "s.db") if request.param == "sqlite" else MemoryStore()
    yield found
    found.close()


def _alert(store: Store, key: str = "st-1:new_story") -> Alert:
    evidence = Evidence("a1", "wire.example", None, None, "text", 0, 4)
    alert = Alert(key, "st-1", "new_story", "New", "detail", "confirmed", 2, T0, (evidence,))
    store.put_alert(alert)
    return alert


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 60), (2, 120), (3, 240)],  # doubling from retry_seconds ...
)
def test_back_off_doubles(attempts: int, seconds: int) -> None:
    assert next_try(attempts, T0, SETTINGS) == T0 + dt.timedelta(seconds=seconds)


def test_back_off_is_capped_and_gives_up() -> None:
    wide = AlertSettings(retry_seconds=60, retry_max_seconds=100, retry_attempts=5)
    assert next_try(3, T0, wide) == T0 + dt.timedelta(seconds=100)
    assert next_try(5, T0, wide) is None


@pytest.mark.parametrize(
    "options",
    [{"retry_seconds": 0}, {"retry_seconds": 60, "retry_max_seconds": 30}, {"retry_attempts": 0}],
)
def test_bad_retry_settings_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        AlertSettings(**options)  # type: ignore[arg-type]


def test_a_failed_send_is_stored_and_the_others_still_get_it(store: Store) -> None:
    alert = _alert(store)
    good, bad = Scripted("good"), Scripted("bad", down=True)
    failures = send_alert(alert, [good, bad], store=store, settings=SETTINGS, now=T0)
    assert [name for name, _ in failures] == ["bad"]
    assert good.received == [alert.key]
    assert store.failed_deliveries() == [
        FailedDelivery(alert.key, "bad", 1, "bad is down", T0 + dt.timedelta(seconds=60))
    ]


def test_retry_waits_until_due_then_delivers_once_and_forgets(store: Store) -> None:
    alert = _alert(store)
    good, flaky = Scripted("good"), Scripted("flaky", down=True)
    send_alert(alert, [good, flaky], store=store, settings=SETTINGS, now=T0)
    flaky.down = False
    early = T0 + dt.timedelta(seconds=30)
    assert retry_due([good, flaky], store=store, settings=SETTINGS, now=early) == ([], [])
    assert flaky.received == []
    due = T0 + dt.timedelta(seconds=60)
    delivered, failed = retry_due([good, flaky], store=store, settings=SETTINGS, now=due)
    assert (delivered, failed) == ([alert], [])
    assert flaky.received == [alert.key]
    assert good.received == [alert.key]  # the sink that took it first is not sent it again
    assert store.failed_deliveries() == []
    assert retry_due([good, flaky], store=store, settings=SETTINGS, now=due) == ([], [])


def test_repeated_failures_back_off_then_give_up(store: Store) -> None:
    alert = _alert(store)
    down = Scripted("down", down=True)
    now = T0
    send_alert(alert, [down], store=store, settings=SETTINGS, now=now)
    gaps = []
    for _ in range(SETTINGS.retry_attempts - 1):
        (failure,) = store.failed_deliveries()
        assert failure.next_try is not None
        gaps.append((failure.next_try - now).total_seconds())
        now = failure.next_try
        assert retry_due([down], store=store, settings=SETTINGS, now=now)[1]
    assert gaps == [60, 120, 240]
    (given_up,) = store.failed_deliveries()
    assert (given_up.attempts, given_up.next_try) == (4, None)
    later = now + dt.timedelta(days=1)
    assert retry_due([down], store=store, settings=SETTINGS, now=later) == ([], [])


def test_a_sink_removed_from_the_configuration_is_not_retried(store: Store) -> None:
    alert = _alert(store)
    send_alert(alert, [Scripted("old", down=True)], store=store, settings=SETTINGS, now=T0)
    other = Scripted("other")
    later = T0 + dt.timedelta(hours=1)
    assert retry_due([other], store=store, settings=SETTINGS, now=later) == ([], [])
    assert other.received == []
    assert [f.sink for f in store.failed_deliveries()] == ["old"]


def test_failed_deliveries_are_ordered_due_first_and_given_up_last(store: Store) -> None:
    for key, due in (("a", T0), ("b", None), ("c", T0 - dt.timedelta(minutes=1))):
        store.put_failed_delivery(FailedDelivery(key, "s", 1, "e", due))
    store.put_failed_delivery(FailedDelivery("a", "s", 2, "again", T0))  # replaces, not adds
    assert [(f.alert_key, f.attempts) for f in store.failed_deliveries()] == [
        ("c", 1),
        ("a", 2),
        ("b", 1),
    ]
    store.clear_failed_delivery("a", "s")
    assert [f.alert_key for f in store.failed_deliveries()] == ["c", "b"]


def test_sinks_sharing_a_name_get_stable_unique_names() -> None:
    hooks = [{"type": "webhook", "url": f"https://hooks.example.org/{n}"} for n in (1, 2, 3)]
    names = [s.name for s in build_sinks(hooks)]
    assert len(set(names)) == 3
    assert all(name.startswith("webhook:hooks.example.org@") for name in names)
    reordered = [s.name for s in build_sinks(hooks[::-1])]
    assert reordered == names[::-1]  # a sink keeps its name (and its pending retries)
    twice = [s.name for s in build_sinks([hooks[0], hooks[0], {"type": "console"}])]
    assert twice[1] == f"{twice[0]}#2" and twice[2] == "console"


def test_naive_times_are_taken_as_utc(store: Store) -> None:
    alert = _alert(store)
    naive = T0.replace(tzinfo=None)
    send_alert(alert, [Scripted("down", down=True)], store=store, settings=SETTINGS, now=naive)
    (failure,) = store.failed_deliveries()
    assert failure.next_try == T0 + dt.timedelta(seconds=60)
    up = Scripted("down")
    later = naive + dt.timedelta(minutes=5)
    assert retry_due([up], store=store, settings=SETTINGS, now=later) == ([alert], [])


def test_due_order_compares_instants_not_strings(store: Store) -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    store.put_failed_delivery(FailedDelivery("utc-noon", "s", 1, "e", T0))
    store.put_failed_delivery(
        FailedDelivery("utc-10:30", "s", 1, "e", dt.datetime(2026, 1, 1, 12, 30, tzinfo=plus_two))
    )
    assert [f.alert_key for f in store.failed_deliveries()] == ["utc-10:30", "utc-noon"]


def test_a_retry_is_claimed_so_two_processes_send_it_once(store: Store) -> None:
    alert = _alert(store)
    send_alert(alert, [Scripted("hook", down=True)], store=store, settings=SETTINGS, now=T0)
    (seen,) = store.failed_deliveries()  # both processes read the same due row
    lease = T0 + dt.timedelta(minutes=5)
    assert store.claim_failed_delivery(seen, lease)
    assert not store.claim_failed_delivery(seen, lease)  # the second process backs off
    first, second = Scripted("hook"), Scripted("hook")
    due = T0 + dt.timedelta(minutes=2)
    assert retry_due([first], store=store, settings=SETTINGS, now=due) == ([], [])
    assert retry_due([second], store=store, settings=SETTINGS, now=lease) == ([alert], [])
    assert first.received == [] and second.received == [alert.key]


def test_a_version_3_database_gains_the_failed_deliveries_table(tmp_path: Path) -> None:
    import sqlite3

    from sitrep.store.migrations import MIGRATIONS, migrate

    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, MIGRATIONS[:3]) == 3
    conn.close()
    with SQLiteStore(path) as upgraded:
        upgraded.put_failed_delivery(FailedDelivery("k", "s", 1, "e", T0))
        assert [f.alert_key for f in upgraded.failed_deliveries()] == ["k"]


class NoEmbedder:
    dim = 4

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.zeros((len(texts), self.dim), dtype=np.float32)


def test_the_monitor_retries_due_deliveries_on_review(store: Store) -> None:
    alert = _alert(store)
    sink = Scripted("hook", down=True)
    clock = [T0]
    settings = Settings(alerts=SETTINGS)
    monitor = Monitor(store, settings, sinks=[sink], embedder=NoEmbedder(), clock=lambda: clock[0])
    send_alert(alert, [sink], store=store, settings=SETTINGS, now=T0)
    clock[0] = T0 + dt.timedelta(minutes=1)
    assert monitor.review([]) == ([], [("hook", "hook is down")])
    sink.down = False
    clock[0] = T0 + dt.timedelta(minutes=10)
    assert monitor.review([]) == ([], [])
    assert sink.received == [alert.key]
    assert store.failed_deliveries() == []
    assert not Monitor(store, settings, sinks=[sink], embedder=NoEmbedder(), alerts=False).review(
        []
    )[1]
