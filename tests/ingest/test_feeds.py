from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest.feeds import looks_like_feed, parse_feed
from sitrep.model import RejectReason

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>&lol4;</title><description>&lol4;</description></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>"""


def test_rss_with_full_content(fixtures: Path) -> None:
    feed = parse_feed((fixtures / "feed.xml").read_bytes(), source="feed.xml")
    assert feed.title == "Example Wire - World"
    assert feed.language == "en"
    assert len(feed.entries) == 2
    first = feed.entries[0]
    assert first.link == "https://wire.example.net/world/talks-resume"
    assert first.content_html is not None and "labour minister" in first.content_html
    assert feed.entries[1].content_html is not None


def test_atom(fixtures: Path) -> None:
    feed = parse_feed((fixtures / "feed_atom.xml").read_bytes(), source="atom.xml")
    assert feed.entries[0].link == "https://diario.example.es/mundo/negociaciones"
    assert feed.entries[0].content_html is not None
    assert "sindicatos" in feed.entries[0].content_html


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BILLION_LAUGHS, RejectReason.UNSAFE),
        (EXTERNAL_ENTITY, RejectReason.UNSAFE),
        (b"<rss><channel><item><title>broken", RejectReason.MALFORMED),
        (
            b"<rss version='2.0'><channel><title>empty</title></channel></rss>",
            RejectReason.MALFORMED,
        ),
        (b"\x00\x01\x02 not xml", RejectReason.MALFORMED),
    ],
)
def test_rejects(data: bytes, reason: RejectReason) -> None:
    with pytest.raises(InputError) as info:
        parse_feed(data, source="bad.xml")
    assert info.value.reason is reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<?xml version='1.0'?><rss version='2.0'>", True),
        (b"<feed xmlns='x'>", True),
        (b"<html><body>", False),
    ],
)
def test_looks_like_feed(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected
