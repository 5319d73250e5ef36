"""An offline SVG map of reported places over country outlines from ``countryinfo``.

Projection: equirectangular with x scaled by cos(mean latitude), fitted to the points plus
the highlighted countries (antimeridian-aware: a view may run past 180°E), with a margin,
the aspect ratio kept and the map filling its frame. Outlines are countryinfo's bundled
Natural Earth-derived GeoJSON (low resolution; a few countries such as Hungary, Serbia or
Myanmar have none and are simply not drawn).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from countryinfo import CountryInfo

from sitrep.report.svg import document, esc, num, shorten, tenths, text, text_width, uid

ATTRIBUTION = "Boundaries: countryinfo (Natural Earth-derived)"
SEA_FILL = "#eef4f8"
LAND_FILL = "#e3e3e0"
HIGHLIGHT_FILL = "#f6c28b"
POINT_FILL = "#b2182b"
MIN_EXTENT = 4.0  # degrees, for a single point or a tiny cluster
MARGIN = 0.15  # fraction of the fitted extent added on each side
WORLD = ((-180.0, 180.0), (-58.0, 86.0))  # (lon range, lat range) when there is nothing to fit
_STEPS = (1, 2, 5, 10, 15, 30, 45, 60, 90)
_LABEL_SIZE = 11.0

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A place to mark; ``weight`` sizes the circle (area), ``country`` is ISO alpha-3."""

    name: str
    lat: float
    lon: float
    weight: int = 1
    label: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and math.isfinite(self.lon)):
            raise ValueError(f"MapPoint {self.name!r}: bad coordinates {self.lat}, {self.lon}")
        if self.weight < 0:
            raise ValueError(f"MapPoint {self.name!r}: negative weight {self.weight}")


@dataclass(frozen=True, slots=True)
class Ring:
    """One closed ring of a country outline, with its bounding box in degrees."""

    coords: tuple[tuple[float, float], ...]
    west: float
    east: float
    south: float
    north: float


@dataclass(frozen=True, slots=True)
class CountryShape:
    """A country's outline: all rings of all its polygons (holes drawn even-odd)."""

    iso3: str
    name: str
    rings: tuple[Ring, ...]


@functools.cache
def load_boundaries() -> Mapping[str, CountryShape]:
    """Every country outline countryinfo ships, by ISO alpha-3 (parsed once per process)."""
    shapes: dict[str, CountryShape] = {}
    for _, info in sorted(CountryInfo.all().items()):
        for feature in (info.get("geoJSON") or {}).get("features", []):
            iso3 = str(feature.get("id") or info.get("ISO", {}).get("alpha3") or "").upper()
            rings = tuple(_rings(feature.get("geometry") or {}))
            if iso3 and rings and iso3 not in shapes:
                shapes[iso3] = CountryShape(iso3, str(info["name"]), rings)
    return MappingProxyType(dict(sorted(shapes.items())))


def _rings(geometry: Mapping[str, Any]) -> Iterable[Ring]:
    polygons = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        for raw in polygon:
            coords = tuple((float(p[0]), float(p[1])) for p in raw)
            if len(coords) >= 3:
                lons, lats = [c[0] for c in coords], [c[1] for c in coords]
                yield Ring(coords, min(lons), max(lons), min(lats), max(lats))


@dataclass(frozen=True, slots=True)
class _View:
    """Degrees to pixels: centre (lon0, lat0) at pixel (cx, cy); k = cos(lat0)."""

    lon0: float
    lat0: float
    k: float
    scale: float
    cx: float
    cy: float
    half_lon: float  # half the visible extent, degrees
    half_lat: float

    def wrap(self, lon: float) -> float:
        """``lon`` moved by whole turns into lon0 ± 180."""
        return self.lon0 + (lon - self.lon0 + 180.0) % 360.0 - 180.0

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position of an (already wrapped) longitude and a latitude."""
        return (
            self.cx + (lon - self.lon0) * self.k * self.scale,
            self.cy - (lat - self.lat0) * self.scale,
        )


def _lon_arc(spans: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The shortest (west, east) arc covering every span; east may exceed 180."""
    starts = sorted((w % 360.0, w % 360.0 + (e - w)) for w, e in spans)
    merged: list[list[float]] = []
    for w, e in starts:
        if merged and w <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([w, e])
    gap, west = -1.0, merged[0][0]
    for i, (_, e) in enumerate(merged):
        nxt = merged[i + 1][0] if i + 1 < len(merged) else merged[0][0] + 360.0
        if nxt - e > gap:
            gap, west = nxt - e, nxt
    if gap <= 0:
        return WORLD[0]
    west = (west + 180.0) % 360.0 - 180.0
    return west, west + 360.0 - gap


def _extent(points: Sequence[MapPoint], rings: Sequence[Ring]) -> tuple[float, float, float, float]:
    """(lon centre, lat centre, half lon extent, half lat extent), margin included."""
    spans = [(p.lon, p.lon) for p in points] + [(r.west, r.east) for r in rings]
    if not spans:
        return 0.0, (WORLD[1][0] + WORLD[1][1]) / 2, 180.0, (WORLD[1][1] - WORLD[1][0]) / 2
    lats = [p.lat for p in points] + [v for r in rings for v in (r.south, r.north)]
    (west, east), south, north = _lon_arc(spans), min(lats), max(lats)
    half_lon = min(180.0, max(east - west, MIN_EXTENT) / 2 * (1 + 2 * MARGIN))
    half_lat = min(90.0, max(north - south, MIN_EXTENT) / 2 * (1 + 2 * MARGIN))
    lat0 = min(max((south + north) / 2, -90.0 + half_lat), 90.0 - half_lat)
    lon0 = ((west + east) / 2 + 180.0) % 360.0 - 180.0
    return lon0, lat0, half_lon, half_lat


def _fit(points: Sequence[MapPoint], rings: Sequence[Ring], frame: Box, pad: float) -> _View:
    """The view showing points and rings inside ``frame`` shrunk by ``pad`` pixels."""
    lon0, lat0, half_lon, half_lat = _extent(points, rings)
    k = max(math.cos(math.radians(lat0)), 0.2)
    x0, y0, x1, y1 = frame
    inner_w, inner_h = max(x1 - x0 - 2 * pad, 1.0), max(y1 - y0 - 2 * pad, 1.0)
    scale = min(inner_w / (2 * half_lon * k), inner_h / (2 * half_lat))
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    return _View(
        lon0, lat0, k, scale, x0 + half_w, y0 + half_h, half_w / (k * scale), half_h / scale
    )


def _shift(view: _View, ring: Ring) -> float:
    """Whole turns (in degrees) that bring ``ring`` next to the view centre."""
    mid = (ring.west + ring.east) / 2
    return view.wrap(mid) - mid


def _visible(view: _View, ring: Ring, shift: float) -> bool:
    return (
        ring.east + shift >= view.lon0 - view.half_lon
        and ring.west + shift <= view.lon0 + view.half_lon
        and ring.north >= view.lat0 - view.half_lat
        and ring.south <= view.lat0 + view.half_lat
    )


def _ring_path(view: _View, ring: Ring, shift: float) -> str:
    """``M x y l dx dy ... z`` in tenths of a pixel, dropping points closer than 0.6 px."""
    kept: list[tuple[int, int]] = []
    for lon, lat in ring.coords:
        x, y = view.xy(lon + shift, lat)
        q = (round(x * 10), round(y * 10))
        if not kept or max(abs(q[0] - kept[-1][0]), abs(q[1] - kept[-1][1])) >= 6:
            kept.append(q)
    if len(kept) < 3:
        return ""
    moves = [f"{tenths(b[0] - a[0])} {tenths(b[1] - a[1])}" for a, b in itertools.pairwise(kept)]
    head = f"M{tenths(kept[0][0])} {tenths(kept[0][1])}l"
    return (head + " ".join(moves) + "z").replace(" -", "-")


def _country_path(view: _View, shape: CountryShape, fill: str) -> str:
    parts = []
    for ring in shape.rings:
        shift = _shift(view, ring)
        if _visible(view, ring, shift):
            parts.append(_ring_path(view, ring, shift))
    d = "".join(parts)
    if not d:
        return ""
    return (
        f'<path d="{d}" fill="{fill}" data-iso="{esc(shape.iso3)}">'
        f"<title>{esc(shape.name)}</title></path>"
    )


def _countries(view: _View, highlighted: Sequence[str]) -> list[str]:
    shapes = load_boundaries()
    plain = [_country_path(view, s, LAND_FILL) for k, s in shapes.items() if k not in highlighted]
    marked = [_country_path(view, shapes[k], HIGHLIGHT_FILL) for k in highlighted if k in shapes]
    return [
        '<g stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">',
        *filter(None, plain),
        "</g>",
        '<g stroke="#8c5a2b" stroke-width="0.8" fill-rule="evenodd">',
        *filter(None, marked),
        "</g>",
    ]


def _degrees(value: float, positive: str, negative: str) -> str:
    value = round(value) if abs(value - round(value)) < 1e-9 else value
    if value in (0, 180, -180):
        return f"{abs(value):g}°"
    return f"{abs(value):g}°{positive if value > 0 else negative}"


def _graticule(view: _View, frame: Box) -> list[str]:
    """Light meridians and parallels with degree labels along the left and bottom edges."""
    span = 2 * max(view.half_lon, view.half_lat)
    step = next((s for s in _STEPS if span / s <= 8), _STEPS[-1])
    x0, y0, x1, y1 = frame
    lines, labels = [], []
    lon = math.ceil((view.lon0 - view.half_lon) / step) * step
    while lon <= view.lon0 + view.half_lon:
        x = view.xy(lon, 0)[0]
        lines.append(f"M{num(x)} {num(y0)}V{num(y1)}")
        name = _degrees((lon + 180) % 360 - 180, "E", "W")
        if x + 2 + text_width(name, 8) < x1:
            labels.append(text(x + 2, y1 - 3, name, size=8))
        lon += step
    lat = math.ceil(max(view.lat0 - view.half_lat, -90) / step) * step
    while lat <= min(view.lat0 + view.half_lat, 90):
        y = view.xy(view.lon0, lat)[1]
        lines.append(f"M{num(x0)} {num(y)}H{num(x1)}")
        labels.append(text(x0 + 2, y - 2, _degrees(lat, "N", "S"), size=8))
        lat += step
    return [
        f'<path d="{"".join(lines)}" fill="none" stroke="#9aa5ae" stroke-width="0.4"/>',
        '<g fill="#6b7780">',
        *labels,
        "</g>",
    ]


def _radius(weight: int, top: int) -> float:
    """Circle radius: area proportional to weight, relative to max(top, 25)."""
    return 4.0 + 14.0 * math.sqrt(max(weight, 0) / max(top, 25))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(x: float, y: float, width: float, anchor: str) -> Box:
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return left, y - _LABEL_SIZE * 0.8, left + width, y + _LABEL_SIZE * 0.25


def _place_label(x: float, y: float, r: float, label: str, taken: list[Box], canvas: Box) -> str:
    """A label beside its circle: right, left, above or below, whichever is free and fits."""
    width = text_width(label, _LABEL_SIZE)
    candidates = [
        (x + r + 3, y + _LABEL_SIZE * 0.35, "start"),
        (x - r - 3, y + _LABEL_SIZE * 0.35, "end"),
        (x, y - r - 4, "middle"),
        (x, y + r + _LABEL_SIZE, "middle"),
    ]
    boxes = [_label_box(cx, cy, width, anchor) for cx, cy, anchor in candidates]
    inside = [_inside(b, canvas) for b in boxes]
    free = [i for i, b in enumerate(boxes) if inside[i] and not any(_overlaps(b, t) for t in taken)]
    fits = [i for i in range(len(boxes)) if inside[i]]
    best = (free or fits or [0])[0]
    lx, ly, anchor = candidates[best]
    box = boxes[best]
    if not inside[best]:  # wider than the canvas allows: pin it to the nearer edge
        left = x < (canvas[0] + canvas[2]) / 2
        lx, anchor = (canvas[0] + 2, "start") if left else (canvas[2] - 2, "end")
        box = _label_box(lx, ly, width, anchor)
    taken.append(box)
    return text(lx, ly, label, size=_LABEL_SIZE, text_anchor=anchor)


def _inside(box: Box, canvas: Box) -> bool:
    return (
        box[0] >= canvas[0] and box[1] >= canvas[1] and box[2] <= canvas[2] and box[3] <= canvas[3]
    )


def _markers(view: _View, points: Sequence[MapPoint], frame: Box) -> list[str]:
    """Circles (largest first, so small ones stay clickable) and labels inside ``frame``."""
    top = max((p.weight for p in points), default=1)
    ordered = sorted(points, key=lambda p: (-p.weight, p.name, p.lat, p.lon))
    placed = [(p, *view.xy(view.wrap(p.lon), p.lat), _radius(p.weight, top)) for p in ordered]
    taken: list[Box] = [(x - r, y - r, x + r, y + r) for _, x, y, r in placed]
    circles, labels = [], []
    for p, x, y, r in placed:
        tip = f"{p.name} ({p.weight})"
        circles.append(
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"><title>{esc(tip)}</title></circle>'
        )
        labels.append(_place_label(x, y, r, shorten(p.label or p.name), taken, frame))
    return [
        f'<g fill="{POINT_FILL}" fill-opacity="0.7" stroke="#ffffff" stroke-width="1">',
        *circles,
        "</g>",
        '<g fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" '
        'paint-order="stroke">',
        *labels,
        "</g>",
    ]


def _description(points: Sequence[MapPoint], highlighted: Sequence[str]) -> str:
    shapes = load_boundaries()
    names = [p.label or p.name for p in points[:50]]
    more = f" and {len(points) - 50} more" if len(points) > 50 else ""
    desc = f"Map of {len(points)} place(s): {', '.join(names)}{more}." if points else "Map."
    if highlighted:
        marked = [shapes[c].name if c in shapes else c for c in highlighted]
        desc += f" Highlighted countries: {', '.join(marked)}."
    return desc


def map_svg(
    points: Sequence[MapPoint],
    *,
    countries: Sequence[str] = (),
    width: int = 640,
    height: int = 400,
    title: str | None = None,
) -> str:
    """A standalone SVG map of ``points`` with ``countries`` (ISO alpha-3) highlighted.

    Raises ``ValueError`` for a canvas smaller than 160 x 120.
    """
    if width < 160 or height < 120:
        raise ValueError(f"map canvas {width}x{height} is smaller than 160x120")
    highlighted = list(dict.fromkeys(c.strip().upper() for c in countries if c.strip()))
    shapes = load_boundaries()
    top = 30.0 if title else 8.0
    frame: Box = (8.0, top, width - 8.0, height - 18.0)
    heaviest = max((p.weight for p in points), default=1)
    pad = _radius(heaviest, heaviest) + 2
    fit_rings = [r for c in highlighted if c in shapes for r in shapes[c].rings]
    view = _fit(points, fit_rings, frame, pad)
    clip = uid("sitrep-map-clip", points, highlighted, width, height, title)
    x0, y0, x1, y1 = frame
    rect = f'x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}"'
    body = [
        f'<clipPath id="{clip}"><rect {rect}/></clipPath>',
        f'<rect {rect} fill="{SEA_FILL}"/>',
        f'<g clip-path="url(#{clip})">',
        *_countries(view, highlighted),
        *_graticule(view, frame),
        "</g>",
        f'<rect {rect} fill="none" stroke="#9aa5ae" stroke-width="0.8"/>',
        *_markers(view, points, frame),
        text(width - 8, height - 5, ATTRIBUTION, size=9, fill="#6b7780", text_anchor="end"),
    ]
    if title:
        fit = int((width - 16) / text_width("x", 15))
        body.append(text(8, 20, shorten(title, fit), size=15, font_weight="bold"))
    label = title or "Map of reported places"
    return document(width, height, label, _description(points, highlighted), body)
