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
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Token

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
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl"})
SIGNATURE_DEPS = frozenset({"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass"})
NEXT_WORDS = frozenset({":", ",", "that"})
PREV_WORDS = frozenset({",", "<s>", '"', "”", "“"})
# feature families that start with the lemma ("lq=say|before"); "lx" may be cut at 60 chars
LEMMA_FAMILIES = frozenset({"lq", "lpr", "ls", "lx", "lp", "lk", "lsig"})
LONG_LEMMA = 50
STATIC_MAX = 200_000
_NONE: frozenset[str] = frozenset()
_ATTRS = [POS, TAG, DEP, LEMMA, LOWER, ORTH, ENT_TYPE, HEAD]


@dataclass(frozen=True, slots=True)
class CueModel:
    """Feature weights of the cue classifier and its decision threshold (a probability)."""

    bias: float
    threshold: float
    weights: Mapping[str, float]
    # (lemma, pos, tag, dep, lower, head dep, head lemma) -> summed weight of the features
    # built from those alone (filled by DocScorer, shared by all documents)
    static: dict[tuple[str, ...], float] = field(default_factory=dict, compare=False)
    # lemma -> the lemma-specific feature families ("lq", "lpr", ...) that have a weight
    families: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        found: dict[str, set[str]] = {}
        for name in self.weights:
            family, _, rest = name.partition("=")
            if family in LEMMA_FAMILIES:
                found.setdefault(rest.partition("|")[0], set()).add(family)
        self.families.update((lemma, frozenset(f)) for lemma, f in found.items())

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


class DocScorer:
    """:func:`model_scorer` for a whole document at once, from its attribute arrays.

    It builds the same features as :func:`features` (and sums their weights in the same
    order, so the probabilities are the same) without creating a spaCy ``Token`` per word:
    the cost of the attribution stage is mostly here. Each token's string attributes are
    read once; the weights of the features that depend on the token and its head alone
    are cached by those attributes.
    """

    __slots__ = (
        "_children",
        "_dep",
        "_ent",
        "_head",
        "_inside",
        "_lemma",
        "_lex",
        "_lower",
        "_model",
        "_orth",
        "_pos",
        "_quotes",
        "_tag",
    )

    def __init__(
        self,
        model: CueModel,
        lex: CueLexicon,
        doc: Doc,
        quotes: Sequence[tuple[int, int]],
        inside: AbstractSet[int],
    ) -> None:
        self._model = model
        self._lex = lex
        self._quotes = quotes
        self._inside = inside
        columns = doc.to_array(_ATTRS)
        strings = doc.vocab.strings

        def text(k: int, lower: bool = False) -> list[str]:
            values, inverse = np.unique(columns[:, k], return_inverse=True)
            table = [strings[v] for v in values.tolist()]
            if lower:
                table = [name.lower() for name in table]
            return list(map(table.__getitem__, inverse.tolist()))

        self._pos = text(0)
        self._tag = text(1)
        self._dep = text(2)
        self._lemma = text(3, lower=True)
        self._lower = text(4)
        self._orth = text(5)
        self._ent = text(6)
        offsets = columns[:, 7].astype("int64").tolist()
        self._head = [i + offset for i, offset in enumerate(offsets)]
        self._children: list[list[int]] = [[] for _ in offsets]
        for i, head in enumerate(self._head):
            if head != i:
                self._children[head].append(i)

    def candidates(self, start: int, end: int) -> list[int]:
        """Indices in ``[start, end)`` of the tokens :func:`is_candidate` accepts."""
        pos, dep = self._pos, self._dep
        return [i for i in range(start, end) if pos[i] in CANDIDATE_POS and dep[i] not in SKIP_DEPS]

    def accepted(self, start: int, end: int, threshold: float) -> list[int]:
        """Candidates of the sentence ``[start, end)`` scored at ``threshold`` or more."""
        return [i for i in self.candidates(start, end) if self.probability(i, start) >= threshold]

    def _near(self, i: int) -> str:
        """:func:`quote_context` of token ``i``."""
        pos = self._pos
        for start, end in self._quotes:
            if end <= i < end + QUOTE_WINDOW and not any(pos[t] == "VERB" for t in range(end, i)):
                return "before"
            if i < start <= i + QUOTE_WINDOW:
                return "after"
        return "none"

    def probability(self, i: int, sent_start: int) -> float:
        """The probability that token ``i`` (of a sentence starting at ``sent_start``) is a cue."""
        weights = self._model.weights
        get = weights.get
        pos_of, dep_of, lower_of, lemma_of = self._pos, self._dep, self._lower, self._lemma
        lemma, pos, dep, tag = lemma_of[i], pos_of[i], dep_of[i], self._tag[i]
        head = self._head[i]
        key = (lemma, pos, tag, dep, lower_of[i], dep_of[head], lemma_of[head])
        static = self._model.static
        total = static.get(key)
        if total is None:
            cls = self._lex.verbs.get(lemma) or self._lex.nouns.get(lower_of[i]) or "-"
            total = 0.0
            for f in (
                f"l={lemma}",
                f"p={pos}",
                f"t={tag}",
                f"d={dep}",
                f"ld={lemma}|{dep}",
                f"lt={lemma}|{tag}",
                f"c={cls}",
                f"cp={cls}|{pos}",
                f"cd={cls}|{dep}",
                f"hd={key[5]}|{dep}",
                f"hl={key[6]}|{dep}",
            ):
                total += get(f, 0.0)
            if len(static) >= STATIC_MAX:
                static.clear()
            static[key] = total
        # features without a weight add nothing: lemma-specific ones are only built when
        # the lemma has a weight in that family (the sum keeps the order of ``features``)
        fam = LEMMA_FAMILIES if len(lemma) > LONG_LEMMA else self._model.families.get(lemma, _NONE)
        inside = int(i in self._inside)
        near = self._near(i)
        out = [f"q={inside}", f"qn={near}"]
        if "lq" in fam:
            out.append(f"lq={lemma}|{near}")
        out.append(f"pq={pos}|{near}|{inside}")
        deps: set[str] = set()
        for c in self._children[i]:
            cdep = dep_of[c]
            if cdep not in KEY_DEPS:
                continue
            deps.add(cdep)
            if cdep == "prep":
                prep = lower_of[c]
                out.append(f"pr={prep}")
                if "lpr" in fam:
                    out.append(f"lpr={lemma}|{prep}")
            elif cdep in SUBJECT_DEPS:
                kind = "pron" if pos_of[c] == "PRON" else (self._ent[c] or pos_of[c])
                out.append(f"s={cdep}|{kind}")
                out.append(f"ps={pos}|{cdep}|{kind}")
                if "ls" in fam:
                    out.append(f"ls={lemma}|{cdep}|{kind}")
            elif cdep in CLAUSE_DEPS:
                marks = [lower_of[g] for g in self._children[c] if dep_of[g] in {"mark", "aux"}]
                out.append(f"cm={cdep}|{marks[0] if marks else '-'}")
                if "lx" in fam:
                    out.append(f"lx={lemma}|{cdep}|{lemma_of[c]}"[:60])
            elif cdep == "prt" and "lp" in fam:
                out.append(f"lp={lemma}|{lower_of[c]}")
        lk = "lk" in fam
        for cdep in deps:
            out.append(f"k={cdep}")
            if lk:
                out.append(f"lk={lemma}|{cdep}")
            out.append(f"pk={pos}|{cdep}")
        signature = "+".join(sorted(deps & SIGNATURE_DEPS))
        out.append(f"sig={pos}|{signature}")
        if "lsig" in fam:
            out.append(f"lsig={lemma}|{signature}")
        orth = self._orth
        nxt = orth[i + 1] if i + 1 < len(orth) else ""
        prev = orth[i - 1] if i > sent_start else "<s>"
        out.append(f"nw={nxt.lower()}")
        out.append(f"pw={prev.lower()}")
        if nxt in NEXT_WORDS:
            out.append(f"n={nxt}")
        if prev in PREV_WORDS:
            out.append(f"b={prev}")
        for f in out:
            total += get(f, 0.0)
        z = self._model.bias + total
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


__all__ = [
    "CueModel",
    "DocScorer",
    "cue_model",
    "features",
    "is_candidate",
    "model_scorer",
    "quote_context",
]
