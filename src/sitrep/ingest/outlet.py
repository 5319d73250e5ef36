"""The outlet of a URL: its registered domain, read from the bundled Public Suffix List."""

from __future__ import annotations

import functools

import tldextract


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() keeps tldextract on its bundled snapshot: no network, no cache dir.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """``https://www.news.bbc.co.uk/x`` -> ``bbc.co.uk``; None when there is no domain."""
    if not url:
        return None
    parts = _extractor()(url)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}".lower()
    return parts.domain.lower() or None


def country_of_domain(domain: str | None) -> str | None:
    """ISO alpha-2 country of a country-code top-level domain (``it`` -> ``IT``), if any."""
    if not domain:
        return None
    suffix = domain.rsplit(".", 1)[-1]
    if len(suffix) == 2 and suffix.isalpha():
        return {"uk": "GB"}.get(suffix, suffix.upper())
    return None
