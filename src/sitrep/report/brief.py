"""The brief's content: every statement with the sources it cites, ready to render.

:func:`build_brief` turns a situation picture into a :class:`Brief`: a lead paragraph, key
figures with their history and revisions, unverified items (rumours, denials,
single-source), a timeline, the international reactions, the places, opinion kept apart,
the alerts, and a numbered source list. A statement never appears without citations; a
citation points at an article and the exact span quoted. Rendering is in
:mod:`sitrep.report.brief_render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sitrep.model import (
    Alert,
    Article,
    Certainty,
    Claim,
    Evidence,
    FigureSeries,
    MergedEvent,
    ReactionEntry,
    Situation,
)
from sitrep.report.svg_chart import ChartLine, ChartPoint, series_chart_svg
from sitrep.report.svg_map import MapPoint, map_svg
from sitrep.situation.claims import (
    claim_number,
    evidence_time,
    group_label,
    independent_outlets,
)
from sitrep.situation.names import actor_name, country_name, party_name
from sitrep.situation.series import HISTORY_DAYS, asserted, current, historical

MAX_FIGURES = 10
MAX_TIMELINE = 30
MAX_CITES = 4
MAX_QUOTES = 3
MAX_CHART_LINES = 4
MAX_MAP_PLACES = 25
MAX_HISTORY = 40  # reports listed per series (the newest); all are in `sitrep story --json`
MAX_ALERTS = 40  # the newest alerts
SHOWN_KINDS = ("killed", "injured", "missing", "kidnapped", "detained", "released", "displaced",
               "evacuated", "deployed", "protesters")  # fmt: skip
EVENT_WORDS = {  # PLOVER event types in plain words
    "AGREE": "agreement", "ACCUSE": "accusation", "AID": "aid", "ASSAULT": "violence",
    "COERCE": "coercion", "CONCEDE": "concession", "CONSULT": "consultation",
    "COOPERATE": "cooperation", "DEMAND": "demand", "DISAPPROVE": "disapproval",
    "MOBILIZE": "troops deployed", "PROTEST": "protest", "REJECT": "rejection",
    "REQUEST": "request", "RETREAT": "retreat", "SANCTION": "sanction", "SUPPORT": "support",
    "THREATEN": "threat",
}  # fmt: skip
CERTAINTY_WORDS = {
    "confirmed": "confirmed by several sources",
    "official_claim": "official claim",
    "reported": "reported",
    "witness": "witness account",
    "rumour": "rumour, unconfirmed",
    "denied": "denied",
    "retracted": "withdrawn",
    "planned": "announced, planned",
    "hypothetical": "hypothetical",
}


@dataclass(frozen=True, slots=True)
class Source:
    """A numbered citation: one article and the spans of it the brief quotes."""

    n: int
    article_id: str
    outlet: str | None
    published: dt.datetime | None
    url: str | None
    title: str | None
    quotes: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of the brief with the numbers of the sources it cites."""

    text: str
    cites: tuple[int, ...]
    flag: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(self.text.split()))


@dataclass(frozen=True, slots=True)
class FigureRow:
    label: str
    current: Statement
    revisions: tuple[Statement, ...]
    history: tuple[Statement, ...]
    chart: str | None


@dataclass(frozen=True, slots=True)
class ReactionRow:
    actor: str
    stances: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    story_id: str
    title: str
    period: str
    generated: dt.datetime
    coverage: str
    lead: tuple[Statement, ...]
    figures: tuple[FigureRow, ...]
    unverified: tuple[Statement, ...]
    timeline: tuple[tuple[str, Statement], ...]
    reactions: tuple[ReactionRow, ...]
    map_svg: str | None
    places: tuple[Statement, ...]
    opinions: tuple[Statement, ...]
    alerts: tuple[Statement, ...]
    sources: tuple[Source, ...]


@dataclass
class Citations:
    """Numbers each cited article once, in order of first citation, keeping quoted spans."""

    articles: Mapping[str, Article]
    _numbers: dict[str, int] = field(default_factory=dict)
    _quotes: dict[str, list[Evidence]] = field(default_factory=dict)

    def cite(self, evidence: Iterable[Evidence], limit: int = MAX_CITES) -> tuple[int, ...]:
        numbers: list[int] = []
        for item in evidence:
            n = self._numbers.setdefault(item.article_id, len(self._numbers) + 1)
            quotes = self._quotes.setdefault(item.article_id, [])
            if len(quotes) < MAX_QUOTES and all(q.start != item.start for q in quotes):
                quotes.append(item)
            if n not in numbers:
                numbers.append(n)
            if len(numbers) >= limit:
                break
        return tuple(numbers)

    def sources(self) -> tuple[Source, ...]:
        out = []
        for article_id, n in sorted(self._numbers.items(), key=lambda kv: kv[1]):
            article = self.articles.get(article_id)
            quotes = self._quotes[article_id]
            out.append(
                Source(
                    n=n,
                    article_id=article_id,
                    outlet=quotes[0].outlet,
                    published=quotes[0].published,
                    url=quotes[0].url,
                    title=article.title if article else None,
                    quotes=tuple(quotes),
                )
            )
        return tuple(out)


def day_label(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "undated"
    return f"{day.day} {day:%b %Y}"


def series_label(series: FigureSeries) -> str:
    where = f" in {series.where}" if series.where else ""
    who = group_label(series.who)
    if series.kind == "protesters":
        return f"Crowd size{' (' + who + ')' if who not in ('people', 'protesters') else ''}{where}"
    return f"{who.capitalize()} {series.kind}{where}"


def _by_time(evidence: Iterable[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=evidence_time)


def _backing(series: FigureSeries, claim: Claim) -> list[Claim]:
    return [
        c for c in series.claims if c.value == claim.value and c.min == claim.min and asserted(c)
    ]


def outlet_name(evidence: Evidence) -> str:
    return evidence.outlet or "unknown outlet"


def _independent(evidence: Iterable[Evidence], copies: Mapping[str, str]) -> int:
    return len(independent_outlets(evidence, copies))


def _current_statement(
    series: FigureSeries, claim: Claim, cites: Citations, copies: Mapping[str, str]
) -> Statement:
    backing = _backing(series, claim)
    outlets = _independent([c.evidence for c in backing], copies)
    text = (
        f"{claim_number(claim)} {group_label(series.who)} {series.kind}"
        f"{' in ' + series.where if series.where else ''}, according to "
        f"{party_name(claim.party)} ({CERTAINTY_WORDS.get(claim.certainty, claim.certainty)}, "
        f"{day_label(claim.evidence.published)}); reported by {outlets} "
        f"outlet{'s' if outlets != 1 else ''}."
    )
    flag = "single source" if series.outlets < 2 else None
    return Statement(text, cites.cite(_by_time(c.evidence for c in backing)), flag)


def _revision_statements(series: FigureSeries, cites: Citations) -> list[Statement]:
    out = []
    for revision in series.revisions:
        before, after = revision.before, revision.after
        if revision.withdrawn:
            text = (
                f"{claim_number(before)} ({party_name(before.party)}, "
                f"{day_label(before.evidence.published)}) was withdrawn "
                f"({day_label(after.evidence.published)})."
            )
        else:
            text = (
                f"{party_name(revision.party)} revised {claim_number(before)} "
                f"({day_label(before.evidence.published)}) to {claim_number(after)} "
                f"({day_label(after.evidence.published)})."
            )
        out.append(Statement(text, cites.cite([before.evidence, after.evidence])))
    return out


def _history(series: FigureSeries, cites: Citations) -> list[Statement]:
    out = []
    older = len(series.claims) - MAX_HISTORY
    if older > 0:
        out.append(Statement(f"{older} earlier reports: see `sitrep story --json`", ()))
    for claim in series.claims[-MAX_HISTORY:]:
        certainty = CERTAINTY_WORDS.get(claim.certainty, claim.certainty)
        negated = " (negated)" if claim.negated else ""
        text = (
            f"{day_label(claim.evidence.published)}: {claim_number(claim)}{negated} — "
            f"{party_name(claim.party)}, {certainty} ({outlet_name(claim.evidence)})"
        )
        out.append(Statement(text, cites.cite([claim.evidence])))
    return out


def _chart(series: FigureSeries, situation: Situation) -> str | None:
    """One line per party (the busiest few); a withdrawal is marked on the withdrawn line."""
    withdrawn_by = {
        (r.after.evidence.article_id, r.after.evidence.start): r.party
        for r in series.revisions
        if r.withdrawn
    }
    by_party: dict[str, list[ChartPoint]] = {}
    for claim in series.claims:
        published = claim.evidence.published
        if published is None or claim.low is None or historical(claim, situation.story):
            continue
        party = claim.party
        if claim.certainty == Certainty.RETRACTED:
            marker = "withdrawn"
            party = withdrawn_by.get((claim.evidence.article_id, claim.evidence.start), party)
        elif claim.certainty == Certainty.DENIED or claim.negated:
            marker = "denied"
        elif not asserted(claim):
            continue
        else:
            marker = "value" if claim.value is not None else "range"
        points = by_party.setdefault(party_name(party), [])
        point = ChartPoint(published.date(), claim.low, claim.high, marker)
        if points and (points[-1].day, points[-1].marker) == (point.day, point.marker):
            points[-1] = point  # one point per party, day and kind: the day's last report
        else:
            points.append(point)
    ranked = sorted(by_party.items(), key=lambda kv: -len(kv[1]))[:MAX_CHART_LINES]
    if not ranked or sum(len(points) for _, points in ranked) < 2:
        return None
    lines = [ChartLine(label, tuple(points)) for label, points in ranked]
    return series_chart_svg(lines, title=series_label(series), y_label=series.kind)


def _figures(situation: Situation, cites: Citations) -> list[FigureRow]:
    rows = []
    for series in situation.series:
        if series.kind not in SHOWN_KINDS:
            continue
        claim = current(series)
        if claim is None or historical(claim, situation.story):
            continue
        rows.append(
            FigureRow(
                label=series_label(series),
                current=_current_statement(series, claim, cites, dict(situation.copies)),
                revisions=tuple(_revision_statements(series, cites)),
                history=tuple(_history(series, cites)),
                chart=_chart(series, situation),
            )
        )
        if len(rows) >= MAX_FIGURES:
            break
    return rows


def _unverified(situation: Situation, cites: Citations) -> list[Statement]:
    out = []
    for series in situation.series:
        for claim in series.claims:
            if claim.certainty == Certainty.RUMOUR:
                flag = "rumour"
            elif claim.certainty == Certainty.DENIED or claim.negated:
                flag = "denied"
            else:
                continue
            text = (
                f"{claim_number(claim)} {group_label(series.who)} {series.kind}: "
                f"“{claim.evidence.text}” ({outlet_name(claim.evidence)}, "
                f"{day_label(claim.evidence.published)})"
            )
            out.append(Statement(text, cites.cite([claim.evidence]), flag))
    for event in situation.events:
        if event.certainty in (Certainty.RUMOUR, Certainty.DENIED):
            report = event.reports[0]
            text = f"{_event_words(event)}: “{report.evidence.text}”"
            out.append(
                Statement(text, cites.cite(r.evidence for r in event.reports), event.certainty)
            )
    return out


def _event_words(event: MergedEvent) -> str:
    """A short description: "Russia → Kazakhstan: troops deployed", "protest in Almaty"."""
    actors = " → ".join(actor_name(a) for a in (event.source_actor, event.target_actor) if a)
    what = EVENT_WORDS.get(event.type, event.type.lower())
    if event.mode and event.type != "MOBILIZE":
        what += f" ({event.mode})"
    where = f" in {event.place}" if event.place and event.type != "MOBILIZE" else ""
    return f"{actors + ': ' if actors else ''}{what}{where}"


def _background(event: MergedEvent, situation: Situation) -> bool:
    first = situation.story.first_seen
    return bool(event.date and first and event.date < first - dt.timedelta(days=HISTORY_DAYS))


def _timeline(situation: Situation, cites: Citations) -> list[tuple[str, Statement]]:
    chosen = [e for e in situation.events if not all(r.opinion or r.negated for r in e.reports)]
    chosen = [e for e in chosen if not _background(e, situation)]
    chosen = [e for e in chosen if e.certainty not in (Certainty.RUMOUR, Certainty.DENIED)]
    chosen = sorted(chosen, key=lambda e: (-e.outlets, e.date or dt.date.max))[:MAX_TIMELINE]
    out = []
    for event in sorted(chosen, key=lambda e: (e.date or dt.date.max, -e.outlets)):
        report = event.reports[0]
        flag = "single source" if event.outlets < 2 else None
        text = (
            f"{_event_words(event)} — “{report.evidence.text}” "
            f"({CERTAINTY_WORDS.get(event.certainty, event.certainty)}; "
            f"{event.outlets} outlet{'s' if event.outlets != 1 else ''})"
        )
        cited = cites.cite(_by_time(r.evidence for r in event.reports))
        out.append((day_label(event.date), Statement(text, cited, flag)))
    return out


def _reactor_name(entry: ReactionEntry) -> str:
    if entry.actor_code:
        return actor_name(entry.actor_code)
    return country_name(entry.country) if entry.country else entry.actor


def _reactions(situation: Situation, cites: Citations) -> list[ReactionRow]:
    home = set(situation.story.countries[:1])
    rows: dict[str, dict[str, list[ReactionEntry]]] = {}
    for entry in situation.reactions:
        if entry.country in home or entry.stance == "other":
            continue
        rows.setdefault(_reactor_name(entry), {}).setdefault(entry.stance, []).append(entry)
    out = []
    for actor, stances in rows.items():
        statements = []
        for stance, entries in stances.items():
            first = min(entries, key=lambda e: e.date or dt.date.max)
            quote = f" — “{first.quote}”" if first.quote else ""
            outlets = _independent([e.evidence for e in entries], dict(situation.copies))
            text = (
                f"{stance.replace('_', ' ')} (from {day_label(first.date)}; {first.actor}){quote}"
            )
            flag = "single source" if outlets < 2 else None
            statements.append(
                Statement(text, cites.cite(_by_time(e.evidence for e in entries)), flag)
            )
        out.append(ReactionRow(actor, tuple(statements)))
    return sorted(out, key=lambda r: r.actor)


def _map(situation: Situation, cites: Citations) -> tuple[str | None, list[Statement]]:
    home = set(situation.story.countries)
    inside = [p for p in situation.places if p.country in home][:MAX_MAP_PLACES]
    elsewhere = [p for p in situation.places if p.country not in home]
    points = [MapPoint(p.name, p.lat, p.lon, p.mentions, None, p.country) for p in inside]
    names = ", ".join(country_name(c) for c in sorted(home))
    svg = (
        map_svg(points, countries=sorted(home), title=f"Places named: {names}") if points else None
    )
    notes = [
        Statement(
            f"{p.name} ({country_name(p.country) if p.country else '?'}): "
            f"named {p.mentions} times by {p.outlets} outlets",
            (),
        )
        for p in elsewhere[:10]
    ]
    return svg, notes


def _lead(situation: Situation, figures: Sequence[FigureRow], cites: Citations) -> list[Statement]:
    story = situation.story
    out = [
        Statement(
            f"{story.independent} independent reports from {story.sources} outlets "
            f"({day_label(story.first_seen)} – {day_label(story.last_seen)}).",
            (),
        )
    ]
    out.extend(row.current for row in figures[:3])
    deployments = [e for e in situation.events if e.type == "MOBILIZE" and e.outlets >= 2]
    for event in deployments[:2]:
        out.append(
            Statement(
                f"{_event_words(event)} ({day_label(event.date)}).",
                cites.cite(_by_time(r.evidence for r in event.reports)),
            )
        )
    return out


def _alerts(alerts: Sequence[Alert], cites: Citations) -> list[Statement]:
    newest = sorted(alerts, key=lambda a: a.raised_at)[-MAX_ALERTS:]
    return [
        Statement(f"{a.title} — {a.status}, {a.sources} sources", cites.cite(a.evidence), a.status)
        for a in newest
    ]


def build_brief(
    situation: Situation,
    *,
    articles: Mapping[str, Article],
    alerts: Sequence[Alert] = (),
    now: dt.datetime | None = None,
) -> Brief:
    """The brief of ``situation``; ``articles`` gives the titles of cited articles."""
    cites = Citations(articles)
    story = situation.story
    figures = _figures(situation, cites)
    lead = _lead(situation, figures, cites)
    unverified = _unverified(situation, cites)
    timeline = _timeline(situation, cites)
    reactions = _reactions(situation, cites)
    map_svg_text, places = _map(situation, cites)
    opinions = [
        Statement(
            f"“{e.text}” ({outlet_name(e)}, {day_label(e.published)})", cites.cite([e]), "opinion"
        )
        for e in situation.opinions[:8]
    ]
    return Brief(
        story_id=story.id,
        title=story.title,
        period=f"{day_label(story.first_seen)} – {day_label(story.last_seen)}",
        generated=now or dt.datetime.now(dt.UTC),
        coverage=f"{len(story.articles)} articles ({story.independent} independent) "
        f"from {len(story.outlets)} outlets",
        lead=tuple(lead),
        figures=tuple(figures),
        unverified=tuple(unverified),
        timeline=tuple(timeline),
        reactions=tuple(reactions),
        map_svg=map_svg_text,
        places=tuple(places),
        opinions=tuple(opinions),
        alerts=tuple(_alerts(alerts, cites)),
        sources=cites.sources(),
    )
