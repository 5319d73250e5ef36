from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import EvalError
from sitrep.evaluate.runner import EvalResult, below_floor, flatten, run_eval, write_section


def test_flatten() -> None:
    data = {"a": {"b": 0.5, "c": True, "d": None}, "e": 3, "f": "text"}
    assert flatten(data) == {"a.b": 0.5, "e": 3.0}


def test_unknown_set() -> None:
    with pytest.raises(EvalError, match="unknown evaluation set"):
        run_eval("nope")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        run_eval("geowebnews", paths=[tmp_path / "absent.jsonl"])


def test_floors_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.evaluate import runner

    bounds = {"x": {"m": 0.5, "gone": 0.1, "bad": {"max": 0}, "_limit": 10}}
    monkeypatch.setattr(runner, "floors", lambda: bounds)
    result = EvalResult("x", (), {"m": 0.4, "bad": 2.0}, {}, 0.0)
    assert below_floor(result) == [
        "x: m = 0.4000 < floor 0.5",
        "x: metric 'gone' is missing",
        "x: bad = 2.0000 > ceiling 0",
    ]


def test_write_section_replaces_block(tmp_path: Path) -> None:
    doc = tmp_path / "accuracy.md"
    doc.write_text("# Accuracy\n\nintro\n")
    write_section(doc, "demo", "first")
    write_section(doc, "demo", "second")
    text = doc.read_text()
    assert text.count("<!-- eval:demo start -->") == 1
    assert "second" in text and "first" not in text and "intro" in text
