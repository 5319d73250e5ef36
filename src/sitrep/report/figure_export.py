"""Export every figure claim of every story, with its series and revision history.

One row per claim: the story and series it belongs to, the number (value or range), who
says it (source and party), certainty, dates, and provenance (article, span, outlet, URL).
``revised_from`` holds the party's previous number when this claim revised it, and
``withdrawn`` is true when a later retraction withdrew this claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from sitrep.model import Situation
from sitrep.report.exports import ExportError, write_csv, write_jsonl, write_parquet

FIGURE_FORMATS = ("csv", "jsonl", "parquet")
FIGURE_COLUMNS = [
    "story_id", "series", "kind", "who", "place", "value", "min", "max", "approximate", "party",
    "source", "certainty", "negated", "as_of", "published", "revised_from", "withdrawn",
    "article_id", "start", "end", "outlet", "url", "text",
]  # fmt: skip


def figure_records(situations: Iterable[Situation]) -> list[dict[str, Any]]:
    """Rows for :data:`FIGURE_COLUMNS`, stories in order, claims in report order."""
    rows = []
    for situation in situations:
        for series in situation.series:
            revised = {
                (r.after.evidence.article_id, r.after.evidence.start): r.before
                for r in series.revisions
                if not r.withdrawn
            }
            withdrawn = {
                (r.before.evidence.article_id, r.before.evidence.start)
                for r in series.revisions
                if r.withdrawn
            }
            for claim in series.claims:
                key = (claim.evidence.article_id, claim.evidence.start)
                before = revised.get(key)
                published = claim.evidence.published
                rows.append(
                    {
                        "story_id": situation.story.id,
                        "series": series.key,
                        "kind": claim.kind,
                        "who": claim.who,
                        "place": claim.place,
                        "value": claim.value,
                        "min": claim.min,
                        "max": claim.max,
                        "approximate": claim.approximate,
                        "party": claim.party,
                        "source": claim.source,
                        "certainty": claim.certainty,
                        "negated": claim.negated,
                        "as_of": claim.as_of.isoformat() if claim.as_of else None,
                        "published": published.isoformat() if published else None,
                        "revised_from": before.low if before is not None else None,
                        "withdrawn": key in withdrawn,
                        "article_id": claim.evidence.article_id,
                        "start": claim.evidence.start,
                        "end": claim.evidence.end,
                        "outlet": claim.evidence.outlet,
                        "url": claim.evidence.url,
                        "text": claim.evidence.text,
                    }
                )
    return rows


def export_figures(situations: Iterable[Situation], fmt: str, out: IO[Any]) -> int:
    """Write every claim of ``situations`` to ``out`` (binary for parquet); returns the count."""
    if fmt not in FIGURE_FORMATS:
        raise ExportError(
            f"unknown figures export format {fmt!r} (choose from {', '.join(FIGURE_FORMATS)})"
        )
    records = figure_records(situations)
    if fmt == "csv":
        write_csv(records, FIGURE_COLUMNS, out)
    elif fmt == "jsonl":
        write_jsonl(records, out)
    else:
        write_parquet(records, FIGURE_COLUMNS, out)
    return len(records)
