"""Rules that find attributions as token spans: dependency rules and surface patterns.

:func:`parsed_attributions` reads the dependency parse (en, fr): a cue verb with its subject
(source) and clausal complement (content); a complement *before* the verb is a
parenthetical ("..., X said."). :func:`pattern_attributions` works on bare tokens (it, es,
or any pipeline without a parser): the text before a cue verb up to a clause boundary is
the source, the rest of the sentence the content. Both share the phrase cues: "according
to X", reporting nouns ("a statement by X", "rumours that") and hearsay adverbs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extract.cues import LEARNED_MIN, CueLexicon

TokSpan = tuple[int, int]  # token indices, end exclusive

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "nsubj:pass", "expl:subj"})
CLAUSES = frozenset({"ccomp", "xcomp"})
CUE_EXTRAS = frozenset({"aux", "auxpass", "neg", "aux:pass", "aux:tense", "prt"})
CLIMB = frozenset({"advcl", "conj", "xcomp", "pcomp", "prep", "acl", "obl", "mark"})
RECIPIENT_VERBS = frozenset({"tell", "ask", "inform", "brief", "assure", "remind", "warn"})
OPEN_QUOTES = frozenset("“«„")
CLOSE_QUOTES = frozenset("”»")
QUOTES = frozenset("\"“”«»„‟'")
BOUNDARIES = frozenset({",", ";", ":", "(", ")", "—", "–", "-"}) | QUOTES
COMPLEMENTIZERS = frozenset({"that", "che", "que", "qu'", "qu’", ":"})
QUOTE_WINDOW = 6  # tokens between a cue and a quotation it introduces ("told X: “...”")
PATTERN_WINDOW = 6  # tokens between a cue and its "that"/"che"/"que" (indirect object)


@dataclass(frozen=True, slots=True)
class Found:
    """One attribution as token spans; ``source`` is None for agentless reports."""

    cue: TokSpan
    source: TokSpan | None
    content: TokSpan
    kind: str


def trim(doc: Doc, span: TokSpan, *, keep_quotes: bool = False) -> TokSpan | None:
    """``span`` without leading/trailing punctuation (None when nothing is left)."""
    start, end = span
    while start < end and _edge_punct(doc[start], keep_quotes):
        start += 1
    while end > start and _edge_punct(doc[end - 1], keep_quotes):
        end -= 1
    return (start, end) if start < end else None


def _edge_punct(token: Token, keep_quotes: bool) -> bool:
    if keep_quotes and token.text in QUOTES:
        return False
    return token.is_punct or token.is_space


def is_quoted(doc: Doc, span: TokSpan) -> bool:
    """True when the span starts or ends at (or next to) a quotation mark."""
    start, end = span
    edges = {start, end - 1, start - 1, end} & set(range(len(doc)))
    return any(doc[i].text in QUOTES - {"'"} for i in edges)


def quote_regions(doc: Doc) -> list[TokSpan]:
    """Token spans of quotations, marks included; an unclosed quote ends at a paragraph break."""
    regions: list[TokSpan] = []
    opened: int | None = None
    for token in doc:
        text = token.text
        if opened is not None and (
            "\n\n" in token.whitespace_ or (token.is_space and "\n" in text)
        ):
            if text in CLOSE_QUOTES or text == '"':
                regions.append((opened, token.i + 1))
            else:
                regions.append((opened, token.i))
            opened = None
            continue
        if opened is None and (text in OPEN_QUOTES or text == '"'):
            opened = token.i
        elif opened is not None and (text in CLOSE_QUOTES or text == '"'):
            regions.append((opened, token.i + 1))
            opened = None
    if opened is not None:
        regions.append((opened, len(doc)))
    return regions


def _subtree(token: Token) -> TokSpan:
    return token.left_edge.i, token.right_edge.i + 1


# --------------------------------------------------------------------------- phrases


_INDEXES: dict[int, dict[str, list[tuple[str, ...]]]] = {}  # lexicon tables live forever


def _phrase_index(table: Mapping[str, str]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases of ``table`` by first word, longest first (built once per table)."""
    cached = _INDEXES.get(id(table))
    if cached is not None:
        return cached
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in table:
        words = tuple(phrase.replace("'", "' ").replace("' ", "'").split())
        index.setdefault(words[0], []).append(words)
    for phrases in index.values():
        phrases.sort(key=len, reverse=True)
    _INDEXES[id(table)] = index
    return index


def match_phrases(sent: Span, table: Mapping[str, str]) -> Iterator[TokSpan]:
    """Longest non-overlapping occurrences of ``table``'s phrases in ``sent`` (lower case)."""
    index = _phrase_index(table)
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        found = 0
        for words in index.get(_norm(doc[i]), ()):
            n = len(words)
            if i + n <= sent.end and all(_norm(doc[i + k]) == words[k] for k in range(n)):
                found = n
                break
        if found:
            yield i, i + found
            i += found
        else:
            i += 1


def _norm(token: Token) -> str:
    return token.lower_.replace("’", "'")


def _clause_end(doc: Doc, start: int, sent: Span) -> int:
    """First sentence-internal boundary (comma etc.) at or after ``start``, else sentence end."""
    for i in range(start, sent.end):
        if doc[i].text in {",", ";", "—", "–", "("}:
            return i
    return sent.end


def according_to(sent: Span, lex: CueLexicon, parsed: bool) -> Iterator[Found]:
    """ "According to X, ..." and "..., according to X." (kind ``according_to``)."""
    doc = sent.doc
    for start, end in match_phrases(sent, lex.according_to):
        if end >= sent.end:
            continue
        last = doc[end - 1]
        objects = [c for c in last.children if c.dep_ in {"pobj", "obj", "nmod", "obl"}]
        if parsed and objects and objects[0].i >= end:
            source_end = objects[0].right_edge.i + 1
        else:
            source_end = _clause_end(doc, end, sent)
        source = trim(doc, (end, source_end))
        if source is None:
            continue
        if trim(doc, (sent.start, start)) is None:  # cue opens the sentence
            content = trim(doc, (source_end, sent.end), keep_quotes=True)
        else:
            content = trim(doc, (sent.start, start), keep_quotes=True)
            tail = trim(doc, (source_end, sent.end), keep_quotes=True)
            if content is not None and tail is not None and doc[source_end].text != ",":
                content = (content[0], tail[1])
        if content is not None:
            yield Found((start, end), source, content, "according_to")


def adverbs(sent: Span, lex: CueLexicon) -> Iterator[Found]:
    """Hearsay adverbs ("reportedly"): agentless, the sentence is the content."""
    for span in match_phrases(sent, lex.adverbs):
        content = trim(sent.doc, (sent.start, sent.end), keep_quotes=True)
        if content is not None:
            yield Found(span, None, content, "agentless")


def nouns(sent: Span, lex: CueLexicon, parsed: bool) -> Iterator[Found]:
    """Reporting nouns with a content clause: "a statement by X: ...", "rumours that ..."."""
    doc = sent.doc
    for start, end in match_phrases(sent, lex.nouns):
        if end >= sent.end:
            continue
        source: TokSpan | None = None
        after = end
        if doc[end].lower_ in {"by", "from", "de", "di", "del", "della", "du", "des"}:
            source_end = _clause_end(doc, end + 1, sent)
            if parsed:
                objects = [c for c in doc[end].children if c.dep_ in {"pobj", "obj", "nmod"}]
                if objects:
                    source_end = objects[0].right_edge.i + 1
            source = trim(doc, (end + 1, source_end))
            after = source_end
        elif parsed:
            owners = [c for c in doc[end - 1].children if c.dep_ in {"poss", "nmod:poss"}]
            if owners:
                source = _subtree(owners[0])
                source = trim(doc, (source[0], min(source[1], start)))
        if after >= sent.end or _norm(doc[after]) not in COMPLEMENTIZERS:
            continue
        body = after + 1 if doc[after].text == ":" else after
        content = trim(doc, (body, sent.end), keep_quotes=True)
        if content is not None:
            kind = "reporting_noun" if source else "agentless"
            yield Found((start, end), source, content, kind)


# --------------------------------------------------------------------------- parsed


def _cue_span(verb: Token) -> TokSpan:
    tokens = [verb.i] + [c.i for c in verb.children if c.dep_ in CUE_EXTRAS]
    return min(tokens), max(tokens) + 1


def _lemma(verb: Token, lex: CueLexicon) -> str:
    """The lexicon key of ``verb``: phrasal "point_out" when listed, else its lemma."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "prt" and f"{lemma}_{child.lower_}" in lex.verbs:
            return f"{lemma}_{child.lower_}"
    if lemma in lex.verbs or lemma in lex.weights:
        return lemma
    for candidate in lex.lemma_candidates(verb.text):
        if candidate in lex.verbs:
            return candidate
    return lemma


def _is_candidate(lemma: str, lex: CueLexicon) -> bool:
    return lemma in lex.verbs or lex.weights.get(lemma, 0.0) >= LEARNED_MIN


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _inherited_subject(verb: Token) -> tuple[Token, Token] | None:
    """(subject, governing verb) for "..., adding that", "and added", "quoted as saying"."""
    node = verb
    for _ in range(3):
        if node.dep_ not in CLIMB or node.head is node:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subject = _subject(node)
            if subject is not None:
                return subject, node
    return None


def _adjacent_quote(verb: Token, quotes: Sequence[TokSpan]) -> tuple[TokSpan, bool] | None:
    """A quotation just before the cue clause ("“...,” X said") or just after ("said: “...”")."""
    doc = verb.doc
    left = verb.i
    subject = _subject(verb)
    if subject is not None and subject.i < verb.i:
        left = min(left, subject.left_edge.i)
    while left > 0 and doc[left - 1].text in {",", ":"}:
        left -= 1
    for start, end in quotes:
        if end == left or (end == left + 1 and doc[left].text in QUOTES):
            return (start, end), True
        if verb.i < start <= verb.i + QUOTE_WINDOW and not any(
            t.pos_ in {"VERB", "AUX"} or t.text in {".", ";"} for t in doc[verb.i + 1 : start]
        ):
            return (start, end), False
    return None


def _content(
    verb: Token, lemma: str, quotes: Sequence[TokSpan]
) -> tuple[TokSpan, bool, bool] | None:
    """The content span, whether it precedes the cue, whether it is a clause or quotation."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in CLAUSES and (child.dep_ == "ccomp" or child.i > verb.i):
            span = _subtree(child)
            return _widen_to_quote(span, verb.i, quotes), span[1] <= verb.i, True
    nxt = verb.i + 1
    if nxt < len(doc) and doc[nxt].text == ":" and nxt + 1 < len(doc):
        return (nxt + 1, verb.sent.end), False, True
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        head = verb.head
        return (head.left_edge.i, verb.left_edge.i), True, True
    quoted = _adjacent_quote(verb, quotes)
    if quoted is not None:
        return quoted[0], quoted[1], True
    if lemma not in RECIPIENT_VERBS:
        for child in verb.children:
            if child.dep_ in {"dobj", "obj"} and child.i > verb.i:
                return _subtree(child), False, False
    return None


def _widen_to_quote(span: TokSpan, cue: int, quotes: Sequence[TokSpan]) -> TokSpan:
    """The enclosing quotation when ``span`` is a quoted clause minus its marks."""
    for start, end in quotes:
        inside = start <= span[0] + 1 and span[1] - 1 <= end and not start <= cue < end
        if inside and start >= span[0] - 1 and end <= span[1] + 2:
            return start, end
    return span


def parsed_attributions(
    sent: Span, lex: CueLexicon, quotes: Sequence[TokSpan] = ()
) -> Iterator[Found]:
    """Attributions around cue verbs of a parsed sentence."""
    doc = sent.doc
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"aux", "auxpass", "amod"}:
            continue
        lemma = _lemma(verb, lex)
        if not _is_candidate(lemma, lex):
            continue
        found = _content(verb, lemma, quotes)
        if found is None:
            continue
        (content_start, content_end), before, clausal = found
        if lex.verb_cue(lemma, clausal=clausal) is None:
            continue
        content = trim(doc, (content_start, content_end), keep_quotes=True)
        if content is None:
            continue
        cue = _cue_span(verb)
        subject = _subject(verb)
        source: TokSpan | None = None
        kind = "parenthetical" if before else "indirect"
        if subject is not None and subject.dep_ in {"nsubjpass", "nsubj:pass"}:
            agent = _agent(verb)
            if agent is not None:
                source = _subtree(agent)
            elif subject.lower_ in lex.agentless_subjects:
                kind = "agentless"
            elif verb.lemma_.lower() in {"quote", "cite"}:
                source = _subtree(subject)
            else:
                continue
        elif subject is not None and subject.lower_ in lex.agentless_subjects and not before:
            kind = "agentless"  # "il est dit que", "it seems that"
        elif subject is not None:
            source = _subtree(subject)
        else:
            inherited = _inherited_subject(verb)
            if inherited is None:
                continue
            subject, governor = inherited
            source = _subtree(subject)
            if governor.lemma_.lower() in {"quote", "cite"}:
                cue = (_cue_span(governor)[0], cue[1])
        if source is not None:
            source = trim(doc, source)
            if source is None or (source[0] < content[1] and content[0] < source[1]):
                continue
        if is_quoted(doc, content):
            kind = "direct"
        yield Found(cue, source, content, kind)


# --------------------------------------------------------------------------- patterns


def _last_boundary(doc: Doc, start: int, end: int) -> int:
    """Index after the last clause boundary in ``doc[start:end]`` (``start`` if none)."""
    for i in range(end - 1, start - 1, -1):
        if doc[i].text in BOUNDARIES:
            return i + 1
    return start


def _complementizer(doc: Doc, end: int, sent: Span) -> int | None:
    """Index of "that"/"che"/"que"/":" within a few tokens after a cue, if any."""
    for i in range(end, min(end + PATTERN_WINDOW, sent.end)):
        if _norm(doc[i]) in COMPLEMENTIZERS:
            return i
        if doc[i].text in BOUNDARIES:
            return None
    return None


def pattern_attributions(sent: Span, lex: CueLexicon) -> Iterator[Found]:
    """Attributions around cue phrases of an unparsed sentence."""
    doc = sent.doc
    for start, end in match_phrases(sent, lex.verbs):
        boundary = _last_boundary(doc, sent.start, start)
        before = trim(doc, (boundary, start))
        comp = _complementizer(doc, end, sent)
        if comp is None and boundary > sent.start and doc[boundary - 1].text in {","} | QUOTES:
            content = trim(doc, (sent.start, boundary), keep_quotes=True)
            if content is not None:  # "..., ha detto il ministro." / "«...», il ministro ha detto"
                source = before or trim(doc, (end, _clause_end(doc, end, sent)))
                kind = "direct" if is_quoted(doc, content) else "parenthetical"
                yield Found((start, end), source, content, kind)
                continue
        body = end if comp is None else comp + (doc[comp].text == ":")
        content = trim(doc, (body, sent.end), keep_quotes=True)
        if content is None:
            continue
        kind = "direct" if is_quoted(doc, content) else "indirect"
        if before is None and comp is not None and comp > end:
            before = trim(doc, (end, comp))  # inverted: "Dijo el ministro que ..."
        if before is None:
            if _norm(doc[start]) in {"si", "se"}:
                yield Found((start, end), None, content, "agentless")
            continue
        yield Found((start, end), before, content, kind)


__all__ = [
    "Found",
    "according_to",
    "adverbs",
    "is_quoted",
    "match_phrases",
    "nouns",
    "parsed_attributions",
    "pattern_attributions",
    "trim",
]
