"""Property-based tests: no exception on arbitrary input, and the invariants the tables rely on."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.segment import collapse, load_rules, segment
from pipeline.settings import DEFAULT_MODELS_DIR

RULES = load_rules(DEFAULT_MODELS_DIR)
MARKERS = ["1. ", "2. ", "3)", "° ", "◦ ", "○ ", "- ", "• ", "▲ ", "In Session 1, ",
           "During the second session, ", "End", "* unofficial translation", "\u00a0", ""]
paragraph = st.builds(lambda m, t: m + t, st.sampled_from(MARKERS), st.text(max_size=80))


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph, max_size=30))
def test_properties_segment_blocks_are_substrings(paragraphs):
    blocks = segment(paragraphs, RULES)
    body = "\n".join(collapse(p) for p in paragraphs)
    ids = [b.block_id for b in blocks]
    assert len(ids) == len(set(ids))
    for block in blocks:
        assert block.text and block.text in body
        assert block.text == block.text.strip()
        assert block.block_id == f"{block.para_no}.{block.item_no}"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=20))
def test_properties_segment_arbitrary_text(paragraphs):
    for block in segment(paragraphs, RULES):
        assert block.session_no is None or block.session_no >= 0
