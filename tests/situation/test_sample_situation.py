"""The situation picture of the bundled sample corpus, end to end (real pipeline, SQLite)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep.ingest import ingest
from sitrep.model import Situation
from sitrep.monitor import Monitor
from sitrep.report.brief import Brief, Statement, build_brief
from sitrep.report.brief_render import render_brief
from sitrep.report.sinks import JsonlSink
from sitrep.settings import load_settings
from sitrep.situation.picture import Loader, build_situation, main_story
from sitrep.situation.series import current
from sitrep.store import SQLiteStore

SAMPLES = Path(__file__).parents[2] / "samples"


@dataclass
class Run:
    store: SQLiteStore
    monitor: Monitor
    sink: Path
    situation: Situation
    brief: Brief


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    folder = tmp_path_factory.mktemp("sample-situation")
    store = SQLiteStore(folder / "s.db")
    settings = load_settings()
    ingest([str(SAMPLES)], store=store, settings=settings)
    sink = folder / "alerts.jsonl"
    # First place everything without alerts (`--no-send`, or a crash before the alerts):
    Monitor(store, settings, alerts=False).catch_up()
    assert store.unplaced_articles() == [] and store.alerts() == []
    # ...then a normal run raises what those stories call for.
    monitor = Monitor(store, settings, sinks=[JsonlSink(sink)])
    monitor.catch_up()
    loader = Loader(store)
    situation = build_situation(store, main_story(store), loader=loader)
    articles = {a.id: a for a, _ in loader.load(list(situation.story.articles))}
    brief = build_brief(
        situation, articles=articles, alerts=store.alerts(story_id=situation.story.id)
    )
    yield Run(store, monitor, sink, situation, brief)
    store.close()


def _series(run: Run, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in run.situation.series if s.key == key)


def test_kazakhstan_reports_in_four_languages_form_one_story(run: Run) -> None:
    story = run.situation.story
    assert story.countries[0] == "KAZ"
    articles = run.store.get_articles(list(story.articles))
    assert {a.language for a in articles} >= {"en", "it", "fr", "es"}
    titles = {a.title for a in articles}
    assert not any(t and ("header" in t or "e-reader" in t) for t in titles)
    assert story.independent == len([a for a in articles if a.duplicate_of is None])
    assert len(run.store.story_states()) == 3  # the story, a football report, a gadget launch


def test_official_detention_figures_are_revised_in_order(run: Run) -> None:
    series = _series(run, "detained/people/-")
    official = [(r.before.value, r.after.value) for r in series.revisions if r.party == "gov:KAZ"]
    assert official[-1] == (5800, 7939)
    picked = current(series)
    assert picked is not None and picked.value == 7939 and picked.certainty == "official_claim"


def test_security_toll_revised_and_total_toll_withdrawn_then_replaced(run: Run) -> None:
    security = _series(run, "killed/security/-")
    assert [(r.before.value, r.after.value) for r in security.revisions if not r.withdrawn] == [
        (18, 19)
    ]
    total = _series(run, "killed/people/-")
    withdrawn = [r.before.value for r in total.revisions if r.withdrawn]
    assert withdrawn == [164]
    picked = current(total)
    assert picked is not None and picked.value == 225
    days = [c.evidence.published.astimezone(dt.UTC) for c in total.claims if c.evidence.published]
    assert days == sorted(days)


def test_the_rumour_is_not_reported_as_fact(run: Run) -> None:
    for series in run.situation.series:
        picked = current(series)
        assert picked is None or picked.certainty != "rumour"
    rumours = [s for s in run.brief.unverified if s.flag == "rumour"]
    assert any("thousands" in s.text.lower() or "miles" in s.text.lower() for s in rumours)
    assert all("rumour" not in row.current.text for row in run.brief.figures)


@pytest.mark.parametrize(
    ("code", "stance"),
    [
        ("TURGOV", "supports_government"),
        ("CHNGOV", "non_interference"),
        ("USAGOV", "calls_for_restraint"),
        ("USAGOV", "calls_for_rights"),
        ("IGOEUR", "demands_sovereignty"),
        ("IGOUNO", "calls_for_restraint"),
        ("RUSGOV", "military_support"),
    ],
)
def test_each_countrys_reaction_has_its_stance(run: Run, code: str, stance: str) -> None:
    stances = {(r.actor_code or "")[:6] for r in run.situation.reactions if r.stance == stance}
    assert code[:6] in stances or code[:3] in {s[:3] for s in stances}


def test_the_deployment_alert_fires_once(run: Run) -> None:
    deployments = [a for a in run.store.alerts() if a.kind == "foreign_deployment"]
    assert len(deployments) == 1 and deployments[0].status == "confirmed"
    assert "CSTO" in deployments[0].title and "Russia" in deployments[0].title
    lines = run.sink.read_text(encoding="utf-8").splitlines()
    assert sum(json.loads(line)["kind"] == "foreign_deployment" for line in lines) == 1


def test_reprocessing_repeats_nothing(run: Run) -> None:
    before = run.sink.read_text(encoding="utf-8")
    alerts = run.store.alerts()
    update = run.monitor.process(run.store.articles())
    assert update.alerts == () and update.new_stories == ()
    assert run.store.alerts() == alerts
    assert run.sink.read_text(encoding="utf-8") == before


def _statements(brief: Brief) -> list[Statement]:
    found = list(brief.lead[1:]) + list(brief.unverified) + [s for _, s in brief.timeline]
    for row in brief.figures:
        found += [row.current, *row.revisions, *row.history]
    for reaction in brief.reactions:
        found += list(reaction.stances)
    return found + list(brief.opinions) + list(brief.alerts)


def test_every_statement_of_the_brief_cites_a_quoted_span(run: Run) -> None:
    numbers = {source.n for source in run.brief.sources}
    statements = _statements(run.brief)
    assert len(statements) > 50
    for statement in statements:
        assert statement.cites, statement.text
        assert set(statement.cites) <= numbers
    for source in run.brief.sources:
        article = run.store.get_article(source.article_id)
        assert source.outlet == article.outlet
        for quote in source.quotes:
            assert article.text[quote.start : quote.end] == quote.text


def test_the_html_brief_is_one_self_contained_file(run: Run) -> None:
    html = render_brief(run.brief, format="html")
    assert "<svg" in html and 'id="src-1"' in html
    assert not re.search(r"<script|<link|<img|<iframe|\ssrc=", html, re.I)
    assert not re.search(r"url\((?!#)", html)  # only references inside the page
    markdown = render_brief(run.brief, format="md")
    assert "[[1]](#src-1)" in markdown and '<a id="src-1"></a>' in markdown
    assert "## Opinion and commentary (not reported as fact)" in markdown


def test_the_situation_round_trips_through_json(run: Run) -> None:
    data = json.loads(json.dumps(run.situation.to_dict()))
    assert Situation.from_dict(data) == run.situation
