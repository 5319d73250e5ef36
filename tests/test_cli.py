from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

runner = CliRunner()


def test_ingest_articles_show(tmp_path: Path, fixtures: Path) -> None:
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(fixtures)])
    assert result.exit_code == 0, result.output
    assert "stored 8 new" in result.output
    assert "rejected 2" in result.output
    listing = runner.invoke(app, ["--db", db, "articles", "--json"])
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert len(rows) == 8
    shown = runner.invoke(app, ["--db", db, "show", rows[0]["id"][:8]])
    assert shown.exit_code == 0
    assert rows[0]["text"][:30] in shown.output
    table = runner.invoke(app, ["--db", db, "articles"])
    assert "cronacaestera.it" in table.output


def test_second_ingest_same_counts(tmp_path: Path, fixtures: Path) -> None:
    db = str(tmp_path / "twice.db")
    runner.invoke(app, ["--db", db, "ingest", str(fixtures)])
    again = runner.invoke(app, ["--db", db, "ingest", "--json", str(fixtures)])
    report = json.loads(again.output)
    assert report["stored"] == [] and len(report["duplicates"]) == 8


def test_db_from_environment(
    tmp_path: Path, fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["ingest", str(fixtures / "report_it.txt")])
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize("args", [["show", "nosuchid"], ["--config", "/no/such.yaml", "articles"]])
def test_errors_are_clean(tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "e.db"), *args])
    assert result.exit_code == 1
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_bad_config_values(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("ingest:\n  no_such_option: 1\n")
    result = runner.invoke(app, ["--config", str(config), "articles"])
    assert result.exit_code == 1
    assert "no_such_option" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and "sitrep" in result.output


@pytest.mark.slow
def test_extract_jsonl(tmp_path: Path, fixtures: Path) -> None:
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["--db", db, "extract", str(fixtures / "report_it.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert set(record) >= {"id", "url", "outlet", "title", "published", "language", "actors",
                           "places", "times"}  # fmt: skip
    assert record["language"] == "it"
    assert any(t["date"] == "2023-02-03" for t in record["times"])
    again = runner.invoke(app, ["--db", db, "extract", "--stored", "--format", "json"])
    assert json.loads(again.output)[0] == record


def test_extract_needs_inputs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "n.db"), "extract"])
    assert result.exit_code == 1


def test_titles_with_rich_markup_are_printed_as_text(tmp_path: Path) -> None:
    from sitrep.model import Alert, Article
    from sitrep.store import SQLiteStore, StoryState

    db = tmp_path / "m.db"
    title = "Live [/] updates: [video] clashes"
    with SQLiteStore(db) as store:
        store.put_article(Article(id="a1", text="Clashes in the capital.", title=title),
                          signature=b"\x00" * 512)  # fmt: skip
        state = StoryState("st-a1", title, b"\x00" * 1024, (("c:KAZ", 1),), 1, None, None)
        store.assign_story(state, "a1", score=1.0)
        import datetime as dt

        raised = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        store.put_alert(Alert("k", "st-a1", "new_story", title, "d", "held", 1, raised, ()))
    for command in (["articles"], ["stories"], ["alerts"]):
        result = runner.invoke(app, ["--db", str(db), *command], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert "[video]" in result.output


def test_alerts_failed_lists_failed_deliveries(tmp_path: Path) -> None:
    import datetime as dt

    from sitrep.model import FailedDelivery
    from sitrep.store import SQLiteStore

    db = tmp_path / "failed.db"
    due = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    with SQLiteStore(db) as store:
        store.put_failed_delivery(FailedDelivery("k1", "webhook:hooks.example.org", 2, "503", due))
        store.put_failed_delivery(FailedDelivery("k2", "email:smtp.example.org", 8, "no", None))
    env = {"COLUMNS": "200"}
    table = runner.invoke(app, ["--db", str(db), "alerts", "--failed"], env=env)
    assert table.exit_code == 0, table.output
    assert "webhook:hooks.example.org" in table.output and "given up" in table.output
    lines = runner.invoke(app, ["--db", str(db), "alerts", "--failed", "--json"], env=env)
    rows = [json.loads(line) for line in lines.output.splitlines()]
    assert [(r["alert_key"], r["attempts"], r["next_try"]) for r in rows] == [
        ("k1", 2, due.isoformat()),
        ("k2", 8, None),
    ]
    plain = runner.invoke(app, ["--db", str(db), "alerts"], env=env)
    assert plain.exit_code == 0 and "1 failed deliveries to retry, 1 given up" in plain.output
