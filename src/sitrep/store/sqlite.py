"""The default store: one SQLite file in WAL mode."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitrep.errors import NotFoundError, StoreError
from sitrep.model import Article, Extraction
from sitrep.store.base import ArticleCounts, FeedState
from sitrep.store.migrations import migrate

_ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "byline", "published", "date_ambiguous", "language",
    "text", "fetched_at", "feed", "source", "duplicate_of",
)  # fmt: skip


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
