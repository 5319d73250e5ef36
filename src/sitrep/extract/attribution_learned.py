"""Attributions around cues chosen by the learned classifier (:mod:`sitrep.extract.cue_model`).

Used for English when a cue model is shipped, in place of the lexicon-gated verb rule of
:func:`sitrep.extract.attribution_rules.parsed_attributions`. Every candidate token the
classifier accepts becomes a cue; its parts come from the parse:

* verbs and adjectives: the content is the clause, quotation or object the verb rule
  finds, else the rest of the token's phrase; the source is the subject (the agent of a
  passive, an inherited subject for "..., adding that"), or none (kind ``agentless``);
* nouns ("his support for X", "criticism from X of Y"): the source is the possessor, a
  "by"/"from" phrase or the subject of the verb that governs the noun; the content is the
  noun's complement (a clause or a prepositional object).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Span, Token

from sitrep.extract.attribution_rules import (
    SUBJECTS,
    after_line_break,
    content_span,
    cue_lemma,
    cue_span,
    inherited_subject,
)
from sitrep.extract.attribution_spans import Found, TokSpan, is_quoted, subtree, trim
from sitrep.extract.cues import CueLexicon

QUOTING = frozenset({"quote", "cite"})
NOUN_SOURCE_PREPS = frozenset({"by", "from", "among"})
NOUN_CONTENT_DEPS = frozenset({"acl", "ccomp", "relcl", "xcomp"})
NOUN_CONTENT_PREPS = frozenset({"of", "for", "on", "about", "against", "to", "over", "with", "in"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "nsubj:pass"})
# verbs whose "it" subject is a placeholder ("it seems that", "it remains unclear whether")
RAISING = frozenset({"seem", "appear", "be", "look", "sound", "remain", "become", "happen"})
NAME_POS = frozenset({"PROPN", "NOUN", "PRON"})


def learned_attributions(
    sent: Span, lex: CueLexicon, quotes: Sequence[TokSpan], heads: Iterable[int]
) -> Iterator[Found]:
    """Attributions around the cue ``heads`` (token indices in ``sent``, in text order)."""
    doc = sent.doc
    for i in heads:
        token = doc[i]
        found = _noun(token) if token.pos_ == "NOUN" else _verb(token, lex, quotes)
        if found is not None:
            yield found


def _clean_source(
    token: Token, span: TokSpan, head: Token | None, content: TokSpan
) -> TokSpan | None:
    doc = token.doc
    source = trim(doc, after_line_break(doc, span, head))
    if source is None or (source[0] < content[1] and content[0] < source[1]):
        return None
    return source


def _rest(token: Token, skip: set[int]) -> TokSpan | None:
    """The part of ``token``'s phrase after it (else before it), minus ``skip`` subtrees."""
    right = [c for c in token.rights if c.i not in skip and not c.is_punct]
    if right:
        return right[0].left_edge.i, right[-1].right_edge.i + 1
    left = [
        c
        for c in token.lefts
        if c.i not in skip and not c.is_punct and c.dep_ not in {"aux", "auxpass"}
    ]
    if left:
        return left[0].left_edge.i, left[-1].right_edge.i + 1
    return None


def _quoted_as(verb: Token) -> Token | None:
    """The verb of "as saying" under "quoted" / "cited", if any."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for inner in child.children:
                if inner.dep_ == "pcomp" and inner.pos_ == "VERB":
                    return inner
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``: the nearest one on the same line when the parse gives several.

    A headline or time stamp above a paragraph often lands in the same parse as a second
    subject ("12:15 p.m. \\n\\n The senator says ...").
    """
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1:
        doc = verb.doc
        same_line = [
            s
            for s in subjects
            if not any(
                t.is_space and "\n" in t.text for t in doc[min(s.i, verb.i) : max(s.i, verb.i)]
            )
        ]
        subjects = sorted(same_line or subjects, key=lambda s: abs(verb.i - s.i))
    if subjects:
        return subjects[0]
    for child in verb.lefts:  # a mis-parsed name right before the verb ("..., Smith notes")
        if child.dep_ == "compound" and child.pos_ in NAME_POS and child.right_edge.i == verb.i - 1:
            return child
    return None


def _agent_of(verb: Token) -> tuple[Token, Token] | None:
    """(the "by" phrase, its object) of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return child, obj
    return None


def _placeholder(subject: Token, verb: Token, lex: CueLexicon) -> bool:
    """True for an expletive subject ("it seems that", "there is ..."), not a real source."""
    if subject.lower_ not in lex.agentless_subjects:
        return False
    if subject.lower_ != "it" or subject.dep_ in PASSIVE_SUBJECTS:
        return True
    return verb.lemma_.lower() in RAISING or verb.pos_ == "AUX"


def _separate(content: TokSpan, source: TokSpan, cue: TokSpan) -> TokSpan | None:
    """``content`` without the source and cue it contains ("which I said was ..."), or None."""
    after = (max(source[1], cue[1]), content[1])
    if after[0] < after[1] and content[0] < after[0]:
        return after
    before = (content[0], min(source[0], cue[0]))
    if before[0] < before[1]:
        return before
    return None


def _verb(verb: Token, lex: CueLexicon, quotes: Sequence[TokSpan]) -> Found | None:
    doc = verb.doc
    lemma = cue_lemma(verb, lex)
    inner = _quoted_as(verb) if lemma in QUOTING else None
    if inner is not None:  # "was quoted as saying that ...": one cue up to "saying"
        found = content_span(inner, cue_lemma(inner, lex), quotes)
    else:
        found = content_span(verb, lemma, quotes)
    subject = _subject(verb)
    passive = subject is not None and subject.dep_ in PASSIVE_SUBJECTS
    agent = _agent_of(verb)
    before = False
    if found is not None:
        span, before, _ = found
    else:
        skip = {subject.i} if subject is not None else set()
        if agent is not None:
            skip.add(agent[0].i)
        rest = _rest(verb, skip)
        if rest is None and passive and agent is not None and subject is not None:
            rest = subtree(subject)  # "X was backed by Y": X is what Y backed
        if rest is None:
            return None
        span = rest
    content = trim(doc, span, keep_quotes=True)
    if content is None:
        return None
    cue = cue_span(verb)
    if inner is not None:
        cue = (cue[0], inner.i + 1)
    if content[0] == cue[1] + 1 and doc[cue[1]].head.i == verb.i and doc[cue[1]].dep_ == "prep":
        cue = (cue[0], cue[1] + 1)  # the preposition belongs to the cue ("talked about")
    source: TokSpan | None = None
    head: Token | None = subject
    if passive and subject is not None:
        if agent is not None:
            source, head = subtree(agent[1]), agent[1]
        elif verb.lemma_.lower() in QUOTING:
            source = subtree(subject)
    elif subject is not None and not _placeholder(subject, verb, lex):
        source = subtree(subject)
    elif subject is None:
        if verb.dep_ in {"acl", "amod"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            active = verb.tag_ == "VBG" or (
                verb.tag_ == "VBN" and any(c.dep_ == "dobj" for c in verb.children)
            )
            if verb.head.i < verb.i and active:
                source, head = (verb.head.left_edge.i, verb.i), verb.head
            elif agent is not None:  # "the plan backed by X"
                source, head = subtree(agent[1]), agent[1]
        else:
            inherited = inherited_subject(verb)
            if inherited is not None:
                head, governor = inherited
                source = subtree(head)
                if governor.lemma_.lower() in QUOTING:
                    cue = (cue_span(governor)[0], cue[1])
    if source is not None:
        source = trim(doc, after_line_break(doc, source, head))
    if source is not None and source[0] < content[1] and content[0] < source[1]:
        repaired = _separate(content, source, cue)
        repaired = trim(doc, repaired, keep_quotes=True) if repaired is not None else None
        if repaired is None:
            source = None
        else:
            content = repaired
    if source is None:
        kind = "agentless"
    elif is_quoted(doc, content):
        kind = "direct"
    else:
        kind = "parenthetical" if before else "indirect"
    return Found(cue, source, content, kind)


def _noun(noun: Token) -> Found | None:
    doc = noun.doc
    source: TokSpan | None = None
    head: Token | None = None
    content: TokSpan | None = None
    for child in noun.children:
        if child.dep_ in {"poss", "nmod:poss"} and source is None:
            source, head = (child.left_edge.i, child.right_edge.i + 1), child
            if doc[source[1] - 1].tag_ == "POS":
                source = (source[0], source[1] - 1)
        elif child.dep_ == "prep" and child.lower_ in NOUN_SOURCE_PREPS and source is None:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                source, head = subtree(objects[0]), objects[0]
        elif content is None and (
            child.dep_ in NOUN_CONTENT_DEPS
            or (child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS)
        ):
            content = subtree(child)
            if child.dep_ == "prep":
                objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                if objects:
                    content = subtree(objects[0])
    if source is None and noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        subject = _subject(noun.head)
        if subject is not None and subject.dep_ == "nsubj":
            source, head = subtree(subject), subject
    if content is None:
        return None
    content = trim(doc, content, keep_quotes=True)
    if content is None:
        return None
    if source is not None:
        source = _clean_source(noun, source, head, content)
    kind = "reporting_noun" if source is not None else "agentless"
    return Found((noun.i, noun.i + 1), source, content, kind)


__all__ = ["learned_attributions"]
