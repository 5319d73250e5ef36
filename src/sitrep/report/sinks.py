"""Delivery of alerts to the sinks configured in ``alerts.sinks``.

Each sink has a ``name`` and a ``send(alert)`` that raises :class:`SinkError` on failure;
:func:`deliver` sends one alert to every sink, and a failing sink never stops the others.

Sink types and their keys (``type`` plus the keys below; ``*`` marks a required key):

* ``console``: no keys; a one-line summary on stderr (Rich).
* ``jsonl``: ``path*``; appends ``Alert.to_dict()`` as one JSON line, fsynced.
* ``webhook``: ``url*`` (http/https), ``timeout`` (seconds, 5), ``headers`` (mapping);
  POSTs ``Alert.to_dict()`` as JSON, any non-2xx answer is a failure.
* ``email``: ``host*``, ``port*``, ``sender*``, ``recipients*`` (list), ``starttls`` (false),
  ``username``, ``password_env`` (name of the environment variable holding the password,
  read at send time), ``timeout`` (seconds, 10). Plain SMTP, optionally upgraded by STARTTLS.
* ``atom``: ``path*``, ``max_entries`` (200), ``title``; an Atom 1.0 feed of the newest
  alerts, one entry per alert key, rewritten atomically.

Sinks send whatever they are given: filtering out ``held`` or ``suppressed`` alerts is the
caller's job.

This module holds the protocol, the console, JSON Lines and webhook sinks, :func:`build_sinks`
and :func:`deliver`. The email and Atom sinks are in :mod:`sitrep.report.sink_email` and
:mod:`sitrep.report.sink_atom` (re-exported here), the key schema in
:mod:`sitrep.report.sink_config`, and the alert text they share in
:mod:`sitrep.report.sink_text`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import httpx
from rich.console import Console
from rich.text import Text

from sitrep import __version__
from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert
from sitrep.report.sink_atom import ATOM_NS, AtomSink
from sitrep.report.sink_config import SINK_KEYS, positive, validate_sink
from sitrep.report.sink_email import EmailSink
from sitrep.report.sink_text import one_line, source_line

log = logging.getLogger(__name__)

_STATUS_STYLE = {
    "confirmed": "bold red",
    "unconfirmed": "bold yellow",
    "held": "dim",
    "suppressed": "dim",
}


class Sink(Protocol):
    """Somewhere alerts go. ``send`` raises :class:`SinkError` when delivery fails."""

    name: str

    def send(self, alert: Alert) -> None: ...


# --- console -----------------------------------------------------------------------------


class ConsoleSink:
    """One compact line per alert on a Rich console (stderr unless one is given)."""

    def __init__(self, *, console: Console | None = None) -> None:
        self.console = console if console is not None else Console(stderr=True)
        self.name = "console"

    def send(self, alert: Alert) -> None:
        try:
            self.console.print(_console_line(alert), highlight=False)
        except OSError as e:
            raise SinkError(f"cannot print alert {alert.key!r} to the console: {e}") from e


def _console_line(alert: Alert) -> Text:
    plural = "" if alert.sources == 1 else "s"
    line = Text()
    line.append("[sitrep] ", style="bold")
    line.append(alert.status.upper(), style=_STATUS_STYLE.get(alert.status, "bold"))
    line.append(f" {alert.kind}: ", style="cyan")
    line.append(one_line(alert.title), style="bold")
    line.append(f" | {alert.sources} source{plural} | ")
    line.append(source_line(alert), style="dim")
    return line


# --- JSON Lines --------------------------------------------------------------------------


class JsonlSink:
    """Appends each alert as one JSON object per line; flushed and fsynced per alert."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self.name = f"jsonl:{self.path}"
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        line = json.dumps(alert.to_dict(), ensure_ascii=False) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                _append_line(self.path, line.encode("utf-8"))
        except OSError as e:
            raise SinkError(f"cannot append alert {alert.key!r} to {self.path}: {e}") from e


def _append_line(path: Path, data: bytes) -> None:
    """Append ``data``, first ending a torn last line (a crash mid-write) with a newline."""
    with path.open("a+b") as f:
        f.seek(0, os.SEEK_END)
        if f.tell() > 0:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                data = b"\n" + data
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


# --- webhook -----------------------------------------------------------------------------


class WebhookSink:
    """POSTs ``alert.to_dict()`` as JSON; anything but a 2xx answer is a failure.

    Redirects are not followed. The sink name shows only the host, since webhook URLs
    often carry a secret token in their path.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 5.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.url = url
        self.host = _http_host(url)
        self.timeout = positive("timeout", timeout)
        self.headers = {"User-Agent": f"sitrep/{__version__}", **(headers or {})}
        self.name = f"webhook:{self.host}"

    def send(self, alert: Alert) -> None:
        try:
            response = httpx.post(
                self.url, json=alert.to_dict(), headers=self.headers, timeout=self.timeout
            )
        except httpx.HTTPError as e:
            raise SinkError(f"webhook {self.host}: {type(e).__name__}: {e}") from e
        if not response.is_success:
            body = one_line(response.text)[:200]
            raise SinkError(
                f"webhook {self.host} answered HTTP {response.status_code} "
                f"{response.reason_phrase}: {body!r}"
            )


def _http_host(url: object) -> str:
    """The host of an http(s) URL, or ConfigError naming the URL."""
    problem = ConfigError(f"url must be an http or https URL with a host, got {url!r}")
    if not isinstance(url, str):
        raise problem
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as e:
        raise problem from e
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise problem
    return parsed.host


# --- configuration -----------------------------------------------------------------------


_FACTORIES: dict[str, Callable[[dict[str, Any], Console | None], Sink]] = {
    "console": lambda _options, console: ConsoleSink(console=console),
    "jsonl": lambda options, _console: JsonlSink(**options),
    "webhook": lambda options, _console: WebhookSink(**options),
    "email": lambda options, _console: EmailSink(**options),
    "atom": lambda options, _console: AtomSink(**options),
}


def build_sinks(
    configs: Sequence[Mapping[str, Any]], *, console: Console | None = None
) -> list[Sink]:
    """Sinks from ``alerts.sinks`` entries; ConfigError names the entry index and key.

    Names are unique: sinks sharing a name get ``@`` and a digest of their configuration (an
    identical entry repeated also ``#2``, ``#3``...).

    ``console`` is used by ``console`` sinks (default: a new stderr console).
    """
    sinks: list[Sink] = []
    digests: list[str] = []
    for index, config in enumerate(configs):
        where = f"alerts.sinks[{index}]"
        kind, options = validate_sink(where, config)
        try:
            sinks.append(_FACTORIES[kind](options, console))
        except ConfigError as e:
            raise ConfigError(f"{where} ({kind}): {e}") from e
        canonical = json.dumps(dict(config), sort_keys=True, default=str).encode()
        digests.append(hashlib.sha256(canonical).hexdigest()[:8])
    _unique_names(sinks, digests)
    return sinks


def _unique_names(sinks: Sequence[Sink], digests: Sequence[str]) -> None:
    """Failed deliveries are kept by sink name: two sinks sharing one ("webhook:host") get a
    digest of their configuration (stable when the list is reordered), then ``#n``."""
    counts = Counter(sink.name for sink in sinks)
    for sink, digest in zip(sinks, digests, strict=True):
        if counts[sink.name] > 1:
            sink.name = f"{sink.name}@{digest}"
    taken: set[str] = set()
    for sink in sinks:
        name, n = sink.name, 1
        while name in taken:
            n += 1
            name = f"{sink.name}#{n}"
        sink.name = name
        taken.add(name)


# --- delivery ----------------------------------------------------------------------------


def deliver(alert: Alert, sinks: Sequence[Sink]) -> list[tuple[str, str]]:
    """Send ``alert`` to every sink; returns ``(sink name, error)`` for each that failed.

    A failure is logged and never stops the remaining sinks; an unexpected exception (a
    bug rather than a delivery failure) is logged with its traceback and reported the same.
    """
    failures: list[tuple[str, str]] = []
    for sink in sinks:
        try:
            sink.send(alert)
        except SinkError as e:
            log.warning("alert %s not delivered to %s: %s", alert.key, sink.name, e)
            failures.append((sink.name, str(e)))
        except Exception as e:
            log.exception("alert %s: sink %s crashed", alert.key, sink.name)
            failures.append((sink.name, f"{type(e).__name__}: {e}"))
    return failures


__all__ = [
    "ATOM_NS",
    "SINK_KEYS",
    "AtomSink",
    "ConsoleSink",
    "EmailSink",
    "JsonlSink",
    "Sink",
    "WebhookSink",
    "build_sinks",
    "deliver",
]
