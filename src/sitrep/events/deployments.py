"""Troop deployments: who sends the troops, where they go, and military aid.

Senses coded 154 (send/deploy/dispatch troops, troops land or arrive) are PLOVER MOBILIZE,
mode ``troops``; :mod:`sitrep.events.coding` makes them CAMEO 074 (military aid) when sent
to help someone ("at the request of", "peacekeeping") or into another country, else 154.

The source is the deploying party (:func:`deployer`): an actor that names a country or body,
the troops' own nationality ("Russian paratroopers arrived": ``RUSMIL``), "the bloc"/"the
alliance" = the nearest international organisation named before it, "X said it would send" =
X, each country taking part in a mission ("Tajikistan and Kyrgyzstan would take part")
itself, and failing those (:func:`find_deployers`) the speaker reporting it, another
deployment in the sentence, or an organisation in the sentence. The target
(:func:`route`) is the receiving country (a place in the clause, else the country the last
deployment went to, else the story country), as a country code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.events.candidate import WINDOW, Candidate
from sitrep.events.mentions import actor_for, covering
from sitrep.events.roles import noun_phrase, subject_of
from sitrep.events.verbs import Lexicon
from sitrep.model import Actor, Attribution, Place

MIL_AID = "074"
DEPLOY = "154"
NATIONALITY = frozenset({"NORP", "GPE"})
DEPLOYER_ROLES = frozenset({"GOV", "MIL", "IGO"})  # a speaker who can report its own deployment
AGENT_WORDS = frozenset({"da", "dal", "dall'", "dalla", "dai", "dagli", "dalle", "por", "par"})

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
    actor = actor_for(span, actors)
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
                actor = actor_for(phrase, actors)
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


def find_deployers(
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
            _speaker(actors, covering(attributions, tok.idx), tok.doc)
            or next((named[k] for k in sorted(named) if sent.start <= k[0] < sent.end), None)
            or _igo_in(sent, actors)
        )
        if party is not None:
            found[_key(candidate)] = party
    return found


def route(
    candidate: Candidate,
    scope: Span,
    sent: Span,
    *,
    source: Actor | None,
    deployers: Mapping[Key, Party],
    places: Sequence[Place],
    story: str | None,
    received: Party | None,
) -> tuple[Party | None, Party | None, bool]:
    """The (deployer, receiver, foreign) of a deployment ``candidate``.

    ``deployers`` are those of :func:`find_deployers`; none of the countries deploying in
    ``sent`` is the receiver. It is a place after the trigger in ``scope``, else ``received``
    (the last receiving country: deployments go on to it), else the ``story`` country.
    ``foreign``: both a sending country and a receiver are known.
    """
    trigger = candidate.trigger
    party = deployers.get(_key(candidate))
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
    foreign = from_country is not None and receiver is not None
    return party, receiver, foreign
