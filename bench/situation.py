"""Situation latency: one new article to story and alerts, and briefs from a 10,000-article store.

Targets: (a) one new article to updated story and alert in <= 1 s on a warm process;
(b) with 10,000 articles in the store, ``sitrep brief`` for one story in <= 2 s.

Usage: ``python bench/situation.py [--articles N] [--keep DIR] [--quick] [--json]``
(``--quick``: 1,000 articles, stories of ~100, 5 measured updates, 1 repeat; a smoke check).

The library source is copied into the work folder first and every step, ``sitrep`` included,
imports that copy (``PYTHONPATH``), so an edit of the tree during the run cannot mix two
pipeline versions. Steps, each in its own subprocess so peak RSS is its own:

1. ``sample``: ingest ``samples/`` into a new store and run ``Monitor.catch_up()`` (the real
   spaCy pipeline, once). A snapshot of that store seeds step 2. Then, with the same warm
   Monitor (models loaded, Loader cache filled), new articles are ingested and processed one
   at a time in the sample story (~35 articles; one uncounted warm-up article). The stages
   of ``Monitor.process`` are timed by calling the functions it calls, in its order:
   analysis (extraction, saved), story assignment, situation rebuild, alerts; ``ingest``
   (which rebuilds the near-duplicate index) is timed apart, as ``sitrep watch`` runs it
   before ``process``; time in the garbage collector is counted with ``gc.callbacks``. A
   few more articles go through ``Monitor.process`` itself as a cross-check. New articles
   mix halves of two sample reports with their numbers changed plus a new sentence; each is
   checked to be an original (no ``duplicate_of``) before it is used.
2. ``synth``: the snapshot plus clones of the sample story's dated articles and their
   *stored extractions* (no spaCy) up to ``--articles``: each clone gets a unique sentence
   appended (new content-hash id, extraction offsets still valid) and all its dates shifted
   (published, and the dates inside the extraction). Stories: one big story (20 % of the
   articles) and stories of ~200 articles, each in its own two-month period so they do not
   compete. Articles are written with ``put_article`` (a random MinHash signature, as a
   distinct text would have) and ``put_extraction``, then placed by the real
   ``assign_article`` (not ``assign_story``: centroids, features and spans are the real
   ones; the report says if a planned story was split); last, each story's situation is
   built and its alerts raised, as the Monitor does after a batch.
3. ``sitrep --db STORE brief STORY --format html -o out.html`` in new processes (cold),
   for a ~200-article story and the big story; ``sitrep --version`` gives the start-up cost.
4. ``brief``: in-process ``build_situation`` + ``build_brief`` + ``render_brief``, with a
   fresh Loader (as the command does) and with a filled one (a warm process).
5. ``big``: step 1's warm updates in the big story of the synthetic store.

No timing is asserted; the report says which targets were met.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SITREP = Path(sys.executable).parent / "sitrep"
BIG_SHARE = 0.2
STORY_SIZE = 200
OUTLET_VARIANTS = 25  # clones of one outlet's report appear under up to this many outlets
GAP_DAYS = 60  # between the periods of two synthetic stories (> 2 story windows + a story)
TARGET_UPDATE_S = 1.0
TARGET_BRIEF_S = 2.0
STAGES = ("ingest", "analysis", "assignment", "situation", "alerts")


class GcPauses:
    """Total time spent in the cyclic garbage collector (gc.callbacks), and its longest pause."""

    def __init__(self) -> None:
        self.total = 0.0
        self.longest = 0.0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        pause = time.perf_counter() - self._started
        self.total += pause
        self.longest = max(self.longest, pause)

    def take(self) -> float:
        total, self.total = self.total, 0.0
        return total


def peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def snapshot(db: Path, target: Path) -> None:
    """Copy a store that is open elsewhere (SQLite backup API, WAL included)."""
    src, dst = sqlite3.connect(db), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def summary(values: list[float]) -> dict[str, float]:
    import numpy as np

    if not values:
        return {"median": float("nan"), "p95": float("nan"), "max": float("nan")}
    return {
        "median": round(statistics.median(values), 4),
        "p95": round(float(np.percentile(values, 95)), 4),
        "max": round(max(values), 4),
    }


# --------------------------------------------------------------------------- (a) warm updates


def warm_updates(
    monitor: Any,
    story_id: str,
    templates: list[Any],
    *,
    count: int,
    cross_checks: int,
    folder: Path,
    seed: int,
    day_shift: int = 0,
    spread_days: int = 0,
) -> dict[str, Any]:
    """Ingest and process ``count`` new articles one at a time, timing each stage."""
    from situation_data import new_records

    from sitrep.analyze import analyze_articles
    from sitrep.ingest import ingest
    from sitrep.ingest.pipeline import load_index
    from sitrep.report.sinks import deliver
    from sitrep.situation.alerts import raise_alerts
    from sitrep.situation.picture import build_situation
    from sitrep.situation.stories import assign_article

    store, settings = monitor.store, monitor.settings
    index = load_index(store, settings)
    paths = new_records(
        templates,
        1 + count + cross_checks,
        index=index,
        folder=folder,
        seed=seed,
        day_shift=day_shift,
        spread_days=spread_days,
    )
    rows: list[dict[str, float]] = []
    totals: list[float] = []
    pauses = GcPauses()
    joined: Counter[str] = Counter()
    alerts = 0
    for n, path in enumerate(paths):
        t0 = time.perf_counter()
        # as `sitrep watch` does: the monitor keeps the near-duplicate index between polls
        report = ingest([str(path)], store=store, settings=settings, index=monitor.dedup_index())
        t1 = time.perf_counter()
        pauses.take()
        if len(report.stored) != 1:  # a copy or a rejection would not be a new original
            raise RuntimeError(f"{path.name} was not stored as an original: {report}")
        (article,) = store.get_articles(list(report.stored))
        if n > count:  # cross-check: Monitor.process itself
            update = monitor.process([article])
            totals.append(time.perf_counter() - t1)
            joined[update.stories[0]] += 1
            alerts += len(update.alerts)
            continue
        ((article, extraction),) = list(
            analyze_articles([article], store=store, n_process=monitor.n_process)
        )
        t2 = time.perf_counter()
        assignment = assign_article(
            article,
            extraction,
            store=store,
            settings=settings.stories,
            embedder=monitor.embedder,
        )
        t3 = time.perf_counter()
        situation = build_situation(store, assignment.story_id, loader=monitor.loader)
        t4 = time.perf_counter()
        raised = raise_alerts(situation, store=store, settings=settings.alerts, now=monitor.clock())
        for alert in raised:
            deliver(alert, monitor.sinks)
        t5 = time.perf_counter()
        if n == 0:  # warm-up, not counted
            continue
        joined[assignment.story_id] += 1
        alerts += len(raised)
        rows.append(
            {
                "ingest": t1 - t0,
                "analysis": t2 - t1,
                "assignment": t3 - t2,
                "situation": t4 - t3,
                "alerts": t5 - t4,
                "process": t5 - t1,
                "ingest+process": t5 - t0,
                "gc": pauses.take(),
            }
        )
    return {
        "story": story_id,
        "story_articles": len(store.story_articles(story_id)),
        "measured": len(rows),
        "in_story": joined.get(story_id, 0),
        "elsewhere": sum(joined.values()) - joined.get(story_id, 0),
        "alerts_sent": alerts,
        "gc_longest": round(pauses.longest, 3),
        "gc_objects": len(gc.get_objects()),
        "stages": {key: summary([r[key] for r in rows]) for key in rows[0]} if rows else {},
        "monitor_process": summary(totals),
    }


def run_sample(work: Path, updates: int, cross_checks: int) -> dict[str, Any]:
    from sitrep.ingest import ingest
    from sitrep.monitor import Monitor
    from sitrep.settings import load_settings
    from sitrep.situation.picture import main_story
    from sitrep.store import SQLiteStore

    settings = load_settings()
    db = work / "sample.db"
    store = SQLiteStore(db)
    t0 = time.perf_counter()
    report = ingest([str(SAMPLES)], store=store, settings=settings)
    t1 = time.perf_counter()
    monitor = Monitor(store, settings)
    caught = monitor.catch_up()
    t2 = time.perf_counter()
    snapshot(db, work / "snapshot.db")
    story_id = main_story(store)
    templates = store.get_articles(store.story_articles(story_id))
    result = warm_updates(
        monitor,
        story_id,
        templates,
        count=updates,
        cross_checks=cross_checks,
        folder=work / "new-sample",
        seed=1,
    )
    store.close()
    return {
        "ingest_s": round(t1 - t0, 2),
        "catch_up_s": round(t2 - t1, 2),
        "articles": len(report.stored) + len(report.copies),
        "stories": len(caught.stories),
        "updates": result,
        "peak_rss_mb": peak_rss_mb(),
    }


# --------------------------------------------------------------------------- (b) synthetic store


def plan_stories(to_make: int, big: int, story_size: int) -> list[int]:
    """Sizes of the regular stories, then the big one last."""
    big = min(big, to_make)
    regular = to_make - big
    count = max(1, round(regular / story_size)) if regular else 0
    sizes = [regular // count + (1 if i < regular % count else 0) for i in range(count)]
    return [*sizes, big] if big else sizes


def run_synth(work: Path, articles: int, big: int, story_size: int) -> dict[str, Any]:
    import numpy as np
    from situation_data import clone, random_signature

    from sitrep.extract.version import PIPELINE_VERSION
    from sitrep.settings import load_settings
    from sitrep.situation.alerts import raise_alerts
    from sitrep.situation.embed import default_embedder
    from sitrep.situation.picture import Loader, build_situation, main_story
    from sitrep.situation.stories import assign_article
    from sitrep.store import SQLiteStore

    started = time.perf_counter()
    db = work / "store.db"
    for old in work.glob("store.db*"):
        old.unlink()
    shutil.copy(work / "snapshot.db", db)
    settings = load_settings()
    store = SQLiteStore(db)
    embedder = default_embedder()
    base_story = main_story(store)
    templates = []
    for article in store.get_articles(store.story_articles(base_story)):
        if article.published is None:  # an undated clone may join any story: left out
            continue
        extraction = store.get_extraction(article.id, PIPELINE_VERSION)
        if extraction is None:
            raise SystemExit(f"no {PIPELINE_VERSION} extraction of {article.id}: code changed?")
        templates.append((article, extraction))
    sizes = plan_stories(articles - store.counts().articles, big, story_size)
    rng = np.random.default_rng(0)
    num_perm = settings.dedup.num_perm
    spent = {"write": 0.0, "assign": 0.0, "alerts": 0.0}
    placed: dict[int, Counter[str]] = {}
    shifts: list[int] = []
    regular = len(sizes) - (1 if big else 0)
    for number, size in enumerate(sizes):
        # regular stories in earlier periods, oldest first; the big one after the samples
        shift = GAP_DAYS if number >= regular else -GAP_DAYS * (regular - number)
        shifts.append(shift)
        placed[number] = Counter()
        made: dict[str, str] = {}
        for j in range(size):
            replica, t = divmod(j, len(templates))
            article, extraction = templates[t]
            t0 = time.perf_counter()
            new, new_extraction = clone(
                article,
                extraction,
                tag=f"{number}.{replica}.{t}",
                days=shift + replica,
                outlet_suffix=f"-{replica % OUTLET_VARIANTS}" if replica else "",
                duplicate_of=made.get(article.duplicate_of or ""),
            )
            made[article.id] = new.id
            store.put_article(new, signature=random_signature(rng, num_perm))
            store.put_extraction(new_extraction)
            t1 = time.perf_counter()
            assignment = assign_article(
                new, new_extraction, store=store, settings=settings.stories, embedder=embedder
            )
            spent["write"] += t1 - t0
            spent["assign"] += time.perf_counter() - t1
            placed[number][assignment.story_id] += 1
    t0 = time.perf_counter()
    alerts = 0
    for state in store.story_states():
        situation = build_situation(store, state.id, loader=Loader(store))
        alerts += len(raise_alerts(situation, store=store, settings=settings.alerts, now=_now()))
    spent["alerts"] = time.perf_counter() - t0
    states = store.story_states()
    size_of = {s.id: len(store.story_articles(s.id)) for s in states}
    counts = store.counts()
    big_id = placed[len(sizes) - 1].most_common(1)[0][0] if big else None
    regular_id = placed[0].most_common(1)[0][0] if len(sizes) > 1 or not big else None
    split = sum(len(c) > 1 for c in placed.values())
    stored_alerts = {k: len(store.alerts(story_id=k)) for k in (regular_id, big_id) if k}
    store.close()
    return {
        "articles": counts.articles,
        "copies": counts.copies,
        "stories": len(states),
        "story_sizes": sorted(size_of.values(), reverse=True),
        "planned_stories_split": split,
        "big_story": big_id,
        "big_story_articles": size_of.get(big_id or "", 0),
        "big_shift_days": shifts[-1] if big else None,
        "regular_story": regular_id,
        "regular_story_articles": size_of.get(regular_id or "", 0),
        "base_story": base_story,
        "alerts_sent": alerts,
        "stored_alerts": stored_alerts,
        "build_s": round(time.perf_counter() - started, 1),
        "write_s": round(spent["write"], 1),
        "assign_s": round(spent["assign"], 1),
        "alerts_s": round(spent["alerts"], 1),
        "store_mb": round(store_bytes(db) / 1e6, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def _now() -> Any:
    from sitrep.monitor import utc_now

    return utc_now()


def run_brief(work: Path, stories: list[str], repeats: int) -> dict[str, Any]:
    """In-process brief: fresh Loader (store reads) and filled Loader (a warm process)."""
    from sitrep.report.brief import build_brief
    from sitrep.report.brief_render import render_brief
    from sitrep.situation.picture import Loader, build_situation
    from sitrep.store import SQLiteStore

    store = SQLiteStore(work / "store.db")
    # warm-up: imports, the Jinja environment, cached vocabularies
    warm = build_situation(store, stories[0])
    render_brief(build_brief(warm, articles={}), format="html")
    out: dict[str, Any] = {}
    for story_id in stories:
        runs: dict[str, list[float]] = {
            k: [] for k in ("load", "situation", "brief", "render", "cold", "warm")
        }
        loader = Loader(store)
        situation = content = html = None
        articles: dict[str, Any] = {}
        for rep in range(repeats * 2):
            fresh = rep < repeats
            if fresh:  # like a new process: nothing left over from the previous run
                situation = content = html = None
                articles = {}
                loader = Loader(store)
                gc.collect()
            t0 = time.perf_counter()
            if fresh:
                loader.load(store.story_articles(store.story_state(story_id).id))
            t1 = time.perf_counter()
            situation = build_situation(store, story_id, loader=loader)
            t2 = time.perf_counter()
            articles = {a.id: a for a, _ in loader.load(list(situation.story.articles))}
            alerts = store.alerts(story_id=situation.story.id)
            content = build_brief(situation, articles=articles, alerts=alerts)
            t3 = time.perf_counter()
            html = render_brief(content, format="html")
            t4 = time.perf_counter()
            if fresh:
                runs["load"].append(t1 - t0)
                runs["situation"].append(t2 - t1)
                runs["brief"].append(t3 - t2)
                runs["render"].append(t4 - t3)
                runs["cold"].append(t4 - t0)
            else:
                runs["warm"].append(t4 - t0)
        assert situation is not None and html is not None
        out[story_id] = {
            "articles": len(situation.story.articles),
            "series": len(situation.series),
            "claims": sum(len(s.claims) for s in situation.series),
            "events": len(situation.events),
            "event_reports": sum(len(e.reports) for e in situation.events),
            "html_kb": round(len(html.encode()) / 1024),
            **{k: round(statistics.median(v), 3) for k, v in runs.items()},
        }
    store.close()
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_big(
    work: Path, story_id: str, base_story: str, shift: int, updates: int, checks: int
) -> dict[str, Any]:
    """Warm updates in the big story; the sample story's articles are the templates."""
    from sitrep.ingest.pipeline import load_index
    from sitrep.monitor import Monitor
    from sitrep.settings import load_settings
    from sitrep.store import SQLiteStore

    store = SQLiteStore(work / "store.db")
    monitor = Monitor(store, load_settings())
    t0 = time.perf_counter()
    pending = monitor.pending()  # what `sitrep watch` does first (catch_up), on 10k articles
    pending_s = time.perf_counter() - t0
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    load_index(store, monitor.settings)
    index_s = time.perf_counter() - t0
    templates = store.get_articles(store.story_articles(base_story))
    replicas = max(1, len(store.story_articles(story_id)) // max(len(templates), 1))
    result = warm_updates(
        monitor,
        story_id,
        templates,
        count=updates,
        cross_checks=checks,
        folder=work / "new-big",
        seed=2,
        day_shift=shift,
        spread_days=max(replicas - 1, 0),
    )
    store.close()
    return {
        "pending_s": round(pending_s, 2),
        "load_index_s": round(index_s, 2),
        "pending": len(pending),
        "rss_before_mb": rss_before,
        "updates": result,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_cli(args: list[str]) -> dict[str, Any]:
    """Run the ``sitrep`` command once; its wall time and peak RSS."""
    t0 = time.perf_counter()
    done = subprocess.run([str(SITREP), *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"sitrep {' '.join(args)} failed: {done.stderr[-2000:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(rss / 1024)}


# --------------------------------------------------------------------------- driver


def freeze_source(work: Path) -> Path:
    """Copy the library into ``work``: every step (and ``sitrep``) imports that copy, so an
    edit of the tree during the run cannot mix two versions (stored extractions are keyed
    by the pipeline version)."""
    frozen = work / "src"
    shutil.rmtree(frozen, ignore_errors=True)
    shutil.copytree(ROOT / "src" / "sitrep", frozen / "sitrep")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(frozen)], check=True)
    return frozen


def step(name: str, work: Path, *extra: str) -> dict[str, Any]:
    print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
    env = {**os.environ, "PYTHONPATH": str(work / "src")}
    done = subprocess.run(
        [sys.executable, __file__, "--run", name, "--work", str(work), *extra],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cold_brief(work: Path, story: str, repeats: int) -> dict[str, Any]:
    db = str(work / "store.db")
    out = str(work / f"brief-{story}.html")
    args = ["--db", db, "brief", story, "--format", "html", "-o", out]
    runs = [step("cli", work, "--", *args) for _ in range(repeats)]
    return {
        "seconds": round(statistics.median(r["seconds"] for r in runs), 3),
        "all": [r["seconds"] for r in runs],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "html_kb": round(Path(out).stat().st_size / 1024),
    }


def met(value: float, target: float, p95: float | None = None) -> str:
    if p95 is not None and value <= target < p95:
        return "median only"
    return "yes" if value <= target else "**no**"


def fmt_s(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def report(results: dict[str, Any]) -> None:
    sample, synth, cli, brief, big = (
        results[k] for k in ("sample", "synth", "cli", "brief", "big")
    )
    import sitrep
    from sitrep.extract.version import PIPELINE_VERSION

    versions = {results[k]["pipeline"] for k in ("sample", "synth", "brief", "big")}
    claims = [v["claims"] for k, v in brief.items() if isinstance(v, dict)]
    if versions != {PIPELINE_VERSION} or not all(claims):
        print(f"**WARNING: invalid run: pipeline versions {sorted(versions)}, brief claims "
              f"{claims}**\n")  # fmt: skip

    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; sitrep {sitrep.__version__} "
        f"({PIPELINE_VERSION}); load average at start / end: {results['load'][0]:.2f} / "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(
        f"store: {synth['articles']:,} articles ({synth['copies']} near-duplicate copies), "
        f"{synth['stories']} stories; sample story {sample['updates']['story_articles']} "
        f"articles after the updates, big story {synth['big_story_articles']:,}, "
        f"regular story {synth['regular_story_articles']}"
    )
    print()
    print("| measurement | value | target | met? |")
    print("|---|---|---|---|")
    for label, key in (("sample story", "sample"), ("big story", "big")):
        up = (sample if key == "sample" else big)["updates"]
        size = up["story_articles"]
        process = up["stages"]["process"]
        print(
            f"| (a) new article -> story + alerts, warm `Monitor.process` stages, {label} "
            f"({size:,} articles): median / p95 | {fmt_s(process['median'])} / "
            f"{fmt_s(process['p95'])} | <= 1 s | "
            f"{met(process['median'], TARGET_UPDATE_S, process['p95'])} |"
        )
        both = up["stages"]["ingest+process"]
        print(
            f"| (a) same plus `ingest` of the article (the `watch` path), {label}: "
            f"median / p95 | {fmt_s(both['median'])} / {fmt_s(both['p95'])} | <= 1 s | "
            f"{met(both['median'], TARGET_UPDATE_S, both['p95'])} |"
        )
    for label, key in (("regular", "regular_story"), ("big", "big_story")):
        story = synth[key]
        if story is None:
            continue
        size = synth[key + "_articles"]
        print(
            f"| (b) `sitrep brief --format html`, new process, {label} story ({size:,} "
            f"articles), median of {len(cli[story]['all'])} | {fmt_s(cli[story]['seconds'])} "
            f"| <= 2 s | {met(cli[story]['seconds'], TARGET_BRIEF_S)} |"
        )
        print(
            f"| (b) in-process situation + brief + html, fresh Loader, {label} story "
            f"| {fmt_s(brief[story]['cold'])} | <= 2 s | {met(brief[story]['cold'], 2.0)} |"
        )
        print(
            f"| (b) in-process situation + brief + html, warm Loader, {label} story "
            f"| {fmt_s(brief[story]['warm'])} | <= 2 s | {met(brief[story]['warm'], 2.0)} |"
        )
    print()
    print("(a) warm update stages, seconds per article (median / p95):")
    print()
    print("| story | articles | measured | " + " | ".join(STAGES) + " | process | ingest+process "
          "| of which GC | longest GC pause | `Monitor.process` cross-check (median / max) "
          "| alerts sent | peak RSS MB |")  # fmt: skip
    print("|---" * (len(STAGES) + 10) + "|")
    for label, data in (("sample", sample), ("big", big)):
        up = data["updates"]
        cells = [
            f"{up['stages'][k]['median']:.3f} / {up['stages'][k]['p95']:.3f}"
            for k in (*STAGES, "process", "ingest+process", "gc")
        ]
        check = up["monitor_process"]
        print(
            f"| {label} | {up['story_articles']:,} | {up['measured']} "
            f"({up['elsewhere']} elsewhere) | " + " | ".join(cells) + f" | "
            f"{up['gc_longest']:.3f} ({up['gc_objects']:,} objects) | "
            f"{check['median']:.3f} / {check['max']:.3f} | {up['alerts_sent']} "
            f"| {data['peak_rss_mb']} |"
        )
    print()
    print("(b) briefs, seconds (in-process: medians; fresh Loader = load + situation + brief):")
    print()
    print("| story | articles | claims | event reports | cold `sitrep brief` | peak RSS MB "
          "| load | situation | build_brief | render html | fresh total | warm total "
          "| html KB |")  # fmt: skip
    print("|---" * 13 + "|")
    for key in ("regular_story", "big_story"):
        story = synth[key]
        if story is None:
            continue
        b, c = brief[story], cli[story]
        print(
            f"| {story} | {b['articles']:,} | {b['claims']:,} | {b['event_reports']:,} | "
            f"{c['seconds']:.3f} | {c['peak_rss_mb']} | {b['load']:.3f} | {b['situation']:.3f} "
            f"| {b['brief']:.3f} | {b['render']:.3f} | {b['cold']:.3f} | {b['warm']:.3f} "
            f"| {b['html_kb']} |"
        )
    print()
    print("| other | value |")
    print("|---|---|")
    rows = [
        ("`sitrep --version` (start-up of a new process), median", fmt_s(cli["version"])),
        ("sample ingest + `catch_up` (spaCy, 37 articles)",
         f"{sample['ingest_s']} s + {sample['catch_up_s']} s"),
        ("synthetic store build: total (write / assign / alerts)",
         f"{synth['build_s']} s ({synth['write_s']} / {synth['assign_s']} / "
         f"{synth['alerts_s']} s)"),
        ("synthetic store build: peak RSS", f"{synth['peak_rss_mb']} MB"),
        ("store size on disk", f"{synth['store_mb']} MB"),
        ("stories planned but split by `assign_article`", str(synth["planned_stories_split"])),
        ("alerts stored (all statuses) in the regular / big story",
         " / ".join(str(n) for n in synth["stored_alerts"].values())),
        ("`Monitor.pending()` on the full store (start of `sitrep watch`)",
         f"{big['pending_s']} s"),
        ("near-duplicate index build (`load_index`: a plain `ingest` call; `watch` keeps it) on "
         "the full store", f"{big['load_index_s']} s"),
        ("warm process RSS before / after the big-story updates",
         f"{big['rss_before_mb']} / {big['peak_rss_mb']} MB"),
        ("in-process brief peak RSS", f"{brief['peak_rss_mb']} MB"),
    ]  # fmt: skip
    for label, value in rows:
        print(f"| {label} | {value} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the stores and briefs in this folder")
    parser.add_argument("--quick", action="store_true", help="1,000 articles, fewer updates")
    parser.add_argument("--updates", type=int, help="measured new articles per story (20)")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--story", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--shift", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    articles = 1_000 if args.quick and args.articles == 10_000 else args.articles
    updates = args.updates or (5 if args.quick else 20)
    checks = 2 if args.quick else 5
    repeats = 1 if args.quick else 3
    story_size = 100 if args.quick else STORY_SIZE
    if args.run:
        sys.path.insert(0, str(Path(__file__).parent))
        logging.basicConfig(level=logging.WARNING)
        logging.getLogger("sitrep").setLevel(logging.WARNING)
        work = args.work
        if args.run == "sample":
            out = run_sample(work, updates, checks)
        elif args.run == "synth":
            out = run_synth(work, articles, round(articles * BIG_SHARE), story_size)
        elif args.run == "brief":
            out = run_brief(work, args.story, repeats)
        elif args.run == "big":
            out = run_big(work, args.story[0], args.story[1], args.shift, updates, checks)
        elif args.run == "cli":
            out = run_cli(args.rest)
        else:
            raise SystemExit(f"unknown step {args.run}")
        from sitrep.extract.version import PIPELINE_VERSION

        out["pipeline"] = PIPELINE_VERSION
        print(json.dumps(out))
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(freeze_source(work)))
    try:
        sizes = ["--articles", str(articles), *(["--quick"] if args.quick else [])]
        counts = ["--updates", str(updates), *(["--quick"] if args.quick else [])]
        results: dict[str, Any] = {"load": os.getloadavg()}
        results["sample"] = step("sample", work, *counts)
        results["synth"] = synth = step("synth", work, *sizes)
        stories = [s for s in (synth["regular_story"], synth["big_story"]) if s]
        cli: dict[str, Any] = {s: cold_brief(work, s, repeats) for s in stories}
        version = [step("cli", work, "--", "--version")["seconds"] for _ in range(repeats)]
        cli["version"] = statistics.median(version)
        results["cli"] = cli
        story_args = [a for s in stories for a in ("--story", s)]
        results["brief"] = step("brief", work, *story_args, *counts)
        results["big"] = step(
            "big", work, "--story", synth["big_story"], "--story", synth["base_story"], "--shift",
            str(synth["big_shift_days"]), *counts,
        )  # fmt: skip
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    report(results)


if __name__ == "__main__":
    main()
