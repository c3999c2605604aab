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
])
def test_segment_drops_furniture(rules, text):
    text = text.replace("&nbsp;", "\u00a0")
    assert segment(["1. Body.", text], rules)[-1].text == "Body."


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


def test_segment_seed_matches_gold(rules, seed_gold):
    from tests.conftest import SEED_TXT

    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    blocks = segment(lines[start:], rules)
    assert [(b.block_id, b.session_no, b.text) for b in blocks] == [
        (g["block_id"], g["session_no"], collapse(g["text"])) for g in seed_gold["blocks"]]
