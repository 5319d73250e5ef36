"""The article's main country (``doc._.story_country``), for groups with no country of their own.

Protesters, police and "the authorities" are coded with the country the article is about;
reactions are those of actors from other countries. :func:`main_country` decides it from the
headline and the resolved places.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.extract.countries import country_index
from sitrep.extract.doc_ext import register_extensions

register_extensions()

# spaCy forbids "." in factory names: the pipe is added as ``sitrep.story_country.v1``.
FACTORY, PIPE_NAME = "sitrep_story_country_v1", "sitrep.story_country.v1"

# Weights for choosing an article's main country: a country the headline names says most;
# a city or region where things happen says more than a country named in passing; the
# dateline (a place in the first characters) only says where the reporter is; a place used
# as an actor ("Moscow said") says nothing. Set by reading the sample corpus's multi-country
# reports; re-run tests/extract/test_pipeline.py and tests/events after changing them.
TITLE_WEIGHT = 8
TITLE_DEMONYM_WEIGHT = 2
LOCAL_PLACE_WEIGHT = 3
COUNTRY_WEIGHT = 1
DATELINE_CHARS = 40
LOCAL_FEATURES = frozenset({"city", "admin1", "admin2", "region"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def title_countries(title: str | None, lang: str) -> dict[str, int]:
    """Countries a headline names (weight 8) or qualifies with a demonym (weight 2)."""
    if not title:
        return {}
    index = country_index()
    words = _WORD.findall(title)
    found: dict[str, int] = {}
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            named = index.match(phrase, lang)
            if named is not None:
                found[named.iso3] = max(found.get(named.iso3, 0), TITLE_WEIGHT)
            elif size == 1 and (qualified := index.demonym(phrase, lang)) is not None:
                found[qualified.iso3] = max(found.get(qualified.iso3, 0), TITLE_DEMONYM_WEIGHT)
    return found


def main_country(doc: Doc) -> str | None:
    """The country the article is about: the one country its headline names, else weighted
    headline and place mentions."""
    headline = title_countries(doc._.title, doc._.language or doc.lang_)
    named = [code for code, weight in headline.items() if weight == TITLE_WEIGHT]
    if len(named) == 1:  # a headline naming one country names the story's country
        return named[0]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for code, weight in headline.items():
        counts[code] += weight
        first.setdefault(code, -1)
    for place in doc._.places or ():
        if not place.country or place.as_actor:
            continue
        local = place.feature in LOCAL_FEATURES and place.start >= DATELINE_CHARS
        counts[place.country] += LOCAL_PLACE_WEIGHT if local else COUNTRY_WEIGHT
        first.setdefault(place.country, place.start)
    if not counts:
        return None
    return max(counts, key=lambda code: (counts[code], -first[code]))


@Language.component(FACTORY)
def story_country_component(doc: Doc) -> Doc:
    """Set ``doc._.story_country`` (read by the actor component for unmarked groups)."""
    if doc._.story_country is None:
        doc._.story_country = main_country(doc)
    return doc
