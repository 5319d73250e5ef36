"""Event lexicons and the CAMEO/PLOVER codebook, loaded once from package data.

Data files (``sitrep/data/events/``):

* ``verbs_{en,fr}.yaml``: ``verbs`` and ``nouns`` keyed by lemma, each a list of
  :class:`Sense` (conditions + CAMEO code); ``verbs_{it,es}.yaml``: ``stems`` matched as
  prefixes of lower-cased tokens (the blank Italian/Spanish pipelines have no lemmas), and
  so are their ``planning``, ``forces``, ``participation`` and ``missions`` words;
  ``participation`` maps a verb to the object it needs ("take: part") and ``missions``
  names what taking part deploys troops to ("mission", "peacekeeping");
* ``cameo_codes.csv``: every CAMEO code with its label, quad and penta class (generated
  from the reference CAMEO codebook);
* ``plover.yaml``: the 16 PLOVER types with their modes, and the default PLOVER type/mode
  of each CAMEO code prefix.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

DATA = "sitrep.data"
LANGUAGES = ("en", "fr", "it", "es")


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading of an event word: the conditions under which it means ``cameo``."""

    cameo: str
    obj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    prt: frozenset[str] = frozenset()
    subj: frozenset[str] = frozenset()  # the subject's head ("troops arrived")
    modal: bool = False
    bare: bool = False  # only without a direct object and not passive ("police fired")
    prefix: frozenset[str] = frozenset()  # word fused before it ("lathi"-charge)
    roles: tuple[tuple[str, str], ...] = ()
    type: str | None = None
    mode: str | None = None

    @property
    def unconditional(self) -> bool:
        """True when the sense applies without any syntactic condition."""
        return not (
            self.obj or self.prep or self.prt or self.subj or self.modal or self.bare or self.prefix
        )

    def code_for(self, role: str | None) -> str:
        """The CAMEO code, specialised by the source actor's role when listed."""
        return dict(self.roles).get(role or "", self.cameo)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The event words of one language."""

    lang: str
    verbs: dict[str, tuple[Sense, ...]] = field(default_factory=dict)
    nouns: dict[str, tuple[Sense, ...]] = field(default_factory=dict)
    stems: tuple[tuple[str, tuple[Sense, ...]], ...] = ()  # longest stem first
    planning: frozenset[str] = frozenset()  # governors making an event planned
    future: frozenset[str] = frozenset()  # future auxiliaries
    modals: frozenset[str] = frozenset()  # obligation auxiliaries ("must")
    occurrence: frozenset[str] = frozenset()  # "clashes erupted"
    aid_cues: tuple[str, ...] = ()  # deployment sent to help someone -> military aid
    controllers: frozenset[str] = frozenset()  # whose subject does the gerund ("resort to firing")
    force_prefixes: frozenset[str] = frozenset()  # every sense ``prefix`` ("lathi", "baton")
    forces: frozenset[str] = frozenset()  # what a deployment moves ("troops"); stems in it/es
    collectives: frozenset[str] = frozenset()  # "the bloc": an alliance named earlier
    beneficiaries: frozenset[str] = frozenset()  # "thanked X for sending": X did it
    # "X would take part" in a mission: verb (stem in it/es) -> the object it needs ("part")
    participation: dict[str, str] = field(default_factory=dict)
    missions: frozenset[str] = frozenset()  # what one takes part in ("mission"); stems in it/es
    future_endings: tuple[str, ...] = ()  # future-tense endings in it/es ("parteciperanno")

    def is_force(self, word: str) -> bool:
        """Whether ``word`` (a lemma, or a lower-cased token in it/es) names a force."""
        return word in self.forces or (
            not self.verbs and any(word.startswith(stem) for stem in self.forces)
        )

    def is_planning(self, word: str) -> bool:
        """Whether ``word`` is a planning governor (a stem match in it/es)."""
        return word in self.planning or (
            not self.verbs and any(word.startswith(stem) for stem in self.planning)
        )

    def is_mission(self, word: str) -> bool:
        """Whether ``word`` (a lemma, or a lower-cased token in it/es) names a mission or force."""
        return word in self.missions or (
            not self.verbs and any(word.startswith(stem) for stem in self.missions)
        )

    def participation_of(self, word: str) -> str | None:
        """The object a participation verb needs ("take" -> "part"; "" for none), else None."""
        if self.verbs:
            return self.participation.get(word)
        return next((o for s, o in self.participation.items() if word.startswith(s)), None)

    def stem_senses(self, word: str) -> tuple[Sense, ...]:
        """Senses of the longest stem that ``word`` (lower-cased) starts with."""
        for stem, senses in self.stems:
            if word.startswith(stem):
                return senses
        return ()


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO code from the codebook."""

    code: str
    root: str
    label: str
    quad_class: int
    penta_class: int


def _words(value: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in value or ())


def _sense(raw: dict[str, Any]) -> Sense:
    roles = raw.get("roles") or {}
    return Sense(
        cameo=str(raw["cameo"]),
        obj=_words(raw.get("obj")),
        prep=_words(raw.get("prep")),
        prt=_words(raw.get("prt")),
        subj=_words(raw.get("subj")),
        modal=bool(raw.get("modal", False)),
        bare=bool(raw.get("bare", False)),
        prefix=_words(raw.get("prefix")),
        roles=tuple((str(k), str(v)) for k, v in roles.items()),
        type=raw.get("type"),
        mode=raw.get("mode"),
    )


def _senses(table: dict[str, Any] | None) -> dict[str, tuple[Sense, ...]]:
    return {str(k).lower(): tuple(_sense(s) for s in v) for k, v in (table or {}).items()}


def _read_text(name: str) -> str:
    return (resources.files(DATA) / "events" / name).read_text(encoding="utf-8")


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """The event lexicon for ``lang`` (English when there is none for it)."""
    if lang not in LANGUAGES:
        lang = "en"
    raw = yaml.safe_load(_read_text(f"verbs_{lang}.yaml")) or {}
    stems = _senses(raw.get("stems"))
    verbs = _senses(raw.get("verbs"))
    return Lexicon(
        lang=lang,
        verbs=verbs,
        nouns=_senses(raw.get("nouns")),
        stems=tuple(sorted(stems.items(), key=lambda item: -len(item[0]))),
        planning=_words(raw.get("planning")),
        future=_words(raw.get("future")),
        modals=_words(raw.get("modals")),
        occurrence=_words(raw.get("occurrence")),
        aid_cues=tuple(sorted(_words(raw.get("aid_cues")))),
        controllers=_words(raw.get("controllers")),
        force_prefixes=frozenset(w for senses in verbs.values() for s in senses for w in s.prefix),
        forces=_words(raw.get("forces")),
        collectives=_words(raw.get("collectives")),
        beneficiaries=_words(raw.get("beneficiaries")),
        participation={
            str(k).lower(): str(v or "").lower()
            for k, v in (raw.get("participation") or {}).items()
        },
        missions=_words(raw.get("missions")),
        future_endings=tuple(sorted(_words(raw.get("future_endings")))),
    )


@functools.cache
def codebook() -> dict[str, CameoCode]:
    """All CAMEO codes by code string ("0841" -> Return, release)."""
    lines = [line for line in _read_text("cameo_codes.csv").splitlines() if line[:1] != "#"]
    out: dict[str, CameoCode] = {}
    for row in csv.DictReader(lines):
        out[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            label=row["label"],
            quad_class=int(row["quad_class"]),
            penta_class=int(row["penta_class"]),
        )
    return out


@functools.cache
def _plover() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_read_text("plover.yaml"))
    return data


def plover_types() -> dict[str, tuple[str, ...]]:
    """The 16 PLOVER types with the modes sitrep uses."""
    return {k: tuple(v) for k, v in _plover()["types"].items()}


def plover_of(cameo: str) -> tuple[str, str | None]:
    """Default PLOVER (type, mode) of a CAMEO code: the longest listed prefix wins."""
    table: dict[str, list[str | None]] = _plover()["cameo"]
    for size in range(len(cameo), 1, -1):
        entry = table.get(cameo[:size])
        if entry is not None:
            return str(entry[0]), entry[1]
    raise KeyError(f"no PLOVER type for CAMEO code {cameo!r}")


def quad_class(cameo: str) -> int:
    """CAMEO QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)."""
    entry = codebook().get(cameo) or codebook().get(cameo[:2] + "0")
    if entry is None:
        raise KeyError(f"unknown CAMEO code {cameo!r}")
    return entry.quad_class


def penta_class(cameo: str) -> int:
    """CAMEO PentaClass (0 statement/appeal ... 4 material conflict)."""
    entry = codebook().get(cameo) or codebook().get(cameo[:2] + "0")
    if entry is None:
        raise KeyError(f"unknown CAMEO code {cameo!r}")
    return entry.penta_class
