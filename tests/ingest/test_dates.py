from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.ingest.dates import mentions_day_month, outlet_convention, read_published


@pytest.mark.parametrize(
    ("raw", "outlet", "language", "text", "expected", "ambiguous"),
    [
        ("06/01/22", "difesanotizie.it", "it", "", dt.date(2022, 1, 6), False),
        ("06/01/22", "example.com", "it", "", dt.date(2022, 1, 6), False),
        ("06/01/2022", "nytimes.com", "en", "", dt.date(2022, 6, 1), False),
        ("06/01/2022", "example.com", "en", "on Thursday 6 January", dt.date(2022, 1, 6), False),
        (
            "01/06/2022",
            "example.com",
            "en",
            "late on January 6, police",
            dt.date(2022, 1, 6),
            False,
        ),
        ("06/01/2022", "example.com", "en", "no evidence", dt.date(2022, 1, 6), True),
        ("06/01/2022", "example.com", None, "", dt.date(2022, 1, 6), True),
        ("13/01/2022", "example.com", "en", "", dt.date(2022, 1, 13), False),
        ("01/13/2022", "example.com", "en", "", dt.date(2022, 1, 13), False),
        ("2022-01-06", None, None, "", dt.date(2022, 1, 6), False),
        ("06.01.2022 14:30", "example.de", "de", "", dt.date(2022, 1, 6), False),
        ("Thu, 06 Jan 2022 10:00:00 GMT", None, "en", "", dt.date(2022, 1, 6), False),
        ("6 gennaio 2022", "example.it", "it", "", dt.date(2022, 1, 6), False),
        ("6 janvier 2022", "example.fr", "fr", "", dt.date(2022, 1, 6), False),
        ("January 6, 2022", "example.com", "en", "", dt.date(2022, 1, 6), False),
    ],
)
def test_read_published(
    raw: str,
    outlet: str | None,
    language: str | None,
    text: str,
    expected: dt.date,
    ambiguous: bool,
) -> None:
    found = read_published(raw, outlet=outlet, language=language, text=text)
    assert found is not None
    assert found.value.date() == expected
    assert found.value.tzinfo is not None
    assert found.ambiguous is ambiguous


def test_outlet_time_zone_and_time_kept() -> None:
    found = read_published("06/01/22 18:45", outlet="example.it", language="it")
    assert found is not None
    assert found.value.utcoffset() == dt.timedelta(hours=1)
    assert (found.value.hour, found.value.minute) == (18, 45)


def test_explicit_offset_wins() -> None:
    found = read_published("2022-01-06T18:00:00+06:00", outlet="example.it")
    assert found is not None
    assert found.value.utcoffset() == dt.timedelta(hours=6)


@pytest.mark.parametrize("raw", [None, "", "   ", "no date at all", "99/99/99", "31/02/2022"])
def test_no_date(raw: str | None) -> None:
    assert read_published(raw, outlet="example.it", language="it") is None


@pytest.mark.parametrize(
    ("outlet", "order"),
    [("corriere.it", "DMY"), ("example.us", "MDY"), ("apnews.com", "MDY"), ("example.com", None)],
)
def test_outlet_convention(outlet: str, order: str | None) -> None:
    assert outlet_convention(outlet).date_order == order


@pytest.mark.parametrize(
    ("text", "day", "month", "found"),
    [
        ("on Thursday 6 January troops", 6, 1, True),
        ("January 6th", 6, 1, True),
        ("giovedì 6 gennaio", 6, 1, True),
        ("le 6 janvier", 6, 1, True),
        ("el 6 de enero", 6, 1, True),
        ("Jan. 6 at noon", 6, 1, True),
        ("on 16 January", 6, 1, False),
    ],
)
def test_mentions_day_month(text: str, day: int, month: int, found: bool) -> None:
    assert mentions_day_month(text, day, month) is found


dates = st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2068, 12, 31))


@given(dates)
def test_day_first_outlet_round_trip(day: dt.date) -> None:
    raw = day.strftime("%d/%m/%y")
    found = read_published(raw, outlet="example.it", language="it")
    assert found is not None and found.value.date() == day and not found.ambiguous


@given(dates)
def test_month_first_outlet_round_trip(day: dt.date) -> None:
    raw = day.strftime("%m/%d/%Y")
    found = read_published(raw, outlet="example.us", language="en")
    assert found is not None and found.value.date() == day and not found.ambiguous


@given(dates)
def test_text_evidence_settles_english(day: dt.date) -> None:
    raw = day.strftime("%d/%m/%Y")
    text = f"Clashes broke out on {day.day} {day.strftime('%B')}, officials said."
    found = read_published(raw, outlet="example.com", language="en", text=text)
    assert found is not None and found.value.date() == day and not found.ambiguous


@settings(deadline=None)  # dateparser's first call on odd text can take >200 ms
@given(st.text(max_size=60))
def test_never_crashes(raw: str) -> None:
    found = read_published(raw, outlet="example.com", language="en")
    assert found is None or found.value.tzinfo is not None
