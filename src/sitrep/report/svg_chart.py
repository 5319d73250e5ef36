"""An offline SVG step chart of one reported figure (e.g. deaths) over time, per source.

Each :class:`ChartLine` is one source or party. Its points are drawn as a step-after line
(a figure holds until the next report), ranges as a shaded band around the midpoint,
open ranges ("at least 50") as an arrowhead, withdrawn figures as an X (the line stops
there) and denials as a hollow circle (the line keeps its level).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.report.svg import PALETTE, document, esc, num, shorten, text, text_width

MARKERS = ("value", "range", "withdrawn", "denied")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_STEPS = (1, 2, 3, 7, 14, 28, 56, 91, 182, 364)
_INSET = 14.0  # pixels between the plot frame and the first / last day

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One reported figure: ``low``..``high`` (``high`` None: "at least low")."""

    day: dt.date
    low: int | None
    high: int | None
    marker: str = "value"

    def __post_init__(self) -> None:
        if self.marker not in MARKERS:
            raise ValueError(f"ChartPoint marker {self.marker!r} is not one of {MARKERS}")
        if (self.low or 0) < 0 or (self.high or 0) < 0:
            raise ValueError(f"ChartPoint figures {self.low}, {self.high} must not be negative")
        if self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError(f"ChartPoint range {self.low}..{self.high} is reversed")


@dataclass(frozen=True, slots=True)
class ChartLine:
    """One source's or party's figures over time."""

    label: str
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True, slots=True)
class _Axes:
    """Day and count to pixels inside the plot box (left, top, right, bottom)."""

    first: dt.date
    days: int
    top_value: int
    box: tuple[float, float, float, float]

    def x(self, day: dt.date) -> float:
        left, _, right, _ = self.box
        if self.days == 0:
            return (left + right) / 2
        return left + _INSET + (day - self.first).days / self.days * (right - left - 2 * _INSET)

    def y(self, value: float) -> float:
        _, top, _, bottom = self.box
        return bottom - value / self.top_value * (bottom - top)


def _value(point: ChartPoint) -> float | None:
    """The level a value or range sets: the midpoint of a closed range, else the bound."""
    if point.marker in ("withdrawn", "denied"):
        return None
    if point.low is not None and point.high is not None:
        return (point.low + point.high) / 2
    return point.low if point.low is not None else point.high


def _figure(point: ChartPoint, *, short: bool = False) -> str:
    """Text for a point: ``164``, ``200–250``, ``≥50``, ``≤80``, ``withdrawn 12``.

    ``short`` drops the figure of a withdrawal or denial (its marker already sits there).
    """
    low, high = point.low, point.high
    if low is not None and high is not None and high != low:
        shown = f"{low:,}–{high:,}"
    elif low is not None:
        shown = f"≥{low:,}" if point.marker == "range" and high is None else f"{low:,}"
    else:
        shown = "" if high is None else (f"≤{high:,}" if point.marker == "range" else f"{high:,}")
    if point.marker in ("withdrawn", "denied"):
        return point.marker if short else f"{point.marker} {shown}".strip()
    return shown


def _ordered(line: ChartLine) -> list[ChartPoint]:
    return sorted(line.points, key=lambda p: p.day)  # stable: same-day reports keep their order


def _nice_step(top: float) -> int:
    """A 1-2-5 step giving at most about five ticks up to ``top``."""
    raw = max(top / 5, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def _y_ticks(lines: Sequence[ChartLine]) -> tuple[int, list[int]]:
    """(axis top, ticks from 0): the largest figure plus headroom, rounded up to a step."""
    bounds = [v for ln in lines for p in ln.points for v in (p.low, p.high) if v is not None]
    highest = max([*bounds, 1])
    step = _nice_step(highest * 1.1)
    top = math.ceil(highest * 1.1 / step) * step
    return top, list(range(0, top + 1, step))


def _day_label(day: dt.date, with_year: bool) -> str:
    label = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{label} {day.year}" if with_year else label


def _x_ticks(axes: _Axes) -> list[str]:
    """Day ticks ``d Mon`` (the year on the first tick and where it changes)."""
    left, _, right, bottom = axes.box
    room = max(int((right - left - 2 * _INSET) / 62), 1)
    step = next((s for s in _DAY_STEPS if axes.days / s <= room), _DAY_STEPS[-1])
    out, year = [], 0
    for offset in range(0, axes.days + 1, step):
        day = axes.first + dt.timedelta(days=offset)
        x = axes.x(day)
        out.append(f'<path d="M{num(x)} {num(bottom)}v4" stroke="#555555"/>')
        label = _day_label(day, day.year != year)
        out.append(text(x, bottom + 15, label, size=10, text_anchor="middle"))
        year = day.year
    return out


def _y_axis(axes: _Axes, ticks: list[int]) -> list[str]:
    left, _, right, _ = axes.box
    out = []
    for tick in ticks:
        y = axes.y(tick)
        out.append(f'<path d="M{num(left)} {num(y)}H{num(right)}" stroke="#e3e3e3"/>')
        out.append(text(left - 5, y + 3.5, f"{tick:,}", size=10, text_anchor="end"))
    return out


def _legend(
    lines: Sequence[ChartLine], left: float, right: float, top: float
) -> tuple[list[str], float]:
    """Swatch and label per line, wrapped into rows: (elements, height)."""
    out: list[str] = []
    x, y = left, top + 10
    for i, line in enumerate(lines):
        label = shorten(line.label, 36)
        item = 22 + text_width(label, 11) + 14
        if x > left and x + item > right:
            x, y = left, y + 16
        colour, dash = _style(i)
        swatch = f'd="M{num(x)} {num(y - 4)}h16" stroke="{colour}" stroke-width="2.5"{dash}'
        out.append(f"<path {swatch}/>")
        out.append(text(x + 21, y, label, size=11))
        x += item
    return out, (y + 8 - top if lines else 0.0)


def _style(index: int) -> tuple[str, str]:
    """Colour and dash attribute: palette colours first, dashed once they repeat."""
    dash = ' stroke-dasharray="5 3"' if index >= len(PALETTE) else ""
    return PALETTE[index % len(PALETTE)], dash


def _band(axes: _Axes, point: ChartPoint, x0: float, x1: float, colour: str) -> str:
    """A shaded low..high band from ``x0`` to ``x1`` (6 px around ``x0`` if shorter)."""
    if point.low is None or point.high is None or point.high == point.low:
        return ""
    if x1 - x0 < 6:
        x0, x1 = x0 - 3, x0 + 3
    y0, y1 = axes.y(point.high), axes.y(point.low)
    return (
        f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}" '
        f'fill="{colour}" fill-opacity="0.18"/>'
    )


def _mark(x: float, y: float, point: ChartPoint, colour: str) -> str:
    """The point's marker: dot, X (withdrawn), hollow circle (denied), arrowhead (open)."""
    if point.marker == "withdrawn":
        d = f"M{num(x - 4)} {num(y - 4)}l8 8m0-8l-8 8"
        return f'<path d="{d}" stroke="{colour}" stroke-width="2.2" fill="none"/>'
    if point.marker == "denied":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="#ffffff" stroke="{colour}"/>'
    if point.marker == "range" and (point.low is None) != (point.high is None):
        tip = -7 if point.high is None else 7
        d = f"M{num(x - 4)} {num(y)}h8l-4 {tip}z"
        return f'<path d="{d}" fill="{colour}"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="3" fill="{colour}"/>'


def _line(axes: _Axes, line: ChartLine, index: int, last: dt.date, taken: list[Box]) -> list[str]:
    """One source: bands, step-after path (broken at withdrawals), markers, value labels."""
    colour, dash = _style(index)
    points = _ordered(line)
    bands, path, marks, labels = [], "", [], []
    level: float | None = None
    for i, point in enumerate(points):
        x, value = axes.x(point.day), _value(point)
        if value is None and point.marker in ("value", "range"):
            continue  # a report without a figure: nothing to draw
        if value is not None:
            y = axes.y(value)
            path += f"M{num(x)} {num(y)}" if level is None else f"H{num(x)}V{num(y)}"
            until = next((p.day for p in points[i + 1 :] if p.marker != "denied"), last)
            bands.append(_band(axes, point, x, axes.x(until), colour))
            level = value
        else:
            y = axes.y(next((v for v in (point.low, point.high, level) if v is not None), 0))
            path += f"H{num(x)}" if level is not None and point.marker == "withdrawn" else ""
        marks.append(_mark(x, y, point, colour))
        labels.append(_value_label(axes, x, y, _figure(point, short=True), taken))
        if point.marker == "withdrawn":
            level = None
    if level is not None:
        path += f"H{num(axes.x(last))}"
    return [
        f"<g><title>{esc(shorten(line.label, 200))}</title>",
        *filter(None, bands),
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>' if path else "",
        *marks,
        f'<g fill="{colour}">',
        *labels,
        "</g></g>",
    ]


def _value_label(axes: _Axes, x: float, y: float, label: str, taken: list[Box]) -> str:
    """A figure above its marker, or below if that spot is taken; inside the plot."""
    left, top, right, bottom = axes.box
    half = text_width(label, 9) / 2
    x = min(max(x, left + half + 1), right - half - 1)
    spots = [max(y - 7, top + 8), min(y + 15, bottom - 2)]
    boxes = [(x - half, ly - 8, x + half, ly + 1) for ly in spots]
    pick = next((i for i, b in enumerate(boxes) if not any(_overlaps(b, t) for t in taken)), 0)
    taken.append(boxes[pick])
    return text(x, spots[pick], label, size=9, text_anchor="middle")


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _describe(lines: Sequence[ChartLine]) -> str:
    parts = []
    for line in lines:
        steps = [f"{_day_label(p.day, True)} {_figure(p) or 'no figure'}" for p in _ordered(line)]
        parts.append(f"{line.label}: {'; '.join(steps) or 'no figures'}.")
    return " ".join(parts) or "No figures."


def series_chart_svg(
    lines: Sequence[ChartLine],
    *,
    width: int = 640,
    height: int = 260,
    title: str | None = None,
    y_label: str | None = None,
) -> str:
    """A standalone SVG step chart of ``lines`` (one per source) over their days.

    Raises ``ValueError`` for a canvas smaller than 240 x 140.
    """
    if width < 240 or height < 140:
        raise ValueError(f"chart canvas {width}x{height} is smaller than 240x140")
    days = sorted(p.day for ln in lines for p in ln.points)
    top_value, ticks = _y_ticks(lines)
    top = 30.0 if title else 6.0
    legend, legend_height = _legend(lines, 8, width - 8, top)
    left = 14 + text_width(f"{top_value:,}", 10) + (16 if y_label else 0)
    box = (left, min(top + legend_height + 8, height - 96.0), width - 12.0, height - 26.0)
    first = days[0] if days else dt.date(1970, 1, 1)
    axes = _Axes(first, (days[-1] - first).days if days else 0, top_value, box)
    body = [*legend, *_y_axis(axes, ticks)]
    if days:
        body += _x_ticks(axes)
        taken: list[Box] = []
        for i, line in enumerate(lines):
            body += filter(None, _line(axes, line, i, days[-1], taken))
    else:
        mid = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        body.append(
            text(*mid, "No figures reported", size=12, fill="#777777", text_anchor="middle")
        )
    frame = f"M{num(box[0])} {num(box[1])}V{num(box[3])}H{num(box[2])}"
    body.append(f'<path d="{frame}" fill="none" stroke="#555555"/>')
    if y_label:
        cy, label = (box[1] + box[3]) / 2, shorten(y_label, 40)
        rotate = f"rotate(-90 12 {num(cy)})"
        body.append(text(12, cy, label, size=10, text_anchor="middle", transform=rotate))
    if title:
        fit = int((width - 16) / text_width("x", 15))
        body.append(text(8, 20, shorten(title, fit), size=15, font_weight="bold"))
    return document(width, height, title or "Figures over time", _describe(lines), body)
