from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest.draft import complete
from sitrep.ingest.htmlpage import parse_html
from sitrep.model import RejectReason


def test_main_text_and_metadata(fixtures: Path) -> None:
    draft = parse_html((fixtures / "page_en.html").read_text(), source="page.html")
    assert draft.title == "Rally dispersed in old town"
    assert draft.byline == "Priya Shah"
    assert draft.url == "https://www.examplegazette.co.uk/world/rally-dispersed"
    assert draft.published is not None and draft.published.startswith("2023-02-03")
    assert draft.language == "en"
    assert "dozens of people had been detained" in draft.text
    for boilerplate in ("cookies", "All rights reserved", "Markets close higher", "Sport"):
        assert boilerplate not in draft.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>bold <i>and italic paragraph about the protest in the"
        " capital, where police said dozens were detained on Friday night.</p><div></body>",
        "<p>Fragment only: police said dozens were detained in the capital on Friday night"
        " after the rally.",
    ],
)
def test_broken_html_still_yields_text(html: str) -> None:
    draft = parse_html(html, source="broken.html")
    assert "dozens were detained" in draft.text


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("just text without markup", RejectReason.MALFORMED),
        ("<html><head><title>x</title></head><body></body></html>", RejectReason.NO_TEXT),
        (
            "<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
            RejectReason.NO_TEXT,
        ),
    ],
)
def test_rejects(html: str, reason: RejectReason) -> None:
    with pytest.raises(InputError) as info:
        draft = parse_html(html, source="bad.html")
        complete(draft, min_chars=40, fetched_at=dt.datetime.now(dt.UTC))
    assert info.value.reason is reason


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000 + "</body></html>"
    try:
        parse_html(html, source="deep.html")
    except InputError as e:
        assert e.reason in (RejectReason.NO_TEXT, RejectReason.MALFORMED)
