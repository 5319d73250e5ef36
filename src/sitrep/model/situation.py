"""Situation records: stories, figure series with their history, merged events, reactions, alerts.

These are derived from stored articles and their extractions by :mod:`sitrep.situation`.
Every item points back to its evidence: the article, its outlet and date, and the
character span quoted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from sitrep.model.base import Record

Nested = dict[str, type[Record]]


@dataclass(frozen=True, slots=True)
class Evidence(Record):
    """Where a statement comes from: one article and the span of its text that says it."""

    article_id: str
    outlet: str | None
    url: str | None
    published: dt.datetime | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Story(Record):
    """Articles about one unfolding situation, across outlets and languages.

    ``articles`` lists every member in arrival order, copies included; ``independent`` counts
    them with each syndicated or near-duplicate copy counted once.
    """

    id: str
    title: str
    countries: tuple[str, ...]
    first_seen: dt.date | None
    last_seen: dt.date | None
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    independent: int
    sources: int = 0  # distinct outlets of its original articles (copies not counted)


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """One figure as one article reports it, with who says so and how sure it is.

    ``party`` is the independent source behind the number: a government (all of its bodies
    speak for it), an international body, an agency, or the outlet itself when nobody is cited.
    """

    kind: str
    value: int | None
    min: int | None
    max: int | None
    approximate: bool
    who: str
    place: str | None
    as_of: dt.date | None
    source: str | None
    party: str
    certainty: str
    negated: bool
    opinion: bool
    evidence: Evidence

    NESTED: ClassVar[Nested] = {"evidence": Evidence}

    @property
    def low(self) -> int | None:
        return self.value if self.value is not None else self.min

    @property
    def high(self) -> int | None:
        return self.value if self.value is not None else self.max

    @property
    def reported_on(self) -> dt.date | None:
        published = self.evidence.published
        return published.date() if published else self.as_of


@dataclass(frozen=True, slots=True)
class Revision(Record):
    """The same party changing its number (or withdrawing it) in a later report."""

    party: str
    before: Claim
    after: Claim
    withdrawn: bool = False

    NESTED: ClassVar[Nested] = {"before": Claim, "after": Claim}


@dataclass(frozen=True, slots=True)
class Contradiction(Record):
    """Two parties giving incompatible numbers for the same moment."""

    first: Claim
    second: Claim
    official_vs_other: bool

    NESTED: ClassVar[Nested] = {"first": Claim, "second": Claim}


@dataclass(frozen=True, slots=True)
class FigureSeries(Record):
    """Every claim about one count, keyed by (kind, who, where), oldest report first.

    ``latest`` holds the newest number each party asserts (rumours aside); ``outlets`` and
    ``parties`` count the independent outlets and sources behind the series (corroboration).
    """

    kind: str
    who: str
    where: str | None
    claims: tuple[Claim, ...]
    latest: tuple[Claim, ...]
    revisions: tuple[Revision, ...]
    contradictions: tuple[Contradiction, ...]
    outlets: int
    parties: int

    NESTED: ClassVar[Nested] = {
        "claims": Claim,
        "latest": Claim,
        "revisions": Revision,
        "contradictions": Contradiction,
    }

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.who}/{self.where or '-'}"


@dataclass(frozen=True, slots=True)
class EventReport(Record):
    """One article's telling of an event."""

    certainty: str
    attributed_to: str | None
    negated: bool
    opinion: bool
    evidence: Evidence

    NESTED: ClassVar[Nested] = {"evidence": Evidence}


@dataclass(frozen=True, slots=True)
class MergedEvent(Record):
    """The same event told by one or more outlets: one coded event with all its reports."""

    type: str
    mode: str | None
    cameo: str
    source_actor: str | None
    target_actor: str | None
    place: str | None
    date: dt.date | None
    certainty: str
    reports: tuple[EventReport, ...]
    outlets: int

    NESTED: ClassVar[Nested] = {"reports": EventReport}


@dataclass(frozen=True, slots=True)
class ReactionEntry(Record):
    """One reaction of a foreign government or international body, as one article reports it."""

    actor: str
    actor_code: str | None
    country: str | None
    stance: str
    date: dt.date | None
    quote: str | None
    evidence: Evidence

    NESTED: ClassVar[Nested] = {"evidence": Evidence}


class AlertKind(StrEnum):
    NEW_STORY = "new_story"
    FIRST_FATALITIES = "first_fatalities"
    FIGURE_REVISED = "figure_revised"
    FOREIGN_DEPLOYMENT = "foreign_deployment"
    NEW_REACTION = "new_reaction"
    STANCE_CHANGE = "stance_change"
    CONTRADICTION = "contradiction"


@dataclass(frozen=True, slots=True)
class Alert(Record):
    """A significant change in a story, with the evidence for it.

    ``key`` identifies the change (story, kind and subject) so it is raised once; ``status``
    is ``confirmed`` (enough independent sources), ``unconfirmed`` (sent on a single source)
    or ``held`` (waiting for corroboration); ``suppressed`` when the story's rate limit was hit.
    """

    key: str
    story_id: str
    kind: str
    title: str
    detail: str
    status: str
    sources: int
    raised_at: dt.datetime
    evidence: tuple[Evidence, ...]

    NESTED: ClassVar[Nested] = {"evidence": Evidence}


@dataclass(frozen=True, slots=True)
class FailedDelivery(Record):
    """An alert a sink did not accept: how often it was tried, the last error, and when it
    is due again (``next_try`` None: given up after the configured number of attempts)."""

    alert_key: str
    sink: str
    attempts: int
    error: str
    next_try: dt.datetime | None


@dataclass(frozen=True, slots=True)
class PlaceMention(Record):
    """A geocoded place of a story, with how often and by how many outlets it is named."""

    geonameid: int
    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    mentions: int
    outlets: int


@dataclass(frozen=True, slots=True)
class Situation(Record):
    """The picture of one story: its figure series, merged events, reactions and places.

    ``opinions`` are the opinion passages of its articles, kept apart from fact; ``copies``
    maps each near-duplicate copy to the outlet of the article it copies, so independence is
    counted once.
    """

    story: Story
    series: tuple[FigureSeries, ...]
    events: tuple[MergedEvent, ...]
    reactions: tuple[ReactionEntry, ...]
    opinions: tuple[Evidence, ...]
    places: tuple[PlaceMention, ...] = ()
    copies: tuple[tuple[str, str], ...] = ()  # copy article id -> its original's outlet
    leads: tuple[Evidence, ...] = ()  # the opening sentence of its first original reports

    NESTED: ClassVar[Nested] = {
        "story": Story,
        "series": FigureSeries,
        "events": MergedEvent,
        "reactions": ReactionEntry,
        "opinions": Evidence,
        "places": PlaceMention,
        "leads": Evidence,
    }
