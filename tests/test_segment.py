"""Segmenting body paragraphs into blocks and sessions (SPEC section 2)."""

from __future__ import annotations

import pytest

from pipeline.segment import collapse, load_rules, segment, session_number
from pipeline.settings import DEFAULT_MODELS_DIR


@pytest.fixture(scope="module")
def rules():
    return load_rules(DEFAULT_MODELS_DIR)


def ids(blocks):
    return [(b.block_id, b.session_no, b.text) for b in blocks]


def test_segment_numbered_bullets_and_lead(rules):
    paras = ["Lead prose before any number.", "1. First paragraph.", "° A bullet.",
             "◦ Another bullet.", "Unnumbered prose after.", "2.Second with no space.",
             "○ c", "- d", "• e", "▲ f"]
    assert ids(segment(paras, rules)) == [
        ("0.0", None, "Lead prose before any number."),
        ("1.0", None, "First paragraph."),
        ("1.1", None, "A bullet."),
        ("1.2", None, "Another bullet."),
        ("1.3", None, "Unnumbered prose after."),
        ("2.0", None, "Second with no space."),
        ("2.1", None, "c"), ("2.2", None, "d"), ("2.3", None, "e"), ("2.4", None, "f"),
    ]


def test_segment_paren_numbers(rules):
    blocks = segment(["1) One.", "2) Two.", "° item"], rules)
    assert [b.block_id for b in blocks] == ["1.0", "2.0", "2.1"]
    assert all(b.numbered for b in blocks if b.item_no == 0)


def test_segment_unnumbered_release(rules):
    blocks = segment(["First paragraph.", "• A bullet.", "Third."], rules)
    assert [(b.block_id, b.numbered, b.text) for b in blocks] == [
        ("1.0", False, "First paragraph."), ("2.0", False, "A bullet."), ("3.0", False, "Third.")]


@pytest.mark.parametrize("text", [
    "* unofficial translation", "End", "- End -", "Back to Press Releases", "###",
    "[Photo] Minister Park greets the delegation", "Attachment: statement.pdf", "\u00a0", "&nbsp;",
    "- 30 -", "–30–", "Begin Text:", "End Text.", "/End/",
])
def test_segment_drops_furniture(rules, text):
    text = text.replace("&nbsp;", "\u00a0")
    assert segment(["1. Body.", text], rules)[-1].text == "Body."


@pytest.mark.parametrize(("paras", "expected"), [
    # Printed numbers start at 2 after an unnumbered opening paragraph: that paragraph is the lead.
    (["Opening paragraph.", "2. Second.", "3. Third."],
     [("0.0", "Opening paragraph."), ("2.0", "Second."), ("3.0", "Third.")]),
    # A lead-in line and the unnumbered first paragraph of a quote, then "2." ...
    (["The Spokesperson said:", "“First quoted paragraph.", "2.  Second quoted paragraph."],
     [("0.0", "The Spokesperson said:"), ("0.1", "“First quoted paragraph."), ("2.0", "Second quoted paragraph.")]),
    # "1 - Title" topic numbers (number and spaced dash); prose and a "Q:" line are items.
    (["1 - Testland – Visit by the Minister", "The Minister will travel.", "2 – Examplestan – Q&A",
      "Q: How does Testland react?", "Testland condemns it."],
     [("1.0", "Testland – Visit by the Minister"), ("1.1", "The Minister will travel."),
      ("2.0", "Examplestan – Q&A"), ("2.1", "Q: How does Testland react?"), ("2.2", "Testland condemns it.")]),
    # Not a number: a range at the start of a sentence.
    (["1-2 hours of talks were held.", "3 -4 officials attended."],
     [("1.0", "1-2 hours of talks were held."), ("2.0", "3 -4 officials attended.")]),
    # Quote attribution lines lose their dash like a bullet; unnumbered releases get 1, 2, ...
    (["“We stand with Testland.”", "– Jane Roe, Minister of Foreign Affairs"],
     [("1.0", "“We stand with Testland.”"), ("2.0", "Jane Roe, Minister of Foreign Affairs")]),
])
def test_segment_numbering_forms(rules, paras, expected):
    assert [(b.block_id, b.text) for b in segment(paras, rules)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The Embassy will continue its efforts. /End/", "The Embassy will continue its efforts."),
    ("The Embassy will continue its efforts. - End -", "The Embassy will continue its efforts."),
    ("The Embassy will continue its efforts. (End)", "The Embassy will continue its efforts."),
    ("The war must come to an end", "The war must come to an end"),
    ("Talks will resume at year-end", "Talks will resume at year-end"),
])
def test_segment_trailing_end_mark_cut(rules, text, expected):
    assert segment(["1. First.", f"2. {text}"], rules)[-1].text == expected


def test_segment_number_not_decimal(rules):
    blocks = segment(["1. One.", "1.5 million people attended.", "2. Two."], rules)
    assert [b.block_id for b in blocks] == ["1.0", "1.1", "2.0"]


def test_segment_out_of_sequence_number_is_prose(rules):
    blocks = segment(["1. One.", "7. Not a paragraph number.", "2. Two."], rules)
    assert [b.block_id for b in blocks] == ["1.0", "1.1", "2.0"]


@pytest.mark.parametrize("text,expected", [
    ("In Session 1, the Korean government explained", (True, 1)),
    ("During the second session, participants discussed", (True, 2)),
    ("At the first session, the ministers", (True, 1)),
    ("Session II dealt with economic cooperation", (True, 2)),
    ("In the plenary session, delegates", (True, None)),
    ("The third session focused on health", (True, 3)),
    ("Participants discussed the session's agenda", (False, None)),
    ("In his opening remarks, Minister Park", (False, None)),
])
def test_segment_session_openers(rules, text, expected):
    assert session_number(text, rules) == expected


def test_segment_sessions_span_paragraphs_until_left(rules):
    paras = ["1. The Ministry held the meeting.", "2. In Session 1, A.", "° a1",
             "3. Participants also discussed B.", "4. During the second session, C.", "° c1",
             "5. The meeting served as a good opportunity to affirm cooperation.", "° z"]
    assert [(b.block_id, b.session_no) for b in segment(paras, rules)] == [
        ("1.0", None), ("2.0", 1), ("2.1", 1), ("3.0", 1), ("4.0", 2), ("4.1", 2),
        ("5.0", None), ("5.1", None)]


@pytest.mark.parametrize("closing", [
    "The Joint Conference, held annually since 2002, served as a valuable opportunity to discuss cooperation.",
    "The Testland-Examplestan Forum, launched in 2007, is the only regular consultative body of the two.",
    "At the end of the meeting, the co-chairs summarized the discussions.",
    "The ministers agreed to hold the 14th Foreign Ministers’ Meeting in Exampleton in July next year.",
    "Both sides agreed to hold the next meeting in Testland in 2025.",
    "Participants decided to hold the fifteenth round in Exampleton.",
])
def test_segment_concluding_paragraph_leaves_sessions(rules, closing):
    paras = ["1. In the first session, the ministers reviewed A.", "○ a1", "2. In the second session, B.",
             "○ b1", f"3. {closing}", "○ c1"]
    assert [(b.block_id, b.session_no) for b in segment(paras, rules)] == [
        ("1.0", 1), ("1.1", 1), ("2.0", 2), ("2.1", 2), ("3.0", None), ("3.1", None)]


@pytest.mark.parametrize("text", [
    "The ministers agreed to hold consultations on the issue regularly.",
    "The two sides agreed to hold talks on the annual plan of action.",
    "The session reviewed the plan.",
])
def test_segment_session_continues(rules, text):
    paras = ["1. In the first session, the ministers reviewed A.", f"2. {text}"]
    assert [b.session_no for b in segment(paras, rules)] == [1, 1]


def test_segment_seed_matches_gold(rules, seed_gold):
    from tests.conftest import SEED_TXT

    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    blocks = segment(lines[start:], rules)
    assert [(b.block_id, b.session_no, b.text) for b in blocks] == [
        (g["block_id"], g["session_no"], collapse(g["text"])) for g in seed_gold["blocks"]]
