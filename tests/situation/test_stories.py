"""Incremental story grouping with a fake embedder and the in-memory store."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from sitrep.model import Actor, Article, Extraction, Place
from sitrep.settings import StorySettings
from sitrep.situation.stories import assign_article, entity_similarity, story_countries
from sitrep.store import MemoryStore

TOPICS = ("protest", "football", "gadget")


class TopicEmbedder:
    """One dimension per topic word: texts sharing a topic word are similar."""

    dim = len(TOPICS)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = []
        for text in texts:
            row = np.array([float(t in text.lower()) for t in TOPICS], dtype=np.float32) + 0.01
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32)


def _article(key: str, title: str, day: int, *, duplicate_of: str | None = None) -> Article:
    published = dt.datetime(2022, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)
    outlet = f"{key}.example"
    return Article(id=key * 8, text=title, title=title, published=published, outlet=outlet,
                   duplicate_of=duplicate_of)  # fmt: skip


def _extraction(article: Article, country: str, city: int | None = None) -> Extraction:
    places = [Place(country, 0, 3, 1, country, country, None, 0.0, 0.0, "country")]
    if city is not None:
        places.append(Place("city", 0, 4, city, "City", country, None, 1.0, 1.0, "city"))
    actors = [Actor("gov", 0, 3, "government", country, "GOV", code=f"{country}GOV")]
    return Extraction(article.id, "test", "en", True, actors=tuple(actors), places=tuple(places))


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


SETTINGS = StorySettings()


def _assign(store: MemoryStore, article: Article, country: str, city: int | None = None) -> str:
    store.put_article(article, signature=b"")
    result = assign_article(article, _extraction(article, country, city), store=store,
                            settings=SETTINGS, embedder=TopicEmbedder())  # fmt: skip
    return result.story_id


def test_related_reports_share_a_story_and_unrelated_ones_do_not(store: MemoryStore) -> None:
    first = _assign(store, _article("a", "Protest in the capital", 0), "KAZ", 1)
    second = _assign(store, _article("b", "Protest spreads", 1), "KAZ", 1)
    other = _assign(store, _article("c", "Football: late header", 1), "GBR")
    assert first == second != other
    assert len(store.story_states()) == 2


def test_a_report_in_another_language_joins_through_shared_places(store: MemoryStore) -> None:
    first = _assign(store, _article("a", "Protest in the capital", 0), "KAZ", 1)
    # No topic word in common (another language), same country and city.
    second = _assign(store, _article("b", "Manifestazione nella capitale", 1), "KAZ", 1)
    assert first == second


def test_a_copy_joins_its_original_and_counts_once(store: MemoryStore) -> None:
    original = _article("a", "Protest in the capital", 0)
    first = _assign(store, original, "KAZ", 1)
    size = store.story_state(first).size
    copy = _assign(store, _article("b", "Football gadget", 0, duplicate_of=original.id), "GBR")
    assert copy == first
    assert store.story_state(first).size == size


def test_assignment_is_idempotent(store: MemoryStore) -> None:
    article = _article("a", "Protest", 0)
    first = _assign(store, article, "KAZ", 1)
    again = assign_article(article, _extraction(article, "KAZ", 1), store=store,
                           settings=SETTINGS, embedder=TopicEmbedder())  # fmt: skip
    assert again.story_id == first and not again.created
    assert store.story_articles(first) == [article.id]


def test_stories_outside_the_time_window_are_not_candidates(store: MemoryStore) -> None:
    first = _assign(store, _article("a", "Protest in the capital", 0), "KAZ", 1)
    later = _assign(store, _article("b", "Protest in the capital", 60), "KAZ", 1)
    assert later != first


def test_story_span_and_countries_follow_its_articles(store: MemoryStore) -> None:
    story = _assign(store, _article("a", "Protest", 3), "KAZ", 1)
    _assign(store, _article("b", "Protest again", 1), "KAZ", 1)
    state = store.story_state(story)
    assert (state.first_seen, state.last_seen) == ("2022-01-02", "2022-01-04")
    assert story_countries(state.features) == ("KAZ",)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ({"c:KAZ": 3}, {"c:KAZ": 5}, 0.99, 1.01),
        ({"c:KAZ": 1}, {"c:GBR": 1}, -0.01, 0.01),
        ({"c:KAZ": 1, "p:1": 1}, {"c:KAZ": 1, "p:2": 1}, 0.2, 0.5),
        ({}, {"c:KAZ": 1}, -0.01, 0.01),
    ],
)
def test_entity_similarity(a: dict[str, int], b: dict[str, int], low: float, high: float) -> None:
    assert low <= entity_similarity(a, b) <= high
    assert entity_similarity(a, b) == pytest.approx(entity_similarity(b, a))


class RacingStore(MemoryStore):
    """Another process folds an article into the story between our read and our write."""

    def __init__(self, intruder: Article, country: str) -> None:
        super().__init__()
        self.intruder = intruder
        self.country = country
        self.raced = False

    def assign_story(self, state, article_id, *, score, expected_size=None):  # type: ignore[no-untyped-def]
        if not self.raced and expected_size:
            self.raced = True
            other = MemoryStore.story_state(self, state.id)
            MemoryStore.assign_story(
                self, dataclasses.replace(other, size=other.size + 1), self.intruder.id,
                score=1.0, expected_size=other.size,
            )  # fmt: skip
        return MemoryStore.assign_story(
            self, state, article_id, score=score, expected_size=expected_size
        )


def test_a_concurrent_update_of_the_story_is_not_lost() -> None:
    intruder = _article("z", "Protest", 1)
    store = RacingStore(intruder, "KAZ")
    first = _assign(store, _article("a", "Protest in the capital", 0), "KAZ", 1)  # type: ignore[arg-type]
    second = _assign(store, _article("b", "Protest spreads", 1), "KAZ", 1)  # type: ignore[arg-type]
    assert store.raced and first == second
    assert store.story_state(first).size == 3  # a, the intruder, and b: nothing overwritten
    assert set(store.story_articles(first)) == {"a" * 8, "b" * 8, "z" * 8}
