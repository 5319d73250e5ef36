"""Toponym detection on spaCy Docs and the ``sitrep.places.v1`` component."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.extract.places import PIPE_NAME, build_places_nlp, find_mentions, find_places


def _doc(words: list[str], ents: list[tuple[int, int, str]], lang: str = "en") -> Doc:
    nlp = spacy.blank(lang)
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_find_places_on_hand_built_doc() -> None:
    doc = _doc(["Floods", "hit", "Almaty", "and", "Paris", "."], [(2, 3, "GPE"), (4, 5, "GPE")])
    places = find_places(doc)
    assert [(p.text, p.start, p.end, p.country) for p in places] == [
        ("Almaty", 11, 17, "KAZ"),
        ("Paris", 22, 27, "FRA"),
    ]


def test_norp_is_context_not_place() -> None:
    doc = _doc(["Kazakh", "troops", "left", "Almaty"], [(0, 1, "NORP"), (3, 4, "GPE")])
    assert [p.text for p in find_places(doc)] == ["Almaty"]


def test_country_mislabelled_as_org_is_kept() -> None:
    doc = _doc(["Talks", "in", "Kazakhstan", "ended"], [(2, 3, "ORG")])
    assert [p.country for p in find_places(doc)] == ["KAZ"]


def test_embedded_place_in_org_name() -> None:
    doc = _doc(["the", "Chicago", "Fire", "Department"], [(1, 4, "ORG")])
    assert [p.text for p in find_places(doc)] == ["Chicago"]


def test_first_name_of_a_person_is_not_a_place() -> None:
    doc = _doc(["Vladimir", "Zorblatt", "spoke"], [(0, 2, "PERSON")])
    assert find_mentions(doc) == []


def test_org_named_as_a_facility_is_a_place() -> None:
    doc = _doc(["taken", "to", "Quarnby", "Memorial", "Hospital"], [(2, 5, "ORG")])
    assert [m.text for m in find_mentions(doc)] == ["Quarnby Memorial Hospital"]


def test_unknown_single_word_entity_is_dropped() -> None:
    doc = _doc(["according", "to", "Zorblatt", ",", "in", "Paris"], [(2, 3, "GPE"), (5, 6, "GPE")])
    assert [m.text for m in find_mentions(doc)] == ["Paris"]


def test_place_opening_an_institution_name() -> None:
    doc = _doc(["the", "Chicago", "Police", "Zorb"], [(0, 4, "ORG")])
    assert [m.text for m in find_mentions(doc)] == ["Chicago"]


def test_leading_article_trimmed() -> None:
    doc = _doc(["in", "the", "United", "States"], [(1, 4, "GPE")])
    (mention,) = find_mentions(doc)
    assert (mention.text, mention.start) == ("United States", 7)


@pytest.mark.parametrize("lang", ["it", "es"])
def test_blank_pipeline_uses_gazetteer(lang: str) -> None:
    nlp = build_places_nlp(lang)
    doc = nlp("Le truppe hanno lasciato Almaty e Mosca ieri.")
    assert [(p.text, p.country) for p in doc._.places] == [("Almaty", "KAZ"), ("Mosca", "RUS")]


@pytest.fixture(scope="module")
def en_nlp() -> Language:
    return build_places_nlp("en")


@pytest.mark.slow
def test_english_pipeline(en_nlp: Language) -> None:
    assert en_nlp.pipe_names[-1] == PIPE_NAME
    assert en_nlp.pipe_names.index("sitrep_geo_ruler") < en_nlp.pipe_names.index("ner")
    doc = en_nlp("Kazakh troops left Almaty on Monday, officials in Kazakhstan said.")
    assert [(p.text, p.country) for p in doc._.places] == [("Almaty", "KAZ"), ("Kazakhstan", "KAZ")]
    assert [e.label_ for e in doc.ents if e.text == "Kazakh"] == ["NORP"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actor", "expected"),
    [
        ("Moscow said on Tuesday that the talks had failed.", "Moscow", True),
        ("Washington has warned against new strikes.", "Washington", True),
        ("Ankara condemned the attack.", "Ankara", True),
        ("Heavy snow fell in Moscow on Tuesday.", "Moscow", False),
    ],
)
def test_as_actor(en_nlp: Language, text: str, actor: str, expected: bool) -> None:
    places = {p.text: p for p in en_nlp(text)._.places}
    assert places[actor].as_actor is expected


@pytest.mark.slow
def test_paris_texas_in_context(en_nlp: Language) -> None:
    doc = en_nlp("The storm moved from Dallas toward Paris, Texas, on Sunday.")
    paris = next(p for p in doc._.places if p.text == "Paris")
    assert (paris.country, paris.admin1) == ("USA", "TX")


@pytest.mark.slow
def test_french_pipeline() -> None:
    doc = build_places_nlp("fr")("La Russie a condamné l'attaque à Almaty, au Kazakhstan.")
    assert {p.country for p in doc._.places} >= {"RUS", "KAZ"}
