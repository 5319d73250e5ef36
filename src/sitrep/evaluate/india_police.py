"""Score police ARREST / KILL / FORCE detection on IndiaPoliceEvents jsonl (one document a line).

Each document's ``text_encoding_repaired`` runs through the English pipeline with events;
gold sentences are located in it in order (a sentence that cannot be found is processed on
its own). A sentence is predicted

* ARREST when it holds a non-negated CAMEO 173 event whose source is police (actor role
  ``COP``) or unstated (agentless "were arrested");
* FORCE when it holds a non-negated 175/18x/19x event with a police source;
* KILL when it is FORCE and the event is a killing (1823, 186, 20x) or the sentence has a
  death word (killed, dead, died, death).

Scores are sentence-level P/R/F1 per label (the paper's Task 1), plus ms per document.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from sitrep.evaluate.event_metrics import PRF, events_nlp, read_jsonl
from sitrep.model import Event

LABELS = ("ARREST", "KILL", "FORCE")
DEATH = re.compile(r"\b(kill|dead|died|death|lives|shot dead|fatal|bodies|body)", re.IGNORECASE)
FORCE_CODES = ("175", "18", "19", "20")
KILL_CODES = ("1823", "186", "20")


def police(code: str | None) -> bool:
    """True for a police actor code (``INDCOP``, ``COP``)."""
    return bool(code) and str(code).endswith("COP")


def sentence_labels(events: Sequence[Event], text: str) -> set[str]:
    """Predicted labels of one sentence from the events whose trigger lies in it."""
    labels: set[str] = set()
    for event in events:
        if event.negated:
            continue
        if event.cameo.startswith("173") and (
            event.source_actor is None or police(event.source_actor)
        ):
            labels.add("ARREST")
        if event.cameo.startswith(FORCE_CODES) and police(event.source_actor):
            labels.add("FORCE")
            if event.cameo.startswith(KILL_CODES) or DEATH.search(text):
                labels.add("KILL")
    return labels


@dataclass(frozen=True, slots=True)
class IndiaScores:
    """Sentence-level scores per label."""

    documents: int
    sentences: int
    per_label: dict[str, PRF]
    unlocated_sentences: int
    ms_per_document: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            **{label: prf.to_dict() for label, prf in self.per_label.items()},
            "unlocated_sentences": self.unlocated_sentences,
            "ms_per_document": round(self.ms_per_document, 2),
        }


def _locate(text: str, sentences: Sequence[str]) -> list[tuple[int, int] | None]:
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sent in sentences:
        found = text.find(sent, cursor) if sent else -1
        if found < 0:
            spans.append(None)
            continue
        spans.append((found, found + len(sent)))
        cursor = found + len(sent)
    return spans


def _predict(nlp: Language, record: dict[str, Any]) -> tuple[list[set[str]], int]:
    text = record.get("text_encoding_repaired") or record["text"]
    sents = [s.get("text_encoding_repaired") or s["text"] for s in record["sentences"]]
    doc = nlp.make_doc(text)
    doc._.published = record.get("date")
    doc._.outlet = record.get("outlet")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    events: list[Event] = doc._.events or []
    spans = _locate(text, sents)
    out: list[set[str]] = []
    missing = 0
    for sent, span in zip(sents, spans, strict=True):
        if span is None:
            missing += 1
            alone = nlp(sent)
            out.append(sentence_labels(alone._.events or [], sent))
            continue
        inside = [e for e in events if span[0] <= e.start < span[1]]
        out.append(sentence_labels(inside, sent))
    return out, missing


def score_india_police(path: Path, *, limit: int | None = None) -> IndiaScores:
    """Run the coder over ``path`` and score police events per sentence."""
    nlp = events_nlp("en")
    counts = {label: [0, 0, 0] for label in LABELS}
    docs = sentences = unlocated = 0
    started = time.perf_counter()
    for record in read_jsonl(path, limit=limit):
        docs += 1
        predicted, missing = _predict(nlp, record)
        unlocated += missing
        for sent, pred in zip(record["sentences"], predicted, strict=True):
            sentences += 1
            gold = set(sent.get("labels") or ())
            for label in LABELS:
                tally = counts[label]
                tally[0] += label in gold and label in pred
                tally[1] += label not in gold and label in pred
                tally[2] += label in gold and label not in pred
    elapsed = time.perf_counter() - started
    return IndiaScores(
        documents=docs,
        sentences=sentences,
        per_label={label: PRF(*counts[label]) for label in LABELS},
        unlocated_sentences=unlocated,
        ms_per_document=1000 * elapsed / docs if docs else 0.0,
    )
