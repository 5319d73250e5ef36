"""Score attribution extraction on PolNeAR-format jsonl (Newell, Margolin & Ruths 2018).

Each line holds ``text`` and gold ``attributions``: ``source``/``cue``/``content`` lists of
``{"spans": [[start, end], ...], "text": ...}`` (discontinuous spans are fragment lists).

Matching: a predicted attribution is paired one-to-one with the gold attribution whose cue
it overlaps most (gold without a cue cannot be matched). Then, per role:

* ``exact``: the predicted span equals the gold extent (first fragment start to last
  fragment end), both stripped of white space and ``.,;:`` at the edges;
* ``overlap``: the spans share a character;
* ``token``: partial credit, the share of word tokens in common (precision over predicted
  tokens, recall over gold tokens), as the PolNeAR paper's soft measure.

Role precision is over predictions that have the role, recall over gold that has it.
Attribution F1 counts a pair as correct when every role present in the gold overlaps.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import EvalError
from sitrep.extract.attribution import PIPE_NAME, find_attributions
from sitrep.extract.cues import cue_lexicon
from sitrep.model import Attribution

ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap", "token")
_STRIP = " \t\r\n\u00a0.,;:"
_WORD = re.compile(r"\w+")

Fragments = tuple[tuple[int, int], ...]
Roles = dict[str, Fragments]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from (possibly fractional) true-positive credit."""

    tp_pred: float = 0.0  # credit on the predicted side (precision numerator)
    tp_gold: float = 0.0  # credit on the gold side (recall numerator)
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.tp_pred + other.tp_pred,
            self.tp_gold + other.tp_gold,
            self.n_pred + other.n_pred,
            self.n_gold + other.n_gold,
        )

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True, slots=True)
class PolnearScores:
    """All PolNeAR scores of one run (see the module docstring)."""

    docs: int
    roles: dict[str, dict[str, PRF]] = field(default_factory=dict)
    attribution: PRF = PRF()
    seconds_per_doc: float = 0.0  # whole pipeline
    attribution_ms_per_doc: float = 0.0  # find_attributions alone

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "roles": {
                r: {m: s.to_dict() for m, s in modes.items()} for r, modes in self.roles.items()
            },
            "attribution": self.attribution.to_dict(),
            "seconds_per_doc": round(self.seconds_per_doc, 4),
            "attribution_ms_per_doc": round(self.attribution_ms_per_doc, 3),
        }

    def metrics(self) -> dict[str, float]:
        """Flat ``{role}_{mode}_{p,r,f1}`` and ``attribution_{p,r,f1}`` (CI floors)."""
        out: dict[str, float] = {}
        for role, modes in self.roles.items():
            for mode, prf in modes.items():
                out[f"{role}_{mode}_p"] = prf.precision
                out[f"{role}_{mode}_r"] = prf.recall
                out[f"{role}_{mode}_f1"] = prf.f1
        out["attribution_p"] = self.attribution.precision
        out["attribution_r"] = self.attribution.recall
        out["attribution_f1"] = self.attribution.f1
        return out


def load_polnear(path: Path, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Documents of a PolNeAR jsonl file (``EvalError`` when missing or malformed)."""
    if not path.is_file():
        raise EvalError(f"PolNeAR file not found: {path}")
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if limit is not None and number > limit:
                return
            try:
                record = json.loads(line)
                if not isinstance(record["text"], str) or "attributions" not in record:
                    raise KeyError("text/attributions")
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise EvalError(f"{path}:{number}: not a PolNeAR record ({e})") from e
            yield record


def gold_roles(attribution: dict[str, Any]) -> Roles:
    """Role -> fragments of one gold attribution (absent roles are left out)."""
    out: Roles = {}
    for role in ROLES:
        fragments = tuple(
            (int(s), int(e)) for part in attribution.get(role) or () for s, e in part["spans"]
        )
        if fragments:
            out[role] = fragments
    return out


def predicted_roles(attribution: Attribution) -> Roles:
    """Role -> span of one predicted attribution."""
    out: Roles = {
        "cue": ((attribution.cue_start, attribution.cue_end),),
        "content": ((attribution.content_start, attribution.content_end),),
    }
    if attribution.source_start is not None and attribution.source_end is not None:
        out["source"] = ((attribution.source_start, attribution.source_end),)
    return out


def _overlap(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def match(gold: Sequence[Roles], pred: Sequence[Roles]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greatest cue overlap first."""
    pairs = [
        (_overlap(g["cue"], p["cue"]), gi, pi)
        for gi, g in enumerate(gold)
        if "cue" in g
        for pi, p in enumerate(pred)
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out = []
    for amount, gi, pi in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if amount <= 0 or gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        out.append((gi, pi))
    return out


def _extent(text: str, fragments: Fragments) -> tuple[int, int]:
    start, end = fragments[0][0], fragments[-1][1]
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _tokens(text: str, fragments: Fragments) -> set[int]:
    return {m.start() for s, e in fragments for m in _WORD.finditer(text, s, e)}


def _credit(text: str, mode: str, gold: Fragments, pred: Fragments) -> tuple[float, float]:
    """(precision credit, recall credit) of one matched role."""
    if mode == "exact":
        hit = float(_extent(text, gold) == _extent(text, pred))
        return hit, hit
    if mode == "overlap":
        hit = float(_overlap(gold, pred) > 0)
        return hit, hit
    g, p = _tokens(text, gold), _tokens(text, pred)
    common = len(g & p)
    return (common / len(p) if p else 0.0), (common / len(g) if g else 0.0)


def score_document(
    text: str, gold: Sequence[Roles], pred: Sequence[Roles]
) -> tuple[dict[str, dict[str, PRF]], PRF]:
    """Per-role counts and attribution counts for one document."""
    pairs = match(gold, pred)
    roles: dict[str, dict[str, PRF]] = {}
    for role in ROLES:
        n_gold = sum(role in g for g in gold)
        n_pred = sum(role in p for p in pred)
        roles[role] = {}
        for mode in MODES:
            tp_pred = tp_gold = 0.0
            for gi, pi in pairs:
                if role in gold[gi] and role in pred[pi]:
                    cp, cg = _credit(text, mode, gold[gi][role], pred[pi][role])
                    tp_pred += cp
                    tp_gold += cg
            roles[role][mode] = PRF(tp_pred, tp_gold, n_pred, n_gold)
    correct = sum(
        all(role in pred[pi] and _overlap(frags, pred[pi][role]) > 0 for role, frags in g.items())
        for g, pi in ((gold[gi], pi) for gi, pi in pairs)
    )
    return roles, PRF(correct, correct, len(pred), len(gold))


def english_nlp() -> Language:
    """The English extraction pipeline (it includes the attribution component)."""
    from sitrep.extract.pipeline import build_nlp

    return build_nlp("en")


def score_polnear(
    path: Path, *, limit: int | None = None, nlp: Language | None = None
) -> PolnearScores:
    """Run the English pipeline over ``path`` and score its attributions."""
    nlp = nlp or english_nlp()
    records = list(load_polnear(path, limit=limit))
    roles = {role: dict.fromkeys(MODES, PRF()) for role in ROLES}
    total = PRF()
    own = 0.0
    started = time.perf_counter()
    docs = (nlp.make_doc(r["text"]) for r in records)
    with nlp.select_pipes(disable=[PIPE_NAME] if PIPE_NAME in nlp.pipe_names else []):
        parsed = list(nlp.pipe(docs))
    for record, doc in zip(records, parsed, strict=True):
        doc._.language = "en"
        tick = time.perf_counter()
        found = find_attributions(doc)
        own += time.perf_counter() - tick
        gold = [gold_roles(a) for a in record["attributions"]]
        doc_roles, doc_total = score_document(
            record["text"], gold, [predicted_roles(a) for a in found]
        )
        for role in ROLES:
            for mode in MODES:
                roles[role][mode] += doc_roles[role][mode]
        total += doc_total
    elapsed = time.perf_counter() - started
    n = max(len(records), 1)
    return PolnearScores(
        docs=len(records),
        roles=roles,
        attribution=total,
        seconds_per_doc=elapsed / n,
        attribution_ms_per_doc=1000 * own / n,
    )


def fit_cue_weights(
    path: Path, *, limit: int | None = None, min_count: int = 3, nlp: Language | None = None
) -> dict[str, tuple[float, int]]:
    """Lemma -> (share of its verb occurrences inside a gold cue, occurrences), from ``path``.

    Verbs inside quotations are skipped (PolNeAR rarely codes nested attributions). The
    result feeds ``data/attribution/en_weights.yaml``; fit on the train split only.
    """
    from sitrep.extract.attribution_spans import quote_regions

    nlp = nlp or english_nlp()
    records = list(load_polnear(path, limit=limit))
    hits: dict[str, list[int]] = {}
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]):
        docs = nlp.pipe(r["text"] for r in records)
        for record, doc in zip(records, docs, strict=True):
            cued = {
                i
                for a in record["attributions"]
                for part in a.get("cue") or ()
                for s, e in part["spans"]
                for i in range(s, e)
            }
            inside = {i for s, e in quote_regions(doc) for i in range(s + 1, e - 1)}
            for token in doc:
                if token.pos_ != "VERB" or token.i in inside:
                    continue
                tally = hits.setdefault(token.lemma_.lower(), [0, 0])
                tally[0] += token.idx in cued
                tally[1] += 1
    return {k: (h / n, n) for k, (h, n) in hits.items() if n >= min_count}


def tally_cue_configs(
    doc: Doc, record: dict[str, Any], tally: dict[str, list[int]], *, lang: str = "en"
) -> None:
    """Add one parsed document to ``tally``: ``lemma|clause`` / ``lemma|object`` -> [hits, n].

    Counts every verb where the dependency rule would fire (a complement and a source or
    inherited subject, outside quotations) and whether PolNeAR codes it as a cue.
    """
    from sitrep.extract.attribution_rules import cue_configuration

    lex = cue_lexicon(lang)
    cued = {
        i
        for a in record["attributions"]
        for part in a.get("cue") or ()
        for s, e in part["spans"]
        for i in range(s, e)
    }
    for token, key in cue_configuration(doc, lex):
        counts = tally.setdefault(key, [0, 0])
        counts[0] += token.idx in cued
        counts[1] += 1


def fit_cue_configs(
    path: Path, *, limit: int | None = None, min_count: int = 6, nlp: Language | None = None
) -> dict[str, tuple[float, int]]:
    """``lemma|clause`` / ``lemma|object`` -> (share that are gold cues, occurrences).

    The result feeds ``data/attribution/en_configs.yaml``; fit on the train split only.
    """
    nlp = nlp or english_nlp()
    records = list(load_polnear(path, limit=limit))
    tally: dict[str, list[int]] = {}
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]):
        docs = nlp.pipe(r["text"] for r in records)
        for record, doc in zip(records, docs, strict=True):
            tally_cue_configs(doc, record, tally)
    return {k: (round(h / n, 3), n) for k, (h, n) in tally.items() if n >= min_count}


__all__ = [
    "PRF",
    "PolnearScores",
    "Roles",
    "fit_cue_configs",
    "fit_cue_weights",
    "load_polnear",
    "match",
    "score_document",
    "score_polnear",
    "tally_cue_configs",
]
