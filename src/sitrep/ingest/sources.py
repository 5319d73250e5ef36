"""Inputs to drafts: local files and folders, feed files, web pages and feed URLs.

:func:`read_input` yields, for one input, a :class:`Draft` or an :class:`InputError` per
article it holds, so one bad record or entry never stops the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import InputError
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.draft import Draft
from sitrep.ingest.feeds import looks_like_feed, parse_feed
from sitrep.ingest.fetch import Fetcher, Response, Validators, check_url
from sitrep.ingest.htmlpage import fragment_text, parse_html
from sitrep.ingest.records import parse_records
from sitrep.ingest.textfile import parse_text
from sitrep.model import RejectReason
from sitrep.settings import IngestSettings
from sitrep.store.base import FeedState, Store

log = logging.getLogger(__name__)

SUFFIXES = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


def is_url(item: str) -> bool:
    return "://" in item


def expand_inputs(items: Sequence[str]) -> list[str]:
    """URLs as given; folders walked (sorted) for files with a known suffix; files as given."""
    out: list[str] = []
    for item in items:
        path = Path(item)
        if not is_url(item) and path.is_dir():
            found = (p for p in sorted(path.rglob("*")) if p.suffix.lower() in SUFFIXES)
            out.extend(str(p) for p in found if p.is_file())
        else:
            out.append(item)
    return out


@dataclass(frozen=True, slots=True)
class InputReader:
    """Reads inputs within the limits of :class:`IngestSettings`."""

    settings: IngestSettings
    fetcher: Fetcher | None
    store: Store
    not_modified: list[str]
    feeds_only: bool = False

    def read(self, item: str) -> Iterator[Draft | InputError]:
        try:
            if is_url(item):
                yield from self._read_url(item)
            else:
                yield from self._read_file(Path(item))
        except InputError as e:
            yield e

    # ------------------------------------------------------------------ files

    def _read_file(self, path: Path) -> Iterator[Draft | InputError]:
        source = str(path)
        if not path.is_file():
            raise InputError(RejectReason.UNSUPPORTED, f"{source}: no such file")
        size = path.stat().st_size
        if size > self.settings.max_bytes:
            raise InputError(
                RejectReason.TOO_LARGE,
                f"{source}: {size} bytes exceeds the {self.settings.max_bytes}-byte limit",
            )
        with path.open("rb") as handle:
            data = handle.read(self.settings.max_bytes + 1)
        kind = SUFFIXES.get(path.suffix.lower()) or self._sniff(data, source)
        yield from self._parse(kind, data, source=source, url=None, declared=None)

    @staticmethod
    def _sniff(data: bytes, source: str) -> str:
        if looks_like_feed(data):
            return "feed"
        if b"<html" in data[:4096].lower():
            return "html"
        raise InputError(RejectReason.UNSUPPORTED, f"{source}: unknown file type")

    def _parse(
        self, kind: str, data: bytes, *, source: str, url: str | None, declared: str | None
    ) -> Iterator[Draft | InputError]:
        if kind == "feed":
            yield from self._read_feed(data, source=source, from_url=url is not None)
            return
        decoded = decode_bytes(data, declared=declared, source=source)
        if kind == "text":
            yield parse_text(decoded.text, source=source)
        elif kind == "html":
            yield parse_html(decoded.text, source=source, url=url)
        else:
            yield from parse_records(decoded.text, source=source, lines=kind == "jsonl")

    # ------------------------------------------------------------------ feeds

    def _read_feed(
        self, data: bytes, *, source: str, from_url: bool
    ) -> Iterator[Draft | InputError]:
        feed = parse_feed(data, source=source)
        for index, entry in enumerate(feed.entries):
            where = f"{source}#{entry.guid or entry.link or index}"
            text = fragment_text(entry.content_html) if entry.content_html else ""
            if len(text.split()) < self.settings.feed_min_words and from_url and entry.link:
                yield from self._entry_page(entry.link, where, source)
                continue
            yield Draft(
                text=text,
                source=where,
                title=entry.title,
                byline=entry.author,
                url=entry.link,
                published=entry.published,
                language=feed.language,
                feed=source,
            )

    def _entry_page(self, link: str, where: str, feed: str) -> Iterator[Draft | InputError]:
        try:
            response = self._fetch(link)
            decoded = decode_bytes(response.body, declared=response.charset, source=link)
            draft = parse_html(decoded.text, source=where, url=response.url)
        except InputError as e:
            yield InputError(e.reason, e.detail, source=where)  # the item failed, not the feed
            return
        yield dataclasses.replace(draft, feed=feed)

    # ------------------------------------------------------------------ URLs

    def _fetch(self, url: str, validators: Validators | None = None) -> Response:
        check_url(url)
        if self.fetcher is None:
            raise InputError(RejectReason.FETCH, f"{url}: fetching is disabled")
        return self.fetcher.fetch(url, validators=validators)

    def _read_url(self, url: str) -> Iterator[Draft | InputError]:
        state = self.store.feed_state(url)
        validators = Validators(state.etag, state.last_modified) if state else None
        response = self._fetch(url, validators)
        if response.not_modified:
            self.not_modified.append(url)
            if state is not None:  # a 304 is a check too: a restart need not repeat it
                now = dt.datetime.now(dt.UTC).isoformat()
                self.store.save_feed_state(dataclasses.replace(state, checked_at=now))
            return
        kind = self._kind_of(response)
        if self.feeds_only and kind != "feed":
            raise InputError(
                RejectReason.MALFORMED,
                f"{url}: not an RSS/Atom feed ({response.content_type or 'unknown type'})",
            )
        yield from self._parse(
            kind, response.body, source=url, url=response.url, declared=response.charset
        )
        if kind == "feed":
            # Remember validators only once every entry was handed on for storing.
            self.store.save_feed_state(
                FeedState(
                    url,
                    response.validators.etag,
                    response.validators.last_modified,
                    dt.datetime.now(dt.UTC).isoformat(),
                )
            )

    @staticmethod
    def _kind_of(response: Response) -> str:
        ctype = response.content_type or ""
        if ctype in _FEED_TYPES or looks_like_feed(response.body):
            return "feed"
        if ctype == "application/json":
            return "json"
        if ctype == "text/plain":
            return "text"
        return "html"
