"""Typed settings: the shipped ``defaults.yaml`` plus an optional user overlay, parsed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 5_000_000
    timeout_seconds: float = 15.0
    max_redirects: int = 5
    user_agent: str = "sitrep/0.1"
    min_text_chars: int = 40
    feed_min_words: int = 80


@dataclass(frozen=True, slots=True)
class DedupSettings:
    num_perm: int = 128
    shingle_words: int = 3
    lsh_threshold: float = 0.5
    min_similarity: float = 0.6


@dataclass(frozen=True, slots=True)
class StorySettings:
    """How articles are grouped into stories (see :mod:`sitrep.situation.stories`)."""

    window_days: int = 14
    threshold: float = 0.42
    text_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """When an alert is raised, and where it goes (see :mod:`sitrep.situation.alerts`)."""

    min_sources: int = 2
    single_source: str = "hold"
    revision_threshold: float = 0.1
    rate_limit: int = 20
    rate_window_minutes: int = 60
    sinks: tuple[dict[str, Any], ...] = ()
    # failed deliveries: first retry after retry_seconds, doubling up to retry_max_seconds,
    # given up after retry_attempts sends (see sitrep.report.outbox)
    retry_seconds: float = 60.0
    retry_max_seconds: float = 3600.0
    retry_attempts: int = 8

    def __post_init__(self) -> None:
        if self.single_source not in ("hold", "unconfirmed"):
            raise ConfigError(
                f"alerts.single_source must be 'hold' or 'unconfirmed', got {self.single_source!r}"
            )
        if self.min_sources < 1 or self.rate_limit < 1:
            raise ConfigError("alerts.min_sources and alerts.rate_limit must be at least 1")
        if self.retry_seconds <= 0 or self.retry_max_seconds < self.retry_seconds:
            raise ConfigError("alerts.retry_seconds must be > 0 and <= alerts.retry_max_seconds")
        if self.retry_attempts < 1:
            raise ConfigError("alerts.retry_attempts must be at least 1")
        if not all(isinstance(sink, dict) for sink in self.sinks):
            raise ConfigError("alerts.sinks must be a list of mappings, each with a 'type'")
        object.__setattr__(self, "sinks", tuple(self.sinks))


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """What ``sitrep watch`` polls and how politely (see :mod:`sitrep.ingest.schedule`)."""

    feeds: tuple[str, ...] = ()
    interval_seconds: float = 600.0
    jitter: float = 0.1
    host_delay_seconds: float = 5.0
    backoff_max_seconds: float = 3600.0

    def __post_init__(self) -> None:
        if self.interval_seconds <= 0 or not 0 <= self.jitter < 1:
            raise ConfigError("watch.interval_seconds must be > 0 and watch.jitter in [0, 1)")
        object.__setattr__(self, "feeds", tuple(self.feeds))


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)


def _merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _section(cls: type[Any], name: str, data: dict[str, Any]) -> Any:
    raw = data.get(name) or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"settings section {name!r} must be a mapping, got {raw!r}")
    known = set(cls.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"unknown settings in {name!r}: {', '.join(sorted(unknown))}")
    try:
        return cls(**raw)
    except TypeError as e:
        raise ConfigError(f"bad settings in {name!r}: {e}") from e


def load_settings(path: Path | None = None) -> Settings:
    """Read the shipped defaults, overlaid with the YAML file at ``path`` if given."""
    text = resources.files("sitrep").joinpath("defaults.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text) or {}
    if path is not None:
        try:
            overlay = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise ConfigError(f"cannot read settings file {path}: {e}") from e
        if not isinstance(overlay, dict):
            raise ConfigError(f"settings file {path} must hold a mapping")
        data = _merge(data, overlay)
    return Settings(
        ingest=_section(IngestSettings, "ingest", data),
        dedup=_section(DedupSettings, "dedup", data),
        stories=_section(StorySettings, "stories", data),
        alerts=_section(AlertSettings, "alerts", data),
        watch=_section(WatchSettings, "watch", data),
    )
