"""Find event triggers and their arguments in a dependency parse (or, without one, by position).

A :class:`Candidate` is a trigger token, the lexicon sense it matched, and the token spans
of its source and target. Parsed documents (English, French) use the dependency tree:

* verbs: subject = source, object = target; passive voice: the passive subject is the
  target and the ``by`` agent the source; coordination: a conjoined verb without its own
  subject or object shares its head's ("police arrested and beat protesters"); a verb in a
  participial or purpose clause takes the subject of the verb it depends on ("opened fire,
  killing five"); a relative clause takes the noun it modifies (also when its subject is a
  relative pronoun: "the police, who fired"); an infinitive under a passive verb is done by
  its passive subject ("police were forced to fire");
* a relative pronoun subject stands for the noun just before it ("troops, which began
  arriving"); a finite-looking verb with a ``by`` agent and no object is passive ("the troops
  sent to X by Y"); "thanked X for sending troops": X sent them (``beneficiaries``);
* agents of police firing and the like: a gerund trigger's compound/possessive/``by`` modifier
  ("police firing", "firing by the police"), the subject of a controlling verb ("resorted
  to firing", ``controllers`` in the lexicon), the event phrase a verb happened in ("killed
  in police firing"), and the noun just left of a fused force verb ("police lathi-charged",
  senses with a ``prefix`` condition) or of a misattached gerund;
* nominal events ("the arrest of 40 protesters by police", "clashes between police and
  protesters", "police firing"): ``by``/compound/possessive = source (a compound may be a
  body name no actor mention covers, ``bodies``), ``of``/``on``/
  ``against`` = target, ``between X and Y`` = X and Y; kept only when an argument is found
  or the noun is the subject of a verb of occurrence ("clashes erupted") or the passive
  subject of a planning verb ("the deployment was announced": planned); an event noun as the
  object of a controller takes its subject ("aircraft had begun landing");
* obligation ("Russia must respect sovereignty"): the subject is the *target*; the source
  is filled in later from the attribution (who demands it).

Blank pipelines (Italian, Spanish) have no parse: a token starting with a lexicon stem is a
trigger, the nearest actor before it in the sentence the source and the nearest after it the
target. This misses passives and coordination and is documented as a known weakness. A
planning word just before the trigger ("ha deciso di inviare") makes it planned, and a stem
sense with ``obj`` needs one of those words near the trigger ("trasferire reparti").

This module holds the verb and nominal triggers and the two entry points,
:func:`parsed_candidates` and :func:`lexical_candidates`. The grammatical roles they read are
in :mod:`sitrep.events.roles`, the :class:`Candidate` record and planned/happened in
:mod:`sitrep.events.candidate`, and troop contributions ("X would take part") in
:mod:`sitrep.events.participation`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.events.candidate import WINDOW, Candidate, is_planned, is_planned_lexical
from sitrep.events.participation import lexical_participation, participation
from sitrep.events.roles import (
    NOUN_AGENT,
    OBJ,
    PASS_SUBJ,
    RELATIVE,
    SUBJ,
    agent_of,
    clause_antecedent,
    first_child,
    nominal_agent,
    noun_phrase,
    object_of,
    pobj_of,
    prep_object,
    prepositions,
    relative_antecedent,
    subject_of,
)
from sitrep.events.verbs import Lexicon, Sense
from sitrep.model import Actor

TARGET_PREPS = (
    "with",
    "against",
    "on",
    "upon",
    "at",
    "into",
    "towards",
    "to",
    "over",
    "avec",
    "contre",
    "sur",
)
NOUN_TARGET_PREPS = frozenset({"of", "on", "against", "de", "contre"})
VERB_TAGS = ("VB",)
CAUSE_PREPS = frozenset({"in", "during", "after", "dans", "lors"})
SYMMETRIC = frozenset({"04", "19"})  # "X and Y met / clashed": Y is the target


def _prefix_of(tok: Token) -> str:
    """The word fused before ``tok`` by a hyphen or space ("lathi" in "lathi-charged")."""
    i = tok.i - 1
    if i >= 0 and tok.doc[i].tag_ == "HYPH":
        i -= 1
    return tok.doc[i].lower_ if i >= 0 else ""


def _matches(
    sense: Sense, verb: Token, obj: Token | None, lex: Lexicon, subj: Token | None = None
) -> tuple[bool, Token | None]:
    """Whether ``sense`` holds for ``verb``; returns the target token it implies, if any."""
    target: Token | None = None
    if sense.subj and (subj is None or not {subj.lemma_.lower(), subj.lower_} & sense.subj):
        return False, None
    if sense.prefix and _prefix_of(verb) not in sense.prefix:
        return False, None
    if sense.prt and not any(
        c.dep_ in {"prt", "compound:prt", "advmod"} and c.lower_ in sense.prt for c in verb.children
    ):
        return False, None
    if sense.prep:
        preps = [
            p for p in prepositions(verb) if p.lower_ in sense.prep and prep_object(p) is not None
        ]
        if not preps and sense.obj:
            preps = [
                p
                for p in (obj.children if obj else ())
                if p.dep_ == "prep" and p.lower_ in sense.prep
            ]
        if not preps:
            return False, None
        target = prep_object(preps[0]) if preps[0].lower_ != "by" else None
    if sense.obj:
        heads = [obj] if obj is not None else []
        if obj is not None:
            heads += [c for c in obj.children if c.dep_ == "compound"]
            heads += [  # "hundreds of troops", "a large number of forces"
                o
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of" and (o := pobj_of(c)) is not None
            ]
        if not any(h.lemma_.lower() in sense.obj or h.lower_ in sense.obj for h in heads):
            return False, None
    if sense.bare and (obj is not None or first_child(verb, PASS_SUBJ) is not None):
        return False, None
    if sense.modal and not any(
        c.dep_ in {"aux", "aux:pass"} and c.lemma_.lower() in lex.modals for c in verb.children
    ):
        return False, None
    return True, target


def _target_via_preps(verb: Token, skip: Token | None) -> Token | None:
    preps = {p.lower_: p for p in prepositions(verb)}
    for name in TARGET_PREPS:
        if name in preps and (obj := prep_object(preps[name])) is not None and obj is not skip:
            return obj
    return None


def _is_event_word(tok: Token, lex: Lexicon) -> bool:
    """An event noun ("firing", "crackdown") or a verb used as a noun (gerund "firing")."""
    lemma = tok.lemma_.lower()
    if lemma in lex.nouns or tok.lower_ in lex.nouns:
        return True
    return tok.tag_ == "VBG" and lemma in lex.verbs


def _cause_agent(verb: Token, lex: Lexicon) -> Token | None:
    """The actor of an event phrase the verb happened in ("killed in police firing")."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in CAUSE_PREPS:
            continue
        obj = pobj_of(prep)
        if obj is None:
            continue
        for child in obj.children:
            if child.dep_ in {"acl", "compound"} and (
                child.lemma_.lower() in lex.verbs or child.lemma_.lower() in lex.nouns
            ):
                return obj  # "police [firing]"
        if _is_event_word(obj, lex):
            return nominal_agent(obj)
    return None


def _gerund_agent(tok: Token, lex: Lexicon) -> Token | None:
    """The doer of a gerund trigger without a subject.

    "police firing" / "firing by the police" (a modifier or ``by`` phrase of the gerund), or the
    subject of a controlling verb ("police had to resort to firing": ``lex.controllers``).
    """
    if tok.tag_ != "VBG":
        return None
    if (agent := nominal_agent(tok)) is not None:
        return agent
    head = tok.head
    if tok.dep_ in {"pobj", "pcomp"} and head.dep_ == "prep":
        head = head.head
        if head.lemma_.lower() in lex.beneficiaries:  # "thanked Putin for sending troops"
            return object_of(head)
    elif tok.dep_ not in {"dobj", "obj", "xcomp"}:
        return None
    if head.lemma_.lower() not in lex.controllers:
        return None
    subj, passive = subject_of(head)
    return None if passive else subj


def _prefix_agent(tok: Token, lex: Lexicon) -> Token | None:
    """The noun just left of a compound trigger or gerund the parse did not attach.

    "police lathi-charged" (prefix ``lathi``), "police baton-charged", "subsequent police firing".
    """
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and (doc[i].tag_ == "HYPH" or doc[i].lower_ in lex.force_prefixes):
        i -= 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN"}:
        return None
    if i == tok.i - 1 and tok.tag_ != "VBG":  # nothing skipped: only a gerund ("police firing")
        return None
    return doc[i]


def _span(tok: Token | None) -> Span | None:
    return noun_phrase(tok) if tok is not None else None


def _verb_candidate(tok: Token, lex: Lexicon) -> tuple[Candidate | None, Token | None]:
    senses = lex.verbs.get(tok.lemma_.lower()) or lex.verbs.get(tok.lower_)
    if not senses:
        return None, None
    subj, passive = subject_of(tok)
    if subj is not None and subj.tag_ in RELATIVE:
        subj = relative_antecedent(subj) or subj
    obj = object_of(tok)
    if subj is not None and not passive and obj is None and agent_of(tok) is not None:
        passive = True  # "the troops sent to X by Y" misparsed as a finite verb
    if passive or (tok.tag_ == "VBN" and subj is None and obj is None):
        source_tok, target_tok = agent_of(tok), subj if passive else None
        obj_for_match = target_tok if obj is None else obj
        if obj_for_match is not None and obj_for_match.pos_ == "PRON":
            obj_for_match = clause_antecedent(obj_for_match) or obj_for_match  # "they were flown"
    else:
        source_tok, target_tok, obj_for_match = subj, obj, obj
    if source_tok is not None and source_tok.lower_ in lex.force_prefixes:
        source_tok = first_child(source_tok, NOUN_AGENT) or source_tok  # "police lathi"-charged
    if source_tok is None:
        source_tok = _gerund_agent(tok, lex) or _cause_agent(tok, lex) or _prefix_agent(tok, lex)
    match_subj = None if passive else subj
    if match_subj is not None and match_subj.pos_ == "PRON":
        match_subj = clause_antecedent(match_subj) or match_subj  # "after they flew in"
    for sense in senses:
        ok, via = _matches(sense, tok, obj_for_match, lex, match_subj)
        if not ok:
            continue
        if sense.modal:
            return Candidate(tok, sense, None, _span(subj), obligation=True), obj
        if sense.obj and obj_for_match is not None:
            # "took control of X", "held a call with Y": the argument hangs off the object
            inner = _target_via_preps(obj_for_match, None) or next(
                (
                    pobj_of(p)
                    for p in obj_for_match.children
                    if p.dep_ == "prep" and p.lower_ in {"of", "over"}
                ),
                None,
            )
            target_tok = inner or (target_tok if target_tok is not obj_for_match else None)
        target_tok = via or target_tok or _target_via_preps(tok, source_tok)
        if target_tok is None and subj is not None and sense.cameo[:2] in SYMMETRIC:
            target_tok = next((c for c in subj.children if c.dep_ == "conj"), None)
        consumed = obj if sense.obj else None
        return (
            Candidate(
                tok, sense, _span(source_tok), _span(target_tok), planned=is_planned(tok, lex)
            ),
            consumed,
        )
    return None, None


def _noun_sense(senses: Sequence[Sense], target: Span | None) -> Sense | None:
    """The first unconditional sense, or one whose ``obj`` names the ``of`` argument."""
    for sense in senses:
        if sense.unconditional:
            return sense
        if sense.obj and target is not None:
            words = {target.root.lemma_.lower(), target.root.lower_}
            if words & sense.obj and not (sense.prep or sense.prt or sense.subj or sense.modal):
                return sense
    return None


def _noun_candidate(
    tok: Token, lex: Lexicon, actors: Sequence[Actor], bodies: frozenset[str]
) -> Candidate | None:
    senses = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not senses:
        return None
    source: Span | None = None
    target: Span | None = None
    for child in tok.children:
        if child.dep_ in {"compound", "poss", "amod", "nmod:poss"} and (
            _overlaps(child, actors) or child.lower_ in bodies
        ):
            source = noun_phrase(child) if child.dep_ != "amod" else tok.doc[child.i : child.i + 1]
        elif child.dep_ in {"prep", "nmod"} or child.dep_.startswith("nmod"):
            case = first_child(child, frozenset({"case"}))
            word = child.lower_ if child.dep_ == "prep" else (case.lower_ if case else "")
            obj = pobj_of(child) if child.dep_ == "prep" else child
            if obj is None:
                continue
            if word == "by" or child.dep_ == "agent":
                source = noun_phrase(obj)
            elif word == "between":
                source = noun_phrase(obj)
                conj = next((c for c in obj.children if c.dep_ == "conj"), None)
                target = noun_phrase(conj) if conj is not None else None
            elif word in NOUN_TARGET_PREPS and target is None:
                target = noun_phrase(obj)
                agent = next(
                    (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "by"), None
                )
                by_obj = pobj_of(agent) if agent is not None else None
                if (
                    agent is not None and by_obj is not None and source is None
                ):  # "arrest of X by Y" attached to X
                    source = noun_phrase(by_obj)
                    target = obj.doc[target.start : agent.i] if agent.i > target.start else target
    sense = _noun_sense(senses, target)
    if sense is None:
        return None
    if source is None and tok.dep_ in OBJ and tok.head.lemma_.lower() in lex.controllers:
        subj, passive = subject_of(tok.head)  # "aircraft had begun landing"
        source = noun_phrase(subj) if subj is not None and not passive else None
    occurs = tok.dep_ in SUBJ and tok.head.lemma_.lower() in lex.occurrence
    announced = tok.dep_ in PASS_SUBJ and tok.head.lemma_.lower() in lex.planning
    if source is None and target is None and not (occurs or announced):
        return None
    planned = announced or is_planned(tok, lex)  # "the deployment was announced"
    return Candidate(tok, sense, source, target, planned=planned, nominal=True)


def _overlaps(tok: Token, actors: Sequence[Actor]) -> bool:
    return any(a.start <= tok.idx < a.end for a in actors)


def parsed_candidates(
    doc: Doc, lex: Lexicon, actors: Sequence[Actor], *, bodies: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Event candidates of a parsed document, verbs first, then unconsumed nominal events.

    ``bodies``: lower-cased names of actor bodies accepted as the modifier naming who did a
    nominal event even when no actor mention covers them ("police firing").
    """
    found: list[Candidate] = []
    consumed: set[int] = set()
    for tok in doc:
        if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith(VERB_TAGS):
            candidate, used = _verb_candidate(tok, lex)
            if candidate is not None:
                found.append(candidate)
                consumed.add(tok.i)
                if used is not None:
                    consumed.add(used.i)
                continue
            for part in participation(tok, lex, actors):
                found.append(part)
                consumed.update({tok.i, part.trigger.i})
    for tok in doc:
        if tok.i not in consumed and tok.pos_ in {"NOUN", "PROPN"}:
            candidate = _noun_candidate(tok, lex, actors, bodies)
            if candidate is not None:
                found.append(candidate)
    return sorted(found, key=lambda c: c.trigger.i)


def lexical_candidates(doc: Doc, lex: Lexicon, actors: Sequence[Actor]) -> list[Candidate]:
    """Event candidates of an unparsed document: stem triggers, nearest actors as arguments."""
    found: list[Candidate] = []
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        in_sent = [a for a in actors if sent.start_char <= a.start < sent.end_char]
        for tok in sent:
            senses = lex.stem_senses(tok.lower_) if tok.is_alpha else ()
            if not senses:
                if tok.is_alpha and lex.participation_of(tok.lower_) is not None:
                    found += lexical_participation(tok, sent, lex, actors)
                continue
            before = [a for a in in_sent if a.end <= tok.idx]
            after = [a for a in in_sent if a.start >= tok.idx + len(tok)]
            sense = senses[0]
            near = doc[max(sent.start, tok.i - WINDOW) : min(sent.end, tok.i + WINDOW + 1)]
            if sense.obj and not any(
                w.lower_.startswith(stem) for w in near for stem in sense.obj if w.i != tok.i
            ):
                continue
            source = doc.char_span(before[-1].start, before[-1].end) if before else None
            target = doc.char_span(after[0].start, after[0].end) if after else None
            planned = is_planned_lexical(tok, sent, lex)
            found.append(Candidate(tok, sense, source, target, planned=planned))
    return found


__all__ = [
    "WINDOW",
    "Candidate",
    "agent_of",
    "lexical_candidates",
    "nominal_agent",
    "noun_phrase",
    "object_of",
    "parsed_candidates",
    "subject_of",
]
