"""Event coding: who did what to whom, where and when, in PLOVER and CAMEO.

:func:`find_events` turns the trigger/argument candidates of :mod:`sitrep.events.arguments`
into :class:`sitrep.model.Event` records:

* ``cameo`` from the lexicon sense (``sitrep/data/events/verbs_*.yaml``), specialised by the
  source actor's role (protesters seizing a building = 145 violent protest; the army doing so
  = 192 occupation);
* troop deployments (senses coded 154: send/deploy/dispatch troops, troops land or arrive) are
  PLOVER MOBILIZE, mode ``troops``; CAMEO 074 (military aid) when sent to help someone ("at
  the request of", "peacekeeping") or into another country, else 154. The source is the
  deploying party and the target the receiving country, as a country code (see
  :mod:`sitrep.events.deployments`);
* ``type``/``mode`` from ``plover.yaml`` unless the sense overrides them; ``quad_class``
  from the CAMEO codebook;
* ``source_actor``/``target_actor``: the code of the :class:`~sitrep.model.Actor` mention
  overlapping the argument span, ``source``/``target`` its text (the phrase when no actor);
  a body named as the modifier of an event word ("police firing"), which actor extraction
  skips as adjectival, gets its lexicon role as the code (``COP``);
* ``place``/``geonameid``: a place in the event's clause, else in its sentence (places
  standing for governments are skipped); ``date``: a time expression in the sentence, else
  the published date (these lookups are in :mod:`sitrep.events.mentions`); ``figures``:
  start offsets of ``doc._.figures`` within the clause;
* certainty, negation and ``attributed_to`` from the judge (default
  :func:`sitrep.extract.certainty.assess`) and ``doc._.attributions``:
  an event inside reported speech is attributed to the speaker, else to the outlet
  (``outlet`` argument or ``doc._.outlet``). An event governed by a planning verb or a
  future auxiliary ("announced it will send troops") is ``planned``
  (:mod:`sitrep.events.candidate`);
* ``opinion``: true when the trigger lies in a ``doc._.opinions`` passage. Such events
  are kept and flagged (not dropped) so a consumer can choose; reports show facts only.

Speech acts are events only for reaction-like verbs in the lexicon (condemn 111, accuse 112,
urge 020, express solidarity 051...); plain reporting verbs (say, tell) are not, so a
sentence that only reports an opinion makes no event. Obligations ("X must respect the
sovereignty of Y") are REQUEST events whose source is the speaker and target the subject.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.events.arguments import lexical_candidates, parsed_candidates
from sitrep.events.candidate import Candidate
from sitrep.events.deployments import DEPLOY, MIL_AID, Party, deployer, find_deployers, route
from sitrep.events.mentions import (
    actor_for,
    body_names,
    covering,
    date_for,
    in_passage,
    modifier_role,
    place_for,
)
from sitrep.events.verbs import Lexicon, lexicon, plover_of, quad_class
from sitrep.extract.actor_context import published_day
from sitrep.extract.certainty import Verdict, assess
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Actor, Attribution, Certainty, Event, Figure, Passage, Place, TimeRef

FACTORY = "sitrep_events_v1"
PIPE_NAME = "sitrep.events.v1"

register_extensions()


Judge = Callable[..., Verdict]


def _default_judge() -> Judge:
    return assess


def _ext(doc: Doc, name: str) -> list[Any]:
    """A list-valued Doc extension, or [] when it is missing or unset."""
    if not Doc.has_extension(name):
        return []
    return list(getattr(doc._, name, None) or [])


def _clause(candidate: Candidate) -> Span:
    tok = candidate.trigger
    doc = tok.doc
    if candidate.nominal or not doc.has_annotation("DEP"):
        start = min([tok.i] + [s.start for s in (candidate.source, candidate.target) if s])
        end = max([tok.i + 1] + [s.end for s in (candidate.source, candidate.target) if s])
        return doc[start:end]
    return doc[tok.left_edge.i : tok.right_edge.i + 1]


def _code(
    candidate: Candidate, source: Actor | None, sent: Span, lex: Lexicon, *, foreign: bool = False
) -> str:
    code = candidate.sense.code_for(source.role if source else None)
    if code == DEPLOY:
        lowered = sent.text.lower()
        if foreign or any(cue in lowered for cue in lex.aid_cues):
            return MIL_AID
    return code


def _plover(candidate: Candidate, code: str) -> tuple[str, str | None]:
    if candidate.sense.cameo == DEPLOY:
        return "MOBILIZE", "troops"
    kind, mode = plover_of(code)
    if code == MIL_AID:
        return "AID", "military"
    if code == candidate.sense.cameo:
        return candidate.sense.type or kind, candidate.sense.mode or mode
    return kind, mode


def candidates_of(doc: Doc, lex: Lexicon, actors: Sequence[Actor]) -> list[Candidate]:
    """Trigger/argument candidates: from the parse when there is one, else lexical."""
    if doc.has_annotation("DEP"):
        return parsed_candidates(doc, lex, actors, bodies=body_names(lex.lang))
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
    published = published_day(doc)
    judge = judge or _default_judge()
    parsed = doc.has_annotation("DEP")
    story = getattr(doc._, "story_country", None) if Doc.has_extension("story_country") else None
    events: list[Event] = []
    candidates = candidates_of(doc, lex, actors)
    deployers = find_deployers(candidates, lex, actors, attributions)
    received: Party | None = None  # the last receiving country: deployments go on to it
    for candidate in candidates:
        trigger = candidate.trigger
        sent = trigger.sent if doc.has_annotation("SENT_START") else doc[:]
        source = actor_for(candidate.source, actors)
        target = actor_for(candidate.target, actors)
        said = covering(attributions, trigger.idx)
        source_text = candidate.source.text if candidate.source is not None else None
        source_code = source.code if source else modifier_role(candidate.source, lex.lang)
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
        clause = _clause(candidate)
        scope = doc[trigger.left_edge.i : trigger.right_edge.i + 1] if parsed else clause
        foreign = False
        if candidate.sense.cameo == DEPLOY:
            party, receiver, foreign = route(
                candidate,
                scope,
                sent,
                source=source,
                deployers=deployers,
                places=places,
                story=story,
                received=received,
            )
            if party is not None:
                source_code, source_text = party
            received = receiver or received
            target_code, target_text = receiver if receiver else (None, None)
        code = _code(candidate, source, sent, lex, foreign=foreign)
        kind, mode = _plover(candidate, code)
        verdict = judge(doc, trigger.i, trigger.i + 1, attributions=attributions, outlet=outlet)
        certainty = str(verdict.certainty)
        if candidate.planned and certainty not in {Certainty.DENIED, Certainty.RETRACTED}:
            certainty = str(Certainty.PLANNED)
        heads = (trigger, candidate.verb) if candidate.verb is not None else (trigger,)
        negated = bool(verdict.negated) or any(c.dep_ == "neg" for h in heads for c in h.children)
        place = place_for(clause, sent, places)
        events.append(
            Event(
                type=kind,
                mode=mode,
                cameo=code,
                quad_class=quad_class(code),
                source_actor=source_code,
                target_actor=target_code,
                place=place.name if place else None,
                date=date_for(sent, times, published),
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
                opinion=in_passage(opinions, trigger.idx),
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


__all__ = [
    "DEPLOY",
    "FACTORY",
    "MIL_AID",
    "PIPE_NAME",
    "Judge",
    "Party",
    "add_events",
    "candidates_of",
    "deployer",
    "find_events",
    "make_events_component",
]
