from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.ingest.textfile import parse_text


def test_italian_report_with_metadata(fixtures: Path) -> None:
    draft = parse_text((fixtures / "report_it.txt").read_text(), source="it.txt")
    assert draft.title == "Scontri nella città vecchia, decine di fermi"
    assert draft.byline == "Lucia Bianchi"
    assert draft.url == "https://www.cronacaestera.it/esteri/scontri-citta-vecchia"
    assert draft.published == "03/02/23"
    assert draft.text.startswith("Venerdì 3 febbraio")


def test_inline_dateline(fixtures: Path) -> None:
    draft = parse_text((fixtures / "report_en_wire.txt").read_text(), source="en.txt")
    assert draft.byline == "Tom Harper"
    assert draft.published == "3 February 2023"
    assert draft.text.startswith("RIVERTON, 3 February 2023")


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("06/01/22", "06/01/22"),
        ("ALMATY, 06/01/2022", "06/01/2022"),
        ("6 January 2022", "6 January 2022"),
        ("Date: 2022-01-06", "2022-01-06"),
        ("January 6, 2022", "January 6, 2022"),
    ],
)
def test_dateline_alone_on_a_line(header: str, published: str) -> None:
    draft = parse_text(f"Title\n{header}\n\nBody text here.", source="x")
    assert draft.published == published
    assert draft.text == "Body text here."


def test_inline_dateline_without_year_is_not_a_date() -> None:
    draft = parse_text("Title\n\nALMATY, Jan 6 (Wire) - Shots were heard.", source="x")
    assert draft.published is None


def test_title_only() -> None:
    draft = parse_text("Just a title", source="x")
    assert draft.title == "Just a title"
    assert draft.text == ""
