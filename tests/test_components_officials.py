"""pr_officials and extract_officials: people with title, organisation and country (SPEC §6)."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Span

from pipeline.components.officials import BadOfficialPatterns, load_patterns, load_vocabulary
from pipeline.extract import ReleaseContext
from pipeline.extract.countries import extract_countries
from pipeline.extract.officials import extract_officials, family_indexes, name_key
from pipeline.segment import Block

# Only used when the countries component gives no "country" group (it runs before ours).
TINY_GAZETTEER = {"US": "USA", "U.S.": "USA", "Russia": "RUS", "Germany": "DEU", "China": "CHN",
                  "Chinese": "CHN", "Japan": "JPN", "Japanese": "JPN", "Korea": "KOR",
                  "Korean": "KOR", "Mongolia": "MNG", "DPRK": "PRK", "Indonesia": "IDN"}


def run(nlp, text):
    doc = nlp(text)
    if "country" not in doc.spans:
        doc.spans["country"] = [Span(doc, t.i, t.i + 1, label="COUNTRY") for t in doc
                                if t.text in TINY_GAZETTEER]
        for span in doc.spans["country"]:
            span._.iso3 = TINY_GAZETTEER[span.text]
        nlp.get_pipe("pr_officials")(doc)
    return doc


def found(nlp, text):
    doc = run(nlp, text)
    return [(s._.official_name, s._.official_title, s._.official_org, s._.official_country)
            for s in doc.spans["official"]]


def context(nlp, texts, publisher="KOR", title=None):
    blocks = [Block(f"{i}.0", i, 0, None, True, t) for i, t in enumerate(texts, start=1)]
    docs = [run(nlp, b.text) for b in blocks]
    for doc, block in zip(docs, blocks):
        doc._.block_id = block.block_id
    return ReleaseContext("test/release", title, dt.date(2023, 5, 10), publisher, "test", blocks,
                          docs)


def officials(nlp, texts, publisher="KOR", title=None):
    ctx = context(nlp, texts, publisher, title)
    rows, mentions = extract_officials(ctx, extract_countries(ctx))
    return ctx, rows, mentions


@pytest.mark.parametrize("text,expected", [
    # title before the name
    ("The meeting was chaired by Deputy Minister for Political Affairs Yeo Seung Bae.",
     ("Yeo Seung Bae", "Deputy Minister for Political Affairs", None, None)),
    ("He met US Deputy Secretary of State Antony Blinken in Washington.",
     ("Antony Blinken", "Deputy Secretary of State", None, "USA")),
    ("First Vice Foreign Minister Cho Hyun attended the forum.",
     ("Cho Hyun", "First Vice Foreign Minister", None, None)),
    ("Foreign Minister Kang Kyung-wha held talks on Monday.",
     ("Kang Kyung-wha", "Foreign Minister", None, None)),
    ("It was attended by Director-General for North American Affairs Koh Yun-ju.",
     ("Koh Yun-ju", "Director-General for North American Affairs", None, None)),
    # a given name that ends like a complement word ("-ory"), right after the office word
    ("The following is attributable to Spokesperson Gregory Alvarado:",
     ("Gregory Alvarado", "Spokesperson", None, None)),
    ("He met Minister of Oceans and Fisheries Moon Seong-hyeok.",
     ("Moon Seong-hyeok", "Minister of Oceans and Fisheries", None, None)),
    # "X of [Country] Y", all-caps family names
    ("He met Minister of Foreign Affairs of Russia Sergey LAVROV in Moscow.",
     ("Sergey LAVROV", "Minister of Foreign Affairs", None, "RUS")),
    ("He met Japan's Foreign Minister KISHIDA Fumio.",
     ("KISHIDA Fumio", "Foreign Minister", None, "JPN")),
    ("He held talks with Foreign Minister Wang Yi of China.",
     ("Wang Yi", "Foreign Minister", None, "CHN")),
    # rank prefix with an office in apposition: the office is the title
    ("Amb. Noh Kyu-duk, Special Representative for Korean Peninsula Peace and Security Affairs, "
     "visited Moscow.",
     ("Noh Kyu-duk", "Special Representative for Korean Peninsula Peace and Security Affairs",
      None, None)),
    ("Ambassador Kim Hyo-eun visited the site.", ("Kim Hyo-eun", "Ambassador", None, None)),
    # appositions after the name
    ("Niels Annen, Minister of State at the Federal Foreign Office of Germany, visited Seoul.",
     ("Niels Annen", "Minister of State", "Federal Foreign Office", "DEU")),
    ("Mr. Lim Jock Hoi, Secretary-General of ASEAN, attended the meeting.",
     ("Lim Jock Hoi", "Secretary-General", "ASEAN", None)),
    # title, then the name in apposition
    ("The Foreign Secretary, Philip Hammond, met his counterpart.",
     ("Philip Hammond", "Foreign Secretary", None, None)),
    # organisation prefix
    ("UN Secretary-General Antonio Guterres spoke.",
     ("Antonio Guterres", "Secretary-General", "UN", None)),
    # short references
    ("Deputy Minister Yeo pointed out the need.", ("Yeo", "Deputy Minister", None, None)),
    ("Secretary Blinken said so.", ("Blinken", "Secretary", None, None)),
    ("Vice Minister Cho said so.", ("Cho", "Vice Minister", None, None)),
    ("Minister Kang said so.", ("Kang", "Minister", None, None)),
    # combined offices, organisations named with the title or after the name
    ("It was co-chaired by Vietnamese Deputy Prime Minister and Foreign Minister Bui Thanh Son.",
     ("Bui Thanh Son", "Deputy Prime Minister and Foreign Minister", None, "VNM")),
    ("He met President of KOICA Kim In-sik.", ("Kim In-sik", "President", "KOICA", None)),
    ("Professor Lee Seok-woo of Inha University spoke.",
     ("Lee Seok-woo", "Professor", "Inha University", None)),
    ("Kim Soo-jin, a professor at the Australian National University, spoke.",
     ("Kim Soo-jin", "professor", "Australian National University", None)),
    ("They met Catherine Waller, Director for Asia-Pacific at the Foreign, Commonwealth and "
     "Development Office, in Seoul.",
     ("Catherine Waller", "Director for Asia-Pacific",
      "Foreign, Commonwealth and Development Office", None)),
    ("It was co-chaired by Under Secretary of State for Economic Growth, Energy, and the "
     "Environment Jose W. Fernandez.",
     ("Jose W. Fernandez",
      "Under Secretary of State for Economic Growth, Energy, and the Environment", None, None)),
    # titles that name a posting drop it
    ("He received Ambassador of the Republic of Poland to Korea Piotr Nowakowski.",
     ("Piotr Nowakowski", "Ambassador", None, "POL")),
    # title, then the name in apposition, with honorifics
    ("The Republic of Korea's Minister of Foreign Affairs, H.E. Mr Yun Byung-se, met her.",
     ("Yun Byung-se", "Minister of Foreign Affairs", None, "KOR")),
    ("They will engage with the UN Special Envoy, Martin Griffiths, on the matter.",
     ("Martin Griffiths", "Special Envoy", "UN", None)),
    ("He met Indian External Affairs Minister Dr S. Jaishankar.",
     ("S. Jaishankar", "External Affairs Minister", None, "IND")),
    ("Foreign Secretary Lord Cameron hosted the dialogue.",
     ("Cameron", "Foreign Secretary", None, None)),
    ("On Sept. 13, DPRK leader Kim Jong Un met Russian President Vladimir Putin.",
     ("Kim Jong Un", "leader", None, "PRK")),
    ("He met Undersecretary REYES ZÚÑIGA in Seoul.",
     ("REYES ZÚÑIGA", "Undersecretary", None, None)),
    # name suffixes
    ("He met Joseph R. Biden Jr., President of the United States of America, in Seoul.",
     ("Joseph R. Biden Jr.", "President", None, "USA")),
    ("He met King Abdullah II in Amman.", ("Abdullah II", "King", None, None)),
    # particles and abbreviated given names
    ("He met Minister of Foreign Affairs Prince Faisal bin Farhan Al Saud.",
     ("Faisal bin Farhan Al Saud", "Minister of Foreign Affairs", None, None)),
    ("It was co-chaired by Undersecretary for Policy Ma. Theresa Lazaro.",
     ("Ma. Theresa Lazaro", "Undersecretary for Policy", None, None)),
])
def test_components_officials_forms(nlp, text, expected):
    assert expected in found(nlp, text)


@pytest.mark.parametrize("text", [
    "He hoped that the meeting could contribute to cooperation.",
    "This annual Meeting has been attended by delegates of major participating countries.",
    "They discussed Joint Capacity Building for personnel in charge of COVID-19 Response.",
    "Participants agreed on adopting NEACHS's Terms of Reference by the end of the year.",
    "The Korea-China Foreign Ministers' Meeting was held in Seoul.",
    "The Minister of Foreign Affairs will attend the meeting.",
    "Korea, China, Japan, the United States, Russia, and Mongolia took part.",
    "She said that they will continue to work with the Ministry of Foreign Affairs.",
    "The Ministry of Foreign Affairs held the Intergovernmental Meeting 2021 on October 20.",
    "The Ambassador Program and the President Cup were launched.",
    "The Vice Minister Level Strategic Dialogue and the Director-General Level Meeting were held.",
    "Korea's Minister of Foreign Affairs and Japan's Minister for Foreign Affairs agreed.",
])
def test_components_officials_not_people(nlp, text):
    assert found(nlp, text) == []


def test_components_officials_two_titles_apart(nlp):
    got = found(nlp, "Minister Kang Kyung-wha and Chinese Foreign Minister Wang Yi met.")
    assert got == [("Kang Kyung-wha", "Minister", None, None),
                   ("Wang Yi", "Foreign Minister", None, "CHN")]


def test_components_officials_the_secretary_and_a_minister_apart(nlp):
    got = found(nlp, "The Secretary and Foreign Minister Park discussed the launches.")
    assert got == [("Park", "Foreign Minister", None, None)]


def test_components_officials_rule_ids_and_idempotent(nlp):
    doc = run(nlp, "Foreign Minister Kang Kyung-wha met Mr. Lim Jock Hoi, Secretary-General of "
                   "ASEAN.")
    first = [(s.start, s.end, s._.rule_id) for s in doc.spans["official"]]
    nlp.get_pipe("pr_officials")(doc)
    assert [(s.start, s.end, s._.rule_id) for s in doc.spans["official"]] == first
    assert [r for _, _, r in first] == ["office_title", "honorific+apposition"]


def test_components_officials_seed(seed_context, seed_gold):
    rows, mentions = extract_officials(seed_context, extract_countries(seed_context))
    assert [(r.official_id, r.name, r.title, r.organization, r.country, r.n_mentions,
             r.block_ids) for r in rows] == [
        (1, "Yeo Seung Bae", "Deputy Minister for Political Affairs", "Ministry of Foreign Affairs",
         "KOR", 2, "1.0;2.0")]
    gold = seed_gold["officials"][0]
    assert rows[0].name == gold["name"] and rows[0].block_ids == ";".join(gold["block_ids"])
    texts = {b.block_id: b.text for b in seed_context.blocks}
    for m in mentions:
        assert texts[m.block_id][m.start:m.end] == m.text
    assert [m.text for m in mentions] == ["Deputy Minister for Political Affairs Yeo Seung Bae",
                                          "Deputy Minister Yeo"]


def test_extract_officials_short_mentions_resolve(nlp):
    _, rows, mentions = officials(nlp, [
        "Minister of Foreign Affairs Park Jin held talks with US Secretary of State Antony "
        "Blinken.",
        "Minister Park stressed cooperation, and Secretary Blinken agreed.",
        "Blinken said the United States will help.",
    ])
    assert [(r.name, r.title, r.country, r.n_mentions, r.block_ids) for r in rows] == [
        ("Park Jin", "Minister of Foreign Affairs", "KOR", 2, "1.0;2.0"),
        ("Antony Blinken", "Secretary of State", "USA", 3, "1.0;2.0;3.0"),
    ]
    assert [m.official_id for m in mentions] == [1, 2, 1, 2, 2]
    assert mentions[-1].rule_id in ("surname_only", "ner_person")


def test_extract_officials_same_surname_different_titles(nlp):
    _, rows, _ = officials(nlp, [
        "Minister of Foreign Affairs Cho Tae-yul and First Vice Minister Cho Hyun-dong met.",
        "Vice Minister Cho explained the plan, and Minister Cho welcomed it.",
    ])
    assert [(r.name, r.n_mentions) for r in rows] == [("Cho Tae-yul", 2), ("Cho Hyun-dong", 2)]


def test_extract_officials_foreign_official_country_from_release(nlp):
    _, rows, _ = officials(nlp, [
        "Minister Chung Eui-yong held talks with Chinese Foreign Minister Wang Yi.",
        "Foreign Minister Wang said that China will cooperate.",
    ])
    assert [(r.name, r.country) for r in rows] == [("Chung Eui-yong", "KOR"), ("Wang Yi", "CHN")]
    assert rows[1].n_mentions == 2


def test_extract_officials_publisher_country_and_private(nlp):
    _, rows, _ = officials(nlp, [
        "Minister for Foreign Affairs KAMIKAWA Yoko met Mr. Lim Jock Hoi, Secretary-General of "
        "ASEAN.",
    ], publisher="JPN")
    assert [(r.name, r.country, r.organization) for r in rows] == [
        ("KAMIKAWA Yoko", "JPN", None), ("Lim Jock Hoi", None, "ASEAN")]


def test_extract_officials_second_head_of_government_is_foreign(nlp):
    _, rows, _ = officials(nlp, [
        "The Agreement between Japan and the United Kingdom was signed in London by Prime Minister "
        "KISHIDA Fumio and Prime Minister Rishi Sunak.",
    ], publisher="JPN")
    assert [(r.name, r.country) for r in rows] == [("KISHIDA Fumio", "JPN"),
                                                   ("Rishi Sunak", "GBR")]


def test_extract_officials_mission_and_ministry(nlp):
    _, rows, _ = officials(nlp, [
        "Ambassador of the Republic of Korea to Viet Nam CHOI Young-sam met with Deputy Minister "
        "of Foreign Affairs NGUYEN Minh Hang at the Ministry of Foreign Affairs of Viet Nam.",
        "The Embassy of the Republic of Korea in Viet Nam will continue to work with Viet Nam.",
    ])
    assert [(r.name, r.title, r.organization, r.country) for r in rows] == [
        ("CHOI Young-sam", "Ambassador", "Embassy of the Republic of Korea in Viet Nam", "KOR"),
        ("NGUYEN Minh Hang", "Deputy Minister of Foreign Affairs", "Ministry of Foreign Affairs",
         "VNM"),
    ]


def test_extract_officials_mention_offsets(nlp):
    ctx, _, mentions = officials(nlp, ["Foreign Minister Kang Kyung-wha met Secretary Blinken.",
                                       "Minister Kang thanked him."])
    texts = {b.block_id: b.text for b in ctx.blocks}
    assert mentions and all(texts[m.block_id][m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize("name,words,family", [
    ("Yeo Seung Bae", ("Yeo", "Seung", "Bae"), "Yeo"),
    ("Antony J. Blinken", ("Antony", "J.", "Blinken"), "Blinken"),
    ("Sergey LAVROV", ("Sergey", "LAVROV"), "LAVROV"),
    ("KISHIDA Fumio", ("KISHIDA", "Fumio"), "KISHIDA"),
    ("Noh Kyu-duk", ("Noh", "Kyu-duk"), "Noh"),
])
def test_extract_officials_family_names(name, words, family):
    vocab = load_vocabulary("")
    assert family in {words[i] for i in family_indexes(words, vocab.family_first)}
    assert name_key(name) == name.casefold().replace(" ", "").replace("-", "").replace(".", "")


def test_components_officials_bad_patterns(tmp_path):
    vocab = load_vocabulary("")
    (tmp_path / "officials.jsonl").write_text('{"label": "OFFICE"}\n', encoding="utf-8")
    with pytest.raises(BadOfficialPatterns):
        load_patterns(tmp_path, vocab)
    with pytest.raises(BadOfficialPatterns):
        load_vocabulary(tmp_path)


@pytest.mark.parametrize("text,expected", [
    # a body's name goes on after its head word: commas and "and" inside it
    ("Vice Minister Lee Jae-hoon of the Ministry of Science, Technology and Innovation spoke.",
     ("Lee Jae-hoon", "Vice Minister", "Ministry of Science, Technology and Innovation", None)),
    # ... but not past a head-final name ("University and Sir ...")
    ("It was co-chaired by Professor Park Min-jae of Yonsei University and Sir John Carter.",
     ("Park Min-jae", "Professor", "Yonsei University", None)),
    # a title before another person's name is not an apposition of the first
    ("Ambassador of Chile to Korea Ana Torres, Professor Kim Min-su of Yonsei University and "
     "others attended.", ("Ana Torres", "Ambassador", None, "CHL")),
    ("Ambassador of Chile to Korea Ana Torres, Professor Kim Min-su of Yonsei University and "
     "others attended.", ("Kim Min-su", "Professor", "Yonsei University", None)),
    # a company's name before a Korean name: the company is the organization
    ("Some 40 business leaders, including CEO of Daehan Robotics Jung Min-ho, attended.",
     ("Jung Min-ho", "CEO", "Daehan Robotics", None)),
    # "(ACRONYM)" after the organisation's full name
    ("He met Executive Director of the United Nations Environment Programme (UNEP) Inger "
     "Andersen.", ("Inger Andersen", "Executive Director", "United Nations Environment Programme",
                   None)),
    # the office goes on after the organisation
    ("It was hosted by High Representative of the European Union for Foreign Affairs and "
     "Security Policy Josep Borrell.",
     ("Josep Borrell", "High Representative for Foreign Affairs and Security Policy",
      "European Union", None)),
    # the posting country is not part of the title
    ("He briefed UN Resident Coordinator in Mongolia Tapan Mishra on the project.",
     ("Tapan Mishra", "Resident Coordinator", "UN", None)),
    # a private person's apposition: role + the body as written (capitalised "The" kept)
    ("He gave an interview to Lee Ji-eun, a journalist of The Korea Times, on Monday.",
     ("Lee Ji-eun", "journalist", "The Korea Times", None)),
])
def test_components_officials_bodies_and_postings(nlp, text, expected):
    assert expected in found(nlp, text)


@pytest.mark.parametrize("texts,expected", [
    # "the Kazakh side" in another block: the only foreign country of the release
    (["Deputy Minister Chung Hae-won held a consultation with Deputy Minister of Foreign Affairs "
      "Aibek Ospanov in Astana.",
      "Deputy Minister Chung asked the Kazakh side to cooperate on the summit."],
     [("Chung Hae-won", "Ministry of Foreign Affairs", "KOR"), ("Aibek Ospanov", None, "KAZ")]),
    # two foreign countries: no guess from the release as a whole
    (["Deputy Minister Chung Hae-won held a consultation with Deputy Minister of Foreign Affairs "
      "Aibek Ospanov in Astana.",
      "The Kazakh side and the Kyrgyz side expressed their support."],
     [("Chung Hae-won", "Ministry of Foreign Affairs", "KOR"),
      ("Aibek Ospanov", "Ministry of Foreign Affairs", "KOR")]),
    # a mission named by its country's adjective is the body a Korean ambassador acts for
    (["Ambassador to Japan Park Cheol-hee attended a reception hosted by the Korean Embassy in "
      "Japan."],
     [("Park Cheol-hee", "Korean Embassy in Japan", "KOR")]),
])
def test_extract_officials_country_and_body_from_release(nlp, texts, expected):
    _, rows, _ = officials(nlp, texts)
    assert [(r.name, r.organization, r.country) for r in rows] == expected


@pytest.mark.parametrize("text,expected", [
    # a private role with its field: the body is the one after the last "at"/"of"
    ("He met Professor of Economics at Seoul National University Kim Min-su.",
     ("Kim Min-su", "Professor of Economics", "Seoul National University", None)),
    # a parenthesised country code after a name is not an organisation's acronym
    ("Foreign Minister Park Jin (ROK) met Foreign Minister Wang Yi.",
     ("Park Jin", "Foreign Minister", None, None)),
])
def test_components_officials_private_roles_and_codes(nlp, text, expected):
    assert expected in found(nlp, text)
