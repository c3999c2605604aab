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


# -- cleaner --------------------------------------------------------------------------------------
from pipeline.clean import clean, load_profiles  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import RawRelease  # noqa: E402

PROFILES = load_profiles(DEFAULT_MODELS_DIR)
TAGS = ["<p>", "</p>", "<br>", "<div class='bo_con'>", "</div>", "<div class='board_detail'>",
        "<h2>", "</h2>", "<li>", "<ul>", "<script>", "</script>", "<table><tr><td>", "&nbsp;",
        "<!--", "-->", "<![CDATA[", "]]>", "<meta charset='x'>", "1. ", "° ", "Date : 2023-01-02"]
html_piece = st.one_of(st.sampled_from(TAGS), st.text(max_size=40))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(html_piece, max_size=60), st.sampled_from(["html", "txt"]))
def test_properties_clean_never_crashes_and_blocks_come_from_body(pieces, kind):
    raw = RawRelease("x", "x." + kind, kind, "".join(pieces), "utf-8", "0" * 64)
    try:
        cleaned = clean(raw, PROFILES)
    except PipelineError:
        return  # a clear, reported error (e.g. no body) is an acceptable outcome
    body = "\n".join(collapse(p) for p in cleaned.paragraphs)
    for block in segment(cleaned.paragraphs, RULES):
        assert block.text in body


# -- date normaliser ------------------------------------------------------------------------------
import datetime as dt  # noqa: E402

from pipeline.datenorm import parse_date_text, resolve  # noqa: E402

DATE_WORDS = ["October", "Oct.", "Sept.", "20", "6-7", "2021", "2014-2017", "from", "to", "till",
              "between", "and", "the end of", "early", "mid-", "late", "this year", "last year",
              "next year", "Wednesday", "the first half of", " ", ","]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=8)), max_size=8),
       st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.sampled_from([None, "past", "future"]))
def test_properties_date_normaliser_total(words, published, tense):
    expr = parse_date_text(" ".join(words))
    if expr is None:
        return
    out = resolve(expr, published, tense)
    if out is not None:
        assert out.value[:4].isdigit() or out.value.startswith("XXXX")
        assert out.granularity in ("day", "month", "year")


# -- mention offsets --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def processor():
    from pipeline.process import Processor
    from pipeline.settings import load_settings

    return Processor(load_settings())


SENTENCE_BITS = ["Foreign Minister Park Jin", "met", "U.S. Secretary of State Antony Blinken",
                 "on October 20", "in Seoul", "and agreed to", "strengthen the ROK-US alliance",
                 "from July 3 to 6", "Japanese", "called for", "the end of the year", ".", ",",
                 "the two sides will", "continue cooperation", "Mongolia", "Korea-Mexico FTA"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.sampled_from(SENTENCE_BITS), st.text(max_size=12)),
                         min_size=1, max_size=14).map(" ".join), min_size=1, max_size=4))
def test_properties_mentions_match_block_text(processor, paragraphs):
    from pipeline.extract.actions import extract_actions
    from pipeline.extract.countries import extract_countries
    from pipeline.extract.dates import extract_dates
    from pipeline.extract.officials import extract_officials

    ctx = processor.context_for_text([f"{i}. {p}" for i, p in enumerate(paragraphs, 1)],
                                     published="2021-10-22", publisher="KOR")
    texts = {b.block_id: b.text for b in ctx.blocks}
    countries = extract_countries(ctx)
    dates, _ = extract_dates(ctx)
    officials, mentions = extract_officials(ctx, countries)
    actions = extract_actions(ctx, countries, officials, mentions)
    for row in [*countries, *dates, *mentions]:
        assert texts[row.block_id][row.start:row.end] == row.text
    for row in actions:
        assert texts[row.block_id][row.start:row.end] == row.content
