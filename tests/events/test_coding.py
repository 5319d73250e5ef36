"""Event coding: hand-built parses (fast) and the real English pipeline (slow)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.events.coding import find_events
from sitrep.events.verbs import codebook, lexicon, plover_of, plover_types
from sitrep.model import Actor, Event

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


@dataclass(frozen=True)
class FakeVerdict:
    certainty: str = "reported"
    negated: bool = False
    source: str | None = "wire"


def fake_judge(doc: Doc, start: int, end: int, **_: Any) -> FakeVerdict:
    return FakeVerdict()


def _doc(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]
) -> Doc:
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def _actor(doc: Doc, i: int, j: int, code: str, role: str) -> Actor:
    span = doc[i:j]
    return Actor(span.text, span.start_char, span.end_char, span.text, code[:3], role, code=code)


def test_passive_agent_is_source() -> None:
    doc = _doc(
        ["Students", "were", "detained", "by", "troops", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
        ["NOUN", "AUX", "VERB", "ADP", "NOUN", "PUNCT"],
        ["student", "be", "detain", "by", "troop", "."],
    )
    doc._.actors = [_actor(doc, 0, 1, "XYZCVL", "CVL"), _actor(doc, 4, 5, "XYZMIL", "MIL")]
    (event,) = find_events(doc, judge=fake_judge)
    assert (event.cameo, event.type, event.source_actor, event.target_actor) == (
        "173",
        "COERCE",
        "XYZMIL",
        "XYZCVL",
    )
    assert event.attributed_to == "wire"


def test_conjoined_verbs_share_subject() -> None:
    doc = _doc(
        ["Guards", "beat", "and", "arrested", "workers", "."],
        [1, 1, 1, 1, 3, 1],
        ["nsubj", "ROOT", "cc", "conj", "dobj", "punct"],
        ["NOUN", "VERB", "CCONJ", "VERB", "NOUN", "PUNCT"],
        ["guard", "beat", "and", "arrest", "worker", "."],
    )
    doc._.actors = [_actor(doc, 0, 1, "XYZCOP", "COP"), _actor(doc, 4, 5, "XYZCVL", "CVL")]
    events = find_events(doc, judge=fake_judge)
    assert [(e.cameo, e.source_actor, e.target_actor) for e in events] == [
        ("182", "XYZCOP", "XYZCVL"),
        ("173", "XYZCOP", "XYZCVL"),
    ]


def test_gerund_modifier_is_source_without_actor_mention() -> None:
    # "Two men were killed in police firing": "police" modifies the gerund, no actor span
    doc = _doc(
        ["Two", "men", "were", "killed", "in", "police", "firing", "."],
        [1, 3, 3, 3, 3, 6, 4, 3],
        ["nummod", "nsubjpass", "auxpass", "ROOT", "prep", "compound", "pobj", "punct"],
        ["NUM", "NOUN", "AUX", "VERB", "ADP", "NOUN", "VERB", "PUNCT"],
        ["two", "man", "be", "kill", "in", "police", "fire", "."],
    )
    doc[6].tag_ = "VBG"
    doc[3].tag_ = "VBN"
    doc._.actors = []
    events = find_events(doc, judge=fake_judge)
    assert [(e.trigger, e.source_actor, e.source) for e in events] == [
        ("killed", "COP", "police"),
        ("firing", "COP", "police"),
    ]


def test_relative_pronoun_subject_is_the_modified_noun() -> None:
    doc = _doc(
        ["Guards", ",", "who", "fired", "shots", ",", "left", "."],
        [6, 0, 3, 0, 3, 0, 6, 6],
        ["nsubj", "punct", "nsubj", "relcl", "dobj", "punct", "ROOT", "punct"],
        ["NOUN", "PUNCT", "PRON", "VERB", "NOUN", "PUNCT", "VERB", "PUNCT"],
        ["guard", ",", "who", "fire", "shot", ",", "leave", "."],
    )
    doc[2].tag_ = "WP"
    doc._.actors = [_actor(doc, 0, 1, "XYZCOP", "COP")]
    (event,) = find_events(doc, judge=fake_judge)
    assert (event.cameo, event.source_actor) == ("193", "XYZCOP")


def test_codebook_and_lexicons_agree() -> None:
    book = codebook()
    types = plover_types()
    assert len(types) == 16
    for lang in ("en", "fr", "it", "es"):
        lex = lexicon(lang)
        for table in (lex.verbs, lex.nouns, dict(lex.stems)):
            for senses in table.values():
                for sense in senses:
                    for code in (sense.cameo, *dict(sense.roles).values()):
                        assert code in book
                        assert plover_of(code)[0] in types


# --------------------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def code() -> Any:
    from sitrep.analyze import build_full_nlp

    nlp = build_full_nlp("en")

    def run(text: str) -> list[Event]:
        doc = nlp.make_doc(text)
        doc._.published = "2022-01-07T00:00:00+00:00"
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return list(doc._.events or [])

    return run


CASES = [
    ("Riot police arrested dozens of students in the capital.", "173", "COERCE", "COP"),
    ("The demonstrators were arrested by police on Monday.", "173", "COERCE", "COP"),
    ("Soldiers opened fire on a car at a checkpoint.", "193", "ASSAULT", "MIL"),
    ("Security forces fired on vehicles near the airport.", "193", "ASSAULT", None),
    ("Protesters stormed the regional administration building.", "145", "PROTEST", "PRO"),
    ("The French president held a phone call with the German chancellor.", "041", "CONSULT", "GOV"),
    ("Japan expressed solidarity with the people of Chile.", "051", "SUPPORT", "GOV"),
    ("Canada reiterated its full support for the government of Peru.", "051", "SUPPORT", "GOV"),
    ("Protesters claimed control over several government buildings.", "145", "PROTEST", "PRO"),
    # police force and firing in the ways news reports phrase it
    ("Two men died in police firing near the market.", "193", "ASSAULT", "COP"),
    ("Three protesters were killed in firing by the police.", "193", "ASSAULT", "COP"),
    ("Three protesters were killed in firing by the police.", "190", "ASSAULT", "COP"),
    ("The police, who fired a dozen rounds, dispersed the crowd.", "193", "ASSAULT", "COP"),
    ("The police had to resort to firing to control the mob.", "193", "ASSAULT", "COP"),
    ("Police lathi-charged the crowd outside the station.", "175", "COERCE", "COP"),
    ("The police were forced to lathicharge the crowd.", "175", "COERCE", "COP"),
    ("Police lobbed tear gas shells at the crowd.", "175", "COERCE", "COP"),
    ("Riot police used a baton charge and water cannon on the students.", "175", "COERCE", "COP"),
    ("Police fired rubber bullets at the demonstrators.", "175", "COERCE", "COP"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "cameo", "kind", "role"), CASES)
def test_event_codes(code: Any, text: str, cameo: str, kind: str, role: str | None) -> None:
    events = code(text)
    hit = next((e for e in events if e.cameo == cameo), None)
    assert hit is not None, [e.cameo for e in events]
    assert hit.type == kind
    assert hit.quad_class in {1, 2, 3, 4}
    if role is not None:
        assert (hit.source_actor or "").endswith(role)


@pytest.mark.slow
def test_deployment_planned_vs_happened(code: Any) -> None:
    (planned,) = [
        e for e in code("Brazil will send troops to Bolivia.") if e.cameo in {"154", "074"}
    ]
    assert planned.certainty == "planned"
    landed = [
        e
        for e in code("The first Brazilian troops landed in La Paz on Friday.")
        if e.cameo in {"154", "074"}
    ]
    assert landed and landed[0].certainty != "planned"
    assert (landed[0].type, landed[0].mode) == ("MOBILIZE", "troops")
    assert (landed[0].source_actor or "").startswith("BRA")


@pytest.mark.slow
def test_peacekeeping_deployment_is_mobilize_with_aid_code(code: Any) -> None:
    events = code("Brazil sent paratroopers to Bolivia as part of a peacekeeping mission.")
    (event,) = [e for e in events if e.cameo in {"154", "074"}]
    assert (event.type, event.mode, event.cameo) == ("MOBILIZE", "troops", "074")
    assert (event.source_actor or "").startswith("BRA")
    assert event.target_actor == "BOL"


def _deployments(events: list[Event]) -> list[Event]:
    return [e for e in events if e.type == "MOBILIZE" and e.mode == "troops"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "source", "planned"),
    [
        # "the bloc" is the organisation named before it
        (
            "Armenia's prime minister, who chairs the Collective Security Treaty Organization, "
            "announced that the bloc would send forces to Kazakhstan.",
            "IGOCST",
            True,
        ),
        # a participle without a subject: the subject of its governing clause
        ("Russia acted on Thursday, sending troops into Kazakhstan.", "RUS", False),
        # "X said it would ...": X
        ("Belarus said it would send paratroopers to Kazakhstan.", "BLR", True),
        # the troops' own nationality
        ("The first Russian paratroopers arrived in Kazakhstan on Thursday.", "RUS", False),
        (
            "The troops sent to Kazakhstan by the Collective Security Treaty Organization left.",
            "IGOCST",
            False,
        ),
        # "thanked X for sending troops": X sent them
        ("Tokayev thanked President Vladimir Putin of Russia for sending troops.", "RUS", False),
    ],
)
def test_deployment_source_and_state(code: Any, text: str, source: str, planned: bool) -> None:
    (event,) = _deployments(code(text))
    assert (event.source_actor or "").startswith(source), event
    assert (event.certainty == "planned") is planned, event


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "A government commission was dispatched to the region.",
        "The foreign minister arrived in Minsk on Friday.",
    ],
)
def test_non_military_movement_is_no_deployment(code: Any, text: str) -> None:
    assert _deployments(code(text)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "source", "planned"),
    [
        (
            "Nelle stesse ore sono atterrati i primi reparti di paracadutisti russi.",
            "RUSMIL",
            False,
        ),
        (
            "Forza inviata dall'Organizzazione del Trattato di sicurezza collettiva.",
            "IGOCST",
            False,
        ),
        ("La Bielorussia ha annunciato l'invio di un'unità delle sue forze.", "BLR", True),
    ],
)
def test_italian_deployment_source(text: str, source: str, planned: bool) -> None:
    from sitrep.analyze import build_full_nlp

    events = _deployments(list(build_full_nlp("it")(text)._.events or []))
    assert [(e.source_actor, e.certainty == "planned") for e in events] == [(source, planned)]


@pytest.mark.slow
def test_negation(code: Any) -> None:
    (event,) = [e for e in code("The police did not arrest the organisers.") if e.cameo == "173"]
    assert event.negated


@pytest.mark.slow
def test_nominal_events(code: Any) -> None:
    events = code("The arrest of forty students by police angered their parents.")
    assert any(e.cameo == "173" and (e.source_actor or "").endswith("COP") for e in events)
    clashes = code("Clashes between police and protesters erupted in the old town.")
    assert any(e.cameo == "190" and e.target for e in clashes)


@pytest.mark.slow
def test_opinion_only_makes_no_event(code: Any) -> None:
    assert code("The minister said he believes the economy will recover.") == []


@pytest.mark.slow
def test_obligation_targets_the_subject(code: Any) -> None:
    events = code("All foreign states must respect the sovereignty of Peru.")
    assert any(e.type == "REQUEST" and e.target for e in events)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "sources", "planned"),
    [
        # taking part with the mission named in the sentence before: each country deploys
        (
            "Brazil said it would send a peacekeeping force to Bolivia. "
            "Chile and Peru also said they would take part.",
            ["BRA", "CHL", "PER"],
            True,
        ),
        ("Uruguay will participate in the peacekeeping mission in Haiti.", ["URY"], True),
        ("Argentina joined the peacekeeping mission in Haiti last year.", ["ARG"], False),
        ("Colombian soldiers flew in on Monday.", ["COL"], False),
    ],
)
def test_taking_part_and_flying_in(code: Any, text: str, sources: list[str], planned: bool) -> None:
    events = _deployments(code(text))
    assert [(e.source_actor or "")[:3] for e in events] == sources, events
    assert all((e.certainty == "planned") is planned for e in events), events


@pytest.mark.slow
def test_passive_flown_in_pronoun_stands_for_troops(code: Any) -> None:
    (event,) = _deployments(code("The troops left a month after they were flown in."))
    assert (event.trigger, event.certainty) == ("flown", "reported")
    assert _deployments(code("The ministers left a month after they were flown in.")) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Russia and China will take part in talks on the crisis with the peacekeeping force.",
        "Kazakhstan took part in the elections, which the mission observed.",
        "Thousands of people took part in protests against the peacekeeping mission.",
        "The mission was criticised. Russia said it would take part in the elections.",
        "Peru will participate in the summit on the peacekeeping force.",
        "Chile joined the protests.",
        # no mission or force named in the sentence or the one before
        "Ministers met in Lima. Chile and Peru said they would take part.",
    ],
)
def test_taking_part_in_talks_is_no_deployment(code: Any, text: str) -> None:
    assert _deployments(code(text)) == [], text


@pytest.mark.slow
def test_italian_countries_taking_part() -> None:
    from sitrep.analyze import build_full_nlp

    text = "La forza di pace è pronta. Armenia, Tagikistan e Kirghizistan parteciperanno."
    events = _deployments(list(build_full_nlp("it")(text)._.events or []))
    assert [(e.source_actor or "")[:3] for e in events] == ["ARM", "TJK", "KGZ"]
    assert all(e.certainty == "planned" for e in events)
    assert (
        _deployments(list(build_full_nlp("it")("L'Armenia parteciperà al vertice.")._.events or []))
        == []
    )


@pytest.mark.slow
def test_a_sending_country_is_never_the_receiver() -> None:
    from sitrep.analyze import build_full_nlp

    nlp = build_full_nlp("en")
    doc = nlp.make_doc(
        "Chile and Peru also said they would take part in the peacekeeping mission in Bolivia."
    )
    doc._.published = "2022-01-06T00:00:00+00:00"
    doc._.story_country = "BOL"
    events = [e for e in nlp(doc)._.events if e.type == "MOBILIZE"]
    assert {(e.source_actor or "")[:3] for e in events} == {"CHL", "PER"}
    assert {e.target_actor for e in events} == {"BOL"}
