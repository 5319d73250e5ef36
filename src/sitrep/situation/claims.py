"""From an extracted figure to a claim: who it counts, where, and which party stands behind it.

A claim keeps the figure's value, range, certainty and provenance, and adds what series
reconciliation needs: the counted group in a fixed vocabulary (``security``, ``troops``,
``people``…), the series' place (a town, or None for the whole country), and the *party*:
the independent source behind the number. Every body of one government speaks for that
government (the Interior Ministry and the President's office are one party, so a later
number from either revises the earlier); an international body or an agency is its own
party; a number nobody is cited for belongs to the outlet that printed it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from sitrep.model import Article, Claim, Evidence, Figure

STATE_ROLES = frozenset({"GOV", "COP", "JUD", "MIL", "LEG"})
SERIES_KIND = {"arrested": "detained"}  # reports use both words for one count
WHO_WINDOW = 60  # characters after the number searched when the counted noun is generic
PRONOUNS = frozenset(
    [
        "it",
        "he",
        "she",
        "they",
        "this",
        "that",
        "il",
        "elle",
        "lui",
        "ellos",
        "ella",
        "esso",
        "essa",
        "egli",
    ]
)
LEADING_ARTICLE = re.compile(r"^(?:(?:the|a|an|la|le|les|il|lo|el|los|las)\s+|l['’]\s*)", re.I)
# more articles, dropped only when what follows is a generic source ("i residenti", "des
# témoins"): as a rule they would eat real names ("UN officials", "Des Browne", "Una Mullally")
ALIAS_ARTICLE = re.compile(r"^(?:i|gli|un|una|uno|une|des|unos|unas)\s+")
# what may follow a generic source's words and leave it generic: "witnesses in Almaty",
# "state television, quoting", "state TV channel Khabar"; not "Doctors Without Borders"
ALIAS_TAIL = re.compile(
    r"[,(]|(?:in|at|on|near|from|channel|cited|quoted|said|who|that|en|a|à|au|de|del|dei|di|da|près)\b"
)


@dataclass(frozen=True, slots=True)
class Groups:
    """The counted-group vocabulary of ``data/situation/groups.yaml``, one pattern per group."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    labels: dict[str, str]
    generic: tuple[str, ...]


def _pattern(terms: list[str]) -> re.Pattern[str]:
    """Any of ``terms`` at the start of a word (or after a quote mark)."""
    words = "|".join(re.escape(str(t).lower()) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s\"])(?:{words})")


@functools.cache
def groups() -> Groups:
    path = resources.files("sitrep").joinpath("data/situation/groups.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    generic = tuple(str(t).lower() for t in data.pop("generic"))
    patterns = tuple((name, _pattern(spec["terms"])) for name, spec in data.items())
    labels = {name: str(spec["label"]) for name, spec in data.items()} | {"people": "people"}
    return Groups(patterns, labels, generic)


def _find_group(text: str, table: Groups) -> str | None:
    lowered = text.lower()
    for name, pattern in table.patterns:
        if pattern.search(lowered):
            return name
    return None


def counted_group(figure: Figure, article_text: str) -> str:
    """The group a figure counts: a name from groups.yaml, ``people``, or its own noun.

    A specific noun outside the vocabulary ("chairman") keeps its own series rather than
    joining the crowd counted as ``people``.
    """
    table = groups()
    who = (figure.who or "").strip().strip('"').lower()
    found = _find_group(who, table) if who else None
    if found:
        return found
    if not who or any(who.startswith(g) for g in table.generic):
        window = article_text[figure.end : figure.end + WHO_WINDOW]
        window = re.split(r"[.;:!?]", window, maxsplit=1)[0]
        return _find_group(window, table) or "people"
    return who


def group_label(group: str) -> str:
    return groups().labels.get(group, group)


def series_place(figure: Figure, country_names: frozenset[str]) -> str | None:
    """A figure's series place: None for a whole country, or for a deployment."""
    if figure.kind == "deployed" or figure.place is None or figure.place in country_names:
        return None
    return figure.place


def _clean_source(source: str) -> str:
    return LEADING_ARTICLE.sub("", source.strip()).strip().lower()


@functools.cache
def _source_aliases() -> tuple[tuple[str, str], ...]:
    """(term, party name) of ``data/situation/sources.yaml``, longest term first."""
    path = resources.files("sitrep").joinpath("data/situation/sources.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = [(str(t).lower(), str(name)) for name, terms in entries.items() for t in terms]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@functools.lru_cache(maxsize=8192)
def source_name(source: str) -> str:
    """One name for a generic source however it is worded: "la televisión estatal" and
    "state TV" -> ``state television`` (``data/situation/sources.yaml``); others unchanged."""
    cleaned = _clean_source(source)
    for candidate in dict.fromkeys((cleaned, ALIAS_ARTICLE.sub("", cleaned))):
        for term, name in _source_aliases():
            if candidate == term:
                return name
            rest = candidate[len(term) :]
            if candidate.startswith(term) and rest[:1] in " ,(" and ALIAS_TAIL.match(rest.lstrip()):
                return name
    return cleaned


def party_of(figure: Figure, outlet: str | None) -> str:
    """The independent source behind a figure (see the module docstring)."""
    code = figure.source_actor or ""
    if len(code) >= 6 and code[3:6] in STATE_ROLES:
        return f"gov:{code[:3]}"
    if code.startswith("IGO") and len(code) > 3:
        return f"igo:{code[3:]}"
    source = source_name(figure.source or "")
    if not source or source in PRONOUNS or any(ch.isdigit() for ch in source):
        return f"outlet:{outlet or 'unknown'}"
    if outlet and source == outlet.lower():
        return f"outlet:{outlet}"
    return f"source:{source}"


def evidence_of(article: Article, start: int, end: int, text: str) -> Evidence:
    return Evidence(
        article_id=article.id,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        text=text,
        start=start,
        end=end,
    )


def claim_of(
    figure: Figure,
    article: Article,
    *,
    country_names: frozenset[str] = frozenset(),
    outlet: str | None = None,
) -> Claim:
    """The claim one article makes with one extracted figure.

    ``outlet`` is the outlet the claim counts for when it is not the article's own (a copy
    counts for its original's outlet).
    """
    return Claim(
        kind=SERIES_KIND.get(figure.kind, figure.kind),
        value=figure.value,
        min=figure.min,
        max=figure.max,
        approximate=figure.approximate,
        who=counted_group(figure, article.text),
        place=series_place(figure, country_names),
        as_of=figure.as_of,
        source=figure.source,
        party=party_of(figure, outlet or article.outlet),
        certainty=figure.certainty,
        negated=figure.negated,
        opinion=figure.opinion,
        evidence=evidence_of(article, figure.start, figure.end, figure.text),
    )


def claim_number(claim: Claim) -> str:
    """A claim's number as a reader writes it: "7,939", "more than 3,000", "20–99"."""
    if claim.value is not None:
        return f"{claim.value:,}"
    low = claim.min or 0
    if claim.max is None:
        return f"more than {low - 1:,}" if (low - 1) % 10 == 0 else f"at least {low:,}"
    return f"{low:,}–{claim.max:,}"


def evidence_time(evidence: Evidence) -> tuple[bool, float]:
    """Sort key: earliest publication first, undated last."""
    published = evidence.published
    return published is None, published.timestamp() if published else 0.0


def independent_outlets(
    evidence: Iterable[Evidence], copies: Mapping[str, str | None]
) -> frozenset[str]:
    """The outlets behind ``evidence``, a near-duplicate copy counting as the outlet of the
    article it copies (``copies``: copy id -> that outlet); an article without an outlet is
    its own."""
    return frozenset(copies.get(e.article_id) or e.outlet or e.article_id for e in evidence)
