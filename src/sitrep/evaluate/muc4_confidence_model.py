"""The DEV-fitted MUC-4 confidence classifier, an experiment beside the rules.

A small multinomial logistic regression (:class:`ConfidenceModel`, weights in
``data/certainty/muc4_confidence_en.json``) fitted on DEV only over general features of the
perpetrator mentions (:func:`item_features`: cue classes, speaker role, dependency label,
neighbouring lemmas, the rule label of :func:`~sitrep.evaluate.muc4_confidence.mention_label`
itself). :func:`~sitrep.evaluate.muc4_confidence.score_muc4_confidence` uses it with
``rules_only=False``; it reaches 0.60 in 5-fold CV on DEV but also 0.50 on TST1+TST2, so the
pipeline does not use it. :func:`main` refits it.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.errors import EvalError
from sitrep.evaluate.muc4_confidence import (
    AUTHORITY_WORDS,
    CLAIM_WINDOW,
    LABELS,
    Item,
    find_attributions,
    is_authority,
    judged_mentions,
    load_documents,
    mention_label,
    sentence_source,
)
from sitrep.extract.certainty import Judgement, cue_lexicon
from sitrep.model import Attribution

GENERAL_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "ADV", "ADJ", "DET", "CCONJ", "PART"})
INFLECTED_VERB_TAGS = frozenset({"VBD", "VBN", "VBG", "VBZ"})  # a mis-tagged name is bare
CLANDESTINE = re.compile(r"\b(clandestine|rebel radio)\b")  # dateline outlet

# A multinomial logistic regression over general context features of the perpetrator
# mentions (cue classes before/after the mention and in its sentence, the speaker's role,
# the mention's dependency label, the two lemmas before it, the sentence root, the rule
# label), fitted on DEV only by :func:`fit_from_muc4` and stored in MODEL_FILE.
# Refit: ``python -m sitrep.evaluate.muc4_confidence <muc4_dev.jsonl>`` (which runs
# :func:`main`, as does ``python -m sitrep.evaluate.muc4_confidence_model``); then re-run
# ``sitrep eval muc4_confidence`` and tests/evaluate/test_muc4_confidence.py.

MODEL_FILE = ("data", "certainty", "muc4_confidence_en.json")
# L2 strength: 5-fold document-grouped cross-validation on DEV (10, 30, 100 tried; 30 best,
# CV accuracy 0.60). MIN_COUNT drops features seen in fewer DEV items (3 and 5 tried).
L2 = 30.0
MIN_COUNT = 5
STEPS, LEARNING_RATE = 400, 0.1  # Adam, full batch


def _mention_features(doc: Doc, span: Span, judgement: Judgement, refs: Sequence[str]) -> set[str]:
    sent = span.sent
    lexicon = cue_lexicon("en")
    source = judgement.source or sentence_source(sent) or ""
    after = doc[span.end : min(sent.end, span.end + CLAIM_WINDOW)].text
    before = doc[sent.start : span.start].text
    out = {
        f"rule={mention_label(doc, span, judgement, refs)}",
        f"certainty={judgement.certainty.value}",
        f"cue={judgement.cue}",
        f"dep={span.root.dep_}",
    }
    if judgement.source is not None:
        out.add("attributed")
    if source:
        authority = is_authority(doc, source, 0, 0, judgement.source_actor)
        out.add("source_authority" if authority else "source_other")
        if any(r.lower() in source.lower() for r in refs):
            out.add("source_is_org")
    out.add(f"role={(judgement.source_actor or '')[-3:] or 'none'}")
    for section in ("claim", "accuse", "hedge", "modal", "deny"):
        if lexicon.has(section, after):
            out.add(f"after_{section}")
        if lexicon.has(section, before):
            out.add(f"before_{section}")
        if lexicon.has(section, sent.text):
            out.add(f"sent_{section}")
    if AUTHORITY_WORDS.search(sent.text.lower()):
        out.add("sent_authority_word")
    window = doc[max(sent.start, span.start - 2) : span.start]
    out.update(f"prev={t.lemma_}" for t in window if _general(t))
    if _general(sent.root) and sent.root.tag_ in INFLECTED_VERB_TAGS:
        out.add(f"root={sent.root.lemma_}")
    return out


def _general(token: Token) -> bool:
    """A function word, verb, adjective or adverb outside any name: a safe lexical feature."""
    if not token.is_alpha or token.pos_ not in GENERAL_POS or token.ent_type_:
        return False
    for name in ("actors", "places"):
        mentions = getattr(token.doc._, name) if Doc.has_extension(name) else None
        if any(m.start <= token.idx < m.end for m in mentions or ()):
            return False
    return True


def item_features(doc: Doc, item: Item, attributions: Sequence[Attribution]) -> list[str] | None:
    """General features of ``item``'s mentions: ``f:`` the first, ``a:`` any (None: none)."""
    judged = judged_mentions(doc, item, attributions)
    if not judged:
        return None
    per_mention = [_mention_features(doc, s, j, item.refs) for s, j in judged]
    out = {f"f:{f}" for f in per_mention[0]}
    out.update(f"a:{f}" for feats in per_mention for f in feats)
    out.add(f"mentions={min(len(judged), 4)}")
    if CLANDESTINE.search(doc[: min(len(doc), 20)].text.lower()):
        out.add("clandestine_outlet")
    lexicon = cue_lexicon("en")
    out.update(f"doc_{s}" for s in ("claim", "accuse", "hedge", "deny") if lexicon.has(s, doc.text))
    return sorted(out)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Multinomial logistic regression: ``weights[feature][k]`` scores ``labels[k]``."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def predict(self, features: Sequence[str]) -> str:
        """The highest-scoring label for an item's ``features`` (unknown ones are ignored)."""
        scores = list(self.bias)
        for name in features:
            for k, w in enumerate(self.weights.get(name, ())):
                scores[k] += w
        return self.labels[max(range(len(scores)), key=scores.__getitem__)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "bias": [round(b, 4) for b in self.bias],
            "weights": {f: [round(w, 4) for w in ws] for f, ws in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConfidenceModel:
        labels = tuple(str(x) for x in data["labels"])
        weights = {str(f): tuple(float(w) for w in ws) for f, ws in data["weights"].items()}
        if any(len(ws) != len(labels) for ws in weights.values()):
            raise EvalError("confidence model: weight rows do not match the labels")
        return cls(labels, tuple(float(b) for b in data["bias"]), weights)


@functools.cache
def load_model() -> ConfidenceModel:
    """The packaged model (``MODEL_FILE``)."""
    path = resources.files("sitrep").joinpath(*MODEL_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalError(f"cannot read confidence model {'/'.join(MODEL_FILE)}") from e
    return ConfidenceModel.from_dict(data)


def fit_model(
    rows: Sequence[tuple[Sequence[str], frozenset[str]]], *, l2: float = L2
) -> ConfidenceModel:
    """Fit on (features, gold labels) rows; the loss is -log P(any gold alternative)."""
    counts = Counter(f for features, _ in rows for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    gold = np.zeros((len(rows), len(LABELS)))
    for r, (features, labels) in enumerate(rows):
        for f in features:
            if f in index:
                x[r, index[f]] = 1.0
        for label in labels:
            gold[r, LABELS.index(label)] = 1.0
    params = [np.zeros((len(names), len(LABELS))), np.zeros(len(LABELS))]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    n = max(1, len(rows))
    for step in range(1, STEPS + 1):
        z = x @ params[0] + params[1]
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        q = p * gold
        q /= np.maximum(q.sum(axis=1, keepdims=True), 1e-12)
        delta = (p - q) / n
        grads = [x.T @ delta + l2 * params[0] / n, delta.sum(axis=0)]
        for param, grad, (m, v) in zip(params, grads, moments, strict=True):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            m_hat, v_hat = m / (1 - 0.9**step), v / (1 - 0.999**step)
            param -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    weights = {f: tuple(float(w) for w in params[0][i]) for f, i in index.items()}
    return ConfidenceModel(LABELS, tuple(float(b) for b in params[1]), weights)


def fit_from_muc4(paths: Sequence[Path], *, nlp: Language | None = None) -> ConfidenceModel:
    """Fit the model on the MUC-4 files ``paths`` (DEV only: TST is for reporting)."""
    rows = [
        (features or [], item.gold)
        for item, doc in load_documents(paths, nlp=nlp, limit=None)
        for features in [item_features(doc, item, find_attributions(doc))]
    ]
    return fit_model(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Refit ``MODEL_FILE`` from DEV: ``python -m sitrep.evaluate.muc4_confidence DEV.jsonl``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        raise SystemExit("usage: python -m sitrep.evaluate.muc4_confidence muc4_dev.jsonl")
    model = fit_from_muc4([Path(args[0])])
    target = Path(str(resources.files("sitrep").joinpath(*MODEL_FILE)))
    target.write_text(json.dumps(model.to_dict(), indent=0) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(model.weights)} features")


__all__ = [
    "MODEL_FILE",
    "ConfidenceModel",
    "fit_from_muc4",
    "fit_model",
    "item_features",
    "load_model",
    "main",
]


if __name__ == "__main__":
    main()
