"""Reconcile claims into figure series: history, revisions, contradictions, corroboration.

A series gathers every claim about one count, keyed by (kind, who, where), oldest report
first. Nothing is overwritten: each claim stays with its source, outlet, date and certainty.

* **revision**: a party's later standing claim whose range does not overlap its previous
  one ("the toll was raised from 164 to 225"); a retraction withdraws the latest claim
  with the retracted value, whoever made it.
* **contradiction**: two parties' standing claims about the same day whose ranges do not
  overlap, approximate numbers being read as ±10 %.
* **corroboration**: the independent outlets (a near-duplicate copy counts as its
  original's outlet) and the parties behind the series.

Opinion-passage claims are left out of series; the brief shows them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sitrep.model import Certainty, Claim, Contradiction, FigureSeries, Revision, Story
from sitrep.situation.claims import independent_outlets

NOT_STANDING = frozenset({Certainty.DENIED, Certainty.RETRACTED, Certainty.HYPOTHETICAL})
# A party's number is only revised, or contradicted, by what it asserts: not by a rumour.
NOT_ASSERTED = NOT_STANDING | {Certainty.RUMOUR}
APPROXIMATE_SLACK = 0.10  # "about 2,000" and "2,030" agree
KIND_ORDER = ("killed", "injured", "missing", "kidnapped", "detained", "released", "displaced",
              "evacuated", "deployed", "protesters", "other")  # fmt: skip
_MIN_DAY = dt.date.min


def standing(claim: Claim) -> bool:
    """A claim that asserts its number (not denied, retracted, negated or hypothetical)."""
    return claim.certainty not in NOT_STANDING and not claim.negated and claim.low is not None


def bounds(claim: Claim) -> tuple[float, float]:
    """The claim's range, widened by the slack of an approximate number."""
    low = float(claim.low or 0)
    high = float(claim.high) if claim.high is not None else float("inf")
    if claim.approximate and claim.value is not None:
        low, high = low * (1 - APPROXIMATE_SLACK), high * (1 + APPROXIMATE_SLACK)
    return low, high


def overlaps(a: Claim, b: Claim) -> bool:
    (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
    return a_low <= b_high and b_low <= a_high


def asserted(claim: Claim) -> bool:
    """A standing claim its party asserts (not a rumour), in a dated report."""
    return (
        standing(claim)
        and claim.certainty not in NOT_ASSERTED
        and claim.evidence.published is not None
    )


def _sort_key(claim: Claim) -> tuple[dt.date, str, int]:
    """Report order: the article's date and time; undated reports last."""
    published = claim.evidence.published
    if published is None:
        return dt.date.max, "", claim.evidence.start
    utc = published.astimezone(dt.UTC) if published.tzinfo else published
    return utc.date(), utc.isoformat(), claim.evidence.start


def _per_article(claims: Sequence[Claim]) -> list[Claim]:
    """Each party's number in each article: the largest, as counts only grow within a report
    (the smaller ones are earlier figures it recalls)."""
    best: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        key = (claim.evidence.article_id, claim.party)
        held = best.get(key)
        if held is None or (claim.low or 0) > (held.low or 0):
            best[key] = claim
    return sorted(best.values(), key=_sort_key)


def revisions(claims: Sequence[Claim]) -> list[Revision]:
    """Each party's changes of number between its reports, and retractions, in report order."""
    found: list[Revision] = []
    last: dict[str, Claim] = {}
    retractions = [c for c in claims if c.certainty == Certainty.RETRACTED and c.value is not None]
    counts = [c for c in claims if asserted(c)]
    if any((c.low or 0) > 1 for c in counts):  # an individual is not a revision of a crowd
        counts = [c for c in counts if c.high is None or c.high > 1]
    events = sorted([*_per_article(counts), *retractions], key=_sort_key)
    for claim in events:
        if claim.certainty == Certainty.RETRACTED and claim.value is not None:
            withdrawn = _withdrawn(last, claim)
            if withdrawn is not None:
                found.append(Revision(withdrawn.party, withdrawn, claim, withdrawn=True))
                del last[withdrawn.party]
            continue
        previous = last.get(claim.party)
        if previous is not None and not overlaps(previous, claim):
            found.append(Revision(claim.party, previous, claim))
        last[claim.party] = claim
    return found


def _withdrawn(last: Mapping[str, Claim], retraction: Claim) -> Claim | None:
    """The claim a retraction withdraws: its own party's, when a source is cited for it;
    otherwise the latest claim of anyone with the retracted value."""
    if not retraction.party.startswith("outlet:"):
        own = last.get(retraction.party)
        return own if own is not None and own.value == retraction.value else None
    matches = [c for c in last.values() if c.value == retraction.value]
    return max(matches, key=_sort_key) if matches else None


def latest_by_party(claims: Sequence[Claim]) -> list[Claim]:
    """Each party's newest number it asserts (its largest in that report; rumours aside),
    unless that number was withdrawn. An undated report counts only for a party with no
    dated one."""
    retractions = [c for c in claims if c.certainty == Certainty.RETRACTED and c.value is not None]
    counts = [c for c in claims if standing(c) and c.certainty not in NOT_ASSERTED]
    last: dict[str, Claim] = {}
    for claim in sorted([*_per_article(counts), *retractions], key=_sort_key):
        if claim.certainty == Certainty.RETRACTED and claim.value is not None:
            withdrawn = _withdrawn(last, claim)
            if withdrawn is not None:
                del last[withdrawn.party]
        elif standing(claim) and (claim.evidence.published or claim.party not in last):
            last[claim.party] = claim
    return sorted(last.values(), key=_sort_key)


def contradictions(claims: Sequence[Claim]) -> list[Contradiction]:
    """Pairs of parties disagreeing about the same day (one pair per day and parties)."""
    found: dict[tuple[dt.date, str, str], Contradiction] = {}
    by_day: dict[dt.date, list[Claim]] = {}
    for claim in _per_article([c for c in claims if asserted(c)]):
        if claim.as_of is not None:
            by_day.setdefault(claim.as_of, []).append(claim)
    pairs = (
        (first, second)
        for same_day in by_day.values()
        for i, first in enumerate(same_day)
        for second in same_day[i + 1 :]
    )
    for first, second in pairs:
        if first.party == second.party or first.evidence.article_id == second.evidence.article_id:
            continue
        if overlaps(first, second):
            continue
        parties = sorted((first.party, second.party))
        key = (first.as_of or _MIN_DAY, parties[0], parties[1])
        official = first.party.startswith("gov:") != second.party.startswith("gov:")
        found.setdefault(key, Contradiction(first, second, official))
    return list(found.values())


def build_series(
    claims: Iterable[Claim], *, originals: Mapping[str, str | None]
) -> list[FigureSeries]:
    """Series from claims (opinion claims left out), most important kinds first.

    ``originals`` maps a copy's article id to its original's outlet (see
    :func:`sitrep.situation.claims.independent_outlets`).
    """
    groups: dict[tuple[str, str, str | None], list[Claim]] = {}
    for claim in claims:
        if not claim.opinion:
            groups.setdefault((claim.kind, claim.who, claim.place), []).append(claim)
    series = []
    for (kind, who, where), members in groups.items():
        ordered = sorted(members, key=_sort_key)
        series.append(
            FigureSeries(
                kind=kind,
                who=who,
                where=where,
                claims=tuple(ordered),
                latest=tuple(latest_by_party(ordered)),
                revisions=tuple(revisions(ordered)),
                contradictions=tuple(contradictions(ordered)),
                outlets=len(independent_outlets([c.evidence for c in ordered], originals)),
                parties=len({c.party for c in ordered}),
            )
        )
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(series, key=lambda s: (rank.get(s.kind, len(rank)), -s.outlets, s.key))


def current(series: FigureSeries) -> Claim | None:
    """The series' current number: the newest asserted claim of a government or international
    body if there is one, else the newest asserted claim of anyone."""
    asserted_claims = [c for c in series.latest if asserted(c)]
    official = [c for c in asserted_claims if c.party.startswith(("gov:", "igo:"))]
    pool = official or asserted_claims
    return max(pool, key=_sort_key) if pool else None


HISTORY_DAYS = 30  # a claim dated this long before its story began is background


def historical(claim: Claim, story: Story) -> bool:
    """A claim about an earlier time than the story ("at least 14 died in 2011")."""
    if claim.as_of is None or story.first_seen is None:
        return False
    return claim.as_of < story.first_seen - dt.timedelta(days=HISTORY_DAYS)
