"""Find date and time expressions in article text and resolve them to absolute dates.

Candidates come from the per-language regex rules in :mod:`sitrep.extract.time_rules`;
the longest non-overlapping ones are resolved against the published date. ``dateparser``
is called only on explicit day-month spans ("6 January", "06/01/22"), never to scan text.

News conventions applied here (dateparser alone gets them wrong):

* a bare weekday is the most recent such day on or before the published date (the same
  weekday means that very day); with a future cue ("will", "next", "prossimo") it is the
  next one on or after it ("next Thursday": strictly after);
* a day-month without a year is the latest one no more than :data:`NEAR_FUTURE_DAYS` after
  publication, or the next one with a future cue; a weekday given with it settles the year;
* times of day and parts of the day ("at 3 p.m.", "early evening") take the date of the
  nearest day-level mention before them in the sentence (or just after, in the same
  clause), else the published date.

Without a published date, relative expressions come back unresolved (all dates None).
Spans keep articles and modifiers but not a leading preposition: "in 2021" → "2021",
"on Thursday" → "Thursday", "la semaine dernière" and "late on Tuesday" whole.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser

from sitrep.errors import ConfigError
from sitrep.extract.time_rules import Lexicon, Rule, lexicon_for, normalize
from sitrep.model import TimeRef

# Hand-picked: news that names a day-month without a year a few weeks ahead is announcing
# a schedule ("talks resume on 10 January"); further ahead it is last year's date. Re-run
# tests/extract/test_times.py after changing.
NEAR_FUTURE_DAYS = 31
# Characters before a mention searched for a future cue (stops at the sentence start).
FUTURE_CUE_WINDOW = 60
# Longest gap (characters) between a time of day and a day it is anchored to after it.
ANCHOR_AFTER_GAP = 25
# What "a few", "several", "qualche", "plusieurs" and a bare plural unit count as.
VAGUE_COUNT = 3
# Fixed base for dateparser: the year of a year-less date is chosen here, not by it.
# A leap year, so "29 February" parses.
_PARSE_BASE = dt.datetime(2000, 6, 15)
_DATE_ORDERS = ("DMY", "MDY", "YMD")
_CLAUSE_BREAK = re.compile(r"[;:,.!?()\n]")
_ANCHORED = frozenset({"hour", "pod"})
_DAY_LEVEL = frozenset({"day", "part_of_day"})
_EDGE_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’)]*\s+(?=[\"“«¿¡(]?[A-ZÀ-Ý])|\n+")
_ABBREVIATION = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,4}\.$")
_ORDINAL_MARK = re.compile(r"[°º]")
_CLOCK = re.compile(r"(\d{1,2})(?:\s*[:.h]\s*(\d\d)|(\d\d))?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


@dataclass(frozen=True, slots=True)
class _Value:
    granularity: str
    date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    published: dt.datetime | None
    lex: Lexicon
    date_order: str
    sentence_starts: tuple[int, ...]

    @property
    def ref(self) -> dt.date | None:
        return self.published.date() if self.published else None

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos)

    def future_context(self, hit: _Hit) -> bool:
        """True when a future cue precedes ``hit`` in its clause."""
        index = self.sentence_of(hit.start)
        floor = self.sentence_starts[index - 1] if index else 0
        window = self.text[max(floor, hit.start - FUTURE_CUE_WINDOW) : hit.start]
        clause = re.split(r"[,;:]", window)[-1]  # "said it will go on, which began Monday"
        return self.lex.future_cue.search(clause) is not None

    def term(self, hit: _Hit, name: str) -> str | int | None:
        """Value of group ``name`` (or ``name2``), from the rule's ``fixed`` or the lexicon."""
        if name in hit.rule.fixed:
            return hit.rule.fixed[name]
        groups = hit.match.groupdict()
        for key in (name, name + "2"):
            if groups.get(key):
                return self.lex.term(name, groups[key])
        return None


def find_times(
    text: str, *, published: dt.datetime | None, language: str, date_order: str | None = None
) -> list[TimeRef]:
    """Every date/time expression in ``text``, resolved against ``published``, in text order.

    ``date_order`` ("DMY", "MDY", "YMD") reads numeric dates such as "06/01/22"; the
    default comes from the language's lexicon. Unsupported languages give an empty list.
    Raises :class:`~sitrep.errors.ConfigError` for an unknown ``date_order``.
    """
    if date_order is not None and date_order.upper() not in _DATE_ORDERS:
        raise ConfigError(f"unknown date_order {date_order!r}; expected one of {_DATE_ORDERS}")
    lex = lexicon_for(language)
    if lex is None or not text:
        return []
    starts = tuple(m.end() for m in _SENTENCE_END.finditer(text))
    ctx = _Context(text, published, lex, (date_order or lex.date_order).upper(), starts)
    chosen: list[tuple[_Hit, _Value]] = []
    for hit in sorted(_candidates(text, lex), key=lambda h: (h.start - h.end, h.rule.priority)):
        if any(hit.start < other.end and other.start < hit.end for other, _ in chosen):
            continue
        value = _RESOLVERS[hit.rule.kind](hit, ctx)
        if value is not None:
            chosen.append((hit, value))
    chosen.sort(key=lambda pair: pair[0].start)
    return [
        TimeRef(
            text=text[hit.start : hit.end],
            start=hit.start,
            end=hit.end,
            date=value.date,
            start_date=value.start_date,
            end_date=value.end_date,
            granularity=value.granularity,
        )
        for hit, value in _anchor(chosen, ctx)
    ]


def _candidates(text: str, lex: Lexicon) -> list[_Hit]:
    hits: list[_Hit] = []
    for rule in lex.rules:
        for m in rule.regex.finditer(text):
            start, end = m.span("span") if m.groupdict().get("span") is not None else m.span()
            if text.endswith(".", start, end) and not _ABBREVIATION.search(text, start, end):
                end -= 1  # "on 10 January." – keep the dot only after "Jan." or "p.m."
            if start < end and not _guarded(m, text, lex):
                hits.append(_Hit(start, end, rule, m))
    return hits


def _guarded(m: re.Match[str], text: str, lex: Lexicon) -> bool:
    """True when a guarded phrase ("mañana" after "esta") is not the word we want."""
    for name, guards in lex.guards.items():
        phrase = m.groupdict().get(name)
        guard = guards.get(normalize(phrase)) if phrase else None
        if guard and guard.search(text[max(0, m.start(name) - 30) : m.start(name)]):
            return True
    return False


def _anchor(chosen: list[tuple[_Hit, _Value]], ctx: _Context) -> list[tuple[_Hit, _Value]]:
    """Give times of day the date of a day-level mention in their sentence.

    The nearest one before wins (not across ";"); failing that, one just after in the same clause
    ("at 3 p.m. on Tuesday"); failing that, the published date.
    """
    days = [
        (hit, value.date)
        for hit, value in chosen
        if hit.rule.kind not in _ANCHORED and value.date and value.granularity in _DAY_LEVEL
    ]
    out: list[tuple[_Hit, _Value]] = []
    for hit, value in chosen:
        if hit.rule.kind in _ANCHORED:
            sentence = ctx.sentence_of(hit.start)
            before = [
                d
                for h, d in days
                if h.end <= hit.start
                and ctx.sentence_of(h.start) == sentence
                and ";" not in ctx.text[h.end : hit.start]
            ]
            after = [
                d
                for h, d in days
                if 0 <= h.start - hit.end <= ANCHOR_AFTER_GAP
                and not _CLAUSE_BREAK.search(ctx.text, hit.end, h.start)
            ]
            value = replace(value, date=before[-1] if before else after[0] if after else ctx.ref)
        out.append((hit, value))
    return out


# --------------------------------------------------------------------------- resolvers


def _point(day: dt.date | None, granularity: str) -> _Value:
    return _Value(granularity, date=day)


def _range(first: dt.date | None, last: dt.date | None, granularity: str) -> _Value:
    return _Value(granularity, start_date=first, end_date=last)


def _relative(hit: _Hit, ctx: _Context) -> _Value | None:
    offset = ctx.term(hit, "relday")
    part = hit.match.groupdict().get("part") is not None
    if offset is None:
        offset, part = ctx.term(hit, "relpod"), True
    if not isinstance(offset, int):
        return None
    day = ctx.ref + dt.timedelta(days=offset) if ctx.ref else None
    return _point(day, "part_of_day" if part else "day")


def _weekday(hit: _Hit, ctx: _Context) -> _Value | None:
    weekday = ctx.term(hit, "weekday")
    if not isinstance(weekday, int):
        return None
    groups = hit.match.groupdict()
    part = groups.get("part") is not None or groups.get("edge") is not None
    granularity = "part_of_day" if part else "day"
    if ctx.ref is None:
        return _point(None, granularity)
    mode = {"past": "past_strict", "future": "future_strict"}.get(str(ctx.term(hit, "wdmod")), "")
    if not mode:
        mode = "future" if ctx.future_context(hit) else "past"
    return _point(weekday_date(ctx.ref, weekday, mode), granularity)


def weekday_date(ref: dt.date, weekday: int, mode: str) -> dt.date:
    """The ``weekday`` (0 = Monday) meant relative to ``ref``.

    ``mode``: "past" most recent on or before ``ref``; "future" next on or after it;
    "past_strict" / "future_strict" never ``ref`` itself ("last Thursday", "next Thursday").
    """
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if mode == "past_strict":
        return ref - dt.timedelta(days=back or 7)
    if mode == "future_strict":
        return ref + dt.timedelta(days=ahead or 7)
    if mode == "future":
        return ref + dt.timedelta(days=ahead)
    return ref - dt.timedelta(days=back)


def _count_unit(hit: _Hit, ctx: _Context) -> tuple[int, str] | None:
    unit = ctx.term(hit, "unit")
    if not isinstance(unit, str):
        return None
    groups = hit.match.groupdict()
    raw = groups.get("num") or groups.get("num2")
    count: str | int | None = int(raw) if raw and raw.isdigit() else ctx.term(hit, "num")
    if count is None:
        count = VAGUE_COUNT if unit.endswith("s") else 1
    elif count == "few":
        count = VAGUE_COUNT
    if not isinstance(count, int) or count <= 0:
        return None
    return count, unit.rstrip("s")


def _before(published: dt.datetime, unit: str, count: int) -> dt.date:
    """The date ``count`` ``unit``s before ``published``."""
    if unit == "hour":
        return (published - dt.timedelta(hours=count)).date()
    ref = published.date()
    if unit in ("day", "week"):
        return ref - dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = count * (12 if unit == "year" else 1)
    return add_months(ref, -months)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``, clamped to the end of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _ago(hit: _Hit, ctx: _Context) -> _Value | None:
    found = _count_unit(hit, ctx)
    if found is None:
        return None
    count, unit = found
    return _point(_before(ctx.published, unit, count) if ctx.published else None, unit)


def _past_span(hit: _Hit, ctx: _Context) -> _Value | None:
    found = _count_unit(hit, ctx)
    if found is None:
        return None
    count, unit = found
    if ctx.published is None:
        return _range(None, None, unit)
    return _range(_before(ctx.published, unit, count), ctx.published.date(), unit)


def _calendar(hit: _Hit, ctx: _Context) -> _Value | None:
    unit, mod = ctx.term(hit, "unit"), ctx.term(hit, "calmod")
    if not isinstance(unit, str) or unit.rstrip("s") not in ("week", "month", "year"):
        return None
    if not isinstance(mod, str):
        return None
    unit = unit.rstrip("s")
    if ctx.ref is None:
        return _range(None, None, unit)
    shift = {"last": -1, "next": 1}.get(mod, 0)
    first, last = period(ctx.ref, unit, shift)
    if mod == "earlier":
        last = ctx.ref
    elif mod == "later":
        first = ctx.ref
    return _range(first, last, unit)


def period(ref: dt.date, unit: str, shift: int = 0) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar week/month/year ``shift`` periods from ``ref``."""
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        first = add_months(ref.replace(day=1), shift)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31)


def _month(hit: _Hit, ctx: _Context) -> _Value | None:
    month = ctx.term(hit, "month")
    if not isinstance(month, int):
        return None
    groups = hit.match.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
    elif ctx.ref is None:
        return _range(None, None, "month")
    else:
        mode = str(ctx.term(hit, "wdmod") or "none")
        if mode == "none" and ctx.future_context(hit):
            mode = "upcoming"
        year = month_year(month, ctx.ref, mode)
    last_day = calendar.monthrange(year, month)[1]
    low, high = _EDGE_DAYS.get(str(ctx.term(hit, "edge")), (1, 31))
    return _range(dt.date(year, month, low), dt.date(year, month, min(high, last_day)), "month")


def month_year(month: int, ref: dt.date, mode: str) -> int:
    """The year of a year-less ``month`` mentioned on ``ref``.

    ``mode``: "past" ("last March") strictly before ``ref``'s month; "future" ("next March")
    strictly after; "upcoming" (a future cue) on or after; otherwise the latest one starting
    no more than :data:`NEAR_FUTURE_DAYS` after ``ref``.
    """
    first, current = dt.date(ref.year, month, 1), ref.replace(day=1)
    if mode == "past":
        return ref.year - (first >= current)
    if mode == "future":
        return ref.year + (first <= current)
    if mode == "upcoming":
        return ref.year + (first < current)
    return ref.year - (first > ref + dt.timedelta(days=NEAR_FUTURE_DAYS))


@lru_cache(maxsize=4096)
def _dateparse(span: str, language: str, date_order: str) -> dt.date | None:
    """dateparser on one candidate span; cached, so only the span text matters."""
    settings = {
        "RELATIVE_BASE": _PARSE_BASE,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": date_order,
        "REQUIRE_PARTS": ["day", "month"],
    }
    parsed = dateparser.parse(span, languages=[language], settings=settings)
    return parsed.date() if parsed else None


def _date(hit: _Hit, ctx: _Context) -> _Value | None:
    groups = hit.match.groupdict()
    core_start = min(hit.match.start(g) for g in ("day", "mon") if groups.get(g))
    core = _ORDINAL_MARK.sub("", ctx.text[core_start : hit.end])
    parsed = _dateparse(core, ctx.lex.language, ctx.date_order)
    if parsed is None:
        return None
    granularity = "part_of_day" if groups.get("part") else "day"
    if groups.get("year"):
        return _point(parsed, granularity)
    if ctx.ref is None:
        return _point(None, granularity)
    weekday = ctx.term(hit, "weekday")
    future = ctx.future_context(hit)
    return _point(infer_year(parsed, ctx.ref, future=future, weekday=weekday), granularity)


def infer_year(
    parsed: dt.date, ref: dt.date, *, future: bool, weekday: int | str | None
) -> dt.date | None:
    """Put ``parsed``'s month and day in the year a news report published on ``ref`` means."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if parsed.month == 2 and parsed.day == 29 and not calendar.isleap(year):
            continue
        options.append(dt.date(year, parsed.month, parsed.day))
    if not options:
        return None
    if isinstance(weekday, int):
        matching = [d for d in options if d.weekday() == weekday]
        if matching:
            return min(matching, key=lambda d: abs(d - ref))
    if future:
        later = [d for d in options if d >= ref]
        return later[0] if later else options[-1]
    horizon = ref + dt.timedelta(days=NEAR_FUTURE_DAYS)
    earlier = [d for d in options if d <= horizon]
    return earlier[-1] if earlier else options[0]


def _numeric(hit: _Hit, ctx: _Context) -> _Value | None:
    span = ctx.text[hit.start : hit.end]
    m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d\d)", span)
    if m:  # two-digit year: 00-69 → 2000s, else 1900s (dateparser's "past" picks 1922)
        yy = int(m.group(4))
        span = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)}{(2000 if yy < 70 else 1900) + yy}"
    order = "YMD" if re.match(r"\d{4}", span) else ctx.date_order
    parsed = _dateparse(span, ctx.lex.language, order)
    return _point(parsed, "day") if parsed else None


def _year(hit: _Hit, ctx: _Context) -> _Value | None:
    year = int(hit.match.group("year"))
    latest = ctx.ref.year + 30 if ctx.ref else 2100
    if not 1900 <= year <= latest:
        return None
    return _range(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _hour(hit: _Hit, ctx: _Context) -> _Value | None:
    span = ctx.text[hit.start : hit.end]
    m = _CLOCK.search(span)
    if m:
        hour = int(m.group(1))
        minute = int(m.group(2) or m.group(3) or 0)
        meridiem = re.search(r"\b[ap]\.?m\b", span, re.IGNORECASE)
        if hour > 24 or minute > 59 or (meridiem and not 1 <= hour <= 12):
            return None
    return _Value("hour")


def _pod(hit: _Hit, ctx: _Context) -> _Value | None:
    return _Value("part_of_day")


_RESOLVERS: dict[str, Callable[[_Hit, _Context], _Value | None]] = {
    "relative": _relative,
    "weekday": _weekday,
    "ago": _ago,
    "past_span": _past_span,
    "calendar": _calendar,
    "month": _month,
    "date": _date,
    "numeric": _numeric,
    "year": _year,
    "hour": _hour,
    "pod": _pod,
}

# The ``kind`` values a lexicon rule may use.
RULE_KINDS = frozenset(_RESOLVERS)
