"""Event coding: who did what to whom, where and when, in PLOVER and CAMEO.

:func:`find_events` turns the trigger/argument candidates of :mod:`sitrep.events.arguments`
into :class:`sitrep.model.Event` records:

* ``cameo`` from the lexicon sense (``sitrep/data/events/verbs_*.yaml``), specialised by the
  source actor's role (protesters seizing a building = 145 violent protest; the army doing so
  = 192 occupation); a deployment (154) sent to help someone ("at the request of",
  "peacekeeping", "to help") becomes military aid (074, AID/military);
* ``type``/``mode`` from ``plover.yaml`` unless the sense overrides them; ``quad_class``
  from the CAMEO codebook;
* ``source_actor``/``target_actor``: the code of the :class:`~sitrep.model.Actor` mention
  overlapping the argument span, ``source``/``target`` its text (the phrase when no actor);
  a body named as the modifier of an event word ("police firing"), which actor extraction
  skips as adjectival, gets its lexicon role as the code (``COP``);
* ``place``/``geonameid``: a place in the event's clause, else in its sentence (places
  standing for governments are skipped); ``date``: a time expression in the sentence, else
  the published date; ``figures``: start offsets of ``doc._.figures`` within the clause;
* certainty, negation and ``attributed_to`` from the judge (default
  :func:`sitrep.extract.certainty.assess`, imported lazily) and ``doc._.attributions``:
  an event inside reported speech is attributed to the speaker, else to the outlet
  (``outlet`` argument or ``doc._.outlet``). An event governed by a planning verb or a
  future auxiliary ("announced it will send troops") is ``planned``;
* ``opinion``: true when the trigger lies in a ``doc._.opinions`` passage. Such events
  are kept and flagged (not dropped) so a consumer can choose; reports show facts only.

Speech acts are events only for reaction-like verbs in the lexicon (condemn 111, accuse 112,
urge 020, express solidarity 051...); plain reporting verbs (say, tell) are not, so a
sentence that only reports an opinion makes no event. Obligations ("X must respect the
sovereignty of Y") are REQUEST events whose source is the speaker and target the subject.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.events.arguments import Candidate, lexical_candidates, parsed_candidates
from sitrep.events.verbs import Lexicon, lexicon, plover_of, quad_class
from sitrep.model import Actor, Attribution, Certainty, Event, Figure, Passage, Place, TimeRef

FACTORY = "sitrep_events_v1"
PIPE_NAME = "sitrep.events.v1"
MIL_AID = "074"
DEPLOY = "154"
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod:poss"})

for _name in ("events", "outlet"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class Verdict(Protocol):
    """What a judge returns (see :class:`sitrep.extract.certainty.Judgement`)."""

    @property
    def certainty(self) -> Any: ...
    @property
    def negated(self) -> bool: ...
    @property
    def source(self) -> str | None: ...


Judge = Callable[..., Verdict]


def _default_judge() -> Judge:
    from sitrep.extract.certainty import assess  # lazy: a sibling stage, optional here

    return assess


def _ext(doc: Doc, name: str) -> list[Any]:
    """A list-valued Doc extension, or [] when it is missing or unset."""
    if not Doc.has_extension(name):
        return []
    return list(getattr(doc._, name, None) or [])


@functools.cache
def _body_roles(lang: str) -> dict[str, str]:
    """Lower-cased names of actor bodies ("police", "security forces") -> role."""
    from sitrep.extract.actor_lexicon import actor_lexicon  # lazy: a sibling stage

    return {p.lower(): e.role for e in actor_lexicon().of_kind("body") for p in e.phrases(lang)}


@functools.cache
def _body_names(lang: str) -> frozenset[str]:
    return frozenset(_body_roles(lang))


def _modifier_role(span: Span | None, lang: str) -> str | None:
    """The role of a body named as a noun modifier of an event word ("police firing").

    Actor extraction skips such modifiers as adjectival ("police station"); next to an event
    word they name who acted.
    """
    if span is None or span.root.dep_ not in MODIFIER_DEPS:
        return None
    return _body_roles(lang).get(span.root.lower_) or _body_roles(lang).get(span.text.lower())


def _actor_for(span: Span | None, actors: Sequence[Actor]) -> Actor | None:
    """The actor mention overlapping ``span``; the one covering its last token first."""
    if span is None:
        return None
    start, end = span.start_char, span.end_char
    hits = [a for a in actors if a.start < end and start < a.end]
    if not hits:
        return None
    head = span.root.idx
    return next((a for a in hits if a.start <= head < a.end), hits[0])


def _place_for(clause: Span, sent: Span, places: Sequence[Place]) -> Place | None:
    usable = [p for p in places if not p.as_actor]
    for lo, hi in ((clause.start_char, clause.end_char), (sent.start_char, sent.end_char)):
        inside = [p for p in usable if lo <= p.start < hi]
        if inside:
            return inside[0]
    return None


def _date_for(sent: Span, times: Sequence[TimeRef], published: dt.date | None) -> dt.date | None:
    for ref in times:
        if sent.start_char <= ref.start < sent.end_char and (ref.date or ref.start_date):
            return ref.date or ref.start_date
    return published


def _published(doc: Doc) -> dt.date | None:
    value = getattr(doc._, "published", None) if Doc.has_extension("published") else None
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _clause(candidate: Candidate) -> Span:
    tok = candidate.trigger
    doc = tok.doc
    if candidate.nominal or not doc.has_annotation("DEP"):
        start = min([tok.i] + [s.start for s in (candidate.source, candidate.target) if s])
        end = max([tok.i + 1] + [s.end for s in (candidate.source, candidate.target) if s])
        return doc[start:end]
    return doc[tok.left_edge.i : tok.right_edge.i + 1]


def _code(candidate: Candidate, source: Actor | None, sent: Span, lex: Lexicon) -> str:
    code = candidate.sense.code_for(source.role if source else None)
    if code == DEPLOY:
        lowered = sent.text.lower()
        if any(cue in lowered for cue in lex.aid_cues):
            return MIL_AID
    return code


def _plover(candidate: Candidate, code: str) -> tuple[str, str | None]:
    kind, mode = plover_of(code)
    if code == MIL_AID:
        return "AID", "military"
    if code == candidate.sense.cameo:
        return candidate.sense.type or kind, candidate.sense.mode or mode
    return kind, mode


def _covering(attributions: Sequence[Attribution], char: int) -> Attribution | None:
    return next((a for a in attributions if a.content_start <= char < a.content_end), None)


def _in_passage(passages: Sequence[Passage], char: int) -> bool:
    return any(p.start <= char < p.end for p in passages)


def candidates_of(doc: Doc, lex: Lexicon, actors: Sequence[Actor]) -> list[Candidate]:
    """Trigger/argument candidates: from the parse when there is one, else lexical."""
    if doc.has_annotation("DEP"):
        return parsed_candidates(doc, lex, actors, bodies=_body_names(lex.lang))
    return lexical_candidates(doc, lex, actors)


def find_events(doc: Doc, *, judge: Judge | None = None, outlet: str | None = None) -> list[Event]:
    """All events in ``doc`` (see the module docstring); no side effects."""
    lang = (
        str(getattr(doc._, "language", None) or doc.lang_)
        if Doc.has_extension("language")
        else doc.lang_
    )
    lex = lexicon(lang)
    actors: list[Actor] = _ext(doc, "actors")
    places: list[Place] = _ext(doc, "places")
    times: list[TimeRef] = _ext(doc, "times")
    figures: list[Figure] = _ext(doc, "figures")
    attributions: list[Attribution] = _ext(doc, "attributions")
    opinions: list[Passage] = _ext(doc, "opinions")
    outlet = outlet or (getattr(doc._, "outlet", None) if Doc.has_extension("outlet") else None)
    published = _published(doc)
    judge = judge or _default_judge()
    events: list[Event] = []
    for candidate in candidates_of(doc, lex, actors):
        trigger = candidate.trigger
        sent = trigger.sent if doc.has_annotation("SENT_START") else doc[:]
        source = _actor_for(candidate.source, actors)
        target = _actor_for(candidate.target, actors)
        said = _covering(attributions, trigger.idx)
        source_text = candidate.source.text if candidate.source is not None else None
        source_code = source.code if source else _modifier_role(candidate.source, lex.lang)
        if candidate.obligation and said is not None:  # "X must ...": the speaker demands it
            source_text, source_code = said.source, said.source_actor
        if source is not None:
            source_text = source.text
        target_text = (
            target.text if target else (candidate.target.text if candidate.target else None)
        )
        target_code = target.code if target else None
        if source is not None and target is not None and source.start == target.start:
            target_code = target_text = None
        code = _code(candidate, source, sent, lex)
        kind, mode = _plover(candidate, code)
        clause = _clause(candidate)
        verdict = judge(doc, trigger.i, trigger.i + 1, attributions=attributions, outlet=outlet)
        certainty = str(verdict.certainty)
        if candidate.planned and certainty not in {Certainty.DENIED, Certainty.RETRACTED}:
            certainty = str(Certainty.PLANNED)
        negated = bool(verdict.negated) or any(c.dep_ == "neg" for c in trigger.children)
        place = _place_for(clause, sent, places)
        events.append(
            Event(
                type=kind,
                mode=mode,
                cameo=code,
                quad_class=quad_class(code),
                source_actor=source_code,
                target_actor=target_code,
                place=place.name if place else None,
                date=_date_for(sent, times, published),
                attributed_to=verdict.source or (said.source if said else None) or outlet,
                certainty=certainty,
                negated=negated,
                text=clause.text,
                start=clause.start_char,
                end=clause.end_char,
                trigger=trigger.text,
                source=source_text,
                target=target_text,
                geonameid=place.geonameid if place else None,
                figures=tuple(
                    f.start for f in figures if clause.start_char <= f.start < clause.end_char
                ),
                opinion=_in_passage(opinions, trigger.idx),
            )
        )
    return events


@Language.factory(FACTORY)
def make_events_component(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """spaCy factory: a component writing :func:`find_events` to ``doc._.events``."""

    def component(doc: Doc) -> Doc:
        doc._.events = find_events(doc)
        return doc

    return component


def add_events(nlp: Language) -> Language:
    """Append the events component to ``nlp`` unless it is there already."""
    if PIPE_NAME not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
    return nlp
