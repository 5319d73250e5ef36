"""Shared pieces of the event evaluations: the English pipeline with events, and P/R/F1.

The pipeline is the complete one of :func:`sitrep.analyze.build_full_nlp`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from sitrep.analyze import build_full_nlp


def events_nlp(lang: str = "en") -> Language:
    """The extraction pipeline for ``lang`` with the events component last."""
    return build_full_nlp(lang)


def read_jsonl(path: Path, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of a jsonl file (the first ``limit`` when given)."""
    with Path(path).open(encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if limit is not None and count >= limit:
                return
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts and precision / recall / F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def label_prf(gold: Sequence[str], pred: Sequence[str | None], label: str) -> PRF:
    """One-vs-rest counts of ``label`` in single-label gold/predictions (None = no answer)."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
    return PRF(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class Averages:
    """Micro, macro and support-weighted F1 over a label set."""

    micro: PRF
    macro_f1: float
    weighted_f1: float
    per_label: dict[str, PRF]

    def to_dict(self) -> dict[str, Any]:
        return {
            "micro": self.micro.to_dict(),
            "macro_f1": round(self.macro_f1, 4),
            "weighted_f1": round(self.weighted_f1, 4),
            "per_label": {k: round(v.f1, 4) for k, v in self.per_label.items()},
        }


def averages(gold: Sequence[str], pred: Sequence[str | None], labels: Iterable[str]) -> Averages:
    """F1 averages of single-label predictions over ``labels`` (a None answer is a miss)."""
    per = {label: label_prf(gold, pred, label) for label in labels}
    support = {label: sum(1 for g in gold if g == label) for label in per}
    total = sum(support.values())
    micro = PRF(
        sum(v.tp for v in per.values()),
        sum(v.fp for v in per.values()),
        sum(v.fn for v in per.values()),
    )
    present = [label for label in per if support[label] or per[label].fp]
    macro = sum(per[label].f1 for label in present) / len(present) if present else 0.0
    weighted = sum(per[label].f1 * support[label] for label in per) / total if total else 0.0
    return Averages(micro, macro, weighted, per)
