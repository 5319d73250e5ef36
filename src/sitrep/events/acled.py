"""ACLED sub-event types from sitrep events and the lexical cues of a snippet.

The mapping is data (``sitrep/data/events/acled_map.yaml``): cue rules (regular expressions
with weights, ``all``/``none`` conditions) and event votes (CAMEO code prefix -> ACLED type,
optionally only for given source-actor roles). :func:`acled_type` adds the weights of every
matching rule and vote per type and returns the best (ties: the order of ``types``), or
``None`` when nothing matches. The first 25 types are ACLED's (CASE 2021 subtask 1); the
last five (organised crime, natural and man-made disasters, diplomacy, attribution) are the
extra types of the shared task's subtask 3.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sitrep.model import Event


@dataclass(frozen=True, slots=True)
class CueRule:
    """A weighted lexical rule for one ACLED type."""

    type: str
    weight: float
    any: re.Pattern[str] | None
    all: tuple[re.Pattern[str], ...]
    none: re.Pattern[str] | None

    def matches(self, text: str) -> bool:
        """True when the lower-cased ``text`` satisfies every condition of the rule."""
        if self.any is not None and not self.any.search(text):
            return False
        if not all(p.search(text) for p in self.all):
            return False
        return not (self.none is not None and self.none.search(text))


@dataclass(frozen=True, slots=True)
class EventVote:
    """An ACLED type suggested by an event's CAMEO code (and its source role)."""

    code: str
    type: str
    weight: float
    roles: frozenset[str] = frozenset()
    text: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class AcledMap:
    """The loaded mapping."""

    types: tuple[str, ...]
    seen: tuple[str, ...]
    cues: tuple[CueRule, ...]
    votes: tuple[EventVote, ...]


def _alternation(patterns: Sequence[str] | None) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern + ")")


def _role(code: str | None) -> str:
    """The role part of a CAMEO-style actor code (``KAZCOP`` -> ``COP``)."""
    return (code or "")[-3:]


@functools.cache
def acled_map() -> AcledMap:
    """The ACLED mapping from package data (loaded once)."""
    text = (resources.files("sitrep.data") / "events" / "acled_map.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    types = tuple(raw["types"])
    cues = tuple(
        CueRule(
            type=c["type"],
            weight=float(c["weight"]),
            any=_alternation(c.get("any")),
            all=tuple(_compile(p) for p in c.get("all") or ()),
            none=_alternation(c.get("none")),
        )
        for c in raw["cues"]
    )
    votes = [
        EventVote(code=str(k), type=v["type"], weight=float(v["weight"]))
        for k, v in raw["events"].items()
    ]
    votes += [
        EventVote(
            code=str(v["code"]),
            type=v["type"],
            weight=float(v["weight"]),
            roles=frozenset(v.get("roles") or ()),
            text=_compile(v["text"]) if v.get("text") else None,
        )
        for v in raw.get("role_events") or ()
    ]
    unknown = {r.type for r in cues} | {v.type for v in votes}
    unknown -= set(types)
    if unknown:
        raise ValueError(f"acled_map.yaml: unknown ACLED types {sorted(unknown)!r}")
    return AcledMap(types, types[: int(raw["acled_seen"])], cues, tuple(votes))


def acled_scores(events: Sequence[Event], text: str) -> dict[str, float]:
    """Total weight per ACLED type for ``events`` found in ``text`` (types with weight > 0)."""
    table = acled_map()
    lowered = text.lower()
    totals: dict[str, float] = {}
    for rule in table.cues:
        if rule.matches(lowered):
            totals[rule.type] = totals.get(rule.type, 0.0) + rule.weight
    for event in events:
        if event.negated or event.opinion:
            continue
        for vote in table.votes:
            if not event.cameo.startswith(vote.code):
                continue
            if vote.roles and _role(event.source_actor) not in vote.roles:
                continue
            if vote.text is not None and not vote.text.search(lowered):
                continue
            totals[vote.type] = totals.get(vote.type, 0.0) + vote.weight
    return totals


def acled_type(events: Sequence[Event], text: str, *, seen_only: bool = False) -> str | None:
    """The best ACLED sub-event type for a snippet, or None when no rule or event fits.

    ``seen_only`` restricts the choice to the 25 ACLED types (CASE 2021 subtask 1).
    """
    table = acled_map()
    totals = acled_scores(events, text)
    allowed = table.seen if seen_only else table.types
    ranked = [(totals.get(t, 0.0), -i, t) for i, t in enumerate(allowed)]
    best = max(ranked)
    return best[2] if best[0] > 0 else None
