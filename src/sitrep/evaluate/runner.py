"""Run an evaluation set by name, check it against pinned floors, record it in the docs.

Each set maps a name to its default file under the shared evaluation folder and a scorer
``(path, limit) -> result``; a result is anything with ``to_dict()``. Metrics are the
flattened numeric leaves of that dict (``span_overlap.f1``), so floors and docs need no
per-set code.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
import re
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import EvalError

Scorer = Callable[[Sequence[Path], int | None], Any]


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A named evaluation: default files (relative to the eval folder) and its scorer."""

    name: str
    files: tuple[str, ...]
    module: str
    function: str
    multi: bool = False  # the scorer takes a list of paths (e.g. MUC-4 TST1 + TST2)
    description: str = ""
    headline: tuple[str, ...] = ()  # the metrics docs/accuracy.md shows (all with --json)

    def scorer(self) -> Scorer:
        func = getattr(importlib.import_module(self.module), self.function)

        def run(paths: Sequence[Path], limit: int | None) -> Any:
            return func(list(paths), limit=limit) if self.multi else func(paths[0], limit=limit)

        return run


SETS: dict[str, EvalSet] = {
    s.name: s
    for s in (
        EvalSet(
            "geowebnews",
            ("geowebnews/geowebnews.jsonl",),
            "sitrep.evaluate.geowebnews",
            "score_geowebnews",
            headline=(
                "span_overlap.precision",
                "span_overlap.recall",
                "span_overlap.f1",
                "span_exact.f1",
                "span_overlap_places_only.f1",
                "span_exact_places_only.f1",
                "span_overlap_places.f1",
                "span_overlap_literal.f1",
                "geocode_literal.accuracy_161",
                "geocode_literal.median_km",
                "geocode_literal.mean_km",
                "geocode_literal.id_match",
                "geocode_literal_with_id.accuracy_161",
                "geocode_all.accuracy_161",
                "geocode_detected.accuracy_161",
                "seconds_per_doc",
            ),
            description="toponym detection P/R/F1; geocoding accuracy@161 km given gold spans",
        ),
        EvalSet(
            "polnear",
            ("polnear/polnear_dev.jsonl",),
            "sitrep.evaluate.polnear",
            "score_polnear",
            headline=(
                "roles.source.overlap.f1",
                "roles.cue.overlap.f1",
                "roles.content.overlap.f1",
                "roles.source.exact.f1",
                "roles.cue.exact.f1",
                "roles.content.exact.f1",
                "attribution.f1",
                "docs",
            ),
            description="attribution source/cue/content span P/R/F1 and attribution F1 (dev)",
        ),
        EvalSet(
            "muc4",
            ("muc4/muc4_tst1.jsonl", "muc4/muc4_tst2.jsonl"),
            "sitrep.evaluate.muc4",
            "score_muc4",
            headline=(
                "killed.exact",
                "killed.mae",
                "injured.exact",
                "injured.mae",
                "relevant",
            ),
            multi=True,
            description="killed / injured counts per relevant document: exact match, MAE",
        ),
        EvalSet(
            "muc4_confidence",
            ("muc4/muc4_tst1.jsonl", "muc4/muc4_tst2.jsonl"),
            "sitrep.evaluate.muc4_confidence",
            "score_muc4_confidence",
            headline=("accuracy", "items"),
            multi=True,
            description="perpetrator confidence label accuracy (TST1+TST2)",
        ),
        EvalSet(
            "case2021",
            ("case2021_task2_event_types/case2021_task2_dev.jsonl",),
            "sitrep.evaluate.case2021",
            "score_case2021",
            headline=(
                "subtask1.macro_f1",
                "subtask1.micro.f1",
                "all30.macro_f1",
                "all30.micro.f1",
                "unmapped_subtask1",
            ),
            description="ACLED sub-event type of a snippet: micro/macro F1 (dev half)",
        ),
        EvalSet(
            "india_police",
            ("india_police_events/india_police_events_dev.jsonl",),
            "sitrep.evaluate.india_police",
            "score_india_police",
            headline=(
                "ARREST.precision",
                "ARREST.recall",
                "ARREST.f1",
                "KILL.precision",
                "KILL.recall",
                "KILL.f1",
                "FORCE.precision",
                "FORCE.recall",
                "FORCE.f1",
            ),
            description="police ARREST / KILL / FORCE per sentence: P/R/F1 (dev half)",
        ),
        EvalSet(
            "cameo_pentaclass",
            ("conflibert_cameo_pentaclass/cameo_pentaclass_train.jsonl",),
            "sitrep.evaluate.cameo_pentaclass",
            "score_cameo_pentaclass",
            headline=(
                "accuracy",
                "strict.macro_f1",
                "accuracy_fallback",
                "fallback.macro_f1",
                "source_exact.f1",
                "source_overlap.f1",
                "target_exact.f1",
                "target_overlap.f1",
            ),
            description="CAMEO PentaClass accuracy, macro F1; source/target span F1",
        ),
        EvalSet(
            "petrarch",
            (
                "petrarch_validation/petrarch2_unit_tests.jsonl",
                "petrarch_validation/ud_petrarch_validate_2_02.jsonl",
                "petrarch_validation/petr2_gsr_real_sentences.jsonl",
            ),
            "sitrep.evaluate.petrarch",
            "score_petrarch",
            headline=("events", "malformed_codes", "expected_events", "events_on_no_event_records"),
            multi=True,
            description="smoke test: well-formed CAMEO codes on the PETRARCH regression suite",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class EvalResult:
    name: str
    paths: tuple[str, ...]
    metrics: dict[str, float]
    details: dict[str, Any]
    seconds: float


def eval_dir() -> Path | None:
    """``$SITREP_EVAL_DIR``, else ``../shared/eval`` beside the repository or working dir."""
    if env := os.environ.get("SITREP_EVAL_DIR"):
        return Path(env)
    here = Path(__file__).resolve()
    candidates = [here.parents[3].parent / "shared" / "eval", Path.cwd().parent / "shared/eval"]
    return next((c for c in candidates if c.is_dir()), None)


def default_paths(name: str) -> list[Path]:
    """The default files of set ``name``; raises :class:`EvalError` when they are missing."""
    spec = _spec(name)
    base = eval_dir()
    if base is None:
        raise EvalError(
            "no evaluation data: ../shared/eval is not beside this checkout "
            "(set SITREP_EVAL_DIR or pass --path)"
        )
    paths = [base / f for f in spec.files]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise EvalError(f"evaluation files missing: {', '.join(missing)}")
    return paths


def _spec(name: str) -> EvalSet:
    if name not in SETS:
        raise EvalError(f"unknown evaluation set {name!r} (known: {', '.join(sorted(SETS))})")
    return SETS[name]


def flatten(data: Any, prefix: str = "") -> dict[str, float]:
    """Numeric leaves of nested dicts as ``{"a.b": 0.5}`` (booleans and None dropped)."""
    out: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        out[prefix.rstrip(".")] = float(data)
    return out


def run_eval(
    name: str, *, paths: Sequence[Path] | None = None, limit: int | None = None
) -> EvalResult:
    """Score set ``name`` on ``paths`` (default: its shared files)."""
    spec = _spec(name)
    files = list(paths) if paths else default_paths(name)
    for path in files:
        if not path.exists():
            raise EvalError(f"evaluation file not found: {path}")
    started = time.perf_counter()
    result = spec.scorer()(files, limit)
    details = result.to_dict()
    return EvalResult(
        name=name,
        paths=tuple(str(p) for p in files),
        metrics=flatten(details),
        details=details,
        seconds=round(time.perf_counter() - started, 1),
    )


@functools.cache
def floors() -> dict[str, dict[str, Any]]:
    """Pinned bounds per set: ``metric: 0.7`` is a floor, ``metric: {max: 0}`` a ceiling."""
    text = resources.files("sitrep.evaluate").joinpath("floors.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {name: dict(values or {}) for name, values in data.items()}


def below_floor(result: EvalResult) -> list[str]:
    """Human-readable failures: each pinned metric outside its bound (or missing)."""
    failures = []
    for metric, bound in floors().get(result.name, {}).items():
        if metric.startswith("_"):
            continue
        value = result.metrics.get(metric)
        if value is None:
            failures.append(f"{result.name}: metric {metric!r} is missing")
        elif isinstance(bound, dict) and value > float(bound["max"]):
            failures.append(f"{result.name}: {metric} = {value:.4f} > ceiling {bound['max']}")
        elif not isinstance(bound, dict) and value < float(bound):
            failures.append(f"{result.name}: {metric} = {value:.4f} < floor {bound}")
    return failures


def current_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    # Only code and data count: recording numbers in docs/accuracy.md must not mark the
    # next measurement as taken on uncommitted code.
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "src"], check=False)
    return out.stdout.strip() + ("+dirty" if dirty.returncode != 0 else "")


def markdown_section(result: EvalResult, *, keys: Sequence[str] | None = None) -> str:
    """A Markdown block with the metrics, the data files, the commit and the date."""
    shown = keys or SETS[result.name].headline or sorted(result.metrics)
    lines = [
        f"Measured on commit `{current_commit()}`, {dt.date.today().isoformat()}, "
        f"in {result.seconds} s, on {', '.join(Path(p).name for p in result.paths)}.",
        "",
        "| metric | value | floor |",
        "|---|---|---|",
    ]
    pinned = floors().get(result.name, {})
    for key in shown:
        if key in result.metrics:
            bound = None if "_limit" in pinned else pinned.get(key)
            floor = f"≤ {bound['max']}" if isinstance(bound, dict) else bound
            lines.append(
                f"| {key} | {result.metrics[key]:.4g} | {'' if floor is None else floor} |"
            )
    return "\n".join(lines)


def write_section(doc: Path, name: str, body: str) -> None:
    """Replace (or append) the block between ``<!-- eval:NAME -->`` markers in ``doc``."""
    start, end = f"<!-- eval:{name} start -->", f"<!-- eval:{name} end -->"
    block = f"{start}\n{body}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Accuracy\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip("\n") + f"\n\n## {name}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")
