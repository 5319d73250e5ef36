"""HTTP fetching within limits, behind a one-method :class:`Fetcher` protocol.

:class:`HttpFetcher` enforces: http/https only (also on every redirect), a redirect limit,
connect/read timeouts, a body size cap (read streaming, never buffered past the cap), a
real User-Agent, and conditional GET (``If-None-Match`` / ``If-Modified-Since``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep.errors import FetchError
from sitrep.model import RejectReason
from sitrep.settings import IngestSettings

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class Validators:
    """Conditional-GET validators remembered from an earlier response."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body, or ``not_modified`` for a 304 answer to a conditional GET."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    validators: Validators
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher(Protocol):
    """Anything that fetches a URL into a :class:`Response` or raises :class:`FetchError`."""

    def fetch(self, url: str, *, validators: Validators | None = None) -> Response: ...


def check_url(url: str) -> str:
    """Return ``url`` if its scheme is http(s) and it names a host, else raise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(f"refusing non-http(s) URL {url!r}", RejectReason.UNSAFE)
    if not parts.hostname:
        raise FetchError(f"URL {url!r} names no host", RejectReason.MALFORMED)
    return url


class HttpFetcher:
    """The real fetcher, on httpx, with the limits of :class:`IngestSettings`."""

    def __init__(self, settings: IngestSettings, *, transport: httpx.BaseTransport | None = None):
        self._settings = settings
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_seconds),
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, validators: Validators | None = None) -> Response:
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        current = check_url(url)
        for _hop in range(self._settings.max_redirects + 1):
            try:
                with self._client.stream("GET", current, headers=headers) as resp:
                    if resp.status_code != 304 and resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"{current}: redirect without a Location header")
                        current = check_url(urljoin(current, location))
                        continue
                    return self._read(current, resp)
            except httpx.InvalidURL as e:
                raise FetchError(
                    f"{current}: invalid URL or redirect target: {e}", RejectReason.MALFORMED
                ) from e
            except httpx.HTTPError as e:
                raise FetchError(f"cannot fetch {current}: {type(e).__name__}: {e}") from e
        raise FetchError(f"{url}: more than {self._settings.max_redirects} redirects")

    def _read(self, url: str, resp: httpx.Response) -> Response:
        fetched_at = dt.datetime.now(dt.UTC)
        found = Validators(resp.headers.get("etag"), resp.headers.get("last-modified"))
        if resp.status_code == 304:
            return Response(url, 304, b"", None, None, found, fetched_at)
        if resp.status_code >= 400:
            raise FetchError(f"{url}: HTTP {resp.status_code}")
        cap = self._settings.max_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"{url}: body of {declared} bytes exceeds the {cap}-byte limit",
                RejectReason.TOO_LARGE,
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(
                    f"{url}: body exceeds the {cap}-byte limit", RejectReason.TOO_LARGE
                )
            chunks.append(chunk)
        content_type = resp.headers.get("content-type")
        return Response(
            url=str(resp.url),
            status=resp.status_code,
            body=b"".join(chunks),
            content_type=content_type.split(";")[0].strip().lower() if content_type else None,
            charset=resp.charset_encoding,
            validators=found,
            fetched_at=fetched_at,
        )
