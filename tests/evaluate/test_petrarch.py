"""PETRARCH smoke scorer on tiny files in its format (own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate.petrarch import score_petrarch

ROWS = [
    {
        "id": "a",
        "text": "Police arrested the mayor of Springfield.",
        "expected_events": [{"source": "X", "target": "Y", "event": "173"}],
        "expect_no_events": False,
    },
    {"id": "b", "text": "", "expected_events": [], "expect_no_events": True},
    {"id": "c", "text": "The weather was mild.", "expected_events": [], "expect_no_events": True},
]


@pytest.mark.slow
def test_score_petrarch(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    second.write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    scores = score_petrarch([first, second])
    assert scores.records == 4
    assert scores.errors == 0
    assert scores.malformed_codes == 0
    assert scores.root_match_rate == 1.0
    assert scores.to_dict()["events_on_no_event_records"] == 0
