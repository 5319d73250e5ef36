"""RSS and Atom feeds, parsed safely with feedparser.

Feeds that declare XML entities are refused before parsing: entity expansion ("billion
laughs") and external entities have no place in a news feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import feedparser

from sitrep.errors import InputError
from sitrep.model import RejectReason

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: its link, metadata and whatever content the feed carries."""

    title: str | None
    link: str | None
    published: str | None
    author: str | None
    content_html: str | None
    guid: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(data: bytes) -> bool:
    """True when the first bytes hold an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.search(data[:2048]))


def _entry(raw: Any) -> FeedEntry:
    content = None
    if raw.get("content"):
        content = max((c.get("value", "") for c in raw["content"]), key=len) or None
    if not content:
        content = raw.get("summary") or None
    return FeedEntry(
        title=raw.get("title"),
        link=raw.get("link"),
        published=raw.get("published") or raw.get("updated"),
        author=raw.get("author"),
        content_html=content,
        guid=raw.get("id"),
    )


def parse_feed(data: bytes, *, source: str) -> Feed:
    """Parse feed bytes or raise :class:`InputError` (unsafe, malformed, no entries)."""
    head = data[:65536]
    if _ENTITY_DECL.search(head) or _DOCTYPE_SUBSET.search(head):
        raise InputError(
            RejectReason.UNSAFE,
            f"{source}: feed declares XML entities (possible entity-expansion attack); refused",
        )
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    found = (_entry(e) for e in parsed.get("entries", []))
    entries = tuple(e for e in found if e.link or e.content_html or e.title)
    if parsed.get("bozo") and not entries:
        error = parsed.get("bozo_exception")
        raise InputError(RejectReason.MALFORMED, f"{source}: malformed feed: {error}")
    if not entries:
        raise InputError(RejectReason.MALFORMED, f"{source}: feed has no entries")
    meta = parsed.get("feed", {})
    return Feed(title=meta.get("title"), language=meta.get("language"), entries=entries)
