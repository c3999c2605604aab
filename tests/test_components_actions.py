"""pr_actions and extract_actions: triggers, content spans, actors, types (SPEC section 8)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.extract import ReleaseContext
from pipeline.extract.actions import extract_actions
from pipeline.schema import CountryRow, OfficialMentionRow, OfficialRow
from pipeline.segment import Block

# (sentence, [(type, trigger, content, actor)])
ACTION_CASES = [
    ("Participants called for continued cooperation among countries to resolve the issue.",
     [("call", "called for", "continued cooperation among countries to resolve the issue",
       "Participants")]),
    ("Minister Chung urged North Korea to return to dialogue.",
     [("call", "urged", "North Korea to return to dialogue", "Minister Chung")]),
    ("Foreign Minister Park requested the Japanese government's active cooperation for the early "
     "resolution of the issue.",
     [("call", "requested", "the Japanese government's active cooperation for the early "
       "resolution of the issue", "Foreign Minister Park")]),
    ("Minister Cho asked the Indonesian side to provide support for Korean companies.",
     [("call", "asked", "the Indonesian side to provide support for Korean companies",
       "Minister Cho")]),
    ("The Minister suggested that the two countries establish a regular consultation mechanism.",
     [("call", "suggested that", "the two countries establish a regular consultation mechanism",
       "The Minister")]),
    ("Deputy Minister Lee emphasized the importance of close coordination between the two "
     "countries.",
     [("call", "emphasized the importance of", "close coordination between the two countries",
       "Deputy Minister Lee")]),
    ("The Secretary stressed the need to hold Russia accountable.",
     [("call", "stressed the need to", "hold Russia accountable", "The Secretary")]),
    ("Canada, Australia and New Zealand will continue to provide humanitarian assistance to "
     "the people of Sudan.",
     [("agreement", "will continue", "to provide humanitarian assistance to the people of Sudan",
       "Canada, Australia and New Zealand")]),
    ("Minister Park, who arrived on Monday, will continue to push for dialogue.",
     [("pledge", "will continue", "to push for dialogue", "Minister Park")]),
    ("The two ministers also decided to launch a working group on supply chains.",
     [("agreement", "decided to", "launch a working group on supply chains",
       "The two ministers")]),
    ("The two sides reached a consensus on the need to resume the negotiations at an early date.",
     [("agreement", "reached a consensus on", "the need to resume the negotiations at an early "
       "date", "The two sides")]),
    ("Both sides concurred that the sanctions should be fully implemented.",
     [("agreement", "concurred that", "the sanctions should be fully implemented",
       "Both sides")]),
    ("The two leaders reaffirmed their commitment to the complete denuclearization of the Korean "
     "Peninsula.",
     [("agreement", "reaffirmed their commitment to", "the complete denuclearization of the "
       "Korean Peninsula", "The two leaders")]),
    ("The Korean government pledged to provide 5 million dollars in humanitarian assistance to "
     "Afghanistan.",
     [("pledge", "pledged to", "provide 5 million dollars in humanitarian assistance to "
       "Afghanistan", "The Korean government")]),
    ("Korea expressed its willingness to share its development experience with African "
     "countries.",
     [("pledge", "expressed its willingness to", "share its development experience with African "
       "countries", "Korea")]),
    ("The Korean side expressed readiness to cooperate in the reconstruction of the country.",
     [("pledge", "expressed readiness to", "cooperate in the reconstruction of the country",
       "The Korean side")]),
    ("The United States will provide an additional 10 million dollars in humanitarian aid.",
     [("pledge", "will provide", "an additional 10 million dollars in humanitarian aid",
       "The United States")]),
    # "the two sides will ..." said of both parties is an agreement
    ("The two sides will continue to work closely together for peace on the Korean Peninsula.",
     [("agreement", "will continue", "to work closely together for peace on the Korean "
       "Peninsula", "The two sides")]),
]

COORDINATION_CASES = [
    # two triggers, two actions
    ("Minister Chung urged North Korea to return to dialogue and called on the international "
     "community to fully implement the resolutions.",
     [("call", "urged", "North Korea to return to dialogue"),
      ("call", "called on", "the international community to fully implement the resolutions")]),
    ("The two sides agreed on the importance of cooperation in climate change and vowed to work "
     "together at COP28.",
     [("agreement", "agreed on", "the importance of cooperation in climate change"),
      ("agreement", "vowed to", "work together at COP28")]),
    ("The Secretary stressed the need to hold Russia accountable, and the Minister committed to "
     "continued support for Ukraine.",
     [("call", "stressed the need to", "hold Russia accountable"),
      ("pledge", "committed to", "continued support for Ukraine")]),
    # one trigger with coordinated complements: one action
    ("The two sides agreed to further strengthen cooperation in trade and investment, and to "
     "expand people-to-people exchanges.",
     [("agreement", "agreed to", "further strengthen cooperation in trade and investment, and "
       "to expand people-to-people exchanges")]),
]

SYNTAX_CASES = [
    # passive
    ("It was agreed that the next meeting will be held in Seoul next year.",
     ("agreement", "agreed that", "the next meeting will be held in Seoul next year", None)),
    ("Consensus was reached on the need to resume the talks.",
     ("agreement", "Consensus was reached on", "the need to resume the talks", None)),
    # participial
    ("The participants discussed the regional situation, agreeing to hold the next meeting in "
     "Tokyo.",
     ("agreement", "agreeing to", "hold the next meeting in Tokyo", "The participants")),
    # reported speech: the actor is the subject of "said", not "it"
    ("The Korean government explained its policy and said that it will continue its efforts to "
     "enhance regional cooperation.",
     ("pledge", "will continue", "its efforts to enhance regional cooperation",
      "The Korean government")),
    ("Minister Yoon said that Korea would continue to support Ukraine's reconstruction.",
     ("pledge", "would continue", "to support Ukraine's reconstruction", "Korea")),
    # a will-clause inside an agreement is that agreement's content, not a second action
    ("The two ministers confirmed that Japan and Australia will work closely with ASEAN.",
     ("agreement", "confirmed that", "Japan and Australia will work closely with ASEAN",
      "The two ministers")),
    # the trigger's words are apart: the verb is the trigger, the content follows "to"
    ("The Government of Japan decided today, at the Cabinet meeting, to extend the measures.",
     ("pledge", "decided", "extend the measures", "The Government of Japan")),
    # "on" of a date is not part of the trigger
    ("The Korean government decided on May 17 to provide humanitarian assistance to Sudan.",
     ("pledge", "decided", "provide humanitarian assistance to Sudan",
      "The Korean government")),
    ("In response, Foreign Minister Kishida said that Japan is committed to continued "
     "cooperation with Korea.",
     ("pledge", "committed to", "continued cooperation with Korea", "Japan")),
    ("The Minister announced 4.5 million pounds of new funding for the power grid.",
     ("pledge", "announced", "4.5 million pounds of new funding for the power grid",
      "The Minister")),
    ("The two sides will hold the next meeting of the Dialogue in New Delhi next year.",
     ("agreement", "will hold", "the next meeting of the Dialogue in New Delhi next year",
      "The two sides")),
    ("Under the agreement, the two countries will exchange information on tax matters.",
     ("agreement", "will exchange", "information on tax matters", "the two countries")),
    ("The two ministers agreed that the two countries will closely cooperate for the success of "
     "the summit.",
     ("agreement", "agreed that", "the two countries will closely cooperate for the success of "
      "the summit", "The two ministers")),
]

NOT_ACTIONS = [
    "Minister Kang will visit Washington from June 3 to 5 and will meet with Secretary Blinken.",
    "The Foreign Minister will deliver a keynote speech at the opening ceremony.",
    "The meeting will be held in Geneva on May 3.",
    "The Foreign Minister will attend the meeting and will also travel to Paris.",
    "The two sides will sign the agreement at the ceremony.",
    "The two sides exchanged views on regional issues and discussed ways to enhance cooperation.",
    "The Korean government explained the need for confidence building and reviewed the outcomes.",
    "Minister Park welcomed the progress in bilateral relations and appreciated Japan's support.",
    "The two ministers noted the progress and commended the efforts of the working group.",
    "He hoped that the two countries will further expand cooperation in the future.",
    "This visit will serve as an opportunity to strengthen bilateral relations.",
    "The Korean government also shared the significance of the partnership.",
    "A variety of policy advice proposed by the private sector was reviewed.",
    # a courtesy call is not a call for action; travel plans are scheduling
    "Foreign Minister Park called on Vice President Jagdeep Dhankhar on May 9.",
    "Minister Balakrishnan will continue on to Tokyo on 10 May for a working visit to Japan.",
    "The Minister will continue his visit to Europe with a stop in Paris.",
    "The next Association Council will take place in Rabat in 2026.",
    "They reviewed the projects that the two sides agreed on last year.",
]


@pytest.fixture(scope="module")
def nlp(settings):
    """The model with pr_actions only, so these tests do not depend on the other components."""
    from pipeline import components  # noqa: F401  (registers the factories)
    from pipeline.nlp import load_model

    model = load_model(settings.model)
    model.add_pipe("pr_actions", config={"models_dir": str(settings.models_dir)})
    return model


@pytest.fixture(scope="module")
def seed_context(nlp, seed_gold):
    """The seed's gold blocks processed by the model and pr_actions (publisher KOR)."""
    from tests.conftest import context_from_gold

    return context_from_gold(nlp, seed_gold)


def _actions(nlp, text: str) -> list:
    doc = nlp(text)
    return list(doc.spans["action"])


def _row(span) -> tuple:
    actor = span._.action_actor
    return (span._.action_type, span._.action_trigger.text, span.text,
            actor.text if actor is not None else None)


@pytest.mark.parametrize(("text", "expected"), ACTION_CASES)
def test_actions_trigger_kinds(nlp, text, expected):
    assert [_row(s) for s in _actions(nlp, text)] == expected


@pytest.mark.parametrize(("text", "expected"), COORDINATION_CASES)
def test_actions_coordination(nlp, text, expected):
    assert [_row(s)[:3] for s in _actions(nlp, text)] == expected


@pytest.mark.parametrize(("text", "expected"), SYNTAX_CASES)
def test_actions_passive_participial_reported(nlp, text, expected):
    assert [_row(s) for s in _actions(nlp, text)] == [expected]


@pytest.mark.parametrize("text", NOT_ACTIONS)
def test_actions_not_actions(nlp, text):
    assert [_row(s) for s in _actions(nlp, text)] == []


@pytest.mark.parametrize(("text", "content"), [
    # the actor's own remark after a comma ends the content
    ("The two sides agreed on the need to expand exchanges, noting that 4.5 million people "
     "traveled between the two countries last year.", "the need to expand exchanges"),
    ("Vice Minister Cho asked for Germany's continued support, drawing on its experience of "
     "unification.", "Germany's continued support"),
    # another party's clause after ", while" is not part of the content
    ("Minister Park asked for Australia's continued cooperation, while Minister Wong said that "
     "Australia will continue to stand with Korea.", "Australia's continued cooperation"),
    ("Minister Cho asked for the Netherlands’ continued support, and Minister Bruins Slot "
     "invited Minister Cho to visit the Netherlands.", "the Netherlands’ continued support"),
    # one trigger shared by coordinated complements
    ("The two leaders concurred to elevate the relationship to a “Strategic Partnership,” and to "
     "strengthen cooperation in trade.", "elevate the relationship to a “Strategic Partnership,” "
     "and to strengthen cooperation in trade"),
    # the parser made "remain" an auxiliary of "mobilized"
    ("France stands alongside its partners and will remain fully mobilized within the Security "
     "Council.", "fully mobilized within the Security Council"),
    # a possessive or a date inside the content does not end it
    ("Ambassador Choi asked for the Vietnamese government’s continued support for Korean "
     "companies, and Deputy Minister Nguyen said that Viet Nam will continue to help them.",
     "the Vietnamese government’s continued support for Korean companies"),
])
def test_actions_content_trimmed(nlp, text, content):
    assert _actions(nlp, text)[0].text == content


@pytest.mark.parametrize("text", [
    # a shared view of a fact, not of something to be done
    "The participants shared the view that climate change remains the greatest threat to the "
    "region.",
    # one party confirming: not an agreement
    "Minister Hayashi confirmed that the meeting was held in a cordial atmosphere.",
    # a gerund after a preposition is not a trigger
    "The UK will stand with Australia in confronting terrorism and in pressing for justice.",
])
def test_actions_not_actions_in_context(nlp, text):
    rules = [s._.rule_id for s in _actions(nlp, text)]
    assert "share_view_that" not in rules and "confirm_that" not in rules
    assert "call_for" not in rules


def test_actions_match_then_set_annotations(nlp):
    finder = nlp.get_pipe("pr_actions")
    doc = nlp("Participants called for closer cooperation and agreed on a new plan.")
    matches = finder.match(doc)
    assert [(m.rule_id, doc[m.start:m.end].text) for m in matches] == [
        ("call_for", "called for"), ("agree_prep", "agreed on")]
    finder.set_annotations(doc, matches)
    finder.set_annotations(doc, matches)  # writes, never appends
    assert doc.to_bytes()  # the extensions keep the Doc serialisable
    assert [s.text for s in doc.spans["action"]] == ["closer cooperation", "a new plan"]
    assert [s.label_ for s in doc.spans["action"]] == ["call", "agreement"]
    assert all(s._.rule_id for s in doc.spans["action"])


# -- extraction: the seed --------------------------------------------------------------------

def test_actions_seed_exactly_seven(seed_context, seed_gold):
    rows = extract_actions(seed_context, [], [], [])
    got = [(r.block_id, r.type, r.actor, r.trigger, r.content) for r in rows]
    want = [(a["block_id"], a["type"], a["actor"], a["trigger"], a["content"])
            for a in seed_gold["actions"]]
    assert got == want
    texts = {b.block_id: b.text for b in seed_context.blocks}
    for r in rows:
        assert texts[r.block_id][r.start:r.end] == r.content
        assert r.session_no == next(b.session_no for b in seed_context.blocks
                                    if b.block_id == r.block_id)


def _country_rows(ctx: ReleaseContext) -> list[CountryRow]:
    names = {"Korean": "KOR", "Korea": "KOR", "China": "CHN", "Japan": "JPN",
             "the United States": "USA", "Russia": "RUS", "Mongolia": "MNG",
             "North Korea": "PRK"}
    pattern = re.compile(r"North Korea|the United States|Korean|Korea|China|Japan|Russia|"
                         r"Mongolia")
    rows = []
    for block in ctx.blocks:
        for m in pattern.finditer(block.text):
            if m.group() == "Korean" and block.text[m.end():m.end() + 10] == " Peninsula":
                continue
            rows.append(CountryRow(ctx.release_id, block.block_id, m.start(), m.end(), m.group(),
                                   names[m.group()], "", "name"))
    return rows


def test_actions_seed_actor_countries(seed_context):
    yeo = OfficialRow(seed_context.release_id, 1, "Yeo Seung Bae",
                      "Deputy Minister for Political Affairs", "Ministry of Foreign Affairs",
                      "KOR", 2, "1.0;2.0")
    text_20 = next(b.text for b in seed_context.blocks if b.block_id == "2.0")
    start = text_20.index("Deputy Minister Yeo")
    mention = OfficialMentionRow(seed_context.release_id, "2.0", start, start + 19,
                                 "Deputy Minister Yeo", 1)
    rows = extract_actions(seed_context, _country_rows(seed_context), [yeo], [mention])
    assert [r.actor_countries for r in rows] == [
        "KOR", "KOR", "KOR;CHN;JPN;USA;RUS;MNG", "KOR;CHN;JPN;USA;RUS;MNG",
        "KOR;CHN;JPN;USA;RUS;MNG", "KOR;CHN;JPN;USA;RUS;MNG", "KOR"]


# -- extraction: actor resolution --------------------------------------------------------------

def _context(nlp, texts: list[str], publisher: str = "KOR") -> ReleaseContext:
    blocks = [Block(f"{i + 1}.0", i + 1, 0, None, True, t) for i, t in enumerate(texts)]
    docs = list(nlp.pipe(texts))
    for doc, block in zip(docs, blocks):
        doc._.block_id = block.block_id
    return ReleaseContext("r", None, dt.date(2023, 5, 1), publisher, "test", blocks, docs)


def _mentions(ctx: ReleaseContext, names: dict[str, str]) -> list[CountryRow]:
    rows = []
    for block in ctx.blocks:
        for name, iso3 in names.items():
            for m in re.finditer(rf"\b{name}\b", block.text):
                rows.append(CountryRow("r", block.block_id, m.start(), m.end(), name, iso3, "",
                                       "name"))
    return rows


@pytest.mark.parametrize(("text", "expected"), [
    ("The Korean government will continue its humanitarian assistance.", "KOR"),
    ("Japan and Korea agreed to resume the dialogue.", "JPN;KOR"),
    ("The two sides agreed to expand trade.", "JPN;KOR"),
    ("Both sides agreed to expand trade.", "JPN;KOR"),
    ("The Ministry of Foreign Affairs will continue its efforts to support Korean nationals.",
     "KOR"),
    ("The Government will provide support to the region.", "KOR"),
    ("It was agreed that the two sides will meet again next year.", "JPN;KOR"),
])
def test_actions_actor_countries(nlp, text, expected):
    ctx = _context(nlp, ["Foreign Minister Park held talks with Japan on May 1.",
                         "Japan and Korea share values.", text])
    countries = _mentions(ctx, {"Korean": "KOR", "Korea": "KOR", "Japan": "JPN"})
    rows = extract_actions(ctx, countries, [], [])
    assert [r.actor_countries for r in rows] == [expected]


def test_actions_actor_official(nlp):
    ctx = _context(nlp, ["Secretary Blinken called for restraint."], publisher="KOR")
    mention = OfficialMentionRow("r", "1.0", 0, 16, "Secretary Blinken", 1)
    blinken = OfficialRow("r", 1, "Antony Blinken", "Secretary of State", None, "USA", 1, "1.0")
    rows = extract_actions(ctx, [], [blinken], [mention])
    assert [(r.actor, r.actor_countries) for r in rows] == [("Secretary Blinken", "USA")]


def test_actions_joint_statement_we(nlp):
    blocks = ["The foreign ministers of France, Germany and Poland met in Weimar.",
              "We will continue to stand by Ukraine's sovereignty."]
    ctx = _context(nlp, blocks, publisher="DEU")
    ctx.title = "Joint Declaration of the Weimar Triangle"
    countries = _mentions(ctx, {"France": "FRA", "Germany": "DEU", "Poland": "POL"})
    rows = extract_actions(ctx, countries, [], [])
    assert [(r.type, r.actor, r.actor_countries) for r in rows] == [
        ("agreement", "We", "FRA;DEU;POL")]
    ctx.title = "Statement by the Foreign Minister"
    rows = extract_actions(ctx, countries, [], [])
    assert [(r.type, r.actor_countries) for r in rows] == [("pledge", "DEU")]


def test_actions_next_meeting_is_agreed_unless_announced(nlp):
    text = "Korea and Japan will hold the 10th round of talks in Seoul next year."
    assert [_row(s)[:2] for s in _actions(nlp, text)] == [("agreement", "will hold")]
    later = _context(nlp, ["The two sides discussed trade.", text])
    assert [r.type for r in extract_actions(later, [], [], [])] == ["agreement"]
    announced = _context(nlp, [text, "The talks will cover trade."])
    assert extract_actions(announced, [], [], []) == []


def test_actions_they_is_the_previous_actor(nlp):
    ctx = _context(nlp, ["Korea and Japan agreed to resume the dialogue.",
                         "They also called for restraint."])
    countries = _mentions(ctx, {"Korea": "KOR", "Japan": "JPN"})
    rows = extract_actions(ctx, countries, [], [])
    assert [r.actor_countries for r in rows] == ["KOR;JPN", "KOR;JPN"]


def test_actions_participants(nlp):
    ctx = _context(nlp, ["The meeting was attended by Korea, China, Japan and Mongolia.",
                         "Participants agreed to meet again in Ulaanbaatar."])
    countries = _mentions(ctx, {"Korea": "KOR", "China": "CHN", "Japan": "JPN",
                                "Mongolia": "MNG"})
    rows = extract_actions(ctx, countries, [], [])
    assert [r.actor_countries for r in rows] == ["KOR;CHN;JPN;MNG"]
