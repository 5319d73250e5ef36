"""Acceptance: actor codes of the leaders and ministries named in the bundled samples.

Expectations come from reading ``samples/`` (January 2022, Kazakhstan). Every mention of
each person (by any spelling, or resolved to them) must carry the expected code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.extract.pipeline import extract_many
from sitrep.ingest import ingest
from sitrep.model import Actor
from sitrep.settings import load_settings
from sitrep.store import MemoryStore

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# canonical name -> (spellings found in the samples, expected code, must be present)
PEOPLE = {
    "Kassym-Jomart Tokayev": (("Tokayev", "Tokaïev", "Tokáyev"), "KAZGOV", True),
    "Nursultan Nazarbayev": (("Nazarbayev", "Nazarbaïev", "Nazarbáyev"), "KAZGOV", True),
    "Recep Tayyip Erdoğan": (("Erdoğan", "Erdogan"), "TURGOV", True),
    "Antony Blinken": (("Blinken",), "USAGOV", True),
    "Vladimir Putin": (("Putin", "Poutine"), "RUSGOV", True),
    "Sergei Lavrov": (("Lavrov",), "RUSGOV", True),
    "Dmitry Peskov": (("Peskov",), "RUSGOV", True),
    "Xi Jinping": (("Xi Jinping",), "CHNGOV", True),
    "Nikol Pashinyan": (("Pashinyan",), "ARMGOV", True),
    "António Guterres": (("Guterres",), "IGOUNO", True),
    "Josep Borrell": (("Borrell",), "IGOEUR", True),
    "Charles Michel": (("Charles Michel",), "IGOEUR", True),
    "Alexander Lukashenko": (("Lukashenko", "Loukachenko", "Lukashenka"), "BLRGOV", False),
    "Andrei Serdyukov": (("Serdyukov",), "RUSMIL", True),
    "Karim Massimov": (("Massimov",), "KAZCOP", True),
    "Askar Mamin": (("Mamin", "Mamine"), "KAZGOV", True),
    "Alikhan Smailov": (("Smailov",), "KAZGOV", True),
    "Mukhtar Tileuberdi": (("Tileuberdi",), "KAZGOV", True),
}

# mention text -> accepted codes
BODIES = {
    "Kazakhstan's Interior Ministry": {"KAZGOV", "KAZCOP"},
    "Russia's Defence Ministry": {"RUSMIL"},
    "Russian Foreign Ministry": {"RUSGOV"},
    "Russia's Foreign Ministry": {"RUSGOV"},
    "Kremlin": {"RUSGOV"},
    "State Department": {"USAGOV"},
    "CSTO": {"IGOCST"},
}


@pytest.fixture(scope="module")
def actors() -> list[Actor]:
    store = MemoryStore()
    ingest([str(SAMPLES)], store=store, settings=load_settings())
    return [a for e in extract_many(store.articles()) for a in e.actors]


def _mentions(actors: list[Actor], name: str, spellings: tuple[str, ...]) -> Iterator[Actor]:
    for actor in actors:
        if actor.name == name or any(s in actor.text for s in spellings):
            yield actor


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_person_codes(actors: list[Actor], name: str) -> None:
    spellings, code, required = PEOPLE[name]
    found = list(_mentions(actors, name, spellings))
    if required:
        assert found, f"{name} not found"
    wrong = [(a.text, a.code) for a in found if a.code != code]
    assert wrong == []


@pytest.mark.slow
@pytest.mark.parametrize("text", sorted(BODIES))
def test_body_codes(actors: list[Actor], text: str) -> None:
    found = [a for a in actors if a.text == text]
    assert found, f"{text} not found"
    assert {a.code for a in found} <= BODIES[text]


@pytest.mark.slow
def test_no_malformed_igo_codes(actors: list[Actor]) -> None:
    """An IGO official is IGO + org (IGOEUR); only bodies append a role (IGOCSTMIL)."""
    assert not [a.code for a in actors if a.code.startswith("IGO") and a.code.endswith("GOV")]


@pytest.mark.slow
def test_titled_people_have_a_country(actors: list[Actor]) -> None:
    named = [a for a in actors if a.title and a.name != a.title]
    assert [(a.text, a.code) for a in named if a.country is None] == []
