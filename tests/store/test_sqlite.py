from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import NotFoundError, StoreError
from sitrep.model import Actor, Article, Extraction, Place, TimeRef
from sitrep.store import SQLiteStore, open_store
from sitrep.store.base import FeedState
from sitrep.store.migrations import MIGRATIONS, Migration, migrate

text = st.text(min_size=1, max_size=200)
optional = st.none() | st.text(max_size=50)
aware = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=6)), dt.timezone(dt.timedelta(hours=-5))]
    ),
)
articles = st.builds(
    Article,
    id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    text=text,
    url=optional,
    outlet=optional,
    title=optional,
    byline=optional,
    published=st.none() | aware,
    date_ambiguous=st.booleans(),
    language=st.none() | st.sampled_from(["en", "it", "fr", "es"]),
    fetched_at=st.none() | aware,
    feed=optional,
    source=optional,
)


@settings(max_examples=50)
@given(article=articles)
def test_article_round_trip(article: Article) -> None:
    with SQLiteStore(":memory:") as store:
        store.put_article(article, signature=b"\x00" * 8)
        assert store.get_article(article.id) == article
        assert Article.from_dict(article.to_dict()) == article


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.version == MIGRATIONS[-1].version
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [m.version for m in MIGRATIONS]


def test_migrations_run_in_order_and_once(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    extra = (*MIGRATIONS, Migration(99, "extra", "CREATE TABLE extra (x INTEGER)"))
    assert migrate(conn, extra) == 99
    assert migrate(conn, extra) == 99
    count = conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert count == len(extra)


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "f.db", isolation_level=None)
    bad = (*MIGRATIONS, Migration(50, "bad", "CREATE TABLE ok_part (x INT); NOT SQL"))
    with pytest.raises(sqlite3.Error):
        migrate(conn, bad)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "ok_part" not in tables
    assert migrate(conn) == MIGRATIONS[-1].version


def test_put_is_idempotent_and_prefix_lookup(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "p.db") as store:
        a = Article(id="abc0000000000001", text="one")
        b = Article(id="abc0000000000002", text="two")
        assert store.put_article(a, signature=b"s")
        assert not store.put_article(a, signature=b"s")
        store.put_article(b, signature=b"s")
        assert store.get_article("abc0000000000002") == b
        with pytest.raises(NotFoundError, match="ambiguous"):
            store.get_article("abc")
        with pytest.raises(NotFoundError, match="no article"):
            store.get_article("fff")
        assert store.counts().articles == 2


def test_feed_state_and_extraction(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "e.db") as store:
        store.save_feed_state(FeedState("http://x/feed", '"e1"', None, "now"))
        store.save_feed_state(FeedState("http://x/feed", '"e2"', "Mon", "later"))
        assert store.feed_state("http://x/feed") == FeedState(
            "http://x/feed", '"e2"', "Mon", "later"
        )
        store.put_article(Article(id="a" * 16, text="t"), signature=b"s")
        extraction = Extraction(
            article_id="a" * 16,
            pipeline="sitrep-1",
            language="en",
            supported=True,
            actors=(Actor("Russia", 0, 6, "Russia", "RUS", "GOV", None, "RUSGOV"),),
            places=(Place("Almaty", 10, 16, 1526384, "Almaty", "KAZ", "02", 43.25, 76.9, "city"),),
            times=(TimeRef("today", 20, 25, dt.date(2022, 1, 6), None, None, "day"),),
        )
        store.put_extraction(extraction)
        store.put_extraction(extraction)
        assert store.get_extraction("a" * 16, "sitrep-1") == extraction
        assert store.get_extraction("a" * 16, "other") is None


def test_unopenable_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        SQLiteStore(tmp_path / "no" / "such" / "dir.db")
