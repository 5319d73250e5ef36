"""Actor mentions: who acts in a report, as :class:`sitrep.model.Actor` records.

Pipeline use::

    add_geo_ruler(nlp, lang)          # countries / demonyms (sitrep.extract.places), optional
    add_actor_ruler(nlp, lang)        # our lexicons -> doc.spans["sitrep_actors"]
    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)  # find_actors -> doc._.actors

``add_actor_ruler`` adds a ``SpanRuler`` (after ``ner``) that writes labelled spans
(``ORG_IGO``, ``MEDIA``, ``BODY``, ``TITLE``, ``PRON``; ``span.id_`` = lexicon id, see
:mod:`sitrep.extract.actor_lexicon`) to ``doc.spans["sitrep_actors"]``. It leaves
``doc.ents`` alone, so NER and the geo ruler keep their own entities.

Codes (CAMEO style):

* a state actor: ``country`` = ISO3, ``code`` = country + role (``TURGOV``, ``KAZCOP``);
* an IGO/NGO: ``country`` = org code (``UNO``, ``EUR``, ``CST``), ``role`` = ``IGO``/``NGO``,
  ``code`` = role + org (``IGOUNO``, ``NGOAMN``); a body or title attached to an IGO keeps
  its own role, appended (``CSTO peacekeepers`` -> ``IGOCSTMIL``);
* no country known: ``code`` = role (``PRO``, ``UNK``).

Country of a mention: a country name/demonym next to it ("Kazakhstan's", "the Kazakh",
"ministère de l'Intérieur kazakh", "President of Kazakhstan"), else a fixed country
("Kremlin"), else ``story_country`` for bodies and groups, and for titled persons only when
no other country is named in the sentence. Countries that are grammatical subjects
("Russia flew in...") become ``<ISO3>GOV`` actors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.extract.actor_lexicon import INHERIT, ActorLexicon, LexEntry, actor_lexicon
from sitrep.extract.coref import Mention, Pronoun, resolve_mentions
from sitrep.extract.countries import country_index
from sitrep.model import Actor

SPANS_KEY = "sitrep_actors"
RULER_NAME = "sitrep_actor_ruler"
# spaCy forbids "." in factory names: the factory is ``sitrep_actors_v1``, added to a
# pipeline under the versioned pipe name ``sitrep.actors.v1`` (as ``sitrep.places.v1``).
FACTORY = "sitrep_actors_v1"
PIPE_NAME = "sitrep.actors.v1"
PERSON_LABELS = frozenset({"PERSON", "PER"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "MISC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
MAX_NAME_TOKENS = 4  # longest bare-token person name taken after a title
MAX_COUNTRY_TOKENS = 3  # longest country name tried next to a title or body


def add_actor_ruler(nlp: Language, lang: str | None = None) -> None:
    """Add the actor ``SpanRuler`` to ``nlp`` (after ``ner`` when present); idempotent."""
    if RULER_NAME in nlp.pipe_names:
        return
    config = {
        "spans_key": SPANS_KEY,
        "phrase_matcher_attr": "LOWER",
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "overwrite": True,
    }
    where: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("span_ruler", name=RULER_NAME, config=config, **where)
    tokenizer = nlp.tokenizer
    patterns = actor_lexicon().patterns(
        lang or nlp.lang or "en", lambda s: [t.text for t in tokenizer(s)]
    )
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


class _Context:
    """Per-document lookups shared by the mention builders."""

    def __init__(self, doc: Doc, story_country: str | None) -> None:
        self.doc = doc
        self.lang = doc.lang_
        self.lex: ActorLexicon = actor_lexicon()
        self.countries = country_index()
        self.story = story_country
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG")
        self.spans = (
            sorted(doc.spans[SPANS_KEY], key=lambda s: s.start) if SPANS_KEY in doc.spans else []
        )
        self.span_at = {s.start: s for s in self.spans}
        self.span_end = {s.end: s for s in self.spans}
        self.in_span = {i for s in self.spans for i in range(s.start, s.end)}
        self.ent_end = {e.end: e for e in doc.ents}
        self.ent_start = {e.start: e for e in doc.ents}
        self.igo_codes = {e.code: e.role for e in self.lex.of_kind("igo") if e.code}
        self.used: set[int] = set()
        self.sent_starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]

    def entry(self, span: Span) -> LexEntry | None:
        return self.lex.entries.get(span.id_)

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
            code = _ent_country(ent) or self.country_of_text(ent.text)
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
            code = _ent_country(ent) or self.country_of_text(ent.text)
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


def _ent_country(ent: Span) -> str | None:
    code = ent.ent_id_
    return code if len(code) == 3 and code.isupper() else None


# --------------------------------------------------------------------------- modifiers


def _left_modifier(ctx: _Context, start: int) -> tuple[str, int] | None:
    """Country/demonym before ``start``: "Kazakhstan's", "the Kazakh", "Kazakh former"."""
    i = start
    while i > 0 and ctx.doc[i - 1].lower_ in ctx.words("qualifiers"):
        i -= 1
    if i > 0 and ctx.doc[i - 1].text in ctx.lex.possessive:
        i -= 1
    return ctx.country_ending_at(i) if i > 0 else None


def _right_modifier(ctx: _Context, end: int) -> tuple[str, int, Span | None] | None:
    """Country after ``end``: "of (the) Kazakhstan", "del Kazakistan", postposed "kazakh".

    Returns (country, new end, IGO span or None).
    """
    doc = ctx.doc
    if end >= len(doc):
        return None
    if doc[end].lower_ in ctx.words("of"):
        i = end + 1
        if i < len(doc) and doc[i].lower_ in ctx.words("determiners"):
            i += 1
        span = ctx.span_at.get(i)
        if span is not None and span.label_ == "ORG_IGO":
            entry = ctx.entry(span)
            if entry and entry.code:
                return entry.code, span.end, span
        if i < len(doc) and doc[i].text[:1].isupper():
            found = ctx.country_starting_at(i)
            if found:
                return found[0], found[1], None
    if ctx.lang != "en" and end not in ctx.in_span:
        code = ctx.country_of_text(doc[end].text, demonym_only=True)
        if code:
            return code, end + 1, None
    return None


def _person_name(ctx: _Context, start: int) -> tuple[int, int] | None:
    """Token range of a person's name starting at ``start`` (NER first, then capitalised run)."""
    doc = ctx.doc
    if start >= len(doc):
        return None
    ent = ctx.ent_start.get(start)
    if ent is not None and ent.label_ in PERSON_LABELS:
        return start, _strip_possessive(ctx, ent.start, ent.end)
    if doc[start].text == "," and start + 1 < len(doc):
        ent = ctx.ent_start.get(start + 1)
        if ent is not None and ent.label_ in PERSON_LABELS:
            return start + 1, _strip_possessive(ctx, ent.start, ent.end)
    if doc[start].ent_type_ in PERSON_LABELS and doc[start].ent_iob_ != "B":
        ent = next((e for e in doc.ents if e.start < start < e.end), None)
        if ent is not None:
            return start, _strip_possessive(ctx, start, ent.end)
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


def _strip_possessive(ctx: _Context, start: int, end: int) -> int:
    return end - 1 if end - start > 1 and ctx.doc[end - 1].text in ctx.lex.possessive else end


def _code(country: str | None, role: str, igo_codes: dict[str, str]) -> str:
    if country is None:
        return role
    if country in igo_codes:
        prefix = igo_codes[country]
        return prefix + country + ("" if role in {"IGO", "NGO"} else role)
    return country + role


def _clear_story(ctx: _Context, sent: int) -> str | None:
    """``story_country`` if no other country is named in sentence ``sent``."""
    if ctx.story is None:
        return None
    for ent in ctx.doc.ents:
        if ent.label_ in {"GPE", "NORP"} and ctx.sentence(ent.start) == sent:
            code = _ent_country(ent) or ctx.country_of_text(ent.text)
            if code and code != ctx.story:
                return None
    return ctx.story


# --------------------------------------------------------------------------- builders


def _mention(
    ctx: _Context,
    start: int,
    end: int,
    *,
    name: str,
    country: str | None,
    role: str,
    kind: str,
    title: LexEntry | None = None,
    anaphor: bool = False,
) -> Mention:
    doc = ctx.doc
    ctx.used.update(range(start, end))
    span = doc[start:end]
    actor = Actor(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=name,
        country=country,
        role=role,
        title=title.name if title else None,
        code=_code(country, role, ctx.igo_codes),
    )
    return Mention(
        actor=actor,
        kind=kind,
        token=start,
        sent=ctx.sentence(start),
        title_key=title.id if title else None,
        family=title.family if title else None,
        gender=title.gender if title else None,
        anaphor=anaphor,
    )


def _title_mention(ctx: _Context, span: Span, title: LexEntry) -> Mention | None:
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
    left = _left_modifier(ctx, start)
    if left and country is None:
        country, start = left
    right = _right_modifier(ctx, end)
    if right and country is None:
        country, end, igo = right
        if igo is not None and role == INHERIT:
            role = ctx.igo_codes[country]
    named = _person_name(ctx, end)  # after any right modifier: "President of X Name"
    if named is not None:
        end = named[1]
    definite = start > 0 and doc[start - 1].lower_ in ctx.words("determiners")
    if named is None and country is None and holder is None and not definite:
        return None
    if role == INHERIT:
        role = "GOV" if country and country not in ctx.igo_codes else "UNK"
    explicit = country is not None
    if country is None:
        country = _clear_story(ctx, ctx.sentence(start))
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
        title=title,
        anaphor=definite and named is None and not explicit and holder is None,
    )


def _body_mention(ctx: _Context, span: Span, entry: LexEntry) -> Mention | None:
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
        left = _left_modifier(ctx, start)
        if left:
            country, start = left
    if country is None:
        right = _right_modifier(ctx, end)
        if right:
            country, end, _ = right
    if country is None and role == "MIL":
        country = _subject_country(ctx, span)
    country = country or ctx.story
    kind = "group" if entry.group else "body"
    return _mention(ctx, start, end, name=entry.name, country=country, role=role, kind=kind)


def _subject_country(ctx: _Context, span: Span) -> str | None:
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
                return _ent_country(ent) or ctx.country_of_text(ent.text)
    return None


def _org_mention(ctx: _Context, span: Span, entry: LexEntry) -> Mention:
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


def _country_mention(ctx: _Context, ent: Span) -> Mention | None:
    """A country (or its capital) as grammatical subject: "Russia flew in", "Moscow said"."""
    if not ctx.parsed or ent.root.dep_ not in SUBJECT_DEPS:
        return None
    if any(i in ctx.used for i in range(ent.start, ent.end)):
        return None
    code = _ent_country(ent)
    found = ctx.countries.by_iso3(code) if code else ctx.countries.match(ent.text, ctx.lang)
    found = found or ctx.countries.capital_of(ent.text)
    if found is None:
        return None
    return _mention(
        ctx, ent.start, ent.end, name=found.name, country=found.iso3, role="GOV", kind="country"
    )


def _person_mention(ctx: _Context, ent: Span) -> Mention | None:
    if any(i in ctx.used or i in ctx.in_span for i in range(ent.start, ent.end)):
        return None
    end = _strip_possessive(ctx, ent.start, ent.end)
    name = ctx.doc[ent.start : end].text
    return _mention(ctx, ent.start, end, name=name, country=None, role="UNK", kind="person")


def _mentions(ctx: _Context) -> Iterable[Mention]:
    absorbed = set()
    for span in ctx.spans:
        nxt = ctx.span_at.get(span.end)
        if nxt is not None and nxt.label_ == "TITLE" and span.label_ != "TITLE":
            absorbed.add(span.start)  # the title mention takes its holder
        if nxt is not None and nxt.label_ == "BODY" and span.label_ == "ORG_IGO":
            absorbed.add(span.start)
    for span in ctx.spans:
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


def _pronouns(ctx: _Context) -> list[tuple[int, str]]:
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


def find_actors(doc: Doc, *, story_country: str | None = None) -> list[Actor]:
    """Actor mentions in ``doc``, in text order (needs :func:`add_actor_ruler` upstream)."""
    ctx = _Context(doc, story_country)
    mentions = sorted(_mentions(ctx), key=lambda m: m.token)
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


if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)
if not Doc.has_extension("story_country"):
    Doc.set_extension("story_country", default=None)


__all__ = ["FACTORY", "PIPE_NAME", "RULER_NAME", "SPANS_KEY", "add_actor_ruler", "find_actors"]
