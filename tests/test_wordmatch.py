"""WordListMatcher: the matches of spaCy's Matcher, word-list patterns found by a PhraseMatcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from pipeline.components.officials import load_patterns, load_vocabulary
from pipeline.components.wordmatch import WordListMatcher
from pipeline.ingest import iter_inputs, read_input

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = {
    "title": ([[{"LOWER": {"IN": ["minister", "ambassador", "secretary"]}}]], "LONGEST"),
    "abbrev": ([[{"LOWER": {"IN": ["amb", "dr"]}}, {"ORTH": "."}],
                [{"LOWER": {"IN": ["amb.", "dr."]}}]], "LONGEST"),
    "overlap": ([[{"LOWER": "his"}], [{"LOWER": "his"}, {"LOWER": "excellency"}]], "LONGEST"),
    "first": ([[{"LOWER": "vice"}, {"LOWER": "minister"}], [{"LOWER": "minister"}]], "FIRST"),
    "plain": ([[{"LOWER": "minister"}], [{"LOWER": "vice"}, {"LOWER": "minister"}]], None),
    "person": ([[{"ENT_TYPE": "PERSON", "OP": "+"}]], "LONGEST"),
    "cased": ([[{"ORTH": "Minister"}]], None),  # has letters: not a LOWER word list
}

TEXTS = [
    "His Excellency Vice Minister Kim met Amb. Lee and Dr. Park, the Minister of Trade.",
    "Vice Minister Cho Hyun and Secretary Blinken spoke; the minister said his excellency agreed.",
    "MINISTER OF FOREIGN AFFAIRS Sergey Lavrov and Ambassador Noh Kyu-duk.",
]


def _pair(nlp, patterns):
    ours, ref = WordListMatcher(nlp.vocab), Matcher(nlp.vocab, validate=True)
    for key, (pats, greedy) in patterns.items():
        ours.add(key, pats, greedy=greedy)
        ref.add(key, pats, greedy=greedy)
    return ours, ref


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_same_matches_as_matcher(nlp, key):
    ours, ref = _pair(nlp, {key: PATTERNS[key]})
    for doc in nlp.pipe(TEXTS):
        assert ours(doc) == sorted(ref(doc), key=lambda m: (m[1], m[2], m[0]))


def test_word_lists_go_to_the_phrase_matcher_and_the_rest_to_the_matcher(nlp):
    ours, _ = _pair(nlp, PATTERNS)
    # title, abbrev (2), overlap (2), first (2), plain (2); person and cased to the Matcher
    assert ours.phrase_patterns == 9
    assert ours.matcher_patterns == 2
    doc = nlp(TEXTS[0])
    keys = {nlp.vocab.strings[k] for k, _, _ in ours(doc)}
    assert {"title", "abbrev", "overlap", "first", "plain", "person"} <= keys


def test_officials_patterns_match_like_matcher_on_the_corpus(nlp, processor):
    vocabulary = load_vocabulary(ROOT / "models")
    ours, ref = WordListMatcher(nlp.vocab), Matcher(nlp.vocab, validate=True)
    by_key: dict[str, list] = {}
    for entry in load_patterns(ROOT / "models", vocabulary):
        by_key.setdefault(f"{entry['label']}|{entry['id']}", []).append(entry["pattern"])
    for key, patterns in by_key.items():
        ours.add(key, patterns, greedy="LONGEST")
        ref.add(key, patterns, greedy="LONGEST")
    assert ours.phrase_patterns >= 5
    texts = []
    for item in iter_inputs([ROOT / "corpus" / "releases"]):
        prepared = processor.prepare(read_input(item, processor.settings.max_bytes))
        texts += [b.text for b in prepared.blocks]
    matched = 0
    for doc in nlp.pipe(texts, batch_size=64):
        want = sorted(ref(doc), key=lambda m: (m[1], m[2], m[0]))
        assert ours(doc) == want, doc.text
        matched += len(want)
    assert matched > 1000


def test_bad_patterns_get_spacy_s_own_error(nlp):
    matcher = WordListMatcher(nlp.vocab)
    with pytest.raises(ValueError):
        matcher.add("bad", [[{"LOWER": {"IN": "not a list"}}]])
    with pytest.raises(ValueError):
        matcher.add("bad", [[{"LOWER": "x"}]], greedy="SHORTEST")
