"""A SIGKILL in the middle of an ingest loses nothing committed and leaves no half article."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.store import SQLiteStore

pytestmark = pytest.mark.slow
FILES = 300


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(FILES):
        words = " ".join(f"w{(i * 7919 + j * 104729) % 100003}" for j in range(120))
        (folder / f"r{i:04d}.txt").write_text(
            f"Report {i}\nURL: https://site{i}.example.org/a\n\n{words}"
        )


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_sigkill_mid_ingest(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    _corpus(corpus)
    cmd = [sys.executable, "-m", "sitrep.cli", "--db", str(db), "ingest", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _stored(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = _stored(db)
    assert 0 < kept < FILES, "the kill should land mid-batch"
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN article_signatures s"
        " ON s.article_id = a.id WHERE s.article_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    conn.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "rejected 0" in rerun.stdout
    with SQLiteStore(db) as store:
        assert store.counts().articles == FILES
        assert len({a.id for a in store.articles()}) == FILES
        assert store.counts().sightings == 0
