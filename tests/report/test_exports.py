"""Exports: every format parses back to the records it was written from."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep.model import Article, Event, Extraction, Place, Reaction
from sitrep.report.exports import (
    EVENT_COLUMNS,
    GDELT_COLUMNS,
    GDELT_PROVENANCE,
    PLOVER_FIELDS,
    REACTION_COLUMNS,
    ExportError,
    export_events,
    export_reactions,
)

TEXT = "Troops were deployed in Rivertown on Monday.\nCanada called for restraint."


def _rows() -> list[tuple[Article, Extraction]]:
    article = Article(
        id="a1",
        text=TEXT,
        url="https://example.org/a1",
        outlet="example.org",
        published=dt.datetime(2030, 3, 2, 10, 0, tzinfo=dt.UTC),
    )
    later = Article(id="b2", text=TEXT, outlet="other.example", published=None)
    event = Event(
        type="MOBILIZE", mode="troops", cameo="154", quad_class=4, source_actor="XYZMIL",
        target_actor=None, place="Rivertown", date=dt.date(2030, 3, 1), attributed_to=None,
        certainty="reported", negated=False, text=TEXT[:44], start=0, end=44,
        trigger="deployed", source="Troops", geonameid=42, figures=(3, 7),
    )  # fmt: skip
    place = Place(
        text="Rivertown", start=24, end=33, geonameid=42, name="Rivertown", country="XYZ",
        admin1="01", lat=1.5, lon=-2.25, feature="city",
    )  # fmt: skip
    reaction = Reaction(
        actor="Canada", actor_code="CANGOV", country="CAN", stance="calls_for_restraint",
        target="XYZ", date=dt.date(2030, 3, 2), quote=None, text=TEXT[45:], start=45,
        end=len(TEXT),
    )  # fmt: skip
    first = Extraction("a1", "p1", "en", True, places=(place,), events=(event,),
                       reactions=(reaction,))  # fmt: skip
    second = Extraction("b2", "p1", "en", True, events=(event,), reactions=(reaction,))
    return [(later, second), (article, first)]  # out of order on purpose


def _text(export: object, kind: str, fmt: str) -> str:
    out = io.StringIO()
    if kind == "events":
        export_events(_rows(), fmt, out)
    else:
        export_reactions(_rows(), fmt, out)
    return out.getvalue()


def test_events_csv_round_trips() -> None:
    rows = list(csv.DictReader(io.StringIO(_text(export_events, "events", "csv"))))
    assert list(rows[0]) == EVENT_COLUMNS
    assert [r["article_id"] for r in rows] == ["b2", "a1"]  # undated first, then by date
    assert rows[1]["figures"] == "3;7"
    assert TEXT[int(rows[1]["start"]) : int(rows[1]["end"])] == rows[1]["text"]


def test_reactions_csv_and_jsonl_round_trip() -> None:
    rows = list(csv.DictReader(io.StringIO(_text(export_reactions, "reactions", "csv"))))
    assert list(rows[0]) == REACTION_COLUMNS
    assert rows[1]["stance"] == "calls_for_restraint"
    lines = _text(export_reactions, "reactions", "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[1]["url"] == "https://example.org/a1"
    assert records[1]["date"] == "2030-03-02"


def test_events_jsonl_keeps_lists() -> None:
    records = [json.loads(x) for x in _text(export_events, "events", "jsonl").splitlines()]
    assert records[0]["figures"] == [3, 7]
    assert list(records[0]) == EVENT_COLUMNS


def test_gdelt_is_tab_separated_with_gdelt_columns() -> None:
    lines = _text(export_events, "events", "gdelt").splitlines()
    header = lines[0].split("\t")
    assert header == [*GDELT_COLUMNS, *GDELT_PROVENANCE]
    assert len(GDELT_COLUMNS) == 61  # the GDELT 2.0 event table
    row = dict(zip(header, lines[2].split("\t"), strict=True))
    assert row["SQLDATE"] == "20300301"
    assert row["Actor1Code"] == "XYZMIL"
    assert row["Actor1CountryCode"] == "XYZ"
    assert row["Actor1Type1Code"] == "MIL"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("154", "154", "15")
    assert row["GoldsteinScale"] == "-7.2"
    assert row["ActionGeo_Lat"] == "1.5"
    assert row["ActionGeo_FeatureID"] == "42"
    assert row["IsRootEvent"] == "1"
    assert row["SOURCEURL"] == "https://example.org/a1"
    assert row["DATEADDED"] == "20300302100000"
    assert row["sitrep_article_id"] == "a1"


def test_plover_fields() -> None:
    records = [json.loads(x) for x in _text(export_events, "events", "plover").splitlines()]
    assert list(records[1]) == PLOVER_FIELDS
    assert records[1]["event_type"] == "MOBILIZE"
    assert records[1]["actor_country"] == "XYZ"
    assert records[1]["location"]["geonameid"] == 42


def test_output_is_deterministic() -> None:
    assert _text(export_events, "events", "gdelt") == _text(export_events, "events", "gdelt")


@pytest.mark.parametrize(("kind", "fmt"), [("events", "xml"), ("reactions", "gdelt")])
def test_unknown_format_is_an_error(kind: str, fmt: str) -> None:
    export = export_events if kind == "events" else export_reactions
    with pytest.raises(ExportError, match=fmt):
        export(_rows(), fmt, io.StringIO())


@pytest.mark.parametrize("kind", ["events", "reactions"])
def test_parquet_round_trips(kind: str) -> None:
    import pyarrow.parquet as pq

    out = io.BytesIO()
    export = export_events if kind == "events" else export_reactions
    assert export(_rows(), "parquet", out) == 2
    table = pq.read_table(io.BytesIO(out.getvalue()))
    columns = EVENT_COLUMNS if kind == "events" else REACTION_COLUMNS
    assert table.column_names == columns
    assert table.column("article_id").to_pylist() == ["b2", "a1"]
