"""Link an event to the mentions extracted from its document.

The :class:`~sitrep.model.Actor` overlapping an argument span (:func:`actor_for`), or, for a
body named as the modifier of an event word ("police firing"), which actor extraction skips as
adjectival, its lexicon role (:func:`modifier_role`); the place of its clause or sentence
(:func:`place_for`, places standing for governments skipped); the date of its sentence
(:func:`date_for`, else the published date); the attribution and the opinion passage covering
its trigger (:func:`covering`, :func:`in_passage`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from spacy.tokens import Span

from sitrep.model import Actor, Attribution, Passage, Place, TimeRef

MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod:poss"})


@functools.cache
def _body_roles(lang: str) -> dict[str, str]:
    """Lower-cased names of actor bodies ("police", "security forces") -> role."""
    from sitrep.extract.actor_lexicon import actor_lexicon  # lazy: a sibling stage

    return {p.lower(): e.role for e in actor_lexicon().of_kind("body") for p in e.phrases(lang)}


@functools.cache
def body_names(lang: str) -> frozenset[str]:
    """Lower-cased names of actor bodies, accepted as who did a nominal event."""
    return frozenset(_body_roles(lang))


def modifier_role(span: Span | None, lang: str) -> str | None:
    """The role of a body named as a noun modifier of an event word ("police firing").

    Actor extraction skips such modifiers as adjectival ("police station"); next to an event
    word they name who acted.
    """
    if span is None or span.root.dep_ not in MODIFIER_DEPS:
        return None
    return _body_roles(lang).get(span.root.lower_) or _body_roles(lang).get(span.text.lower())


def actor_for(span: Span | None, actors: Sequence[Actor]) -> Actor | None:
    """The actor mention overlapping ``span``; the one covering its last token first."""
    if span is None:
        return None
    start, end = span.start_char, span.end_char
    hits = [a for a in actors if a.start < end and start < a.end]
    if not hits:
        return None
    head = span.root.idx
    return next((a for a in hits if a.start <= head < a.end), hits[0])


def place_for(clause: Span, sent: Span, places: Sequence[Place]) -> Place | None:
    """The first place in ``clause``, else in ``sent``, that does not stand for an actor."""
    usable = [p for p in places if not p.as_actor]
    for lo, hi in ((clause.start_char, clause.end_char), (sent.start_char, sent.end_char)):
        inside = [p for p in usable if lo <= p.start < hi]
        if inside:
            return inside[0]
    return None


def date_for(sent: Span, times: Sequence[TimeRef], published: dt.date | None) -> dt.date | None:
    """The first dated time expression in ``sent``, else ``published``."""
    for ref in times:
        if sent.start_char <= ref.start < sent.end_char and (ref.date or ref.start_date):
            return ref.date or ref.start_date
    return published


def covering(attributions: Sequence[Attribution], char: int) -> Attribution | None:
    """The attribution whose reported content covers ``char``, if any."""
    return next((a for a in attributions if a.content_start <= char < a.content_end), None)


def in_passage(passages: Sequence[Passage], char: int) -> bool:
    """Whether ``char`` lies in one of ``passages``."""
    return any(p.start <= char < p.end for p in passages)
