"""Tests for the pr_dates component and extract_dates (SPEC §4-§5)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import ReleaseContext
from pipeline.extract.dates import extract_dates
from pipeline.segment import Block

PUB = "2021-10-22"


def _context(nlp, texts, published=PUB, para_nos=None):
    blocks = []
    for i, text in enumerate(texts):
        para = para_nos[i] if para_nos else i + 1
        item = sum(1 for b in blocks if b.para_no == para)
        blocks.append(Block(f"{para}.{item}", para, item, None, True, text))
    docs = list(nlp.pipe(b.text for b in blocks))
    for doc, block in zip(docs, blocks):
        doc._.block_id = block.block_id
    pub = dt.date.fromisoformat(published) if published else None
    return ReleaseContext("test", None, pub, "KOR", "test", blocks, docs)


def _dates(nlp, text, published=PUB):
    rows, _ = extract_dates(_context(nlp, [text], published))
    return [(r.text, r.value, r.value_end) for r in rows]


@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting was held on October 20.", [("October 20", "2021-10-20", None)]),
    ("The meeting was held on 20 October.", [("20 October", "2021-10-20", None)]),
    ("The agreement was signed on 15 November 2014.", [("15 November 2014", "2014-11-15", None)]),
    ("The talks took place on October 20, 2021.", [("October 20, 2021", "2021-10-20", None)]),
    ("The attacks of Sept. 11 were recalled.", [("Sept. 11", "2021-09-11", None)]),
    ("The minister visited Seoul on Feb. 15.", [("Feb. 15", "2021-02-15", None)]),
    ("The Forum, held on October 6-7, was a success.",
     [("October 6-7", "2021-10-06", "2021-10-07")]),
    ("The Forum was held October 6 to 7.", [("October 6 to 7", "2021-10-06", "2021-10-07")]),
    ("The course ran from July 3 to 6.", [("July 3 to 6", "2021-07-03", "2021-07-06")]),
    ("The fair ran October 23 till 25.", [("October 23 till 25", "2021-10-23", "2021-10-25")]),
    ("The talks were held between 3 and 5 March.",
     [("between 3 and 5 March", "2021-03-03", "2021-03-05")]),
    ("He travels from October 30 to November 2.",
     [("October 30 to November 2", "2021-10-30", "2021-11-02")]),
    ("He travels October 30-November 2.",
     [("October 30-November 2", "2021-10-30", "2021-11-02")]),
    ("NEACHS was established in December 2020.", [("December 2020", "2020-12", None)]),
    ("A pilot project started in August.", [("August", "2021-08", None)]),
    ("Korea joined the body in 2016.", [("2016", "2016", None)]),
    ("They adopted the Action Plan 2014-2017.", [("2014-2017", "2014", "2017")]),
    ("This year's Meeting was held offline.", [("This year", "2021", None)]),
    ("This year\u2019s Meeting was held offline.", [("This year", "2021", None)]),
    ("The forum met last year.", [("last year", "2020", None)]),
    ("The forum will meet next year.", [("next year", "2022", None)]),
    ("The exhibition opens this month.", [("this month", "2021-10", None)]),
    ("The exhibition opens next month.", [("next month", "2021-11", None)]),
    ("They will adopt it by the end of the year.", [("the end of the year", "2021", None)]),
    ("They will adopt it by the end of this month.", [("the end of this month", "2021-10", None)]),
    ("It will open early next year.", [("early next year", "2022", None)]),
    ("It will open in mid-2022.", [("mid-2022", "2022", None)]),
    ("It opened in late October.", [("late October", "2021-10", None)]),
    ("It will open in the first half of next year.",
     [("the first half of next year", "2022", None)]),
    ("The Minister met his counterpart on Wednesday.", [("Wednesday", "2021-10-20", None)]),
    ("The Minister will meet his counterpart on Wednesday.", [("Wednesday", "2021-10-27", None)]),
    ("They met in November last year.", [("November last year", "2020-11", None)]),
    ("They met in early December last year.", [("early December last year", "2020-12", None)]),
    ("It entered into force on January 11 this year.",
     [("January 11 this year", "2021-01-11", None)]),
    ("Minister Retno received him in Jakarta on Monday (24/7).",
     [("Monday (24/7)", "2021-07-24", None)]),
    ("He will visit Japan from July 18 (Tue) to 20 (Thu).",
     [("July 18 (Tue) to 20 (Thu)", "2022-07-18", "2022-07-20")]),
    ("The talks were held on October 16 and 17.",
     [("October 16 and 17", "2021-10-16", "2021-10-17")]),
    ("They met on Wednesday (October 20).", [("Wednesday (October 20)", "2021-10-20", None)]),
    ("They met on 20 October (Wed.) in Seoul.", [("20 October (Wed.)", "2021-10-20", None)]),
    ("They will hold the talks around October 28.", [("around October 28", "2021-10-28", None)]),
    ("They will raise trade to 150 billion dollars by 2030.", [("2030", "2030", None)]),
    ("He noted that 2023 marks the 70th anniversary.", [("2023", "2023", None)]),
    ("They proposed designating 2025 as a year of exchanges.", [("2025", "2025", None)]),
    ("Korea serves on the Council for the 2024-2025 term.", [("2024-2025", "2024", "2025")]),
    ("They adopted the Plan of Action for 2026\u20132030.", [("2026\u20132030", "2026", "2030")]),
    ("Korea hosted the meeting in 2016 and 2018.",
     [("2016", "2016", None), ("2018", "2018", None)]),
])
def test_components_dates_forms(nlp, text, expected):
    assert _dates(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "The two sides have cooperated for two years.",
    "Four meetings were held over three days.",
    "This annual Meeting has been held with weekly briefings.",
    "The talks start at 14:30 KST.",
    "They discussed economic cooperation in the post-COVID-19 era.",
    "He hoped that today's meeting and the one tonight would help.",
    "Tensions have recently risen and are currently high.",
    "They celebrated the 30th anniversary of diplomatic relations.",
    "The Northeast Asia Peace and Cooperation Intergovernmental Meeting 2021 was a success.",
    "Korea hosted the 2018 PyeongChang Winter Olympics.",
    "Korea supports Busan's bid for Expo 2030 and Saudi Vision 2030.",
    "In Session 1, participants discussed health.",
    "Trade grew over the last year.",
    "Trade grew strongly during the past year.",
    "They marked the Korea-Russia Year of Mutual Exchanges 2020-2021.",
    "They implemented UN Security Council Resolution 2270 fully.",
    "Korea supports Busan's bid to host the 2030 World Expo.",
    "They discussed the Gangwon 2024 Winter Youth Olympic Games.",
    "A total of 2000 troops were deployed.",
    "They commemorated the March 1st Independence Movement.",
    "May peace prevail, said the Minister, who will march with them.",
    "The meeting lasted about two hours in the afternoon (local time).",
])
def test_components_dates_exclusions(nlp, text):
    assert _dates(nlp, text) == []


def test_components_dates_spans_and_rule_ids(nlp):
    doc = nlp("The Forum, held on October 6-7, met in August.")
    spans = doc.spans["date"]
    assert [s.text for s in spans] == ["October 6-7", "August"]
    assert all(s._.rule_id for s in spans)
    assert [s._.date_tense for s in spans] == ["past", "past"]


def test_components_dates_idempotent(nlp):
    doc = nlp("The Forum was held on October 6-7.")
    pipe = nlp.get_pipe("pr_dates")
    pipe(doc)
    assert [s.text for s in doc.spans["date"]] == ["October 6-7"]


@pytest.mark.parametrize(("published", "text", "value"), [
    ("2022-01-05", "The talks took place on December 28.", "2021-12-28"),
    ("2021-12-20", "The talks will take place on January 10.", "2022-01-10"),
    ("2021-12-20", "The talks are on January 10.", "2022-01-10"),
    ("2016-04-29", "The meeting will be held in October.", "2016-10"),
    # a past verb keeps the window (parsers often hang another event's date on it)
    ("2021-10-22", "The meeting was held on December 5.", "2021-12-05"),
    ("2024-06-20", "They discussed preparations for the NATO Summit in Washington in July.",
     "2024-07"),
    ("2024-02-27", "They discussed the Korea-Africa Summit to be held in June.", "2024-06"),
    ("2024-02-27", "They prepared the Summit meeting to take place in June.", "2024-06"),
    ("2023-06-12", "How does France react to the attempt to launch a satellite on 31 May?",
     "2023-05-31"),
])
def test_components_dates_window_and_tense(nlp, published, text, value):
    assert _dates(nlp, text, published)[0][1] == value


def test_components_dates_nearby_year_governs(nlp):
    ctx = _context(nlp, ["In 2018, the two countries launched the initiative.",
                         "In June, they held the first meeting."], para_nos=[2, 2])
    rows, _ = extract_dates(ctx)
    assert [(r.block_id, r.value) for r in rows] == [("2.0", "2018"), ("2.1", "2018-06")]


def test_components_dates_year_does_not_cross_paragraphs(nlp):
    ctx = _context(nlp, ["In 2018, the two countries launched the initiative.",
                         "In June, they held the first meeting."], para_nos=[2, 3])
    rows, _ = extract_dates(ctx)
    assert rows[1].value == "2021-06"


def test_components_dates_offsets(nlp):
    text = "The Forum, held on October 6-7, met again in August and on October 20, 2021."
    rows, _ = extract_dates(_context(nlp, [text]))
    assert rows
    for row in rows:
        assert text[row.start:row.end] == row.text


@pytest.mark.parametrize(("text", "event"), [
    ("The Minister, who arrived in Seoul on October 19, held talks with his counterpart on "
     "October 20.", "2021-10-20"),
    ("The Minister held talks today with Japan ahead of the visit from October 25 to 27.",
     "2021-10-22"),
    ("The Minister held talks with his counterpart on October 20.", "2021-10-20"),
    ("The Minister held talks today with his counterpart.", "2021-10-22"),
    ("The Minister held talks yesterday with his counterpart.", "2021-10-21"),
    ("The Minister will visit Japan from October 25 to 27.", "2021-10-25"),
    ("The Minister will visit Japan in November.", None),
])
def test_components_dates_event_date(nlp, text, event):
    _, got = extract_dates(_context(nlp, [text, "It was agreed on October 1."]))
    assert got == event


def test_components_dates_event_date_skips_undated_lead(nlp):
    ctx = _context(nlp, ["The below is attributable to Spokesperson Ned Price:",
                         "Secretary Blinken spoke today with Foreign Minister Park.",
                         "They met on October 1."])
    assert extract_dates(ctx)[1] == PUB


def test_components_dates_event_date_skips_dateline(nlp):
    ctx = _context(nlp, ["OTTAWA, Ontario, October 22, 2021",
                         "Following their telephone call on October 21, the ministers issued "
                         "the following statement:"])
    assert extract_dates(ctx)[1] == "2021-10-21"


def test_components_dates_without_published(nlp):
    rows, event = extract_dates(_context(nlp, ["The talks were held on October 20, 2021.",
                                               "Another round took place on October 25."],
                                         published=None))
    assert [r.value for r in rows] == ["2021-10-20", "2021-10-25"]
    assert event == "2021-10-20"
    rows, event = extract_dates(_context(nlp, ["The talks were held on October 20."],
                                         published=None))
    assert rows[0].value == "XXXX-10-20" and event is None


def test_components_dates_seed(seed_context, seed_gold):
    rows, event = extract_dates(seed_context)
    got = [(r.block_id, r.text, r.value, r.value_end, r.granularity, r.modifier) for r in rows]
    gold = [(d["block_id"], d["text"], d["value"], d["value_end"], d["granularity"],
             d["modifier"]) for d in seed_gold["dates"]]
    assert got == gold
    assert event == "2021-10-20" == seed_gold["event_date"]
