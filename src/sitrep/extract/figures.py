"""Counts of people and forces: ``find_figures`` and the ``sitrep.figures.v1`` component.

For each quantity (:mod:`sitrep.extract.numbers`) that counts people:

- **not counts**: a quantity inside a time expression, before a unit or object word
  ("years", "%", "tanks", "units") or after one ("aged", "No.", "$"), and bare four-digit
  years are skipped. Equipment is never a figure.
- **who** (:mod:`sitrep.extract.figure_who`): the counted noun (the ``nummod`` head on
  parsed docs, else the next tokens) when it is in the ``who``/``forces`` lexicon
  (:mod:`sitrep.extract.figure_lexicon`), a person noun outside it (a nationality, an agent
  suffix), or any plural noun that is the victim of a casualty cue ("six Jesuits were
  killed", "the murder of three agronomists"); an unknown noun is kept only with a kind cue.
- **kind**: the nearest event cue in the sentence (tree distance on parsed docs, token
  distance otherwise): "were killed", "killing 18", "18 dead", "the death toll rose to". A
  cue inside a relative clause on the counted noun is 2 arcs further ("the death of 4
  students who had been kidnapped" is killed).
  Without an event cue the counted noun decides ("protesters", "hostages", "refugees");
  forces without a cue are ``deployed``; other counts without a cue are not figures.
- **singular victims** (parsed docs, en/fr): a casualty verb whose passive subject or
  object is a singular person ("a soldier was wounded", "gunmen killed the mayor") gives
  a figure of 1 per conjunct; "shot to death" takes the verb's victims, a relative pronoun
  its antecedent ("the judge, who was murdered"), an age apposition ("Ana Ruiz, 45,") does
  not make a count; plural nouns without a number give none.
- **zero**: "no one was killed", "no casualties" give ``value`` 0. ``negated`` is the
  judge's verdict on the clause (True for "no one was killed"): read ``value`` 0 as the
  count; ``negated`` with a non-zero count means the report denies or negates it.
- **units**: an ordinal plus a unit noun ("103rd airborne brigade") in a sentence with a
  deployment cue gives kind ``deployed``, ``unit`` set and no count.
- ``place``: the nearest non-metonymic place of the sentence; ``as_of``: the nearest time
  of the sentence, else the published date; ``source``, ``source_actor``, ``certainty``,
  ``negated`` from the judge (default :func:`sitrep.extract.certainty.assess`);
  ``opinion`` when the figure lies in a ``doc._.opinions`` passage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.extract.certainty import Verdict, assess
from sitrep.extract.doc_ext import register_extensions
from sitrep.extract.figure_lexicon import (
    NOUN_KINDS,
    FigureLexicon,
    figure_lexicon,
    lookup_at,
    match_at,
    words,
)
from sitrep.extract.figure_who import (
    VICTIM_DEPS,
    after_name,
    counted_noun,
    is_person,
)
from sitrep.extract.numbers import QuantitySpan, find_quantities
from sitrep.model import Attribution, Figure, Passage, Place, TimeRef

FACTORY, PIPE_NAME = "sitrep_figures_v1", "sitrep.figures.v1"
SINGULAR_KINDS = frozenset({"killed", "injured", "kidnapped", "arrested", "detained", "missing"})
MAX_TREE = 4  # cue at most this many dependency arcs away (parsed docs); checked on MUC-4 DEV
MAX_LINEAR = 7  # or this many tokens away, within the sentence
COORDINATORS = frozenset(
    {"and", "or", "e", "ed", "o", "y", "et", "ou", "but", "ma", "pero", "mais"}
)
RELATIVES = frozenset({"WP", "WDT"})  # "who", "that", "which" heading a relative clause
INTRANSITIVE = frozenset({"die", "perish", "disappear", "mourir", "disparaître", "périr"})
register_extensions()


Judge = Callable[[Doc, int, int], Verdict]


def _tree_distance(a: Token, b: Token) -> int:
    """Arcs between ``a`` and ``b``; crossing a ``conj`` arc (another clause) costs 2 more,
    and so does a ``b`` inside a relative clause ("the death of 4 students who had been
    kidnapped": the noun "death" governs the count, the clause only describes the students)."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    up_b = [b, *b.ancestors]
    for n, t in enumerate(up_b):
        if t.i in index:
            path = up_a[: index[t.i]] + up_b[:n]
            relative = any(p.dep_ == "relcl" for p in up_b[:n])
            return n + index[t.i] + 2 * any(p.dep_ == "conj" for p in path) + 2 * relative
    return 99


def _sent(doc: Doc, i: int) -> Span:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return doc[i].sent
    return doc[:]


def _boundary(token: Token) -> bool:
    return token.is_punct or token.lower_ in COORDINATORS


def _nearest_cue(doc: Doc, first: int, last: int, lex: FigureLexicon, sent: Span) -> str | None:
    """The kind of the event cue nearest to tokens ``[first, last]`` in the sentence."""
    parsed = doc.has_annotation("DEP")
    anchor = doc[last]
    best: tuple[int, int, str] | None = None
    low, high = sent.start, sent.end
    if not parsed:  # a token window: do not cross punctuation or a coordinator
        low = max((t.i for t in doc[sent.start : first] if _boundary(t)), default=low - 1) + 1
        high = min((t.i for t in doc[last + 1 : sent.end] if _boundary(t)), default=high)
    i = low
    while i < high:
        if first <= i <= last:
            i += 1
            continue
        size = match_at(lex.cues, doc, i, high, lex)
        if not size:
            i += 1
            continue
        kind = lookup_at(lex.cues, doc, i, size)
        linear = first - (i + size - 1) if i < first else i - last
        head = doc[i + size - 1]
        tree = _tree_distance(anchor, head) if parsed else linear
        if tree <= MAX_TREE or linear <= MAX_LINEAR // 2 or (not parsed and linear <= MAX_LINEAR):
            rank = (tree, linear, kind)
            best = rank if best is None or rank < best else best
        i += size
    return best[2] if best else None


def _place(places: Sequence[Place], start: int, end: int, sent: Span) -> Place | None:
    inside = [
        p
        for p in places
        if not p.as_actor and sent.start_char <= p.start and p.end <= sent.end_char
    ]
    return min(inside, key=lambda p: abs(p.start - start), default=None)


def _as_of(doc: Doc, times: Sequence[TimeRef], start: int, sent: Span) -> dt.date | None:
    inside = [
        t
        for t in times
        if sent.start_char <= t.start
        and t.end <= sent.end_char
        and (t.date or t.end_date)
        and (t.date or t.end_date) is not None
    ]
    best = min(inside, key=lambda t: abs(t.start - start), default=None)
    if best is not None:
        return best.date or best.end_date
    published = doc._.published
    if isinstance(published, str) and published:
        return dt.datetime.fromisoformat(published).date()
    return published.date() if isinstance(published, dt.datetime) else None


def default_judge(doc: Doc, start: int, end: int) -> Verdict:
    """:func:`sitrep.extract.certainty.assess` with the doc's attributions and outlet."""
    attributions: Sequence[Attribution] = doc._.attributions or ()
    outlet = doc._.outlet if Doc.has_extension("outlet") else None
    return assess(doc, start, end, attributions=attributions, outlet=outlet)


def _in_time(doc: Doc, span: QuantitySpan, times: Sequence[TimeRef]) -> bool:
    first, last = doc[span.start].idx, doc[span.end - 1].idx
    return any(t.start <= last and first < t.end for t in times)


@dataclass(frozen=True, slots=True)
class _Draft:
    kind: str
    start: int  # tokens
    end: int
    value: int | None
    min: int | None
    max: int | None
    approximate: bool
    who: str | None
    unit: str | None = None


def _quantity_drafts(doc: Doc, lex: FigureLexicon) -> list[_Draft]:
    times: Sequence[TimeRef] = doc._.times or ()
    drafts: list[_Draft] = []
    for span in find_quantities(doc):
        quantity = span.quantity
        sent = _sent(doc, span.start)
        if _in_time(doc, span, times):
            continue
        counted = counted_noun(doc, span, lex, sent)
        if counted is None:
            continue
        zero = quantity.value == 0
        if zero and counted.who_kind is None and span.end < sent.end:
            # "no doubt": a zero word counts only before a cue, a person or a verb
            nxt = doc[span.end]
            if not match_at(lex.cues, doc, span.end, sent.end, lex) and nxt.pos_ not in {
                "AUX",
                "VERB",
                "PRON",
            }:
                continue
        digits = doc[span.start : span.end].text
        if len(digits) == 4 and digits.startswith("0"):
            continue  # "0500": a 24-hour clock time
        year = quantity.value is not None and 1800 <= quantity.value <= 2100
        if year and counted.who is None and doc[span.start : span.end].text.isdigit():
            continue
        kind = _nearest_cue(doc, span.start, counted.end - 1, lex, sent)
        if counted.who_kind == "other":
            kind = "other"  # "casualties" never says killed or injured
        if counted.who is None and after_name(doc, span.start, sent):
            continue  # "Maria Pulido, 42;": an age
        if kind is None:
            if counted.who_kind in NOUN_KINDS:
                kind = counted.who_kind
            elif counted.who_kind == "forces":
                kind = "deployed"
            else:
                continue
        elif counted.who is not None and counted.who_kind is None and not doc.has_annotation("DEP"):
            continue  # unknown noun on a blank pipeline: too risky
        drafts.append(
            _Draft(
                kind,
                counted.start,
                counted.end,
                quantity.value,
                quantity.min,
                quantity.max,
                quantity.approximate,
                counted.who,
            )
        )
    return drafts


def _victim_heads(token: Token) -> list[Token]:
    """Who a casualty word applies to: passive subject or object of a verb ("killed the
    mayor"), subject of "found dead", object of "the murder of"."""
    if token.pos_ == "VERB":
        deps = VICTIM_DEPS | ({"nsubj"} if token.lemma_.lower() in INTRANSITIVE else set())
        heads = [c for c in token.children if c.dep_ in deps]
        if token.dep_ == "relcl":  # "the judge, who was murdered": the relative's antecedent
            heads = [token.head if c.tag_ in RELATIVES else c for c in heads]
        return heads
    if token.pos_ == "ADJ" and token.dep_ in {"acomp", "oprd", "xcomp"}:
        return [c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}]
    if token.pos_ == "NOUN":
        preps = [c for c in token.children if c.lower_ in {"of", "de", "di"}]
        preps += [c for p in preps for c in p.conjuncts]
        owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        return owners + [c for p in preps for c in p.children if c.dep_ in {"pobj", "nmod"}]
    return []


def _counts_people(child: Token) -> bool:
    """A number on a person noun ("3 soldiers"), but not an age ("Ana Ruiz, 45,")."""
    return child.dep_ == "nummod" or (child.like_num and child.dep_ != "appos")


def _manner_of_death(token: Token) -> bool:
    """``token`` is the noun of "<verb> to death" ("was shot to death")."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "pobj"
        and token.head.lower_ == "to"
        and token.head.head.pos_ == "VERB"
    )


def _cue_ids(doc: Doc, lex: FigureLexicon) -> set[int]:
    """String ids of the one-word casualty cues (to find them without a loop over tokens)."""
    strings = doc.vocab.strings
    return {
        strings.add(k[0]) for k, kind in lex.cues.items() if len(k) == 1 and kind in SINGULAR_KINDS
    }


def _singular_drafts(doc: Doc, lex: FigureLexicon, taken: set[int]) -> list[_Draft]:
    """ "a soldier was wounded", "killed the mayor and his driver": one per person."""
    if not doc.has_annotation("DEP"):
        return []
    drafts: list[_Draft] = []
    rows = doc.to_array(["LOWER", "LEMMA"])
    wanted = _cue_ids(doc, lex)
    for index in sorted({i for i, row in enumerate(rows.tolist()) if wanted.intersection(row)}):
        token = doc[index]
        if token.pos_ not in {"VERB", "ADJ", "NOUN"}:
            continue
        lower, lemma = words(token)
        kind = lex.cues.get((lower,)) or lex.cues.get((lemma,))
        if kind == "killed" and _manner_of_death(token):
            token = token.head.head  # "shot to death", "stabbed to death": the verb's victims
        if kind not in SINGULAR_KINDS:
            continue
        heads = _victim_heads(token)
        people = [p for h in heads for p in (h, *h.conjuncts) if p.i not in taken]
        people = [p for p in people if is_person(p, lex) and p.tag_ not in {"NNS", "NNPS"}]
        people = [p for p in people if p.morph.get("Number", []) != ["Plur"]]
        if not people or any(_counts_people(c) for p in people for c in p.children):
            continue
        start = min(p.left_edge.i for p in people)
        end = max(p.i for p in people) + 1
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        who = people[0].lower_ if len(people) == 1 and people[0].pos_ == "NOUN" else None
        drafts.append(_Draft(kind, start, end, len(people), None, None, False, who))
    return drafts


def _unit_drafts(doc: Doc, lex: FigureLexicon) -> list[_Draft]:
    """ "the 103rd airborne brigade" in a sentence with a deployment cue."""
    drafts: list[_Draft] = []
    for match in lex.ordinal_text.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue
        token = span[0]
        sent = _sent(doc, token.i)
        for j in range(token.i + 1, min(token.i + 4, sent.end)):
            if doc[j].lower_ not in lex.unit_nouns:
                continue
            if lex.deploy_words.intersection(w for t in sent for w in words(t)):
                unit = doc[token.i : j + 1].text
                drafts.append(
                    _Draft("deployed", token.i, j + 1, None, None, None, False, None, unit)
                )
            break
    return drafts


def _opinion(passages: Sequence[Passage], start: int, end: int) -> bool:
    return any(p.start <= start and end <= p.end for p in passages)


def find_figures(doc: Doc, *, judge: Judge | None = None) -> list[Figure]:
    """Figures in ``doc`` in text order; ``judge`` (default :func:`default_judge`) gives
    certainty, negation and source of the token span ``[start, end)`` of each figure."""
    lang = str(doc._.language or doc.lang_ or "en")
    lex = figure_lexicon(lang)
    judge = judge or default_judge
    drafts = _quantity_drafts(doc, lex)
    taken = {i for d in drafts for i in range(d.start, d.end)}
    drafts += _singular_drafts(doc, lex, taken) + _unit_drafts(doc, lex)
    places: Sequence[Place] = doc._.places or ()
    times: Sequence[TimeRef] = doc._.times or ()
    opinions: Sequence[Passage] = doc._.opinions or ()
    figures: list[Figure] = []
    for draft in sorted(drafts, key=lambda d: d.start):
        span = doc[draft.start : draft.end]
        sent = _sent(doc, draft.start)
        place = _place(places, span.start_char, span.end_char, sent)
        judgement = judge(doc, draft.start, draft.end)
        figures.append(
            Figure(
                kind=draft.kind,
                value=draft.value,
                min=draft.min,
                max=draft.max,
                approximate=draft.approximate,
                who=draft.who,
                place=place.name if place else None,
                geonameid=place.geonameid if place else None,
                as_of=_as_of(doc, times, span.start_char, sent),
                source=judgement.source,
                source_actor=judgement.source_actor,
                certainty=str(judgement.certainty),
                negated=bool(judgement.negated),
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                unit=draft.unit,
                opinion=_opinion(opinions, span.start_char, span.end_char),
            )
        )
    return figures


@Language.component(FACTORY)
def figures_component(doc: Doc) -> Doc:
    """Store the figures of ``doc`` in ``doc._.figures``."""
    doc._.figures = find_figures(doc)
    return doc


__all__ = ["FACTORY", "PIPE_NAME", "Judge", "default_judge", "find_figures"]
