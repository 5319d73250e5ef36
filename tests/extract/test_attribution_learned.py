"""The learned English cue classifier and the attributions built around its cues.

All sentences are made up for these tests.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.evaluate.attribution_fit import fit, probabilities
from sitrep.extract.attribution import find_attributions
from sitrep.extract.cue_model import CueModel, cue_model


def test_english_model_ships_with_a_threshold() -> None:
    model = cue_model("en")
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert model.weights
    assert cue_model("it") is None


def test_probability_is_logistic() -> None:
    model = CueModel(bias=0.0, threshold=0.5, weights={"l=say": 2.0, "l=eat": -2.0})
    assert model.probability([]) == pytest.approx(0.5)
    assert model.probability(["l=say"]) > 0.85 > 0.15 > model.probability(["l=eat"])


def test_fit_separates_a_toy_problem() -> None:
    rows = [(0, i, ["l=say", "k=ccomp"], 1) for i in range(8)]
    rows += [(0, 10 + i, ["l=eat", "k=dobj"], 0) for i in range(8)]
    bias, weights = fit(rows, l2=0.1)
    p = probabilities(rows, bias, weights)
    assert all(p[:8] > 0.5) and all(p[8:] < 0.5)


@pytest.fixture(scope="module")
def en_nlp() -> Language:
    from sitrep.extract.pipeline import build_nlp

    return build_nlp("en")


@pytest.mark.slow
def test_given_cue_tokens_replace_the_model(en_nlp: Language) -> None:
    doc = en_nlp("The mayor said the bridge was destroyed.")
    doc._.language = "en"
    assert find_attributions(doc, cue_tokens=set()) == []
    (found,) = find_attributions(doc, cue_tokens={2})
    assert (found.source, found.cue) == ("The mayor", "said")


@pytest.mark.slow
def test_stance_verb_with_object(en_nlp: Language) -> None:
    doc = en_nlp("The union endorsed the senator on Tuesday.")
    doc._.language = "en"
    (found,) = find_attributions(doc, cue_tokens={2})
    assert (found.source, found.cue) == ("The union", "endorsed")
    assert doc.text[found.content_start : found.content_end] == "the senator"


@pytest.mark.slow
def test_noun_cue_takes_possessor_and_complement(en_nlp: Language) -> None:
    doc = en_nlp("The governor's support for the measure surprised lawmakers.")
    doc._.language = "en"
    noun = next(t.i for t in doc if t.text == "support")
    (found,) = find_attributions(doc, cue_tokens={noun})
    assert (found.source, found.cue, found.kind) == ("The governor", "support", "reporting_noun")
    assert doc.text[found.content_start : found.content_end] == "the measure"


@pytest.mark.slow
def test_passive_agent_is_the_source(en_nlp: Language) -> None:
    doc = en_nlp("The plan was backed by the farmers union.")
    doc._.language = "en"
    verb = next(t.i for t in doc if t.text == "backed")
    (found,) = find_attributions(doc, cue_tokens={verb})
    assert found.source == "the farmers union"
    assert doc.text[found.content_start : found.content_end] == "The plan"


@pytest.mark.slow
def test_relative_clause_cue_keeps_its_subject(en_nlp: Language) -> None:
    doc = en_nlp("He asked for a fine, which the judge said was too high.")
    doc._.language = "en"
    verb = next(t.i for t in doc if t.text == "said")
    (found,) = find_attributions(doc, cue_tokens={verb})
    assert found.source == "the judge"
    assert found.content_start >= found.cue_end


@pytest.mark.slow
def test_active_it_subject_is_a_source(en_nlp: Language) -> None:
    doc = en_nlp("The report came out on Monday. It criticizes the ministry.")
    doc._.language = "en"
    verb = next(t.i for t in doc if t.text == "criticizes")
    (found,) = find_attributions(doc, cue_tokens={verb})
    assert found.source == "It"


@pytest.mark.slow
def test_doc_scorer_matches_the_feature_function(en_nlp: Language) -> None:
    from sitrep.extract.attribution_spans import quote_regions
    from sitrep.extract.cue_model import DocScorer, features, is_candidate, quote_context
    from sitrep.extract.cues import cue_lexicon

    model = cue_model("en")
    assert model is not None
    lex = cue_lexicon("en")
    doc = en_nlp(
        "The minister said on Monday that talks had failed.\n\n"
        "“We will not back down,” the union leader told reporters, adding that "
        "strikes would go on. Critics accused the government of stalling, which "
        "officials denied. The plan was praised by analysts."
    )
    quotes = quote_regions(doc)
    inside = {i for s, e in quotes for i in range(s + 1, e - 1)}
    scorer = DocScorer(model, lex, doc, quotes, inside)
    checked = 0
    for sent in doc.sents:
        assert scorer.candidates(sent.start, sent.end) == [t.i for t in sent if is_candidate(t)]
        for token in sent:
            if is_candidate(token):
                near = quote_context(token, quotes)
                expected = model.probability(
                    features(token, lex, token.i in inside, near, sent.start)
                )
                assert scorer.probability(token.i, sent.start) == pytest.approx(expected, abs=1e-12)
                checked += 1
    assert checked > 10
