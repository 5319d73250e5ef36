"""Build the situation picture of one story from what the store holds.

Everything is derived from stored articles and their extractions, which are never
changed, so the picture can be rebuilt at any time and the history stays queryable.
A :class:`Loader` keeps parsed articles and extractions in memory, so a long-running
process (``sitrep watch``) only reads each article once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sitrep.errors import NotFoundError
from sitrep.extract.version import PIPELINE_VERSION
from sitrep.model import (
    Article,
    Claim,
    Evidence,
    Extraction,
    Place,
    PlaceMention,
    Reaction,
    Situation,
    Story,
)
from sitrep.situation.claims import claim_of, evidence_of
from sitrep.situation.merge import Told, merge_events, reaction_entries
from sitrep.situation.names import country_name
from sitrep.situation.series import build_series
from sitrep.situation.stories import story_countries
from sitrep.store.base import Store, StoryState

COUNTRY_FEATURES = frozenset({"country", "continent"})
# What a picture is built from: a Loader reads only these lists of an extraction (actors,
# times and attributions, ~60 % of the stored items, are already folded into them).
PICTURE_PARTS = ("figures", "events", "reactions", "opinions", "places")
LEADS = 5  # opening sentences kept as the story's own evidence
LEAD_CHARS = 300


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one article adds to its story's picture (derived once: extractions never change)."""

    claims: tuple[Claim, ...]
    told: tuple[Told, ...]
    reactions: tuple[tuple[Reaction, Article], ...]
    opinions: tuple[Evidence, ...]
    places: tuple[Place, ...]


EMPTY = Contribution((), (), (), (), ())


def contribution(
    article: Article, extraction: Extraction | None, *, outlet: str | None = None
) -> Contribution:
    """The claims, events, reactions, opinion passages and places of one article
    (``outlet``: the outlet a copy counts for, its original's)."""
    if extraction is None or not extraction.supported:
        return EMPTY
    names = frozenset(p.name for p in extraction.places if p.feature in COUNTRY_FEATURES)
    return Contribution(
        claims=tuple(
            claim_of(f, article, country_names=names, outlet=outlet) for f in extraction.figures
        ),
        told=tuple(Told.of(e, article) for e in extraction.events),
        reactions=tuple((r, article) for r in extraction.reactions),
        opinions=tuple(_opinion_evidence(article, extraction)),
        places=tuple(p for p in extraction.places if not p.as_actor),
    )


class Loader:
    """Reads articles and the parts of their extractions a picture needs
    (:data:`PICTURE_PARTS`), remembering what it has read and what each article
    contributes to a picture."""

    def __init__(self, store: Store, *, pipeline: str = PIPELINE_VERSION) -> None:
        self.store = store
        self.pipeline = pipeline
        self._articles: dict[str, Article] = {}
        self._extractions: dict[str, Extraction] = {}
        self._contributions: dict[str, Contribution] = {}

    def contributions(
        self,
        rows: Sequence[tuple[Article, Extraction | None]],
        originals: Mapping[str, str | None],
    ) -> list[Contribution]:
        found = []
        for article, extraction in rows:
            known = self._contributions.get(article.id)
            if known is None:
                known = contribution(article, extraction, outlet=originals.get(article.id))
                if extraction is not None:
                    self._contributions[article.id] = known
            found.append(known)
        return found

    def load(self, article_ids: Sequence[str]) -> list[tuple[Article, Extraction | None]]:
        missing = [i for i in article_ids if i not in self._articles]
        if missing:
            self._articles.update((a.id, a) for a in self.store.get_articles(missing))
        unparsed = [i for i in article_ids if i not in self._extractions]
        if unparsed:
            found = self.store.get_extractions(unparsed, self.pipeline, parts=PICTURE_PARTS)
            self._extractions.update(found)
        return [
            (self._articles[i], self._extractions.get(i))
            for i in article_ids
            if i in self._articles
        ]

    def forget(self, article_id: str) -> None:
        """Drop a cached extraction (after it was re-run)."""
        self._extractions.pop(article_id, None)
        self._contributions.pop(article_id, None)


def story_record(state: StoryState, articles: Sequence[Article]) -> Story:
    """The :class:`Story` of a stored story state and its articles (in arrival order)."""
    countries = story_countries(state.features)
    names = ", ".join(country_name(c) for c in countries[:2])
    originals = [a for a in articles if a.duplicate_of is None]
    outlets = sorted({a.outlet for a in articles if a.outlet})
    sources = {a.outlet or a.id for a in originals}
    return Story(
        id=state.id,
        title=f"{names}: {state.title}" if names else state.title,
        countries=countries,
        first_seen=dt.date.fromisoformat(state.first_seen) if state.first_seen else None,
        last_seen=dt.date.fromisoformat(state.last_seen) if state.last_seen else None,
        articles=tuple(a.id for a in articles),
        outlets=tuple(outlets),
        independent=len(originals),
        sources=len(sources),
    )


def _originals(
    rows: Sequence[tuple[Article, Extraction | None]], loader: Loader
) -> dict[str, str | None]:
    """Copy id -> the outlet of the article it copies (its id when it names no outlet)."""
    copies = {a.id: a.duplicate_of for a, _ in rows if a.duplicate_of}
    if not copies:
        return {}
    sources = {a.id: a.outlet or a.id for a, _ in loader.load(sorted(set(copies.values())))}
    return {copy: sources.get(original, original) for copy, original in copies.items()}


def build_situation(store: Store, story_id: str, *, loader: Loader | None = None) -> Situation:
    """The situation picture of ``story_id`` (an id or unique prefix)."""
    loader = loader or Loader(store)
    state = store.story_state(story_id)
    rows = loader.load(store.story_articles(state.id))
    if not rows:
        raise NotFoundError(f"story {state.id} has no stored articles")
    originals = _originals(rows, loader)
    claims: list[Claim] = []
    told: list[Told] = []
    reactions: list[tuple[Reaction, Article]] = []
    opinions: list[Evidence] = []
    places: list[tuple[Place, str]] = []
    for (article, _), part in zip(rows, loader.contributions(rows, originals), strict=True):
        claims.extend(part.claims)
        told.extend(part.told)
        reactions.extend(part.reactions)
        opinions.extend(part.opinions)
        outlet = originals.get(article.id) or article.outlet or article.id
        places.extend((p, outlet) for p in part.places)
    return Situation(
        story=story_record(state, [a for a, _ in rows]),
        series=tuple(build_series(claims, originals=originals)),
        events=tuple(merge_events(told, originals=originals)),
        reactions=tuple(reaction_entries(reactions, originals=originals)),
        opinions=tuple(opinions),
        places=tuple(place_mentions(places)),
        copies=tuple(sorted((k, v or k) for k, v in originals.items() if v)),
        leads=tuple(_lead(a) for a, _ in rows if a.duplicate_of is None)[:LEADS],
    )


def _lead(article: Article) -> Evidence:
    """The opening sentence of an article (at most :data:`LEAD_CHARS` characters)."""
    text = article.text[:LEAD_CHARS]
    stop = max(text.find(". "), text.find(".\n"))
    end = stop + 1 if stop > 40 else len(text)
    return evidence_of(article, 0, end, article.text[:end])


def place_mentions(found: Sequence[tuple[Place, str]]) -> list[PlaceMention]:
    """Geocoded places below country level, most mentioned first."""
    counts: dict[int, list[tuple[Place, str]]] = {}
    for place, outlet in found:
        if place.geonameid is None or place.lat is None or place.lon is None:
            continue
        if place.feature not in COUNTRY_FEATURES:
            counts.setdefault(place.geonameid, []).append((place, outlet))
    mentions = [
        PlaceMention(
            geonameid=gid,
            name=rows[0][0].name,
            country=rows[0][0].country,
            lat=float(rows[0][0].lat or 0.0),
            lon=float(rows[0][0].lon or 0.0),
            feature=rows[0][0].feature,
            mentions=len(rows),
            outlets=len({o for _, o in rows}),
        )
        for gid, rows in counts.items()
    ]
    return sorted(mentions, key=lambda m: (-m.mentions, m.name))


def _opinion_evidence(article: Article, extraction: Extraction) -> list[Evidence]:
    return [evidence_of(article, p.start, p.end, p.text) for p in extraction.opinions]


def main_story(store: Store) -> str:
    """The id of the story with the most independent articles (the first one on ties)."""
    best: tuple[int, str] | None = None
    for state in store.story_states():
        if best is None or state.size > best[0]:
            best = (state.size, state.id)
    if best is None:
        raise NotFoundError("the store has no stories yet: run `sitrep situation` first")
    return best[1]
