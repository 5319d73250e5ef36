"""Attribution: who (source) said (cue) what (content), as :class:`sitrep.model.Attribution`.

Pipeline use::

    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)  # find_attributions -> doc._.attributions

Parsed languages (en, fr) use dependency rules, the others surface patterns (see
:mod:`sitrep.extract.attribution_rules`); cues come from :mod:`sitrep.extract.cues`.
``kind`` is ``direct`` (quotation), ``indirect`` ("said that"), ``parenthetical`` ("...,
X said."), ``according_to``, ``reporting_noun`` ("a statement by X: ...") or ``agentless``
("it was reported that", "reportedly", "rumours that": ``source`` is None). A speaker label
("Jane Roe: “...”", cue ":") is ``direct`` or, without quotation marks, ``indirect``.

A list of sources ("TASS, Reuters and witnesses report ...") gives one attribution whose
source span covers the whole list; ``source_actor`` is the code of the first actor in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.extract.attribution_learned import learned_attributions
from sitrep.extract.attribution_rules import (
    according_to,
    adverbs,
    colons,
    nouns,
    parsed_attributions,
    pattern_attributions,
)
from sitrep.extract.attribution_spans import Found, TokSpan, norms, quote_regions
from sitrep.extract.cue_model import DocScorer, cue_model, is_candidate
from sitrep.extract.cues import LANGS, CueLexicon, cue_class, cue_lexicon
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Actor, Attribution

# spaCy forbids "." in factory names: factory ``sitrep_attributions_v1``, pipe name
# ``sitrep.attributions.v1`` (as ``sitrep.actors.v1``).
FACTORY = "sitrep_attributions_v1"
PIPE_NAME = "sitrep.attributions.v1"
# Which rule wins when two cues overlap: the more specific construction first.
_PRIORITY = {"according_to": 0, "direct": 1, "indirect": 1, "parenthetical": 1}


def _language(doc: Doc) -> str:
    lang = doc._.language or doc.lang_
    return lang if lang in LANGS else "en"


def _parsed(doc: Doc) -> bool:
    return doc.has_annotation("DEP")


def _candidates(doc: Doc, lang: str, cue_tokens: AbstractSet[int] | None = None) -> Iterable[Found]:
    lex = cue_lexicon(lang)
    parsed = _parsed(doc)
    quotes = quote_regions(doc)
    inside = {i for start, end in quotes for i in range(start + 1, end - 1)}
    words_of = norms(doc)
    model = cue_model(lang) if parsed else None
    scorer = DocScorer(model, lex, doc, quotes, inside) if model is not None else None
    for sent in _sentences(doc):
        if model is None and cue_tokens is None:
            rules = _sentence(sent, lex, parsed, quotes, words_of, with_verbs=True)
            yield from (f for f in rules if f.cue[0] not in inside)
            continue
        rules = _sentence(sent, lex, parsed, quotes, words_of, with_verbs=False)
        yield from (f for f in rules if f.cue[0] not in inside)
        if cue_tokens is not None:
            heads = [t.i for t in sent if t.i in cue_tokens and is_candidate(t)]
            yield from learned_attributions(sent, lex, quotes, heads)
        elif model is not None and scorer is not None:
            heads = scorer.accepted(sent.start, sent.end, model.threshold)
            yield from learned_attributions(sent, lex, quotes, heads)


def _sentences(doc: Doc) -> Iterator[Span]:
    """``doc.sents`` from the sentence-start array (much cheaper than the Python iterator)."""
    if not doc.has_annotation("SENT_START"):
        yield from doc.sents  # raises spaCy's own error when there are no boundaries at all
        return
    starts = [i for i, flag in enumerate(doc.to_array("SENT_START").tolist()) if flag == 1]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for start, end in zip(starts, [*starts[1:], len(doc)], strict=True):
        yield doc[start:end]


def _sentence(
    sent: Span,
    lex: CueLexicon,
    parsed: bool,
    quotes: Sequence[TokSpan],
    words_of: Sequence[str],
    *,
    with_verbs: bool,
) -> Iterator[Found]:
    yield from according_to(sent, lex, parsed, words_of)
    if parsed and with_verbs:
        yield from parsed_attributions(sent, lex, quotes)
    elif not parsed:
        yield from pattern_attributions(sent, lex)
    yield from nouns(sent, lex, parsed, words_of)
    yield from adverbs(sent, lex, words_of)
    yield from colons(sent, quotes)


def _select(found: Iterable[Found]) -> list[Found]:
    """Drop candidates whose cue overlaps one already kept (by rule priority, then order)."""
    kept: list[Found] = []
    taken: set[int] = set()
    ordered = sorted(found, key=lambda f: (_PRIORITY.get(f.kind, 2), f.cue[0]))
    for item in ordered:
        cue = set(range(*item.cue))
        if cue & taken:
            continue
        taken |= cue
        kept.append(item)
    return sorted(kept, key=lambda f: f.cue[0])


def source_actor(actors: Sequence[Actor], start: int, end: int) -> str | None:
    """The code of the first actor overlapping ``[start, end)``; pronouns via ``resolved_from``."""
    by_start = {a.start: a for a in actors}
    for actor in actors:
        if actor.start < end and start < actor.end:
            if not actor.code and actor.resolved_from is not None:
                antecedent = by_start.get(actor.resolved_from)
                return antecedent.code if antecedent and antecedent.code else None
            return actor.code or None
    return None


def _record(doc: Doc, text: str, item: Found, actors: Sequence[Actor]) -> Attribution:
    cue = doc[item.cue[0] : item.cue[1]]
    content = doc[item.content[0] : item.content[1]]
    spans = [cue, content]
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    code: str | None = None
    if item.source is not None:
        source = doc[item.source[0] : item.source[1]]
        spans.append(source)
        source_text, source_start, source_end = source.text, source.start_char, source.end_char
        code = source_actor(actors, source.start_char, source.end_char)
    start = min(s.start_char for s in spans)
    end = max(s.end_char for s in spans)
    return Attribution(
        text=text[start:end],
        start=start,
        end=end,
        source=source_text,
        source_start=source_start,
        source_end=source_end,
        source_actor=code,
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        content_start=content.start_char,
        content_end=content.end_char,
        kind=item.kind,
    )


def find_attributions(doc: Doc, *, cue_tokens: AbstractSet[int] | None = None) -> list[Attribution]:
    """Attributions in ``doc`` in text order (reads ``doc._.actors`` when set).

    ``cue_tokens`` (indices of the tokens that head a cue) replaces the cue model's own
    decisions; the fitting script passes held-out predictions to choose the threshold.
    """
    if not len(doc):
        return []
    actors = doc._.actors or ()
    text = doc.text  # built from the tokens on each access: read it once
    found = _candidates(doc, _language(doc), cue_tokens)
    return [_record(doc, text, item, actors) for item in _select(found)]


@Language.component(FACTORY)
def attributions_component(doc: Doc) -> Doc:
    """Store :func:`find_attributions` results in ``doc._.attributions``."""
    doc._.attributions = find_attributions(doc)
    return doc


register_extensions()


__all__ = ["FACTORY", "PIPE_NAME", "cue_class", "find_attributions", "source_actor"]
