"""Domain records, defined once (see :mod:`sitrep.model.base` for the conventions).

``from sitrep.model import Article, Figure, Story`` is the one import path for every record.
"""

from sitrep.model.article import Article, IngestReport, Outcome, Rejection, RejectReason
from sitrep.model.base import Record
from sitrep.model.extraction import (
    Actor,
    Attribution,
    Certainty,
    Event,
    Extraction,
    Figure,
    Passage,
    Place,
    Reaction,
    Stance,
    TimeRef,
)
from sitrep.model.situation import (
    Alert,
    AlertKind,
    Claim,
    Contradiction,
    EventReport,
    Evidence,
    FailedDelivery,
    FigureSeries,
    MergedEvent,
    PlaceMention,
    ReactionEntry,
    Revision,
    Situation,
    Story,
)

__all__ = [
    "Actor",
    "Alert",
    "AlertKind",
    "Article",
    "Attribution",
    "Certainty",
    "Claim",
    "Contradiction",
    "Event",
    "EventReport",
    "Evidence",
    "Extraction",
    "FailedDelivery",
    "Figure",
    "FigureSeries",
    "IngestReport",
    "MergedEvent",
    "Outcome",
    "Passage",
    "Place",
    "PlaceMention",
    "Reaction",
    "ReactionEntry",
    "Record",
    "RejectReason",
    "Rejection",
    "Revision",
    "Situation",
    "Stance",
    "Story",
    "TimeRef",
]
