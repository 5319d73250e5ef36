"""Smoke-test CAMEO output on the PETRARCH / UD-PETRARCH validation jsonl files.

Not an accuracy measure (the suites are program regression tests with fictional actors):
checks that every produced CAMEO code is in the codebook and that no record crashes the
coder, counts events, and reports for information how many expected events have their
2-digit CAMEO root (and their full code) among the codes produced for the sentence, and how
many events are produced on "no events" records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.evaluate.event_metrics import events_nlp, read_jsonl
from sitrep.events.verbs import codebook


@dataclass(frozen=True, slots=True)
class PetrarchScores:
    """Smoke-test counts over all given files."""

    records: int
    errors: int
    events: int
    malformed_codes: int
    well_formed_rate: float
    expected_events: int
    root_match_rate: float
    code_match_rate: float
    no_event_records: int
    events_on_no_event_records: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = round(value, 4) if isinstance(value, float) else value
        return out


def score_petrarch(paths: Path | Sequence[Path], *, limit: int | None = None) -> PetrarchScores:
    """Run the coder over every record of ``paths`` (``limit`` records per file)."""
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    nlp = events_nlp("en")
    known = codebook()
    records = errors = events = malformed = expected = roots = codes = 0
    no_event = no_event_hits = 0
    for path in files:
        for record in read_jsonl(Path(path), limit=limit):
            records += 1
            text = str(record.get("text") or "")
            try:
                produced = [e.cameo for e in nlp(text)._.events or []]
            except (ValueError, KeyError, IndexError) as error:  # counted, not raised: a smoke test
                errors += 1
                record["error"] = repr(error)
                continue
            events += len(produced)
            malformed += sum(code not in known for code in produced)
            if record.get("expect_no_events"):
                no_event += 1
                no_event_hits += len(produced)
            for item in record.get("expected_events") or ():
                want = str(item.get("event", ""))
                expected += 1
                roots += any(code[:2] == want[:2] for code in produced)
                codes += want in produced
    return PetrarchScores(
        records=records,
        errors=errors,
        events=events,
        malformed_codes=malformed,
        well_formed_rate=(events - malformed) / events if events else 1.0,
        expected_events=expected,
        root_match_rate=roots / expected if expected else 0.0,
        code_match_rate=codes / expected if expected else 0.0,
        no_event_records=no_event,
        events_on_no_event_records=no_event_hits,
    )
