"""GeoWebNews scoring: sitrep's toponyms are its places plus country demonyms."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from sitrep.evaluate.geowebnews import _with_demonyms, is_toponym
from sitrep.extract.places import context_countries, demonym_mentions


def _doc() -> spacy.tokens.Doc:
    nlp = spacy.blank("en")
    doc = nlp("The Freedonian envoy met Utopian farmers and French diplomats in Paris .")
    doc.ents = [Span(doc, 7, 8, label="NORP"), Span(doc, 10, 11, label="GPE")]
    return doc


def test_country_demonyms_are_toponyms_but_not_places() -> None:
    doc = _doc()
    (french,) = demonym_mentions(doc)
    assert (french.text, french.iso3) == ("French", "FRA")
    assert list(context_countries(doc)) == ["FRA"]
    paris = (doc[10].idx, doc[10].idx + len("Paris"))
    assert _with_demonyms([paris], doc) == [(french.start, french.end), paris]


def test_demonym_inside_a_place_span_is_not_counted_twice() -> None:
    doc = _doc()
    whole = (doc[7].idx, doc[10].idx + len("Paris"))
    assert _with_demonyms([whole], doc) == [whole]


def test_toponym_types() -> None:
    assert is_toponym("Demonym") and is_toponym("Literal")
    assert not is_toponym("Literal_Expression") and not is_toponym("Non_Toponym")
