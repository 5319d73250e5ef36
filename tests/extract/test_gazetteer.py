"""Gazetteer index: folded lookups, kinds, codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.extract.gazetteer import gazetteer, iter_cities


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Almaty", "city", "KAZ"),
        ("almaty", "city", "KAZ"),
        ("Alma-Ata", "city", "KAZ"),
        ("Texas", "admin1", "USA"),
        ("Kazakhstan", "country", "KAZ"),
        ("Europe", "continent", None),
        ("Mosca", "city", "RUS"),
        ("Nur Sultan", "city", "KAZ"),
        ("São Paulo", "city", "BRA"),
        ("Sao Paulo", "city", "BRA"),
        ("Calif.", "admin1", "USA"),
    ],
)
def test_lookup(name: str, kind: str, country: str | None) -> None:
    entries = gazetteer().lookup(name)
    assert any(e.kind == kind and e.country == country for e in entries)


def test_paris_is_ambiguous() -> None:
    countries = {e.country for e in gazetteer().lookup("Paris")}
    assert {"FRA", "USA"} <= countries


def test_postal_codes_are_case_sensitive() -> None:
    gaz = gazetteer()
    assert [e.name for e in gaz.lookup("WA")] == ["Washington"]
    assert all(e.kind != "admin1" for e in gaz.lookup("In"))


def test_get_and_primary() -> None:
    gaz = gazetteer()
    entry = gaz.get(1526384)
    assert entry is not None and entry.name == "Almaty"
    assert gaz.is_primary_name("Almaty")
    assert not gaz.is_primary_name("Alma-Ata")
    assert "Almaty" in gaz
    assert gaz.lookup("Xyzzyville") == ()
    assert len(gaz) > 30_000


def test_capital_feature_code() -> None:
    entry = gazetteer().get(1850147)  # Tokyo
    assert entry is not None and entry.feature_code == "PPLC"


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [
        ("Mangystau", "admin1", "KAZ"),
        ("Rajasthan", "admin1", "IND"),
        ("Eastern Cape", "admin1", "ZAF"),
        ("Leicestershire", "admin2", "GBR"),
        ("Scotland", "admin1", "GBR"),
        ("Caspian Sea", "region", None),
        ("Horn of Africa", "region", None),
        ("Euphrates", "river", None),
        ("Nenagh", "city", "IRL"),  # a town under 15,000 people
    ],
)
def test_regions_and_towns(name: str, kind: str, country: str | None) -> None:
    entries = gazetteer().lookup(name)
    assert any(e.kind == kind and e.country == country for e in entries)


def test_ids_of_generated_entries_are_hidden() -> None:
    (entry,) = [e for e in gazetteer().lookup("Benue") if e.kind == "admin1"]
    assert entry.geonameid < 0 and entry.geonames_id is None
    assert gazetteer().get(1526384).geonames_id == 1526384  # type: ignore[union-attr]


def test_iter_cities_streams_records(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_text('{"1": {"name": "A", "n": [1, "}"]},\n "2": {"name": "B"} }', "utf-8")
    assert [c["name"] for c in iter_cities(path)] == ["A", "B"]
