"""Actor lexicons: IGOs, news agencies, state bodies, titles, pronouns and people.

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
PERSON    a person of ``people.yaml``: full name      ``person:putin``
          or surname only (may be ambiguous)          ``surname:Putin``
========  ==========================================  ================

Matching is phrase matching only (a ``PhraseMatcher`` costs far less than thousands of
token patterns): ``names`` (any language) and ``aliases[lang]`` are matched lower-case
(:meth:`ActorLexicon.patterns`); ``exact`` forms (acronyms: "UN" but not French "un") and
people's names are matched case-sensitively (:meth:`ActorLexicon.exact_patterns`), by a
second ruler. The pronoun patterns are the only token patterns (one per gender).

People (``people.yaml``) carry their offices as :class:`Term` records with dates;
:meth:`Person.term_at` picks the office held on a given day.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
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
LABELS = {
    "igo": "ORG_IGO",
    "med": "MEDIA",
    "body": "BODY",
    "title": "TITLE",
    "pron": "PRON",
    "person": "PERSON",
}
PEOPLE_FILE = "people.yaml"
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
    the determiners, "of" prepositions and qualifiers; ``possessive`` the possessive tokens;
    ``honorifics`` the words allowed before a bare surname ("Mr"). ``people`` holds the
    people of ``people.yaml`` by key and ``surnames`` the keys sharing each surname form.
    """

    entries: Mapping[str, LexEntry]
    pronouns: Mapping[str, Mapping[str, str]]
    words: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    possessive: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    igo_roles: Mapping[str, str] = field(default_factory=dict)  # org code -> IGO / NGO
    people: Mapping[str, Person] = field(default_factory=dict)  # key -> person
    surnames: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # form -> keys

    def word_set(self, section: str, lang: str) -> frozenset[str]:
        """Lower-case function words of ``section`` (``determiners``, ``of``...) in ``lang``."""
        return self.words.get(section, {}).get(lang, frozenset())

    def of_kind(self, kind: str) -> list[LexEntry]:
        """Entries of one kind (``igo``, ``med``, ``body``, ``title``)."""
        return [e for e in self.entries.values() if e.kind == kind]

    def patterns(self, lang: str) -> list[dict[str, Any]]:
        """Lower-case ``SpanRuler`` patterns for ``lang`` (``phrase_matcher_attr`` ``LOWER``):
        names and aliases as phrases, plus one token pattern per pronoun gender."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for entry in self.entries.values():
            for form in _variants(entry.phrases(lang)):
                if form.lower() not in seen:
                    seen.add(form.lower())
                    out.append({"label": entry.label, "pattern": form, "id": entry.id})
        forms = self.pronouns.get(lang, {})
        for gender in sorted(set(forms.values())):
            words = sorted(w for w, g in forms.items() if g == gender)
            pattern = [{"LOWER": {"IN": words}}]
            out.append({"label": LABELS["pron"], "pattern": pattern, "id": f"pron:{gender}"})
        return out

    def exact_patterns(self) -> list[dict[str, Any]]:
        """Case-sensitive phrase patterns (``phrase_matcher_attr`` ``ORTH``), any language:
        the ``exact`` forms, people's full names and surnames."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()

        def add(label: str, form: str, id_: str) -> None:
            if form not in seen:
                seen.add(form)
                out.append({"label": label, "pattern": form, "id": id_})

        for entry in self.entries.values():
            for form in _variants(entry.exact):
                add(entry.label, form, entry.id)
        for person in self.people.values():
            for form in _variants(person.names):
                add(LABELS["person"], form, person.id)
        for form in self.surnames:
            for variant in _variants((form,)):
                add(LABELS["person"], variant, f"surname:{form}")
        return out

    def people_named(self, span_id: str) -> tuple[Person, ...]:
        """The people a ``PERSON`` span id may stand for (several for a shared surname)."""
        kind, _, key = span_id.partition(":")
        if kind == "person":
            return (self.people[key],) if key in self.people else ()
        if kind == "surname":
            return tuple(self.people[k] for k in self.surnames.get(key, ()))
        return ()


@dataclass(frozen=True, slots=True)
class Term:
    """One office a person held: ``start``/``end`` inclusive, ``None`` when open.

    ``office`` is the id of the matching title entry (``title:president``), used by
    coreference ("the president"); ``None`` for offices without one.
    """

    country: str
    role: str
    title: str
    office: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Tenure:
    """The office chosen for a mention: ``status`` is ``current``, ``former`` (the date
    is after every term), ``future`` (before every term) or ``undated``."""

    term: Term
    status: str

    @property
    def title(self) -> str | None:
        if self.status == "future":
            return None
        return f"Former {self.term.title}" if self.status == "former" else self.term.title

    @property
    def office(self) -> str | None:
        return self.term.office if self.status in {"current", "undated"} else None


@dataclass(frozen=True, slots=True)
class Person:
    """A well-known office holder of ``people.yaml``; ``terms[0]`` is the default office."""

    key: str
    name: str
    gender: str | None
    names: tuple[str, ...]
    surnames: tuple[str, ...]
    terms: tuple[Term, ...]

    @property
    def id(self) -> str:
        return f"person:{self.key}"

    def term_at(
        self, day: dt.date | None, *, country: str | None = None, office: str | None = None
    ) -> Tenure:
        """The office held on ``day``; a ``country`` or ``office`` named in the text picks
        among several (ignored when no term has it)."""
        terms = [t for t in self.terms if t.country == country] or list(self.terms)
        preferred = [t for t in terms if office is not None and t.office == office]
        if day is None:
            return Tenure((preferred or terms)[0], "undated")
        current = [t for t in terms if t.covers(day)]
        if current:
            pick = [t for t in current if t in preferred] or current
            return Tenure(max(pick, key=lambda t: t.start or dt.date.min), "current")
        past = [t for t in terms if t.end is not None and t.end < day]
        if past:
            return Tenure(max(past, key=lambda t: t.end or dt.date.min), "former")
        return Tenure(min(terms, key=lambda t: t.start or dt.date.min), "future")


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


def _day(value: Any, where: str, *, end: bool) -> dt.date | None:
    """A term bound: a year (2019), a month ("2019-06") or a day (2019-06-01)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1900 < value < 2100:
        return dt.date(value, 12, 31) if end else dt.date(value, 1, 1)
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        year, month = int(value[:4]), int(value[5:])
        if not end:
            return dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    raise ConfigError(f"{where}: expected a year, YYYY-MM or a date, got {value!r}")


def parse_person(
    raw: dict[str, Any], *, titles: Mapping[str, LexEntry], igo_roles: Mapping[str, str]
) -> Person:
    """Validate one ``people.yaml`` entry. ``titles`` maps title ids to entries."""
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise ConfigError(f"person entry without a key: {raw!r}")
    where = f"{PEOPLE_FILE}:{key}"
    by_name = {entry.name.lower(): entry.id for entry in titles.values()}
    terms = []
    for term in raw.get("terms") or []:
        country = term.get("country")
        if not (isinstance(country, str) and len(country) == 3 and country.isupper()):
            raise ConfigError(f"{where}: codes must be three upper-case letters, got {country!r}")
        role = _role(term.get("role"), where)
        if country in igo_roles and role != igo_roles[country]:
            raise ConfigError(f"{where}: an official of {country} has role {igo_roles[country]}")
        title = term.get("title")
        if not isinstance(title, str) or not title:
            raise ConfigError(f"{where}: a term needs a title")
        office = f"title:{term['office']}" if term.get("office") else by_name.get(title.lower())
        if office is not None and office not in titles:
            raise ConfigError(f"{where}: unknown office {office!r}")
        start = _day(term.get("from"), where, end=False)
        stop = _day(term.get("to"), where, end=True)
        terms.append(Term(country, role, title, office, start, stop))
    if not terms:
        raise ConfigError(f"{where}: no terms")
    names = _strings(raw.get("names"), where)
    if not names:
        raise ConfigError(f"{where}: no surface forms")
    gender = raw.get("gender")
    if gender not in {None, "m", "f"}:
        raise ConfigError(f"{where}: gender must be m or f, got {gender!r}")
    return Person(
        key=key,
        name=str(raw.get("name") or names[0]),
        gender=gender,
        names=names,
        surnames=_strings(raw.get("surnames"), where),
        terms=tuple(terms),
    )


def _read(name: str) -> Any:
    path = resources.files("sitrep").joinpath("data", "actors", name)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_lexicon(files: Mapping[str, Any], grammar: Any, people: Any = None) -> ActorLexicon:
    """Build a lexicon from parsed YAML documents keyed by kind (and ``people.yaml``);
    ids must be unique."""
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
    honorifics = frozenset(grammar.get("honorifics") or ())
    igo_roles = {e.code: e.role for e in entries.values() if e.kind == "igo" and e.code}
    titles = {e.id: e for e in entries.values() if e.kind == "title"}
    persons: dict[str, Person] = {}
    surnames: dict[str, list[str]] = {}
    for raw in (people or {}).get("entries") or []:
        person = parse_person(raw, titles=titles, igo_roles=igo_roles)
        if person.key in persons:
            raise ConfigError(f"duplicate person key {person.key!r}")
        persons[person.key] = person
        for form in person.surnames:
            surnames.setdefault(form, []).append(person.key)
    return ActorLexicon(
        entries=entries,
        pronouns=pronouns,
        words=words,
        possessive=possessive,
        honorifics=honorifics,
        igo_roles=igo_roles,
        people=persons,
        surnames={form: tuple(keys) for form, keys in surnames.items()},
    )


@functools.cache
def actor_lexicon() -> ActorLexicon:
    """The packaged actor lexicon, loaded and validated once."""
    return build_lexicon(
        {kind: _read(name) for kind, name in _FILES.items()},
        _read("grammar.yaml"),
        _read(PEOPLE_FILE),
    )


__all__ = [
    "INHERIT",
    "LABELS",
    "ROLES",
    "ActorLexicon",
    "LexEntry",
    "Person",
    "Tenure",
    "Term",
    "actor_lexicon",
    "build_lexicon",
    "parse_person",
]
