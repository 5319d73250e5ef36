"""Disambiguation of toponyms against the article's other places."""

from __future__ import annotations

import pytest

from sitrep.extract.geocode import Mention, candidates, haversine_km, resolve


def _resolve(*texts: str, countries: tuple[str, ...] = ()) -> list[tuple[str | None, ...]]:
    mentions, offset = [], 0
    for text in texts:
        mentions.append(Mention(text, offset, offset + len(text)))
        offset += len(text) + 1
    return [(p.country, p.admin1, p.feature) for p in resolve(mentions, countries=countries)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Paris",), [("FRA", "11", "city")]),
        (("Paris", "Dallas"), [("USA", "TX", "city"), ("USA", "TX", "city")]),
        (("Paris, Texas",), [("USA", "TX", "city")]),
        (("Springfield", "Illinois"), [("USA", "IL", "city"), ("USA", "IL", "admin1")]),
        (("Springfield", "Missouri"), [("USA", "MO", "city"), ("USA", "MO", "admin1")]),
        (("Almaty",), [("KAZ", "02", "city")]),
        (("Georgia", "Tbilisi"), [("GEO", None, "country"), ("GEO", "51", "city")]),
        (("Washington",), [("USA", "DC", "city")]),
        (("Europe",), [(None, None, "continent")]),
        (("the United States",), [("USA", None, "country")]),
        (("Mexico",), [("MEX", None, "country")]),
        (("Los Angeles",), [("USA", "CA", "city")]),
        # a small town named after a state of its own country loses to the state
        (("New York City", "Florida"), [("USA", "NY", "city"), ("USA", "FL", "admin1")]),
        # "St." matches "Saint"; two mentions of one name do not vouch for each other
        (
            ("Russia", "St. Petersburg", "United States", "St. Petersburg"),
            [
                ("RUS", None, "country"),
                ("RUS", "66", "city"),
                ("USA", None, "country"),
                ("RUS", "66", "city"),
            ],
        ),
    ],
)
def test_resolve(texts: tuple[str, ...], expected: list[tuple[str | None, ...]]) -> None:
    assert _resolve(*texts) == expected


def test_seed_countries_steer_choice() -> None:
    assert _resolve("Paris", countries=("USA", "USA"))[0][0] == "FRA"  # capital still wins
    assert _resolve("Springfield", countries=("USA",))[0][0] == "USA"


def test_unresolved_gets_no_invented_point() -> None:
    """Regression: an unknown name used to take the article focus's coordinates."""
    places = resolve([Mention("Xyzzy Street", 0, 12), Mention("Almaty", 20, 26)])
    assert (places[0].feature, places[0].geonameid, places[0].country) == ("unknown", None, None)
    assert (places[0].lat, places[0].lon) == (None, None)
    assert places[1].geonameid == 1526384


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Mangystau Region", "Almaty"), [("KAZ", "09", "admin1"), ("KAZ", "02", "city")]),
        (("Benue State",), [("NGA", "26", "admin1")]),
        (("Hampshire", "England"), [("GBR", "ENG", "admin2"), ("GBR", "ENG", "admin1")]),
        (("Middle East",), [(None, None, "region")]),
        (("Atlantic",), [(None, None, "region")]),
        (("Danube",), [(None, None, "river")]),
        (("New York",), [("USA", "NY", "city")]),
        (("Florida",), [("USA", "FL", "admin1")]),
    ],
)
def test_regions_and_small_places(
    texts: tuple[str, ...], expected: list[tuple[str | None, ...]]
) -> None:
    assert _resolve(*texts) == expected


def test_generated_region_has_no_geonames_id_but_a_point() -> None:
    (place,) = resolve([Mention("Mangystau", 0, 9)])
    assert place.geonameid is None and place.feature == "admin1"
    assert place.lat is not None and 40 < place.lat < 48 and 48 < place.lon < 57


def test_sure_region_ids_are_kept() -> None:
    (place,) = resolve([Mention("Wales", 0, 5)])
    assert (place.geonameid, place.country) == (2634895, "GBR")


def test_unresolved_alone_is_unknown() -> None:
    (place,) = resolve([Mention("Xyzzy Street", 0, 12)])
    assert (place.feature, place.lat, place.name) == ("unknown", None, "Xyzzy Street")


def test_as_actor_is_kept() -> None:
    (place,) = resolve([Mention("Moscow", 0, 6, as_actor=True)])
    assert place.as_actor and place.country == "RUS"


def test_candidates_possessive_and_abbreviation() -> None:
    assert any(e.country == "KAZ" for e in candidates("Almaty's"))
    assert candidates("U.S.")[0].kind == "country"


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.19),
        ((90.0, 0), (-90.0, 0), 20015.1),
    ],
)
def test_haversine(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.5)
