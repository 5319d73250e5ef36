"""Score ACLED sub-event typing on CASE 2021 Task 2 jsonl (``id, text, label, label_group``).

Each snippet runs through the English pipeline with events; :func:`sitrep.events.acled.acled_type`
maps its events and lexical cues to an ACLED type. Subtask 1: snippets labelled with one of
the 25 ACLED types, predictions restricted to those 25. All 30: every snippet, predictions
over all 30 types. A snippet with no prediction counts as a miss (``unmapped`` share).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.evaluate.event_metrics import Averages, averages, events_nlp, read_jsonl
from sitrep.events.acled import acled_map, acled_type


@dataclass(frozen=True, slots=True)
class CaseScores:
    """CASE 2021 Task 2 scores."""

    snippets: int
    subtask1: Averages
    all30: Averages
    unmapped_subtask1: float
    unmapped_all30: float
    ms_per_snippet: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "snippets": self.snippets,
            "subtask1": self.subtask1.to_dict(),
            "all30": self.all30.to_dict(),
            "unmapped_subtask1": round(self.unmapped_subtask1, 4),
            "unmapped_all30": round(self.unmapped_all30, 4),
            "ms_per_snippet": round(self.ms_per_snippet, 2),
        }


def score_case2021(path: Path, *, limit: int | None = None) -> CaseScores:
    """Run the coder over ``path`` and score ACLED types (see the module docstring)."""
    table = acled_map()
    records = list(read_jsonl(path, limit=limit))
    nlp = events_nlp("en")
    started = time.perf_counter()
    docs = list(nlp.pipe(r["text"] for r in records))
    elapsed = time.perf_counter() - started
    gold = [str(r["label"]) for r in records]
    pred_all = [acled_type(d._.events or [], d.text) for d in docs]
    seen = [i for i, g in enumerate(gold) if g in table.seen]
    gold_seen = [gold[i] for i in seen]
    pred_seen = [acled_type(docs[i]._.events or [], docs[i].text, seen_only=True) for i in seen]
    return CaseScores(
        snippets=len(records),
        subtask1=averages(gold_seen, pred_seen, table.seen),
        all30=averages(gold, pred_all, table.types),
        unmapped_subtask1=sum(p is None for p in pred_seen) / len(seen) if seen else 0.0,
        unmapped_all30=sum(p is None for p in pred_all) / len(gold) if gold else 0.0,
        ms_per_snippet=1000 * elapsed / len(records) if records else 0.0,
    )
