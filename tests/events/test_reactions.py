"""Reactions: stance cues, cue owners and eligibility (sentences written for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.events.reactions import compile_cue, cue_lexicon, is_reactor
from sitrep.model import Actor, Stance


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("restraint", "They called for restraint.", True),
        ("support* ~ order", "supported the restoration of order", True),
        ("support* ~ order", "supported nothing", False),
        ("{media|press} freedom", "and press freedom", True),
        ("internal {affair*|matter*}", "an internal matter", True),
        ("respect ~ sovereignty", "must respect the country's sovereignty", True),
        ("mediat*", "immediate", False),
    ],
)
def test_compile_cue(pattern: str, text: str, hit: bool) -> None:
    assert bool(compile_cue(pattern).search(text)) is hit


@pytest.mark.parametrize("lang", ["en", "fr", "it", "es"])
def test_every_language_has_cues_for_the_main_stances(lang: str) -> None:
    stances = {cue.stance for cue in cue_lexicon(lang).cues}
    assert {
        Stance.SUPPORTS_GOVERNMENT,
        Stance.NON_INTERFERENCE,
        Stance.CALLS_FOR_RESTRAINT,
        Stance.CALLS_FOR_RIGHTS,
        Stance.DEMANDS_SOVEREIGNTY,
        Stance.MILITARY_SUPPORT,
    } <= stances


def _actor(country: str | None, role: str) -> Actor:
    return Actor(text="x", start=0, end=1, name="x", country=country, role=role)


@pytest.mark.parametrize(
    ("country", "role", "expected"),
    [
        ("CAN", "GOV", True),
        ("BOL", "GOV", False),  # the story country's own government
        ("UNO", "IGO", True),
        ("CAN", "MED", False),  # a foreign newspaper is not a reaction
        ("CAN", "PRO", False),
        (None, "GOV", False),
    ],
)
def test_is_reactor(country: str | None, role: str, expected: bool) -> None:
    assert is_reactor(_actor(country, role), "BOL") is expected


# --------------------------------------------------------------------------- real models

CASES = [
    (
        "en",
        "Brazil expressed solidarity with the Bolivian government and said it would send "
        "troops to help restore order.",
        {("BRA", "supports_government"), ("BRA", "military_support")},
    ),
    (
        "en",
        "Canada called for restraint and urged the authorities to respect the right to "
        "peaceful assembly.",
        {("CAN", "calls_for_restraint"), ("CAN", "calls_for_rights")},
    ),
    (
        "en",
        "Japan said the crisis was an internal affair of Bolivia.",
        {("JPN", "non_interference")},
    ),
    (
        "en",
        "The European Union said any foreign military presence must respect Bolivia's "
        "sovereignty and independence.",
        {("EUR", "demands_sovereignty")},
    ),
    ("en", "The Bolivian interior minister called for restraint.", set()),
    (
        "fr",
        "Le Canada a appelé à la retenue et au respect des droits de l'homme.",
        {("CAN", "calls_for_restraint"), ("CAN", "calls_for_rights")},
    ),
    (
        "it",
        "La Francia ha espresso solidarietà al governo e ha annunciato l'invio di truppe.",
        {("FRA", "supports_government"), ("FRA", "military_support")},
    ),
    (
        "es",
        "Alemania pidió moderación y respeto de los derechos humanos.",
        {("DEU", "calls_for_restraint"), ("DEU", "calls_for_rights")},
    ),
    ("es", "México afirmó que se trata de un asunto interno.", {("MEX", "non_interference")}),
]


def _nlp(lang: str) -> Language:
    from sitrep.analyze import build_full_nlp

    return build_full_nlp(lang)


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_reactions_with_real_models(lang: str, text: str, expected: set[tuple[str, str]]) -> None:
    nlp = _nlp(lang)
    doc = nlp.make_doc(text)
    doc._.story_country = "BOL"
    doc._.published = "2030-03-02T10:00:00+00:00"
    doc = nlp(doc)
    got = {(r.country, r.stance) for r in doc._.reactions}
    assert got == expected
    for reaction in doc._.reactions:
        assert doc.text[reaction.start : reaction.end] == reaction.text
        assert reaction.target == "BOL"
        assert reaction.date is not None


@pytest.mark.slow
def test_one_actor_several_stances_and_a_negated_cue() -> None:
    nlp = _nlp("en")
    doc = nlp.make_doc(
        "Canada condemned the violence and called for restraint. "
        "Japan did not condemn the crackdown."
    )
    doc._.story_country = "BOL"
    doc = nlp(doc)
    got = {(r.country, r.stance) for r in doc._.reactions}
    assert got == {("CAN", "condemns"), ("CAN", "calls_for_restraint")}
