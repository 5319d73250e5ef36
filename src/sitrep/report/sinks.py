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
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import smtplib
import ssl
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import httpx
from rich.console import Console
from rich.text import Text

from sitrep import __version__
from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
_STATUS_STYLE = {
    "confirmed": "bold red",
    "unconfirmed": "bold yellow",
    "held": "dim",
    "suppressed": "dim",
}
# Characters XML 1.0 forbids even when escaped; scraped text can carry them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


class Sink(Protocol):
    """Somewhere alerts go. ``send`` raises :class:`SinkError` when delivery fails."""

    name: str

    def send(self, alert: Alert) -> None: ...


# --- shared formatting -------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_line(alert: Alert) -> str:
    """First evidence as ``outlet date``, for one-line summaries."""
    if not alert.evidence:
        return "no evidence"
    first = alert.evidence[0]
    return f"{first.outlet or 'unknown outlet'} {_date(first.published)}"


def _date(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value is not None else "undated"


def _plain_text(alert: Alert) -> str:
    """The alert as plain text: title, detail, facts, then each piece of evidence quoted."""
    lines = [alert.title, "", alert.detail, ""]
    lines += [
        f"kind: {alert.kind}",
        f"status: {alert.status}",
        f"sources: {alert.sources}",
        f"story: {alert.story_id}",
        f"raised: {alert.raised_at.isoformat()}",
        f"key: {alert.key}",
        "",
        "Evidence:" if alert.evidence else "Evidence: none",
    ]
    for number, item in enumerate(alert.evidence, 1):
        lines.append(f"{number}. {item.outlet or 'unknown outlet'}, {_date(item.published)}")
        lines.append(f"   {item.url or '(no url)'}")
        lines.append(f'   "{_one_line(item.text)}"')
    return "\n".join(lines) + "\n"


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
    line.append(_one_line(alert.title), style="bold")
    line.append(f" | {alert.sources} source{plural} | ")
    line.append(_source_line(alert), style="dim")
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
        self.timeout = _positive("timeout", timeout)
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
            body = _one_line(response.text)[:200]
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


def _positive(key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{key} must be a positive number, got {value!r}")
    return float(value)


# --- email -------------------------------------------------------------------------------


class EmailSink:
    """Sends each alert as a plain-text email over SMTP (optionally upgraded by STARTTLS).

    With ``username``, logs in with the password found in the environment variable named
    by ``password_env`` when sending; the password itself never sits in the settings.
    Without ``starttls`` that login travels in clear text.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        *,
        starttls: bool = False,
        username: str | None = None,
        password_env: str | None = None,
        timeout: float = 10,
    ) -> None:
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise ConfigError(f"port must be an integer in 1..65535, got {port!r}")
        if isinstance(recipients, str) or not recipients:
            raise ConfigError(f"recipients must be a non-empty list, got {recipients!r}")
        if (username is None) != (password_env is None):
            raise ConfigError(
                "username and password_env go together, got "
                f"username={username!r}, password_env={password_env!r}"
            )
        self.host, self.port, self.sender = host, port, sender
        self.recipients = tuple(recipients)
        self.starttls = starttls
        self.username, self.password_env = username, password_env
        self.timeout = _positive("timeout", timeout)
        self.name = f"email:{host}"

    def send(self, alert: Alert) -> None:
        password = self._password()
        message = _email_message(alert, self.sender, self.recipients)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username is not None and password is not None:
                    smtp.login(self.username, password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as e:
            raise SinkError(f"email via {self.host}:{self.port}: {type(e).__name__}: {e}") from e

    def _password(self) -> str | None:
        if self.password_env is None:
            return None
        password = os.environ.get(self.password_env)
        if password is None:
            raise SinkError(f"environment variable {self.password_env!r} (password) is not set")
        return password


def _email_message(alert: Alert, sender: str, recipients: Sequence[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[sitrep] {alert.status} {alert.kind}: {_one_line(alert.title)}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid("sitrep", domain=sender.rpartition("@")[2] or "sitrep")
    message.set_content(_plain_text(alert))
    return message


# --- Atom --------------------------------------------------------------------------------


class AtomSink:
    """Keeps an Atom 1.0 feed file of the newest ``max_entries`` alerts, newest first.

    Each send re-reads the feed, replaces any entry with the same alert key, and rewrites
    the file atomically (temporary file in the same directory, then ``os.replace``). A
    corrupt feed is copied to ``<name>.bak`` and replaced by a fresh one. Safe across
    threads of one process, not across processes writing the same file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_entries: int = 200,
        title: str = "sitrep alerts",
    ) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ConfigError(f"max_entries must be a positive integer, got {max_entries!r}")
        self.path = Path(path).expanduser()
        self.max_entries = max_entries
        self.title = title
        self.name = f"atom:{self.path}"
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        try:
            with self._lock:
                feed_id, entries = self._read()
                entries = _merge_entries(entries, _atom_entry(alert), self.max_entries)
                data = _atom_feed(feed_id or self._new_id(), self.title, entries)
                self.path.parent.mkdir(parents=True, exist_ok=True)
                _write_atomic(self.path, data)
        except OSError as e:
            raise SinkError(f"cannot update Atom feed {self.path}: {e}") from e

    def _new_id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.path.resolve().as_uri())}"

    def _read(self) -> tuple[str | None, list[ET.Element]]:
        """The existing feed's id and entries; none when absent or corrupt (kept as .bak)."""
        if not self.path.exists():
            return None, []
        data = self.path.read_bytes()
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            return self._recover(str(e))
        if root.tag != _atom("feed"):
            return self._recover(f"root element is {root.tag!r}, not an Atom feed")
        return root.findtext(_atom("id")), root.findall(_atom("entry"))

    def _recover(self, reason: str) -> tuple[None, list[ET.Element]]:
        backup = self.path.with_name(self.path.name + ".bak")
        shutil.copyfile(self.path, backup)
        log.warning(
            "Atom feed %s is corrupt (%s); starting a fresh feed, old file kept as %s",
            self.path,
            reason,
            backup,
        )
        return None, []


def _atom(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child in the default (Atom) namespace, declared once on the ``feed`` element."""
    child = ET.SubElement(parent, tag, {k: _xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        child.text = _xml_safe(text)
    return child


def _rfc3339(moment: dt.datetime) -> str:
    utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return utc.isoformat().replace("+00:00", "Z")


def _updated(entry: ET.Element) -> dt.datetime:
    """An (unqualified) entry's ``updated`` time, aware; the epoch when missing or unreadable."""
    try:
        moment = dt.datetime.fromisoformat(entry.findtext("updated") or "")
    except ValueError:
        return _EPOCH
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _atom_entry(alert: Alert) -> ET.Element:
    entry = ET.Element("entry")
    _add(entry, "id", f"urn:sitrep:alert:{quote(alert.key, safe=':/@!$&()*+,;=-._~')}")
    _add(entry, "title", _one_line(alert.title))
    _add(entry, "updated", _rfc3339(alert.raised_at))
    url = next((item.url for item in alert.evidence if item.url), None)
    if url is not None:
        _add(entry, "link", rel="alternate", href=url)
    _add(entry, "category", term=alert.kind, label=alert.kind)
    _add(entry, "category", term=alert.status, scheme="urn:sitrep:status")
    _add(entry, "summary", alert.detail, type="text")
    _add(entry, "content", _plain_text(alert), type="text")
    return entry


def _merge_entries(old: list[ET.Element], new: ET.Element, limit: int) -> list[ET.Element]:
    """``new`` plus ``old`` minus any entry with its id, newest first, at most ``limit``."""
    new_id = new.findtext("id")
    kept = [_unqualify(entry) for entry in old if entry.findtext(_atom("id")) != new_id]
    merged = sorted([new, *kept], key=_updated, reverse=True)
    return merged[:limit]


def _atom_feed(feed_id: str, title: str, entries: list[ET.Element]) -> bytes:
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _add(feed, "id", feed_id)
    _add(feed, "title", title)
    newest = max((_updated(entry) for entry in entries), default=dt.datetime.now(dt.UTC))
    _add(feed, "updated", _rfc3339(newest))
    author = _add(feed, "author")
    _add(author, "name", "sitrep")
    _add(feed, "generator", "sitrep", version=__version__)
    feed.extend(entries)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


def _unqualify(entry: ET.Element) -> ET.Element:
    """A parsed entry with its Atom tags made plain, to sit under the new ``feed``."""
    for element in entry.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_atom("")):
            element.tag = element.tag.removeprefix(_atom(""))
    return entry


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step, keeping its permissions if it exists."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    mode = path.stat().st_mode if path.exists() else None
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            temp.chmod(mode & 0o7777)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- configuration -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Key:
    """One setting of a sink type: what it must be, and whether it must be present."""

    expected: str
    check: Callable[[Any], bool]
    required: bool = False


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_is_text(item) for item in value)


def _is_text_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


_TEXT = _Key("a non-empty string", _is_text)
_REQUIRED_TEXT = _Key("a non-empty string", _is_text, required=True)
_NUMBER = _Key("a number", _is_number)

SINK_KEYS: dict[str, dict[str, _Key]] = {
    "console": {},
    "jsonl": {"path": _REQUIRED_TEXT},
    "webhook": {
        "url": _REQUIRED_TEXT,
        "timeout": _NUMBER,
        "headers": _Key("a mapping of strings to strings", _is_text_map),
    },
    "email": {
        "host": _REQUIRED_TEXT,
        "port": _Key("an integer", _is_int, required=True),
        "sender": _REQUIRED_TEXT,
        "recipients": _Key("a list of addresses", _is_text_list, required=True),
        "starttls": _Key("true or false", lambda value: isinstance(value, bool)),
        "username": _TEXT,
        "password_env": _TEXT,
        "timeout": _NUMBER,
    },
    "atom": {
        "path": _REQUIRED_TEXT,
        "max_entries": _Key("an integer", _is_int),
        "title": _TEXT,
    },
}
"""The keys each sink type accepts besides ``type``."""

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

    ``console`` is used by ``console`` sinks (default: a new stderr console).
    """
    sinks: list[Sink] = []
    for index, config in enumerate(configs):
        where = f"alerts.sinks[{index}]"
        kind, options = _validate(where, config)
        try:
            sinks.append(_FACTORIES[kind](options, console))
        except ConfigError as e:
            raise ConfigError(f"{where} ({kind}): {e}") from e
    return sinks


def _validate(where: str, config: object) -> tuple[str, dict[str, Any]]:
    """The sink type and its options, checked against :data:`SINK_KEYS`."""
    if not isinstance(config, Mapping):
        raise ConfigError(f"{where}: must be a mapping with a 'type', got {config!r}")
    if "type" not in config:
        raise ConfigError(f"{where}: missing key 'type' (one of {', '.join(SINK_KEYS)})")
    kind = config["type"]
    if not isinstance(kind, str) or kind not in SINK_KEYS:
        raise ConfigError(f"{where}: unknown type {kind!r} (one of {', '.join(SINK_KEYS)})")
    keys = SINK_KEYS[kind]
    options = {k: v for k, v in config.items() if k != "type"}
    for key in options:
        if key not in keys:
            allowed = ", ".join(keys) or "none"
            raise ConfigError(f"{where} ({kind}): unknown key {key!r} (allowed: {allowed})")
    for key, spec in keys.items():
        if key not in options:
            if spec.required:
                raise ConfigError(f"{where} ({kind}): missing key {key!r}")
        elif not spec.check(options[key]):
            raise ConfigError(
                f"{where} ({kind}): key {key!r} must be {spec.expected}, got {options[key]!r}"
            )
    return kind, options


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
