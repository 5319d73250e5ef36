"""What every ``sitrep`` command shares: the Typer app, consoles, the store and progress bars."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitrep import __version__
from sitrep.errors import SitrepError
from sitrep.settings import Settings, load_settings
from sitrep.store import SQLiteStore, default_db_path, open_store

app = typer.Typer(
    help="sitrep: a living, sourced situation picture from a stream of news reports.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class Context:
    db: Path
    settings: Settings


def _version(value: bool) -> None:
    if value:
        console.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite store (default: $SITREP_DB or ./sitrep.db)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML settings overlaid on the defaults.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Global options shared by every command."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(config)
    except SitrepError as e:
        fail(str(e))
    ctx.obj = Context(db=db or default_db_path(), settings=settings)


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def cli_store(ctx: typer.Context) -> Iterator[SQLiteStore]:
    try:
        store = open_store(ctx.obj.db)
    except SitrepError as e:
        raise fail(str(e)) from e
    try:
        yield store
    except SitrepError as e:
        raise fail(str(e)) from e
    finally:
        store.close()


def progress_bar(*, disable: bool = False) -> Progress:
    """A progress bar on stderr that clears itself when done."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=disable,
    )
