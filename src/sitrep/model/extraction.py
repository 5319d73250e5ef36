"""Per-article extraction records: actors, places, times, figures, attribution, events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

from sitrep.model.base import Record

# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """A mention of a political actor.

    ``country`` is ISO 3166 alpha-3 or an IGO code (``UNO``, ``EUR``, ``CST``...);
    ``role`` one of GOV MIL COP JUD LEG OPP REB PRO CVL MED IGO NGO BUS UNK;
    ``code`` the CAMEO-style concatenation (``TURGOV``). ``resolved_from`` is the start
    offset of the antecedent when this mention is a pronoun or a definite description.
    """

    text: str
    start: int
    end: int
    name: str
    country: str | None
    role: str
    title: str | None = None
    code: str = ""
    resolved_from: int | None = None


@dataclass(frozen=True, slots=True)
class Place(Record):
    """A toponym resolved to GeoNames. ``as_actor`` marks metonymy ("Moscow said")."""

    text: str
    start: int
    end: int
    geonameid: int | None
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    as_actor: bool = False


@dataclass(frozen=True, slots=True)
class TimeRef(Record):
    """A date or time expression resolved against the article's published date.

    A point has ``date``; a range has ``start_date`` and ``end_date``. ``granularity`` is
    one of ``hour``, ``part_of_day``, ``day``, ``week``, ``month``, ``year``.
    """

    text: str
    start: int
    end: int
    date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: str


class Certainty(StrEnum):
    """How sure a report is of a figure or an event."""

    CONFIRMED = "confirmed"  # several independent sources, or verified
    OFFICIAL_CLAIM = "official_claim"  # a government or a party to the conflict says so
    REPORTED = "reported"  # a news outlet or agency reports it
    WITNESS = "witness"
    RUMOUR = "rumour"  # "there are rumours", "reportedly", "unconfirmed"
    DENIED = "denied"
    RETRACTED = "retracted"
    PLANNED = "planned"  # announced, will send
    HYPOTHETICAL = "hypothetical"


@dataclass(frozen=True, slots=True)
class Attribution(Record):
    """Reported speech: who (``source``) said (``cue``) what (``content_start:content_end``).

    ``text``/``start``/``end`` cover the whole construction. ``source`` is None for
    agentless reporting ("it is said that ..."). ``kind``: ``direct`` (quotation),
    ``indirect`` ("said that"), ``according_to``, ``reporting_noun`` ("a statement by"),
    ``parenthetical`` ("..., X said.").
    """

    text: str
    start: int
    end: int
    source: str | None
    source_start: int | None
    source_end: int | None
    source_actor: str | None
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    kind: str = "indirect"


@dataclass(frozen=True, slots=True)
class Figure(Record):
    """A count of people or forces, with whom it counts, where, when, by whom, how sure.

    ``value`` is set for an exact number; ``min``/``max`` bound ranges, bounds ("more than
    2,000": min 2001) and vague quantities ("thousands": 2000-9999, ``approximate``).
    ``source`` is the attributed source's name, or the outlet when nothing attributes it.
    ``unit`` names a military unit ("103rd airborne brigade") deployed without a head count.
    ``opinion`` marks figures stated in an opinion passage (not to be reported as fact).
    """

    kind: str
    value: int | None
    min: int | None
    max: int | None
    approximate: bool
    who: str | None
    place: str | None
    geonameid: int | None
    as_of: dt.date | None
    source: str | None
    source_actor: str | None
    certainty: str
    negated: bool
    text: str
    start: int
    end: int
    unit: str | None = None
    opinion: bool = False


@dataclass(frozen=True, slots=True)
class Passage(Record):
    """A stretch of text flagged as not factual: ``reason`` is ``opinion`` or ``sarcasm``."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Event(Record):
    """Who did what to whom, where and when, coded in PLOVER (``type``, ``mode``) and CAMEO.

    ``source_actor``/``target_actor`` are CAMEO-style actor codes (``RUSMIL``), with the
    mention texts in ``source``/``target``. ``figures`` holds the start offsets of the
    :class:`Figure` records the event carries (e.g. the dead of an assault).
    ``attributed_to`` names who reports the event (the outlet when nobody is cited).
    ``trigger`` is the word that evokes the event (usually the verb).
    """

    type: str
    mode: str | None
    cameo: str
    quad_class: int
    source_actor: str | None
    target_actor: str | None
    place: str | None
    date: dt.date | None
    attributed_to: str | None
    certainty: str
    negated: bool
    text: str
    start: int
    end: int
    trigger: str = ""
    source: str | None = None
    target: str | None = None
    geonameid: int | None = None
    figures: tuple[int, ...] = ()
    opinion: bool = False


class Stance(StrEnum):
    """The position a foreign government or international body takes on a crisis."""

    SUPPORTS_GOVERNMENT = "supports_government"
    SUPPORTS_PROTESTERS = "supports_protesters"
    NON_INTERFERENCE = "non_interference"
    CALLS_FOR_RESTRAINT = "calls_for_restraint"
    CALLS_FOR_RIGHTS = "calls_for_rights"
    DEMANDS_SOVEREIGNTY = "demands_sovereignty"
    CONDEMNS = "condemns"
    OFFERS_MEDIATION = "offers_mediation"
    OFFERS_AID = "offers_aid"
    MILITARY_SUPPORT = "military_support"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Reaction(Record):
    """A foreign government's, leader's or international body's reaction, with its stance.

    ``actor`` is the reacting actor's name and ``actor_code`` its CAMEO-style code;
    ``country`` is ISO alpha-3 or an IGO code. ``target`` is whom the reaction addresses
    (a country or actor code), ``quote`` the quoted or paraphrased words if any.
    """

    actor: str
    actor_code: str | None
    country: str | None
    stance: str
    target: str | None
    date: dt.date | None
    quote: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article by one pipeline version."""

    article_id: str
    pipeline: str
    language: str | None
    supported: bool
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeRef, ...] = ()
    figures: tuple[Figure, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    opinions: tuple[Passage, ...] = ()
    events: tuple[Event, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "pipeline": self.pipeline,
            "language": self.language,
            "supported": self.supported,
            "note": self.note,
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "times": [t.to_dict() for t in self.times],
            "figures": [f.to_dict() for f in self.figures],
            "attributions": [a.to_dict() for a in self.attributions],
            "opinions": [p.to_dict() for p in self.opinions],
            "events": [e.to_dict() for e in self.events],
            "reactions": [r.to_dict() for r in self.reactions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            article_id=data["article_id"],
            pipeline=data["pipeline"],
            language=data.get("language"),
            supported=bool(data.get("supported", True)),
            note=data.get("note"),
            actors=tuple(Actor.from_dict(a) for a in data.get("actors", ())),
            places=tuple(Place.from_dict(p) for p in data.get("places", ())),
            times=tuple(TimeRef.from_dict(t) for t in data.get("times", ())),
            figures=tuple(Figure.from_dict(f) for f in data.get("figures", ())),
            attributions=tuple(Attribution.from_dict(a) for a in data.get("attributions", ())),
            opinions=tuple(Passage.from_dict(p) for p in data.get("opinions", ())),
            events=tuple(Event.from_dict(e) for e in data.get("events", ())),
            reactions=tuple(Reaction.from_dict(r) for r in data.get("reactions", ())),
        )
