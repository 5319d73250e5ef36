"""Grammatical roles in a dependency parse (English ``dep_`` labels and Universal Dependencies).

The subject, direct object and ``by`` agent of a verb, inherited through coordination and
dependent clauses (:func:`subject_of`, :func:`object_of`, :func:`agent_of`); the
prepositions of a token and their objects; the noun phrase a token heads; who does an event
noun or gerund (:func:`nominal_agent`); and the noun a pronoun stands for
(:func:`clause_antecedent`, :func:`relative_antecedent`). Used by the candidate finders of
:mod:`sitrep.events.arguments` and :mod:`sitrep.events.participation`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

SUBJ = frozenset({"nsubj", "csubj"})
PASS_SUBJ = frozenset({"nsubjpass", "nsubj:pass"})
OBJ = frozenset({"dobj", "obj"})
AGENT = frozenset({"agent", "obl:agent"})
INHERIT_SUBJ = frozenset({"xcomp", "advcl", "conj"})
NP_RIGHT = frozenset({"compound", "flat", "flat:name", "nummod", "amod", "poss", "nmod"})
RELATIVE = frozenset({"WP", "WDT"})  # "who", "which", "that" as relative subjects
NOUN_AGENT = frozenset({"compound", "poss", "nmod:poss"})  # "police firing", "police's firing"


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


def first_child(tok: Token, deps: frozenset[str]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def pobj_of(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in {"pobj", "obj", "pcomp"}), None)


def prepositions(tok: Token) -> Iterator[Token]:
    """Prepositional children (English ``prep``; French ``obl`` with a ``case`` marker)."""
    for child in tok.children:
        if child.dep_ in {"prep", "dative"}:
            yield child
        elif child.dep_.startswith("obl") and child.dep_ not in AGENT:
            case = first_child(child, frozenset({"case"}))
            if case is not None:
                yield case  # the case marker stands for the preposition; its head is the object


def prep_object(prep: Token) -> Token | None:
    obj = pobj_of(prep) if prep.dep_ in {"prep", "dative"} else prep.head
    if obj is None or obj.ent_type_ in {"DATE", "TIME"}:
        return None
    return obj


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The (subject, passive) of ``verb``, inherited through conj/xcomp/advcl/relcl."""
    seen = 0
    tok = verb
    controlled = False  # reached through "to V": the governor's passive subject does it
    while seen < 4:
        if (s := first_child(tok, SUBJ)) is not None:
            if s.tag_ in RELATIVE and tok.dep_ in {"relcl", "acl:relcl"}:
                return tok.head, False  # "the police, who fired": the noun modified
            return s, False
        if (s := first_child(tok, PASS_SUBJ)) is not None:
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
    if (obj := first_child(verb, OBJ)) is not None:
        return obj
    for conj in verb.children:
        if conj.dep_ == "conj" and (obj := first_child(conj, OBJ)) is not None:
            return obj
    if verb.dep_ == "conj":
        return first_child(verb.head, OBJ)
    return None


def agent_of(verb: Token) -> Token | None:
    """The ``by`` agent of a passive verb (English ``agent`` + pobj; French ``obl:agent``)."""
    agent = first_child(verb, AGENT)
    if agent is None:
        return None
    return pobj_of(agent) or (agent if agent.dep_ == "obl:agent" else None)


def _by_agent(tok: Token) -> Token | None:
    """The object of a ``by`` phrase on an event noun or gerund ("firing by the police")."""
    prep = next((c for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"), None)
    return pobj_of(prep) if prep is not None else None


def nominal_agent(tok: Token) -> Token | None:
    """Who does an event noun or gerund: "police firing", "firing by the police"."""
    return first_child(tok, NOUN_AGENT) or _by_agent(tok)


def clause_antecedent(pronoun: Token) -> Token | None:
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


def relative_antecedent(pronoun: Token) -> Token | None:
    """The noun just before a relative pronoun ("troops, which began arriving")."""
    i = pronoun.i - 1
    while i >= 0 and pronoun.doc[i].is_punct:
        i -= 1
    if i >= 0 and pronoun.doc[i].pos_ in {"NOUN", "PROPN"}:
        return pronoun.doc[i]
    return None
