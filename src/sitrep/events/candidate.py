"""The trigger/argument candidate record, and whether its trigger is planned or happened.

A :class:`Candidate` is what the finders of :mod:`sitrep.events.arguments` and
:mod:`sitrep.events.participation` hand to :mod:`sitrep.events.coding`. A trigger is
*planned* when governed by a planning verb or a future auxiliary or tense ("announced it will
send troops", French "participera"): :func:`is_planned` on a parse; without one,
:func:`is_planned_lexical` looks for a planning word just before it ("ha deciso di inviare")
or a future ending.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.events.verbs import Lexicon, Sense

WINDOW = 6  # tokens either side of an unparsed trigger searched for a planning or force word


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


def is_planned(tok: Token, lex: Lexicon) -> bool:
    """A future auxiliary, tense or mood on ``tok``, or a planning verb up to four heads above."""
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


def is_planned_lexical(tok: Token, sent: Span, lex: Lexicon) -> bool:
    """A planning word just before ``tok`` ("ha deciso di inviare"), or a future ending."""
    if tok.lower_.endswith(lex.future_endings) and lex.future_endings:
        return True
    before = tok.doc[max(sent.start, tok.i - WINDOW) : tok.i]
    return any(lex.is_planning(w.lower_) for w in before)
