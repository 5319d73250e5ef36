"""PolNeAR scoring on a tiny hand-written file in the gold format (sentences made up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate.polnear import (
    PRF,
    Roles,
    load_polnear,
    match,
    score_document,
    score_polnear,
)

TEXT = "The mayor said that the bridge collapsed. Rain fell."


def _part(text: str, fragment: str) -> dict[str, object]:
    start = text.index(fragment)
    return {"spans": [[start, start + len(fragment)]], "text": fragment}


GOLD = {
    "id": "E1",
    "kind": "Attribution",
    "source": [_part(TEXT, "The mayor")],
    "cue": [_part(TEXT, "said")],
    "content": [_part(TEXT, "that the bridge collapsed")],
}


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_match_pairs_by_cue_overlap() -> None:
    gold: list[Roles] = [{"cue": ((10, 14),)}, {"cue": ((30, 34),)}]
    pred: list[Roles] = [{"cue": ((31, 33),)}, {"cue": ((0, 4),)}]
    assert match(gold, pred) == [(1, 0)]


def test_score_document_exact_overlap_token() -> None:
    gold: list[Roles] = [{"source": ((0, 9),), "cue": ((10, 14),), "content": ((15, 40),)}]
    pred: list[Roles] = [{"source": ((4, 9),), "cue": ((10, 14),), "content": ((15, 41),)}]
    roles, total = score_document(TEXT, gold, pred)
    assert roles["cue"]["exact"].f1 == 1.0
    assert roles["source"]["exact"].f1 == 0.0
    assert roles["source"]["overlap"].f1 == 1.0
    assert roles["source"]["token"].precision == 1.0
    assert roles["source"]["token"].recall == 0.5
    assert roles["content"]["exact"].f1 == 1.0  # trailing "." is stripped
    assert total == PRF(1, 1, 1, 1)


def test_unmatched_prediction_lowers_precision() -> None:
    gold: list[Roles] = [{"cue": ((10, 14),), "content": ((15, 40),)}]
    pred: list[Roles] = [
        {"cue": ((10, 14),), "content": ((15, 40),)},
        {"cue": ((42, 46),), "content": ((0, 4),)},
    ]
    roles, total = score_document(TEXT, gold, pred)
    assert roles["cue"]["overlap"].precision == 0.5
    assert roles["cue"]["overlap"].recall == 1.0
    assert total.precision == 0.5


def test_load_rejects_malformed(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="not a PolNeAR record"):
        list(load_polnear(path))
    with pytest.raises(EvalError, match="not found"):
        list(load_polnear(tmp_path / "missing.jsonl"))


def test_load_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"text": TEXT, "attributions": []}] * 3)
    assert len(list(load_polnear(path, limit=2))) == 2


@pytest.mark.slow
def test_score_polnear_end_to_end(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"doc_id": "d1", "text": TEXT, "attributions": [GOLD]}])
    scores = score_polnear(path)
    metrics = scores.metrics()
    assert scores.docs == 1
    assert metrics["cue_exact_f1"] == 1.0
    assert metrics["source_exact_f1"] == 1.0
    assert metrics["content_overlap_f1"] == 1.0
    assert metrics["attribution_f1"] == 1.0
    assert scores.to_dict()["roles"]["cue"]["exact"]["n_gold"] == 1
