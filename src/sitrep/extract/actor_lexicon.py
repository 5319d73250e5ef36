"""Actor lexicons: IGOs, news agencies, state bodies, titles and pronouns.

Data lives in ``data/actors/*.yaml`` (see the comments in each file). This module loads it
once, validates it and turns it into spaCy ``SpanRuler`` patterns.

Span labels written by the ruler (``doc.spans["sitrep_actors"]``), ``span.id_`` = entry id:

========  ==========================================  ================
label     what                                        id example
========  ==========================================  ================
ORG_IGO   intergovernmental organisation or NGO       ``igo:UNO``
MEDIA     news agency or outlet                       ``med:TASS``
BODY      state body or generic group                 ``body:police``
TITLE     title of office                             ``title:president``
PRON      subject pronoun (coreference candidate)     ``pron:m``
========  ==========================================  ================

Matching: ``exact`` forms are case-sensitive token patterns (acronyms: "UN" but not French
"un"); ``names`` (any language) and ``aliases[lang]`` go through a lower-case
``PhraseMatcher``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import ConfigError

ROLES = frozenset(
    {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "PRO", "CVL", "MED", "IGO", "NGO", "BUS"}
    | {"UNK"}
)
INHERIT = "inherit"
LANGS = ("en", "it", "fr", "es")
LABELS = {"igo": "ORG_IGO", "med": "MEDIA", "body": "BODY", "title": "TITLE", "pron": "PRON"}
_FILES = {"igo": "igos.yaml", "med": "agencies.yaml", "body": "bodies.yaml", "title": "titles.yaml"}
_APOSTROPHE_VARIANTS = (("'", "’"), ("’", "'"))


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One lexicon entry. ``id`` is ``"<kind>:<key>"`` and is the span's ``id_``."""

    id: str
    kind: str
    name: str
    role: str
    code: str | None = None
    country: str | None = None
    alt_role: str | None = None
    group: bool = False
    rank: int | None = None
    family: str | None = None
    gender: str | None = None
    exact: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The span label this entry is matched under."""
        return LABELS[self.kind]

    def phrases(self, lang: str) -> tuple[str, ...]:
        """Case-insensitive phrases for ``lang`` (language-neutral names included)."""
        return self.names + self.aliases.get(lang, ())


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """All actor entries by id, plus the function words of ``grammar.yaml``.

    ``pronouns[lang]`` maps a subject pronoun to its gender; ``words[section][lang]`` holds
    the determiners, "of" prepositions and qualifiers; ``possessive`` the possessive tokens.
    """

    entries: Mapping[str, LexEntry]
    pronouns: Mapping[str, Mapping[str, str]]
    words: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    possessive: frozenset[str] = frozenset()
    igo_roles: Mapping[str, str] = field(default_factory=dict)  # org code -> IGO / NGO

    def word_set(self, section: str, lang: str) -> frozenset[str]:
        """Lower-case function words of ``section`` (``determiners``, ``of``...) in ``lang``."""
        return self.words.get(section, {}).get(lang, frozenset())

    def of_kind(self, kind: str) -> list[LexEntry]:
        """Entries of one kind (``igo``, ``med``, ``body``, ``title``)."""
        return [e for e in self.entries.values() if e.kind == kind]

    def patterns(self, lang: str, tokenize: Callable[[str], list[str]]) -> list[dict[str, Any]]:
        """``SpanRuler`` patterns for ``lang``; ``tokenize`` splits exact forms into tokens.

        String patterns are meant for a ruler whose ``phrase_matcher_attr`` is ``LOWER``.
        """
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for entry in self.entries.values():
            for form in _variants(entry.exact):
                if ("exact", form) not in seen:
                    seen.add(("exact", form))
                    tokens = [{"ORTH": t} for t in tokenize(form)]
                    out.append({"label": entry.label, "pattern": tokens, "id": entry.id})
            for form in _variants(entry.phrases(lang)):
                if ("lower", form.lower()) not in seen:
                    seen.add(("lower", form.lower()))
                    out.append({"label": entry.label, "pattern": form, "id": entry.id})
        forms = self.pronouns.get(lang, {})
        for gender in sorted(set(forms.values())):
            words = sorted(w for w, g in forms.items() if g == gender)
            pattern = [{"LOWER": {"IN": words}}]
            out.append({"label": LABELS["pron"], "pattern": pattern, "id": f"pron:{gender}"})
        return out


def _variants(forms: tuple[str, ...]) -> list[str]:
    """Each form plus its straight/curly apostrophe twin."""
    out: list[str] = []
    for form in forms:
        out.append(form)
        for old, new in _APOSTROPHE_VARIANTS:
            if old in form:
                out.append(form.replace(old, new))
    return out


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise ConfigError(f"{where}: expected a list of non-empty strings, got {raw!r}")
    return tuple(raw)


def _role(value: Any, where: str, *, allow_inherit: bool = False) -> str:
    if value in ROLES or (allow_inherit and value == INHERIT):
        return str(value)
    raise ConfigError(f"{where}: unknown role {value!r}")


def parse_entry(kind: str, raw: dict[str, Any]) -> LexEntry:
    """Validate one YAML entry of ``kind`` and build a :class:`LexEntry`."""
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise ConfigError(f"{kind} entry without a key: {raw!r}")
    where = f"{_FILES[kind]}:{key}"
    aliases_raw = raw.get("aliases") or {}
    unknown = set(aliases_raw) - set(LANGS)
    if unknown:
        raise ConfigError(f"{where}: unknown alias languages {sorted(unknown)}")
    aliases = {lang: _strings(forms, f"{where}.{lang}") for lang, forms in aliases_raw.items()}
    role = {"med": "MED"}.get(kind) or _role(raw.get("role"), where, allow_inherit=kind == "title")
    code = raw.get("code")
    country = raw.get("country")
    for value in (code, country):
        if value is not None and not (
            isinstance(value, str) and len(value) == 3 and value.isupper()
        ):
            raise ConfigError(f"{where}: codes must be three upper-case letters, got {value!r}")
    if kind == "igo" and (code is None or role not in {"IGO", "NGO"}):
        raise ConfigError(f"{where}: an IGO needs a code and role IGO or NGO")
    if kind == "med" and country is None:
        raise ConfigError(f"{where}: a news outlet needs its home country")
    entry = LexEntry(
        id=f"{kind}:{key}",
        kind=kind,
        name=str(raw.get("name") or key),
        role=role,
        code=code,
        country=country,
        alt_role=_role(raw["alt_role"], where) if raw.get("alt_role") else None,
        group=raw.get("kind") == "group",
        rank=raw.get("rank"),
        family=raw.get("family"),
        gender=raw.get("gender"),
        exact=_strings(raw.get("exact"), where),
        names=_strings(raw.get("names"), where),
        aliases=aliases,
    )
    if not (entry.exact or entry.names or any(entry.aliases.values())):
        raise ConfigError(f"{where}: no surface forms")
    return entry


def _read(name: str) -> Any:
    path = resources.files("sitrep").joinpath("data", "actors", name)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_lexicon(files: Mapping[str, Any], grammar: Any) -> ActorLexicon:
    """Build a lexicon from parsed YAML documents keyed by kind; ids must be unique."""
    entries: dict[str, LexEntry] = {}
    for kind, doc in files.items():
        for raw in doc.get("entries") or []:
            entry = parse_entry(kind, raw)
            if entry.id in entries:
                raise ConfigError(f"duplicate actor lexicon id {entry.id!r}")
            entries[entry.id] = entry
    grammar = grammar or {}
    pronouns = {lang: dict(forms) for lang, forms in (grammar.get("pronouns") or {}).items()}
    words = {
        section: {lang: frozenset(w.lower() for w in ws) for lang, ws in grammar[section].items()}
        for section in ("determiners", "of", "qualifiers")
        if grammar.get(section)
    }
    possessive = frozenset(grammar.get("possessive") or ())
    igo_roles = {e.code: e.role for e in entries.values() if e.kind == "igo" and e.code}
    return ActorLexicon(
        entries=entries, pronouns=pronouns, words=words, possessive=possessive, igo_roles=igo_roles
    )


@functools.cache
def actor_lexicon() -> ActorLexicon:
    """The packaged actor lexicon, loaded and validated once."""
    return build_lexicon(
        {kind: _read(name) for kind, name in _FILES.items()}, _read("grammar.yaml")
    )


__all__ = [
    "INHERIT",
    "LABELS",
    "ROLES",
    "ActorLexicon",
    "LexEntry",
    "actor_lexicon",
    "build_lexicon",
]
