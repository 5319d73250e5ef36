"""Plain-text reports: title on the first line, then byline, metadata and dateline lines.

Recognised near the top (first few non-blank lines after the title):

* ``By Jane Doe`` / ``di Mario Rossi`` / ``par Claire Martin`` / ``por Ana López``
* ``URL: https://...``, ``Source: ...``, ``Published: ...``, ``Date: ...``, ``Language: it``
* a dateline alone on its line: ``06/01/22``, ``6 January 2022``, ``ALMATY, 06/01/22``
* a dateline opening the first paragraph: ``ALMATY, Jan 6 (Reuters) - Gunfire ...``
"""

from __future__ import annotations

import re

from sitrep.ingest.draft import Draft

HEADER_LINES = 6
_BYLINE = re.compile(r"^(?:by|di|par|por|von|door)\s+(\S.{1,80})$", re.IGNORECASE)
_META = re.compile(
    r"^(url|link|source|outlet|published|date|dateline|language|lang)\s*:\s*(\S.*)$", re.I
)
_DATE_ONLY = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'À-ÿ. -]{1,40},\s*)?"
    r"(\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s+\d{1,2}[:.]\d{2})?"
    r"|\d{1,2}\s+\w{3,12}\.?\s+\d{4}|\w{3,12}\.?\s+\d{1,2},?\s+\d{4})$"
)
# "ALMATY, Jan 6 (Reuters) -", "NUR-SULTAN, 7 January (AFP) –"
_INLINE_DATELINE = re.compile(
    r"^([A-ZÀ-Ý][A-ZÀ-Ý' .-]{2,40}),\s+"
    r"((?:\w{3,9}\.?\s+\d{1,2}|\d{1,2}\s+\w{3,9}\.?)(?:,?\s+\d{4})?)"
    r"(?:\s*\([^)]{1,40}\))?\s*[-–—]\s+"
)
_META_KEYS = {
    "url": "url",
    "link": "url",
    "source": "outlet",
    "outlet": "outlet",
    "published": "published",
    "date": "published",
    "dateline": "published",
    "language": "language",
    "lang": "language",
}


def parse_text(text: str, *, source: str) -> Draft:
    """Split a plain-text report into title, header fields and body."""
    lines = text.strip().split("\n")
    title = lines[0].strip() if lines else ""
    fields: dict[str, str] = {}
    body_start = 1
    seen = 0
    for index in range(1, len(lines)):
        line = lines[index].strip()
        if not line:
            body_start = index + 1
            continue
        if seen >= HEADER_LINES:
            break
        seen += 1
        if match := _BYLINE.match(line):
            fields.setdefault("byline", match.group(1).strip())
        elif match := _META.match(line):
            fields.setdefault(_META_KEYS[match.group(1).lower()], match.group(2).strip())
        elif match := _DATE_ONLY.match(line):
            fields.setdefault("published", match.group(1))
        else:
            break
        body_start = index + 1
    body = "\n".join(lines[body_start:]).strip()
    match = _INLINE_DATELINE.match(body)
    if "published" not in fields and match and re.search(r"\d{4}", match.group(2)):
        # A dateline without a year ("Jan 6") cannot date the report on its own.
        fields["published"] = match.group(2)
    return Draft(
        text=body,
        source=source,
        title=title or None,
        byline=fields.get("byline"),
        url=fields.get("url"),
        published=fields.get("published"),
        outlet=fields.get("outlet"),
        language=fields.get("language"),
    )
