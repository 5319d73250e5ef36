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
from sitrep.model import FailedDelivery
from sitrep.monitor import Monitor, Update, poll_feed, watch_feeds
from sitrep.report.sinks import build_sinks
from sitrep.settings import Settings, load_settings
from sitrep.situation.embed import default_embedder
from sitrep.store import SQLiteStore

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
        return Monitor(
            store, self.settings, sinks=build_sinks(self.settings.alerts.sinks), **options
        )

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


@pytest.fixture(scope="module")
def seeded(server: FeedServer, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """The first poll of a two-item feed, into a fresh store (runs the spaCy pipeline)."""
    server.reset()
    env = Env(tmp_path_factory.mktemp("seeded"), server)
    served = server.serve(SEED, feed(0, 1))
    url = server.url(SEED)
    with env.store() as store:
        result = poll_round(env, [url], store=store)
    validators = list(server.if_none_match[SEED])
    return Seeded(env.root, url, result, server.hits[SEED], validators, served.etag)


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
    env_sent = [
        json.loads(line) for line in (seeded.root / "alerts.jsonl").read_text().splitlines()
    ]
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


def test_a_poll_without_new_items_resends_a_failed_delivery_that_is_due(
    env: Env, seeded: Seeded
) -> None:
    with env.store() as store:
        alert = next(a for a in store.alerts() if a.status in ("confirmed", "unconfirmed"))
        due = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        sink = f"jsonl:{env.sink}"
        store.put_failed_delivery(FailedDelivery(alert.key, sink, 1, "disk full", due))
        before = len(env.sent())
        with HttpFetcher(env.settings.ingest) as fetcher:
            monitor = env.monitor(store)
            update = poll_feed(seeded.url, monitor=monitor, fetcher=fetcher, on_update=print)
        assert update.articles == () and update.failed_deliveries == ()
        assert [a["key"] for a in env.sent()[before:]] == [alert.key]
        assert store.failed_deliveries() == []


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
        assert {o.url: o.ok for o in result.outcomes} == {
            **dict.fromkeys(broken, False),
            good: True,
        }
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
        down = poll_round(env, urls, store=store, scheduler=again.scheduler)
        outcome = {o.url: o for o in down.outcomes}[good]
        assert outcome.ok is False and "HTTP 500" in (outcome.error or "")
        failures = {s.url: s.failures for s in down.scheduler.snapshot()}
        assert failures == {**dict.fromkeys(broken, 3), good: 1}
        assert store.feed_state(good) == remembered
        assert picture(store) == after_first

        # ...and recovers with the same content: 304 on the old validators, no duplicates.
        server.serve(SEED, feed(0, 1, 3))
        back = poll_round(env, urls, store=store, scheduler=down.scheduler)
        assert {o.url: o.ok for o in back.outcomes}[good] is True
        failures = {s.url: s.failures for s in back.scheduler.snapshot()}
        assert failures == {**dict.fromkeys(broken, 4), good: 0}
        assert server.if_none_match[SEED][-1] == remembered.etag  # type: ignore[union-attr]
        assert server.not_modified[SEED] == 2
        assert picture(store) == after_first
    assert env.sent() == sent


# --------------------------------------------------------------------------- 5. restart


class NoWaitStop:
    """A Stopper that ends the loop the first time it would wait, recording how long."""

    def __init__(self) -> None:
        self.waits: list[float | None] = []

    def is_set(self) -> bool:
        return False

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout)
        return True


def restart(env: Env, store: SQLiteStore, urls: Sequence[str]) -> tuple[int, NoWaitStop]:
    """``watch`` after a restart: a new Monitor and Scheduler on ``store``, run until it waits."""
    stop = NoWaitStop()
    scheduler = restart_scheduler(store, env.settings, urls)
    with HttpFetcher(env.settings.ingest) as fetcher:
        polls = watch_feeds(
            scheduler,
            monitor=env.monitor(store),
            fetcher=fetcher,
            stop=stop,  # type: ignore[arg-type]
        )
    assert isinstance(polls, int)
    return polls, stop


def test_restart_skips_a_recently_checked_feed_and_repeats_nothing(
    env: Env, seeded: Seeded
) -> None:
    with env.store() as store:
        before, sent = picture(store), env.sent()
        polls, stop = restart(env, store, [seeded.url])
        assert polls == 0
        assert env.server.hits[SEED] == 0
        # It waits for the rest of the interval counted from the check before the restart.
        assert len(stop.waits) == 1
        assert INTERVAL - 300 < (stop.waits[0] or 0) <= INTERVAL
        assert picture(store) == before
    assert env.sent() == sent
    # A feed last checked more than an interval ago is due at once (the wait above is real).
    with env.store() as store:
        state = store.feed_state(seeded.url)
        assert state is not None
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=INTERVAL + 60)
        store.save_feed_state(dataclasses.replace(state, checked_at=long_ago.isoformat()))
        scheduler = restart_scheduler(store, env.settings, [seeded.url])
        assert scheduler.next_feed(time.monotonic()) == seeded.url


def test_restart_catches_up_an_article_stored_but_not_placed(
    env: Env, seeded: Seeded, tmp_path: Path
) -> None:
    late_feed = tmp_path / "late.xml"
    late_feed.write_bytes(feed(4))
    with env.store() as store:  # as if the process died between ingest and analysis
        report = ingest([str(late_feed)], store=store, settings=env.settings)
        [late] = report.stored
        assert store.story_of(late) is None
        before, sent_before = picture(store), env.sent()
    with env.store() as store:
        assert [a.id for a in env.monitor(store).pending()] == [late]
        polls, _ = restart(env, store, [seeded.url])
        assert polls == 0 and env.server.hits[SEED] == 0
        assert store.story_of(late) is not None
        assert env.monitor(store).pending() == []
        after = picture(store)
        assert after["articles"] == before["articles"]  # placed, not stored again
        assert {k: v for k, v in after["stories"].items() if k != late} == {
            k: v for k, v in before["stories"].items() if k != late
        }
        assert after["alerts"][: len(before["alerts"])] == before["alerts"]
    sent = env.sent()
    assert sent[: len(sent_before)] == sent_before
    assert len({a["key"] for a in sent}) == len(sent)
    # Another restart finds nothing to do.
    with env.store() as store:
        assert restart(env, store, [seeded.url])[0] == 0
        assert picture(store) == after
    assert env.sent() == sent


def test_restart_refetch_without_validators_stores_nothing_twice(env: Env, seeded: Seeded) -> None:
    env.server.serve(SEED, feed(0, 1), conditional=False)  # a server that ignores ETags
    with env.store() as store:
        before, sent = picture(store), env.sent()
        result = poll_round(env, [seeded.url], store=store)  # `watch --once` after a restart
        assert result.outcomes == [PollOutcome(seeded.url, ok=True)]
        assert env.server.if_none_match[SEED] == [seeded.etag]
        assert env.server.not_modified[SEED] == 0  # full body again
        assert result.updates == []
        assert picture(store) == before
    assert env.sent() == sent


# --------------------------------------------------------------------------- 6. CLI and stopping


def _flat(output: str) -> str:
    """CLI output with Rich's line wrapping undone."""
    return " ".join(output.split())


def test_cli_watch_once_reports_polls(server: FeedServer, tmp_path: Path) -> None:
    server.reset()
    server.serve("/cli.xml", feed(2))
    server.serve("/cli-down.xml", b"", status=500)
    good, down = server.url("/cli.xml"), server.url("/cli-down.xml")
    db = tmp_path / "cli.db"
    args = ["--db", str(db), "--config", str(write_config(tmp_path)), "watch", good, down, "--once"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    output = _flat(result.output)
    assert "watch stopped after 2 polls" in output
    assert f"{good}: 1 new articles" in output
    assert f"feed failed {down}" in output and "HTTP 500" in output
    sink = tmp_path / "alerts.jsonl"
    with SQLiteStore(db) as store:
        [article] = store.articles()
        assert article.title == TITLES[2] and store.story_of(article.id) is not None
        alerts = store.alerts()
        assert alerts and {a.status for a in alerts} <= SENT
        assert f"1 new articles, {len(alerts)} alerts" in output
        lines = sink.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["key"] for line in lines] == [a.key for a in alerts]
        before = picture(store)
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert "watch stopped after 2 polls" in _flat(again.output)
    assert "new articles" not in again.output
    assert server.not_modified["/cli.xml"] == 1 and server.hits["/cli-down.xml"] == 2
    with SQLiteStore(db) as store:
        assert picture(store) == before
    assert sink.read_text(encoding="utf-8").splitlines() == lines


@pytest.mark.parametrize(
    ("feeds", "message"),
    [
        ([], "no feeds to watch: give URLs or set watch.feeds in the settings file"),
        (["ftp://127.0.0.1/feed.xml"], "is not an http(s) URL"),
    ],
)
def test_cli_watch_refuses_a_bad_feed_list(tmp_path: Path, feeds: list[str], message: str) -> None:
    config = write_config(tmp_path)
    result = runner.invoke(
        app, ["--db", str(tmp_path / "n.db"), "--config", str(config), "watch", *feeds, "--once"]
    )
    assert result.exit_code == 2, result.output
    assert message in _flat(result.output)
    assert "Traceback" not in result.output


def test_cli_watch_restart_waits_for_a_checked_feed_and_stops_on_ctrl_c(
    env: Env, seeded: Seeded
) -> None:
    """The command's own restart logic: no refetch; SIGINT ends the wait at once."""
    original = signal.getsignal(signal.SIGINT)
    main_thread = threading.get_ident()
    interrupted = threading.Event()

    def interrupt() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if signal.getsignal(signal.SIGINT) is not original:  # the command's handler is in
                signal.pthread_kill(main_thread, signal.SIGINT)
                interrupted.set()
                return
            time.sleep(0.01)

    thread = threading.Thread(target=interrupt, daemon=True)
    thread.start()
    started = time.monotonic()
    result = runner.invoke(
        app, ["--db", str(env.db), "--config", str(env.config), "watch", seeded.url]
    )
    elapsed = time.monotonic() - started
    thread.join(5)
    assert interrupted.is_set()
    assert result.exit_code == 0, result.output
    output = _flat(result.output)
    assert "stopping after the current poll" in output
    assert "watch stopped after 0 polls" in output
    assert env.server.hits[SEED] == 0
    assert elapsed < 20  # not the 600 s interval it was waiting out
    assert signal.getsignal(signal.SIGINT) is original


def test_stop_set_from_another_thread_ends_watch_promptly(env: Env, seeded: Seeded) -> None:
    stop = threading.Event()

    def stop_after_first_poll() -> None:
        deadline = time.monotonic() + 30
        while env.server.hits[SEED] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # let the loop settle into its wait for the next interval
        stop.set()

    thread = threading.Thread(target=stop_after_first_poll, daemon=True)
    with env.store() as store, HttpFetcher(env.settings.ingest) as fetcher:
        scheduler = Scheduler(env.settings.watch, [seeded.url], now=time.monotonic())
        thread.start()
        started = time.monotonic()
        polls = watch_feeds(scheduler, monitor=env.monitor(store), fetcher=fetcher, stop=stop)
        elapsed = time.monotonic() - started
    thread.join(5)
    assert polls == 1 and env.server.not_modified[SEED] == 1
    assert elapsed < 10  # the next poll was INTERVAL (600 s) away


def test_watch_feeds_stops_after_max_polls(env: Env, seeded: Seeded) -> None:
    fast = dataclasses.replace(
        env.settings, watch=dataclasses.replace(env.settings.watch, interval_seconds=0.05)
    )
    with env.store() as store, HttpFetcher(fast.ingest) as fetcher:
        before = picture(store)
        monitor = Monitor(store, fast, sinks=build_sinks(fast.alerts.sinks))
        scheduler = Scheduler(fast.watch, [seeded.url], now=time.monotonic())
        polls = watch_feeds(
            scheduler, monitor=monitor, fetcher=fetcher, stop=threading.Event(), max_polls=3
        )
        assert polls == 3
        assert env.server.hits[SEED] == 3 and env.server.not_modified[SEED] == 3
        assert picture(store) == before


# --------------------------------------------------------------------------- regressions
# Bugs found when these tests were written: a 304 not counted as a check, a failing item
# page failing its whole feed, an HTML page at a feed URL stored as an article, and articles
# an interrupted poll left unplaced until a restart.

SHORT_ITEM = """
    <item>
      <title>Curfew extended in Almaty</title>
      <link>{link}</link>
      <guid isPermaLink="false">steppewire-short-1</guid>
      <pubDate>Mon, 10 Jan 2022 09:00:00 +0600</pubDate>
      <description>The curfew was extended.</description>
    </item>"""


def test_a_304_counts_as_a_recent_check_after_restart(env: Env, seeded: Seeded) -> None:
    with env.store() as store:
        state = store.feed_state(seeded.url)
        assert state is not None
        hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        store.save_feed_state(dataclasses.replace(state, checked_at=hour_ago.isoformat()))
        poll_round(env, [seeded.url], store=store)  # checked now: unchanged, 304
        assert env.server.not_modified[SEED] == 1
        scheduler = restart_scheduler(store, env.settings, [seeded.url])
        assert scheduler.next_feed(time.monotonic()) is None


def test_an_unfetchable_item_page_does_not_fail_the_feed(env: Env, seeded: Seeded) -> None:
    gone = env.server.url("/gone.html")  # 404
    served = env.server.serve(SEED, feed(0, 1, extra=SHORT_ITEM.format(link=gone)))
    with env.store() as store:
        before = picture(store)
        result = poll_round(env, [seeded.url], store=store)
        assert env.server.hits["/gone.html"] == 1
        assert store.feed_state(seeded.url).etag == served.etag  # type: ignore[union-attr]
        assert picture(store) == before
        assert result.outcomes == [PollOutcome(seeded.url, ok=True)]


def test_an_html_page_at_a_feed_url_is_a_failure_not_an_article(env: Env, seeded: Seeded) -> None:
    page = b"<html><head><title>Maintenance</title></head><body><p>%s</p></body></html>" % (
        b"Our feeds are unavailable while we upgrade the site, please come back later. " * 3
    )
    env.server.serve("/moved.xml", page, content_type="text/html; charset=utf-8")
    url = env.server.url("/moved.xml")
    with env.store() as store:
        before, sent = picture(store), env.sent()
        result = poll_round(env, [url], store=store)
        after = picture(store)
    assert env.sent() == sent
    assert after == before
    assert result.outcomes[0].ok is False


class FlakyEmbedder:
    """The real embedder, except that its first call crashes."""

    def __init__(self) -> None:
        self.inner = default_embedder()
        self.dim = self.inner.dim
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("embedder crashed")
        return self.inner.embed(texts)


def test_articles_a_failed_poll_left_unplaced_are_placed_without_a_restart(
    env: Env, seeded: Seeded
) -> None:
    fast = dataclasses.replace(
        env.settings, watch=dataclasses.replace(env.settings.watch, interval_seconds=0.05)
    )
    env.server.serve(SEED, feed(0, 1, 2))
    errors: list[str] = []
    with env.store() as store, HttpFetcher(fast.ingest) as fetcher:
        embedder = FlakyEmbedder()
        monitor = Monitor(store, fast, sinks=build_sinks(fast.alerts.sinks), embedder=embedder)
        scheduler = Scheduler(fast.watch, [seeded.url], now=time.monotonic())
        polls = watch_feeds(
            scheduler,
            monitor=monitor,
            fetcher=fetcher,
            stop=threading.Event(),
            on_error=lambda _url, exc: errors.append(str(exc)),
            max_polls=3,
        )
        assert polls == 3 and errors == ["embedder crashed"]
        assert env.server.not_modified[SEED] == 2
        [late] = [a for a in store.articles() if a.title == TITLES[2]]
        assert store.story_of(late.id) is not None
