"""Troop contributions to a mission: "Tajikistan and Kyrgyzstan said they would take part".

Each country taking part (in a peacekeeping mission, with contingents) is a planned or
actual troop deployment by that country: a :class:`~sitrep.events.candidate.Candidate` with
the deployment sense (CAMEO 154) and ``participant`` set, its source the country.
:func:`participation` reads a parsed sentence (the verb's subject and the nouns conjoined
with it), :func:`lexical_participation` an unparsed one (the countries named just before
the verb). A parsed verb's own object or ``in``/``to`` phrase, when it has one, must name a
mission ("take part in talks" is no deployment); otherwise the sentence or the one before
must name a mission or force.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from sitrep.events.candidate import Candidate, is_planned, is_planned_lexical
from sitrep.events.roles import (
    OBJ,
    clause_antecedent,
    first_child,
    noun_phrase,
    prep_object,
    prepositions,
    subject_of,
)
from sitrep.events.verbs import Lexicon, Sense
from sitrep.model import Actor

COORDINATORS = frozenset({"e", "ed", "y", "et", "and"})
PARTICIPANT_ROLES = frozenset({"GOV", "MIL", "IGO"})
PARTICIPATION_PREPS = frozenset({"in", "to", "into", "à", "au", "aux", "dans"})
DEPLOY_SENSE = Sense(cameo="154")


def _country_like(tok: Token, actors: Sequence[Actor]) -> bool:
    """A country (named place with a country code) or a government, army or organisation."""
    if tok.ent_type_ == "GPE" and len(tok.ent_id_) == 3 and tok.ent_id_.isupper():
        return True
    return any(a.start <= tok.idx < a.end and a.role in PARTICIPANT_ROLES for a in actors)


def _mission_word(tok: Token, lex: Lexicon) -> bool:
    word = tok.lower_ if not lex.verbs else tok.lemma_.lower()
    return lex.is_mission(word) or lex.is_mission(tok.lower_)


def _names_mission(tok: Token, lex: Lexicon) -> bool:
    """``tok`` or a modifier of it names a mission ("the peacekeeping mission")."""
    return _mission_word(tok, lex) or any(
        c.dep_ in {"compound", "amod", "nmod"} and _mission_word(c, lex) for c in tok.children
    )


def _mission_context(tok: Token, lex: Lexicon) -> bool:
    """A mission or force word in the sentence of ``tok`` or the sentence before it."""
    doc = tok.doc
    if not doc.has_annotation("SENT_START"):
        return any(_mission_word(w, lex) for w in doc if w.i != tok.i)
    sent = tok.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    return any(_mission_word(w, lex) for w in doc[start : sent.end] if w.i != tok.i)


def _coordinated(tok: Token) -> list[Token]:
    """``tok`` and the nouns conjoined with it ("Tajikistan and Kyrgyzstan"), in text order."""
    found, todo = [], [tok]
    while todo:
        head = todo.pop()
        found.append(head)
        todo += [c for c in head.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    return sorted(found, key=lambda t: t.i)


def participation(tok: Token, lex: Lexicon, actors: Sequence[Actor]) -> list[Candidate]:
    """ "Tajikistan and Kyrgyzstan said they would take part" (in a peacekeeping mission): a
    planned or actual troop deployment by each country. The verb needs its listed object
    ("part"); an object or ``in``/``to`` phrase of its own must name a mission, else the
    sentence or the one before must ("take part in talks" is no deployment)."""
    needed = lex.participation_of(tok.lemma_.lower())
    if needed is None:
        return []
    obj = first_child(tok, OBJ)
    trigger = tok
    if needed:
        if obj is None or obj.lemma_.lower() != needed:
            return []
        trigger, obj = obj, None
    objects = [obj] if obj is not None else []
    for prep in [*prepositions(tok), *(prepositions(trigger) if trigger is not tok else ())]:
        if prep.lower_ in PARTICIPATION_PREPS and (o := prep_object(prep)) is not None:
            objects.append(o)
    if objects:
        if not any(_names_mission(o, lex) for o in objects):
            return []
    elif not _mission_context(tok, lex):
        return []
    subj, passive = subject_of(tok)
    if subj is None or passive:
        return []
    if subj.pos_ == "PRON":
        subj = clause_antecedent(subj)
        if subj is None:
            return []
    parties = [t for t in _coordinated(subj) if _country_like(t, actors)]
    planned = is_planned(tok, lex)
    return [
        Candidate(
            trigger,
            DEPLOY_SENSE,
            noun_phrase(p),
            None,
            planned=planned,
            nominal=True,
            participant=True,
            verb=tok,
        )
        for p in parties
    ]


def lexical_participation(
    tok: Token, sent: Span, lex: Lexicon, actors: Sequence[Actor]
) -> list[Candidate]:
    """Unparsed "Armenia, Tagikistan e Kirghizistan parteciperanno con contingenti": each
    country named just before the verb deploys troops, when the sentence or the one before
    names a mission or force (see :func:`participation`)."""
    if not _mission_context(tok, lex):
        return []
    doc = tok.doc
    names: list[Span] = []
    i = tok.i - 1
    while i >= sent.start:
        word = doc[i]
        if word.text == "," or word.lower_ in COORDINATORS:
            i -= 1
            continue
        actor = next((a for a in actors if a.start <= word.idx < a.end), None)
        if actor is not None and actor.role in PARTICIPANT_ROLES:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        elif word.ent_type_ == "GPE" and len(word.ent_id_) == 3 and word.ent_id_.isupper():
            span = next((e for e in doc.ents if e.start <= i < e.end), doc[i : i + 1])
        else:
            break
        if span is None:
            break
        names.append(span)
        i = span.start - 1
    planned = is_planned_lexical(tok, sent, lex)
    return [
        Candidate(tok, DEPLOY_SENSE, span, None, planned=planned, participant=True)
        for span in reversed(names)
    ]
