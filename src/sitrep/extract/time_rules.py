"""Per-language time lexicons and patterns, loaded from ``sitrep/data/times/<lang>.yaml``.

Each file holds word lists (weekday and month names, relative words, parts of the day,
number words, units, modifiers) and the regex rules that combine them; the format is
described at the top of ``en.yaml``. :func:`lexicon_for` parses and compiles a file once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "times"

Term = str | int

_BUILTIN = {
    "year": r"(?:1[89]\d\d|20\d\d)(?!\d)",
    "day": r"(?:3[01]|[12]\d|0?[1-9])(?!\d)",
}
_PLACEHOLDER = re.compile(r"(?<!\?P)<([a-z]+)(2?)>")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern. ``kind`` picks the resolver; ``fixed`` supplies group values."""

    kind: str
    regex: re.Pattern[str]
    priority: int
    fixed: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything :mod:`sitrep.extract.times` needs to know about one language."""

    language: str
    date_order: str
    terms: Mapping[str, Mapping[str, Term]]
    rules: tuple[Rule, ...]
    future_cue: re.Pattern[str]
    guards: Mapping[str, Mapping[str, re.Pattern[str]]]

    def term(self, lexicon: str, phrase: str) -> Term | None:
        """The value of ``phrase`` in ``lexicon`` (e.g. ``term("weekday", "Jeudi") == 3``)."""
        return self.terms.get(lexicon, {}).get(normalize(phrase))


def normalize(phrase: str) -> str:
    """Lower-case, single-spaced, straight apostrophes, no trailing full stop."""
    return " ".join(phrase.lower().replace("’", "'").split()).rstrip(".")


def language_key(language: str) -> str:
    """``"en-GB"`` → ``"en"``."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


@cache
def lexicon_for(language: str) -> Lexicon | None:
    """The compiled lexicon for ``language``, or None when no data file exists for it."""
    key = language_key(language)
    path = DATA_DIR / f"{key}.yaml"
    if not _LANGUAGE.fullmatch(key) or not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _build(key, raw)
    except (yaml.YAMLError, re.error, KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"bad time lexicon {path}: {e}") from e


def supported_languages() -> tuple[str, ...]:
    """Language codes that have a lexicon file."""
    return tuple(sorted(p.stem for p in DATA_DIR.glob("*.yaml")))


def _build(language: str, raw: dict[str, Any]) -> Lexicon:
    terms: dict[str, dict[str, Term]] = {
        name: {normalize(str(k)): v for k, v in table.items()}
        for name, table in raw["lexicons"].items()
    }
    case_sensitive = frozenset(raw.get("case_sensitive") or ())
    alternations = {
        name: _alternation(table, name in case_sensitive) for name, table in terms.items()
    }
    alternations["num"] = rf"(?:\d{{1,3}}|{alternations.get('num', '(?!)')})"

    def expand(pattern: str) -> str:
        def one(m: re.Match[str]) -> str:
            name, second = m.group(1), m.group(2)
            if name == "apos":
                return "['’]"
            body = _BUILTIN.get(name) or alternations[name]
            return f"(?P<{name}{second}>{body})"

        return _PLACEHOLDER.sub(one, pattern)

    rules = tuple(
        Rule(
            kind=str(item["kind"]),
            regex=re.compile(rf"(?<!\w)(?:{expand(str(item['pattern']))})(?!\w)", re.IGNORECASE),
            priority=i,
            fixed={str(k): str(v) for k, v in (item.get("fixed") or {}).items()},
        )
        for i, item in enumerate(raw["rules"])
    )
    guards = {
        name: {
            normalize(str(k)): re.compile(expand(str(v)), re.IGNORECASE) for k, v in table.items()
        }
        for name, table in (raw.get("guards") or {}).items()
    }
    return Lexicon(
        language=language,
        date_order=str(raw.get("date_order", "DMY")).upper(),
        terms=terms,
        rules=rules,
        future_cue=re.compile(expand(str(raw["future_cue"])), re.IGNORECASE),
        guards=guards,
    )


def _alternation(table: Mapping[str, Term], case_sensitive: bool) -> str:
    """A regex alternation over ``table``'s phrases, longest first."""
    parts: list[str] = []
    for phrase in sorted(table, key=len, reverse=True):
        forms = [phrase[:1].upper() + phrase[1:], phrase.upper()] if case_sensitive else [phrase]
        for form in forms:
            parts.append(re.escape(form).replace(r"\ ", r"\s+").replace("'", "['’]"))
    body = "|".join(parts) or "(?!)"
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"
