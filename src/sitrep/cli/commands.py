"""Article commands: ingest, list, show, extract, export and evaluate."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from sitrep.cli.base import app, cli_store, console, err_console, fail, progress_bar
from sitrep.errors import SitrepError
from sitrep.model import Article, IngestReport
from sitrep.settings import Settings
from sitrep.store import SQLiteStore


def _summary(report: IngestReport, store: SQLiteStore) -> None:
    counts = store.counts()
    console.print(
        f"[bold]stored[/] {len(report.stored)} new, [bold]copies[/] {len(report.copies)} "
        f"(near-duplicates linked), [bold]duplicates[/] {len(report.duplicates)} skipped, "
        f"[bold]not modified[/] {len(report.not_modified)}, "
        f"[bold]rejected[/] {len(report.rejections)}"
    )
    if report.rejections:
        table = Table(title="Rejected inputs", show_lines=False)
        table.add_column("input", overflow="fold")
        table.add_column("reason")
        table.add_column("detail", overflow="fold")
        for rejection in report.rejections:
            table.add_row(
                escape(rejection.source), rejection.reason.value, escape(rejection.detail)
            )
        console.print(table)
    console.print(
        f"store {store.path}: {counts.articles} articles "
        f"({counts.originals} originals, {counts.copies} copies), "
        f"{counts.sightings} exact copies seen elsewhere"
    )


@app.command()
def ingest(
    ctx: typer.Context,
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, feed files or URLs.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest reports from files, folders, RSS/Atom feeds and web pages into the store."""
    settings: Settings = ctx.obj.settings
    from sitrep.ingest import ingest as run_ingest
    from sitrep.ingest.fetch import HttpFetcher
    from sitrep.ingest.sources import expand_inputs

    items = expand_inputs(inputs)
    with cli_store(ctx) as store, HttpFetcher(settings.ingest) as fetcher:
        with progress_bar(disable=as_json) as bar:
            task = bar.add_task("ingesting", total=len(items))
            report = run_ingest(
                items,
                store=store,
                settings=settings,
                fetcher=fetcher,
                progress=lambda _item: bar.advance(task),
            )
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            _summary(report, store)


def _articles_table(articles: list[Article]) -> Table:
    table = Table(title=f"{len(articles)} articles")
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("duplicate of", no_wrap=True)
    for article in articles:
        published = article.published.strftime("%Y-%m-%d %H:%M") if article.published else "-"
        if article.date_ambiguous:
            published += " ?"
        table.add_row(
            article.id[:8],
            article.outlet or "-",
            published,
            article.language or "-",
            escape((article.title or "")[:70]),
            article.duplicate_of[:8] if article.duplicate_of else "",
        )
    return table


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _remember(found: dict[str, Article], article: Article) -> None:
    found.setdefault(article.id, article)


def _collect(
    ctx: typer.Context, store: SQLiteStore, inputs: list[str], *, stored: bool
) -> list[Article]:
    """Ingest ``inputs`` (quietly) and return their articles, or all stored ones."""
    if stored:
        return store.articles()
    found: dict[str, Article] = {}
    settings: Settings = ctx.obj.settings
    from sitrep.ingest import ingest as run_ingest
    from sitrep.ingest.fetch import HttpFetcher

    with HttpFetcher(settings.ingest) as fetcher:
        report = run_ingest(
            inputs,
            store=store,
            settings=settings,
            fetcher=fetcher,
            on_article=lambda _outcome, article: _remember(found, article),
        )
    for rejection in report.rejections:
        err_console.print(
            f"[yellow]skipped[/] {escape(rejection.source)}: {escape(rejection.detail)}"
        )
    return list(found.values())


@app.command()
def extract(
    ctx: typer.Context,
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Files, folders, feeds or URLs (as for ingest).")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="jsonl, json or table.")
    ] = OutputFormat.jsonl,
    stored: Annotated[
        bool, typer.Option("--stored", help="Extract every article already in the store.")
    ] = False,
    processes: Annotated[int, typer.Option("--processes", "-j", min=1, max=64)] = 1,
    force: Annotated[bool, typer.Option("--force", help="Recompute saved results.")] = False,
) -> None:
    """Extract actors, places and times (with character offsets) from reports."""
    from sitrep.analyze import analyze_articles, document_record

    if not inputs and not stored:
        raise fail("give files, folders or URLs, or --stored")
    with cli_store(ctx) as store:
        found = _collect(ctx, store, inputs or [], stored=stored)
        with progress_bar() as bar:
            task = bar.add_task("extracting", total=len(found))
            records = []
            for article, extraction in analyze_articles(
                found, store=store, n_process=processes, force=force
            ):
                records.append(document_record(article, extraction))
                bar.advance(task)
    if output is OutputFormat.jsonl:
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
    elif output is OutputFormat.json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        console.print(_extraction_table(records))


def _extraction_table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(records)} articles extracted")
    for name in ("id", "lang", "actors", "places", "times"):
        table.add_column(name, overflow="fold")
    for record in records:
        if not record["supported"]:
            table.add_row(record["id"][:8], record["language"] or "-", record["note"], "", "")
            continue
        table.add_row(
            record["id"][:8],
            record["language"] or "-",
            ", ".join(sorted({a["code"] for a in record["actors"] if a["code"]})),
            escape(", ".join(sorted({p["name"] for p in record["places"]}))),
            ", ".join(sorted({str(t["date"] or t["start_date"]) for t in record["times"]})),
        )
    return table


class ExportKind(StrEnum):
    events = "events"
    reactions = "reactions"
    figures = "figures"


@app.command()
def export(
    ctx: typer.Context,
    kind: Annotated[
        ExportKind, typer.Argument(help="What to export: events, reactions or figures.")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="events: csv|jsonl|parquet|gdelt|plover; reactions, figures: csv|jsonl|parquet.",
        ),
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (default stdout; parquet needs one)."),
    ] = None,
) -> None:
    """Export coded events, international reactions or every figure claim of every story."""
    from sitrep.analyze import stored_extractions
    from sitrep.report import export_events, export_reactions
    from sitrep.report.figure_export import export_figures
    from sitrep.situation.picture import Loader, build_situation

    if fmt == "parquet" and output is None:
        raise fail("--format parquet needs --output FILE", 2)
    writers = {ExportKind.events: export_events, ExportKind.reactions: export_reactions}
    with cli_store(ctx) as store:
        rows: Any
        if kind is ExportKind.figures:
            loader = Loader(store)
            rows = [build_situation(store, s.id, loader=loader) for s in store.story_states()]
            writer: Any = export_figures
        else:
            rows = stored_extractions(store)
            writer = writers[kind]
        if output is None:
            count = writer(rows, fmt, sys.stdout)
        elif fmt == "parquet":
            with output.open("wb") as binary:
                count = writer(rows, fmt, binary)
        else:
            with output.open("w", encoding="utf-8", newline="") as text:
                count = writer(rows, fmt, text)
    if output is not None:
        err_console.print(f"wrote {count} {kind.value} to {output}")


@app.command(name="eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="Evaluation set: geowebnews, polnear, muc4 ...")],
    path: Annotated[
        list[Path] | None, typer.Option("--path", help="Score these files instead.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    write_docs: Annotated[
        Path | None, typer.Option("--write-docs", help="Record the numbers in this Markdown file.")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 below a pinned floor.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print all details as JSON.")] = False,
) -> None:
    """Score extraction on an annotated evaluation set (default files from ../shared/eval)."""
    from sitrep.evaluate.runner import below_floor, markdown_section, run_eval, write_section

    try:
        result = run_eval(name, paths=path, limit=limit)
    except SitrepError as e:
        raise fail(str(e)) from e
    if as_json:
        typer.echo(json.dumps(result.details, indent=2, ensure_ascii=False))
    else:
        table = Table(title=f"{name}: {', '.join(Path(p).name for p in result.paths)}")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for key, value in sorted(result.metrics.items()):
            table.add_row(key, f"{value:.4g}")
        console.print(table)
    if write_docs is not None:
        write_section(write_docs, name, markdown_section(result))
        console.print(f"recorded in {write_docs}")
    failures = below_floor(result)
    for failure in failures:
        err_console.print(f"[bold red]below floor:[/] {failure}")
    if check and failures:
        raise typer.Exit(1)


@app.command()
def articles(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List stored articles (outlet, published date, language, duplicate-of)."""
    with cli_store(ctx) as store:
        found = store.articles(limit=limit)
        if as_json:
            for article in found:
                typer.echo(json.dumps(article.to_dict(), ensure_ascii=False))
            return
        console.print(_articles_table(found))
        console.print("(? = day/month order ambiguous)", style="dim")


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one article with its metadata and text."""
    with cli_store(ctx) as store:
        article = store.get_article(article_id)
        if as_json:
            typer.echo(json.dumps(article.to_dict(), indent=2, ensure_ascii=False))
            return
        for key, value in article.to_dict().items():
            if key != "text" and value not in (None, ""):
                console.print(f"[bold]{key}[/]: {escape(str(value))}", highlight=False)
        console.print()
        console.print(article.text, highlight=False, markup=False)
