"""Acceptance: the foreign reactions in the sample corpus (samples/, January 2022 Kazakhstan).

Expectations were written by reading the sample articles, not from program output. The
story country is not pinned: each report's own (from its headline and places) must come out
as Kazakhstan for its reactions to be right, as in production.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from sitrep.model import Article, Reaction

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
STORY = "KAZ"

# title -> (country, stance) pairs the article must yield
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "From Ankara to Beijing: how the world is reacting to Kazakhstan's crisis": {
        ("RUS", "supports_government"),  # "externally inspired attempt", "legitimate response"
        ("RUS", "military_support"),  # "defended the deployment"
        ("CHN", "non_interference"),  # "internal affair"
        ("CHN", "supports_government"),  # praise for "decisive and effective measures"
        ("TUR", "supports_government"),  # solidarity
        ("USA", "calls_for_rights"),  # media freedom, rights-respecting solution
        ("USA", "calls_for_restraint"),  # peaceful solution
        ("EUR", "calls_for_restraint"),
        ("EUR", "demands_sovereignty"),
        ("UNO", "calls_for_restraint"),  # refrain from violence
    },
    "UN chief urges restraint in Kazakhstan": {
        ("UNO", "calls_for_restraint"),
        ("UNO", "calls_for_rights"),  # human rights, peaceful assembly
    },
    "Moscow defends Kazakhstan deployment, blames 'external' forces": {
        ("RUS", "military_support"),
        ("RUS", "supports_government"),
        ("RUS", "non_interference"),  # "warned against outside interference"
    },
    "Kazakhstan raises death toll to 225 as Western and Turkic leaders weigh in": {
        ("TUR", "supports_government"),  # solidarity, restoration of order
        ("EUR", "calls_for_rights"),  # fundamental rights
        ("EUR", "demands_sovereignty"),
    },
    "Blinken questions why Kazakhstan called in Russian-led troops": {
        ("USA", "calls_for_rights"),
        ("USA", "calls_for_restraint"),
        ("RUS", "supports_government"),  # "legitimate response"
    },
    "First Russian paratroopers land in Kazakhstan as bloc answers Tokayev's call": {
        ("RUS", "military_support"),
        ("BLR", "military_support"),
    },
    "Kazakistan, la CSTO invia i paracadutisti: in arrivo russi, bielorussi e armeni": {
        ("CST", "military_support"),
        ("BLR", "military_support"),
    },
}
# stances these actors never take anywhere in the corpus
NEVER = {
    ("TUR", "condemns"),
    ("CHN", "calls_for_rights"),
    ("RUS", "calls_for_rights"),
    ("USA", "military_support"),
    ("EUR", "supports_government"),
    ("UNO", "supports_government"),
}
EXPECTED[
    "Putin says alliance will not allow 'colour revolutions' as Tokayev calls unrest a coup attempt"
] = {
    ("RUS", "non_interference"),  # "attempt to interfere from outside in the internal affairs"
}
NO_REACTIONS = {
    "Late Okafor header keeps Harbourside top of the table",
    "Lumora unveils a foldable e-reader with a color screen",
    "Kazakh government resigns, emergency declared as protests turn violent",
    "Kazakhstan says 5,800 detained, including foreigners",
}


def _reactions(article: Article) -> list[Reaction]:
    from sitrep.analyze import build_full_nlp
    from sitrep.extract.pipeline import SUPPORTED, _make_doc, language_of

    lang = language_of(article)
    if lang not in SUPPORTED:
        return []
    nlp = build_full_nlp(lang)
    doc: Doc = _make_doc(nlp, article)
    return list(nlp(doc)._.reactions)


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Reaction]]:
    from sitrep.ingest import ingest
    from sitrep.settings import load_settings
    from sitrep.store.memory import MemoryStore

    store = MemoryStore()
    ingest([str(SAMPLES)], store=store, settings=load_settings())
    return {article.title or article.id: _reactions(article) for article in store.articles()}


@pytest.mark.slow
@pytest.mark.parametrize("title", sorted(EXPECTED))
def test_expected_reactions(corpus: dict[str, list[Reaction]], title: str) -> None:
    got = {(r.country, r.stance) for r in corpus[title]}
    assert EXPECTED[title] <= got


@pytest.mark.slow
def test_no_domestic_or_unknown_reactor(corpus: dict[str, list[Reaction]]) -> None:
    for reactions in corpus.values():
        for reaction in reactions:
            assert reaction.country not in {STORY, None}, reaction
            assert (reaction.country, reaction.stance) not in NEVER, reaction


@pytest.mark.slow
@pytest.mark.parametrize("title", sorted(NO_REACTIONS))
def test_articles_without_reactions(corpus: dict[str, list[Reaction]], title: str) -> None:
    assert corpus[title] == []


@pytest.mark.slow
def test_state_department_statement(corpus: dict[str, list[Reaction]]) -> None:
    title = "Protesters torch Almaty city hall, seize airport as Kazakhstan goes offline"
    assert ("USA", "calls_for_restraint") in {(r.country, r.stance) for r in corpus[title]}
