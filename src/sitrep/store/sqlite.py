"""The default store: one SQLite file in WAL mode."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.errors import NotFoundError, StoreConflictError, StoreError
from sitrep.model import Alert, Article, Extraction, FailedDelivery
from sitrep.store.base import ArticleCounts, FeedState, StoryState, as_utc, due_order
from sitrep.store.migrations import migrate

_ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "byline", "published", "date_ambiguous", "language",
    "text", "fetched_at", "feed", "source", "duplicate_of",
)  # fmt: skip


_EXTRACTION_HEAD = ("article_id", "pipeline", "language", "supported", "note")
_EXTRACTION_PARTS = frozenset(
    ["actors", "places", "times", "figures", "attributions", "opinions", "events", "reactions"]
)
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _row_to_story(row: sqlite3.Row) -> StoryState:
    features = tuple((str(k), int(v)) for k, v in json.loads(row["features"]))
    return StoryState(
        id=row["id"],
        title=row["title"],
        centroid=bytes(row["centroid"]),
        features=features,
        size=int(row["size"]),
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
    )


def _row_to_article(row: sqlite3.Row) -> Article:
    data: dict[str, Any] = {name: row[name] for name in _ARTICLE_COLUMNS}
    data["date_ambiguous"] = bool(data["date_ambiguous"])
    return Article.from_dict(data)


class SQLiteStore:
    """:class:`sitrep.store.base.Store` on SQLite. Each write is one transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._conn.row_factory = sqlite3.Row
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against a killed process in WAL mode (only power loss can
            # drop the last transactions), and much faster than FULL.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self.version = migrate(self._conn)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ articles

    def put_article(self, article: Article, *, signature: bytes) -> bool:
        row = article.to_dict()
        row["date_ambiguous"] = int(article.date_ambiguous)
        placeholders = ", ".join("?" for _ in _ARTICLE_COLUMNS)
        with self._tx() as conn:
            cur = conn.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
                f"VALUES ({placeholders})",
                [row[name] for name in _ARTICLE_COLUMNS],
            )
            if cur.rowcount == 0:
                return False
            conn.execute(
                "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
                (article.id, signature),
            )
        return True

    def add_sighting(
        self, article_id: str, *, source: str, url: str | None, outlet: str | None, seen_at: str
    ) -> bool:
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO sightings (article_id, source, url, outlet, seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (article_id, source, url, outlet, seen_at),
            )
        return cur.rowcount > 0

    def has_article(self, article_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def get_article(self, article_id: str) -> Article:
        prefix = article_id.strip().lower()
        if not prefix:
            raise NotFoundError("an article id or prefix is required")
        rows = self._conn.execute(
            "SELECT * FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no article with id {article_id!r}")
        if len(rows) > 1 and rows[0]["id"] != prefix:
            raise NotFoundError(f"id prefix {article_id!r} is ambiguous")
        return _row_to_article(rows[0])

    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[Article]:
        rows = self._conn.execute(
            "SELECT * FROM articles ORDER BY seq LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [_row_to_article(row) for row in rows]

    def counts(self) -> ArticleCounts:
        row = self._conn.execute(
            "SELECT COUNT(*), SUM(duplicate_of IS NULL), SUM(duplicate_of IS NOT NULL),"
            " (SELECT COUNT(*) FROM sightings) FROM articles"
        ).fetchone()
        return ArticleCounts(int(row[0]), int(row[1] or 0), int(row[2] or 0), int(row[3]))

    def signatures(self) -> Iterator[tuple[str, str | None, bytes]]:
        rows = self._conn.execute(
            "SELECT a.id, a.duplicate_of, s.signature FROM articles a"
            " JOIN article_signatures s ON s.article_id = a.id ORDER BY a.seq"
        )
        for row in rows:
            yield row[0], row[1], bytes(row[2])

    # ------------------------------------------------------------------ feeds

    def feed_state(self, url: str) -> FeedState | None:
        row = self._conn.execute("SELECT * FROM feed_state WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return FeedState(row["url"], row["etag"], row["last_modified"], row["checked_at"])

    def save_feed_state(self, state: FeedState) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO feed_state (url, etag, last_modified, checked_at) VALUES (?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET etag=excluded.etag,"
                " last_modified=excluded.last_modified, checked_at=excluded.checked_at",
                (state.url, state.etag, state.last_modified, state.checked_at),
            )

    # ------------------------------------------------------------------ extractions

    def put_extraction(self, extraction: Extraction) -> None:
        payload = json.dumps(extraction.to_dict(), ensure_ascii=False, sort_keys=True)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO extractions (article_id, pipeline, created_at, payload)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(article_id, pipeline) DO UPDATE SET"
                " created_at=excluded.created_at, payload=excluded.payload",
                (
                    extraction.article_id,
                    extraction.pipeline,
                    dt.datetime.now(dt.UTC).isoformat(),
                    payload,
                ),
            )

    def get_extraction(self, article_id: str, pipeline: str) -> Extraction | None:
        row = self._conn.execute(
            "SELECT payload FROM extractions WHERE article_id = ? AND pipeline = ?",
            (article_id, pipeline),
        ).fetchone()
        return Extraction.from_dict(json.loads(row[0])) if row else None

    def get_articles(self, article_ids: list[str]) -> list[Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(article_ids):
            marks = ",".join("?" for _ in chunk)
            for row in self._conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                found[row["id"]] = _row_to_article(row)
        return [found[i] for i in article_ids if i in found]

    def get_extractions(
        self, article_ids: list[str], pipeline: str, *, parts: Sequence[str] | None = None
    ) -> dict[str, Extraction]:
        found: dict[str, Extraction] = {}
        column = "payload"
        if parts is not None:  # let SQLite cut the JSON: less to parse and to build
            keys = [*_EXTRACTION_HEAD, *(p for p in parts if p in _EXTRACTION_PARTS)]
            column = (
                "json_object("
                + ", ".join(f"'{key}', json_extract(payload, '$.{key}')" for key in keys)
                + ")"
            )
        for chunk in _chunks(article_ids):
            marks = ",".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"SELECT article_id, {column} FROM extractions WHERE pipeline = ?"
                f" AND article_id IN ({marks})",
                [pipeline, *chunk],
            )
            for row in rows:
                found[row[0]] = Extraction.from_dict(json.loads(row[1]))
        return found

    # ------------------------------------------------------------------ stories

    def unplaced_articles(self) -> list[Article]:
        rows = self._conn.execute(
            "SELECT a.* FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
            " WHERE s.article_id IS NULL ORDER BY a.seq"
        ).fetchall()
        return [_row_to_article(row) for row in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def assign_story(
        self, state: StoryState, article_id: str, *, score: float, expected_size: int | None = None
    ) -> bool:
        with self._tx() as conn:
            taken = conn.execute(
                "SELECT 1 FROM story_articles WHERE article_id = ?", (article_id,)
            ).fetchone()
            if taken is not None:
                return False
            if expected_size is not None:
                row = conn.execute("SELECT size FROM stories WHERE id = ?", (state.id,)).fetchone()
                stored = int(row[0]) if row else 0
                if stored != expected_size:
                    raise StoreConflictError(
                        f"story {state.id} changed while {article_id} was being placed"
                        f" (size {stored}, expected {expected_size})"
                    )
            conn.execute(
                "INSERT INTO stories (id, title, centroid, features, size, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " title=excluded.title, centroid=excluded.centroid, features=excluded.features,"
                " size=excluded.size, first_seen=excluded.first_seen,"
                " last_seen=excluded.last_seen",
                (
                    state.id,
                    state.title,
                    state.centroid,
                    json.dumps(state.features),
                    state.size,
                    state.first_seen,
                    state.last_seen,
                ),
            )
            conn.execute(
                "INSERT INTO story_articles (article_id, story_id, score, assigned_at)"
                " VALUES (?, ?, ?, ?)",
                (article_id, state.id, score, dt.datetime.now(dt.UTC).isoformat()),
            )
        return True

    def story_states(self, *, active_since: str | None = None) -> list[StoryState]:
        if active_since is None:
            rows = self._conn.execute("SELECT * FROM stories ORDER BY seq")
        else:
            rows = self._conn.execute(
                "SELECT * FROM stories WHERE last_seen IS NULL OR last_seen >= ? ORDER BY seq",
                (active_since,),
            )
        return [_row_to_story(row) for row in rows]

    def story_state(self, story_id: str) -> StoryState:
        prefix = story_id.strip()
        if not prefix:
            raise NotFoundError("a story id or prefix is required")
        rows = self._conn.execute(
            "SELECT * FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no story with id {story_id!r}")
        if len(rows) > 1 and rows[0]["id"] != prefix:
            raise NotFoundError(f"story id prefix {story_id!r} is ambiguous")
        return _row_to_story(rows[0])

    def story_articles(self, story_id: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return [str(row[0]) for row in rows]

    # ------------------------------------------------------------------ alerts

    def put_alert(self, alert: Alert) -> None:
        self._write_alert(alert, only_over_held=False)

    def record_alert(self, alert: Alert) -> bool:
        return self._write_alert(alert, only_over_held=True)

    def _write_alert(self, alert: Alert, *, only_over_held: bool) -> bool:
        """Upsert ``alert`` (with ``only_over_held``: replace only a held one); True if written."""
        payload = json.dumps(alert.to_dict(), ensure_ascii=False, sort_keys=True)
        guard = " WHERE alerts.status = 'held'" if only_over_held else ""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO alerts (key, story_id, kind, status, raised_at, payload)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET"
                " status=excluded.status, raised_at=excluded.raised_at, payload=excluded.payload"
                + guard,
                (
                    alert.key,
                    alert.story_id,
                    alert.kind,
                    alert.status,
                    alert.raised_at.isoformat(),
                    payload,
                ),
            )
        return cur.rowcount > 0

    def get_alert(self, key: str) -> Alert | None:
        row = self._conn.execute("SELECT payload FROM alerts WHERE key = ?", (key,)).fetchone()
        return Alert.from_dict(json.loads(row[0])) if row else None

    def alerts(self, *, story_id: str | None = None) -> list[Alert]:
        if story_id is None:
            rows = self._conn.execute("SELECT payload FROM alerts ORDER BY seq")
        else:
            rows = self._conn.execute(
                "SELECT payload FROM alerts WHERE story_id = ? ORDER BY seq", (story_id,)
            )
        return [Alert.from_dict(json.loads(row[0])) for row in rows]

    def put_failed_delivery(self, failure: FailedDelivery) -> None:
        next_try = _iso(failure.next_try)
        with self._tx() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO failed_deliveries"
                " (alert_key, sink, attempts, error, next_try) VALUES (?, ?, ?, ?, ?)",
                (failure.alert_key, failure.sink, failure.attempts, failure.error, next_try),
            )

    def clear_failed_delivery(self, alert_key: str, sink: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM failed_deliveries WHERE alert_key = ? AND sink = ?", (alert_key, sink)
            )

    def claim_failed_delivery(self, failure: FailedDelivery, until: dt.datetime) -> bool:
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE failed_deliveries SET next_try = ? WHERE alert_key = ? AND sink = ?"
                " AND attempts = ? AND error = ? AND next_try IS ?",
                (
                    _iso(until),
                    failure.alert_key,
                    failure.sink,
                    failure.attempts,
                    failure.error,
                    _iso(failure.next_try),
                ),
            )
        return cur.rowcount == 1

    def failed_deliveries(self) -> list[FailedDelivery]:
        rows = self._conn.execute(
            "SELECT alert_key, sink, attempts, error, next_try FROM failed_deliveries"
        )
        failures = [
            FailedDelivery(key, sink, attempts, error, _datetime(next_try))
            for key, sink, attempts, error, next_try in rows
        ]
        return sorted(failures, key=due_order)


def _datetime(value: str | None) -> dt.datetime | None:
    return as_utc(dt.datetime.fromisoformat(value)) if value is not None else None


def _iso(value: dt.datetime | None) -> str | None:
    """A stored UTC timestamp (one format, so equal times compare equal in SQL)."""
    return as_utc(value).isoformat() if value is not None else None
