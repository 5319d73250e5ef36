"""ACLED sub-event typing from cues and events (no model needed)."""

from __future__ import annotations

import pytest

from sitrep.events.acled import acled_map, acled_type
from sitrep.model import Event


def _event(cameo: str, source: str | None = None, *, negated: bool = False) -> Event:
    return Event(
        type="X",
        mode=None,
        cameo=cameo,
        quad_class=4,
        source_actor=source,
        target_actor=None,
        place=None,
        date=None,
        attributed_to=None,
        certainty="reported",
        negated=negated,
        text="",
        start=0,
        end=0,
    )


def test_map_has_25_seen_types_and_5_unseen() -> None:
    table = acled_map()
    assert len(table.seen) == 25
    assert len(table.types) == 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Riot police fired tear gas to disperse a crowd of marching teachers.",
            "FORCE_AGAINST_PROTEST",
        ),
        ("A roadside bomb hit a patrol on the coastal highway.", "REM_EXPLOS"),
        ("Hundreds of nurses held a peaceful rally outside the ministry.", "PEACE_PROTEST"),
        ("A man threw a grenade into a crowded market.", "GRENADE"),
        ("Warplanes carried out an air strike on a village overnight.", "AIR_STRIKE"),
        ("Officers recovered a cache of rifles and ammunition from a farmhouse.", "DISR_WEAP"),
        ("A strong earthquake struck the coast on Sunday.", "NATURAL_DISASTER"),
    ],
)
def test_cues(text: str, expected: str) -> None:
    assert acled_type([], text) == expected


def test_event_votes_and_roles() -> None:
    assert acled_type([_event("173", "ABCCOP")], "Something happened.") == "ARREST"
    assert acled_type([_event("192", "ABCMIL")], "The town changed hands.") == "GOV_REGAINS_TERIT"


def test_negated_events_do_not_vote() -> None:
    assert acled_type([_event("173", negated=True)], "Something happened.") is None


def test_seen_only_excludes_unseen_types() -> None:
    text = "A strong earthquake struck the coast on Sunday."
    assert acled_type([], text, seen_only=True) in {None, *acled_map().seen}
