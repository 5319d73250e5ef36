"""Ordered schema migrations, each applied once, in its own transaction.

Never edit a released migration: append a new one. ``schema_migrations`` records what ran.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles",
        """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            url TEXT,
            outlet TEXT,
            title TEXT,
            byline TEXT,
            published TEXT,
            date_ambiguous INTEGER NOT NULL DEFAULT 0,
            language TEXT,
            text TEXT NOT NULL,
            fetched_at TEXT,
            feed TEXT,
            source TEXT,
            duplicate_of TEXT REFERENCES articles(id)
        );
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE TABLE article_signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            signature BLOB NOT NULL
        );
        CREATE TABLE sightings (
            article_id TEXT NOT NULL REFERENCES articles(id),
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (article_id, source)
        );
        CREATE TABLE feed_state (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            checked_at TEXT
        );
        """,
    ),
    Migration(
        2,
        "extractions",
        """
        CREATE TABLE extractions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            pipeline TEXT NOT NULL,
            created_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (article_id, pipeline)
        );
        """,
    ),
    Migration(
        3,
        "stories_alerts",
        """
        CREATE TABLE stories (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            centroid BLOB NOT NULL,
            features TEXT NOT NULL,
            size INTEGER NOT NULL,
            first_seen TEXT,
            last_seen TEXT
        );
        CREATE INDEX stories_last_seen ON stories(last_seen);
        CREATE TABLE story_articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL UNIQUE REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            score REAL NOT NULL,
            assigned_at TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE TABLE alerts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            story_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX alerts_story ON alerts(story_id, raised_at);
        """,
    ),
    Migration(
        4,
        "failed alert deliveries",
        """
        CREATE TABLE failed_deliveries (
            alert_key TEXT NOT NULL,
            sink TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT NOT NULL,
            next_try TEXT,
            PRIMARY KEY (alert_key, sink)
        );
        """,
    ),
)


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Apply every pending migration in order; return the schema version reached."""
    version = current_version(conn)
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in migration.sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))",
                (migration.version, migration.name),
            )
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version = migration.version
    return version
