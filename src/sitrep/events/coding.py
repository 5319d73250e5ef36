"""Event coding: who did what to whom, where and when, in PLOVER and CAMEO.

:func:`find_events` turns the trigger/argument candidates of :mod:`sitrep.events.arguments`
into :class:`sitrep.model.Event` records:

* ``cameo`` from the lexicon sense (``sitrep/data/events/verbs_*.yaml``), specialised by the
  source actor's role (protesters seizing a building = 145 violent protest; the army doing so
  = 192 occupation);
* troop deployments (senses coded 154: send/deploy/dispatch troops, troops land or arrive) are
  PLOVER MOBILIZE, mode ``troops``; CAMEO 074 (military aid) when sent to help someone ("at
  the request of", "peacekeeping") or into another country, else 154. The source is the
  deploying party (:func:`deployer`): an actor that names a country or body, the troops' own
  nationality ("Russian paratroopers arrived": ``RUSMIL``), "the bloc"/"the alliance" = the
  nearest international organisation named before it, "X said it would send" = X, each
  country taking part in a mission ("Tajikistan and Kyrgyzstan would take part") itself, and
  failing those another deployment in the sentence, the speaker reporting it, or an
  organisation in the sentence. The target is the receiving country (a place in the clause,
  else the story country), as a country code;
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
  :func:`sitrep.extract.certainty.assess`) and ``doc._.attributions``:
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
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.events.arguments import (
    WINDOW,
    Candidate,
    lexical_candidates,
    noun_phrase,
    parsed_candidates,
    subject_of,
)
from sitrep.events.verbs import Lexicon, lexicon, plover_of, quad_class
from sitrep.extract.actor_context import published_day
from sitrep.extract.certainty import Verdict, assess
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Actor, Attribution, Certainty, Event, Figure, Passage, Place, TimeRef

FACTORY = "sitrep_events_v1"
PIPE_NAME = "sitrep.events.v1"
MIL_AID = "074"
DEPLOY = "154"
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod:poss"})
NATIONALITY = frozenset({"NORP", "GPE"})
DEPLOYER_ROLES = frozenset({"GOV", "MIL", "IGO"})  # a speaker who can report its own deployment
AGENT_WORDS = frozenset({"da", "dal", "dall'", "dalla", "dai", "dagli", "dalle", "por", "par"})

register_extensions()


Judge = Callable[..., Verdict]


def _default_judge() -> Judge:
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


def _covering(attributions: Sequence[Attribution], char: int) -> Attribution | None:
    return next((a for a in attributions if a.content_start <= char < a.content_end), None)


def _in_passage(passages: Sequence[Passage], char: int) -> bool:
    return any(p.start <= char < p.end for p in passages)


Party = tuple[str, str]  # (actor code, text) of a deploying or receiving party


def _country_of(code: str) -> str:
    """The country part of an actor code ("RUSMIL" -> "RUS"; "IGOCST" -> "CST")."""
    return code[3:6] if code.startswith("IGO") else code[:3]


def _nationality(span: Span) -> str | None:
    """The country code of a demonym or country name inside ``span`` ("Russian" -> RUS)."""
    for tok in span:
        if tok.ent_type_ in NATIONALITY and len(tok.ent_id_) == 3 and tok.ent_id_.isupper():
            return tok.ent_id_
    return None


def _explicit(actor: Actor, doc: Doc) -> bool:
    """An actor that names its country: a body or person, or a force with a nationality.

    Actor extraction gives a bare "troops" the story country or the last country named;
    for who deployed them that guess is worse than the fallbacks of :func:`deployer`.
    """
    if actor.role != "MIL":
        return actor.role != "UNK" and bool(actor.country)
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and (
        _nationality(span) is not None or any(t.pos_ == "PROPN" or t.tag_ == "POS" for t in span)
    )


def _igo_before(char: int, actors: Sequence[Actor]) -> Party | None:
    """The nearest international organisation named before ``char`` ("the bloc" -> CSTO)."""
    igos = [a for a in actors if a.role == "IGO" and a.end <= char]
    return (igos[-1].code, igos[-1].text) if igos else None


def _collective(tok: Token, lex: Lexicon) -> bool:
    word = tok.lower_.rsplit("'", 1)[-1]
    return tok.lemma_.lower() in lex.collectives or word in lex.collectives


def _party_in(span: Span, lex: Lexicon, actors: Sequence[Actor]) -> Party | None:
    """Who ``span`` names as a deployer: an explicit actor, a nationality, or "the bloc"."""
    actor = _actor_for(span, actors)
    if actor is not None and _explicit(actor, span.doc):
        return actor.code, actor.text
    if (country := _nationality(span)) is not None:
        return country + "MIL", span.text
    if _collective(span.root, lex):
        return _igo_before(span.start_char, actors)
    return None


def _governing_subject(tok: Token, lex: Lexicon, actors: Sequence[Actor]) -> Party | None:
    """ "Belarus said it would send": the subject of the clause governing the pronoun's verb."""
    head = tok
    while head.dep_ in {"xcomp", "conj", "aux"} and head.head is not head:
        head = head.head
    if head.dep_ not in {"ccomp", "advcl"}:
        return None
    subj, passive = subject_of(head.head)
    if subj is None or passive:
        return None
    return _party_in(noun_phrase(subj), lex, actors)


def _lexical_deployer(tok: Token, lex: Lexicon, actors: Sequence[Actor]) -> Party | None:
    """Deployer in an unparsed sentence: "inviata dall'X" = X; "atterrati i reparti russi" =
    the troops' nationality; else the nearest country, body or "l'alleanza" before it."""
    doc, sent = tok.doc, tok.sent if tok.doc.has_annotation("SENT_START") else tok.doc[:]
    after = doc[tok.i + 1 : min(sent.end, tok.i + 1 + WINDOW)]
    if len(after) > 1 and after[0].lower_ in AGENT_WORDS:
        found = _party_in(doc[after[1].i : after[1].i + 1], lex, actors)
        if found is not None:
            return found
        if after[1].ent_type_ in NATIONALITY and after[1].ent_id_:
            return after[1].ent_id_, after[1].text
    for word in after:
        if word.is_punct:
            break
        if lex.is_force(word.lower_):
            phrase = doc[word.i : min(sent.end, word.i + 3)]
            if (country := _nationality(phrase)) is not None:
                actor = _actor_for(phrase, actors)
                return (actor.code, actor.text) if actor else (country + "MIL", phrase.text)
    for word in reversed(doc[sent.start : tok.i]):
        actor = next((a for a in actors if a.start <= word.idx < a.end), None)
        if actor is not None and _explicit(actor, doc):
            return actor.code, actor.text
        if actor is None and word.ent_type_ == "GPE" and word.ent_id_:
            return word.ent_id_, word.text
        if _collective(word, lex):
            return _igo_before(word.idx, actors)
    return None


def deployer(candidate: Candidate, lex: Lexicon, actors: Sequence[Actor]) -> Party | None:
    """The deploying party a troop deployment names (see the module docstring), if any."""
    tok = candidate.trigger
    if (  # "X would take part"
        candidate.participant
        and candidate.source is not None
        and (found := _party_in(candidate.source, lex, actors)) is not None
    ):
        return found
    if not tok.doc.has_annotation("DEP"):
        return _lexical_deployer(tok, lex, actors)
    span = candidate.source
    if span is not None:
        if (found := _party_in(span, lex, actors)) is not None:
            return found
        if span.root.pos_ == "PRON" and (found := _governing_subject(tok, lex, actors)):
            return found
    lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    igos = [a for a in actors if a.role == "IGO" and lo <= a.start < hi]  # "under the CSTO"
    return (igos[0].code, igos[0].text) if igos else None


def _speaker(actors: Sequence[Actor], said: Attribution | None, doc: Doc) -> Party | None:
    """The government, army or body reporting a deployment ("Russia's Defence Ministry said
    aircraft had begun landing"): failing a named deployer, it reports its own."""
    if said is None or not said.source_actor:
        return None
    speaker = next((a for a in actors if a.start == said.source_start), None)
    if speaker is not None and speaker.role in DEPLOYER_ROLES and _explicit(speaker, doc):
        return speaker.code, speaker.text
    return None


def _igo_in(sent: Span, actors: Sequence[Actor]) -> Party | None:
    igos = [a for a in actors if a.role == "IGO" and sent.start_char <= a.start < sent.end_char]
    return (igos[0].code, igos[0].text) if igos else None


def _receiver(
    trigger: Token,
    clause: Span,
    places: Sequence[Place],
    story: str | None,
    senders: frozenset[str | None],
) -> Party | None:
    """The receiving country: a place in the clause after the trigger, else the story country.

    ``senders`` are the countries deploying in the sentence: none of them is the receiver
    ("Tajikistan and Kyrgyzstan said they would take part").
    """
    after = trigger.idx + len(trigger)
    for place in places:
        if (
            after <= place.start < clause.end_char
            and place.country
            and place.country not in senders
            and not place.as_actor
        ):
            return place.country, place.text
    for tok in clause.doc[trigger.i + 1 : clause.end]:
        if tok.ent_type_ == "GPE" and tok.ent_id_ and tok.ent_id_ not in senders:
            return tok.ent_id_, tok.text
    if story and story not in senders:
        return story, story
    return None


Key = tuple[int, int]  # a candidate: (trigger index, source start); countries share a trigger


def _key(candidate: Candidate) -> Key:
    return candidate.trigger.i, candidate.source.start if candidate.source is not None else -1


def _deployers(
    candidates: Sequence[Candidate],
    lex: Lexicon,
    actors: Sequence[Actor],
    attributions: Sequence[Attribution],
) -> dict[Key, Party]:
    """Deployer of each deployment candidate by :func:`_key`. One with none named takes the
    body reporting it, else the deployer of another deployment in its sentence ("sending
    troops, which began arriving"), else an international organisation in the sentence."""
    found: dict[Key, Party] = {}
    deployments = [c for c in candidates if c.sense.cameo == DEPLOY]
    for candidate in deployments:
        if (party := deployer(candidate, lex, actors)) is not None:
            found[_key(candidate)] = party
    if not candidates or not candidates[0].trigger.doc.has_annotation("DEP"):
        return found
    named = dict(found)
    for candidate in deployments:
        tok = candidate.trigger
        if _key(candidate) in found:
            continue
        sent = tok.sent
        party = (
            _speaker(actors, _covering(attributions, tok.idx), tok.doc)
            or next((named[k] for k in sorted(named) if sent.start <= k[0] < sent.end), None)
            or _igo_in(sent, actors)
        )
        if party is not None:
            found[_key(candidate)] = party
    return found


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
    published = published_day(doc)
    judge = judge or _default_judge()
    parsed = doc.has_annotation("DEP")
    story = getattr(doc._, "story_country", None) if Doc.has_extension("story_country") else None
    events: list[Event] = []
    candidates = candidates_of(doc, lex, actors)
    deployers = _deployers(candidates, lex, actors, attributions)
    received: Party | None = None  # the last receiving country: deployments go on to it
    for candidate in candidates:
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
        clause = _clause(candidate)
        scope = doc[trigger.left_edge.i : trigger.right_edge.i + 1] if parsed else clause
        foreign = False
        if candidate.sense.cameo == DEPLOY:
            party = deployers.get(_key(candidate))
            if party is not None:
                source_code, source_text = party
            from_country = _country_of(party[0]) if party else (source.country if source else None)
            senders = frozenset(
                {from_country}
                | {
                    _country_of(code)
                    for key, (code, _text) in deployers.items()
                    if sent.start <= key[0] < sent.end
                }
            )
            receiver = _receiver(trigger, scope, places, None, senders)
            if receiver is None and received is not None and received[0] not in senders:
                receiver = received
            receiver = receiver or _receiver(trigger, scope, (), story, senders)
            received = receiver or received
            target_code, target_text = receiver if receiver else (None, None)
            foreign = from_country is not None and receiver is not None
        code = _code(candidate, source, sent, lex, foreign=foreign)
        kind, mode = _plover(candidate, code)
        verdict = judge(doc, trigger.i, trigger.i + 1, attributions=attributions, outlet=outlet)
        certainty = str(verdict.certainty)
        if candidate.planned and certainty not in {Certainty.DENIED, Certainty.RETRACTED}:
            certainty = str(Certainty.PLANNED)
        heads = (trigger, candidate.verb) if candidate.verb is not None else (trigger,)
        negated = bool(verdict.negated) or any(c.dep_ == "neg" for h in heads for c in h.children)
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
