"""Toponym resolution: choose one GeoNames entry per mention, using the whole article.

Scoring (see :func:`score`): a feature-kind prior (countries and first-level regions are
what an unqualified name usually means), a population prior, and article context —
countries and US states the other mentions resolve to, and distance to their points.
Resolution runs twice: the second pass re-scores every mention against the first pass's
choices for all *other* mentions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sitrep.extract.countries import country_index, fold_name, strip_article
from sitrep.extract.gazetteer import GeoEntry, gazetteer, name_variants
from sitrep.model import Place

# Calibrated on hand-made cases (Paris FR vs TX, Springfield IL vs MO, Georgia), then
# checked against the GeoWebNews dev score; re-run `sitrep.evaluate.geowebnews` after edits.
# Countries, continents and states score a flat prior; cities score by population
# (0.6 * log10: 15k -> 2.5, 1M -> 3.6, 10M -> 4.2), so a big city or a capital beats a
# same-named state ("Washington", "New York") and a country name wins over both.
# Curated regions (seas, "Middle East") sit just below countries; provinces and English or
# US counties below states; a river only wins when nothing else has the name.
KIND_PRIOR = {
    "continent": 6.0, "country": 6.0, "region": 5.0, "admin1": 4.0, "river": 3.0,
    "admin2": 2.5, "city": 0.0,
}  # fmt: skip
CAPITAL_BONUS = 2.0
POPULATION_WEIGHT = 0.6
COUNTRY_NAME_BONUS = 0.5
NAMED_COUNTRY_PENALTY = 5.0  # a city whose name (or its first words) names a country
ALIAS_PENALTY = 1.5
# A region named after a large city inside it: an unqualified name means the city.
SEAT_MIN_POPULATION = 100_000
SEAT_PENALTY = 3.0  # a city named so only in an alternate name ("Salisbury" -> Harare)
# A town named after a first-level region of its own country ("Florida, NY", "Wales,
# England"): an unqualified name means the region, unless the town is a large city.
NAMESAKE_PENALTY = 3.0
NAMESAKE_MAX_POPULATION = 50_000  # larger towns keep their chance ("Daraa" city/province)
SAME_COUNTRY_BONUS = 1.5
SAME_ADMIN1_BONUS = {"city": 1.5, "admin1": 1.0, "admin2": 1.5}
LOCAL_KINDS = frozenset({"city", "admin1", "admin2"})  # kinds whose point is evidence
NEAR_KM = ((50.0, 2.0), (150.0, 1.2), (400.0, 0.5))
EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym span to resolve; ``iso3`` is a hint from the entity ruler, if any."""

    text: str
    start: int
    end: int
    iso3: str | None = None
    as_actor: bool = False


@dataclass(slots=True)
class GeoContext:
    """What the rest of the article says about where it is."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: list[tuple[float, float]] = field(default_factory=list)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _clean(text: str) -> str:
    """Collapse whitespace; drop a possessive and trailing commas or colons."""
    text = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip(" ,;:")


def _forms(text: str, lang: str) -> list[str]:
    """Spellings to try, most literal first: as written, without article, without a
    final period ("Calif." is kept before "Calif"; "U.S." is never cut)."""
    text = _clean(text)
    forms = [text, strip_article(text, lang)]
    forms += [f[:-1] for f in forms if f.endswith(".") and f.count(".") == 1]
    return [f for f in dict.fromkeys(forms) if f]


# A generic head word after a name says what kind of place it is: "Benue State", "Guma
# Local Government Area", "Quezon City". Without a listed full name, the name alone is
# looked up and only entries of those kinds are kept.
TYPE_SUFFIXES: dict[str, frozenset[str]] = {
    kind_words: frozenset(kinds)
    for kinds, words in (
        (("admin1", "admin2"), "state province region oblast governorate prefecture "
         "department territory county district parish borough shire municipality "
         "local government area lga"),
        (("city",), "city town village township"),
        (("region", "river"), "river sea ocean mountains"),
    )
    for kind_words in words.split()
}  # fmt: skip
_TYPE_PREFIXES = ("greater ", "metro ", "metropolitan ")


def _typed_lookup(form: str) -> list[GeoEntry]:
    """Entries for "X State", "X City", "Greater X" when the full form is not a name."""
    gaz = gazetteer()
    folded = fold_name(form)
    for prefix in _TYPE_PREFIXES:
        if folded.startswith(prefix):
            return [e for e in gaz.lookup(form[len(prefix) :]) if e.kind in LOCAL_KINDS]
    words = form.split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        kinds = TYPE_SUFFIXES.get(fold_name(" ".join(words[-size:])))
        if kinds is not None:
            head = " ".join(words[:-size])
            return [e for e in gaz.lookup(head) if e.kind in kinds]
    return []


def candidates(text: str, lang: str = "en") -> list[GeoEntry]:
    """Gazetteer entries a mention may refer to ("Paris, Texas" keeps Texan ones only)."""
    gaz = gazetteer()
    forms = _forms(text, lang)
    found: list[GeoEntry] = next((list(gaz.lookup(f)) for f in forms if gaz.lookup(f)), [])
    if not found:
        found = next((typed for f in forms if (typed := _typed_lookup(f))), [])
    country = next((c for f in forms if (c := country_index().match(f, lang))), None)
    if country is not None:
        entry = gaz.get(country.geonameid)
        if entry is not None and entry not in found:
            found.insert(0, entry)
    if not found and "," in text:
        head, _, tail = _clean(text).partition(",")
        within = candidates(tail, lang)
        found = [e for e in candidates(head, lang) if _inside(e, within)] or candidates(head, lang)
    return found


def _inside(entry: GeoEntry, areas: Sequence[GeoEntry]) -> bool:
    for area in areas:
        if area.kind == "country" and entry.country == area.country:
            return True
        if area.kind == "admin1" and (entry.country, entry.admin1) == (area.country, area.admin1):
            return True
    return False


def score(entry: GeoEntry, context: GeoContext, *, country_name: str | None = None) -> float:
    """Plausibility of ``entry`` for a mention, given the rest of the article.

    ``country_name`` is the ISO3 of the country the mention's text names, if any.
    """
    value = KIND_PRIOR.get(entry.kind, 0.0)
    if entry.kind == "city":
        value += POPULATION_WEIGHT * math.log10(entry.population + 1)
    if entry.feature_code == "PPLC":
        value += CAPITAL_BONUS
    if country_name is not None and entry.kind == "country" and entry.country == country_name:
        value += COUNTRY_NAME_BONUS
    if entry.country and context.countries[entry.country] > 0:
        value += SAME_COUNTRY_BONUS
    if entry.admin1 and context.admin1[(entry.country or "", entry.admin1)] > 0:
        value += SAME_ADMIN1_BONUS.get(entry.kind, 0.0)
    if entry.kind in LOCAL_KINDS and context.points:
        nearest = min(haversine_km(entry.lat, entry.lon, lat, lon) for lat, lon in context.points)
        value += next((bonus for km, bonus in NEAR_KM if nearest <= km), 0.0)
    return value


def _context(chosen: Iterable[GeoEntry | None], seed: Iterable[str]) -> GeoContext:
    context = GeoContext()
    context.countries.update(seed)
    for entry in chosen:
        if entry is None:
            continue
        if entry.country:
            context.countries[entry.country] += 1
        if entry.admin1 and entry.country:
            context.admin1[(entry.country, entry.admin1)] += 1
        if entry.kind in LOCAL_KINDS:
            context.points.append((entry.lat, entry.lon))
    return context


def _best(mention: Mention, options: list[GeoEntry], context: GeoContext) -> GeoEntry | None:
    if not options:
        return None
    named = mention.iso3 or _country_named(mention.text)
    keys = {fold_name(f) for f in _forms(mention.text, "en")}

    seats = {
        (e.country, e.admin1)
        for e in options
        if e.kind == "city" and e.population >= SEAT_MIN_POPULATION
    }
    regions = {e.country for e in options if e.kind == "admin1"}

    def value(entry: GeoEntry) -> float:
        penalty = 0.0
        if entry.kind in ("admin1", "admin2") and (entry.country, entry.admin1) in seats:
            penalty += SEAT_PENALTY  # "Almaty", "New York": the city, not its region
        if entry.kind == "city":
            penalty += 0.0 if _short_form(entry.name, keys) else ALIAS_PENALTY
            if entry.country in regions and entry.population < NAMESAKE_MAX_POPULATION:
                penalty += NAMESAKE_PENALTY
            penalty += NAMED_COUNTRY_PENALTY if named else 0.0  # "Mexico" is the country
        return score(entry, context, country_name=named) - penalty

    # equal scores (same-named provinces, no context): the more populous one
    return max(options, key=lambda entry: (value(entry), entry.population))


def _short_form(name: str, keys: set[str]) -> bool:
    """The mention is the entry's main name or its first words ("New York" of "New York
    City", "Burton" of "Burton upon Trent", "St. Petersburg" of "Saint Petersburg"): not
    a historic or foreign alias."""
    return any(n == key or n.startswith(key + " ") for n in name_variants(name) for key in keys)


def _country_named(text: str) -> str | None:
    country = next((c for f in _forms(text, "en") if (c := country_index().match(f))), None)
    return country.iso3 if country else None


def _without(context: GeoContext, entries: Iterable[GeoEntry | None]) -> GeoContext:
    """``context`` minus one occurrence of each of ``entries``: a mention is not its own
    evidence, nor are the other mentions of the same name (two "Springfield"s would
    otherwise vouch for each other's wrong state)."""
    out = GeoContext(Counter(context.countries), Counter(context.admin1), list(context.points))
    for entry in entries:
        if entry is None:
            continue
        if entry.country:
            out.countries[entry.country] -= 1
        if entry.admin1 and entry.country:
            out.admin1[(entry.country, entry.admin1)] -= 1
        if entry.kind in LOCAL_KINDS and (entry.lat, entry.lon) in out.points:
            out.points.remove((entry.lat, entry.lon))
    return out


def _namesakes(
    mentions: Sequence[Mention], picks: Sequence[GeoEntry | None]
) -> list[list[GeoEntry | None]]:
    """For each mention, the picks of every mention with the same name (itself included)."""
    keys = [fold_name(_clean(m.text)) for m in mentions]
    groups: dict[str, list[GeoEntry | None]] = {}
    for key, pick in zip(keys, picks, strict=True):
        groups.setdefault(key, []).append(pick)
    return [groups[key] for key in keys]


def resolve_entries(
    mentions: Sequence[Mention], *, lang: str = "en", countries: Iterable[str] = ()
) -> list[GeoEntry | None]:
    """The chosen entry (or None) for each mention, in order."""
    seed = list(countries)
    options = [candidates(m.text, lang) for m in mentions]
    unambiguous = [opts[0] if len(opts) == 1 else None for opts in options]
    context = _context(unambiguous, seed)
    chosen = [
        _best(m, opts, _without(context, same))
        for m, opts, same in zip(mentions, options, _namesakes(mentions, unambiguous), strict=True)
    ]
    context = _context(chosen, seed)
    return [
        _best(m, opts, _without(context, same))
        for m, opts, same in zip(mentions, options, _namesakes(mentions, chosen), strict=True)
    ]


def to_place(mention: Mention, entry: GeoEntry | None) -> Place:
    """A :class:`Place` record. An unresolved mention keeps its text as ``name`` and gets
    no id, no country and no coordinates (``feature="unknown"``): we never guess a point."""
    if entry is None:
        return Place(
            mention.text, mention.start, mention.end, None, _clean(mention.text), None, None,
            None, None, "unknown", mention.as_actor,
        )  # fmt: skip
    return Place(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        geonameid=entry.geonames_id,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.kind,
        as_actor=mention.as_actor,
    )


def resolve(
    mentions: Sequence[Mention], *, lang: str = "en", countries: Iterable[str] = ()
) -> list[Place]:
    """Resolve all toponym mentions of one article together; ``countries`` seeds context."""
    entries = resolve_entries(mentions, lang=lang, countries=countries)
    return [to_place(m, e) for m, e in zip(mentions, entries, strict=True)]


__all__ = [
    "GeoContext",
    "Mention",
    "candidates",
    "haversine_km",
    "resolve",
    "resolve_entries",
    "score",
    "to_place",
]
