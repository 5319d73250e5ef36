"""Render a :class:`~sitrep.report.brief.Brief` as Markdown or one self-contained HTML file.

Templates live in ``data/templates``. HTML is autoescaped; only the SVG map and charts,
which :mod:`sitrep.report.svg` builds with every text escaped, are inserted as markup.
"""

from __future__ import annotations

import functools

import jinja2

from sitrep.errors import ConfigError
from sitrep.report.brief import Brief

FORMATS = ("md", "html")


@functools.cache
def _environment(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sitrep", "data/templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_brief(brief: Brief, *, format: str = "md") -> str:
    """The brief as Markdown (``md``) or a standalone HTML page (``html``)."""
    if format not in FORMATS:
        raise ConfigError(f"unknown brief format {format!r}: use one of {', '.join(FORMATS)}")
    template = _environment(format == "html").get_template(f"brief.{format}.j2")
    return template.render(brief=brief)
