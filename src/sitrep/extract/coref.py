"""Light coreference for actor mentions: names, definite descriptions, subject pronouns.

Three passes over the mentions built by :mod:`sitrep.extract.actors`, in text order:

1. A bare person name ("Tokayev", role UNK) takes the country/role/title of a titled
   mention of the same person anywhere in the document ("President Kassym-Jomart Tokayev"),
   matched on the full name or the last name. ``resolved_from`` stays unset: it is a name,
   not an anaphor.
2. A definite description without a name or country ("the president", "il presidente",
   "le ministre") refers to the most recent person with the same title (or, for a generic
   title such as "minister", the same title family) within :data:`DESCRIPTION_WINDOW`
   sentences.
3. A subject pronoun ("he", "she", "il", "elle", "lui", "ella") refers to the most recent
   person mention in the same or the previous sentence, gender permitting.

A reference is resolved only when exactly one distinct person (name + country) fits;
otherwise a description stays as it is and a pronoun is dropped. Resolved mentions copy
name, country, role, title and code, and set ``resolved_from`` to the antecedent's start.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.model import Actor

# Sentences back (besides the current one) searched for a definite description's
# antecedent. Chosen by hand on our own test sentences; widen only with tests that show
# descriptions still resolve to the right person.
DESCRIPTION_WINDOW = 3
PRONOUN_WINDOW = 1  # same or previous sentence


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention plus what coreference needs to know about it."""

    actor: Actor
    kind: str  # person, body, group, igo, media, country
    token: int
    sent: int
    title_key: str | None = None
    family: str | None = None
    gender: str | None = None
    anaphor: bool = False  # a definite description that may refer back


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A subject pronoun that may refer to a person mention."""

    token: int
    sent: int
    gender: str
    text: str
    start: int


def _identity(mention: Mention) -> tuple[str, str | None]:
    return mention.actor.name, mention.actor.country


def _named(mention: Mention) -> bool:
    return mention.kind == "person" and mention.actor.name != mention.actor.title


def _last_name(name: str) -> str:
    return name.replace("-", " ").split()[-1].casefold() if name.strip() else ""


def _copy(target: Mention, source: Mention, *, resolved: bool) -> Mention:
    actor = dataclasses.replace(
        target.actor,
        name=source.actor.name,
        country=source.actor.country,
        role=source.actor.role,
        title=source.actor.title,
        code=source.actor.code,
        resolved_from=source.actor.start if resolved else None,
    )
    return dataclasses.replace(
        target,
        actor=actor,
        title_key=source.title_key,
        family=source.family,
        gender=target.gender or source.gender,
        anaphor=False,
    )


def _unique(candidates: Sequence[Mention]) -> Mention | None:
    """The most recent candidate, if all candidates are one person."""
    if not candidates or len({_identity(c) for c in candidates}) != 1:
        return None
    return candidates[-1]


def propagate_names(mentions: Sequence[Mention]) -> list[Mention]:
    """Give bare names the attributes of a titled mention of the same person."""
    titled = [m for m in mentions if _named(m) and m.title_key is not None]
    out = []
    for m in mentions:
        if m.kind == "person" and m.title_key is None and m.actor.role == "UNK":
            full, last = m.actor.name.casefold(), _last_name(m.actor.name)
            same = [
                t
                for t in titled
                if t.actor.name.casefold() == full or _last_name(t.actor.name) == last
            ]
            source = _unique(same)
            if source is not None:
                m = _copy(m, source, resolved=False)
        out.append(m)
    return out


def resolve_apposition(target: Mention, source: Mention) -> Mention:
    """``target`` ("the commander of the force") takes the identity of the named person
    set beside it ("..., General X,")."""
    return _copy(target, source, resolved=True)


def _compatible_title(anaphor: Mention, candidate: Mention) -> bool:
    if candidate.title_key is None:
        return False
    if candidate.title_key == anaphor.title_key:
        return True
    generic = anaphor.family is not None and anaphor.title_key == f"title:{anaphor.family}"
    return generic and candidate.family == anaphor.family


def resolve_mentions(mentions: Sequence[Mention], pronouns: Sequence[Pronoun]) -> list[Actor]:
    """Resolve descriptions and pronouns; return every kept mention's actor in text order."""
    items: list[Mention | Pronoun] = [*propagate_names(mentions), *pronouns]
    items.sort(key=lambda item: item.token)
    people: list[Mention] = []
    actors: list[Actor] = []
    for item in items:
        if isinstance(item, Pronoun):
            near = [
                p
                for p in people
                if item.sent - PRONOUN_WINDOW <= p.sent <= item.sent
                and (p.gender is None or p.gender == item.gender)
            ]
            source = _unique(near)
            if source is None:
                continue
            pron = Actor(
                text=item.text,
                start=item.start,
                end=item.start + len(item.text),
                name="",
                country=None,
                role="UNK",
            )
            stub = Mention(pron, "person", item.token, item.sent, gender=item.gender)
            resolved = _copy(stub, source, resolved=True)
            people.append(resolved)
            actors.append(resolved.actor)
            continue
        mention = item
        if mention.anaphor:
            near = [
                p
                for p in people
                if p.sent >= mention.sent - DESCRIPTION_WINDOW
                and _compatible_title(mention, p)
                and not p.anaphor
            ]
            source = _unique(near)
            if source is not None:
                mention = _copy(mention, source, resolved=True)
        if mention.kind == "person":
            people.append(mention)
        actors.append(mention.actor)
    return actors


__all__ = [
    "DESCRIPTION_WINDOW",
    "Mention",
    "Pronoun",
    "propagate_names",
    "resolve_apposition",
    "resolve_mentions",
]
