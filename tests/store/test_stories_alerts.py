"""Stories and alerts in both stores: one assignment per article, alerts keyed, migrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.errors import NotFoundError
from sitrep.model import Alert, Article, Evidence
from sitrep.store import MemoryStore, SQLiteStore, Store, StoryState

STATE = StoryState("st-abc", "Title", b"\x00" * 8, (("c:KAZ", 2),), 1, "2022-01-02", "2022-01-03")


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    found: Store = SQLiteStore(tmp_path / "s.db") if request.param == "sqlite" else MemoryStore()
    for key in ("a1", "a2"):
        found.put_article(Article(id=key, text=f"text {key}"), signature=b"sig")
    yield found
    found.close()


def _alert(key: str, status: str) -> Alert:
    evidence = Evidence("a1", "wire.example", None, None, "text", 0, 4)
    raised = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Alert(key, "st-abc", "new_story", "New", "detail", status, 1, raised, (evidence,))


def test_an_article_is_assigned_once(store: Store) -> None:
    assert store.assign_story(STATE, "a1", score=1.0)
    assert not store.assign_story(STATE, "a1", score=0.5)
    assert store.assign_story(STATE, "a2", score=0.7)
    assert store.story_of("a1") == "st-abc"
    assert store.story_articles("st-abc") == ["a1", "a2"]
    assert store.story_state("st-a") == STATE
    assert store.story_states(active_since="2022-01-03") == [STATE]
    assert store.story_states(active_since="2022-01-04") == []


def test_unknown_story_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.story_state("st-zzz")


def test_alerts_are_keyed_and_updated_in_place(store: Store) -> None:
    store.put_alert(_alert("k1", "held"))
    store.put_alert(_alert("k2", "confirmed"))
    store.put_alert(_alert("k1", "confirmed"))
    assert [(a.key, a.status) for a in store.alerts()] == [("k1", "confirmed"), ("k2", "confirmed")]
    assert store.get_alert("k1") == _alert("k1", "confirmed")
    assert store.alerts(story_id="other") == []


def test_batch_reads_keep_the_order_given(store: Store) -> None:
    assert [a.id for a in store.get_articles(["a2", "zz", "a1"])] == ["a2", "a1"]
    assert store.get_extractions(["a1"], "none") == {}


def test_an_alert_is_recorded_once_unless_held(store: Store) -> None:
    assert store.record_alert(_alert("k1", "held"))
    assert store.record_alert(_alert("k1", "confirmed"))  # held -> confirmed
    assert not store.record_alert(_alert("k1", "confirmed"))  # a second raiser loses
    assert not store.record_alert(_alert("k1", "held"))
    assert [(a.key, a.status) for a in store.alerts()] == [("k1", "confirmed")]


def test_a_story_changed_meanwhile_is_not_overwritten(store: Store) -> None:
    from sitrep.errors import StoreConflictError

    assert store.assign_story(STATE, "a1", score=1.0, expected_size=0)
    stale = StoryState(STATE.id, STATE.title, STATE.centroid, STATE.features, 1, None, None)
    # another process folded a2 into the story first: size is now 2
    assert store.assign_story(
        StoryState(STATE.id, "T", STATE.centroid, STATE.features, 2, None, None), "a2",
        score=0.9, expected_size=1,
    )  # fmt: skip
    with pytest.raises(StoreConflictError):
        store.assign_story(stale, "a3", score=0.8, expected_size=1)
    assert store.story_of("a3") is None and store.story_state(STATE.id).size == 2
