"""The intermediate form every input parser produces, and its completion into an Article."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sitrep.errors import InputError
from sitrep.ingest.dates import read_published
from sitrep.ingest.identity import content_hash
from sitrep.ingest.language import detect_language
from sitrep.ingest.outlet import registered_domain
from sitrep.model import Article, RejectReason


@dataclass(frozen=True, slots=True)
class Draft:
    """What a parser read from one input, before normalisation and identity."""

    text: str
    source: str
    title: str | None = None
    byline: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None
    feed: str | None = None


def clean_text(text: str) -> str:
    """NFC, no control characters, unified line ends, trimmed lines, at most one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _clean_field(value: str | None, limit: int = 500) -> str | None:
    if value is None:
        return None
    value = " ".join(clean_text(str(value)).split())
    return value[:limit] or None


def complete(draft: Draft, *, min_chars: int, fetched_at: dt.datetime) -> Article:
    """Turn a draft into an :class:`Article`, or raise :class:`InputError` (no text)."""
    text = clean_text(draft.text)
    if len(text) < min_chars:
        raise InputError(
            RejectReason.NO_TEXT,
            f"{draft.source}: only {len(text)} characters of text (minimum {min_chars})",
        )
    # The outlet is the registered domain of the URL; a name given without a URL is kept.
    outlet = registered_domain(draft.url) or (draft.outlet or "").strip().lower() or None
    language = (draft.language or "").strip().lower()[:2] or detect_language(text)
    published = read_published(draft.published, outlet=outlet, language=language, text=text)
    return Article(
        id=content_hash(text),
        text=text,
        url=_clean_field(draft.url, 2000),
        outlet=outlet,
        title=_clean_field(draft.title),
        byline=_clean_field(draft.byline),
        published=published.value if published else None,
        date_ambiguous=published.ambiguous if published else False,
        language=language,
        fetched_at=fetched_at,
        feed=draft.feed,
        source=draft.source,
    )
