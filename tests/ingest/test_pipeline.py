from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitrep.ingest import ingest
from sitrep.ingest.fetch import HttpFetcher
from sitrep.model import RejectReason
from sitrep.settings import IngestSettings, Settings
from sitrep.store import MemoryStore, SQLiteStore
from sitrep.store.base import Store
from tests.conftest import LocalServer, Route

SETTINGS = Settings(
    ingest=IngestSettings(max_bytes=1_000_000, timeout_seconds=2.0, feed_min_words=40)
)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "memory":
        return MemoryStore()
    return SQLiteStore(tmp_path / "test.db")


def test_each_file_type(store: Store, fixtures: Path) -> None:
    report = ingest([str(fixtures)], store=store, settings=SETTINGS)
    by_source = {a.source: a for a in store.articles()}
    assert len(report.stored) == len(store.articles()) == 8
    it = by_source[str(fixtures / "report_it.txt")]
    assert (it.outlet, it.language, it.byline) == ("cronacaestera.it", "it", "Lucia Bianchi")
    assert it.published is not None and it.published.date().isoformat() == "2023-02-03"
    page = by_source[str(fixtures / "page_en.html")]
    assert page.outlet == "examplegazette.co.uk"
    assert "cookies" not in page.text
    feed_items = [a for a in store.articles() if a.feed]
    assert {a.outlet for a in feed_items} == {"example.net", "example.es"}
    assert all(a.published is not None for a in feed_items)
    # records.jsonl: 2 good records, 1 invalid JSON line, 1 record without text
    assert sorted(r.reason for r in report.rejections) == [
        RejectReason.MALFORMED,
        RejectReason.NO_TEXT,
    ]


def test_ingest_twice_changes_nothing(store: Store, fixtures: Path) -> None:
    ingest([str(fixtures)], store=store, settings=SETTINGS)
    before = (store.counts(), [a.to_dict() for a in store.articles()])
    again = ingest([str(fixtures)], store=store, settings=SETTINGS)
    assert again.stored == () and again.copies == ()
    assert len(again.duplicates) == 8
    after = (store.counts(), [a.to_dict() for a in store.articles()])
    assert before == after


def test_exact_copy_elsewhere_is_a_sighting(store: Store, fixtures: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(fixtures / "report_it.txt", copy)
    ingest([str(fixtures / "report_it.txt")], store=store, settings=SETTINGS)
    report = ingest([str(copy)], store=store, settings=SETTINGS)
    assert len(report.duplicates) == 1
    assert store.counts().articles == 1
    assert store.counts().sightings == 1
    ingest([str(copy)], store=store, settings=SETTINGS)
    assert store.counts().sightings == 1


def test_near_copy_linked_to_original(store: Store, tmp_path: Path) -> None:
    body = (
        "Security forces regained control of the regional administration building on Friday "
        "after a night of clashes, the interior ministry said in a statement. The ministry said "
        "dozens of people had been detained and that order had been restored in the city "
        "centre, where shops remained closed and public transport was suspended. Residents "
        "reported sporadic gunfire in the northern districts until the early morning hours."
    )
    (tmp_path / "a.txt").write_text(f"Order restored\nURL: https://wire.example.org/a\n\n{body}")
    (tmp_path / "b.txt").write_text(
        "Order restored, ministry says\nURL: https://paper.example.com/b\n\n"
        + body.replace("on Friday", "on Friday morning")
        + " (Distributed by a partner agency.)"
    )
    report = ingest([str(tmp_path)], store=store, settings=SETTINGS)
    assert len(report.stored) == 1 and len(report.copies) == 1
    original = store.get_article(report.stored[0])
    copy = store.get_article(report.copies[0])
    assert copy.duplicate_of == original.id and original.duplicate_of is None


def _bad_inputs(tmp_path: Path) -> list[str]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with (tmp_path / "huge.txt").open("wb") as handle:  # 50 MB, sparse: never read
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "broken.json").write_text('{"text": "unterminated')
    (tmp_path / "bomb.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item>'
        "<title>&b;</title></item></channel></rss>"
    )
    (tmp_path / "notafeed.rss").write_text("<rss><channel><item><title>cut")
    (tmp_path / "latin1.txt").write_bytes(
        "Titolo\n\nLa polizia ha detto che decine di persone sono state fermate in città.".encode(
            "latin-1"
        )
    )
    return [str(tmp_path), str(tmp_path / "missing.txt"), "ftp://example.org/feed.xml"]


def test_bad_inputs_rejected_and_batch_goes_on(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    ingest([str(fixtures / "report_it.txt")], store=store, settings=SETTINGS)
    before = store.articles()
    bad = tmp_path / "bad"
    bad.mkdir()
    report = ingest(
        [*_bad_inputs(bad), str(fixtures / "page_en.html")], store=store, settings=SETTINGS
    )
    reasons = {Path(r.source).name: r.reason for r in report.rejections}
    assert reasons["empty.txt"] is RejectReason.EMPTY
    assert reasons["binary.html"] is RejectReason.BINARY
    assert reasons["huge.txt"] is RejectReason.TOO_LARGE
    assert reasons["broken.json"] is RejectReason.MALFORMED
    assert reasons["bomb.xml"] is RejectReason.UNSAFE
    assert reasons["notafeed.rss"] is RejectReason.MALFORMED
    assert reasons["missing.txt"] is RejectReason.UNSUPPORTED
    assert reasons["feed.xml"] is RejectReason.UNSAFE  # the ftp:// URL
    # the wrongly encoded file and the good page after the bad ones are stored
    assert len(report.stored) == 2
    latin = next(a for a in store.articles() if a.source and a.source.endswith("latin1.txt"))
    assert "città" in latin.text
    assert store.articles()[: len(before)] == before


def test_feed_url_conditional_get_and_pages(
    store: Store, fixtures: Path, http_server: LocalServer
) -> None:
    short_feed = (
        (fixtures / "feed.xml")
        .read_text()
        .replace("https://wire.example.net/world/port-workers", http_server.url("/port"))
    )
    http_server.routes["/feed"] = Route(
        short_feed.encode(), etag='"1"', headers={"Content-Type": "application/rss+xml"}
    )
    http_server.routes["/port"] = Route(
        (fixtures / "page_en.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with HttpFetcher(SETTINGS.ingest) as fetcher:
        first = ingest([http_server.url("/feed")], store=store, settings=SETTINGS, fetcher=fetcher)
        second = ingest([http_server.url("/feed")], store=store, settings=SETTINGS, fetcher=fetcher)
    assert len(first.stored) == 2
    # the short item was fetched from its link and read as a page
    page = next(a for a in store.articles() if a.title == "Rally dispersed in old town")
    assert page.feed == http_server.url("/feed")
    assert second.not_modified == (http_server.url("/feed"),)
    assert second.stored == () and store.counts().articles == 2


def test_web_page_url(store: Store, fixtures: Path, http_server: LocalServer) -> None:
    http_server.routes["/page"] = Route(
        (fixtures / "page_en.html").read_bytes(), headers={"Content-Type": "text/html"}
    )
    with HttpFetcher(SETTINGS.ingest) as fetcher:
        report = ingest(
            [http_server.url("/page"), http_server.url("/gone")],
            store=store,
            settings=SETTINGS,
            fetcher=fetcher,
        )
    assert len(report.stored) == 1
    assert [r.reason for r in report.rejections] == [RejectReason.FETCH]


def test_url_without_fetcher_is_rejected(store: Store) -> None:
    report = ingest(["http://127.0.0.1:9/x"], store=store, settings=SETTINGS)
    assert report.rejections[0].reason is RejectReason.FETCH
