"""Alert sinks: console, JSON Lines, webhook, email and Atom, their config and delivery."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import io
import json
import logging
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert, Evidence
from sitrep.report import sinks
from sitrep.report.sinks import (
    ATOM_NS,
    AtomSink,
    ConsoleSink,
    EmailSink,
    JsonlSink,
    Sink,
    WebhookSink,
    build_sinks,
    deliver,
)
from sitrep.settings import load_settings

A = f"{{{ATOM_NS}}}"
T0 = dt.datetime(2030, 3, 2, 10, 0, tzinfo=dt.UTC)


def _alert(
    key: str = "s1/first_fatalities/-",
    *,
    title: str = "First deaths reported in Rivertown",
    minutes: int = 0,
    status: str = "confirmed",
    evidence: bool = True,
) -> Alert:
    items = (
        Evidence(
            article_id="a1",
            outlet="example.org",
            url="https://example.org/a1",
            published=dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC),
            text="At least 3 people were killed in Rivertown.",
            start=0,
            end=43,
        ),
        Evidence(
            article_id="b2",
            outlet="other.example",
            url=None,
            published=None,
            text="Three dead, officials say.",
            start=10,
            end=36,
        ),
    )
    return Alert(
        key=key,
        story_id="s1",
        kind="first_fatalities",
        title=title,
        detail="3 killed (health ministry), reported by 2 outlets.",
        status=status,
        sources=2,
        raised_at=T0 + dt.timedelta(minutes=minutes),
        evidence=items if evidence else (),
    )


# --- console -----------------------------------------------------------------------------


def test_console_prints_one_compact_line() -> None:
    out = io.StringIO()
    ConsoleSink(console=Console(file=out, width=300, color_system=None)).send(_alert())
    text = out.getvalue()
    assert text.count("\n") == 1
    for part in ("CONFIRMED", "first_fatalities", "First deaths", "2 sources", "example.org"):
        assert part in text
    assert "2030-03-01" in text


def test_console_without_evidence_and_markup_in_title() -> None:
    out = io.StringIO()
    sink = ConsoleSink(console=Console(file=out, width=300, color_system=None))
    sink.send(_alert(title="[bold]not markup[/bold]", evidence=False))
    assert "[bold]not markup[/bold]" in out.getvalue()
    assert "no evidence" in out.getvalue()


# --- JSON Lines --------------------------------------------------------------------------


def test_jsonl_appends_and_never_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deep" / "er" / "alerts.jsonl"
    synced: list[int] = []
    real_fsync = sinks.os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(sinks.os, "fsync", spy)
    sink = JsonlSink(path)
    sink.send(_alert("k1"))
    first = path.read_bytes()
    inode = path.stat().st_ino
    sink.send(_alert("k2", title="Ünïcode title"))
    data = path.read_bytes()
    assert data.startswith(first)
    assert path.stat().st_ino == inode
    lines = data.decode("utf-8").splitlines()
    assert [json.loads(line)["key"] for line in lines] == ["k1", "k2"]
    assert json.loads(lines[1])["title"] == "Ünïcode title"
    assert Alert.from_dict(json.loads(lines[0])) == _alert("k1")
    assert len(synced) == 2


def test_jsonl_keeps_old_lines_and_mends_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    path.write_bytes(b'{"old": 1}\n{"torn": ')
    JsonlSink(path).send(_alert())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ['{"old": 1}', '{"torn": ']
    assert json.loads(lines[2])["key"] == _alert().key


def test_jsonl_unwritable_path_is_a_sink_error(tmp_path: Path) -> None:
    with pytest.raises(SinkError, match="cannot append"):
        JsonlSink(tmp_path).send(_alert())


# --- webhook -----------------------------------------------------------------------------


@dataclass
class Hook:
    url: str
    status: list[int]
    received: list[tuple[str, dict[str, str], bytes]]


class _HookHandler(BaseHTTPRequestHandler):
    server: _HookServer

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append((self.path, dict(self.headers), body))
        payload = b"boom" if self.server.status[0] >= 400 else b"ok"
        self.send_response(self.server.status[0])
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _HookServer(ThreadingHTTPServer):
    daemon_threads = True
    status: list[int]
    received: list[tuple[str, dict[str, str], bytes]]


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hook]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = _HookServer(("127.0.0.1", 0), _HookHandler)
    server.status = [200]
    server.received = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Hook(
            f"http://127.0.0.1:{server.server_address[1]}/hook", server.status, server.received
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_webhook_posts_alert_json(hook: Hook) -> None:
    sink = WebhookSink(hook.url, headers={"X-Token": "t0k"})
    sink.send(_alert())
    [(path, headers, body)] = hook.received
    assert path == "/hook"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Token"] == "t0k"
    assert headers["User-Agent"].startswith("sitrep/")
    assert json.loads(body) == _alert().to_dict()
    assert sink.name == "webhook:127.0.0.1"


def test_webhook_non_2xx_is_a_sink_error(hook: Hook) -> None:
    hook.status[0] = 500
    with pytest.raises(SinkError, match=r"HTTP 500.*boom"):
        WebhookSink(hook.url).send(_alert())


def test_webhook_connection_refused_is_a_sink_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SinkError, match="ConnectError"):
        WebhookSink(f"http://127.0.0.1:{port}/hook", timeout=2).send(_alert())


# --- email -------------------------------------------------------------------------------


@dataclass
class Mail:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    auth: str | None = None
    data: bytes = b""

    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class FakeSMTP:
    """Just enough SMTP on 127.0.0.1: greeting, EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT."""

    def __init__(self, *, reject_rcpt: bool = False) -> None:
        self.reject_rcpt = reject_rcpt
        self.mails: list[Mail] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port: int = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.listener.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            with conn, conn.makefile("rb") as lines:
                self._session(conn, lines)

    def _session(self, conn: socket.socket, lines: io.BufferedReader) -> None:
        def reply(text: str) -> None:
            conn.sendall(text.encode() + b"\r\n")

        reply("220 fake ESMTP ready")
        mail = Mail()
        for raw in lines:
            line = raw.decode().rstrip("\r\n")
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                reply("250-fake greets you")
                reply("250 AUTH PLAIN")
            elif verb == "HELO":
                reply("250 fake")
            elif verb == "AUTH":
                mail.auth = base64.b64decode(arg.split()[1]).decode()
                reply("235 2.7.0 authenticated")
            elif verb == "MAIL":
                mail.sender = arg.removeprefix("FROM:").strip("<> ")
                reply("250 ok")
            elif verb == "RCPT":
                if self.reject_rcpt:
                    reply("550 no such user")
                    continue
                mail.recipients.append(arg.removeprefix("TO:").strip("<> "))
                reply("250 ok")
            elif verb == "DATA":
                reply("354 end with <CRLF>.<CRLF>")
                mail.data = self._read_data(lines)
                self.mails.append(mail)
                mail = Mail()
                reply("250 queued")
            elif verb == "QUIT":
                reply("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                reply("250 ok")
            else:
                reply("502 not implemented")

    @staticmethod
    def _read_data(lines: io.BufferedReader) -> bytes:
        body: list[bytes] = []
        for raw in lines:
            if raw == b".\r\n":
                break
            body.append(raw[1:] if raw.startswith(b".") else raw)
        return b"".join(body)


@pytest.fixture
def smtp() -> Iterator[FakeSMTP]:
    server = FakeSMTP()
    try:
        yield server
    finally:
        server.close()


def test_email_sends_subject_and_evidence(smtp: FakeSMTP) -> None:
    sink = EmailSink("127.0.0.1", smtp.port, "sitrep@example.org", ["desk@example.org", "b@x.org"])
    sink.send(_alert())
    [mail] = smtp.mails
    assert mail.sender == "sitrep@example.org"
    assert mail.recipients == ["desk@example.org", "b@x.org"]
    assert mail.auth is None
    message = mail.message()
    # Python folds this 81-character header right after "Subject:" and keeps the folding
    # space when parsing it back; mail clients unfold it to the same subject.
    assert message["Subject"].strip() == (
        "[sitrep] confirmed first_fatalities: First deaths reported in Rivertown"
    )
    body = message.get_content()
    assert "1. example.org, 2030-03-01" in body
    assert "https://example.org/a1" in body
    assert '"At least 3 people were killed in Rivertown."' in body
    assert "2. other.example, undated" in body
    assert '"Three dead, officials say."' in body


def test_email_logs_in_with_password_from_environment(
    smtp: FakeSMTP, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = EmailSink(
        "127.0.0.1",
        smtp.port,
        "sitrep@example.org",
        ["desk@example.org"],
        username="bot",
        password_env="SITREP_TEST_SMTP_PASSWORD",
    )
    with pytest.raises(SinkError, match="SITREP_TEST_SMTP_PASSWORD"):
        sink.send(_alert())
    assert smtp.mails == []
    monkeypatch.setenv("SITREP_TEST_SMTP_PASSWORD", "s3cret")
    sink.send(_alert(title="Multi\nline  title"))
    [mail] = smtp.mails
    assert mail.auth == "\0bot\0s3cret"
    assert mail.message()["Subject"].endswith(": Multi line title")


def test_email_refused_recipient_is_a_sink_error() -> None:
    server = FakeSMTP(reject_rcpt=True)
    try:
        sink = EmailSink("127.0.0.1", server.port, "s@example.org", ["nobody@example.org"])
        with pytest.raises(SinkError, match="SMTPRecipientsRefused"):
            sink.send(_alert())
    finally:
        server.close()


# --- Atom --------------------------------------------------------------------------------


def _feed(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert root.findtext(f"{A}{tag}")
    assert root.findtext(f"{A}author/{A}name") == "sitrep"
    for entry in root.findall(f"{A}entry"):
        for tag in ("id", "title", "updated", "summary", "content"):
            assert entry.find(f"{A}{tag}") is not None
    return root


def _ids(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{A}id") or "" for entry in root.findall(f"{A}entry")]


def test_atom_feed_is_valid_and_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "feeds" / "alerts.xml"
    sink = AtomSink(path, title="Rivertown alerts")
    for key, minutes in (("k1", 0), ("k3", 30), ("k2", 10)):
        sink.send(_alert(key, minutes=minutes))
    root = _feed(path)
    assert path.read_bytes().startswith(b"<?xml")
    assert root.findtext(f"{A}title") == "Rivertown alerts"
    assert _ids(root) == ["urn:sitrep:alert:k3", "urn:sitrep:alert:k2", "urn:sitrep:alert:k1"]
    assert root.findtext(f"{A}updated") == "2030-03-02T10:30:00Z"
    first = root.findall(f"{A}entry")[0]
    assert first.findtext(f"{A}updated") == "2030-03-02T10:30:00Z"
    link = first.find(f"{A}link")
    assert link is not None
    assert link.get("href") == "https://example.org/a1"
    assert first.findtext(f"{A}summary") == _alert().detail
    assert sorted(p.name for p in path.parent.iterdir()) == ["alerts.xml"]


def test_atom_honours_max_entries_and_keeps_feed_id(tmp_path: Path) -> None:
    path = tmp_path / "alerts.xml"
    sink = AtomSink(path, max_entries=2)
    sink.send(_alert("k1", minutes=1))
    feed_id = _feed(path).findtext(f"{A}id")
    for key, minutes in (("k2", 2), ("k3", 3), ("k0", 0)):
        sink.send(_alert(key, minutes=minutes))
    root = _feed(path)
    assert _ids(root) == ["urn:sitrep:alert:k3", "urn:sitrep:alert:k2"]
    assert root.findtext(f"{A}id") == feed_id


def test_atom_same_key_is_replaced_not_duplicated(tmp_path: Path) -> None:
    path = tmp_path / "alerts.xml"
    sink = AtomSink(path)
    sink.send(_alert("k1", status="unconfirmed"))
    sink.send(_alert("k2", minutes=5, evidence=False))
    sink.send(_alert("k1", status="confirmed", minutes=10, title="Now confirmed"))
    root = _feed(path)
    assert _ids(root) == ["urn:sitrep:alert:k1", "urn:sitrep:alert:k2"]
    assert root.findall(f"{A}entry")[0].findtext(f"{A}title") == "Now confirmed"
    assert root.findall(f"{A}entry")[1].find(f"{A}link") is None


def test_atom_survives_control_characters_and_odd_keys(tmp_path: Path) -> None:
    path = tmp_path / "alerts.xml"
    sink = AtomSink(path)
    sink.send(_alert("story 1/kind", title="bad\x00 \x07chars <&>"))
    sink.send(_alert("k2", minutes=1))
    root = _feed(path)
    assert _ids(root) == ["urn:sitrep:alert:k2", "urn:sitrep:alert:story%201/kind"]
    assert root.findall(f"{A}entry")[1].findtext(f"{A}title") == "bad chars <&>"


@pytest.mark.parametrize(
    "junk", [b"<feed><entry>", b"not xml at all", b'<?xml version="1.0"?><rss/>']
)
def test_atom_corrupt_feed_is_backed_up_and_restarted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, junk: bytes
) -> None:
    path = tmp_path / "alerts.xml"
    path.write_bytes(junk)
    with caplog.at_level(logging.WARNING, logger="sitrep.report.sinks"):
        AtomSink(path).send(_alert())
    assert (tmp_path / "alerts.xml.bak").read_bytes() == junk
    assert _ids(_feed(path)) == [f"urn:sitrep:alert:{_alert().key}"]
    assert "corrupt" in caplog.text


def test_atom_unwritable_directory_is_a_sink_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SinkError, match="Atom feed"):
        AtomSink(blocker / "alerts.xml").send(_alert())


# --- build_sinks -------------------------------------------------------------------------

EXAMPLE = """
alerts:
  sinks:
    - type: console
    - type: jsonl
      path: ~/sitrep/alerts.jsonl
    - type: webhook
      url: https://hooks.example.org/sitrep/T0KEN
      timeout: 3
      headers: {Authorization: "Bearer abc"}
    - type: email
      host: smtp.example.org
      port: 587
      sender: sitrep@example.org
      recipients: [desk@example.org]
      starttls: true
      username: sitrep
      password_env: SITREP_SMTP_PASSWORD
    - type: atom
      path: /var/www/sitrep/alerts.xml
      max_entries: 100
      title: Crisis desk alerts
"""


def test_build_sinks_from_yaml() -> None:
    configs = yaml.safe_load(EXAMPLE)["alerts"]["sinks"]
    console = Console(file=io.StringIO())
    built = build_sinks(configs, console=console)
    assert [type(s) for s in built] == [ConsoleSink, JsonlSink, WebhookSink, EmailSink, AtomSink]
    assert [s.name for s in built][2:4] == ["webhook:hooks.example.org", "email:smtp.example.org"]
    assert isinstance(built[0], ConsoleSink) and built[0].console is console
    assert isinstance(built[1], JsonlSink) and built[1].path == Path.home() / "sitrep/alerts.jsonl"
    assert isinstance(built[3], EmailSink) and built[3].recipients == ("desk@example.org",)
    assert isinstance(built[4], AtomSink) and built[4].max_entries == 100


def test_build_sinks_from_shipped_defaults() -> None:
    built = build_sinks(load_settings().alerts.sinks)
    assert [s.name for s in built] == ["console"]


_EMAIL: dict[str, Any] = {
    "type": "email",
    "host": "smtp.example.org",
    "port": 25,
    "sender": "s@example.org",
    "recipients": ["r@example.org"],
}


@pytest.mark.parametrize(
    ("configs", "parts"),
    [
        ([{"type": "pager"}], ["sinks[0]", "'pager'"]),
        ([{"path": "x"}], ["sinks[0]", "'type'"]),
        (["console"], ["sinks[0]", "'console'"]),
        ([{"type": "console"}, {"type": "jsonl"}], ["sinks[1]", "'path'"]),
        ([{"type": "jsonl", "path": 3}], ["sinks[0]", "'path'", "3"]),
        ([{"type": "jsonl", "path": "a", "colour": "red"}], ["sinks[0]", "'colour'"]),
        ([{"type": "console", "width": 80}], ["sinks[0]", "'width'"]),
        ([{"type": "webhook", "url": "ftp://example.org/x"}], ["url", "ftp://example.org/x"]),
        ([{"type": "webhook", "url": "https://"}], ["url", "'https://'"]),
        ([{"type": "webhook", "url": "https://x.org", "timeout": True}], ["'timeout'", "True"]),
        ([{"type": "webhook", "url": "https://x.org", "timeout": 0}], ["timeout", "0"]),
        ([{"type": "webhook", "url": "https://x.org", "headers": ["a"]}], ["'headers'"]),
        ([{**_EMAIL, "port": "25"}], ["sinks[0]", "'port'", "'25'"]),
        ([{**_EMAIL, "port": 70000}], ["port", "70000"]),
        ([{**_EMAIL, "recipients": "r@example.org"}], ["'recipients'", "r@example.org"]),
        ([{**_EMAIL, "recipients": []}], ["recipients", "[]"]),
        ([{**_EMAIL, "starttls": "yes"}], ["'starttls'", "'yes'"]),
        ([{**_EMAIL, "username": "bot"}], ["password_env", "'bot'"]),
        ([{**_EMAIL, "password": "hunter2"}], ["'password'"]),
        ([{"type": "atom", "path": "f.xml", "max_entries": 0}], ["max_entries", "0"]),
        ([{"type": "atom", "path": "f.xml", "max_entries": 1.5}], ["'max_entries'", "1.5"]),
    ],
)
def test_build_sinks_rejects_bad_config(configs: list[Any], parts: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        build_sinks(configs)
    for part in parts:
        assert part in str(caught.value)


# --- deliver -----------------------------------------------------------------------------


class _Recorder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)


class _Failing:
    name = "failing"

    def send(self, alert: Alert) -> None:
        raise SinkError("disk full")


class _Crashing:
    name = "crashing"

    def send(self, alert: Alert) -> None:
        raise RuntimeError("bug")


def test_deliver_continues_after_failing_sinks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first, last = _Recorder("first"), _Recorder("last")
    chain: list[Sink] = [first, _Failing(), _Crashing(), JsonlSink(tmp_path), last]
    with caplog.at_level(logging.WARNING, logger="sitrep.report.sinks"):
        failures = deliver(_alert(), chain)
    assert first.sent == [_alert()] and last.sent == [_alert()]
    assert [name for name, _ in failures] == ["failing", "crashing", f"jsonl:{tmp_path}"]
    assert failures[0][1] == "disk full"
    assert failures[1][1] == "RuntimeError: bug"
    assert "disk full" in caplog.text and "crashing" in caplog.text


def test_deliver_all_ok_returns_no_failures() -> None:
    sink = _Recorder("only")
    assert deliver(_alert(), [sink]) == []
    assert sink.sent == [_alert()]
