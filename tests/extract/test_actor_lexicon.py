"""The actor lexicons load, validate and turn into ruler patterns."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.errors import ConfigError
from sitrep.extract.actor_lexicon import ROLES, actor_lexicon, build_lexicon

LANGS = ("en", "it", "fr", "es")


def test_every_kind_is_loaded() -> None:
    kinds = {entry.kind for entry in actor_lexicon().entries.values()}
    assert kinds == {"igo", "med", "body", "title"}


def test_roles_and_codes_are_valid() -> None:
    for entry in actor_lexicon().entries.values():
        assert entry.role in ROLES | {"inherit"}, entry.id
        for code in (entry.code, entry.country):
            assert code is None or (len(code) == 3 and code.isupper()), entry.id


@pytest.mark.parametrize(
    ("lang", "surface", "entry_id"),
    [
        ("en", "UN", "igo:UNO"),
        ("it", "ONU", "igo:UNO"),
        ("fr", "ONU", "igo:UNO"),
        ("es", "ONU", "igo:UNO"),
        ("it", "UE", "igo:EUR"),
        ("fr", "OTAN", "igo:NAT"),
        ("es", "OTAN", "igo:NAT"),
        ("fr", "OTSC", "igo:CST"),
        ("en", "ODKB", "igo:CST"),
        ("en", "EU Commission", "igo:EUR_COM"),
        ("en", "European Parliament", "igo:EUR_EP"),
        ("it", "Commissione europea", "igo:EUR_COM"),
        ("fr", "Union africaine", "igo:AFR"),
        ("es", "Liga Árabe", "igo:ARL"),
        ("en", "Security Council", "igo:UNO_SC"),
        ("en", "Human Rights Watch", "igo:HRW"),
        ("en", "Reuters", "med:REUTERS"),
        ("en", "AP", "med:AP"),
        ("it", "ANSA", "med:ANSA"),
        ("en", "Interior Ministry", "body:interior_ministry"),
        ("en", "Ministry of Internal Affairs", "body:interior_ministry"),
        ("it", "Ministero dell'Interno", "body:interior_ministry"),
        ("fr", "ministère de l’Intérieur", "body:interior_ministry"),
        ("es", "Ministerio del Interior", "body:interior_ministry"),
        ("it", "manifestanti", "body:protesters"),
        ("fr", "soldats", "body:armed_forces"),
        ("es", "tropas", "body:armed_forces"),
        ("en", "paratroopers", "body:armed_forces"),
        ("en", "riot police", "body:riot_police"),
        ("fr", "porte-parole", "title:spokesperson"),
        ("es", "portavoz", "title:spokesperson"),
        ("it", "primo ministro", "title:prime_minister"),
        ("en", "Secretary of State", "title:secretary_of_state"),
    ],
)
def test_surface_form_has_a_pattern(lang: str, surface: str, entry_id: str) -> None:
    lexicon = actor_lexicon()
    patterns = lexicon.patterns(lang) + lexicon.exact_patterns()
    hits = {p["id"] for p in patterns if p["pattern"] in (surface.lower(), surface)}
    assert entry_id in hits


def test_rulers_use_phrase_patterns_only() -> None:
    """Token patterns are slow at scale: only the two pronoun patterns may use them."""
    lexicon = actor_lexicon()
    token_patterns = [p for p in lexicon.patterns("en") if not isinstance(p["pattern"], str)]
    assert {p["label"] for p in token_patterns} == {"PRON"}
    assert all(isinstance(p["pattern"], str) for p in lexicon.exact_patterns())


@pytest.mark.parametrize("lang", LANGS)
def test_no_phrase_points_to_two_entries(lang: str) -> None:
    owners: dict[str, set[str]] = {}
    for pattern in actor_lexicon().patterns(lang):
        if isinstance(pattern["pattern"], str):
            owners.setdefault(pattern["pattern"].lower(), set()).add(pattern["id"])
    clashes = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def test_acronyms_are_case_sensitive() -> None:
    lexicon = actor_lexicon()
    assert {"label": "ORG_IGO", "pattern": "UN", "id": "igo:UNO"} in lexicon.exact_patterns()
    assert not any(p["pattern"] == "un" for p in lexicon.patterns("fr"))


@pytest.mark.parametrize(("lang", "word"), [("en", "he"), ("fr", "elle"), ("es", "ella")])
def test_pronoun_patterns(lang: str, word: str) -> None:
    pron = [p for p in actor_lexicon().patterns(lang) if p["label"] == "PRON"]
    assert any(word in p["pattern"][0]["LOWER"]["IN"] for p in pron)


def _one(kind: str, **fields: Any) -> dict[str, Any]:
    entry = {"key": "x", "name": "X", "role": "GOV", "aliases": {"en": ["x"]}} | fields
    return {kind: {"entries": [entry]}}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (_one("body", role="BOSS"), "unknown role 'BOSS'"),
        (_one("igo", role="IGO"), "needs a code"),
        (_one("igo", role="IGO", code="un"), "three upper-case"),
        (_one("med"), "home country"),
        (_one("body", aliases={"de": ["x"]}), "unknown alias languages"),
        (_one("body", aliases={"en": []}), "no surface forms"),
        ({"body": {"entries": [{"key": "x", "role": "GOV", "names": ["a"]}] * 2}}, "duplicate"),
    ],
)
def test_bad_lexicon_is_rejected(files: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_lexicon(files, {})
