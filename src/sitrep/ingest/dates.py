"""Reading an article's published date with the outlet's conventions.

"06/01/22" is 6 January on an Italian site and June 1 on an American one. The order is
taken, in this order, from: the date itself (a part over 12), the outlet (curated table,
then its country-code domain), explicit day-month evidence in the text ("Thursday 6
January"), the language. When none decides, the date is read day-first and flagged
``ambiguous``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from dataclasses import dataclass
from importlib import resources
from zoneinfo import ZoneInfo

import dateparser
import pytz
import yaml
from babel.dates import get_month_names

from sitrep.ingest.outlet import country_of_domain

_NUMERIC = re.compile(
    r"(?<!\d)(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?!\d)"
    r"(?:[ T,]+(\d{1,2})[:.h](\d{2})(?::(\d{2}))?)?"
)
_LANG_ORDER = {
    "en": None,  # British and American usage differ: English alone settles nothing
    "zh": "YMD",
    "ja": "YMD",
    "ko": "YMD",
    "hu": "YMD",
    "lt": "YMD",
}
_MDY_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})
_YMD_COUNTRIES = frozenset({"CN", "JP", "KR", "TW", "HU", "LT", "MN"})
_EVIDENCE_LANGS = ("en", "it", "fr", "es", "de", "pt")


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A parsed published date; ``order`` is how a numeric date was read."""

    value: dt.datetime
    ambiguous: bool = False
    order: str | None = None


@dataclass(frozen=True, slots=True)
class OutletConvention:
    date_order: str | None
    country: str | None


@functools.cache
def _outlet_table() -> dict[str, OutletConvention]:
    text = resources.files("sitrep").joinpath("data/outlets.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or {}
    return {
        domain: OutletConvention(entry.get("date_order"), entry.get("country"))
        for domain, entry in raw.items()
    }


def outlet_convention(outlet: str | None) -> OutletConvention:
    """Date order and country of ``outlet`` from the curated table or its domain."""
    if outlet and outlet in _outlet_table():
        return _outlet_table()[outlet]
    country = country_of_domain(outlet)
    if country is None:
        return OutletConvention(None, None)
    if country in _MDY_COUNTRIES:
        order = "MDY"
    elif country in _YMD_COUNTRIES:
        order = "YMD"
    else:
        order = "DMY"
    return OutletConvention(order, country)


def outlet_timezone(outlet: str | None) -> dt.tzinfo:
    """The time zone for naive datelines of ``outlet``: its country's first zone, or UTC."""
    country = outlet_convention(outlet).country
    zones = pytz.country_timezones.get(country, []) if country else []
    return ZoneInfo(zones[0]) if zones else dt.UTC


@functools.cache
def _month_patterns() -> dict[int, re.Pattern[str]]:
    """Per month, a regex for "<day> <month>" / "<month> <day>" in several languages."""
    patterns: dict[int, re.Pattern[str]] = {}
    for month in range(1, 13):
        names: set[str] = set()
        for lang in _EVIDENCE_LANGS:
            for width in ("wide", "abbreviated"):
                name = str(get_month_names(width, locale=lang)[month]).rstrip(".").lower()
                if len(name) >= 3:
                    names.add(re.escape(name))
        alt = "|".join(sorted(names, key=len, reverse=True))
        patterns[month] = re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\s+(?:of\s+|de\s+)?(?:{alt})\.?\b"
            rf"|\b(?:{alt})\.?\s+(\d{{1,2}})(?!\d)",
            re.IGNORECASE,
        )
    return patterns


def mentions_day_month(text: str, day: int, month: int) -> bool:
    """True when ``text`` names ``day`` of ``month`` with a month word ("6 January")."""
    for match in _month_patterns()[month].finditer(text):
        found = match.group(1) or match.group(2)
        if found and int(found) == day:
            return True
    return False


def _order_from_evidence(text: str, a: int, b: int) -> str | None:
    dmy = 1 <= b <= 12 and mentions_day_month(text, a, b)
    mdy = 1 <= a <= 12 and mentions_day_month(text, b, a)
    if dmy != mdy:
        return "DMY" if dmy else "MDY"
    return None


def _year(value: int) -> int:
    return value + 2000 if value < 70 else value + 1900 if value < 100 else value


def _read_numeric(
    match: re.Match[str],
    *,
    convention: OutletConvention,
    language: str | None,
    text: str,
    tz: dt.tzinfo,
) -> PublishedDate | None:
    first, _sep, second, third, hour, minute, sec = match.groups()
    a, b = int(first), int(second)
    time = dt.time(int(hour or 0), int(minute or 0), int(sec or 0)) if hour else dt.time()
    if len(first) == 4:  # 2022-01-06, always year first
        order, ambiguous = "YMD", False
        year, month, day = a, b, int(third)
    else:
        c = _year(int(third))
        ambiguous = False
        if a > 12 or a == b:
            order = "DMY"
        elif b > 12:
            order = "MDY"
        else:
            outlet_order = convention.date_order if convention.date_order != "YMD" else None
            lang_order = _LANG_ORDER.get(language, "DMY") if language else None
            decided = outlet_order or _order_from_evidence(text, a, b) or lang_order
            order, ambiguous = decided or "DMY", decided is None
        year = c
        day, month = (a, b) if order == "DMY" else (b, a)
    try:
        value = dt.datetime.combine(dt.date(year, month, day), time, tzinfo=tz)
    except ValueError:
        return None
    return PublishedDate(value, ambiguous, order)


def _aware(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def read_published(
    raw: str | None,
    *,
    outlet: str | None = None,
    language: str | None = None,
    text: str = "",
) -> PublishedDate | None:
    """Parse ``raw`` into a timezone-aware datetime, or None when it holds no date."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()[:100]
    tz = outlet_timezone(outlet)
    try:
        return PublishedDate(_aware(dt.datetime.fromisoformat(raw.replace("Z", "+00:00")), tz))
    except ValueError:
        pass
    try:
        return PublishedDate(_aware(email.utils.parsedate_to_datetime(raw), tz))
    except (TypeError, ValueError, IndexError):
        pass
    convention = outlet_convention(outlet)
    match = _NUMERIC.search(raw)
    if match:
        return _read_numeric(match, convention=convention, language=language, text=text, tz=tz)
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if convention.date_order:
        settings["DATE_ORDER"] = convention.date_order
    languages = [language] if language else None
    try:
        parsed = dateparser.parse(raw, languages=languages, settings=settings)
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if parsed is None and languages:
        parsed = dateparser.parse(raw, settings=settings)
    return PublishedDate(_aware(parsed, tz)) if parsed else None
