"""MUC-4 confidence scoring on invented miniature records (no shared eval data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from sitrep.evaluate.muc4_confidence import (
    ACCUSED,
    ACCUSED_AUTH,
    CLAIMED,
    FACT,
    LABELS,
    POSSIBLE,
    ConfidenceModel,
    ConfidenceScores,
    Item,
    fit_model,
    item_features,
    item_label,
    load_items,
    load_model,
    normalise_text,
    score_muc4_confidence,
)


def _record(doc_id: str, text: str, label: str, org: str) -> dict[str, object]:
    filler = {"optional": False, "values": [label], "ref": [org], "raw": label}
    org_filler = {"optional": False, "values": [org], "ref": None, "raw": org}
    slots = {"PERP: ORGANIZATION CONFIDENCE": [filler], "PERP: ORGANIZATION ID": [org_filler]}
    return {
        "doc_id": doc_id,
        "split": "dev",
        "text": text,
        "irrelevant": False,
        "templates": [{"template_no": "1", "slots": slots}],
    }


RECORDS = [
    _record("A", "THE RED HAND GROUP CLAIMED RESPONSIBILITY FOR THE BLAST.", CLAIMED, "RED HAND"),
    _record("B", "POLICE BLAMED THE RED HAND GROUP FOR THE BLAST.", ACCUSED_AUTH, "RED HAND"),
    _record("C", "THE RED HAND GROUP BURNED TWO BUSES YESTERDAY.", FACT, "RED HAND"),
    _record("D", "THE RED HAND GROUP MAY HAVE PLANTED THE BOMB.", POSSIBLE, "RED HAND"),
    _record("E", "UNION LEADERS BLAMED THE RED HAND GROUP FOR THE BLAST.", ACCUSED, "RED HAND"),
]


@pytest.fixture
def muc_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.jsonl"
    lines = [json.dumps(r) for r in RECORDS]
    lines.append(json.dumps({**RECORDS[0], "doc_id": "X", "irrelevant": True}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_normalise_text() -> None:
    text = "   CITY, 1 JAN 90 -- [TEXT] TWO\nBOMBS EXPLODED. POLICE SAID SO."
    assert normalise_text(text) == "City, 1 jan 90 -- two bombs exploded. Police said so."


def test_load_items_skips_irrelevant(muc_file: Path) -> None:
    items = [item for _, item in load_items(muc_file)]
    assert [i.doc_id for i in items] == ["A", "B", "C", "D", "E"]
    assert items[0].gold == frozenset({CLAIMED})
    assert items[0].refs == ("RED HAND",)
    assert len(list(load_items(muc_file, limit=2))) == 2


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: str(r["doc_id"]))
def test_item_label_on_blank_pipeline(blank: Language, record: dict[str, object]) -> None:
    doc = blank(normalise_text(str(record["text"])))
    gold = record["templates"][0]["slots"]["PERP: ORGANIZATION CONFIDENCE"][0]  # type: ignore[index]
    item = Item(str(record["doc_id"]), frozenset(gold["values"]), tuple(gold["ref"]))
    assert item_label(doc, item, []) in item.gold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two plain reports outvote one claim
        (
            "The Red Hand attacked a bus. The Red Hand fled. The Red Hand claimed responsibility.",
            FACT,
        ),
        ("The Red Hand claimed responsibility for the bombing.", CLAIMED),
        ("The Red Hand has not claimed responsibility for the bombing.", FACT),
        ("The Red Hand claimed responsibility but denied killing civilians.", CLAIMED),
    ],
)
def test_item_label_majority_and_negated_claims(blank: Language, text: str, expected: str) -> None:
    item = Item("Z", frozenset({expected}), ("RED HAND",))
    assert item_label(blank(text), item, []) == expected


def test_item_without_mention(blank: Language) -> None:
    item = Item("Z", frozenset({FACT}), ("BLUE HAND",))
    assert item_label(blank("Nothing here."), item, []) is None


def test_scores_shape() -> None:
    scores = ConfidenceScores()
    scores.add(Item("A", frozenset({FACT}), ("X",)), FACT)
    scores.add(Item("B", frozenset({POSSIBLE, FACT}), ("X",)), CLAIMED)
    assert scores.accuracy == 0.5
    metrics = scores.metrics()
    assert metrics["accuracy"] == 0.5
    assert metrics[f"accuracy.{POSSIBLE}"] == 0.0
    assert scores.to_dict()["confusion"][f"{POSSIBLE} -> {CLAIMED}"] == 1


def test_score_with_blank_pipeline(muc_file: Path, blank: Language) -> None:
    scores = score_muc4_confidence([muc_file], nlp=blank, rules_only=True)
    assert scores.items == 5
    assert scores.accuracy == 1.0


def test_score_with_packaged_model(muc_file: Path, blank: Language) -> None:
    scores = score_muc4_confidence([muc_file], nlp=blank)
    assert scores.items == 5
    assert scores.unmatched == 0
    assert set(scores.confusion) <= {f"{g} -> {p}" for g in LABELS for p in LABELS}


def test_item_features_are_general(blank: Language) -> None:
    doc = blank(normalise_text(str(RECORDS[1]["text"])))
    features = item_features(doc, Item("B", frozenset({ACCUSED_AUTH}), ("RED HAND",)), [])
    assert features is not None
    assert "f:before_accuse" in features
    assert not any("red hand" in f.lower() for f in features)
    assert item_features(doc, Item("B", frozenset({FACT}), ("BLUE HAND",)), []) is None


def test_fit_model_learns_a_cue_and_round_trips() -> None:
    rows = [(["f:after_claim", "x"], frozenset({CLAIMED}))] * 6
    rows += [(["f:before_accuse", "x"], frozenset({ACCUSED, POSSIBLE}))] * 6
    rows += [(["x"], frozenset({FACT}))] * 6
    model = fit_model(rows, l2=1.0)
    assert model.predict(["f:after_claim", "x"]) == CLAIMED
    assert model.predict(["f:before_accuse", "x"]) in {ACCUSED, POSSIBLE}
    assert model.predict(["x", "unseen"]) == FACT
    assert ConfidenceModel.from_dict(model.to_dict()).predict(["f:after_claim"]) == CLAIMED


def test_packaged_model_loads() -> None:
    model = load_model()
    assert model.labels == LABELS
    assert model.weights


@pytest.mark.slow
def test_score_with_english_pipeline(muc_file: Path) -> None:
    scores = score_muc4_confidence([muc_file])
    assert scores.items == 5
    assert scores.accuracy >= 0.6
