"""Ingest: inputs -> drafts -> articles -> store, with duplicates linked and inputs rejected.

Each article is written in its own transaction, so a run killed midway keeps every
article it finished and no half article; running it again picks up the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Sequence

from sitrep.errors import InputError
from sitrep.ingest.dedup import NearDuplicateIndex
from sitrep.ingest.draft import Draft, complete
from sitrep.ingest.fetch import Fetcher
from sitrep.ingest.sources import InputReader, expand_inputs
from sitrep.model import Article, IngestReport, Outcome, Rejection
from sitrep.settings import Settings
from sitrep.store.base import Store

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def load_index(store: Store, settings: Settings) -> NearDuplicateIndex:
    """The near-duplicate index of everything already stored."""
    index = NearDuplicateIndex(settings.dedup)
    for article_id, duplicate_of, signature in store.signatures():
        index.add(article_id, index.from_bytes(signature), duplicate_of=duplicate_of)
    return index


def store_article(
    article: Article, *, store: Store, index: NearDuplicateIndex
) -> tuple[Outcome, Article]:
    """Store one article: an exact copy only as a sighting, a near copy linked to its original."""
    if store.has_article(article.id):
        stored = store.get_article(article.id)
        if article.source and article.source != stored.source:
            store.add_sighting(
                article.id,
                source=article.source,
                url=article.url,
                outlet=article.outlet,
                seen_at=(article.fetched_at or dt.datetime.now(dt.UTC)).isoformat(),
            )
        return Outcome.DUPLICATE, stored
    minhash = index.signature(article.text)
    match = index.original_of(minhash)
    if match is not None:
        article = dataclasses.replace(article, duplicate_of=match[0])
    if not store.put_article(article, signature=index.to_bytes(minhash)):
        return Outcome.DUPLICATE, store.get_article(article.id)
    index.add(article.id, minhash, duplicate_of=article.duplicate_of)
    return (Outcome.STORED_COPY if article.duplicate_of else Outcome.STORED), article


def ingest(
    items: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
    on_article: Callable[[Outcome, Article], None] | None = None,
    feeds_only: bool = False,
    index: NearDuplicateIndex | None = None,
) -> IngestReport:
    """Ingest files, folders, feed files and URLs into ``store``; never raises on bad input.

    With ``feeds_only`` a URL that does not answer with an RSS/Atom feed is rejected (as
    ``sitrep watch`` wants) instead of being read as a web page. A long-running caller may
    pass the ``index`` it keeps (from :func:`load_index`), so it is not rebuilt per call;
    articles stored here are added to it.
    """
    index = index if index is not None else load_index(store, settings)
    not_modified: list[str] = []
    reader = InputReader(settings.ingest, fetcher, store, not_modified, feeds_only=feeds_only)
    results: dict[Outcome, list[str]] = {outcome: [] for outcome in Outcome}
    rejections: list[Rejection] = []
    for item in expand_inputs(items):
        for found in reader.read(item):
            if isinstance(found, InputError):
                rejections.append(_reject(found, item))
                continue
            outcome = _ingest_draft(
                found,
                store=store,
                index=index,
                settings=settings,
                rejections=rejections,
                on_article=on_article,
            )
            if outcome is not None:
                results[outcome[0]].append(outcome[1])
        if progress is not None:
            progress(item)
    return IngestReport(
        stored=tuple(results[Outcome.STORED]),
        copies=tuple(results[Outcome.STORED_COPY]),
        duplicates=tuple(results[Outcome.DUPLICATE]),
        not_modified=tuple(not_modified),
        rejections=tuple(rejections),
    )


def _ingest_draft(
    draft: Draft,
    *,
    store: Store,
    index: NearDuplicateIndex,
    settings: Settings,
    rejections: list[Rejection],
    on_article: Callable[[Outcome, Article], None] | None,
) -> tuple[Outcome, str] | None:
    try:
        article = complete(
            draft, min_chars=settings.ingest.min_text_chars, fetched_at=dt.datetime.now(dt.UTC)
        )
    except InputError as e:
        rejections.append(_reject(e, draft.source))
        return None
    outcome, stored = store_article(article, store=store, index=index)
    log.info("%s %s (%s)", outcome.value, stored.id, draft.source)
    if on_article is not None:
        on_article(outcome, stored)
    return outcome, stored.id


def _reject(error: InputError, source: str) -> Rejection:
    where = error.source or source
    log.warning("rejected %s: %s", where, error.detail)
    return Rejection(source=where, reason=error.reason, detail=error.detail)
