from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest.draft import Draft
from sitrep.ingest.records import parse_records
from sitrep.model import RejectReason


def test_jsonl_good_and_bad_lines(fixtures: Path) -> None:
    found = list(parse_records((fixtures / "records.jsonl").read_text(), source="r", lines=True))
    drafts = [f for f in found if isinstance(f, Draft)]
    errors = [f for f in found if isinstance(f, InputError)]
    assert [d.outlet for d in drafts] == ["wire.example.org", None]
    assert drafts[0].published == "2023-02-04T08:00:00Z"
    assert [e.reason for e in errors] == [RejectReason.MALFORMED, RejectReason.NO_TEXT]
    assert "r:3" in errors[0].detail


@pytest.mark.parametrize(
    ("text", "count", "errors"),
    [
        ('{"text": "one record"}', 1, 0),
        ('[{"text": "a"}, {"text": "b"}, 3]', 2, 1),
        ("{not json", 0, 1),
        ('{"text": ["not", "a", "string"]}', 0, 1),
        ('{"text": "x", "title": {"nested": 1}}', 0, 1),
    ],
)
def test_json(text: str, count: int, errors: int) -> None:
    found = list(parse_records(text, source="r.json", lines=False))
    assert sum(isinstance(f, Draft) for f in found) == count
    assert sum(isinstance(f, InputError) for f in found) == errors
