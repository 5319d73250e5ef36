"""Rendering the brief: hostile text stays text, only http(s) URLs become links."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.errors import ConfigError
from sitrep.model import Evidence
from sitrep.report.brief import Brief, Source, Statement
from sitrep.report.brief_render import md_text, render_brief, safe_url

HOSTILE = "<script>alert(1)</script> [x](javascript:y) | <img src=x onerror=alert(2)>"


def _brief(url: str) -> Brief:
    quote = Evidence("a1", "evil.example", url, None, f"{HOSTILE}\nsecond line", 0, 10)
    source = Source(1, "a1", "evil.example", None, url, HOSTILE, (quote,))
    statement = Statement(HOSTILE, (1,), "rumour")
    return Brief(
        story_id="st-1", title=HOSTILE, period="1 Jan 2022 – 2 Jan 2022",
        generated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), coverage="1 article",
        lead=(statement,), figures=(), unverified=(statement,), timeline=(("1 Jan", statement),),
        reactions=(), map_svg=None, places=(), opinions=(), alerts=(statement,), sources=(source,),
    )  # fmt: skip


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)//", "data:text/html,x"])
def test_only_http_urls_become_links(url: str) -> None:
    html = render_brief(_brief(url), format="html")
    assert f'href="{url}' not in html and "<script>" not in html and "<img" not in html
    markdown = render_brief(_brief(url), format="md")
    assert f"<{url}>" not in markdown
    assert "<script>" not in markdown and "<img" not in markdown
    assert "[x](javascript" not in markdown and "\\[x\\](javascript" in markdown


def test_an_http_url_is_linked() -> None:
    html = render_brief(_brief("https://example.org/a"), format="html")
    assert 'href="https://example.org/a"' in html
    assert "<https://example.org/a>" in render_brief(_brief("https://example.org/a"), format="md")


def test_quotes_stay_on_one_markdown_line() -> None:
    markdown = render_brief(_brief("https://example.org/a"), format="md")
    (line,) = [line for line in markdown.splitlines() if "chars 0–10" in line]
    assert "second line" in line


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a <b> [c](d)", "a &lt;b&gt; \\[c\\](d)"), ("x | y\nz", "x / y z")],
)
def test_md_text(value: str, expected: str) -> None:
    assert md_text(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.org/x", "https://a.org/x"), ("HTTP://a.org", "HTTP://a.org"),
     ("javascript:x", None), ("ftp://a.org", None), ("", None)],
)  # fmt: skip
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ConfigError, match="pdf"):
        render_brief(_brief("https://a.org"), format="pdf")
