"""Shared SVG primitives for the brief's offline figures (map and chart).

The figures themselves live in :mod:`sitrep.report.svg_map` (:func:`map_svg`) and
:mod:`sitrep.report.svg_chart` (:func:`series_chart_svg`). Every figure is a standalone
``<svg>`` document: ``viewBox``, ``role="img"``, ``<title>`` and ``<desc>`` first, all text
XML-escaped, no external references, ``font-family="sans-serif"``, and byte-identical
output for identical input.
"""

from __future__ import annotations

import hashlib
import re

SVG_NS = "http://www.w3.org/2000/svg"
# Okabe-Ito, colour-blind safe; yellow last because it is faint on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
CHAR_WIDTH = 0.58  # average glyph advance of a sans-serif font, in ems (for layout estimates)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` without characters XML 1.0 cannot carry (control characters, U+FFFE...)."""
    return _NOT_XML.sub("", text)


def esc(text: str) -> str:
    """``text`` escaped for element content or a double-quoted attribute."""
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def tenths(value: int) -> str:
    """A count of tenths as a decimal: ``-15`` → ``-1.5``, ``20`` → ``2``."""
    whole, frac = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac}"


def num(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0`` or ``-0``."""
    return tenths(round(value * 10))


def text_width(text: str, size: float) -> float:
    """Estimated rendered width of ``text`` at font ``size`` (no font metrics offline)."""
    return len(text) * size * CHAR_WIDTH


def shorten(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def text(x: float, y: float, content: str, *, size: float = 11, **attrs: str) -> str:
    """A ``<text>`` element; ``attrs`` use ``_`` for ``-`` (``text_anchor="end"``)."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in sorted(attrs.items()))
    return f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}"{extra}>{esc(content)}</text>'


def uid(prefix: str, *parts: object) -> str:
    """A deterministic id, unique per input, so several figures can share one HTML page."""
    digest = hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def document(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    """A complete ``<svg>`` document around ``body`` (a list of element strings)."""
    head = (
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif">'
    )
    parts = [head, f"<title>{esc(title)}</title>", f"<desc>{esc(desc)}</desc>", *body, "</svg>"]
    return "\n".join(parts) + "\n"
