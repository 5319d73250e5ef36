"""Situation commands: place articles in stories, list stories and alerts, write briefs, watch."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sitrep.cli.base import app, cli_store, console, err_console, fail, progress_bar
from sitrep.errors import SitrepError
from sitrep.model import Alert, FailedDelivery, Situation
from sitrep.settings import Settings
from sitrep.store import SQLiteStore


def _monitor(ctx: typer.Context, store: SQLiteStore, *, send: bool = True) -> object:
    from sitrep.monitor import Monitor
    from sitrep.report.sinks import build_sinks

    settings: Settings = ctx.obj.settings
    sinks = build_sinks(settings.alerts.sinks, console=err_console) if send else []
    return Monitor(store, settings, sinks=sinks, alerts=send)


def _stories_table(store: SQLiteStore) -> Table:
    from sitrep.situation.picture import Loader, story_record

    table = Table(title="Stories")
    for name in ("story", "title", "from", "to", "articles", "outlets"):
        table.add_column(name, overflow="fold")
    loader = Loader(store)
    for state in store.story_states():
        rows = loader.load(store.story_articles(state.id))
        story = story_record(state, [a for a, _ in rows])
        table.add_row(
            story.id,
            escape(story.title),
            str(story.first_seen or "-"),
            str(story.last_seen or "-"),
            f"{story.independent} (+{len(story.articles) - story.independent} copies)",
            str(len(story.outlets)),
        )
    return table


def _figures_table(situation: Situation) -> Table:
    from sitrep.report.brief import series_label
    from sitrep.situation.claims import claim_number as number
    from sitrep.situation.names import party_name
    from sitrep.situation.series import current

    table = Table(title=f"Key figures: {escape(situation.story.title)}")
    for name in ("series", "now", "according to", "certainty", "outlets", "revisions"):
        table.add_column(name, overflow="fold")
    for series in situation.series:
        claim = current(series)
        if claim is None or series.kind == "other":
            continue
        revisions = "; ".join(
            f"{number(r.before)} -> {'withdrawn' if r.withdrawn else number(r.after)}"
            for r in series.revisions
        )
        table.add_row(
            escape(series_label(series)),
            number(claim),
            escape(party_name(claim.party)),
            claim.certainty,
            str(series.outlets),
            revisions,
        )
    return table


def _alerts_table(alerts: list[Alert], title: str = "Alerts") -> Table:
    table = Table(title=title)
    for name in ("raised", "status", "kind", "sources", "alert"):
        table.add_column(name, overflow="fold")
    styles = {"confirmed": "green", "unconfirmed": "yellow", "held": "dim", "suppressed": "dim"}
    for alert in alerts:
        style = styles.get(alert.status, "")
        table.add_row(
            alert.raised_at.strftime("%Y-%m-%d %H:%M"),
            f"[{style}]{alert.status}[/]" if style else alert.status,
            alert.kind,
            str(alert.sources),
            escape(alert.title),
        )
    return table


def _failures_table(failures: list[FailedDelivery]) -> Table:
    table = Table(title="Failed deliveries")
    for name in ("alert", "sink", "attempts", "next try", "last error"):
        table.add_column(name, overflow="fold")
    for failure in failures:
        due = "[red]given up[/]"
        if failure.next_try is not None:
            due = failure.next_try.strftime("%Y-%m-%d %H:%M")
        table.add_row(
            escape(failure.alert_key),
            escape(failure.sink),
            str(failure.attempts),
            due,
            escape(failure.error),
        )
    return table


@app.command()
def situation(
    ctx: typer.Context,
    send: Annotated[
        bool,
        typer.Option(
            "--send/--no-send",
            help="Raise and deliver alerts (--no-send: place articles only; a later run raises).",
        ),
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the update as JSON.")] = False,
) -> None:
    """Analyse stored articles not yet in a story, group them, and raise alerts."""
    from sitrep.monitor import Monitor
    from sitrep.situation.picture import build_situation, main_story

    with cli_store(ctx) as store:
        monitor = _monitor(ctx, store, send=send)
        assert isinstance(monitor, Monitor)
        with progress_bar(disable=as_json) as bar:
            task = bar.add_task("analysing", total=len(monitor.pending()))
            update = monitor.catch_up(progress=lambda _a: bar.advance(task))
        if as_json:
            data = {
                "articles": list(update.articles),
                "stories": list(update.stories),
                "new_stories": list(update.new_stories),
                "alerts": [a.to_dict() for a in update.alerts],
            }
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        console.print(
            f"{len(update.articles)} articles placed; {len(update.new_stories)} new stories; "
            f"{len(update.alerts)} alerts sent"
        )
        console.print(_stories_table(store))
        if store.story_states():
            picture = build_situation(store, main_story(store))
            console.print(_figures_table(picture))
            console.print(_alerts_table(store.alerts(), "Alerts (all stories)"))
        for sink, error in update.failed_deliveries:
            err_console.print(f"[yellow]alert not delivered[/] to {sink}: {escape(error)}")


@app.command()
def stories(ctx: typer.Context) -> None:
    """List stories: title, time span, articles (copies counted once) and outlets."""
    with cli_store(ctx) as store:
        console.print(_stories_table(store))


@app.command()
def story(
    ctx: typer.Context,
    story_id: Annotated[
        str | None, typer.Argument(help="Story id or prefix (default: the largest story).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole situation picture as JSON.")
    ] = False,
) -> None:
    """Show one story's figure series with their revisions (or all of it as JSON)."""
    from sitrep.situation.picture import build_situation, main_story

    with cli_store(ctx) as store:
        picture = build_situation(store, story_id or main_story(store))
        if as_json:
            typer.echo(json.dumps(picture.to_dict(), indent=2, ensure_ascii=False))
            return
        console.print(_figures_table(picture))


@app.command()
def alerts(
    ctx: typer.Context,
    story_id: Annotated[str | None, typer.Option("--story", help="Only this story.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    failed: Annotated[
        bool,
        typer.Option("--failed", help="List deliveries that failed (retried, or given up)."),
    ] = False,
) -> None:
    """List raised alerts (confirmed, unconfirmed, held and suppressed), and failed deliveries."""
    with cli_store(ctx) as store:
        if failed:
            failures = store.failed_deliveries()
            if as_json:
                for failure in failures:
                    typer.echo(json.dumps(failure.to_dict(), ensure_ascii=False))
            else:
                console.print(_failures_table(failures))
            return
        found = store.alerts(story_id=store.story_state(story_id).id if story_id else None)
        if as_json:
            for alert in found:
                typer.echo(json.dumps(alert.to_dict(), ensure_ascii=False))
            return
        console.print(_alerts_table(found))
        failures = store.failed_deliveries()
        retrying = sum(f.next_try is not None for f in failures)
        if failures:
            err_console.print(
                f"[yellow]{retrying} failed deliveries to retry, {len(failures) - retrying} "
                "given up[/] (see sitrep alerts --failed)"
            )


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


@app.command()
def brief(
    ctx: typer.Context,
    story_id: Annotated[
        str | None, typer.Argument(help="Story id or prefix (default: the largest story).")
    ] = None,
    fmt: Annotated[BriefFormat, typer.Option("--format", "-f", help="md or html.")] = (
        BriefFormat.md
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default stdout).")
    ] = None,
) -> None:
    """Write a situation brief: figures, timeline, reactions, map, every statement cited."""
    from sitrep.report.brief import build_brief
    from sitrep.report.brief_render import render_brief
    from sitrep.situation.picture import Loader, build_situation, main_story

    with cli_store(ctx) as store:
        loader = Loader(store)
        picture = build_situation(store, story_id or main_story(store), loader=loader)
        articles = {a.id: a for a, _ in loader.load(list(picture.story.articles))}
        content = build_brief(
            picture, articles=articles, alerts=store.alerts(story_id=picture.story.id)
        )
        text = render_brief(content, format=fmt.value)
    if output is None:
        typer.echo(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise fail(f"cannot write {output}: {e}") from e
    err_console.print(f"wrote the {fmt.value} brief of {picture.story.id} to {output}")


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C (and SIGTERM) ask the loop to stop after the current poll."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        err_console.print(f"stopping after the current poll (signal {signum})")
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@app.command()
def watch(
    ctx: typer.Context,
    feeds: Annotated[
        list[str] | None, typer.Argument(help="Feed URLs (added to watch.feeds in settings).")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit.")] = False,
    max_polls: Annotated[
        int | None, typer.Option("--max-polls", min=1, help="Stop after this many polls.")
    ] = None,
) -> None:
    """Poll feeds on a schedule; each new article goes ingest -> extract -> story -> alerts."""
    import datetime as dt

    from sitrep.ingest.fetch import HttpFetcher
    from sitrep.ingest.schedule import Scheduler, seconds_since
    from sitrep.monitor import Monitor, Update, watch_feeds

    settings: Settings = ctx.obj.settings
    urls = [*settings.watch.feeds, *(feeds or [])]
    if not urls:
        raise fail("no feeds to watch: give URLs or set watch.feeds in the settings file", 2)

    def report(url: str, update: Update) -> None:
        err_console.print(
            f"{url}: {len(update.articles)} new articles, {len(update.alerts)} alerts"
        )

    def error(url: str, exc: Exception) -> None:
        err_console.print(f"[yellow]feed failed[/] {escape(url)}: {escape(str(exc))}")

    stop = threading.Event()
    with cli_store(ctx) as store, HttpFetcher(settings.ingest) as fetcher:
        monitor = _monitor(ctx, store)
        assert isinstance(monitor, Monitor)
        utc = dt.datetime.now(dt.UTC)
        last = {u: seconds_since(s.checked_at, now=utc) for u in urls if (s := store.feed_state(u))}
        try:
            scheduler = Scheduler(
                settings.watch,
                urls,
                now=time.monotonic(),
                last_checked={u: v for u, v in last.items() if v is not None},
            )
        except SitrepError as e:
            raise fail(str(e), 2) from e
        with _stop_on_signals(stop):
            result = watch_feeds(
                scheduler,
                monitor=monitor,
                fetcher=fetcher,
                stop=stop,
                once=once,
                on_update=report,
                on_error=error,
                max_polls=max_polls,
            )
    polls = len(result) if isinstance(result, list) else result
    console.print(f"watch stopped after {polls} polls")
