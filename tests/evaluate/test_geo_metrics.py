"""Geoparsing metrics and the GeoWebNews scorer on a tiny hand-made file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from sitrep.evaluate.geo_metrics import SpanCounts, auc_of, error_stats, match_spans, overlaps
from sitrep.evaluate.geowebnews import is_toponym, load_geowebnews, score_geowebnews


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [((0, 5), (4, 8), True), ((0, 5), (5, 8), False), ((2, 3), (0, 10), True)],
)
def test_overlaps(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert overlaps(a, b) is expected


def test_span_counts_exact_and_overlap() -> None:
    gold = [(0, 5), (10, 20)]
    pred = [(0, 5), (12, 18), (30, 33)]
    exact = SpanCounts.of(gold, pred, exact=True)
    loose = SpanCounts.of(gold, pred, exact=False)
    assert (exact.true_pos, exact.precision, exact.recall) == (1, 1 / 3, 0.5)
    assert loose.true_pos == 2
    assert loose.f1 == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert (exact + loose).n_gold == 4
    assert SpanCounts().f1 == 0.0


def test_match_spans_is_one_to_one() -> None:
    assert match_spans([(0, 10), (2, 8)], [(3, 5)], exact=False) == {0}


def test_error_stats() -> None:
    stats = error_stats([0.0, 100.0, 500.0, None], [True, False])
    assert stats.n == 4 and stats.resolved == 3
    assert stats.accuracy_161 == 0.5
    assert stats.median_km == 300.0
    assert stats.id_match == 0.5
    assert 0.0 < stats.auc < 1.0


def test_auc_bounds() -> None:
    assert auc_of([0.0, 0.0]) == 0.0
    assert auc_of([20039.0, 20039.0]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("Literal", True), ("Demonym", True), ("Literal_Expression", False), ("Non_Toponym", False)],
)
def test_is_toponym(kind: str, expected: bool) -> None:
    assert is_toponym(kind) is expected


def _toponym(text: str, doc: str, kind: str, gid: int | None, lat: float | None,
             lon: float | None, status: str = "exact") -> dict[str, object]:  # fmt: skip
    start = doc.index(text)
    return {
        "start": start, "end": start + len(text), "offset_status": status, "text": text,
        "type": kind, "modifier_type": None, "non_locational": False, "normalised_name": None,
        "geonames_id": gid, "lat": lat, "lon": lon,
    }  # fmt: skip


def test_score_geowebnews_tiny_file(tmp_path: Path) -> None:
    first = "Officials said the river flooded parts of Almaty and the city council met."
    second = "Moscow said the convoy reached Springfield, Illinois, late on Friday."
    rows = [
        {"doc_id": "t-0", "title": "a", "url": None, "text": first, "toponyms": [
            _toponym("Almaty", first, "Literal", 1526384, 43.25, 76.91),
            _toponym("city", first, "Literal_Expression", None, None, None),
            _toponym("river", first, "Literal", None, 1.0, 1.0, status="unaligned"),
        ]},
        {"doc_id": "t-1", "title": "b", "url": None, "text": second, "toponyms": [
            _toponym("Moscow", second, "Metonymic", 524901, 55.75, 37.62),
            _toponym("Springfield", second, "Literal", 4250542, 39.80, -89.64),
            _toponym("Illinois", second, "Literal", 4896861, 40.0, -89.25),
        ]},
    ]  # fmt: skip
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [len(d["toponyms"]) for d in load_geowebnews(path)] == [2, 3]

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "GPE", "pattern": n} for n in ("Almaty", "Springfield", "Illinois")]
    )
    scores = score_geowebnews(path, nlp=nlp)
    assert scores.docs == 2
    assert scores.span_exact.n_gold == 4
    assert scores.span_exact.true_pos == 3
    assert scores.recall_by_type["Metonymic"] == 0.0
    assert scores.geocode_literal.n == 3
    assert scores.geocode_literal.accuracy_161 == 1.0
    assert scores.geocode_literal.id_match == 1.0
    assert scores.geocode_all.n == 4
    assert json.dumps(scores.to_dict())
    assert len(list(load_geowebnews(path, limit=1))) == 1
