"""Acceptance on the bundled sample corpus: figures with the right source and certainty.

Expectations were written from reading the sample reports (samples/), not from output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.analyze import analyze_many
from sitrep.ingest import ingest
from sitrep.model import Article, Extraction, Figure
from sitrep.settings import load_settings
from sitrep.store import MemoryStore

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[1] / "samples"


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Article, Extraction]]:
    store = MemoryStore()
    ingest([str(SAMPLES)], store=store, settings=load_settings())
    articles = store.articles()
    return list(zip(articles, analyze_many(articles), strict=True))


def _figures(corpus: list[tuple[Article, Extraction]], source_part: str) -> list[Figure]:
    """Figures of the reports whose file, URL or outlet contains ``source_part``."""
    found = [
        f
        for a, e in corpus
        if any(source_part in (field or "") for field in (a.source, a.url, a.outlet))
        for f in e.figures
    ]
    assert found, f"no figures in {source_part}"
    return found


def _one(figures: list[Figure], *, kind: str, low: int) -> Figure:
    for figure in figures:
        if figure.kind == kind and (figure.value or figure.min) == low:
            return figure
    raise AssertionError(f"no {kind} figure of {low} in {[(f.kind, f.value) for f in figures]}")


def test_ministry_toll_is_an_official_claim(corpus: list[tuple[Article, Extraction]]) -> None:
    figures = _figures(corpus, "globalaffairsdesk")
    toll = _one(figures, kind="killed", low=18)
    assert toll.certainty == "official_claim"
    assert toll.source is not None and "Interior Ministry" in toll.source
    assert toll.source_actor in ("KAZGOV", "KAZCOP")
    injured = _one(figures, kind="injured", low=748)
    assert injured.certainty == "official_claim"


def test_rumoured_arrests_are_a_rumour(corpus: list[tuple[Article, Extraction]]) -> None:
    figures = _figures(corpus, "massimov-detained-nazarbayev-denial")
    rumour = next(f for f in figures if f.kind in ("arrested", "detained") and f.approximate)
    assert rumour.certainty == "rumour"
    assert (rumour.min, rumour.max) == (2000, 9999)


def test_withdrawn_toll_is_retracted(corpus: list[tuple[Article, Extraction]]) -> None:
    figures = _figures(corpus, "officials-deny-csto-fired")
    assert _one(figures, kind="killed", low=164).certainty == "retracted"
    troops = next(f for f in figures if f.kind == "deployed")
    assert troops.certainty != "denied"  # "The denial came a day before ..." governs nothing


def test_detention_figures_are_revised(corpus: list[tuple[Article, Extraction]]) -> None:
    detained = {
        (f.value or f.min)
        for _a, e in corpus
        for f in e.figures
        if f.kind in ("detained", "arrested") and not f.opinion
    }
    assert {3001, 5800, 7939} <= detained


def test_prosecutor_toll(corpus: list[tuple[Article, Extraction]]) -> None:
    figures = _figures(corpus, "225-bodies-morgues")
    toll = _one(figures, kind="killed", low=225)
    assert toll.certainty == "official_claim"
    assert toll.source is not None and "Prosecutor General" in toll.source


def test_opinion_piece_figures_are_not_facts(corpus: list[tuple[Article, Extraction]]) -> None:
    figures = _figures(corpus, "opinion-csto-peacekeepers")
    assert all(f.opinion for f in figures)


def test_figures_in_other_languages(corpus: list[tuple[Article, Extraction]]) -> None:
    italian = _figures(corpus, "difesanotizie-almaty-spari")
    assert _one(italian, kind="killed", low=18).certainty == "official_claim"
    spanish = _figures(corpus, "diarioglobal-balance-164-muertos")
    assert any(f.kind == "killed" and f.value == 164 for f in spanish)
