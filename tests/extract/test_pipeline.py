"""The whole extraction pipeline on small hand-written reports (real spaCy models)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.pipeline import extract, extract_many
from sitrep.extract.story_country import main_country
from sitrep.extract.version import PIPELINE_VERSION
from sitrep.model import Article

pytestmark = pytest.mark.slow

PUBLISHED = dt.datetime(2022, 1, 6, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))

EN = (
    "Gunfire was heard in Almaty on Thursday, witnesses said. Kazakhstan's Interior Ministry "
    "said security forces had regained control of the city. Turkish President Erdoğan phoned "
    "President Tokayev and expressed solidarity. Moscow said the first Russian paratroopers "
    "had landed in the last few hours."
)
IT = (
    "Giovedì 6 gennaio si sono sentiti spari ad Almaty. Il ministero dell'Interno del "
    "Kazakistan ha detto che le forze di sicurezza hanno ripreso il controllo della città. "
    "Ieri la Russia ha inviato paracadutisti."
)


def _article(text: str, language: str | None, outlet: str = "example.org") -> Article:
    return Article(id=f"id-{language}", text=text, language=language, outlet=outlet,
                   published=PUBLISHED)  # fmt: skip


def test_english_contract() -> None:
    result = extract(_article(EN, "en"))
    assert result.supported and result.pipeline == PIPELINE_VERSION
    for item in (*result.actors, *result.places, *result.times):
        assert EN[item.start : item.end] == item.text
    codes = {a.text: a.code for a in result.actors}
    assert codes["Kazakhstan's Interior Ministry"] in ("KAZGOV", "KAZCOP")
    assert any(a.code == "TURGOV" and a.title == "President" for a in result.actors)
    places = {p.text: p for p in result.places}
    almaty = places["Almaty"]
    assert almaty.country == "KAZ" and almaty.lat == pytest.approx(43.25, abs=0.2)
    assert places["Moscow"].as_actor
    times = {t.text: t for t in result.times}
    assert times["Thursday"].date == dt.date(2022, 1, 6)
    assert any(t.end_date == dt.date(2022, 1, 6) for t in result.times if "hours" in t.text)


def test_italian_places_and_dates() -> None:
    result = extract(_article(IT, "it", outlet="example.it"))
    assert result.supported
    assert any(p.name == "Almaty" and p.country == "KAZ" for p in result.places)
    assert {t.date for t in result.times} >= {dt.date(2022, 1, 6), dt.date(2022, 1, 5)}
    assert any(a.country == "KAZ" for a in result.actors)


@pytest.mark.parametrize("language", ["de", "zz", None])
def test_unsupported_language_is_reported(language: str | None) -> None:
    text = "Die Polizei hat am Donnerstag in Almaty Schüsse gemeldet, sagten Zeugen."
    result = extract(_article(text, language))
    if language is None:  # unknown language falls back to English processing
        assert result.supported
        return
    assert not result.supported and result.note and "not supported" in result.note
    assert result.actors == () and result.places == ()


def test_batch_keeps_order_and_mixes_languages() -> None:
    articles = [_article(EN, "en"), _article(IT, "it"), _article("Text auf Deutsch.", "de")]
    results = list(extract_many(articles))
    assert [r.article_id for r in results] == [a.id for a in articles]
    assert [r.supported for r in results] == [True, True, False]


def test_two_processes_give_the_same_result() -> None:
    articles = [Article(id=f"a{i}", text=EN, language="en", published=PUBLISHED) for i in range(40)]
    serial = list(extract_many(articles))
    parallel = list(extract_many(articles, n_process=2))
    assert serial == parallel


def test_main_country() -> None:
    doc_result = extract(_article(EN, "en"))
    assert doc_result.places
    from sitrep.extract.pipeline import build_nlp

    nlp = build_nlp("en")
    doc = nlp(EN)
    assert main_country(doc) == "KAZ"


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        ("Envoy questions why Freedonia called in foreign troops", "en", {}),
        ("Minister urges restraint in Kazakhstan", "en", {"KAZ": 8}),
        ("Kazakh president accepts resignation", "en", {"KAZ": 2}),
        ("Kazakistan, truppe russe in arrivo", "it", {"KAZ": 8, "RUS": 2}),
        (None, "en", {}),
    ],
)
def test_title_countries(title: str | None, lang: str, expected: dict[str, int]) -> None:
    from sitrep.extract.story_country import title_countries

    assert title_countries(title, lang) == expected


def test_headline_country_beats_a_dateline() -> None:
    text = (
        "WASHINGTON, Jan 7 - The Secretary of State said on Friday that the United States "
        "was following events in Almaty closely and urged restraint."
    )
    article = Article(id="dl", text=text, language="en", title="Envoy urges restraint in "
                      "Kazakhstan", published=PUBLISHED)  # fmt: skip
    from sitrep.extract.pipeline import _make_doc, build_nlp

    nlp = build_nlp("en")
    doc = nlp(_make_doc(nlp, article))
    assert doc._.story_country == "KAZ"
