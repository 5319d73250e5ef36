"""Who a number counts: the counted noun after a quantity, and person nouns.

:func:`counted_noun` decides whether a quantity is a head count at all (not an age, a unit, a
clock time, "4 of them") and which noun it counts: a lexicon noun (``who``/``forces``), a
person noun outside the lexicon (a nationality, an agent suffix), or any plural noun that
is the victim of a casualty cue ("six Jesuits were killed"). :func:`is_person` tells
whether a token names one person (for the singular-victim figures).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extract.figure_lexicon import (
    NOUN_KINDS,
    FigureLexicon,
    lexicon_key,
    lookup_at,
    match_at,
    words,
)
from sitrep.extract.numbers import QuantitySpan

CONNECTORS = frozenset(
    [
        "of",
        "di",
        "de",
        "des",
        "d'",
        "d’",
        "del",
        "dei",
        "degli",
        "delle",
        "della",
        "du",
        "los",
        "las",
    ]
)
# "4 of them", "dos de ellos": a part of a count already made.
PARTITIVE = frozenset(
    "them whom those these us loro essi esse eux elles ellos ellas quienes".split()  # noqa: SIM905
)
CLOCK_BEFORE = frozenset("at approximately around about alle verso à vers las".split())  # noqa: SIM905
CLOCK_AFTER = frozenset("hours hrs hr gmt utc ore heures horas".split())  # noqa: SIM905
VICTIM_DEPS = frozenset({"nsubjpass", "nsubj:pass", "dobj", "obj"})
NOT_PEOPLE = frozenset({"GPE", "LOC", "ORG", "FAC", "NORP", "PRODUCT", "EVENT", "DATE", "MISC"})
AGENT_SUFFIXES = ("ist", "ists", "ian", "ians", "ant", "ants", "ent", "ents", "man", "men")


@dataclass(frozen=True, slots=True)
class Counted:
    start: int  # figure's token span
    end: int
    who: str | None
    who_kind: str | None  # "who" / "forces" / a kind named by the noun / None


def who_at(doc: Doc, i: int, stop: int, lex: FigureLexicon) -> Counted | None:
    """A counted noun of the lexicon starting at ``doc[i]``."""
    size = match_at(lex.who, doc, i, stop, lex)
    if not size:
        return None
    noun = doc[i : i + size]
    kind = lookup_at(lex.who, doc, i, size)
    cue = lex.cues.get(lexicon_key(noun.text)) or lex.cues.get((words(noun[-1])[1],))
    return Counted(i, i + size, noun.text.lower(), cue if cue in NOUN_KINDS else kind)


def agentive(token: Token) -> bool:
    """A person noun outside the lexicon: a nationality/person entity or an agent suffix."""
    if token.ent_type_ in {"NORP", "PERSON", "PER"}:
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower().endswith(AGENT_SUFFIXES)


def after_name(doc: Doc, start: int, sent: Span) -> bool:
    """A bare number right after "Name," is an age in news style ("Ana Ruiz, 42,")."""
    return (
        start - 2 >= sent.start
        and doc[start - 1].text == ","
        and (doc[start - 2].ent_type_ in {"PERSON", "PER"} or doc[start - 2].pos_ == "PROPN")
    )


def _clock_time(doc: Doc, span: QuantitySpan, sent: Span) -> bool:
    """ "at 2220", "1100 hours": a four-digit 24-hour time."""
    text = doc[span.start : span.end].text
    if len(text) != 4 or not text.isdigit() or int(text[:2]) > 23 or int(text[2:]) > 59:
        return False
    before = doc[span.start - 1].lower_ if span.start > sent.start else ""
    after = doc[span.end].lower_ if span.end < sent.end else ""
    return before in CLOCK_BEFORE or after in CLOCK_AFTER


def _not_count(doc: Doc, span: QuantitySpan, lex: FigureLexicon, sent: Span) -> bool:
    """Ages, units, money, dates, "No. 4", "4 of them": numbers that count no one here."""
    end = span.end
    if end < sent.end and doc[end].lower_ in lex.not_counts:
        return True
    if end + 1 < sent.end and doc[end].text == "-" and doc[end + 1].lower_ in lex.not_counts:
        return True
    if end + 1 < sent.end and doc[end].lower_ in CONNECTORS and doc[end + 1].lower_ in PARTITIVE:
        return True  # "15 soldiers, 4 of them seriously": part of a count already made
    if _clock_time(doc, span, sent):
        return True
    before = doc[max(sent.start, span.start - 2) : span.start]
    return bool(before) and (
        before[-1].lower_ in lex.not_before or before.text.lower() in lex.not_before
    )


def counted_noun(doc: Doc, span: QuantitySpan, lex: FigureLexicon, sent: Span) -> Counted | None:
    """The counted noun after a quantity, or None when the quantity is not a head count."""
    if _not_count(doc, span, lex, sent):
        return None
    bare = Counted(span.start, span.end, None, None)
    last = doc[span.end - 1]
    if doc.has_annotation("DEP") and last.dep_ == "nummod" and span.end <= last.head.i < sent.end:
        head = last.head
        for i in range(span.end, head.i + 1):
            found = who_at(doc, i, head.i + 1, lex)
            if found is not None and found.end == head.i + 1:
                who = doc[span.end : found.end].text.lower()  # "jesuit priests"
                return Counted(span.start, found.end, who, found.who_kind)
        if match_at(lex.cues, doc, head.i, head.i + 1, lex):
            return bare  # "29 dead", "21 deaths": the noun is the cue
        if agentive(head) and head.lower_ not in lex.not_counts:
            return Counted(span.start, head.i + 1, head.lower_, "who")
        if casualty_victim(head, lex):  # "six Jesuits were killed": victims, whatever noun
            return Counted(span.start, head.i + 1, head.lower_, None)
        return None
    i = span.end
    if i < sent.end and doc[i].lower_ in CONNECTORS:
        i += 1
    skipped = 0
    while i < sent.end and skipped <= 2:
        found = who_at(doc, i, sent.end, lex)
        if found is not None:
            return Counted(span.start, found.end, found.who, found.who_kind)
        token = doc[i]
        if token.lower_ in lex.not_counts:
            return None
        if match_at(lex.cues, doc, i, sent.end, lex) or token.is_punct or token.is_stop:
            break
        if not doc.has_annotation("DEP"):
            break  # no tags to skip adjectives by
        if token.pos_ not in {"ADJ", "PROPN"}:
            break
        skipped += 1
        i += 1
    return bare


def casualty_victim(head: Token, lex: FigureLexicon) -> bool:
    """A plural noun that is the victim of a casualty cue: the (passive) subject or object
    of "killed"/"wounded", or the object of "the murder of"."""
    if head.tag_ not in {"NNS", "NNPS"} or head.ent_type_ in NOT_PEOPLE - {"NORP"}:
        return False
    if head.lower_ in lex.not_counts or head.lemma_.lower() in lex.not_counts:
        return False
    governor = head.head
    if head.dep_ == "pobj" and governor.lower_ == "of":
        governor = governor.head
    elif head.dep_ not in VICTIM_DEPS:
        return False
    kind = lex.cues.get((governor.lower_,)) or lex.cues.get((words(governor)[1],))
    return kind in {"killed", "injured"}


def is_person(token: Token, lex: FigureLexicon) -> bool:
    """A person noun ("soldier", "technician") or a name that is not a place or a body."""
    if token.ent_type_ in {"PERSON", "PER"} or agentive(token):
        return True
    if token.pos_ == "PROPN" and token.dep_ == "poss":  # "Jaramillo's murder"
        return token.ent_type_ not in {"GPE", "LOC", "FAC", "NORP"}
    if token.pos_ == "PROPN":
        return token.ent_type_ not in NOT_PEOPLE
    return token.pos_ == "NOUN" and ((token.lemma_.lower(),) in lex.who)


__all__ = [
    "NOT_PEOPLE",
    "VICTIM_DEPS",
    "Counted",
    "after_name",
    "agentive",
    "casualty_victim",
    "counted_noun",
    "is_person",
    "who_at",
]
