"""Score perpetrator-confidence labels on MUC-4 jsonl (see ``shared/eval/muc4/README.md``).

For every ``PERP: ORGANIZATION CONFIDENCE`` filler of a relevant document we find the
sentences naming the perpetrator organisation (the filler's ``ref`` strings, else the
``PERP: ORGANIZATION ID`` values), judge each mention with
:func:`sitrep.extract.certainty.assess` and map the result to a MUC label:

=========================================  ==============================================
MUC label                                  sitrep evidence
=========================================  ==============================================
CLAIMED OR ADMITTED                        a claim cue ("claimed responsibility") with the
                                           organisation in the sentence, or the
                                           organisation is itself the attributed source
SUSPECTED OR ACCUSED BY AUTHORITIES        an accusation cue ("blamed", "accused",
                                           "attributed to") and a GOV/MIL/COP source
SUSPECTED OR ACCUSED                       an accusation cue, any other source
POSSIBLE                                   ``rumour`` or ``hypothetical`` (also ``denied``)
REPORTED AS FACT                           ``reported``, ``confirmed``, ``witness``,
                                           ``official_claim`` by a third party
=========================================  ==============================================

These rules give :func:`item_label`: the label most of the organisation's mentions get (ties:
the earliest mention's); a claim cue counts only when it is not negated ("no group has
claimed responsibility"). They reach 0.49 on DEV and 0.52 on TST1+TST2 ("any claimed
mention wins", the earlier rule, gave 0.43 / 0.50; always answering REPORTED AS FACT
gives 0.47 on TST). The default score is the rules', because they are
what sitrep's :func:`~sitrep.extract.certainty.assess` does. ``rules_only=False`` scores an
experiment instead: the DEV-fitted classifier of
:mod:`sitrep.evaluate.muc4_confidence_model` (its names are re-exported here); it reaches
0.60 in 5-fold CV on DEV but also 0.50 on TST1+TST2, so it is not used by the pipeline.
Without an attribution covering a mention, the speaker is read off the sentence ("according
to X", the subject of a reporting verb); an authority speaker gives SUSPECTED OR ACCUSED BY
AUTHORITIES even without an accusation cue. Texts are ALL CAPS: they are lower-cased
and sentence-cased before the English pipeline. Accuracy counts a prediction as right
when it is one of the gold alternatives.
"""

from __future__ import annotations

import importlib
import json
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.errors import EvalError
from sitrep.extract.certainty import Judgement, assess, cue_lexicon
from sitrep.model import Attribution, Certainty

if TYPE_CHECKING:  # imported lazily by __getattr__: that module imports this one
    from sitrep.evaluate.muc4_confidence_model import (
        ConfidenceModel,
        fit_from_muc4,
        fit_model,
        item_features,
        load_model,
    )

SLOT = "PERP: ORGANIZATION CONFIDENCE"
ORG_SLOT = "PERP: ORGANIZATION ID"
CLAIMED = "CLAIMED OR ADMITTED"
ACCUSED_AUTH = "SUSPECTED OR ACCUSED BY AUTHORITIES"
ACCUSED = "SUSPECTED OR ACCUSED"
POSSIBLE = "POSSIBLE"
FACT = "REPORTED AS FACT"
LABELS = (CLAIMED, ACCUSED_AUTH, ACCUSED, POSSIBLE, FACT)  # strongest first
AUTHORITY_ROLES = frozenset({"GOV", "MIL", "COP", "JUD"})
AUTHORITY_WORDS = re.compile(
    r"\b(police|army|armed forces|military|government|authorities|officials?|minist\w+|"
    r"president|colonel|general|commander|troops|soldiers|security forces|spokesman|"
    r"prosecutor|judge|attorney general)\b"
)
_POSSIBLE = frozenset({Certainty.RUMOUR, Certainty.HYPOTHETICAL, Certainty.DENIED})


@dataclass(frozen=True, slots=True)
class Item:
    """One gold filler: its document, acceptable labels and the org strings it refers to."""

    doc_id: str
    gold: frozenset[str]
    refs: tuple[str, ...]


@dataclass
class ConfidenceScores:
    """Accuracy overall and per gold label (first alternative), with a confusion table."""

    items: int = 0
    correct: int = 0
    unmatched: int = 0  # no sentence names the organisation
    by_label: dict[str, list[int]] = field(default_factory=dict)  # label -> [correct, total]
    confusion: Counter[str] = field(default_factory=Counter)  # "gold -> predicted"
    seconds_per_doc: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.items if self.items else 0.0

    def add(self, item: Item, predicted: str) -> None:
        label = sorted(item.gold, key=LABELS.index)[0]
        right = predicted in item.gold
        self.items += 1
        self.correct += right
        counts = self.by_label.setdefault(label, [0, 0])
        counts[0] += right
        counts[1] += 1
        self.confusion[f"{label} -> {predicted}"] += 1

    def metrics(self) -> dict[str, float]:
        """Flat numeric metrics: ``accuracy``, ``accuracy.<label>``, ``items``."""
        out = {"accuracy": round(self.accuracy, 4), "items": float(self.items)}
        for label, (right, total) in sorted(self.by_label.items()):
            out[f"accuracy.{label}"] = round(right / total, 4) if total else 0.0
        out["seconds_per_doc"] = round(self.seconds_per_doc, 4)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy": round(self.accuracy, 4),
            "items": self.items,
            "correct": self.correct,
            "unmatched": self.unmatched,
            "by_label": {k: {"correct": v[0], "total": v[1]} for k, v in self.by_label.items()},
            "confusion": dict(self.confusion.most_common()),
            "seconds_per_doc": round(self.seconds_per_doc, 4),
        }


# --------------------------------------------------------------------------- data


def _labels(values: Sequence[str]) -> frozenset[str]:
    out = set()
    for value in values:
        for part in re.split(r"/|:", value.strip("()? ")):
            part = part.strip("()? ")
            if part in LABELS:
                out.add(part)
    return frozenset(out)


def load_items(path: Path, *, limit: int | None = None) -> Iterator[tuple[dict[str, Any], Item]]:
    """(document, item) for every confidence filler of the relevant documents in ``path``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvalError(f"cannot read MUC-4 file {path}") from e
    for count, line in enumerate(lines):
        if limit is not None and count >= limit:
            return
        record = json.loads(line)
        if record.get("irrelevant"):
            continue
        for template in record["templates"]:
            slots = template["slots"]
            fillers = slots.get(SLOT)
            if not isinstance(fillers, list):
                continue
            orgs = [v for f in slots.get(ORG_SLOT) or [] for v in f["values"]]
            for filler in fillers:
                gold = _labels(filler["values"])
                if not gold:
                    continue
                refs = tuple(r.strip('" ') for r in (filler.get("ref") or orgs) if r.strip('" '))
                yield record, Item(record["doc_id"], gold, refs)


def normalise_text(text: str) -> str:
    """Lower-case an ALL CAPS MUC text, capitalise sentence starts, drop line breaks."""
    text = re.sub(r"\[[A-Z ]+\]", " ", text)  # [TEXT], [REPORT], [WORD INDISTINCT]
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


# --------------------------------------------------------------------------- labelling


def find_attributions(doc: Doc) -> list[Attribution]:
    """``doc._.attributions``, else the attribution finder when it is installed, else []."""
    if Doc.has_extension("attributions") and doc._.attributions is not None:
        return list(doc._.attributions)
    try:
        module = importlib.import_module("sitrep.extract.attribution")
    except ImportError:
        return []
    return list(module.find_attributions(doc))


def org_mentions(doc: Doc, refs: Sequence[str]) -> list[Span]:
    spans: list[Span] = []
    text = doc.text.lower()
    for ref in sorted({r.lower() for r in refs}, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(ref)}(?!\w)", text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and not any(s.start <= span.start < s.end for s in spans):
                spans.append(span)
    return sorted(spans, key=lambda s: s.start)


REPORTING_LEMMAS = frozenset(
    {
        "say",
        "report",
        "state",
        "add",
        "announce",
        "indicate",
        "claim",
        "confirm",
        "assert",
        "affirm",
        "note",
        "explain",
        "tell",
        "inform",
        "denounce",
        "charge",
        "accuse",
        "blame",
        "attribute",
        "maintain",
        "disclose",
        "reveal",
        "declare",
        "point",
        "allege",
        "believe",
    }
)
NEGATORS = frozenset({"not", "no", "never", "denied", "denies", "deny", "rejected"})
CLAIM_WINDOW = 12  # tokens after the organisation in which a claim cue counts as its own


def sentence_source(sent: Span) -> str | None:
    """Who speaks in ``sent`` when no attribution covers it: "according to X", X said."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            end = token.i + 2
            while end < sent.end and end < token.i + 10 and not sent.doc[end].is_punct:
                end += 1
            return sent.doc[token.i + 2 : end].text
    for token in sent:
        if token.lemma_ in REPORTING_LEMMAS and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in {"nsubj", "agent"} and child.lower_ != "it":
                    return sent.doc[child.left_edge.i : child.right_edge.i + 1].text
    return None


def is_authority(doc: Doc, text: str, start: int, end: int, code: str | None) -> bool:
    if (code or "")[-3:] in AUTHORITY_ROLES:
        return True
    actors = doc._.actors if Doc.has_extension("actors") else None
    for actor in actors or ():
        if start <= actor.start < end and actor.role in AUTHORITY_ROLES:
            return True
    return AUTHORITY_WORDS.search(text.lower()) is not None


def _claimed_by(doc: Doc, span: Span, sent: Span) -> bool:
    """A claim cue right after the organisation ("X claimed responsibility")."""
    window = doc[span.end : min(sent.end, span.end + CLAIM_WINDOW)]
    lexicon = cue_lexicon("en")
    for end in range(1, len(window) + 1):  # the first cue; a negator counts only before it
        if lexicon.has("claim", window[:end].text):
            return not any(t.dep_ == "neg" or t.lower_ in NEGATORS for t in window[:end])
    return False


def mention_label(doc: Doc, span: Span, judgement: Judgement, refs: Sequence[str]) -> str:
    """The MUC label for one mention (see the module docstring)."""
    sent = span.sent
    attributed = judgement.source is not None
    source = (judgement.source if attributed else sentence_source(sent)) or ""
    speaker = source.lower()
    if _claimed_by(doc, span, sent) or (speaker and any(r.lower() in speaker for r in refs)):
        return CLAIMED
    if judgement.certainty in _POSSIBLE:
        return POSSIBLE
    if judgement.cue == "accuse":
        text = source or sent.text
        authority = is_authority(doc, text, sent.start_char, sent.end_char, judgement.source_actor)
        return ACCUSED_AUTH if authority else ACCUSED
    if source and is_authority(doc, source, 0, 0, judgement.source_actor):
        return ACCUSED_AUTH  # an authority speaking about the perpetrator
    return FACT


def judged_mentions(
    doc: Doc, item: Item, attributions: Sequence[Attribution]
) -> list[tuple[Span, Judgement]]:
    """Each sentence-level mention of ``item``'s organisation with sitrep's judgement of it."""
    return [
        (s, assess(doc, s.start, s.end, attributions=attributions))
        for s in org_mentions(doc, item.refs)
    ]


def item_label(doc: Doc, item: Item, attributions: Sequence[Attribution]) -> str | None:
    """The label most mentions of the organisation get, ties to the earliest (None: none)."""
    labels = [
        mention_label(doc, s, j, item.refs) for s, j in judged_mentions(doc, item, attributions)
    ]
    if not labels:
        return None
    return Counter(labels).most_common(1)[0][0]  # ties: the earliest mention's label


def load_documents(
    paths: Sequence[Path], *, nlp: Language | None, limit: int | None
) -> list[tuple[Item, Doc]]:
    """Every confidence item of ``paths`` with its processed document."""
    if nlp is None:
        from sitrep.extract.pipeline import build_nlp

        nlp = build_nlp("en")
    cue_lexicon("en")
    pairs = [pair for path in paths for pair in load_items(Path(path), limit=limit)]
    texts: dict[str, str] = {}
    for record, _ in pairs:
        texts.setdefault(record["doc_id"], normalise_text(record["text"]))
    docs = dict(zip(texts, nlp.pipe(texts.values(), batch_size=16), strict=True))
    return [(item, docs[record["doc_id"]]) for record, item in pairs]


def score_muc4_confidence(
    paths: Sequence[Path],
    *,
    limit: int | None = None,
    nlp: Language | None = None,
    rules_only: bool = True,
) -> ConfidenceScores:
    """Confidence-label accuracy over ``paths`` (``limit`` lines each): model, or rules."""
    scores = ConfidenceScores()
    started = time.perf_counter()
    pairs = load_documents(paths, nlp=nlp, limit=limit)
    model = None
    if not rules_only:
        from sitrep.evaluate.muc4_confidence_model import item_features, load_model

        model = load_model()
    for item, doc in pairs:
        attributions = find_attributions(doc)
        if model is None:
            predicted = item_label(doc, item, attributions)
        else:
            features = item_features(doc, item, attributions)
            predicted = None if features is None else model.predict(features)
        if predicted is None:
            scores.unmatched += 1
            predicted = FACT
        scores.add(item, predicted)
    scores.seconds_per_doc = (time.perf_counter() - started) / max(
        1, len({i.doc_id for i, _ in pairs})
    )
    return scores


_MODEL_NAMES = frozenset(
    {"ConfidenceModel", "fit_from_muc4", "fit_model", "item_features", "load_model", "main"}
)


def __getattr__(name: str) -> Any:
    """The classifier's names, from :mod:`sitrep.evaluate.muc4_confidence_model` on first use."""
    if name in _MODEL_NAMES:
        return getattr(importlib.import_module("sitrep.evaluate.muc4_confidence_model"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LABELS",
    "ConfidenceModel",
    "ConfidenceScores",
    "Item",
    "fit_from_muc4",
    "fit_model",
    "item_features",
    "item_label",
    "judged_mentions",
    "load_items",
    "load_model",
    "mention_label",
    "normalise_text",
    "score_muc4_confidence",
]

if __name__ == "__main__":
    from sitrep.evaluate.muc4_confidence_model import main

    main()
