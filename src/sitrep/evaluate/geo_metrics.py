"""Geoparsing metrics: span precision/recall/F1 (exact and overlap) and geocoding errors."""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sitrep.extract.geocode import haversine_km

ACCURACY_KM = 161.0  # 100 miles, the customary geocoding threshold
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the largest possible error

Offsets = tuple[int, int]

__all__ = [
    "ACCURACY_KM",
    "ErrorStats",
    "SpanCounts",
    "error_stats",
    "haversine_km",
    "match_spans",
    "overlaps",
]


def overlaps(a: Offsets, b: Offsets) -> bool:
    """True when two half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[Offsets], pred: Sequence[Offsets], *, exact: bool) -> set[int]:
    """Indices of ``gold`` spans matched one-to-one by some ``pred`` span."""
    used: set[int] = set()
    matched: set[int] = set()
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(pred):
            if p_index in used:
                continue
            if (p == g) if exact else overlaps(p, g):
                used.add(p_index)
                matched.add(g_index)
                break
    return matched


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """Micro-averaged span counts; add them up across documents with ``+``."""

    true_pos: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(
            self.true_pos + other.true_pos, self.n_pred + other.n_pred, self.n_gold + other.n_gold
        )

    @classmethod
    def of(cls, gold: Sequence[Offsets], pred: Sequence[Offsets], *, exact: bool) -> SpanCounts:
        """Counts for one document (each span matches at most one on the other side)."""
        return cls(len(match_spans(gold, pred, exact=exact)), len(pred), len(gold))

    @property
    def precision(self) -> float:
        return self.true_pos / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = asdict(self)
        out.update(precision=self.precision, recall=self.recall, f1=self.f1)
        return out


@dataclass(frozen=True, slots=True)
class ErrorStats:
    """Geocoding quality over ``n`` resolved gold toponyms (unresolved count as worst)."""

    n: int
    resolved: int
    accuracy_161: float
    median_km: float
    mean_km: float
    auc: float
    id_total: int
    id_match: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def auc_of(errors: Iterable[float]) -> float:
    """Gritta et al.'s AUC: area under the curve of log error, scaled to 0 (best) .. 1."""
    scaled = sorted(math.log1p(e) / math.log1p(MAX_ERROR_KM) for e in errors)
    if not scaled:
        return 0.0
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def error_stats(errors: Sequence[float | None], id_hits: Sequence[bool]) -> ErrorStats:
    """Summarise per-toponym errors (km, None = unresolved) and GeoNames-id hits."""
    filled = [MAX_ERROR_KM if e is None else e for e in errors]
    n = len(filled)
    return ErrorStats(
        n=n,
        resolved=sum(e is not None for e in errors),
        accuracy_161=sum(e <= ACCURACY_KM for e in filled) / n if n else 0.0,
        median_km=statistics.median(filled) if n else 0.0,
        mean_km=statistics.fmean(filled) if n else 0.0,
        auc=auc_of(filled),
        id_total=len(id_hits),
        id_match=sum(id_hits) / len(id_hits) if id_hits else 0.0,
    )
