"""Token-span helpers shared by the attribution finders: quotations, trimming, phrase matching."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

TokSpan = tuple[int, int]  # token indices, end exclusive

OPEN_QUOTES = frozenset("“«„")
CLOSE_QUOTES = frozenset("”»")
QUOTES = frozenset("\"“”«»„‟'")
BOUNDARIES = frozenset({",", ";", ":", "(", ")", "—", "–", "-"}) | QUOTES
_MARKS = QUOTES - {"'"}


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
    while start < end and edge_punct(doc[start], keep_quotes):
        start += 1
    while end > start and edge_punct(doc[end - 1], keep_quotes):
        end -= 1
    return (start, end) if start < end else None


def edge_punct(token: Token, keep_quotes: bool) -> bool:
    if keep_quotes and token.text in QUOTES:
        return False
    return token.is_punct or token.is_space


def is_quoted(doc: Doc, span: TokSpan) -> bool:
    """True when the span starts or ends at (or next to) a quotation mark."""
    start, end = span
    edges = {start, end - 1, start - 1, end}
    return any(0 <= i < len(doc) and doc[i].text in _MARKS for i in edges)


def quote_regions(doc: Doc) -> list[TokSpan]:
    """Token spans of quotations, marks included; an unclosed quote ends at a paragraph break."""
    regions: list[TokSpan] = []
    opened: int | None = None
    strings = doc.vocab.strings
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):
        text = strings[orth]
        if opened is not None and "\n" in text and text.isspace():  # paragraph break
            regions.append((opened, i))
            opened = None
            continue
        if opened is None and (text in OPEN_QUOTES or text == '"'):
            opened = i
        elif opened is not None and (text in CLOSE_QUOTES or text == '"'):
            regions.append((opened, i + 1))
            opened = None
    if opened is not None:
        regions.append((opened, len(doc)))
    return regions


def subtree(token: Token) -> TokSpan:
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


def norms(doc: Doc) -> list[str]:
    """Lower-case token texts of ``doc`` with typographic apostrophes made plain."""
    strings = doc.vocab.strings
    return [strings[h].replace("’", "'") for h in doc.to_array("LOWER").tolist()]


def match_phrases(
    sent: Span, table: Mapping[str, str], words_of: Sequence[str] | None = None
) -> Iterator[TokSpan]:
    """Longest non-overlapping occurrences of ``table``'s phrases in ``sent`` (lower case).

    ``words_of`` is :func:`norms` of the whole document, when the caller has it.
    """
    index = _phrase_index(table)
    norm = words_of if words_of is not None else norms(sent.doc)
    i = sent.start
    while i < sent.end:
        found = 0
        for words in index.get(norm[i], ()):
            n = len(words)
            if i + n <= sent.end and all(norm[i + k] == words[k] for k in range(n)):
                found = n
                break
        if found:
            yield i, i + found
            i += found
        else:
            i += 1


def plain_lower(token: Token) -> str:
    return token.lower_.replace("’", "'")


def clause_end(doc: Doc, start: int, sent: Span) -> int:
    """First sentence-internal boundary (comma etc.) at or after ``start``, else sentence end."""
    for i in range(start, sent.end):
        if doc[i].text in {",", ";", "—", "–", "("}:
            return i
    return sent.end
