"""Opinion and sarcasm passages: text not to be reported as fact.

:func:`find_opinions` returns :class:`~sitrep.model.Passage` records (``reason`` is
``opinion`` or ``sarcasm``), one per flagged sentence, in text order:

* a whole article is one ``opinion`` passage when its title or first line is labelled as
  opinion ("Opinion:", "Commentary", "Editorial", "Op-ed", "Analisi", "Commento",
  "Tribune", "Éditorial", "Opinión", "Tribuna") or it carries an author's disclaimer
  ("the views expressed are the author's own");
* ``opinion``: first-person evaluative sentences ("I think", "we should");
* ``sarcasm``: scare quotes around a praise word, ironic phrases ("so-called", "how
  generous", "what a surprise", "of course" or "his goodness" next to praise), and praise
  of an actor in the same sentence as repression words ("the benevolent president's
  police beat protesters").

Cues are lexical (``data/certainty/<lang>.yaml``: ``opinion_*`` and ``sarcasm_*``), so the
same rules run on parsed (en, fr) and blank (it, es) pipelines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.extract.certainty import CueLexicon, cue_lexicon, doc_lang
from sitrep.extract.doc_ext import register_extensions
from sitrep.model import Passage

FACTORY = "sitrep_opinions_v1"
PIPE_NAME = "sitrep.opinions.v1"
LABEL_CHARS = 80  # a title or first line longer than this is a headline, not a label
# Scare quotes: a quote mark not inside a word (so "Tokayev's ... country's" is no quote)
# around at most SCARE_WORDS words; a longer quoted phrase is a quotation, not irony.
_QUOTED = re.compile(r"(?<!\w)[\"“«‘']\s*([^\"“”«»‘’']{2,40}?)\s*[\"”»’'](?!\w)")
SCARE_WORDS = 2


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _labelled(lexicon: CueLexicon, line: str) -> bool:
    """A title/first line that starts with an opinion label ("Opinion:", "EDITORIAL")."""
    head = line.strip()[:LABEL_CHARS].lower()
    match = lexicon.search("opinion_label", head)
    if match is None or match.start() > 2:
        return False
    rest = head[match.end() :].lstrip()
    return not rest or rest[0] in ":|-–—|/." or len(head) <= 30


def is_opinion_article(title: str | None, text: str, lang: str) -> bool:
    """True when the title or first line marks the article as opinion, or a disclaimer does."""
    lexicon = cue_lexicon(lang)
    if title and _labelled(lexicon, title):
        return True
    if _labelled(lexicon, _first_line(text)):
        return True
    return lexicon.has("opinion_disclaimer", text)


def _sarcastic(lexicon: CueLexicon, text: str) -> bool:
    for quoted in _QUOTED.findall(text):
        if len(quoted.split()) <= SCARE_WORDS and lexicon.has("sarcasm_praise", quoted):
            return True  # scare quotes around praise: the "peacekeepers"
    phrase = lexicon.search("sarcasm_phrase", text)
    if phrase is not None:
        rest = text[phrase.end() :]
        strong = phrase.group(0).lower() not in lexicon.words["sarcasm_praise"]
        if lexicon.has("sarcasm_praise", rest) or lexicon.has("sarcasm_repression", text):
            return True
        if strong and phrase.group(0).lower() not in {"of course", "bien sûr", "ovviamente"}:
            return lexicon.has("sarcasm_praise", text) or len(text) < 200
    praise = lexicon.search("sarcasm_praise", text)
    return (
        praise is not None
        and lexicon.has("sarcasm_repression", text)
        and _exaggerated(text[max(0, praise.start() - 40) : praise.end()])
    )


def _exaggerated(text: str) -> bool:
    """Praise laid on thick: superlatives or intensifiers just before the praise word."""
    return (
        re.search(
            r"(?<!\w)(most|ever|truly|infinite|great|so|such|always|infinita|grande|tanto|"
            r"grand[e]?|tellement|tan|siempre|inmensa|immense)(?!\w)",
            text,
            re.IGNORECASE,
        )
        is not None
    )


def _sentences(doc: Doc) -> Iterator[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        yield from doc.sents
    else:
        yield doc[:]


def find_opinions(doc: Doc, *, title: str | None = None) -> list[Passage]:
    """Opinion and sarcasm passages of ``doc`` (see the module docstring)."""
    if not doc.text.strip():
        return []
    lang = doc_lang(doc)
    if is_opinion_article(title, doc.text, lang):
        return [Passage(text=doc.text, start=0, end=len(doc.text), reason="opinion")]
    lexicon = cue_lexicon(lang)
    passages = []
    for sent in _sentences(doc):
        text = sent.text
        if _sarcastic(lexicon, text):
            reason = "sarcasm"
        elif lexicon.has("opinion_first_person", text):
            reason = "opinion"
        else:
            continue
        passages.append(Passage(text=text, start=sent.start_char, end=sent.end_char, reason=reason))
    return passages


@Language.component(FACTORY)
def opinions_component(doc: Doc) -> Doc:
    """Store :func:`find_opinions` results in ``doc._.opinions`` (reads ``doc._.title``)."""
    title = doc._.title if Doc.has_extension("title") else None
    doc._.opinions = find_opinions(doc, title=title)
    return doc


register_extensions()


__all__ = ["FACTORY", "PIPE_NAME", "find_opinions", "is_opinion_article", "opinions_component"]
