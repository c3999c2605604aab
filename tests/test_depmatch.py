"""AnchoredMatcher: the same matches as spaCy's DependencyMatcher, found from the anchor token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from pipeline.components.depmatch import AnchoredMatcher, UnsupportedPattern
from pipeline.ingest import iter_inputs, read_input

ROOT = Path(__file__).resolve().parents[1]


def _both(nlp, patterns: dict[str, list[dict]]):
    ours = AnchoredMatcher(nlp.vocab)
    ref = DependencyMatcher(nlp.vocab, validate=True)
    for key, pattern in patterns.items():
        ours.add(key, [pattern])
        ref.add(key, [pattern])
    return ours, ref


def _by_key_and_anchor(matches) -> dict:
    out: dict = {}
    for key, tokens in matches:
        out.setdefault((key, tokens[0]), []).append(list(tokens))
    return out


def _verb(lemmas):
    return {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": lemmas}}}


OPERATOR_PATTERNS = {
    "child": [_verb(["agree"]), {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "prep",
                                 "RIGHT_ATTRS": {"DEP": "prep"}}],
    "head": [{"RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to", "DEP": "aux"}},
             {"LEFT_ID": "to", "REL_OP": "<", "RIGHT_ID": "v", "RIGHT_ATTRS": {"TAG": "VB"}}],
    "descendant": [_verb(["agree", "call"]),
                   {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "noun",
                    "RIGHT_ATTRS": {"POS": {"IN": ["NOUN", "PROPN"]}}}],
    "ancestor": [{"RIGHT_ID": "n", "RIGHT_ATTRS": {"POS": "NOUN"}},
                 {"LEFT_ID": "n", "REL_OP": "<<", "RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": "VERB"}}],
    "next": [_verb(["call"]), {"LEFT_ID": "verb", "REL_OP": ".", "RIGHT_ID": "w",
                               "RIGHT_ATTRS": {"LOWER": {"IN": ["for", "on"]}}}],
    "previous": [_verb(["agree"]), {"LEFT_ID": "verb", "REL_OP": ";", "RIGHT_ID": "w",
                                    "RIGHT_ATTRS": {"LOWER": {"NOT_IN": ["also"]}}}],
    "branching": [_verb(["urge", "call"]),
                  {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "obj",
                   "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "prep"]}}},
                  {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "comp",
                   "RIGHT_ATTRS": {"DEP": {"IN": ["xcomp", "ccomp", "pobj"]}}},
                  {"LEFT_ID": "comp", "REL_OP": ">>", "RIGHT_ID": "any", "RIGHT_ATTRS": {}}],
}

SENTENCES = [
    ("The two ministers agreed on the need to cooperate and agreed to meet again. They also "
     "agreed that talks should resume."),
    ("Minister Kim called for restraint and called on all parties to urge North Korea to return "
     "to dialogue, and urged Japan to act."),
    ("Both sides will continue to work together to promote peace. It was agreed to hold the "
     "next meeting in Seoul."),
]


@pytest.mark.parametrize("name", sorted(OPERATOR_PATTERNS))
def test_each_operator_matches_like_dependency_matcher(nlp, name):
    ours, ref = _both(nlp, {name: OPERATOR_PATTERNS[name]})
    for doc in nlp.pipe(SENTENCES):
        assert _by_key_and_anchor(ours(doc)) == _by_key_and_anchor(ref(doc))


def test_the_operator_patterns_do_match_something(nlp):
    ours, _ = _both(nlp, OPERATOR_PATTERNS)
    keys = {nlp.vocab.strings[k] for doc in nlp.pipe(SENTENCES) for k, _ in ours(doc)}
    assert keys == set(OPERATOR_PATTERNS)


def test_action_patterns_match_like_dependency_matcher_on_the_corpus(nlp, processor):
    """Every action pattern, every block of the bundled releases: same matches, same order."""
    entries = [json.loads(line) for line in
               (ROOT / "models" / "actions.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    ours, ref = _both(nlp, {e["id"]: e["pattern"] for e in entries})
    texts = []
    for item in iter_inputs([ROOT / "corpus" / "releases"]):
        prepared = processor.prepare(read_input(item, processor.settings.max_bytes))
        texts += [b.text for b in prepared.blocks]
    assert len(texts) > 500
    matched = 0
    for doc in nlp.pipe(texts, batch_size=64):
        got, want = ours(doc), [(k, list(t)) for k, t in ref(doc)]
        assert sorted(map(repr, got)) == sorted(map(repr, want)), doc.text
        assert _by_key_and_anchor(got) == _by_key_and_anchor(want), doc.text
        matched += len(want)
    assert matched > 500


def test_unsupported_attributes_and_operators_are_refused(nlp):
    matcher = AnchoredMatcher(nlp.vocab)
    with pytest.raises(UnsupportedPattern):
        matcher.add("x", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LENGTH": 3}}]])
    with pytest.raises(UnsupportedPattern):
        matcher.add("y", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^a"}}}]])
    with pytest.raises(UnsupportedPattern):
        matcher.add("z", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "a"}},
                           {"LEFT_ID": "a", "REL_OP": "$+", "RIGHT_ID": "b",
                            "RIGHT_ATTRS": {"LOWER": "b"}}]])


def test_invalid_patterns_get_spacy_s_own_error(nlp):
    matcher = AnchoredMatcher(nlp.vocab)
    with pytest.raises(ValueError):
        matcher.add("bad", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "a"}},
                             {"LEFT_ID": "nowhere", "REL_OP": ">", "RIGHT_ID": "b",
                              "RIGHT_ATTRS": {"LOWER": "b"}}]])


def test_empty_doc_and_no_patterns(nlp):
    matcher = AnchoredMatcher(nlp.vocab)
    assert matcher(nlp("They agreed.")) == []
    ours, _ = _both(nlp, {"child": OPERATOR_PATTERNS["child"]})
    assert ours(nlp("")) == []
