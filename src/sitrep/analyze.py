"""The whole per-article analysis: the extraction pipeline plus the events stage.

This module sits above ``extract`` and ``events`` and composes them: it imports the
events components (registering their spaCy factories) and hands them to
:func:`sitrep.extract.pipeline.build_nlp` as extra stages, so the extract stage never
imports a higher one. Results are saved in the store, keyed by article and pipeline version.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from spacy.language import Language

from sitrep.events import coding, reactions
from sitrep.extract.pipeline import Stages, build_nlp, extract_many
from sitrep.extract.version import PIPELINE_VERSION
from sitrep.model import Article, Extraction
from sitrep.store.base import Store

EVENT_STAGES: Stages = (
    (coding.FACTORY, coding.PIPE_NAME),
    (reactions.FACTORY, reactions.PIPE_NAME),
)


def build_full_nlp(lang: str) -> Language:
    """The complete per-article pipeline for ``lang`` (cached by ``build_nlp``)."""
    return build_nlp(lang, EVENT_STAGES)


def analyze_many(articles: Sequence[Article], *, n_process: int = 1) -> Iterator[Extraction]:
    """Extractions (with events and reactions) in input order."""
    return extract_many(articles, n_process=n_process, extra=EVENT_STAGES)


def analyze_articles(
    articles: Sequence[Article], *, store: Store, n_process: int = 1, force: bool = False
) -> Iterator[tuple[Article, Extraction]]:
    """(article, extraction) in input order, reusing saved results of this pipeline version."""
    cached: dict[str, Extraction] = {}
    if not force:
        for article in articles:
            found = store.get_extraction(article.id, PIPELINE_VERSION)
            if found is not None:
                cached[article.id] = found
    fresh = analyze_many([a for a in articles if a.id not in cached], n_process=n_process)
    for article in articles:
        if article.id not in cached:
            extraction = next(fresh)
            store.put_extraction(extraction)
            cached[article.id] = extraction
        yield article, cached[article.id]


def stored_extractions(store: Store) -> list[tuple[Article, Extraction]]:
    """Every stored article that has an extraction of the current pipeline version."""
    rows = []
    for article in store.articles():
        extraction = store.get_extraction(article.id, PIPELINE_VERSION)
        if extraction is not None:
            rows.append((article, extraction))
    return rows


def document_record(article: Article, extraction: Extraction) -> dict[str, Any]:
    """The JSON object ``sitrep extract`` prints for one article (see docs/extract.md)."""
    data = extraction.to_dict()
    record: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "date_ambiguous": article.date_ambiguous,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "pipeline": extraction.pipeline,
        "supported": extraction.supported,
        "note": extraction.note,
    }
    for key in ("actors", "places", "times", "figures", "attributions", "events", "reactions",
                "opinions"):  # fmt: skip
        record[key] = data[key]
    return record
