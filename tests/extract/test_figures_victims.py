"""Figures: victims the counted-noun lexicon does not list, and singular victims."""

from __future__ import annotations

import pytest

from tests.extract.test_figures import run, summary


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a plural noun outside the lexicon counts when it is the victim of a casualty cue
        ("Six jesuits were assassinated on 16 November.", [("killed", 6, None, None)]),
        ("He condemned the murder of three agronomists near the border.",
         [("killed", 3, None, None)]),
        # the noun governing the count decides, not a relative clause describing it
        ("The death of four students who had been kidnapped was confirmed.",
         [("killed", 4, None, None)]),
        # singular victims: "<verb> to death", an age apposition, a relative clause
        ("Former mayor Pablo Ruiz, 45, was shot to death by unidentified men today.",
         [("killed", 1, None, None)]),
        ("The judge, who was murdered on Friday in the capital, had received threats.",
         [("killed", 1, None, None)]),
        ("The gunmen killed the senator and his companion.", [("killed", 2, None, None)]),
    ],
)  # fmt: skip
def test_english_victims(text: str, expected: list[tuple[object, ...]]) -> None:
    assert summary(run(text, "en")) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Two bombs exploded in the market.",
        "They fired six rounds at the building.",
    ],
)
def test_plural_objects_are_not_victims(text: str) -> None:
    assert [f for f in run(text, "en") if f.kind in ("killed", "injured")] == []
