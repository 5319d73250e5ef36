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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.events.verbs import Lexicon, Sense
from sitrep.model import Actor

SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "nsubj:pass"})
OBJ = frozenset({"dobj", "obj"})
AGENT = frozenset({"agent", "obl:agent"})
INHERIT_SUBJ = frozenset({"xcomp", "advcl", "conj"})
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
NP_RIGHT = frozenset({"compound", "flat", "flat:name", "nummod", "amod", "poss", "nmod"})
VERB_TAGS = ("VB",)
CAUSE_PREPS = frozenset({"in", "during", "after", "dans", "lors"})
SYMMETRIC = frozenset({"04", "19"})  # "X and Y met / clashed": Y is the target
RELATIVE = frozenset({"WP", "WDT"})  # "who", "which", "that" as relative subjects
WINDOW = 6  # tokens either side of an unparsed trigger searched for a planning or force word
NOUN_AGENT = frozenset({"compound", "poss", "nmod:poss"})  # "police firing", "police's firing"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A matched trigger with its argument spans (token indices, end exclusive)."""

    trigger: Token
    sense: Sense
    source: Span | None
    target: Span | None
    planned: bool = False
    obligation: bool = False
    nominal: bool = False
    participant: bool = False  # "X would take part": ``source`` is the deploying country
    verb: Token | None = None  # the verb of a phrasal trigger ("take" of "take part")


def noun_phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok``: its left modifiers, plus right compounds and "of X"."""
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in NP_RIGHT or (child.dep_ == "prep" and child.lower_ in {"of", "de"}):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    start = tok.left_edge.i
    return tok.doc[start:end]


def _first(tok: Token, deps: frozenset[str]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in {"pobj", "obj", "pcomp"}), None)


def _preps(tok: Token) -> Iterator[Token]:
    """Prepositional children (English ``prep``; French ``obl`` with a ``case`` marker)."""
    for child in tok.children:
        if child.dep_ in {"prep", "dative"}:
            yield child
        elif child.dep_.startswith("obl") and child.dep_ not in AGENT:
            case = _first(child, frozenset({"case"}))
            if case is not None:
                yield case  # the case marker stands for the preposition; its head is the object


def _prep_object(prep: Token) -> Token | None:
    obj = _pobj(prep) if prep.dep_ in {"prep", "dative"} else prep.head
    if obj is None or obj.ent_type_ in {"DATE", "TIME"}:
        return None
    return obj


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The (subject, passive) of ``verb``, inherited through conj/xcomp/advcl/relcl."""
    seen = 0
    tok = verb
    controlled = False  # reached through "to V": the governor's passive subject does it
    while seen < 4:
        if (s := _first(tok, SUBJ)) is not None:
            if s.tag_ in RELATIVE and tok.dep_ in {"relcl", "acl:relcl"}:
                return tok.head, False  # "the police, who fired": the noun modified
            return s, False
        if (s := _first(tok, PASS_SUBJ)) is not None:
            return s, not controlled
        if tok.dep_ in {"relcl", "acl", "acl:relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
            return tok.head, tok.tag_ == "VBN" and tok.dep_ == "acl"
        if tok.dep_ not in INHERIT_SUBJ or tok.head is tok:
            break
        controlled = seen == 0 and tok.dep_ == "xcomp" and verb.tag_ != "VBN"
        tok = tok.head
        seen += 1
    return None, False


def object_of(verb: Token) -> Token | None:
    """The direct object, shared with a conjoined verb when ``verb`` has none."""
    if (obj := _first(verb, OBJ)) is not None:
        return obj
    for conj in verb.children:
        if conj.dep_ == "conj" and (obj := _first(conj, OBJ)) is not None:
            return obj
    if verb.dep_ == "conj":
        return _first(verb.head, OBJ)
    return None


def agent_of(verb: Token) -> Token | None:
    """The ``by`` agent of a passive verb (English ``agent`` + pobj; French ``obl:agent``)."""
    agent = _first(verb, AGENT)
    if agent is None:
        return None
    return _pobj(agent) or (agent if agent.dep_ == "obl:agent" else None)


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
        preps = [p for p in _preps(verb) if p.lower_ in sense.prep and _prep_object(p) is not None]
        if not preps and sense.obj:
            preps = [
                p
                for p in (obj.children if obj else ())
                if p.dep_ == "prep" and p.lower_ in sense.prep
            ]
        if not preps:
            return False, None
        target = _prep_object(preps[0]) if preps[0].lower_ != "by" else None
    if sense.obj:
        heads = [obj] if obj is not None else []
        if obj is not None:
            heads += [c for c in obj.children if c.dep_ == "compound"]
            heads += [  # "hundreds of troops", "a large number of forces"
                o
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of" and (o := _pobj(c)) is not None
            ]
        if not any(h.lemma_.lower() in sense.obj or h.lower_ in sense.obj for h in heads):
            return False, None
    if sense.bare and (obj is not None or _first(verb, PASS_SUBJ) is not None):
        return False, None
    if sense.modal and not any(
        c.dep_ in {"aux", "aux:pass"} and c.lemma_.lower() in lex.modals for c in verb.children
    ):
        return False, None
    return True, target


def _planned(tok: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "aux" and c.lemma_.lower() in lex.future for c in tok.children):
        return True
    if "Fut" in tok.morph.get("Tense", []) or "Cnd" in tok.morph.get("Mood", []):
        return True  # French "participera", "participerait"
    head, hops = tok, 0
    while head.dep_ in {"xcomp", "ccomp", "dobj", "obj", "conj", "pobj", "prep"} and hops < 4:
        head, hops = head.head, hops + 1
        if head.lemma_.lower() in lex.planning:
            return True
    return False


def _target_via_preps(verb: Token, skip: Token | None) -> Token | None:
    preps = {p.lower_: p for p in _preps(verb)}
    for name in TARGET_PREPS:
        if name in preps and (obj := _prep_object(preps[name])) is not None and obj is not skip:
            return obj
    return None


def _by_agent(tok: Token) -> Token | None:
    """The object of a ``by`` phrase on an event noun or gerund ("firing by the police")."""
    prep = next((c for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"), None)
    return _pobj(prep) if prep is not None else None


def nominal_agent(tok: Token) -> Token | None:
    """Who does an event noun or gerund: "police firing", "firing by the police"."""
    return _first(tok, NOUN_AGENT) or _by_agent(tok)


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
        obj = _pobj(prep)
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
        subj = _antecedent(subj) or subj
    obj = object_of(tok)
    if subj is not None and not passive and obj is None and agent_of(tok) is not None:
        passive = True  # "the troops sent to X by Y" misparsed as a finite verb
    if passive or (tok.tag_ == "VBN" and subj is None and obj is None):
        source_tok, target_tok = agent_of(tok), subj if passive else None
        obj_for_match = target_tok if obj is None else obj
        if obj_for_match is not None and obj_for_match.pos_ == "PRON":
            obj_for_match = _clause_antecedent(obj_for_match) or obj_for_match  # "they were flown"
    else:
        source_tok, target_tok, obj_for_match = subj, obj, obj
    if source_tok is not None and source_tok.lower_ in lex.force_prefixes:
        source_tok = _first(source_tok, NOUN_AGENT) or source_tok  # "police lathi"-charged
    if source_tok is None:
        source_tok = _gerund_agent(tok, lex) or _cause_agent(tok, lex) or _prefix_agent(tok, lex)
    match_subj = None if passive else subj
    if match_subj is not None and match_subj.pos_ == "PRON":
        match_subj = _clause_antecedent(match_subj) or match_subj  # "after they flew in"
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
                    _pobj(p)
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
            Candidate(tok, sense, _span(source_tok), _span(target_tok), planned=_planned(tok, lex)),
            consumed,
        )
    return None, None


def _clause_antecedent(pronoun: Token) -> Token | None:
    """The noun a subject pronoun stands for: the subject of the clause its verb depends on
    ("troops began leaving a week after they were flown in": "they" = troops)."""
    verb = pronoun.head
    while verb.dep_ in {"xcomp", "conj", "aux"} and verb.head is not verb:
        verb = verb.head
    if verb.dep_ not in {"ccomp", "advcl"}:
        return None
    nouns = [  # the nearest when a dateline is misparsed as a second subject ("ALMATY - Troops")
        c
        for c in verb.head.children
        if c.dep_ in SUBJ and c.pos_ in {"NOUN", "PROPN"} and c.i < verb.head.i
    ]
    if nouns:
        return nouns[-1]
    subj, _ = subject_of(verb.head)
    return subj if subj is not None and subj.pos_ in {"NOUN", "PROPN"} else None


def _antecedent(pronoun: Token) -> Token | None:
    """The noun just before a relative pronoun ("troops, which began arriving")."""
    i = pronoun.i - 1
    while i >= 0 and pronoun.doc[i].is_punct:
        i -= 1
    if i >= 0 and pronoun.doc[i].pos_ in {"NOUN", "PROPN"}:
        return pronoun.doc[i]
    return None


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
            case = _first(child, frozenset({"case"}))
            word = child.lower_ if child.dep_ == "prep" else (case.lower_ if case else "")
            obj = _pobj(child) if child.dep_ == "prep" else child
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
                by_obj = _pobj(agent) if agent is not None else None
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
    planned = announced or _planned(tok, lex)  # "the deployment was announced"
    return Candidate(tok, sense, source, target, planned=planned, nominal=True)


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


def _participation(tok: Token, lex: Lexicon, actors: Sequence[Actor]) -> list[Candidate]:
    """ "Tajikistan and Kyrgyzstan said they would take part" (in a peacekeeping mission): a
    planned or actual troop deployment by each country. The verb needs its listed object
    ("part"); an object or ``in``/``to`` phrase of its own must name a mission, else the
    sentence or the one before must ("take part in talks" is no deployment)."""
    needed = lex.participation_of(tok.lemma_.lower())
    if needed is None:
        return []
    obj = _first(tok, OBJ)
    trigger = tok
    if needed:
        if obj is None or obj.lemma_.lower() != needed:
            return []
        trigger, obj = obj, None
    objects = [obj] if obj is not None else []
    for prep in [*_preps(tok), *(_preps(trigger) if trigger is not tok else ())]:
        if prep.lower_ in PARTICIPATION_PREPS and (o := _prep_object(prep)) is not None:
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
        subj = _clause_antecedent(subj)
        if subj is None:
            return []
    parties = [t for t in _coordinated(subj) if _country_like(t, actors)]
    planned = _planned(tok, lex)
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
            for part in _participation(tok, lex, actors):
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
                    found += _lexical_participation(tok, sent, lex, actors)
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
            planned = _lexical_planned(tok, sent, lex)
            found.append(Candidate(tok, sense, source, target, planned=planned))
    return found


def _lexical_planned(tok: Token, sent: Span, lex: Lexicon) -> bool:
    """A planning word just before ``tok`` ("ha deciso di inviare"), or a future ending."""
    if tok.lower_.endswith(lex.future_endings) and lex.future_endings:
        return True
    before = tok.doc[max(sent.start, tok.i - WINDOW) : tok.i]
    return any(lex.is_planning(w.lower_) for w in before)


def _lexical_participation(
    tok: Token, sent: Span, lex: Lexicon, actors: Sequence[Actor]
) -> list[Candidate]:
    """Unparsed "Armenia, Tagikistan e Kirghizistan parteciperanno con contingenti": each
    country named just before the verb deploys troops, when the sentence or the one before
    names a mission or force (see :func:`_participation`)."""
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
    planned = _lexical_planned(tok, sent, lex)
    return [
        Candidate(tok, DEPLOY_SENSE, span, None, planned=planned, participant=True)
        for span in reversed(names)
    ]
