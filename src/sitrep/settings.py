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
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)


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
    )
