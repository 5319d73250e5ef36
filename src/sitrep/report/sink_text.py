"""Alert text shared by the sinks: a one-line summary source and the plain-text body."""

from __future__ import annotations

import datetime as dt

from sitrep.model import Alert


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, made one space."""
    return " ".join(text.split())


def source_line(alert: Alert) -> str:
    """First evidence as ``outlet date``, for one-line summaries."""
    if not alert.evidence:
        return "no evidence"
    first = alert.evidence[0]
    return f"{first.outlet or 'unknown outlet'} {_date(first.published)}"


def _date(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value is not None else "undated"


def plain_text(alert: Alert) -> str:
    """The alert as plain text: title, detail, facts, then each piece of evidence quoted."""
    lines = [alert.title, "", alert.detail, ""]
    lines += [
        f"kind: {alert.kind}",
        f"status: {alert.status}",
        f"sources: {alert.sources}",
        f"story: {alert.story_id}",
        f"raised: {alert.raised_at.isoformat()}",
        f"key: {alert.key}",
        "",
        "Evidence:" if alert.evidence else "Evidence: none",
    ]
    for number, item in enumerate(alert.evidence, 1):
        lines.append(f"{number}. {item.outlet or 'unknown outlet'}, {_date(item.published)}")
        lines.append(f"   {item.url or '(no url)'}")
        lines.append(f'   "{one_line(item.text)}"')
    return "\n".join(lines) + "\n"
