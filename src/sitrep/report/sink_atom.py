"""The Atom sink: an Atom 1.0 feed file of the newest alerts, and the XML it reads and writes."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import threading
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from sitrep import __version__
from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert
from sitrep.report.sink_text import one_line, plain_text

log = logging.getLogger("sitrep.report.sinks")  # one logger name for every sink

ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 forbids even when escaped; scraped text can carry them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


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
    _add(entry, "title", one_line(alert.title))
    _add(entry, "updated", _rfc3339(alert.raised_at))
    url = next((item.url for item in alert.evidence if item.url), None)
    if url is not None:
        _add(entry, "link", rel="alternate", href=url)
    _add(entry, "category", term=alert.kind, label=alert.kind)
    _add(entry, "category", term=alert.status, scheme="urn:sitrep:status")
    _add(entry, "summary", alert.detail, type="text")
    _add(entry, "content", plain_text(alert), type="text")
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
