"""Alerts: significant changes in a story, each citing its evidence.

:func:`find_changes` reads a situation picture and lists every change worth an alert, each
with a stable key (story, kind, subject), so the same change is never raised twice:

* ``new_story``: the story exists (its first articles as evidence);
* ``first_fatalities``: the first standing report of people killed;
* ``figure_revised``: a party moved its number by more than the threshold, or withdrew it;
* ``foreign_deployment``: a foreign state or body sends or lands troops;
* ``new_reaction``: a foreign government or international body reacts for the first time;
* ``stance_change``: such an actor takes a stance it had not taken before;
* ``contradiction``: an official number and another source's disagree about the same day.

:func:`raise_alerts` decides what is sent: a change needs ``min_sources`` independent
outlets, otherwise it is held or sent as ``unconfirmed`` (settings); a held change is sent
once it is corroborated; at most ``rate_limit`` alerts per story per window are sent, the
rest are kept as ``suppressed``. Everything raised is stored, so a restart repeats nothing.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitrep.model import (
    Alert,
    AlertKind,
    Certainty,
    Claim,
    Evidence,
    FigureSeries,
    MergedEvent,
    ReactionEntry,
    Situation,
    Stance,
    Story,
)
from sitrep.settings import AlertSettings
from sitrep.situation.claims import (
    claim_number,
    evidence_time,
    group_label,
    independent_outlets,
)
from sitrep.situation.names import actor_name, country_name, party_name
from sitrep.situation.series import asserted, historical
from sitrep.store.base import Store

SENT = frozenset({"confirmed", "unconfirmed"})
MAX_EVIDENCE = 5
DEPLOY_TYPES = frozenset({"MOBILIZE"})
JOINT_DAYS = 2  # a state deploying this close to a bloc's deployment is taking part in it
HAPPENED = frozenset({Certainty.CONFIRMED, Certainty.OFFICIAL_CLAIM, Certainty.REPORTED,
                      Certainty.WITNESS})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """A change worth an alert, before the sending policy is applied."""

    key: str
    kind: AlertKind
    title: str
    detail: str
    outlets: frozenset[str]
    evidence: tuple[Evidence, ...]


Copies = Mapping[str, str]  # copy article id -> the outlet of the article it copies


def _raw(claim: Claim) -> str:
    """A claim's number for an alert key (independent of how it is displayed)."""
    return str(claim.value) if claim.value is not None else f"{claim.min}-{claim.max}"


def _by_date(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The earliest few pieces of evidence (undated last)."""
    return tuple(heapq.nsmallest(MAX_EVIDENCE, evidence, key=evidence_time))


def _new_story(story: Story, situation: Situation) -> list[Change]:
    first = [c.evidence for s in situation.series for c in s.claims]
    first += [r.evidence for e in situation.events for r in e.reports]
    evidence = _by_date(first) or _by_date(situation.leads)
    return [
        Change(
            key=f"{story.id}:new_story",
            kind=AlertKind.NEW_STORY,
            title=f"New story: {story.title}",
            detail=f"{story.independent} reports from {story.sources} independent outlets.",
            outlets=frozenset(f"outlet-{i}" for i in range(story.sources)),
            evidence=evidence,
        )
    ]


def _first_fatalities(story: Story, series: Sequence[FigureSeries], copies: Copies) -> list[Change]:
    claims = [c for s in series if s.kind == "killed" for c in s.claims if asserted(c)]
    claims = [c for c in claims if (c.low or 0) > 0 and not historical(c, story)]
    if not claims:
        return []
    first = min(claims, key=lambda c: c.evidence.published or dt.datetime.max)
    return [
        Change(
            key=f"{story.id}:first_fatalities",
            kind=AlertKind.FIRST_FATALITIES,
            title=f"First fatalities reported: {claim_number(first)} "
            f"{group_label(first.who)} killed",
            detail=f"According to {party_name(first.party)} ({first.certainty}).",
            outlets=independent_outlets([c.evidence for c in claims], copies),
            evidence=_by_date(c.evidence for c in claims),
        )
    ]


def _revisions(
    story: Story, series: Sequence[FigureSeries], threshold: float, copies: Copies
) -> list[Change]:
    changes = []
    for s in series:
        for revision in s.revisions:
            before, after = revision.before, revision.after
            old, new = before.low or 0, after.low or 0
            moved = abs(new - old) / max(old, 1)
            if not revision.withdrawn and moved <= threshold:
                continue
            what = f"{s.kind} ({group_label(s.who)}{', ' + s.where if s.where else ''})"
            if revision.withdrawn:
                title = (
                    f"{party_name(revision.party)} figure withdrawn: {claim_number(before)} {what}"
                )
            else:
                title = f"{what} revised by {party_name(revision.party)}: "
                title += f"{claim_number(before)} -> {claim_number(after)}"
            if revision.withdrawn:
                backing = [c for c in s.claims if c.certainty == after.certainty
                           and c.value == after.value]  # fmt: skip
            else:
                backing = [c for c in s.claims if c.party == after.party and c.value == after.value]
            evidence = _by_date([before.evidence, *(c.evidence for c in backing or [after])])
            changes.append(
                Change(
                    key=f"{story.id}:revised:{s.key}:{revision.party}:{_raw(before)}>"
                    f"{'withdrawn' if revision.withdrawn else _raw(after)}",
                    kind=AlertKind.FIGURE_REVISED,
                    title=title,
                    detail=f"Series {s.key}; {s.outlets} outlets report it.",
                    outlets=independent_outlets([c.evidence for c in backing or [after]], copies),
                    evidence=evidence,
                )
            )
    return changes


def _deployer(event: MergedEvent, home: set[str]) -> str | None:
    """The foreign deploying party of a deployment event (``RUS``, ``IGOCST``), if any."""
    actor = event.source_actor or ""
    if event.type not in DEPLOY_TYPES or len(actor) < 3 or actor[:3] in home:
        return None
    if all(r.negated for r in event.reports):
        return None
    return actor[:6] if actor.startswith("IGO") else actor[:3]


def _deployments(story: Story, events: Sequence[MergedEvent], copies: Copies) -> list[Change]:
    """One alert per foreign deploying party; states joining a bloc's deployment within
    :data:`JOINT_DAYS` of it are folded into the bloc's alert as contributors."""
    home = set(story.countries[:1])
    by_actor: dict[str, list[MergedEvent]] = {}
    for event in events:
        actor = _deployer(event, home)
        if actor is not None:
            by_actor.setdefault(actor, []).append(event)
    blocs = {a: min((e.date for e in found if e.date), default=None)
             for a, found in by_actor.items() if a.startswith("IGO")}  # fmt: skip
    members: dict[str, list[str]] = {bloc: [] for bloc in blocs}
    for actor, found in list(by_actor.items()):
        day = min((e.date for e in found if e.date), default=None)
        bloc = next((b for b, d in blocs.items() if _near(day, d) and b != actor), None)
        if bloc is not None and not actor.startswith("IGO"):
            members[bloc].append(actor)
            by_actor[bloc].extend(by_actor.pop(actor))
    return [
        _deployment(story, actor, found, members.get(actor, []), copies)
        for actor, found in by_actor.items()
    ]


def _near(day: dt.date | None, other: dt.date | None) -> bool:
    return day is not None and other is not None and abs((day - other).days) <= JOINT_DAYS


def _deployment(
    story: Story, actor: str, found: list[MergedEvent], members: list[str], copies: Copies
) -> Change:
    reports = [r for e in found for r in e.reports if not r.negated]
    happened = [r for r in reports if r.certainty in HAPPENED]
    day = min((e.date for e in found if e.date), default=None)
    name = actor_name(actor)
    verb = "deploys forces" if happened else "announces a deployment"
    title = f"{name} {verb} ({day or 'date unknown'})"
    if members:
        title += ": with " + ", ".join(country_name(m) for m in sorted(members))
    return Change(
        key=f"{story.id}:deployment:{actor}",
        kind=AlertKind.FOREIGN_DEPLOYMENT,
        title=title,
        detail=f"{len(found)} deployment events, {len(reports)} reports"
        f" ({len(happened)} of troops sent or arrived).",
        outlets=independent_outlets([r.evidence for r in reports], copies),
        evidence=_by_date(r.evidence for r in happened or reports),
    )


def _reactor(entry: ReactionEntry) -> str:
    code = entry.actor_code or ""
    if code.startswith("IGO"):
        return code[:6]
    return entry.country or code[:3] or entry.actor


def _reactions(story: Story, reactions: Sequence[ReactionEntry], copies: Copies) -> list[Change]:
    home = set(story.countries[:1])
    by_actor: dict[str, list[ReactionEntry]] = {}
    for entry in reactions:
        actor = _reactor(entry)
        if actor not in home and entry.stance != Stance.OTHER:
            by_actor.setdefault(actor, []).append(entry)
    changes = []
    for actor, entries in by_actor.items():
        name = actor_name(actor) if actor.startswith("IGO") else country_name(actor)
        first_day = min((e.date for e in entries if e.date), default=None)
        stances = sorted({e.stance for e in entries if e.date == first_day})
        changes.append(
            Change(
                key=f"{story.id}:reaction:{actor}",
                kind=AlertKind.NEW_REACTION,
                title=f"{name} reacts: {', '.join(s.replace('_', ' ') for s in stances)}",
                detail=f"First reaction on {first_day or 'an unknown date'}.",
                outlets=independent_outlets([e.evidence for e in entries], copies),
                evidence=_by_date(e.evidence for e in entries),
            )
        )
        for stance in sorted({e.stance for e in entries} - set(stances)):
            later = [e for e in entries if e.stance == stance]
            changes.append(
                Change(
                    key=f"{story.id}:stance:{actor}:{stance}",
                    kind=AlertKind.STANCE_CHANGE,
                    title=f"{name} takes a new stance: {stance.replace('_', ' ')}",
                    detail=f"Earlier stance: {', '.join(stances)}.",
                    outlets=independent_outlets([e.evidence for e in later], copies),
                    evidence=_by_date(e.evidence for e in later),
                )
            )
    return changes


def _contradictions(story: Story, series: Sequence[FigureSeries], copies: Copies) -> list[Change]:
    changes = []
    for s in series:
        for c in s.contradictions:
            if not c.official_vs_other:
                continue
            a, b = sorted((c.first, c.second), key=lambda x: x.party)
            changes.append(
                Change(
                    key=f"{story.id}:contradiction:{s.key}:{a.party}:{b.party}:{a.as_of}",
                    kind=AlertKind.CONTRADICTION,
                    title=f"Conflicting {s.kind} figures for {a.as_of}: "
                    f"{claim_number(a)} ({party_name(a.party)}) vs "
                    f"{claim_number(b)} ({party_name(b.party)})",
                    detail=f"Series {s.key}.",
                    outlets=independent_outlets([a.evidence, b.evidence], copies),
                    evidence=(a.evidence, b.evidence),
                )
            )
    return changes


# When the rate limit bites, the most significant changes are sent first.
PRIORITY = (
    AlertKind.FIRST_FATALITIES, AlertKind.FOREIGN_DEPLOYMENT, AlertKind.FIGURE_REVISED,
    AlertKind.CONTRADICTION, AlertKind.NEW_STORY, AlertKind.NEW_REACTION, AlertKind.STANCE_CHANGE,
)  # fmt: skip


def find_changes(situation: Situation, settings: AlertSettings) -> list[Change]:
    """Every change in ``situation`` worth an alert, most significant first (no policy)."""
    story = situation.story
    copies = dict(situation.copies)
    changes = [
        *_new_story(story, situation),
        *_first_fatalities(story, situation.series, copies),
        *_revisions(story, situation.series, settings.revision_threshold, copies),
        *_deployments(story, situation.events, copies),
        *_reactions(story, situation.reactions, copies),
        *_contradictions(story, situation.series, copies),
    ]
    return sorted(changes, key=lambda c: PRIORITY.index(c.kind))


def _sent_recently(known: Iterable[Alert], now: dt.datetime, minutes: int) -> int:
    since = now - dt.timedelta(minutes=minutes)
    return sum(1 for a in known if a.status in SENT and a.raised_at >= since)


def raise_alerts(
    situation: Situation, *, store: Store, settings: AlertSettings, now: dt.datetime
) -> list[Alert]:
    """Store the alerts this situation calls for; return those to send now."""
    to_send: list[Alert] = []
    raised = {a.key: a for a in store.alerts(story_id=situation.story.id)}
    budget = settings.rate_limit - _sent_recently(
        raised.values(), now, settings.rate_window_minutes
    )
    for change in find_changes(situation, settings):
        known = raised.get(change.key)
        if known is not None and known.status != "held":
            continue
        corroborated = len(change.outlets) >= settings.min_sources
        if not corroborated and (settings.single_source == "hold" or known is not None):
            status = "held"
        else:
            status = "confirmed" if corroborated else "unconfirmed"
        if status in SENT:
            status = status if budget > 0 else "suppressed"
            budget -= 1
        if known is not None and status == "held":
            continue
        alert = Alert(
            key=change.key,
            story_id=situation.story.id,
            kind=change.kind.value,
            title=change.title,
            detail=change.detail,
            status=status,
            sources=len(change.outlets),
            raised_at=now,
            evidence=change.evidence,
        )
        # Another process may have raised it since we read: only the one that stores it sends.
        if store.record_alert(alert) and status in SENT:
            to_send.append(alert)
    return to_send
