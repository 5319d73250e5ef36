"""Readable names for the codes the situation picture uses: countries, bodies and parties."""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from sitrep.extract.countries import country_index


@functools.cache
def _igo_names() -> dict[str, str]:
    path = resources.files("sitrep").joinpath("data/actors/igos.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    names: dict[str, str] = {}
    for entry in entries:  # sub-bodies share their parent's code and come after it
        names.setdefault(str(entry["code"]), str(entry["name"]))
    return names


@functools.cache
def country_name(code: str) -> str:
    """A short English name for an ISO alpha-3 country or an organisation code."""
    country = country_index().by_iso3(code)
    if country is not None:
        return country.name
    return _igo_names().get(code, code)


def actor_name(code: str) -> str:
    """A name for a CAMEO-style actor code: ``RUSMIL`` -> Russia, ``IGOCST`` -> CSTO."""
    if code.startswith(("IGO", "NGO")) and len(code) >= 6:
        return country_name(code[3:6])
    return country_name(code[:3])


def party_name(party: str) -> str:
    """A name for a claim's party: ``gov:KAZ`` -> Kazakhstan authorities, ``igo:CST`` -> CSTO."""
    family, _, name = party.partition(":")
    if family == "gov":
        return f"{country_name(name)} authorities"
    if family == "igo":
        return country_name(name)
    return name
