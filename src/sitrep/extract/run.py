"""Extract stored articles, reusing saved results of the same pipeline version.

:func:`document_record` gives the ``sitrep extract`` output contract: article metadata plus
every extracted item, each with ``text``, ``start`` and ``end`` into the article text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sitrep.extract.pipeline import PIPELINE_VERSION, extract_many
from sitrep.model import Article, Extraction
from sitrep.store.base import Store


def extract_articles(
    articles: Sequence[Article], *, store: Store, n_process: int = 1, force: bool = False
) -> Iterator[tuple[Article, Extraction]]:
    """(article, extraction) in input order; new results are saved in ``store``."""
    cached: dict[str, Extraction] = {}
    if not force:
        for article in articles:
            found = store.get_extraction(article.id, PIPELINE_VERSION)
            if found is not None:
                cached[article.id] = found
    todo = [a for a in articles if a.id not in cached]
    fresh = extract_many(todo, n_process=n_process)
    for article in articles:
        if article.id in cached:
            yield article, cached[article.id]
            continue
        extraction = next(fresh)
        store.put_extraction(extraction)
        cached[article.id] = extraction
        yield article, extraction


def document_record(article: Article, extraction: Extraction) -> dict[str, Any]:
    """The JSON object ``sitrep extract`` prints for one article."""
    data = extraction.to_dict()
    return {
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
        "actors": data["actors"],
        "places": data["places"],
        "times": data["times"],
    }
