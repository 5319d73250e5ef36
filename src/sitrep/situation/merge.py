"""Merge the events and reactions several outlets report into one picture per story.

Events with the same type, actors and place within a day of each other are one event
with all its reports. A merged event is ``confirmed`` when at least two independent
outlets report it as standing (not denied, retracted, rumoured, hypothetical or opinion);
otherwise it keeps the strongest certainty among its reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sitrep.model import (
    Article,
    Certainty,
    Event,
    EventReport,
    MergedEvent,
    Reaction,
    ReactionEntry,
)
from sitrep.situation.claims import evidence_of

SAME_EVENT_DAYS = 1
_OFFSETS = sorted(range(-SAME_EVENT_DAYS, SAME_EVENT_DAYS + 1), key=abs)  # same day first
WEAK = frozenset({Certainty.DENIED, Certainty.RETRACTED, Certainty.RUMOUR, Certainty.HYPOTHETICAL})
# Strongest first: what a merged event says when it is not confirmed.
PRECEDENCE = (
    Certainty.CONFIRMED, Certainty.OFFICIAL_CLAIM, Certainty.WITNESS, Certainty.REPORTED,
    Certainty.PLANNED, Certainty.RUMOUR, Certainty.HYPOTHETICAL, Certainty.DENIED,
    Certainty.RETRACTED,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Told:
    """One event as one article tells it, with the report it makes."""

    event: Event
    article: Article
    report: EventReport

    @classmethod
    def of(cls, event: Event, article: Article) -> Told:
        report = EventReport(
            certainty=event.certainty,
            attributed_to=event.attributed_to,
            negated=event.negated,
            opinion=event.opinion,
            evidence=evidence_of(article, event.start, event.end, event.text),
        )
        return cls(event, article, report)


def _key(event: Event) -> tuple[str, str | None, str | None, str | None]:
    return event.type, event.source_actor, event.target_actor, event.place


def _outlet(article: Article, originals: Mapping[str, str | None]) -> str:
    return originals.get(article.id) or article.outlet or article.id


def merged_certainty(reports: Sequence[EventReport], outlets: Sequence[str]) -> str:
    """``confirmed`` with two independent standing reports, else the strongest report."""
    standing = {
        outlet
        for report, outlet in zip(reports, outlets, strict=True)
        if report.certainty not in WEAK and not report.negated and not report.opinion
    }
    if len(standing) >= 2:
        return Certainty.CONFIRMED.value
    rank = {c.value: i for i, c in enumerate(PRECEDENCE)}
    return min((r.certainty for r in reports), key=lambda c: rank.get(c, len(rank)))


def merge_events(told: Iterable[Told], *, originals: Mapping[str, str | None]) -> list[MergedEvent]:
    """One :class:`MergedEvent` per event, in date order (undated last).

    An event joins the group of the same type, actors and place whose first report is
    within :data:`SAME_EVENT_DAYS` of it (looked up by day, not by scanning every group).
    """
    groups: list[tuple[Event, list[Told]]] = []
    by_day: dict[tuple[tuple[str, str | None, str | None, str | None], dt.date | None], int] = {}
    ordered = sorted(told, key=lambda t: (t.event.date or dt.date.max, t.article.id, t.event.start))
    for item in ordered:
        key, day = _key(item.event), item.event.date
        near = [day] if day is None else [day + dt.timedelta(days=d) for d in _OFFSETS]
        index = next((by_day[(key, d)] for d in near if (key, d) in by_day), None)
        if index is None:
            index = len(groups)
            groups.append((item.event, []))
            by_day[(key, day)] = index
        groups[index][1].append(item)
    return [_merged(first, members, originals) for first, members in groups]


def _merged(first: Event, members: list[Told], originals: Mapping[str, str | None]) -> MergedEvent:
    reports = [t.report for t in members]
    outlets = [_outlet(t.article, originals) for t in members]
    return MergedEvent(
        type=first.type,
        mode=first.mode,
        cameo=first.cameo,
        source_actor=first.source_actor,
        target_actor=first.target_actor,
        place=first.place,
        date=first.date,
        certainty=merged_certainty(reports, outlets),
        reports=tuple(reports),
        outlets=len(set(outlets)),
    )


def reaction_entries(
    pairs: Iterable[tuple[Reaction, Article]], *, originals: Mapping[str, str | None]
) -> list[ReactionEntry]:
    """Reactions by date; a copy repeating its original's reaction is dropped."""
    seen: set[tuple[str, str, str]] = set()
    entries = []
    for reaction, article in pairs:
        key = (reaction.actor_code or reaction.actor, reaction.stance, _outlet(article, originals))
        if article.duplicate_of is not None and key in seen:
            continue
        seen.add(key)
        entries.append(
            ReactionEntry(
                actor=reaction.actor,
                actor_code=reaction.actor_code,
                country=reaction.country,
                stance=reaction.stance,
                date=reaction.date,
                quote=reaction.quote,
                evidence=evidence_of(article, reaction.start, reaction.end, reaction.text),
            )
        )
    return sorted(entries, key=lambda e: (e.date or dt.date.max, e.actor))
