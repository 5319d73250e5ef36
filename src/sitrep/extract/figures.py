"""Counts of people and forces: ``find_figures`` and the ``sitrep.figures.v1`` component.

For each quantity (:mod:`sitrep.extract.numbers`) that counts people:

- **not counts**: a quantity inside a time expression, before a unit or object word
  ("years", "%", "tanks", "units") or after one ("aged", "No.", "$"), and bare four-digit
  years are skipped. Equipment is never a figure.
- **who**: the counted noun (the ``nummod`` head on parsed docs, else the next tokens) when
  it is in the ``who``/``forces`` lexicon; an unknown noun is kept only with a kind cue.
- **kind**: the nearest event cue in the sentence (tree distance on parsed docs, token
  distance otherwise): "were killed", "killing 18", "18 dead", "the death toll rose to".
  Without an event cue the counted noun decides ("protesters", "hostages", "refugees");
  forces without a cue are ``deployed``; other counts without a cue are not figures.
- **singular victims** (parsed docs, en/fr): a casualty verb whose passive subject or
  object is a singular person ("a soldier was wounded", "gunmen killed the mayor") gives
  a figure of 1 per conjunct; plural nouns without a number give none.
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
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.extract.certainty import Verdict, assess
from sitrep.extract.doc_ext import register_extensions
from sitrep.extract.numbers import LANGS, QuantitySpan, find_quantities, load_yaml
from sitrep.model import Attribution, Figure, Passage, Place, TimeRef

FACTORY, PIPE_NAME = "sitrep_figures_v1", "sitrep.figures.v1"
KINDS = [
    "killed",
    "injured",
    "arrested",
    "detained",
    "missing",
    "kidnapped",
    "displaced",
    "evacuated",
    "deployed",
    "protesters",
    "released",
    "other",
]
# Kind of a counted noun that names its own event ("hostages") when no event cue is near.
NOUN_KINDS = frozenset({"protesters", "kidnapped", "displaced", "evacuated", "detained", "other"})
SINGULAR_KINDS = frozenset({"killed", "injured", "kidnapped", "arrested", "detained", "missing"})
MAX_TREE = 4  # cue at most this many dependency arcs away (parsed docs); checked on MUC-4 DEV
MAX_LINEAR = 7  # or this many tokens away, within the sentence
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
COORDINATORS = frozenset(
    {"and", "or", "e", "ed", "o", "y", "et", "ou", "but", "ma", "pero", "mais"}
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
INTRANSITIVE = frozenset({"die", "perish", "disappear", "mourir", "disparaître", "périr"})
register_extensions()


Judge = Callable[[Doc, int, int], Verdict]


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    """One language's figure lexicon (``data/figures/{lang}.yaml``), keys are token tuples."""

    cues: dict[tuple[str, ...], str]
    who: dict[tuple[str, ...], str]  # counted noun -> "who" / "forces"
    not_counts: frozenset[str]
    not_before: frozenset[str]
    unit_nouns: frozenset[str]
    ordinal: re.Pattern[str]
    ordinal_text: re.Pattern[str]  # an ordinal in a text
    deploy_words: frozenset[str]  # one-word deployment cues
    longest: int
    firsts: frozenset[str]  # first words of every cue and counted noun (a cheap pre-check)


def _key(text: Any) -> tuple[str, ...]:
    return tuple(str(text).lower().replace("'", "' ").replace("’", "’ ").split())


@functools.cache
def figure_lexicon(lang: str) -> FigureLexicon:
    """The figure lexicon of ``lang`` (English for unknown languages)."""
    data = load_yaml(f"{lang if lang in LANGS else 'en'}.yaml")
    cues = {_key(w): kind for kind in KINDS for w in data["kinds"].get(kind) or ()}
    who = {_key(w): "who" for w in data["who"]} | {_key(w): "forces" for w in data["forces"]}
    suffixes = "|".join(re.escape(str(s)) for s in data["units"]["ordinal_suffixes"])
    return FigureLexicon(
        cues=cues,
        who=who,
        not_counts=frozenset(str(w).lower() for w in data["not_counts"]),
        not_before=frozenset(str(w).lower() for w in data["not_before"]),
        unit_nouns=frozenset(str(w).lower() for w in data["units"]["nouns"]),
        ordinal=re.compile(rf"\d+(?:{suffixes})"),
        deploy_words=frozenset(k[0] for k, kind in cues.items() if kind == "deployed"),
        ordinal_text=re.compile(rf"\b\d+(?:{suffixes})\b", re.IGNORECASE),
        longest=max(len(k) for k in (*cues, *who)),
        firsts=frozenset(k[0] for k in (*cues, *who)),
    )


def _words(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower() if token.lemma_ else token.lower_


def _match(
    table: dict[tuple[str, ...], str], doc: Doc, i: int, end: int, lex: FigureLexicon
) -> int:
    """Length of the longest entry of ``table`` at ``doc[i]`` (lower text or lemma), or 0."""
    lower, lemma = _words(doc[i])
    if lower not in lex.firsts and lemma not in lex.firsts:
        return 0
    for size in range(min(lex.longest, end - i), 0, -1):
        lowers = tuple(t.lower_ for t in doc[i : i + size])
        lemmas = tuple(_words(t)[1] for t in doc[i : i + size])
        if lowers in table or lemmas in table:
            return size
    return 0


def _lookup(table: dict[tuple[str, ...], str], doc: Doc, i: int, size: int) -> str:
    lowers = tuple(t.lower_ for t in doc[i : i + size])
    return table.get(lowers) or table[tuple(_words(t)[1] for t in doc[i : i + size])]


def _tree_distance(a: Token, b: Token) -> int:
    """Arcs between ``a`` and ``b``; crossing a ``conj`` arc (another clause) costs 2 more."""
    up_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(up_a)}
    up_b = [b, *b.ancestors]
    for n, t in enumerate(up_b):
        if t.i in index:
            path = up_a[: index[t.i]] + up_b[:n]
            return n + index[t.i] + 2 * any(p.dep_ == "conj" for p in path)
    return 99


def _sent(doc: Doc, i: int) -> Span:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return doc[i].sent
    return doc[:]


@dataclass(frozen=True, slots=True)
class _Counted:
    start: int  # figure's token span
    end: int
    who: str | None
    who_kind: str | None  # "who" / "forces" / a kind named by the noun / None


def _who_at(doc: Doc, i: int, stop: int, lex: FigureLexicon) -> _Counted | None:
    """A counted noun of the lexicon starting at ``doc[i]``."""
    size = _match(lex.who, doc, i, stop, lex)
    if not size:
        return None
    noun = doc[i : i + size]
    kind = _lookup(lex.who, doc, i, size)
    cue = lex.cues.get(_key(noun.text)) or lex.cues.get((_words(noun[-1])[1],))
    return _Counted(i, i + size, noun.text.lower(), cue if cue in NOUN_KINDS else kind)


def _agentive(token: Token) -> bool:
    """A person noun outside the lexicon: a nationality/person entity or an agent suffix."""
    if token.ent_type_ in {"NORP", "PERSON", "PER"}:
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower().endswith(AGENT_SUFFIXES)


def _after_name(doc: Doc, start: int, sent: Span) -> bool:
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


def _counted(doc: Doc, span: QuantitySpan, lex: FigureLexicon, sent: Span) -> _Counted | None:
    """The counted noun after a quantity, or None when the quantity is not a head count."""
    if _not_count(doc, span, lex, sent):
        return None
    bare = _Counted(span.start, span.end, None, None)
    last = doc[span.end - 1]
    if doc.has_annotation("DEP") and last.dep_ == "nummod" and span.end <= last.head.i < sent.end:
        head = last.head
        for i in range(span.end, head.i + 1):
            found = _who_at(doc, i, head.i + 1, lex)
            if found is not None and found.end == head.i + 1:
                who = doc[span.end : found.end].text.lower()  # "jesuit priests"
                return _Counted(span.start, found.end, who, found.who_kind)
        if _match(lex.cues, doc, head.i, head.i + 1, lex):
            return bare  # "29 dead", "21 deaths": the noun is the cue
        if _agentive(head) and head.lower_ not in lex.not_counts:
            return _Counted(span.start, head.i + 1, head.lower_, "who")
        return None
    i = span.end
    if i < sent.end and doc[i].lower_ in CONNECTORS:
        i += 1
    skipped = 0
    while i < sent.end and skipped <= 2:
        found = _who_at(doc, i, sent.end, lex)
        if found is not None:
            return _Counted(span.start, found.end, found.who, found.who_kind)
        token = doc[i]
        if token.lower_ in lex.not_counts:
            return None
        if _match(lex.cues, doc, i, sent.end, lex) or token.is_punct or token.is_stop:
            break
        if not doc.has_annotation("DEP"):
            break  # no tags to skip adjectives by
        if token.pos_ not in {"ADJ", "PROPN"}:
            break
        skipped += 1
        i += 1
    return bare


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
        size = _match(lex.cues, doc, i, high, lex)
        if not size:
            i += 1
            continue
        kind = _lookup(lex.cues, doc, i, size)
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
        counted = _counted(doc, span, lex, sent)
        if counted is None:
            continue
        zero = quantity.value == 0
        if zero and counted.who_kind is None and span.end < sent.end:
            # "no doubt": a zero word counts only before a cue, a person or a verb
            nxt = doc[span.end]
            if not _match(lex.cues, doc, span.end, sent.end, lex) and nxt.pos_ not in {
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
        if counted.who is None and _after_name(doc, span.start, sent):
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


def _is_person(token: Token, lex: FigureLexicon) -> bool:
    """A person noun ("soldier", "technician") or a name that is not a place or a body."""
    if token.ent_type_ in {"PERSON", "PER"} or _agentive(token):
        return True
    if token.pos_ == "PROPN" and token.dep_ == "poss":  # "Jaramillo's murder"
        return token.ent_type_ not in {"GPE", "LOC", "FAC", "NORP"}
    if token.pos_ == "PROPN":
        return token.ent_type_ not in NOT_PEOPLE
    return token.pos_ == "NOUN" and ((token.lemma_.lower(),) in lex.who)


def _victim_heads(token: Token) -> list[Token]:
    """Who a casualty word applies to: passive subject or object of a verb ("killed the
    mayor"), subject of "found dead", object of "the murder of"."""
    if token.pos_ == "VERB":
        deps = VICTIM_DEPS | ({"nsubj"} if token.lemma_.lower() in INTRANSITIVE else set())
        return [c for c in token.children if c.dep_ in deps]
    if token.pos_ == "ADJ" and token.dep_ in {"acomp", "oprd", "xcomp"}:
        return [c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass", "nsubj:pass"}]
    if token.pos_ == "NOUN":
        preps = [c for c in token.children if c.lower_ in {"of", "de", "di"}]
        preps += [c for p in preps for c in p.conjuncts]
        owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        return owners + [c for p in preps for c in p.children if c.dep_ in {"pobj", "nmod"}]
    return []


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
        lower, lemma = _words(token)
        kind = lex.cues.get((lower,)) or lex.cues.get((lemma,))
        if kind not in SINGULAR_KINDS:
            continue
        heads = _victim_heads(token)
        people = [p for h in heads for p in (h, *h.conjuncts) if p.i not in taken]
        people = [p for p in people if _is_person(p, lex) and p.tag_ not in {"NNS", "NNPS"}]
        people = [p for p in people if p.morph.get("Number", []) != ["Plur"]]
        if not people or any(c.dep_ == "nummod" or c.like_num for p in people for c in p.children):
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
            if lex.deploy_words.intersection(w for t in sent for w in _words(t)):
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
