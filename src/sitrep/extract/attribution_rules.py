"""Rules that find attributions as token spans: dependency rules and surface patterns.

:func:`parsed_attributions` reads the dependency parse (en, fr): a cue verb with its subject
(source) and clausal complement (content); a complement *before* the verb is a
parenthetical ("..., X said."); "as X noted" takes the clause it modifies; failing a
clause, a quotation, object or topic ("called for X", "talked about X") is the content.
Whether a verb in a configuration is a cue is learned (:meth:`CueLexicon.verb_cue`).
:func:`pattern_attributions` works on bare tokens (it, es, or any pipeline without a
parser): the text before a cue verb up to a clause boundary is the source, the rest of the
sentence the content. Both share the phrase cues: "according to X", reporting nouns ("a
statement by X", "rumours that"), hearsay adverbs and speaker labels ("Jane Roe: ...").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.extract.attribution_spans import (
    BOUNDARIES,
    QUOTES,
    Found,
    TokSpan,
    clause_end,
    is_quoted,
    match_phrases,
    plain_lower,
    quote_regions,
    subtree,
    trim,
)
from sitrep.extract.cues import LEARNED_MIN, CueLexicon

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "nsubj:pass", "expl:subj"})
CLAUSES = frozenset({"ccomp", "xcomp"})
CUE_EXTRAS = frozenset({"aux", "auxpass", "neg", "aux:pass", "aux:tense", "prt"})
CLIMB = frozenset({"advcl", "conj", "xcomp", "pcomp", "prep", "acl", "obl", "mark"})
RECIPIENT_VERBS = frozenset({"tell", "ask", "inform", "brief", "assure", "remind", "warn"})
COMPLEMENTIZERS = frozenset({"that", "che", "que", "qu'", "qu’", ":"})
# prepositions whose object is the content of a cue verb without a clause or direct object
TOPIC_PREPS = frozenset({"about", "for", "to", "on", "against", "at", "over"})
# "Name: text" (see colons): entity types of a speaker, words a name may hold, its length
SPEAKER_ENTS = frozenset({"PERSON", "ORG"})
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART"})
COLON_SOURCE_MAX = 7
QUOTE_WINDOW = 6  # tokens between a cue and a quotation it introduces ("told X: “...”")
PATTERN_WINDOW = 6  # tokens between a cue and its "that"/"che"/"que" (indirect object)


def according_to(
    sent: Span, lex: CueLexicon, parsed: bool, words_of: Sequence[str] | None = None
) -> Iterator[Found]:
    """ "According to X, ..." and "..., according to X." (kind ``according_to``)."""
    doc = sent.doc
    for start, end in match_phrases(sent, lex.according_to, words_of):
        if end >= sent.end:
            continue
        last = doc[end - 1]
        objects = [c for c in last.children if c.dep_ in {"pobj", "obj", "nmod", "obl"}]
        if parsed and objects and objects[0].i >= end:
            source_end = objects[0].right_edge.i + 1
        else:
            source_end = clause_end(doc, end, sent)
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


def adverbs(sent: Span, lex: CueLexicon, words_of: Sequence[str] | None = None) -> Iterator[Found]:
    """Hearsay adverbs ("reportedly"): agentless, the sentence is the content."""
    for span in match_phrases(sent, lex.adverbs, words_of):
        content = trim(sent.doc, (sent.start, sent.end), keep_quotes=True)
        if content is not None:
            yield Found(span, None, content, "agentless")


def nouns(
    sent: Span, lex: CueLexicon, parsed: bool, words_of: Sequence[str] | None = None
) -> Iterator[Found]:
    """Reporting nouns with a content clause: "a statement by X: ...", "rumours that ..."."""
    doc = sent.doc
    for start, end in match_phrases(sent, lex.nouns, words_of):
        if end >= sent.end:
            continue
        source: TokSpan | None = None
        after = end
        if doc[end].lower_ in {"by", "from", "de", "di", "del", "della", "du", "des"}:
            source_end = clause_end(doc, end + 1, sent)
            if parsed:
                objects = [c for c in doc[end].children if c.dep_ in {"pobj", "obj", "nmod"}]
                if objects:
                    source_end = objects[0].right_edge.i + 1
            source = trim(doc, (end + 1, source_end))
            after = source_end
        elif parsed:
            owners = [c for c in doc[end - 1].children if c.dep_ in {"poss", "nmod:poss"}]
            if owners:
                source = subtree(owners[0])
                source = trim(doc, (source[0], min(source[1], start)))
        if after >= sent.end or plain_lower(doc[after]) not in COMPLEMENTIZERS:
            continue
        body = after + 1 if doc[after].text == ":" else after
        content = trim(doc, (body, sent.end), keep_quotes=True)
        if content is not None:
            kind = "reporting_noun" if source else "agentless"
            yield Found((start, end), source, content, kind)


def colons(sent: Span, quotes: Sequence[TokSpan]) -> Iterator[Found]:
    """ "Name: text" (a headline or a speaker label) and "... pollster Jane Roe: “...”".

    The source is a short run of name words right before the colon whose last word is a
    person or organisation (a proper noun when there is no NER). At the start of a sentence
    or after a dash any content counts; later in a sentence only a quotation after the colon.
    """
    doc = sent.doc
    named = doc.has_annotation("ENT_IOB")
    for colon in range(sent.start + 1, sent.end - 1):
        if doc[colon].text != ":":
            continue
        last = doc[colon - 1]
        if last.pos_ != "PROPN" or (named and last.ent_type_ not in SPEAKER_ENTS):
            continue
        start = colon - 1
        while (
            start > sent.start
            and colon - start < COLON_SOURCE_MAX
            and doc[start - 1].pos_ in NAME_POS
            and doc[start - 1].text not in BOUNDARIES
        ):
            start -= 1
        opens = start == sent.start or doc[start - 1].text in {"—", "–", "-", "(", "\n"}
        quoted = any(q_start == colon + 1 for q_start, _ in quotes)
        if not (opens or quoted):
            continue
        content = trim(doc, (colon + 1, sent.end), keep_quotes=True)
        if content is None or content[1] - content[0] < 2:
            continue
        yield Found((colon, colon + 1), (start, colon), content, "direct" if quoted else "indirect")


# --------------------------------------------------------------------------- parsed


def cue_span(verb: Token) -> TokSpan:
    tokens = [verb.i] + [c.i for c in verb.children if c.dep_ in CUE_EXTRAS]
    return min(tokens), max(tokens) + 1


def cue_lemma(verb: Token, lex: CueLexicon) -> str:
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


def inherited_subject(verb: Token) -> tuple[Token, Token] | None:
    """(subject, governing verb) for "..., adding that", "and added", "quoted as saying"."""
    node = verb
    for _ in range(3):
        if node.dep_ not in CLIMB or node.head.i == node.i:
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


def content_span(
    verb: Token, lemma: str, quotes: Sequence[TokSpan]
) -> tuple[TokSpan, bool, bool] | None:
    """The content span, whether it precedes the cue, whether it is a clause or quotation."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in CLAUSES and (child.dep_ == "ccomp" or child.i > verb.i):
            span = subtree(child)
            return _widen_to_quote(span, verb.i, quotes), span[1] <= verb.i, True
    nxt = verb.i + 1
    if nxt < len(doc) and doc[nxt].text == ":" and nxt + 1 < len(doc):
        return (nxt + 1, verb.sent.end), False, True
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        head = verb.head
        return (head.left_edge.i, verb.left_edge.i), True, True
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        head = verb.head  # "As X noted, <clause>" / "<clause>, as X noted"
        if verb.right_edge.i < head.i:
            return (verb.right_edge.i + 1, head.right_edge.i + 1), False, True
        return (head.left_edge.i, verb.left_edge.i), True, True
    quoted = _adjacent_quote(verb, quotes)
    if quoted is not None:
        return quoted[0], quoted[1], True
    if lemma not in RECIPIENT_VERBS:
        for child in verb.children:
            if child.dep_ in {"dobj", "obj"} and child.i > verb.i:
                return subtree(child), False, False
    for child in verb.children:  # "talked about X", "called for X", "pointed to X"
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS and child.i > verb.i:
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    return subtree(obj), False, False
    return None


def _widen_to_quote(span: TokSpan, cue: int, quotes: Sequence[TokSpan]) -> TokSpan:
    """The enclosing quotation when ``span`` is a quoted clause minus its marks."""
    for start, end in quotes:
        inside = start <= span[0] + 1 and span[1] - 1 <= end and not start <= cue < end
        if inside and start >= span[0] - 1 and end <= span[1] + 2:
            return start, end
    return span


def after_line_break(doc: Doc, span: TokSpan, head: Token | None) -> TokSpan:
    """``span`` from the last line break before its head (a headline or dateline above it)."""
    start, end = span
    stop = head.i if head is not None and start <= head.i < end else end
    for i in range(stop - 1, start - 1, -1):
        if doc[i].is_space and "\n" in doc[i].text:
            return i + 1, end
    return span


def cue_configuration(doc: Doc, lex: CueLexicon) -> Iterator[tuple[Token, str]]:
    """(verb, ``lemma|clause`` or ``lemma|object``) wherever the verb rule could fire.

    The rule's candidate configurations, whatever the lexicon says: a complement found by
    :func:`content_span` and a subject (own, inherited or the noun an ``acl`` verb modifies),
    outside quotations. Used to fit ``data/attribution/en_configs.yaml`` on PolNeAR train.
    """
    quotes = quote_regions(doc)
    inside = {i for start, end in quotes for i in range(start + 1, end - 1)}
    for verb in doc:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"aux", "auxpass", "amod"}:
            continue
        if verb.i in inside:
            continue
        lemma = cue_lemma(verb, lex)
        found = content_span(verb, lemma, quotes)
        if found is None:
            continue
        if _subject(verb) is None and verb.dep_ != "acl" and inherited_subject(verb) is None:
            continue
        yield verb, f"{lemma}|{'clause' if found[2] else 'object'}"


def parsed_attributions(
    sent: Span, lex: CueLexicon, quotes: Sequence[TokSpan] = ()
) -> Iterator[Found]:
    """Attributions around cue verbs of a parsed sentence."""
    doc = sent.doc
    for verb in sent:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ in {"aux", "auxpass", "amod"}:
            continue
        lemma = cue_lemma(verb, lex)
        if not _is_candidate(lemma, lex):
            continue
        found = content_span(verb, lemma, quotes)
        if found is None:
            continue
        (content_start, content_end), before, clausal = found
        if lex.verb_cue(lemma, clausal=clausal) is None:
            continue
        content = trim(doc, (content_start, content_end), keep_quotes=True)
        if content is None:
            continue
        cue = cue_span(verb)
        if content[0] == cue[1] + 1 and doc[cue[1]].head.i == verb.i and doc[cue[1]].dep_ == "prep":
            cue = (cue[0], cue[1] + 1)  # the preposition belongs to the cue ("talked about")
        subject = _subject(verb)
        source: TokSpan | None = None
        kind = "parenthetical" if before else "indirect"
        if subject is not None and subject.dep_ in {"nsubjpass", "nsubj:pass"}:
            agent = _agent(verb)
            if agent is not None:
                source = subtree(agent)
            elif subject.lower_ in lex.agentless_subjects:
                kind = "agentless"
            elif verb.lemma_.lower() in {"quote", "cite"}:
                source = subtree(subject)
            else:
                continue
        elif subject is not None and subject.lower_ in lex.agentless_subjects and not before:
            kind = "agentless"  # "il est dit que", "it seems that"
        elif subject is not None:
            source = subtree(subject)
        elif (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.pos_ in {"NOUN", "PROPN"}
            and verb.head.dep_ != "pobj"
            and verb.head.i < verb.i
        ):
            source = (verb.head.left_edge.i, verb.i)  # "voters saying they want ..."
        else:
            inherited = inherited_subject(verb)
            if inherited is None:
                continue
            subject, governor = inherited
            source = subtree(subject)
            if governor.lemma_.lower() in {"quote", "cite"}:
                cue = (cue_span(governor)[0], cue[1])
        if source is not None:
            source = trim(doc, after_line_break(doc, source, subject))
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
        if plain_lower(doc[i]) in COMPLEMENTIZERS:
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
                source = before or trim(doc, (end, clause_end(doc, end, sent)))
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
            if plain_lower(doc[start]) in {"si", "se"}:
                yield Found((start, end), None, content, "agentless")
            continue
        yield Found((start, end), before, content, kind)


__all__ = [
    "Found",
    "according_to",
    "adverbs",
    "colons",
    "cue_configuration",
    "is_quoted",
    "match_phrases",
    "nouns",
    "parsed_attributions",
    "pattern_attributions",
    "trim",
]
