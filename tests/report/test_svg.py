"""SVG map and chart: well-formed, accessible, escaped, deterministic and self-contained."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.report.svg_chart import ChartLine, ChartPoint, series_chart_svg
from sitrep.report.svg_map import HIGHLIGHT_FILL, LAND_FILL, MapPoint, load_boundaries, map_svg

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", "Côte d'Ivoire", 'a "quoted" & <b>name</b>', "nul\x00\x1b"]
KAZAKHSTAN = (
    MapPoint("Almaty", 43.25, 76.95, weight=5, country="KAZ"),
    MapPoint("Astana", 51.17, 71.43, weight=2, country="KAZ"),
    MapPoint("Aktau", 43.65, 51.17, weight=3, country="KAZ"),
    MapPoint("Zhanaozen", 43.34, 52.86, weight=12, country="KAZ"),
)
D = dt.date


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert [child.tag for child in root[:2]] == [f"{NS}title", f"{NS}desc"]
    assert root.get("font-family") == "sans-serif"
    return root


def _view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in (root.get("viewBox") or "").split())
    return x, y, x + w, y + h


def _circles_inside(root: ET.Element) -> None:
    x0, y0, x1, y1 = _view_box(root)
    for c in root.iter(f"{NS}circle"):
        cx, cy, r = (float(c.get(a) or "nan") for a in ("cx", "cy", "r"))
        assert x0 <= cx - r and cx + r <= x1, (cx, r)
        assert y0 <= cy - r and cy + r <= y1, (cy, r)


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def _chart_lines() -> list[ChartLine]:
    return [
        ChartLine(
            "Ministry of Health",
            (
                ChartPoint(D(2022, 1, 5), 8, None),
                ChartPoint(D(2022, 1, 7), 164, None),
                ChartPoint(D(2022, 1, 9), None, None, "withdrawn"),
                ChartPoint(D(2022, 1, 10), 164, None),
            ),
        ),
        ChartLine(
            "Interior ministry",
            (
                ChartPoint(D(2022, 1, 6), 18, None),
                ChartPoint(D(2022, 1, 8), 100, 150, "range"),
                ChartPoint(D(2022, 1, 11), 120, None, "range"),
            ),
        ),
        ChartLine("Opposition", (ChartPoint(D(2022, 1, 8), 60, None, "denied"),)),
    ]


@pytest.mark.parametrize(
    ("points", "countries"),
    [
        (KAZAKHSTAN, ("KAZ", "RUS")),
        (KAZAKHSTAN[:1], ()),
        ((), ("fra",)),
        ((), ()),
        ((MapPoint("Suva", -18.1, 178.4), MapPoint("Apia", -13.8, -171.8)), ("FJI",)),
    ],
)
def test_map_is_wellformed_and_keeps_points_inside(
    points: tuple[MapPoint, ...], countries: tuple[str, ...]
) -> None:
    root = _parse(map_svg(points, countries=countries, title="Situation"))
    assert len(list(root.iter(f"{NS}circle"))) == len(points)
    _circles_inside(root)
    assert any("Natural Earth" in t for t in _texts(root))


def test_highlighted_countries_get_the_highlight_fill() -> None:
    root = _parse(map_svg(KAZAKHSTAN, countries=["KAZ", "RUS"]))
    fills = {p.get("data-iso"): p.get("fill") for p in root.iter(f"{NS}path") if p.get("data-iso")}
    assert fills["KAZ"] == fills["RUS"] == HIGHLIGHT_FILL
    assert fills["UZB"] == fills["CHN"] == LAND_FILL  # neighbours drawn, not highlighted
    assert "BRA" not in fills  # out of view: skipped, not just clipped


def test_labels_are_place_names_and_stay_in_the_canvas() -> None:
    root = _parse(map_svg(KAZAKHSTAN, countries=["KAZ"], width=320, height=240))
    x0, _, x1, _ = _view_box(root)
    assert {"Almaty", "Astana", "Aktau", "Zhanaozen"} <= set(_texts(root))
    for t in root.iter(f"{NS}text"):
        x, width = float(t.get("x") or 0), len("".join(t.itertext())) * 0.58 * 11
        left = {"end": x - width, "middle": x - width / 2}.get(t.get("text-anchor") or "", x)
        assert x0 <= left and left + width <= x1 + 1


def test_single_point_gets_a_minimum_extent_and_sits_in_the_middle() -> None:
    root = _parse(map_svg([MapPoint("Abidjan", 5.32, -4.03)]))
    (circle,) = root.iter(f"{NS}circle")
    assert abs(float(circle.get("cx") or 0) - 320) < 1
    assert abs(float(circle.get("cy") or 0) - (8 + 382) / 2) < 1
    lat_labels = [t for t in _texts(root) if t.endswith("°N")]
    assert 1 <= len(lat_labels) <= 8  # a few degrees of graticule, not the world


def test_antimeridian_points_are_drawn_close_together() -> None:
    points = [MapPoint("East", -17.0, 179.5), MapPoint("West", -17.0, -179.5)]
    root = _parse(map_svg(points))
    xs = sorted(float(c.get("cx") or 0) for c in root.iter(f"{NS}circle"))
    assert xs[1] - xs[0] < 200  # one degree apart, not across the whole world


@pytest.mark.parametrize("name", HOSTILE)
def test_map_escapes_hostile_names(name: str) -> None:
    svg = map_svg([MapPoint(name, 10.0, 10.0, label=name)], title=name)
    root = _parse(svg)
    assert "<script" not in svg and "<b>" not in svg
    assert not [e for e in root.iter() if e.tag in ("script", f"{NS}script", f"{NS}b")]
    shown = name.replace("\x00", "").replace("\x1b", "")
    assert shown in _texts(root)
    assert root[0].text == shown


@pytest.mark.parametrize("name", HOSTILE)
def test_chart_escapes_hostile_names(name: str) -> None:
    line = ChartLine(name, (ChartPoint(D(2024, 3, 1), 3, None),))
    svg = series_chart_svg([line], title=name, y_label=name)
    root = _parse(svg)
    assert "<script" not in svg and "<b>" not in svg
    assert name.replace("\x00", "").replace("\x1b", "") in (root[1].text or "")


@pytest.mark.parametrize(
    "render",
    [
        lambda: map_svg(KAZAKHSTAN, countries=["KAZ", "RUS"], title="Kazakhstan"),
        lambda: series_chart_svg(_chart_lines(), title="Deaths", y_label="deaths"),
    ],
    ids=["map", "chart"],
)
def test_output_is_deterministic_and_self_contained(render: Callable[[], str]) -> None:
    first, second = render(), render()
    assert first == second
    assert first.count("http") == 1  # the xmlns, nothing else
    for banned in ("href", "<image", "<style", "@import", "<script", "<a ", "<foreignObject"):
        assert banned not in first
    assert first.count("font-family") == first.count('font-family="sans-serif"') == 1


def test_kazakhstan_map_is_small() -> None:
    svg = map_svg(KAZAKHSTAN, countries=["KAZ", "RUS"], title="Kazakhstan unrest")
    assert len(svg.encode("utf-8")) < 150_000


def test_boundaries_load_fast_and_cover_the_world() -> None:
    load_boundaries.cache_clear()
    start = time.perf_counter()
    shapes = load_boundaries()
    assert time.perf_counter() - start < 1.0
    assert len(shapes) > 150
    assert {"KAZ", "RUS", "FRA", "USA", "CIV"} <= set(shapes)
    assert load_boundaries() is shapes


def test_empty_map_shows_highlighted_country_or_world() -> None:
    france = _parse(map_svg([], countries=["FRA"]))
    isos = {p.get("data-iso") for p in france.iter(f"{NS}path")}
    assert "FRA" in isos and "AUS" not in isos
    world = _parse(map_svg([]))
    assert {"AUS", "BRA", "CAN", "ZAF"} <= {p.get("data-iso") for p in world.iter(f"{NS}path")}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": "x", "lat": 91.0, "lon": 0.0}, "coordinates"),
        ({"name": "x", "lat": 0.0, "lon": float("nan")}, "coordinates"),
        ({"name": "x", "lat": 0.0, "lon": 0.0, "weight": -1}, "weight"),
    ],
)
def test_map_point_validation(kwargs: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        MapPoint(**kwargs)  # type: ignore[arg-type]


def test_chart_draws_ranges_withdrawals_denials_and_several_lines() -> None:
    root = _parse(series_chart_svg(_chart_lines(), title="Deaths", y_label="deaths"))
    texts = _texts(root)
    assert {"Ministry of Health", "Interior ministry", "Opposition"} <= set(texts)
    assert {"100–150", "≥120", "withdrawn", "denied", "164", "8"} <= set(texts)
    assert {"0", "50", "100", "150", "200"} <= set(texts)  # 1-2-5 ticks from 0, headroom
    assert {"5 Jan 2022", "7 Jan"} <= set(texts)
    bands = [r for r in root.iter(f"{NS}rect") if r.get("fill-opacity")]
    assert len(bands) == 1  # the one closed range
    lines = [p for p in root.iter(f"{NS}path") if p.get("stroke-width") == "2"]
    assert len({p.get("stroke") for p in lines}) == 2  # the denial-only line has no level
    mohs = lines[0].get("d") or ""
    assert mohs.count("M") == 2  # the withdrawal breaks the line
    assert "Opposition: 8 Jan 2022 denied 60." in (root[1].text or "")


def test_chart_single_day_and_empty_input() -> None:
    one = _parse(series_chart_svg([ChartLine("A", (ChartPoint(D(2024, 2, 29), 5, 9, "range"),))]))
    assert "29 Feb 2024" in _texts(one)
    assert "5–9" in _texts(one)
    for empty in ([], [ChartLine("Nobody", ())]):
        root = _parse(series_chart_svg(empty))
        assert "No figures reported" in _texts(root) or "Nobody" in _texts(root)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((D(2024, 1, 1), 5, 3, "range"), "reversed"),
        ((D(2024, 1, 1), 5, None, "rumour"), "marker"),
        ((D(2024, 1, 1), -1, None), "negative"),
    ],
)
def test_chart_point_validation(args: tuple[object, ...], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        ChartPoint(*args)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.builds(
            MapPoint,
            name=st.text(max_size=30),
            lat=st.floats(-85, 85),
            lon=st.floats(-180, 180),
            weight=st.integers(0, 10_000),
        ),
        max_size=12,
    )
)
def test_random_points_always_give_parseable_svg_with_circles_inside(
    points: list[MapPoint],
) -> None:
    root = _parse(map_svg(points))
    assert len(list(root.iter(f"{NS}circle"))) == len(points)
    _circles_inside(root)
