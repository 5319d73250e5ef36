"""Per-document context for actor resolution: spans, entities and modifier lookups.

Helpers that find what surrounds a title or body mention: a country or demonym before it
("Kazakhstan's", "the Kazakh"), after it ("of Kazakhstan", "kazakh", "du Kremlin"), in
the same noun phrase ("Kazakhstan's newly appointed prime minister"), a person's name
after a title, and the country of the clause's subject. People of ``people.yaml`` are
looked up here too (:meth:`ActorContext.person`): a surname shared by several people is
settled by a full-name mention in the same document, then by who was in office on the
article's date (``doc._.published``). Used by :mod:`sitrep.extract.actors`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.extract.actor_lexicon import ActorLexicon, LexEntry, Person, actor_lexicon
from sitrep.extract.countries import country_index

SPANS_KEY = "sitrep_actors"
EXACT_SPANS_KEY = "sitrep_actors_exact"  # the case-sensitive ruler's spans (merged here)
NP_DEPS = frozenset({"poss", "amod", "compound", "nmod", "nmod:poss"})
PERSON_LABELS = frozenset({"PERSON", "PER"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "MISC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
MAX_NAME_TOKENS = 4  # longest bare-token person name taken after a title
MAX_COUNTRY_TOKENS = 3  # longest country name tried next to a title or body


class ActorContext:
    """Per-document lookups shared by the mention builders; ``used`` marks consumed tokens."""

    def __init__(self, doc: Doc, story_country: str | None) -> None:
        self.doc = doc
        self.lang = doc.lang_
        self.lex: ActorLexicon = actor_lexicon()
        self.countries = country_index()
        self.story = story_country
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG")
        self.day = published_day(doc)
        self.person_ents = [e for e in doc.ents if e.label_ in PERSON_LABELS]
        self.has_ner = bool(self.person_ents) or self.parsed
        found = [
            s for key in (SPANS_KEY, EXACT_SPANS_KEY) if key in doc.spans for s in doc.spans[key]
        ]
        self.spans = [s for s in filter_spans(found) if self._keep(s)]
        self.named_people = {
            s.id_.partition(":")[2] for s in self.spans if s.id_.startswith("person:")
        }
        self.span_at = {s.start: s for s in self.spans}
        self.span_end = {s.end: s for s in self.spans}
        self.in_span = {i for s in self.spans for i in range(s.start, s.end)}
        self.ent_end = {e.end: e for e in doc.ents}
        self.ent_start = {e.start: e for e in doc.ents}
        self.igo_codes = self.lex.igo_roles
        self.used: set[int] = set()
        self.sent_starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]

    def entry(self, span: Span) -> LexEntry | None:
        return self.lex.entries.get(span.id_)

    def _keep(self, span: Span) -> bool:
        """Drop a bare surname that is part of someone else's name ("Hafez Assad"): per
        NER when the model has it, else when a capitalised word stands next to it."""
        if not span.id_.startswith("surname:"):
            return True
        doc = self.doc
        for ent in self.person_ents:
            if ent.start < span.end and span.start < ent.end:
                return ent.start >= span.start and ent.end <= span.end + 1  # "Lavrov's"
        if self.has_ner:
            return True  # NER saw no longer name around it
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if (
            before is not None
            and not doc[span.start].is_sent_start
            and not before.is_sent_start  # "Later Lavrov said"
            and not before.is_stop
            and _capitalised(before)
            and before.text not in self.lex.honorifics
        ):
            return False
        return not (after is not None and not after.is_sent_start and _capitalised(after))

    def person(self, span: Span) -> Person | None:
        """The ``people.yaml`` person of a ``PERSON`` span, if it is one person."""
        people = self.lex.people_named(span.id_)
        if len(people) > 1:
            people = tuple(p for p in people if p.key in self.named_people) or people
        if len(people) > 1 and self.day is not None:
            day = self.day
            people = tuple(p for p in people if any(t.covers(day) for t in p.terms)) or people
        return people[0] if len(people) == 1 else None

    def person_by_surname(self, span: Span) -> Person | None:
        """A listed person for a name the lexicon does not know in full ("Kasym-Jomart
        Tokayev"): the last word is a listed surname of one person whose given name starts
        with the same letter."""
        keys = self.lex.surnames.get(self.doc[span.end - 1].text, ())
        if len(keys) != 1 or len(span) < 2:
            return None
        person = self.lex.people[keys[0]]
        initials = {name[:1] for name in person.names}
        return person if span.text[:1] in initials else None

    def words(self, section: str) -> frozenset[str]:
        return self.lex.word_set(section, self.lang)

    def country_of_text(self, text: str, *, demonym_only: bool = False) -> str | None:
        found = None if demonym_only else self.countries.match(text, self.lang)
        found = found or self.countries.demonym(text, self.lang)
        return found.iso3 if found else None

    def country_ending_at(self, end: int) -> tuple[str, int] | None:
        """A country name or demonym whose last token is ``end - 1``: (iso3, start)."""
        ent = self.ent_end.get(end)
        if (
            ent is not None
            and ent.label_ in PLACE_LABELS
            and not self.in_span & set(range(ent.start, end))
        ):
            code = ent_country(ent) or self.country_of_text(ent.text)
            if code:
                return code, ent.start
        for size in range(MAX_COUNTRY_TOKENS, 0, -1):
            start = end - size
            if start < 0 or any(
                self.doc[i].is_punct or i in self.in_span for i in range(start, end)
            ):
                continue
            code = self.country_of_text(self.doc[start:end].text)
            if code:
                return code, start
        return None

    def country_starting_at(self, start: int) -> tuple[str, int] | None:
        """A country name starting at token ``start``: (iso3, end)."""
        ent = self.ent_start.get(start)
        if ent is not None and ent.label_ in PLACE_LABELS:
            code = ent_country(ent) or self.country_of_text(ent.text)
            if code:
                return code, ent.end
        for size in range(MAX_COUNTRY_TOKENS, 0, -1):
            end = start + size
            if end > len(self.doc) or any(self.doc[i].is_punct for i in range(start, end)):
                continue
            code = self.country_of_text(self.doc[start:end].text)
            if code:
                return code, end
        return None

    def sentence(self, i: int) -> int:
        lo, hi = 0, len(self.sent_starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.sent_starts[mid] <= i:
                lo = mid
            else:
                hi = mid
        return lo


def published_day(doc: Doc) -> dt.date | None:
    """The article's published day (``doc._.published``, ISO), when the pipeline set it."""
    value = doc._.published if Doc.has_extension("published") else None
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _capitalised(token: object) -> bool:
    text = getattr(token, "text", "")
    return bool(text[:1].isupper() and getattr(token, "is_alpha", False))


def ent_country(ent: Span) -> str | None:
    code = ent.ent_id_
    return code if len(code) == 3 and code.isupper() else None


# --------------------------------------------------------------------------- modifiers


def left_modifier(ctx: ActorContext, start: int) -> tuple[str, int] | None:
    """Country/demonym before ``start``: "Kazakhstan's", "the Kazakh", "Kazakh former"."""
    i = start
    while i > 0 and ctx.doc[i - 1].lower_ in ctx.words("qualifiers"):
        i -= 1
    if i > 0 and ctx.doc[i - 1].text in ctx.lex.possessive:
        i -= 1
    return ctx.country_ending_at(i) if i > 0 else None


def right_modifier(
    ctx: ActorContext, end: int, *, holders: bool = True
) -> tuple[str | None, int, LexEntry | None] | None:
    """What follows ``end``: "of (the) Kazakhstan", "del Kazakistan", postposed "kazakh",
    or a holder "of the (Kazakh) Interior Ministry" / "du Kremlin" / "of the UN".

    Returns (country or None, new end, holder entry or None).
    """
    doc = ctx.doc
    if end >= len(doc):
        return None
    if doc[end].lower_ in ctx.words("of"):
        i = end + 1
        if i < len(doc) and doc[i].lower_ in ctx.words("determiners"):
            i += 1
        found = ctx.country_starting_at(i) if i < len(doc) and doc[i].text[:1].isupper() else None
        span = ctx.span_at.get(found[1] if found else i)
        entry = ctx.entry(span) if span is not None else None
        if holders and span is not None and entry is not None and entry.kind != "title":
            country = entry.code if entry.kind == "igo" else entry.country
            country = country or (found[0] if found else None)
            new_end = span.end
            if country is None:
                after = right_modifier(ctx, span.end, holders=False)
                if after is not None:
                    country, new_end = after[0], after[1]
            return country, new_end, entry
        if found:
            return found[0], found[1], None
    if ctx.lang != "en" and end not in ctx.in_span:
        code = ctx.country_of_text(doc[end].text, demonym_only=True)
        if code:
            return code, end + 1, None
    return None


def np_country(ctx: ActorContext, span: Span) -> str | None:
    """A country or demonym modifying ``span``'s head in its noun phrase (parsed docs):
    "Kazakhstan's newly appointed prime minister", "the Kazakh acting foreign minister"."""
    if not ctx.parsed:
        return None
    head = span.root
    for child in head.children:
        if child.dep_ not in NP_DEPS or child.i >= span.start or span.start - child.i > 6:
            continue
        ent = next((e for e in ctx.doc.ents if e.start <= child.i < e.end), None)
        if ent is not None and ent.label_ in {"GPE", "NORP"}:
            code = ent_country(ent) or ctx.country_of_text(ent.text)
            if code:
                return code
    return None


def person_name(ctx: ActorContext, start: int) -> tuple[int, int] | None:
    """Token range of a person's name starting at ``start`` (a listed person first, then
    NER, then a capitalised run)."""
    doc = ctx.doc
    if start >= len(doc):
        return None
    for at in (start, start + 1) if doc[start].text == "," else (start,):
        known = ctx.span_at.get(at)
        if known is not None and known.label_ == "PERSON":
            return at, strip_possessive(ctx, known.start, known.end)
    ent = ctx.ent_start.get(start)
    if ent is not None and ent.label_ in PERSON_LABELS:
        return start, strip_possessive(ctx, ent.start, ent.end)
    if doc[start].text == "," and start + 1 < len(doc):
        ent = ctx.ent_start.get(start + 1)
        if ent is not None and ent.label_ in PERSON_LABELS:
            return start + 1, strip_possessive(ctx, ent.start, ent.end)
    if doc[start].ent_type_ in PERSON_LABELS and doc[start].ent_iob_ != "B":
        ent = next((e for e in doc.ents if e.start < start < e.end), None)
        if ent is not None:
            return start, strip_possessive(ctx, start, ent.end)
    end = start
    while end < len(doc) and end - start < MAX_NAME_TOKENS + 2:
        tok = doc[end]
        if tok.text == "-" and end > start and not doc[end - 1].whitespace_:
            end += 1
            continue
        if not (tok.is_alpha and tok.text[:1].isupper()) or end in ctx.in_span:
            break
        if ctx.tagged and tok.pos_ not in {"PROPN", "NOUN", "X"}:
            break
        end += 1
    while end > start and doc[end - 1].text == "-":
        end -= 1
    if end == start or ctx.country_of_text(doc[start:end].text):
        return None
    return start, end


def strip_possessive(ctx: ActorContext, start: int, end: int) -> int:
    return end - 1 if end - start > 1 and ctx.doc[end - 1].text in ctx.lex.possessive else end


def actor_code(country: str | None, role: str, igo_codes: Mapping[str, str]) -> str:
    """CAMEO-style code: ``TURGOV``; an IGO official ``IGOEUR`` (role IGO); a body of an
    IGO appends its own role (``IGOCSTMIL``); the role alone without a country."""
    if country is None:
        return role
    if country in igo_codes:
        prefix = igo_codes[country]
        return prefix + country + ("" if role in {"IGO", "NGO"} else role)
    return country + role


def clear_story(ctx: ActorContext, sent: int) -> str | None:
    """``story_country`` if no other country is named in sentence ``sent``."""
    if ctx.story is None:
        return None
    for ent in ctx.doc.ents:
        if ent.label_ in {"GPE", "NORP"} and ctx.sentence(ent.start) == sent:
            code = ent_country(ent) or ctx.country_of_text(ent.text)
            if code and code != ctx.story:
                return None
    return ctx.story


def subject_country(ctx: ActorContext, span: Span) -> str | None:
    """Country that is the subject of the clause governing ``span``: "Russia sent troops"."""
    if not ctx.parsed or span.root.dep_ in SUBJECT_DEPS:
        return None
    head = span.root.head
    for _ in range(3):  # object -> preposition -> verb
        if head.pos_ in {"VERB", "AUX"}:
            break
        head = head.head
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS and child.ent_type_ in {"GPE", "NORP"}:
            ent = next((e for e in ctx.doc.ents if e.start <= child.i < e.end), None)
            if ent is not None:
                return ent_country(ent) or ctx.country_of_text(ent.text)
    return None


__all__ = [
    "EXACT_SPANS_KEY",
    "PERSON_LABELS",
    "SPANS_KEY",
    "SUBJECT_DEPS",
    "ActorContext",
    "actor_code",
    "clear_story",
    "ent_country",
    "left_modifier",
    "np_country",
    "person_name",
    "published_day",
    "right_modifier",
    "strip_possessive",
    "subject_country",
]
