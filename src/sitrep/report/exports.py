"""Export coded events and international reactions as CSV, JSON Lines, Parquet, GDELT or PLOVER.

Input is ``(Article, Extraction)`` pairs, e.g. from the store. Output is deterministic:
articles by (published date, id), items by (start, end, kind), columns in a fixed order.
Every format carries provenance: ``article_id``, ``start``, ``end``, ``outlet``, ``url``
(``article.text[start:end]`` is the sentence or clause the item came from).

Formats:

* ``csv`` / ``jsonl`` / ``parquet``: one row per item, columns :data:`EVENT_COLUMNS` or
  :data:`REACTION_COLUMNS`. Lists (an event's figure offsets) are ``;``-joined in CSV.
  Parquet is written with ``pyarrow`` (imported only when asked for).
* ``gdelt`` (events): tab-separated, GDELT 2.0 event-table columns (:data:`GDELT_COLUMNS`)
  then the sitrep provenance columns. One row per event mention: NumMentions, NumSources
  and NumArticles are 1 (no cross-article aggregation); AvgTone and Actor geography are
  empty. GoldsteinScale comes from :data:`GOLDSTEIN_BY_ROOT` (CAMEO root code only).
  Deviations: Geo country codes are ISO 3166 alpha-3 (GDELT uses FIPS 10-4), ADM1 codes
  are ``<ISO3><admin1>``, GLOBALEVENTID is a stable hash, not a running number.
* ``plover`` (events): JSON Lines with PLOVER field names (:data:`PLOVER_FIELDS`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sitrep.errors import SitrepError
from sitrep.model import Article, Event, Extraction, Place, Reaction

PROVENANCE = ["article_id", "start", "end", "outlet", "url"]
EVENT_COLUMNS = [*PROVENANCE, "published", "pipeline", "type", "mode", "cameo", "quad_class",
    "source_actor", "source", "target_actor", "target", "place", "geonameid", "date",
    "attributed_to", "certainty", "negated", "opinion", "trigger", "figures", "text"]  # fmt: skip
REACTION_COLUMNS = [*PROVENANCE, "published", "pipeline", "actor", "actor_code", "country",
    "stance", "target", "date", "quote", "text"]  # fmt: skip
EVENT_FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover")
REACTION_FORMATS = ("csv", "jsonl", "parquet")

_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
]  # fmt: skip
GDELT_PROVENANCE = ["sitrep_article_id", "sitrep_start", "sitrep_end", "sitrep_outlet"]
# Goldstein (1992) conflict-cooperation weights at the CAMEO root level, as GDELT applies
# them to each root's generic code (010, 020, ...). Finer codes are not distinguished.
GOLDSTEIN_BY_ROOT = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -4.4, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -5.0, "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip
# GDELT ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_TYPE = {"country": 1, "admin1": 5, "city": 4}
PLOVER_FIELDS = ["id", "date", "event_type", "mode", "context", "actor", "actor_code",
    "actor_country", "actor_type", "recipient", "recipient_code", "recipient_country",
    "recipient_type", "location", "quad_class", "cameo", "certainty", "negated", "source",
    "attributed_to", "text", *PROVENANCE, "published", "pipeline"]  # fmt: skip


class ExportError(SitrepError):
    """An export could not be written (unknown format, missing optional dependency)."""


Row = tuple[Article, Extraction]


def _ordered(rows: Iterable[Row]) -> list[Row]:
    def key(row: Row) -> tuple[str, str]:
        published = row[0].published.isoformat() if row[0].published else ""
        return (published, row[0].id)

    return sorted(rows, key=key)


def _provenance(article: Article, start: int, end: int, extraction: Extraction) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "start": start,
        "end": end,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "pipeline": extraction.pipeline,
    }


def _events(rows: Iterable[Row]) -> Iterator[tuple[Article, Extraction, Event]]:
    for article, extraction in _ordered(rows):
        for event in sorted(extraction.events, key=lambda e: (e.start, e.end, e.type, e.cameo)):
            yield article, extraction, event


def event_records(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Flat event records (:data:`EVENT_COLUMNS`) in export order."""
    out = []
    for article, extraction, event in _events(rows):
        data = event.to_dict()
        record = _provenance(article, event.start, event.end, extraction)
        record.update({c: data.get(c) for c in EVENT_COLUMNS if c not in record})
        out.append({c: record.get(c) for c in EVENT_COLUMNS})
    return out


def reaction_records(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Flat reaction records (:data:`REACTION_COLUMNS`) in export order."""
    out = []
    for article, extraction in _ordered(rows):
        for reaction in sorted(extraction.reactions, key=_reaction_key):
            record = _provenance(article, reaction.start, reaction.end, extraction)
            data = reaction.to_dict()
            record.update({c: data.get(c) for c in REACTION_COLUMNS if c not in record})
            out.append({c: record.get(c) for c in REACTION_COLUMNS})
    return out


def _reaction_key(reaction: Reaction) -> tuple[int, int, str, str]:
    return (reaction.start, reaction.end, reaction.actor_code or "", reaction.stance)


# --------------------------------------------------------------------------- writers


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def write_csv(records: list[dict[str, Any]], columns: list[str], out: IO[str]) -> None:
    """RFC 4180 CSV with a header row (``\\r\\n`` line ends, as the csv module writes)."""
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """One JSON object per line, keys in column order, UTF-8 kept as is."""
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_parquet(records: list[dict[str, Any]], columns: list[str], out: IO[bytes]) -> None:
    """A Parquet file; all-null columns are typed as strings."""
    import pyarrow as pa  # imported here: a large library that only this format needs
    import pyarrow.parquet as pq

    data = {c: [r.get(c) for r in records] for c in columns}
    arrays = {}
    for column, values in data.items():
        if column == "figures":
            arrays[column] = pa.array([list(v or ()) for v in values], pa.list_(pa.int64()))
        elif all(v is None for v in values):
            arrays[column] = pa.array(values, pa.string())
        else:
            arrays[column] = pa.array(values)
    pq.write_table(pa.table(arrays), out)


# --------------------------------------------------------------------------- GDELT / PLOVER


def _event_id(article: Article, event: Event) -> int:
    key = f"{article.id}:{event.start}:{event.end}:{event.type}:{event.cameo}"
    return int(hashlib.sha1(key.encode()).hexdigest()[:15], 16)  # < 2**60: fits int64


def _split_code(code: str | None, igos: frozenset[str]) -> dict[str, str]:
    """Actor code -> GDELT parts: ``RUSMIL`` -> country RUS, type MIL; ``IGOUNO`` -> group."""
    if not code:
        return {}
    if code.startswith("IGO") and len(code) >= 6:
        return {"Code": code, "KnownGroupCode": code[3:6], "Type1Code": "IGO",
                "Type2Code": code[6:9]}  # fmt: skip
    if len(code) >= 6 and code[:3].isalpha() and code[:3] not in igos:
        return {"Code": code, "CountryCode": code[:3], "Type1Code": code[3:6]}
    return {"Code": code, "Type1Code": code[:3]}


def _place(extraction: Extraction, event: Event) -> Place | None:
    for place in extraction.places:
        if event.geonameid is not None and place.geonameid == event.geonameid:
            return place
    for place in extraction.places:
        if event.place and place.name == event.place:
            return place
    return None


def _day(article: Article, event: Event) -> dt.date | None:
    return event.date or (article.published.date() if article.published else None)


def _lead_end(text: str) -> int:
    end = text.find("\n")
    return len(text) if end < 0 else end


def gdelt_records(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """GDELT-flavoured rows (:data:`GDELT_COLUMNS` + :data:`GDELT_PROVENANCE`)."""
    igos: frozenset[str] = frozenset()
    out = []
    for article, extraction, event in _events(rows):
        record: dict[str, Any] = {c: "" for c in [*GDELT_COLUMNS, *GDELT_PROVENANCE]}
        day = _day(article, event)
        if day is not None:
            year_day = day.timetuple().tm_yday
            record.update(
                SQLDATE=day.strftime("%Y%m%d"),
                MonthYear=day.strftime("%Y%m"),
                Year=day.year,
                FractionDate=f"{day.year + year_day / 365:.4f}",
            )
        for slot, code, name in (("Actor1", event.source_actor, event.source),
                                 ("Actor2", event.target_actor, event.target)):  # fmt: skip
            for part, value in _split_code(code, igos).items():
                record[f"{slot}{part}"] = value
            record[f"{slot}Name"] = name or ""
        cameo = event.cameo or ""
        root = cameo[:2]
        record.update(
            GLOBALEVENTID=_event_id(article, event),
            IsRootEvent=1 if event.start < _lead_end(article.text) else 0,
            EventCode=cameo, EventBaseCode=cameo[:3], EventRootCode=root,
            QuadClass=event.quad_class,
            GoldsteinScale=GOLDSTEIN_BY_ROOT.get(root, ""),
            NumMentions=1, NumSources=1, NumArticles=1,
            SOURCEURL=article.url or "",
            sitrep_article_id=article.id, sitrep_start=event.start, sitrep_end=event.end,
            sitrep_outlet=article.outlet or "",
        )  # fmt: skip
        added = article.fetched_at or article.published
        if added is not None:
            record["DATEADDED"] = added.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
        place = _place(extraction, event)
        if place is not None:
            record.update({
                "ActionGeo_Type": _GEO_TYPE.get(place.feature, ""),
                "ActionGeo_FullName": place.name,
                "ActionGeo_CountryCode": place.country or "",
                "ActionGeo_ADM1Code": f"{place.country}{place.admin1}" if place.admin1 else "",
                "ActionGeo_Lat": "" if place.lat is None else place.lat,
                "ActionGeo_Long": "" if place.lon is None else place.lon,
                "ActionGeo_FeatureID": "" if place.geonameid is None else place.geonameid,
            })  # fmt: skip
        out.append(record)
    return out


def write_gdelt(records: list[dict[str, Any]], out: IO[str]) -> None:
    """Tab-separated with a header row; tabs and newlines inside values become spaces."""
    columns = [*GDELT_COLUMNS, *GDELT_PROVENANCE]
    out.write("\t".join(columns) + "\n")
    for record in records:
        cells = [" ".join(_cell(record.get(c)).split()) for c in columns]
        out.write("\t".join(cells) + "\n")


def _actor_parts(code: str | None) -> tuple[str | None, str | None]:
    parts = _split_code(code, frozenset())
    country = parts.get("CountryCode") or parts.get("KnownGroupCode")
    return country, parts.get("Type1Code")


def plover_records(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """PLOVER-style event objects (:data:`PLOVER_FIELDS`)."""
    out = []
    for article, extraction, event in _events(rows):
        actor_country, actor_type = _actor_parts(event.source_actor)
        recipient_country, recipient_type = _actor_parts(event.target_actor)
        place = _place(extraction, event)
        day = _day(article, event)
        record = _provenance(article, event.start, event.end, extraction)
        record.update(
            id=f"{article.id}-{event.start}-{event.end}-{event.type}",
            date=day.isoformat() if day else None,
            event_type=event.type, mode=event.mode, context=[],
            actor=event.source, actor_code=event.source_actor,
            actor_country=actor_country, actor_type=actor_type,
            recipient=event.target, recipient_code=event.target_actor,
            recipient_country=recipient_country, recipient_type=recipient_type,
            location=None if place is None else {
                "name": place.name, "country": place.country, "geonameid": place.geonameid,
                "lat": place.lat, "lon": place.lon},
            quad_class=event.quad_class, cameo=event.cameo, certainty=event.certainty,
            negated=event.negated, source=article.outlet, attributed_to=event.attributed_to,
            text=event.text,
        )  # fmt: skip
        out.append({f: record.get(f) for f in PLOVER_FIELDS})
    return out


# --------------------------------------------------------------------------- entry points


def _write(records: list[dict[str, Any]], columns: list[str], fmt: str, out: IO[Any]) -> None:
    if fmt == "csv":
        write_csv(records, columns, out)
    elif fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt == "parquet":
        write_parquet(records, columns, out)


def _check(fmt: str, allowed: tuple[str, ...], what: str) -> None:
    if fmt not in allowed:
        raise ExportError(
            f"unknown {what} export format {fmt!r} (choose from {', '.join(allowed)})"
        )


def export_events(rows: Iterable[Row], fmt: str, out: IO[Any]) -> int:
    """Write the events of ``rows`` to ``out`` (text; binary for parquet); returns the count."""
    _check(fmt, EVENT_FORMATS, "events")
    builders: dict[str, Callable[[Iterable[Row]], list[dict[str, Any]]]] = {
        "gdelt": gdelt_records,
        "plover": plover_records,
    }
    records = builders.get(fmt, event_records)(rows)
    if fmt == "gdelt":
        write_gdelt(records, out)
    elif fmt == "plover":
        write_jsonl(records, out)
    else:
        _write(records, EVENT_COLUMNS, fmt, out)
    return len(records)


def export_reactions(rows: Iterable[Row], fmt: str, out: IO[Any]) -> int:
    """Write the reactions of ``rows`` to ``out`` (text; binary for parquet); returns the count."""
    _check(fmt, REACTION_FORMATS, "reactions")
    records = reaction_records(rows)
    _write(records, REACTION_COLUMNS, fmt, out)
    return len(records)


__all__ = [
    "EVENT_COLUMNS",
    "EVENT_FORMATS",
    "GDELT_COLUMNS",
    "GDELT_PROVENANCE",
    "GOLDSTEIN_BY_ROOT",
    "PLOVER_FIELDS",
    "REACTION_COLUMNS",
    "REACTION_FORMATS",
    "ExportError",
    "export_events",
    "export_reactions",
]
