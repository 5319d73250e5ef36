"""A learned English cue classifier: is this verb, noun or adjective an attribution cue?

PolNeAR codes cues far beyond reported speech (stance and action verbs: "backed",
"attacked", "is expected to"), so a lexicon cannot decide alone. A logistic regression over
sparse features of a candidate token (lemma, tag, dependency, the dependencies and
prepositions of its children, its subject, nearby quotations, its class in the curated cue
lexicon) gives the probability that the token heads a cue. It is fitted on PolNeAR *train*
by :mod:`sitrep.evaluate.attribution_fit` and shipped as ``data/attribution/en_cue_model.json``
(``{"bias", "threshold", "weights": {feature: weight}}``); the threshold maximises the
cue F1 of the whole attribution stage on held-out train documents.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from sitrep.extract.cues import CueLexicon

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
SKIP_DEPS = frozenset({"aux", "auxpass", "compound", "det", "poss", "case", "punct"})
# child dependencies worth a feature of their own, alone and with the lemma
KEY_DEPS = frozenset(
    {
        *("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "csubj", "agent", "prep", "mark"),
        *("advcl", "attr", "acomp", "dative", "parataxis", "acl", "relcl", "poss", "neg"),
        *("prt", "oprd", "conj", "advmod", "npadvmod", "pcomp", "expl"),
    }
)
QUOTE_MARKS = frozenset('"“”«»„‟')
QUOTE_WINDOW = 6


@dataclass(frozen=True, slots=True)
class CueModel:
    """Feature weights of the cue classifier and its decision threshold (a probability)."""

    bias: float
    threshold: float
    weights: Mapping[str, float]

    def probability(self, features: Sequence[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def cue_model(lang: str) -> CueModel | None:
    """The fitted cue model of ``lang`` (None when none is shipped)."""
    path = resources.files("sitrep") / "data" / "attribution" / f"{lang}_cue_model.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
    )


def is_candidate(token: Token) -> bool:
    """Tokens the classifier scores: content words that could head a cue."""
    return token.pos_ in CANDIDATE_POS and token.dep_ not in SKIP_DEPS


def _subject_kind(token: Token) -> str:
    if token.pos_ == "PRON":
        return "pron"
    if token.ent_type_:
        return token.ent_type_
    return token.pos_


def features(
    token: Token, lex: CueLexicon, inside_quote: bool, quote_near: str, sent_start: int
) -> list[str]:
    """Sparse features of one candidate token (see the module docstring)."""
    lemma = token.lemma_.lower()
    pos, dep = token.pos_, token.dep_
    cls = lex.verbs.get(lemma) or lex.nouns.get(token.lower_) or "-"
    out = [
        f"l={lemma}",
        f"p={pos}",
        f"t={token.tag_}",
        f"d={dep}",
        f"ld={lemma}|{dep}",
        f"lt={lemma}|{token.tag_}",
        f"c={cls}",
        f"cp={cls}|{pos}",
        f"cd={cls}|{dep}",
        f"hd={token.head.dep_}|{dep}",
        f"hl={token.head.lemma_.lower()}|{dep}",
        f"q={int(inside_quote)}",
        f"qn={quote_near}",
        f"lq={lemma}|{quote_near}",
        f"pq={pos}|{quote_near}|{int(inside_quote)}",
    ]
    deps: set[str] = set()
    for child in token.children:
        cdep = child.dep_
        if cdep not in KEY_DEPS:
            continue
        deps.add(cdep)
        if cdep == "prep":
            prep = child.lower_
            out.append(f"pr={prep}")
            out.append(f"lpr={lemma}|{prep}")
        elif cdep in {"nsubj", "nsubjpass", "poss", "agent"}:
            kind = _subject_kind(child)
            out.append(f"s={cdep}|{kind}")
            out.append(f"ps={pos}|{cdep}|{kind}")
            out.append(f"ls={lemma}|{cdep}|{kind}")
        elif cdep in {"ccomp", "xcomp", "advcl"}:
            marks = [g.lower_ for g in child.children if g.dep_ in {"mark", "aux"}]
            out.append(f"cm={cdep}|{marks[0] if marks else '-'}")
            out.append(f"lx={lemma}|{cdep}|{child.lemma_.lower()}"[:60])
        elif cdep == "prt":
            out.append(f"lp={lemma}|{child.lower_}")
    for cdep in deps:
        out.append(f"k={cdep}")
        out.append(f"lk={lemma}|{cdep}")
        out.append(f"pk={pos}|{cdep}")
    signature = "+".join(sorted(deps & {"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass"}))
    out.append(f"sig={pos}|{signature}")
    out.append(f"lsig={lemma}|{signature}")
    doc = token.doc
    nxt = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    prev = doc[token.i - 1].text if token.i > sent_start else "<s>"
    out.append(f"nw={nxt.lower()}")
    out.append(f"pw={prev.lower()}")
    if nxt in {":", ",", "that"}:
        out.append(f"n={nxt}")
    if prev in {",", "<s>", '"', "”", "“"}:
        out.append(f"b={prev}")
    return out


def quote_context(token: Token, quotes: Sequence[tuple[int, int]]) -> str:
    """``before`` / ``after`` when a quotation ends just before / starts just after."""
    i = token.i
    doc = token.doc
    for start, end in quotes:
        if end <= i < end + QUOTE_WINDOW and not any(t.pos_ == "VERB" for t in doc[end:i]):
            return "before"
        if i < start <= i + QUOTE_WINDOW:
            return "after"
    return "none"


def model_scorer(
    model: CueModel,
    lex: CueLexicon,
    quotes: Sequence[tuple[int, int]],
    inside: AbstractSet[int],
    sent_start: int,
) -> Callable[[Token], float]:
    """The probability that a token of the sentence starting at ``sent_start`` is a cue."""

    def score(token: Token) -> float:
        near = quote_context(token, quotes)
        return model.probability(features(token, lex, token.i in inside, near, sent_start))

    return score


__all__ = ["CueModel", "cue_model", "features", "is_candidate", "model_scorer", "quote_context"]
