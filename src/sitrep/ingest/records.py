"""JSON and JSON Lines records: ``{url, title, text, published, outlet, language}``.

Only ``text`` is required. A ``.json`` file holds one record or a list of records; a
``.jsonl`` file one record per line. A bad record is rejected alone; the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.draft import Draft
from sitrep.model import RejectReason

FIELDS = ("url", "title", "text", "published", "outlet", "language", "byline")


def record_to_draft(record: Any, *, source: str) -> Draft:
    """Validate one decoded JSON value as a record."""
    if not isinstance(record, dict):
        raise InputError(RejectReason.MALFORMED, f"{source}: record is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(RejectReason.NO_TEXT, f"{source}: record has no 'text' string")
    values: dict[str, str | None] = {}
    for name in FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise InputError(RejectReason.MALFORMED, f"{source}: field {name!r} is not a string")
        values[name] = None if value is None else str(value)
    return Draft(
        text=text,
        source=source,
        title=values["title"],
        byline=values["byline"],
        url=values["url"],
        published=values["published"],
        outlet=values["outlet"],
        language=values["language"],
    )


def parse_records(text: str, *, source: str, lines: bool) -> Iterator[Draft | InputError]:
    """Yield a draft or the error for each record, so one bad record never stops the rest."""
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                yield record_to_draft(json.loads(line), source=where)
            except json.JSONDecodeError as e:
                yield InputError(RejectReason.MALFORMED, f"{where}: invalid JSON: {e.msg}")
            except InputError as e:
                yield e
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield InputError(
            RejectReason.MALFORMED, f"{source}: invalid JSON: {e.msg} (line {e.lineno})"
        )
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        where = f"{source}[{index}]" if isinstance(data, list) else source
        try:
            yield record_to_draft(item, source=where)
        except InputError as e:
            yield e
