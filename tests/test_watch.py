"""`sitrep watch` end to end: feeds served over local HTTP, a real SQLite store, a JSONL sink.

Analysing an article runs the real spaCy pipeline, so the first poll (two articles) is made
once per module (:func:`seeded`) and each test starts from a copy of that store. The feed
server is a ``ThreadingHTTPServer`` on 127.0.0.1 whose ETag is a hash of the body, so
swapping a feed's content changes its ETag and an unchanged feed answers 304.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import yaml
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.ingest import ingest
from sitrep.ingest.fetch import HttpFetcher
from sitrep.ingest.schedule import PollOutcome, Scheduler, seconds_since
from sitrep.monitor import Monitor, Update, watch_feeds
from sitrep.report.sinks import build_sinks
from sitrep.settings import Settings, load_settings
from sitrep.situation.embed import default_embedder
from sitrep.store import SQLiteStore
from sitrep.store.base import FeedState

SAMPLE = Path(__file__).parents[1] / "samples" / "feeds" / "steppewire-kazakhstan-2022-01.xml"
INTERVAL = 600.0
SEED = "/seed.xml"  # the feed of the module's first poll: items 0 and 1
SENT = {"confirmed", "unconfirmed"}
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

runner = CliRunner()


# --------------------------------------------------------------------------- feeds


def _split_sample() -> tuple[str, list[str], str]:
    text = SAMPLE.read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>", text, flags=re.DOTALL)
    head = text[: text.index("<item>")]
    tail = text[text.rindex("</item>") + len("</item>") :]
    return head, items, tail


HEAD, ITEMS, TAIL = _split_sample()
TITLES = [re.search(r"<title>(.*?)</title>", item).group(1) for item in ITEMS]  # type: ignore[union-attr]


def feed(*indexes: int, extra: str = "") -> bytes:
    """An RSS 2.0 feed of the sample's items at ``indexes`` (plus raw ``extra`` items)."""
    return (HEAD + "\n".join(ITEMS[i] for i in indexes) + extra + TAIL).encode("utf-8")


# --------------------------------------------------------------------------- server


@dataclass
class Served:
    """What one path answers: ``body`` with ``status``; ``conditional`` turns on ETag/304."""

    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    conditional: bool = True

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


class FeedServer(ThreadingHTTPServer):
    """Serves :class:`Served` answers by path, counting requests and remembering validators."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FeedHandler)
        self.lock = threading.Lock()
        self.paths: dict[str, Served] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.if_none_match: defaultdict[str, list[str | None]] = defaultdict(list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def serve(self, path: str, body: bytes, **options: Any) -> Served:
        served = Served(body, **options)
        with self.lock:
            self.paths[path] = served
        return served

    def reset(self) -> None:
        with self.lock:
            self.paths.clear()
            self.hits.clear()
            self.not_modified.clear()
            self.if_none_match.clear()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up early is not a test failure; assertions catch real problems."""


class _FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        server = self.server
        validator = self.headers.get("If-None-Match")
        with server.lock:
            server.hits[self.path] += 1
            server.if_none_match[self.path].append(validator)
            served = server.paths.get(self.path)
        if served is None:
            self.send_error(404)
            return
        if served.status != 200:
            self._answer(served.status, b"internal error", "text/plain")
            return
        if served.conditional and validator == served.etag:
            with server.lock:
                server.not_modified[self.path] += 1
            self.send_response(304)
            self.send_header("ETag", served.etag)
            self.end_headers()
            return
        etag = served.etag if served.conditional else None
        self._answer(200, served.body, served.content_type, etag)

    def _answer(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module", autouse=True)
def _direct_http() -> Iterator[None]:
    """No proxy between httpx and 127.0.0.1, for the whole module (module fixtures too)."""
    with pytest.MonkeyPatch.context() as mp:
        for name in PROXY_VARS:
            mp.delenv(name, raising=False)
            mp.delenv(name.lower(), raising=False)
        yield


@pytest.fixture(scope="module")
def server(_direct_http: None) -> Iterator[FeedServer]:
    srv = FeedServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


# --------------------------------------------------------------------------- store + settings


def write_config(root: Path, **watch: float) -> Path:
    """A settings overlay: a JSONL alert sink in ``root``, single sources sent as unconfirmed."""
    config = root / "sitrep.yaml"
    data = {
        "ingest": {"timeout_seconds": 5},
        "alerts": {
            "single_source": "unconfirmed",
            "sinks": [{"type": "jsonl", "path": str(root / "alerts.jsonl")}],
        },
        "watch": {
            "interval_seconds": INTERVAL,
            "jitter": 0,
            "host_delay_seconds": 0,
            "backoff_max_seconds": 3600,
            **watch,
        },
    }
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config


@dataclass
class Env:
    """One test's store, settings and alert sink, next to the module's feed server."""

    root: Path
    server: FeedServer
    settings: Settings = field(init=False)

    def __post_init__(self) -> None:
        self.settings = load_settings(write_config(self.root))

    @property
    def db(self) -> Path:
        return self.root / "sitrep.db"

    @property
    def config(self) -> Path:
        return self.root / "sitrep.yaml"

    @property
    def sink(self) -> Path:
        return self.root / "alerts.jsonl"

    def store(self) -> SQLiteStore:
        return SQLiteStore(self.db)

    def monitor(self, store: SQLiteStore, **options: Any) -> Monitor:
        return Monitor(store, self.settings, sinks=build_sinks(self.settings.alerts.sinks), **options)

    def sent(self) -> list[dict[str, Any]]:
        """The alerts the JSONL sink received, in order."""
        if not self.sink.exists():
            return []
        return [json.loads(line) for line in self.sink.read_text(encoding="utf-8").splitlines()]


@dataclass
class Round:
    outcomes: list[PollOutcome]
    updates: list[tuple[str, Update]]
    errors: list[tuple[str, Exception]]
    scheduler: Scheduler


def restart_scheduler(store: SQLiteStore, settings: Settings, urls: Sequence[str]) -> Scheduler:
    """A scheduler built the way the ``watch`` command builds it after a restart."""
    utc = dt.datetime.now(dt.UTC)
    last = {u: seconds_since(s.checked_at, now=utc) for u in urls if (s := store.feed_state(u))}
    return Scheduler(
        settings.watch,
        urls,
        now=time.monotonic(),
        last_checked={u: v for u, v in last.items() if v is not None},
    )


def poll_round(
    env: Env,
    urls: Sequence[str],
    *,
    store: SQLiteStore,
    monitor: Monitor | None = None,
    scheduler: Scheduler | None = None,
) -> Round:
    """Poll every feed once (``watch --once``) with a real HttpFetcher."""
    monitor = monitor or env.monitor(store)
    scheduler = scheduler or Scheduler(env.settings.watch, urls, now=time.monotonic())
    updates: list[tuple[str, Update]] = []
    errors: list[tuple[str, Exception]] = []
    with HttpFetcher(env.settings.ingest) as fetcher:
        outcomes = watch_feeds(
            scheduler,
            monitor=monitor,
            fetcher=fetcher,
            stop=threading.Event(),
            once=True,
            on_update=lambda url, update: updates.append((url, update)),
            on_error=lambda url, exc: errors.append((url, exc)),
        )
    assert isinstance(outcomes, list)
    return Round(outcomes, updates, errors, scheduler)


def picture(store: SQLiteStore) -> dict[str, Any]:
    """Everything a poll may add to the store, comparable before and after."""
    articles = store.articles()
    return {
        "articles": [(a.id, a.source, a.title) for a in articles],
        "counts": store.counts(),
        "stories": {a.id: store.story_of(a.id) for a in articles},
        "alerts": [(a.key, a.status, a.raised_at) for a in store.alerts()],
    }


def copy_store(source: Path, target: Path) -> None:
    for path in source.glob("sitrep.db*"):
        shutil.copy2(path, target / path.name)


# --------------------------------------------------------------------------- the first poll


@dataclass
class Seeded:
    root: Path
    url: str
    round: Round
    hits: int
    validators: list[str | None]
    etag: str
    polled_at: dt.datetime


@pytest.fixture(scope="module")
def seeded(server: FeedServer, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """The first poll of a two-item feed, into a fresh store (runs the spaCy pipeline)."""
    server.reset()
    env = Env(tmp_path_factory.mktemp("seeded"), server)
    served = server.serve(SEED, feed(0, 1))
    url = server.url(SEED)
    polled_at = dt.datetime.now(dt.UTC)
    with env.store() as store:
        result = poll_round(env, [url], store=store)
    return Seeded(
        env.root, url, result, server.hits[SEED], list(server.if_none_match[SEED]), served.etag,
        polled_at,
    )  # fmt: skip


@pytest.fixture
def env(server: FeedServer, seeded: Seeded, tmp_path: Path) -> Env:
    """A copy of the seeded store and sink; the server serves the seed feed unchanged."""
    server.reset()
    server.serve(SEED, feed(0, 1))
    copy_store(seeded.root, tmp_path)
    shutil.copy2(seeded.root / "alerts.jsonl", tmp_path / "alerts.jsonl")
    return Env(tmp_path, server)


# --------------------------------------------------------------------------- 1. new items


def test_first_poll_stores_places_and_alerts(seeded: Seeded) -> None:
    assert seeded.round.outcomes == [PollOutcome(seeded.url, ok=True)]
    assert seeded.round.errors == []
    assert seeded.hits == 1 and seeded.validators == [None]  # nothing to validate yet
    env_sent = [json.loads(line) for line in (seeded.root / "alerts.jsonl").read_text().splitlines()]
    with SQLiteStore(seeded.root / "sitrep.db") as store:
        articles = store.articles()
        assert [a.title for a in articles] == TITLES[:2]
        assert store.counts().articles == 2
        assert all(a.feed == seeded.url and a.source.startswith(seeded.url + "#") for a in articles)
        assert all(a.outlet == "steppewire.net" for a in articles)
        stories = {store.story_of(a.id) for a in articles}
        assert None not in stories
        [(url, update)] = seeded.round.updates
        assert url == seeded.url
        assert update.articles == tuple(a.id for a in articles)
        assert set(update.stories) == stories and update.new_stories
        stored = store.alerts()
        assert stored, "two reports of a new story raise at least the new_story alert"
        assert any(a.kind == "new_story" for a in stored)
        assert {a.status for a in stored} == {"unconfirmed"}  # one outlet, sent unconfirmed
        assert [a["key"] for a in env_sent] == [a.key for a in update.alerts]
        assert {a["key"] for a in env_sent} == {a.key for a in stored}
        assert len(env_sent) == len({a["key"] for a in env_sent})
        assert all(a["story_id"] in stories for a in env_sent)
        state = store.feed_state(seeded.url)
        assert state is not None and state.etag == seeded.etag
        age = seconds_since(state.checked_at, now=dt.datetime.now(dt.UTC))
        assert age is not None and 0 <= age < 120


# --------------------------------------------------------------------------- 2. unchanged


def test_unchanged_feed_answers_304_and_adds_nothing(env: Env, seeded: Seeded) -> None:
    with env.store() as store:
        before, sent = picture(store), env.sent()
        result = poll_round(env, [seeded.url], store=store)
        assert result.outcomes == [PollOutcome(seeded.url, ok=True)]
        assert env.server.if_none_match[SEED] == [seeded.etag]
        assert env.server.not_modified[SEED] == 1
        assert result.updates == []
        assert picture(store) == before
        assert store.feed_state(seeded.url).etag == seeded.etag  # type: ignore[union-attr]
    assert env.sent() == sent


# --------------------------------------------------------------------------- 3. one new item


def test_updated_feed_stores_and_processes_only_the_new_item(env: Env, seeded: Seeded) -> None:
    served = env.server.serve(SEED, feed(0, 1, 2))
    with env.store() as store:
        before, sent_before = picture(store), env.sent()
        result = poll_round(env, [seeded.url], store=store)
        assert result.outcomes == [PollOutcome(seeded.url, ok=True)]
        assert env.server.if_none_match[SEED] == [seeded.etag]  # sent, but the feed changed
        assert env.server.not_modified[SEED] == 0
        [(_, update)] = result.updates
        [new] = store.get_articles(list(update.articles))
        assert new.title == TITLES[2]
        after = picture(store)
        assert after["articles"][:2] == before["articles"]
        assert [title for _, _, title in after["articles"]] == TITLES[:3]
        assert store.story_of(new.id) in update.stories
        assert {k: v for k, v in after["stories"].items() if k != new.id} == before["stories"]
        # Alerts already raised stay as they were; only new keys are sent.
        assert after["alerts"][: len(before["alerts"])] == before["alerts"]
        sent = env.sent()
        assert sent[: len(sent_before)] == sent_before
        assert [a["key"] for a in sent[len(sent_before) :]] == [a.key for a in update.alerts]
        assert len({a["key"] for a in sent}) == len(sent)
        assert store.feed_state(seeded.url).etag == served.etag  # type: ignore[union-attr]
        # The new validators are used: polling again is a 304 and changes nothing.
        again = poll_round(env, [seeded.url], store=store)
        assert again.updates == [] and env.server.not_modified[SEED] == 1
        assert picture(store) == after
    assert env.sent() == sent


# --------------------------------------------------------------------------- 4. broken feeds


def test_broken_feeds_back_off_and_never_stop_the_good_one(env: Env, seeded: Seeded) -> None:
    server = env.server
    server.serve("/down.xml", b"", status=500)
    server.serve("/junk.xml", bytes(range(256)) * 4)  # binary junk labelled as RSS
    truncated = feed(3)
    server.serve("/truncated.xml", truncated[: truncated.index(b"<item>") + 6])
    server.serve(SEED, feed(0, 1, 3))
    broken = {server.url(p): p for p in ("/down.xml", "/junk.xml", "/truncated.xml")}
    good = seeded.url
    urls = [*list(broken)[:2], good, *list(broken)[2:]]
    with env.store() as store:
        before = picture(store)
        start = time.monotonic()
        result = poll_round(env, urls, store=store)
        end = time.monotonic()
        assert [o.url for o in result.outcomes] == urls
        assert {o.url: o.ok for o in result.outcomes} == {**dict.fromkeys(broken, False), good: True}
        assert {url for url, _ in result.errors} == set(broken)
        # The good feed, polled after two failures, stored and processed its new item.
        [(url, update)] = result.updates
        assert url == good
        [new] = store.get_articles(list(update.articles))
        assert new.title == TITLES[3] and store.story_of(new.id) is not None
        assert picture(store)["articles"][:2] == before["articles"]
        assert store.counts().articles == 3
        # Failures are recorded, with an exponential backoff past the good feed's interval.
        schedule = {s.url: s for s in result.scheduler.snapshot()}
        assert schedule[good].failures == 0 and schedule[good].last_error is None
        assert start + INTERVAL <= schedule[good].next_due <= end + INTERVAL
        errors = {
            "/down.xml": "HTTP 500",
            "/junk.xml": "malformed feed",
            "/truncated.xml": "malformed feed",
        }
        for url, path in broken.items():
            assert schedule[url].failures == 1
            assert errors[path] in (schedule[url].last_error or "")
            assert start + 2 * INTERVAL <= schedule[url].next_due <= end + 2 * INTERVAL
            assert store.feed_state(url) is None  # nothing remembered of a feed never read
        assert result.scheduler.next_feed(time.monotonic()) is None
        after_first = picture(store)
        sent = env.sent()

        # Again: the broken feeds fail a second time (longer backoff), the good one is a 304.
        again = poll_round(env, urls, store=store, scheduler=result.scheduler)
        schedule = {s.url: s for s in again.scheduler.snapshot()}
        assert [o.ok for o in again.outcomes] == [False, False, True, False]
        assert all(schedule[url].failures == 2 for url in broken)
        assert schedule[urls[0]].next_due >= start + 4 * INTERVAL
        assert server.not_modified[SEED] == 1 and again.updates == []

        # The good feed breaks too: it backs off, and nothing stored is lost.
        remembered = store.feed_state(good)
        server.serve(SEED, b"", status=500)
        down = poll_round(env, [good], store=store, scheduler=again.scheduler)
        assert down.outcomes[0].ok is False
        assert "HTTP 500" in (down.outcomes[0].error or "")
        assert {s.url: s.failures for s in down.scheduler.snapshot()}[good] == 1
        assert store.feed_state(good) == remembered
        assert picture(store) == after_first

        # ...and recovers with the same content: 304 on the old validators, no duplicates.
        server.serve(SEED, feed(0, 1, 3))
        back = poll_round(env, [good], store=store, scheduler=down.scheduler)
        assert back.outcomes == [PollOutcome(good, ok=True)]
        assert {s.url: s.failures for s in back.scheduler.snapshot()}[good] == 0
        assert server.if_none_match[SEED][-1] == server.paths[SEED].etag
        assert server.not_modified[SEED] == 2
        assert picture(store) == after_first
    assert env.sent() == sent
