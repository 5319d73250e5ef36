"""Number expressions: digits in every locale, words, ranges, bounds, vague quantities."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.numbers import Quantity, parse_digits, parse_quantity, scan, tokens


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("2,030", "en", 2030),
        ("2.030", "it", 2030),
        ("2 030", "fr", 2030),
        ("3.000", "es", 3000),
        ("1,250,000", "en", 1250000),
        ("eighteen", "en", 18),
        ("twenty-five", "en", 25),
        ("three hundred and five", "en", 305),
        ("diciotto", "it", 18),
        ("duemila", "it", 2000),
        ("vingt-six", "fr", 26),
        ("vingt et un", "fr", 21),
        ("ciento sesenta y cuatro", "es", 164),
        ("dos mil", "es", 2000),
        ("1.5 million", "en", 1_500_000),
        ("10 mila", "it", 10_000),
        ("1,5 millones", "es", 1_500_000),
    ],
)
def test_exact_numbers(text: str, lang: str, value: int) -> None:
    assert parse_quantity(text, lang) == Quantity(value)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("between 20 and 30", "en", Quantity(None, 20, 30)),
        ("20-30", "en", Quantity(None, 20, 30)),
        ("two or three", "en", Quantity(None, 2, 3)),
        ("tra 20 e 30", "it", Quantity(None, 20, 30)),
        ("entre 20 et 30", "fr", Quantity(None, 20, 30)),
        ("entre 20 y 30", "es", Quantity(None, 20, 30)),
        ("more than 2,000", "en", Quantity(None, 2001, None)),
        ("plus de 2 000", "fr", Quantity(None, 2001, None)),
        ("oltre 300", "it", Quantity(None, 301, None)),
        ("at least 18", "en", Quantity(None, 18, None)),
        ("al menos 18", "es", Quantity(None, 18, None)),
        ("up to 50", "en", Quantity(None, None, 50)),
        ("fewer than 50", "en", Quantity(None, None, 49)),
        ("nearly 300", "en", Quantity(None, None, 300, True)),
        ("almost 300", "en", Quantity(None, None, 300, True)),
        ("quasi 300", "it", Quantity(None, None, 300, True)),
        ("about 300", "en", Quantity(300, None, None, True)),
        ("some 40", "en", Quantity(40, None, None, True)),
        ("environ 40", "fr", Quantity(40, None, None, True)),
        ("no one", "en", Quantity(0)),
        ("nadie", "es", Quantity(0)),
    ],
)
def test_ranges_and_bounds(text: str, lang: str, expected: Quantity) -> None:
    assert parse_quantity(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "low", "high"),
    [
        ("dozens", "en", 24, 99),
        ("hundreds", "en", 200, 999),
        ("thousands", "en", 2000, 9999),
        ("tens of thousands", "en", 20000, 99999),
        ("several", "en", 3, 9),
        ("migliaia", "it", 2000, 9999),
        ("decine", "it", 20, 99),
        ("centinaia", "it", 200, 999),
        ("des milliers", "fr", 2000, 9999),
        ("des dizaines", "fr", 20, 99),
        ("miles", "es", 2000, 9999),
        ("decenas", "es", 20, 99),
        ("cientos", "es", 200, 999),
        ("centenares", "es", 200, 999),
    ],
)
def test_vague_quantities(text: str, lang: str, low: int, high: int) -> None:
    quantity = parse_quantity(text, lang)
    assert quantity == Quantity(None, low, high, True)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("a dozen", "en", 12), ("una ventina", "it", 20), ("une centaine", "fr", 100)],
)
def test_collective_nouns_are_approximate_values(text: str, lang: str, value: int) -> None:
    assert parse_quantity(text, lang) == Quantity(value, None, None, True)


@pytest.mark.parametrize("text", ["un uomo", "a man", "the army", "", "1.5", "%"])
def test_not_numbers(text: str) -> None:
    assert parse_quantity(text, "it" if "uomo" in text else "en") is None


def test_scan_finds_several_quantities_in_order() -> None:
    words = tokens("More than 2,000 protested and at least 18 were arrested")
    found = scan(words, "en")
    assert [q.quantity for q in found] == [Quantity(None, 2001, None), Quantity(None, 18, None)]
    assert words[found[0].start : found[0].end] == ["more", "than", "2,000"]


@given(st.integers(min_value=1000, max_value=999_999_999), st.sampled_from([",", ".", " "]))
def test_grouped_digits_round_trip(number: int, separator: str) -> None:
    text = f"{number:,}".replace(",", separator)
    assert parse_digits(text) == number
    for lang in ("en", "it", "fr", "es"):
        assert parse_quantity(text, lang) == Quantity(number)


@given(st.integers(min_value=0, max_value=999))
def test_small_digits_round_trip(number: int) -> None:
    assert parse_quantity(str(number), "en") == Quantity(number)


@given(st.text(max_size=60), st.sampled_from(["en", "it", "fr", "es"]))
def test_parser_never_crashes(text: str, lang: str) -> None:
    quantity = parse_quantity(text, lang)
    assert quantity is None or isinstance(quantity, Quantity)
    for found in scan(tokens(text), lang):
        assert 0 <= found.start < found.end
