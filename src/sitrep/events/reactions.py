"""International reactions: what foreign governments, leaders and international bodies say
or do about a crisis, as :class:`sitrep.model.Reaction` records with a :class:`Stance`.

Pipeline use (after actors, times and, when present, attributions)::

    nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)  # find_reactions -> doc._.reactions

How a reaction is found, sentence by sentence:

1. **Stance cues** from ``data/reactions/<lang>.yaml`` (general diplomatic language, see the
   pattern syntax there) are matched on the sentence text; a cue preceded by a negator
   ("did not condemn") is skipped.
2. **Owner of the cue.** Parsed languages (en, fr): climb the dependency tree from the cue
   to the first verb whose subject is an actor mention ("China *said* ... internal affair");
   an unresolved subject pronoun falls back to the last eligible actor of the paragraph.
   Then the attribution whose content holds the cue (``doc._.attributions``), then
   proximity: the nearest actor before the cue in the sentence, else the nearest after it.
   Unparsed languages (it, es) use proximity, with foreign country names as actors.
3. **Eligibility.** The owner must be foreign (country != ``story_country``) and a state
   or international actor (roles GOV, MIL, LEG, IGO, or any non-media body of an IGO).
   A person whose country was only defaulted to the story country takes the country of
   the foreign actor heading the same noun phrase or paragraph ("The European Union's
   foreign policy chief, Josep Borrell"; "China said ... President Xi ...").
4. One :class:`Reaction` per (actor code, stance) per article, the first occurrence kept.

Sentences inside opinion passages (``doc._.opinions``, reason ``opinion``) are skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.extract.actor_lexicon import actor_lexicon
from sitrep.extract.countries import country_index
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Actor, Attribution, Reaction, Stance

FACTORY = "sitrep_reactions_v1"
PIPE_NAME = "sitrep.reactions.v1"
LANGS = ("en", "fr", "it", "es")
STATE_ROLES = frozenset({"GOV", "MIL", "LEG", "IGO"})
NON_STATE_ROLES = frozenset({"MED", "NGO", "BUS", "PRO", "REB", "OPP", "CVL"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"})
PRONOUNS = frozenset({"he", "she", "it", "they", "il", "elle", "ils", "elles", "on"})
NEGATION_WINDOW = 3  # tokens before a cue searched for a negator; "did not strongly condemn"
GAP_WORDS = 6  # words a "~" may skip: "praising what he called decisive and effective measures"
_COORD = re.compile(r"^\s*(?:,|,?\s*(?:and|e|ed|y|et))\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- cue lexicon


@dataclass(frozen=True, slots=True)
class Cue:
    """One stance cue: the stance it signals and its compiled pattern."""

    stance: Stance
    pattern: re.Pattern[str]
    source: str


def _word(word: str) -> str:
    if word.startswith("{") and word.endswith("}"):
        alternatives = [_phrase(alt) for alt in word[1:-1].split("|")]
        return "(?:" + "|".join(alternatives) + ")"
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[\w’'\-]*"
    return re.escape(word)


def _phrase(text: str) -> str:
    return r"[\s'’]+".join(_word(w) for w in text.split())


def compile_cue(text: str) -> re.Pattern[str]:
    """Compile a cue pattern (syntax in ``data/reactions/en.yaml``) to a regex."""
    parts: list[str] = []
    gap = rf"(?:[\s,]+[\w'’\-]+){{0,{GAP_WORDS}}}"
    tokens = re.findall(r"\{[^}]*\}|\S+", text)
    for index, token in enumerate(tokens):
        if token == "~":
            parts.append(gap)
            continue
        if index and tokens[index - 1] != "~":
            parts.append(r"[\s'’]+")
        elif index:
            parts.append(r"[\s,'’]+")
        parts.append(_word(token))
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """The stance cues and negators of one language."""

    cues: tuple[Cue, ...]
    negators: frozenset[str]
    unless: dict[Stance, tuple[re.Pattern[str], ...]]

    def blocked(self, stance: Stance, sentence: str) -> bool:
        """True when ``sentence`` matches one of the ``unless`` patterns of ``stance``."""
        return any(p.search(sentence) for p in self.unless.get(stance, ()))


@functools.cache
def cue_lexicon(lang: str) -> CueLexicon:
    """The packaged cues of ``lang`` (English for languages without a file)."""
    name = lang if lang in LANGS else "en"
    text = resources.files("sitrep").joinpath(f"data/reactions/{name}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text) or {}
    cues = tuple(
        Cue(Stance(stance), compile_cue(str(item)), str(item))
        for stance, items in (data.get("stances") or {}).items()
        for item in items or ()
    )
    negators = frozenset(str(n).lower() for n in data.get("negators") or ())
    unless = {
        Stance(stance): tuple(compile_cue(str(item)) for item in items or ())
        for stance, items in (data.get("unless") or {}).items()
    }
    return CueLexicon(cues=cues, negators=negators, unless=unless)


# --------------------------------------------------------------------------- actors


def _igo_codes() -> frozenset[str]:
    return frozenset(actor_lexicon().igo_roles)


def actor_code(country: str | None, role: str) -> str:
    """CAMEO-style code as :mod:`sitrep.extract.actors` builds it (``TURGOV``, ``IGOEUR``)."""
    igos = _igo_codes()
    if country in igos:
        return "IGO" + country if role == "IGO" else "IGO" + country + role
    return (country or "") + role


def is_reactor(actor: Actor, story_country: str | None) -> bool:
    """A foreign state actor or an international body (never the story country's own)."""
    if actor.country is None or actor.country == story_country:
        return False
    if actor.country in _igo_codes():
        return actor.role not in {"MED", "NGO", "BUS"}
    return actor.role in STATE_ROLES


def _explicit(actor: Actor, lang: str) -> bool:
    """True when the mention itself names its country ("Kazakh", "of China", "EU")."""
    if actor.country in _igo_codes() or actor.role == "IGO":
        return True
    index = country_index()
    for size in (3, 2, 1):
        words = actor.text.replace("'s", "").replace("’s", "").split()
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size]).strip(",.")
            found = index.match(chunk, lang) or index.demonym(chunk, lang)
            if found is not None and found.iso3 == actor.country:
                return True
    return actor.name == actor.text and actor.role == "GOV" and actor.title is None


def _anchor(actor: Actor, candidates: Sequence[Actor], story: str | None, lang: str) -> Actor:
    """Give a person whose country was defaulted the country of a foreign anchor actor."""
    if actor.country not in {story, None} or actor.role in NON_STATE_ROLES:
        return actor
    if actor.resolved_from is not None:
        return actor  # a pronoun: coreference already copied its antecedent's identity
    if actor.title is None and actor.role != "GOV":
        return actor
    if actor.country is not None and _explicit(actor, lang):
        return actor
    for other in reversed(candidates):
        if other.start >= actor.start or not is_reactor(other, story) or other.title:
            continue
        if not _explicit(other, lang):
            continue
        role = "IGO" if other.country in _igo_codes() and actor.role == "GOV" else actor.role
        role = "GOV" if role == "IGO" and other.country not in _igo_codes() else role
        return replace(
            actor, country=other.country, role=role, code=actor_code(other.country, role)
        )
    return actor


def _country_actors(doc: Doc, story: str | None) -> list[Actor]:
    """Foreign country names as actors, for unparsed languages ("la Bielorussia ha ...")."""
    out = []
    for place in getattr(doc._, "places", None) or ():
        if place.feature == "country" and place.country and place.country != story:
            out.append(
                Actor(
                    text=place.text,
                    start=place.start,
                    end=place.end,
                    name=place.name,
                    country=place.country,
                    role="GOV",
                    code=place.country + "GOV",
                )
            )
    return out


# --------------------------------------------------------------------------- owners


@dataclass(frozen=True, slots=True)
class Owner:
    """Who holds a cue: the actor, and the attribution whose content quotes it, if any."""

    actors: tuple[Actor, ...]
    quote: Attribution | None = None


class _Context:
    """Per-document lookups: actors by token, paragraphs, attributions, opinions."""

    def __init__(self, doc: Doc, story: str | None) -> None:
        self.doc = doc
        self.story = story
        self.lang = doc.lang_
        self.parsed = doc.has_annotation("DEP")
        actors = sorted(getattr(doc._, "actors", None) or (), key=lambda a: a.start)
        if not self.parsed:
            taken = {(a.start, a.end) for a in actors}
            extra = [a for a in _country_actors(doc, story) if not self._overlaps(a, actors)]
            actors = sorted(actors + [a for a in extra if (a.start, a.end) not in taken],
                            key=lambda a: a.start)  # fmt: skip
        self.actors = actors
        self.attributions: list[Attribution] = list(getattr(doc._, "attributions", None) or ())
        # Opinion passages are skipped; "sarcasm" ones are not: scare quotes in a news
        # report ('a "peacekeeping" force') do not make the deployment less real.
        passages = getattr(doc._, "opinions", None) or ()
        self.opinions = [p for p in passages if getattr(p, "reason", "opinion") == "opinion"]

    @staticmethod
    def _overlaps(actor: Actor, actors: Iterable[Actor]) -> bool:
        return any(a.start < actor.end and actor.start < a.end for a in actors)

    def resolved(self, actor: Actor) -> Actor:
        return _anchor(actor, self.paragraph_actors(actor.start), self.story, self.lang)

    def paragraph_actors(self, char: int) -> list[Actor]:
        start = self.doc.text.rfind("\n", 0, char) + 1
        return [a for a in self.actors if start <= a.start < char + 1]

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return [a for a in self.actors if a.start < end and start < a.end]

    def in_opinion(self, sent: Span) -> bool:
        return any(p.start <= sent.start_char and sent.end_char <= p.end for p in self.opinions)


def _subject_actors(ctx: _Context, subject: Token) -> list[Actor]:
    """Actors in the subject's own noun phrase (not its relative clauses); the head last."""
    start = subject.left_edge.idx
    end = subject.idx + len(subject.text)
    for child in subject.rights:
        if child.dep_ in {"appos", "flat", "compound", "flat:name"}:
            end = child.right_edge.idx + len(child.right_edge.text)
    found = ctx.actors_in(start, end)
    head = [a for a in found if a.start <= subject.idx < a.end]
    others = [a for a in found if a not in head]
    return others + head


def _parse_owner(ctx: _Context, token: Token) -> tuple[Actor | None, bool]:
    """(actor, saw_pronoun) from the first verb above ``token`` with an actor subject.

    A cue inside a subject that names no actor ("human rights groups say") has no owner.
    A non-reacting subject of reported speech ("X said Kazakhstan should solve its
    problems itself") hands the cue up to the speaker when the speaker reacts.
    """
    pronoun = False
    node: Token | None = token
    fallback: Actor | None = None
    for _ in range(50):
        if node is None:
            break
        if node.dep_ in SUBJECT_DEPS:
            found = _subject_actors(ctx, node)
            return (_head_actor(ctx, found) if found else None), False
        for child in node.children:
            if child.dep_ not in SUBJECT_DEPS:
                continue
            found = _subject_actors(ctx, child)
            if found:
                head = _head_actor(ctx, found)
                if is_reactor(head, ctx.story) or node.dep_ not in {"ccomp", "xcomp"}:
                    return head, pronoun
                fallback = fallback or head
            pronoun = pronoun or child.lower_ in PRONOUNS
        node = None if node.head.i == node.i else node.head
    return fallback, pronoun


def _head_actor(ctx: _Context, found: list[Actor]) -> Actor:
    """The head actor of a subject, with the country of a foreign modifier when defaulted."""
    head = ctx.resolved(found[-1])
    anchor = next((a for a in found[:-1] if is_reactor(a, ctx.story)), None)
    if anchor is not None and head.country in {ctx.story, None}:
        role = head.role if head.title else anchor.role
        head = replace(
            head, country=anchor.country, role=role, code=actor_code(anchor.country, role)
        )
    return head


def _coordinated(ctx: _Context, actor: Actor) -> list[Actor]:
    """The actor plus those listed with it ("Armenia, Tajikistan and Kyrgyzstan")."""
    group = [actor]
    text = ctx.doc.text
    before = [a for a in ctx.actors if a.end <= actor.start]
    after = [a for a in ctx.actors if a.start >= actor.end]
    current = actor
    for other in reversed(before):
        if not _COORD.match(text[other.end : current.start]):
            break
        group.insert(0, other)
        current = other
    current = actor
    for other in after:
        if not _COORD.match(text[current.end : other.start]):
            break
        group.append(other)
        current = other
    return group


def _proximity_owner(ctx: _Context, sent: Span, start: int, end: int) -> Actor | None:
    inside = [a for a in ctx.actors_in(sent.start_char, sent.end_char)]
    inside = [a for a in inside if not (a.start < end and start < a.end)]
    before = [a for a in inside if a.end <= start]
    if before:
        return before[-1]
    after = [a for a in inside if a.start >= end]
    return after[0] if after else None


def _attribution(ctx: _Context, start: int, end: int) -> Attribution | None:
    for item in ctx.attributions:
        if item.content_start <= start and end <= item.content_end:
            return item
    return None


def _attribution_actor(ctx: _Context, item: Attribution) -> Actor | None:
    if item.source_start is None or item.source_end is None:
        return None
    found = ctx.actors_in(item.source_start, item.source_end)
    return found[-1] if found else None


def find_owner(ctx: _Context, sent: Span, start: int, end: int) -> Owner | None:
    """Who holds the cue at ``start:end`` (character offsets) in ``sent``."""
    quote = _attribution(ctx, start, end)
    if ctx.parsed:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            actor, pronoun = _parse_owner(ctx, span.root)
            if actor is not None:
                return Owner((actor,), quote)
            if pronoun:
                earlier = [a for a in ctx.paragraph_actors(start) if is_reactor(a, ctx.story)]
                if earlier:
                    return Owner((ctx.resolved(earlier[-1]),), quote)
    if quote is not None:
        actor = _attribution_actor(ctx, quote)
        if actor is not None:
            return Owner((ctx.resolved(actor),), quote)
    actor = _proximity_owner(ctx, sent, start, end)
    if actor is None:
        return None
    group = [ctx.resolved(a) for a in _coordinated(ctx, actor)]
    return Owner(tuple(group), quote)


# --------------------------------------------------------------------------- reactions


def _negated(doc: Doc, start: int, negators: frozenset[str]) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    first = span.start
    window = doc[max(0, first - NEGATION_WINDOW) : first]
    return any(t.lower_ in negators for t in window)


def _date(doc: Doc, sent: Span) -> dt.date | None:
    for time in getattr(doc._, "times", None) or ():
        if sent.start_char <= time.start < sent.end_char:
            day = time.date or time.start_date
            if day is not None:
                return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    published = getattr(doc._, "published", None)
    if published:
        return dt.datetime.fromisoformat(str(published)).date()
    return None


def _sentences(doc: Doc) -> Iterable[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        yield from doc.sents
    else:
        yield doc[:]


def find_reactions(doc: Doc, *, story_country: str | None = None) -> list[Reaction]:
    """Reactions in ``doc``, in text order; ``story_country`` defaults to the doc's own."""
    story = story_country or getattr(doc._, "story_country", None)
    ctx = _Context(doc, story)
    lexicon = cue_lexicon(doc.lang_)
    found: dict[tuple[str, str], Reaction] = {}
    for sent in _sentences(doc):
        if ctx.in_opinion(sent):
            continue
        day: dt.date | None = None
        for cue in lexicon.cues:
            for match in cue.pattern.finditer(sent.text):
                start = sent.start_char + match.start()
                end = sent.start_char + match.end()
                if _negated(doc, start, lexicon.negators) or lexicon.blocked(cue.stance, sent.text):
                    continue
                owner = find_owner(ctx, sent, start, end)
                if owner is None:
                    continue
                for actor in owner.actors:
                    if not is_reactor(actor, story):
                        continue
                    code = actor.code or actor_code(actor.country, actor.role)
                    key = (code, cue.stance.value)
                    if key in found and found[key].start <= sent.start_char:
                        continue
                    day = day or _date(doc, sent)
                    quote = owner.quote
                    found[key] = Reaction(
                        actor=actor.name,
                        actor_code=code,
                        country=actor.country,
                        stance=cue.stance.value,
                        target=story,
                        date=day,
                        quote=(
                            doc.text[quote.content_start : quote.content_end] if quote else None
                        ),
                        text=sent.text,
                        start=sent.start_char,
                        end=sent.end_char,
                    )
    return sorted(found.values(), key=lambda r: (r.start, r.actor_code or "", r.stance))


@Language.component(FACTORY)
def reactions_component(doc: Doc) -> Doc:
    """Store :func:`find_reactions` results in ``doc._.reactions``."""
    doc._.reactions = find_reactions(doc)
    return doc


register_extensions()


__all__ = [
    "FACTORY",
    "PIPE_NAME",
    "Cue",
    "compile_cue",
    "cue_lexicon",
    "find_reactions",
    "is_reactor",
]
