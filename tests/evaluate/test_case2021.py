"""CASE 2021 scorer on a tiny file in its format (own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate.case2021 import score_case2021

ROWS = [
    {
        "id": 1,
        "text": "Police arrested twelve students in the northern town.",
        "label": "ARREST",
        "label_group": "acled_seen",
    },
    {
        "id": 2,
        "text": "A strong earthquake struck the coastal region.",
        "label": "NATURAL_DISASTER",
        "label_group": "unseen_subtask2",
    },
    {
        "id": 3,
        "text": "Thousands of nurses staged a peaceful march downtown.",
        "label": "PEACE_PROTEST",
        "label_group": "acled_seen",
    },
]


@pytest.mark.slow
def test_score_case2021(tmp_path: Path) -> None:
    path = tmp_path / "case.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    scores = score_case2021(path).to_dict()
    assert scores["snippets"] == 3
    assert scores["subtask1"]["micro"]["tp"] == 2
    assert scores["all30"]["macro_f1"] > 0.5
    assert score_case2021(path, limit=1).snippets == 1
