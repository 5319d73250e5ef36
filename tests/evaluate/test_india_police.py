"""IndiaPoliceEvents scorer on a tiny document in its format (own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.evaluate.india_police import score_india_police, sentence_labels
from sitrep.model import Event

SENTS = [
    ("police arrested 14 men in the old city on friday.", ["ARREST", "ANY_ACTION"]),
    ("the market remained closed.", []),
    ("two youths were killed in police firing near the station.", ["KILL", "FORCE", "ANY_ACTION"]),
]


def _event(cameo: str, source: str | None) -> Event:
    return Event(
        "ASSAULT", None, cameo, 4, source, None, None, None, None, "reported", False, "", 0, 0
    )


def test_sentence_labels_need_police_source() -> None:
    assert sentence_labels([_event("193", "INDCOP")], "one man died") == {"FORCE", "KILL"}
    assert sentence_labels([_event("193", "INDPRO")], "one man died") == set()
    assert sentence_labels([_event("173", None)], "they were held") == {"ARREST"}
    assert sentence_labels([_event("175", "COP")], "tear gas was used") == {"FORCE"}


@pytest.mark.slow
def test_score_india_police(tmp_path: Path) -> None:
    record = {
        "doc_id": 1,
        "date": "2002-03-02",
        "url": "",
        "outlet": "x",
        "doc_labels": [],
        "text": " ".join(s for s, _ in SENTS),
        "text_encoding_repaired": " ".join(s for s, _ in SENTS),
        "sentences": [
            {"sent_id": i, "text": s, "text_encoding_repaired": s, "labels": labels}
            for i, (s, labels) in enumerate(SENTS)
        ],
    }
    path = tmp_path / "ipe.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    scores = score_india_police(path).to_dict()
    assert scores["sentences"] == 3
    assert scores["ARREST"]["tp"] == 1
    assert scores["FORCE"]["tp"] == 1
    assert scores["KILL"]["tp"] == 1
