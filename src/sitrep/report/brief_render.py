"""Render a :class:`~sitrep.report.brief.Brief` as Markdown or one self-contained HTML file.

Templates live in ``data/templates``. HTML is autoescaped; only the SVG map and charts,
which :mod:`sitrep.report.svg` builds with every text escaped, are inserted as markup. In
Markdown every text goes through :func:`md_text`; only http(s) URLs become links.
"""

from __future__ import annotations

import functools

import jinja2

from sitrep.errors import ConfigError
from sitrep.report.brief import Brief

FORMATS = ("md", "html")


SAFE_SCHEMES = ("http://", "https://")
_MARKDOWN_SPECIAL = str.maketrans({"<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "|": "/"})


def md_text(value: object) -> str:
    """Text safe inside Markdown: one line, no raw HTML, no link syntax, no table breaks."""
    return " ".join(str(value).split()).translate(_MARKDOWN_SPECIAL)


def safe_url(value: object) -> str | None:
    """The URL if it is http(s), else None: a brief never links ``javascript:`` and the like."""
    url = str(value or "").strip()
    return url if url.lower().startswith(SAFE_SCHEMES) and " " not in url else None


@functools.cache
def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitrep", "data/templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["safe_url"] = safe_url
    return env


def render_brief(brief: Brief, *, format: str = "md") -> str:
    """The brief as Markdown (``md``) or a standalone HTML page (``html``)."""
    if format not in FORMATS:
        raise ConfigError(f"unknown brief format {format!r}: use one of {', '.join(FORMATS)}")
    template = _environment(format == "html").get_template(f"brief.{format}.j2")
    return template.render(brief=brief)
