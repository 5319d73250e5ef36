"""Score CAMEO PentaClass and actor spans on ConfliBERT CAMEO jsonl (``cameo_pentaclass_*``).

Each sentence runs through the English pipeline with events. The sentence's event is the
one triggered by the root verb, else the first; its CAMEO code rolls up to a PentaClass with
the codebook (0 statement/appeal, 1 verbal cooperation, 2 material cooperation, 3 verbal
conflict, 4 material conflict). A sentence with no event counts as wrong in ``strict``; the
``fallback`` scores give it class 0 (a sentence without a coded act is most often a plain
statement). Span scores (sentences with gold spans only): the event's ``source``/``target``
text against the gold spans, exact (case-insensitive) and token overlap (micro P/R/F1 over
tokens).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from sitrep.evaluate.event_metrics import PRF, Averages, averages, events_nlp, read_jsonl
from sitrep.events.verbs import penta_class
from sitrep.model import Event

CLASSES = ("0", "1", "2", "3", "4")
FALLBACK = "0"


@dataclass(frozen=True, slots=True)
class PentaScores:
    """PentaClass accuracy / macro F1 (strict and with fallback) and span F1."""

    sentences: int
    with_event: int
    accuracy: float
    strict: Averages
    accuracy_fallback: float
    fallback: Averages
    source_exact: PRF
    source_overlap: PRF
    target_exact: PRF
    target_overlap: PRF

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = value.to_dict() if hasattr(value, "to_dict") else round(value, 4)
        return out


def main_event(doc: Doc) -> Event | None:
    """The event of the root verb of the first sentence, else the first event."""
    events: list[Event] = [e for e in doc._.events or [] if not e.opinion]
    if not events:
        return None
    root = next(iter(doc.sents)).root
    for event in events:
        if event.trigger == root.text and event.start <= root.idx < event.end:
            return event
    return events[0]


def _tokens(text: str | None) -> list[str]:
    return [t for t in (text or "").lower().replace(",", " ").split() if t]


def span_counts(gold: Sequence[str], pred: str | None) -> tuple[PRF, PRF]:
    """(exact, token-overlap) counts of one predicted span against the gold spans."""
    gold_norm = {g.strip().lower() for g in gold}
    hit = pred is not None and pred.strip().lower() in gold_norm
    exact = PRF(int(hit), int(pred is not None and not hit), len(gold_norm) - int(hit))
    gold_tokens = [t for g in gold for t in _tokens(g)]
    pred_tokens = _tokens(pred)
    remaining = list(gold_tokens)
    tp = 0
    for token in pred_tokens:
        if token in remaining:
            remaining.remove(token)
            tp += 1
    overlap = PRF(tp, len(pred_tokens) - tp, len(gold_tokens) - tp)
    return exact, overlap


def _add(a: PRF, b: PRF) -> PRF:
    return PRF(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn)


def score_cameo_pentaclass(path: Path, *, limit: int | None = None) -> PentaScores:
    """Run the coder over ``path`` and score classes and spans."""
    records = list(read_jsonl(path, limit=limit))
    nlp = events_nlp("en")
    gold: list[str] = []
    strict: list[str | None] = []
    spans = {name: PRF(0, 0, 0) for name in ("se", "so", "te", "to")}
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        event = main_event(doc)
        gold.append(str(record["penta_class"]))
        strict.append(str(penta_class(event.cameo)) if event else None)
        if record.get("source_spans") is None:
            continue
        se, so = span_counts(record.get("source_spans") or [], event.source if event else None)
        te, to = span_counts(record.get("target_spans") or [], event.target if event else None)
        spans = {
            "se": _add(spans["se"], se),
            "so": _add(spans["so"], so),
            "te": _add(spans["te"], te),
            "to": _add(spans["to"], to),
        }
    fallback = [p if p is not None else FALLBACK for p in strict]
    total = len(gold) or 1
    return PentaScores(
        sentences=len(gold),
        with_event=sum(p is not None for p in strict),
        accuracy=sum(g == p for g, p in zip(gold, strict, strict=True)) / total,
        strict=averages(gold, strict, CLASSES),
        accuracy_fallback=sum(g == p for g, p in zip(gold, fallback, strict=True)) / total,
        fallback=averages(gold, fallback, CLASSES),
        source_exact=spans["se"],
        source_overlap=spans["so"],
        target_exact=spans["te"],
        target_overlap=spans["to"],
    )
