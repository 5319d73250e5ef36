"""The keys each sink type accepts in ``alerts.sinks``, and the checks on their values.

:data:`SINK_KEYS` is the schema :func:`validate_sink` checks an entry against before
:func:`sitrep.report.sinks.build_sinks` builds the sink; :func:`positive` is the check the
sinks themselves apply to a timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sitrep.errors import ConfigError


def positive(key: str, value: object) -> float:
    """``value`` as a float; ConfigError naming ``key`` unless it is a positive number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{key} must be a positive number, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class _Key:
    """One setting of a sink type: what it must be, and whether it must be present."""

    expected: str
    check: Callable[[Any], bool]
    required: bool = False


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_is_text(item) for item in value)


def _is_text_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


_TEXT = _Key("a non-empty string", _is_text)
_REQUIRED_TEXT = _Key("a non-empty string", _is_text, required=True)
_NUMBER = _Key("a number", _is_number)

SINK_KEYS: dict[str, dict[str, _Key]] = {
    "console": {},
    "jsonl": {"path": _REQUIRED_TEXT},
    "webhook": {
        "url": _REQUIRED_TEXT,
        "timeout": _NUMBER,
        "headers": _Key("a mapping of strings to strings", _is_text_map),
    },
    "email": {
        "host": _REQUIRED_TEXT,
        "port": _Key("an integer", _is_int, required=True),
        "sender": _REQUIRED_TEXT,
        "recipients": _Key("a list of addresses", _is_text_list, required=True),
        "starttls": _Key("true or false", lambda value: isinstance(value, bool)),
        "username": _TEXT,
        "password_env": _TEXT,
        "timeout": _NUMBER,
    },
    "atom": {
        "path": _REQUIRED_TEXT,
        "max_entries": _Key("an integer", _is_int),
        "title": _TEXT,
    },
}
"""The keys each sink type accepts besides ``type``."""


def validate_sink(where: str, config: object) -> tuple[str, dict[str, Any]]:
    """The sink type and its options, checked against :data:`SINK_KEYS`."""
    if not isinstance(config, Mapping):
        raise ConfigError(f"{where}: must be a mapping with a 'type', got {config!r}")
    if "type" not in config:
        raise ConfigError(f"{where}: missing key 'type' (one of {', '.join(SINK_KEYS)})")
    kind = config["type"]
    if not isinstance(kind, str) or kind not in SINK_KEYS:
        raise ConfigError(f"{where}: unknown type {kind!r} (one of {', '.join(SINK_KEYS)})")
    keys = SINK_KEYS[kind]
    options = {k: v for k, v in config.items() if k != "type"}
    for key in options:
        if key not in keys:
            allowed = ", ".join(keys) or "none"
            raise ConfigError(f"{where} ({kind}): unknown key {key!r} (allowed: {allowed})")
    for key, spec in keys.items():
        if key not in options:
            if spec.required:
                raise ConfigError(f"{where} ({kind}): missing key {key!r}")
        elif not spec.check(options[key]):
            raise ConfigError(
                f"{where} ({kind}): key {key!r} must be {spec.expected}, got {options[key]!r}"
            )
    return kind, options
