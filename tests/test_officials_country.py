"""Officials' country in releases that name several countries (SPEC §6, docs/RULES.md)."""

from __future__ import annotations

import pytest

from pipeline.extract.officials import KOREAN_SYLLABLE
from tests.test_components_officials import found, officials


def countries_of(rows):
    return {r.name: r.country for r in rows}


@pytest.mark.parametrize("syllable", ["ah", "oh", "min", "seong", "hwa"])
def test_korean_syllables_include_vowel_h(syllable):
    assert KOREAN_SYLLABLE.match(syllable)


def test_given_name_in_ah_is_korean_not_the_co_chairs_country(nlp):
    _, rows, _ = officials(nlp, [
        "Minister of Foreign Affairs Jung Min-ah co-chaired the meeting with Prime Minister of "
        "Tonga Sione Fifita.",
        "Minister Jung said that Korea will double its assistance.",
    ])
    assert countries_of(rows) == {"Jung Min-ah": "KOR", "Sione Fifita": "TON"}


def test_two_syllable_korean_surname_is_the_publishers_official(nlp):
    _, rows, _ = officials(nlp, [
        "Minister of Foreign Affairs Hwangbo Jin-young held talks with Deputy Prime Minister and "
        "Minister of Foreign Affairs of Viet Nam TRAN Quoc Vinh.",
        "Minister Hwangbo asked for Viet Nam's support.",
    ])
    assert countries_of(rows) == {"Hwangbo Jin-young": "KOR", "TRAN Quoc Vinh": "VNM"}


def test_another_persons_posting_is_not_the_persons_country(nlp):
    # "Japan" belongs to the Korean ambassador's title; the bilateral meeting is with China.
    _, rows, _ = officials(nlp, [
        "Minister Baek held a bilateral meeting with Foreign Minister Gao Wenbo and asked for "
        "China's constructive role. Assistant Minister of Foreign Affairs Jin Hailong and "
        "Ambassador to Japan Choi Dong-woo "
        "also attended.",
    ])
    got = countries_of(rows)
    assert got["Jin Hailong"] == "CHN"
    assert got["Choi Dong-woo"] == "KOR"


def test_possessive_country_in_the_persons_own_clause(nlp):
    _, rows, _ = officials(nlp, [
        "On climate change, Minister for Foreign Affairs Esala Nayacakalou explained Fiji's plans "
        "to relocate coastal villages, while Minister of State Gustav Aitaro asked for Korea's "
        "support for Palau's ocean monitoring programs.",
    ])
    got = countries_of(rows)
    assert got["Esala Nayacakalou"] == "FJI"
    assert got["Gustav Aitaro"] == "PLW"


def test_country_of_a_foreign_official_earlier_in_the_sentence(nlp):
    _, rows, _ = officials(nlp, [
        "First Vice Minister Lim Chae-won received Ambassador of Kenya Peter Mwangi and "
        "Ambassador of Norway Ingrid Haugen.",
        "Ambassador Mwangi conveyed the greetings of Cabinet Secretary Grace Otieno to Vice "
        "Minister Lim.",
    ])
    got = countries_of(rows)
    assert got["Grace Otieno"] == "KEN"
    assert got["Lim Chae-won"] == "KOR"


def test_sentence_set_in_a_foreign_country_or_capital(nlp):
    _, rows, _ = officials(nlp, [
        "External Affairs Minister Arvind Menon visited Singapore and Malaysia.",
        "In Singapore, EAM called on Prime Minister Lim Wei Jie.",
        "In Kuala Lumpur, EAM held talks with Minister of Foreign Affairs Haslina Rahman.",
        "In New Delhi, Prime Minister Ravi Kapoor received the delegation.",
    ], publisher="IND")
    assert countries_of(rows) == {"Arvind Menon": "IND", "Lim Wei Jie": "SGP",
                                  "Haslina Rahman": "MYS", "Ravi Kapoor": "IND"}


def test_the_subject_after_the_place_is_not_of_that_place(nlp):
    _, rows, _ = officials(nlp, [
        "In Tokyo, Special Envoy Margaret Ellison will meet Minister Sato Kenji of Japan.",
    ], publisher="USA")
    assert countries_of(rows)["Margaret Ellison"] == "USA"


def test_visitor_to_the_publishers_country_is_foreign(nlp):
    _, rows, _ = officials(nlp, [
        "Minister for Foreign Affairs MORIYAMA Daisuke held a telephone talk with his Egyptian "
        "counterpart.",
        "The two ministers concurred to continue close communication toward the visit to Japan "
        "by Prime Minister Mostafa Madkour.",
    ], publisher="JPN", title="Japan-Egypt Foreign Ministers' Telephone Talk")
    assert countries_of(rows) == {"MORIYAMA Daisuke": "JPN", "Mostafa Madkour": "EGY"}


def test_visit_of_a_president_to_the_publishers_country_is_foreign(nlp):
    _, rows, _ = officials(nlp, [
        "External Affairs Minister Arvind Menon held talks with the Foreign Minister of Egypt.",
        "They reviewed the partnership established during the State Visit of President Adel "
        "Mansour to India in January 2023.",
    ], publisher="IND", title="India-Egypt Joint Statement")
    assert countries_of(rows)["Adel Mansour"] == "EGY"


def test_visit_of_a_president_elsewhere_says_nothing(nlp):
    # a visit to a third country: the President is not thereby foreign to the publisher
    _, rows, _ = officials(nlp, [
        "The Minister recalled the State Visit of President Ravi Kapoor to Egypt in 2023.",
    ], publisher="IND")
    assert countries_of(rows)["Ravi Kapoor"] == "IND"


def test_country_adjective_inside_the_title(nlp):
    _, rows, _ = officials(nlp, [
        "Mr. MORIYAMA Daisuke, Minister for Foreign Affairs, held a telephone talk with H.E. Dr. "
        "Karim Fawzy, Minister of Foreign Affairs, Emigration and Egyptian Expatriates.",
    ], publisher="JPN")
    fawzy = rows[1]
    assert (fawzy.name, fawzy.title, fawzy.country) == (
        "Karim Fawzy", "Minister of Foreign Affairs, Emigration and Egyptian Expatriates", "EGY")


def test_apposition_list_keeps_each_title_with_its_name(nlp):
    got = found(nlp, "He met Senator the Hon. Claire Penrose, Minister for Foreign Affairs of "
                     "Australia, Dr. Vikram Raghunathan, External Affairs Minister of India, and "
                     "Mr. Daniel Whitcombe, Secretary of State of the United States.")
    assert got == [
        ("Claire Penrose", "Minister for Foreign Affairs", None, "AUS"),
        ("Vikram Raghunathan", "External Affairs Minister", None, "IND"),
        ("Daniel Whitcombe", "Secretary of State", None, "USA"),
    ]


def test_title_and_name_list_is_not_an_apposition(nlp):
    got = found(nlp, "The ambassadors are Ambassador of the Republic of Kenya Peter Kiprono "
                     "Mwangi, Ambassador of the Kingdom of Norway Ingrid Haugen and Ambassador of "
                     "Mongolia Bat-Erdene Gantulga.")
    assert got == [
        ("Peter Kiprono Mwangi", "Ambassador", None, "KEN"),
        ("Ingrid Haugen", "Ambassador", None, "NOR"),
        ("Bat-Erdene Gantulga", "Ambassador", None, "MNG"),
    ]


def test_name_ends_before_in_place(nlp):
    assert found(nlp, "He met Foreign Minister Wu Xiaoming in Beijing.") == [
        ("Wu Xiaoming", "Foreign Minister", None, None)]
