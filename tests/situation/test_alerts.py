"""Alerts: corroboration policy, no duplicates, held until corroborated, rate limit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitrep.model import EventReport, MergedEvent, ReactionEntry, Situation, Story
from sitrep.settings import AlertSettings
from sitrep.situation.alerts import find_changes, raise_alerts
from sitrep.situation.series import build_series
from sitrep.store import MemoryStore
from tests.situation.helpers import claim, evidence

NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
STORY = Story("st-1", "Kazakhstan: unrest", ("KAZ",), dt.date(2022, 1, 2), dt.date(2022, 1, 15),
              ("a1", "a2"), ("wire.example", "paper.example"), 2, 2)  # fmt: skip


def _deployment(actor: str, *outlets: str, certainty: str = "reported") -> MergedEvent:
    reports = tuple(
        EventReport(certainty, None, False, False, evidence(f"d{i}", outlet=o))
        for i, o in enumerate(outlets)
    )
    return MergedEvent("MOBILIZE", "troops", "154", actor, "KAZ", None, dt.date(2022, 1, 6),
                       certainty, reports, len(set(outlets)))  # fmt: skip


def _reaction(country: str, stance: str, outlet: str, day: int) -> ReactionEntry:
    source = evidence(f"r{country}{outlet}{stance}", outlet=outlet, day=day)
    return ReactionEntry(country, f"{country}GOV", country, stance, dt.date(2022, 1, day), None,
                         source)  # fmt: skip


def _situation(**parts: object) -> Situation:
    base = Situation(story=STORY, series=(), events=(), reactions=(), opinions=())
    return dataclasses.replace(base, **parts)  # type: ignore[arg-type]


def _kinds(situation: Situation) -> list[str]:
    return [c.kind.value for c in find_changes(situation, AlertSettings())]


def test_changes_found_in_a_situation() -> None:
    series = build_series(
        [claim(18, article="a1", outlet="wire.example", day=6),
         claim(25, article="a2", outlet="paper.example", day=15)], originals={})  # fmt: skip
    situation = _situation(
        series=tuple(series),
        events=(_deployment("RUSMIL", "wire.example", "paper.example"),),
        reactions=(_reaction("TUR", "supports_government", "wire.example", 7),
                   _reaction("TUR", "calls_for_restraint", "paper.example", 9)),
    )  # fmt: skip
    assert _kinds(situation) == ["first_fatalities", "foreign_deployment", "figure_revised",
                                 "new_story", "new_reaction", "stance_change"]  # fmt: skip


def test_home_country_deployments_and_other_stances_are_not_alerts() -> None:
    situation = _situation(
        events=(_deployment("KAZMIL", "wire.example", "paper.example"),),
        reactions=(_reaction("USA", "other", "wire.example", 7),),
    )
    assert _kinds(situation) == ["new_story"]


def test_member_states_fold_into_a_bloc_deployment() -> None:
    situation = _situation(events=(_deployment("IGOCST", "wire.example", "paper.example"),
                                   _deployment("RUSMIL", "wire.example")))  # fmt: skip
    (change,) = [
        c for c in find_changes(situation, AlertSettings()) if c.kind == "foreign_deployment"
    ]
    assert "CSTO" in change.title and "Russia" in change.title


@pytest.mark.parametrize(("policy", "status"), [("hold", "held"), ("unconfirmed", "unconfirmed")])
def test_a_single_source_change_is_held_or_sent_unconfirmed(policy: str, status: str) -> None:
    store = MemoryStore()
    situation = _situation(events=(_deployment("RUSMIL", "wire.example"),))
    settings = AlertSettings(single_source=policy)
    sent = raise_alerts(situation, store=store, settings=settings, now=NOW)
    deployment = [a for a in store.alerts() if a.kind == "foreign_deployment"]
    assert [a.status for a in deployment] == [status]
    assert (deployment[0] in sent) == (status == "unconfirmed")


def test_a_held_change_is_sent_once_corroborated_and_never_twice() -> None:
    store = MemoryStore()
    settings = AlertSettings()
    lone = _situation(events=(_deployment("RUSMIL", "wire.example"),))
    assert not [a for a in raise_alerts(lone, store=store, settings=settings, now=NOW)
                if a.kind == "foreign_deployment"]  # fmt: skip
    both = _situation(events=(_deployment("RUSMIL", "wire.example", "paper.example"),))
    sent = raise_alerts(both, store=store, settings=settings, now=NOW)
    assert [a.status for a in sent if a.kind == "foreign_deployment"] == ["confirmed"]
    assert raise_alerts(both, store=store, settings=settings, now=NOW) == []
    assert len([a for a in store.alerts() if a.kind == "foreign_deployment"]) == 1


def test_the_rate_limit_suppresses_the_least_significant_alerts() -> None:
    store = MemoryStore()
    outlets = ("wire.example", "paper.example")
    reactions = tuple(_reaction(c, "calls_for_restraint", o, 7)
                      for c in ("USA", "TUR", "CHN", "FRA") for o in outlets)  # fmt: skip
    situation = _situation(events=(_deployment("RUSMIL", "wire.example", "paper.example"),),
                           reactions=reactions)  # fmt: skip
    sent = raise_alerts(situation, store=store, settings=AlertSettings(rate_limit=2), now=NOW)
    assert [a.kind for a in sent] == ["foreign_deployment", "new_story"]
    assert sum(a.status == "suppressed" for a in store.alerts()) == 4
    later = NOW + dt.timedelta(hours=2)
    assert (
        raise_alerts(situation, store=store, settings=AlertSettings(rate_limit=2), now=later) == []
    )


def test_a_copy_is_not_a_second_source() -> None:
    store = MemoryStore()
    events = (_deployment("RUSMIL", "wire.example", "reprint.example"),)
    # the report from reprint.example (article d1) copies the wire's (article d0)
    situation = _situation(events=events, copies=(("d1", "wire.example"),))
    raise_alerts(situation, store=store, settings=AlertSettings(), now=NOW)
    (deployment,) = [a for a in store.alerts() if a.kind == "foreign_deployment"]
    assert (deployment.status, deployment.sources) == ("held", 1)
