"""The record base shared by every domain record.

Every record is a frozen, slotted dataclass with a ``to_dict`` / ``from_dict`` pair.
Extracted items (actors, places, times, ...) carry ``text``, ``start`` and ``end``: the
character span in :attr:`Article.text` they came from, so provenance is never lost.

Data flow::

    ingest  -> Article
    extract -> Extraction(actors, places, times, ...)
    events  -> Extraction(events, reactions)
    situation -> Story, FigureSeries, MergedEvent, ReactionEntry, Alert
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any, ClassVar, Self


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class Record:
    """Mixin giving dataclasses a plain ``to_dict`` / ``from_dict`` pair.

    Dates and datetimes become ISO strings; nested records become dicts. A record whose
    fields hold other records names their classes in ``NESTED`` (field name -> class), so
    ``from_dict`` can rebuild them; everything else must already be JSON-friendly.
    """

    __slots__ = ()
    NESTED: ClassVar[dict[str, type[Record]]] = {}

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        kwargs: dict[str, Any] = {}
        for name, kind, nested in _plan(cls):  # type: ignore[arg-type]
            if name not in data:
                continue
            value = data[name]
            if nested is not None and isinstance(value, list):
                value = tuple(nested.from_dict(v) for v in value)
            elif nested is not None and isinstance(value, dict):
                value = nested.from_dict(value)
            elif value is not None and kind == "datetime":
                value = dt.datetime.fromisoformat(value)
            elif value is not None and kind == "date":
                value = dt.date.fromisoformat(value)
            elif isinstance(value, list):
                value = _tuples(value)
            kwargs[name] = value
        return cls(**kwargs)


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples records hold (nested ones too)."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


@functools.cache
def _plan(cls: type[Record]) -> tuple[tuple[str, str, type[Record] | None], ...]:
    """How ``from_dict`` converts each field of ``cls``, worked out once per class."""
    plan = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        kind = str(f.type)
        conversion = "datetime" if "datetime" in kind else "date" if "date" in kind else "plain"
        plan.append((f.name, conversion, cls.NESTED.get(f.name)))
    return tuple(plan)
