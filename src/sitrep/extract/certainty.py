"""How sure a report is of a span: certainty, negation and source.

:func:`assess` judges one token span ``doc[start:end]`` (a figure, an event mention)
given the document's attributions. The innermost attribution whose content covers the
span gives ``source``/``source_actor``; without one the outlet is the source.

Precedence (the first rule that fires wins)::

    1 retracted      retract cue: the attribution cue or a phrase in the sentence
                     ("withdrew the figure", "technical error", "retracted")
    2 denied         deny cue: the attribution cue, or a cue governing the span on a parse
                     ("denied that ...") / before it on blank pipelines
    3 planned        plan cue: attribution cue ("announced it would") or near the span
                     ("will send", "plans to")
    4 hypothetical   conditional or modal near the span ("could", "may have", "if")
    5 rumour         hedge anywhere in the sentence ("reportedly", "unconfirmed", "si dice")
    6 confirmed      several coordinated sources in one attribution ("X, Y and Z report")
                     or explicit independent verification
    7 witness        the source is eyewitnesses/residents
    8 official_claim the source is a state actor (GOV MIL COP JUD LEG) or a party to the
                     conflict (OPP REB PRO)
    9 reported       anything else: a news outlet or agency, or no attribution at all

``negated`` is independent of certainty: a negator in the span's clause ("no one was
killed", "troops did not arrive") or a denial ("denied that troops had arrived").

"Near the span" is the span's clause on the dependency parse (en, fr: the span, its verb
chain through ``xcomp``/``ccomp`` and their auxiliaries, negators and markers) and a token
window around the span on blank pipelines (it, es). Cue lexicons: ``data/certainty/``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.errors import ConfigError
from sitrep.model import Actor, Attribution, Certainty

LANGS = ("en", "it", "fr", "es")
SECTIONS = (
    "hedge",
    "modal",
    "plan",
    "deny",
    "retract",
    "claim",
    "accuse",
    "verified",
    "negation",
    "witness",
    "conj",
)
CUE_ORDER = ("retract", "deny", "plan", "claim", "accuse")  # cue_kind tries these in order
OFFICIAL_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PRO"})
ROLE_SUFFIXES = OFFICIAL_ROLES | {"CVL", "MED", "IGO", "NGO", "BUS"}
# Token window for blank pipelines: tokens before / after the span that count as "near".
# Chosen by hand on invented sentences ("potrebbero essere stati uccisi 30 civili").
NEAR_BEFORE, NEAR_AFTER = 6, 4
# verbs that turn a threat or plan into a deed (and "made good on", by its "good")
FULFILMENT = frozenset(
    {"carry", "execute", "fulfil", "fulfill", "implement", "follow", "cumplir", "ejecutar"}
)
CHAIN_DEPS = frozenset({"xcomp", "ccomp"})  # climb from the span's verb to its governor
MARKER_DEPS = frozenset(
    {"aux", "auxpass", "aux:pass", "aux:tense", "neg", "mark", "advmod", "prt", "nsubj"}
)


class Verdict(Protocol):
    """What a judge returns, read-only: :class:`Judgement` or a test's stand-in."""

    @property
    def certainty(self) -> Any: ...
    @property
    def negated(self) -> bool: ...
    @property
    def source(self) -> str | None: ...
    @property
    def source_actor(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Judgement:
    """Certainty of a span; ``cue`` names the cue class that decided it, if any."""

    certainty: Certainty
    negated: bool
    source: str | None
    source_actor: str | None
    cue: str | None = None


# --------------------------------------------------------------------------- lexicon


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for phrase in sorted({p.lower().strip() for p in phrases if p.strip()}, key=len, reverse=True):
        if phrase == ",":
            parts.append(",")
            continue
        body = ""
        for word in phrase.split():
            if word == "*":  # a gap of one to three words: "hold * responsible"
                body += r"(?:\S+\s+){1,3}?"
                continue
            body += re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
            body += r"\s+"
        body = body.removesuffix(r"\s+")
        parts.append(rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Compiled cue patterns of one language, one regex per section."""

    lang: str
    patterns: dict[str, re.Pattern[str]]
    words: dict[str, frozenset[str]]

    def search(self, section: str, text: str) -> re.Match[str] | None:
        """First match of ``section`` in ``text``."""
        pattern = self.patterns.get(section)
        return pattern.search(text) if pattern is not None else None

    def has(self, section: str, text: str) -> bool:
        """True when ``text`` contains a ``section`` cue."""
        return self.search(section, text) is not None


def build_cue_lexicon(lang: str, data: dict[str, Any]) -> CueLexicon:
    """Compile a parsed ``data/certainty/<lang>.yaml`` document."""
    patterns: dict[str, re.Pattern[str]] = {}
    words: dict[str, frozenset[str]] = {}
    for section, phrases in data.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"certainty lexicon {lang}: section {section!r} is not a list")
        compiled = _phrase_regex(phrases)
        if compiled is not None:
            patterns[section] = compiled
        words[section] = frozenset(p.lower() for p in phrases)
    missing = [s for s in SECTIONS if s not in patterns]
    if missing:
        raise ConfigError(f"certainty lexicon {lang}: missing sections {missing}")
    return CueLexicon(lang=lang, patterns=patterns, words=words)


@functools.cache
def cue_lexicon(lang: str) -> CueLexicon:
    """The packaged cue lexicon for ``lang`` (English for unknown languages)."""
    lang = lang if lang in LANGS else "en"
    path = resources.files("sitrep").joinpath("data", "certainty", f"{lang}.yaml")
    return build_cue_lexicon(lang, yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def cue_kind(cue: str, lang: str) -> str | None:
    """Certainty-relevant class of a cue: retract, deny, plan, claim, accuse or None."""
    lexicon = cue_lexicon(lang)
    for section in CUE_ORDER:
        if lexicon.has(section, cue):
            return section
    return None


def accusation_cue(text: str, lang: str) -> bool:
    """True when ``text`` holds an accusation cue ("blamed", "accused", "attributed to")."""
    return cue_lexicon(lang).has("accuse", text)


def claim_cue(text: str, lang: str) -> bool:
    """True when ``text`` holds a responsibility claim or admission cue."""
    return cue_lexicon(lang).has("claim", text)


# --------------------------------------------------------------------------- context


def doc_lang(doc: Doc) -> str:
    """The document's language: ``doc._.language`` when set, else ``doc.lang_``."""
    lang = doc._.language if Doc.has_extension("language") else None
    return str(lang or doc.lang_ or "en")


def _sentence(doc: Doc, start: int, end: int) -> Span:
    if start < len(doc) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        first = doc[start].sent
        last = doc[max(start, end - 1)].sent
        return doc[first.start : max(first.end, last.end)]
    return doc[:]


def covering_attribution(
    doc: Doc, start: int, end: int, attributions: Sequence[Attribution]
) -> Attribution | None:
    """The innermost attribution whose content span covers ``doc[start:end]``."""
    if start >= end or end > len(doc):
        return None
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    covering = [a for a in attributions if a.content_start <= first and last <= a.content_end]
    if not covering:
        return None
    return min(covering, key=lambda a: (a.content_end - a.content_start, -a.content_start))


def _chain(doc: Doc, start: int, end: int) -> list[Token]:
    """The span's verb chain: its governing verb, climbing ``xcomp``/``ccomp`` twice."""
    token = doc[start:end].root
    for _ in range(8):
        if token.pos_ in {"VERB", "AUX"} or token.head is token:
            break
        token = token.head
    chain = [token]
    while token.dep_ in CHAIN_DEPS and token.head is not token and len(chain) < 3:
        token = token.head
        chain.append(token)
    return chain


def _fulfilled(noun: Token) -> bool:
    """The noun is what a verb carried out: "carried out its threat", "made good on it"."""
    head = noun.head.head if noun.head.pos_ == "ADP" else noun.head
    return head.lemma_.lower() in FULFILMENT or any(c.lower_ == "good" for c in head.children)


def _near_text(doc: Doc, start: int, end: int, sent: Span) -> str:
    """Text "near" the span: clause markers on parsed docs (with the noun a verb complements:
    "the threat to kill", "the plan to send"), a token window otherwise."""
    if doc.has_annotation("DEP"):
        tokens = {t.i: t for t in doc[start:end]}
        for verb in _chain(doc, start, end):
            tokens[verb.i] = verb
            noun = verb.head
            if verb.dep_ == "acl" and noun.pos_ == "NOUN" and not _fulfilled(noun):
                tokens[noun.i] = noun  # "the threat to kill ...", "a plan to send ..."
            for child in verb.children:
                if child.dep_ in MARKER_DEPS or child.dep_.startswith("aux"):
                    tokens[child.i] = child
        return " ".join(tokens[i].text for i in sorted(tokens))
    lo = max(sent.start, start - NEAR_BEFORE)
    hi = min(sent.end, end + NEAR_AFTER)
    return doc[lo:hi].text


def _negated(lexicon: CueLexicon, doc: Doc, start: int, end: int, near: str) -> bool:
    if doc.has_annotation("DEP"):
        if any(t.dep_ == "neg" for t in doc[start:end]):
            return True
        verb = _chain(doc, start, end)[0]
        if any(c.dep_ == "neg" for c in verb.children):
            return True
    return lexicon.has("negation", near)


def _actor_for(actors: Sequence[Actor], attribution: Attribution) -> Actor | None:
    if attribution.source_start is None or attribution.source_end is None:
        return None
    inside = [
        a for a in actors if a.start < attribution.source_end and attribution.source_start < a.end
    ]
    if not inside:
        return None
    known = [a for a in inside if a.role != "UNK"]
    return (known or inside)[-1]  # the head of "army spokesman" is the last mention


def _role(attribution: Attribution, actor: Actor | None) -> str | None:
    if actor is not None and actor.role != "UNK":
        return actor.role
    code = attribution.source_actor or ""
    return code[-3:] if code[-3:] in ROLE_SUFFIXES else None


def _several_sources(lexicon: CueLexicon, doc: Doc, attribution: Attribution) -> bool:
    """``X, Y and Z report``: two or more coordinated sources in one attribution."""
    source = attribution.source or ""
    words = lexicon.words["conj"] - {","}
    pattern = lexicon.patterns["conj"]
    parts = [p.strip() for p in pattern.split(source) if p and p.strip()]
    coordinated = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", source.lower()) for w in words)
    if not coordinated or len(parts) < 2:
        return False
    actors = doc._.actors if Doc.has_extension("actors") else None
    if actors and attribution.source_start is not None and attribution.source_end is not None:
        inside = {
            a.code or a.name
            for a in actors
            if attribution.source_start <= a.start and a.end <= attribution.source_end
        }
        witnesses = lexicon.has("witness", source)
        return len(inside) + int(witnesses) >= 2
    return True


def _source_certainty(
    lexicon: CueLexicon, doc: Doc, attribution: Attribution | None
) -> tuple[Certainty, str | None]:
    """Rules 6-9 (see the module docstring); returns (certainty, source_actor)."""
    if attribution is None:
        return Certainty.REPORTED, None
    actors = doc._.actors if Doc.has_extension("actors") else None
    actor = _actor_for(actors or (), attribution)
    source_actor = attribution.source_actor or (actor.code if actor is not None else None)
    if _several_sources(lexicon, doc, attribution):
        return Certainty.CONFIRMED, source_actor
    if attribution.source and lexicon.has("witness", attribution.source):
        return Certainty.WITNESS, source_actor
    if _role(attribution, actor) in OFFICIAL_ROLES:
        return Certainty.OFFICIAL_CLAIM, source_actor
    return Certainty.REPORTED, source_actor


def assess(
    doc: Doc,
    start: int,
    end: int,
    *,
    attributions: Sequence[Attribution],
    outlet: str | None = None,
) -> Judgement:
    """Judge the token span ``doc[start:end]`` (precedence: see the module docstring)."""
    lexicon = cue_lexicon(doc_lang(doc))
    attribution = covering_attribution(doc, start, end, attributions)
    sent = _sentence(doc, start, end)
    near = _near_text(doc, start, end, sent)
    # On a parse, a denial must govern the span ("denied that 2,000 troops had arrived"),
    # not merely precede it ("The denial came before the 2,000 troops left").
    deny_scope = near if doc.has_annotation("DEP") else doc[sent.start : start].text
    cue = cue_kind(attribution.cue, lexicon.lang) if attribution is not None else None
    negated = _negated(lexicon, doc, start, end, near)
    certainty, source_actor = _source_certainty(lexicon, doc, attribution)
    source = attribution.source if attribution is not None else outlet
    if attribution is not None and source is None:
        source = outlet
    decided: Certainty | None = None
    if cue == "retract" or lexicon.has("retract", sent.text):
        decided, cue = Certainty.RETRACTED, "retract"
    elif cue == "deny" or lexicon.has("deny", deny_scope):
        decided, cue, negated = Certainty.DENIED, "deny", True
    elif cue == "plan" or lexicon.has("plan", near):
        decided, cue = Certainty.PLANNED, "plan"
    elif lexicon.has("modal", near):
        decided = Certainty.HYPOTHETICAL
    elif lexicon.has("hedge", sent.text):
        decided = Certainty.RUMOUR
    elif lexicon.has("verified", sent.text):
        decided = Certainty.CONFIRMED
    if cue is None:
        cue = "claim" if lexicon.has("claim", sent.text) else None
        cue = cue or ("accuse" if lexicon.has("accuse", sent.text) else None)
    return Judgement(
        certainty=decided or certainty,
        negated=negated,
        source=source,
        source_actor=source_actor,
        cue=cue,
    )


__all__ = [
    "CueLexicon",
    "Judgement",
    "Verdict",
    "accusation_cue",
    "assess",
    "build_cue_lexicon",
    "claim_cue",
    "covering_attribution",
    "cue_kind",
    "cue_lexicon",
    "doc_lang",
]
