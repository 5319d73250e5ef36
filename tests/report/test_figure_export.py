"""Figure claims export: one row per claim with series, revision and withdrawal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep.model import Situation, Story
from sitrep.report.exports import ExportError
from sitrep.report.figure_export import FIGURE_COLUMNS, export_figures
from sitrep.situation.series import build_series
from tests.situation.helpers import claim

STORY = Story("st-1", "T", ("KAZ",), dt.date(2022, 1, 2), dt.date(2022, 1, 15), ("a1",), ("x",), 1)


def _situation() -> Situation:
    claims = [
        claim(18, article="a1", day=7),
        claim(19, article="a2", day=15),
        claim(164, who="people", party="source:tv", article="a3", day=9),
        claim(164, who="people", party="source:tv", article="a4", day=10, certainty="retracted"),
    ]
    series = tuple(build_series(claims, originals={}))
    return Situation(story=STORY, series=series, events=(), reactions=(), opinions=())


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_rows_carry_revisions_and_withdrawals(fmt: str) -> None:
    out = io.StringIO()
    assert export_figures([_situation()], fmt, out) == 4
    text = out.getvalue()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == FIGURE_COLUMNS
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    by_article = {r["article_id"]: r for r in rows}
    assert str(by_article["a2"]["revised_from"]) == "18"
    assert str(by_article["a3"]["withdrawn"]).lower() == "true"
    assert str(by_article["a1"]["withdrawn"]).lower() == "false"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ExportError, match="gdelt"):
        export_figures([_situation()], "gdelt", io.StringIO())
