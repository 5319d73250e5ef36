"""From figures to claims: the counted group, the party behind a number, the series place."""

from __future__ import annotations

import pytest

from sitrep.situation.claims import counted_group, party_of, series_place
from tests.situation.helpers import figure


@pytest.mark.parametrize(
    ("who", "group"),
    [
        ("security personnel", "security"),
        ("policiers", "security"),
        ("agenti", "security"),
        ("agentes", "security"),
        ('"armed criminals', "attackers"),
        ("troops", "troops"),
        ("militari", "troops"),
        ("soldados", "troops"),
        ("manifestants", "protesters"),
        ("civilians", "civilians"),
        ("children", "children"),
        ("people", "people"),
        ("personas", "people"),
        (None, "people"),
        ("chairman", "chairman"),
    ],
)
def test_counted_group(who: str | None, group: str) -> None:
    assert counted_group(figure(who=who), "18 were counted.") == group


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("18 members of the security forces were killed", "security"),
        ("18 membri delle forze di sicurezza", "security"),
        ("18 members of the choir sang. Police arrived", "people"),
    ],
)
def test_a_generic_noun_is_read_with_the_words_after_it(text: str, group: str) -> None:
    assert counted_group(figure(who=text.split()[1]), text) == group


@pytest.mark.parametrize(
    ("source", "actor", "party"),
    [
        ("The Interior Ministry", "KAZGOV", "gov:KAZ"),
        ("the Prosecutor General's office", "KAZJUD", "gov:KAZ"),
        ("the CSTO", "IGOCST", "igo:CST"),
        ("State television", None, "source:state television"),
        # generic sources are one party across languages (data/situation/sources.yaml)
        ("La televisión estatal", None, "source:state television"),
        ("state TV channel Khabar", None, "source:state television"),
        ("des témoins", None, "source:witnesses"),
        ("i residenti", None, "source:residents"),
        ("social democrats", None, "source:social democrats"),
        ("witnesses in Almaty", None, "source:witnesses"),
        # named bodies and people keep their names
        ("UN officials", None, "source:un officials"),
        ("Des Browne", None, "source:des browne"),
        ("Doctors Without Borders", None, "source:doctors without borders"),
        ("Witness for Peace", None, "source:witness for peace"),
        ("Reuters", None, "source:reuters"),
        ("lepointdumonde.fr", None, "outlet:lepointdumonde.fr"),
        ("it", None, "outlet:lepointdumonde.fr"),
        ("7,939 people", None, "outlet:lepointdumonde.fr"),
        (None, None, "outlet:lepointdumonde.fr"),
    ],
)
def test_party_of(source: str | None, actor: str | None, party: str) -> None:
    found = party_of(figure(source=source, source_actor=actor), "lepointdumonde.fr")
    assert found == party


@pytest.mark.parametrize(
    ("kind", "place", "expected"),
    [("killed", "Almaty", "Almaty"), ("killed", "Kazakhstan", None), ("deployed", "Russia", None),
     ("killed", None, None)],
)  # fmt: skip
def test_series_place(kind: str, place: str | None, expected: str | None) -> None:
    assert series_place(figure(kind=kind, place=place), frozenset({"Kazakhstan"})) == expected
