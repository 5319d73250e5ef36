"""Alert delivery that survives failures: failed sends are stored and retried with back-off.

:func:`send_alert` delivers a newly raised alert to every sink and stores a
:class:`~sitrep.model.FailedDelivery` for each sink that refused it. :func:`retry_due` sends
those again once they are due: the first retry ``retry_seconds`` after the failure, then
twice as long after each further failure (at most ``retry_max_seconds``), until
``retry_attempts`` sends have failed; then the delivery is given up (``next_try`` None),
logged as an error, and kept in the store so ``sitrep alerts`` can show it. A delivery that
succeeds is forgotten.

Before a retry the delivery is claimed in the store (its next try moved on by
``retry_seconds``), so two processes on one store never both send it; a process that dies
while sending leaves it due again after that lease. Naive datetimes are taken as UTC.
Deliveries are keyed by alert key and sink name, so sink names must be unique
(:func:`sitrep.report.sinks.build_sinks` makes them so).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sitrep.model import Alert, FailedDelivery
from sitrep.report.sinks import Sink, deliver
from sitrep.settings import AlertSettings
from sitrep.store.base import Store, as_utc

log = logging.getLogger(__name__)

Failure = tuple[str, str]  # (sink name, error)


def next_try(attempts: int, now: dt.datetime, settings: AlertSettings) -> dt.datetime | None:
    """When to send again after ``attempts`` failed sends (None: give up)."""
    if attempts >= settings.retry_attempts:
        return None
    delay = min(settings.retry_seconds * 2 ** (attempts - 1), settings.retry_max_seconds)
    return now + dt.timedelta(seconds=delay)


def _record(
    store: Store,
    alert: Alert,
    failures: Sequence[Failure],
    attempts: int,
    now: dt.datetime,
    settings: AlertSettings,
) -> None:
    for sink, error in failures:
        due = next_try(attempts, now, settings)
        if due is None:
            log.error(
                "alert %s: giving up on %s after %d attempts: %s", alert.key, sink, attempts, error
            )
        store.put_failed_delivery(FailedDelivery(alert.key, sink, attempts, error, due))


def send_alert(
    alert: Alert,
    sinks: Sequence[Sink],
    *,
    store: Store,
    settings: AlertSettings,
    now: dt.datetime,
) -> list[Failure]:
    """Deliver a new ``alert`` to every sink; store each failure for :func:`retry_due`."""
    failures = deliver(alert, sinks)
    _record(store, alert, failures, 1, as_utc(now), settings)
    return failures


def retry_due(
    sinks: Sequence[Sink], *, store: Store, settings: AlertSettings, now: dt.datetime
) -> tuple[list[Alert], list[Failure]]:
    """Send again every stored failed delivery that is due to a sink still configured.

    Returns the alerts delivered now (once each, even when several sinks took them) and the
    deliveries that failed again.
    """
    now = as_utc(now)
    lease = now + dt.timedelta(seconds=settings.retry_seconds)
    by_name = {sink.name: sink for sink in sinks}
    delivered: dict[str, Alert] = {}
    failed: list[Failure] = []
    for failure in store.failed_deliveries():
        if failure.next_try is None or as_utc(failure.next_try) > now:
            continue
        sink = by_name.get(failure.sink)
        alert = store.get_alert(failure.alert_key)
        if sink is None or alert is None:
            continue  # the sink was removed from the configuration: keep it for the record
        if not store.claim_failed_delivery(failure, lease):
            continue  # another process is sending it (or just did)
        again = deliver(alert, [sink])
        if again:
            _record(store, alert, again, failure.attempts + 1, now, settings)
            failed.extend(again)
        else:
            store.clear_failed_delivery(alert.key, sink.name)
            log.info("alert %s delivered to %s on attempt %d", alert.key, sink.name,
                     failure.attempts + 1)  # fmt: skip
            delivered.setdefault(alert.key, alert)
    return list(delivered.values()), failed


__all__ = ["next_try", "retry_due", "send_alert"]
