"""Every CLI command has help text and a section in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from sitrep.cli import app

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"


def _commands() -> list[str]:
    group = typer.main.get_group(app)
    return sorted(group.commands)


@pytest.mark.parametrize("name", _commands())
def test_command_documented(name: str) -> None:
    group = typer.main.get_group(app)
    command = group.commands[name]
    assert command.help, f"{name} has no help text"
    assert f"## `sitrep {name}`" in DOCS.read_text(encoding="utf-8")
