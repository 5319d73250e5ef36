"""Small hand-built claims, figures and situations for situation-stage tests."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Claim, Evidence, Figure

DAY = dt.date(2022, 1, 6)


def evidence(
    article: str = "a1", *, outlet: str = "wire.example", day: int = 6, start: int = 0
) -> Evidence:
    published = dt.datetime(2022, 1, day, 12, tzinfo=dt.UTC)
    return Evidence(
        article, outlet, f"https://{outlet}/{article}", published, "18 killed", start, start + 9
    )


def claim(
    value: int | None,
    *,
    party: str = "gov:KAZ",
    kind: str = "killed",
    who: str = "security",
    article: str = "a1",
    outlet: str = "wire.example",
    day: int = 6,
    certainty: str = "official_claim",
    low: int | None = None,
    high: int | None = None,
    approximate: bool = False,
    as_of: dt.date | None = None,
    start: int = 0,
    negated: bool = False,
    opinion: bool = False,
) -> Claim:
    return Claim(
        kind=kind,
        value=value,
        min=low,
        max=high,
        approximate=approximate,
        who=who,
        place=None,
        as_of=as_of or dt.date(2022, 1, day),
        source=None,
        party=party,
        certainty=certainty,
        negated=negated,
        opinion=opinion,
        evidence=evidence(article, outlet=outlet, day=day, start=start),
    )


def figure(
    *,
    who: str | None = None,
    source: str | None = None,
    source_actor: str | None = None,
    kind: str = "killed",
    place: str | None = None,
    start: int = 0,
    end: int = 2,
) -> Figure:
    return Figure(
        kind=kind, value=18, min=None, max=None, approximate=False, who=who, place=place,
        geonameid=None, as_of=DAY, source=source, source_actor=source_actor,
        certainty="reported", negated=False, text="18", start=start, end=end,
    )  # fmt: skip
