"""Tests of the HTML/text cleaning stage (pipeline.clean) on small hand-written pages."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from pipeline.clean import CleanRelease, Profiles, clean, load_profiles, parse_date
from pipeline.errors import BadPatterns, NoBody
from pipeline.ingest import RawRelease

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
HTML = Path(__file__).parent / "data" / "html"
SEED = Path(__file__).parent / "data" / "seed"
MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[°◦○•▲\-])\s*")

# Text of page furniture in the test pages; none of it may reach a paragraph.
FURNITURE = [
    "Skip", "HOME", "Countries Information", "Facebook", "Twitter", "Print", "List", "Copyright",
    "Prev", "Next", "Related", "cookies", "Share", "Attachment", "photo_0313", "agreement.pdf",
    "Office of the Spokesperson", "From:", "Published", "Readout", "Back to", "Tags", "Media release",
    "Latest media releases", "Signing ceremony", "(Photo)", "Unofficial", "End", "Sajik-ro",
    "Open Government Licence", "Imprint", "Speeches", "Consular Services", "Testville", "Topics",
    "Bureau of European", "Minister visits Fiji", "menuState", "margin", "Notes to editors", "enquiries",
    "newsdesk", "Telephone", "communication team", "Related Links",
    "30 -", "Press Secretary", "Follow us", "Date modified", "MINISTRY OF FOREIGN AFFAIRS", "Capital City",
    "Visitors", "Source:", "Quick facts", "Associated links", "Category",
    "Northshire", "END",
]


@pytest.fixture(scope="module")
def profiles() -> Profiles:
    return load_profiles(MODELS)


def page(name: str) -> RawRelease:
    path = HTML / name
    return RawRelease(path.stem, path.as_posix(), "html", path.read_text(encoding="utf-8"), "utf-8", "")


def raw(text: str, kind: str = "html") -> RawRelease:
    return RawRelease("inline", f"inline.{kind}", kind, text, "utf-8", "")


# --------------------------------------------------------------------------- MOFA markup variants

MOFA_CASES = {
    "mofa_old_p.html": dict(
        title="Outcome of the Korea-Testland Vice Foreign Ministerial Strategic Dialogue",
        published="2019-03-14", published_time="16:02:09", hits=1532, site="mofa_kr", publisher="KOR",
        url="https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=300101",
        paragraphs=[
            "1. Vice Foreign Minister Kim Minsoo held the 3rd Strategic Dialogue with Deputy Foreign Minister "
            "Arlo Venn of Testland in Seoul on March 13.",
            "° The two sides agreed to hold the 4th Strategic Dialogue in Testland next year.",
            "2. Vice Minister Kim stressed the importance of close cooperation on climate change.",
        ],
    ),
    "mofa_br_runs.html": dict(
        title="Korea to Host Seminar on Maritime Safety", published="2016-04-29", published_time=None,
        hits=77, site="mofa_kr", publisher="KOR", url=None,
        paragraphs=[
            "1. The Ministry of Foreign Affairs will host a seminar on maritime safety in Busan on May 3.",
            "° Experts from twelve countries will attend the seminar.",
            "° The seminar will be held in October as well.",
            "2. The Ministry expects the seminar to deepen regional cooperation.",
        ],
    ),
    "mofa_se_contents.html": dict(
        title="Korea and Testland Sign Working Holiday Agreement", published="2024-11-20",
        published_time="10:31:05", hits=409, site="mofa_kr", publisher="KOR",
        url="https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=322714",
        paragraphs=[
            "1. Director-General Park Jiwon and Ambassador Lena Ortiz signed the Working Holiday Agreement "
            "on November 19.",
            "° Under the agreement, up to 500 young people of each country may stay for one year.",
            "2. The agreement will enter into force on January 1, 2025.",
        ],
    ),
    "mofa_mixed.html": dict(
        title="Results of the 5th Korea-Nordland Policy Consultation", published="2020-07-08",
        published_time=None, hits=1204, site="mofa_kr", publisher="KOR", url=None,
        paragraphs=[
            "1. The 5th Korea-Nordland Policy Consultation was held in Seoul on July 7.",
            "° The two sides reviewed the implementation of the 2018 action plan.",
            "° They agreed to expand cooperation in renewable energy and health.",
            "2. Deputy Minister Lee also met with business leaders.",
            "- The business leaders asked for simpler visa procedures.",
            "3. A joint press release was issued after the meeting.",
        ],
    ),
    "mofa_overseas.html": dict(
        title="Ambassador Choi Attends the Testland Independence Day Reception", published="2022-09-05",
        published_time="09:12:44", hits=58, site="mofa_kr_overseas", publisher="KOR", url=None,
        paragraphs=[
            "Ambassador Choi Hana attended the Independence Day reception hosted by the Foreign Minister of "
            "Testland on September 2.",
            "In her remarks, the Ambassador expressed hope for closer ties between the two countries.",
        ],
    ),
}

OTHER_CASES = {
    "mofa_jp.html": dict(
        title="Japan-Testland Foreign Ministers' Meeting", published="2023-06-14", published_time=None,
        hits=None, site="mofa_jp", publisher="JPN", url=None,
        paragraphs=[
            "On June 13, commencing at 6:00 p.m. for approximately 45 minutes, Mr. HAYASHI Yoshimasa, Minister "
            "for Foreign Affairs of Japan, held a meeting with H.E. Ms. Mira Solberg, Minister of Foreign "
            "Affairs of Testland. The overview of the meeting is as follows.",
            "1. Minister Hayashi welcomed Minister Solberg's visit to Japan.",
            '2. The two ministers agreed to strengthen cooperation toward the realization of a "Free and Open '
            'Indo-Pacific."',
            "They also exchanged views on regional affairs.",
            "3. The two ministers confirmed that they will continue to work closely together.",
        ],
    ),
    "state_gov.html": dict(
        title="Secretary Blinken's Call with Testland Foreign Minister Solberg", published="2021-11-22",
        published_time=None, hits=None, site="state_gov", publisher="USA",
        url="https://www.state.gov/secretary-blinkens-call-with-testland-foreign-minister-solberg/",
        paragraphs=[
            "The below is attributable to Spokesperson Ned Price:",
            "Secretary of State Antony J. Blinken spoke today with Testland Foreign Minister Mira Solberg. The "
            "Secretary and Foreign Minister discussed the importance of close coordination on energy security.",
            "Secretary Blinken also underscored the need to support democratic institutions in the region.",
        ],
    ),
    "gov_uk.html": dict(
        title="UK and Testland agree new green partnership", published="2022-03-03", published_time=None,
        hits=None, site="gov_uk", publisher="GBR",
        url="https://www.gov.uk/government/news/uk-and-testland-agree-new-green-partnership",
        # The lead paragraph repeats the release outside .govspeak; "Notes to editors" is an
        # unnumbered sub-heading; "Media enquiries" ends the body.
        paragraphs=[
            "The partnership will mobilise investment in offshore wind and hydrogen.",
            "Foreign Secretary Jane Doe said:",
            "This partnership shows what friends can achieve together.",
            "The partnership runs until 2030.",
            "A joint committee will meet every year.",
        ],
    ),
    "generic_dfat.html": dict(
        title="Australia and Testland strengthen ties", published="2021-11-22", published_time=None,
        hits=None, site="generic", publisher="AUS",
        url="https://www.dfat.gov.au/news/media-release/australia-and-testland-strengthen-ties",
        paragraphs=[
            "Australia and Testland today agreed to upgrade their relationship to a Comprehensive Strategic "
            "Partnership.",
            "The Foreign Minister welcomed the agreement, which will deepen cooperation on trade, education and "
            "climate.",
            "Both countries will hold annual foreign ministers' meetings from 2022.",
        ],
    ),
    "generic_table_layout.html": dict(
        title="Minister of State visits Testland", published="2021-05-12", published_time=None, hits=None,
        site="generic", publisher="DEU", url=None,
        paragraphs=[
            "Minister of State Anna Weber travelled to Testland on 11 May for talks with the Testland government.",
            "The talks focused on the energy transition and on cooperation in the United Nations Security "
            "Council.",
            "Weber said that Germany and Testland share a commitment to a rules-based international order.",
        ],
    ),
    # A canada.ca-like news release: a dateline naming place and issuer, sub-headings as labels,
    # quotes with their attribution line, "Quick facts" items, associated links, the "- 30 -" end
    # mark, then contacts and page details.
    "generic_news_release.html": dict(
        title="Testland announces support for flood relief in Examplestan", published="2024-03-07",
        published_time=None, hits=None, site="generic", publisher=None,
        url="https://www.testland.example/en/news/2024/03/flood-relief.html",
        paragraphs=[
            "Today, the Minister of Foreign Affairs, Jane Roe, announced $5 million to support people affected by "
            "the floods in Examplestan.",
            "Testland calls on all partners to support the relief effort.",
            "“We stand with the people of Examplestan in this difficult time.”",
            "– Jane Roe, Minister of Foreign Affairs",
            "Since the beginning of 2024, Testland has provided $12 million in assistance to the region.",
            "The floods have displaced more than 80,000 people.",
        ],
    ),
    # An unnumbered lead, numbers from 2, an end mark of dots and a closing signature (issuer and
    # place lines above the date); a site-wide visitor counter is not the release's view count.
    "generic_signature.html": dict(
        title="Visit of the Foreign Minister of Testland (4-5 May 2023)", published="2023-05-05",
        published_time=None, hits=None, site="generic", publisher=None, url=None,
        paragraphs=[
            "Foreign Minister Arlo Venn of Testland paid an official visit from 4-5 May 2023 at the invitation "
            "of the Minister of Foreign Affairs.",
            "2. The two Ministers co-chaired the 3rd meeting of the Joint Commission and reviewed bilateral "
            "relations.",
            "3. Both sides agreed to hold the next meeting of the Joint Commission in Exampleton in 2025.",
        ],
    ),
    # A CMS article: the date in an element named as a date (beside other meta text), the view
    # count in an element named "hits", a dateline run into the first paragraph (kept), "END" and
    # a bracketed source credit.
    "generic_cms_article.html": dict(
        title="Testland and Examplestan Agree to Settle Land Border", published="2023-07-25",
        published_time=None, hits=1487, site="generic", publisher=None, url=None,
        paragraphs=[
            "EXAMPLETON, 24 July 2023 – Foreign Minister Jane Roe held a bilateral meeting with the Foreign "
            "Minister of Examplestan in Exampleton on Monday.",
            "Both ministers agreed to complete the demarcation of the land border by the end of this year.",
        ],
    ),
}
ALL_CASES = {**MOFA_CASES, **OTHER_CASES}


def fields(result: CleanRelease) -> dict[str, object]:
    return {k: getattr(result, k) for k in (
        "title", "published", "published_time", "hits", "site", "publisher", "url", "paragraphs")}


@pytest.mark.parametrize("name", sorted(MOFA_CASES))
def test_clean_mofa_markup_variants(profiles: Profiles, name: str) -> None:
    assert fields(clean(page(name), profiles)) == MOFA_CASES[name]


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_clean_other_ministries(profiles: Profiles, name: str) -> None:
    assert fields(clean(page(name), profiles)) == OTHER_CASES[name]


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_clean_no_furniture_leaks(profiles: Profiles, name: str) -> None:
    result = clean(page(name), profiles)
    for paragraph in result.paragraphs:
        leaked = [word for word in FURNITURE if word in paragraph]
        assert not leaked, (leaked, paragraph)
        assert paragraph != result.title


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_clean_paragraphs_are_collapsed(profiles: Profiles, name: str) -> None:
    for paragraph in clean(page(name), profiles).paragraphs:
        assert paragraph == " ".join(paragraph.split())
        assert "\xa0" not in paragraph and "\u200b" not in paragraph
        assert re.search(r"\w", paragraph)


@pytest.mark.parametrize("markup", [
    "<p>&nbsp;</p>", "<p><span>&nbsp;</span>&nbsp;</p>", "<p>&#8203;</p>", "<div>&nbsp;<br>&nbsp;</div>",
    "<p><br></p>", "<p>\u3000</p>",
])
def test_clean_nbsp_paragraphs_dropped(profiles: Profiles, markup: str) -> None:
    html = (f'<div class="board_detail"><div class="bo_head"><h2>T</h2></div><div class="bo_con">'
            f"<p>1. First&nbsp;&nbsp;paragraph.</p>{markup}<p>2. Second.</p></div></div>")
    assert clean(raw(html), profiles).paragraphs == ["1. First paragraph.", "2. Second."]


@pytest.mark.parametrize(("body", "expected"), [
    ("<p>1. One.</p><p>° Two.</p>", ["1. One.", "° Two."]),
    ("<div>1. One.<br>° Two.<br><br>2. Three.</div>", ["1. One.", "° Two.", "2. Three."]),
    ("<p><span>1. </span><span>One</span><b> bold</b>.</p>", ["1. One bold."]),
    ("1. Loose text.<p>° In a p.</p>tail text", ["1. Loose text.", "° In a p.", "tail text"]),
    ("<p>°</p><p>Marker on its own line.</p>", ["° Marker on its own line."]),
    ("<pre>1. Pre line.\n° Second pre line.</pre>", ["1. Pre line.", "° Second pre line."]),
])
def test_clean_body_line_breaking(profiles: Profiles, body: str, expected: list[str]) -> None:
    html = f'<div class="board_detail"><div class="bo_head"><h2>T</h2></div><div class="bo_con">{body}</div></div>'
    assert clean(raw(html), profiles).paragraphs == expected


@pytest.mark.parametrize(("body", "expected"), [
    ("<h2>Background</h2><p>Text one.</p>", ["Text one."]),
    ("<h3>2. Bilateral Relations</h3><p>(1) Item.</p>", ["2. Bilateral Relations", "(1) Item."]),
    ("<p>Text.</p><h2>Media enquiries</h2><p>Press office: +44 20 7946 0000</p><p>More.</p>", ["Text."]),
    ("<p>Lead text.</p><p>Minister's office: (02) 6277 7500</p><p>press@example.org</p>", ["Lead text."]),
    ("<p>01.03.2021 - Press release</p><p>Body text.</p>", ["Body text."]),
    # Datelines that also name the place and the issuer; a date inside a sentence is not one.
    ("<p>March 7, 2024 – Exampleton, Northshire – Ministry of Foreign Affairs</p><p>Body.</p>", ["Body."]),
    ("<p>EXAMPLETON, Northshire, January 3, 2024</p><p>Body.</p>", ["Body."]),
    ("<p>Press release · Exampleton, 12.04.2024</p><p>Body.</p>", ["Body."]),
    ("<p>Foreign Minister Roe met Testland officials, 5 May 2023</p>",
     ["Foreign Minister Roe met Testland officials, 5 May 2023"]),
    ("<p>Minister Roe Visits Examplestan (4-5 May 2023)</p><p>Body.</p>",
     ["Minister Roe Visits Examplestan (4-5 May 2023)", "Body."]),
    # A closing signature: place / issuer lines go with the dateline under them, a sentence does not.
    ("<p>Body.</p><p><strong>Exampleton<br>September 22, 2023</strong></p>", ["Body."]),
    ("<p>Body.</p><p>MINISTRY OF FOREIGN AFFAIRS<br>EXAMPLETON<br>22 SEPTEMBER 2023</p>", ["Body."]),
    ("<p>The ministers met in Exampleton.<br>September 22, 2023</p>", ["The ministers met in Exampleton."]),
    ("<p>Body.</p><p>Joint Commission</p><p>Minister Roe</p><p>Testland</p><p>Exampleton</p><p>5 May 2023</p>",
     ["Body.", "Joint Commission"]),
    # End marks and wrappers, credits, social-media and page-maintenance lines.
    ("<p>Body text.</p><p>- 30 -</p><p>Jane Doe</p><p>Press Secretary</p>", ["Body text."]),
    ("<p>Body text.</p><p>###</p><p>Jane Doe</p>", ["Body text."]),
    ("<p>Body.</p><h2>Contacts</h2><p>Jane Doe<br>Press Secretary</p>", ["Body."]),
    ("<p><a href='/contact'>Contact</a></p><p>Body.</p>", ["Body."]),
    ("<p>Begin Text:</p><p>Body text.</p><p>End Text.</p>", ["Body text."]),
    ("<p>Body.</p><p><em>(Source: Directorate of Testland Affairs / MFA)</em></p>", ["Body."]),
    ("<p>Body.</p><p>Follow us on Twitter: @TestlandMFA</p><p>Date modified: 2024-03-08</p>", ["Body."]),
    ("<h3>1 - Testland – Visit by the Minister</h3><p>Text.</p>",
     ["1 - Testland – Visit by the Minister", "Text."]),
    ("<p>*Check against delivery*</p><p>Body.</p><p>(Photo: Ministry of Foreign Affairs)</p>"
     "<p>Photo credit: MFA Testland</p>", ["Body."]),
    # A chrome section (links, related items, photos) runs to the next heading or to a paragraph of
    # text; a "Background" section is a label over release text.
    ("<p>Body.</p><h2>Associated links</h2><ul><li>Testland’s response (PDF, 2 MB)</li><li>Travel advice</li></ul>"
     "<h2>Background</h2><p>More text.</p>", ["Body.", "More text."]),
    ("<p>Body.</p><h2>Photos</h2><p>The Minister greets the delegation</p><p>The two delegations hold talks in "
     "the capital, where they discussed cooperation on trade, climate and health in the coming years.</p>",
     ["Body.", "The two delegations hold talks in the capital, where they discussed cooperation on trade, "
      "climate and health in the coming years."]),
])
def test_clean_headings_contacts_datelines(profiles: Profiles, body: str, expected: list[str]) -> None:
    html = f"<html><body><main><h1>Title</h1><div class='entry-content'>{body}</div></main></body></html>"
    assert clean(raw(html), profiles).paragraphs == expected


# --------------------------------------------------------------------------- robustness


def test_clean_broken_html(profiles: Profiles) -> None:
    result = clean(page("broken_truncated.html"), profiles)
    assert result.title == "Statement on the Flood in Testland"
    assert (result.published, result.hits, result.site) == ("2023-08-02", 12, "mofa_kr")
    assert result.paragraphs == [
        "1. The Government expresses its deep condolences to the people of Testland.",
        "2. The Government will provide humanitarian assistance of 1 million dollars to the affected are",
    ]


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
@pytest.mark.parametrize("tag", ["div", "span"])
def test_clean_deep_nesting(profiles: Profiles, depth: int, tag: str) -> None:
    html = ('<html><body><div class="board_detail"><div class="bo_head"><h2>Deep page</h2></div>'
            '<div class="bo_con">' + f"<{tag}>" * depth + "1. Deep text." + f"</{tag}>" * depth
            + "<p>2. After the nest.</p></div></div></body></html>")
    result = clean(raw(html), profiles)
    assert [p for p in result.paragraphs if p != "Deep page"] == ["1. Deep text.", "2. After the nest."]


def test_clean_deep_unclosed_tags(profiles: Profiles) -> None:
    html = "<html><body><p>Lead.</p>" + "<font><b>" * 60_000 + "Unclosed text.</body></html>"
    assert clean(raw(html), profiles).paragraphs == ["Lead.", "Unclosed text."]


def test_clean_huge_page(profiles: Profiles) -> None:
    paragraphs = [f"{i}. Paragraph number {i} of a very long release." for i in range(1, 40_001)]
    html = ('<div class="board_detail"><div class="bo_head"><h2>Huge</h2></div><div class="bo_con">'
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></div>")
    assert len(html) > 2_000_000
    assert clean(raw(html), profiles).paragraphs == paragraphs


@pytest.mark.parametrize("text", [
    "", "   \n ", "<html></html>", "<html><body><nav><a href='/'>Home</a></nav></body></html>",
])
def test_clean_empty_page_raises_nobody(profiles: Profiles, text: str) -> None:
    with pytest.raises(NoBody):
        clean(raw(text), profiles)


def test_clean_page_without_body_text_raises_nobody(profiles: Profiles) -> None:
    with pytest.raises(NoBody):
        clean(page("no_body.html"), profiles)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "List\nPrint\n"])
def test_clean_empty_text_raises_nobody(profiles: Profiles, text: str) -> None:
    with pytest.raises(NoBody):
        clean(raw(text, "txt"), profiles)


def test_clean_no_network_or_entities(profiles: Profiles, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    html = (f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>Text &x; here.</p>'
            f'<p>Second paragraph of the page.</p></body></html>')
    result = clean(raw(html), profiles)
    assert "SECRET" not in " ".join(result.paragraphs)


# --------------------------------------------------------------------------- text dumps


def test_clean_seed_text_dump(profiles: Profiles) -> None:
    text = (SEED / "mofa_2021_neapc_intergovernmental_meeting.txt").read_text(encoding="utf-8")
    gold = json.loads((SEED / "mofa_2021_neapc_intergovernmental_meeting.gold.jsonl").read_text(encoding="utf-8"))
    result = clean(raw(text, "txt"), profiles)
    assert result.title == "2021 Northeast Asia Peace and Cooperation Intergovernmental Meeting"
    assert (result.published, result.published_time, result.hits) == ("2021-10-22", "13:55:32", 820)
    assert (result.site, result.publisher, result.url) == ("mofa_kr", "KOR", None)
    assert [MARKER.sub("", p) for p in result.paragraphs] == [b["text"] for b in gold["blocks"]]


DUMP = """Skip navigation
  1. HOME
  2. Press
Press Releases 상세보기

Outcome of the   Korea-Testland
Talks

  • Date : 2020-02-03
  • hit : 1,024

1. The two ministers met in Seoul.

° They agreed to meet again.
List
  • Prev : Another release title
  • Next : A later release title
Facebook
"""


def test_clean_text_dump_furniture(profiles: Profiles) -> None:
    result = clean(raw(DUMP, "txt"), profiles)
    assert (result.title, result.published, result.hits) == ("Talks", "2020-02-03", 1024)
    assert result.paragraphs == ["1. The two ministers met in Seoul.", "° They agreed to meet again."]
    assert (result.site, result.publisher) == ("mofa_kr", "KOR")


def test_clean_text_without_header(profiles: Profiles) -> None:
    text = ("The Foreign Minister met her counterpart\nin Paris on Monday and discussed trade.\n\n"
            "1. The two sides agreed to meet again.\n° They will hold talks in June.\n")
    result = clean(raw(text, "txt"), profiles)
    assert result.title is None and result.published is None and result.hits is None
    assert result.site == "generic" and result.publisher is None
    assert result.paragraphs == [
        "The Foreign Minister met her counterpart in Paris on Monday and discussed trade.",
        "1. The two sides agreed to meet again.",
        "° They will hold talks in June.",
    ]


def test_clean_text_dump_with_dateline(profiles: Profiles) -> None:
    text = ("Readout\nSecretary's Call with the Foreign Minister of Testland\nOffice of the Spokesperson\n"
            "November 22, 2021\n\nThe Secretary spoke today with the Foreign Minister.\n"
            "URL: https://www.state.gov/secretarys-call/\n")
    result = clean(raw(text, "txt"), profiles)
    assert result.title == "Secretary's Call with the Foreign Minister of Testland"
    assert (result.published, result.site, result.publisher) == ("2021-11-22", "state_gov", "USA")
    assert result.paragraphs == ["The Secretary spoke today with the Foreign Minister."]


NEWS_RELEASE_DUMP = """Skip to main content
Home

Testland announces support for flood relief in Examplestan
From: Ministry of Foreign Affairs of Testland
News release
March 7, 2024 – Exampleton, Northshire – Ministry of Foreign Affairs

Today, the Minister of Foreign Affairs, Jane Roe, announced $5 million to support people affected by the floods.

Quotes

“We stand with the people of Examplestan.”
– Jane Roe, Minister of Foreign Affairs

Quick facts

Since the beginning of 2024, Testland has provided $12 million in assistance to the region.

Associated links

Testland’s response to the floods
Travel advice and advisories: Examplestan

- 30 -

Contacts

John Doe
Press Secretary
"""


def test_clean_text_dump_of_news_release(profiles: Profiles) -> None:
    """A dump without markup: the place-and-issuer dateline is the header, section labels and the
    links section are not paragraphs, "- 30 -" ends the body."""
    result = clean(raw(NEWS_RELEASE_DUMP, "txt"), profiles)
    assert (result.title, result.published) == ("Testland announces support for flood relief in Examplestan",
                                                "2024-03-07")
    assert result.paragraphs == [
        "Today, the Minister of Foreign Affairs, Jane Roe, announced $5 million to support people affected by the "
        "floods.",
        "“We stand with the people of Examplestan.”",
        "– Jane Roe, Minister of Foreign Affairs",
        "Since the beginning of 2024, Testland has provided $12 million in assistance to the region.",
    ]


def test_clean_xhtml_with_xml_declaration(profiles: Profiles) -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>Talks | Site</title></head><body><main><h1>Talks held</h1>"
            "<p>The ministers held talks in the capital today.</p></main></body></html>")
    result = clean(raw(html), profiles)
    assert (result.title, result.paragraphs) == ("Talks held", ["The ministers held talks in the capital today."])


def test_clean_html_in_txt_file_is_read_as_html(profiles: Profiles) -> None:
    result = clean(RawRelease("x", "x.txt", "txt", (HTML / "mofa_old_p.html").read_text(), "utf-8", ""), profiles)
    assert result.hits == 1532 and len(result.paragraphs) == 3


# --------------------------------------------------------------------------- site detection, fields


@pytest.mark.parametrize(("url", "site", "publisher"), [
    ("https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=1", "mofa_kr", "KOR"),
    ("https://overseas.mofa.go.kr/us-en/brd/m_4500/view.do?seq=2", "mofa_kr_overseas", "KOR"),
    ("https://www.mofa.go.jp/press/release/pressite_000001_00001.html", "mofa_jp", "JPN"),
    ("https://www.state.gov/readout/", "state_gov", "USA"),
    ("https://www.gov.uk/government/news/x", "gov_uk", "GBR"),
    ("https://www.auswaertiges-amt.de/en/newsroom/news/x", "generic", "DEU"),
    ("https://www.dfat.gov.au/news/x", "generic", "AUS"),
    ("https://www.international.gc.ca/news-nouvelles/x", "generic", "CAN"),
    ("https://www.example.org/news/x", "generic", None),
])
def test_clean_site_and_publisher_from_url(profiles: Profiles, url: str, site: str, publisher: str | None) -> None:
    html = (f'<html><head><link rel="canonical" href="{url}"><title>A title</title></head><body><main>'
            "<h1>A title</h1><p>The minister met the ambassador of Testland today in the capital.</p>"
            "<p>They discussed trade and climate cooperation between the two countries.</p></main></body></html>")
    result = clean(raw(html), profiles)
    assert (result.url, result.site, result.publisher) == (url, site, publisher)
    assert result.paragraphs[0] == "The minister met the ambassador of Testland today in the capital."


@pytest.mark.parametrize(("head", "publisher"), [
    ('<meta property="og:site_name" content="Federal Foreign Office">', "DEU"),
    ('<meta property="og:site_name" content="Global Affairs Canada">', "CAN"),
    ("<title>News | Department of Foreign Affairs and Trade</title>", "AUS"),
    ("<!-- saved from url=(0040)https://www.auswaertiges-amt.de/en/x -->", "DEU"),
    ("<title>News | Department of Foreign Affairs, Republic of the Philippines</title>", "PHL"),
    ('<meta property="og:site_name" content="Kementerian Luar Negeri Republik Indonesia">', "IDN"),
    ('<meta name="application-name" content="Ministry of Foreign Affairs, Singapore">', "SGP"),
])
def test_clean_publisher_from_site_name(profiles: Profiles, head: str, publisher: str) -> None:
    html = (f"<html><head>{head}</head><body><article><h1>Title</h1>"
            "<p>The minister met the ambassador of Testland today in the capital city.</p></article></body></html>")
    assert clean(raw(html), profiles).publisher == publisher


@pytest.mark.parametrize(("head", "title"), [
    ("<title>Talks with Testland | Federal Foreign Office</title>", "Talks with Testland"),
    ("<title>Korea-Japan Talks - GOV.UK</title>", "Korea-Japan Talks"),
    ("<title>Ceasefire - a statement</title>", "Ceasefire - a statement"),
    ('<meta property="og:title" content="Joint Statement on X"><title>Other</title>', "Joint Statement on X"),
])
def test_clean_title_sources(profiles: Profiles, head: str, title: str) -> None:
    html = (f"<html><head>{head}</head><body><div><p>The minister met the ambassador of Testland today in "
            "the capital city to discuss cooperation.</p></div></body></html>")
    assert clean(raw(html), profiles).title == title


@pytest.mark.parametrize(("markup", "published", "clock"), [
    ('<meta property="article:published_time" content="2021-11-22T14:30:00-05:00">', "2021-11-22", "14:30:00"),
    ('<meta name="DC.date" content="2020-01-31">', "2020-01-31", None),
    ('<meta name="govuk:public-updated-at" content="2022-03-04T09:00:00+00:00">', "2022-03-04", "09:00:00"),
    ('<main><time datetime="2019-07-01">1 July</time></main>', "2019-07-01", None),
    ("<main><p>Published 3 March 2022</p></main>", "2022-03-03", None),
    ("<main><p>November 22, 2021</p></main>", "2021-11-22", None),
    ("<main><p>Date : 2021-10-22 13:55</p></main>", "2021-10-22", "13:55:00"),
    ("<main><p>May 5, 2023 – Exampleton, Northshire – Ministry of Foreign Affairs</p></main>", "2023-05-05", None),
    # An element named as a date, with other text on its line; not a modification date.
    ('<main><div class="meta"><span class="news-date">Tuesday, 25 July 2023</span> <span>Category: Bilateral'
     "</span></div></main>", "2023-07-25", None),
    ('<main><div class="meta"><span class="date-modified">01 August 2023</span> <span id="post_date">Tuesday, '
     "25 July 2023</span> | Topic: Trade</div></main>", "2023-07-25", None),
])
def test_clean_generic_dates(profiles: Profiles, markup: str, published: str, clock: str | None) -> None:
    head, body = (markup, "") if markup.startswith("<meta") else ("", markup)
    html = (f"<html><head>{head}</head><body>{body}<article><h1>T</h1><p>The minister met the ambassador of "
            "Testland today in the capital city to discuss cooperation.</p></article></body></html>")
    result = clean(raw(html), profiles)
    assert (result.published, result.published_time) == (published, clock)
    assert all(published[:4] not in p for p in result.paragraphs)


@pytest.mark.parametrize(("markup", "hits"), [
    ('<dl class="article-info"><dd class="hits"><span class="icon"></span> Hits: 1,487</dd></dl>', 1487),
    ('<ul class="info"><li class="view_count">Views 87</li></ul>', 87),
    ('<ul class="info"><li class="hit">조회수 512</li></ul>', 512),
    ('<div class="visitor-counter">Visitors: 284,115,902</div>', None),  # the whole site's visits
    ('<div class="hits">1,487</div>', None),  # no label
    ('<p>Views 87</p>', None),  # not an element named as a counter
    # A listing wrapper named "view" is not a counter.
    ('<div class="view view-news"><p>Minister meets delegation. Views 12</p><p>Another item of the listing '
     "with a long text</p></div>", None),
])
def test_clean_generic_hits(profiles: Profiles, markup: str, hits: int | None) -> None:
    html = (f"<html><body><article><h1>T</h1>{markup}<p>The minister met the ambassador of Testland today in "
            "the capital city to discuss cooperation.</p></article><aside><span class='views'>Views 9</span>"
            "</aside></body></html>")
    assert clean(raw(html), profiles).hits == hits


@pytest.mark.parametrize(("text", "expected"), [
    ("Date : 2021-10-22 13:55:32", ("2021-10-22", "13:55:32")),
    ("2016.04.29", ("2016-04-29", None)),
    ("Nov. 2, 2020", ("2020-11-02", None)),
    ("Sept. 30 2019", ("2019-09-30", None)),
    ("3rd of March, 2022", ("2022-03-03", None)),
    ("2021년 10월 22일", ("2021-10-22", None)),
    ("22.11.2021", ("2021-11-22", None)),
    ("2021-02-30", None),
    ("version 1.2.3", None),
])
def test_clean_parse_date(profiles: Profiles, text: str, expected: tuple[str, str | None] | None) -> None:
    found = parse_date(text, profiles)
    assert (found[:2] if found else None) == expected


# --------------------------------------------------------------------------- profiles as data


def copy_sites(tmp_path: Path) -> Path:
    target = tmp_path / "models"
    shutil.copytree(MODELS / "sites", target / "sites")
    return target


@pytest.mark.parametrize(("file", "old", "new"), [
    ("mofa_kr.toml", 'selectors = ["div.board_detail"]', 'selectors = ["div[["]'),
    ("mofa_kr.toml", "'상세보기',", "'(unclosed',"),
    ("mofa_kr.toml", 'publisher = "KOR"', 'publisher = "Korea"'),
    ("mofa_kr.toml", "[match]", "[match]\nhost = []"),
    ("generic.toml", "fallback = true", "fallback = false"),
    ("_common.toml", "[hits]", "[hits"),
])
def test_clean_bad_profiles_raise(tmp_path: Path, file: str, old: str, new: str) -> None:
    models = copy_sites(tmp_path)
    path = models / "sites" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BadPatterns):
        load_profiles(models)


def test_clean_profiles_are_ordered_with_generic_last(profiles: Profiles) -> None:
    orders = [site.order for site in profiles.sites]
    assert orders == sorted(orders)
    assert profiles.generic.name == "generic" and profiles.generic.fallback
    assert {"mofa_kr", "mofa_kr_overseas", "mofa_jp", "state_gov", "gov_uk"} <= {s.name for s in profiles.sites}


def test_clean_new_profile_is_data_only(tmp_path: Path) -> None:
    models = copy_sites(tmp_path)
    (models / "sites" / "testland.toml").write_text(
        'name = "testland"\norder = 60\npublisher = "TST"\n[match]\nhosts = ["mfa.testland.example"]\n'
        '[title]\nselectors = [".headline"]\n[date]\nselectors = [".when"]\n[body]\nselectors = [".story"]\n'
        'drop = [".aside-note"]\ndrop_lines = [\'Distributed by .*\']\n', encoding="utf-8")
    html = ('<html><head><link rel="canonical" href="https://mfa.testland.example/n/1"></head><body>'
            '<div class="headline">Testland news</div><div class="when">On 2023-01-05</div><div class="story">'
            "<p>The minister spoke.</p><div class='aside-note'>Note</div><p>Distributed by MFA</p></div></body></html>")
    result = clean(raw(html), load_profiles(models))
    assert (result.site, result.publisher, result.title, result.published) == (
        "testland", "TST", "Testland news", "2023-01-05")
    assert result.paragraphs == ["The minister spoke."]


# --------------------------------------------------------------------------- speed


def test_clean_speed_typical_page(profiles: Profiles) -> None:
    """A ~30 KB MOFA page (menus, footer, 40 paragraphs) cleans in a few milliseconds."""
    menu = "".join(f'<li><a href="/eng/m_{i}.do">Menu item number {i}</a></li>' for i in range(250))
    body = "".join(f"<p>{i}. The two sides discussed cooperation on item {i} in detail.</p><p>&nbsp;</p>"
                   for i in range(1, 41))
    html = (f'<html><head><title>x</title></head><body><ul class="gnb">{menu}</ul><div class="board_detail">'
            '<div class="bo_head"><h2>Title</h2><ul><li>Date : 2021-10-22 13:55:32</li><li>hit : 820</li></ul>'
            f'</div><div class="bo_con">{body}</div></div><div id="footer">{menu}</div></body></html>')
    assert 25_000 < len(html) < 40_000
    page_ = raw(html)
    clean(page_, profiles)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        result = clean(page_, profiles)
        runs.append(time.perf_counter() - start)
    assert len(result.paragraphs) == 40
    assert sorted(runs)[len(runs) // 2] < 0.05  # measured ~2 ms; generous for slow CI machines


@pytest.mark.parametrize("value,expected", [
    ("Fri, 05 May 2023 10:00:00 GMT", ("2023-05-05", "10:00:00")),
    ("2023-05-05T10:00:00+09:00", ("2023-05-05", "10:00:00")),
    ("May 2023", None),  # no day: never invented
    ("2023", None),
    ("yesterday", None),
    ("", None),
])
def test_clean_machine_date_fallback(value, expected):
    from pipeline.clean import machine_date

    assert machine_date(value) == expected


def test_clean_rfc2822_meta_date_is_published():
    from pipeline.clean import clean, load_profiles
    from pipeline.ingest import RawRelease
    from pipeline.settings import DEFAULT_MODELS_DIR

    html = ("<html><head><title>Talks | Ministry</title>"
            "<meta name='date' content='Fri, 05 May 2023 10:00:00 GMT'></head><body><main>"
            "<h1>Talks</h1><p>The two ministers met and agreed to deepen cooperation in trade.</p>"
            "<p>They also discussed regional issues of common concern at length.</p>"
            "</main></body></html>")
    raw = RawRelease("x", "x.html", "html", html, "utf-8", "0" * 64)
    cleaned = clean(raw, load_profiles(DEFAULT_MODELS_DIR))
    assert cleaned.published == "2023-05-05"
