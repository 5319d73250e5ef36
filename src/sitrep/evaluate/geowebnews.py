"""Score place extraction on GeoWebNews-format jsonl (Gritta et al. 2019).

Geotagging: micro P/R/F1 of detected toponym spans against gold toponyms (every type
except ``*_Expression`` and ``Non_Toponym``), exact and overlap matching, plus recall per
gold type. GeoWebNews counts country demonyms and adjectives ("the Russian government")
as toponyms; sitrep reports them as actors' countries, not places, so the headline
``span_exact``/``span_overlap`` score sitrep's toponyms = places plus country demonyms
(:func:`demonym_mentions`), and ``span_*_places_only`` the places alone.
``span_*_places`` scores places alone against gold without Demonym/Language.
``span_*_literal`` scores the literal group alone (Literal, Literal_Modifier,
Embedded_Literal, Mixed, Coercion): a prediction on an associative toponym (metonymy,
demonym ...) is then neither a hit nor a false alarm. Geocoding with gold spans: all gold
toponyms of an article are resolved together, seeded with the countries detected in its
text; scored on ``Literal`` toponyms and on all toponyms with coordinates. Geocoding of
detected spans: exact matches with coordinates.

Unresolved toponyms count as misses (maximal error) in every headline number, exactly as
production reports them (no coordinates). ``geocode_literal_with_id`` restricts Literal
toponyms to those with a GeoNames id (streets and buildings have none, and no GeoNames
gazetteer can place them). ``geocode_literal_focus`` is an evaluation-only variant that
places an unresolved toponym at the article's focus (its most-mentioned finest place):
it estimates what a street-level fallback could gain and is never what sitrep outputs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.evaluate.geo_metrics import (
    ErrorStats,
    SpanCounts,
    error_stats,
    match_spans,
    overlaps,
)
from sitrep.extract.gazetteer import GeoEntry
from sitrep.extract.geocode import Mention, haversine_km, resolve_entries
from sitrep.extract.places import (
    build_places_nlp,
    context_countries,
    demonym_mentions,
    find_mentions,
)

LITERAL_TYPES = frozenset(
    {"Literal", "Literal_Modifier", "Embedded_Literal", "Mixed", "Coercion"}
)  # Gritta et al.'s "literal" group; the rest of the toponym types are "associative"
NOT_PLACES = frozenset({"Demonym", "Language"})  # sitrep reports these as NORP, not places


def is_toponym(kind: str) -> bool:
    """Gold types counted as toponyms for span scoring."""
    return not kind.endswith("_Expression") and kind != "Non_Toponym"


@dataclass(frozen=True, slots=True)
class GeoScores:
    """All GeoWebNews scores of one run (see the module docstring)."""

    docs: int
    span_exact: SpanCounts  # places + country demonyms, as GeoWebNews defines toponyms
    span_overlap: SpanCounts
    span_exact_places_only: SpanCounts  # places alone against all gold toponyms
    span_overlap_places_only: SpanCounts
    span_exact_places: SpanCounts  # gold without Demonym/Language
    span_overlap_places: SpanCounts
    span_exact_literal: SpanCounts  # literal group only; hits on other toponyms ignored
    span_overlap_literal: SpanCounts
    recall_by_type: dict[str, float]
    recall_literal: float
    recall_associative: float
    geocode_literal: ErrorStats  # headline: unresolved = miss
    geocode_literal_with_id: ErrorStats  # Literal toponyms that have a GeoNames id
    geocode_literal_focus: ErrorStats  # eval-only variant: unresolved -> article focus
    geocode_all: ErrorStats
    geocode_detected: ErrorStats
    seconds_per_doc: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = value.to_dict() if hasattr(value, "to_dict") else value
        return out


def load_geowebnews(path: Path, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Articles from a GeoWebNews jsonl file, without ``unaligned`` toponyms."""
    with path.open(encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if limit is not None and count >= limit:
                return
            doc = json.loads(line)
            doc["toponyms"] = [t for t in doc["toponyms"] if t.get("offset_status") != "unaligned"]
            yield doc


def article_focus(entries: Iterable[GeoEntry | None]) -> GeoEntry | None:
    """The article's most-mentioned place at the finest level present (city, then state,
    then country). Evaluation only: see ``geocode_literal_focus``."""
    resolved = [e for e in entries if e is not None]
    for kind in ("city", "admin2", "admin1", "country"):
        counts = Counter(e.geonameid for e in resolved if e.kind == kind)
        if counts:
            top = counts.most_common(1)[0][0]
            return next(e for e in resolved if e.geonameid == top)
    return None


def _with_demonyms(places: list[tuple[int, int]], doc: Doc) -> list[tuple[int, int]]:
    """Place spans plus the country demonyms that overlap none of them, in text order."""
    extra = [
        (m.start, m.end)
        for m in demonym_mentions(doc)
        if not any(overlaps((m.start, m.end), p) for p in places)
    ]
    return sorted(places + extra)


def _error(gold: dict[str, Any], entry: GeoEntry | None) -> float | None:
    if entry is None:
        return None
    return haversine_km(gold["lat"], gold["lon"], entry.lat, entry.lon)


SUBSETS = ("literal", "literal_with_id", "literal_focus", "all", "detected")


class _Tally:
    def __init__(self) -> None:
        self.errors: dict[str, list[float | None]] = {name: [] for name in SUBSETS}
        self.ids: dict[str, list[bool]] = {name: [] for name in SUBSETS}

    def add(
        self, subset: str, gold: dict[str, Any], entry: GeoEntry | None, point: GeoEntry | None
    ) -> None:
        """``entry`` is the resolution; ``point`` the location reported (may be the focus)."""
        self.errors[subset].append(_error(gold, point))
        if gold.get("geonames_id"):
            hit = entry is not None and entry.geonameid == int(gold["geonames_id"])
            self.ids[subset].append(hit)

    def stats(self, subset: str) -> ErrorStats:
        return error_stats(self.errors[subset], self.ids[subset])


def score_geowebnews(
    path: Path, *, limit: int | None = None, nlp: Language | None = None
) -> GeoScores:
    """Run detection and gold-span geocoding over ``path`` and score both."""
    import time

    nlp = nlp or build_places_nlp("en")
    docs = list(load_geowebnews(path, limit=limit))
    exact = overlap = exact_only = overlap_only = SpanCounts()
    exact_places = overlap_places = exact_literal = overlap_literal = SpanCounts()
    found_by_type: Counter[str] = Counter()
    total_by_type: Counter[str] = Counter()
    tally = _Tally()
    started = time.perf_counter()
    for record, doc in zip(docs, nlp.pipe(d["text"] for d in docs), strict=True):
        gold = [t for t in record["toponyms"] if is_toponym(t["type"])]
        gold_spans = [(t["start"], t["end"]) for t in gold]
        detected = find_mentions(doc)
        pred = [(m.start, m.end) for m in detected]
        toponyms = _with_demonyms(pred, doc)
        exact += SpanCounts.of(gold_spans, toponyms, exact=True)
        overlap += SpanCounts.of(gold_spans, toponyms, exact=False)
        exact_only += SpanCounts.of(gold_spans, pred, exact=True)
        overlap_only += SpanCounts.of(gold_spans, pred, exact=False)
        places = [(t["start"], t["end"]) for t in gold if t["type"] not in NOT_PLACES]
        exact_places += SpanCounts.of(places, pred, exact=True)
        overlap_places += SpanCounts.of(places, pred, exact=False)
        literal = [(t["start"], t["end"]) for t in gold if t["type"] in LITERAL_TYPES]
        others = [(t["start"], t["end"]) for t in gold if t["type"] not in LITERAL_TYPES]
        # A prediction on an associative toponym is neither a hit nor a false alarm here.
        pred_literal = [p for p in toponyms if not any(overlaps(p, o) for o in others)]
        exact_literal += SpanCounts.of(literal, pred_literal, exact=True)
        overlap_literal += SpanCounts.of(literal, pred_literal, exact=False)
        hit = match_spans(gold_spans, toponyms, exact=False)
        for index, toponym in enumerate(gold):
            total_by_type[toponym["type"]] += 1
            found_by_type[toponym["type"]] += index in hit
        # geocoding given gold spans
        mentions = [Mention(t["text"], t["start"], t["end"]) for t in gold]
        countries = list(context_countries(doc))
        entries = resolve_entries(mentions, lang="en", countries=countries)
        focus = article_focus(entries)
        for toponym, entry in zip(gold, entries, strict=True):
            if toponym.get("lat") is None:
                continue
            tally.add("all", toponym, entry, entry)
            if toponym["type"] == "Literal":
                tally.add("literal", toponym, entry, entry)
                tally.add("literal_focus", toponym, entry, entry or focus)
                if toponym.get("geonames_id"):
                    tally.add("literal_with_id", toponym, entry, entry)
        # geocoding of detected spans that exactly match a gold toponym with coordinates
        found = resolve_entries(detected, countries=countries)
        chosen = dict(zip(pred, found, strict=True))
        for toponym in gold:
            key = (toponym["start"], toponym["end"])
            if toponym.get("lat") is not None and key in chosen:
                tally.add("detected", toponym, chosen[key], chosen[key])
    elapsed = time.perf_counter() - started

    def group_recall(types: frozenset[str], inside: bool) -> float:
        kinds = [k for k in total_by_type if (k in types) == inside]
        total = sum(total_by_type[k] for k in kinds)
        return sum(found_by_type[k] for k in kinds) / total if total else 0.0

    return GeoScores(
        docs=len(docs),
        span_exact=exact,
        span_overlap=overlap,
        span_exact_places_only=exact_only,
        span_overlap_places_only=overlap_only,
        span_exact_places=exact_places,
        span_overlap_places=overlap_places,
        span_exact_literal=exact_literal,
        span_overlap_literal=overlap_literal,
        recall_by_type={k: found_by_type[k] / n for k, n in sorted(total_by_type.items())},
        recall_literal=group_recall(LITERAL_TYPES, True),
        recall_associative=group_recall(LITERAL_TYPES, False),
        geocode_literal=tally.stats("literal"),
        geocode_literal_with_id=tally.stats("literal_with_id"),
        geocode_literal_focus=tally.stats("literal_focus"),
        geocode_all=tally.stats("all"),
        geocode_detected=tally.stats("detected"),
        seconds_per_doc=elapsed / len(docs) if docs else 0.0,
    )


__all__ = ["GeoScores", "article_focus", "is_toponym", "load_geowebnews", "score_geowebnews"]
