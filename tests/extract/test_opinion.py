"""Opinion and sarcasm passages in four languages."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sitrep.extract.opinion import FACTORY, PIPE_NAME, find_opinions, is_opinion_article


def _nlp(lang: str) -> Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.mark.parametrize(
    ("title", "text", "lang"),
    [
        ("Opinion: the border crisis needs diplomacy", "Body.", "en"),
        (None, "EDITORIAL\nThe crisis deepens.", "en"),
        ("Analisi | La crisi al confine", "Testo.", "it"),
        ("Commento", "Testo.", "it"),
        ("Tribune : la crise à la frontière", "Texte.", "fr"),
        ("Éditorial", "Texte.", "fr"),
        ("Opinión: la crisis en la frontera", "Texto.", "es"),
        ("Tribuna", "Texto.", "es"),
        ("Border talks", "The views expressed are the author's own. Text.", "en"),
    ],
)
def test_opinion_articles(title: str | None, text: str, lang: str) -> None:
    assert is_opinion_article(title, text, lang)


@pytest.mark.parametrize(
    ("title", "lang"),
    [
        ("Troops deployed after protests", "en"),
        ("Opinion polls show a close race in the north", "en"),
        ("Scontri al confine, dieci feriti", "it"),
    ],
)
def test_news_articles(title: str, lang: str) -> None:
    assert not is_opinion_article(title, "Police said 10 people were hurt.", lang)


def test_whole_article_is_one_passage() -> None:
    doc = _nlp("en")("Commentary\nThe talks failed. Nobody expected otherwise.")
    passages = find_opinions(doc)
    assert len(passages) == 1
    assert passages[0].reason == "opinion"
    assert (passages[0].start, passages[0].end) == (0, len(doc.text))


@pytest.mark.parametrize(
    ("lang", "text", "reason"),
    [
        ("en", "Police said 12 people were detained. I think the talks will fail.", "opinion"),
        ("en", "Police detained 12 people. We should stop pretending.", "opinion"),
        ("en", "The so-called peacekeepers opened fire on the crowd.", "sarcasm"),
        ("en", 'The "liberators" arrived at dawn and arrested the mayor.', "sarcasm"),
        ("en", "How generous of the general to release two of the forty detainees.", "sarcasm"),
        ("it", "La polizia ha fermato 12 persone. Secondo me è un errore.", "opinion"),
        ("it", "I cosiddetti pacificatori hanno sparato sulla folla.", "sarcasm"),
        ("fr", "La police a arrêté 12 personnes. Je pense que c'est une erreur.", "opinion"),
        ("fr", "Quelle générosité de libérer deux détenus sur quarante.", "sarcasm"),
        ("es", "La policía detuvo a 12 personas. Creo que es un error.", "opinion"),
        (
            "es",
            "Qué generosidad la del general, que liberó a dos de cuarenta detenidos.",
            "sarcasm",
        ),
    ],
)
def test_sentence_passages(lang: str, text: str, reason: str) -> None:
    doc = _nlp(lang)(text)
    passages = find_opinions(doc)
    assert [p.reason for p in passages] == [reason]
    assert doc.text[passages[0].start : passages[0].end] == passages[0].text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Police said 12 people were detained in the capital on Monday."),
        ("it", "La polizia ha fermato 12 persone nella capitale."),
        ("fr", "La police a arrêté 12 personnes dans la capitale."),
        ("es", "La policía detuvo a 12 personas en la capital."),
    ],
)
def test_plain_news_has_no_passages(lang: str, text: str) -> None:
    assert find_opinions(_nlp(lang)(text)) == []


def test_component_writes_extension() -> None:
    nlp = _nlp("en")
    nlp.add_pipe(FACTORY, name=PIPE_NAME)
    doc = nlp("I think the ceasefire will hold.")
    assert [p.reason for p in doc._.opinions] == ["opinion"]


def test_empty_doc() -> None:
    assert find_opinions(_nlp("en")("")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # an apostrophe is not a quote mark
        "Troops were flown in at the president's request to help end the country's unrest.",
        # a quoted official phrase is a quotation, not scare quotes
        'He said the bloc would send a "collective peacekeeping force" for a limited period.',
    ],
)
def test_plain_news_is_not_sarcasm(sentence: str) -> None:
    from sitrep.extract.certainty import cue_lexicon
    from sitrep.extract.opinion import _sarcastic

    assert not _sarcastic(cue_lexicon("en"), sentence)
