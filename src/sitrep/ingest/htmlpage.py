"""Web pages: main text and metadata with trafilatura, boilerplate removed."""

from __future__ import annotations

import functools
import logging
import re
from configparser import ConfigParser
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import use_config

from sitrep.errors import InputError
from sitrep.ingest.draft import Draft
from sitrep.model import RejectReason

log = logging.getLogger(__name__)

_HTML_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "br", "tr")
# trafilatura builds an lxml tree; cap it so hostile pages cannot exhaust memory.
MAX_TREE_SIZE = 200_000


@functools.cache
def _config() -> ConfigParser:
    config: ConfigParser = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    # The timeout uses SIGALRM, which only works in the main thread: we bound input size instead.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Short wire items are real articles: do not fall back to "no text" below 250 chars.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
    return config


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed content), one line per block element."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())


def _metadata(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    data: dict[str, Any] = doc.as_dict()
    return data


def parse_html(html: str, *, source: str, url: str | None = None) -> Draft:
    """Extract the article from ``html`` or raise :class:`InputError`."""
    if "<" not in html:
        raise InputError(RejectReason.MALFORMED, f"{source}: no HTML markup found")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            config=_config(),
            date_extraction_params={
                "original_date": True,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
                "extensive_search": False,
            },
        )
    except (ValueError, etree.LxmlError, RecursionError) as e:
        raise InputError(RejectReason.MALFORMED, f"{source}: cannot parse HTML: {e}") from e
    data = _metadata(doc)
    text = data.get("text") or ""
    if not text.strip() and "<body" not in html[:5000].lower():
        # A bare fragment (no page around it) is all content: keep its text.
        text = fragment_text(html)
    if not text.strip():
        raise InputError(RejectReason.NO_TEXT, f"{source}: no article text found in the HTML")
    lang_match = _HTML_LANG.search(html[:5000])
    title = data.get("title")
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return Draft(
        text=text,
        source=source,
        title=title,
        byline=data.get("author"),
        url=url or data.get("url"),
        published=data.get("date"),
        outlet=None,
        language=data.get("language") or (lang_match.group(1) if lang_match else None),
    )
