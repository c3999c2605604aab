"""pr_countries and extract_countries: forms, compounds, exclusions, offsets, idempotence."""

from __future__ import annotations

import csv

import pytest

from pipeline.extract import ReleaseContext
from pipeline.extract.countries import extract_countries
from pipeline.gazetteer import build_rows, load_gazetteer
from pipeline.segment import Block
from pipeline.settings import DEFAULT_MODELS_DIR


def _found(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(s.text, s._.iso3, s._.form) for s in doc.spans["country"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six participants came from Mongolia.", [("Mongolia", "MNG", "name")]),
        ("the Republic of Korea hosted it.", [("Republic of Korea", "KOR", "name")]),
        ("He met the United States envoy.", [("United States", "USA", "name")]),
        ("Talks with the U.S. ended.", [("U.S.", "USA", "alias")]),
        ("Talks with the US ended.", [("US", "USA", "alias")]),
        ("ROK and DPRK officials met.", [("ROK", "KOR", "alias"), ("DPRK", "PRK", "alias")]),
        ("the PRC and the UK agreed.", [("PRC", "CHN", "alias"), ("UK", "GBR", "alias")]),
        ("Korea and Japan", [("Korea", "KOR", "alias"), ("Japan", "JPN", "name")]),
        ("North Korea fired a missile.", [("North Korea", "PRK", "name")]),
        ("the North Korean side", [("North Korean", "PRK", "adjective")]),
        ("the Korean government", [("Korean", "KOR", "adjective")]),
        ("The Korean side explained.", [("Korean", "KOR", "adjective")]),
        ("Japanese and Mongolian delegates", [("Japanese", "JPN", "adjective"),
                                              ("Mongolian", "MNG", "adjective")]),
        ("American and British firms", [("American", "USA", "adjective"),
                                        ("British", "GBR", "adjective")]),
        ("Filipino workers and Emirati investors", [("Filipino", "PHL", "adjective"),
                                                    ("Emirati", "ARE", "adjective")]),
        ("KOREA AND JAPAN", [("KOREA", "KOR", "alias"), ("JAPAN", "JPN", "name")]),
        ("Viet Nam and Türkiye", [("Viet Nam", "VNM", "name"), ("Türkiye", "TUR", "name")]),
        ("Côte d’Ivoire", [("Côte d’Ivoire", "CIV", "name")]),
        ("the Democratic People’s Republic of Korea",
         [("Democratic People’s Republic of Korea", "PRK", "name")]),
    ],
)
def test_components_countries_forms(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Korea-Mexico FTA", ["KOR", "MEX"]),
        ("the ROK-US alliance", ["KOR", "USA"]),
        ("the Japan-U.S.-ROK trilateral", ["JPN", "USA", "KOR"]),
        ("the Korea-Japan summit", ["KOR", "JPN"]),
        ("US-ROK ties", ["USA", "KOR"]),
        ("U.S.-Japan ties", ["USA", "JPN"]),
        ("the Korea–China summit", ["KOR", "CHN"]),
        ("Korea·Japan relations", ["KOR", "JPN"]),
        ("Korea\u2010Japan and Korea\u3001China", ["KOR", "JPN", "KOR", "CHN"]),
        ("Sino-US relations", ["CHN", "USA"]),
        ("the Bank of Korea", ["KOR"]),
        ("the United\u00a0 States and New\nZealand", ["USA", "NZL"]),
        ("the Franco-German and Polish-German youth offices", ["FRA", "DEU", "POL", "DEU"]),
        ("The Ambassador of Jordan Mohammad Al-Kayed called on Vice Minister Kim.", ["JOR"]),
        ("Foreign Minister Israel Katz of Israel", ["ISR"]),
        ("the Korea(ROK)-U.S. alliance", ["KOR", "KOR", "USA"]),
        ("ROK/US and U.S./ROK", ["KOR", "USA", "USA", "KOR"]),
        ("KOREA-JAPAN FOREIGN MINISTERS' MEETING", ["KOR", "JPN"]),
    ],
)
def test_components_countries_compounds(nlp, text, expected):
    assert [iso for _, iso, _ in _found(nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cooperation in Northeast Asia and Southeast Asia.",
        "peace on the Korean Peninsula",
        "the Korean Peninsula issue",
        "Latin America and the Middle East",
        "Leaders of Latin American countries",
        "the Indo-Pacific and the Asia-Pacific",
        "The EU, ASEAN, the UN and NATO issued a statement.",
        "He visited Seoul, Beijing and Mexico City.",
        "The next Forum will be held in Port of Spain.",
        "the reefs off New Guinea and the Niger Delta",
        "The North did not respond.",
        "Let us work together for all of us.",
        "Mr. Jordan arrived.",
        "Michael Jordan and Chad Smith arrived.",
        "inter-Korean dialogue",
        "the South China Sea",
        "peace and stability across the Taiwan Strait",
        "Chancellor Georgia met Ms. Chad.",
        "Foreign Minister Israel Katz arrived.",
        "He will provide five million US dollars.",
        "Mr.\u00a0 Jordan arrived.",
    ],
)
def test_components_countries_not_countries(nlp, text):
    assert _found(nlp, text) == []


def test_components_countries_twice_same(nlp):
    doc = nlp("The ROK-US alliance and the Korean Peninsula.")
    first = [(s.start, s.end, s.label_, s._.rule_id) for s in doc.spans["country"]]
    doc = nlp.get_pipe("pr_countries")(doc)
    second = [(s.start, s.end, s.label_, s._.rule_id) for s in doc.spans["country"]]
    assert first == second and len(first) == 2


def _context(nlp, texts: list[str]) -> ReleaseContext:
    blocks = [Block(f"{i + 1}.0", i + 1, 0, None, True, t) for i, t in enumerate(texts)]
    docs = list(nlp.pipe(b.text for b in blocks))
    return ReleaseContext("t", None, None, "KOR", "test", blocks, docs)


def test_extract_countries_offsets_exact(nlp):
    texts = ["The Korea-Mexico FTA was signed.", "Japan-U.S.-ROK talks on the Korean side."]
    ctx = _context(nlp, texts)
    rows = extract_countries(ctx)
    assert [(r.block_id, r.text, r.iso3) for r in rows] == [
        ("1.0", "Korea", "KOR"), ("1.0", "Mexico", "MEX"), ("2.0", "Japan", "JPN"),
        ("2.0", "U.S.", "USA"), ("2.0", "ROK", "KOR"), ("2.0", "Korean", "KOR"),
    ]
    for row in rows:
        assert texts[int(row.block_id[0]) - 1][row.start:row.end] == row.text
        assert row.rule_id and row.country


def test_extract_countries_seed_set(seed_context, seed_gold):
    rows = extract_countries(seed_context)
    assert {r.iso3 for r in rows} == set(seed_gold["countries"])
    for row in rows:
        block = next(b for b in seed_context.blocks if b.block_id == row.block_id)
        assert block.text[row.start:row.end] == row.text


def test_gazetteer_file_is_current():
    with (DEFAULT_MODELS_DIR / "countries.csv").open(encoding="utf-8") as fh:
        on_disk = [tuple(r.values()) for r in csv.DictReader(fh)]
    assert on_disk == [(e.pattern, e.iso3, e.form, e.id, e.country) for e in build_rows()]
    assert len(load_gazetteer()) == len(on_disk)


@pytest.mark.parametrize(("pattern", "iso3"), [
    ("United States", "USA"), ("Korea", "KOR"), ("Republic of Korea", "KOR"), ("Iran", "IRN"),
    ("Bolivia", "BOL"), ("Tanzania", "TZA"), ("Moldova", "MDA"), ("Laos", "LAO"),
])
def test_gazetteer_exact_lookups(pattern, iso3):
    assert {e.iso3 for e in load_gazetteer() if e.pattern == pattern} == {iso3}


def test_components_countries_blank_pipeline_own_models_dir(tmp_path):
    import spacy

    import pipeline.components  # noqa: F401  (registers the factory)

    (tmp_path / "countries.csv").write_text(
        "pattern,iso3,form,id,country\nKorea,KOR,alias,k1,South Korea\n"
        "Korean,KOR,adjective,k2,South Korea\n", encoding="utf-8")
    (tmp_path / "country_stoplist.csv").write_text(
        "pattern,kind,note\nKorean Peninsula,phrase,\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("pr_countries", config={"models_dir": str(tmp_path)})
    doc = nlp("Korea and the KOREAN PENINSULA and the Korean side")
    assert [(s.text, s.label_, s._.rule_id) for s in doc.spans["country"]] == [
        ("Korea", "KOR", "k1"), ("Korean", "KOR", "k2")]


def test_gazetteer_missing_file_is_bad_patterns(tmp_path):
    from pipeline.errors import BadPatterns
    from pipeline.gazetteer import load_gazetteer as load

    with pytest.raises(BadPatterns):
        load(str(tmp_path))


@pytest.mark.parametrize(("text", "iso3"), [
    ("the Republic of Poland", "POL"), ("the United States", "USA"), ("KOREA", "KOR"),
    ("Northeast Asia", None), ("us", None), ("the Virgin Islands", None),
])
def test_gazetteer_lookup_country(text, iso3):
    from pipeline.gazetteer import lookup_country

    entry = lookup_country(text)
    assert (entry.iso3 if entry else None) == iso3
