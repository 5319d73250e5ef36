from __future__ import annotations

import pytest

from sitrep.errors import FetchError
from sitrep.ingest.fetch import HttpFetcher, Validators, check_url
from sitrep.model import RejectReason
from sitrep.settings import IngestSettings
from tests.conftest import LocalServer, Route

SETTINGS = IngestSettings(
    max_bytes=10_000, timeout_seconds=1.0, max_redirects=2, user_agent="sitrep-test/1.0"
)


@pytest.fixture
def fetcher() -> HttpFetcher:
    return HttpFetcher(SETTINGS)


def test_fetch_sends_user_agent(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    http_server.routes["/a"] = Route(
        b"<html>hi</html>", headers={"Content-Type": "text/html; charset=utf-8"}
    )
    response = fetcher.fetch(http_server.url("/a"))
    assert response.body == b"<html>hi</html>"
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert http_server.requests[0][1]["User-Agent"] == "sitrep-test/1.0"


def test_redirect_followed(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    http_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    http_server.routes["/new"] = Route(b"moved here")
    response = fetcher.fetch(http_server.url("/old"))
    assert response.body == b"moved here"
    assert response.url.endswith("/new")


def test_redirect_limit(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    for i in range(5):
        http_server.routes[f"/r{i}"] = Route(status=302, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetcher.fetch(http_server.url("/r0"))


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("file:///etc/passwd", RejectReason.UNSAFE),
        ("ftp://example.org/x", RejectReason.UNSAFE),
        ("gopher://example.org/", RejectReason.UNSAFE),
        ("javascript:alert(1)", RejectReason.MALFORMED),
    ],
)
def test_redirect_to_other_scheme_refused(
    http_server: LocalServer, fetcher: HttpFetcher, target: str, reason: RejectReason
) -> None:
    http_server.routes["/evil"] = Route(status=302, headers={"Location": target})
    with pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/evil"))
    assert info.value.reason is reason


@pytest.mark.parametrize("chunked", [False, True])
def test_size_cap(http_server: LocalServer, fetcher: HttpFetcher, chunked: bool) -> None:
    http_server.routes["/big"] = Route(b"x" * 50_000, chunked=chunked)
    with pytest.raises(FetchError) as info:
        fetcher.fetch(http_server.url("/big"))
    assert info.value.reason is RejectReason.TOO_LARGE


def test_http_error_status(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(http_server.url("/missing"))


def test_timeout(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    http_server.routes["/slow"] = Route(b"late", delay=2.5)
    with pytest.raises(FetchError, match="Timeout"):
        fetcher.fetch(http_server.url("/slow"))


def test_unreachable(fetcher: HttpFetcher) -> None:
    with pytest.raises(FetchError, match="cannot fetch"):
        fetcher.fetch("http://127.0.0.1:9/nothing")


def test_conditional_get(http_server: LocalServer, fetcher: HttpFetcher) -> None:
    http_server.routes["/feed"] = Route(
        b"<rss/>", etag='"v1"', headers={"Last-Modified": "Mon, 06 Feb 2023 09:30:00 GMT"}
    )
    first = fetcher.fetch(http_server.url("/feed"))
    assert first.validators == Validators('"v1"', "Mon, 06 Feb 2023 09:30:00 GMT")
    second = fetcher.fetch(http_server.url("/feed"), validators=first.validators)
    assert second.not_modified
    headers = http_server.requests[1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 06 Feb 2023 09:30:00 GMT"


@pytest.mark.parametrize("url", ["ftp://x/y", "file:///etc/passwd", "http://", "mailto:a@b.c"])
def test_check_url_rejects(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url)
