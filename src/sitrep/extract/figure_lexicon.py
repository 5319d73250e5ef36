"""The figure lexicon of a language (``data/figures/{lang}.yaml``) and matching against it.

Cue and counted-noun entries are token tuples; a token matches by its lower-cased text or
its lemma (:func:`match_at`, :func:`lookup_at`). Used by :mod:`sitrep.extract.figures`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from sitrep.extract.numbers import LANGS, load_yaml

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


def lexicon_key(text: Any) -> tuple[str, ...]:
    return tuple(str(text).lower().replace("'", "' ").replace("’", "’ ").split())


@functools.cache
def figure_lexicon(lang: str) -> FigureLexicon:
    """The figure lexicon of ``lang`` (English for unknown languages)."""
    data = load_yaml(f"{lang if lang in LANGS else 'en'}.yaml")
    cues = {lexicon_key(w): kind for kind in KINDS for w in data["kinds"].get(kind) or ()}
    who = {lexicon_key(w): "who" for w in data["who"]} | {
        lexicon_key(w): "forces" for w in data["forces"]
    }
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


def words(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower() if token.lemma_ else token.lower_


def match_at(
    table: dict[tuple[str, ...], str], doc: Doc, i: int, end: int, lex: FigureLexicon
) -> int:
    """Length of the longest entry of ``table`` at ``doc[i]`` (lower text or lemma), or 0."""
    lower, lemma = words(doc[i])
    if lower not in lex.firsts and lemma not in lex.firsts:
        return 0
    for size in range(min(lex.longest, end - i), 0, -1):
        lowers = tuple(t.lower_ for t in doc[i : i + size])
        lemmas = tuple(words(t)[1] for t in doc[i : i + size])
        if lowers in table or lemmas in table:
            return size
    return 0


def lookup_at(table: dict[tuple[str, ...], str], doc: Doc, i: int, size: int) -> str:
    lowers = tuple(t.lower_ for t in doc[i : i + size])
    return table.get(lowers) or table[tuple(words(t)[1] for t in doc[i : i + size])]


__all__ = [
    "KINDS",
    "NOUN_KINDS",
    "FigureLexicon",
    "figure_lexicon",
    "lexicon_key",
    "lookup_at",
    "match_at",
    "words",
]
