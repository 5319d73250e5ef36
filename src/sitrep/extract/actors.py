"""Actor mentions: who acts in a report, as :class:`sitrep.model.Actor` records.

Pipeline use::

    add_geo_ruler(nlp, lang)          # countries / demonyms (sitrep.extract.places), optional
    add_actor_ruler(nlp, lang)        # our lexicons -> doc.spans["sitrep_actors"]
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)  # find_actors -> doc._.actors

``add_actor_ruler`` adds two ``SpanRuler`` pipes (after ``ner``), both phrase matchers:
a lower-case one writing ``doc.spans["sitrep_actors"]`` and a case-sensitive one (acronyms,
people's names) writing ``doc.spans["sitrep_actors_exact"]``; the two are merged, longest
first, when the document is resolved. Labels: ``ORG_IGO``, ``MEDIA``, ``BODY``, ``TITLE``,
``PRON``, ``PERSON``; ``span.id_`` = lexicon id, see :mod:`sitrep.extract.actor_lexicon`.
They leave ``doc.ents`` alone, so NER and the geo ruler keep their own entities.

Codes (CAMEO style):

* a state actor: ``country`` = ISO3, ``code`` = country + role (``TURGOV``, ``KAZCOP``);
* an IGO/NGO: ``country`` = org code (``UNO``, ``EUR``, ``CST``), ``role`` = ``IGO``/``NGO``,
  ``code`` = role + org (``IGOUNO``, ``NGOAMN``). An official of an IGO (a person:
  "European Council President X", "NATO Secretary-General Y") has role ``IGO`` too, so
  ``IGOEUR``; a body attached to an IGO keeps its own role, appended (``CSTO
  peacekeepers`` -> ``IGOCSTMIL``);
* no country known: ``code`` = role (``PRO``, ``UNK``).

People of ``people.yaml`` (full name, or surname when it names one person) take the
country, role and title of the office they held on the article's date; that beats any
guess from the sentence or the story. A title and country in the text ("Russian Foreign
Minister X") choose among a person's offices and keep the text's title when it is the
same kind of office; a text country the person never served is ignored.

Country of any other mention: a country name/demonym next to it ("Kazakhstan's", "the
Kazakh", "ministère de l'Intérieur kazakh", "President of Kazakhstan"), else in its noun
phrase (titled persons, parsed languages), else a fixed country ("Kremlin"), else
``story_country`` for bodies and groups, and for titled persons only when no other
country is named in the sentence. Countries that are grammatical subjects ("Russia flew
in...") become ``<ISO3>GOV`` actors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.extract.actor_context import (
    EXACT_SPANS_KEY,
    PERSON_LABELS,
    SPANS_KEY,
    SUBJECT_DEPS,
    ActorContext,
    actor_code,
    clear_story,
    ent_country,
    left_modifier,
    np_country,
    person_name,
    right_modifier,
    strip_possessive,
    subject_country,
)
from sitrep.extract.actor_lexicon import INHERIT, LexEntry, Person, actor_lexicon
from sitrep.extract.coref import Mention, Pronoun, resolve_apposition, resolve_mentions
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Actor

RULER_NAME = "sitrep_actor_ruler"
EXACT_RULER_NAME = "sitrep_actor_exact_ruler"
# spaCy forbids "." in factory names: the factory is ``sitrep_actors_v1``, added to a
# pipeline under the versioned pipe name ``sitrep.actors.v1`` (as ``sitrep.places.v1``).
FACTORY = "sitrep_actors_v1"
PIPE_NAME = "sitrep.actors.v1"


def add_actor_ruler(nlp: Language, lang: str | None = None) -> None:
    """Add the two actor ``SpanRuler`` pipes to ``nlp`` (after ``ner`` when present);
    idempotent."""
    if RULER_NAME in nlp.pipe_names:
        return
    lexicon = actor_lexicon()
    where: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    rulers = (
        (RULER_NAME, SPANS_KEY, "LOWER", lexicon.patterns(lang or nlp.lang or "en")),
        (EXACT_RULER_NAME, EXACT_SPANS_KEY, "ORTH", lexicon.exact_patterns()),
    )
    for name, key, attr, patterns in rulers:
        config = {
            "spans_key": key,
            "phrase_matcher_attr": attr,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "overwrite": True,
        }
        ruler = nlp.add_pipe("span_ruler", name=name, config=config, **where)
        where = {"after": name}
        # Phrase patterns on ORTH/LOWER only need the tokenizer: without this the ruler
        # runs every earlier pipe (parser, NER) over each of its ~1,000 phrases.
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- builders


class Office(NamedTuple):
    """The title a mention carries: ``key`` is the title entry id used by coreference."""

    name: str | None
    key: str | None = None
    family: str | None = None
    gender: str | None = None


def _office(entry: LexEntry | None) -> Office | None:
    return Office(entry.name, entry.id, entry.family, entry.gender) if entry else None


def _mention(
    ctx: ActorContext,
    start: int,
    end: int,
    *,
    name: str,
    country: str | None,
    role: str,
    kind: str,
    title: Office | None = None,
    anaphor: bool = False,
) -> Mention:
    doc = ctx.doc
    ctx.used.update(range(start, end))
    span = doc[start:end]
    if kind == "person" and country is not None and country in ctx.igo_codes:
        role = ctx.igo_codes[country]  # an IGO official: IGOEUR, not IGOEURGOV
    actor = Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=name,
        country=country,
        role=role,
        title=title.name if title else None,
        code=actor_code(country, role, ctx.igo_codes),
    )
    return Mention(
        actor=actor,
        kind=kind,
        token=start,
        sent=ctx.sentence(start),
        title_key=title.key if title else None,
        family=title.family if title else None,
        gender=title.gender if title else None,
        anaphor=anaphor,
    )


def _known_person(
    ctx: ActorContext,
    start: int,
    end: int,
    person: Person,
    *,
    country: str | None = None,
    title: LexEntry | None = None,
    role: str = INHERIT,
) -> Mention:
    """A ``people.yaml`` person; ``country``/``title``/``role`` as the text gives them."""
    tenure = person.term_at(ctx.day, country=country, office=title.id if title else None)
    term = tenure.term
    office = ctx.lex.entries.get(term.office) if term.office else None
    same_kind = title is not None and (
        country == term.country or (office is not None and office.family == title.family)
    )
    if title is not None and title.id != term.office and same_kind:
        found = Office(title.name, title.id, title.family, person.gender or title.gender)
        role = role if role not in {INHERIT, "UNK"} else term.role
    else:
        key = tenure.office
        found = Office(tenure.title, key, office.family if office and key else None, person.gender)
        role = term.role
    return _mention(
        ctx,
        start,
        end,
        name=person.name,
        country=term.country,
        role=role,
        kind="person",
        title=found,
    )


def _holds(ctx: ActorContext, person: Person, title: LexEntry) -> bool:
    """Whether ``person`` ever held an office of ``title``'s family."""
    for term in person.terms:
        office = ctx.lex.entries.get(term.office) if term.office else None
        if office is not None and office.family == title.family:
            return True
    return False


def _title_mention(ctx: ActorContext, span: Span, title: LexEntry) -> Mention | None:
    doc = ctx.doc
    start, end = span.start, span.end
    country: str | None = None
    role = title.role
    holder = ctx.span_end.get(start)  # "Foreign Ministry" spokeswoman, "UN" Secretary-General
    holder_entry = ctx.entry(holder) if holder is not None else None
    if holder is not None and holder_entry is not None and holder_entry.kind != "title":
        start = holder.start
        country = holder_entry.code if holder_entry.kind == "igo" else holder_entry.country
        if role == INHERIT or holder_entry.kind == "igo":
            role = holder_entry.role if role == INHERIT else role
    left = left_modifier(ctx, start)
    if left and country is None:
        country, start = left
    right = right_modifier(ctx, end) if holder_entry is None else None
    if right and country is None:
        country, end, holder_entry = right
        if holder_entry is not None:
            holder = ctx.doc[end - 1 : end]
            if role == INHERIT or holder_entry.kind == "igo":
                role = holder_entry.role if role == INHERIT else role
    named = person_name(ctx, end)  # after any right modifier: "President of X Name"
    known = ctx.span_at.get(named[0]) if named is not None else None
    person = ctx.person(known) if known is not None and known.label_ == "PERSON" else None
    if named is not None and person is not None:
        if named[0] == end or _holds(ctx, person, title):
            return _known_person(
                ctx, start, named[1], person, country=country, title=title, role=role
            )
        named = None  # "the spokesman, Nazarbayev ...": two people, not an apposition
    if named is not None:
        end = named[1]
    if country is None:
        country = np_country(ctx, span)
    definite = start > 0 and doc[start - 1].lower_ in ctx.words("determiners")
    if named is None and country is None and holder is None and not definite:
        return None
    if role == INHERIT:
        role = "GOV" if country and country not in ctx.igo_codes else "UNK"
    explicit = country is not None
    if country is None:
        country = clear_story(ctx, ctx.sentence(start))
        if role == "UNK" and country:
            role = "GOV"
    name = doc[named[0] : named[1]].text if named else title.name
    return _mention(
        ctx,
        start,
        end,
        name=name,
        country=country,
        role=role,
        kind="person",
        title=_office(title),
        anaphor=definite and named is None and not explicit and holder is None,
    )


def _listed_person_mention(ctx: ActorContext, span: Span) -> Mention:
    """A ``PERSON`` span without a title before it ("Lavrov said", "Russia's Lavrov")."""
    start, end = span.start, strip_possessive(ctx, span.start, span.end)
    person = ctx.person(span)
    if person is None:  # a surname several listed people share
        name = ctx.doc[start:end].text
        return _mention(ctx, start, end, name=name, country=None, role="UNK", kind="person")
    left = left_modifier(ctx, start)
    country = None
    if left is not None:
        country, start = left
    return _known_person(ctx, start, end, person, country=country)


def _body_mention(ctx: ActorContext, span: Span, entry: LexEntry) -> Mention | None:
    doc = ctx.doc
    last = doc[span.end - 1]
    if ctx.parsed and (last.dep_ == "amod" or (last.dep_ == "compound" and last.head.tag_ == "NN")):
        return None  # adjectival use: "military equipment", "police station"
    start, end = span.start, span.end
    role = entry.role
    country = entry.country
    holder = ctx.span_end.get(start)
    holder_entry = ctx.entry(holder) if holder is not None else None
    if holder is not None and holder_entry is not None and holder_entry.kind == "igo":
        country, start = holder_entry.code, holder.start  # "CSTO peacekeepers"
    if country is None:
        left = left_modifier(ctx, start)
        if left:
            country, start = left
    if country is None:
        right = right_modifier(ctx, end, holders=False)
        if right:
            country, end, _ = right
    if country is None and role == "MIL":
        country = subject_country(ctx, span)
    country = country or ctx.story
    kind = "group" if entry.group else "body"
    return _mention(ctx, start, end, name=entry.name, country=country, role=role, kind=kind)


def _org_mention(ctx: ActorContext, span: Span, entry: LexEntry) -> Mention:
    if entry.kind == "igo":
        return _mention(
            ctx,
            span.start,
            span.end,
            name=entry.name,
            country=entry.code,
            role=entry.role,
            kind="igo",
        )
    return _mention(
        ctx, span.start, span.end, name=entry.name, country=entry.country, role="MED", kind="media"
    )


def _country_mention(ctx: ActorContext, ent: Span) -> Mention | None:
    """A country (or its capital) as grammatical subject: "Russia flew in", "Moscow said"."""
    if not ctx.parsed or ent.root.dep_ not in SUBJECT_DEPS:
        return None
    if any(i in ctx.used for i in range(ent.start, ent.end)):
        return None
    code = ent_country(ent)
    found = ctx.countries.by_iso3(code) if code else ctx.countries.match(ent.text, ctx.lang)
    found = found or ctx.countries.capital_of(ent.text)
    if found is None:
        return None
    return _mention(
        ctx, ent.start, ent.end, name=found.name, country=found.iso3, role="GOV", kind="country"
    )


def _person_mention(ctx: ActorContext, ent: Span) -> Mention | None:
    if any(i in ctx.used or i in ctx.in_span for i in range(ent.start, ent.end)):
        return None
    end = strip_possessive(ctx, ent.start, ent.end)
    person = ctx.person_by_surname(ctx.doc[ent.start : end])
    if person is not None:
        return _known_person(ctx, ent.start, end, person)
    name = ctx.doc[ent.start : end].text
    return _mention(ctx, ent.start, end, name=name, country=None, role="UNK", kind="person")


def _mentions(ctx: ActorContext) -> Iterable[Mention]:
    absorbed = set()
    for span in ctx.spans:
        nxt = ctx.span_at.get(span.end)
        if span.label_ == "PERSON":
            continue
        if nxt is not None and nxt.label_ == "TITLE" and span.label_ != "TITLE":
            absorbed.add(span.start)  # the title mention takes its holder
        if nxt is not None and nxt.label_ == "BODY" and span.label_ == "ORG_IGO":
            absorbed.add(span.start)
    for span in ctx.spans:
        if span.label_ == "PERSON" and span.start not in ctx.used:
            yield _listed_person_mention(ctx, span)
            continue
        entry = ctx.entry(span)
        if entry is None or span.start in absorbed or span.start in ctx.used:
            continue
        if entry.kind == "title":
            found = _title_mention(ctx, span, entry)
        elif entry.kind == "body":
            found = _body_mention(ctx, span, entry)
        else:
            found = _org_mention(ctx, span, entry)
        if found is not None:
            yield found
    for ent in ctx.doc.ents:
        if ent.label_ in PERSON_LABELS:
            person = _person_mention(ctx, ent)
            if person is not None:
                yield person
        elif ent.label_ in {"GPE", "LOC"}:
            country = _country_mention(ctx, ent)
            if country is not None:
                yield country


def _pronouns(ctx: ActorContext) -> list[tuple[int, str]]:
    """(token index, gender) of subject pronouns found by the ruler."""
    out = []
    for span in ctx.spans:
        if span.label_ != "PRON":
            continue
        tok = ctx.doc[span.start]
        if ctx.parsed and tok.dep_ not in SUBJECT_DEPS:
            continue
        if (
            ctx.lang == "fr"
            and tok.lower_ == "il"
            and tok.head.lemma_ in {"falloir", "agir", "avoir"}
        ):
            continue  # impersonal "il faut", "il s'agit", "il y a"
        out.append((span.start, span.id_.split(":", 1)[1]))
    return out


MAX_APPOSITION_GAP = 40  # characters between "the commander of the force" and ", General X"


def _appositions(ctx: ActorContext, mentions: list[Mention]) -> list[Mention]:
    """A bare definite title followed, after a comma, by a named person of the same title
    family in the same sentence is that person: "the commander of the force, General X"."""
    out = list(mentions)
    for i in range(len(out) - 1):
        here, after = out[i], out[i + 1]
        between = ctx.doc.text[here.actor.end : after.actor.start]
        if (
            here.anaphor
            and after.kind == "person"
            and after.actor.name != after.actor.title
            and after.sent == here.sent
            and after.family is not None
            and after.family == here.family
            and len(between) <= MAX_APPOSITION_GAP
            and between.rstrip().endswith(",")
        ):
            out[i] = resolve_apposition(here, after)
    return out


def find_actors(doc: Doc, *, story_country: str | None = None) -> list[Actor]:
    """Actor mentions in ``doc``, in text order (needs :func:`add_actor_ruler` upstream)."""
    ctx = ActorContext(doc, story_country)
    mentions = _appositions(ctx, sorted(_mentions(ctx), key=lambda m: m.token))
    pronouns = [
        Pronoun(token=i, sent=ctx.sentence(i), gender=gender, text=doc[i].text, start=doc[i].idx)
        for i, gender in _pronouns(ctx)
        if i not in ctx.used
    ]
    return resolve_mentions(mentions, pronouns)


@Language.component(FACTORY)
def actors_component(doc: Doc) -> Doc:
    """Store :func:`find_actors` results in ``doc._.actors`` (reads ``doc._.story_country``)."""
    actors = find_actors(doc, story_country=doc._.story_country)
    doc._.actors = actors
    return doc


register_extensions()


__all__ = [
    "EXACT_RULER_NAME",
    "FACTORY",
    "PIPE_NAME",
    "RULER_NAME",
    "SPANS_KEY",
    "add_actor_ruler",
    "find_actors",
]
