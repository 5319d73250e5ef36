"""Acceptance: troop deployments in the sample corpus (samples/, January 2022 Kazakhstan).

Every deployment sentence below was found by reading the sample articles, and its
expectation (who deployed, planned or happened) was written from the text, not from program
output. Each must come out as a PLOVER MOBILIZE event (mode ``troops``) with the deploying
country or body as its source. Known misses are listed with ``xfail(strict=True)`` so that
fixing one shows up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitrep.model import Article, Event

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CSTO = "CSTO"
BALTIC = "First Russian paratroopers land in Kazakhstan as bloc answers Tokayev's call"
WIRE = "Gunfire in central Almaty as Russian-led troops arrive in Kazakhstan"
WIRE_COPY = "Shooting in Almaty's main square; Russian paratroopers land in Kazakhstan"
THANKS = 'Kazakh president says troops may fire without warning, rejects talks with "bandits"'
THANKS_COPY = "Kazakhstan's leader authorizes troops to shoot without warning"
DIFESA = "Kazakistan, la CSTO invia i paracadutisti: in arrivo russi, bielorussi e armeni"
DIFESA_SHOTS = "Kazakistan, spari nella piazza centrale di Almaty: uccisi diciotto agenti"
DIFESA_ARRESTS = "Kazakistan, migliaia di arresti. La tv di Stato: 164 morti"
PLANNED, HAPPENED = True, False

# (article title, passage of the sentence, trigger word, acceptable deployers, planned)
Expectation = tuple[str, str, str, frozenset[str], bool]


def _case(title: str, passage: str, trigger: str, *who: str, planned: bool) -> Expectation:
    return (title, passage, trigger, frozenset(who), planned)


DEPLOYMENTS: list[Expectation] = [
    _case(BALTIC, "The first Russian soldiers of a Moscow-led", "arrived", "RUS", planned=False),
    _case(BALTIC, "(VDV) had begun arriving", "arriving", "RUS", planned=False),
    _case(BALTIC, "The deployment was announced", "deployment", CSTO, planned=True),
    _case(BALTIC, "the bloc had agreed to send", "send", CSTO, planned=True),
    _case(BALTIC, "Belarus said it would contribute", "contribute", "BLR", planned=True),
    _case(BALTIC, "to send troops into a member country", "send", CSTO, planned=False),
    *(
        case
        for title in (WIRE, WIRE_COPY)
        for case in (
            _case(title, "the first Russian paratroopers arrived", "arrived", "RUS", planned=False),
            # Russia's Defence Ministry reporting its own aircraft landing
            _case(title, "airborne troops had begun landing", "landing", "RUS", planned=False),
            _case(title, "the bloc would send forces", "send", CSTO, planned=True),
        )
    ),
    *(
        case
        for title in (THANKS, THANKS_COPY)
        for case in (
            # "thanked Putin and the other leaders of the CSTO for sending troops"
            _case(title, "for sending troops", "sending", "RUS", CSTO, planned=False),
            _case(title, "which began arriving", "arriving", "RUS", CSTO, planned=False),
        )
    ),
    _case(DIFESA, "ha deciso nella notte di inviare", "inviare", CSTO, planned=True),
    _case(DIFESA, "ha cominciato a trasferire reparti", "trasferire", "RUS", planned=False),
    _case(DIFESA, "la Bielorussia ha annunciato l'invio", "invio", "BLR", planned=True),
    _case(DIFESA, "schiera truppe in uno dei suoi membri", "schiera", CSTO, planned=False),
    _case(DIFESA_SHOTS, "sono atterrati i primi reparti", "atterrati", "RUS", planned=False),
    _case(DIFESA_SHOTS, "forza inviata dall'Organizzazione", "inviata", CSTO, planned=False),
    _case(DIFESA_ARRESTS, "restano schierati", "schierati", CSTO, planned=False),
    _case(
        "From Ankara to Beijing: how the world is reacting to Kazakhstan's crisis",
        "as Russian-led troops deploy",
        "deploy",
        "RUS",
        planned=False,
    ),
    _case(
        "Opinion: Kazakhstan's guardians of stability, and the people nobody asked",
        "to fly paratroopers into one of them",
        "fly",
        "RUS",
        planned=False,
    ),
    _case(
        "Moscow defends Kazakhstan deployment, blames 'external' forces",
        "the deployment of troops to Kazakhstan under the",
        "deployment",
        CSTO,
        planned=False,
    ),
    _case(
        "Former security chief Massimov detained on treason suspicion; Nazarbayev aide denies "
        "ex-leader fled",
        "was now deployed",
        "deployed",
        CSTO,
        planned=False,
    ),
    _case(
        "Tokayev says Russian-led force will start leaving in two days, names new prime minister",
        "the troops sent to Kazakhstan by the Collective",
        "sent",
        CSTO,
        planned=False,
    ),
    _case(
        "Kazakhstan : Tokaïev ordonne de « tirer sans sommation »",
        "l'envoi rapide de troupes",
        "envoi",
        CSTO,
        "RUS",
        planned=False,
    ),
]
KNOWN_MISSES: list[Any] = []
# Deployments coded through general mechanisms added after the first pass: a passive "flown
# in" whose pronoun subject stands for troops, and countries taking part in the mission.
DEPLOYMENTS += [
    _case(
        "Russian-led troops begin leaving Kazakhstan",
        "they were flown in",
        "flown",
        CSTO,
        planned=False,
    ),
    _case(BALTIC, "Tajikistan and Kyrgyzstan also said", "part", "TJK", planned=True),
    _case(DIFESA, "Kirghizistan parteciperanno", "parteciperanno", "ARM", planned=True),
]
NOT_DEPLOYMENTS = [
    ("Gas price protests grow in Kazakhstan's Mangystau region", "commission was dispatched"),
]


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[Article, list[Event]]]:
    from sitrep.analyze import analyze_many
    from sitrep.ingest import ingest
    from sitrep.settings import load_settings
    from sitrep.store.memory import MemoryStore

    store = MemoryStore()
    ingest([str(SAMPLES)], store=store, settings=load_settings())
    articles = list(store.articles())
    extractions = analyze_many(articles)
    return {
        article.title or article.id: (article, list(extraction.events))
        for article, extraction in zip(articles, extractions, strict=True)
    }


def _deployer(event: Event) -> str | None:
    code = event.source_actor
    if code is None:
        return None
    return CSTO if code.startswith("IGOCST") else code[:3]


def _events_at(
    corpus: dict[str, tuple[Article, list[Event]]], title: str, passage: str
) -> list[Event]:
    article, events = corpus[title]
    at = article.text.find(passage)
    assert at >= 0, f"{passage!r} not in {title!r}"
    return [e for e in events if e.start < at + len(passage) and at < e.end]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("title", "passage", "trigger", "who", "planned"), [*DEPLOYMENTS, *KNOWN_MISSES]
)
def test_deployment(
    corpus: dict[str, tuple[Article, list[Event]]],
    title: str,
    passage: str,
    trigger: str,
    who: frozenset[str],
    planned: bool,
) -> None:
    hits = [e for e in _events_at(corpus, title, passage) if e.trigger == trigger]
    assert hits, f"no event on {trigger!r} in {passage!r}"
    event = hits[0]
    assert (event.type, event.mode) == ("MOBILIZE", "troops"), event
    assert event.cameo in {"074", "154"}
    assert _deployer(event) in who, event
    assert (event.certainty == "planned") is planned, event


@pytest.mark.slow
@pytest.mark.parametrize(("title", "passage"), NOT_DEPLOYMENTS)
def test_not_a_deployment(
    corpus: dict[str, tuple[Article, list[Event]]], title: str, passage: str
) -> None:
    assert not [e for e in _events_at(corpus, title, passage) if e.type == "MOBILIZE"]


@pytest.mark.slow
def test_every_troop_deployment_names_its_deployer(
    corpus: dict[str, tuple[Article, list[Event]]],
) -> None:
    for _, events in corpus.values():
        for event in events:
            assert (event.type, event.mode) != ("AID", "military"), event
            if (event.type, event.mode) == ("MOBILIZE", "troops"):
                assert event.source_actor is not None, event
