"""ConfliBERT PentaClass scorer on a tiny file in its format (own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate.cameo_pentaclass import score_cameo_pentaclass, span_counts

ROWS = [
    {
        "id": "t-0",
        "text": "Border guards arrested three smugglers on Tuesday.",
        "penta_class": 4,
        "source_spans": ["Border guards"],
        "target_spans": ["three smugglers"],
    },
    {"id": "t-1", "text": "The weather was mild.", "penta_class": 0, "source_spans": None},
]


def test_span_counts() -> None:
    exact, overlap = span_counts(["the army"], "The army")
    assert (exact.tp, overlap.tp) == (1, 2)
    exact, overlap = span_counts(["the army"], None)
    assert (exact.fn, overlap.fn) == (1, 2)


@pytest.mark.slow
def test_score_cameo_pentaclass(tmp_path: Path) -> None:
    path = tmp_path / "penta.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    scores = score_cameo_pentaclass(path)
    assert scores.sentences == 2
    assert scores.accuracy == 0.5  # the second sentence has no event: wrong when strict
    assert scores.accuracy_fallback == 1.0
    assert scores.to_dict()["source_overlap"]["tp"] >= 1
