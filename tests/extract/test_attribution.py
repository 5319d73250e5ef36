"""Attribution: cues, sources, contents in en, fr (parsed) and it, es (patterns).

Fast tests use blank pipelines; the ``slow`` ones run the pinned spaCy models. All
sentences are made up for these tests.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sitrep.extract.attribution import FACTORY, PIPE_NAME, find_attributions, source_actor
from sitrep.extract.attribution_spans import quote_regions
from sitrep.extract.cues import CUE_CLASSES, cue_class, cue_lexicon
from sitrep.model import Actor, Attribution

Expected = tuple[str | None, str, str, str]  # source, cue, content, kind


def _summary(text: str, found: Attribution) -> Expected:
    return found.source, found.cue, text[found.content_start : found.content_end], found.kind


def _run(nlp: Language, lang: str, text: str) -> list[Attribution]:
    doc = nlp.make_doc(text)
    doc._.language = lang
    return find_attributions(nlp(doc))


@pytest.fixture(scope="module")
def blank() -> dict[str, Language]:
    out = {}
    for lang in ("it", "es"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        out[lang] = nlp
    return out


# --------------------------------------------------------------------------- cues


@pytest.mark.parametrize(
    ("cue", "lang", "expected"),
    [
        ("said", "en", "neutral"),
        ("has denied", "en", "deny"),
        ("were quoted as saying", "en", "neutral"),
        ("confirmed", "en", "assert"),
        ("claims", "en", "claim"),
        ("retracted", "en", "retract"),
        ("announced", "en", "plan"),
        ("reportedly", "en", "hearsay"),
        ("according to", "en", "neutral"),
        ("ruled out", "en", "deny"),
        ("ha smentito", "it", "deny"),
        ("secondo", "it", "neutral"),
        ("ha annunciato", "it", "plan"),
        ("a démenti", "fr", "deny"),
        ("a déclaré", "fr", "neutral"),
        ("affirme", "fr", "assert"),
        ("selon", "fr", "neutral"),
        ("negó", "es", "deny"),
        ("según", "es", "neutral"),
        ("anunció", "es", "plan"),
        ("blorked", "en", "neutral"),
    ],
)
def test_cue_class(cue: str, lang: str, expected: str) -> None:
    assert cue_class(cue, lang) == expected


@pytest.mark.parametrize("lang", ["en", "it", "fr", "es"])
def test_lexicons_load_with_known_classes(lang: str) -> None:
    lex = cue_lexicon(lang)
    assert lex.verbs and lex.according_to
    assert set(lex.verbs.values()) <= set(CUE_CLASSES)


def test_quote_regions_close_at_paragraph_break() -> None:
    nlp = spacy.blank("en")
    doc = nlp("He said “we will stay.\n\nThen “go” was the word.")
    texts = [doc[s:e].text for s, e in quote_regions(doc)]
    assert texts == ["“we will stay.", "“go”"]


def test_source_actor_resolves_pronoun() -> None:
    named = Actor("The ministry", 0, 12, "Ministry", "KAZ", "GOV", code="KAZGOV")
    pronoun = Actor("it", 40, 42, "Ministry", "KAZ", "GOV", code="", resolved_from=0)
    assert source_actor([named, pronoun], 0, 12) == "KAZGOV"
    assert source_actor([named, pronoun], 40, 42) == "KAZGOV"
    assert source_actor([named], 20, 30) is None


# --------------------------------------------------------------------------- patterns (fast)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "it",
            "Il ministro ha detto che la frontiera resta chiusa.",
            ("Il ministro", "ha detto", "che la frontiera resta chiusa", "indirect"),
        ),
        (
            "it",
            "La polizia ha annunciato: «Sono state fermate dieci persone».",
            ("La polizia", "ha annunciato", "«Sono state fermate dieci persone»", "direct"),
        ),
        (
            "it",
            "Secondo l'agenzia, i ribelli hanno preso il porto.",
            ("l'agenzia", "Secondo", "i ribelli hanno preso il porto", "according_to"),
        ),
        (
            "it",
            "I ribelli hanno preso il porto, stando a fonti locali.",
            ("fonti locali", "stando a", "I ribelli hanno preso il porto", "according_to"),
        ),
        (
            "it",
            "La situazione è grave, ha dichiarato il sindaco.",
            ("il sindaco", "ha dichiarato", "La situazione è grave", "parenthetical"),
        ),
        (
            "it",
            "L'esercito smentisce che ci siano vittime civili.",
            ("L'esercito", "smentisce", "che ci siano vittime civili", "indirect"),
        ),
        (
            "it",
            "Si dice che il presidente sia fuggito.",
            (None, "Si dice", "che il presidente sia fuggito", "agentless"),
        ),
        (
            "es",
            "El ministro dijo que la frontera sigue cerrada.",
            ("El ministro", "dijo", "que la frontera sigue cerrada", "indirect"),
        ),
        (
            "es",
            "Según la agencia, los rebeldes tomaron el puerto.",
            ("la agencia", "Según", "los rebeldes tomaron el puerto", "according_to"),
        ),
        (
            "es",
            "La situación es grave, afirmó el alcalde.",
            ("el alcalde", "afirmó", "La situación es grave", "parenthetical"),
        ),
        (
            "es",
            "La policía informó que diez personas fueron detenidas.",
            ("La policía", "informó", "que diez personas fueron detenidas", "indirect"),
        ),
        (
            "es",
            "«No habrá negociaciones», declaró el portavoz.",
            ("el portavoz", "declaró", "«No habrá negociaciones»", "direct"),
        ),
    ],
)
def test_pattern_attributions(
    blank: dict[str, Language], lang: str, text: str, expected: Expected
) -> None:
    found = _run(blank[lang], lang, text)
    assert [_summary(text, a) for a in found] == [expected]


def test_offsets_cover_source_to_content(blank: dict[str, Language]) -> None:
    text = "Ieri il ministro ha detto che la frontiera resta chiusa."
    (found,) = _run(blank["it"], "it", text)
    assert found.text == text[found.start : found.end]
    assert found.start <= min(found.cue_start, found.content_start)
    assert found.end >= found.content_end


def test_no_attribution_without_cue(blank: dict[str, Language]) -> None:
    assert _run(blank["es"], "es", "Los rebeldes tomaron el puerto.") == []


# --------------------------------------------------------------------------- parsed (slow)


@pytest.fixture(scope="module")
def en_nlp() -> Language:
    from sitrep.extract.pipeline import build_nlp

    nlp = build_nlp("en")
    if PIPE_NAME not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp


@pytest.fixture(scope="module")
def fr_nlp() -> Language:
    nlp = spacy.load("fr_core_news_sm")
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry said that the border was closed.",
            ("The ministry", "said", "that the border was closed", "indirect"),
        ),
        (
            "The army denied that it had shelled the village.",
            ("The army", "denied", "that it had shelled the village", "indirect"),
        ),
        (
            "The mayor says the water supply is cut.",
            ("The mayor", "says", "the water supply is cut", "indirect"),
        ),
        (
            "The water supply is cut, the mayor said.",
            ("the mayor", "said", "The water supply is cut", "parenthetical"),
        ),
        (
            "“We will not retreat,” the commander told reporters.",
            ("the commander", "told", "“We will not retreat,”", "direct"),
        ),
        (
            "According to the ministry, twelve people died.",
            ("the ministry", "According to", "twelve people died", "according_to"),
        ),
        (
            "Twelve people died in the blast, according to local officials.",
            ("local officials", "according to", "Twelve people died in the blast", "according_to"),
        ),
        (
            "It was reported that the airport was closed.",
            (None, "was reported", "that the airport was closed", "agentless"),
        ),
        (
            "The governor was quoted as saying that talks would resume.",
            ("The governor", "was quoted as saying", "that talks would resume", "indirect"),
        ),
        (
            "The agency reported that two bridges had collapsed.",
            ("The agency", "reported", "that two bridges had collapsed", "indirect"),
        ),
        (
            "In a statement, the ministry said five soldiers were wounded.",
            ("the ministry", "said", "five soldiers were wounded", "indirect"),
        ),
        (
            "There are rumours that the governor fled.",
            (None, "rumours", "that the governor fled", "agentless"),
        ),
        (
            "Rebels reportedly seized the airport.",
            (None, "reportedly", "Rebels reportedly seized the airport", "agentless"),
        ),
        (
            "The company's spokesman warned that prices would rise.",
            ("The company's spokesman", "warned", "that prices would rise", "indirect"),
        ),
        (
            "The relief agency called for an immediate ceasefire.",
            ("The relief agency", "called for", "an immediate ceasefire", "indirect"),
        ),
        (
            "The envoy talked about the humanitarian corridor.",
            ("The envoy", "talked about", "the humanitarian corridor", "indirect"),
        ),
        (
            "As the ministry noted, the river crossing remains closed.",
            ("the ministry", "noted", "the river crossing remains closed", "indirect"),
        ),
        (
            "The bridge remains closed, as the ministry noted.",
            ("the ministry", "noted", "The bridge remains closed", "parenthetical"),
        ),
        (
            "Residents saying the water was unsafe gathered outside the hall.",
            ("Residents", "saying", "the water was unsafe", "indirect"),
        ),
        (
            "Governor Maria Lopez: “The shelters are full.”",
            ("Governor Maria Lopez", ":", "“The shelters are full.”", "direct"),
        ),
    ],
)
def test_english(en_nlp: Language, text: str, expected: Expected) -> None:
    found = _run(en_nlp, "en", text)
    assert [_summary(text, a) for a in found] == [expected]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan: Protests spread to the capital.",  # a place is no speaker
        "Update: the airport is closed.",
        "The rebels help the army withdraw.",  # "help" with a clause: rarely a cue
    ],
)
def test_english_no_attribution(en_nlp: Language, text: str) -> None:
    assert _run(en_nlp, "en", text) == []


@pytest.mark.parametrize(
    ("lemma", "clausal", "cue"),
    [("say", True, True), ("think", True, False), ("want", True, False), ("say", False, True)],
)
def test_learned_configurations_gate_cues(lemma: str, clausal: bool, cue: bool) -> None:
    assert (cue_lexicon("en").verb_cue(lemma, clausal=clausal) is not None) is cue


@pytest.mark.slow
def test_english_source_list_is_one_attribution(en_nlp: Language) -> None:
    text = "TASS, Reuters and local witnesses report that troops entered the city."
    (found,) = _run(en_nlp, "en", text)
    assert found.source == "TASS, Reuters and local witnesses"
    assert found.source_actor == "RUSMED"


@pytest.mark.slow
def test_english_adding_inherits_source(en_nlp: Language) -> None:
    text = "The spokesman said the border is closed, adding that flights were cancelled."
    found = _run(en_nlp, "en", text)
    assert [(a.source, a.cue) for a in found] == [
        ("The spokesman", "said"),
        ("The spokesman", "adding"),
    ]


@pytest.mark.slow
def test_english_nested_quote_is_skipped(en_nlp: Language) -> None:
    text = "“I think the talks failed,” the envoy said."
    found = _run(en_nlp, "en", text)
    assert [a.cue for a in found] == ["said"]


@pytest.mark.slow
def test_component_writes_extension(en_nlp: Language) -> None:
    doc = en_nlp("The mayor said the bridge was destroyed.")
    assert [a.cue for a in doc._.attributions] == ["said"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("Le ministre a déclaré que la frontière était fermée.", "Le ministre", "a déclaré"),
        ("Selon l'agence, douze personnes sont mortes.", "l'agence", "Selon"),
        ("L'armée affirme que le village n'a pas été bombardé.", "L'armée", "affirme"),
        ("Le gouvernement a annoncé qu'il enverrait des troupes.", "Le gouvernement", "a annoncé"),
    ],
)
def test_french(fr_nlp: Language, text: str, source: str, cue: str) -> None:
    found = _run(fr_nlp, "fr", text)
    assert [(a.source, a.cue) for a in found] == [(source, cue)]
